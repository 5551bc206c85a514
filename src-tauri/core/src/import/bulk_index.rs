//! The search index of a table, filled once at the end of an import instead of row by row.
//!
//! Every table's FTS5 index is kept by an `AFTER INSERT` trigger. Inside a trigger each row's insert is a statement of
//! its own, and FTS5 writes its pending terms to disk at every statement boundary, so a row-by-row import leaves one
//! tiny index segment per row and then merges them: for 100,000 experts that was 3.3 s of a 5.4 s write, against
//! 0.2 s for one `INSERT … SELECT` of the same rows (measured, docs/PERFORMANCE.md). So the import drops the insert
//! trigger inside its transaction, writes its rows, indexes the new rows in one statement and puts the trigger back
//! exactly as the schema had it (its SQL is read from `sqlite_master`, not repeated here). Readers never see the
//! gap: it opens and closes inside the one write transaction, and a failure rolls it all back.

use rusqlite::{params, Connection};

use crate::error::{CoreError, Result};
use crate::storage::db;

/// A table whose insert trigger is set aside until [`BulkIndex::finish`].
pub(crate) struct BulkIndex {
    table: &'static str,
    trigger_sql: String,
    columns: Vec<String>,
    after_rowid: i64,
}

impl BulkIndex {
    /// Sets aside `table`'s search-index insert trigger (`<table>_fts_insert`) for the rest of the transaction.
    pub(crate) fn suspend(tx: &Connection, table: &'static str) -> Result<Self> {
        let trigger = format!("{table}_fts_insert");
        let trigger_sql: String = tx.query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1 AND tbl_name = ?2",
            params![trigger, table],
            |r| r.get(0),
        )?;
        let mut stmt = tx.prepare(&format!("SELECT name FROM pragma_table_info('{table}_fts')"))?;
        let columns = db::read_rows(&mut stmt, [], |r| r.get::<_, String>(0))?;
        if columns.is_empty() {
            return Err(CoreError::CorruptValue(format!("{table}_fts has no columns")));
        }
        let after_rowid = tx.query_row(&format!("SELECT coalesce(max(rowid), 0) FROM {table}"), [], |r| r.get(0))?;
        tx.execute_batch(&format!("DROP TRIGGER {trigger}"))?;
        Ok(Self { table, trigger_sql, columns, after_rowid })
    }

    /// Indexes the rows added since [`BulkIndex::suspend`] in one statement and restores the trigger.
    pub(crate) fn finish(self, tx: &Connection) -> Result<()> {
        let columns = self.columns.join(", ");
        tx.execute(
            &format!(
                "INSERT INTO {table}_fts (rowid, {columns}) SELECT rowid, {columns} FROM {table} WHERE rowid > ?1",
                table = self.table
            ),
            [self.after_rowid],
        )?;
        tx.execute_batch(&self.trigger_sql)?;
        Ok(())
    }
}
