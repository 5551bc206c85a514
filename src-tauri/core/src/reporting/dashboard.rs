//! 工作台 (the home page), as of a given day, read in one snapshot so the figures agree with each other.
//!
//! Definitions:
//! - **Follow-ups**: the one rule of `fieldwork/follow_ups.rs` (pending: neither answered by a later live visit to
//!   the same enterprise nor closed with a note), which the visit list's filter uses too, in its windows:
//!   - **due this week**: from today through the Sunday of today's ISO week (Monday–Sunday; on a Sunday that is
//!     today alone), soonest first;
//!   - **overdue**: before today, most recently due first (the freshest slips are the ones still worth chasing; the
//!     total shows the whole backlog).
//! - **No progress**: a need in an open stage (挖掘/凝练/对接/解决中; not 搁置, which is parked on purpose) whose last
//!   stage change is [`STALE_DAYS`] or more days before today (exactly 30 days counts), longest idle first.
//! - **No service this month**: experts with status 在岗 (active) and no live service record starting in today's
//!   calendar month (the rule of `registry::experts::unserved`, which the expert list's filter uses too); those who
//!   never served first, then by their latest record's start date, oldest first.
//! - **Months**: calendar months, this one as a whole (entries dated later this month count) against the previous
//!   one: visits dated in the month, service records starting in it and their days, and needs with a stage change
//!   to 已解决 dated in it (each need once, not counting needs in the recycle bin).
//!
//! The queries use migration 0007's indexes and the per-day service totals, so on the large sample (50,000 visits,
//! 20,000 needs, 1,000,000 service records) the whole page is read in a few milliseconds.

use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::{Connection, Row};

use crate::error::Result;
use crate::fieldwork::follow_ups::{self, PENDING};
use crate::model::{Dashboard, FollowUpFilter, FollowUpItem, IdleExpertItem, MonthFigures, Page, StaleNeedItem};
use crate::registry::experts;
use crate::storage::db;
use crate::Ledger;

/// How many items each list of the home page holds (its total counts them all).
pub const DASHBOARD_ITEMS: u32 = 20;

/// Days without a stage change after which an open need shows as having no progress.
pub const STALE_DAYS: u64 = 30;

fn page<T>(items: Vec<T>, total: u32) -> Page<T> {
    Page { items, total, page: 1, page_size: DASHBOARD_ITEMS }
}

/// The pending follow-ups due before `today` (overdue) and from `today` through `week_end` (due). The unary `+`
/// keeps the planner off the follow-up-date index: the count walks `visits_live_enterprise_date` in enterprise
/// order instead, so each "later visit" probe finds the page it needs already read (migrations 0007 and 0014).
fn follow_up_counts(conn: &Connection, today: &str, week_end: &str) -> Result<(u32, u32)> {
    let sql = format!(
        "SELECT COUNT(*) FILTER (WHERE v.follow_up_date < ?1), COUNT(*) FILTER (WHERE v.follow_up_date >= ?1)
         FROM visits v WHERE v.deleted_at IS NULL AND +v.follow_up_date <= ?2 AND {PENDING}"
    );
    Ok(conn.prepare_cached(&sql)?.query_row([today, week_end], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

fn follow_up_from_row(r: &Row<'_>) -> rusqlite::Result<FollowUpItem> {
    Ok(FollowUpItem {
        visit_id: r.get(0)?,
        visit_date: r.get(1)?,
        follow_up_date: r.get(2)?,
        enterprise_id: r.get(3)?,
        enterprise_name: r.get(4)?,
        expert_names: db::json_column(r, 5)?,
        purpose: r.get(6)?,
        next_step: r.get(7)?,
    })
}

/// The first pending follow-ups due from `from` through `to`, in follow-up date order (`newest_first` or not).
fn follow_up_items(conn: &Connection, from: &str, to: &str, newest_first: bool) -> Result<Vec<FollowUpItem>> {
    let order = if newest_first { "DESC" } else { "ASC" };
    let sql = format!(
        "WITH due AS (
             SELECT v.id, v.follow_up_date, v.visit_date FROM visits v
             WHERE v.follow_up_date >= ?1 AND v.follow_up_date <= ?2 AND v.deleted_at IS NULL AND {PENDING}
             ORDER BY v.follow_up_date {order}, v.visit_date {order}, v.id {order} LIMIT {DASHBOARD_ITEMS}
         )
         SELECT v.id, v.visit_date, v.follow_up_date, v.enterprise_id, en.name,
                (SELECT json_group_array(name) FROM
                    (SELECT x.name FROM visit_experts vx JOIN experts x ON x.id = vx.expert_id
                     WHERE vx.visit_id = v.id ORDER BY x.name, x.id)),
                v.purpose, v.next_step
         FROM due JOIN visits v ON v.id = due.id JOIN enterprises en ON en.id = v.enterprise_id
         ORDER BY due.follow_up_date {order}, due.visit_date {order}, due.id {order}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = db::read_rows(&mut stmt, [from, to], follow_up_from_row)?;
    Ok(items)
}

/// Live needs in an open stage whose last stage change is on or before `?1`. The unary `+` leaves the stage to be
/// tested on the entries of `needs_live_changed` (migrations 0006 and 0007), which holds it, rather than seeking `needs_stage`
/// and reading every row for its deleted_at.
const STALE_NEEDS: &str = "n.deleted_at IS NULL AND +n.stage IN ('discovered', 'refined', 'matched', 'solving')
    AND n.stage_changed_on <= ?1";

/// Open needs whose last stage change is on or before `cutoff`, longest idle first.
fn stale_needs(conn: &Connection, cutoff: NaiveDate, today: NaiveDate) -> Result<Page<StaleNeedItem>> {
    let cutoff = cutoff.to_string();
    let total: u32 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM needs n WHERE {STALE_NEEDS}"))?
        .query_row([&cutoff], |r| r.get(0))?;
    let sql = format!(
        "SELECT n.id, n.title, n.enterprise_id, en.name, n.stage, n.stage_changed_on
         FROM needs n JOIN enterprises en ON en.id = n.enterprise_id
         WHERE {STALE_NEEDS}
         ORDER BY n.stage_changed_on, n.id LIMIT {DASHBOARD_ITEMS}"
    );
    let items = conn
        .prepare_cached(&sql)?
        .query_map([&cutoff], |r| {
            let changed: String = r.get(5)?;
            let idle_days = NaiveDate::parse_from_str(&changed, "%Y-%m-%d")
                .map(|d| (today - d).num_days().max(0) as u32)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(e)))?;
            Ok(StaleNeedItem {
                need_id: r.get(0)?,
                title: r.get(1)?,
                enterprise_id: r.get(2)?,
                enterprise_name: r.get(3)?,
                stage: r.get(4)?,
                stage_changed_on: changed,
                idle_days,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(page(items, total))
}

/// 本月未服务 as of `today` (the rule of [`experts::unserved`], which the expert list's filter uses too).
fn idle_experts(conn: &Connection, today: NaiveDate) -> Result<Page<IdleExpertItem>> {
    let (month_start, next_month) = experts::month_of(today);
    let bounds = [month_start.as_str(), next_month.as_str()];
    let idle = format!(
        "idle AS (SELECT e.id, e.name, e.organization_id FROM experts e WHERE e.deleted_at IS NULL AND {})",
        experts::unserved(1)
    );
    let total: u32 =
        conn.prepare_cached(&format!("WITH {idle} SELECT COUNT(*) FROM idle"))?.query_row(bounds, |r| r.get(0))?;
    let sql = format!(
        "WITH {idle}, last AS (
             SELECT i.id, i.name, i.organization_id,
                    (SELECT s.start_date FROM service_records s WHERE s.expert_id = i.id AND s.deleted_at IS NULL
                     ORDER BY s.start_date DESC LIMIT 1) AS last_date
             FROM idle i
         )
         SELECT l.id, l.name, o.name, l.last_date FROM last l LEFT JOIN organizations o ON o.id = l.organization_id
         ORDER BY l.last_date IS NOT NULL, l.last_date, l.name, l.id LIMIT {DASHBOARD_ITEMS}"
    );
    let items = conn
        .prepare_cached(&sql)?
        .query_map(bounds, |r| {
            Ok(IdleExpertItem {
                expert_id: r.get(0)?,
                name: r.get(1)?,
                organization_name: r.get(2)?,
                last_service_date: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(page(items, total))
}

/// The figures of `[last_start, this_start)` and `[this_start, next_start)`, each query run once over both months.
fn months(conn: &Connection, last_start: NaiveDate, this_start: NaiveDate) -> Result<(MonthFigures, MonthFigures)> {
    let next_start = this_start + Months::new(1);
    let (last, this, next) = (last_start.to_string(), this_start.to_string(), next_start.to_string());
    let bounds = [last.as_str(), this.as_str(), next.as_str()];
    let pair = |sql: &str| -> Result<(u32, u32)> {
        Ok(conn.prepare_cached(sql)?.query_row(bounds, |r| Ok((r.get(0)?, r.get(1)?)))?)
    };
    let visits = pair(
        "SELECT COUNT(*) FILTER (WHERE visit_date < ?2), COUNT(*) FILTER (WHERE visit_date >= ?2)
         FROM visits WHERE visit_date >= ?1 AND visit_date < ?3 AND deleted_at IS NULL",
    )?;
    let solved = pair(
        "SELECT COUNT(DISTINCT e.need_id) FILTER (WHERE e.changed_on < ?2),
                COUNT(DISTINCT e.need_id) FILTER (WHERE e.changed_on >= ?2)
         FROM need_stage_events e JOIN needs n ON n.id = e.need_id
         WHERE e.to_stage = 'solved' AND e.changed_on >= ?1 AND e.changed_on < ?3 AND n.deleted_at IS NULL",
    )?;
    let (last_records, last_days, this_records, this_days): (u32, f64, u32, f64) = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(records) FILTER (WHERE start_date < ?2), 0),
                    TOTAL(service_days) FILTER (WHERE start_date < ?2),
                    COALESCE(SUM(records) FILTER (WHERE start_date >= ?2), 0),
                    TOTAL(service_days) FILTER (WHERE start_date >= ?2)
             FROM service_record_totals WHERE start_date >= ?1 AND start_date < ?3",
        )?
        .query_row(bounds, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let month = |d: NaiveDate| format!("{:04}-{:02}", d.year(), d.month());
    Ok((
        MonthFigures {
            month: month(last_start),
            visits: visits.0,
            service_records: last_records,
            service_days: last_days,
            needs_solved: solved.0,
        },
        MonthFigures {
            month: month(this_start),
            visits: visits.1,
            service_records: this_records,
            service_days: this_days,
            needs_solved: solved.1,
        },
    ))
}

/// The home page as of `today`. Run it inside one read transaction (as [`Ledger::dashboard`] does).
pub fn dashboard(conn: &Connection, today: NaiveDate) -> Result<Dashboard> {
    let week_end = follow_ups::week_end(today);
    let this_start = today.with_day(1).expect("day 1 exists");
    let last_start = this_start - Months::new(1);
    let (last_month, this_month) = months(conn, last_start, this_start)?;
    let (today_text, week_end_text) = (today.to_string(), week_end.to_string());
    let (overdue, due) = follow_up_counts(conn, &today_text, &week_end_text)?;
    let items = |filter: FollowUpFilter, newest_first: bool| {
        let (from, to) = follow_ups::window(filter, today);
        // Every date is after "", so a window without a lower end starts there.
        follow_up_items(conn, &from.map(|d| d.to_string()).unwrap_or_default(), &to.to_string(), newest_first)
    };
    Ok(Dashboard {
        follow_ups_due: page(items(FollowUpFilter::DueThisWeek, false)?, due),
        follow_ups_overdue: page(items(FollowUpFilter::Overdue, true)?, overdue),
        today: today_text,
        week_end: week_end_text,
        stale_needs: stale_needs(conn, today - Days::new(STALE_DAYS), today)?,
        idle_experts: idle_experts(conn, today)?,
        this_month,
        last_month,
    })
}

impl Ledger {
    /// The home page (工作台) as of today.
    pub fn dashboard(&self) -> Result<Dashboard> {
        let today = self.today();
        self.db.read_snapshot(|c| dashboard(c, today))
    }
}
