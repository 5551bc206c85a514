//! The audit log: who changed what, when, with the record before and after.

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::Result;
use crate::ids::{new_id, now_utc};

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
    actor: &str,
    action: AuditAction,
    entity: &str,
    entity_id: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    let before = before.map(serde_json::to_string).transpose().map_err(json_error)?;
    let after = after.map(serde_json::to_string).transpose().map_err(json_error)?;
    conn.execute(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![new_id(), now_utc(), actor, action.code(), entity, entity_id, before, after],
    )?;
    Ok(())
}

fn json_error(e: serde_json::Error) -> crate::error::CoreError {
    crate::error::CoreError::CorruptValue(format!("audit payload: {e}"))
}
