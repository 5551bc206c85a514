//! The ledger's identity for exchange: a UUIDv7 made the first time it is asked for and kept in `settings`, with the
//! 填报单位 and 填报人 of 设置 as the name its packages carry (shown as 来源 where records of several origins meet).
//!
//! A copy of a ledger file (a restored backup, a file copied to another PC) keeps the id: it is the same ledger.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::reporting::settings::report_settings;
use crate::storage::ids::new_id;
use crate::Ledger;

/// The `settings` key of the ledger's id.
pub const LEDGER_ID_KEY: &str = "exchange.ledger_id";

/// Who a ledger is, as its packages say it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerIdentity {
    /// The ledger's id (UUIDv7), made once.
    pub id: String,
    /// 填报单位 (empty when 设置 has none yet).
    pub name: String,
    /// 填报人 (empty when 设置 has none yet).
    pub reporter: String,
}

/// The ledger's id, if one was made already (reads only).
pub fn ledger_id(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([LEDGER_ID_KEY], |r| r.get(0))
        .optional()?)
}

/// The ledger's id, made and saved inside the caller's transaction the first time.
pub fn ensure_ledger_id(conn: &Connection) -> Result<String> {
    if let Some(id) = ledger_id(conn)? {
        return Ok(id);
    }
    let id = new_id();
    conn.execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", params![LEDGER_ID_KEY, id])?;
    Ok(id)
}

/// The ledger's identity, its id made inside the caller's transaction the first time.
pub fn ledger_identity(conn: &Connection) -> Result<LedgerIdentity> {
    let id = ensure_ledger_id(conn)?;
    let settings = report_settings(conn)?;
    Ok(LedgerIdentity { id, name: settings.reporting_unit, reporter: settings.reporter })
}

impl Ledger {
    /// The ledger's identity for exchange (its id is made the first time).
    pub fn ledger_identity(&self) -> Result<LedgerIdentity> {
        self.db.write(|tx| ledger_identity(tx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_is_made_once_and_kept() {
        let ledger = Ledger::open_in_memory().unwrap();
        let first = ledger.ledger_identity().unwrap();
        let second = ledger.ledger_identity().unwrap();
        assert_eq!(first.id, second.id);
        assert_eq!(uuid::Uuid::parse_str(&first.id).unwrap().get_version_num(), 7);
        assert_eq!(first.name, "");
    }

    #[test]
    fn the_name_is_the_reporting_unit() {
        let ledger = Ledger::open_in_memory().unwrap();
        let settings =
            crate::model::ReportSettings { reporting_unit: "某市科技局".into(), reporter: "张三".into() };
        ledger.save_report_settings(&settings).unwrap();
        let identity = ledger.ledger_identity().unwrap();
        assert_eq!((identity.name.as_str(), identity.reporter.as_str()), ("某市科技局", "张三"));
    }
}
