//! 设置 kept in the database's `settings` key/value table: the 填报单位 and 填报人 printed on every export, and
//! 审核 (whether typed records need review; whether statistics and exports count only approved records).

use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::model::Entity;
use crate::model::{ReportSettings, ReviewSettings};
use crate::normalize::clean_text;
use crate::storage::audit::{self, AuditAction};
use crate::Ledger;

/// The key of 填报单位.
pub const REPORTING_UNIT_KEY: &str = "report.reporting_unit";

/// The key of 填报人.
pub const REPORTER_KEY: &str = "report.reporter";

/// The key of 操作人, the name audit entries record (empty or absent: the OS user).
pub const OPERATOR_KEY: &str = "audit.operator";

/// The key of 录入的记录需要审核 (`1` on, else off).
pub const REVIEW_ENTERED_KEY: &str = "review.entered_records";

/// The key of 只统计已审核, the remembered switch of the statistics and the exports (`1` on, else off).
pub const REVIEWED_ONLY_KEY: &str = "report.reviewed_only";

/// The longest 填报单位 or 填报人 accepted, in characters.
pub const MAX_REPORT_SETTING_CHARS: usize = 100;

/// 填报单位 and 填报人 as saved (empty when never set).
pub fn report_settings(conn: &Connection) -> Result<ReportSettings> {
    Ok(ReportSettings { reporting_unit: value(conn, REPORTING_UNIT_KEY)?, reporter: value(conn, REPORTER_KEY)? })
}

/// Cleans (half-width, trimmed, single spaces), checks (at most 100 characters each) and saves 填报单位 and 填报人
/// inside the caller's transaction, with an audit entry (entity `settings`, id `report`) when they changed.
pub fn save_report_settings(conn: &Connection, actor: &Actor, input: &ReportSettings) -> Result<ReportSettings> {
    let clean =
        ReportSettings { reporting_unit: clean_text(&input.reporting_unit), reporter: clean_text(&input.reporter) };
    let mut errors = Vec::new();
    for (field, label, label_en, text) in [
        ("reportingUnit", "填报单位", "The reporting unit", &clean.reporting_unit),
        ("reporter", "填报人", "The reporter", &clean.reporter),
    ] {
        if text.chars().count() > MAX_REPORT_SETTING_CHARS {
            errors.push(FieldError::new(
                field,
                format!("{label}不能超过 {MAX_REPORT_SETTING_CHARS} 个字"),
                format!("{label_en} must be at most {MAX_REPORT_SETTING_CHARS} characters"),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let before = report_settings(conn)?;
    if before != clean {
        let mut upsert = conn.prepare_cached(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?;
        upsert.execute(params![REPORTING_UNIT_KEY, clean.reporting_unit])?;
        upsert.execute(params![REPORTER_KEY, clean.reporter])?;
        audit::record(conn, actor, AuditAction::Update, Entity::Settings, "report", Some(&before), Some(&clean))?;
    }
    Ok(clean)
}

/// 操作人 as saved (empty when never set: the OS user acts).
pub fn operator(conn: &Connection) -> Result<String> {
    value(conn, OPERATOR_KEY)
}

/// Cleans (half-width, trimmed, single spaces), checks (at most 100 characters) and saves 操作人 inside the caller's
/// transaction, with an audit entry (entity `settings`, id `operator`) when it changed.
pub fn save_operator(conn: &Connection, actor: &Actor, name: &str) -> Result<String> {
    let clean = clean_text(name);
    if clean.chars().count() > MAX_REPORT_SETTING_CHARS {
        return Err(CoreError::field(
            "operator",
            format!("操作人不能超过 {MAX_REPORT_SETTING_CHARS} 个字"),
            format!("The operator must be at most {MAX_REPORT_SETTING_CHARS} characters"),
        ));
    }
    let before = operator(conn)?;
    if before != clean {
        conn.prepare_cached(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute(params![OPERATOR_KEY, clean])?;
        audit::record(conn, actor, AuditAction::Update, Entity::Settings, "operator", Some(&before), Some(&clean))?;
    }
    Ok(clean)
}

/// 设置 → 审核 as saved (both off when never set).
pub fn review_settings(conn: &Connection) -> Result<ReviewSettings> {
    Ok(ReviewSettings {
        review_entered: value(conn, REVIEW_ENTERED_KEY)? == "1",
        reviewed_only: value(conn, REVIEWED_ONLY_KEY)? == "1",
    })
}

/// Saves 设置 → 审核 inside the caller's transaction, with an audit entry (entity `settings`, id `review`) when it
/// changed.
pub fn save_review_settings(conn: &Connection, actor: &Actor, input: &ReviewSettings) -> Result<ReviewSettings> {
    let before = review_settings(conn)?;
    if before != *input {
        let mut upsert = conn.prepare_cached(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?;
        let flag = |on: bool| if on { "1" } else { "0" };
        upsert.execute(params![REVIEW_ENTERED_KEY, flag(input.review_entered)])?;
        upsert.execute(params![REVIEWED_ONLY_KEY, flag(input.reviewed_only)])?;
        audit::record(conn, actor, AuditAction::Update, Entity::Settings, "review", Some(&before), Some(input))?;
    }
    Ok(*input)
}

fn value(conn: &Connection, key: &str) -> Result<String> {
    let found: Option<String> =
        conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?;
    Ok(found.unwrap_or_default())
}

impl Ledger {
    /// 填报单位 and 填报人, as the 设置 page and the exports show them.
    pub fn report_settings(&self) -> Result<ReportSettings> {
        self.db.read(report_settings)
    }

    /// Saves 填报单位 and 填报人 (cleaned, at most 100 characters each, audited).
    pub fn save_report_settings(&self, input: &ReportSettings) -> Result<ReportSettings> {
        self.db.write(|tx| save_report_settings(tx, &self.actor, input))
    }

    /// 操作人 as saved (empty: the OS user acts).
    pub fn operator(&self) -> Result<String> {
        self.db.read(operator)
    }

    /// Saves 操作人 (cleaned, at most 100 characters, audited by the actor before the change) and records every later
    /// change under it — under the OS user when it is blank.
    pub fn save_operator(&self, name: &str) -> Result<String> {
        let saved = self.db.write(|tx| save_operator(tx, &self.actor, name))?;
        self.actor.rename(if saved.is_empty() { crate::ledger::os_user() } else { saved.clone() });
        Ok(saved)
    }

    /// Takes 操作人 from the settings at opening (none: the OS user stays).
    pub(crate) fn name_actor_from_settings(&self) -> Result<()> {
        let saved = self.operator()?;
        if !saved.is_empty() {
            self.actor.rename(saved);
        }
        Ok(())
    }

    /// 设置 → 审核: 录入的记录需要审核 and the remembered 只统计已审核.
    pub fn review_settings(&self) -> Result<ReviewSettings> {
        self.db.read(review_settings)
    }

    /// Saves 设置 → 审核 (audited when changed).
    pub fn save_review_settings(&self, input: &ReviewSettings) -> Result<ReviewSettings> {
        self.db.write(|tx| save_review_settings(tx, &self.actor, input))
    }
}
