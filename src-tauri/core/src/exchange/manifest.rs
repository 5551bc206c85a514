//! The manifest of a package (docs/EXCHANGE.md, "Tables") and the one list of the record tables a package carries.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// `application_id` in a package's SQLite header: `STLX`. A file without it is not a package.
pub const APPLICATION_ID: i64 = 0x5354_4C58;

/// The package format this build writes and reads (the package's `user_version`).
pub const FORMAT_VERSION: i64 = 1;

/// The record tables a package carries, in the order of the canonical content (and of writing and merging: a table
/// comes after the tables its rows point at). Named and shaped as in the ledger; `attachments` gains `content`.
pub const RECORD_TABLES: &[&str] = &[
    "organizations",
    "batches",
    "experts",
    "enterprises",
    "enterprise_contacts",
    "assignments",
    "visits",
    "visit_experts",
    "needs",
    "need_stage_events",
    "need_matches",
    "service_records",
    "attachments",
];

/// Whether a package holds the whole ledger or the changes since an earlier package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PackageScope {
    /// Every record (the first package of a ledger is always full).
    Full,
    /// The records changed (and the tombstones of those purged) since package `since_seq`.
    Changes,
}

/// A package's manifest, one field per key of its `manifest` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackageManifest {
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: i64,
    /// The exporting app's version.
    pub app_version: String,
    /// The ledger schema version the record tables follow.
    pub schema_version: i64,
    /// The exporting ledger's id.
    pub origin_id: String,
    /// Its 填报单位 at export: the 来源 shown for its records.
    pub origin_name: String,
    /// 填报人 at export.
    pub reporter: String,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// This ledger's package number (1, 2, …).
    pub package_seq: i64,
    /// Full, or changes since `since_seq`.
    pub scope: PackageScope,
    /// For [`PackageScope::Changes`]: the package whose changes this one follows.
    pub since_seq: Option<i64>,
    /// Rows per table (record tables and `tombstones`).
    pub counts: BTreeMap<String, i64>,
    /// SHA-256 (hex) of the canonical content.
    pub content_hash: String,
}
