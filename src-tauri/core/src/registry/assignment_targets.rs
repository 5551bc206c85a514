//! 协议目标完成情况: how far a pairing's records reached its targets, per calendar year it overlaps and for the whole
//! pairing. Computed from the records each time, never stored. In a period, the days counted are the pairing's dates
//! ∩ the period (an open pairing counts up to today):
//! - **服务天数 / 合同金额**: the expert's live service records at the enterprise starting on one of those days (the
//!   statistics' rule: a record counts in the period of its start);
//! - **走访次数**: live visits to the enterprise dated on one of those days that the expert took part in;
//! - **解决需求**: live needs of the enterprise matched to the expert (a live match) with a change to 已解决 dated on
//!   one of those days, each once.
//!
//! The targets are the agreement's for the whole pairing; each year is measured against them too (the agreement
//! names no yearly share).

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};

use crate::error::{CoreError, Result};
use crate::model::{Assignment, TargetFigure, TargetPeriod};
use crate::registry::assignments;
use crate::validate::date;
use crate::Ledger;

fn figure(actual: f64, target: Option<f64>) -> TargetFigure {
    let percent = target.filter(|t| *t > 0.0).map(|t| (actual / t * 1000.0).round() / 10.0);
    TargetFigure { actual, target, percent }
}

/// The figures of `a` over the days `from..=to`.
fn period(conn: &Connection, a: &Assignment, label: String, from: NaiveDate, to: NaiveDate) -> Result<TargetPeriod> {
    let (from_s, to_s) = (from.to_string(), to.to_string());
    let (days, contract): (f64, i64) = conn
        .prepare_cached(
            "SELECT TOTAL(service_days), COALESCE(SUM(contract_amount_fen), 0) FROM service_records
         WHERE expert_id = ?1 AND enterprise_id = ?2 AND deleted_at IS NULL AND start_date BETWEEN ?3 AND ?4",
        )?
        .query_row(params![a.expert_id, a.enterprise_id, from_s, to_s], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let visits: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM visits v JOIN visit_experts ve ON ve.visit_id = v.id AND ve.expert_id = ?1
             WHERE v.enterprise_id = ?2 AND v.deleted_at IS NULL AND v.visit_date BETWEEN ?3 AND ?4",
        )?
        .query_row(params![a.expert_id, a.enterprise_id, from_s, to_s], |r| r.get(0))?;
    let solved: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM needs n
             WHERE n.enterprise_id = ?2 AND n.deleted_at IS NULL
               AND EXISTS (SELECT 1 FROM need_matches m
                           WHERE m.need_id = n.id AND m.expert_id = ?1 AND m.deleted_at IS NULL)
               AND EXISTS (SELECT 1 FROM need_stage_events e
                           WHERE e.need_id = n.id AND e.to_stage = 'solved' AND e.changed_on BETWEEN ?3 AND ?4)",
        )?
        .query_row(params![a.expert_id, a.enterprise_id, from_s, to_s], |r| r.get(0))?;
    let t = &a.targets;
    Ok(TargetPeriod {
        label,
        from: from_s,
        to: to_s,
        service_days: figure(days, t.target_service_days),
        visits: figure(visits as f64, t.target_visits.map(|n| n as f64)),
        needs_solved: figure(solved as f64, t.target_needs_solved.map(|n| n as f64)),
        contract_fen: figure(contract as f64, t.target_contract_fen.map(|n| n as f64)),
    })
}

/// Completion of a pairing's targets: one period per calendar year it overlaps (oldest first), then `all`, the whole
/// pairing. An open pairing runs to `today` (or its start, if that is later).
pub fn completion(conn: &Connection, id: &str, today: NaiveDate) -> Result<Vec<TargetPeriod>> {
    let a = assignments::get(conn, id)?;
    let day = |d: &str| date::parse_day(d).map_err(|_| CoreError::CorruptValue(format!("assignment {id}")));
    let start = day(&a.start_date)?;
    let end = match &a.end_date {
        Some(e) => day(e)?,
        None => today.max(start),
    };
    let mut periods = Vec::new();
    for year in start.year()..=end.year() {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("a year's first day").max(start);
        let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("a year's last day").min(end);
        periods.push(period(conn, &a, year.to_string(), first, last)?);
    }
    periods.push(period(conn, &a, "all".to_owned(), start, end)?);
    Ok(periods)
}

impl Ledger {
    /// Completion of a pairing's targets per calendar year and for the whole pairing, from the records.
    pub fn assignment_completion(&self, id: &str) -> Result<Vec<TargetPeriod>> {
        let today = self.today();
        self.db.read(|c| completion(c, id, today))
    }
}
