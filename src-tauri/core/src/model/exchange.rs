//! 汇总交换 (merging exchange packages): the preview and report of a merge per kind of record, the conflicts waiting
//! in 待处理冲突 and how one is decided, and the history of merges.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The records of one kind (or of a whole package) by what a merge does with each. Every record counts once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeCounts {
    /// Not here before: added with its id.
    pub new: u32,
    /// Seen before from the same origin, with a higher revision: the merged copy took it (a tombstone or an incoming
    /// deletion moved it to the recycle bin).
    pub updated: u32,
    /// Seen before with the same or a lower revision, or a participant or stage event already here: nothing to do.
    pub unchanged: u32,
    /// Matched to a record already here (another origin's or the ledger's own: same credit code, ID number, name +
    /// phone, name), with no field differing.
    pub matched: u32,
    /// Records with at least one field waiting in 待处理冲突 (edited here since, or a match whose fields differ).
    pub conflicts: u32,
}

impl MergeCounts {
    /// Adds another count to this one.
    pub fn add(&mut self, other: &MergeCounts) {
        self.new += other.new;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.matched += other.matched;
        self.conflicts += other.conflicts;
    }
}

/// The counts of one kind of record: `kind` is the record table's name as in the package (`experts`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeKindCounts {
    /// The record table (`organizations`, `experts`, `service_records`, …).
    pub kind: String,
    /// What the merge does with its records.
    #[serde(flatten)]
    pub counts: MergeCounts,
}

/// A package's origin as the merge shows it (来源).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeOrigin {
    /// The exporting ledger's id.
    pub id: String,
    /// Its 填报单位 as the package says.
    pub name: String,
}

/// One field where an incoming value differs from the local one, which stays until someone decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeConflict {
    /// The conflict's id (empty in a preview: nothing was stored).
    pub id: String,
    /// The record table (`enterprises`, …).
    pub kind: String,
    /// The local record's id.
    pub entity_id: String,
    /// The column (`name`, `phone`, `deleted_at`, …).
    pub field: String,
    /// The local value when the conflict was found.
    #[ts(type = "unknown")]
    pub local: serde_json::Value,
    /// The incoming value (references already translated to local ids).
    #[ts(type = "unknown")]
    pub incoming: serde_json::Value,
    /// The origin's revision of the record.
    #[ts(type = "number")]
    pub incoming_revision: i64,
    /// Where the incoming value came from.
    pub origin: MergeOrigin,
    /// When the merge found it (UTC).
    pub created_at: String,
}

/// What merging one package would do (preview) or did (report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeReport {
    /// The merge in the history (`None`: a preview, or nothing to write).
    pub merge_id: Option<String>,
    /// The package's file name.
    pub file: String,
    /// Where it came from.
    pub origin: MergeOrigin,
    /// The package's number at its origin.
    #[ts(type = "number")]
    pub package_seq: i64,
    /// Every kind of record together.
    pub totals: MergeCounts,
    /// Per record table, in the package's order (tables with no rows left out).
    pub kinds: Vec<MergeKindCounts>,
    /// Every conflicting field found.
    pub conflicts: Vec<MergeConflict>,
    /// Whether anything was written (false for a preview, and for a package that changes nothing).
    pub written: bool,
}

/// The preview of a merge: its report, computed and rolled back.
pub type MergePreview = MergeReport;

/// One merge of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeRecord {
    /// The merge's id.
    pub id: String,
    /// The package's file name.
    pub file_name: String,
    /// Where it came from (the origin's latest name).
    pub origin: MergeOrigin,
    /// The package's number at its origin.
    #[ts(type = "number")]
    pub package_seq: i64,
    /// Its content hash.
    pub content_hash: String,
    /// Who merged it.
    pub actor: String,
    /// When (UTC).
    pub created_at: String,
    /// What it did.
    pub counts: MergeCounts,
    /// When it was undone, if it was.
    pub undone_at: Option<String>,
}

/// How a conflict is decided in 待处理冲突.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConflictResolution {
    /// 保留本地: the local value stays.
    KeepLocal,
    /// 采用来源: the incoming value is written (the record's revision goes up, audited).
    TakeIncoming,
}

impl ConflictResolution {
    /// The code stored in `exchange_conflicts.resolution`.
    pub fn code(self) -> &'static str {
        match self {
            Self::KeepLocal => "keep_local",
            Self::TakeIncoming => "take_incoming",
        }
    }
}
