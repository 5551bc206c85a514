//! 派出单位 (dispatching organisations) and 批次 (batches).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::OrganizationKind;

/// A dispatching organisation as lists show it.
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
}

/// Input to create a dispatching organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationInput {
    /// Name, required, unique.
    pub name: String,
    /// 高校/科研院所/企业/其他; required.
    pub kind: Option<OrganizationKind>,
    /// Where it is.
    pub region: Option<String>,
}

/// A batch (批次) as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    /// UUIDv7.
    pub id: String,
    /// Name, unique, e.g. 2024年第一批.
    pub name: String,
    /// The year it belongs to.
    pub year: Option<i32>,
}
