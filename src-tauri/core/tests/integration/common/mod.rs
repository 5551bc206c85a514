//! Helpers shared by the integration tests.
#![allow(dead_code)]

use ledger_core::model::*;
use ledger_core::validate::credit_code::check_char;
use ledger_core::Ledger;

/// A check-digit-valid credit code for serial `n`.
pub fn code(n: u32) -> String {
    let body = format!("91330100MA{n:07}");
    format!("{body}{}", check_char(&body).unwrap())
}

/// A minimal enterprise form.
pub fn enterprise(name: &str, n: u32) -> EnterpriseInput {
    EnterpriseInput { name: name.into(), credit_code: code(n), ..Default::default() }
}

/// A minimal expert form.
pub fn expert(name: &str, phone: Option<&str>) -> ExpertInput {
    ExpertInput {
        name: name.into(),
        title: Some(ExpertTitle::Senior),
        phone: phone.map(Into::into),
        ..Default::default()
    }
}

/// Number of rows in a table.
pub fn rows(ledger: &Ledger, table: &str) -> i64 {
    ledger.database().read(|c| Ok(c.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?)).unwrap()
}

/// Row counts of the tables a write can touch, to show an error wrote nothing.
pub fn snapshot(ledger: &Ledger) -> Vec<i64> {
    ["experts", "enterprises", "enterprise_contacts", "assignments", "audit_log"]
        .iter()
        .map(|t| rows(ledger, t))
        .collect()
}

/// Runs SQL on the writer (for fixtures the API has no operation for yet, e.g. visits).
pub fn exec(ledger: &Ledger, sql: &str) {
    ledger.database().write(|tx| Ok(tx.execute_batch(sql)?)).unwrap();
}
