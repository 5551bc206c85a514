//! Identifiers, made here in Rust, never by the UI (timestamps come from the ledger's [`crate::clock::Clock`]).

use uuid::Uuid;

/// A new UUIDv7 as lowercase hyphenated text: time-ordered, so rows from several coordinators merge without
/// collisions and sort by creation.
pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}
