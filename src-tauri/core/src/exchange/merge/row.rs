//! Rows as the merge handles them: a record table's columns (those the package and the ledger share), one row's
//! values, and their JSON (for conflicts, before-images and audit entries).

use rusqlite::types::Value;
use rusqlite::Connection;
use serde_json::{Map, Number, Value as Json};

use crate::error::{CoreError, Result};

/// The columns of `table` in the ledger that the package's table (in `schema`) also has, in the ledger's order. A
/// package of an older schema lacks some (they take their defaults); a column only the package has is ignored.
pub(crate) fn shared_columns(conn: &Connection, schema: &str, table: &str) -> Result<Vec<String>> {
    let local = table_columns(conn, "main", table)?;
    let incoming = table_columns(conn, schema, table)?;
    if incoming.is_empty() {
        return Ok(Vec::new());
    }
    Ok(local.into_iter().filter(|c| incoming.contains(c)).collect())
}

fn table_columns(conn: &Connection, schema: &str, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1, ?2) ORDER BY cid")?;
    let names = stmt.query_map([table, schema], |r| r.get::<_, String>(0))?;
    Ok(names.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Whether `schema` has a table of that name.
pub(crate) fn has_table(conn: &Connection, schema: &str, table: &str) -> Result<bool> {
    Ok(conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?1)"),
        [table],
        |r| r.get(0),
    )?)
}

/// One row: its values in the order of `columns`.
#[derive(Debug, Clone)]
pub(crate) struct Row<'c> {
    pub columns: &'c [String],
    pub values: Vec<Value>,
}

impl<'c> Row<'c> {
    /// Reads the current row of a statement that selected `columns`.
    pub fn read(columns: &'c [String], r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        let values = (0..columns.len()).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<_>>()?;
        Ok(Self { columns, values })
    }

    pub fn index(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == column)
    }

    pub fn get(&self, column: &str) -> Option<&Value> {
        self.index(column).map(|i| &self.values[i])
    }

    pub fn text(&self, column: &str) -> Option<&str> {
        match self.get(column) {
            Some(Value::Text(t)) => Some(t),
            _ => None,
        }
    }

    pub fn int(&self, column: &str) -> Option<i64> {
        match self.get(column) {
            Some(Value::Integer(n)) => Some(*n),
            _ => None,
        }
    }

    pub fn set(&mut self, column: &str, value: Value) {
        if let Some(i) = self.index(column) {
            self.values[i] = value;
        }
    }

    /// The row as a JSON object keyed by column (the before-image an undo writes back).
    pub fn to_json(&self) -> Map<String, Json> {
        self.columns.iter().zip(&self.values).map(|(c, v)| (c.clone(), to_json(v))).collect()
    }

    /// The row as the audit log keeps a record's image: keys in the API's camelCase (so ID numbers are masked).
    pub fn audit_image(&self) -> Map<String, Json> {
        self.columns.iter().zip(&self.values).map(|(c, v)| (camel_case(c), to_json(v))).collect()
    }
}

/// A column value as JSON (a blob, which no record column holds, as `null`).
pub(crate) fn to_json(value: &Value) -> Json {
    match value {
        Value::Null | Value::Blob(_) => Json::Null,
        Value::Integer(n) => Json::from(*n),
        Value::Real(x) => Number::from_f64(*x).map_or(Json::Null, Json::Number),
        Value::Text(t) => Json::String(t.clone()),
    }
}

/// A JSON value back as a column value (written by [`to_json`]).
pub(crate) fn from_json(json: &Json) -> Result<Value> {
    Ok(match json {
        Json::Null => Value::Null,
        Json::Number(n) if n.is_i64() => Value::Integer(n.as_i64().unwrap_or_default()),
        Json::Number(n) => Value::Real(n.as_f64().unwrap_or_default()),
        Json::String(s) => Value::Text(s.clone()),
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        other => return Err(CoreError::CorruptValue(format!("merge: a stored value {other}"))),
    })
}

fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads the row of `table` with this id (the given columns), if there is one.
pub(crate) fn local_row<'c>(
    conn: &Connection,
    table: &str,
    columns: &'c [String],
    id: &str,
) -> Result<Option<Row<'c>>> {
    let sql = format!("SELECT {} FROM main.{table} WHERE id = ?1", columns.join(", "));
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(r) => Ok(Some(Row::read(columns, r)?)),
        None => Ok(None),
    }
}

/// Inserts a row as it is.
pub(crate) fn insert(conn: &Connection, table: &str, row: &Row<'_>) -> Result<()> {
    let marks = (1..=row.columns.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let sql = format!("INSERT INTO main.{table} ({}) VALUES ({marks})", row.columns.join(", "));
    conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(&row.values))?;
    Ok(())
}

/// Writes every column of a row but its id onto the row with `id`.
pub(crate) fn overwrite(conn: &Connection, table: &str, id: &str, row: &Row<'_>) -> Result<()> {
    let sets: Vec<String> = row
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.as_str() != "id")
        .map(|(i, c)| format!("{c} = ?{}", i + 2))
        .collect();
    let sql = format!("UPDATE main.{table} SET {} WHERE id = ?1", sets.join(", "));
    let mut params: Vec<Value> = vec![Value::Text(id.to_owned())];
    params.extend(row.values.iter().cloned());
    // Placeholders are numbered by the column's position + 2; the id column's slot is bound but unused.
    conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(&params))?;
    Ok(())
}
