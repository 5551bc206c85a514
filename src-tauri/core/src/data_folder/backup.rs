//! 数据安全: backups.
//!
//! **What a backup is:** one file, a ZIP archive ([`crate::data_folder::archive`]) holding a consistent online copy
//! of the database made with SQLite's backup API (pages copied as they are, so the rowid-keyed FTS5 indexes stay
//! valid — never `VACUUM INTO`; switched to a single-file rollback-journal database and checked with
//! `integrity_check` and `foreign_key_check`), the attachment files its rows point at, any file of [`EXTRA_FILES`]
//! beside the database, and a manifest of SHA-256 sums. The archive is written as a hidden partial file, read back
//! and every sum checked, synced and only then renamed to its name. Backups live in `backups/` beside the database
//! as `<stem>-<yyyymmdd>-<hhmmss>-<reason>-s<sequence>.zip` (local time; the reason is part of the name). Older
//! versions wrote plain database files, `<stem>-<yyyymmdd>-<hhmmss>-<reason>[-n].sqlite3`: they are still listed,
//! rotated and restored.
//!
//! **Order by sequence, not by clock:** every backup made in a folder gets the next sequence number of that folder
//! (one more than the highest in the names there; also in the manifest). Rotation keeps the highest sequence
//! numbers of each reason, so a system clock that is wrong (far behind, far ahead, or corrected since) never deletes
//! the backup just made, and backups dated in the future by a wrong clock do not hold the slots: they leave in turn
//! as new ones come. Plain files of older versions count as older than every numbered one.
//!
//! Backups are made:
//! - at the first opening of each calendar day ([`Ledger::daily_backup`]): the first of a calendar month is the
//!   monthly backup, the first of an ISO week the weekly one, the others daily ones; the newest 14 daily, 8 weekly
//!   and 12 monthly are kept;
//! - before a migration of an existing database, before an import, before a restore, and by hand; the newest
//!   [`Retention::per_event`] of each are kept.
//!
//! **Never filling the disk:** a backup is made only when the free space of its folder exceeds twice the size of
//! the database and its attachments plus [`SPACE_MARGIN`]. When it does not, a scheduled or event backup is
//! *skipped*, never fatal: the work that asked for it goes on, and a [`BackupNotice`] is kept in the ledger for the
//! UI to show ([`Ledger::take_backup_notices`]; `ledger-cli` prints them). A backup the person asked for (备份
//! button, `ledger-cli backup`) fails instead with [`CoreError::InsufficientSpace`]. Any other failure of an event
//! backup (before a migration or an import) is an error and stops that work; a failed daily backup is only a notice.
//!
//! **Partial files** a crash left (a backup's, a restore's staging copy, an attachment being written) are removed
//! when the ledger opens ([`sweep_partials`]), once they are an hour old by the ledger's clock.
//!
//! Restore and recovery are in [`crate::data_folder::restore`], moving the data folder in
//! [`crate::data_folder::relocate`]: both copy and check with the pieces kept here.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, Local, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use crate::clock::Clock;
use crate::data_folder::archive::{self, Manifest, MemberKind, Source};
use crate::data_folder::attachments::{self, ATTACHMENTS_FOLDER};
use crate::data_folder::paths;
use crate::data_folder::restore::{backup_envelope, check_restorable};
use crate::error::{CoreError, Result};
use crate::ledger::Ledger;
use crate::model::{BackupEntry, BackupNotice, BackupReason};
use crate::storage::crypto::{self, apply_key, convert, DbKey, DerivedKey};
use crate::storage::db;
use crate::storage::fs_atomic::{self, partial_path};
use crate::storage::integrity;
use crate::storage::migrations;

/// The backups' folder inside the data folder.
pub const BACKUP_DIR_NAME: &str = "backups";

/// Files kept beside the database (in the data folder) that every backup carries and a restore puts back, under
/// their own name — e.g. the key envelope of an encrypted ledger. A file of the list that does not exist is left
/// out.
pub const EXTRA_FILES: &[&str] = &["ledger.keys"];

/// The extension of a backup archive.
pub const ARCHIVE_EXTENSION: &str = "zip";

/// How old a partial file must be, by the ledger's clock, before it counts as left by a crash (no backup, restore
/// or attachment write in progress is that old).
pub const STALE_PARTIAL: Duration = Duration::from_secs(3600);

/// Room left free beyond twice the database's size before a backup is made (64 MiB).
pub const SPACE_MARGIN: u64 = 64 * 1024 * 1024;

/// The tables every ledger database has (schema version 1 on): a file without them is not a ledger.
pub(crate) const LEDGER_TABLES: &[&str] = &[
    "organizations",
    "batches",
    "experts",
    "enterprises",
    "enterprise_contacts",
    "assignments",
    "visits",
    "needs",
    "service_records",
    "attachments",
    "audit_log",
    "settings",
];

/// How much free space a folder's file system has for a normal user.
pub trait FreeSpace: Send + Sync {
    /// Bytes available in the file system that holds `folder` (which may not exist yet).
    fn available(&self, folder: &Path) -> io::Result<u64>;
}

/// The real free space, through the `fs4` crate.
///
/// Why `fs4` (1.x, default features off): std has no free-space call, and fs4's `available_space` is a thin, safe
/// wrapper over `statvfs` (through `rustix` on Unix) and `GetDiskFreeSpaceExW` (through `windows-sys` on Windows) —
/// both crates already in the lock file through tempfile and tauri, so it adds one small crate, builds offline from
/// the registry, and leaves us no `unsafe` or cfg'd FFI of our own to keep right on three systems.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemFreeSpace;

impl FreeSpace for SystemFreeSpace {
    fn available(&self, folder: &Path) -> io::Result<u64> {
        // The nearest folder that exists (the backups folder, or a new data folder, may not exist yet).
        let mut probe = folder;
        while !probe.exists() {
            match probe.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => probe = parent,
                _ => break,
            }
        }
        fs4::available_space(probe)
    }
}

/// How many backups of each kind are kept in `backups/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Daily backups (14).
    pub daily: usize,
    /// Weekly backups (8).
    pub weekly: usize,
    /// Monthly backups (12).
    pub monthly: usize,
    /// Of each event reason: before-migration, before-import, before-restore, manual, damaged (10).
    pub per_event: usize,
}

impl Default for Retention {
    fn default() -> Self {
        Self { daily: 14, weekly: 8, monthly: 12, per_event: 10 }
    }
}

impl Retention {
    fn keep(&self, reason: BackupReason) -> usize {
        match reason {
            BackupReason::Daily => self.daily,
            BackupReason::Weekly => self.weekly,
            BackupReason::Monthly => self.monthly,
            _ => self.per_event,
        }
    }
}

/// The clock, free-space check and rotation backups use. [`BackupPolicy::default`] is the real clock and disk; tests
/// give their own.
#[derive(Clone)]
pub struct BackupPolicy {
    /// The clock backups are named and scheduled by; the ledger opened with this policy dates and stamps everything
    /// by it too ([`Ledger::clock`]).
    pub clock: Clock,
    /// The free space of a folder.
    pub free_space: Arc<dyn FreeSpace>,
    /// How many backups are kept.
    pub retention: Retention,
    /// Whether [`Ledger::open`] makes the day's scheduled backup itself (default). A shell that would rather not
    /// hold the first window of the day for it (on a large database the copy and its check take seconds) opens with
    /// `false` and calls [`Ledger::daily_backup`] on a worker thread: it reads through a connection of its own.
    pub daily_at_open: bool,
    /// Whether [`Ledger::open`] runs the start-up check of the file itself when the clean-close marker does not
    /// spare it (default: a damaged file is refused at once). A shell that would rather show its first window at
    /// once opens with `false` and calls [`Ledger::finish_startup_check`] on a worker thread; writes are held until
    /// it passes (`storage/db.rs`, [`crate::storage::db::StartupCheck`]).
    pub check_at_open: bool,
}

impl Default for BackupPolicy {
    fn default() -> Self {
        Self {
            clock: Clock::system(),
            free_space: Arc::new(SystemFreeSpace),
            retention: Retention::default(),
            daily_at_open: true,
            check_at_open: true,
        }
    }
}

impl BackupPolicy {
    pub(crate) fn now(&self) -> DateTime<Local> {
        self.clock.now()
    }
}

/// What became of a backup that was due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupOutcome {
    /// Made and verified.
    Made(BackupEntry),
    /// Not made (e.g. too little free space); the work that asked for it went on. The notice is also kept in the
    /// ledger for the UI ([`Ledger::take_backup_notices`]).
    Skipped(BackupNotice),
    /// Nothing to do: today's scheduled backup exists already, or the ledger has no file (in memory).
    NotNeeded,
}

/// The ledger's backup settings and the notices of skipped backups not yet shown.
pub struct BackupState {
    pub(crate) policy: BackupPolicy,
    notices: Mutex<Vec<BackupNotice>>,
}

impl BackupState {
    pub(crate) fn new(policy: BackupPolicy) -> Self {
        Self { policy, notices: Mutex::new(Vec::new()) }
    }

    pub(crate) fn daily_at_open(&self) -> bool {
        self.policy.daily_at_open
    }

    pub(crate) fn set_clock(&mut self, clock: Clock) {
        self.policy.clock = clock;
    }

    pub(crate) fn push_notice(&self, notice: BackupNotice) {
        self.notices.lock().unwrap_or_else(|p| p.into_inner()).push(notice);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The ledger's operations.

impl Ledger {
    /// The backups of this ledger's database in its data folder, newest (highest sequence) first; empty in memory.
    pub fn list_backups(&self) -> Result<Vec<BackupEntry>> {
        match self.db.path() {
            Some(db_path) => list_backups_of(db_path),
            None => Ok(Vec::new()),
        }
    }

    /// 立即备份: a verified manual backup (the database and its attachments) into `backups/` of the data folder
    /// (`None`, rotated with the other manual backups), or into a folder the person picked (e.g. a USB stick; never
    /// rotated there). Too little free space is an error here ([`CoreError::InsufficientSpace`]): the person asked
    /// for this backup.
    pub fn backup_now(&self, to_folder: Option<&Path>) -> Result<BackupEntry> {
        let db_path = self.file_path()?;
        let key = self.db.key();
        let src = open_source(db_path, key)?;
        let made = match to_folder {
            None => backup_into_folder(&src, db_path, BackupReason::Manual, &self.backups.policy, key),
            Some(folder) => (|| {
                ensure_space(&self.backups.policy, folder, needed_for(backup_bytes(&src)?))?;
                fs::create_dir_all(folder)?;
                write_named(&src, db_path, folder, BackupReason::Manual, &self.backups.policy, key)
            })(),
        };
        made.map_err(|e| as_damage(e, db_path))
    }

    /// The backup before an event (an import, a migration …): made and verified, or skipped with a notice when
    /// space is short (never blocking the event for that); any other failure is an error. `NotNeeded` in memory.
    pub fn backup_before(&self, reason: BackupReason) -> Result<BackupOutcome> {
        let Some(db_path) = self.db.path() else { return Ok(BackupOutcome::NotNeeded) };
        let key = self.db.key();
        let src = open_source(db_path, key)?;
        let made = backup_into_folder(&src, db_path, reason, &self.backups.policy, key);
        let outcome = event(made, reason, &self.backups)?;
        Ok(outcome)
    }

    /// The scheduled backup, at most once per calendar day (run by [`Ledger::open`]): the first of a calendar month
    /// is the monthly backup, the first of an ISO week the weekly one, any other the daily one; nothing when a
    /// scheduled backup of today exists. It never fails: a backup that cannot be made becomes a notice.
    pub fn daily_backup(&self) -> BackupOutcome {
        let Some(db_path) = self.db.path() else { return BackupOutcome::NotNeeded };
        let policy = &self.backups.policy;
        let now = policy.now();
        let dir = backups_dir(db_path);
        let mut reason = BackupReason::Daily;
        let made = scan(&dir, &stem(db_path)).and_then(|found| match scheduled_reason(&found, now.date_naive()) {
            None => Ok(BackupOutcome::NotNeeded),
            Some(due) => {
                reason = due;
                let src = open_source(db_path, self.db.key())?;
                Ok(BackupOutcome::Made(backup_into_folder(&src, db_path, due, policy, self.db.key())?))
            }
        });
        made.unwrap_or_else(|e| {
            let notice = notice(reason, &e, now);
            self.backups.push_notice(notice.clone());
            BackupOutcome::Skipped(notice)
        })
    }

    /// The notices of backups skipped since the last call (at opening, before an import …), oldest first; the UI
    /// shows them as warnings. Taking them clears them.
    pub fn take_backup_notices(&self) -> Vec<BackupNotice> {
        std::mem::take(&mut *self.backups.notices.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub(crate) fn file_path(&self) -> Result<&Path> {
        self.db.path().ok_or_else(|| CoreError::Unsupported {
            message: "内存中的台账没有数据文件，不能备份或恢复".to_owned(),
            message_en: "an in-memory ledger has no database file to back up or restore".to_owned(),
        })
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Plain backups left from before the app password.

impl Ledger {
    /// The backups in `backups/` whose database is plain, when this ledger is encrypted (empty for a plain ledger,
    /// whose backups are all plain): those made before the password was set, personal data in the clear.
    pub fn plain_backups(&self) -> Result<Vec<BackupEntry>> {
        match self.db.path() {
            Some(db_path) if self.is_encrypted() => plain_backups_of(db_path),
            _ => Ok(Vec::new()),
        }
    }

    /// Re-encrypts every plain backup of [`Ledger::plain_backups`] with this ledger's key: its database is exported
    /// into an encrypted, verified copy (`sqlcipher_export`), written with the backup's attachment files and this
    /// ledger's key envelope into a new archive (same name, sequence, reason and date; an older plain `.sqlite3`
    /// becomes a `.zip` of the same name), whose every sum is checked; only then does it replace the plain file.
    /// A backup that cannot be re-encrypted (a damaged copy kept aside) stays as it was. Returns the plain backups
    /// left.
    pub fn encrypt_plain_backups(&self) -> Result<Vec<BackupEntry>> {
        let db_path = self.file_path()?;
        let key = self.db.key().ok_or_else(no_password)?;
        let files_key = self.attachments_key().ok_or_else(no_password)?;
        let stem = stem(db_path);
        for found in scan(&backups_dir(db_path), &stem)? {
            if !is_encrypted_backup(&found.path) {
                // Each is tried on its own: a damaged copy kept aside stays plain and is listed as left.
                let _ = reencrypt(&found, db_path, (key, files_key), &self.backups.policy);
            }
        }
        self.plain_backups()
    }

    /// Removes every plain backup of [`Ledger::plain_backups`] (and the WAL kept beside an old damaged copy).
    /// Returns how many were removed. The bytes may stay on the disk until overwritten: an SSD moves writes around,
    /// so no program can promise to wipe them.
    pub fn remove_plain_backups(&self) -> Result<u32> {
        let mut removed = 0;
        for entry in self.plain_backups()? {
            let path = PathBuf::from(&entry.path);
            fs::remove_file(&path)?;
            let _ = fs::remove_file(sidecar(&path, "-wal"));
            removed += 1;
        }
        Ok(removed)
    }
}

/// The plain backups of the encrypted ledger at `db_path` (empty when it is not encrypted), newest first: what
/// `ledger-cli password set` reports after encrypting.
pub fn plain_backups_of(db_path: &Path) -> Result<Vec<BackupEntry>> {
    if !crypto::is_encrypted(db_path) {
        return Ok(Vec::new());
    }
    Ok(list_backups_of(db_path)?.into_iter().filter(|e| !e.encrypted).collect())
}

fn no_password() -> CoreError {
    CoreError::Unsupported {
        message: "台账未设置密码，备份无需加密".to_owned(),
        message_en: "the ledger has no password; its backups are not encrypted".to_owned(),
    }
}

/// Rewrites the plain backup `found` as an archive encrypted with `keys` — its database under the database key, its
/// attachment files sealed with the attachments key (see [`Ledger::encrypt_plain_backups`]) — through a hidden
/// scratch folder beside it, removed afterwards.
fn reencrypt(found: &Found, db_path: &Path, keys: (&DbKey, &DerivedKey), policy: &BackupPolicy) -> Result<()> {
    let (key, files_key) = keys;
    let path = &found.path;
    let dir = data_dir_of(path);
    ensure_space(policy, dir, needed_for(file_len(path)))?;
    let scratch = dir.join(format!(".{}-encrypt.partial-{}", stem(db_path), uuid::Uuid::now_v7().simple()));
    fs::create_dir(&scratch)?;
    let result = (|| {
        let plain = scratch.join("plain.sqlite3");
        let manifest = if archive::is_archive(path) {
            let manifest = archive::verify(path, path)?;
            archive::extract(path, path, database_member(&manifest, path)?, &plain)?;
            Some(manifest)
        } else {
            single_file_copy(&open_source(path, None)?, &plain, None).map_err(|e| as_damage(e, path))?;
            None
        };
        let encrypted = scratch.join(archive::DATABASE_MEMBER);
        let schema_version = {
            let conn = Connection::open(&plain)?;
            convert::export_verified(&conn, &encrypted, Some(key)).map_err(|e| as_damage(e, path))?;
            conn.query_row("PRAGMA user_version", [], |r| r.get(0))?
        };
        let mut files = Vec::new();
        for (i, member) in manifest.iter().flat_map(|m| m.of_kind(MemberKind::Attachment)).enumerate() {
            // Under its own file name (`<id>.<ext>`: the id is what a sealed file is bound to), sealed before it goes in.
            let folder = scratch.join(format!("attachment-{i}"));
            fs::create_dir(&folder)?;
            let file = folder.join(member.name.rsplit('/').next().unwrap_or(&member.name));
            archive::extract(path, path, member, &file)?;
            attachments::reseal_file(&file, None, Some(files_key))?;
            files.push((member.name.clone(), file));
        }
        let extras = extra_files(data_dir_of(db_path));
        let mut head = manifest.unwrap_or_else(|| {
            let mut head = head(policy, found.reason, found.sequence);
            head.created_at = entry_for(path, found.at, found.reason).created_at;
            head
        });
        head.schema_version = schema_version;
        let target = path.with_extension(ARCHIVE_EXTENSION);
        let sources = sources(&encrypted, &files, &extras);
        fs_atomic::write_atomically(&target, |partial| archive::write(partial, &sources, head))?;
        if target != *path {
            fs::remove_file(path)?;
            let _ = fs::remove_file(sidecar(path, "-wal"));
        }
        Ok(())
    })();
    let _ = fs::remove_dir_all(&scratch);
    result
}

// ---------------------------------------------------------------------------------------------------------------
// Free functions: for the start-up screen when the ledger cannot be opened, the CLI, and db.rs.

/// The backups folder of a database file: `backups/` beside it.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    data_dir_of(db_path).join(BACKUP_DIR_NAME)
}

/// The data folder of a database file: its folder.
pub(crate) fn data_dir_of(db_path: &Path) -> &Path {
    db_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// The backups of the ledger in `data_dir` (`ledger.sqlite3`), newest first.
pub fn list_backups(data_dir: &Path) -> Result<Vec<BackupEntry>> {
    list_backups_of(&paths::db_path(data_dir))
}

/// The backups of the database at `db_path`, newest (highest sequence) first.
pub fn list_backups_of(db_path: &Path) -> Result<Vec<BackupEntry>> {
    Ok(scan(&backups_dir(db_path), &stem(db_path))?.iter().map(Found::entry).collect())
}

/// The newest backup of the ledger in `data_dir` that passes the checks a restore makes (every sum of an archive,
/// integrity, foreign keys, a ledger, not newer than this app) — what the start-up screen offers when the database
/// is damaged or missing. Damaged copies kept aside are never offered.
pub fn newest_good_backup(data_dir: &Path) -> Result<Option<BackupEntry>> {
    for entry in list_backups(data_dir)? {
        if entry.reason == BackupReason::Damaged {
            continue;
        }
        let path = PathBuf::from(&entry.path);
        if check_backup(&path, &backups_dir(&paths::db_path(data_dir))).is_ok() {
            return Ok(Some(entry));
        }
    }
    Ok(None)
}

/// A missing (or empty) database file beside a `backups/` folder that has backups is [`CoreError::LedgerMissing`]:
/// the start-up screen offers the newest good backup, rather than a new empty ledger whose daily backups would push
/// the good ones out. Without backups a missing file is a first start (`Ok`).
pub fn refuse_missing_ledger(db_path: &Path) -> Result<()> {
    if file_len(db_path) > 0 || sidecar(db_path, "-wal").is_file() {
        return Ok(());
    }
    let found = scan(&backups_dir(db_path), &stem(db_path))?;
    if found.iter().all(|f| f.reason == BackupReason::Damaged) {
        return Ok(());
    }
    Err(CoreError::LedgerMissing { path: db_path.display().to_string(), backups: found.len() as u32 })
}

/// Extracts the database of a backup (an archive, every sum checked; or a plain database file, copied with the
/// backup API) to the new file `to`: for a person or a script that wants to look into a backup.
pub fn extract_database(backup: &Path, to: &Path) -> Result<()> {
    if archive::is_archive(backup) {
        let manifest = archive::verify(backup, backup)?;
        let member = database_member(&manifest, backup)?;
        return archive::extract(backup, backup, member, to);
    }
    let src = open_source(backup, None).map_err(|e| as_damage(e, backup))?;
    single_file_copy(&src, to, None).map_err(|e| as_damage(e, backup))
}

/// Backs up the database file at `db_path` to `out`: an existing folder gets a manual backup archive named like
/// those in `backups/`; a file named `….zip` a backup archive; any other file name a plain copy of the database
/// alone (no attachments), e.g. `copy.sqlite3`. The file is replaced only when the new one is complete and verified.
/// Reads the database through a read-only connection without taking the writer lock or migrating: it works while
/// the app has the file open. Too little free space is [`CoreError::InsufficientSpace`]. An encrypted database is
/// read with its `key` and backed up encrypted with the same key ([`crate::storage::crypto::database_key`]).
pub fn backup_file(db_path: &Path, out: &Path, policy: &BackupPolicy, key: Option<&DbKey>) -> Result<BackupEntry> {
    backup_file_inner(db_path, out, policy, key).map_err(|e| as_damage(e, db_path))
}

fn backup_file_inner(db_path: &Path, out: &Path, policy: &BackupPolicy, key: Option<&DbKey>) -> Result<BackupEntry> {
    let src = open_source(db_path, key)?;
    let size = backup_bytes(&src)?;
    if out.is_dir() {
        ensure_space(policy, out, needed_for(size))?;
        return write_named(&src, db_path, out, BackupReason::Manual, policy, key);
    }
    let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    ensure_space(policy, folder, needed_for(size))?;
    let now = policy.now().naive_local();
    if out.extension().is_some_and(|e| e.eq_ignore_ascii_case(ARCHIVE_EXTENSION)) {
        write_archive(&src, db_path, out, head(policy, BackupReason::Manual, 0), key)?;
    } else {
        copy_verified(&src, out, db_path, key)?;
    }
    Ok(entry_for(out, now, BackupReason::Manual))
}

/// A manual backup of the database file at `db_path` into its `backups/` folder, rotated with the other manual
/// backups (read-only, like [`backup_file`]; encrypted with `key` like the database).
pub fn backup_to_data_folder(db_path: &Path, policy: &BackupPolicy, key: Option<&DbKey>) -> Result<BackupEntry> {
    let src = open_source(db_path, key).map_err(|e| as_damage(e, db_path))?;
    backup_into_folder(&src, db_path, BackupReason::Manual, policy, key)
}

/// The backup before a migration, from the writer connection (db.rs calls this with the writer lock held, before
/// the first migration runs): made, or skipped for lack of space.
pub(crate) fn before_migration(
    writer: &Connection,
    db_path: &Path,
    policy: &BackupPolicy,
    key: Option<&DbKey>,
) -> Result<BackupOutcome> {
    let result = backup_into_folder(writer, db_path, BackupReason::Migration, policy, key);
    match result {
        Ok(entry) => Ok(BackupOutcome::Made(entry)),
        Err(e @ CoreError::InsufficientSpace { .. }) => {
            Ok(BackupOutcome::Skipped(notice(BackupReason::Migration, &e, policy.now())))
        }
        Err(e) => Err(e),
    }
}

/// Removes the partial files a crash left in the data folder of `db_path` — in the folder itself, in `backups/`
/// and in each year's folder of `attachments/`: hidden `.….partial-…` files and `….part` files, once they are
/// [`STALE_PARTIAL`] old by `clock`. Returns how many were removed; one that cannot be removed stays (tried again at
/// the next opening). Run by [`Ledger::open`] with the writer lock held.
pub fn sweep_partials(db_path: &Path, clock: &Clock) -> usize {
    let data_dir = data_dir_of(db_path);
    let mut folders = vec![data_dir.to_path_buf(), data_dir.join(BACKUP_DIR_NAME)];
    if let Ok(years) = fs::read_dir(data_dir.join(ATTACHMENTS_FOLDER)) {
        folders.extend(years.flatten().filter(|e| e.file_type().is_ok_and(|t| t.is_dir())).map(|e| e.path()));
    }
    let mut removed = 0;
    for folder in folders {
        let Ok(entries) = fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let partial = (name.starts_with('.') && name.contains(".partial-")) || name.ends_with(".part");
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            let stale = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| clock.age_of(t) > STALE_PARTIAL);
            if partial && is_file && stale && fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
    }
    removed
}

// ---------------------------------------------------------------------------------------------------------------
// Scheduling and rotation.

/// What the scheduled backup of `today` should be: `None` when a scheduled backup of today exists; monthly when none
/// exists for today's month; weekly when none exists for today's ISO week; daily otherwise. (The dates come from
/// the names, i.e. the clock of the day each was made: a wrong clock at worst makes one more backup.)
fn scheduled_reason(found: &[Found], today: NaiveDate) -> Option<BackupReason> {
    if found.iter().any(|f| f.reason.is_scheduled() && f.at.date() == today) {
        return None;
    }
    let made = |reason: BackupReason, same: &dyn Fn(NaiveDate) -> bool| {
        found.iter().any(|f| f.reason == reason && same(f.at.date()))
    };
    if !made(BackupReason::Monthly, &|d| (d.year(), d.month()) == (today.year(), today.month())) {
        Some(BackupReason::Monthly)
    } else if !made(BackupReason::Weekly, &|d| d.iso_week() == today.iso_week()) {
        Some(BackupReason::Weekly)
    } else {
        Some(BackupReason::Daily)
    }
}

/// Removes the backups of each reason beyond the newest (highest sequence) [`Retention`] allows, and partial files
/// older than [`STALE_PARTIAL`] (left by a crash). A file that cannot be removed stays (tried again next time).
pub(crate) fn rotate(dir: &Path, stem: &str, policy: &BackupPolicy) -> Result<()> {
    let found = scan(dir, stem)?;
    for reason in BackupReason::ALL {
        for old in found.iter().filter(|f| f.reason == *reason).skip(policy.retention.keep(*reason)) {
            let _ = fs::remove_file(&old.path);
            let _ = fs::remove_file(sidecar(&old.path, "-wal"));
        }
    }
    for entry in fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| policy.clock.age_of(t) > STALE_PARTIAL);
        if name.starts_with(&format!(".{stem}")) && name.contains(".partial-") && old {
            let _ = fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// A verified backup of `src` into the backups folder of `db_path`, rotated; too little space is
/// [`CoreError::InsufficientSpace`]. The database's snapshot is encrypted with `key` when the database is.
pub(crate) fn backup_into_folder(
    src: &Connection,
    db_path: &Path,
    reason: BackupReason,
    policy: &BackupPolicy,
    key: Option<&DbKey>,
) -> Result<BackupEntry> {
    folder_backup(src, db_path, reason, policy, key).map_err(|e| as_damage(e, db_path))
}

fn folder_backup(
    src: &Connection,
    db_path: &Path,
    reason: BackupReason,
    policy: &BackupPolicy,
    key: Option<&DbKey>,
) -> Result<BackupEntry> {
    let dir = backups_dir(db_path);
    ensure_space(policy, &dir, needed_for(backup_bytes(src)?))?;
    fs::create_dir_all(&dir)?;
    let entry = write_named(src, db_path, &dir, reason, policy, key)?;
    rotate(&dir, &stem(db_path), policy)?;
    Ok(entry)
}

/// An event backup's result: a skip for lack of space becomes a notice (kept in the ledger); other errors stay.
fn event(result: Result<BackupEntry>, reason: BackupReason, state: &BackupState) -> Result<BackupOutcome> {
    match result {
        Ok(entry) => Ok(BackupOutcome::Made(entry)),
        Err(e @ CoreError::InsufficientSpace { .. }) => {
            let notice = notice(reason, &e, state.policy.now());
            state.push_notice(notice.clone());
            Ok(BackupOutcome::Skipped(notice))
        }
        Err(e) => Err(e),
    }
}

fn notice(reason: BackupReason, e: &CoreError, now: DateTime<Local>) -> BackupNotice {
    BackupNotice {
        reason,
        code: e.code().to_string(),
        message: format!("未能完成{}：{}", reason.label_zh(), e.message_zh()),
        message_en: format!("{} backup not made: {}", reason.code(), e.message_en()),
        at: utc_text(&now),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Files and names.

/// A backup file found in a backups folder.
pub(crate) struct Found {
    pub(crate) path: PathBuf,
    pub(crate) at: NaiveDateTime,
    pub(crate) reason: BackupReason,
    /// The sequence number (0 for a plain file of an older version, which has none).
    pub(crate) sequence: u64,
    /// An older version's `-n` for a second backup in the same second (0 otherwise).
    collision: u32,
}

impl Found {
    fn entry(&self) -> BackupEntry {
        entry_for(&self.path, self.at, self.reason)
    }
}

/// The stem backups of this database are named with (`ledger` for `ledger.sqlite3`).
pub(crate) fn stem(db_path: &Path) -> String {
    db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "ledger".into())
}

/// `<stem>-<yyyymmdd>-<hhmmss>-<reason>-s<sequence>.<extension>`.
pub(crate) fn backup_name(stem: &str, at: NaiveDateTime, reason: BackupReason, sequence: u64, ext: &str) -> String {
    format!("{stem}-{}-{}-s{sequence}.{ext}", at.format("%Y%m%d-%H%M%S"), reason.code())
}

/// The date, reason, sequence number and collision number of a backup's name, in this version's form or an older
/// version's (`<stem>-<yyyymmdd>-<hhmmss>-<reason>[-n].sqlite3`, sequence 0).
fn parse_name(stem: &str, name: &str) -> Option<(NaiveDateTime, BackupReason, u64, u32)> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let rest = rest.strip_suffix(".sqlite3").or_else(|| rest.strip_suffix(&format!(".{ARCHIVE_EXTENSION}")))?;
    let stamp = rest.get(..15)?;
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    let tail = rest.get(15..)?.strip_prefix('-')?;
    let (code, sequence, collision) = match tail.split_once('-') {
        Some((code, n)) => match n.strip_prefix('s') {
            Some(seq) => (code, seq.parse().ok()?, 0),
            None => (code, 0, n.parse().ok()?),
        },
        None => (tail, 0, 0),
    };
    Some((at, BackupReason::from_code(code)?, sequence, collision))
}

/// The backups in `dir` named for `stem`, newest first: by sequence number, then (plain files of older versions)
/// by the time in the name (an absent folder has none).
pub(crate) fn scan(dir: &Path, stem: &str) -> Result<Vec<Found>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some((at, reason, sequence, collision)) = parse_name(stem, &name) {
            found.push(Found { path: entry.path(), at, reason, sequence, collision });
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse((f.sequence, f.at, f.collision)));
    Ok(found)
}

/// The next sequence number of a backups folder: one more than the highest in the names there.
pub(crate) fn next_sequence(dir: &Path, stem: &str) -> Result<u64> {
    Ok(scan(dir, stem)?.iter().map(|f| f.sequence).max().unwrap_or(0) + 1)
}

/// The entry of a backup file: what its manifest says for an archive, its header for a plain database file.
pub(crate) fn entry_for(path: &Path, at: NaiveDateTime, reason: BackupReason) -> BackupEntry {
    let created = Local
        .from_local_datetime(&at)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&at));
    let (schema_version, attachment_files, missing_files) = if archive::is_archive(path) {
        match archive::read_manifest(path, path) {
            Ok(m) => (m.schema_version, m.of_kind(MemberKind::Attachment).count() as u32, m.missing_files),
            Err(_) => (0, 0, Vec::new()),
        }
    } else {
        (header_version(path), 0, Vec::new())
    };
    BackupEntry {
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        path: path.display().to_string(),
        created_at: created.to_rfc3339_opts(SecondsFormat::Millis, true),
        size_bytes: file_len(path),
        reason,
        schema_version,
        attachment_files,
        missing_files,
        encrypted: is_encrypted_backup(path),
    }
}

/// The schema version (`user_version`) in a database file's header, without opening it (0 when unreadable).
pub(crate) fn header_version(path: &Path) -> i32 {
    let mut header = [0u8; 100];
    let read = fs::File::open(path).and_then(|mut f| f.read_exact(&mut header));
    if read.is_err() || &header[..16] != b"SQLite format 3\0" {
        return 0;
    }
    i32::from_be_bytes([header[60], header[61], header[62], header[63]])
}

pub(crate) fn utc_text(t: &DateTime<Local>) -> String {
    t.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn file_len(path: &Path) -> u64 {
    fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

pub(crate) use crate::storage::fs_atomic::{remove_if_exists, remove_with_sidecars as remove_partial, sidecar};

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

pub(crate) fn refuse_same_file(from_file: &Path, db_path: &Path) -> Result<()> {
    if same_file(from_file, db_path) {
        return Err(CoreError::field(
            "fromFile",
            "不能从正在使用的数据库文件本身恢复，请选择一个备份文件",
            "that is the database in use itself; choose a backup file",
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------------
// Copies.

/// A read-only connection on a database file (never created: a missing file is an error), keyed with `key` when the
/// database is encrypted.
pub(crate) fn open_source(db_path: &Path, key: Option<&DbKey>) -> Result<Connection> {
    if !db_path.is_file() {
        return Err(
            io::Error::new(io::ErrorKind::NotFound, format!("no database file at {}", db_path.display())).into()
        );
    }
    let conn =
        Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    apply_key(&conn, key)?;
    conn.busy_timeout(db::BUSY_TIMEOUT)?;
    Ok(conn)
}

/// The database's size in bytes (pages × page size): what a copy of it takes.
pub(crate) fn db_bytes(conn: &Connection) -> Result<u64> {
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    Ok((pages.max(0) as u64).saturating_mul(page_size(conn)? as u64))
}

/// The database's page size. On a keyed connection SQLCipher answers `PRAGMA page_size` itself, as text (its
/// `cipher_page_size`), so both forms are read.
pub(crate) fn page_size(conn: &Connection) -> Result<i64> {
    let value: rusqlite::types::Value = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    match value {
        rusqlite::types::Value::Integer(n) => Ok(n),
        rusqlite::types::Value::Text(t) if t.trim().parse::<i64>().is_ok() => Ok(t.trim().parse().unwrap_or_default()),
        other => Err(CoreError::CorruptValue(format!("page size {other:?}"))),
    }
}

/// Free space a copy of `bytes` needs: twice its size (the copy, and room for the database to go on growing) plus
/// [`SPACE_MARGIN`].
pub(crate) fn needed_for(bytes: u64) -> u64 {
    bytes.saturating_mul(2).saturating_add(SPACE_MARGIN)
}

pub(crate) fn ensure_space(policy: &BackupPolicy, folder: &Path, needed: u64) -> Result<()> {
    let available = policy.free_space.available(folder)?;
    if available <= needed {
        return Err(CoreError::InsufficientSpace { folder: folder.display().to_string(), needed, available });
    }
    Ok(())
}

/// Copies every page of `src`'s main database into `dest` in one step (one read transaction on the source: a
/// consistent copy even while the app writes), waiting out a busy lock up to the busy timeout.
pub(crate) fn run_backup(src: &Connection, dest: &mut Connection) -> Result<()> {
    let backup = Backup::new(src, dest)?;
    let started = Instant::now();
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ if started.elapsed() < db::BUSY_TIMEOUT => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let busy = rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY);
                return Err(rusqlite::Error::SqliteFailure(busy, Some("the database stayed busy".into())).into());
            }
        }
    }
}

/// Copies every page of `src` into a new database file at `path` and makes that a single-file database (rollback
/// journal: the source's WAL flag is copied with its first page), keyed with `key` (the source's own: SQLCipher
/// copies pages only between databases of the same key).
pub(crate) fn single_file_copy(src: &Connection, path: &Path, key: Option<&DbKey>) -> Result<()> {
    let mut out = Connection::open(path)?;
    apply_key(&out, key)?;
    run_backup(src, &mut out)?;
    let _mode: String = out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    Ok(())
}

/// Makes a backup archive of `src` (the database at `db_path`) in `dir`, named with the folder's next sequence
/// number.
fn write_named(
    src: &Connection,
    db_path: &Path,
    dir: &Path,
    reason: BackupReason,
    policy: &BackupPolicy,
    key: Option<&DbKey>,
) -> Result<BackupEntry> {
    let stem = stem(db_path);
    let sequence = next_sequence(dir, &stem)?;
    let at = policy.now().naive_local();
    let target = dir.join(backup_name(&stem, at, reason, sequence, ARCHIVE_EXTENSION));
    write_archive(src, db_path, &target, head(policy, reason, sequence), key)?;
    Ok(entry_for(&target, at, reason))
}

/// The manifest of a new backup before its members are known.
fn head(policy: &BackupPolicy, reason: BackupReason, sequence: u64) -> Manifest {
    Manifest {
        format: archive::FORMAT.to_owned(),
        format_version: archive::FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        sequence,
        reason: reason.code().to_owned(),
        created_at: utc_text(&policy.now()),
        schema_version: 0,
        members: Vec::new(),
        missing_files: Vec::new(),
    }
}

/// Writes the backup archive of `src` to `target` (replaced only by a complete, verified archive): a checked
/// single-file snapshot of the database (in a hidden partial file beside `target`, removed afterwards), the
/// attachment files its rows name (those missing from the data folder of `db_path` are listed in the manifest),
/// the [`EXTRA_FILES`] there are, and the manifest; read back and every sum checked before it gets its name. The
/// snapshot of an encrypted database is encrypted with its `key`.
pub(crate) fn write_archive(
    src: &Connection,
    db_path: &Path,
    target: &Path,
    mut head: Manifest,
    key: Option<&DbKey>,
) -> Result<Manifest> {
    let snapshot = sidecar(&partial_path(target), "-db");
    let result = (|| {
        snapshot_checked(src, &snapshot, db_path, key)?;
        head.schema_version = src.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let data_dir = data_dir_of(db_path);
        let (files, missing) = attachment_files_of(&snapshot, data_dir, key)?;
        head.missing_files = missing;
        let extras = extra_files(data_dir);
        let sources = sources(&snapshot, &files, &extras);
        fs_atomic::write_atomically(target, |partial| archive::write(partial, &sources, head))
    })();
    remove_partial(&snapshot);
    result
}

/// An attachment file: its stored path and the file in the data folder.
type StoredFile = (String, PathBuf);

/// The [`EXTRA_FILES`] there are in `data_dir`, as (name, file).
fn extra_files(data_dir: &Path) -> Vec<StoredFile> {
    EXTRA_FILES.iter().map(|name| (name.to_string(), data_dir.join(name))).filter(|(_, path)| path.is_file()).collect()
}

/// The members of a backup archive: the database snapshot, the attachment files, the extra files.
fn sources<'a>(database: &'a Path, files: &'a [StoredFile], extras: &'a [StoredFile]) -> Vec<Source<'a>> {
    let member = |kind: MemberKind| move |(name, path): &'a StoredFile| Source { name: name.clone(), kind, path };
    let mut sources =
        vec![Source { name: archive::DATABASE_MEMBER.to_owned(), kind: MemberKind::Database, path: database }];
    sources.extend(files.iter().map(member(MemberKind::Attachment)));
    sources.extend(extras.iter().map(member(MemberKind::Extra)));
    sources
}

/// The attachment files the `attachments` rows of the database file `db_file` name (removed ones included: their
/// files stay until purged), as (stored path, file in `data_dir`), and the stored paths whose file is not there.
fn attachment_files_of(db_file: &Path, data_dir: &Path, key: Option<&DbKey>) -> Result<(Vec<StoredFile>, Vec<String>)> {
    let conn = Connection::open_with_flags(db_file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    apply_key(&conn, key)?;
    let stored = stored_paths(&conn)?;
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for path in stored {
        match attachments::resolve(data_dir, &path) {
            Ok(file) if file.is_file() => files.push((path, file)),
            _ => missing.push(path),
        }
    }
    Ok((files, missing))
}

/// The distinct stored paths of every attachment row, in order.
pub(crate) fn stored_paths(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT DISTINCT stored_path FROM attachments ORDER BY stored_path")?;
    let rows = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

/// What a backup of `src` takes: the database and the attachment files its rows name.
pub(crate) fn backup_bytes(src: &Connection) -> Result<u64> {
    let files: i64 = src.query_row("SELECT COALESCE(SUM(size_bytes), 0) FROM attachments", [], |r| r.get(0))?;
    Ok(db_bytes(src)?.saturating_add(files.max(0) as u64))
}

/// The database member of a backup's manifest.
pub(crate) fn database_member<'m>(manifest: &'m Manifest, shown: &Path) -> Result<&'m archive::Member> {
    manifest.of_kind(MemberKind::Database).next().ok_or_else(|| CoreError::DamagedFile {
        path: shown.display().to_string(),
        detail: "the backup holds no database".into(),
    })
}

/// The checks a restore makes, on a backup file: for an archive every sum, then (extracted into a hidden partial
/// file in `scratch`, removed again) the database's; for a plain file the database's.
///
/// The database of an **encrypted** archive cannot be read without its password, so what can be checked without
/// it is: every member's size and SHA-256 against the manifest (the database's encrypted bytes included: any
/// damage since the backup was made shows), the manifest's format and version, a schema version this app can
/// open, and a key envelope that reads as one. Its integrity, foreign keys and schema objects are checked when it
/// is restored, with the password, before anything is replaced.
pub(crate) fn check_backup(path: &Path, scratch: &Path) -> Result<i64> {
    if !archive::is_archive(path) {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        return check_restorable(&conn, path, None);
    }
    let manifest = archive::verify(path, path)?;
    let member = database_member(&manifest, path)?;
    let db = scratch.join(format!(".check.partial-{}", uuid::Uuid::now_v7().simple()));
    let checked = archive::extract(path, path, member, &db).and_then(|()| {
        if !crypto::begins_plain(&db) {
            return check_encrypted_manifest(path, &manifest, scratch);
        }
        let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        check_restorable(&conn, path, None)
    });
    remove_partial(&db);
    checked
}

/// The checks of an encrypted archive that need no password (its sums were checked): a schema version this app
/// opens and a key envelope that reads as one. Returns the schema version.
fn check_encrypted_manifest(path: &Path, manifest: &Manifest, scratch: &Path) -> Result<i64> {
    let version = i64::from(manifest.schema_version);
    if version > migrations::LATEST_VERSION {
        return Err(CoreError::SchemaTooNew { found: version, supported: migrations::LATEST_VERSION });
    }
    backup_envelope(path, manifest, scratch, "check")?;
    Ok(version)
}

/// Whether the backup file at `path` holds an encrypted database (a backup made with the app password on): its
/// database member (or the file itself, for a plain database file) does not begin with SQLite's plain header.
/// Reads the first bytes only; an unreadable file counts as not encrypted.
pub fn is_encrypted_backup(path: &Path) -> bool {
    if !archive::is_archive(path) {
        return !crypto::begins_plain(path);
    }
    archive::member_begins_plain(path, archive::DATABASE_MEMBER).is_some_and(|plain| !plain)
}

/// Copies `src` into the new file `path` as a single-file database and checks the copy (`integrity_check`,
/// `foreign_key_check`); the copy is left in place either way (the caller removes it). A failed check is damage of
/// `shown` (the database copied). `key`: the source's.
fn snapshot_checked(src: &Connection, path: &Path, shown: &Path, key: Option<&DbKey>) -> Result<()> {
    single_file_copy(src, path, key).map_err(|e| as_damage(e, shown))?;
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    apply_key(&conn, key)?;
    let problems = problems_of(&conn)?;
    if !problems.is_empty() {
        return Err(CoreError::DamagedFile { path: shown.display().to_string(), detail: problems.join("; ") });
    }
    Ok(())
}

/// Copies `src` to `target` as a plain single-file database (the database alone) through a partial file: backup
/// API, verified by `integrity_check` and `foreign_key_check`, synced, renamed. On failure nothing is left at or
/// beside `target`; a copy that fails its check is reported as damage of `shown` (the database copied). `key`: the
/// source's (the copy is encrypted like it).
pub(crate) fn copy_verified(src: &Connection, target: &Path, shown: &Path, key: Option<&DbKey>) -> Result<()> {
    let partial = partial_path(target);
    let result = snapshot_checked(src, &partial, shown, key).and_then(|()| Ok(fs_atomic::commit(&partial, target)?));
    if result.is_err() {
        remove_partial(&partial);
    }
    result
}

/// `integrity_check` and `foreign_key_check` problems (the first five); an unreadable file is one problem.
pub(crate) fn problems_of(conn: &Connection) -> Result<Vec<String>> {
    match integrity::storage_problems(conn) {
        Ok(problems) => Ok(problems.into_iter().take(5).collect()),
        Err(CoreError::Sqlite(e)) if integrity::is_damage(&e) => Ok(vec![e.to_string()]),
        Err(e) => Err(e),
    }
}

/// SQLite's "not a database" / "malformed" while copying `path` means the file is damaged.
pub(crate) fn as_damage(e: CoreError, path: &Path) -> CoreError {
    match e {
        CoreError::Sqlite(inner) if integrity::is_damage(&inner) => {
            CoreError::DamagedFile { path: path.display().to_string(), detail: inner.to_string() }
        }
        other => other,
    }
}

/// Copies one file byte for byte through a partial file, synced and renamed, then reads the copy back and compares
/// its SHA-256 with the original's. Returns the bytes copied.
pub(crate) fn copy_file_verified(from: &Path, to: &Path) -> Result<u64> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)?;
    }
    fs_atomic::write_atomically(to, |partial| {
        let (bytes, sum) = archive::copy_hashing(&mut fs::File::open(from)?, &mut fs::File::create(partial)?)?;
        if archive::sha256_file(partial)? != sum {
            return Err(CoreError::DamagedFile {
                path: to.display().to_string(),
                detail: "the copy differs from the original".into(),
            });
        }
        Ok(bytes)
    })
}
