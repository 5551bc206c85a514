//! The package file (`.stlx`, docs/EXCHANGE.md "The file"): made empty with its header, manifest and tables for the
//! export to fill ([`PackageFile`]), and opened and checked before anything is merged from it ([`open_package`]).
//!
//! A package is an SQLite database with the application id `STLX`, plain or a SQLCipher 4 database keyed with a
//! passphrase (SQLCipher's defaults). Opening tells which from the first 16 bytes; it then checks the format and
//! schema versions, the manifest, the row counts and the content hash, reading the package once, before any caller
//! sees a row of it.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags};

use crate::error::{CoreError, Result};
use crate::exchange::canonical::{self, ContentHash, TableShape};
use crate::exchange::manifest::{
    PackageManifest, APPLICATION_ID, CONTENT_COLUMN, FILE_TABLE, FORMAT_VERSION, RECORD_TABLES, TOMBSTONES,
};
use crate::storage::crypto::Secret;
use crate::storage::migrations;

/// The first 16 bytes of a plain SQLite file; an SQLCipher file begins with its random salt instead.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The page size of an encrypted package (SQLCipher 4's default): its length is always a multiple of it.
const CIPHER_PAGE: u64 = 4096;

/// The `tombstones` table of every package.
const TOMBSTONES_SQL: &str =
    "CREATE TABLE tombstones (entity TEXT NOT NULL, id TEXT NOT NULL, purged_at TEXT NOT NULL, PRIMARY KEY (entity, id))";

/// A package opened and checked by [`open_package`]: its file, its manifest, and the passphrase that opens it.
pub struct OpenedPackage {
    path: PathBuf,
    manifest: PackageManifest,
    password: Option<Secret>,
}

impl std::fmt::Debug for OpenedPackage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedPackage")
            .field("path", &self.path)
            .field("manifest", &self.manifest)
            .field("encrypted", &self.password.is_some())
            .finish()
    }
}

impl OpenedPackage {
    /// The package's manifest (checked: versions known, content hash and counts as the rows are).
    pub fn manifest(&self) -> &PackageManifest {
        &self.manifest
    }

    /// The package file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the package is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.password.is_some()
    }

    /// ATTACHes the package, read-only, to `conn` as `schema` (a plain identifier), with its passphrase when it is
    /// encrypted (an empty key for a plain one, so an encrypted `conn`'s key is not tried on it). Its tables are then
    /// `<schema>.experts` and so on.
    pub fn attach(&self, conn: &Connection, schema: &str) -> Result<()> {
        let schema = canonical::ident(schema)?;
        let key = self.password.as_ref().map_or("", |p| p.as_str());
        conn.execute(&format!("ATTACH DATABASE ?1 AS {schema} KEY ?2"), params![read_only_uri(&self.path)?, key])?;
        Ok(())
    }

    /// DETACHes the package attached as `schema`.
    pub fn detach(&self, conn: &Connection, schema: &str) -> Result<()> {
        conn.execute(&format!("DETACH DATABASE {}", canonical::ident(schema)?), [])?;
        Ok(())
    }

    /// A read-only connection of its own on the package (keyed when it is encrypted).
    pub fn connection(&self) -> Result<Connection> {
        let conn = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        if let Some(password) = &self.password {
            conn.pragma_update(None, "key", password.as_str())?;
        }
        Ok(conn)
    }
}

/// Opens and checks the package at `path`, reading it whole once:
/// - not SQLite, or SQLite without the `STLX` application id (a ledger database, another program's file), or a file
///   that can be neither (not plain, and not a whole number of SQLCipher pages): [`CoreError::NotAPackage`];
/// - encrypted, without `password`: [`CoreError::Locked`]; with one that does not open it: [`CoreError::WrongPassword`]
///   (the password of a plain package is ignored);
/// - a newer `format_version` (its `user_version`), or a `schema_version` newer than this app's
///   ([`migrations::LATEST_VERSION`]): [`CoreError::NewerPackage`];
/// - a manifest key missing or unreadable, a table missing, counts or content hash not as the rows are, pages that do
///   not read: [`CoreError::DamagedPackage`].
///
/// Nothing is written, whatever the outcome.
pub fn open_package(path: &Path, password: Option<&Secret>) -> Result<OpenedPackage> {
    let shown = path.display().to_string();
    let not_a_package = |detail: &str| CoreError::NotAPackage { path: shown.clone(), detail: detail.to_owned() };
    let damaged = |detail: String| CoreError::DamagedPackage { path: shown.clone(), detail };
    let len = fs::metadata(path)?.len();
    let mut head = Vec::with_capacity(100);
    fs::File::open(path)?.take(100).read_to_end(&mut head)?;
    let plain = head.starts_with(PLAIN_HEADER);
    if plain {
        // The header's application id (offset 68, big-endian), read before SQLite is asked anything.
        match head.get(68..72) {
            Some(id) if i64::from(u32::from_be_bytes([id[0], id[1], id[2], id[3]])) == APPLICATION_ID => {}
            Some(_) => return Err(not_a_package("an SQLite database without the STLX application id")),
            None => return Err(not_a_package("an SQLite header cut short")),
        }
    } else if len < CIPHER_PAGE || !len.is_multiple_of(CIPHER_PAGE) {
        return Err(not_a_package("not an SQLite database"));
    }
    let password = match (plain, password) {
        (true, _) => None,
        (false, None) => return Err(CoreError::Locked),
        (false, Some(p)) => Some(Secret::new(p.as_str())),
    };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    if let Some(p) = &password {
        conn.pragma_update(None, "key", p.as_str())?;
    }
    let application_id: i64 = match conn.query_row("PRAGMA application_id", [], |r| r.get(0)) {
        Ok(id) => id,
        Err(e) if !plain && is_not_a_database(&e) => return Err(CoreError::WrongPassword),
        Err(e) => return Err(damaged(e.to_string())),
    };
    if application_id != APPLICATION_ID {
        return Err(not_a_package("an SQLite database without the STLX application id"));
    }
    let manifest = check(&conn, &shown).map_err(|e| match e {
        CoreError::Sqlite(e) => damaged(e.to_string()),
        other => other,
    })?;
    Ok(OpenedPackage { path: path.to_owned(), manifest, password })
}

/// The checks of [`open_package`] after the header: versions, manifest, then counts and content hash.
fn check(conn: &Connection, shown: &str) -> Result<PackageManifest> {
    let damaged = |detail: String| CoreError::DamagedPackage { path: shown.to_owned(), detail };
    let format_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let rows = manifest_rows(conn);
    let newer =
        |schema_version: i64| CoreError::NewerPackage { path: shown.to_owned(), format_version, schema_version };
    if format_version > FORMAT_VERSION {
        let schema = rows.as_ref().ok().and_then(|r| r.get("schema_version")).and_then(|v| v.parse().ok());
        return Err(newer(schema.unwrap_or(0)));
    }
    let manifest = PackageManifest::from_rows(&rows?).map_err(damaged)?;
    if manifest.schema_version > migrations::LATEST_VERSION {
        return Err(newer(manifest.schema_version));
    }
    if manifest.format_version != format_version || format_version < 1 {
        return Err(damaged(format!(
            "the manifest says format {}, the file {format_version}",
            manifest.format_version
        )));
    }
    let mut hash = ContentHash::new();
    for table in RECORD_TABLES.iter().chain(&[TOMBSTONES]) {
        let shape = TableShape::read(conn, "main", table)?.ok_or_else(|| damaged(format!("no table {table}")))?;
        let rows = canonical::hash_table(conn, "main", &shape, &mut hash)?;
        let said = manifest.counts.get(*table).copied().unwrap_or(0);
        if rows != said {
            return Err(damaged(format!("{table}: {rows} rows, the manifest says {said}")));
        }
    }
    let sum = hash.finish();
    if sum != manifest.content_hash {
        return Err(damaged(format!("content hash {sum}, the manifest says {}", manifest.content_hash)));
    }
    Ok(manifest)
}

/// The `manifest` table as key → value.
fn manifest_rows(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut stmt = conn.prepare("SELECT key, value FROM manifest")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// SQLite's "file is not a database": what a wrong key looks like.
fn is_not_a_database(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase)
}

/// `file:<absolute path>?mode=ro`, with `%`, `?` and `#` escaped (and, on Windows, `/` for `\` and a leading `/`
/// before the drive), for an ATTACH that must not write.
fn read_only_uri(path: &Path) -> Result<String> {
    let absolute = std::path::absolute(path)?;
    let text = absolute.to_string_lossy();
    let mut uri = String::from(if cfg!(windows) { "file:/" } else { "file:" });
    for c in text.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3F"),
            '#' => uri.push_str("%23"),
            '\\' if cfg!(windows) => uri.push('/'),
            c => uri.push(c),
        }
    }
    uri.push_str("?mode=ro");
    Ok(uri)
}

/// A package being written: a new SQLite file with the package's header, its `manifest` and `tombstones` tables,
/// and the record tables as the writer creates them, all inside one transaction that [`PackageFile::finish`]
/// commits. The file is a partial file: on failure the caller removes it.
pub(crate) struct PackageFile {
    conn: Connection,
}

impl PackageFile {
    /// Creates the package at `path` (a new file), encrypted with `password` as a SQLCipher passphrase when one is
    /// given.
    pub(crate) fn create(path: &Path, password: Option<&Secret>) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        if let Some(p) = password {
            conn.pragma_update(None, "key", p.as_str())?;
        }
        // A partial file, synced and renamed by the caller: no journal, no syncs of its own.
        conn.pragma_update(None, "journal_mode", "OFF")?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        conn.pragma_update(None, "user_version", FORMAT_VERSION)?;
        conn.execute_batch(&format!(
            "BEGIN;
             CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             {TOMBSTONES_SQL};"
        ))?;
        Ok(Self { conn })
    }

    /// The package's connection (its tables are in `main`).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Creates the record table `shape` in the package (the file table with its content column after the ledger's).
    /// Answers the shape as the package has it.
    pub(crate) fn create_table(&self, ledger_shape: &TableShape) -> Result<TableShape> {
        let mut shape = ledger_shape.clone();
        if shape.name == FILE_TABLE {
            shape.columns.push(canonical::Column {
                name: CONTENT_COLUMN.to_owned(),
                declared: "BLOB".to_owned(),
                not_null: false,
            });
        }
        self.conn.execute_batch(&shape.create_sql("main")?)?;
        Ok(shape)
    }

    /// Writes the manifest, commits, and closes the file.
    pub(crate) fn finish(self, manifest: &PackageManifest) -> Result<()> {
        {
            let mut insert = self.conn.prepare("INSERT INTO manifest (key, value) VALUES (?1, ?2)")?;
            for (key, value) in manifest.to_rows() {
                insert.execute(params![key, value])?;
            }
        }
        self.conn.execute_batch("COMMIT")?;
        self.conn.close().map_err(|(_, e)| e)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uri_escapes_what_sqlite_would_read_as_a_query() {
        let uri = read_only_uri(Path::new("/tmp/a?b#c%d 汇总.stlx")).unwrap();
        assert!(uri.ends_with("a%3Fb%23c%25d 汇总.stlx?mode=ro"), "{uri}");
        assert!(uri.starts_with("file:"));
    }
}
