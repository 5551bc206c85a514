//! Assessment periods (each with the copy of the scheme it is assessed by), 加分/扣分 entries, 自评 and 派出单位意见,
//! and the stored final results.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::scheme::{self, round2};
use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::model::{
    AssessmentAdjustment, AssessmentAdjustmentInput, AssessmentNotesInput, AssessmentPeriod, AssessmentPeriodInput,
    AssessmentScheme, Entity, ExpertScore, Stamps, StoredAssessmentResult,
};
use crate::normalize::{clean_multiline, clean_text, to_half_width};
use crate::storage::audit::{self, AuditAction};
use crate::storage::ids::new_id;
use crate::storage::record::{check_revision, is_live, not_found};
use crate::validate::date::{check_order, parse_day};
use crate::validate::limits::{LINE, NAME, NOTES};

const PERIOD_COLUMNS: &str = "p.id, p.name, p.start_date, p.end_date, p.scheme_json,
    (SELECT COUNT(*) FROM assessment_experts x WHERE x.period_id = p.id AND x.grade IS NOT NULL),
    p.created_at, p.updated_at, p.revision";

fn period_from_row(r: &Row<'_>) -> rusqlite::Result<(AssessmentPeriod, String)> {
    let placeholder = scheme::default_scheme();
    Ok((
        AssessmentPeriod {
            id: r.get(0)?,
            name: r.get(1)?,
            start_date: r.get(2)?,
            end_date: r.get(3)?,
            scheme: placeholder,
            graded_count: r.get(5)?,
            stamps: Stamps::from_row(r, 6)?,
        },
        r.get(4)?,
    ))
}

fn with_scheme((mut period, json): (AssessmentPeriod, String)) -> Result<AssessmentPeriod> {
    period.scheme = scheme::from_json(&json)?;
    Ok(period)
}

/// Every period, the latest first (by first day, then name).
pub fn list(conn: &Connection) -> Result<Vec<AssessmentPeriod>> {
    let sql = format!("SELECT {PERIOD_COLUMNS} FROM assessment_periods p ORDER BY p.start_date DESC, p.name");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], period_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(with_scheme).collect()
}

/// One period, or `not_found`.
pub fn get(conn: &Connection, id: &str) -> Result<AssessmentPeriod> {
    find(conn, "p.id", id)?.ok_or_else(|| not_found(Entity::AssessmentPeriod, id))
}

fn find(conn: &Connection, column: &str, value: &str) -> Result<Option<AssessmentPeriod>> {
    let sql = format!("SELECT {PERIOD_COLUMNS} FROM assessment_periods p WHERE {column} = ?1");
    conn.prepare_cached(&sql)?.query_row([value], period_from_row).optional()?.map(with_scheme).transpose()
}

/// The period named by `text`: its id, or its name (trimmed, half-width).
pub fn find_by_id_or_name(conn: &Connection, text: &str) -> Result<Option<AssessmentPeriod>> {
    if let Some(p) = find(conn, "p.id", text.trim())? {
        return Ok(Some(p));
    }
    find(conn, "p.name", &clean_text(&to_half_width(text)))
}

/// The calendar year a name such as `2025` stands for.
pub fn year_of(name: &str) -> Option<(NaiveDate, NaiveDate)> {
    let name = to_half_width(name);
    let name = name.trim().trim_end_matches('年');
    if name.len() != 4 || !name.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = name.parse().ok()?;
    if !(1949..=2200).contains(&year) {
        return None;
    }
    Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?))
}

/// The cleaned name and days of a period form; every problem at once.
fn checked(conn: &Connection, input: &AssessmentPeriodInput, id: Option<&str>) -> Result<(String, String, String)> {
    let mut errors = Vec::new();
    let name = clean_text(&input.name);
    if name.is_empty() {
        errors.push(FieldError::new("name", "请填写考核期间名称", "Give the period a name"));
    } else if name.chars().count() > NAME {
        errors.push(FieldError::new("name", format!("最多 {NAME} 个字符"), format!("At most {NAME} characters")));
    }
    let blank = |d: &Option<String>| d.as_deref().is_none_or(|d| d.trim().is_empty());
    let (start, end) = if blank(&input.start_date) && blank(&input.end_date) && year_of(&name).is_some() {
        let (from, to) = year_of(&name).expect("checked above");
        (Some(from), Some(to))
    } else {
        let mut day = |field: &str, value: &Option<String>, zh: &str, en: &str| match value.as_deref() {
            Some(text) if !text.trim().is_empty() => parse_day(text).map_err(|e| errors.push(e.on(field))).ok(),
            _ => {
                errors.push(FieldError::new(field, format!("请填写{zh}"), format!("Give the {en}")));
                None
            }
        };
        (
            day("startDate", &input.start_date, "开始日期", "first day"),
            day("endDate", &input.end_date, "结束日期", "last day"),
        )
    };
    if let (Some(from), Some(to)) = (start, end) {
        if let Err(e) = check_order(from, to) {
            errors.push(e.on("endDate"));
        }
        if from.year() < 1949 || to.year() > 2200 {
            errors.push(FieldError::new("startDate", "日期超出合理范围", "The dates are out of the plausible range"));
        }
    }
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let existing: Option<String> = conn
        .prepare_cached("SELECT id FROM assessment_periods WHERE name = ?1 AND id IS NOT ?2")?
        .query_row(params![name, id], |r| r.get(0))
        .optional()?;
    if let Some(existing_id) = existing {
        return Err(CoreError::Duplicate {
            existing_id,
            field: "name".to_owned(),
            message: format!("考核期间“{name}”已存在"),
            message_en: format!("The assessment period {name} already exists"),
        });
    }
    let (from, to) = (start.expect("no errors"), end.expect("no errors"));
    Ok((name, from.to_string(), to.to_string()))
}

/// Creates a period assessed by `scheme` (a copy of 设置's).
pub fn create(
    conn: &Connection,
    actor: &Actor,
    input: &AssessmentPeriodInput,
    scheme: &AssessmentScheme,
) -> Result<AssessmentPeriod> {
    let (name, from, to) = checked(conn, input, None)?;
    let id = new_id();
    let now = actor.now();
    conn.prepare_cached(
        "INSERT INTO assessment_periods (id, name, start_date, end_date, scheme_json, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![id, name, from, to, scheme::to_json(scheme)?, now])?;
    let saved = get(conn, &id)?;
    audit::created(conn, actor, Entity::AssessmentPeriod, &id, saved)
}

/// Renames a period or moves its days (its scheme and results stay).
pub fn update(
    conn: &Connection,
    actor: &Actor,
    id: &str,
    expected_revision: i32,
    input: &AssessmentPeriodInput,
) -> Result<AssessmentPeriod> {
    let before = get(conn, id)?;
    check_revision(Entity::AssessmentPeriod, id, expected_revision, before.stamps.revision)?;
    let (name, from, to) = checked(conn, input, Some(id))?;
    conn.prepare_cached(
        "UPDATE assessment_periods SET name = ?2, start_date = ?3, end_date = ?4, updated_at = ?5,
         revision = revision + 1 WHERE id = ?1",
    )?
    .execute(params![id, name, from, to, actor.now()])?;
    let after = get(conn, id)?;
    audit::updated(conn, actor, Entity::AssessmentPeriod, id, &before, after)
}

/// What a deleted period held, kept in its audit entry.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeletedPeriod {
    period: AssessmentPeriod,
    adjustments: Vec<AssessmentAdjustment>,
    experts: Vec<serde_json::Value>,
}

/// Deletes a period with its adjustments, notes and results; the audit entry keeps all of them.
pub fn delete(conn: &Connection, actor: &Actor, id: &str) -> Result<()> {
    let period = get(conn, id)?;
    let adjustments = adjustments_of(conn, id, None)?;
    let mut stmt = conn.prepare_cached(
        "SELECT expert_id, self_review, unit_opinion, grade, total, result_json, graded_at, revision
         FROM assessment_experts WHERE period_id = ?1 ORDER BY expert_id",
    )?;
    let experts = stmt
        .query_map([id], |r| {
            Ok(serde_json::json!({
                "expertId": r.get::<_, String>(0)?, "selfReview": r.get::<_, Option<String>>(1)?,
                "unitOpinion": r.get::<_, Option<String>>(2)?, "grade": r.get::<_, Option<String>>(3)?,
                "total": r.get::<_, Option<f64>>(4)?, "result": r.get::<_, Option<String>>(5)?,
                "gradedAt": r.get::<_, Option<String>>(6)?, "revision": r.get::<_, i32>(7)?,
            }))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    conn.execute("DELETE FROM assessment_periods WHERE id = ?1", [id])?;
    let before = DeletedPeriod { period, adjustments, experts };
    audit::record::<_, ()>(conn, actor, AuditAction::Delete, Entity::AssessmentPeriod, id, Some(&before), None)
}

fn adjustment_from_row(r: &Row<'_>) -> rusqlite::Result<AssessmentAdjustment> {
    Ok(AssessmentAdjustment {
        id: r.get(0)?,
        period_id: r.get(1)?,
        expert_id: r.get(2)?,
        points: r.get(3)?,
        reason: r.get(4)?,
        created_at: r.get(5)?,
    })
}

/// The adjustments of a period (of one expert), oldest first.
pub fn adjustments_of(
    conn: &Connection,
    period_id: &str,
    expert_id: Option<&str>,
) -> Result<Vec<AssessmentAdjustment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, period_id, expert_id, points, reason, created_at FROM assessment_adjustments
         WHERE period_id = ?1 AND (?2 IS NULL OR expert_id = ?2) ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map(params![period_id, expert_id], adjustment_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn expert_must_exist(conn: &Connection, expert_id: &str) -> Result<()> {
    if is_live(conn, Entity::Expert, expert_id)? {
        Ok(())
    } else {
        Err(not_found(Entity::Expert, expert_id))
    }
}

/// Adds a 加分/扣分 entry: points given, not 0, at most two decimals, and the expert's adjustments within the
/// period's limit (± the scheme's `adjustmentLimit`) with it; a reason is required. Nothing is written otherwise.
pub fn add_adjustment(
    conn: &Connection,
    actor: &Actor,
    input: &AssessmentAdjustmentInput,
) -> Result<AssessmentAdjustment> {
    let period = get(conn, &input.period_id)?;
    expert_must_exist(conn, &input.expert_id)?;
    let limit = period.scheme.adjustment_limit;
    let mut errors = Vec::new();
    let reason = clean_text(&input.reason);
    if reason.is_empty() {
        errors.push(FieldError::new("reason", "请填写加分或扣分的理由", "Give the reason for the adjustment"));
    } else if reason.chars().count() > LINE {
        errors.push(FieldError::new("reason", format!("最多 {LINE} 个字符"), format!("At most {LINE} characters")));
    }
    match input.points {
        None => errors.push(FieldError::new("points", "请填写分值", "Give the points")),
        Some(p) if !p.is_finite() || p == 0.0 || round2(p) != p => errors.push(FieldError::new(
            "points",
            "分值应为不等于 0 的数，最多两位小数",
            "The points must be a number other than 0, with at most two decimals",
        )),
        Some(p) => {
            let sum: f64 = adjustments_of(conn, &period.id, Some(&input.expert_id))?.iter().map(|a| a.points).sum();
            let after = round2(sum + p);
            if after.abs() > limit {
                errors.push(FieldError::new(
                    "points",
                    format!("加分/扣分合计应在 ±{limit} 分以内（现为 {}，加上后为 {after}）", round2(sum)),
                    format!(
                        "The adjustments must add up to within ±{limit} ({} now, {after} with this one)",
                        round2(sum)
                    ),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let saved = AssessmentAdjustment {
        id: new_id(),
        period_id: period.id,
        expert_id: input.expert_id.clone(),
        points: input.points.expect("checked"),
        reason,
        created_at: actor.now(),
    };
    conn.prepare_cached(
        "INSERT INTO assessment_adjustments (id, period_id, expert_id, points, reason, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![saved.id, saved.period_id, saved.expert_id, saved.points, saved.reason, saved.created_at])?;
    let id = saved.id.clone();
    audit::created(conn, actor, Entity::AssessmentAdjustment, &id, saved)
}

/// Removes a 加分/扣分 entry (its audit entry keeps it); returns it.
pub fn remove_adjustment(conn: &Connection, actor: &Actor, id: &str) -> Result<AssessmentAdjustment> {
    let before = conn
        .prepare_cached(
            "SELECT id, period_id, expert_id, points, reason, created_at FROM assessment_adjustments WHERE id = ?1",
        )?
        .query_row([id], adjustment_from_row)
        .optional()?
        .ok_or_else(|| not_found(Entity::AssessmentAdjustment, id))?;
    conn.execute("DELETE FROM assessment_adjustments WHERE id = ?1", [id])?;
    audit::record::<_, ()>(conn, actor, AuditAction::Delete, Entity::AssessmentAdjustment, id, Some(&before), None)?;
    Ok(before)
}

/// 自评, 派出单位意见 and the revision of an expert's row in a period (none: no row yet).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Notes {
    /// 自评.
    pub self_review: Option<String>,
    /// 派出单位意见.
    pub unit_opinion: Option<String>,
    /// The row's revision.
    pub revision: Option<i32>,
}

/// The notes of an expert in a period.
pub fn notes_of(conn: &Connection, period_id: &str, expert_id: &str) -> Result<Notes> {
    Ok(conn
        .prepare_cached(
            "SELECT self_review, unit_opinion, revision FROM assessment_experts WHERE period_id = ?1 AND expert_id = ?2",
        )?
        .query_row([period_id, expert_id], |r| {
            Ok(Notes { self_review: r.get(0)?, unit_opinion: r.get(1)?, revision: Some(r.get(2)?) })
        })
        .optional()?
        .unwrap_or_default())
}

/// The notes of every expert of a period that has any, by expert (the 考核表 of all of them).
pub fn notes_by_expert(conn: &Connection, period_id: &str) -> Result<std::collections::HashMap<String, Notes>> {
    let mut stmt = conn.prepare_cached(
        "SELECT expert_id, self_review, unit_opinion, revision FROM assessment_experts WHERE period_id = ?1",
    )?;
    let rows = stmt.query_map([period_id], |r| {
        Ok((r.get(0)?, Notes { self_review: r.get(1)?, unit_opinion: r.get(2)?, revision: Some(r.get(3)?) }))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The expert's row in the period, made when missing; returns its id.
fn row_id(conn: &Connection, actor: &Actor, period_id: &str, expert_id: &str) -> Result<String> {
    let found: Option<String> = conn
        .prepare_cached("SELECT id FROM assessment_experts WHERE period_id = ?1 AND expert_id = ?2")?
        .query_row([period_id, expert_id], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id = new_id();
    let now = actor.now();
    conn.prepare_cached(
        "INSERT INTO assessment_experts (id, period_id, expert_id, created_at, updated_at, revision)
         VALUES (?1, ?2, ?3, ?4, ?4, 0)",
    )?
    .execute(params![id, period_id, expert_id, now])?;
    Ok(id)
}

/// Saves 自评 and 派出单位意见 (cleaned, at most 2,000 characters each) against the revision the form started from.
pub fn save_notes(conn: &Connection, actor: &Actor, input: &AssessmentNotesInput) -> Result<Notes> {
    get(conn, &input.period_id)?;
    expert_must_exist(conn, &input.expert_id)?;
    let self_review = clean_multiline(input.self_review.as_deref());
    let unit_opinion = clean_multiline(input.unit_opinion.as_deref());
    let mut errors = Vec::new();
    for (field, value) in [("selfReview", &self_review), ("unitOpinion", &unit_opinion)] {
        if value.as_deref().is_some_and(|v| v.chars().count() > NOTES) {
            errors.push(FieldError::new(field, format!("最多 {NOTES} 个字符"), format!("At most {NOTES} characters")));
        }
    }
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let before = notes_of(conn, &input.period_id, &input.expert_id)?;
    let id = row_id(conn, actor, &input.period_id, &input.expert_id)?;
    check_revision(Entity::AssessmentExpert, &id, input.revision.unwrap_or(0), before.revision.unwrap_or(0))?;
    conn.prepare_cached(
        "UPDATE assessment_experts SET self_review = ?2, unit_opinion = ?3, updated_at = ?4, revision = revision + 1
         WHERE id = ?1",
    )?
    .execute(params![id, self_review, unit_opinion, actor.now()])?;
    let after = notes_of(conn, &input.period_id, &input.expert_id)?;
    audit::updated(conn, actor, Entity::AssessmentExpert, &id, &before, after)
}

/// The stored results of a period, by expert.
pub fn stored_results(
    conn: &Connection,
    period_id: &str,
) -> Result<std::collections::HashMap<String, StoredAssessmentResult>> {
    let mut stmt = conn.prepare_cached(
        "SELECT expert_id, result_json FROM assessment_experts WHERE period_id = ?1 AND result_json IS NOT NULL",
    )?;
    let mut rows = stmt.query([period_id])?;
    let mut out = std::collections::HashMap::new();
    while let Some(r) = rows.next()? {
        let json: String = r.get(1)?;
        let result =
            serde_json::from_str(&json).map_err(|e| CoreError::CorruptValue(format!("assessment result: {e}")))?;
        out.insert(r.get(0)?, result);
    }
    Ok(out)
}

/// Stores the final result of each row (the figures, points, total and grade as computed now), one audit entry per
/// expert.
pub fn store_results(conn: &Connection, actor: &Actor, period: &AssessmentPeriod, rows: &[ExpertScore]) -> Result<()> {
    let now = actor.now();
    let mut entries: std::collections::HashMap<String, Vec<AssessmentAdjustment>> = std::collections::HashMap::new();
    for a in adjustments_of(conn, &period.id, None)? {
        entries.entry(a.expert_id.clone()).or_default().push(a);
    }
    for row in rows {
        let result = StoredAssessmentResult {
            grade: row.grade,
            grade_label: row.grade_label.clone(),
            total: row.total,
            items: row.items.clone(),
            adjustments: row.adjustments,
            adjustment_entries: entries.remove(&row.expert_id).unwrap_or_default(),
            lowered_by_cap: row.lowered_by_cap,
            graded_at: now.clone(),
            graded_by: actor.name().to_owned(),
        };
        let before = row.stored.clone();
        let id = row_id(conn, actor, &period.id, &row.expert_id)?;
        let json = serde_json::to_string(&result).map_err(|e| CoreError::CorruptValue(e.to_string()))?;
        conn.prepare_cached(
            "UPDATE assessment_experts SET grade = ?2, total = ?3, result_json = ?4, graded_at = ?5, updated_at = ?5,
             revision = revision + 1 WHERE id = ?1",
        )?
        .execute(params![id, row.grade.code(), row.total, json, now])?;
        audit::record(conn, actor, AuditAction::Update, Entity::AssessmentExpert, &id, Some(&before), Some(&result))?;
    }
    Ok(())
}
