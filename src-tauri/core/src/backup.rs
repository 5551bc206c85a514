//! 数据安全: backups, restore, and moving the data folder.
//!
//! **Backups** are consistent online copies made with SQLite's backup API (pages copied as they are, so the
//! rowid-keyed FTS5 indexes stay valid — never `VACUUM INTO`), written as a hidden partial file, switched to a
//! single-file (rollback-journal) database, checked with `integrity_check` and `foreign_key_check`, synced and only
//! then renamed to their name. They live in `backups/` beside the database as
//! `<stem>-<yyyymmdd>-<hhmmss>-<reason>[-n].sqlite3` (local time; the reason is part of the name), made:
//! - at the first opening of each calendar day ([`Ledger::daily_backup`]): the first of an ISO week is the weekly
//!   backup, the others daily ones; the newest 14 daily and 8 weekly are kept;
//! - before a migration of an existing database, before an import, before a restore, and by hand; the newest
//!   [`Retention::per_event`] of each are kept.
//!
//! **Never filling the disk:** a backup is made only when the free space of its folder exceeds twice the database's
//! size plus [`SPACE_MARGIN`]. When it does not, a scheduled or event backup is *skipped*, never fatal: the work that
//! asked for it goes on, and a [`BackupNotice`] is kept in the ledger for the UI to show
//! ([`Ledger::take_backup_notices`]; `ledger-cli` prints them). A backup the person asked for (备份 button,
//! `ledger-cli backup`) fails instead with [`CoreError::InsufficientSpace`]. Any other failure of an event backup
//! (before a migration or an import) is an error and stops that work; a failed daily backup is only a notice.
//!
//! **Restore** ([`Ledger::restore_backup`]) copies the chosen file into a staging file first (backup API) and checks
//! that copy — integrity, foreign keys, schema version ≤ [`LATEST_VERSION`], the ledger's tables, the page size —
//! then, holding off every write, backs up the current database (恢复前备份, which must succeed) and writes the
//! staged copy INTO the open database through the backup API on the writer connection (the file is never swapped
//! under an open connection), then migrates it if it is older. A database that cannot be opened (damaged) is
//! replaced by [`Ledger::recover`], which keeps the damaged file aside byte for byte first.
//!
//! **Moving the data folder** ([`Ledger::move_data_folder`]) copies the database (backup API) and `attachments/`,
//! checks both copies, and records the new folder in the location file that [`crate::paths::data_dir`] reads.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Datelike, Local, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

use crate::db;
use crate::error::{CoreError, Result};
use crate::integrity;
use crate::ledger::Ledger;
use crate::migrations::{self, LATEST_VERSION};
use crate::model::{BackupEntry, BackupNotice, BackupReason, MoveReport, RestoreReport};
use crate::paths::{self, DataLocation};

/// The backups' folder inside the data folder.
pub const BACKUP_DIR_NAME: &str = "backups";

/// Room left free beyond twice the database's size before a backup is made (64 MiB).
pub const SPACE_MARGIN: u64 = 64 * 1024 * 1024;

/// The tables every ledger database has (schema version 1 on): a file without them is not a ledger.
const LEDGER_TABLES: &[&str] = &[
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

/// The clock backups are named and scheduled by: local time, since a "day" is the person's calendar day.
pub type Clock = Arc<dyn Fn() -> DateTime<Local> + Send + Sync>;

/// How many backups of each kind are kept in `backups/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Daily backups (14).
    pub daily: usize,
    /// Weekly backups (8).
    pub weekly: usize,
    /// Of each event reason: before-migration, before-import, before-restore, manual, damaged (10).
    pub per_event: usize,
}

impl Default for Retention {
    fn default() -> Self {
        Self { daily: 14, weekly: 8, per_event: 10 }
    }
}

impl Retention {
    fn keep(&self, reason: BackupReason) -> usize {
        match reason {
            BackupReason::Daily => self.daily,
            BackupReason::Weekly => self.weekly,
            _ => self.per_event,
        }
    }
}

/// The clock, free-space check and rotation backups use. [`BackupPolicy::default`] is the real clock and disk; tests
/// give their own.
#[derive(Clone)]
pub struct BackupPolicy {
    /// Now, in local time.
    pub clock: Clock,
    /// The free space of a folder.
    pub free_space: Arc<dyn FreeSpace>,
    /// How many backups are kept.
    pub retention: Retention,
    /// Whether [`Ledger::open`] makes the day's scheduled backup itself (default). A shell that would rather not
    /// hold the first window of the day for it (on a large database the copy and its check take seconds) opens with
    /// `false` and calls [`Ledger::daily_backup`] on a worker thread: it reads through a connection of its own.
    pub daily_at_open: bool,
}

impl Default for BackupPolicy {
    fn default() -> Self {
        Self {
            clock: Arc::new(Local::now),
            free_space: Arc::new(SystemFreeSpace),
            retention: Retention::default(),
            daily_at_open: true,
        }
    }
}

impl BackupPolicy {
    fn now(&self) -> DateTime<Local> {
        (self.clock)()
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
    policy: BackupPolicy,
    notices: Mutex<Vec<BackupNotice>>,
}

impl BackupState {
    pub(crate) fn new(policy: BackupPolicy) -> Self {
        Self { policy, notices: Mutex::new(Vec::new()) }
    }

    pub(crate) fn daily_at_open(&self) -> bool {
        self.policy.daily_at_open
    }

    pub(crate) fn push_notice(&self, notice: BackupNotice) {
        self.notices.lock().unwrap_or_else(|p| p.into_inner()).push(notice);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The ledger's operations.

impl Ledger {
    /// The backups of this ledger's database in its data folder, newest first (empty in memory).
    pub fn list_backups(&self) -> Result<Vec<BackupEntry>> {
        match self.db.path() {
            Some(db_path) => list_backups_of(db_path),
            None => Ok(Vec::new()),
        }
    }

    /// 立即备份: a verified manual backup into `backups/` of the data folder (`None`, rotated with the other manual
    /// backups), or into a folder the person picked (e.g. a USB stick; never rotated there). Too little free space is
    /// an error here ([`CoreError::InsufficientSpace`]): the person asked for this backup.
    pub fn backup_now(&self, to_folder: Option<&Path>) -> Result<BackupEntry> {
        let db_path = self.file_path()?;
        let src = open_source(db_path)?;
        let made = match to_folder {
            None => backup_into_folder(&src, db_path, BackupReason::Manual, &self.backups.policy),
            Some(folder) => (|| {
                ensure_space(&self.backups.policy, folder, needed_for(db_bytes(&src)?))?;
                fs::create_dir_all(folder)?;
                let now = self.backups.policy.now().naive_local();
                write_named(&src, folder, &stem(db_path), now, BackupReason::Manual, db_path)
            })(),
        };
        made.map_err(|e| as_damage(e, db_path))
    }

    /// The backup before an event (an import, a migration …): made and verified, or skipped with a notice when
    /// space is short (never blocking the event for that); any other failure is an error. `NotNeeded` in memory.
    pub fn backup_before(&self, reason: BackupReason) -> Result<BackupOutcome> {
        let Some(db_path) = self.db.path() else { return Ok(BackupOutcome::NotNeeded) };
        let src = open_source(db_path)?;
        let outcome = event(backup_into_folder(&src, db_path, reason, &self.backups.policy), reason, &self.backups)?;
        Ok(outcome)
    }

    /// The scheduled backup, at most once per calendar day (run by [`Ledger::open`]): the first of an ISO week is
    /// the weekly backup, any other the daily one; nothing when a daily or weekly backup of today exists. It never
    /// fails: a backup that cannot be made becomes a notice.
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
                let src = open_source(db_path)?;
                Ok(BackupOutcome::Made(backup_into_folder(&src, db_path, due, policy)?))
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

    /// 从备份恢复: replaces the ledger's data with the database in `from_file` (a backup or any ledger file).
    ///
    /// The file is copied to a staging file and checked (integrity, foreign keys, not from a newer app, a ledger
    /// database) before anything changes; then, with writes held off, the current database is backed up (恢复前备份;
    /// if that fails, nothing is restored) and the staged copy is written into the open database through the backup
    /// API, and migrated when it is older. A refused file leaves everything as it was.
    pub fn restore_backup(&self, from_file: &Path) -> Result<RestoreReport> {
        let db_path = self.file_path()?.to_owned();
        refuse_same_file(from_file, &db_path)?;
        let policy = &self.backups.policy;
        let (current_bytes, page_size) = self.db.read(|c| Ok((db_bytes(c)?, page_size(c)?)))?;
        let staged = Staged::stage(from_file, &backups_dir(&db_path), &stem(&db_path), policy, current_bytes)?;
        let from_version = staged.validate(from_file, Some(page_size))?;
        self.db.with_writer(|writer| {
            let safety = backup_into_folder(writer, &db_path, BackupReason::Restore, policy)?;
            {
                let src = Connection::open_with_flags(&staged.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                run_backup(&src, writer)?;
            }
            migrations::migrate(writer)?;
            Ok(RestoreReport {
                restored_from: from_file.display().to_string(),
                from_schema_version: from_version as i32,
                schema_version: migrations::current_version(writer)? as i32,
                safety_backup: Some(safety),
            })
        })
    }

    /// Restores `from_file` in place of a database that cannot be opened (damaged, or missing), then opens it.
    /// [`Ledger::recover_with`] with the real clock and disk.
    pub fn recover(db_path: &Path, from_file: &Path) -> Result<(Ledger, RestoreReport)> {
        Self::recover_with(db_path, from_file, BackupPolicy::default())
    }

    /// Restores `from_file` in place of the database at `db_path` without opening that database first: for a file
    /// [`Ledger::open`] refused as damaged ([`CoreError::Integrity`]), or none at all. The file is staged and
    /// checked as in [`Ledger::restore_backup`]; the current file is kept in `backups/` first (a verified 恢复前备份
    /// when it still reads as a database, otherwise a byte-for-byte copy named `…-damaged.sqlite3`); then the
    /// checked copy takes its place (no connection is open on it: the writer lock is held throughout) and the
    /// ledger is opened (and migrated when older).
    pub fn recover_with(db_path: &Path, from_file: &Path, policy: BackupPolicy) -> Result<(Ledger, RestoreReport)> {
        refuse_same_file(from_file, db_path)?;
        let existed = db_path.exists();
        let created = create_dirs(db_path.parent().unwrap_or(Path::new("")))?;
        let lock_file = sidecar(db_path, ".lock");
        let lock_existed = lock_file.exists();
        let swapped = (|| {
            let _lock = db::acquire_writer_lock(db_path, db::LOCK_WAIT)?;
            let current_bytes = file_len(db_path) + file_len(&sidecar(db_path, "-wal"));
            let staged = Staged::stage(from_file, &backups_dir(db_path), &stem(db_path), &policy, current_bytes)?;
            staged.validate(from_file, None)?;
            let safety = if file_len(db_path) > 0 { Some(keep_current(db_path, &policy)?) } else { None };
            for suffix in ["-wal", "-shm", "-journal"] {
                remove_if_exists(&sidecar(db_path, suffix))?;
            }
            staged.put_in_place(db_path)?;
            Ok(safety)
        })();
        let safety = match swapped {
            Ok(safety) => safety,
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
        let ledger = Ledger::open_with(db_path, policy)?;
        let schema_version = ledger.db.read(migrations::current_version)? as i32;
        let report = RestoreReport {
            restored_from: from_file.display().to_string(),
            from_schema_version: from_version,
            schema_version,
            safety_backup: safety,
        };
        Ok((ledger, report))
    }

    /// 迁移数据文件夹: copies the database (backup API) and `attachments/` into `to` (a new or empty folder), checks
    /// both copies, and records `to` in the location file ([`paths::location_file`]) so the next start opens it.
    /// The old folder is left as it was. From then on this ledger refuses writes
    /// ([`CoreError::DataFolderMoved`]): the app reopens the ledger at the new place. Refused when
    /// `LEDGER_DATA_DIR` names the data folder (it would win over the location file).
    pub fn move_data_folder(&self, to: &Path) -> Result<MoveReport> {
        if std::env::var_os(paths::DATA_DIR_ENV).is_some_and(|v| !v.is_empty()) {
            return Err(CoreError::Unsupported {
                message: format!("数据文件夹由环境变量 {} 指定，不能在程序中迁移", paths::DATA_DIR_ENV),
                message_en: format!(
                    "the data folder is set by {}; it cannot be moved from the app",
                    paths::DATA_DIR_ENV
                ),
            });
        }
        let location_file = paths::location_file().ok_or_else(|| CoreError::Unsupported {
            message: "找不到系统的配置文件夹，无法记录新的数据文件夹位置".to_owned(),
            message_en: "the system has no configuration folder to record the new data folder in".to_owned(),
        })?;
        self.move_data_folder_with(to, &location_file)
    }

    /// [`Ledger::move_data_folder`] with the location file given (tests).
    pub fn move_data_folder_with(&self, to: &Path, location_file: &Path) -> Result<MoveReport> {
        let db_path = self.file_path()?.to_owned();
        let from_dir = std::path::absolute(db_path.parent().unwrap_or(Path::new(".")))?;
        let to = std::path::absolute(to)?;
        check_move_target(&from_dir, &to)?;
        let attachments = from_dir.join(crate::attachments::ATTACHMENTS_FOLDER);
        let files = files_under(&attachments)?;
        let attachment_bytes: u64 = files.iter().map(|f| file_len(f)).sum();
        let policy = &self.backups.policy;
        self.db.with_writer(|writer| {
            ensure_space(policy, &to, needed_for(db_bytes(writer)?).saturating_add(attachment_bytes))?;
            let created = !to.exists();
            fs::create_dir_all(&to)?;
            let new_db = paths::db_path(&to);
            let copied = (|| {
                copy_verified(writer, &new_db, &db_path)?;
                for file in &files {
                    let relative = file.strip_prefix(&from_dir).map_err(io::Error::other)?;
                    copy_file_verified(file, &to.join(relative))?;
                }
                let location = DataLocation {
                    data_dir: to.clone(),
                    moved_from: Some(from_dir.clone()),
                    moved_at: Some(utc_text(&policy.now())),
                };
                paths::write_location(location_file, &location)?;
                Ok(())
            })();
            if let Err(e) = copied {
                if created {
                    let _ = fs::remove_dir_all(&to);
                } else {
                    let _ = fs::remove_file(&new_db);
                    let _ = fs::remove_dir_all(to.join(crate::attachments::ATTACHMENTS_FOLDER));
                }
                return Err(e);
            }
            self.db.mark_moved(to.display().to_string());
            Ok(MoveReport {
                from: from_dir.display().to_string(),
                to: to.display().to_string(),
                db_path: new_db.display().to_string(),
                attachment_files: files.len() as u32,
                attachment_bytes,
                location_file: location_file.display().to_string(),
            })
        })
    }

    fn file_path(&self) -> Result<&Path> {
        self.db.path().ok_or_else(|| CoreError::Unsupported {
            message: "内存中的台账没有数据文件，不能备份或恢复".to_owned(),
            message_en: "an in-memory ledger has no database file to back up or restore".to_owned(),
        })
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Free functions: for the start-up screen when the ledger cannot be opened, the CLI, and db.rs.

/// The backups folder of a database file: `backups/` beside it.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join(BACKUP_DIR_NAME)
}

/// The backups of the ledger in `data_dir` (`ledger.sqlite3`), newest first.
pub fn list_backups(data_dir: &Path) -> Result<Vec<BackupEntry>> {
    list_backups_of(&paths::db_path(data_dir))
}

/// The backups of the database at `db_path`, newest first.
pub fn list_backups_of(db_path: &Path) -> Result<Vec<BackupEntry>> {
    Ok(scan(&backups_dir(db_path), &stem(db_path))?.into_iter().map(|f| f.entry).collect())
}

/// The newest backup of the ledger in `data_dir` that passes the checks a restore makes (integrity, foreign keys,
/// a ledger, not newer than this app) — what the start-up screen offers when the database is damaged. Damaged
/// copies kept aside are never offered.
pub fn newest_good_backup(data_dir: &Path) -> Result<Option<BackupEntry>> {
    for entry in list_backups(data_dir)? {
        if entry.reason == BackupReason::Damaged {
            continue;
        }
        let path = PathBuf::from(&entry.path);
        let good = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(CoreError::from)
            .and_then(|conn| check_restorable(&conn, &path, None));
        if good.is_ok() {
            return Ok(Some(entry));
        }
    }
    Ok(None)
}

/// Backs up the database file at `db_path` to `out` (a file, replaced only when the new backup is complete and
/// verified; or an existing folder, which gets a manual backup named like those in `backups/`). Reads the database
/// through a read-only connection without taking the writer lock or migrating: it works while the app has the file
/// open. Too little free space is [`CoreError::InsufficientSpace`].
pub fn backup_file(db_path: &Path, out: &Path, policy: &BackupPolicy) -> Result<BackupEntry> {
    backup_file_inner(db_path, out, policy).map_err(|e| as_damage(e, db_path))
}

fn backup_file_inner(db_path: &Path, out: &Path, policy: &BackupPolicy) -> Result<BackupEntry> {
    let src = open_source(db_path)?;
    let size = db_bytes(&src)?;
    let now = policy.now().naive_local();
    if out.is_dir() {
        ensure_space(policy, out, needed_for(size))?;
        return write_named(&src, out, &stem(db_path), now, BackupReason::Manual, db_path);
    }
    let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    ensure_space(policy, folder, needed_for(size))?;
    copy_verified(&src, out, db_path)?;
    Ok(entry_for(out, now, BackupReason::Manual))
}

/// A manual backup of the database file at `db_path` into its `backups/` folder, rotated with the other manual
/// backups (read-only, like [`backup_file`]).
pub fn backup_to_data_folder(db_path: &Path, policy: &BackupPolicy) -> Result<BackupEntry> {
    let src = open_source(db_path).map_err(|e| as_damage(e, db_path))?;
    backup_into_folder(&src, db_path, BackupReason::Manual, policy)
}

/// The backup before a migration, from the writer connection (db.rs calls this with the writer lock held, before
/// the first migration runs): made, or skipped for lack of space.
pub(crate) fn before_migration(writer: &Connection, db_path: &Path, policy: &BackupPolicy) -> Result<BackupOutcome> {
    let result = backup_into_folder(writer, db_path, BackupReason::Migration, policy);
    match result {
        Ok(entry) => Ok(BackupOutcome::Made(entry)),
        Err(e @ CoreError::InsufficientSpace { .. }) => {
            Ok(BackupOutcome::Skipped(notice(BackupReason::Migration, &e, policy.now())))
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Scheduling and rotation.

/// What the scheduled backup of `today` should be: `None` when a daily or weekly backup of today exists; weekly when
/// none exists for today's ISO week; daily otherwise.
fn scheduled_reason(found: &[Found], today: NaiveDate) -> Option<BackupReason> {
    if found.iter().any(|f| f.entry.reason.is_scheduled() && f.at.date() == today) {
        return None;
    }
    let week = today.iso_week();
    let weekly_done = found.iter().any(|f| f.entry.reason == BackupReason::Weekly && f.at.date().iso_week() == week);
    Some(if weekly_done { BackupReason::Daily } else { BackupReason::Weekly })
}

/// Removes the backups of each reason beyond the newest [`Retention`] allows, and partial files older than an hour
/// (left by a crash: a backup in progress is never that old). A file that cannot be removed stays (tried again next
/// time).
fn rotate(dir: &Path, stem: &str, retention: &Retention) -> Result<()> {
    let found = scan(dir, stem)?;
    for reason in BackupReason::ALL {
        for old in found.iter().filter(|f| f.entry.reason == *reason).skip(retention.keep(*reason)) {
            let path = PathBuf::from(&old.entry.path);
            let _ = fs::remove_file(&path);
            let _ = fs::remove_file(sidecar(&path, "-wal"));
        }
    }
    let stale = SystemTime::now() - Duration::from_secs(3600);
    for entry in fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < stale);
        if name.starts_with(&format!(".{stem}")) && name.contains(".partial-") && old {
            let _ = fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// A verified backup of `src` into the backups folder of `db_path`, rotated; too little space is
/// [`CoreError::InsufficientSpace`].
fn backup_into_folder(
    src: &Connection,
    db_path: &Path,
    reason: BackupReason,
    policy: &BackupPolicy,
) -> Result<BackupEntry> {
    folder_backup(src, db_path, reason, policy).map_err(|e| as_damage(e, db_path))
}

fn folder_backup(src: &Connection, db_path: &Path, reason: BackupReason, policy: &BackupPolicy) -> Result<BackupEntry> {
    let dir = backups_dir(db_path);
    ensure_space(policy, &dir, needed_for(db_bytes(src)?))?;
    fs::create_dir_all(&dir)?;
    let stem = stem(db_path);
    let entry = write_named(src, &dir, &stem, policy.now().naive_local(), reason, db_path)?;
    rotate(&dir, &stem, &policy.retention)?;
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
struct Found {
    entry: BackupEntry,
    at: NaiveDateTime,
    seq: u32,
}

/// The stem backups of this database are named with (`ledger` for `ledger.sqlite3`).
fn stem(db_path: &Path) -> String {
    db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "ledger".into())
}

fn backup_name(stem: &str, at: NaiveDateTime, reason: BackupReason, seq: u32) -> String {
    let n = if seq == 0 { String::new() } else { format!("-{seq}") };
    format!("{stem}-{}-{}{n}.sqlite3", at.format("%Y%m%d-%H%M%S"), reason.code())
}

fn parse_name(stem: &str, name: &str) -> Option<(NaiveDateTime, BackupReason, u32)> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?.strip_suffix(".sqlite3")?;
    let stamp = rest.get(..15)?;
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    let tail = rest.get(15..)?.strip_prefix('-')?;
    let (code, seq) = match tail.split_once('-') {
        Some((code, n)) => (code, n.parse().ok()?),
        None => (tail, 0),
    };
    Some((at, BackupReason::from_code(code)?, seq))
}

/// The backups in `dir` named for `stem`, newest first (an absent folder has none).
fn scan(dir: &Path, stem: &str) -> Result<Vec<Found>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some((at, reason, seq)) = parse_name(stem, &name) {
            found.push(Found { entry: entry_for(&entry.path(), at, reason), at, seq });
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse((f.at, f.seq)));
    Ok(found)
}

fn entry_for(path: &Path, at: NaiveDateTime, reason: BackupReason) -> BackupEntry {
    let created = Local
        .from_local_datetime(&at)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&at));
    BackupEntry {
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        path: path.display().to_string(),
        created_at: created.to_rfc3339_opts(SecondsFormat::Millis, true),
        size_bytes: file_len(path),
        reason,
        schema_version: header_version(path),
    }
}

/// The schema version (`user_version`) in a database file's header, without opening it (0 when unreadable).
fn header_version(path: &Path) -> i32 {
    let mut header = [0u8; 100];
    let read = fs::File::open(path).and_then(|mut f| f.read_exact(&mut header));
    if read.is_err() || &header[..16] != b"SQLite format 3\0" {
        return 0;
    }
    i32::from_be_bytes([header[60], header[61], header[62], header[63]])
}

fn utc_text(t: &DateTime<Local>) -> String {
    t.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn file_len(path: &Path) -> u64 {
    fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// `<db>-wal`, `<db>-shm`, `<db>-journal`.
fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// A hidden partial file beside `target`, unique to this call.
fn partial_path(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.partial-{}", uuid::Uuid::now_v7().simple()))
}

fn remove_partial(partial: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let _ = fs::remove_file(sidecar(partial, suffix));
    }
}

#[cfg(unix)]
fn sync_dir(file: &Path) {
    if let Some(dir) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    }
}

#[cfg(not(unix))]
fn sync_dir(_file: &Path) {}

fn sync_file(path: &Path) -> io::Result<()> {
    fs::OpenOptions::new().write(true).open(path)?.sync_all()
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn refuse_same_file(from_file: &Path, db_path: &Path) -> Result<()> {
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

/// A read-only connection on a database file (never created: a missing file is an error).
fn open_source(db_path: &Path) -> Result<Connection> {
    if !db_path.is_file() {
        return Err(
            io::Error::new(io::ErrorKind::NotFound, format!("no database file at {}", db_path.display())).into()
        );
    }
    let conn =
        Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(db::BUSY_TIMEOUT)?;
    Ok(conn)
}

/// The database's size in bytes (pages × page size): what a copy of it takes.
fn db_bytes(conn: &Connection) -> Result<u64> {
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    Ok((pages.max(0) as u64).saturating_mul(page_size(conn)? as u64))
}

fn page_size(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA page_size", [], |r| r.get(0))?)
}

/// Free space a copy of `bytes` needs: twice its size (the copy, and room for the database to go on growing) plus
/// [`SPACE_MARGIN`].
fn needed_for(bytes: u64) -> u64 {
    bytes.saturating_mul(2).saturating_add(SPACE_MARGIN)
}

fn ensure_space(policy: &BackupPolicy, folder: &Path, needed: u64) -> Result<()> {
    let available = policy.free_space.available(folder)?;
    if available <= needed {
        return Err(CoreError::InsufficientSpace { folder: folder.display().to_string(), needed, available });
    }
    Ok(())
}

/// Copies every page of `src`'s main database into `dest` in one step (one read transaction on the source: a
/// consistent copy even while the app writes), waiting out a busy lock up to the busy timeout.
fn run_backup(src: &Connection, dest: &mut Connection) -> Result<()> {
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
/// journal: the source's WAL flag is copied with its first page).
fn single_file_copy(src: &Connection, path: &Path) -> Result<()> {
    let mut out = Connection::open(path)?;
    run_backup(src, &mut out)?;
    let _mode: String = out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    Ok(())
}

/// Makes a named backup of `src` in `dir` (`-1`, `-2` … added when the name of this second is taken).
fn write_named(
    src: &Connection,
    dir: &Path,
    stem: &str,
    at: NaiveDateTime,
    reason: BackupReason,
    shown: &Path,
) -> Result<BackupEntry> {
    let mut seq = 0;
    let target = loop {
        let candidate = dir.join(backup_name(stem, at, reason, seq));
        if !candidate.exists() {
            break candidate;
        }
        seq += 1;
    };
    copy_verified(src, &target, shown)?;
    Ok(entry_for(&target, at, reason))
}

/// Copies `src` to `target` through a partial file: backup API, single-file (rollback journal) mode, verified by
/// `integrity_check` and `foreign_key_check`, synced, renamed. On failure nothing is left at or beside `target`; a
/// copy that fails its check is reported as damage of `shown` (the database copied).
fn copy_verified(src: &Connection, target: &Path, shown: &Path) -> Result<()> {
    let partial = partial_path(target);
    let result = (|| {
        single_file_copy(src, &partial).map_err(|e| as_damage(e, shown))?;
        let conn = Connection::open_with_flags(&partial, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let problems = problems_of(&conn)?;
        drop(conn);
        if !problems.is_empty() {
            return Err(CoreError::DamagedFile { path: shown.display().to_string(), detail: problems.join("; ") });
        }
        sync_file(&partial)?;
        fs::rename(&partial, target)?;
        sync_dir(target);
        Ok(())
    })();
    if result.is_err() {
        remove_partial(&partial);
    }
    result
}

/// `integrity_check` and `foreign_key_check` problems (the first five); an unreadable file is one problem.
fn problems_of(conn: &Connection) -> Result<Vec<String>> {
    match integrity::storage_problems(conn) {
        Ok(problems) => Ok(problems.into_iter().take(5).collect()),
        Err(CoreError::Sqlite(e)) if integrity::is_damage(&e) => Ok(vec![e.to_string()]),
        Err(e) => Err(e),
    }
}

/// SQLite's "not a database" / "malformed" while copying `path` means the file is damaged.
fn as_damage(e: CoreError, path: &Path) -> CoreError {
    match e {
        CoreError::Sqlite(inner) if integrity::is_damage(&inner) => {
            CoreError::DamagedFile { path: path.display().to_string(), detail: inner.to_string() }
        }
        other => other,
    }
}

/// The checks a file must pass before it is restored: intact, not from a newer app, a ledger database, and (into an
/// open WAL database, which cannot change its page size) of the same page size. Returns its schema version.
fn check_restorable(conn: &Connection, shown: &Path, live_page_size: Option<i64>) -> Result<i64> {
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
    if let Some(live) = live_page_size {
        let size = page_size(conn)?;
        if size != live {
            return Err(not_a_ledger(format!("page size {size}, this app's databases use {live}")));
        }
    }
    Ok(version)
}

/// A checked copy of a file to restore, in a hidden staging file of the backups folder; removed when dropped unless
/// it was put in place.
struct Staged {
    path: PathBuf,
    placed: bool,
    /// Folders made for the staging file, removed again (when empty) with it.
    created: Vec<PathBuf>,
}

impl Staged {
    /// Copies `from_file` (backup API from a read-only connection) into a staging file, when there is room for it
    /// and for a backup of `current_bytes` of the current database.
    fn stage(from_file: &Path, dir: &Path, stem: &str, policy: &BackupPolicy, current_bytes: u64) -> Result<Staged> {
        if !from_file.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no file to restore at {}", from_file.display()),
            )
            .into());
        }
        let src =
            Connection::open_with_flags(from_file, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(|e| as_damage(e.into(), from_file))?;
        src.busy_timeout(db::BUSY_TIMEOUT)?;
        let needed = needed_for(file_len(from_file)).saturating_add(needed_for(current_bytes));
        ensure_space(policy, dir, needed)?;
        let staged = Staged {
            path: dir.join(format!(".{stem}-restore.partial-{}", uuid::Uuid::now_v7().simple())),
            placed: false,
            created: create_dirs(dir)?,
        };
        single_file_copy(&src, &staged.path).map_err(|e| as_damage(e, from_file))?;
        Ok(staged)
    }

    /// The checks of [`check_restorable`] on the staged copy; returns its schema version.
    fn validate(&self, shown: &Path, live_page_size: Option<i64>) -> Result<i64> {
        let conn = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        check_restorable(&conn, shown, live_page_size)
    }

    /// Renames the staged copy onto `db_path` (no connection may be open on it).
    fn put_in_place(mut self, db_path: &Path) -> Result<()> {
        sync_file(&self.path)?;
        fs::rename(&self.path, db_path)?;
        self.placed = true;
        sync_dir(db_path);
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

/// Keeps the database that a recovery replaces: a verified backup (恢复前备份) when it still reads as a database, else
/// its bytes (and those of its WAL) as `…-damaged.sqlite3`. Needs room for it: never skipped.
fn keep_current(db_path: &Path, policy: &BackupPolicy) -> Result<BackupEntry> {
    let readable = open_source(db_path).and_then(|c| integrity::quick_check(&c).map(|()| c));
    if let Ok(src) = readable {
        return backup_into_folder(&src, db_path, BackupReason::Restore, policy);
    }
    let dir = backups_dir(db_path);
    let wal = sidecar(db_path, "-wal");
    ensure_space(policy, &dir, needed_for(file_len(db_path) + file_len(&wal)))?;
    fs::create_dir_all(&dir)?;
    let stem = stem(db_path);
    let at = policy.now().naive_local();
    let mut seq = 0;
    let target = loop {
        let candidate = dir.join(backup_name(&stem, at, BackupReason::Damaged, seq));
        if !candidate.exists() {
            break candidate;
        }
        seq += 1;
    };
    if wal.is_file() {
        copy_file_verified(&wal, &sidecar(&target, "-wal"))?;
    }
    copy_file_verified(db_path, &target)?;
    rotate(&dir, &stem, &policy.retention)?;
    Ok(entry_for(&target, at, BackupReason::Damaged))
}

/// Copies one file byte for byte through a partial file, synced and renamed, then reads the copy back and compares
/// its SHA-256 with the original's. Returns the bytes copied.
fn copy_file_verified(from: &Path, to: &Path) -> Result<u64> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent)?;
    }
    let partial = partial_path(to);
    let result = (|| {
        let mut input = fs::File::open(from)?;
        let mut output = fs::File::create(&partial)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 256 * 1024];
        let mut bytes = 0u64;
        loop {
            let n = input.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            output.write_all(&buf[..n])?;
            bytes += n as u64;
        }
        output.sync_all()?;
        drop(output);
        if sha256_of(&partial)? != hasher.finalize().as_slice() {
            return Err(CoreError::DamagedFile {
                path: to.display().to_string(),
                detail: "the copy differs from the original".into(),
            });
        }
        fs::rename(&partial, to)?;
        sync_dir(to);
        Ok(bytes)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    result
}

fn sha256_of(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(hasher.finalize().to_vec());
        }
        hasher.update(&buf[..n]);
    }
}

/// Every file under `dir`, recursively (none when it does not exist), without the partial files of an attachment
/// being written.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e.into()),
        };
        for entry in entries {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() && !entry.file_name().to_string_lossy().contains(".partial") {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The new data folder must be new or empty, and neither inside the old one nor around it.
fn check_move_target(from_dir: &Path, to: &Path) -> Result<()> {
    let field = |zh: &str, en: &str| CoreError::field("folder", zh.to_owned(), en.to_owned());
    let from_real = fs::canonicalize(from_dir).unwrap_or_else(|_| from_dir.to_path_buf());
    // The nearest existing ancestor of `to`, resolved, with the rest appended.
    let mut existing = to;
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut to_real = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        to_real.push(name);
    }
    if to_real == from_real {
        return Err(field("这就是当前的数据文件夹", "that is the current data folder"));
    }
    if to_real.starts_with(&from_real) || from_real.starts_with(&to_real) {
        return Err(field(
            "新的数据文件夹不能在当前数据文件夹之内，也不能包含它",
            "the new data folder cannot be inside the current one, nor contain it",
        ));
    }
    if to.exists() {
        if !to.is_dir() {
            return Err(field("所选位置是一个文件，请选择文件夹", "that is a file; choose a folder"));
        }
        if fs::read_dir(to)?.next().is_some() {
            return Err(field(
                "请选择一个空文件夹（所选文件夹中已有文件）",
                "choose an empty folder (this one has files in it)",
            ));
        }
    }
    Ok(())
}
