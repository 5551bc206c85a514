//! 汇总交换: exchange packages (`.stlx`) that carry a ledger's records to a superior's ledger, and the merge there.
//! The format, its versioning and the merge rules are specified in docs/EXCHANGE.md; this module follows that text.
//!
//! - [`identity`]: the ledger's identity (made once, kept in `settings`), the 来源 its packages carry.
//! - [`manifest`]: the manifest every package opens with, and the one list of the tables a package carries.
//! - [`merge`]: the merge of packages at the superior's ledger: preview, apply, conflicts, history and undo.

pub mod identity;
pub mod manifest;
pub mod merge;

pub use identity::LedgerIdentity;
pub use manifest::{PackageManifest, PackageScope, APPLICATION_ID, FORMAT_VERSION, RECORD_TABLES};
pub use merge::MergeSource;
