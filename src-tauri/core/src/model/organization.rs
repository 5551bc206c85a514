//! 派出单位 (dispatching organisations) and 批次 (batches): the two small managed lists experts point at.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::OrganizationKind;

/// A dispatching organisation as its page and the pickers show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// UUIDv7.
    pub id: String,
    /// Name, unique.
    pub name: String,
    /// 高校/科研院所/企业/其他.
    pub kind: OrganizationKind,
    /// Where it is (free text).
    pub region: Option<String>,
    /// 备注.
    pub notes: Option<String>,
    /// Experts (live or in the recycle bin) dispatched by it; while non-zero it cannot be deleted.
    pub expert_count: u32,
    /// Edits so far, starting at 1.
    pub revision: i32,
}

/// What the form sends to create or edit a dispatching organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizationInput {
    /// Name, required, unique.
    pub name: String,
    /// 高校/科研院所/企业/其他; required.
    pub kind: Option<OrganizationKind>,
    /// Where it is.
    pub region: Option<String>,
    /// 备注.
    pub notes: Option<String>,
}

/// A batch (批次) as its page and the pickers show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    /// UUIDv7.
    pub id: String,
    /// Name, unique, e.g. 2024年第一批.
    pub name: String,
    /// The year it belongs to.
    pub year: Option<i32>,
    /// First day, `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub end_date: Option<String>,
    /// 备注.
    pub notes: Option<String>,
    /// Experts (live or in the recycle bin) in it.
    pub expert_count: u32,
    /// Assignments (live or in the recycle bin) made in it.
    pub assignment_count: u32,
    /// Edits so far, starting at 1.
    pub revision: i32,
}

/// What the form sends to create or edit a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct BatchInput {
    /// Name, required, unique.
    pub name: String,
    /// The year it belongs to (2000–2100).
    pub year: Option<i32>,
    /// First day, `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// Last day, `YYYY-MM-DD`, not before the first.
    pub end_date: Option<String>,
    /// 备注.
    pub notes: Option<String>,
}
