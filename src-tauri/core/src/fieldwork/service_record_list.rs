//! 服务台账 list and totals: the paged, filtered and sorted list of service records and the count, days and outcome
//! sums of the same filter.
//!
//! Both stay fast on a million records: without a search or an expert/enterprise/need filter, the count and the
//! outcome sums come from `service_record_totals` (per start day and type, kept by triggers, migration 0007) and the
//! page walks a narrow sort index; an expert, enterprise or need filter seeks its own index; a search of 3+
//! characters goes through the trigram index of the content and the name indexes.

use rusqlite::{Connection, Row, ToSql};

use crate::error::{CoreError, Result};
use crate::exchange::provenance::{self, OriginScope};
use crate::fieldwork::evidence;
use crate::fieldwork::service_records::OUTCOME_COLUMNS;
use crate::model::{
    clamp_page, AttachmentOwnerKind, OutcomeTotals, Outcomes, Page, ServiceRecordQuery, ServiceRecordRow,
    ServiceRecordSortKey,
};
use crate::normalize::clean_optional;
use crate::storage::db;
use crate::storage::search;
use crate::validate::date;
use crate::Ledger;

/// Above this many matching records, a page sorted by days or contract amount walks that column's index (testing
/// the type and date filters on the way) instead of sorting every match.
pub const SORT_WALK_THRESHOLD: u32 = 5_000;

/// A query's filter as SQL over `service_records s`, with its arguments.
struct Filter {
    conditions: Vec<String>,
    args: Vec<Box<dyn ToSql>>,
}

impl Filter {
    fn push(&mut self, condition: impl FnOnce(usize) -> String, arg: impl ToSql + 'static) {
        self.args.push(Box::new(arg));
        let n = self.args.len();
        self.conditions.push(condition(n));
    }

    fn sql(&self) -> String {
        self.conditions.join(" AND ")
    }

    fn arg_refs(&self) -> Vec<&dyn ToSql> {
        self.args.iter().map(|a| a.as_ref()).collect()
    }
}

/// The start-date bounds of a query, checked.
fn date_bounds(q: &ServiceRecordQuery) -> Result<(Option<String>, Option<String>)> {
    let mut errors = Vec::new();
    let mut bound = |raw: &Option<String>, field: &str| -> Option<String> {
        let text = clean_optional(raw.as_deref())?;
        date::parse_day(&text).map(|d| d.to_string()).map_err(|e| errors.push(e.on(field))).ok()
    };
    let from = bound(&q.date_from, "dateFrom");
    let to = bound(&q.date_to, "dateTo");
    if errors.is_empty() {
        Ok((from, to))
    } else {
        Err(CoreError::Validation(errors))
    }
}

/// Whether the query is answered by `service_record_totals`: no search, no expert, enterprise or need filter and no
/// origins (`scope`, resolved: `None` for every origin).
fn uses_totals_table(q: &ServiceRecordQuery, scope: Option<&OriginScope>) -> bool {
    scope.is_none()
        && q.review_status.is_none()
        && search::clean_query(q.search.as_deref()).is_none()
        && [&q.expert_id, &q.enterprise_id, &q.need_id].iter().all(|id| clean_optional(id.as_deref()).is_none())
}

/// The filter over `service_records s`. With `walk_sort_index`, the type and date conditions are written so that no
/// index serves them (unary `+`), which leaves the planner the index of the sort column.
fn record_filter(q: &ServiceRecordQuery, scope: Option<&OriginScope>, walk_sort_index: bool) -> Result<Filter> {
    let (from, to) = date_bounds(q)?;
    let mut f = Filter { conditions: vec!["s.deleted_at IS NULL".to_owned()], args: Vec::new() };
    if let Some(text) = search::clean_query(q.search.as_deref()) {
        f.args.push(Box::new(format!("%{}%", search::escape_like(&text))));
        let like = f.args.len();
        let name_like = |table: &str| format!("SELECT id FROM {table} WHERE name LIKE ?{like} ESCAPE '\\'");
        let experts = name_like("experts");
        let (content, enterprises) = if search::uses_like(&text) {
            (format!("s.content LIKE ?{like} ESCAPE '\\'"), name_like("enterprises"))
        } else {
            f.args.push(Box::new(search::fts_literal(&text)));
            let m = f.args.len();
            f.args.push(Box::new(format!("name : {}", search::fts_literal(&text))));
            let names = f.args.len();
            (
                format!("s.rowid IN (SELECT rowid FROM service_records_fts WHERE service_records_fts MATCH ?{m})"),
                format!(
                    "SELECT en.id FROM enterprises_fts JOIN enterprises en ON en.rowid = enterprises_fts.rowid
                     WHERE enterprises_fts MATCH ?{names}"
                ),
            )
        };
        f.conditions.push(format!("({content} OR s.expert_id IN ({experts}) OR s.enterprise_id IN ({enterprises}))"));
    }
    for (column, value) in [("expert_id", &q.expert_id), ("enterprise_id", &q.enterprise_id), ("need_id", &q.need_id)] {
        if let Some(id) = clean_optional(value.as_deref()) {
            f.push(|n| format!("s.{column} = ?{n}"), id);
        }
    }
    let plus = if walk_sort_index { "+" } else { "" };
    if let Some(t) = q.service_type {
        f.push(|n| format!("{plus}s.service_type = ?{n}"), t);
    }
    if let Some(from) = from {
        f.push(|n| format!("{plus}s.start_date >= ?{n}"), from);
    }
    if let Some(to) = to {
        f.push(|n| format!("{plus}s.start_date <= ?{n}"), to);
    }
    if let Some(status) = q.review_status {
        f.push(|n| format!("s.review_status = ?{n}"), status);
    }
    if let Some(scope) = scope {
        let condition = scope.numbered("service_records", "s.id", &mut f.args);
        f.conditions.push(format!("({condition})"));
    }
    if q.missing_confirmation {
        f.conditions.push(evidence::missing_confirmation(AttachmentOwnerKind::ServiceRecord, "s.id"));
    }
    Ok(f)
}

/// The same type and date filter over `service_record_totals`.
fn totals_filter(q: &ServiceRecordQuery) -> Result<Filter> {
    let (from, to) = date_bounds(q)?;
    let mut f = Filter { conditions: vec!["1".to_owned()], args: Vec::new() };
    if let Some(t) = q.service_type {
        f.push(|n| format!("service_type = ?{n}"), t);
    }
    if let Some(from) = from {
        f.push(|n| format!("start_date >= ?{n}"), from);
    }
    if let Some(to) = to {
        f.push(|n| format!("start_date <= ?{n}"), to);
    }
    Ok(f)
}

/// [`OutcomeTotals`] read from a row: the record count at column `at`, the days after it, then
/// [`OUTCOME_COLUMNS`].
pub(crate) fn outcomes_at(r: &Row<'_>, at: usize) -> rusqlite::Result<OutcomeTotals> {
    Ok(OutcomeTotals { records: r.get(at)?, service_days: r.get(at + 1)?, outcomes: Outcomes::from_row(r, at + 2)? })
}

/// The count, days and outcome sums of the records the query's filter matches (paging and sort ignored). Integer
/// sums are exact.
pub fn totals(conn: &Connection, q: &ServiceRecordQuery) -> Result<OutcomeTotals> {
    let sums = OUTCOME_COLUMNS.map(|c| format!("COALESCE(SUM({c}), 0)")).join(", ");
    let scope = OriginScope::resolve(conn, q.origins.as_deref())?;
    if q.missing_confirmation {
        // The filter's sums less those of its records that have their confirmation (few): no scan of every record.
        let all = ServiceRecordQuery { missing_confirmation: false, ..q.clone() };
        let mut sums_all = totals(conn, &all)?;
        let f = record_filter(&all, scope.as_ref(), false)?;
        let from = evidence::confirmed_records(AttachmentOwnerKind::ServiceRecord, "service_records", "s");
        let sql = format!("SELECT COUNT(*), TOTAL(service_days), {sums} FROM {from} WHERE {}", f.sql());
        let confirmed = conn.prepare_cached(&sql)?.query_row(f.arg_refs().as_slice(), |r| outcomes_at(r, 0))?;
        sums_all.records = sums_all.records.saturating_sub(confirmed.records);
        sums_all.service_days -= confirmed.service_days;
        sums_all.outcomes.subtract(&confirmed.outcomes);
        return Ok(sums_all);
    }
    let (sql, f) = if uses_totals_table(q, scope.as_ref()) {
        let f = totals_filter(q)?;
        (
            format!(
                "SELECT COALESCE(SUM(records), 0), TOTAL(service_days), {sums} FROM service_record_totals WHERE {}",
                f.sql()
            ),
            f,
        )
    } else {
        let f = record_filter(q, scope.as_ref(), false)?;
        (format!("SELECT COUNT(*), TOTAL(service_days), {sums} FROM service_records s WHERE {}", f.sql()), f)
    };
    Ok(conn.prepare_cached(&sql)?.query_row(f.arg_refs().as_slice(), |r| outcomes_at(r, 0))?)
}

/// The number of records the query's filter matches.
fn count(conn: &Connection, q: &ServiceRecordQuery, scope: Option<&OriginScope>) -> Result<u32> {
    if q.missing_confirmation {
        // The filter's count less that of its records that have their confirmation (few).
        let all = ServiceRecordQuery { missing_confirmation: false, ..q.clone() };
        let f = record_filter(&all, scope, false)?;
        let from = evidence::confirmed_records(AttachmentOwnerKind::ServiceRecord, "service_records", "s");
        let sql = format!("SELECT COUNT(*) FROM {from} WHERE {}", f.sql());
        let confirmed: u32 = conn.prepare_cached(&sql)?.query_row(f.arg_refs().as_slice(), |r| r.get(0))?;
        return Ok(count(conn, &all, scope)?.saturating_sub(confirmed));
    }
    let (sql, f) = if uses_totals_table(q, scope) {
        let f = totals_filter(q)?;
        (format!("SELECT COALESCE(SUM(records), 0) FROM service_record_totals WHERE {}", f.sql()), f)
    } else {
        let f = record_filter(q, scope, false)?;
        (format!("SELECT COUNT(*) FROM service_records s WHERE {}", f.sql()), f)
    };
    Ok(conn.prepare_cached(&sql)?.query_row(f.arg_refs().as_slice(), |r| r.get(0))?)
}

/// A page of the service ledger, filtered and sorted as asked; ties are broken by rowid (insertion order).
pub fn list(conn: &Connection, q: &ServiceRecordQuery) -> Result<Page<ServiceRecordRow>> {
    let (page, page_size, offset) = clamp_page(q.page, q.page_size);
    let scope = OriginScope::resolve(conn, q.origins.as_deref())?;
    let total = count(conn, q, scope.as_ref())?;
    let by_column = !matches!(q.sort, ServiceRecordSortKey::StartDate);
    let walk = by_column && total > SORT_WALK_THRESHOLD && uses_totals_table(q, scope.as_ref());
    let f = record_filter(q, scope.as_ref(), walk)?;
    let o = q.order.sql();
    let sort = match q.sort {
        ServiceRecordSortKey::StartDate => format!("s.start_date {o}, s.rowid {o}"),
        ServiceRecordSortKey::ServiceDays => format!("s.service_days {o}, s.start_date {o}, s.rowid {o}"),
        ServiceRecordSortKey::ContractAmount => format!("s.contract_amount_fen {o}, s.start_date {o}, s.rowid {o}"),
    };
    // The page's rows are chosen first; only those are joined with their names and attachment counts.
    let sql = format!(
        "WITH page AS (
             SELECT s.rowid AS row FROM service_records s WHERE {filter}
             ORDER BY {sort} LIMIT {page_size} OFFSET {offset}
         )
         SELECT s.id, s.start_date, s.end_date, s.expert_id, x.name, s.enterprise_id, en.name, s.need_id, n.title,
                s.service_type, s.service_days, s.content, s.contract_amount_fen,
                (SELECT COUNT(*) FROM attachments a
                 WHERE a.owner_kind = 'service_record' AND a.owner_id = s.id AND a.deleted_at IS NULL),
                s.satisfaction, s.review_status, s.review_opinion
         FROM page JOIN service_records s ON s.rowid = page.row
             JOIN experts x ON x.id = s.expert_id JOIN enterprises en ON en.id = s.enterprise_id
             LEFT JOIN needs n ON n.id = s.need_id
         ORDER BY {sort}",
        filter = f.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut items = db::read_rows(&mut stmt, f.arg_refs().as_slice(), |r| {
        Ok(ServiceRecordRow {
            id: r.get(0)?,
            start_date: r.get(1)?,
            end_date: r.get(2)?,
            expert_id: r.get(3)?,
            expert_name: r.get(4)?,
            enterprise_id: r.get(5)?,
            enterprise_name: r.get(6)?,
            need_id: r.get(7)?,
            need_title: r.get(8)?,
            service_type: r.get(9)?,
            service_days: r.get(10)?,
            content: r.get(11)?,
            contract_amount_fen: r.get(12)?,
            attachment_count: r.get(13)?,
            satisfaction: r.get(14)?,
            origins: Vec::new(),
            evidence: Default::default(),
            review_status: r.get(15)?,
            review_opinion: r.get(16)?,
        })
    })?;
    provenance::fill_origins(conn, "service_records", &mut items, |x| &x.id, |x, o| x.origins = o)?;
    evidence::fill_marks(conn, AttachmentOwnerKind::ServiceRecord, &mut items, |x| &x.id, |x, m| x.evidence = m)?;
    Ok(Page { items, total, page, page_size })
}

impl Ledger {
    /// A page of the service ledger.
    pub fn list_service_records(&self, query: &ServiceRecordQuery) -> Result<Page<ServiceRecordRow>> {
        self.db.read_snapshot(|c| list(c, query))
    }

    /// The count, days and outcome sums of the service records a ledger query matches.
    pub fn service_totals(&self, query: &ServiceRecordQuery) -> Result<OutcomeTotals> {
        self.db.read(|c| totals(c, query))
    }
}
