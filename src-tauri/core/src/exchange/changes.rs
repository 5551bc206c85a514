//! Which records a `changes` package holds (docs/EXCHANGE.md, "Full packages and changes since the last one"): every
//! record the audit log names after the previous package's change mark (an import's entry names the records in its
//! items), whole — an owner with all its owned rows — with every record those rows point at, so a package never has
//! a dangling reference; and a tombstone for each record the log shows deleted or purged that is no longer there.
//!
//! The picked ids are kept in two TEMP tables of the export's own read connection (a read-only connection may write
//! its temp schema), dropped when the [`ChangeSet`] is.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::exchange::canonical::quote;
use crate::exchange::manifest::{OWNED, RECORD_TABLES};
use crate::model::{AttachmentOwnerKind, Entity};

/// The record kinds whose owner is named by two columns (`owner_kind`, `owner_id`) instead of a foreign key.
const ATTACHMENTS: &str = "attachments";

/// A foreign key of a record table: `column` holds an id of `parent`.
#[derive(Debug, Clone)]
struct Reference {
    column: String,
    parent: String,
}

/// The records of a `changes` package, picked into the TEMP tables `exchange_pick (tbl, id)` and `exchange_gone
/// (tbl, id, at)` of the connection they were read on.
pub(crate) struct ChangeSet<'c> {
    conn: &'c Connection,
}

impl<'c> ChangeSet<'c> {
    /// Picks the records of the audit entries with `after < rowid <= up_to`, and closes the pick over owned rows
    /// and references.
    pub(crate) fn pick(conn: &'c Connection, after: i64, up_to: i64) -> Result<Self> {
        conn.execute_batch(
            "DROP TABLE IF EXISTS temp.exchange_pick;
             DROP TABLE IF EXISTS temp.exchange_gone;
             CREATE TEMP TABLE exchange_pick (tbl TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tbl, id)) WITHOUT ROWID;
             CREATE TEMP TABLE exchange_gone (tbl TEXT NOT NULL, id TEXT NOT NULL, at TEXT NOT NULL,
                                              PRIMARY KEY (tbl, id)) WITHOUT ROWID;",
        )?;
        let set = Self { conn };
        set.seed(after, up_to)?;
        set.close_over_references()?;
        // A record that is still there is no tombstone (a record deleted, then restored).
        for table in RECORD_TABLES.iter().filter(|t| owner_column(t).is_none()) {
            conn.execute(
                &format!(
                    "DELETE FROM temp.exchange_gone WHERE tbl = ?1 AND id IN (SELECT id FROM main.{})",
                    quote(table)
                ),
                [table],
            )?;
        }
        Ok(set)
    }

    /// The ids the audit entries after the mark name.
    fn seed(&self, after: i64, up_to: i64) -> Result<()> {
        let conn = self.conn;
        let mut entries = conn.prepare(
            "SELECT entity, entity_id, action, at FROM audit_log WHERE rowid > ?1 AND rowid <= ?2 ORDER BY rowid",
        )?;
        let mut items = conn.prepare("SELECT entity, entity_id FROM import_items WHERE import_id = ?1")?;
        let mut pick = conn.prepare("INSERT OR IGNORE INTO temp.exchange_pick (tbl, id) VALUES (?1, ?2)")?;
        let mut gone = conn.prepare(
            "INSERT INTO temp.exchange_gone (tbl, id, at) VALUES (?1, ?2, ?3)
             ON CONFLICT (tbl, id) DO UPDATE SET at = max(at, excluded.at)",
        )?;
        let mut rows = entries.query(params![after, up_to])?;
        while let Some(row) = rows.next()? {
            let (entity, id, action, at): (String, String, String, String) =
                (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
            let Some(entity) = Entity::from_code(&entity) else { continue };
            if entity == Entity::Import {
                let named = items.query_map([&id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
                for item in named {
                    let (entity, id) = item?;
                    if let Some(table) = Entity::from_code(&entity).and_then(record_table) {
                        self.pick_record(&mut pick, table, &id)?;
                    }
                }
                continue;
            }
            let Some(table) = record_table(entity) else { continue };
            self.pick_record(&mut pick, table, &id)?;
            if matches!(action.as_str(), "delete" | "purge") && owner_column(table).is_none() {
                gone.execute(params![table, id, at])?;
            }
        }
        Ok(())
    }

    /// Picks a record; for an owned row, its owner (which brings all its owned rows).
    fn pick_record(&self, pick: &mut rusqlite::Statement<'_>, table: &str, id: &str) -> Result<()> {
        match owner_column(table) {
            None => {
                pick.execute(params![table, id])?;
            }
            Some(column) => {
                let owner = self.owner_table(table, column)?;
                let owner_id: Option<String> = self
                    .conn
                    .query_row(
                        &format!("SELECT {} FROM main.{} WHERE id = ?1", quote(column), quote(table)),
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let (Some(owner), Some(owner_id)) = (owner, owner_id) {
                    pick.execute(params![owner, owner_id])?;
                }
            }
        }
        Ok(())
    }

    /// Adds what the picked rows point at, and what that points at, until nothing more is added.
    fn close_over_references(&self) -> Result<()> {
        let mut steps = Vec::new();
        for table in RECORD_TABLES {
            for reference in references(self.conn, table)? {
                if owner_column(&reference.parent).is_some() || !RECORD_TABLES.contains(&reference.parent.as_str()) {
                    continue;
                }
                steps.push(format!(
                    "INSERT OR IGNORE INTO temp.exchange_pick (tbl, id) SELECT {}, t.{col} FROM main.{} t
                     WHERE t.{col} IS NOT NULL AND {}",
                    sql_text(&reference.parent),
                    quote(table),
                    self.filter(table)?,
                    col = quote(&reference.column),
                ));
            }
        }
        for kind in travelling_owner_kinds() {
            let owner = Entity::from(kind).stored_in();
            steps.push(format!(
                "INSERT OR IGNORE INTO temp.exchange_pick (tbl, id) SELECT {}, t.owner_id FROM main.{ATTACHMENTS} t
                 WHERE t.owner_kind = {} AND {}",
                sql_text(owner),
                sql_text(kind.code()),
                self.filter(ATTACHMENTS)?,
            ));
        }
        loop {
            let mut added = 0;
            for step in &steps {
                added += self.conn.execute(step, [])?;
            }
            if added == 0 {
                return Ok(());
            }
        }
    }

    /// The condition (on the alias `t`) that selects the rows of `table` this package holds.
    pub(crate) fn filter(&self, table: &str) -> Result<String> {
        Ok(match owner_column(table) {
            None => format!("t.id IN (SELECT id FROM temp.exchange_pick WHERE tbl = {})", sql_text(table)),
            Some(column) => {
                let owner = self.owner_table(table, column)?.unwrap_or_default();
                format!("t.{} IN (SELECT id FROM temp.exchange_pick WHERE tbl = {})", quote(column), sql_text(&owner))
            }
        })
    }

    /// The tombstones: records the log shows deleted or purged after the mark and no longer there, by (table, id).
    pub(crate) fn tombstones_sql(&self) -> &'static str {
        "SELECT tbl, id, at FROM temp.exchange_gone ORDER BY tbl, id"
    }

    /// The table the owner column of an owned table references.
    fn owner_table(&self, table: &str, column: &str) -> Result<Option<String>> {
        Ok(references(self.conn, table)?.into_iter().find(|r| r.column == column).map(|r| r.parent))
    }
}

impl Drop for ChangeSet<'_> {
    fn drop(&mut self) {
        // TEMP tables of this connection only; a connection closed meanwhile took them with it.
        let _ = self
            .conn
            .execute_batch("DROP TABLE IF EXISTS temp.exchange_pick; DROP TABLE IF EXISTS temp.exchange_gone;");
    }
}

/// The record table of a kind the audit log names, when a package carries it.
fn record_table(entity: Entity) -> Option<&'static str> {
    entity.table().filter(|t| RECORD_TABLES.contains(t))
}

/// The owner kinds of attachments whose owners travel in a package: an attachment goes with its owner, so the files of
/// 活动 (events, which packages do not carry yet: docs/EXCHANGE.md) stay at home.
fn travelling_owner_kinds() -> impl Iterator<Item = AttachmentOwnerKind> {
    AttachmentOwnerKind::ALL
        .iter()
        .copied()
        .filter(|k| Entity::from(*k).table().is_some_and(|t| RECORD_TABLES.contains(&t)))
}

/// The condition (on the alias `t`) a package adds to its table `table`: the attachments of owners it carries.
pub(crate) fn travels(table: &str) -> Option<String> {
    (table == ATTACHMENTS).then(|| {
        let kinds: Vec<String> = travelling_owner_kinds().map(|k| sql_text(k.code())).collect();
        format!("t.owner_kind IN ({})", kinds.join(", "))
    })
}

/// The owner column of an owned table ([`OWNED`]).
fn owner_column(table: &str) -> Option<&'static str> {
    OWNED.iter().find(|(t, _)| *t == table).map(|(_, c)| *c)
}

/// The foreign keys of `table`, as the ledger's schema declares them.
fn references(conn: &Connection, table: &str) -> Result<Vec<Reference>> {
    let mut stmt = conn.prepare(&format!("PRAGMA main.foreign_key_list({})", quote(table)))?;
    let rows = stmt.query_map([], |r| Ok(Reference { parent: r.get(2)?, column: r.get(3)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A text literal.
fn sql_text(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::db::Database;

    #[test]
    fn each_owned_table_names_its_owner_by_a_foreign_key_to_a_record_table_of_its_own() {
        let db = Database::open_in_memory().unwrap();
        db.read(|c| {
            for (table, column) in OWNED {
                assert!(RECORD_TABLES.contains(table), "{table} travels");
                let owner = references(c, table)?.into_iter().find(|r| r.column == *column).map(|r| r.parent);
                let owner = owner.unwrap_or_else(|| panic!("{table}.{column} is a foreign key"));
                assert!(RECORD_TABLES.contains(&owner.as_str()) && owner_column(&owner).is_none(), "{owner}");
            }
            Ok(())
        })
        .unwrap();
    }
}
