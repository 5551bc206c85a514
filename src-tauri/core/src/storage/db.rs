//! Opening the SQLite database and running work on it: one writer connection and one reader connection, each behind
//! its own lock, so a long read never waits for a write and there is only ever one writer.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use rusqlite::{Connection, InterruptHandle, OpenFlags, Params, Row, Statement, Transaction, TransactionBehavior};

use crate::error::{CoreError, Result};
use crate::storage::clean_close;
use crate::storage::crypto::{apply_key, DbKey};
use crate::{storage::integrity, storage::migrations};

/// How long opening waits for another holder of the writer lock to let go: a window that was just closed can take
/// a moment to finish exiting, and reopening the app at once must not fail for that.
pub const LOCK_WAIT: Duration = Duration::from_secs(3);

/// How long a statement waits for a lock held by another connection before failing with `busy`.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a write waits for the start-up check running in the background before it answers `busy`
/// ([`CoreError::Checking`]): a save made in the first seconds goes through once the check passes; a check that takes
/// longer (a large file not yet in the OS cache) gets a clear answer instead of a form that hangs.
pub const WRITE_HOLD: Duration = Duration::from_secs(5);

/// Where the start-up check (`quick_check`, which reads every page of the file) of an opened database stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartupCheck {
    /// Not run: the last session closed cleanly and the file is unchanged since (`storage/clean_close.rs`), or the
    /// file was new.
    Skipped,
    /// Run, and it found nothing.
    Passed,
    /// Still to run, or running, in the background ([`Database::finish_startup_check`]); writes are held meanwhile.
    Pending,
    /// It found the file damaged (SQLite's words): every write is refused as [`CoreError::Integrity`].
    Failed(String),
}

impl StartupCheck {
    /// Whether writes may go ahead.
    pub fn allows_writes(&self) -> bool {
        matches!(self, Self::Skipped | Self::Passed)
    }
}

/// How an opening treats the start-up check when the clean-close marker does not spare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckAtOpen {
    /// Run it before the opening returns (the CLI, scripts, tests): a damaged file is refused at once.
    Now,
    /// Leave it pending: the caller runs [`Database::finish_startup_check`] on a worker while the first page reads,
    /// and writes wait for it ([`WRITE_HOLD`]). A file whose schema is behind is still checked before it is migrated.
    Background,
}

/// The start-up check's state, with the condition writes wait on and the handle that stops a running check.
struct CheckState {
    state: Mutex<StartupCheck>,
    changed: Condvar,
    running: Mutex<Option<InterruptHandle>>,
}

impl CheckState {
    fn new(state: StartupCheck) -> Self {
        Self { state: Mutex::new(state), changed: Condvar::new(), running: Mutex::new(None) }
    }

    fn get(&self) -> StartupCheck {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn set(&self, state: StartupCheck) {
        *self.state.lock().unwrap_or_else(|p| p.into_inner()) = state;
        self.changed.notify_all();
    }

    /// Waits up to `hold` for a pending check; Ok when writes may go ahead.
    fn wait_for_writes(&self, hold: Duration) -> Result<()> {
        let deadline = Instant::now() + hold;
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            match &*state {
                StartupCheck::Skipped | StartupCheck::Passed => return Ok(()),
                StartupCheck::Failed(detail) => return Err(CoreError::Integrity(detail.clone())),
                StartupCheck::Pending => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(CoreError::Checking);
                    }
                    state = self.changed.wait_timeout(state, left).unwrap_or_else(|p| p.into_inner()).0;
                }
            }
        }
    }
}

/// Runs a prepared query with `params` and reads every row it returns with `read`, in the query's order.
pub fn read_rows<T>(
    stmt: &mut Statement<'_>,
    params: impl Params,
    read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    Ok(stmt.query_map(params, read)?.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Reads column `idx` of a row as JSON text (a list of names kept as one `json_group_array` column, say) and parses
/// it; text that does not parse is the column's conversion error, as for any other column that does not fit.
pub fn json_column<T: serde::de::DeserializeOwned>(r: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    let text: String = r.get(idx)?;
    serde_json::from_str(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

/// How large the WAL may stay after a checkpoint (it is truncated to this); without a limit it keeps the size of the
/// largest transaction ever written.
pub const JOURNAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// Applies the connection settings every connection gets: foreign keys on, a busy timeout, `trusted_schema` off (no
/// function or virtual table runs from a trigger or view a file brought with it), `secure_delete` on (deleted
/// personal data is overwritten, not left in free pages), and (for files) WAL with synchronous=FULL, so a saved record
/// survives a power loss, and a WAL truncated to [`JOURNAL_SIZE_LIMIT`] after checkpoints.
pub fn configure(conn: &Connection, file_backed: bool) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "trusted_schema", false)?;
    conn.pragma_update(None, "secure_delete", true)?;
    if file_backed {
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        debug_assert_eq!(mode.to_ascii_lowercase(), "wal");
        conn.pragma_update(None, "synchronous", "FULL")?;
        let _limit: i64 =
            conn.query_row(&format!("PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}"), [], |r| r.get(0))?;
    }
    Ok(())
}

/// The page cache of the reader connection (lists, searches, statistics, the home page), in KiB: the pages one
/// request read stay in memory for the next, so a repeated search over the enterprises or a second look at the
/// statistics reads no page twice. That matters most for an encrypted ledger, whose every page read from the file is
/// decrypted and authenticated again (docs/PERFORMANCE.md: "Encryption at rest"). SQLite's default is 2 MiB; the
/// cache fills only as pages are read.
pub const READER_CACHE_KIB: i64 = 64 * 1024;

/// The page cache of a connection opened for one long read ([`Database::read_apart`]: an export), in KiB: large
/// enough to keep the experts and enterprises an export looks up for every row, small enough for the export's memory
/// bar (≤ 64 MB).
pub const APART_CACHE_KIB: i64 = 16 * 1024;

/// Sets the page cache of `conn` to `kib` KiB.
fn set_cache_kib(conn: &Connection, kib: i64) -> Result<()> {
    conn.pragma_update(None, "cache_size", -kib)?;
    Ok(())
}

/// A ledger database: the writer and the reader connection.
pub struct Database {
    path: Option<PathBuf>,
    // Field order is drop order: the reader closes before the writer, so the writer is the last connection on the
    // file and SQLite checkpoints the WAL into it and removes it as the writer closes (a read-only connection closing
    // last cannot, and the WAL would stay, growing, with every saved record only in it); the lock goes after both.
    reader: Option<Mutex<Connection>>,
    writer: Mutex<Connection>,
    /// Held for the life of the database: an exclusive lock on `<file>.lock`, so a second copy of the app (or a
    /// script) can never become a second writer, even where the single-instance check is unavailable.
    _writer_lock: Option<File>,
    migrated_from: i64,
    /// Write transactions committed since the database was opened (the only writer is this value's owner).
    commits: AtomicU64,
    /// Set once the data folder was moved elsewhere: from then on this copy refuses writes.
    moved_to: OnceLock<String>,
    /// The raw key of an encrypted database (every connection on it is keyed first); `None` for a plain one.
    key: Option<DbKey>,
    /// Where the start-up check stands; writes wait for it.
    check: CheckState,
}

impl Database {
    /// Opens (creating if needed) the database file, creates its folder, and migrates it to the latest schema.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with_lock_wait(path, LOCK_WAIT)
    }

    /// [`Database::open`], waiting at most `lock_wait` for another writer to let go before failing with `in_use`.
    pub fn open_with_lock_wait(path: &Path, lock_wait: Duration) -> Result<Self> {
        let db = Self::open_unmigrated(path, lock_wait)?;
        db.migrate()?;
        Ok(db)
    }

    /// Opens the database file as [`Database::open_with_lock_wait`] does, but leaves its schema as found: the caller
    /// migrates it with [`Database::migrate`] (the ledger first backs up an existing database of an older schema,
    /// see [`Database::is_behind`]). Before anything is written, a damaged file is refused ([`CoreError::Integrity`],
    /// from `PRAGMA quick_check`) and so is a newer schema ([`CoreError::SchemaTooNew`]).
    pub fn open_unmigrated(path: &Path, lock_wait: Duration) -> Result<Self> {
        Self::open_unmigrated_keyed(path, lock_wait, None)
    }

    /// [`Database::open_unmigrated`] of a database encrypted with `key` (SQLCipher; `None`: a plain database). Every
    /// connection is keyed before its first statement. A wrong key reads as a file that is not a database.
    pub fn open_unmigrated_keyed(path: &Path, lock_wait: Duration, key: Option<DbKey>) -> Result<Self> {
        Self::open_unmigrated_with(path, lock_wait, key, CheckAtOpen::Now)
    }

    /// [`Database::open_unmigrated_keyed`], with the start-up check run now or left pending (`check`). Either way
    /// the check is skipped when the last session closed cleanly and the file is unchanged since
    /// (`storage/clean_close.rs`), and a newer schema is refused at once.
    pub fn open_unmigrated_with(
        path: &Path,
        lock_wait: Duration,
        key: Option<DbKey>,
        check: CheckAtOpen,
    ) -> Result<Self> {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        crate::data_folder::paths::check_folder_depth(folder)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::data_folder::paths::create_private_dir(parent)?;
        }
        let writer_lock = acquire_writer_lock(path, lock_wait)?;
        // Taken (and removed) first, whatever follows: a session that does not end in a clean close leaves none.
        let clean = clean_close::take(path);
        // Checked on a read-only connection: it never writes, not even the WAL checkpoint a closing read-write
        // connection makes, so a refused file is left exactly as it was. Only a rollback journal left by a crash
        // (which a read-only connection cannot roll back) makes the writer check it instead, before anything else.
        let (checked, state) = match std::fs::metadata(path) {
            Ok(m) if m.len() > 0 => {
                let (full, state) = match (clean, check) {
                    (true, _) => (false, StartupCheck::Skipped),
                    (false, CheckAtOpen::Now) => (true, StartupCheck::Passed),
                    (false, CheckAtOpen::Background) => (false, StartupCheck::Pending),
                };
                let conn = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                apply_key(&conn, key.as_ref())?;
                match check_before_writing(&conn, full) {
                    Err(CoreError::Sqlite(e)) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) => {
                        (false, StartupCheck::Passed)
                    }
                    other => other.map(|()| (true, state))?,
                }
            }
            _ => (true, StartupCheck::Skipped),
        };
        let writer = Connection::open(path)?;
        apply_key(&writer, key.as_ref())?;
        if !checked {
            check_before_writing(&writer, true)?;
        }
        // A file whose check is left pending can still turn out damaged right here (its schema unreadable): that is
        // the check's answer, given now.
        let connected = (|| {
            configure(&writer, true)?;
            let migrated_from = migrations::current_version(&writer)?;
            let reader = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
            )?;
            apply_key(&reader, key.as_ref())?;
            configure(&reader, false)?;
            set_cache_kib(&reader, READER_CACHE_KIB)?;
            Ok((migrated_from, reader))
        })();
        let (migrated_from, reader) = connected.map_err(|e| match e {
            CoreError::Sqlite(e) if integrity::is_damage(&e) => CoreError::Integrity(e.to_string()),
            other => other,
        })?;
        Ok(Self {
            path: Some(path.to_owned()),
            _writer_lock: Some(writer_lock),
            writer: Mutex::new(writer),
            reader: Some(Mutex::new(reader)),
            migrated_from,
            commits: AtomicU64::new(0),
            moved_to: OnceLock::new(),
            key,
            check: CheckState::new(state),
        })
    }

    /// Where the start-up check stands.
    pub fn startup_check(&self) -> StartupCheck {
        self.check.get()
    }

    /// Runs the start-up check left pending by [`CheckAtOpen::Background`] (nothing to do otherwise), on a read-only
    /// connection of its own, and lets the held writes go on (or refuses them, the file being damaged). Ok when
    /// writes may go ahead; a damaged file is [`CoreError::Integrity`]. A check stopped by
    /// [`Database::interrupt_startup_check`] stays pending.
    pub fn finish_startup_check(&self) -> Result<()> {
        if self.check.get() != StartupCheck::Pending {
            return self.check.wait_for_writes(Duration::ZERO);
        }
        let Some(path) = &self.path else { return Ok(()) };
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        apply_key(&conn, self.key.as_ref())?;
        *lock(&self.check.running) = Some(conn.get_interrupt_handle());
        let outcome = check_before_writing(&conn, true);
        *lock(&self.check.running) = None;
        match outcome {
            Ok(()) => self.check.set(StartupCheck::Passed),
            Err(CoreError::Sqlite(e)) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) => {
                return Err(CoreError::Checking);
            }
            Err(CoreError::Integrity(detail)) => self.check.set(StartupCheck::Failed(detail)),
            Err(other) => self.check.set(StartupCheck::Failed(other.to_string())),
        }
        self.check.wait_for_writes(Duration::ZERO)
    }

    /// Stops a start-up check running in the background (the app is closing); it stays pending, so no clean-close
    /// marker is written for a file that was not checked.
    pub fn interrupt_startup_check(&self) {
        if let Some(handle) = &*lock(&self.check.running) {
            handle.interrupt();
        }
    }

    /// Whether this is an existing database of an older schema, not yet migrated: the case where the ledger makes
    /// the backup before a migration (升级前备份) before it calls [`Database::migrate`].
    pub fn is_behind(&self) -> Result<bool> {
        let version = migrations::current_version(&lock(&self.writer))?;
        Ok(version > 0 && version < migrations::LATEST_VERSION)
    }

    /// Brings the schema up to the latest version on the writer (nothing to do when it is there already).
    pub fn migrate(&self) -> Result<()> {
        migrations::migrate(&mut lock(&self.writer))?;
        Ok(())
    }

    /// A migrated in-memory database (one connection serves reads and writes), for tests.
    pub fn open_in_memory() -> Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn, false)?;
        migrations::migrate(&mut conn)?;
        Ok(Self {
            path: None,
            _writer_lock: None,
            writer: Mutex::new(conn),
            reader: None,
            migrated_from: 0,
            commits: AtomicU64::new(0),
            moved_to: OnceLock::new(),
            key: None,
            check: CheckState::new(StartupCheck::Skipped),
        })
    }

    /// The file, or `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The raw key of an encrypted database (`None`: plain), for the connections a backup or a copy opens on it.
    pub(crate) fn key(&self) -> Option<&DbKey> {
        self.key.as_ref()
    }

    /// Whether the database is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// Closes both connections (the last one to close checkpoints the WAL and removes it) and hands back the
    /// writer lock, still held: for replacing the file with no other writer in between.
    pub(crate) fn close(self) -> Result<Option<File>> {
        let Database { _writer_lock, writer, reader, .. } = self;
        if let Some(reader) = reader {
            reader.into_inner().unwrap_or_else(|p| p.into_inner()).close().map_err(|(_, e)| e)?;
        }
        writer.into_inner().unwrap_or_else(|p| p.into_inner()).close().map_err(|(_, e)| e)?;
        Ok(_writer_lock)
    }

    /// Closes both connections as [`Database::close`] does and, when the start-up check passed (or was rightly
    /// skipped) and the WAL is folded in, leaves the clean-close marker the next opening skips the check by; then
    /// lets go of the writer lock. A marker that cannot be written only costs the next opening its check.
    pub(crate) fn close_clean(self) -> Result<()> {
        let path = self.path.clone();
        let sound = self.check.get().allows_writes() && self.moved_to.get().is_none();
        let writer_lock = self.close()?;
        if let (Some(path), true) = (path, sound) {
            let _ = clean_close::record(&path);
        }
        drop(writer_lock);
        Ok(())
    }

    /// The schema version the file had before it was opened (0 for a new file).
    pub fn migrated_from(&self) -> i64 {
        self.migrated_from
    }

    /// Runs `f` on the reader connection.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let guard = match &self.reader {
            Some(reader) => lock(reader),
            None => lock(&self.writer),
        };
        f(&guard)
    }

    /// Runs `f` on the reader connection inside one read transaction, so that its several queries see the same
    /// committed state.
    pub fn read_snapshot<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.read(|conn| {
            let tx = conn.unchecked_transaction()?;
            let value = f(&tx)?;
            tx.finish()?;
            Ok(value)
        })
    }

    /// Runs `f` inside one read transaction on a read-only connection of its own (for a file; the shared reader for
    /// an in-memory database), so a long read such as an export neither waits for the list pages nor holds them up.
    pub fn read_apart<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let Some(path) = &self.path else { return self.read_snapshot(f) };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
        )?;
        apply_key(&conn, self.key.as_ref())?;
        configure(&conn, false)?;
        set_cache_kib(&conn, APART_CACHE_KIB)?;
        let tx = conn.unchecked_transaction()?;
        let value = f(&tx)?;
        tx.finish()?;
        Ok(value)
    }

    /// Runs `f` inside one IMMEDIATE transaction on the writer; commits if `f` succeeds, rolls back otherwise.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.check.wait_for_writes(WRITE_HOLD)?;
        let mut guard = lock(&self.writer);
        self.refuse_if_moved()?;
        let tx = guard.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        self.commits.fetch_add(1, Ordering::SeqCst);
        Ok(value)
    }

    /// How many write transactions have been committed since the database was opened. This process holds the only
    /// writer, so an unchanged count means the database is as it was: a preview judged at count `n` still holds
    /// inside a write transaction that finds the count at `n`.
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::SeqCst)
    }

    /// Runs `f` on the writer connection itself, outside any transaction, holding off every write meanwhile: a
    /// restore writes into it through the backup API and migrates it; a move copies it. Counted as a commit (the
    /// database may have changed as a whole).
    pub(crate) fn with_writer<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        self.check.wait_for_writes(WRITE_HOLD)?;
        let mut guard = lock(&self.writer);
        self.refuse_if_moved()?;
        let value = f(&mut guard);
        self.commits.fetch_add(1, Ordering::SeqCst);
        value
    }

    /// Runs `f` on the writer connection, outside any transaction, without counting a commit: for reading the
    /// database through the connection that holds its newest state, e.g. the backup before a migration.
    pub(crate) fn read_writer<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        f(&lock(&self.writer))
    }

    /// From now on, refuse writes: the data folder was moved to `to` (the ledger must be reopened there).
    pub(crate) fn mark_moved(&self, to: String) {
        let _ = self.moved_to.set(to);
    }

    fn refuse_if_moved(&self) -> Result<()> {
        match self.moved_to.get() {
            Some(to) => Err(CoreError::DataFolderMoved(to.clone())),
            None => Ok(()),
        }
    }
}

/// The checks before a database is opened for writing: `quick_check` when `full` (a damaged file is
/// [`CoreError::Integrity`]) and the schema version (a newer one is [`CoreError::SchemaTooNew`]; a header SQLite
/// cannot read is damage too).
fn check_before_writing(conn: &Connection, full: bool) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if full {
        integrity::quick_check(conn)?;
    }
    let version = match migrations::current_version(conn) {
        Err(CoreError::Sqlite(e)) if integrity::is_damage(&e) => return Err(CoreError::Integrity(e.to_string())),
        other => other?,
    };
    if version > migrations::LATEST_VERSION {
        return Err(CoreError::SchemaTooNew { found: version, supported: migrations::LATEST_VERSION });
    }
    Ok(())
}

/// Locks a connection; a panic in another holder leaves the connection usable (SQLite rolled its transaction back
/// when the `Transaction` was dropped), so a poisoned lock is taken over rather than propagated.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Takes the exclusive writer lock beside the database file, waiting up to `wait` for another holder to let go, or
/// fails with [`CoreError::InUse`].
pub(crate) fn acquire_writer_lock(db_path: &Path, wait: Duration) -> Result<File> {
    let mut name = db_path.as_os_str().to_owned();
    name.push(".lock");
    let file = OpenOptions::new().create(true).truncate(false).write(true).open(PathBuf::from(name))?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) if started.elapsed() < wait => std::thread::sleep(Duration::from_millis(50)),
            Err(TryLockError::WouldBlock) => return Err(CoreError::InUse(db_path.display().to_string())),
            Err(TryLockError::Error(e)) => return Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::{json_column, read_rows};

    #[test]
    fn json_column_parses_the_text_and_calls_text_that_does_not_parse_a_conversion_error() {
        let conn = Connection::open_in_memory().unwrap();
        let names: Vec<String> = conn.query_row("SELECT 'x', '[\"甲\",\"乙\"]'", [], |r| json_column(r, 1)).unwrap();
        assert_eq!(names, ["甲", "乙"]);
        let bad = conn.query_row("SELECT 'not json'", [], |r| json_column::<Vec<String>>(r, 0)).unwrap_err();
        assert!(matches!(bad, rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, _)), "{bad:?}");
    }

    #[test]
    fn read_rows_reads_every_row_in_the_query_s_order_and_passes_a_row_s_error_on() {
        let conn = Connection::open_in_memory().unwrap();
        let mut stmt = conn.prepare("SELECT value FROM json_each('[3, 1, 2]') WHERE value >= ?1").unwrap();
        let rows: Vec<i64> = read_rows(&mut stmt, [2], |r| r.get(0)).unwrap();
        assert_eq!(rows, [3, 2]);
        let none: Vec<i64> = read_rows(&mut stmt, [9], |r| r.get(0)).unwrap();
        assert!(none.is_empty());
        let bad = read_rows(&mut stmt, [1], |r| r.get::<_, String>(0)).unwrap_err();
        assert!(matches!(bad, crate::CoreError::Sqlite(rusqlite::Error::InvalidColumnType(0, ..))), "{bad:?}");
    }
}
