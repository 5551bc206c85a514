//! 跟进 (follow-ups), the one rule the 工作台 and the 走访记录 list share, and closing a follow-up with a note.
//!
//! A visit with a follow-up date asks for a follow-up, **due** on that date. It is **answered** by a later live visit
//! to the same enterprise (visit date after the visit that asked; whenever it happened — a follow-up made early is
//! still made) or by being **closed** with a note (已跟进: 电话回访, 无需跟进 …, migration 0014) without inventing a
//! visit. Until then it is **pending**; a pending follow-up due before today is **overdue**. "Today" is always the
//! ledger's ([`Ledger::today`]), and this week runs Monday–Sunday.
//!
//! [`PENDING`] is that rule as one SQL condition over a visit aliased `v`; [`window`] the days of each list. Both the
//! home page (`reporting/dashboard.rs`) and the visit list's filter (`fieldwork/visits.rs`) are built from them.
//!
//! Closing checks the revision, needs a note, and is an edit of the visit (revision + 1, audited), so it travels in
//! exchange packages and merges as any other change of the visit; reopening clears it. Editing the visit's follow-up
//! date reopens a closed follow-up (the closure answered the old date, not the new one).

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::Connection;

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::fieldwork::visits;
use crate::model::{Entity, FollowUpCloseInput, FollowUpFilter, Visit};
use crate::normalize::clean_multiline;
use crate::storage::{audit, record};
use crate::validate::limits::{self, Form};
use crate::Ledger;

/// The one rule: visit `v` asked for a follow-up that is neither closed nor answered by a later live visit to the
/// same enterprise. Served by migration 0014's `visits_live_enterprise_date` and `visits_follow_ups`.
pub const PENDING: &str = "v.follow_up_date IS NOT NULL AND v.follow_up_closed_on IS NULL
    AND NOT EXISTS (SELECT 1 FROM visits w
        WHERE w.enterprise_id = v.enterprise_id AND w.visit_date > v.visit_date AND w.deleted_at IS NULL)";

/// The Sunday ending `today`'s week (today itself on a Sunday).
pub fn week_end(today: NaiveDate) -> NaiveDate {
    today + Days::new(u64::from(6 - today.weekday().num_days_from_monday()))
}

/// The follow-up dates of `filter` as of `today`: from (none: no lower end) through `to`, both included.
pub fn window(filter: FollowUpFilter, today: NaiveDate) -> (Option<NaiveDate>, NaiveDate) {
    match filter {
        FollowUpFilter::Overdue => (None, today - Days::new(1)),
        FollowUpFilter::DueThisWeek => (Some(today), week_end(today)),
        FollowUpFilter::Pending => (None, week_end(today)),
    }
}

/// The closure's columns as `Visit` reads them (after the review's): closed on, note, closed by.
pub(crate) const CLOSURE_COLUMNS: &str = "v.follow_up_closed_on, v.follow_up_note, v.follow_up_closed_by";

/// Closes visit `input.visit_id`'s follow-up with a note inside the caller's transaction; audited as an edit.
pub fn close(conn: &Connection, actor: &Actor, input: &FollowUpCloseInput, today: NaiveDate) -> Result<Visit> {
    let before = visits::get(conn, &input.visit_id)?;
    record::check_revision(Entity::Visit, &before.id, input.expected_revision, before.stamps.revision)?;
    let mut errors = Vec::new();
    let note = clean_multiline(Some(&input.note));
    if note.is_none() {
        errors.push(FieldError::new("note", "请填写跟进情况（如电话回访、无需跟进）", "Say how it was followed up"));
    }
    limits::check(Form::FollowUpClose, &[("note", note.as_deref())], &mut errors);
    if before.follow_up_date.is_none() {
        errors.push(FieldError::new("note", "这次走访没有跟进日期，无需关闭", "This visit asks for no follow-up"));
    } else if before.follow_up_closure.is_some() {
        errors.push(FieldError::new("note", "这次走访的跟进已关闭", "This follow-up is already closed"));
    }
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    conn.prepare_cached(
        "UPDATE visits SET follow_up_closed_on = ?2, follow_up_note = ?3, follow_up_closed_by = ?4, updated_at = ?5,
             revision = revision + 1
         WHERE id = ?1",
    )?
    .execute(rusqlite::params![before.id, today.to_string(), note, actor.name(), actor.now()])?;
    audit::updated(conn, actor, Entity::Visit, &before.id, &before, visits::get(conn, &before.id)?)
}

/// Reopens a closed follow-up (closed by mistake) inside the caller's transaction; audited as an edit.
pub fn reopen(conn: &Connection, actor: &Actor, visit_id: &str, expected_revision: i32) -> Result<Visit> {
    let before = visits::get(conn, visit_id)?;
    record::check_revision(Entity::Visit, visit_id, expected_revision, before.stamps.revision)?;
    if before.follow_up_closure.is_none() {
        return Err(CoreError::Validation(vec![FieldError::new(
            "note",
            "这次走访的跟进没有关闭，无需重新打开",
            "This follow-up is not closed",
        )]));
    }
    clear(conn, visit_id)?;
    conn.prepare_cached("UPDATE visits SET updated_at = ?2, revision = revision + 1 WHERE id = ?1")?
        .execute(rusqlite::params![visit_id, actor.now()])?;
    audit::updated(conn, actor, Entity::Visit, visit_id, &before, visits::get(conn, visit_id)?)
}

/// Clears a visit's closure (reopened, or its follow-up date changed by an edit); the caller stamps the edit.
pub(crate) fn clear(conn: &Connection, visit_id: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE visits SET follow_up_closed_on = NULL, follow_up_note = NULL, follow_up_closed_by = NULL WHERE id = ?1",
    )?
    .execute([visit_id])?;
    Ok(())
}

impl Ledger {
    /// 关闭跟进: closes a visit's follow-up with a note (已跟进) without a later visit; refused with `conflict` when the
    /// visit changed since `expected_revision` was read, with `validation` on `note` when the note is blank.
    pub fn close_follow_up(&self, input: &FollowUpCloseInput) -> Result<Visit> {
        let today = self.today();
        self.db.write(|tx| close(tx, &self.actor, input, today))
    }

    /// 重新打开: reopens a follow-up closed by mistake.
    pub fn reopen_follow_up(&self, visit_id: &str, expected_revision: i32) -> Result<Visit> {
        self.db.write(|tx| reopen(tx, &self.actor, visit_id, expected_revision))
    }
}
