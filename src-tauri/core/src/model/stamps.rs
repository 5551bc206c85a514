//! The stamps every editable stored record carries: when it was made, when it last changed, and its revision.

use rusqlite::Row;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// When a stored record was made and last changed, and how many edits it has had (the revision an edit names and
/// [`check_revision`](crate::storage::record) compares). Flattened into each record, so its fields travel beside the record's
/// own: `createdAt`, `updatedAt`, `revision`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Stamps {
    /// UTC, RFC 3339.
    pub created_at: String,
    /// UTC, RFC 3339.
    pub updated_at: String,
    /// Edits so far, starting at 1.
    pub revision: i32,
}

impl Stamps {
    /// The stamps of a record made at `now`: revision 1.
    pub fn new(now: String) -> Self {
        Self { created_at: now.clone(), updated_at: now, revision: 1 }
    }

    /// The stamps after an edit at `now`: made when it was, changed now, one revision on.
    pub fn edited(&self, now: String) -> Self {
        Self { created_at: self.created_at.clone(), updated_at: now, revision: self.revision + 1 }
    }

    /// The stamps read from three consecutive columns, `created_at, updated_at, revision`, the first at `first`.
    pub fn from_row(r: &Row<'_>, first: usize) -> rusqlite::Result<Self> {
        Ok(Self { created_at: r.get(first)?, updated_at: r.get(first + 1)?, revision: r.get(first + 2)? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_record_is_revision_one_made_and_changed_now() {
        let s = Stamps::new("2026-01-02T03:04:05.000Z".to_owned());
        assert_eq!(
            (s.created_at.as_str(), s.updated_at.as_str(), s.revision),
            ("2026-01-02T03:04:05.000Z", "2026-01-02T03:04:05.000Z", 1)
        );
    }

    #[test]
    fn an_edit_keeps_the_making_time_and_counts_one_revision_on() {
        let s = Stamps { created_at: "c".into(), updated_at: "u".into(), revision: 3 }.edited("n".into());
        assert_eq!(s, Stamps { created_at: "c".into(), updated_at: "n".into(), revision: 4 });
    }

    #[test]
    fn a_record_carries_its_stamps_as_its_own_last_fields_in_json() {
        let a = crate::model::Assignment {
            id: "a".into(),
            expert_id: "e".into(),
            expert_name: "张三".into(),
            enterprise_id: "f".into(),
            enterprise_name: "甲公司".into(),
            batch_id: None,
            batch_name: None,
            start_date: "2026-01-01".into(),
            end_date: None,
            agreement_signed: true,
            agreement_signed_on: None,
            targets: Default::default(),
            notes: None,
            stamps: Stamps { created_at: "c".into(), updated_at: "u".into(), revision: 2 },
        };
        let json = serde_json::to_string(&a).unwrap();
        assert!(json.ends_with(r#""notes":null,"createdAt":"c","updatedAt":"u","revision":2}"#), "{json}");
        assert_eq!(serde_json::from_str::<crate::model::Assignment>(&json).unwrap(), a);
    }

    #[test]
    fn reads_three_consecutive_columns() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let s = conn.query_row("SELECT 'x', 'c', 'u', 7", [], |r| Stamps::from_row(r, 1)).unwrap();
        assert_eq!(s, Stamps { created_at: "c".into(), updated_at: "u".into(), revision: 7 });
    }
}
