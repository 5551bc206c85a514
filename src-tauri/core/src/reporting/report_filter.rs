//! The period and scope of a report ([`ReportFilter`]), parsed and checked once, and the SQL conditions that the
//! statistics engine and the exported ledgers both build their queries from, so the two always count the same rows.
//!
//! Periods: `2024` (a year), `2024-Q1` … `2024-Q4` (a quarter, `q` also accepted), `2024-03` (a month) and
//! `2024-01-01..2024-06-30` (a range of days, both ends included, the end not before the start); years 1900–2200.
//!
//! Scope semantics:
//! - **Region** (地区) filters by the enterprise involved: a visit's, need's or service record's enterprise is in
//!   the region when its province, city or county is exactly the region's name.
//! - **Unit and batch** (派出单位, 批次) filter by the expert involved: a visit counts when any of its participating
//!   experts is in scope; a service record when its expert is; a need when any expert matched to it (a live
//!   `need_matches` row) is. With both set, an expert must belong to both.
//! - **Soft-deleted rows** (`deleted_at` set: the recycle bin) never count: visits, needs, service records and need
//!   matches in the bin are left out everywhere. A live row that points at an expert or enterprise in the bin still
//!   counts (the service ledger and the home page count it too); the scope tests the expert's unit and batch and the
//!   enterprise's region as recorded on those rows.
//! - **只统计已审核** (`reviewed_only`): only visits and service records whose 审核 is 已通过 count; needs have no
//!   review and always count. The scope label says so, so every workbook's period line does.
//!
//! The conditions are [`Condition`]s: SQL text with anonymous `?` placeholders and the values that fill them, in
//! order. They join with [`Condition::and`], so a caller can put a period, a scope and its own tests together in any
//! order; values are never pasted into the SQL text. A statement built from them must use only anonymous `?`
//! placeholders (SQLite numbers a `?` after the highest number used before it, so mixing in `?1` would shift them).
//! Table aliases and column names passed to the helpers are the caller's own constants, never user input.

use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::error::{CoreError, FieldError, Result};
use crate::exchange::provenance::OriginScope;
use crate::model::{PeriodKind, ReportFilter, ReportPeriod};
use crate::normalize::{clean_optional, to_half_width};

/// The earliest year a period may name.
pub const FIRST_YEAR: i32 = 1900;
/// The latest year a period may name.
pub const LAST_YEAR: i32 = 2200;

/// How the scope line of a report says that only approved records count.
pub const REVIEWED_ONLY_LABEL: &str = "只统计已审核记录";

const QUARTERS_ZH: [&str; 4] = ["第一季度", "第二季度", "第三季度", "第四季度"];

/// Parses a period written as `2024`, `2024-Q1`, `2024-03` or `2024-01-01..2024-06-30` (full-width characters and
/// surrounding spaces are tolerated). Anything else is a validation error on the field `period`.
pub fn parse_period(text: &str) -> Result<ReportPeriod> {
    let text = to_half_width(text).trim().to_owned();
    let (kind, from, to) = parse_bounds(&text).ok_or_else(|| refused(&text))?;
    for day in [from, to] {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
            return Err(CoreError::field(
                "period",
                format!("统计期间“{text}”的年份超出范围（{FIRST_YEAR}–{LAST_YEAR}）"),
                format!("The period '{text}' has a year out of range ({FIRST_YEAR}–{LAST_YEAR})"),
            ));
        }
    }
    if to < from {
        return Err(CoreError::field(
            "period",
            format!("统计期间“{text}”的结束日期早于开始日期"),
            format!("The period '{text}' ends before it starts"),
        ));
    }
    let label = match kind {
        PeriodKind::Year => format!("{}年", from.year()),
        PeriodKind::Quarter => format!("{}年{}", from.year(), QUARTERS_ZH[from.month0() as usize / 3]),
        PeriodKind::Month => format!("{}年{}月", from.year(), from.month()),
        PeriodKind::Range => format!("{from}至{to}"),
    };
    Ok(ReportPeriod { kind, from: from.to_string(), to: to.to_string(), label })
}

fn refused(text: &str) -> CoreError {
    CoreError::field(
        "period",
        format!(
            "无法识别统计期间“{text}”，请写作 年（2024）、季度（2024-Q1）、月（2024-03）或日期范围（2024-01-01..2024-06-30）"
        ),
        format!(
            "Cannot read the period '{text}'; write a year (2024), a quarter (2024-Q1), a month (2024-03) or a range \
             of days (2024-01-01..2024-06-30)"
        ),
    )
}

/// The kind and the first and last day of a period text, if it has one of the accepted shapes. Years are checked
/// by the caller (so the message can say the year is the problem), except where chrono itself cannot hold them.
fn parse_bounds(text: &str) -> Option<(PeriodKind, NaiveDate, NaiveDate)> {
    if let Some((start, end)) = text.split_once("..") {
        return Some((PeriodKind::Range, day(start)?, day(end)?));
    }
    let (year, rest) = match text.split_once('-') {
        Some((year, rest)) => (number(year, 4)?, Some(rest)),
        None => (number(text, 4)?, None),
    };
    let first = |month: u32| NaiveDate::from_ymd_opt(year as i32, month, 1);
    let span = |start: NaiveDate, months: u32| Some((start, (start + Months::new(months)) - Days::new(1)));
    match rest {
        None => {
            let (from, to) = span(first(1)?, 12)?;
            Some((PeriodKind::Year, from, to))
        }
        Some(q) if q.len() == 2 && q[..1].eq_ignore_ascii_case("q") => {
            let quarter = number(&q[1..], 1)?;
            if !(1..=4).contains(&quarter) {
                return None;
            }
            let (from, to) = span(first(quarter * 3 - 2)?, 3)?;
            Some((PeriodKind::Quarter, from, to))
        }
        Some(month) => {
            let (from, to) = span(first(number(month, 2)?)?, 1)?;
            Some((PeriodKind::Month, from, to))
        }
    }
}

/// A day written exactly `YYYY-MM-DD`.
fn day(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(number(y, 4)? as i32, number(m, 2)?, number(d, 2)?)
}

/// A number written with exactly `digits` ASCII digits.
fn number(text: &str, digits: usize) -> Option<u32> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

/// A piece of a WHERE clause and the values of its anonymous `?` placeholders, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Condition {
    sql: String,
    params: Vec<Value>,
}

impl Condition {
    /// A condition from SQL text with anonymous `?` placeholders and their values.
    pub fn new(sql: impl Into<String>, params: Vec<Value>) -> Self {
        Self { sql: sql.into(), params }
    }

    /// The condition every row meets.
    pub fn always() -> Self {
        Self::default()
    }

    /// Both conditions (each kept in its own parentheses); [`Condition::always`] leaves the other unchanged.
    pub fn and(mut self, other: Condition) -> Self {
        if other.sql.is_empty() {
            return self;
        }
        if self.sql.is_empty() {
            return other;
        }
        self.sql = format!("({}) AND ({})", self.sql, other.sql);
        self.params.extend(other.params);
        self
    }

    /// The SQL text, `1` (true) for [`Condition::always`].
    pub fn sql(&self) -> &str {
        if self.sql.is_empty() {
            "1"
        } else {
            &self.sql
        }
    }

    /// The values of the placeholders, in order (pass them with `rusqlite::params_from_iter`).
    pub fn params(&self) -> &[Value] {
        &self.params
    }
}

/// A [`ReportFilter`] parsed and checked: the period's days and the scope, blanks removed, with the names of the
/// unit and batch for report titles.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopedFilter {
    /// The period as reports name it.
    pub period: ReportPeriod,
    /// Its first day.
    pub from: NaiveDate,
    /// Its last day (included).
    pub to: NaiveDate,
    /// 地区: a province, city or county name.
    pub region: Option<String>,
    /// 派出单位 id.
    pub organization_id: Option<String>,
    /// Its name.
    pub organization_name: Option<String>,
    /// 批次 id.
    pub batch_id: Option<String>,
    /// Its name.
    pub batch_name: Option<String>,
    /// 来源: the origins whose records count (`None`: every origin).
    pub origins: Option<OriginScope>,
    /// Their names, for report titles.
    pub origin_names: Vec<String>,
    /// 只统计已审核: only approved visits and service records count.
    pub reviewed_only: bool,
}

/// Parses the period, removes blank scope fields and checks that the organisation and batch exist (a validation
/// error on `organizationId` / `batchId` if not). The period's problem, if any, is reported together with them.
pub fn resolve(conn: &Connection, filter: &ReportFilter) -> Result<ScopedFilter> {
    let mut errors = Vec::new();
    let period = parse_period(&filter.period).map_err(|e| errors.extend(e.fields())).ok();
    let (organization_id, organization_name) = named(
        conn,
        "organizations",
        filter.organization_id.as_deref(),
        FieldError::new(
            "organizationId",
            "所选派出单位不存在（可能已删除）",
            "The chosen dispatching organisation does not exist (it may have been deleted)",
        ),
        &mut errors,
    )?;
    let (batch_id, batch_name) = named(
        conn,
        "batches",
        filter.batch_id.as_deref(),
        FieldError::new(
            "batchId",
            "所选批次不存在（可能已删除）",
            "The chosen batch does not exist (it may have been deleted)",
        ),
        &mut errors,
    )?;
    let Some(period) = period.filter(|_| errors.is_empty()) else { return Err(CoreError::Validation(errors)) };
    let origins = OriginScope::resolve(conn, filter.origins.as_deref())?;
    let origin_names = match &origins {
        Some(scope) => scope.names(conn)?,
        None => Vec::new(),
    };
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("parse_period writes ISO days");
    Ok(ScopedFilter {
        from: date(&period.from),
        to: date(&period.to),
        period,
        region: clean_optional(filter.region.as_deref()),
        organization_id,
        organization_name,
        batch_id,
        batch_name,
        origins,
        origin_names,
        reviewed_only: filter.reviewed_only.unwrap_or(false),
    })
}

/// The cleaned id and the name of a live row of `table` (an organisation or batch), both `None` for a blank id;
/// `missing` joins `errors` when there is no such row.
fn named(
    conn: &Connection,
    table: &str,
    id: Option<&str>,
    missing: FieldError,
    errors: &mut Vec<FieldError>,
) -> Result<(Option<String>, Option<String>)> {
    let Some(id) = clean_optional(id) else { return Ok((None, None)) };
    let sql = format!("SELECT name FROM {table} WHERE id = ? AND deleted_at IS NULL");
    let name: Option<String> = conn.prepare_cached(&sql)?.query_row([&id], |r| r.get(0)).optional()?;
    if name.is_none() {
        errors.push(missing);
    }
    Ok((Some(id), name))
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

/// `column IN (SELECT id FROM <table and alias> WHERE condition)`, or always true when the condition is.
fn subquery(column: &str, table_and_alias: &str, condition: Condition) -> Condition {
    if condition.sql.is_empty() {
        return condition;
    }
    let alias = table_and_alias.rsplit(' ').next().unwrap_or(table_and_alias);
    let sql = format!("{column} IN (SELECT {alias}.id FROM {table_and_alias} WHERE {})", condition.sql);
    Condition::new(sql, condition.params)
}

impl ScopedFilter {
    /// The scope as a report title shows it: region · unit · batch · 来源 · 只统计已审核, the ones set; empty for
    /// everything.
    pub fn scope_label(&self) -> String {
        let origins = (!self.origin_names.is_empty()).then(|| format!("来源：{}", self.origin_names.join("、")));
        let reviewed = self.reviewed_only.then(|| REVIEWED_ONLY_LABEL.to_owned());
        [&self.region, &self.organization_name, &self.batch_name, &origins, &reviewed]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The record of kind `entity` (a `merged_records` entity: `visits`, `experts`, …) whose id is in `column` is
    /// of the scope's origins (always true without them).
    pub fn of_origins(&self, entity: &str, column: &str) -> Condition {
        match &self.origins {
            None => Condition::always(),
            Some(scope) => scope.condition(entity, column),
        }
    }

    /// Only an approved record under `alias` (a visit or service record) when 只统计已审核 is on; else always.
    pub fn reviewed(&self, alias: &str) -> Condition {
        if self.reviewed_only {
            Condition::new(format!("{alias}.review_status = 'approved'"), Vec::new())
        } else {
            Condition::always()
        }
    }

    /// Whether a unit or a batch narrows the experts.
    pub fn has_expert_scope(&self) -> bool {
        self.organization_id.is_some() || self.batch_id.is_some()
    }

    /// A date-only column (`YYYY-MM-DD`) falls in the period.
    pub fn period_days(&self, column: &str) -> Condition {
        Condition::new(format!("{column} BETWEEN ? AND ?"), vec![text(&self.period.from), text(&self.period.to)])
    }

    /// A UTC timestamp column (RFC 3339, as `created_at`) has its UTC date in the period.
    pub fn period_timestamps(&self, column: &str) -> Condition {
        let after = (self.to + Days::new(1)).to_string();
        Condition::new(format!("{column} >= ? AND {column} < ?"), vec![text(&self.period.from), Value::Text(after)])
    }

    /// The expert row under `alias` belongs to the unit and batch of the scope (always true without them).
    pub fn expert_in_scope(&self, alias: &str) -> Condition {
        let mut condition = Condition::always();
        if let Some(id) = &self.organization_id {
            condition = condition.and(Condition::new(format!("{alias}.organization_id = ?"), vec![text(id)]));
        }
        if let Some(id) = &self.batch_id {
            condition = condition.and(Condition::new(format!("{alias}.batch_id = ?"), vec![text(id)]));
        }
        condition
    }

    /// The expert id in `column` is of an expert in the scope's unit and batch (always true without them).
    pub fn expert_id_in_scope(&self, column: &str) -> Condition {
        subquery(column, "experts scope_e", self.expert_in_scope("scope_e"))
    }

    /// The enterprise row under `alias` is in the region (its province, city or county; always true without one).
    pub fn enterprise_in_region(&self, alias: &str) -> Condition {
        match &self.region {
            None => Condition::always(),
            Some(region) => Condition::new(
                format!("{alias}.province = ? OR {alias}.city = ? OR {alias}.county = ?"),
                vec![text(region), text(region), text(region)],
            ),
        }
    }

    /// The enterprise id in `column` is of an enterprise in the region (always true without one). A province can
    /// hold tens of thousands of enterprises, too many to seek an index of `column` once for each, so the test is
    /// written so that SQLite does not (`+column`): the query is driven by its other conditions (the period).
    pub fn enterprise_id_in_region(&self, column: &str) -> Condition {
        subquery(&format!("+{column}"), "enterprises scope_n", self.enterprise_in_region("scope_n"))
    }

    /// The live visit under `alias` is in scope: its enterprise in the region, any participating expert in the
    /// unit and batch. The period is left to the caller ([`ScopedFilter::period_days`] on `visit_date`).
    pub fn visit_in_scope(&self, alias: &str) -> Condition {
        self.live_with_experts_in_scope(alias, |experts| {
            format!(
                "EXISTS (SELECT 1 FROM visit_experts scope_vx JOIN experts scope_e ON scope_e.id = scope_vx.expert_id
                 WHERE scope_vx.visit_id = {alias}.id AND {experts})"
            )
        })
        .and(self.of_origins("visits", &format!("{alias}.id")))
        .and(self.reviewed(alias))
    }

    /// The live event under `alias` is in scope: one of its enterprises in the region, and one of its experts in the
    /// unit and batch when one is chosen (an event without experts then is not). Events are not reviewed (审核), so
    /// 只统计已审核 leaves them as they are. The period is left to the caller.
    pub fn event_in_scope(&self, alias: &str) -> Condition {
        let mut condition = Condition::new(format!("{alias}.deleted_at IS NULL"), Vec::new());
        let region = self.enterprise_in_region("scope_n");
        if !region.sql.is_empty() {
            condition = condition.and(Condition::new(
                format!(
                    "EXISTS (SELECT 1 FROM event_enterprises scope_ee JOIN enterprises scope_n
                         ON scope_n.id = scope_ee.enterprise_id WHERE scope_ee.event_id = {alias}.id AND ({}))",
                    region.sql
                ),
                region.params,
            ));
        }
        let experts = self.expert_in_scope("scope_e");
        if !experts.sql.is_empty() {
            condition = condition.and(Condition::new(
                format!(
                    "EXISTS (SELECT 1 FROM event_experts scope_ex JOIN experts scope_e ON scope_e.id = scope_ex.expert_id
                     WHERE scope_ex.event_id = {alias}.id AND {})",
                    experts.sql
                ),
                experts.params,
            ));
        }
        condition.and(self.of_origins("events", &format!("{alias}.id")))
    }

    /// The live service record under `alias` is in scope: its enterprise in the region, its expert in the unit and
    /// batch. The period is left to the caller ([`ScopedFilter::period_days`] on `start_date`).
    pub fn service_record_in_scope(&self, alias: &str) -> Condition {
        Condition::new(format!("{alias}.deleted_at IS NULL"), Vec::new())
            .and(self.enterprise_id_in_region(&format!("{alias}.enterprise_id")))
            .and(self.expert_id_in_scope(&format!("{alias}.expert_id")))
            .and(self.of_origins("service_records", &format!("{alias}.id")))
            .and(self.reviewed(alias))
    }

    /// The live need under `alias` is in scope: its enterprise in the region, any expert matched to it (live
    /// match) in the unit and batch. The period is left to the caller.
    pub fn need_in_scope(&self, alias: &str) -> Condition {
        self.live_with_experts_in_scope(alias, |experts| {
            format!(
                "EXISTS (SELECT 1 FROM need_matches scope_m JOIN experts scope_e ON scope_e.id = scope_m.expert_id
                 WHERE scope_m.need_id = {alias}.id AND scope_m.deleted_at IS NULL AND {experts})"
            )
        })
        .and(self.of_origins("needs", &format!("{alias}.id")))
    }

    /// The live record under `alias` with its enterprise in the region and, when a unit or batch is chosen, an
    /// expert `exists` (given the experts' condition on `scope_e`) in them.
    fn live_with_experts_in_scope(&self, alias: &str, exists: impl FnOnce(&str) -> String) -> Condition {
        let experts = self.expert_in_scope("scope_e");
        let condition = Condition::new(format!("{alias}.deleted_at IS NULL"), Vec::new())
            .and(self.enterprise_id_in_region(&format!("{alias}.enterprise_id")));
        if experts.sql.is_empty() {
            return condition;
        }
        condition.and(Condition::new(exists(&experts.sql), experts.params))
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::params_from_iter;

    use super::*;

    fn period(text: &str) -> ReportPeriod {
        parse_period(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn bounds(text: &str) -> (PeriodKind, String, String, String) {
        let p = period(text);
        (p.kind, p.from, p.to, p.label)
    }

    fn owned(kind: PeriodKind, from: &str, to: &str, label: &str) -> (PeriodKind, String, String, String) {
        (kind, from.to_owned(), to.to_owned(), label.to_owned())
    }

    #[test]
    fn accepted_periods() {
        use PeriodKind::*;
        assert_eq!(bounds("2024"), owned(Year, "2024-01-01", "2024-12-31", "2024年"));
        assert_eq!(bounds("2024-Q1"), owned(Quarter, "2024-01-01", "2024-03-31", "2024年第一季度"));
        assert_eq!(bounds("2024-q2"), owned(Quarter, "2024-04-01", "2024-06-30", "2024年第二季度"));
        assert_eq!(bounds("2024-Q3"), owned(Quarter, "2024-07-01", "2024-09-30", "2024年第三季度"));
        assert_eq!(bounds("2024-Q4"), owned(Quarter, "2024-10-01", "2024-12-31", "2024年第四季度"));
        assert_eq!(bounds("2024-02"), owned(Month, "2024-02-01", "2024-02-29", "2024年2月"));
        assert_eq!(bounds("2023-02"), owned(Month, "2023-02-01", "2023-02-28", "2023年2月"));
        assert_eq!(bounds("2024-12"), owned(Month, "2024-12-01", "2024-12-31", "2024年12月"));
        assert_eq!(
            bounds("2024-01-01..2024-06-30"),
            owned(Range, "2024-01-01", "2024-06-30", "2024-01-01至2024-06-30")
        );
        assert_eq!(
            bounds("2024-03-05..2024-03-05"),
            owned(Range, "2024-03-05", "2024-03-05", "2024-03-05至2024-03-05")
        );
        assert_eq!(bounds("2023-12-01..2024-02-29").2, "2024-02-29");
        // Spaces around and full-width characters, as a copied text may carry.
        assert_eq!(bounds(" ２０２４－Ｑ１ ").3, "2024年第一季度");
        assert_eq!(bounds("1900").1, "1900-01-01");
        assert_eq!(bounds("2200-12").2, "2200-12-31");
    }

    #[test]
    fn refused_periods() {
        for text in [
            "",
            "24",
            "02024",
            "2024年",
            "2024-Q0",
            "2024-Q5",
            "2024-Q",
            "2024-Q12",
            "2024-H1",
            "2024-00",
            "2024-13",
            "2024-3",
            "2024/03",
            "2024-03-01",
            "2024-02-30..2024-03-01",
            "2024-01-01..",
            "..2024-01-01",
            "2024-1-1..2024-2-1",
            "2024-01-01..2024-06-30..2024-07-01",
            "2024-01-01~2024-06-30",
            "2024-06-30..2024-01-01",
            "1899",
            "2201-Q1",
            "1899-12-31..2024-01-01",
            "+2024",
        ] {
            let Err(CoreError::Validation(fields)) = parse_period(text) else { panic!("{text:?} was accepted") };
            assert_eq!(fields.len(), 1);
            assert_eq!(fields[0].field, "period", "{text:?}");
            assert!(!fields[0].message.is_empty() && !fields[0].message_en.is_empty());
        }
        let fields = parse_period("2024-13").unwrap_err().fields();
        assert!(fields[0].message.contains("2024-Q1") && fields[0].message_en.contains("2024-01-01..2024-06-30"));
        let fields = parse_period("2024-06-30..2024-01-01").unwrap_err().fields();
        assert!(fields[0].message.contains("早于") && fields[0].message_en.contains("ends before"));
        let fields = parse_period("2201").unwrap_err().fields();
        assert!(fields[0].message.contains("1900–2200") && fields[0].message_en.contains("out of range"));
    }

    #[test]
    fn conditions_join_in_order() {
        let a = Condition::new("a = ?", vec![Value::Integer(1)]);
        let b = Condition::new("b = ? OR c = ?", vec![Value::Integer(2), Value::Integer(3)]);
        let both = a.clone().and(Condition::always()).and(b);
        assert_eq!(both.sql(), "(a = ?) AND (b = ? OR c = ?)");
        assert_eq!(both.params(), &[Value::Integer(1), Value::Integer(2), Value::Integer(3)]);
        assert_eq!(Condition::always().and(a.clone()), a);
        assert_eq!(Condition::always().sql(), "1");
    }

    /// Two units, two batches, enterprises in two cities; a visit by experts of both units, one by an expert of one,
    /// one in the bin; service records and needs with matches, one match in the bin.
    fn fixture() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::storage::migrations::migrate(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO organizations (id, name, kind, created_at, updated_at) VALUES
                 ('o1', '浙江大学', 'university', 't', 't'), ('o2', '中科院宁波所', 'institute', 't', 't');
             INSERT INTO batches (id, name, created_at, updated_at) VALUES
                 ('b1', '2024年第一批', 't', 't'), ('b2', '2024年第二批', 't', 't');
             INSERT INTO experts (id, name, title, organization_id, batch_id, created_at, updated_at) VALUES
                 ('x1', '甲', 'senior', 'o1', 'b1', 't', 't'), ('x2', '乙', 'senior', 'o1', 'b2', 't', 't'),
                 ('x3', '丙', 'senior', 'o2', 'b1', 't', 't'), ('x4', '丁', 'other', NULL, NULL, 't', 't');
             INSERT INTO enterprises (id, name, credit_code, province, city, county, created_at, updated_at) VALUES
                 ('n1', '宁波甲公司', 'c1', '浙江省', '宁波市', '鄞州区', 't', 't'),
                 ('n2', '温州乙公司', 'c2', '浙江省', '温州市', NULL, 't', 't'),
                 ('n3', '无地区公司', 'c3', NULL, NULL, NULL, 't', 't');
             INSERT INTO visits (id, enterprise_id, visit_date, mode, created_at, updated_at, deleted_at) VALUES
                 ('v1', 'n1', '2024-01-31', 'on_site', 't', 't', NULL),
                 ('v2', 'n2', '2024-02-01', 'online', 't', 't', NULL),
                 ('v3', 'n1', '2024-03-31', 'phone', 't', 't', '2024-04-01T00:00:00.000Z'),
                 ('v4', 'n3', '2024-04-01', 'phone', 't', 't', NULL);
             INSERT INTO visit_experts VALUES ('v1', 'x1'), ('v1', 'x3'), ('v2', 'x2'), ('v3', 'x1'), ('v4', 'x4');
             INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days,
                     service_type, created_at, updated_at, deleted_at) VALUES
                 ('s1', 'x1', 'n1', '2024-03-31', '2024-04-01', 2, 'consulting', 't', 't', NULL),
                 ('s2', 'x2', 'n2', '2024-01-01', '2024-01-01', 1, 'consulting', 't', 't', NULL),
                 ('s3', 'x3', 'n2', '2024-02-10', '2024-02-10', 1, 'consulting', 't', 't', 't'),
                 ('s4', 'x4', 'n3', '2023-12-31', '2023-12-31', 1, 'consulting', 't', 't', NULL);
             INSERT INTO needs (id, enterprise_id, source, title, need_type, stage, stage_changed_on, created_at,
                     updated_at) VALUES
                 ('d1', 'n1', 'visit', '需求一', 'other', 'matched', '2024-02-01', '2024-01-31T23:59:59.999Z', 't'),
                 ('d2', 'n2', 'visit', '需求二', 'other', 'matched', '2024-02-01', '2024-07-01T00:00:00.000Z', 't');
             INSERT INTO need_matches (id, need_id, expert_id, method, matched_on, created_at, updated_at, deleted_at)
             VALUES ('m1', 'd1', 'x3', 'assigned', '2024-02-01', 't', 't', NULL),
                    ('m2', 'd2', 'x1', 'assigned', '2024-02-01', 't', 't', 't'),
                    ('m3', 'd2', 'x2', 'claimed', '2024-02-01', 't', 't', NULL);",
        )
        .unwrap();
        conn
    }

    fn filter(period: &str, region: Option<&str>, organization: Option<&str>, batch: Option<&str>) -> ReportFilter {
        ReportFilter {
            period: period.to_owned(),
            region: region.map(Into::into),
            organization_id: organization.map(Into::into),
            batch_id: batch.map(Into::into),
            origins: None,
            reviewed_only: None,
        }
    }

    /// The ids of `table` (aliased `alias`) that meet the condition, in id order.
    fn ids(conn: &Connection, table: &str, alias: &str, condition: &Condition) -> Vec<String> {
        let sql = format!("SELECT {alias}.id FROM {table} {alias} WHERE {} ORDER BY {alias}.id", condition.sql());
        let mut stmt = conn.prepare(&sql).unwrap();
        stmt.query_map(params_from_iter(condition.params()), |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn resolve_cleans_and_checks() {
        let conn = fixture();
        let scope = resolve(&conn, &filter("2024-Q1", Some("  "), Some(""), Some(" "))).unwrap();
        assert_eq!((scope.region, scope.organization_id, scope.batch_id), (None, None, None));
        assert_eq!((scope.from.to_string(), scope.to.to_string()), ("2024-01-01".into(), "2024-03-31".into()));
        let scope = resolve(&conn, &filter("2024", Some(" 宁波市 "), Some("o1"), Some("b1"))).unwrap();
        assert_eq!(scope.scope_label(), "宁波市 · 浙江大学 · 2024年第一批");
        let scope = resolve(&conn, &filter("2024", None, None, Some("b2"))).unwrap();
        assert_eq!(scope.scope_label(), "2024年第二批");
        assert_eq!(resolve(&conn, &filter("2024", None, None, None)).unwrap().scope_label(), "");

        let Err(CoreError::Validation(fields)) = resolve(&conn, &filter("2024-13", None, Some("o9"), Some("b9")))
        else {
            panic!("accepted")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["period", "organizationId", "batchId"]);
        conn.execute("UPDATE batches SET deleted_at = 't' WHERE id = 'b2'", []).unwrap();
        let error = resolve(&conn, &filter("2024", None, None, Some("b2"))).unwrap_err();
        assert_eq!(error.fields()[0].field, "batchId");
    }

    #[test]
    fn period_conditions() {
        let conn = fixture();
        let q1 = resolve(&conn, &filter("2024-Q1", None, None, None)).unwrap();
        let live = Condition::new("s.deleted_at IS NULL", Vec::new());
        assert_eq!(ids(&conn, "service_records", "s", &live.and(q1.period_days("s.start_date"))), ["s1", "s2"]);
        let jan = resolve(&conn, &filter("2024-01", None, None, None)).unwrap();
        assert_eq!(ids(&conn, "needs", "n", &jan.period_timestamps("n.created_at")), ["d1"]);
        let range = resolve(&conn, &filter("2024-02-01..2024-07-01", None, None, None)).unwrap();
        assert_eq!(ids(&conn, "needs", "n", &range.period_timestamps("n.created_at")), ["d2"]);
        assert_eq!(ids(&conn, "visits", "v", &range.period_days("v.visit_date")), ["v2", "v3", "v4"]);
    }

    #[test]
    fn scope_conditions() {
        let conn = fixture();
        let scope = |region: Option<&str>, organization: Option<&str>, batch: Option<&str>| {
            resolve(&conn, &filter("2024", region, organization, batch)).unwrap()
        };
        let all = scope(None, None, None);
        assert_eq!(ids(&conn, "visits", "v", &all.visit_in_scope("v")), ["v1", "v2", "v4"]);
        assert_eq!(ids(&conn, "service_records", "s", &all.service_record_in_scope("s")), ["s1", "s2", "s4"]);
        assert_eq!(ids(&conn, "needs", "n", &all.need_in_scope("n")), ["d1", "d2"]);
        assert_eq!(ids(&conn, "experts", "e", &all.expert_in_scope("e")), ["x1", "x2", "x3", "x4"]);

        // Unit o1 (x1, x2): v1 through x1, v2 through x2; d1 only has x3; d2's x1 match is in the bin, x2's is not.
        let unit = scope(None, Some("o1"), None);
        assert_eq!(ids(&conn, "visits", "v", &unit.visit_in_scope("v")), ["v1", "v2"]);
        assert_eq!(ids(&conn, "service_records", "s", &unit.service_record_in_scope("s")), ["s1", "s2"]);
        assert_eq!(ids(&conn, "needs", "n", &unit.need_in_scope("n")), ["d2"]);
        assert_eq!(ids(&conn, "experts", "e", &unit.expert_in_scope("e")), ["x1", "x2"]);

        // Batch b1 (x1, x3): d1 through x3; d2 only through x1's match, which is in the bin.
        let batch = scope(None, None, Some("b1"));
        assert_eq!(ids(&conn, "visits", "v", &batch.visit_in_scope("v")), ["v1"]);
        assert_eq!(ids(&conn, "service_records", "s", &batch.service_record_in_scope("s")), ["s1"]);
        assert_eq!(ids(&conn, "needs", "n", &batch.need_in_scope("n")), ["d1"]);

        // Unit and batch together: x1 only.
        let both = scope(None, Some("o1"), Some("b1"));
        assert_eq!(ids(&conn, "experts", "e", &both.expert_in_scope("e")), ["x1"]);
        assert_eq!(ids(&conn, "visits", "v", &both.visit_in_scope("v")), ["v1"]);
        assert_eq!(ids(&conn, "needs", "n", &both.need_in_scope("n")), Vec::<String>::new());

        // A region matches at any level; s3 (温州, in the bin) never counts.
        for (region, firms, records) in [
            ("浙江省", vec!["n1", "n2"], vec!["s1", "s2"]),
            ("温州市", vec!["n2"], vec!["s2"]),
            ("鄞州区", vec!["n1"], vec!["s1"]),
            ("杭州市", vec![], vec![]),
        ] {
            let r = scope(Some(region), None, None);
            assert_eq!(ids(&conn, "enterprises", "n", &r.enterprise_in_region("n")), firms, "{region}");
            assert_eq!(ids(&conn, "service_records", "s", &r.service_record_in_scope("s")), records, "{region}");
        }
        let wenzhou_unit = scope(Some("温州市"), Some("o1"), None);
        let period_and_scope = wenzhou_unit.period_days("v.visit_date").and(wenzhou_unit.visit_in_scope("v"));
        assert_eq!(ids(&conn, "visits", "v", &period_and_scope), ["v2"]);
        assert_eq!(ids(&conn, "needs", "n", &wenzhou_unit.need_in_scope("n")), ["d2"]);
        let ningbo_batch2 = scope(Some("宁波市"), None, Some("b2"));
        assert_eq!(ids(&conn, "visits", "v", &ningbo_batch2.visit_in_scope("v")), Vec::<String>::new());
    }
}
