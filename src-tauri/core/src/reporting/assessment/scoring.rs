//! The figures of a period for every expert, read with a few grouped queries (one per source, not one per expert),
//! and the points, caps, tiers, clamping and grades made of them (docs/ASSESSMENT.md).
//!
//! What counts, for a period from its first to its last day (both included), nothing in the recycle bin:
//! - 服务天数 and 合同金额: the expert's service records whose **start date** is in the period — the rule of the
//!   statistics and of the 服务台账 export, so the figures equal the ledger's per-expert sums for the same period;
//! - 走访次数: visits dated in the period that the expert took part in (`visit_experts`);
//! - 解决需求: needs matched to the expert (a live match) with a stage change to 已解决 dated in the period, each once;
//! - 满意度: the expert's service records with an evaluation dated (`evaluated_on`) in the period;
//! - with `reviewedOnly`, visits and service records count only when their review is 已通过 (`approved`).
//!
//! 服务天数 and 合同金额 of a period's whole months are read from the per-month sums of migration 0008 (the days
//! outside whole months, and everything when only reviewed records count, from the records): on the large sample a
//! year's 340,000 records are 12,000 rows of sums.
//!
//! The experts of a period: every expert not in the recycle bin who was active at any time in it — whose service term
//! (`service_start`..`service_end`, open at an end left blank) overlaps it, or, without any term, whose status is
//! 在岗 —, or who has a pairing overlapping it, a record counted in it, or an adjustment, notes or a result in it.

use std::collections::HashMap;

use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::{params, Connection};

use super::periods;
use super::scheme::{round2, MAX_TOTAL};
use crate::error::Result;
use crate::model::{
    AssessmentItem, AssessmentPeriod, AssessmentRecordKind, AssessmentScheme, AssessmentSheet, AssessmentSource,
    ExpertScore, Grade, GradeCount, ItemRecords, ItemScore, SatisfactionWeights,
};
use crate::money::format_wan;

/// What one expert did in a period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// 服务天数.
    pub service_days: f64,
    /// 走访次数.
    pub visits: u32,
    /// 解决需求.
    pub needs_solved: u32,
    /// 合同金额, fen.
    pub contract_fen: i64,
    /// Evaluations: 满意, 基本满意, 不满意.
    pub evaluations: [u32; 3],
}

/// The review condition on the table under `alias` (nothing unless only reviewed records count).
fn reviewed(alias: &str, reviewed_only: bool) -> String {
    if reviewed_only {
        format!(" AND {alias}.review_status = 'approved'")
    } else {
        String::new()
    }
}

/// Every expert's figures for the days `from`..`to`, in four grouped queries.
pub fn figures(conn: &Connection, from: &str, to: &str, reviewed_only: bool) -> Result<HashMap<String, Figures>> {
    let mut out: HashMap<String, Figures> = HashMap::new();
    let mut add = |sql: &str, params: [&str; 2]| -> Result<()> {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        while let Some(r) = rows.next()? {
            let f = out.entry(r.get(0)?).or_default();
            f.service_days += r.get::<_, f64>(1)?;
            f.contract_fen += r.get::<_, i64>(2)?;
        }
        Ok(())
    };
    let records = format!(
        "SELECT s.expert_id, TOTAL(s.service_days), SUM(s.contract_amount_fen) FROM service_records s
         WHERE s.deleted_at IS NULL AND s.start_date BETWEEN ?1 AND ?2{} GROUP BY s.expert_id",
        reviewed("s", reviewed_only)
    );
    // The whole months of the period from the per-month sums of migration 0008 (kept by triggers, by start month,
    // live records only), the days before and after them from the records: the same figures, read from a few
    // thousand rows rather than a year's records. The sums know no review: reviewed-only reads the records.
    let (months, days) = if reviewed_only { (None, vec![(from.to_owned(), to.to_owned())]) } else { split(from, to) };
    if let Some((first, last)) = months {
        add(
            "SELECT c.expert_id, TOTAL(c.service_days), SUM(c.contract_amount_fen) FROM service_record_months c
             WHERE c.month BETWEEN ?1 AND ?2 GROUP BY c.expert_id",
            [&first, &last],
        )?;
    }
    for (a, b) in days {
        add(&records, [&a, &b])?;
    }
    let sql = format!(
        "SELECT vx.expert_id, COUNT(*) FROM visits v JOIN visit_experts vx ON vx.visit_id = v.id
         WHERE v.deleted_at IS NULL AND v.visit_date BETWEEN ?1 AND ?2{} GROUP BY vx.expert_id",
        reviewed("v", reviewed_only)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([from, to])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().visits = r.get(1)?;
    }
    let mut stmt = conn.prepare_cached(
        "SELECT m.expert_id, COUNT(DISTINCT e.need_id)
         FROM need_stage_events e JOIN needs n ON n.id = e.need_id JOIN need_matches m ON m.need_id = e.need_id
         WHERE e.to_stage = 'solved' AND e.changed_on BETWEEN ?1 AND ?2 AND n.deleted_at IS NULL
           AND m.deleted_at IS NULL
         GROUP BY m.expert_id",
    )?;
    let mut rows = stmt.query([from, to])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().needs_solved = r.get(1)?;
    }
    let sql = format!(
        "SELECT s.expert_id, s.satisfaction, COUNT(*) FROM service_records s
         WHERE s.deleted_at IS NULL AND s.satisfaction IS NOT NULL AND s.evaluated_on BETWEEN ?1 AND ?2{}
         GROUP BY s.expert_id, s.satisfaction",
        reviewed("s", reviewed_only)
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([from, to])?;
    while let Some(r) = rows.next()? {
        let answer: String = r.get(1)?;
        let slot = match answer.as_str() {
            "satisfied" => 0,
            "basically_satisfied" => 1,
            _ => 2,
        };
        out.entry(r.get(0)?).or_default().evaluations[slot] = r.get(2)?;
    }
    Ok(out)
}

/// The first and last of a stretch (months `YYYY-MM` or days `YYYY-MM-DD`).
type Span = (String, String);

/// A period cut into its whole months (`YYYY-MM` first and last, if any) and the days outside them (first and last
/// day of each part).
fn split(from: &str, to: &str) -> (Option<Span>, Vec<Span>) {
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (Some(start), Some(end)) = (parse(from), parse(to)) else {
        return (None, vec![(from.to_owned(), to.to_owned())]);
    };
    let first_of = |d: NaiveDate| d.with_day(1).expect("day 1 exists");
    let whole_from = if start.day() == 1 { start } else { first_of(start) + Months::new(1) };
    let whole_to_next = first_of(end + Days::new(1));
    if whole_from >= whole_to_next {
        return (None, vec![(from.to_owned(), to.to_owned())]);
    }
    let last_month = whole_to_next - Months::new(1);
    let mut days = Vec::new();
    if whole_from > start {
        days.push((from.to_owned(), (whole_from - Days::new(1)).to_string()));
    }
    if whole_to_next <= end {
        days.push((whole_to_next.to_string(), to.to_owned()));
    }
    let month = |d: NaiveDate| d.format("%Y-%m").to_string();
    (Some((month(whole_from), month(last_month))), days)
}

/// The weighted share of the evaluations, none without any.
pub fn satisfaction_share(evaluations: [u32; 3], weights: &SatisfactionWeights) -> Option<f64> {
    let n: u32 = evaluations.iter().sum();
    (n > 0).then(|| {
        let [s, b, d] = evaluations.map(f64::from);
        (s * weights.satisfied + b * weights.basically_satisfied + d * weights.dissatisfied) / f64::from(n)
    })
}

/// A number as the sheets write it: no trailing zeros (`12.5`, `3`).
pub fn plain_number(x: f64) -> String {
    let text = format!("{:.2}", round2(x));
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// One item's figure and points.
pub fn item_score(item: &AssessmentItem, f: &Figures, weights: &SatisfactionWeights) -> ItemScore {
    let source = item.source;
    let unit = source.unit_zh();
    let (figure, figure_text, no_data) = match source {
        AssessmentSource::ServiceDays => (f.service_days, format!("{} {unit}", plain_number(f.service_days)), false),
        AssessmentSource::Visits => (f64::from(f.visits), format!("{} {unit}", f.visits), false),
        AssessmentSource::NeedsSolved => (f64::from(f.needs_solved), format!("{} {unit}", f.needs_solved), false),
        AssessmentSource::ContractAmount => {
            (f.contract_fen as f64 / 1e6, format!("{} {unit}", format_wan(f.contract_fen)), false)
        }
        AssessmentSource::Satisfaction => match satisfaction_share(f.evaluations, weights) {
            Some(share) => (share, format!("{}%", plain_number_1(share * 100.0)), false),
            None => (0.0, "无评价".to_owned(), true),
        },
    };
    ItemScore { source, figure, figure_text, points: item.rule.points(figure), cap: item.rule.cap(), no_data }
}

/// One decimal, no trailing zero (`86.7`, `100`).
fn plain_number_1(x: f64) -> String {
    let text = format!("{:.1}", (x * 10.0).round() / 10.0);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// An expert's row before the cap on 优秀: the items, the adjustments, the clamped total and its grade.
pub fn score(
    scheme: &AssessmentScheme,
    expert: (String, String, Option<String>),
    f: &Figures,
    adjustments: f64,
) -> ExpertScore {
    let items: Vec<ItemScore> =
        scheme.items.iter().map(|item| item_score(item, f, &scheme.satisfaction_weights)).collect();
    let raw: f64 = items.iter().map(|i| i.points).sum::<f64>() + adjustments;
    let total = round2(raw.clamp(0.0, MAX_TOTAL));
    let grade = scheme.grade_of(total);
    let (expert_id, expert_name, organization_name) = expert;
    ExpertScore {
        expert_id,
        expert_name,
        organization_name,
        items,
        adjustments: round2(adjustments),
        total,
        grade,
        grade_label: grade.label(scheme.wording).to_owned(),
        lowered_by_cap: false,
        stored: None,
    }
}

/// The cap on the share of 优秀: at most ⌊experts × cap %⌋ keep 优秀, the highest totals; the others get the next
/// grade. Experts tied at the cut are all lowered (nobody keeps 优秀 with a total another lowered expert has), so the
/// cap is never passed.
pub fn apply_excellent_cap(rows: &mut [ExpertScore], scheme: &AssessmentScheme) {
    let Some(percent) = scheme.excellent_cap_percent else { return };
    let allowed = ((rows.len() as f64) * percent / 100.0 + 1e-9).floor() as usize;
    let mut excellent: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].grade == Grade::Excellent).collect();
    if excellent.len() <= allowed {
        return;
    }
    excellent.sort_by(|&a, &b| rows[b].total.total_cmp(&rows[a].total));
    // The total of the first one beyond the cap: everyone at or below it is lowered.
    let cut = rows[excellent[allowed]].total;
    for &i in &excellent {
        if rows[i].total <= cut {
            let row = &mut rows[i];
            row.grade = row.grade.next_lower();
            row.grade_label = row.grade.label(scheme.wording).to_owned();
            row.lowered_by_cap = true;
        }
    }
}

/// The experts of a period (see the module's note), with their 派出单位: id, name, unit.
fn experts_of(
    conn: &Connection,
    period: &AssessmentPeriod,
    figures: &HashMap<String, Figures>,
) -> Result<Vec<(String, String, Option<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.name, o.name,
            (e.service_start IS NOT NULL OR e.service_end IS NOT NULL)
              AND (e.service_start IS NULL OR e.service_start <= ?2) AND (e.service_end IS NULL OR e.service_end >= ?1)
            OR (e.service_start IS NULL AND e.service_end IS NULL AND e.status = 'active')
            OR EXISTS (SELECT 1 FROM assignments a WHERE a.expert_id = e.id AND a.deleted_at IS NULL
                       AND a.start_date <= ?2 AND (a.end_date IS NULL OR a.end_date >= ?1))
            OR EXISTS (SELECT 1 FROM assessment_experts x WHERE x.expert_id = e.id AND x.period_id = ?3)
            OR EXISTS (SELECT 1 FROM assessment_adjustments j WHERE j.expert_id = e.id AND j.period_id = ?3)
         FROM experts e LEFT JOIN organizations o ON o.id = e.organization_id
         WHERE e.deleted_at IS NULL",
    )?;
    let mut rows = stmt.query(params![period.start_date, period.end_date, period.id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let active: bool = r.get(3)?;
        if active || figures.contains_key(&id) {
            out.push((id, r.get(1)?, r.get(2)?));
        }
    }
    Ok(out)
}

/// Each expert's adjustments in the period, summed.
fn adjustment_sums(conn: &Connection, period_id: &str) -> Result<HashMap<String, f64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT expert_id, TOTAL(points) FROM assessment_adjustments WHERE period_id = ?1 GROUP BY expert_id",
    )?;
    let rows = stmt.query_map([period_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The sheet of a period: every expert's figures, points, adjustments, total and grade (the cap on 优秀 applied over
/// all of them), the stored results, highest total first, and the distribution of the grades.
pub fn sheet(conn: &Connection, period: &AssessmentPeriod) -> Result<AssessmentSheet> {
    let scheme = &period.scheme;
    let figures = figures(conn, &period.start_date, &period.end_date, scheme.reviewed_only)?;
    let adjustments = adjustment_sums(conn, &period.id)?;
    let mut stored = periods::stored_results(conn, &period.id)?;
    let none = Figures::default();
    let mut rows: Vec<ExpertScore> = experts_of(conn, period, &figures)?
        .into_iter()
        .map(|expert| {
            let f = figures.get(&expert.0).unwrap_or(&none);
            let adjusted = adjustments.get(&expert.0).copied().unwrap_or(0.0);
            score(scheme, expert, f, adjusted)
        })
        .collect();
    apply_excellent_cap(&mut rows, scheme);
    for row in &mut rows {
        row.stored = stored.remove(&row.expert_id);
    }
    rows.sort_by(|a, b| b.total.total_cmp(&a.total).then_with(|| a.expert_name.cmp(&b.expert_name)));
    let distribution = distribution(&rows, scheme);
    Ok(AssessmentSheet { period: period.clone(), rows, distribution })
}

/// How many experts got each grade, and their share.
pub fn distribution(rows: &[ExpertScore], scheme: &AssessmentScheme) -> Vec<GradeCount> {
    Grade::ALL
        .iter()
        .map(|&grade| {
            let count = rows.iter().filter(|r| r.grade == grade).count() as u32;
            let share = if rows.is_empty() { 0.0 } else { f64::from(count) / rows.len() as f64 };
            GradeCount { grade, label: grade.label(scheme.wording).to_owned(), count, share }
        })
        .collect()
}

/// The records behind each item of one expert in a period, in the scheme's order, oldest first.
pub fn records_of(conn: &Connection, period: &AssessmentPeriod, expert_id: &str) -> Result<Vec<ItemRecords>> {
    let review = |alias| reviewed(alias, period.scheme.reviewed_only);
    let ids = |sql: String| -> Result<Vec<String>> {
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![expert_id, period.start_date, period.end_date], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
    };
    period
        .scheme
        .items
        .iter()
        .map(|item| {
            let (kind, sql) = match item.source {
                AssessmentSource::ServiceDays | AssessmentSource::ContractAmount => {
                    let contract = if item.source == AssessmentSource::ContractAmount {
                        " AND s.contract_amount_fen > 0"
                    } else {
                        ""
                    };
                    (
                        AssessmentRecordKind::ServiceRecord,
                        format!(
                            "SELECT s.id FROM service_records s WHERE s.expert_id = ?1 AND s.deleted_at IS NULL
                             AND s.start_date BETWEEN ?2 AND ?3{contract}{} ORDER BY s.start_date, s.id",
                            review("s")
                        ),
                    )
                }
                AssessmentSource::Visits => (
                    AssessmentRecordKind::Visit,
                    format!(
                        "SELECT v.id FROM visits v JOIN visit_experts vx ON vx.visit_id = v.id
                         WHERE vx.expert_id = ?1 AND v.deleted_at IS NULL AND v.visit_date BETWEEN ?2 AND ?3{}
                         ORDER BY v.visit_date, v.id",
                        review("v")
                    ),
                ),
                AssessmentSource::NeedsSolved => (
                    AssessmentRecordKind::Need,
                    "SELECT n.id FROM needs n
                     WHERE n.deleted_at IS NULL
                       AND EXISTS (SELECT 1 FROM need_matches m WHERE m.need_id = n.id AND m.expert_id = ?1
                                   AND m.deleted_at IS NULL)
                       AND EXISTS (SELECT 1 FROM need_stage_events e WHERE e.need_id = n.id AND e.to_stage = 'solved'
                                   AND e.changed_on BETWEEN ?2 AND ?3)
                     ORDER BY (SELECT MIN(e.changed_on) FROM need_stage_events e WHERE e.need_id = n.id
                               AND e.to_stage = 'solved' AND e.changed_on BETWEEN ?2 AND ?3), n.id"
                        .to_owned(),
                ),
                AssessmentSource::Satisfaction => (
                    AssessmentRecordKind::ServiceRecord,
                    format!(
                        "SELECT s.id FROM service_records s WHERE s.expert_id = ?1 AND s.deleted_at IS NULL
                         AND s.satisfaction IS NOT NULL AND s.evaluated_on BETWEEN ?2 AND ?3{}
                         ORDER BY s.evaluated_on, s.id",
                        review("s")
                    ),
                ),
            };
            Ok(ItemRecords { source: item.source, kind, ids: ids(sql)? })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::split;

    fn owned(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    }

    #[test]
    fn a_period_is_cut_into_whole_months_and_the_days_around_them() {
        let months = |a: &str, b: &str| Some((a.to_owned(), b.to_owned()));
        assert_eq!(split("2025-01-01", "2025-12-31"), (months("2025-01", "2025-12"), vec![]));
        assert_eq!(split("2024-07-01", "2025-06-30"), (months("2024-07", "2025-06"), vec![]));
        assert_eq!(
            split("2025-01-15", "2025-03-10"),
            (months("2025-02", "2025-02"), owned(&[("2025-01-15", "2025-01-31"), ("2025-03-01", "2025-03-10")]))
        );
        assert_eq!(split("2025-01-02", "2025-01-30"), (None, owned(&[("2025-01-02", "2025-01-30")])));
        assert_eq!(split("2025-01-15", "2025-02-27"), (None, owned(&[("2025-01-15", "2025-02-27")])));
        assert_eq!(split("2024-02-01", "2024-02-29"), (months("2024-02", "2024-02"), vec![]));
        assert_eq!(
            split("2025-03-05", "2025-04-30"),
            (months("2025-04", "2025-04"), owned(&[("2025-03-05", "2025-03-31")]))
        );
    }
}
