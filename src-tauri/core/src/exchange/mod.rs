//! 汇总交换: exchange packages (`.stlx`) that carry a ledger's records to a superior's ledger, and the merge there.
//! The format, its versioning and the merge rules are specified in docs/EXCHANGE.md; this module follows that text.
//!
//! - [`identity`]: the ledger's identity (made once, kept in `settings`), the 来源 its packages carry.
//! - [`manifest`]: the manifest every package opens with, and the one list of the tables a package carries.
//! - [`merge`]: the merge of packages at the superior's ledger: preview, apply, conflicts, history and undo.
//! - [`canonical`]: a table's shape as SQLite describes it, and the canonical content with its SHA-256.
//! - [`package`]: the package file: made empty for an export to fill, opened and checked before a merge reads it.
//! - [`changes`]: which records a `changes` package holds (the audit log since the previous package's mark).
//! - [`export`]: `Ledger::export_package`, the export and its record in `exchange_exports`.
//! - [`provenance`]: 来源 — the origins of records, the filter by origin every list and report takes, and
//!   `Ledger::list_origins`.

pub mod canonical;
pub mod changes;
pub mod export;
pub mod identity;
pub mod manifest;
pub mod merge;
pub mod package;
pub mod provenance;

pub use export::{ExportPackageOptions, ExportPackageReport, PackageExport};
pub use identity::LedgerIdentity;
pub use manifest::{PackageManifest, PackageScope, APPLICATION_ID, FORMAT_VERSION, OWNED, RECORD_TABLES};
pub use merge::MergeSource;
pub use package::{open_package, OpenedPackage};
pub use provenance::OriginScope;
