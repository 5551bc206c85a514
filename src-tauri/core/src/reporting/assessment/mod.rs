//! 年度考核 (docs/ASSESSMENT.md): `scheme` (考核办法: the default, validation, the scheme in 设置, points of a figure),
//! `periods` (periods with their scheme copy, adjustments, 自评/意见, stored results), `scoring` (the figures of a
//! period in a few grouped queries, points, clamping, grades, the cap on 优秀, the records behind an item). The
//! workbooks are in `reporting/export/assessment.rs`.

pub mod periods;
pub mod scheme;
pub mod scoring;

use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::model::{
    AssessmentAdjustmentInput, AssessmentNotesInput, AssessmentPeriod, AssessmentPeriodInput, AssessmentScheme,
    AssessmentSheet, Entity, ExpertAssessment, Stamps,
};
use crate::storage::record::not_found;
use crate::Ledger;

/// The period `text` names: a stored period by id or name, else a year such as `2025` — the calendar year assessed
/// by the scheme in 设置 (the default if none was saved), not stored (its id is empty). Anything else is a validation
/// error on `period`.
pub fn resolve_period(conn: &Connection, text: &str) -> Result<AssessmentPeriod> {
    if let Some(period) = periods::find_by_id_or_name(conn, text)? {
        return Ok(period);
    }
    let Some((from, to)) = periods::year_of(text) else {
        return Err(CoreError::field(
            "period",
            format!("没有名为“{}”的考核期间，也不是一个年份（如 2025）", text.trim()),
            format!("There is no assessment period named '{}', nor is it a year such as 2025", text.trim()),
        ));
    };
    Ok(AssessmentPeriod {
        id: String::new(),
        name: from.format("%Y").to_string(),
        start_date: from.to_string(),
        end_date: to.to_string(),
        scheme: scheme::current(conn)?,
        graded_count: 0,
        stamps: Stamps::default(),
    })
}

/// One expert's score sheet: the row of the period's sheet (the cap on 优秀 is over all experts), the records behind
/// each item, the adjustments and the notes. An expert not listed in the period is `not_found`.
pub fn expert_assessment(conn: &Connection, period: &AssessmentPeriod, expert_id: &str) -> Result<ExpertAssessment> {
    let sheet = scoring::sheet(conn, period)?;
    let score = sheet
        .rows
        .into_iter()
        .find(|r| r.expert_id == expert_id)
        .ok_or_else(|| not_found(Entity::Expert, expert_id))?;
    let notes = periods::notes_of(conn, &period.id, expert_id)?;
    Ok(ExpertAssessment {
        records: scoring::records_of(conn, period, expert_id)?,
        adjustments: periods::adjustments_of(conn, &period.id, Some(expert_id))?,
        period: sheet.period,
        score,
        self_review: notes.self_review,
        unit_opinion: notes.unit_opinion,
        revision: notes.revision,
    })
}

impl Ledger {
    /// The scheme in 设置 → 考核办法 (the default when none was saved).
    pub fn assessment_scheme(&self) -> Result<AssessmentScheme> {
        self.db.read(scheme::current)
    }

    /// The shipped default scheme (for 恢复默认).
    pub fn default_assessment_scheme(&self) -> AssessmentScheme {
        scheme::default_scheme()
    }

    /// Validates and saves the scheme in 设置 (audited). Existing periods keep their own copy.
    pub fn save_assessment_scheme(&self, scheme: &AssessmentScheme) -> Result<AssessmentScheme> {
        self.db.write(|tx| scheme::save(tx, &self.actor, scheme))
    }

    /// The assessment periods, the latest first.
    pub fn list_assessment_periods(&self) -> Result<Vec<AssessmentPeriod>> {
        self.db.read(periods::list)
    }

    /// Creates a period (a year such as `2025` without days: the calendar year) with a copy of the scheme in 设置.
    pub fn create_assessment_period(&self, input: &AssessmentPeriodInput) -> Result<AssessmentPeriod> {
        self.db.write(|tx| {
            let scheme = scheme::current(tx)?;
            periods::create(tx, &self.actor, input, &scheme)
        })
    }

    /// Renames a period or changes its days.
    pub fn update_assessment_period(
        &self,
        id: &str,
        expected_revision: i32,
        input: &AssessmentPeriodInput,
    ) -> Result<AssessmentPeriod> {
        self.db.write(|tx| periods::update(tx, &self.actor, id, expected_revision, input))
    }

    /// Deletes a period with its adjustments, notes and results (kept in the audit entry).
    pub fn delete_assessment_period(&self, id: &str) -> Result<()> {
        self.db.write(|tx| periods::delete(tx, &self.actor, id))
    }

    /// The period's sheet: every expert active in it, scored by the period's scheme, with the stored results.
    pub fn assessment_sheet(&self, period_id: &str) -> Result<AssessmentSheet> {
        self.db.read_snapshot(|c| scoring::sheet(c, &periods::get(c, period_id)?))
    }

    /// One expert's score sheet in a period, with the records behind each item.
    pub fn expert_assessment(&self, period_id: &str, expert_id: &str) -> Result<ExpertAssessment> {
        self.db.read_snapshot(|c| expert_assessment(c, &periods::get(c, period_id)?, expert_id))
    }

    /// Adds a 加分/扣分 entry (reason required, within the period's limit; nothing written otherwise); returns the
    /// expert's sheet.
    pub fn add_assessment_adjustment(&self, input: &AssessmentAdjustmentInput) -> Result<ExpertAssessment> {
        self.db.write(|tx| {
            periods::add_adjustment(tx, &self.actor, input)?;
            expert_assessment(tx, &periods::get(tx, &input.period_id)?, &input.expert_id)
        })
    }

    /// Removes a 加分/扣分 entry; returns the expert's sheet.
    pub fn remove_assessment_adjustment(&self, id: &str) -> Result<ExpertAssessment> {
        self.db.write(|tx| {
            let removed = periods::remove_adjustment(tx, &self.actor, id)?;
            expert_assessment(tx, &periods::get(tx, &removed.period_id)?, &removed.expert_id)
        })
    }

    /// Saves 自评 and 派出单位意见 against the revision the form started from; returns the expert's sheet.
    pub fn save_assessment_notes(&self, input: &AssessmentNotesInput) -> Result<ExpertAssessment> {
        self.db.write(|tx| {
            periods::save_notes(tx, &self.actor, input)?;
            expert_assessment(tx, &periods::get(tx, &input.period_id)?, &input.expert_id)
        })
    }

    /// 定档: stores the final result (figures, points, total, grade as computed now) of one expert, or of every
    /// expert of the period; returns the sheet.
    pub fn grade_assessment(&self, period_id: &str, expert_id: Option<&str>) -> Result<AssessmentSheet> {
        self.db.write(|tx| {
            let period = periods::get(tx, period_id)?;
            let sheet = scoring::sheet(tx, &period)?;
            let rows: Vec<_> =
                sheet.rows.iter().filter(|r| expert_id.is_none_or(|id| r.expert_id == id)).cloned().collect();
            if let (Some(id), true) = (expert_id, rows.is_empty()) {
                return Err(not_found(Entity::Expert, id));
            }
            periods::store_results(tx, &self.actor, &period, &rows)?;
            scoring::sheet(tx, &periods::get(tx, period_id)?)
        })
    }
}
