//! 派驻/结对 (assignments): an expert paired with an enterprise for a period.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Stamps;

/// What the form sends to create an assignment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AssignmentInput {
    /// The expert, required.
    pub expert_id: String,
    /// The enterprise, required.
    pub enterprise_id: String,
    /// 批次.
    pub batch_id: Option<String>,
    /// Start, `YYYY-MM-DD`, required.
    pub start_date: String,
    /// End, `YYYY-MM-DD`; open-ended when absent.
    pub end_date: Option<String>,
    /// 三方协议 signed.
    pub agreement_signed: bool,
    /// 备注.
    pub notes: Option<String>,
}

/// An assignment as stored, with the names it points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    /// UUIDv7.
    pub id: String,
    /// The expert.
    pub expert_id: String,
    /// The expert's name.
    pub expert_name: String,
    /// The enterprise.
    pub enterprise_id: String,
    /// The enterprise's name.
    pub enterprise_name: String,
    /// 批次.
    pub batch_id: Option<String>,
    /// The batch's name.
    pub batch_name: Option<String>,
    /// Start, `YYYY-MM-DD`.
    pub start_date: String,
    /// End, `YYYY-MM-DD`; `None` while open-ended.
    pub end_date: Option<String>,
    /// 三方协议 signed.
    pub agreement_signed: bool,
    /// 备注.
    pub notes: Option<String>,
    /// When it was made and last changed, and its revision.
    #[serde(flatten)]
    #[ts(flatten)]
    pub stamps: Stamps,
}
