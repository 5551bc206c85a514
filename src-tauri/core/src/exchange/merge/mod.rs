//! 合并交换包: the merge of exchange packages at the superior's ledger (docs/EXCHANGE.md, "Merge rules").
//!
//! - [`rules`]: per record table, the references that go through the id map, the matching across origins, the audit.
//! - [`row`]: rows as the merge reads, compares and writes them.
//! - [`apply`]: the merge of one attached package inside one transaction (or its preview, rolled back).
//! - [`conflicts`]: 待处理冲突, and deciding one field.
//! - [`history`]: the history of merges, what each wrote, and its undo.
//!
//! The engine reads the package through an attached schema: a [`MergeSource`] (the package reader's opened
//! package) attaches it to the writer connection; the engine needs nothing else of the reader.

mod apply;
mod conflicts;
mod history;
mod row;
mod rules;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use rusqlite::{Connection, TransactionBehavior};

use crate::data_folder::attachments;
use crate::error::{CoreError, Result};
use crate::exchange::identity::{ensure_ledger_id, ledger_id};
use crate::exchange::{OpenedPackage, PackageManifest};
use crate::model::{BackupReason, ConflictResolution, MergeConflict, MergePreview, MergeRecord, MergeReport};
use crate::Ledger;

/// The schema name a package is attached as while it is merged.
const SCHEMA: &str = "pkg";

/// A package ready to merge: its manifest (checked by the reader) and the way to attach its tables to a connection
/// as a schema whose record tables have the ledger's names and columns (+ `attachments.content`, + `tombstones`).
pub trait MergeSource {
    /// The package's manifest.
    fn manifest(&self) -> &PackageManifest;
    /// The package file (its name goes into the merge history).
    fn path(&self) -> &Path;
    /// Attaches the package to `conn` as `schema` (outside any transaction).
    fn attach(&self, conn: &Connection, schema: &str) -> Result<()>;
    /// Detaches it again.
    fn detach(&self, conn: &Connection, schema: &str) -> Result<()>;
}

impl MergeSource for OpenedPackage {
    fn manifest(&self) -> &PackageManifest {
        OpenedPackage::manifest(self)
    }
    fn path(&self) -> &Path {
        OpenedPackage::path(self)
    }
    fn attach(&self, conn: &Connection, schema: &str) -> Result<()> {
        OpenedPackage::attach(self, conn, schema)
    }
    fn detach(&self, conn: &Connection, schema: &str) -> Result<()> {
        OpenedPackage::detach(self, conn, schema)
    }
}

/// A package this ledger exported itself is refused: 这是本台账导出的交换包.
fn refuse_own(conn: &Connection, manifest: &PackageManifest, path: &Path) -> Result<()> {
    match ledger_id(conn)? {
        Some(own) if own == manifest.origin_id => Err(CoreError::OwnPackage { path: path.display().to_string() }),
        _ => Ok(()),
    }
}

/// A package whose records point at records this ledger never received (a `changes` package after one that was
/// not merged): refused as a whole.
fn missing_references() -> CoreError {
    CoreError::Unsupported {
        message: "交换包中的记录引用了本台账没有的记录（可能漏合并了同一来源之前的交换包），未写入任何内容；请先合并之前的交换包或请对方导出完整交换包".to_owned(),
        message_en: "Records of the package point at records this ledger does not have (an earlier package of the same origin may not have been merged); nothing was written — merge the earlier package first, or ask for a full package".to_owned(),
    }
}

impl Ledger {
    /// Refuses a package this ledger exported itself ([`CoreError::OwnPackage`]); reads only. A caller merging
    /// several packages asks this of each before it merges the first.
    pub fn refuse_own_package(&self, package: &dyn MergeSource) -> Result<()> {
        self.db.read(|c| refuse_own(c, package.manifest(), package.path()))
    }

    /// What merging the package would do, per kind of record, with every conflict it would list: the merge run in
    /// a transaction that is rolled back (no file is written, no backup made).
    pub fn preview_merge(&self, package: &dyn MergeSource) -> Result<MergePreview> {
        self.run_merge(package, false, &mut |_, _| {}, &AtomicBool::new(false))
    }

    /// Merges one package in one transaction (all or nothing; a cancel or any failure writes nothing, not even an
    /// attachment file), after the backup an import makes (导入前备份). A package this ledger exported is refused
    /// ([`CoreError::OwnPackage`]) before anything is written. A package that changes nothing (merged already)
    /// writes nothing and has no entry in the history. `progress` hears (rows judged, rows in the package).
    pub fn merge_package(
        &self,
        package: &dyn MergeSource,
        progress: &mut dyn FnMut(u64, u64),
        cancel: &AtomicBool,
    ) -> Result<MergeReport> {
        self.refuse_own_package(package)?;
        self.backup_before(BackupReason::Import)?;
        self.run_merge(package, true, progress, cancel)
    }

    fn run_merge(
        &self,
        package: &dyn MergeSource,
        write: bool,
        progress: &mut dyn FnMut(u64, u64),
        cancel: &AtomicBool,
    ) -> Result<MergeReport> {
        let folder = attachments::data_folder(&self.db).ok();
        self.db.with_writer(|conn| {
            refuse_own(conn, package.manifest(), package.path())?;
            package.attach(conn, SCHEMA)?;
            let merged = (|| {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                // The first merge gives this ledger its id, which names its own records beside the merged origins
                // (来源); before it the ledger is its only origin and no read needs the id.
                ensure_ledger_id(&tx)?;
                let mut job = apply::Job {
                    schema: SCHEMA,
                    manifest: package.manifest(),
                    file_name: &apply::file_name(package.path()),
                    actor: &self.actor,
                    files: write.then(|| apply::Files { folder: folder.clone(), key: self.attachments_key() }),
                    progress,
                    cancel,
                };
                let (report, files) = apply::merge(&tx, &mut job);
                let committed = match report {
                    Ok(report) if report.written => {
                        tx.commit().map(|()| report).map_err(|e| match e.sqlite_error_code() {
                            Some(rusqlite::ErrorCode::ConstraintViolation) => missing_references(),
                            _ => CoreError::Sqlite(e),
                        })
                    }
                    // A preview, or nothing to write: the transaction is rolled back as it drops.
                    other => other,
                };
                if committed.as_ref().map_or(true, |r| !r.written) {
                    for file in files {
                        let _ = std::fs::remove_file(file);
                    }
                }
                committed
            })();
            let detached = package.detach(conn, SCHEMA);
            let report = merged?;
            detached?;
            Ok(report)
        })
    }

    /// The merges, newest first.
    pub fn list_merges(&self) -> Result<Vec<MergeRecord>> {
        self.db.read(history::list)
    }

    /// Takes a merge back as a whole while the records it wrote are unchanged since (as an import's undo). A
    /// refused undo writes nothing; otherwise the database is backed up first (撤销导入前备份), every record the
    /// undo removes or sets back is audited, and the files of the attachments it removes are deleted after the
    /// commit.
    pub fn undo_merge(&self, id: &str) -> Result<MergeRecord> {
        self.db.read(|c| history::check_undoable(c, id))?;
        self.backup_before(BackupReason::Undo)?;
        let (record, files) =
            self.db.write(|tx| history::undo(tx, &self.actor, id)).map_err(history::referenced_since)?;
        attachments::remove_files(&self.db, &files);
        Ok(record)
    }

    /// The conflicts waiting in 待处理冲突, oldest first.
    pub fn list_conflicts(&self) -> Result<Vec<MergeConflict>> {
        self.db.read(conflicts::list_open)
    }

    /// Decides one conflict: keep the local value, or take the incoming one (written, revision up, audited).
    pub fn resolve_conflict(&self, id: &str, resolution: ConflictResolution) -> Result<MergeConflict> {
        self.db.write(|tx| conflicts::resolve(tx, &self.actor, id, resolution))
    }
}

#[cfg(test)]
mod tests {
    use super::rules::RULES;
    use crate::exchange::RECORD_TABLES;

    #[test]
    fn the_tables_said_searched_are_those_with_a_search_index_trigger() {
        let ledger = crate::Ledger::open_in_memory().unwrap();
        for rule in RULES {
            let has: bool = ledger
                .database()
                .read(|c| {
                    Ok(c.query_row(
                        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1)",
                        [format!("{}_fts_insert", rule.table)],
                        |r| r.get(0),
                    )?)
                })
                .unwrap();
            assert_eq!(has, rule.searched, "{}", rule.table);
        }
    }

    #[test]
    fn every_record_table_has_its_rule_in_order() {
        let tables: Vec<&str> = RULES.iter().map(|r| r.table).collect();
        assert_eq!(tables, RECORD_TABLES);
    }
}
