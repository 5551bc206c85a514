//! Service records (服务记录) with their outcomes (成效): the bulk of the sample.

use std::fmt::Write;

use rusqlite::{params, Transaction};

use super::calendar::{later, Day, LAST};
use super::evaluations::Evaluations;
use super::fieldwork::{Pairing, Visits};
use super::needs::Link;
use super::text::{push_wan, render, Slots};
use super::vocab::{DISCIPLINES, PLAIN_OUTCOMES, PROBLEMS, SERVICE_CONTENTS};
use super::{Gen, World};
use crate::error::Result;
use crate::model::ServiceType;

/// Weights of the service types of records not tied to a need, in the order of [`ServiceType::ALL`].
const TYPE_WEIGHTS: [u32; 8] = [35, 15, 8, 7, 12, 8, 10, 5];
/// Lengths of a service period in days, and their weights.
const LENGTHS: [u32; 5] = [1, 2, 3, 5, 7];
const LENGTH_WEIGHTS: [u32; 5] = [55, 20, 12, 8, 5];

/// A record to be written: its start day, expert (index) and the expert's link it serves, if any.
struct Planned {
    day: Day,
    expert: u16,
    link: u32,
}

/// [`Planned::link`] of a record not tied to a need.
const NO_LINK: u32 = u32::MAX;

/// The figures of one record (fen for money).
#[derive(Default)]
struct Outcome {
    contract: i64,
    investment: i64,
    policy_funds: i64,
    cost_saved: i64,
    output_value: i64,
    profit_tax: i64,
    patents: i64,
    new_products: i64,
    new_technologies: i64,
    people_trained: i64,
    needs_solved: i64,
}

/// Inserts `total` service records (or the needs' linked ones alone if they exceed it): each expert's linked
/// records plus a share of the rest proportional to a workload factor times the length of their service period.
/// Records not tied to a need go mostly to the expert's paired or visited enterprises. They are written in date
/// order, so ids follow the dates.
///
/// The table's secondary indexes and triggers are dropped for the bulk insert and made again from their own SQL
/// afterwards, in the same transaction, and what the triggers maintain (the per-day totals, the content search
/// index) is rebuilt from the finished table: building an index from the finished table is several times faster
/// than a million insertions at random places, and the schema ends up exactly as it was.
#[allow(clippy::too_many_arguments)]
pub fn service_records(
    tx: &Transaction<'_>,
    g: &mut Gen,
    w: &World,
    pairing: &Pairing,
    visits: &Visits,
    links: &[Vec<Link>],
    total: u64,
    evaluations: &mut Evaluations,
) -> Result<u64> {
    let remake = drop_secondary_schema(tx, "service_records")?;
    let linked: u64 = links.iter().map(|l| l.len() as u64).sum();
    let free = total.saturating_sub(linked);
    let weights: Vec<u64> =
        w.experts.iter().map(|e| u64::from(g.dice.range(50, 150)) * (u64::from(e.end - e.start) + 1)).collect();
    let weight_sum: u64 = weights.iter().sum();
    let mut quotas: Vec<u64> = weights.iter().map(|x| free * x / weight_sum).collect();
    let rest = free - quotas.iter().sum::<u64>();
    for q in quotas.iter_mut().take(rest as usize) {
        *q += 1;
    }

    let mut stmt = tx.prepare_cached(
        "INSERT INTO service_records (id, expert_id, enterprise_id, need_id, start_date, end_date, service_days,
             service_type, content, outcome_summary, contract_amount_fen, investment_fen, policy_funds_fen,
             cost_saved_fen, output_value_fen, profit_tax_fen, patents, new_products, new_technologies,
             people_trained, needs_solved, created_at, updated_at, revision, satisfaction, evaluator, evaluated_on,
             evaluation_opinion)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
             ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
    )?;
    let mut plan: Vec<Planned> = Vec::with_capacity((linked + free) as usize);
    for (e, expert) in w.experts.iter().enumerate() {
        for (k, l) in links[e].iter().enumerate() {
            plan.push(Planned { day: g.dice.day(l.lo, l.hi), expert: e as u16, link: k as u32 });
        }
        for _ in 0..quotas[e] {
            plan.push(Planned { day: g.dice.day(expert.start, expert.end), expert: e as u16, link: NO_LINK });
        }
    }
    plan.sort_by_key(|p| (p.day, p.expert));

    let (mut content, mut summary) = (String::with_capacity(128), String::with_capacity(128));
    let mut count = 0;
    for &Planned { day: start, expert: e, link } in &plan {
        let e = usize::from(e);
        let expert = &w.experts[e];
        let (firm, need, service, closes, hi) = if link == NO_LINK {
            let r = g.dice.range(0, 99);
            let seen = &visits.by_expert[e];
            let firm = if r < 65 {
                g.dice.pick(&pairing.by_expert[e])
            } else if r < 90 && !seen.is_empty() {
                g.dice.pick(seen)
            } else {
                g.dice.below(w.firms.len()) as u32
            };
            (firm, None, ServiceType::ALL[g.dice.weighted(&TYPE_WEIGHTS)], false, expert.end)
        } else {
            let l = &links[e][link as usize];
            (l.firm, Some(l.need), l.service, l.closes, l.hi)
        };
        let end = later(start, LENGTHS[g.dice.weighted(&LENGTH_WEIGHTS)] - 1).min(hi);
        let span = u32::from(end - start) + 1;
        let days = if span == 1 {
            if g.dice.chance(0.2) {
                0.5
            } else {
                1.0
            }
        } else {
            f64::from(g.dice.range(2, 2 * span)) / 2.0
        };

        let firm_ref = &w.firms[firm as usize];
        let disc = &DISCIPLINES[usize::from(firm_ref.disc)];
        let mut slots = Slots {
            product: disc.products[usize::from(firm_ref.product)],
            topic: g.dice.pick(disc.specialties),
            problem: g.dice.pick(PROBLEMS),
            org: "",
            number: 0,
        };
        let type_index = ServiceType::ALL.iter().position(|s| *s == service).expect("a service type");
        content.clear();
        render(&mut content, g.dice.pick(SERVICE_CONTENTS[type_index]), &slots);
        let outcome = outcome_of(g, service, closes);
        summary.clear();
        describe(&mut summary, &outcome);
        if summary.is_empty() && g.dice.chance(0.4) {
            slots.number = g.dice.range(2, 6);
            render(&mut summary, g.dice.pick(PLAIN_OUTCOMES), &slots);
        }
        let created_day = later(end, g.dice.range(0, 5));
        let created = g.cal.stamp(created_day, g.dice.office_ms());
        let (updated, revision) = if created_day < LAST && g.dice.chance(0.1) {
            (g.cal.stamp(g.dice.day(created_day + 1, later(created_day, 60)), g.dice.office_ms()), 2)
        } else {
            (created, 1)
        };
        let evaluation = evaluations.draw(firm_ref.id.as_str(), end, created_day);
        let evaluation = evaluation.as_ref();
        stmt.execute(params![
            g.ids.next_id(),
            expert.id,
            firm_ref.id,
            need,
            g.cal.date(start),
            g.cal.date(end),
            days,
            service,
            content,
            (!summary.is_empty()).then_some(summary.as_str()),
            outcome.contract,
            outcome.investment,
            outcome.policy_funds,
            outcome.cost_saved,
            outcome.output_value,
            outcome.profit_tax,
            outcome.patents,
            outcome.new_products,
            outcome.new_technologies,
            outcome.people_trained,
            outcome.needs_solved,
            created,
            updated,
            revision,
            evaluation.map(|v| v.satisfaction),
            evaluation.and_then(|v| v.evaluator.as_deref()),
            evaluation.map(|v| g.cal.date(v.evaluated_on)),
            evaluation.and_then(|v| v.opinion),
        ])?;
        count += 1;
    }
    for sql in &remake {
        tx.execute_batch(sql)?;
    }
    crate::fieldwork::service_records::rebuild_derived(tx)?;
    Ok(count)
}

/// Drops the secondary indexes and triggers of `table`; returns the SQL that makes them again, in their order.
fn drop_secondary_schema(tx: &Transaction<'_>, table: &str) -> Result<Vec<String>> {
    let schema: Vec<(String, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT type, name, sql FROM sqlite_master
             WHERE type IN ('index', 'trigger') AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY rowid",
        )?;
        let rows = stmt.query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (kind, name, _) in &schema {
        tx.execute_batch(&format!("DROP {kind} \"{name}\""))?;
    }
    Ok(schema.into_iter().map(|(_, _, sql)| sql).collect())
}

/// An amount between `lo` and `hi` tenths of 万元, in fen.
fn wan_tenths(g: &mut Gen, lo: u32, hi: u32) -> i64 {
    i64::from(g.dice.range(lo, hi)) * 100_000
}

/// The figures of a record of this type: mostly zero, now and then a plausible amount or count.
fn outcome_of(g: &mut Gen, service: ServiceType, closes: bool) -> Outcome {
    let mut o = Outcome { needs_solved: i64::from(closes), ..Outcome::default() };
    let count =
        |g: &mut Gen, p: f64, lo: u32, hi: u32| if g.dice.chance(p) { i64::from(g.dice.range(lo, hi)) } else { 0 };
    match service {
        ServiceType::Consulting => {
            if g.dice.chance(0.15) {
                o.cost_saved = wan_tenths(g, 20, 500);
            }
            o.new_technologies = count(g, 0.05, 1, 1);
        }
        ServiceType::TechBreakthrough => {
            o.patents = count(g, 0.35, 1, 3);
            o.new_technologies = count(g, 0.3, 1, 2);
            o.new_products = count(g, 0.2, 1, 1);
            if g.dice.chance(0.25) {
                o.cost_saved = wan_tenths(g, 50, 1000);
            }
            if g.dice.chance(0.2) {
                o.output_value = wan_tenths(g, 500, 10_000);
                o.profit_tax = o.output_value * i64::from(g.dice.range(8, 15)) / 100;
            }
        }
        ServiceType::ResultTransfer => {
            if g.dice.chance(0.55) {
                o.contract = wan_tenths(g, 100, 3000);
            }
            o.patents = count(g, 0.2, 1, 2);
            o.new_products = count(g, 0.2, 1, 1);
            if g.dice.chance(0.15) {
                o.investment = wan_tenths(g, 500, 20_000);
            }
        }
        ServiceType::TalentTraining => o.people_trained = count(g, 0.8, 3, 30),
        ServiceType::ProjectApplication => {
            if g.dice.chance(0.45) {
                o.policy_funds = wan_tenths(g, 50, 2000);
            }
        }
        ServiceType::PolicyBriefing => o.people_trained = count(g, 0.6, 10, 120),
        ServiceType::Training => o.people_trained = count(g, 0.9, 15, 150),
        ServiceType::Other => o.new_technologies = count(g, 0.05, 1, 1),
    }
    o
}

/// Writes the figures as a Chinese summary (签订技术合同45.00万元，培训30人次); nothing when all are zero.
fn describe(out: &mut String, o: &Outcome) {
    let money = [
        ("签订技术合同", o.contract),
        ("带动企业投资", o.investment),
        ("争取政策资金", o.policy_funds),
        ("为企业降本", o.cost_saved),
        ("新增产值", o.output_value),
        ("新增利税", o.profit_tax),
    ];
    for (label, fen) in money.into_iter().filter(|(_, fen)| *fen > 0) {
        separate(out);
        out.push_str(label);
        push_wan(out, fen);
        out.push_str("万元");
    }
    let counts = [
        ("申请专利", o.patents, "项"),
        ("开发新产品", o.new_products, "个"),
        ("推广新技术", o.new_technologies, "项"),
        ("培训", o.people_trained, "人次"),
        ("解决企业技术需求", o.needs_solved, "项"),
    ];
    for (label, n, unit) in counts.into_iter().filter(|(_, n, _)| *n > 0) {
        separate(out);
        write!(out, "{label}{n}{unit}").expect("write to String");
    }
}

fn separate(out: &mut String) {
    if !out.is_empty() {
        out.push('，');
    }
}
