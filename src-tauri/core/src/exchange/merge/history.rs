//! The history of merges and their undo: each merge is one `exchange_merges` row with the items it wrote, in order
//! (`exchange_merge_items`), so it can be taken back as a whole while every record it wrote is unchanged since —
//! as an import is (`import/write.rs`): the same rule, the same refusals, the same kind of backup first.

use rusqlite::{params, Connection, ErrorCode, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::apply::Provenance;
use super::row::{self, Row};
use super::rules;
use crate::clock::Actor;
use crate::error::{CoreError, Result};
use crate::exchange::PackageManifest;
use crate::model::{Entity, MergeCounts, MergeOrigin, MergeRecord};
use crate::storage::audit::{self, AuditAction};
use crate::storage::db;

/// What an item of a merge did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemAction {
    /// Added a row.
    Create,
    /// Overwrote a row (taken from the package, or moved to the recycle bin).
    Update,
    /// Only recorded where an incoming record went (matched, or judged in conflict).
    Match,
    /// Added a visit's participant.
    Link,
    /// Took a participant off a visit.
    Unlink,
}

impl ItemAction {
    fn code(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Match => "match",
            Self::Link => "link",
            Self::Unlink => "unlink",
        }
    }
}

/// The provenance row an item replaced: its key, and its values before (`None`: the item made it).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProvenanceBefore {
    origin_record_id: String,
    before: Option<Provenance>,
}

/// One item of a merge, as [`item`] stores it.
pub(crate) struct Item<'a> {
    entity: &'a str,
    entity_id: String,
    action: ItemAction,
    revision: Option<i64>,
    deleted: bool,
    before: Option<String>,
    provenance: Option<ProvenanceBefore>,
}

impl<'a> Item<'a> {
    /// A row the merge added (its id is the incoming one).
    pub fn create(entity: &'a str, id: &str, revision: Option<i64>, deleted: bool) -> Self {
        let provenance = Some(ProvenanceBefore { origin_record_id: id.to_owned(), before: None });
        Self {
            entity,
            entity_id: id.to_owned(),
            action: ItemAction::Create,
            revision,
            deleted,
            before: None,
            provenance,
        }
    }

    /// A row the merge overwrote: the revision and recycle-bin state it left, the row before, the provenance before
    /// (`None`: unchanged by the merge).
    pub fn update(
        entity: &'a str,
        id: &str,
        revision: Option<i64>,
        deleted: bool,
        before: &Row<'_>,
        provenance: Option<(&str, &Provenance)>,
    ) -> Self {
        Self {
            entity,
            entity_id: id.to_owned(),
            action: ItemAction::Update,
            revision,
            deleted,
            before: Some(serde_json::Value::Object(before.to_json()).to_string()),
            provenance: provenance.map(|(origin_record_id, p)| ProvenanceBefore {
                origin_record_id: origin_record_id.to_owned(),
                before: Some(p.clone()),
            }),
        }
    }

    /// Only the provenance of `origin_record_id` changed (`before`: its earlier values; `None`: made now).
    pub fn provenance(entity: &'a str, id: &str, origin_record_id: &str, before: Option<&Provenance>) -> Self {
        Self {
            entity,
            entity_id: id.to_owned(),
            action: ItemAction::Match,
            revision: None,
            deleted: false,
            before: None,
            provenance: Some(ProvenanceBefore {
                origin_record_id: origin_record_id.to_owned(),
                before: before.cloned(),
            }),
        }
    }

    /// A visit's participant added or taken off.
    pub fn link(entity: &'a str, visit: &str, expert: &str, action: ItemAction) -> Self {
        Self {
            entity,
            entity_id: format!("{visit} {expert}"),
            action,
            revision: None,
            deleted: false,
            before: None,
            provenance: None,
        }
    }
}

/// Records the origin (made or renamed) and opens the merge's history row (its counts written by [`finish`]).
pub(crate) fn begin(
    tx: &Connection,
    merge_id: &str,
    manifest: &PackageManifest,
    file_name: &str,
    actor: &Actor,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO origins (id, name, reporter, first_merged_at, last_merged_at, last_package_seq)
         VALUES (?1, ?2, ?3, ?4, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, reporter = excluded.reporter,
             last_merged_at = excluded.last_merged_at,
             last_package_seq = max(last_package_seq, excluded.last_package_seq)",
        params![manifest.origin_id, manifest.origin_name, manifest.reporter, now, manifest.package_seq],
    )?;
    tx.execute(
        "INSERT INTO exchange_merges (id, file_name, origin_id, package_seq, content_hash, actor, created_at, added,
             updated, unchanged, matched, conflicts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, 0, 0, 0)",
        params![
            merge_id,
            file_name,
            manifest.origin_id,
            manifest.package_seq,
            manifest.content_hash,
            actor.name(),
            now
        ],
    )?;
    Ok(())
}

/// Stores one item of the merge.
pub(crate) fn item(tx: &Connection, merge_id: &str, seq: i64, item: &Item<'_>) -> Result<()> {
    let provenance = item.provenance.as_ref().map(|p| serde_json::to_string(p).unwrap_or_default());
    tx.prepare_cached(
        "INSERT INTO exchange_merge_items (merge_id, seq, entity, entity_id, action, revision, deleted, before_json,
             provenance_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        merge_id,
        seq,
        item.entity,
        item.entity_id,
        item.action.code(),
        item.revision,
        item.deleted,
        item.before,
        provenance
    ])?;
    Ok(())
}

/// Writes the merge's counts; returns its history row.
pub(crate) fn finish(tx: &Connection, merge_id: &str, totals: &MergeCounts) -> Result<MergeRecord> {
    tx.execute(
        "UPDATE exchange_merges SET added = ?2, updated = ?3, unchanged = ?4, matched = ?5, conflicts = ?6
         WHERE id = ?1",
        params![merge_id, totals.new, totals.updated, totals.unchanged, totals.matched, totals.conflicts],
    )?;
    get(tx, merge_id)
}

const SELECT: &str = "SELECT m.id, m.file_name, m.origin_id, o.name, m.package_seq, m.content_hash, m.actor,
    m.created_at, m.added, m.updated, m.unchanged, m.matched, m.conflicts, m.undone_at
    FROM exchange_merges m JOIN origins o ON o.id = m.origin_id";

fn record_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MergeRecord> {
    Ok(MergeRecord {
        id: r.get(0)?,
        file_name: r.get(1)?,
        origin: MergeOrigin { id: r.get(2)?, name: r.get(3)? },
        package_seq: r.get(4)?,
        content_hash: r.get(5)?,
        actor: r.get(6)?,
        created_at: r.get(7)?,
        counts: MergeCounts {
            new: r.get(8)?,
            updated: r.get(9)?,
            unchanged: r.get(10)?,
            matched: r.get(11)?,
            conflicts: r.get(12)?,
        },
        undone_at: r.get(13)?,
    })
}

/// One merge of the history.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<MergeRecord> {
    conn.query_row(&format!("{SELECT} WHERE m.id = ?1"), [id], record_from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: Entity::ExchangeMerge, id: id.to_owned() })
}

/// The merges, newest first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<MergeRecord>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY m.created_at DESC, m.id DESC"))?;
    db::read_rows(&mut stmt, [], record_from_row)
}

/// One stored item, as the undo reads it.
struct StoredItem {
    entity: String,
    entity_id: String,
    action: String,
    revision: Option<i64>,
    deleted: bool,
    before: Option<String>,
    provenance: Option<ProvenanceBefore>,
}

/// The merge `id` and its items, newest first, when it can be undone: not undone yet, and every record it wrote
/// unchanged since (same revision, same recycle-bin state; a participant it added still there). Reads only.
fn undoable(conn: &Connection, id: &str) -> Result<(MergeRecord, Vec<StoredItem>)> {
    let before = get(conn, id)?;
    if before.undone_at.is_some() {
        return Err(refused("这次合并已经撤销过了", "This merge was already undone"));
    }
    let mut stmt = conn.prepare(
        "SELECT entity, entity_id, action, revision, deleted, before_json, provenance_json
         FROM exchange_merge_items WHERE merge_id = ?1 ORDER BY seq DESC",
    )?;
    let items = db::read_rows(&mut stmt, [id], |r| {
        let provenance: Option<String> = r.get(6)?;
        Ok(StoredItem {
            entity: r.get(0)?,
            entity_id: r.get(1)?,
            action: r.get(2)?,
            revision: r.get(3)?,
            deleted: r.get(4)?,
            before: r.get(5)?,
            provenance: provenance.and_then(|p| serde_json::from_str(&p).ok()),
        })
    })?;
    let mut changed = 0;
    for item in &items {
        let table = table_of(&item.entity)?;
        let same = match item.action.as_str() {
            "create" | "update" => {
                let now: Option<(Option<i64>, bool)> = conn
                    .query_row(
                        &format!(
                            "SELECT {}, deleted_at IS NOT NULL FROM {table} WHERE id = ?1",
                            if item.revision.is_some() { "revision" } else { "NULL" }
                        ),
                        [&item.entity_id],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                now == Some((item.revision, item.deleted))
            }
            "link" => link_exists(conn, &item.entity_id)?,
            "unlink" => !link_exists(conn, &item.entity_id)?,
            _ => true,
        };
        if !same {
            changed += 1;
        }
    }
    if changed > 0 {
        return Err(refused(
            format!("合并后有 {changed} 条记录已被修改或删除，不能整体撤销；请逐条处理"),
            format!(
                "{changed} of the merged records were changed or deleted since; the merge cannot be undone as a whole"
            ),
        ));
    }
    Ok((before, items))
}

/// Whether the merge can be undone (reads only): [`crate::Ledger::undo_merge`] asks before it makes the backup.
pub(crate) fn check_undoable(conn: &Connection, id: &str) -> Result<()> {
    undoable(conn, id).map(|_| ())
}

fn link_exists(conn: &Connection, key: &str) -> Result<bool> {
    let (visit, expert) = key.split_once(' ').unwrap_or((key, ""));
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM visit_experts WHERE visit_id = ?1 AND expert_id = ?2)")?
        .query_row([visit, expert], |r| r.get(0))?)
}

fn table_of(entity: &str) -> Result<&'static str> {
    rules::rule_of(entity)
        .map(|r| r.table)
        .ok_or_else(|| CoreError::CorruptValue(format!("merge item entity {entity}")))
}

/// Takes a merge back: the rows it added are removed, those it overwrote get their earlier values back, the
/// provenance it recorded and the conflicts it found go — only while every record it wrote is unchanged since and
/// nothing added since points at what it added. Audited. Returns the merge and the stored paths of the attachment
/// files whose rows it removed (the caller removes the files after the commit).
pub(crate) fn undo(tx: &Connection, actor: &Actor, id: &str) -> Result<(MergeRecord, Vec<String>)> {
    let (before, items) = undoable(tx, id)?;
    let origin = before.origin.id.clone();
    let mut files = Vec::new();
    for item in &items {
        let table = table_of(&item.entity)?;
        let rule = rules::rule_of(table).expect("a record table");
        match item.action.as_str() {
            "create" => {
                let columns = row::shared_columns(tx, "main", table)?;
                if let Some(gone) = row::local_row(tx, table, &columns, &item.entity_id)? {
                    if table == "attachments" {
                        files.extend(gone.text("stored_path").map(str::to_owned));
                    }
                    if table == "visits" {
                        tx.execute("DELETE FROM visit_experts WHERE visit_id = ?1", [&item.entity_id])?;
                    }
                    remove(tx, table, &item.entity_id)?;
                    rules::audit(tx, actor, rule, AuditAction::Delete, Some(&gone), None)?;
                }
            }
            "update" => {
                let columns = row::shared_columns(tx, "main", table)?;
                let now = row::local_row(tx, table, &columns, &item.entity_id)?.ok_or_else(|| {
                    CoreError::CorruptValue(format!("merge undo: {table} {} vanished", item.entity_id))
                })?;
                let image: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(item.before.as_deref().unwrap_or("{}"))
                        .map_err(|e| CoreError::CorruptValue(format!("merge item before: {e}")))?;
                let mut old = now.clone();
                for (column, value) in &image {
                    old.set(column, row::from_json(value)?);
                }
                row::overwrite(tx, table, &item.entity_id, &old)?;
                rules::audit(tx, actor, rule, AuditAction::Update, Some(&now), Some(&old))?;
            }
            "link" => {
                let (visit, expert) = item.entity_id.split_once(' ').unwrap_or((&item.entity_id, ""));
                tx.execute("DELETE FROM visit_experts WHERE visit_id = ?1 AND expert_id = ?2", [visit, expert])?;
            }
            "unlink" => {
                let (visit, expert) = item.entity_id.split_once(' ').unwrap_or((&item.entity_id, ""));
                tx.execute(
                    "INSERT OR IGNORE INTO visit_experts (visit_id, expert_id) VALUES (?1, ?2)",
                    [visit, expert],
                )?;
            }
            _ => {}
        }
        if let Some(p) = &item.provenance {
            restore_provenance(tx, table, &origin, p)?;
        }
    }
    tx.execute("DELETE FROM exchange_conflicts WHERE merge_id = ?1", [id])?;
    tx.execute("UPDATE exchange_merges SET undone_at = ?2 WHERE id = ?1", params![id, actor.now()])?;
    let after = get(tx, id)?;
    audit::record(tx, actor, AuditAction::Delete, Entity::ExchangeMerge, id, Some(&before), Some(&after))?;
    Ok((after, files))
}

fn restore_provenance(tx: &Connection, table: &str, origin: &str, p: &ProvenanceBefore) -> Result<()> {
    match &p.before {
        None => {
            tx.execute(
                "DELETE FROM merged_records WHERE entity = ?1 AND origin_id = ?2 AND origin_record_id = ?3",
                params![table, origin, p.origin_record_id],
            )?;
        }
        Some(b) => {
            tx.execute(
                "UPDATE merged_records SET id = ?4, matched = ?5, incoming_revision = ?6, local_revision = ?7
                 WHERE entity = ?1 AND origin_id = ?2 AND origin_record_id = ?3",
                params![table, origin, p.origin_record_id, b.id, b.matched, b.incoming_revision, b.local_revision],
            )?;
        }
    }
    Ok(())
}

/// Removes a row the merge added; refused when something added since points at it.
fn remove(tx: &Connection, table: &str, id: &str) -> Result<()> {
    let run = || tx.prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?.execute([id]);
    run().map(|_| ()).map_err(|e| match e.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => refused(
            "合并的记录已被之后添加的记录引用（如新的走访、服务记录或附件），不能整体撤销",
            "Records added since point at the merged ones (new visits, service records or attachments); the merge cannot be undone as a whole",
        ),
        _ => CoreError::Sqlite(e),
    })
}

fn refused(zh: impl Into<String>, en: impl Into<String>) -> CoreError {
    CoreError::Unsupported { message: zh.into(), message_en: en.into() }
}
