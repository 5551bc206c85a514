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

/// The table of the records purged for good since the previous package (`entity`, `id`, `purged_at`).
pub const TOMBSTONES: &str = "tombstones";

/// The record table whose rows carry their file: `attachments`, with [`CONTENT_COLUMN`] after the ledger's columns.
pub const FILE_TABLE: &str = "attachments";

/// The column of [`FILE_TABLE`] that holds the attachment's file, decrypted (NULL when the ledger had lost it).
pub const CONTENT_COLUMN: &str = "content";

/// The manifest's keys, in the order a package lists them.
pub const MANIFEST_KEYS: &[&str] = &[
    "format_version",
    "app_version",
    "schema_version",
    "origin_id",
    "origin_name",
    "reporter",
    "created_at",
    "package_seq",
    "scope",
    "since_seq",
    "counts",
    "content_hash",
];

impl PackageScope {
    /// The scope as the manifest writes it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Changes => "changes",
        }
    }

    /// The scope a manifest names (`None` for anything else).
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "full" => Some(Self::Full),
            "changes" => Some(Self::Changes),
            _ => None,
        }
    }
}

impl PackageManifest {
    /// The `manifest` table's rows, in [`MANIFEST_KEYS`] order (`since_seq` only for a `changes` package).
    pub fn to_rows(&self) -> Vec<(&'static str, String)> {
        let counts = serde_json::to_string(&self.counts).unwrap_or_else(|_| "{}".to_owned());
        let mut rows = vec![
            ("format_version", self.format_version.to_string()),
            ("app_version", self.app_version.clone()),
            ("schema_version", self.schema_version.to_string()),
            ("origin_id", self.origin_id.clone()),
            ("origin_name", self.origin_name.clone()),
            ("reporter", self.reporter.clone()),
            ("created_at", self.created_at.clone()),
            ("package_seq", self.package_seq.to_string()),
            ("scope", self.scope.code().to_owned()),
        ];
        if let Some(since) = self.since_seq {
            rows.push(("since_seq", since.to_string()));
        }
        rows.push(("counts", counts));
        rows.push(("content_hash", self.content_hash.clone()));
        rows
    }

    /// The manifest of a package's `manifest` rows; the error names the first key missing or unreadable. Keys this
    /// version does not know are ignored.
    pub fn from_rows(rows: &BTreeMap<String, String>) -> Result<Self, String> {
        let text = |key: &str| rows.get(key).cloned().ok_or_else(|| format!("manifest key {key} missing"));
        let number = |key: &str| -> Result<i64, String> {
            text(key)?.trim().parse().map_err(|_| format!("manifest key {key} is not a number"))
        };
        let scope_text = text("scope")?;
        let scope = PackageScope::from_code(&scope_text).ok_or_else(|| format!("manifest scope {scope_text:?}"))?;
        let since_seq = match scope {
            PackageScope::Full => None,
            PackageScope::Changes => Some(number("since_seq")?),
        };
        let counts = serde_json::from_str(&text("counts")?).map_err(|e| format!("manifest counts: {e}"))?;
        Ok(Self {
            format_version: number("format_version")?,
            app_version: text("app_version")?,
            schema_version: number("schema_version")?,
            origin_id: text("origin_id")?,
            origin_name: text("origin_name")?,
            reporter: text("reporter")?,
            created_at: text("created_at")?,
            package_seq: number("package_seq")?,
            scope,
            since_seq,
            counts,
            content_hash: text("content_hash")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_from_its_rows_and_names_a_missing_key() {
        let manifest = PackageManifest {
            format_version: FORMAT_VERSION,
            app_version: "1.2.3".into(),
            schema_version: 10,
            origin_id: "0190".into(),
            origin_name: "某市科技局".into(),
            reporter: "张三".into(),
            created_at: "2026-03-01T08:00:00.000Z".into(),
            package_seq: 2,
            scope: PackageScope::Changes,
            since_seq: Some(1),
            counts: BTreeMap::from([("experts".to_owned(), 3)]),
            content_hash: "ab".into(),
        };
        let mut rows: BTreeMap<String, String> =
            manifest.to_rows().into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        assert!(rows.keys().all(|k| MANIFEST_KEYS.contains(&k.as_str())));
        assert_eq!(PackageManifest::from_rows(&rows), Ok(manifest));
        rows.insert("a_later_key".into(), "ignored".into());
        assert!(PackageManifest::from_rows(&rows).is_ok());
        rows.remove("since_seq");
        assert_eq!(PackageManifest::from_rows(&rows), Err("manifest key since_seq missing".to_owned()));
    }
}
