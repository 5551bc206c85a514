//! Forward-only schema migrations tracked in SQLite's `user_version`.
//!
//! Each migration is one SQL script applied in its own transaction together with the bump of `user_version`, so a
//! crash leaves the database at the previous version, never between two. A database whose version is newer than
//! [`LATEST_VERSION`] is refused (an older app never touches a newer file).

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{CoreError, Result};

/// The migration scripts; the script at index `i` moves the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_schema.sql"),
    include_str!("../../migrations/0002_search.sql"),
    include_str!("../../migrations/0003_list_indexes.sql"),
    include_str!("../../migrations/0004_list_counts.sql"),
    include_str!("../../migrations/0005_visits_and_recycle_bin.sql"),
    include_str!("../../migrations/0006_needs.sql"),
    include_str!("../../migrations/0007_service_ledger.sql"),
    include_str!("../../migrations/0008_statistics.sql"),
    include_str!("../../migrations/0009_imports.sql"),
    include_str!("../../migrations/0010_exchange_exports.sql"),
    include_str!("../../migrations/0011_exchange_merge.sql"),
    include_str!("../../migrations/0012_year_end.sql"),
    include_str!("../../migrations/0013_assessment.sql"),
    include_str!("../../migrations/0014_follow_up_closure.sql"),
    include_str!("../../migrations/0015_events.sql"),
    include_str!("../../migrations/0016_import_needs.sql"),
];

/// The schema version this build of the core writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema version recorded in the database (0 for an empty one).
pub fn current_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the database up to [`LATEST_VERSION`]; returns the version it started from.
pub fn migrate(conn: &mut Connection) -> Result<i64> {
    migrate_to(conn, LATEST_VERSION)
}

/// Brings the database up to `target` (used by tests to build databases of each earlier version).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<i64> {
    let start = current_version(conn)?;
    if start > LATEST_VERSION {
        return Err(CoreError::SchemaTooNew { found: start, supported: LATEST_VERSION });
    }
    for (index, script) in MIGRATIONS.iter().enumerate().take(target as usize).skip(start as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(script)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(start)
}
