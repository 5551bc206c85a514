//! Converting a database file between plain and encrypted: a verified copy made beside it, then put in its place.
//!
//! The copy is made by SQLCipher's `sqlcipher_export` into a database attached with the target's key (an empty key:
//! plain). `sqlcipher_export` copies rows with `INSERT … SELECT *`, which gives the rows of a table without an
//! `INTEGER PRIMARY KEY` new rowids, so the FTS5 indexes (keyed by rowid) are rebuilt in the copy. The copy is then
//! checked — `integrity_check`, `foreign_key_check`, each FTS5 index against its table, the row count of every
//! table, the schema objects and the schema version against the source — and only then renamed onto the database
//! (synced, the folder synced), after the source was closed and its WAL and shared-memory files were gone.

use std::path::Path;

use rusqlite::{params, Connection, OpenFlags};
use zeroize::Zeroizing;

use crate::error::{CoreError, Result};
use crate::storage::crypto::keys::{apply_key, DbKey};
use crate::storage::fs_atomic::{self, remove_if_exists, remove_with_sidecars, sidecar};
use crate::storage::integrity;
use crate::storage::migrations;

/// The name the copy is attached under while it is written.
const TARGET: &str = "converted";

/// Copies the database of `src` (checkpointed first) into the new file `copy`, encrypted with `key` (`None`: plain),
/// rebuilds its search indexes and verifies it against `src`. On failure the copy is removed.
pub fn export_verified(src: &Connection, copy: &Path, key: Option<&DbKey>) -> Result<()> {
    let result = export(src, copy, key).and_then(|()| verify(src, copy, key));
    if result.is_err() {
        remove_with_sidecars(copy);
    }
    result
}

/// Puts the verified `copy` in place of the database at `db_path` (no connection may be open on it): its WAL and
/// shared-memory files are removed first (closing the last connection checkpointed them), then the copy is synced
/// and renamed onto it and the folder synced.
pub fn replace(copy: &Path, db_path: &Path) -> Result<()> {
    for suffix in ["-wal", "-shm"] {
        remove_if_exists(&sidecar(db_path, suffix))?;
    }
    fs_atomic::commit(copy, db_path)?;
    Ok(())
}

/// Whether the database file at `path` reads with `key` (`None`: as a plain database). Opens it read-only.
pub(crate) fn reads_with(path: &Path, key: Option<&DbKey>) -> bool {
    let read = || -> Result<i64> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        apply_key(&conn, key)?;
        Ok(conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0))?)
    };
    read().is_ok()
}

fn export(src: &Connection, copy: &Path, key: Option<&DbKey>) -> Result<()> {
    src.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let name = copy.to_str().ok_or_else(|| {
        CoreError::Io(std::io::Error::other(format!("the folder's name cannot be used: {}", copy.display())))
    })?;
    let literal = key.map(DbKey::literal).unwrap_or_else(|| Zeroizing::new(String::new()));
    src.execute(&format!("ATTACH DATABASE ?1 AS {TARGET} KEY ?2"), params![name, literal.as_str()])?;
    let exported = (|| -> Result<()> {
        src.query_row(&format!("SELECT sqlcipher_export('{TARGET}')"), [], |_| Ok(()))?;
        src.pragma_update(Some(TARGET), "user_version", migrations::current_version(src)?)?;
        Ok(())
    })();
    let detached = src.execute_batch(&format!("DETACH DATABASE {TARGET}"));
    exported?;
    detached?;
    Ok(())
}

fn verify(src: &Connection, copy: &Path, key: Option<&DbKey>) -> Result<()> {
    let conn = Connection::open(copy)?;
    apply_key(&conn, key)?;
    let search = fts_tables(&conn)?;
    for table in &search {
        conn.execute(&format!("INSERT INTO \"{table}\"(\"{table}\") VALUES ('rebuild')"), [])?;
    }
    let mut problems = integrity::storage_problems(&conn)?;
    for table in &search {
        if let Err(e) =
            conn.execute(&format!("INSERT INTO \"{table}\"(\"{table}\", rank) VALUES ('integrity-check', 1)"), [])
        {
            problems.push(format!("search index {table}: {e}"));
        }
    }
    for table in data_tables(src, &search)? {
        let count = |c: &Connection| -> Result<i64> {
            Ok(c.query_row(&format!("SELECT COUNT(*) FROM \"{table}\""), [], |r| r.get(0))?)
        };
        let (want, got) = (count(src)?, count(&conn).unwrap_or(-1));
        if want != got {
            problems.push(format!("table {table}: {got} rows in the copy, {want} in the database"));
        }
    }
    let objects = |c: &Connection| -> Result<Vec<(String, String)>> {
        let mut stmt = c.prepare("SELECT type, name FROM sqlite_master ORDER BY type, name")?;
        crate::storage::db::read_rows(&mut stmt, [], |r| Ok((r.get(0)?, r.get(1)?)))
    };
    if objects(src)? != objects(&conn)? {
        problems.push("the copy's tables, indexes, triggers or views differ from the database's".to_owned());
    }
    if migrations::current_version(src)? != migrations::current_version(&conn)? {
        problems.push("the copy's schema version differs from the database's".to_owned());
    }
    conn.close().map_err(|(_, e)| e)?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CoreError::DamagedFile { path: copy.display().to_string(), detail: problems.join("; ") })
    }
}

/// The FTS5 tables of the schema.
fn fts_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' \
         AND sql LIKE '%fts5%' ORDER BY name",
    )?;
    crate::storage::db::read_rows(&mut stmt, [], |r| r.get(0))
}

/// The tables that hold rows: not SQLite's own, not virtual, not the shadow tables of a search index (rebuilt, so
/// their rows differ).
fn data_tables(conn: &Connection, search: &[String]) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
    )?;
    let names: Vec<String> = crate::storage::db::read_rows(&mut stmt, [], |r| r.get(0))?;
    Ok(names.into_iter().filter(|n| !search.iter().any(|s| n.starts_with(&format!("{s}_")))).collect())
}
