//! 数据安全: backups.
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
//! Restore and recovery are in [`crate::data_folder::restore`], moving the data folder in [`crate::data_folder::relocate`]: both copy and
//! check with the pieces kept here.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, Local, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::data_folder::paths;
use crate::data_folder::restore::check_restorable;
use crate::error::{CoreError, Result};
use crate::ledger::Ledger;
use crate::model::{BackupEntry, BackupNotice, BackupReason};
use crate::storage::crypto::{apply_key, DbKey};
use crate::storage::db;
use crate::storage::fs_atomic::{self, partial_path};
use crate::storage::integrity;

/// The backups' folder inside the data folder.
pub const BACKUP_DIR_NAME: &str = "backups";

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
}

impl Default for BackupPolicy {
    fn default() -> Self {
        Self {
            clock: Clock::system(),
            free_space: Arc::new(SystemFreeSpace),
            retention: Retention::default(),
            daily_at_open: true,
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
        let key = self.db.key();
        let src = open_source(db_path, key)?;
        let made = match to_folder {
            None => backup_into_folder(&src, db_path, BackupReason::Manual, &self.backups.policy, key),
            Some(folder) => (|| {
                ensure_space(&self.backups.policy, folder, needed_for(db_bytes(&src)?))?;
                fs::create_dir_all(folder)?;
                let now = self.backups.policy.now().naive_local();
                write_named(&src, folder, &stem(db_path), now, BackupReason::Manual, db_path, key)
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
/// open. Too little free space is [`CoreError::InsufficientSpace`]. An encrypted database is read with its `key`
/// and backed up encrypted with the same key ([`crate::storage::crypto::database_key`]).
pub fn backup_file(db_path: &Path, out: &Path, policy: &BackupPolicy, key: Option<&DbKey>) -> Result<BackupEntry> {
    backup_file_inner(db_path, out, policy, key).map_err(|e| as_damage(e, db_path))
}

fn backup_file_inner(db_path: &Path, out: &Path, policy: &BackupPolicy, key: Option<&DbKey>) -> Result<BackupEntry> {
    let src = open_source(db_path, key)?;
    let size = db_bytes(&src)?;
    let now = policy.now().naive_local();
    if out.is_dir() {
        ensure_space(policy, out, needed_for(size))?;
        return write_named(&src, out, &stem(db_path), now, BackupReason::Manual, db_path, key);
    }
    let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    ensure_space(policy, folder, needed_for(size))?;
    copy_verified(&src, out, db_path, key)?;
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
pub(crate) fn rotate(dir: &Path, stem: &str, policy: &BackupPolicy) -> Result<()> {
    let found = scan(dir, stem)?;
    for reason in BackupReason::ALL {
        for old in found.iter().filter(|f| f.entry.reason == *reason).skip(policy.retention.keep(*reason)) {
            let path = PathBuf::from(&old.entry.path);
            let _ = fs::remove_file(&path);
            let _ = fs::remove_file(sidecar(&path, "-wal"));
        }
    }
    let stale = Duration::from_secs(3600);
    for entry in fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| policy.clock.age_of(t) > stale);
        if name.starts_with(&format!(".{stem}")) && name.contains(".partial-") && old {
            let _ = fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// A verified backup of `src` into the backups folder of `db_path`, rotated; too little space is
/// [`CoreError::InsufficientSpace`]. Encrypted with `key` when the database is.
pub(crate) fn backup_into_folder(
    src: &Connection,
    db_path: &Path,
    reason: BackupReason,
    policy: &BackupPolicy,
    key: Option<&DbKey>,
) -> Result<BackupEntry> {
    let made = (|| {
        let dir = backups_dir(db_path);
        ensure_space(policy, &dir, needed_for(db_bytes(src)?))?;
        fs::create_dir_all(&dir)?;
        let stem = stem(db_path);
        let entry = write_named(src, &dir, &stem, policy.now().naive_local(), reason, db_path, key)?;
        rotate(&dir, &stem, policy)?;
        Ok(entry)
    })();
    made.map_err(|e| as_damage(e, db_path))
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
pub(crate) fn stem(db_path: &Path) -> String {
    db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "ledger".into())
}

pub(crate) fn backup_name(stem: &str, at: NaiveDateTime, reason: BackupReason, seq: u32) -> String {
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

pub(crate) fn entry_for(path: &Path, at: NaiveDateTime, reason: BackupReason) -> BackupEntry {
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

/// Makes a named backup of `src` in `dir` (`-1`, `-2` … added when the name of this second is taken).
fn write_named(
    src: &Connection,
    dir: &Path,
    stem: &str,
    at: NaiveDateTime,
    reason: BackupReason,
    shown: &Path,
    key: Option<&DbKey>,
) -> Result<BackupEntry> {
    let mut seq = 0;
    let target = loop {
        let candidate = dir.join(backup_name(stem, at, reason, seq));
        if !candidate.exists() {
            break candidate;
        }
        seq += 1;
    };
    copy_verified(src, &target, shown, key)?;
    Ok(entry_for(&target, at, reason))
}

/// Copies `src` to `target` through a partial file: backup API, single-file (rollback journal) mode, verified by
/// `integrity_check` and `foreign_key_check`, synced, renamed. On failure nothing is left at or beside `target`; a
/// copy that fails its check is reported as damage of `shown` (the database copied). `key`: the source's.
pub(crate) fn copy_verified(src: &Connection, target: &Path, shown: &Path, key: Option<&DbKey>) -> Result<()> {
    let partial = partial_path(target);
    let result = (|| {
        single_file_copy(src, &partial, key).map_err(|e| as_damage(e, shown))?;
        let conn = Connection::open_with_flags(&partial, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        apply_key(&conn, key)?;
        let problems = problems_of(&conn)?;
        drop(conn);
        if !problems.is_empty() {
            return Err(CoreError::DamagedFile { path: shown.display().to_string(), detail: problems.join("; ") });
        }
        fs_atomic::commit(&partial, target)?;
        Ok(())
    })();
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
        let mut input = fs::File::open(from)?;
        let mut output = fs::File::create(partial)?;
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
        drop(output);
        if sha256_of(partial)? != hasher.finalize().as_slice() {
            return Err(CoreError::DamagedFile {
                path: to.display().to_string(),
                detail: "the copy differs from the original".into(),
            });
        }
        Ok(bytes)
    })
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
