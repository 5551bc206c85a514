//! 统计: every figure of a period and scope ([`ReportFilter`]) that the 统计导出 page and the summary workbook show,
//! read in one snapshot so the figures agree with each other. Which rows are in scope is decided by
//! [`crate::reporting::report_filter`] (region by the enterprise, unit and batch by the expert, nothing in the recycle bin).
//!
//! Definitions:
//! - **走访**: live visits dated in the period. 走访人次 counts participants, only those of the unit and batch when
//!   one is set; the distinct experts are those participants, the distinct enterprises those visited.
//! - **活动**: live events dated in the period with an enterprise in the region and, with a unit or batch, an expert
//!   of it; counted per type, 参加人数 summed over those that recorded it (not limited by 只统计已审核: events are not
//!   reviewed).
//! - **成效**: live service records whose start date is in the period, with their days and outcome sums (money in
//!   fen, exact).
//! - **服务专员 / 服务企业**: distinct over the period's visits (their counted participants) and service records.
//! - **新增需求**: live needs created in the period, by the UTC date of `created_at` (timestamps are stored in UTC,
//!   so a need entered before 08:00 Beijing time counts on the day before).
//! - **已解决**: needs with a stage change to 已解决 dated in the period, each once, in the month of its last such
//!   change (a need solved, reopened and solved again counts once).
//! - **阶段存量**: every need created on or before the period's last day, at the stage of its last stage change
//!   dated on or before that day (same day: the one entered later); a need with no change by then is at 挖掘.
//! - **停滞**: of those, the open ones (挖掘…解决中) whose last change is [`STALE_DAYS`] or more days before the
//!   period's last day or today, whichever is earlier — the home page's rule, so the two agree.
//! - **专员工作量**: experts in scope who visited or served in the period; 对接需求 counts distinct live needs in scope
//!   matched to the expert by a live match dated (`matched_on`) in the period.
//! - **派出单位**: every unit with experts in scope (a row without a unit for experts without one): 专员数 counts its
//!   experts on the roster (not in the recycle bin) and any other of its experts who worked in the period (a live
//!   record of an expert in the bin still counts, as in the service ledger); the active experts are those who worked.
//! - **地区**: one level below the scope's region — cities without a region or for a province, counties for a city
//!   (a name found as a city anywhere counts as a city, so 北京市 lists its districts) or the county itself — by the
//!   enterprise's region; enterprises without that level are under [`NO_REGION`].
//!
//! Service records are read from the sums of migration 0008 (per expert and enterprise, with the enterprise's region):
//! per year for the whole years of a period when the scope is everything (their months from the per-day totals of
//! 0007), per month for its other whole months or any other scope, and one by one only for a month the period starts
//! or ends inside. A year of the large sample (340,000 records) is 64,000 rows of yearly sums, or 104,000 monthly.
//! Under a 来源 scope the sums cannot tell the origins apart: the period's records are read one by one, each
//! tested against `merged_records` (see [`crate::exchange::provenance`]; measured in docs/PERFORMANCE.md).
//! With 只统计已审核 the sums cannot tell approved records from the others either: the period's records are read
//! one by one too, each tested for `review_status = 'approved'` (visits always are read one by one).

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};
use crate::fieldwork::needs::stages::is_open;
use crate::fieldwork::service_record_list::outcomes_at;
use crate::fieldwork::service_records::OUTCOME_COLUMNS;
use crate::model::{
    EventFigures, EventType, EventTypeFigures, ExpertStatistics, MonthStatistics, NeedFigures, NeedStage,
    OrganizationKind, OrganizationStatistics, OutcomeTotals, RegionStatistics, ReportFilter, StageCount, Statistics,
    VisitFigures,
};
use crate::reporting::dashboard::STALE_DAYS;
use crate::reporting::report_filter::{self, Condition, ScopedFilter};
use crate::Ledger;

/// The region name of enterprises without the level the regions are listed by.
pub const NO_REGION: &str = "未填地区";

/// The days and [`OUTCOME_COLUMNS`] of the table under `alias`, comma-separated, in the order [`outcomes_at`] reads
/// them after a record count.
fn outcome_columns(alias: &str) -> String {
    std::iter::once("service_days")
        .chain(OUTCOME_COLUMNS)
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The statistics of `filter`'s period and scope; `today` bounds the stale-need rule. Run it inside one read
/// transaction (as [`Ledger::statistics`] does). A bad period, or a unit or batch that does not exist, is a
/// validation error.
pub fn statistics(conn: &Connection, filter: &ReportFilter, today: NaiveDate) -> Result<Statistics> {
    let scope = report_filter::resolve(conn, filter)?;
    let mut tally = Tally::new(conn, &scope)?;
    tally.service_records(conn, &scope)?;
    tally.visits(conn, &scope)?;
    let needs = tally.needs(conn, &scope, today)?;
    let events = events(conn, &scope)?;
    tally.needs_matched(conn, &scope)?;
    tally.finish();
    let per_region = tally.per_region(conn)?;
    let per_organization = tally.per_organization();
    Ok(Statistics {
        scope_label: scope.scope_label(),
        experts_served: tally.experts.iter().filter(|x| x.active).count() as u32,
        enterprises_served: tally.enterprises.iter().filter(|n| n.served).count() as u32,
        visits: VisitFigures {
            experts: tally.visit_experts.len() as u32,
            enterprises: tally.visit_enterprises.len() as u32,
            ..tally.visit_totals.clone()
        },
        needs,
        events,
        outcomes: tally.outcomes.clone(),
        per_expert: tally.per_expert(),
        per_organization,
        per_region,
        per_month: tally.months,
        period: scope.period,
    })
}

impl Ledger {
    /// The statistics of a period and scope (统计导出), with stale needs judged as of today.
    pub fn statistics(&self, filter: &ReportFilter) -> Result<Statistics> {
        let today = self.today();
        self.db.read_snapshot(|c| statistics(c, filter, today))
    }
}

/// 活动 dated in the period and in scope ([`ScopedFilter::event_in_scope`]): counted per type, attendance summed
/// over those that recorded it, the distinct enterprises that took part.
fn events(conn: &Connection, scope: &ScopedFilter) -> Result<EventFigures> {
    let condition = scope.period_days("e.event_date").and(scope.event_in_scope("e"));
    let sql = format!(
        "SELECT e.event_type, COUNT(*), COALESCE(SUM(e.attendance), 0) FROM events e WHERE {} GROUP BY e.event_type",
        condition.sql()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut counted: HashMap<EventType, (u32, u32)> = HashMap::new();
    let mut rows = stmt.query(params_from_iter(condition.params()))?;
    while let Some(r) = rows.next()? {
        counted.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
    }
    let by_type: Vec<EventTypeFigures> = EventType::ALL
        .iter()
        .map(|t| {
            let (events, attendance) = counted.get(t).copied().unwrap_or_default();
            EventTypeFigures { event_type: *t, events, attendance }
        })
        .collect();
    let enterprises: u32 = conn.query_row(
        &format!(
            "SELECT COUNT(DISTINCT ee.enterprise_id) FROM event_enterprises ee JOIN events e ON e.id = ee.event_id
             WHERE {}",
            condition.sql()
        ),
        params_from_iter(condition.params()),
        |r| r.get(0),
    )?;
    Ok(EventFigures {
        events: by_type.iter().map(|t| t.events).sum(),
        attendance: by_type.iter().map(|t| t.attendance).sum(),
        enterprises,
        by_type,
    })
}

/// Adds one set of outcome sums to another.
fn add(into: &mut OutcomeTotals, from: &OutcomeTotals) {
    into.records += from.records;
    into.service_days += from.service_days;
    into.outcomes.add(&from.outcomes);
}

/// The text in column `i`, borrowed from the row.
fn text<'r>(r: &'r Row<'_>, i: usize) -> Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|_| CoreError::CorruptValue(format!("statistics column {i}: text expected")))
}

/// A `YYYY-MM-DD` day (or the day of an RFC 3339 timestamp).
fn day(s: &str) -> Result<NaiveDate> {
    s.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .ok_or_else(|| CoreError::CorruptValue(format!("date {s:?}")))
}

/// A period cut for reading service records: whole calendar years (their per-year sums, for a scope of
/// everything), whole months (per-month sums) and the days of partial months (the records themselves).
struct PeriodSplit {
    /// First and last `YYYY` of the whole years.
    years: Option<(String, String)>,
    /// Ranges of whole months as first and last `YYYY-MM`: before and after the years (at most two).
    months: Vec<(String, String)>,
    /// Ranges of days in partial months (at most two).
    days: Vec<(NaiveDate, NaiveDate)>,
}

impl PeriodSplit {
    /// The cut of `from..=to`, with whole years only when `by_years`.
    fn new(from: NaiveDate, to: NaiveDate, by_years: bool) -> Self {
        let month_start = |d: NaiveDate| d.with_day(1).expect("day 1 exists");
        let first_full = if from.day() == 1 { from } else { month_start(from) + Months::new(1) };
        let next = to + Days::new(1);
        let end_full = if next.day() == 1 { next } else { month_start(to) };
        if first_full >= end_full {
            return Self { years: None, months: Vec::new(), days: vec![(from, to)] };
        }
        let mut days = Vec::new();
        if from < first_full {
            days.push((from, first_full - Days::new(1)));
        }
        if end_full <= to {
            days.push((end_full, to));
        }
        // Months counted from year 0: `year * 12 + month0`; the whole months are first..=last.
        let index = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
        let (first, last) = (index(first_full), index(end_full) - 1);
        let month = |m: i32| format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1);
        let (first_year, last_year) = ((first + 11).div_euclid(12), (last + 1).div_euclid(12) - 1);
        if !by_years || first_year > last_year {
            return Self { years: None, months: vec![(month(first), month(last))], days };
        }
        let mut months = Vec::new();
        if first < first_year * 12 {
            months.push((month(first), month(first_year * 12 - 1)));
        }
        if (last_year + 1) * 12 <= last {
            months.push((month((last_year + 1) * 12), month(last)));
        }
        Self { years: Some((format!("{first_year:04}"), format!("{last_year:04}"))), months, days }
    }
}

/// What the first column of rows of service records gives.
#[derive(Clone, Copy, PartialEq)]
enum Rows {
    /// A year (per-year sums): the months are counted from the per-day totals instead.
    Years,
    /// A month (per-month sums).
    Months,
    /// A day (the records themselves, without their enterprise's region).
    Records,
}

/// One expert in scope and their work.
struct ExpertWork {
    id: String,
    name: String,
    organization_id: Option<String>,
    /// On the roster (not in the recycle bin).
    live: bool,
    /// Visited or served in the period.
    active: bool,
    visits: u32,
    needs_matched: u32,
    outcomes: OutcomeTotals,
}

/// One enterprise met in the period's rows and what was done for it.
#[derive(Default)]
struct EnterpriseWork {
    id: String,
    /// Its name at the level the regions are listed by ([`NO_REGION`] when blank), once known.
    region: Option<String>,
    /// Visited or served in the period.
    served: bool,
    visits: u32,
    needs_new: u32,
    needs_solved: u32,
    outcomes: OutcomeTotals,
}

/// The running sums of one statistics run.
struct Tally {
    /// The enterprise column the regions are listed by (`city` or `county`).
    region_column: &'static str,
    /// Every dispatching organisation: name and kind by id.
    organizations: HashMap<String, (String, OrganizationKind)>,
    /// The period's first month as `year * 12 + month0`.
    first_month: i32,
    months: Vec<MonthStatistics>,
    experts: Vec<ExpertWork>,
    expert_index: HashMap<String, usize>,
    enterprises: Vec<EnterpriseWork>,
    enterprise_index: HashMap<String, usize>,
    /// (expert, enterprise) pairs of the period's visits and service records; repeated until [`Tally::finish`].
    pairs: Vec<(usize, usize)>,
    visit_totals: VisitFigures,
    visit_experts: HashSet<usize>,
    visit_enterprises: HashSet<usize>,
    /// Every record's outcomes, the sum of the experts' (made by [`Tally::finish`]).
    outcomes: OutcomeTotals,
}

impl Tally {
    /// Empty months of the period and the experts in scope (those in the recycle bin included: their live records
    /// still count).
    fn new(conn: &Connection, scope: &ScopedFilter) -> Result<Self> {
        let first_month = scope.from.year() * 12 + scope.from.month0() as i32;
        let last_month = scope.to.year() * 12 + scope.to.month0() as i32;
        let months = (first_month..=last_month)
            .map(|m| MonthStatistics {
                month: format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1),
                visits: 0,
                person_visits: 0,
                service_records: 0,
                service_days: 0.0,
                needs_new: 0,
                needs_solved: 0,
            })
            .collect();
        // Under a 来源 scope, experts of other origins are in the index (a record of the scope may name one) but not
        // on its roster: they count only when they worked in the period.
        let roster = scope.of_origins("experts", "e.id");
        let condition = scope.expert_in_scope("e");
        let sql = format!(
            "SELECT e.id, e.name, e.organization_id, e.deleted_at IS NULL AND ({}) FROM experts e WHERE {}",
            roster.sql(),
            condition.sql()
        );
        let params: Vec<Value> = roster.params().iter().chain(condition.params()).cloned().collect();
        let experts = conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(&params), |r| {
                Ok(ExpertWork {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    organization_id: r.get(2)?,
                    live: r.get(3)?,
                    active: false,
                    visits: 0,
                    needs_matched: 0,
                    outcomes: OutcomeTotals::default(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let expert_index = experts.iter().enumerate().map(|(i, x)| (x.id.clone(), i)).collect();
        let organizations = conn
            .prepare_cached("SELECT id, name, kind FROM organizations")?
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(Self {
            region_column: region_column(conn, scope)?,
            organizations,
            first_month,
            months,
            experts,
            expert_index,
            enterprises: Vec::new(),
            enterprise_index: HashMap::new(),
            pairs: Vec::new(),
            visit_totals: VisitFigures::default(),
            visit_experts: HashSet::new(),
            visit_enterprises: HashSet::new(),
            outcomes: OutcomeTotals::default(),
        })
    }

    /// The period's month of a `YYYY-MM…` text.
    fn month(&self, s: &str) -> Result<usize> {
        let year: Option<i32> = s.get(..4).and_then(|y| y.parse().ok());
        let month: Option<i32> = s.get(5..7).and_then(|m| m.parse().ok());
        year.zip(month)
            .map(|(y, m)| y * 12 + m - 1 - self.first_month)
            .and_then(|i| usize::try_from(i).ok())
            .filter(|&i| i < self.months.len())
            .ok_or_else(|| CoreError::CorruptValue(format!("month {s:?} outside the period")))
    }

    /// The index of an enterprise, added on first sight.
    fn enterprise(&mut self, id: &str) -> usize {
        if let Some(&i) = self.enterprise_index.get(id) {
            return i;
        }
        let i = self.enterprises.len();
        self.enterprises.push(EnterpriseWork { id: id.to_owned(), ..Default::default() });
        self.enterprise_index.insert(id.to_owned(), i);
        i
    }

    /// The index of an expert the scope's query returned.
    fn expert(&self, id: &str) -> Result<usize> {
        self.expert_index.get(id).copied().ok_or_else(|| CoreError::CorruptValue(format!("expert {id} out of scope")))
    }

    /// Visits dated in the period, with their participants.
    fn visits(&mut self, conn: &Connection, scope: &ScopedFilter) -> Result<()> {
        let condition = scope.period_days("v.visit_date").and(scope.visit_in_scope("v"));
        let sql = format!(
            "SELECT v.id, v.visit_date, v.enterprise_id, vx.expert_id
             FROM visits v LEFT JOIN visit_experts vx ON vx.visit_id = v.id
             WHERE {} ORDER BY v.visit_date, v.enterprise_id, v.id",
            condition.sql()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(condition.params()))?;
        let mut current = String::new();
        let (mut month, mut enterprise) = (0, 0);
        while let Some(r) = rows.next()? {
            if text(r, 0)? != current {
                current = text(r, 0)?.to_owned();
                month = self.month(text(r, 1)?)?;
                enterprise = self.enterprise(text(r, 2)?);
                self.visit_totals.visits += 1;
                self.months[month].visits += 1;
                let firm = &mut self.enterprises[enterprise];
                firm.visits += 1;
                firm.served = true;
                self.visit_enterprises.insert(enterprise);
            }
            // Participants outside the unit or batch are not in the index and are not counted.
            let Some(expert) = r.get_ref(3)?.as_str_or_null().ok().flatten().and_then(|id| self.expert_index.get(id))
            else {
                continue;
            };
            let expert = *expert;
            self.visit_totals.person_visits += 1;
            self.months[month].person_visits += 1;
            self.experts[expert].visits += 1;
            self.experts[expert].active = true;
            self.visit_experts.insert(expert);
            self.pairs.push((expert, enterprise));
        }
        Ok(())
    }

    /// Service records starting in the period: the per-year sums of its whole years when the scope is everything,
    /// the per-month sums of its other whole months, and the records of partial months. The sums carry the
    /// enterprise's region, so the region test reads them rather than the enterprises.
    fn service_records(&mut self, conn: &Connection, scope: &ScopedFilter) -> Result<()> {
        let by_years = !scope.has_expert_scope() && scope.region.is_none();
        // The sums know no origin nor review: under a 来源 scope or 只统计已审核 the records are read one by one
        // (docs/PERFORMANCE.md).
        let split = if scope.origins.is_some() || scope.reviewed_only {
            PeriodSplit { years: None, months: Vec::new(), days: vec![(scope.from, scope.to)] }
        } else {
            PeriodSplit::new(scope.from, scope.to, by_years)
        };
        if let Some((first, last)) = split.years {
            self.months_from_totals(conn, &format!("{first}-01-01"), &format!("{last}-12-31"))?;
            let condition = Condition::new("c.year BETWEEN ? AND ?", vec![Value::Text(first), Value::Text(last)]);
            let sql = format!(
                "SELECT c.year, c.expert_id, c.enterprise_id, c.{}, c.records, {} FROM service_record_years c WHERE {}",
                self.region_column,
                outcome_columns("c"),
                condition.sql()
            );
            self.add_service_rows(conn, &sql, condition.params(), Rows::Years)?;
        }
        for (first, last) in split.months {
            let condition = Condition::new("c.month BETWEEN ? AND ?", vec![Value::Text(first), Value::Text(last)])
                .and(scope.expert_id_in_scope("c.expert_id"))
                .and(scope.enterprise_in_region("c"));
            let sql = format!(
                "SELECT c.month, c.expert_id, c.enterprise_id, c.{}, c.records, {} FROM service_record_months c
                 WHERE {}",
                self.region_column,
                outcome_columns("c"),
                condition.sql()
            );
            self.add_service_rows(conn, &sql, condition.params(), Rows::Months)?;
        }
        for (from, to) in split.days {
            let days = Condition::new(
                "s.start_date BETWEEN ? AND ?",
                vec![Value::Text(from.to_string()), Value::Text(to.to_string())],
            );
            let condition = days.and(scope.service_record_in_scope("s"));
            let sql = format!(
                "SELECT s.start_date, s.expert_id, s.enterprise_id, NULL, 1, {} FROM service_records s WHERE {}",
                outcome_columns("s"),
                condition.sql()
            );
            self.add_service_rows(conn, &sql, condition.params(), Rows::Records)?;
        }
        Ok(())
    }

    /// The records and days of each month from `from` through `to` from the per-day totals of migration 0007 (a
    /// scope of everything only: they have no expert or enterprise).
    fn months_from_totals(&mut self, conn: &Connection, from: &str, to: &str) -> Result<()> {
        let mut stmt = conn.prepare_cached(
            "SELECT substr(start_date, 1, 7), SUM(records), TOTAL(service_days) FROM service_record_totals
             WHERE start_date BETWEEN ?1 AND ?2 GROUP BY 1",
        )?;
        let mut rows = stmt.query([from, to])?;
        while let Some(r) = rows.next()? {
            let month = self.month(text(r, 0)?)?;
            self.months[month].service_records += r.get::<_, u32>(1)?;
            self.months[month].service_days += r.get::<_, f64>(2)?;
        }
        Ok(())
    }

    /// Adds rows of (year, month or day, expert, enterprise, its region unless `Rows::Records`, record count,
    /// outcome columns). Rows come in time and expert order, so the month and expert of the row before are kept
    /// rather than looked up again.
    fn add_service_rows(&mut self, conn: &Connection, sql: &str, params: &[Value], kind: Rows) -> Result<()> {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        let (mut month_text, mut month) = (String::new(), 0);
        let (mut expert_id, mut expert) = (String::new(), 0);
        while let Some(r) = rows.next()? {
            let m = text(r, 0)?;
            if kind != Rows::Years && m.get(..7) != month_text.get(..7) {
                month = self.month(m)?;
                month_text = m.to_owned();
            }
            let x = text(r, 1)?;
            if x != expert_id {
                expert = self.expert(x)?;
                expert_id = x.to_owned();
            }
            let enterprise = self.enterprise(text(r, 2)?);
            if kind != Rows::Records && self.enterprises[enterprise].region.is_none() {
                self.enterprises[enterprise].region = Some(region_name(r.get(3)?));
            }
            let outcomes = outcomes_at(r, 4)?;
            if kind != Rows::Years {
                self.months[month].service_records += outcomes.records;
                self.months[month].service_days += outcomes.service_days;
            }
            let work = &mut self.experts[expert];
            work.active = true;
            add(&mut work.outcomes, &outcomes);
            let firm = &mut self.enterprises[enterprise];
            firm.served = true;
            add(&mut firm.outcomes, &outcomes);
            self.pairs.push((expert, enterprise));
        }
        Ok(())
    }

    /// Removes the repeated pairs and adds up the experts' outcomes, once every visit and record is in.
    fn finish(&mut self) {
        self.pairs.sort_unstable();
        self.pairs.dedup();
        for expert in &self.experts {
            add(&mut self.outcomes, &expert.outcomes);
        }
    }

    /// 新增, 已解决, the stock by stage at the period's end and the stale needs. A need's stage changes are dated
    /// in the order they are made (a change is never dated before the one before it), so a need whose last change
    /// is on or before the end was at its current stage then; only the others look up their history.
    fn needs(&mut self, conn: &Connection, scope: &ScopedFilter, today: NaiveDate) -> Result<NeedFigures> {
        let end = scope.period.to.as_str();
        let in_scope = scope.need_in_scope("n");
        let sql = format!(
            "SELECT n.id, n.enterprise_id, n.created_at, n.stage, n.stage_changed_on FROM needs n
             WHERE n.created_at < ? AND {}",
            in_scope.sql()
        );
        let mut params = vec![Value::Text((scope.to + Days::new(1)).to_string())];
        params.extend_from_slice(in_scope.params());
        let mut history = conn.prepare_cached(
            "SELECT to_stage, changed_on FROM need_stage_events WHERE need_id = ?1 AND changed_on <= ?2
             ORDER BY changed_on DESC, created_at DESC, id DESC LIMIT 1",
        )?;
        let cutoff = scope.to.min(today) - Days::new(STALE_DAYS);
        let mut by_stage: Vec<StageCount> =
            NeedStage::ALL.iter().map(|&stage| StageCount { stage, count: 0 }).collect();
        let mut figures = NeedFigures::default();
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(&params))?;
        while let Some(r) = rows.next()? {
            let created = day(text(r, 2)?)?;
            if created >= scope.from {
                figures.new += 1;
                let month = self.month(text(r, 2)?)?;
                self.months[month].needs_new += 1;
                let enterprise = self.enterprise(text(r, 1)?);
                self.enterprises[enterprise].needs_new += 1;
            }
            let (stage, changed): (NeedStage, NaiveDate) = if text(r, 4)? <= end {
                (r.get(3)?, day(text(r, 4)?)?)
            } else {
                // Changed since: the stage of its last change by the end, 挖掘 since its creation if none.
                let last: Option<(NeedStage, String)> =
                    history.query_row([text(r, 0)?, end], |e| Ok((e.get(0)?, e.get(1)?))).optional()?;
                match last {
                    Some((stage, on)) => (stage, day(&on)?),
                    None => (NeedStage::Discovered, created),
                }
            };
            by_stage[NeedStage::ALL.iter().position(|&s| s == stage).expect("every stage is listed")].count += 1;
            if is_open(stage) && changed <= cutoff {
                figures.stale += 1;
            }
        }

        let condition = Condition::new("e.to_stage = 'solved'", Vec::new())
            .and(scope.period_days("e.changed_on"))
            .and(scope.need_in_scope("n"));
        let sql = format!(
            "SELECT n.enterprise_id, max(e.changed_on)
             FROM need_stage_events e JOIN needs n INDEXED BY needs_live_id ON n.id = e.need_id
             WHERE {} GROUP BY n.id",
            condition.sql()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(condition.params()))?;
        while let Some(r) = rows.next()? {
            figures.solved += 1;
            let month = self.month(text(r, 1)?)?;
            self.months[month].needs_solved += 1;
            let enterprise = self.enterprise(text(r, 0)?);
            self.enterprises[enterprise].needs_solved += 1;
        }
        figures.by_stage = by_stage;
        Ok(figures)
    }

    /// Distinct needs matched to each expert by a live match dated in the period.
    fn needs_matched(&mut self, conn: &Connection, scope: &ScopedFilter) -> Result<()> {
        let condition = Condition::new("m.deleted_at IS NULL", Vec::new())
            .and(scope.period_days("m.matched_on"))
            .and(scope.need_in_scope("n"));
        let sql = format!(
            "SELECT m.expert_id, COUNT(DISTINCT m.need_id)
             FROM need_matches m JOIN needs n INDEXED BY needs_live_id ON n.id = m.need_id
             WHERE {} GROUP BY m.expert_id",
            condition.sql()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(condition.params()))?;
        while let Some(r) = rows.next()? {
            // Experts outside the unit or batch (matched to a need that another matched expert brings in scope).
            if let Some(&expert) = self.expert_index.get(text(r, 0)?) {
                self.experts[expert].needs_matched = r.get(1)?;
            }
        }
        Ok(())
    }

    /// 专员工作量: the experts who visited or served, most service days first, then by name.
    fn per_expert(&self) -> Vec<ExpertStatistics> {
        let mut enterprises = vec![0u32; self.experts.len()];
        for &(expert, _) in &self.pairs {
            enterprises[expert] += 1;
        }
        let mut rows: Vec<(usize, &ExpertWork)> = self.experts.iter().enumerate().filter(|(_, x)| x.active).collect();
        rows.sort_by(|(_, a), (_, b)| {
            b.outcomes
                .service_days
                .total_cmp(&a.outcomes.service_days)
                .then_with(|| (&a.name, &a.id).cmp(&(&b.name, &b.id)))
        });
        rows.into_iter()
            .map(|(i, x)| ExpertStatistics {
                expert_id: x.id.clone(),
                name: x.name.clone(),
                organization_name: self.organization_name(x),
                visits: x.visits,
                enterprises: enterprises[i],
                needs_matched: x.needs_matched,
                outcomes: x.outcomes.clone(),
            })
            .collect()
    }

    /// The name of an expert's organisation.
    fn organization_name(&self, expert: &ExpertWork) -> Option<String> {
        expert.organization_id.as_ref().and_then(|id| self.organizations.get(id)).map(|(name, _)| name.clone())
    }

    /// 派出单位统计: every unit with experts in scope (on the roster, or in the bin but active), most service days
    /// first, then by name; the row without a unit last among equals.
    fn per_organization(&self) -> Vec<OrganizationStatistics> {
        let mut rows: Vec<OrganizationStatistics> = Vec::new();
        let mut row_of: HashMap<Option<&str>, usize> = HashMap::new();
        let mut expert_row = vec![None; self.experts.len()];
        for (i, expert) in self.experts.iter().enumerate().filter(|(_, x)| x.live || x.active) {
            let key = expert.organization_id.as_deref();
            let row = *row_of.entry(key).or_insert_with(|| {
                let (name, kind) = key.and_then(|id| self.organizations.get(id)).cloned().unzip();
                rows.push(OrganizationStatistics {
                    organization_id: key.map(str::to_owned),
                    name,
                    kind,
                    experts: 0,
                    active_experts: 0,
                    person_visits: 0,
                    enterprises: 0,
                    outcomes: OutcomeTotals::default(),
                });
                rows.len() - 1
            });
            expert_row[i] = Some(row);
            let stats = &mut rows[row];
            stats.experts += 1;
            stats.active_experts += u32::from(expert.active);
            stats.person_visits += expert.visits;
            add(&mut stats.outcomes, &expert.outcomes);
        }
        let mut served: Vec<(usize, usize)> =
            self.pairs.iter().filter_map(|&(expert, firm)| expert_row[expert].map(|row| (row, firm))).collect();
        served.sort_unstable();
        served.dedup();
        for (row, _) in served {
            rows[row].enterprises += 1;
        }
        rows.sort_by(|a, b| {
            b.outcomes
                .service_days
                .total_cmp(&a.outcomes.service_days)
                .then_with(|| a.name.is_none().cmp(&b.name.is_none()))
                .then_with(|| a.name.cmp(&b.name))
        });
        rows
    }

    /// 地区统计: the enterprises met in the period grouped one level below the scope's region, most service days
    /// first, then by name. Enterprises met only through the stock of needs (nothing done for them in the period)
    /// add no row. Regions not known from the service sums are looked up.
    fn per_region(&self, conn: &Connection) -> Result<Vec<RegionStatistics>> {
        // The narrow index of migration 0008 answers from its own entries; SQLite would pick the unique index of
        // the id and read each (wide) row.
        let sql = format!("SELECT {} FROM enterprises INDEXED BY enterprises_regions WHERE id = ?", self.region_column);
        let mut lookup = conn.prepare_cached(&sql)?;
        let mut rows: Vec<RegionStatistics> = Vec::new();
        let mut row_of: HashMap<String, usize> = HashMap::new();
        for firm in &self.enterprises {
            if !firm.served && firm.needs_new == 0 && firm.needs_solved == 0 {
                continue;
            }
            let name = match &firm.region {
                Some(name) => name.clone(),
                None => region_name(lookup.query_row([&firm.id], |r| r.get(0))?),
            };
            let row = *row_of.entry(name).or_insert_with_key(|name| {
                rows.push(RegionStatistics {
                    region: name.clone(),
                    enterprises: 0,
                    visits: 0,
                    needs_new: 0,
                    needs_solved: 0,
                    outcomes: OutcomeTotals::default(),
                });
                rows.len() - 1
            });
            let stats = &mut rows[row];
            stats.enterprises += u32::from(firm.served);
            stats.visits += firm.visits;
            stats.needs_new += firm.needs_new;
            stats.needs_solved += firm.needs_solved;
            add(&mut stats.outcomes, &firm.outcomes);
        }
        rows.sort_by(|a, b| {
            b.outcomes.service_days.total_cmp(&a.outcomes.service_days).then_with(|| a.region.cmp(&b.region))
        });
        Ok(rows)
    }
}

/// A region as listed: the name, or [`NO_REGION`] when blank.
fn region_name(name: Option<String>) -> String {
    name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| NO_REGION.to_owned())
}

/// The enterprise column the regions are listed by: `county` when the scope's region is a city or a county
/// anywhere, `city` otherwise (no region, a province, or a name no enterprise has).
fn region_column(conn: &Connection, scope: &ScopedFilter) -> Result<&'static str> {
    let Some(region) = &scope.region else { return Ok("city") };
    let found = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM enterprises WHERE city = ?1 OR county = ?1)")?
        .query_row([region], |r| r.get::<_, bool>(0))?;
    Ok(if found { "county" } else { "city" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The cut as text: `years …`, then `first..last` of each range of whole months, then each range of days.
    fn split(from: &str, to: &str, by_years: bool) -> Vec<String> {
        let cut = PeriodSplit::new(day(from), day(to), by_years);
        let years = cut.years.map(|(first, last)| format!("years {first}..{last}"));
        let months = cut.months.iter().map(|(first, last)| format!("{first}..{last}"));
        years.into_iter().chain(months).chain(cut.days.iter().map(|(a, b)| format!("{a}..{b}"))).collect()
    }

    #[test]
    fn a_period_is_cut_into_whole_months_and_partial_ones() {
        assert_eq!(split("2024-01-01", "2024-12-31", false), ["2024-01..2024-12"]);
        assert_eq!(split("2024-02-01", "2024-02-29", false), ["2024-02..2024-02"]);
        assert_eq!(
            split("2024-01-15", "2024-03-10", false),
            ["2024-02..2024-02", "2024-01-15..2024-01-31", "2024-03-01..2024-03-10"]
        );
        assert_eq!(split("2024-01-01", "2024-03-10", false), ["2024-01..2024-02", "2024-03-01..2024-03-10"]);
        assert_eq!(split("2023-12-31", "2024-01-31", false), ["2024-01..2024-01", "2023-12-31..2023-12-31"]);
        assert_eq!(split("2024-02-05", "2024-02-20", false), ["2024-02-05..2024-02-20"]);
        assert_eq!(split("2024-01-15", "2024-02-14", false), ["2024-01-15..2024-02-14"]);
        assert_eq!(split("2024-03-01", "2024-03-01", false), ["2024-03-01..2024-03-01"]);
    }

    #[test]
    fn whole_years_are_cut_out_when_asked() {
        assert_eq!(split("2024-01-01", "2024-12-31", true), ["years 2024..2024"]);
        assert_eq!(split("2023-01-01", "2025-12-31", true), ["years 2023..2025"]);
        assert_eq!(
            split("2023-11-01", "2025-02-28", true),
            ["years 2024..2024", "2023-11..2023-12", "2025-01..2025-02"]
        );
        assert_eq!(
            split("2023-11-15", "2025-02-10", true),
            [
                "years 2024..2024",
                "2023-12..2023-12",
                "2025-01..2025-01",
                "2023-11-15..2023-11-30",
                "2025-02-01..2025-02-10"
            ]
        );
        assert_eq!(split("2024-01-01", "2024-11-30", true), ["2024-01..2024-11"], "no whole year");
        assert_eq!(split("2024-02-01", "2025-01-31", true), ["2024-02..2025-01"], "twelve months, no calendar year");
        assert_eq!(split("2024-04-01", "2024-06-30", true), ["2024-04..2024-06"]);
    }
}
