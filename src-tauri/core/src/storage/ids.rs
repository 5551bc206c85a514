//! Identifiers and timestamps. Both are made here, in Rust, never by the UI.

use chrono::{SecondsFormat, Utc};
use uuid::Uuid;

/// A new UUIDv7 as lowercase hyphenated text: time-ordered, so rows from several coordinators merge without
/// collisions and sort by creation.
pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// The current UTC time as RFC 3339 with milliseconds, e.g. `2026-11-27T08:30:00.123Z`.
pub fn now_utc() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Today's date (local calendar of the machine) as `YYYY-MM-DD`.
pub fn today() -> String {
    chrono::Local::now().date_naive().format("%Y-%m-%d").to_string()
}
