//! The canonical content of a package and its SHA-256 (docs/EXCHANGE.md, "Canonical content and its hash"), and the
//! shape of a table as SQLite describes it (its columns and primary key), which the writer copies from the ledger and
//! the reader takes from the package itself.
//!
//! The hash is computed as the rows go by, never over a collected table: the writer feeds it the values it inserts,
//! the reader the values it reads back, in the same order (each table by primary key).

use std::io::Write;

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};
use crate::storage::crypto::keys::hex;

/// A table as SQLite describes it: its stored columns (generated ones left out: they are derived) in order, their
/// declared types and NOT NULL, and its primary key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableShape {
    /// The table's name.
    pub name: String,
    /// The stored columns, in the table's order.
    pub columns: Vec<Column>,
    /// The primary key's columns, in the key's order.
    pub key: Vec<String>,
}

/// One column of a [`TableShape`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Its declared type (`TEXT`, `INTEGER`, `REAL`, `BLOB`; empty when none was declared).
    pub declared: String,
    /// Declared NOT NULL.
    pub not_null: bool,
}

impl TableShape {
    /// The shape of `schema.table` (`main`, or an attached package), `None` when there is no such table. Generated
    /// columns are left out (`table_xinfo`'s hidden 2 and 3), as are the hidden columns of a virtual table.
    pub fn read(conn: &Connection, schema: &str, table: &str) -> Result<Option<Self>> {
        let mut stmt = conn.prepare(&format!("PRAGMA {}.table_xinfo({})", ident(schema)?, quote(table)))?;
        let mut columns = Vec::new();
        let mut key: Vec<(i64, String)> = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let hidden: i64 = r.get(6)?;
            if hidden != 0 {
                continue;
            }
            let name: String = r.get(1)?;
            let pk: i64 = r.get(5)?;
            if pk > 0 {
                key.push((pk, name.clone()));
            }
            columns.push(Column { name, declared: r.get(2)?, not_null: r.get(3)? });
        }
        if columns.is_empty() {
            return Ok(None);
        }
        key.sort();
        Ok(Some(Self { name: table.to_owned(), columns, key: key.into_iter().map(|(_, name)| name).collect() }))
    }

    /// The columns' names, quoted and joined with commas (for a SELECT or an INSERT).
    pub fn column_list(&self) -> String {
        self.columns.iter().map(|c| quote(&c.name)).collect::<Vec<_>>().join(", ")
    }

    /// `ORDER BY` the primary key (the canonical order); by rowid for a table without a declared key.
    pub fn order_by(&self) -> String {
        if self.key.is_empty() {
            return "ORDER BY rowid".to_owned();
        }
        format!("ORDER BY {}", self.key.iter().map(|k| quote(k)).collect::<Vec<_>>().join(", "))
    }

    /// The statement that creates this table in `schema`: the same columns with their declared types and NOT NULL,
    /// and the same primary key (no checks, defaults or references: a package is data, checked by its reader).
    pub fn create_sql(&self, schema: &str) -> Result<String> {
        let mut parts: Vec<String> = self
            .columns
            .iter()
            .map(|c| {
                let mut part = quote(&c.name);
                if !c.declared.is_empty() {
                    part.push(' ');
                    part.push_str(&c.declared);
                }
                if c.not_null {
                    part.push_str(" NOT NULL");
                }
                part
            })
            .collect();
        if !self.key.is_empty() {
            parts.push(format!("PRIMARY KEY ({})", self.key.iter().map(|k| quote(k)).collect::<Vec<_>>().join(", ")));
        }
        Ok(format!("CREATE TABLE {}.{} ({})", ident(schema)?, quote(&self.name), parts.join(", ")))
    }
}

/// An SQL identifier in double quotes.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A schema name as the caller gave it, refused unless it is a plain identifier (letters, digits, `_`), since it is
/// written into SQL text.
pub fn ident(schema: &str) -> Result<&str> {
    let plain = !schema.is_empty()
        && !schema.starts_with(|c: char| c.is_ascii_digit())
        && schema.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        Ok(schema)
    } else {
        Err(CoreError::CorruptValue(format!("schema name {schema:?} is not a plain identifier")))
    }
}

/// The canonical content as it goes by, hashed: `# <table>` before each table, then one JSON array per row.
pub struct ContentHash {
    sha: Sha256,
    line: Vec<u8>,
    first_in_row: bool,
}

impl Default for ContentHash {
    fn default() -> Self {
        Self::new()
    }
}

impl ContentHash {
    /// An empty content.
    pub fn new() -> Self {
        Self { sha: Sha256::new(), line: Vec::with_capacity(1024), first_in_row: true }
    }

    /// The line that opens a table.
    pub fn table(&mut self, name: &str) {
        self.sha.update(b"# ");
        self.sha.update(name.as_bytes());
        self.sha.update(b"\n");
    }

    /// One value of the current row: numbers as numbers, text as a JSON string, NULL as `null`, a BLOB as the hex
    /// SHA-256 of its bytes (a string).
    pub fn value(&mut self, value: ValueRef<'_>) {
        self.line.push(if self.first_in_row { b'[' } else { b',' });
        self.first_in_row = false;
        // Writing into a Vec cannot fail.
        let _ = match value {
            ValueRef::Null => self.line.write_all(b"null").map_err(serde_json::Error::io),
            ValueRef::Integer(n) => serde_json::to_writer(&mut self.line, &n),
            ValueRef::Real(x) => serde_json::to_writer(&mut self.line, &x),
            ValueRef::Text(t) => serde_json::to_writer(&mut self.line, &String::from_utf8_lossy(t)),
            ValueRef::Blob(b) => serde_json::to_writer(&mut self.line, &blob_sum(b)),
        };
    }

    /// Ends the current row (an empty row is `[]`).
    pub fn end_row(&mut self) {
        if self.first_in_row {
            self.line.push(b'[');
        }
        self.line.extend_from_slice(b"]\n");
        self.sha.update(&self.line);
        self.line.clear();
        self.first_in_row = true;
    }

    /// The SHA-256 of the content, lowercase hex.
    pub fn finish(self) -> String {
        hex(&self.sha.finalize())
    }
}

/// The hex SHA-256 of a BLOB's bytes, as the canonical content writes a BLOB (and as an attachment's `sha256` is).
pub fn blob_sum(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Feeds the rows of `schema.<shape>` to `hash` (its `# <table>` line first) in canonical order; answers how many.
pub fn hash_table(conn: &Connection, schema: &str, shape: &TableShape, hash: &mut ContentHash) -> Result<i64> {
    hash.table(&shape.name);
    let sql =
        format!("SELECT {} FROM {}.{} {}", shape.column_list(), ident(schema)?, quote(&shape.name), shape.order_by());
    let mut stmt = conn.prepare(&sql)?;
    let width = shape.columns.len();
    let mut rows = stmt.query([])?;
    let mut count = 0;
    while let Some(row) = rows.next()? {
        for i in 0..width {
            hash.value(row.get_ref(i)?);
        }
        hash.end_row();
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(rows: &[&[ValueRef<'_>]]) -> String {
        let mut hash = ContentHash::new();
        hash.table("t");
        for row in rows {
            for v in *row {
                hash.value(*v);
            }
            hash.end_row();
        }
        hash.finish()
    }

    #[test]
    fn the_hash_is_the_sha256_of_the_documented_lines() {
        let got = content(&[
            &[ValueRef::Text("甲\"\n".as_bytes()), ValueRef::Integer(-3), ValueRef::Real(1.5), ValueRef::Null],
            &[ValueRef::Real(2.0), ValueRef::Blob(b"abc")],
            &[],
        ]);
        let text = format!(
            "# t\n[\"甲\\\"\\n\",-3,1.5,null]\n[2.0,\"{}\"]\n[]\n",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(got, hex(&Sha256::digest(text.as_bytes())));
    }

    #[test]
    fn a_shape_leaves_generated_columns_out_and_keeps_the_key_order() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (b TEXT NOT NULL, a INTEGER, g TEXT GENERATED ALWAYS AS (b || 'x'), PRIMARY KEY (a, b))",
        )
        .unwrap();
        let shape = TableShape::read(&conn, "main", "t").unwrap().unwrap();
        assert_eq!(shape.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(shape.key, ["a", "b"]);
        assert!(shape.columns[0].not_null);
        assert_eq!(
            shape.create_sql("p").unwrap(),
            "CREATE TABLE p.\"t\" (\"b\" TEXT NOT NULL, \"a\" INTEGER, PRIMARY KEY (\"a\", \"b\"))"
        );
        assert!(TableShape::read(&conn, "main", "none").unwrap().is_none());
        assert!(ident("p; DROP").is_err());
    }
}
