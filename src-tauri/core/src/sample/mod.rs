//! Deterministic sample data: a realistic ledger — dispatching organisations, batches, experts, enterprises and
//! their contacts, pairings, visits, needs with their stage history and matched experts, and service records with
//! outcomes — made from a seed, for demos, tests and the benchmarks of PRODUCT.md. `ledger-cli sample` calls
//! [`generate`].
//!
//! The same seed, scale and as-of day give the same database content, ids included: ids, dates and timestamps
//! derive from the seed and the three years that end on the as-of day (`calendar`), never from the clock. Another
//! as-of day gives the same records with every date, timestamp and id time moved by the same number of days; as of
//! 2025-12-31 the period is 2023-01-01 ..= 2025-12-31, the sample's fixed period before the as-of day existed (the
//! tests, the benchmarks and their cached file rely on that sample). Everything is written in one transaction, so a
//! failure leaves the database as it was.
//!
//! The audit log gets one summary entry (action `import`, entity `sample`, the seed, scale and row counts) rather
//! than one per row: it tells whoever opens the file that its records are generated, without doubling the size of a
//! bulk generation.
//!
//! Files: `vocab` holds the word lists; the steps are `roster` (organisations, batches, experts), `firms`
//! (enterprises, contacts), `fieldwork` (assignments, visits), `needs` and `records` (service records, with their
//! 服务对象评价 from `evaluations`, drawn from a generator of their own);
//! `calendar`, `ids`, `dice`, `people` and `text` are their tools.

mod calendar;
mod dice;
mod evaluations;
mod fieldwork;
mod firms;
mod ids;
mod needs;
mod people;
mod records;
mod roster;
mod text;
mod vocab;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

pub use self::calendar::FIXED_AS_OF;

use self::calendar::{Calendar, CLOSING_MS, LAST};
use self::dice::Dice;
use self::firms::FirmRef;
use self::ids::IdGen;
use self::roster::{BatchRef, ExpertRef, OrgRef};
use crate::error::{CoreError, Result};
use crate::storage::db::Database;
use crate::validate::date;

/// How much sample data to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About 50 experts, 300 enterprises, 600 visits, 200 needs and 3,000 service records: quick, for demos and
    /// tests.
    Small,
    /// 1,000 experts, 100,000 enterprises, 50,000 visits, 20,000 needs and 1,000,000 service records: the
    /// benchmark scale of PRODUCT.md.
    Large,
}

impl Scale {
    /// `"small"` or `"large"`.
    pub fn parse(s: &str) -> Option<Scale> {
        match s {
            "small" => Some(Scale::Small),
            "large" => Some(Scale::Large),
            _ => None,
        }
    }

    /// The name `parse` reads.
    pub fn as_str(self) -> &'static str {
        match self {
            Scale::Small => "small",
            Scale::Large => "large",
        }
    }

    fn plan(self) -> Plan {
        match self {
            Scale::Small => Plan {
                organizations: 30,
                experts: 50,
                enterprises: 300,
                second_contact_share: 0.5,
                visits: 600,
                needs: 200,
                service_records: 3_000,
            },
            Scale::Large => Plan {
                organizations: vocab::ORGANIZATIONS.len(),
                experts: 1_000,
                enterprises: 100_000,
                second_contact_share: 0.3,
                visits: 50_000,
                needs: 20_000,
                service_records: 1_000_000,
            },
        }
    }
}

/// What was generated (row counts per table), serialisable for `--json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SampleSummary {
    /// Dispatching organisations (派出单位).
    pub organizations: u64,
    /// Batches (批次).
    pub batches: u64,
    /// Experts (科技专员).
    pub experts: u64,
    /// Enterprises (服务企业).
    pub enterprises: u64,
    /// Enterprise contacts.
    pub contacts: u64,
    /// Expert–enterprise pairings (派驻/结对).
    pub assignments: u64,
    /// Visits (走访).
    pub visits: u64,
    /// Participations of experts in visits.
    pub visit_experts: u64,
    /// Technical needs (技术需求).
    pub needs: u64,
    /// Stage changes of needs.
    pub need_stage_events: u64,
    /// Experts matched to needs.
    pub need_matches: u64,
    /// Service records (服务记录).
    pub service_records: u64,
}

/// The sizes of one scale.
struct Plan {
    organizations: usize,
    experts: usize,
    enterprises: usize,
    second_contact_share: f64,
    visits: usize,
    needs: usize,
    service_records: u64,
}

/// The sources every step draws from: random draws, ids and the calendar.
struct Gen {
    dice: Dice,
    ids: IdGen,
    cal: Calendar,
}

/// The rows later steps refer to, with indices for choosing fitting partners.
struct World {
    orgs: Vec<OrgRef>,
    batches: Vec<BatchRef>,
    experts: Vec<ExpertRef>,
    firms: Vec<FirmRef>,
    /// Expert indices by discipline.
    experts_by_disc: Vec<Vec<u16>>,
    /// Enterprise indices by discipline.
    firms_by_disc: Vec<Vec<u32>>,
}

impl World {
    fn new(orgs: Vec<OrgRef>, batches: Vec<BatchRef>, experts: Vec<ExpertRef>, firms: Vec<FirmRef>) -> Self {
        let mut experts_by_disc = vec![Vec::new(); vocab::DISCIPLINES.len()];
        for (i, e) in experts.iter().enumerate() {
            experts_by_disc[usize::from(e.disc)].push(i as u16);
        }
        let mut firms_by_disc = vec![Vec::new(); vocab::DISCIPLINES.len()];
        for (i, f) in firms.iter().enumerate() {
            firms_by_disc[usize::from(f.disc)].push(i as u32);
        }
        Self { orgs, batches, experts, firms, experts_by_disc, firms_by_disc }
    }
}

/// The page cache of a generation, in KiB: big enough to keep the pages the bulk load revisits (index leaves, the
/// parents of foreign keys) in memory. The connection's own setting is restored afterwards.
const BULK_CACHE_KIB: i64 = 32 * 1024;

/// Fills an (empty, migrated) database with the sample of `seed` at `scale` whose three years end on `as_of`
/// ([`FIXED_AS_OF`] for the fixed sample, [`as_of_day`] for a day given as text or today), in one write transaction.
/// Refuses a database that already holds experts, enterprises, organisations or batches (a validation error on field
/// `db`; nothing is written), and an as-of day before 2000 (field `asOf`).
pub fn generate(db: &Database, seed: u64, scale: Scale, as_of: NaiveDate) -> Result<SampleSummary> {
    check_as_of(as_of)?;
    db.write(|tx| {
        refuse_if_not_empty(tx)?;
        fill_in_bulk(tx, seed, scale, as_of)
    })
}

/// [`generate`] into a database that holds nothing yet, else nothing at all (`None`): the demo ledger, filled on its
/// first use and kept as it is afterwards.
pub fn generate_if_empty(db: &Database, seed: u64, scale: Scale, as_of: NaiveDate) -> Result<Option<SampleSummary>> {
    check_as_of(as_of)?;
    db.write(|tx| if holds_data(tx)? { Ok(None) } else { fill_in_bulk(tx, seed, scale, as_of).map(Some) })
}

/// [`fill`] with the bulk page cache.
fn fill_in_bulk(tx: &Transaction<'_>, seed: u64, scale: Scale, as_of: NaiveDate) -> Result<SampleSummary> {
    let cache_size: i64 = tx.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    tx.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
    let filled = fill(tx, seed, scale, as_of);
    tx.pragma_update(None, "cache_size", cache_size)?;
    filled
}

fn fill(tx: &Transaction<'_>, seed: u64, scale: Scale, as_of: NaiveDate) -> Result<SampleSummary> {
    let plan = scale.plan();
    let cal = Calendar::new(as_of);
    let mut g = Gen { dice: Dice::new(seed), ids: IdGen::new(seed, cal.shift_days()), cal };
    let orgs = roster::organizations(tx, &mut g, plan.organizations)?;
    let batches = roster::batches(tx, &mut g)?;
    let experts = roster::experts(tx, &mut g, &orgs, &batches, plan.experts)?;
    let firms = firms::enterprises(tx, &mut g, plan.enterprises)?;
    let contacts = firms::contacts(tx, &mut g, &firms, plan.second_contact_share)?;
    let w = World::new(orgs, batches, experts, firms);
    let pairing = fieldwork::assignments(tx, &mut g, &w)?;
    let visits = fieldwork::visits(tx, &mut g, &w, &pairing, plan.visits)?;
    let needs = needs::needs(tx, &mut g, &w, &pairing, &visits, plan.needs)?;
    let mut evaluations = evaluations::Evaluations::new(tx, seed)?;
    let records = records::service_records(
        tx,
        &mut g,
        &w,
        &pairing,
        &visits,
        &needs.links,
        plan.service_records,
        &mut evaluations,
    )?;
    let summary = SampleSummary {
        organizations: w.orgs.len() as u64,
        batches: w.batches.len() as u64,
        experts: w.experts.len() as u64,
        enterprises: w.firms.len() as u64,
        contacts,
        assignments: pairing.count,
        visits: visits.list.len() as u64,
        visit_experts: visits.participations,
        needs: needs.count,
        need_stage_events: needs.events,
        need_matches: needs.matches,
        service_records: records,
    };
    record_in_audit_log(tx, &mut g, seed, scale, &summary)?;
    Ok(summary)
}

/// The as-of day of `raw` (`YYYY-MM-DD`), or `today` when none is given: a real day between 2000-01-01 and five
/// years after `today` (the forms' plausible range). A validation error on field `asOf` otherwise. `today` comes from
/// the caller's clock ([`crate::Clock::today`]); nothing here reads one.
pub fn as_of_day(raw: Option<&str>, today: NaiveDate) -> Result<NaiveDate> {
    let Some(raw) = raw else { return Ok(today) };
    let day = date::parse_plausible_day(raw, today).map_err(|e| CoreError::field("asOf", e.zh, e.en))?;
    check_as_of(day)?;
    Ok(day)
}

/// An as-of day the generator can place three years before: in 2000 or later (and before the year 9999).
fn check_as_of(as_of: NaiveDate) -> Result<()> {
    if (2000..9999).contains(&as_of.year()) {
        return Ok(());
    }
    Err(CoreError::field(
        "asOf",
        format!("示例数据的截止日期 {as_of} 超出范围（应在 2000 年以后）"),
        format!("the sample's as-of day {as_of} is out of range (it must be in 2000 or later)"),
    ))
}

/// Whether the database holds experts, enterprises, organisations or batches.
fn holds_data(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM experts) OR EXISTS (SELECT 1 FROM enterprises)
             OR EXISTS (SELECT 1 FROM organizations) OR EXISTS (SELECT 1 FROM batches)",
        [],
        |r| r.get(0),
    )?)
}

fn refuse_if_not_empty(conn: &Connection) -> Result<()> {
    if holds_data(conn)? {
        return Err(CoreError::field(
            "db",
            "数据库中已有数据（专员、企业、派出单位或批次），示例数据只能生成到空数据库中",
            "The database already holds data (experts, enterprises, organisations or batches); sample data can only \
             be generated into an empty database",
        ));
    }
    Ok(())
}

/// The one audit entry of a generation, stamped on the as-of day.
fn record_in_audit_log(
    tx: &Transaction<'_>,
    g: &mut Gen,
    seed: u64,
    scale: Scale,
    summary: &SampleSummary,
) -> Result<()> {
    let after = serde_json::json!({ "seed": seed, "scale": scale.as_str(), "counts": summary });
    tx.execute(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json)
         VALUES (?1, ?2, 'sample', 'import', 'sample', ?3, NULL, ?4)",
        params![
            g.ids.next_id(),
            g.cal.stamp(LAST, CLOSING_MS),
            format!("{}:{seed}", scale.as_str()),
            after.to_string()
        ],
    )?;
    Ok(())
}
