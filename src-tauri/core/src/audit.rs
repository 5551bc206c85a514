//! The audit log: who changed what, when, with the record before and after.

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::clock::Actor;
use crate::db;
use crate::error::{CoreError, Result};
use crate::ids::new_id;
use crate::model::{AuditEntry, Entity};

/// The kind of change an audit entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    /// A record was created.
    Create,
    /// A record was edited.
    Update,
    /// A record went to the recycle bin.
    Delete,
    /// A record came back from the recycle bin.
    Restore,
    /// A record was removed from the recycle bin for good.
    Purge,
    /// Records came in from a file.
    Import,
}

impl AuditAction {
    fn code(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Restore => "restore",
            Self::Purge => "purge",
            Self::Import => "import",
        }
    }
}

/// Writes one audit entry inside the caller's transaction.
pub fn record<B: Serialize, A: Serialize>(
    conn: &Connection,
    actor: &Actor,
    action: AuditAction,
    entity: Entity,
    entity_id: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    let before = before.map(serde_json::to_string).transpose().map_err(json_error)?;
    let after = after.map(serde_json::to_string).transpose().map_err(json_error)?;
    conn.execute(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![new_id(), actor.now(), actor.name(), action.code(), entity.code(), entity_id, before, after],
    )?;
    Ok(())
}

fn json_error(e: serde_json::Error) -> CoreError {
    CoreError::CorruptValue(format!("audit payload: {e}"))
}

/// Every audit entry of one record (`entity` as the log names it: `expert`, `enterprise`, `assignment` …), newest
/// first.
pub fn history(conn: &Connection, entity: &str, entity_id: &str) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, actor, action, before_json, after_json FROM audit_log
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY at DESC, rowid DESC",
    )?;
    let rows = db::read_rows(&mut stmt, params![entity, entity_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let parse = |json: Option<String>| json.map(|j| serde_json::from_str(&j)).transpose().map_err(json_error);
    rows.into_iter()
        .map(|(at, actor, action, before, after)| {
            Ok(AuditEntry { at, actor, action, before: parse(before)?, after: parse(after)? })
        })
        .collect()
}

impl crate::Ledger {
    /// The change history of one record (`entity`: `expert`, `enterprise`, `assignment`, `organization`), newest
    /// first.
    pub fn record_history(&self, entity: &str, id: &str) -> Result<Vec<AuditEntry>> {
        self.db.read(|c| history(c, entity, id))
    }
}
