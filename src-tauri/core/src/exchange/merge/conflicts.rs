//! 待处理冲突: the fields where an incoming value differs from a local one that stays until someone decides — keep
//! the local value, or take the incoming one (written, the record's revision up, audited).

use rusqlite::{params, Connection, OptionalExtension};

use super::row::{self, Row};
use super::rules;
use crate::clock::Actor;
use crate::error::{CoreError, Result};
use crate::model::{ConflictResolution, Entity, MergeConflict, MergeOrigin};
use crate::storage::audit::AuditAction;
use crate::storage::db;
use crate::storage::ids::new_id;

/// Stores a conflict a merge found; returns its id.
pub(crate) fn store(tx: &Connection, merge_id: &str, c: &MergeConflict) -> Result<String> {
    let id = new_id();
    tx.prepare_cached(
        "INSERT INTO exchange_conflicts (id, merge_id, entity, entity_id, field, local_value, incoming_value,
             incoming_revision, origin_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        merge_id,
        c.kind,
        c.entity_id,
        c.field,
        c.local.to_string(),
        c.incoming.to_string(),
        c.incoming_revision,
        c.origin.id,
        c.created_at
    ])?;
    Ok(id)
}

const SELECT: &str = "SELECT c.id, c.entity, c.entity_id, c.field, c.local_value, c.incoming_value,
    c.incoming_revision, c.origin_id, o.name, c.created_at
    FROM exchange_conflicts c JOIN origins o ON o.id = c.origin_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MergeConflict> {
    let json = |i: usize| -> rusqlite::Result<serde_json::Value> { db::json_column(r, i) };
    Ok(MergeConflict {
        id: r.get(0)?,
        kind: r.get(1)?,
        entity_id: r.get(2)?,
        field: r.get(3)?,
        local: json(4)?,
        incoming: json(5)?,
        incoming_revision: r.get(6)?,
        origin: MergeOrigin { id: r.get(7)?, name: r.get(8)? },
        created_at: r.get(9)?,
    })
}

/// The conflicts waiting for a decision, oldest first.
pub(crate) fn list_open(conn: &Connection) -> Result<Vec<MergeConflict>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE c.resolved_at IS NULL ORDER BY c.created_at, c.entity, c.entity_id, c.field"
    ))?;
    db::read_rows(&mut stmt, [], from_row)
}

/// Decides one conflict: `keep_local` leaves the record as it is; `take_incoming` writes the incoming value into
/// the field (the record's revision up, `updated_at` now — attachments have neither), audited. Refused when it was
/// decided already; `not_found` when the conflict or its record is gone.
pub(crate) fn resolve(
    tx: &Connection,
    actor: &Actor,
    id: &str,
    resolution: ConflictResolution,
) -> Result<MergeConflict> {
    let conflict = tx
        .query_row(&format!("{SELECT} WHERE c.id = ?1 AND c.resolved_at IS NULL"), [id], from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: Entity::ExchangeConflict, id: id.to_owned() })?;
    if resolution == ConflictResolution::TakeIncoming {
        take_incoming(tx, actor, &conflict)?;
    }
    tx.execute(
        "UPDATE exchange_conflicts SET resolved_at = ?2, resolution = ?3, resolved_by = ?4 WHERE id = ?1",
        params![id, actor.now(), resolution.code(), actor.name()],
    )?;
    Ok(conflict)
}

fn take_incoming(tx: &Connection, actor: &Actor, c: &MergeConflict) -> Result<()> {
    let rule = rules::rule_of(&c.kind).ok_or_else(|| CoreError::CorruptValue(format!("conflict kind {}", c.kind)))?;
    let columns = row::shared_columns(tx, "main", rule.table)?;
    if !columns.contains(&c.field) || rules::STAMP_COLUMNS.contains(&c.field.as_str()) {
        return Err(CoreError::CorruptValue(format!("conflict field {}.{}", c.kind, c.field)));
    }
    let before = row::local_row(tx, rule.table, &columns, &c.entity_id)?
        .ok_or_else(|| CoreError::NotFound { entity: rule.audit, id: c.entity_id.clone() })?;
    let mut after: Row<'_> = before.clone();
    after.set(&c.field, row::from_json(&c.incoming)?);
    if let Some(revision) = before.int("revision") {
        after.set("revision", rusqlite::types::Value::Integer(revision + 1));
        after.set("updated_at", rusqlite::types::Value::Text(actor.now()));
    }
    row::overwrite(tx, rule.table, &c.entity_id, &after)?;
    rules::audit(tx, actor, rule, AuditAction::Update, Some(&before), Some(&after))
}
