//! The audit log: who changed what, when, with the record before and after. ID numbers in the images are masked
//! when written and again when read (entries written before masking), so no history or audit view shows one in full.

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::clock::Actor;
use crate::error::{CoreError, Result};
use crate::model::{AuditEntry, Entity};
use crate::storage::db;
use crate::storage::ids::new_id;
use crate::validate::personal;

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

/// Writes the audit entry of a record just created (nothing → `saved`) and hands the record back.
pub fn created<T: Serialize>(conn: &Connection, actor: &Actor, entity: Entity, entity_id: &str, saved: T) -> Result<T> {
    record::<(), _>(conn, actor, AuditAction::Create, entity, entity_id, None, Some(&saved))?;
    Ok(saved)
}

/// Writes the audit entry of an edit (`before` → `after`) and hands the edited record back.
pub fn updated<T: Serialize>(
    conn: &Connection,
    actor: &Actor,
    entity: Entity,
    entity_id: &str,
    before: &T,
    after: T,
) -> Result<T> {
    record(conn, actor, AuditAction::Update, entity, entity_id, Some(before), Some(&after))?;
    Ok(after)
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
    let before = before.map(masked_json).transpose()?;
    let after = after.map(masked_json).transpose()?;
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        new_id(),
        actor.now(),
        actor.name(),
        action.code(),
        entity.code(),
        entity_id,
        before,
        after
    ])?;
    Ok(())
}

/// A record's image as the log keeps it: JSON with its ID numbers masked.
fn masked_json<T: Serialize>(image: &T) -> Result<String> {
    let mut value = serde_json::to_value(image).map_err(json_error)?;
    personal::mask_id_cards(&mut value);
    serde_json::to_string(&value).map_err(json_error)
}

fn json_error(e: serde_json::Error) -> CoreError {
    CoreError::CorruptValue(format!("audit payload: {e}"))
}

/// Removes the personal fields ([`personal::PERSONAL_FIELDS`]) of one record from every image the log and the import
/// history keep of it (the record is being purged): each entry keeps who, when and what kind of change, its images
/// lose the person. Returns how many images changed.
pub fn scrub(conn: &Connection, entity: Entity, entity_id: &str) -> Result<u32> {
    let mut changed = 0;
    let of_record = "entity = ?1 AND entity_id = ?2";
    for (table, column) in [("audit_log", "before_json"), ("audit_log", "after_json"), ("import_items", "before_json")]
    {
        let mut stmt =
            conn.prepare(&format!("SELECT DISTINCT {column} FROM {table} WHERE {of_record} AND {column} IS NOT NULL"))?;
        let images = db::read_rows(&mut stmt, params![entity.code(), entity_id], |r| r.get::<_, String>(0))?;
        let mut update =
            conn.prepare(&format!("UPDATE {table} SET {column} = ?4 WHERE {of_record} AND {column} = ?3"))?;
        for json in images {
            let mut value: serde_json::Value = serde_json::from_str(&json).map_err(json_error)?;
            if personal::scrub_personal(entity, &mut value) {
                let clean = serde_json::to_string(&value).map_err(json_error)?;
                changed += update.execute(params![entity.code(), entity_id, json, clean])? as u32;
            }
        }
    }
    Ok(changed)
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
    let parse = |json: Option<String>| -> Result<Option<serde_json::Value>> {
        let Some(json) = json else { return Ok(None) };
        let mut value = serde_json::from_str(&json).map_err(json_error)?;
        personal::mask_id_cards(&mut value);
        Ok(Some(value))
    };
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::clock::Clock;
    use crate::storage::db::Database;

    #[test]
    fn created_and_updated_write_the_entry_and_hand_the_record_back() {
        let db = Database::open_in_memory().unwrap();
        let actor = Actor::new("王敏", Clock::fixed_on(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()));
        db.write(|c| {
            assert_eq!(created(c, &actor, Entity::Organization, "o", "新")?, "新");
            assert_eq!(updated(c, &actor, Entity::Organization, "o", &"新", "改")?, "改");
            let entries = history(c, "organization", "o")?;
            let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
            assert_eq!(actions, ["update", "create"]);
            assert_eq!((entries[0].before.clone(), entries[0].after.clone()), (Some("新".into()), Some("改".into())));
            assert_eq!((entries[1].before.clone(), entries[1].after.clone()), (None, Some("新".into())));
            assert!(entries.iter().all(|e| e.actor == "王敏"));
            Ok(())
        })
        .unwrap();
    }
}
