//! 结束批次: every open pairing of a batch ends on one day, and the experts left with no open pairing set to 期满 —
//! shown first as a preview (the same plan, nothing written), then done in one transaction, each change audited.
//!
//! Which pairings: the live ones of the batch with no end date, or an end date after the day (they are cut short);
//! a pairing that starts after the day cannot end on it and is refused (`validation` on `endDate`). Which experts:
//! the experts of those pairings that, after the end, have no other live pairing running past the day (in any
//! batch) and are not already 期满 — an expert still paired elsewhere keeps serving, so the status would be wrong.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::model::{BatchEndExpert, BatchEndPairing, BatchEndPlan, Entity, ExpertStatus};
use crate::registry::{assignments, experts, organizations};
use crate::storage::audit;
use crate::storage::db;
use crate::validate::date;
use crate::Ledger;

/// What ending `batch_id` on `end_date` changes; nothing written.
pub fn plan(conn: &Connection, batch_id: &str, end_date: &str, today: NaiveDate) -> Result<BatchEndPlan> {
    organizations::get_batch(conn, batch_id)?;
    let day = date::parse_plausible_day(end_date, today).map_err(|e| CoreError::Validation(vec![e.on("endDate")]))?;
    let end = day.to_string();
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, x.name, en.name, a.start_date FROM assignments a
         JOIN experts x ON x.id = a.expert_id JOIN enterprises en ON en.id = a.enterprise_id
         WHERE a.batch_id = ?1 AND a.deleted_at IS NULL AND COALESCE(a.end_date, '9999-12-31') > ?2
         ORDER BY x.name, en.name, a.start_date, a.id",
    )?;
    let pairings = db::read_rows(&mut stmt, params![batch_id, end], |r| {
        Ok(BatchEndPairing { id: r.get(0)?, expert_name: r.get(1)?, enterprise_name: r.get(2)?, start_date: r.get(3)? })
    })?;
    if let Some(late) = pairings.iter().find(|p| p.start_date > end) {
        return Err(CoreError::Validation(vec![FieldError::new(
            "endDate",
            format!(
                "{} → {} 的派驻 {} 才开始，不能在 {end} 结束",
                late.expert_name, late.enterprise_name, late.start_date
            ),
            format!(
                "The pairing {} → {} starts on {}, after {end}",
                late.expert_name, late.enterprise_name, late.start_date
            ),
        )]));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT x.id, x.name, x.status FROM assignments a JOIN experts x ON x.id = a.expert_id
         WHERE a.batch_id = ?1 AND a.deleted_at IS NULL AND COALESCE(a.end_date, '9999-12-31') > ?2
           AND x.deleted_at IS NULL AND x.status <> 'ended'
           AND NOT EXISTS (SELECT 1 FROM assignments o
                           WHERE o.expert_id = x.id AND o.deleted_at IS NULL AND o.batch_id IS NOT ?1
                             AND COALESCE(o.end_date, '9999-12-31') > ?2)
         ORDER BY x.name, x.id",
    )?;
    let experts = db::read_rows(&mut stmt, params![batch_id, end], |r| {
        Ok(BatchEndExpert { id: r.get(0)?, name: r.get(1)?, status: r.get::<_, ExpertStatus>(2)? })
    })?;
    Ok(BatchEndPlan { batch_id: batch_id.to_owned(), end_date: end, assignments: pairings, experts, written: false })
}

/// Ends the batch as [`plan`] says inside the caller's transaction; each pairing and expert changed is audited.
pub fn end(conn: &Connection, actor: &Actor, batch_id: &str, end_date: &str, today: NaiveDate) -> Result<BatchEndPlan> {
    let mut plan = plan(conn, batch_id, end_date, today)?;
    let now = actor.now();
    for p in &plan.assignments {
        let before = assignments::get(conn, &p.id)?;
        conn.execute(
            "UPDATE assignments SET end_date = ?2, updated_at = ?3, revision = revision + 1 WHERE id = ?1",
            params![p.id, plan.end_date, now],
        )?;
        audit::updated(conn, actor, Entity::Assignment, &p.id, &before, assignments::get(conn, &p.id)?)?;
    }
    for x in &plan.experts {
        let before = experts::get(conn, &x.id)?;
        conn.execute(
            "UPDATE experts SET status = ?2, updated_at = ?3, revision = revision + 1 WHERE id = ?1",
            params![x.id, ExpertStatus::Ended, now],
        )?;
        audit::updated(conn, actor, Entity::Expert, &x.id, &before, experts::get(conn, &x.id)?)?;
    }
    plan.written = true;
    Ok(plan)
}

impl Ledger {
    /// What 结束批次 would change (nothing written).
    pub fn preview_batch_end(&self, batch_id: &str, end_date: &str) -> Result<BatchEndPlan> {
        let today = self.today();
        self.db.read(|c| plan(c, batch_id, end_date, today))
    }

    /// 结束批次: ends the batch's open pairings on `end_date` and sets the experts left without one to 期满.
    pub fn end_batch(&self, batch_id: &str, end_date: &str) -> Result<BatchEndPlan> {
        let today = self.today();
        self.db.write(|tx| end(tx, &self.actor, batch_id, end_date, today))
    }
}
