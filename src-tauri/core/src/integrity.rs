//! The integrity check run at start-up and by `ledger-cli check`.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::migrations::{current_version, LATEST_VERSION};

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
}

/// Runs SQLite's `integrity_check` and `foreign_key_check` and compares the schema version with this build's.
pub fn check(conn: &Connection) -> Result<IntegrityReport> {
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
    let version = current_version(conn)?;
    if version != LATEST_VERSION {
        problems.push(format!("schema version {version}, expected {LATEST_VERSION}"));
    }
    Ok(IntegrityReport { ok: problems.is_empty(), schema_version: version as i32, problems })
}

/// Opens a database file read-only (never creating or migrating it) and checks it. A file SQLite cannot read as a
/// database is a failed check, not an error; a missing file is an error.
pub fn check_file(path: &Path) -> Result<IntegrityReport> {
    if !path.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no database file at {}", path.display()),
        )
        .into());
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    match check(&conn) {
        Err(CoreError::Sqlite(e)) => Ok(IntegrityReport {
            ok: false,
            schema_version: 0,
            problems: vec![format!("not a readable ledger database: {e}")],
        }),
        other => other,
    }
}
