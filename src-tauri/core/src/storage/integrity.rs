//! The integrity check run at start-up and by `ledger-cli check` (with the orphaned attachment files of the data
//! folder: reported, never a failure).

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use ts_rs::TS;

use crate::data_folder::attachments;
use crate::error::{CoreError, Result};
use crate::storage::crypto::{apply_key, DbKey};
use crate::storage::fs_atomic;
use crate::storage::migrations::{current_version, LATEST_VERSION};

/// What the integrity check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IntegrityReport {
    /// True when nothing was found.
    pub ok: bool,
    /// The schema version in the file.
    pub schema_version: i32,
    /// Each problem, in SQLite's words.
    pub problems: Vec<String>,
    /// Files under `attachments/` of the data folder that no attachment row names (paths relative to the data
    /// folder): reported, and no failure of the check (the database is sound); the check never moves or removes them
    /// (整理孤立附件, `Ledger::reconcile_attachments`, does: `data_folder/orphans.rs`). Empty when the check had no
    /// data folder to look at.
    pub orphan_files: Vec<String>,
}

/// Runs SQLite's `integrity_check` and `foreign_key_check` and compares the schema version with this build's.
pub fn check(conn: &Connection) -> Result<IntegrityReport> {
    let mut problems = storage_problems(conn)?;
    let version = current_version(conn)?;
    if version != LATEST_VERSION {
        problems.push(format!("schema version {version}, expected {LATEST_VERSION}"));
    }
    Ok(IntegrityReport { ok: problems.is_empty(), schema_version: version as i32, problems, orphan_files: Vec::new() })
}

/// [`check`], and the orphaned attachment files of the data folder `data_dir`
/// ([`crate::data_folder::attachments::orphan_files`]; left out when they cannot be listed).
pub fn check_with_files(conn: &Connection, data_dir: &Path) -> Result<IntegrityReport> {
    let mut report = check(conn)?;
    report.orphan_files = attachments::orphan_files(conn, data_dir).unwrap_or_default();
    Ok(report)
}

/// What `integrity_check` and `foreign_key_check` find (empty: nothing), whatever the schema version.
pub fn storage_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for line in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let line = line?;
        if line != "ok" {
            problems.push(line);
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    for row in
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?)))?
    {
        let (table, rowid, parent) = row?;
        problems.push(format!("{table} row {} points at a missing {parent} row", rowid.unwrap_or_default()));
    }
    Ok(problems)
}

/// The fast start-up check: SQLite's `quick_check` (the structure of every page, without the index-content
/// comparison of `integrity_check`). A damaged file is [`CoreError::Integrity`]; it reads and never writes.
pub fn quick_check(conn: &Connection) -> Result<()> {
    let lines = conn
        .prepare("PRAGMA quick_check")
        .and_then(|mut stmt| stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>());
    match lines {
        Ok(lines) if lines.iter().all(|l| l == "ok") => Ok(()),
        Ok(lines) => Err(CoreError::Integrity(lines.into_iter().take(5).collect::<Vec<_>>().join("; "))),
        Err(e) if is_damage(&e) => Err(CoreError::Integrity(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// True when SQLite says the file is not a database or is malformed (as opposed to busy, I/O, …).
pub fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// Opens a database file read-only (never creating or migrating it) and checks it. A file SQLite cannot read as a
/// database is a failed check, not an error; a missing file is an error.
pub fn check_file(path: &Path) -> Result<IntegrityReport> {
    check_file_keyed(path, None)
}

/// [`check_file`] of a database encrypted with `key` (`None`: plain), with the orphaned attachment files of its
/// folder ([`check_with_files`]). A wrong key reads as a file that is not a database: a failed check.
pub fn check_file_keyed(path: &Path, key: Option<&DbKey>) -> Result<IntegrityReport> {
    if !path.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no database file at {}", path.display()),
        )
        .into());
    }
    let conn = open_for_check(path)?;
    apply_key(&conn, key)?;
    conn.pragma_update(None, "query_only", true)?;
    let data_dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let result = match check_with_files(&conn, data_dir) {
        Err(CoreError::Sqlite(e)) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) => {
            match open_immutable(path) {
                Some(conn) => apply_key(&conn, key).and_then(|()| check_with_files(&conn, data_dir)),
                None => Err(CoreError::Sqlite(e)),
            }
        }
        other => other,
    };
    match result {
        Err(CoreError::Sqlite(e)) => Ok(IntegrityReport {
            ok: false,
            schema_version: 0,
            problems: vec![format!("not a readable ledger database: {e}")],
            orphan_files: Vec::new(),
        }),
        other => other,
    }
}

/// The connection a check reads through, which leaves the folder as it found it. A WAL database opened read-only
/// makes its `-wal` and `-shm` files and cannot remove them when it closes (only a connection that may write
/// checkpoints and removes them), so a ledger closed cleanly — no `-wal`, no `-journal` beside it — is opened
/// read-write with `query_only` on (it writes nothing; closing it removes the two files it made, unless another
/// program has the database open, whose files they then are). With a `-wal` (a program has it open, or one stopped
/// without closing it) or a `-journal` beside it, it is opened read-only, which never folds them into the file. A file
/// this process may not write is opened read-only by SQLite either way.
fn open_for_check(path: &Path) -> rusqlite::Result<Connection> {
    let left_open = ["-wal", "-journal"].iter().any(|suffix| fs_atomic::sidecar(path, suffix).exists());
    let flags = if left_open { OpenFlags::SQLITE_OPEN_READ_ONLY } else { OpenFlags::SQLITE_OPEN_READ_WRITE };
    Connection::open_with_flags(path, flags)
}

/// A WAL database in a folder this process cannot write (a read-only disk, mount or share) cannot be opened the
/// usual way: SQLite needs to create its `-shm` index beside it, and says it cannot open the file. When there is no
/// `-wal` file either (the database was closed cleanly), the file alone holds every commit, and no writer can add
/// one without creating that `-wal` in the same folder, so it is read as immutable. `None` when a `-wal` file is
/// there (its commits would be missed).
#[cfg(unix)]
fn open_immutable(path: &Path) -> Option<Connection> {
    use std::os::unix::ffi::OsStrExt;

    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        return None;
    }
    let absolute = std::fs::canonicalize(path).ok()?;
    let mut uri = String::from("file:");
    for &b in absolute.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    Connection::open_with_flags(uri, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI).ok()
}

#[cfg(not(unix))]
fn open_immutable(_path: &Path) -> Option<Connection> {
    None
}
