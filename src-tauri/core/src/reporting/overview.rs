//! The expert and enterprise detail pages: the profile with the visits, needs and service records that involve the
//! record (the most recent [`RECENT`] of each, with their totals), an expert's workload this month and year, and the
//! outcome totals. One read transaction, so the figures agree with each other.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, Row};

use crate::error::Result;
use crate::fieldwork::events;
use crate::fieldwork::service_record_list::outcomes_at;
use crate::fieldwork::service_records::OUTCOME_COLUMNS;
use crate::model::{
    EnterpriseOverview, EvaluationSummary, EventRow, ExpertOverview, NeedSummary, OutcomeTotals, Page,
    ServiceRecordSummary, VisitSummary, Workload,
};
use crate::storage::db;
use crate::validate::id_card::mask_id_card;
use crate::{registry::assignments, registry::enterprises, registry::experts, Ledger};

/// How many rows of each list a detail page shows.
pub const RECENT: u32 = 50;

/// The newest [`RECENT`] rows of `select` (a query on `?1` = `id`) in `order`, with `total`, the count of all of
/// them (a `SELECT COUNT(*)` on the same `?1`).
fn recent<T>(
    conn: &Connection,
    select: &str,
    order: &str,
    total: &str,
    id: &str,
    from_row: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Page<T>> {
    let mut stmt = conn.prepare_cached(&format!("{select} ORDER BY {order} LIMIT {RECENT}"))?;
    let items = db::read_rows(&mut stmt, [id], from_row)?;
    let total = conn.prepare_cached(total)?.query_row([id], |r| r.get(0))?;
    Ok(Page { items, total, page: 1, page_size: RECENT })
}

/// The newest 活动 of an expert or an enterprise (`link` = `event_experts` with `expert_id`, or `event_enterprises`
/// with `enterprise_id`).
fn recent_events(conn: &Connection, (link, column): (&str, &str), id: &str) -> Result<Page<EventRow>> {
    let live = format!("e.deleted_at IS NULL AND e.id IN (SELECT event_id FROM {link} WHERE {column} = ?1)");
    recent(
        conn,
        &format!("SELECT {} FROM events e WHERE {live}", events::ROW_COLUMNS),
        "e.event_date DESC, e.id DESC",
        &format!("SELECT COUNT(*) FROM events e WHERE {live}"),
        id,
        events::row_from,
    )
}

/// The newest service records of an expert or an enterprise (`column` = `expert_id` or `enterprise_id`).
fn recent_services(conn: &Connection, column: &str, id: &str) -> Result<Page<ServiceRecordSummary>> {
    recent(
        conn,
        &format!("{SERVICE_SELECT} WHERE s.{column} = ?1 AND s.deleted_at IS NULL"),
        "s.start_date DESC, s.id DESC",
        &format!("SELECT COUNT(*) FROM service_records WHERE {column} = ?1 AND deleted_at IS NULL"),
        id,
        service_from_row,
    )
}

const VISIT_COLUMNS: &str = "v.id, v.visit_date, v.mode, v.enterprise_id, en.name, v.purpose, v.follow_up_date,
    (SELECT json_group_array(name) FROM
        (SELECT x.name FROM visit_experts vx JOIN experts x ON x.id = vx.expert_id
         WHERE vx.visit_id = v.id ORDER BY x.name, x.id))";

fn visit_from_row(r: &Row<'_>) -> rusqlite::Result<VisitSummary> {
    Ok(VisitSummary {
        id: r.get(0)?,
        visit_date: r.get(1)?,
        mode: r.get(2)?,
        enterprise_id: r.get(3)?,
        enterprise_name: r.get(4)?,
        purpose: r.get(5)?,
        follow_up_date: r.get(6)?,
        expert_names: db::json_column(r, 7)?,
    })
}

const NEED_COLUMNS: &str = "n.id, n.title, n.enterprise_id, en.name, n.need_type, n.stage, n.stage_changed_on";

fn need_from_row(r: &Row<'_>) -> rusqlite::Result<NeedSummary> {
    Ok(NeedSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        enterprise_id: r.get(2)?,
        enterprise_name: r.get(3)?,
        need_type: r.get(4)?,
        stage: r.get(5)?,
        stage_changed_on: r.get(6)?,
        match_method: r.get(7)?,
        matched_on: r.get(8)?,
    })
}

const SERVICE_SELECT: &str = "SELECT s.id, s.expert_id, x.name, s.enterprise_id, en.name, s.start_date, s.end_date,
        s.service_days, s.service_type, s.content, s.contract_amount_fen, s.satisfaction
    FROM service_records s JOIN experts x ON x.id = s.expert_id JOIN enterprises en ON en.id = s.enterprise_id";

fn service_from_row(r: &Row<'_>) -> rusqlite::Result<ServiceRecordSummary> {
    Ok(ServiceRecordSummary {
        id: r.get(0)?,
        expert_id: r.get(1)?,
        expert_name: r.get(2)?,
        enterprise_id: r.get(3)?,
        enterprise_name: r.get(4)?,
        start_date: r.get(5)?,
        end_date: r.get(6)?,
        service_days: r.get(7)?,
        service_type: r.get(8)?,
        content: r.get(9)?,
        contract_amount_fen: r.get(10)?,
        satisfaction: r.get(11)?,
    })
}

/// The outcome sums of the live service records whose `column` is `id`. Integer sums are exact in SQLite.
fn outcomes(conn: &Connection, column: &str, id: &str) -> Result<OutcomeTotals> {
    let sums = OUTCOME_COLUMNS.map(|c| format!("COALESCE(SUM({c}), 0)")).join(", ");
    let sql = format!(
        "SELECT COUNT(*), TOTAL(service_days), {sums} FROM service_records WHERE {column} = ?1 AND deleted_at IS NULL"
    );
    Ok(conn.prepare_cached(&sql)?.query_row([id], |r| outcomes_at(r, 0))?)
}

/// The 服务对象评价 of the live service records whose `column` is `id`: counts per answer and the weighted share.
fn evaluations(conn: &Connection, column: &str, id: &str) -> Result<EvaluationSummary> {
    let sql = format!(
        "SELECT COUNT(*) FILTER (WHERE satisfaction = 'satisfied'),
                COUNT(*) FILTER (WHERE satisfaction = 'basically_satisfied'),
                COUNT(*) FILTER (WHERE satisfaction = 'dissatisfied')
         FROM service_records WHERE {column} = ?1 AND deleted_at IS NULL AND satisfaction IS NOT NULL"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| Ok(EvaluationSummary::from_counts(r.get(0)?, r.get(1)?, r.get(2)?)))?)
}

/// Service records of an expert that start in `today`'s month and year, and their days.
fn workload(conn: &Connection, expert_id: &str, today: NaiveDate) -> Result<Workload> {
    let month_start = today.with_day(1).expect("day 1 exists").to_string();
    let year_start = format!("{:04}-01-01", today.year());
    let next_year = format!("{:04}-01-01", today.year() + 1);
    let mut stmt = conn.prepare_cached(
        "SELECT COUNT(*) FILTER (WHERE start_date >= ?2), TOTAL(service_days) FILTER (WHERE start_date >= ?2),
                COUNT(*), TOTAL(service_days)
         FROM service_records
         WHERE expert_id = ?1 AND start_date >= ?3 AND start_date < ?4 AND deleted_at IS NULL",
    )?;
    Ok(stmt.query_row([expert_id, &month_start, &year_start, &next_year], |r| {
        Ok(Workload { month_records: r.get(0)?, month_days: r.get(1)?, year_records: r.get(2)?, year_days: r.get(3)? })
    })?)
}

/// The expert detail page as of `today`.
pub fn expert_overview(conn: &Connection, id: &str, today: NaiveDate) -> Result<ExpertOverview> {
    let mut expert = experts::get(conn, id)?;
    expert.id_card = expert.id_card.as_deref().map(mask_id_card);
    let name_of = |table: &str, ref_id: &Option<String>| -> Result<Option<String>> {
        let Some(ref_id) = ref_id else { return Ok(None) };
        let sql = format!("SELECT name FROM {table} WHERE id = ?1");
        Ok(Some(conn.prepare_cached(&sql)?.query_row([ref_id], |r| r.get(0))?))
    };
    Ok(ExpertOverview {
        organization_name: name_of("organizations", &expert.organization_id)?,
        batch_name: name_of("batches", &expert.batch_id)?,
        assignments: assignments::of_expert(conn, id)?,
        visits: recent(
            conn,
            &format!(
                "SELECT {VISIT_COLUMNS} FROM visit_experts ve JOIN visits v ON v.id = ve.visit_id
                     JOIN enterprises en ON en.id = v.enterprise_id
                 WHERE ve.expert_id = ?1 AND v.deleted_at IS NULL"
            ),
            "v.visit_date DESC, v.id DESC",
            "SELECT COUNT(*) FROM visit_experts ve JOIN visits v ON v.id = ve.visit_id
             WHERE ve.expert_id = ?1 AND v.deleted_at IS NULL",
            id,
            visit_from_row,
        )?,
        needs: recent(
            conn,
            &format!(
                "SELECT {NEED_COLUMNS}, m.method, m.matched_on FROM need_matches m JOIN needs n ON n.id = m.need_id
                     JOIN enterprises en ON en.id = n.enterprise_id
                 WHERE m.expert_id = ?1 AND m.deleted_at IS NULL AND n.deleted_at IS NULL"
            ),
            "m.matched_on DESC, n.id DESC",
            "SELECT COUNT(*) FROM need_matches m JOIN needs n ON n.id = m.need_id
             WHERE m.expert_id = ?1 AND m.deleted_at IS NULL AND n.deleted_at IS NULL",
            id,
            need_from_row,
        )?,
        service_records: recent_services(conn, "expert_id", id)?,
        events: recent_events(conn, ("event_experts", "expert_id"), id)?,
        workload: workload(conn, id, today)?,
        outcomes: outcomes(conn, "expert_id", id)?,
        evaluations: evaluations(conn, "expert_id", id)?,
        expert,
    })
}

/// The enterprise detail page.
pub fn enterprise_overview(conn: &Connection, id: &str) -> Result<EnterpriseOverview> {
    let enterprise = enterprises::get(conn, id)?;
    Ok(EnterpriseOverview {
        assignments: assignments::of_enterprise(conn, id)?,
        visits: recent(
            conn,
            &format!(
                "SELECT {VISIT_COLUMNS} FROM visits v JOIN enterprises en ON en.id = v.enterprise_id
                 WHERE v.enterprise_id = ?1 AND v.deleted_at IS NULL"
            ),
            "v.visit_date DESC, v.id DESC",
            "SELECT COUNT(*) FROM visits WHERE enterprise_id = ?1 AND deleted_at IS NULL",
            id,
            visit_from_row,
        )?,
        needs: recent(
            conn,
            &format!(
                "SELECT {NEED_COLUMNS}, NULL, NULL FROM needs n JOIN enterprises en ON en.id = n.enterprise_id
                 WHERE n.enterprise_id = ?1 AND n.deleted_at IS NULL"
            ),
            "n.stage_changed_on DESC, n.id DESC",
            "SELECT COUNT(*) FROM needs WHERE enterprise_id = ?1 AND deleted_at IS NULL",
            id,
            need_from_row,
        )?,
        service_records: recent_services(conn, "enterprise_id", id)?,
        events: recent_events(conn, ("event_enterprises", "enterprise_id"), id)?,
        outcomes: outcomes(conn, "enterprise_id", id)?,
        evaluations: evaluations(conn, "enterprise_id", id)?,
        enterprise,
    })
}

impl Ledger {
    /// The expert detail page (身份证号 masked), with the workload as of today.
    pub fn expert_overview(&self, id: &str) -> Result<ExpertOverview> {
        let today = self.today();
        self.db.read_snapshot(|c| expert_overview(c, id, today))
    }

    /// The enterprise detail page.
    pub fn enterprise_overview(&self, id: &str) -> Result<EnterpriseOverview> {
        self.db.read_snapshot(|c| enterprise_overview(c, id))
    }
}
