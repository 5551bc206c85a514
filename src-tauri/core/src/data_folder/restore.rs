//! 从备份恢复 (restore) and recovery, beside [`crate::data_folder::backup`].
//!
//! **Restore** ([`Ledger::restore_backup`]) takes a backup archive (every SHA-256 sum checked before anything is
//! written; a damaged archive is refused) or a plain database file. The database is copied into a staging file first
//! and checked — integrity, foreign keys, schema version ≤ [`LATEST_VERSION`], the ledger's tables, the page size —
//! then, holding off every write, the current database is backed up (恢复前备份, which must succeed), the
//! archive's attachment files are put back into the data folder (written beside their place and renamed; a file
//! already there with the same content is left alone), and the staged copy is written INTO the open database
//! through the backup API on the writer connection (the file is never swapped under an open connection), then
//! migrated if it is older. Last the rows and files are reconciled: the [`RestoreReport`] lists every attachment the
//! restored database names whose file is neither in the backup nor in the data folder. A database that cannot be
//! opened (damaged, or missing beside its backups) is replaced by [`Ledger::recover`], which keeps the damaged file
//! aside byte for byte first. A backup made on one PC restores on another: stored paths are relative to the data
//! folder.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::data_folder::archive::{self, Manifest, MemberKind};
use crate::data_folder::attachments;
use crate::data_folder::backup::*;
use crate::data_folder::orphans;
use crate::error::{CoreError, Result};
use crate::ledger::Ledger;
use crate::model::{BackupEntry, BackupReason, RestoreReport};
use crate::storage::crypto::{self, apply_key, convert, envelope_path, DbKey, DerivedKey, Envelope, MasterKey, Secret};
use crate::storage::db;
use crate::storage::fs_atomic::{self, partial_path};
use crate::storage::integrity;
use crate::storage::migrations::{self, LATEST_VERSION};

impl Ledger {
    /// 从备份恢复: replaces the ledger's data with the backup in `from_file` (a backup archive with its attachments,
    /// or a plain database file: an older backup or any ledger file).
    ///
    /// An archive's sums are all checked and the database is copied to a staging file and checked (integrity,
    /// foreign keys, not from a newer app, a ledger database) before anything changes; then, with writes held off,
    /// the current database is backed up (恢复前备份; if that fails, nothing is restored), the attachment files are
    /// put back and the staged copy is written into the open database through the backup API, and migrated when it
    /// is older. A refused file leaves everything as it was.
    pub fn restore_backup(&self, from_file: &Path) -> Result<RestoreReport> {
        self.restore_backup_with(from_file, None)
    }

    /// [`Ledger::restore_backup`] of a backup that may be encrypted under another key (made by another ledger, or
    /// before the password changed hands): `secret` is the password or the recovery code **of the backup**. The
    /// restored database always gets this ledger's protection — encrypted with this ledger's key, or plain when
    /// this ledger has no password — and this ledger's key envelope is never replaced:
    ///
    /// - a backup of this ledger's own key restores without a secret;
    /// - a backup encrypted under another key needs its `secret` (none: [`CoreError::Locked`]; one that opens
    ///   neither slot of the envelope the backup carries: [`CoreError::WrongPassword`]), and is re-keyed to this
    ///   ledger's key (or decrypted into a plain ledger) through a verified `sqlcipher_export` copy;
    /// - a plain backup restored into an encrypted ledger is encrypted with its key.
    ///
    /// A refused secret writes nothing.
    pub fn restore_backup_with(&self, from_file: &Path, secret: Option<&Secret>) -> Result<RestoreReport> {
        let db_path = self.file_path()?.to_owned();
        refuse_same_file(from_file, &db_path)?;
        let policy = &self.backups.policy;
        let (current_bytes, page_size) = self.db.read(|c| Ok((backup_bytes(c)?, page_size(c)?)))?;
        let key = self.db.key();
        let target = Target::Key(key);
        let dir = backups_dir(&db_path);
        let keys = Keys { secret, retired: &self.retired_keys };
        let staged = Staged::stage(from_file, &dir, &stem(&db_path), policy, current_bytes, target, keys)?;
        let from_version = staged.validate(from_file, Some(page_size))?;
        self.db.with_writer(|writer| {
            let safety = backup_into_folder(writer, &db_path, BackupReason::Restore, policy, key)?;
            let mut files = staged.put_files_back(data_dir_of(&db_path), target)?;
            files.reseal(staged.files_key.as_ref(), self.attachments_key())?;
            let restored = (|| {
                let src = Connection::open_with_flags(&staged.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                apply_key(&src, staged.key.as_ref())?;
                run_backup(&src, writer)
            })();
            if let Err(e) = restored {
                files.undo();
                return Err(e);
            }
            migrations::migrate(writer)?;
            let data_dir = data_dir_of(&db_path);
            let reconciled = orphans::reconcile(writer, data_dir, self.attachments_key(), self.clock())
                .unwrap_or_else(|e| orphans::not_started(&e));
            Ok(RestoreReport {
                restored_from: from_file.display().to_string(),
                from_schema_version: from_version as i32,
                schema_version: migrations::current_version(writer)? as i32,
                safety_backup: Some(safety),
                attachment_files: files.count,
                missing_files: missing_files(writer, data_dir)?,
                reconciled,
            })
        })
    }

    /// Restores `from_file` in place of a database that cannot be opened (damaged, or missing), then opens it.
    /// [`Ledger::recover_with`] with the real clock and disk.
    pub fn recover(db_path: &Path, from_file: &Path) -> Result<(Ledger, RestoreReport)> {
        Self::recover_with(db_path, from_file, BackupPolicy::default())
    }

    /// [`Ledger::recover_with_secret`] without a secret: a plain backup into a plain (or missing) ledger.
    pub fn recover_with(db_path: &Path, from_file: &Path, policy: BackupPolicy) -> Result<(Ledger, RestoreReport)> {
        Self::recover_with_secret(db_path, from_file, policy, None)
    }

    /// Restores `from_file` in place of the database at `db_path` without opening that database first: for a file
    /// [`Ledger::open`] refused as damaged ([`CoreError::Integrity`]), or none at all
    /// ([`CoreError::LedgerMissing`]). The file is checked and staged as in [`Ledger::restore_backup`]; the current
    /// file is kept in `backups/` first (a verified 恢复前备份 when it still reads as a database, otherwise a
    /// byte-for-byte copy named `…-damaged-s<n>.sqlite3`); then the attachment files are put back, the checked copy
    /// takes its place (no connection is open on it: the writer lock is held throughout) and the ledger is opened
    /// (and migrated when older).
    ///
    /// Which protection the recovered ledger has (docs/SECURITY.md, "Backups and restore"):
    /// - **the current ledger is encrypted** (its envelope is there and its file is encrypted): `secret` must open
    ///   that envelope ([`CoreError::Locked`] without one, [`CoreError::WrongPassword`] for a wrong one: a locked
    ///   ledger is never replaced by someone who cannot open it); the recovered database is encrypted with the
    ///   current key and the envelope stays. A backup under another key must open with the same `secret`.
    /// - **otherwise** (no database, an empty or a plain one) the recovered ledger takes the backup's protection: a
    ///   plain backup is restored plain; an encrypted one (with `secret`, the backup's password or recovery code)
    ///   is put in place as it is, with the key envelope it carries. An envelope already in the data folder under
    ///   the same key is kept (it may hold a newer password; the recovery code opens both); one under another key
    ///   (left from a lost ledger) is moved into `backups/` as `<stem>-keys-replaced-<id>.keys`, never deleted.
    ///
    /// A refused secret writes nothing.
    pub fn recover_with_secret(
        db_path: &Path,
        from_file: &Path,
        policy: BackupPolicy,
        secret: Option<&Secret>,
    ) -> Result<(Ledger, RestoreReport)> {
        let current_master = if crypto::is_encrypted(db_path) {
            Some(crypto::unlock(db_path, secret)?.ok_or(CoreError::Locked)?)
        } else {
            None
        };
        let current_key = current_master.as_ref().map(MasterKey::database_key);
        let retired = current_master.as_ref().map(|m| crypto::retired_keys(db_path, m)).unwrap_or_default();
        let target = match &current_key {
            Some(key) => Target::Key(Some(key)),
            None => Target::Adopt,
        };
        refuse_same_file(from_file, db_path)?;
        let existed = db_path.exists();
        let created = create_dirs(data_dir_of(db_path))?;
        let lock_file = sidecar(db_path, ".lock");
        let lock_existed = lock_file.exists();
        let swapped = (|| {
            let _lock = db::acquire_writer_lock(db_path, db::LOCK_WAIT)?;
            let current_bytes = file_len(db_path) + file_len(&sidecar(db_path, "-wal"));
            let dir = backups_dir(db_path);
            let keys = Keys { secret, retired: &retired };
            let mut staged = Staged::stage(from_file, &dir, &stem(db_path), &policy, current_bytes, target, keys)?;
            staged.validate(from_file, None)?;
            let safety =
                if file_len(db_path) > 0 { Some(keep_current(db_path, &policy, current_key.as_ref())?) } else { None };
            let adopted = staged.master.take();
            if let Some(master) = &adopted {
                set_aside_other_envelope(db_path, master)?;
            }
            let mut files = staged.put_files_back(data_dir_of(db_path), target)?;
            if staged.files_key.is_some() {
                files.reseal(
                    staged.files_key.as_ref(),
                    current_master.as_ref().map(MasterKey::attachments_key).as_ref(),
                )?;
            }
            let placed = (|| {
                for suffix in ["-wal", "-shm", "-journal"] {
                    remove_if_exists(&sidecar(db_path, suffix))?;
                }
                staged.put_in_place(db_path)
            })();
            if let Err(e) = placed {
                files.undo();
                return Err(e);
            }
            Ok((safety, files.count, adopted))
        })();
        let (safety, attachment_files, adopted) = match swapped {
            Ok(done) => done,
            Err(e) => {
                // Nothing is left of a refused recovery where there was no database: no lock file, no folders.
                if !existed && !lock_existed {
                    let _ = fs::remove_file(&lock_file);
                }
                remove_created(&created);
                return Err(e);
            }
        };
        let from_version = header_version(db_path);
        let master = current_master.or(adopted);
        let ledger = Ledger::open_unlocked(db_path, policy, master)?;
        let schema_version = ledger.db.read(migrations::current_version)? as i32;
        let reconciled = ledger.reconcile_attachments().unwrap_or_else(|e| orphans::not_started(&e));
        let missing_files = ledger.db.read(|c| missing_files(c, data_dir_of(db_path)))?;
        let report = RestoreReport {
            restored_from: from_file.display().to_string(),
            from_schema_version: from_version,
            schema_version,
            safety_backup: safety,
            attachment_files,
            missing_files,
            reconciled,
        };
        Ok((ledger, report))
    }
}

/// What may open an encrypted backup under another key than the target's: the secret given (the backup's password
/// or recovery code), and the master keys the current ledger had before its password changes.
#[derive(Clone, Copy)]
struct Keys<'k> {
    secret: Option<&'k Secret>,
    retired: &'k [MasterKey],
}

/// Which protection the restored database gets.
#[derive(Clone, Copy)]
enum Target<'k> {
    /// This key (`None`: plain): the restore is into an existing ledger, whose envelope stays.
    Key(Option<&'k DbKey>),
    /// The backup's own: a recovery into a data folder without an encrypted ledger.
    Adopt,
}

/// Moves an envelope in the data folder of `db_path` that does not belong to `master` into `backups/` (kept, never
/// deleted), so that the envelope of the backup being recovered can take its place. One of the same key stays.
fn set_aside_other_envelope(db_path: &Path, master: &MasterKey) -> Result<()> {
    let path = envelope_path(db_path);
    let same_key = match Envelope::read(&path) {
        Ok(None) => return Ok(()),
        Ok(Some(existing)) => existing.key_id == master.key_id(),
        // A file there that is no envelope is set aside all the same.
        Err(CoreError::DamagedFile { .. }) => false,
        Err(e) => return Err(e),
    };
    if same_key {
        return Ok(());
    }
    let dir = backups_dir(db_path);
    fs::create_dir_all(&dir)?;
    let aside = dir.join(format!("{}-keys-replaced-{}.keys", stem(db_path), uuid::Uuid::now_v7().simple()));
    copy_file_verified(&path, &aside)?;
    fs::remove_file(&path)?;
    Ok(())
}

/// The checks a file must pass before it is restored: intact, not from a newer app, a ledger database, and (into an
/// open WAL database, which cannot change its page size) of the same page size. Returns its schema version.
pub(crate) fn check_restorable(conn: &Connection, shown: &Path, live_page_size: Option<i64>) -> Result<i64> {
    let problems = problems_of(conn)?;
    if !problems.is_empty() {
        return Err(CoreError::DamagedFile { path: shown.display().to_string(), detail: problems.join("; ") });
    }
    let version = migrations::current_version(conn)?;
    if version > LATEST_VERSION {
        return Err(CoreError::SchemaTooNew { found: version, supported: LATEST_VERSION });
    }
    let not_a_ledger = |detail: String| CoreError::NotALedger { path: shown.display().to_string(), detail };
    let mut missing = Vec::new();
    for table in LEDGER_TABLES {
        let n: i64 =
            conn.query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [table], |r| {
                r.get(0)
            })?;
        if n == 0 {
            missing.push(*table);
        }
    }
    if version < 1 || !missing.is_empty() {
        let detail = if missing.len() == LEDGER_TABLES.len() {
            format!("schema version {version}, none of the ledger's tables")
        } else {
            format!("schema version {version}, missing tables: {}", missing.join(", "))
        };
        return Err(not_a_ledger(detail));
    }
    check_own_schema(conn, shown, version)?;
    if let Some(live) = live_page_size {
        let size = page_size(conn)?;
        if size != live {
            return Err(not_a_ledger(format!("page size {size}, this app's databases use {live}")));
        }
    }
    Ok(version)
}

/// A schema object as `sqlite_master` holds it: type, name and SQL (blanks collapsed).
type SchemaObject = (String, String, String);

/// The tables, indexes, triggers and views of `conn` (SQLite's own `sqlite_…` objects aside).
fn schema_objects(conn: &Connection) -> Result<Vec<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, COALESCE(sql, '') FROM sqlite_master WHERE substr(name, 1, 7) <> 'sqlite_' \
         ORDER BY type, name",
    )?;
    let rows: Vec<SchemaObject> = db::read_rows(&mut stmt, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows
        .into_iter()
        .map(|(kind, name, sql)| (kind, name, sql.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect())
}

/// Refuses a database whose schema is not exactly what this app's migrations make for its version: a trigger, view,
/// table or index they do not create, or one whose SQL differs (a trigger runs with the app's rights on every write,
/// a view can hide or reshape what the app reads). Compared with a fresh in-memory database migrated to the same
/// version: names and SQL. [`CoreError::NotALedger`] names the first object found, nothing is replaced.
fn check_own_schema(conn: &Connection, shown: &Path, version: i64) -> Result<()> {
    let mut fresh = Connection::open_in_memory()?;
    migrations::migrate_to(&mut fresh, version)?;
    let own = schema_objects(&fresh)?;
    let found = schema_objects(conn)?;
    let label = |kind: &str| match kind {
        "trigger" => "触发器",
        "view" => "视图",
        "index" => "索引",
        _ => "表",
    };
    let foreign = |detail: String| CoreError::NotALedger { path: shown.display().to_string(), detail };
    if let Some((kind, name, _)) = found.iter().find(|o| !own.iter().any(|m| m.0 == o.0 && m.1 == o.1)) {
        return Err(foreign(format!(
            "含有本程序不会创建的{}“{name}”，为安全起见拒绝恢复 / a {kind} this app does not create: {name}",
            label(kind)
        )));
    }
    if let Some((kind, name, _)) = found.iter().find(|o| !own.contains(o)) {
        return Err(foreign(format!(
            "{}“{name}”的定义与本程序不同，为安全起见拒绝恢复 / the {kind} {name} differs from this app's",
            label(kind)
        )));
    }
    if let Some((kind, name, _)) = own.iter().find(|o| !found.iter().any(|m| m.0 == o.0 && m.1 == o.1)) {
        return Err(foreign(format!("缺少{}“{name}” / the {kind} {name} is missing", label(kind))));
    }
    Ok(())
}

/// The stored paths of attachment rows whose file is not in `data_dir` (reconciling rows and files after a restore).
fn missing_files(conn: &Connection, data_dir: &Path) -> Result<Vec<String>> {
    Ok(stored_paths(conn)?
        .into_iter()
        .filter(|stored| !attachments::resolve(data_dir, stored).is_ok_and(|file| file.is_file()))
        .collect())
}

/// A checked copy of the database to restore, in a hidden staging file of the backups folder, and (for an archive)
/// the archive's verified manifest; the staging file is removed when dropped unless it was put in place.
struct Staged {
    path: PathBuf,
    placed: bool,
    /// Folders made for the staging file, removed again (when empty) with it.
    created: Vec<PathBuf>,
    /// The archive restored from and its manifest (`None` for a plain database file).
    archive: Option<(PathBuf, Manifest)>,
    /// The key the staged copy is encrypted with (`None`: plain).
    key: Option<DbKey>,
    /// The backup's master key, when a recovery adopts an encrypted backup as it is (its envelope goes with it).
    master: Option<MasterKey>,
    /// The key the backup's attachment files are sealed with, when it is not the target's (an encrypted backup made
    /// under another key, re-keyed into this ledger): they are opened with it and sealed again with the ledger's.
    files_key: Option<DerivedKey>,
}

/// The files a restore wrote into the data folder: counted for the report, removed again when the database could not
/// be put back.
struct FilesPut {
    count: u32,
    written: Vec<PathBuf>,
    /// Every attachment file of the backup in its place (written now, or there already with the same content).
    placed: Vec<PathBuf>,
}

impl FilesPut {
    /// Gives every attachment file of the backup the protection of the ledger it is restored into: sealed with `to`
    /// (the ledger's attachments key) or plain (`None`), opened with `from` (the backup's key, when it is another);
    /// on an error the files written are removed ([`FilesPut::undo`]) and the error returned.
    fn reseal(&mut self, from: Option<&DerivedKey>, to: Option<&DerivedKey>) -> Result<()> {
        for path in &self.placed {
            if let Err(e) = attachments::reseal_file(path, from, to) {
                self.undo();
                return Err(e);
            }
        }
        Ok(())
    }

    fn undo(&mut self) {
        for file in self.written.drain(..) {
            let _ = fs::remove_file(file);
        }
    }
}

impl Staged {
    /// Checks every sum of an archive (nothing is written for a damaged one), then copies its database — or the
    /// plain database file (backup API from a read-only connection) — into a staging file, when there is room for
    /// it and for a backup of `current_bytes` of the current ledger. Then the staged copy is given the `target`'s
    /// protection: into an encrypted ledger a plain copy is exported into an encrypted, verified one; an encrypted
    /// copy under another key is opened with the key the backup's envelope yields to `secret` ([`CoreError::Locked`]
    /// without one, [`CoreError::WrongPassword`] for a wrong one) and exported under the target's key (or plain);
    /// adopted ([`Target::Adopt`]), an encrypted copy stays as it is and keeps the backup's master key.
    fn stage(
        from_file: &Path,
        dir: &Path,
        stem: &str,
        policy: &BackupPolicy,
        current_bytes: u64,
        target: Target<'_>,
        keys: Keys<'_>,
    ) -> Result<Staged> {
        if !from_file.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no file to restore at {}", from_file.display()),
            )
            .into());
        }
        let key = match target {
            Target::Key(key) => key,
            Target::Adopt => None,
        };
        let manifest = if archive::is_archive(from_file) { Some(archive::verify(from_file, from_file)?) } else { None };
        let needed = needed_for(file_len(from_file)).saturating_add(needed_for(current_bytes));
        ensure_space(policy, dir, needed)?;
        let staging_name = || dir.join(format!(".{stem}-restore.partial-{}", uuid::Uuid::now_v7().simple()));
        let mut staged = Staged {
            path: staging_name(),
            placed: false,
            created: create_dirs(dir)?,
            archive: None,
            key: None,
            master: None,
            files_key: None,
        };
        match manifest {
            Some(manifest) => {
                archive::extract(from_file, from_file, database_member(&manifest, from_file)?, &staged.path)?;
                staged.archive = Some((from_file.to_owned(), manifest));
            }
            None => {
                let src = Connection::open_with_flags(
                    from_file,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|e| as_damage(e.into(), from_file))?;
                let src_key = key.filter(|_| !crypto::begins_plain(from_file));
                apply_key(&src, src_key)?;
                src.busy_timeout(db::BUSY_TIMEOUT)?;
                single_file_copy(&src, &staged.path, src_key).map_err(|e| as_damage(e, from_file))?;
                staged.key = src_key.cloned();
            }
        }
        if crypto::begins_plain(&staged.path) {
            staged.key = None;
            if key.is_some() {
                staged.export_to(staging_name(), None, key, from_file)?;
            }
        } else if staged.archive.is_some() && !convert::reads_with(&staged.path, key) {
            let master = staged.backup_master(dir, stem, keys)?;
            let backup_key = master.database_key();
            match target {
                Target::Adopt => {
                    staged.key = Some(backup_key);
                    staged.master = Some(master);
                }
                Target::Key(key) => {
                    staged.export_to(staging_name(), Some(&backup_key), key, from_file)?;
                    staged.files_key = Some(master.attachments_key());
                }
            }
        } else {
            staged.key = key.cloned();
        }
        Ok(staged)
    }

    /// Replaces the staged copy (encrypted with `from_key`) by a verified `sqlcipher_export` copy at `to` encrypted
    /// with `to_key` (`None`: plain). A copy that fails is damage of `shown`.
    fn export_to(&mut self, to: PathBuf, from_key: Option<&DbKey>, to_key: Option<&DbKey>, shown: &Path) -> Result<()> {
        let from = std::mem::replace(&mut self.path, to);
        let exported = Connection::open(&from).map_err(CoreError::from).and_then(|conn| {
            apply_key(&conn, from_key)?;
            convert::export_verified(&conn, &self.path, to_key)
        });
        remove_partial(&from);
        exported.map_err(|e| as_damage(e, shown))?;
        self.key = to_key.cloned();
        Ok(())
    }

    /// The master key of the encrypted backup being staged, from the key envelope it carries opened with `secret`:
    /// [`CoreError::Locked`] without a secret, [`CoreError::WrongPassword`] when it opens neither slot, damage when
    /// the backup carries no envelope.
    fn backup_master(&self, dir: &Path, stem: &str, keys: Keys<'_>) -> Result<MasterKey> {
        let Some((from, manifest)) = &self.archive else { return Err(CoreError::Locked) };
        let envelope = backup_envelope(from, manifest, dir, stem)?;
        if let Some(retired) = keys.retired.iter().find(|k| k.key_id() == envelope.key_id) {
            // A backup made before one of this ledger's password changes: its key is one this ledger had.
            return Ok(retired.duplicate());
        }
        let Some(secret) = keys.secret else { return Err(CoreError::Locked) };
        envelope.unwrap(secret)?.ok_or(CoreError::WrongPassword)
    }

    /// The checks of [`check_restorable`] on the staged copy; returns its schema version.
    fn validate(&self, shown: &Path, live_page_size: Option<i64>) -> Result<i64> {
        let conn = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        apply_key(&conn, self.key.as_ref())?;
        check_restorable(&conn, shown, live_page_size)
    }

    /// Puts the archive's attachment files (and [`EXTRA_FILES`]) back into `data_dir`: each extracted beside its
    /// place, its sum checked, and renamed; a file already there with the same content is left alone. A member name
    /// that is no attachment's stored path (or no extra file's name) is refused as damage. On failure the files
    /// written so far are removed.
    fn put_files_back(&self, data_dir: &Path, target: Target<'_>) -> Result<FilesPut> {
        let mut put = FilesPut { count: 0, written: Vec::new(), placed: Vec::new() };
        let Some((from, manifest)) = &self.archive else { return Ok(put) };
        let result = (|| {
            for member in &manifest.members {
                let target = match member.kind {
                    MemberKind::Database => continue,
                    MemberKind::Attachment => {
                        attachments::resolve(data_dir, &member.name).map_err(|_| CoreError::DamagedFile {
                            path: from.display().to_string(),
                            detail: format!("{}: not an attachment's place", member.name),
                        })?
                    }
                    // The backup's key envelope goes with an adopted encrypted backup only (into an existing ledger
                    // the restored copy has that ledger's key); one already there is never replaced: it may hold a
                    // newer password for the same key.
                    MemberKind::Extra if matches!(target, Target::Key(_)) || self.key.is_none() => continue,
                    MemberKind::Extra if EXTRA_FILES.contains(&member.name.as_str()) => {
                        match data_dir.join(&member.name) {
                            existing if existing.exists() => continue,
                            target => target,
                        }
                    }
                    MemberKind::Extra => continue,
                };
                if member.kind == MemberKind::Attachment {
                    put.count += 1;
                    put.placed.push(target.clone());
                }
                if target.is_file() && archive::sha256_file(&target)? == member.sha256 {
                    continue;
                }
                if let Some(folder) = target.parent() {
                    fs::create_dir_all(folder)?;
                }
                let partial = partial_path(&target);
                let written = archive::extract(from, from, member, &partial)
                    .and_then(|()| Ok(fs_atomic::commit(&partial, &target)?));
                if written.is_err() {
                    let _ = fs::remove_file(&partial);
                }
                written?;
                put.written.push(target);
            }
            Ok(())
        })();
        match result {
            Ok(()) => Ok(put),
            Err(e) => {
                put.undo();
                Err(e)
            }
        }
    }

    /// Renames the staged copy onto `db_path` (no connection may be open on it).
    fn put_in_place(mut self, db_path: &Path) -> Result<()> {
        fs_atomic::commit(&self.path, db_path)?;
        self.placed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.placed {
            remove_partial(&self.path);
        }
        remove_created(&self.created);
    }
}

/// The key envelope a backup archive carries (extracted through a hidden partial file in `dir`, its sum checked);
/// an encrypted backup without one is damaged.
pub(crate) fn backup_envelope(from: &Path, manifest: &Manifest, dir: &Path, stem: &str) -> Result<Envelope> {
    let no_envelope = || CoreError::DamagedFile {
        path: from.display().to_string(),
        detail: "an encrypted database without its key envelope (ledger.keys)".into(),
    };
    let member =
        manifest.of_kind(MemberKind::Extra).find(|m| EXTRA_FILES.contains(&m.name.as_str())).ok_or_else(no_envelope)?;
    let file = dir.join(format!(".{stem}-keys.partial-{}", uuid::Uuid::now_v7().simple()));
    let read = archive::extract(from, from, member, &file).and_then(|()| Envelope::read(&file));
    let _ = fs::remove_file(&file);
    read?.ok_or_else(no_envelope)
}

/// `create_dir_all` that returns the folders it made, outermost first.
fn create_dirs(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut probe = dir;
    while !probe.as_os_str().is_empty() && !probe.exists() {
        missing.push(probe.to_path_buf());
        match probe.parent() {
            Some(parent) => probe = parent,
            None => break,
        }
    }
    fs::create_dir_all(dir)?;
    missing.reverse();
    Ok(missing)
}

/// Removes folders [`create_dirs`] made, innermost first, as far as they are empty.
fn remove_created(created: &[PathBuf]) {
    for dir in created.iter().rev() {
        let _ = fs::remove_dir(dir);
    }
}

/// Keeps the database that a recovery replaces: a verified backup (恢复前备份, with its attachments) when it still
/// reads as a database, else its bytes (and those of its WAL) as `…-damaged-s<n>.sqlite3`. Needs room for it:
/// never skipped.
fn keep_current(db_path: &Path, policy: &BackupPolicy, key: Option<&DbKey>) -> Result<BackupEntry> {
    let readable = open_source(db_path, key).and_then(|c| integrity::quick_check(&c).map(|()| c));
    if let Ok(src) = readable {
        return backup_into_folder(&src, db_path, BackupReason::Restore, policy, key);
    }
    let dir = backups_dir(db_path);
    let wal = sidecar(db_path, "-wal");
    ensure_space(policy, &dir, needed_for(file_len(db_path) + file_len(&wal)))?;
    fs::create_dir_all(&dir)?;
    let stem = stem(db_path);
    let at = policy.now().naive_local();
    let target = dir.join(backup_name(&stem, at, BackupReason::Damaged, next_sequence(&dir, &stem)?, "sqlite3"));
    if wal.is_file() {
        copy_file_verified(&wal, &sidecar(&target, "-wal"))?;
    }
    copy_file_verified(db_path, &target)?;
    rotate(&dir, &stem, policy)?;
    Ok(entry_for(&target, at, BackupReason::Damaged))
}
