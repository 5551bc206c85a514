//! The merge of one attached package into the ledger, inside the caller's transaction: every record table in the
//! order of [`RECORD_TABLES`], then the tombstones; each incoming row judged by the rules of docs/EXCHANGE.md and
//! written (or, for a preview, only counted). Nothing is ever physically deleted; every write is audited and listed
//! for the merge's undo.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

use super::conflicts;
use super::history::{self, ItemAction};
use super::row::{self, Row};
use super::rules::{self, Shape, TableRule};
use crate::clock::Actor;
use crate::data_folder::attachments;
use crate::error::{CoreError, Result};
use crate::exchange::{PackageManifest, RECORD_TABLES};
use crate::fieldwork::review;
use crate::import::bulk_index::BulkIndex;
use crate::import::write::LargerCache;
use crate::model::{MergeConflict, MergeCounts, MergeKindCounts, MergeOrigin, MergeReport, ReviewKind};
use crate::storage::audit::{self, AuditAction};
use crate::storage::crypto::DerivedKey;

/// Rows merged between two progress reports, and between two looks at the cancel flag.
const PROGRESS_EVERY: u64 = 500;
const CANCEL_EVERY: u64 = 64;

/// Where a real merge writes attachment files: the data folder, and the key that seals them in an encrypted ledger.
pub(crate) struct Files<'k> {
    /// `None`: the ledger is open in memory (a package with attachments cannot be merged into it).
    pub folder: Option<PathBuf>,
    pub key: Option<&'k DerivedKey>,
}

/// What one merge is given.
pub(crate) struct Job<'a> {
    pub schema: &'a str,
    pub manifest: &'a PackageManifest,
    pub file_name: &'a str,
    pub actor: &'a Actor,
    /// `None`: a preview — nothing is stored beyond the transaction the caller rolls back, no file is written.
    pub files: Option<Files<'a>>,
    pub progress: &'a mut dyn FnMut(u64, u64),
    pub cancel: &'a AtomicBool,
}

/// What a merge did with one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    New,
    Updated,
    Unchanged,
    Matched,
    Conflict,
}

fn count(counts: &mut MergeCounts, outcome: Outcome) {
    match outcome {
        Outcome::New => counts.new += 1,
        Outcome::Updated => counts.updated += 1,
        Outcome::Unchanged => counts.unchanged += 1,
        Outcome::Matched => counts.matched += 1,
        Outcome::Conflict => counts.conflicts += 1,
    }
}

/// The provenance of one incoming record: the local record it became and the revisions last seen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Provenance {
    pub id: String,
    pub matched: bool,
    pub incoming_revision: i64,
    pub local_revision: i64,
}

/// The state of a merge under way.
struct Merge<'a, 'j> {
    tx: &'a Connection,
    job: &'a mut Job<'j>,
    now: String,
    merge_id: String,
    origin: MergeOrigin,
    /// Incoming ids of records matched to a local record of another id, by table.
    id_map: HashMap<(&'static str, String), String>,
    /// Visits added (`true`) or taken (`false`) by this merge: their participants follow the package.
    taken_visits: HashMap<String, bool>,
    seq: i64,
    conflicts: Vec<MergeConflict>,
    stored_conflicts: u32,
    written_files: Vec<PathBuf>,
    done: u64,
    total: u64,
}

/// Merges the package attached as `job.schema` inside `tx`. Returns the report and the attachment files written
/// (which the caller removes if the transaction does not commit).
pub(crate) fn merge(tx: &Connection, job: &mut Job<'_>) -> (Result<MergeReport>, Vec<PathBuf>) {
    let manifest = job.manifest.clone();
    let origin = MergeOrigin { id: manifest.origin_id.clone(), name: manifest.origin_name.clone() };
    let total = manifest.counts.values().map(|&n| n.max(0) as u64).sum();
    let mut m = Merge {
        tx,
        now: job.actor.now(),
        job,
        merge_id: crate::storage::ids::new_id(),
        origin,
        id_map: HashMap::new(),
        taken_visits: HashMap::new(),
        seq: 0,
        conflicts: Vec::new(),
        stored_conflicts: 0,
        written_files: Vec::new(),
        done: 0,
        total,
    };
    let result = m.run(&manifest);
    (result, std::mem::take(&mut m.written_files))
}

impl Merge<'_, '_> {
    fn run(&mut self, manifest: &PackageManifest) -> Result<MergeReport> {
        self.tx.pragma_update(None, "defer_foreign_keys", true)?;
        let _cache = LargerCache::set(self.tx)?;
        history::begin(self.tx, &self.merge_id, manifest, self.job.file_name, self.job.actor, &self.now)?;
        self.load_id_map()?;
        (self.job.progress)(0, self.total);
        let mut kinds: Vec<MergeKindCounts> = Vec::new();
        for table in RECORD_TABLES {
            let Some(rule) = rules::rule_of(table) else { continue };
            let counts = self.table(rule)?;
            kinds.push(MergeKindCounts { kind: (*table).to_owned(), counts });
        }
        self.tombstones(&mut kinds)?;
        if self.job.cancel.load(Ordering::Relaxed) {
            return Err(CoreError::Cancelled);
        }
        let mut totals = MergeCounts::default();
        kinds.iter().for_each(|k| totals.add(&k.counts));
        kinds.retain(|k| k.counts != MergeCounts::default());
        let written = self.seq > 0 || self.stored_conflicts > 0;
        let merge_id = if written && self.job.files.is_some() {
            let record = history::finish(self.tx, &self.merge_id, &totals)?;
            audit::record::<(), _>(
                self.tx,
                self.job.actor,
                AuditAction::Import,
                crate::model::Entity::ExchangeMerge,
                &self.merge_id,
                None,
                Some(&record),
            )?;
            Some(self.merge_id.clone())
        } else {
            None
        };
        (self.job.progress)(self.total, self.total);
        Ok(MergeReport {
            merge_id: merge_id.clone(),
            file: self.job.file_name.to_owned(),
            origin: self.origin.clone(),
            package_seq: manifest.package_seq,
            totals,
            kinds,
            conflicts: std::mem::take(&mut self.conflicts),
            written: merge_id.is_some(),
        })
    }

    fn preview(&self) -> bool {
        self.job.files.is_none()
    }

    /// The ids this origin's records were mapped to by earlier merges (only where they differ).
    fn load_id_map(&mut self) -> Result<()> {
        let mut stmt = self.tx.prepare(
            "SELECT entity, origin_record_id, id FROM merged_records WHERE origin_id = ?1 AND id <> origin_record_id",
        )?;
        let mut rows = stmt.query([&self.origin.id])?;
        while let Some(r) = rows.next()? {
            let entity: String = r.get(0)?;
            if let Some(rule) = rules::rule_of(&entity) {
                self.id_map.insert((rule.table, r.get(1)?), r.get(2)?);
            }
        }
        Ok(())
    }

    fn tick(&mut self) -> Result<()> {
        self.done += 1;
        if self.done.is_multiple_of(CANCEL_EVERY) && self.job.cancel.load(Ordering::Relaxed) {
            return Err(CoreError::Cancelled);
        }
        if self.done.is_multiple_of(PROGRESS_EVERY) {
            (self.job.progress)(self.done, self.total.max(self.done));
        }
        Ok(())
    }

    /// Every row of one table of the package.
    fn table(&mut self, rule: &'static TableRule) -> Result<MergeCounts> {
        let mut counts = MergeCounts::default();
        let schema = self.job.schema;
        if !row::has_table(self.tx, schema, rule.table)? {
            return Ok(counts);
        }
        let columns = row::shared_columns(self.tx, schema, rule.table)?;
        if columns.is_empty() {
            return Ok(counts);
        }
        let mut stmt = self.tx.prepare(&format!("SELECT {} FROM {schema}.{}", columns.join(", "), rule.table))?;
        // The search index of the rows added is filled once at the end, as an import does.
        let index = if rule.searched { Some(BulkIndex::suspend(self.tx, rule.table)?) } else { None };
        let mut rows = stmt.query([])?;
        let mut links: Vec<(String, String)> = Vec::new();
        while let Some(r) = rows.next()? {
            let mut incoming = Row::read(&columns, r)?;
            self.map_references(rule, &mut incoming);
            let outcome = match rule.shape {
                Shape::Revised => self.revised(rule, incoming)?,
                Shape::Immutable => self.immutable(rule, incoming)?,
                Shape::Attachment => self.attachment(rule, incoming)?,
                Shape::VisitLink => {
                    match (incoming.text("visit_id"), incoming.text("expert_id")) {
                        (Some(v), Some(e)) if self.taken_visits.contains_key(v) => {
                            links.push((v.to_owned(), e.to_owned()));
                        }
                        _ => count(&mut counts, Outcome::Unchanged),
                    }
                    self.tick()?;
                    continue;
                }
            };
            count(&mut counts, outcome);
            self.tick()?;
        }
        if rule.shape == Shape::VisitLink {
            self.visit_links(rule, links, &mut counts)?;
        }
        if let Some(index) = index {
            index.finish(self.tx)?;
        }
        Ok(counts)
    }

    /// Puts the local id in every column that points at a record matched to a local one of another id.
    fn map_references(&self, rule: &TableRule, row: &mut Row<'_>) {
        for (column, target) in rule.references {
            let Some(i) = row.index(column) else { continue };
            if let Value::Text(id) = &row.values[i] {
                if let Some(local) = self.id_map.get(&(*target, id.clone())) {
                    row.values[i] = Value::Text(local.clone());
                }
            }
        }
    }

    fn provenance(&self, table: &str, incoming_id: &str) -> Result<Option<Provenance>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT id, matched, incoming_revision, local_revision FROM merged_records
                 WHERE entity = ?1 AND origin_id = ?2 AND origin_record_id = ?3",
            )?
            .query_row(params![table, self.origin.id, incoming_id], |r| {
                Ok(Provenance {
                    id: r.get(0)?,
                    matched: r.get(1)?,
                    incoming_revision: r.get(2)?,
                    local_revision: r.get(3)?,
                })
            })
            .optional()?)
    }

    fn save_provenance(&self, table: &str, incoming_id: &str, p: &Provenance) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO merged_records (entity, origin_id, origin_record_id, id, matched, incoming_revision,
                     local_revision)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (entity, origin_id, origin_record_id) DO UPDATE SET id = excluded.id,
                     matched = excluded.matched, incoming_revision = excluded.incoming_revision,
                     local_revision = excluded.local_revision",
            )?
            .execute(params![
                table,
                self.origin.id,
                incoming_id,
                p.id,
                p.matched,
                p.incoming_revision,
                p.local_revision
            ])?;
        Ok(())
    }

    fn item(&mut self, entry: history::Item<'_>) -> Result<()> {
        history::item(self.tx, &self.merge_id, self.seq, &entry)?;
        self.seq += 1;
        Ok(())
    }

    fn audit(
        &self,
        rule: &TableRule,
        action: AuditAction,
        before: Option<&Row<'_>>,
        after: Option<&Row<'_>>,
    ) -> Result<()> {
        rules::audit(self.tx, self.job.actor, rule, action, before, after)
    }

    /// The audit entry of a row the merge added: which merge and origin it came from, at which revision (the row
    /// itself is in its table and in the package; a hundred thousand copies of it in the log cost a quarter of the
    /// merge's time on the large sample).
    fn audit_created(&self, rule: &TableRule, row: &Row<'_>, revision: i64) -> Result<()> {
        let id = row.text(rule.audit_id).unwrap_or_default();
        let mut image = serde_json::Map::new();
        if rule.audit_id != "id" {
            image.insert(rule.table.to_owned(), serde_json::Value::from(row.text("id").unwrap_or_default()));
        }
        image.insert("exchangeMerge".to_owned(), serde_json::Value::from(self.merge_id.as_str()));
        image.insert("origin".to_owned(), serde_json::to_value(&self.origin).unwrap_or_default());
        image.insert("revision".to_owned(), serde_json::Value::from(revision));
        audit::record::<(), _>(self.tx, self.job.actor, AuditAction::Create, rule.audit, id, None, Some(&image))
    }

    /// A record with a revision: new, taken, unchanged, matched or in conflict.
    fn revised(&mut self, rule: &'static TableRule, mut incoming: Row<'_>) -> Result<Outcome> {
        let table = rule.table;
        let incoming_id = incoming.text("id").unwrap_or_default().to_owned();
        let revision = incoming.int("revision").unwrap_or(1);
        if let Some(p) = self.provenance(table, &incoming_id)? {
            if revision <= p.incoming_revision {
                return Ok(Outcome::Unchanged);
            }
            // Purged here since: the superior's decision stands.
            let Some(local) = row::local_row(self.tx, table, incoming.columns, &p.id)? else {
                return Ok(Outcome::Unchanged);
            };
            let local_revision = local.int("revision").unwrap_or(1);
            incoming.set("id", Value::Text(p.id.clone()));
            if p.matched || local_revision > p.local_revision {
                // Edited here since it was merged, or another's record this one was matched to: every differing
                // field waits for a decision; the local values stay.
                let differing = self.conflicts(rule, &local, &incoming, revision)?;
                let after = Provenance { incoming_revision: revision, ..p.clone() };
                self.save_provenance(table, &incoming_id, &after)?;
                self.item(history::Item::provenance(table, &p.id, &incoming_id, Some(&p)))?;
                return Ok(if differing > 0 { Outcome::Conflict } else { Outcome::Unchanged });
            }
            self.one_primary_contact(rule, &mut incoming)?;
            arrives_pending(&mut incoming);
            row::overwrite(self.tx, table, &p.id, &incoming)?;
            review_after_merge(self.tx, table, &incoming, &p.id)?;
            let after = Provenance { incoming_revision: revision, local_revision: revision, ..p.clone() };
            self.save_provenance(table, &incoming_id, &after)?;
            let deleted = incoming.get("deleted_at").is_some_and(|v| *v != Value::Null);
            self.item(history::Item::update(table, &p.id, Some(revision), deleted, &local, Some((&incoming_id, &p))))?;
            let was_deleted = local.get("deleted_at").is_some_and(|v| *v != Value::Null);
            let action = match (was_deleted, deleted) {
                (false, true) => AuditAction::Delete,
                (true, false) => AuditAction::Restore,
                _ => AuditAction::Update,
            };
            self.audit(rule, action, Some(&local), Some(&incoming))?;
            if table == "visits" {
                self.taken_visits.insert(p.id.clone(), false);
            }
            return Ok(Outcome::Updated);
        }
        let same_id = row::local_row(self.tx, table, incoming.columns, &incoming_id)?.map(|_| incoming_id.clone());
        let existing = match same_id {
            Some(id) => Some(id),
            None => rules::match_existing(self.tx, table, &|c| incoming.get(c).cloned())?,
        };
        if let Some(local_id) = existing {
            let local = row::local_row(self.tx, table, incoming.columns, &local_id)?
                .ok_or_else(|| CoreError::CorruptValue(format!("merge: {table} {local_id} vanished")))?;
            if local_id != incoming_id {
                self.id_map.insert((table, incoming_id.clone()), local_id.clone());
                incoming.set("id", Value::Text(local_id.clone()));
            }
            let differing = self.conflicts(rule, &local, &incoming, revision)?;
            let local_revision = local.int("revision").unwrap_or(1);
            let p = Provenance { id: local_id.clone(), matched: true, incoming_revision: revision, local_revision };
            self.save_provenance(table, &incoming_id, &p)?;
            self.item(history::Item::provenance(table, &local_id, &incoming_id, None))?;
            return Ok(if differing > 0 { Outcome::Conflict } else { Outcome::Matched });
        }
        self.one_primary_contact(rule, &mut incoming)?;
        arrives_pending(&mut incoming);
        row::insert(self.tx, table, &incoming)?;
        review_after_merge(self.tx, table, &incoming, &incoming_id)?;
        let p = Provenance {
            id: incoming_id.clone(),
            matched: false,
            incoming_revision: revision,
            local_revision: revision,
        };
        self.save_provenance(table, &incoming_id, &p)?;
        let deleted = incoming.get("deleted_at").is_some_and(|v| *v != Value::Null);
        self.item(history::Item::create(table, &incoming_id, Some(revision), deleted))?;
        self.audit_created(rule, &incoming, revision)?;
        if table == "visits" {
            self.taken_visits.insert(incoming_id, true);
        }
        Ok(Outcome::New)
    }

    /// An enterprise has one primary contact: an incoming primary contact of an enterprise that has one here
    /// comes in as an ordinary contact.
    fn one_primary_contact(&self, rule: &TableRule, row: &mut Row<'_>) -> Result<()> {
        if rule.table != "enterprise_contacts"
            || row.int("is_primary") != Some(1)
            || row.get("deleted_at") != Some(&Value::Null)
        {
            return Ok(());
        }
        let taken: bool = self
            .tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM main.enterprise_contacts
              WHERE enterprise_id = ?1 AND is_primary = 1 AND deleted_at IS NULL AND id <> ?2)",
            )?
            .query_row(params![row.text("enterprise_id"), row.text("id")], |r| r.get(0))?;
        if taken {
            row.set("is_primary", Value::Integer(0));
        }
        Ok(())
    }

    /// One conflict per field where the incoming record differs from the local one; returns how many.
    fn conflicts(&mut self, rule: &TableRule, local: &Row<'_>, incoming: &Row<'_>, revision: i64) -> Result<u32> {
        let mut differing = 0;
        for (i, column) in local.columns.iter().enumerate() {
            let own =
                rules::STAMP_COLUMNS.contains(&column.as_str()) || rules::REVIEW_COLUMNS.contains(&column.as_str());
            if own || local.values[i] == incoming.values[i] {
                continue;
            }
            differing += 1;
            let id = local.text("id").unwrap_or_default();
            self.conflict(
                rule.table,
                id,
                column,
                row::to_json(&local.values[i]),
                row::to_json(&incoming.values[i]),
                revision,
            )?;
        }
        Ok(differing)
    }

    fn conflict(
        &mut self,
        table: &str,
        id: &str,
        field: &str,
        local: serde_json::Value,
        incoming: serde_json::Value,
        revision: i64,
    ) -> Result<()> {
        let mut conflict = MergeConflict {
            id: String::new(),
            kind: table.to_owned(),
            entity_id: id.to_owned(),
            field: field.to_owned(),
            local,
            incoming,
            incoming_revision: revision,
            origin: self.origin.clone(),
            created_at: self.now.clone(),
        };
        if !self.preview() {
            conflict.id = conflicts::store(self.tx, &self.merge_id, &conflict)?;
            self.stored_conflicts += 1;
        }
        self.conflicts.push(conflict);
        Ok(())
    }

    /// A need's stage event: added when it is not here yet.
    fn immutable(&mut self, rule: &TableRule, incoming: Row<'_>) -> Result<Outcome> {
        let id = incoming.text("id").unwrap_or_default().to_owned();
        if row::local_row(self.tx, rule.table, &incoming.columns[..1], &id)?.is_some() {
            return Ok(Outcome::Unchanged);
        }
        row::insert(self.tx, rule.table, &incoming)?;
        self.item(history::Item::create(rule.table, &id, None, false))?;
        self.audit(rule, AuditAction::Update, None, Some(&incoming))?;
        Ok(Outcome::New)
    }

    /// An attachment: its file written and its row added when new; moved to the recycle bin when the package says
    /// it was deleted there.
    fn attachment(&mut self, rule: &TableRule, incoming: Row<'_>) -> Result<Outcome> {
        let id = incoming.text("id").unwrap_or_default().to_owned();
        let incoming_deleted = incoming.get("deleted_at").is_some_and(|v| *v != Value::Null);
        if let Some(local) = row::local_row(self.tx, rule.table, incoming.columns, &id)? {
            let local_deleted = local.get("deleted_at").is_some_and(|v| *v != Value::Null);
            if !incoming_deleted || local_deleted {
                return Ok(Outcome::Unchanged);
            }
            self.tx
                .prepare_cached("UPDATE main.attachments SET deleted_at = ?2 WHERE id = ?1")?
                .execute(params![id, incoming.get("deleted_at")])?;
            self.item(history::Item::update(rule.table, &id, None, true, &local, None))?;
            self.audit(rule, AuditAction::Delete, Some(&local), Some(&incoming))?;
            return Ok(Outcome::Updated);
        }
        if let Some(files) = &self.job.files {
            let content: Option<Vec<u8>> = self
                .tx
                .prepare_cached(&format!("SELECT content FROM {}.attachments WHERE id = ?1", self.job.schema))?
                .query_row([&id], |r| r.get(0))?;
            let stored_path = incoming.text("stored_path").unwrap_or_default();
            let folder = files.folder.as_deref().ok_or_else(no_data_folder)?;
            let file = attachments::write_content(folder, stored_path, &id, files.key, &content.unwrap_or_default())?;
            self.written_files.push(file);
        }
        row::insert(self.tx, rule.table, &incoming)?;
        let p = Provenance { id: id.clone(), matched: false, incoming_revision: 1, local_revision: 1 };
        self.save_provenance(rule.table, &id, &p)?;
        self.item(history::Item::create(rule.table, &id, None, incoming_deleted))?;
        self.audit_created(rule, &incoming, 1)?;
        Ok(Outcome::New)
    }

    /// The participants of the visits this merge added or took: as the package has them (a taken visit's
    /// participants the package no longer lists are taken off it).
    fn visit_links(&mut self, rule: &TableRule, links: Vec<(String, String)>, counts: &mut MergeCounts) -> Result<()> {
        let mut incoming: HashMap<String, Vec<String>> = HashMap::new();
        for (visit, expert) in links {
            incoming.entry(visit).or_default().push(expert);
        }
        let visits: Vec<(String, bool)> = self.taken_visits.iter().map(|(v, new)| (v.clone(), *new)).collect();
        for (visit, _) in visits {
            let wanted: HashSet<String> = incoming.remove(&visit).unwrap_or_default().into_iter().collect();
            let mut stmt = self.tx.prepare_cached("SELECT expert_id FROM main.visit_experts WHERE visit_id = ?1")?;
            let present: HashSet<String> = stmt.query_map([&visit], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for expert in wanted.difference(&present) {
                self.tx
                    .prepare_cached("INSERT INTO main.visit_experts (visit_id, expert_id) VALUES (?1, ?2)")?
                    .execute(params![visit, expert])?;
                self.item(history::Item::link(rule.table, &visit, expert, ItemAction::Link))?;
                count(counts, Outcome::New);
            }
            for expert in present.difference(&wanted) {
                self.tx
                    .prepare_cached("DELETE FROM main.visit_experts WHERE visit_id = ?1 AND expert_id = ?2")?
                    .execute(params![visit, expert])?;
                self.item(history::Item::link(rule.table, &visit, expert, ItemAction::Unlink))?;
                count(counts, Outcome::Updated);
            }
            counts.unchanged += wanted.intersection(&present).count() as u32;
        }
        Ok(())
    }

    /// Records purged at the origin: the merged copy goes to the recycle bin, unless it was edited here since (or
    /// is another's record this one was matched to): then a conflict on `deleted_at`.
    fn tombstones(&mut self, kinds: &mut [MergeKindCounts]) -> Result<()> {
        let schema = self.job.schema;
        if !row::has_table(self.tx, schema, "tombstones")? {
            return Ok(());
        }
        let mut stmt =
            self.tx.prepare(&format!("SELECT entity, id, purged_at FROM {schema}.tombstones ORDER BY entity, id"))?;
        let stones: Vec<(String, String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        for (entity, incoming_id, purged_at) in stones {
            let Some(rule) = rules::tombstone_table(&entity) else { continue };
            let outcome = self.tombstone(rule, &incoming_id, &purged_at)?;
            if let Some(k) = kinds.iter_mut().find(|k| k.kind == rule.table) {
                count(&mut k.counts, outcome);
            }
            self.tick()?;
        }
        Ok(())
    }

    fn tombstone(&mut self, rule: &'static TableRule, incoming_id: &str, purged_at: &str) -> Result<Outcome> {
        let table = rule.table;
        if rule.shape == Shape::Immutable {
            return Ok(Outcome::Unchanged);
        }
        let Some(p) = self.provenance(table, incoming_id)? else { return Ok(Outcome::Unchanged) };
        let columns = row::shared_columns(self.tx, "main", table)?;
        let Some(local) = row::local_row(self.tx, table, &columns, &p.id)? else { return Ok(Outcome::Unchanged) };
        if local.get("deleted_at").is_some_and(|v| *v != Value::Null) {
            return Ok(Outcome::Unchanged);
        }
        let revised = rule.shape == Shape::Revised;
        let local_revision = local.int("revision").unwrap_or(1);
        if p.matched || (revised && local_revision > p.local_revision) {
            let incoming = serde_json::Value::String(purged_at.to_owned());
            self.conflict(table, &p.id, "deleted_at", serde_json::Value::Null, incoming, p.incoming_revision)?;
            return Ok(Outcome::Conflict);
        }
        let mut after = local.clone();
        after.set("deleted_at", Value::Text(self.now.clone()));
        if revised {
            after.set("updated_at", Value::Text(self.now.clone()));
            after.set("revision", Value::Integer(local_revision + 1));
        }
        row::overwrite(self.tx, table, &p.id, &after)?;
        let revision = revised.then_some(local_revision + 1);
        if let Some(revision) = revision {
            self.save_provenance(table, incoming_id, &Provenance { local_revision: revision, ..p.clone() })?;
        }
        self.item(history::Item::update(table, &p.id, revision, true, &local, Some((incoming_id, &p))))?;
        self.audit(rule, AuditAction::Delete, Some(&local), Some(&after))?;
        Ok(Outcome::Updated)
    }
}

/// A visit or service record merged new or taken arrives 待审核: the sender's review is not this ledger's. Other
/// tables have no review columns, which `set` leaves alone.
fn arrives_pending(incoming: &mut Row<'_>) {
    for column in rules::REVIEW_COLUMNS {
        incoming.set(column, if *column == "review_status" { Value::from("pending".to_owned()) } else { Value::Null });
    }
}

/// A package of a ledger older than the review columns leaves them at their default (已通过): mark it pending.
fn review_after_merge(tx: &Connection, table: &str, incoming: &Row<'_>, id: &str) -> Result<()> {
    let kind = match table {
        "visits" => ReviewKind::Visit,
        "service_records" => ReviewKind::ServiceRecord,
        _ => return Ok(()),
    };
    if incoming.index("review_status").is_none() {
        review::mark_pending(tx, kind, id)?;
    }
    Ok(())
}

fn no_data_folder() -> CoreError {
    CoreError::Unsupported {
        message: "此台账没有数据文件夹（在内存中打开），不能合并带附件的交换包".to_owned(),
        message_en:
            "This ledger has no data folder (it is open in memory); a package with attachments cannot be merged"
                .to_owned(),
    }
}

/// The file name a merge records for a package's path.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
