//! Writing an import and taking it back: the commit judges the rows again inside one transaction and writes them all
//! or nothing (a cancel or any failure rolls back); the import is one entry of the history and of the audit log,
//! with what it added and overwrote, so it can be undone as a whole while those records are unchanged since.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension};
use serde::Serialize;

use super::bulk_index::BulkIndex;
use super::plan::{counts, Action, ImportPlan, Judged};
use super::{enterprises, events, experts, needs, records};
use crate::clock::Actor;
use crate::error::{CoreError, Result};
use crate::model::Entity;
use crate::model::{
    ContactInput, Enterprise, EnterpriseInput, ErrorPolicy, Expert, ExpertInput, ImportIssue, ImportKind, ImportRecord,
    ImportReport, RowStatus,
};
use crate::storage::audit::{self, AuditAction};
use crate::storage::db;
use crate::storage::ids::new_id;
use crate::{registry::enterprises as enterprise_store, registry::experts as expert_store, registry::organizations};

/// Rows written between two progress reports.
const PROGRESS_EVERY: u32 = 500;

/// What the writing of one import has done so far: the records it added or overwrote, and the units and batches it
/// created (so a second row naming the same new unit uses it).
pub(crate) struct Written {
    pub actor: Actor,
    pub now: String,
    pub today: NaiveDate,
    pub organizations: HashMap<String, String>,
    pub batches: HashMap<String, String>,
    items: Vec<Item>,
}

struct Item {
    entity: Entity,
    id: String,
    action: &'static str,
    revision: i32,
    before: Option<String>,
}

impl Written {
    fn new(actor: &Actor, today: NaiveDate) -> Self {
        Self {
            actor: actor.clone(),
            now: actor.now(),
            today,
            organizations: HashMap::new(),
            batches: HashMap::new(),
            items: Vec::new(),
        }
    }

    /// A record the import added, at its revision.
    pub(crate) fn created(&mut self, entity: Entity, id: &str, revision: i32) {
        self.items.push(Item { entity, id: id.to_owned(), action: "create", revision, before: None });
    }

    /// A record the import overwrote: its revision after, and the record before. Overwritten again by a later row,
    /// it stays one item: the latest revision, the record as it was before the import.
    pub(crate) fn updated<B: Serialize>(&mut self, entity: Entity, id: &str, revision: i32, before: &B) -> Result<()> {
        if let Some(item) = self.items.iter_mut().find(|i| i.entity == entity && i.id == id && i.action == "update") {
            item.revision = revision;
            return Ok(());
        }
        let before = serde_json::to_string(before).map_err(|e| CoreError::CorruptValue(format!("import item: {e}")))?;
        self.items.push(Item { entity, id: id.to_owned(), action: "update", revision, before: Some(before) });
        Ok(())
    }
}

/// The report of a plan's rows: what was (or would be) written, skipped and rejected.
pub(crate) fn report(judged: &[Judged], import_id: Option<String>, written: bool) -> ImportReport {
    let c = counts(judged);
    let adds = judged
        .iter()
        .filter(|j| {
            matches!(
                j.action,
                Some(
                    Action::Expert(_)
                        | Action::Enterprise(_)
                        | Action::Visit(_)
                        | Action::Service(_)
                        | Action::Need(_)
                        | Action::Event(_)
                )
            )
        })
        .count() as u32;
    let updates = judged
        .iter()
        .filter(|j| matches!(j.action, Some(Action::ExpertUpdate(_) | Action::EnterpriseUpdate(_))))
        .count() as u32;
    ImportReport {
        import_id,
        read: c.read,
        imported: adds,
        updated: updates,
        skipped: c.duplicate,
        rejected: judged.iter().filter(|j| j.status == RowStatus::Error).flat_map(|j| j.errors.clone()).collect(),
        warnings: judged
            .iter()
            .filter(|j| j.action.is_some())
            .flat_map(|j| j.warnings.clone())
            .collect::<Vec<ImportIssue>>(),
        written,
    }
}

/// Judges the plan's rows again in `tx` and writes them; see [`crate::Ledger::import_commit`].
pub(crate) fn commit(
    tx: &Connection,
    actor: &Actor,
    plan: &ImportPlan,
    unchanged: bool,
    progress: &mut dyn FnMut(u32, u32),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    // Nothing was written since the preview judged the rows: its judgement holds. Otherwise judge them again.
    let judged_now;
    let judged: &[Judged] = if unchanged {
        &plan.judged
    } else {
        judged_now = plan.judge(tx)?;
        &judged_now
    };
    let stop = plan.request.on_error == ErrorPolicy::Stop && judged.iter().any(|j| j.status == RowStatus::Error);
    let writes = judged.iter().filter(|j| j.action.is_some()).count() as u32;
    if stop || writes == 0 {
        return Ok(report(judged, None, false));
    }
    let summary = report(judged, None, true);
    let mut w = Written::new(actor, plan.today);
    let _cache = LargerCache::set(tx)?;
    let index = fts_table(plan.request.kind).map(|table| BulkIndex::suspend(tx, table)).transpose()?;
    progress(0, writes);
    let mut done = 0;
    for action in judged.iter().filter_map(|j| j.action.as_ref()) {
        if done % 64 == 0 && cancel.load(Ordering::Relaxed) {
            return Err(CoreError::Cancelled);
        }
        match action {
            Action::Expert(new) => experts::write_new(tx, &mut w, new)?,
            Action::ExpertUpdate(update) => experts::write_update(tx, &mut w, update)?,
            Action::Enterprise(new) => enterprises::write_new(tx, &mut w, new)?,
            Action::EnterpriseUpdate(update) => enterprises::write_update(tx, &mut w, update)?,
            Action::Visit(input) => records::write_visit(tx, &mut w, input)?,
            Action::Service(input) => records::write_service(tx, &mut w, input)?,
            Action::Need(new) => needs::write_new(tx, &mut w, new)?,
            Action::Event(input) => events::write_new(tx, &mut w, input)?,
        }
        done += 1;
        if done % PROGRESS_EVERY == 0 {
            progress(done, writes);
        }
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(CoreError::Cancelled);
    }
    if let Some(index) = index {
        index.finish(tx)?;
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO imports (id, kind, file_name, sheet, actor, created_at, read_rows, imported, updated, skipped)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id,
            plan.request.kind.code(),
            plan.file_name,
            plan.grid.name,
            actor.name(),
            w.now,
            summary.read,
            summary.imported,
            summary.updated,
            summary.read - summary.imported - summary.updated
        ],
    )?;
    let mut stmt = tx.prepare(
        "INSERT INTO import_items (import_id, seq, entity, entity_id, action, revision, before_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (seq, item) in w.items.iter().enumerate() {
        stmt.execute(params![id, seq as i64, item.entity, item.id, item.action, item.revision, item.before])?;
    }
    let mapping: Vec<Option<String>> = plan.columns.iter().map(|c| c.field.clone()).collect();
    tx.execute(
        "INSERT INTO import_mappings (kind, signature, mapping, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kind, signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
        params![plan.request.kind.code(), plan.signature, serde_json::to_string(&mapping).unwrap_or_default(), w.now],
    )?;
    let record = get(tx, &id)?;
    audit::record::<(), _>(
        tx,
        actor,
        AuditAction::Import,
        Entity::Import,
        &id,
        None,
        Some(&plan.audit_image(&record)),
    )?;
    progress(writes, writes);
    Ok(ImportReport { import_id: Some(id), ..summary })
}

/// A 64 MiB page cache for the writer while an import (or a merge) writes, so SQLite does not spill the pages of the table and
/// its indexes to the WAL in the middle of the transaction (about 10 % of a 100,000-row commit); the connection's
/// own size comes back when the import ends, however it ends.
pub(crate) struct LargerCache<'a> {
    conn: &'a Connection,
    before: i64,
}

impl<'a> LargerCache<'a> {
    pub(crate) fn set(conn: &'a Connection) -> Result<Self> {
        let before = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -65_536)?;
        Ok(Self { conn, before })
    }
}

impl Drop for LargerCache<'_> {
    fn drop(&mut self) {
        // Only the cache's size: failing to shrink it back leaves a larger cache, never wrong data.
        let _ = self.conn.pragma_update(None, "cache_size", self.before);
    }
}

/// The table an import of `kind` adds rows to, when it has a full-text index to rebuild in one go (events are few and
/// searched by a plain LIKE: they have none).
fn fts_table(kind: ImportKind) -> Option<&'static str> {
    match kind {
        ImportKind::Experts => Some("experts"),
        ImportKind::Enterprises => Some("enterprises"),
        ImportKind::Visits => Some("visits"),
        ImportKind::Services => Some("service_records"),
        ImportKind::Needs => Some("needs"),
        ImportKind::Events => None,
    }
}

/// One import of the history.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<ImportRecord> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], record_from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: Entity::Import, id: id.to_owned() })
}

/// The imports, newest first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<ImportRecord>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY created_at DESC, id DESC"))?;
    let rows = db::read_rows(&mut stmt, [], record_from_row)?;
    Ok(rows)
}

const SELECT: &str = "SELECT id, kind, file_name, sheet, actor, created_at, read_rows, imported, updated, skipped, \
    undone_at FROM imports";

fn record_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ImportRecord> {
    let kind: String = r.get(1)?;
    Ok(ImportRecord {
        id: r.get(0)?,
        kind: ImportKind::from_code(&kind).unwrap_or(ImportKind::Experts),
        file_name: r.get(2)?,
        sheet: r.get(3)?,
        actor: r.get(4)?,
        created_at: r.get(5)?,
        read: r.get(6)?,
        imported: r.get(7)?,
        updated: r.get(8)?,
        skipped: r.get(9)?,
        undone_at: r.get(10)?,
    })
}

/// Takes an import back: the records it added are removed and those it overwrote get their earlier values back —
/// only while every one of them is unchanged since (same revision, not deleted) and nothing added since points at
/// them. Audited.
pub(crate) fn undo(tx: &Connection, actor: &Actor, id: &str, today: NaiveDate) -> Result<ImportRecord> {
    let (before, items) = undoable(tx, id)?;
    for (entity, entity_id, action, _, before_json) in &items {
        match (action.as_str(), *entity) {
            ("create", Entity::Organization) => organizations::delete(tx, actor, entity_id)?,
            ("create", Entity::Batch) => organizations::delete_batch(tx, actor, entity_id)?,
            ("create", _) => {
                // One audit entry per removed record, with the row as it was (the import's own entry follows).
                let row = row_json(tx, *entity, entity_id)?;
                remove(tx, *entity, entity_id)?;
                audit::record(tx, actor, AuditAction::Delete, *entity, entity_id, Some(&row), None::<&()>)?;
            }
            ("update", Entity::Expert) => {
                let old: Expert = parse(before_json)?;
                let now = expert_store::get(tx, entity_id)?;
                expert_store::update(tx, actor, entity_id, now.stamps.revision, &expert_input(&old), today)?;
            }
            ("update", Entity::Enterprise) => {
                let old: Enterprise = parse(before_json)?;
                let now = enterprise_store::get(tx, entity_id)?;
                enterprise_store::update(tx, actor, entity_id, now.stamps.revision, &enterprise_input(&old))?;
            }
            _ => return Err(CoreError::CorruptValue(format!("import item {entity} {action}"))),
        }
    }
    tx.execute("UPDATE imports SET undone_at = ?2 WHERE id = ?1", params![id, actor.now()])?;
    let after = get(tx, id)?;
    audit::record(tx, actor, AuditAction::Delete, Entity::Import, id, Some(&before), Some(&after))?;
    Ok(after)
}

/// One item of an import: entity, id, action (`create`/`update`), the revision it wrote, the record before.
type ImportItem = (Entity, String, String, i32, Option<String>);

/// The import `id` and its items, newest first, when it can be undone: not undone yet, and every record it wrote
/// unchanged since (same revision, not deleted). Reads only: [`crate::Ledger::undo_import`] asks before it makes
/// the backup, [`undo`] again inside its transaction.
pub(crate) fn undoable(tx: &Connection, id: &str) -> Result<(ImportRecord, Vec<ImportItem>)> {
    let before = get(tx, id)?;
    if before.undone_at.is_some() {
        return Err(refused("这次导入已经撤销过了", "This import was already undone"));
    }
    let mut stmt = tx.prepare(
        "SELECT entity, entity_id, action, revision, before_json FROM import_items WHERE import_id = ?1 ORDER BY seq DESC",
    )?;
    let items = db::read_rows(&mut stmt, [id], |r| {
        Ok((
            r.get::<_, Entity>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i32>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut changed = 0;
    for (entity, entity_id, _, revision, _) in &items {
        let now: Option<(i32, bool)> = tx
            .query_row(
                &format!("SELECT revision, deleted_at IS NOT NULL FROM {} WHERE id = ?1", table(*entity)?),
                [entity_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if now != Some((*revision, false)) {
            changed += 1;
        }
    }
    if changed > 0 {
        return Err(refused(
            format!("导入后有 {changed} 条记录已被修改或删除，不能整体撤销；请逐条处理"),
            format!("{changed} of the imported records were changed or deleted since; the import cannot be undone as a whole"),
        ));
    }
    Ok((before, items))
}

/// A row as a JSON object of its columns (for the audit entry of a record an undo removes).
fn row_json(tx: &Connection, entity: Entity, id: &str) -> Result<serde_json::Map<String, serde_json::Value>> {
    let mut stmt = tx.prepare(&format!("SELECT * FROM {} WHERE id = ?1", table(entity)?))?;
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let row = stmt.query_row([id], |r| {
        let mut map = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match r.get_ref(i)? {
                rusqlite::types::ValueRef::Null => serde_json::Value::Null,
                rusqlite::types::ValueRef::Integer(n) => n.into(),
                rusqlite::types::ValueRef::Real(x) => x.into(),
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                rusqlite::types::ValueRef::Blob(_) => serde_json::Value::Null,
            };
            map.insert(name.clone(), value);
        }
        Ok(map)
    })?;
    Ok(row)
}

fn refused(zh: impl Into<String>, en: impl Into<String>) -> CoreError {
    CoreError::Unsupported { message: zh.into(), message_en: en.into() }
}

/// The table of a kind of record an import writes.
fn table(entity: Entity) -> Result<&'static str> {
    use Entity::*;
    match entity {
        Expert | Enterprise | Visit | ServiceRecord | Need | Event | Organization | Batch => Ok(entity.stored_in()),
        other => Err(CoreError::CorruptValue(format!("import item entity {other}"))),
    }
}

/// Removes a record the import added, with its child rows; refused when something added since points at it.
fn remove(tx: &Connection, entity: Entity, id: &str) -> Result<()> {
    let children: &[&str] = match entity {
        Entity::Enterprise => &["DELETE FROM enterprise_contacts WHERE enterprise_id = ?1"],
        Entity::Visit => &["DELETE FROM visit_experts WHERE visit_id = ?1"],
        Entity::Need => &["DELETE FROM need_stage_events WHERE need_id = ?1"],
        Entity::Event => {
            &["DELETE FROM event_enterprises WHERE event_id = ?1", "DELETE FROM event_experts WHERE event_id = ?1"]
        }
        _ => &[],
    };
    // Files attached since point at the record without a foreign key: asked for here.
    let owner = match entity {
        Entity::Visit => Some("visit"),
        Entity::ServiceRecord => Some("service_record"),
        Entity::Event => Some("event"),
        _ => None,
    };
    let attached: bool = match owner {
        Some(kind) => tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM attachments WHERE owner_kind = ?1 AND owner_id = ?2)")?
            .query_row(params![kind, id], |r| r.get(0))?,
        None => false,
    };
    if attached {
        return Err(pointed_at());
    }
    let run = || -> rusqlite::Result<()> {
        for sql in children {
            tx.prepare_cached(sql)?.execute([id])?;
        }
        tx.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", table(entity).unwrap_or("experts")))?
            .execute([id])?;
        Ok(())
    };
    run().map_err(|e| match e.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => pointed_at(),
        _ => CoreError::Sqlite(e),
    })
}

/// The refusal of an undo whose records something added since points at.
fn pointed_at() -> CoreError {
    refused(
        "导入的记录已被之后添加的记录引用（如新的走访、服务记录或附件），不能整体撤销",
        "Records added since point at the imported ones (new visits, service records or attachments); the import cannot be undone as a whole",
    )
}

fn parse<T: serde::de::DeserializeOwned>(json: &Option<String>) -> Result<T> {
    serde_json::from_str(json.as_deref().unwrap_or("null"))
        .map_err(|e| CoreError::CorruptValue(format!("import item before: {e}")))
}

/// The form that writes `e` back as it was.
fn expert_input(e: &Expert) -> ExpertInput {
    ExpertInput {
        name: e.name.clone(),
        gender: e.gender,
        birth_month: e.birth_month.clone(),
        education: e.education,
        title: Some(e.title),
        organization_id: e.organization_id.clone(),
        position: e.position.clone(),
        discipline: e.discipline.clone(),
        specialties: e.specialties.clone(),
        phone: e.phone.clone(),
        email: e.email.clone(),
        id_card: e.id_card.clone(),
        service_form: e.service_form,
        batch_id: e.batch_id.clone(),
        service_start: e.service_start.clone(),
        service_end: e.service_end.clone(),
        status: Some(e.status),
        notes: e.notes.clone(),
    }
}

/// The form that writes `e` back as it was (contacts the import added are dropped, edited ones restored).
pub(crate) fn enterprise_input(e: &Enterprise) -> EnterpriseInput {
    EnterpriseInput {
        name: e.name.clone(),
        credit_code: e.credit_code.clone(),
        credit_code_override: e.credit_code_override.clone(),
        province: e.province.clone(),
        city: e.city.clone(),
        county: e.county.clone(),
        region_code: e.region_code.clone(),
        address: e.address.clone(),
        legal_representative: e.legal_representative.clone(),
        industry: e.industry.clone(),
        main_products: e.main_products.clone(),
        size: e.size,
        is_high_tech: e.is_high_tech,
        is_tech_sme: e.is_tech_sme,
        is_specialized: e.is_specialized,
        notes: e.notes.clone(),
        contacts: e.contacts.iter().map(ContactInput::from).collect(),
    }
}
