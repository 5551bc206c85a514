//! The recycle bin (回收站), what points at a record, and a record's change history.

use serde::Serialize;
use ts_rs::TS;

use super::RecordKind;

/// The live records that point at an expert or an enterprise, shown before deleting it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Referrers {
    /// 派驻/结对.
    pub assignments: u32,
    /// 走访 (as a participant, or at the enterprise).
    pub visits: u32,
    /// 技术需求 (of the enterprise, or matched to the expert).
    pub needs: u32,
    /// Expert–need matches.
    pub need_matches: u32,
    /// 服务记录.
    pub service_records: u32,
    /// 活动 (as an enterprise or an expert of the event).
    pub events: u32,
}

impl Referrers {
    /// True when nothing points at the record.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The non-zero counts as a list, in Chinese and in English.
    pub fn describe(&self) -> (String, String) {
        let parts = [
            (self.assignments, "派驻记录", "assignments"),
            (self.visits, "走访记录", "visits"),
            (self.needs, "技术需求", "needs"),
            (self.need_matches, "需求对接", "need matches"),
            (self.service_records, "服务记录", "service records"),
            (self.events, "活动", "events"),
        ];
        let present = parts.iter().filter(|(n, _, _)| *n > 0);
        let zh = present.clone().map(|(n, zh, _)| format!("{zh} {n} 条")).collect::<Vec<_>>().join("、");
        let en = present.map(|(n, _, en)| format!("{n} {en}")).collect::<Vec<_>>().join(", ");
        (zh, en)
    }
}

/// One line of the recycle bin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecycleBinRow {
    /// Expert or enterprise.
    pub kind: RecordKind,
    /// UUIDv7.
    pub id: String,
    /// The record's name.
    pub name: String,
    /// When it was deleted, UTC RFC 3339.
    pub deleted_at: String,
}

/// One change of a record, from the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// When, UTC RFC 3339.
    pub at: String,
    /// Who (the OS user).
    pub actor: String,
    /// `create`, `update`, `delete`, `restore`, `purge` or `import`.
    pub action: String,
    /// The record before the change, its ID numbers masked.
    #[ts(type = "unknown")]
    pub before: Option<serde_json::Value>,
    /// The record after the change, its ID numbers masked.
    #[ts(type = "unknown")]
    pub after: Option<serde_json::Value>,
}
