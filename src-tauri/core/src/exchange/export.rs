//! 导出交换包: [`Ledger::export_package`] writes the ledger's records — all of them, or those changed since its
//! previous package — into a new package file, and records the package in `exchange_exports` in the same step as the
//! file's rename, so a write that failed neither leaves a file nor moves the change mark.
//!
//! The rows are read on a connection of the export's own in one read transaction (the list pages stay responsive)
//! and streamed into the package one at a time, the content hash computed as they go: memory stays flat whatever
//! the ledger's size. Attachment files are read one at a time, decrypted with the ledger's attachments key.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::data_folder::attachments;
use crate::data_folder::paths::{check_user_path, PathUse};
use crate::error::{CoreError, Result};
use crate::exchange::canonical::{quote, ContentHash, TableShape};
use crate::exchange::changes::{self, ChangeSet};
use crate::exchange::identity::LedgerIdentity;
use crate::exchange::manifest::{PackageManifest, PackageScope, FILE_TABLE, FORMAT_VERSION, RECORD_TABLES, TOMBSTONES};
use crate::exchange::package::PackageFile;
use crate::storage::crypto::{DerivedKey, Secret};
use crate::storage::fs_atomic;
use crate::storage::migrations;
use crate::Ledger;

/// The extension of a package file.
pub const PACKAGE_EXTENSION: &str = "stlx";

/// Rows between two calls of the progress callback.
pub const PROGRESS_EVERY: u64 = 1_000;

/// What [`Ledger::export_package`] is asked for.
#[derive(Debug, Default)]
pub struct ExportPackageOptions {
    /// The whole ledger, even when an earlier package was written (the first package is full anyway).
    pub full: bool,
    /// The package's passphrase: required when the ledger is encrypted, optional otherwise.
    pub password: Option<Secret>,
}

/// What a package export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportPackageReport {
    /// The package file.
    pub file: String,
    /// Its number among this ledger's packages (1, 2, …).
    #[ts(type = "number")]
    pub package_seq: i64,
    /// Full, or changes since `since_seq`.
    pub scope: PackageScope,
    /// For changes: the package they follow.
    #[ts(type = "number | null")]
    pub since_seq: Option<i64>,
    /// Rows per table (record tables and `tombstones`).
    #[ts(type = "Record<string, number>")]
    pub counts: BTreeMap<String, i64>,
    /// SHA-256 of the canonical content.
    pub content_hash: String,
    /// The file's size.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Whether the package is encrypted.
    pub encrypted: bool,
    /// Attachments whose file the data folder no longer had: their rows travel with an empty `content`.
    pub missing_files: Vec<String>,
}

/// One package this ledger wrote, as `exchange_exports` keeps it (汇总交换's history: "changes since package N").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackageExport {
    /// Its number (1, 2, …).
    #[ts(type = "number")]
    pub seq: i64,
    /// When it was written (UTC, RFC 3339).
    pub created_at: String,
    /// Full, or changes since `since_seq`.
    pub scope: PackageScope,
    /// For changes: the package they follow.
    #[ts(type = "number | null")]
    pub since_seq: Option<i64>,
    /// Rows per table.
    #[ts(type = "Record<string, number>")]
    pub counts: BTreeMap<String, i64>,
    /// SHA-256 of its canonical content.
    pub content_hash: String,
    /// The file's name (not its folder).
    pub file_name: String,
    /// Who wrote it.
    pub actor: String,
}

/// The previous package: its number and change mark.
struct Previous {
    seq: i64,
    mark: i64,
}

/// A package written to its partial file, not yet in place.
struct Written {
    manifest: PackageManifest,
    mark: i64,
    missing_files: Vec<String>,
}

impl Ledger {
    /// Writes an exchange package to `out` (a `.stlx` path outside the data folder; relative to the current folder
    /// when not absolute). The first package of a ledger, and any asked `full`, holds every record; a later one the
    /// records changed since the previous package, their owned rows and what they point at, and tombstones. An
    /// encrypted ledger's package must have a password (a validation error on `packagePassword` otherwise, nothing
    /// written).
    pub fn export_package(&self, out: &Path, options: &ExportPackageOptions) -> Result<ExportPackageReport> {
        self.export_package_with(out, options, &mut |_, _| true)
    }

    /// [`Ledger::export_package`] with `progress(done, total)` called every [`PROGRESS_EVERY`] rows; returning
    /// `false` cancels ([`CoreError::Cancelled`], nothing written).
    pub fn export_package_with(
        &self,
        out: &Path,
        options: &ExportPackageOptions,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<ExportPackageReport> {
        let out = self.package_target(out)?;
        let password = package_password(self.is_encrypted(), options.password.as_ref())?;
        let identity = self.ledger_identity()?;
        let folder = attachments::data_folder(&self.db).ok();
        let source = Source {
            identity: &identity,
            created_at: self.actor.now(),
            full: options.full,
            folder: folder.as_deref(),
            key: self.attachments_key(),
        };
        let partial = fs_atomic::partial_path(&out);
        let written = self.db.read_apart(|conn| write_package(conn, &source, &partial, password, progress));
        let result = written.and_then(|written| self.put_in_place(&partial, &out, written, password.is_some()));
        if result.is_err() {
            fs_atomic::remove_with_sidecars(&partial);
        }
        result
    }

    /// The packages this ledger wrote, newest first.
    pub fn package_exports(&self) -> Result<Vec<PackageExport>> {
        self.db.read(|c| {
            let mut stmt = c.prepare(
                "SELECT seq, created_at, scope, since_seq, counts, content_hash, file_name, actor
                 FROM exchange_exports ORDER BY seq DESC",
            )?;
            let rows = crate::storage::db::read_rows(&mut stmt, [], |r| {
                let scope: String = r.get(2)?;
                Ok(PackageExport {
                    seq: r.get(0)?,
                    created_at: r.get(1)?,
                    scope: PackageScope::from_code(&scope).unwrap_or(PackageScope::Full),
                    since_seq: r.get(3)?,
                    counts: crate::storage::db::json_column(r, 4)?,
                    content_hash: r.get(5)?,
                    file_name: r.get(6)?,
                    actor: r.get(7)?,
                })
            })?;
            Ok(rows)
        })
    }

    /// `out` made absolute and checked as every export path is (extension `.stlx`, not inside the data folder).
    fn package_target(&self, out: &Path) -> Result<PathBuf> {
        let absolute = std::path::absolute(out)?;
        // A ledger in memory has no data folder: a folder inside the target itself stands for it (nothing is in it).
        let data = attachments::data_folder(&self.db).unwrap_or_else(|_| absolute.join(".in-memory-ledger"));
        check_user_path(&absolute.to_string_lossy(), &[PACKAGE_EXTENSION], &data, PathUse::Write)
    }

    /// Syncs the written partial file, then records the package in `exchange_exports` and renames the file onto
    /// `out` in one write transaction: both happen, or neither.
    fn put_in_place(
        &self,
        partial: &Path,
        out: &Path,
        written: Written,
        encrypted: bool,
    ) -> Result<ExportPackageReport> {
        fs::OpenOptions::new().write(true).open(partial)?.sync_all()?;
        let bytes = fs::metadata(partial)?.len();
        let m = &written.manifest;
        let file_name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let counts = serde_json::to_string(&m.counts).map_err(|e| CoreError::CorruptValue(format!("counts: {e}")))?;
        let recorded = self.db.write(|tx| {
            let last: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM exchange_exports", [], |r| r.get(0))?;
            if last + 1 != m.package_seq {
                return Err(CoreError::Unsupported {
                    message: "另一个交换包刚刚导出，本次未保存，请重新导出".to_owned(),
                    message_en: "Another exchange package was just exported; this one was not kept, export again"
                        .to_owned(),
                });
            }
            tx.execute(
                "INSERT INTO exchange_exports (seq, created_at, scope, since_seq, change_mark, counts, content_hash,
                                               file_name, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    m.package_seq,
                    m.created_at,
                    m.scope.code(),
                    m.since_seq,
                    written.mark,
                    counts,
                    m.content_hash,
                    file_name,
                    self.actor.name()
                ],
            )?;
            fs_atomic::commit(partial, out)?;
            Ok(())
        });
        if let Err(e) = recorded {
            // Renamed, then the commit failed: the file must not stay without its row.
            if !partial.exists() {
                let _ = fs::remove_file(out);
            }
            return Err(e);
        }
        Ok(ExportPackageReport {
            file: out.display().to_string(),
            package_seq: m.package_seq,
            scope: m.scope,
            since_seq: m.since_seq,
            counts: m.counts.clone(),
            content_hash: m.content_hash.clone(),
            bytes,
            encrypted,
            missing_files: written.missing_files,
        })
    }
}

/// The package password to use: an encrypted ledger must have one (its data must not travel in the clear); an empty
/// one is refused.
fn package_password(encrypted: bool, given: Option<&Secret>) -> Result<Option<&Secret>> {
    match given {
        Some(p) if p.as_str().is_empty() => {
            Err(CoreError::field("packagePassword", "交换包密码不能为空", "The package password cannot be empty"))
        }
        Some(p) => Ok(Some(p)),
        None if encrypted => Err(CoreError::field(
            "packagePassword",
            "本台账已设置密码，交换包也必须加密：请给出交换包密码",
            "This ledger is encrypted, so its package must be too: give a package password",
        )),
        None => Ok(None),
    }
}

/// What the export reads besides the database.
struct Source<'a> {
    identity: &'a LedgerIdentity,
    created_at: String,
    full: bool,
    /// The data folder (`None` in memory: no attachment files).
    folder: Option<&'a Path>,
    key: Option<&'a DerivedKey>,
}

/// Writes the package to `partial` from one read transaction on `conn`.
fn write_package(
    conn: &Connection,
    source: &Source<'_>,
    partial: &Path,
    password: Option<&Secret>,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Written> {
    let previous = conn
        .query_row("SELECT seq, change_mark FROM exchange_exports ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok(Previous { seq: r.get(0)?, mark: r.get(1)? })
        })
        .optional()?;
    let mark: i64 = conn.query_row("SELECT COALESCE(MAX(rowid), 0) FROM audit_log", [], |r| r.get(0))?;
    let since = previous.as_ref().filter(|_| !source.full);
    let changes = since.map(|p| ChangeSet::pick(conn, p.mark, mark)).transpose()?;
    let filters = RECORD_TABLES
        .iter()
        .map(|t| {
            let picked = changes.as_ref().map(|c| c.filter(t)).transpose()?;
            Ok(match (picked, changes::travels(t)) {
                (Some(p), Some(own)) => Some(format!("{p} AND {own}")),
                (p, own) => p.or(own),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let total = RECORD_TABLES
        .iter()
        .zip(&filters)
        .map(|(t, f)| count(conn, t, f.as_deref()))
        .sum::<Result<i64>>()?
        .unsigned_abs();
    if !progress(0, total) {
        return Err(CoreError::Cancelled);
    }
    let file = PackageFile::create(partial, password)?;
    let mut hash = ContentHash::new();
    let mut counts = BTreeMap::new();
    let mut copy = TableCopy { conn, file: &file, hash: &mut hash, source, done: 0, total, missing: Vec::new() };
    for (table, filter) in RECORD_TABLES.iter().zip(&filters) {
        let rows = copy.table(table, filter.as_deref(), progress)?;
        counts.insert((*table).to_owned(), rows);
    }
    let missing_files = std::mem::take(&mut copy.missing);
    let tombstones = match &changes {
        Some(c) => copy_tombstones(conn, file.conn(), c.tombstones_sql(), &mut hash)?,
        None => {
            hash.table(TOMBSTONES);
            0
        }
    };
    counts.insert(TOMBSTONES.to_owned(), tombstones);
    let manifest = PackageManifest {
        format_version: FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version: migrations::current_version(conn)?,
        origin_id: source.identity.id.clone(),
        origin_name: source.identity.name.clone(),
        reporter: source.identity.reporter.clone(),
        created_at: source.created_at.clone(),
        package_seq: previous.as_ref().map_or(1, |p| p.seq + 1),
        scope: if since.is_some() { PackageScope::Changes } else { PackageScope::Full },
        since_seq: since.map(|p| p.seq),
        counts,
        content_hash: hash.finish(),
    };
    drop(changes);
    file.finish(&manifest)?;
    Ok(Written { manifest, mark, missing_files })
}

/// The rows of `table` the package holds (`filter`: the [`ChangeSet`] condition; `None`: all).
fn count(conn: &Connection, table: &str, filter: Option<&str>) -> Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM main.{} t WHERE {}", quote(table), filter.unwrap_or("1"));
    Ok(conn.query_row(&sql, [], |r| r.get(0))?)
}

/// The copy of the record tables from the ledger into the package.
struct TableCopy<'a> {
    conn: &'a Connection,
    file: &'a PackageFile,
    hash: &'a mut ContentHash,
    source: &'a Source<'a>,
    done: u64,
    total: u64,
    missing: Vec<String>,
}

impl TableCopy<'_> {
    /// Creates `table` in the package with the ledger's columns and streams its rows (those `filter` selects) into
    /// it in primary-key order, hashing each; answers how many.
    fn table(&mut self, table: &str, filter: Option<&str>, progress: &mut dyn FnMut(u64, u64) -> bool) -> Result<i64> {
        let shape = TableShape::read(self.conn, "main", table)?
            .ok_or_else(|| CoreError::CorruptValue(format!("the ledger has no table {table}")))?;
        let package_shape = self.file.create_table(&shape)?;
        let width = shape.columns.len();
        let with_file = table == FILE_TABLE;
        let column = |name: &str| shape.columns.iter().position(|c| c.name == name);
        let (id_at, path_at) = (column("id"), column("stored_path"));
        let mut select = self.conn.prepare(&format!(
            "SELECT {} FROM main.{} t WHERE {} {}",
            shape.columns.iter().map(|c| format!("t.{}", quote(&c.name))).collect::<Vec<_>>().join(", "),
            quote(table),
            filter.unwrap_or("1"),
            shape.order_by()
        ))?;
        let placeholders = (1..=package_shape.columns.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let mut insert = self.file.conn().prepare(&format!(
            "INSERT INTO main.{} ({}) VALUES ({placeholders})",
            quote(table),
            package_shape.column_list()
        ))?;
        self.hash.table(table);
        let mut rows = select.query([])?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            for i in 0..width {
                let value = row.get_ref(i)?;
                insert.raw_bind_parameter(i + 1, ToSqlOutput::Borrowed(value))?;
                self.hash.value(value);
            }
            if with_file {
                let id: String = row.get(id_at.unwrap_or(0))?;
                let stored: String = row.get(path_at.unwrap_or(0))?;
                let content = self.content(&id, &stored)?;
                insert.raw_bind_parameter(width + 1, content.as_deref())?;
                self.hash.value(match &content {
                    Some(bytes) => ValueRef::Blob(bytes),
                    None => ValueRef::Null,
                });
            }
            insert.raw_execute()?;
            self.hash.end_row();
            count += 1;
            self.done += 1;
            if self.done.is_multiple_of(PROGRESS_EVERY) && !progress(self.done, self.total.max(self.done)) {
                return Err(CoreError::Cancelled);
            }
        }
        Ok(count)
    }

    /// The decrypted content of an attachment's stored file; `None` (and the id noted) when the file is missing.
    fn content(&mut self, id: &str, stored: &str) -> Result<Option<Vec<u8>>> {
        let Some(folder) = self.source.folder else {
            self.missing.push(id.to_owned());
            return Ok(None);
        };
        let path = attachments::resolve(folder, stored)?;
        if !path.is_file() {
            self.missing.push(id.to_owned());
            return Ok(None);
        }
        attachments::read_content(&path, id, self.source.key, stored).map(Some)
    }
}

/// Copies the tombstones `sql` selects into the package, hashing each; answers how many.
fn copy_tombstones(conn: &Connection, package: &Connection, sql: &str, hash: &mut ContentHash) -> Result<i64> {
    hash.table(TOMBSTONES);
    let mut insert = package.prepare("INSERT INTO tombstones (entity, id, purged_at) VALUES (?1, ?2, ?3)")?;
    let mut select = conn.prepare(sql)?;
    let mut rows = select.query([])?;
    let mut count = 0;
    while let Some(row) = rows.next()? {
        for i in 0..3 {
            let value = row.get_ref(i)?;
            insert.raw_bind_parameter(i + 1, ToSqlOutput::Borrowed(value))?;
            hash.value(value);
        }
        insert.raw_execute()?;
        hash.end_row();
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encrypted_ledger_needs_a_package_password_and_none_may_be_empty() {
        let e = package_password(true, None).unwrap_err();
        assert_eq!(e.fields()[0].field, "packagePassword");
        assert!(package_password(false, Some(&Secret::new(""))).is_err());
        assert!(package_password(false, None).unwrap().is_none());
        assert!(package_password(true, Some(&Secret::new("口令"))).unwrap().is_some());
    }

    #[test]
    fn canonical_quote_doubles_quotes() {
        assert_eq!(crate::exchange::canonical::quote("a\"b"), "\"a\"\"b\"");
    }
}
