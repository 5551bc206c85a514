//! 派驻/结对 (assignments): an expert paired with an enterprise for a period.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ExpertStatus, Stamps};

/// What the form sends to create or edit an assignment (an edit keeps the expert and the enterprise).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
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
    /// The day the 三方协议 was signed, `YYYY-MM-DD`; optional, and only for a signed agreement.
    pub agreement_signed_on: Option<String>,
    /// 备注.
    pub notes: Option<String>,
    /// The agreement's targets.
    #[serde(flatten)]
    #[ts(flatten)]
    pub targets: AssignmentTargetsInput,
}

/// 协议目标 as the form sends them (each blank: no target). Money is 万元 text, stored exactly as fen.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AssignmentTargetsInput {
    /// 服务天数, ≥ 0 in steps of 0.5.
    pub target_service_days: Option<f64>,
    /// 走访次数.
    #[ts(type = "number | null")]
    pub target_visits: Option<i64>,
    /// 解决需求 (items).
    #[ts(type = "number | null")]
    pub target_needs_solved: Option<i64>,
    /// 合同金额, 万元 text.
    pub target_contract: Option<String>,
    /// Other targets in words.
    pub target_other: Option<String>,
}

/// 协议目标 of a pairing as stored, for the whole pairing (`None`: no target set). Money in fen.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssignmentTargets {
    /// 服务天数.
    pub target_service_days: Option<f64>,
    /// 走访次数.
    #[ts(type = "number | null")]
    pub target_visits: Option<i64>,
    /// 解决需求.
    #[ts(type = "number | null")]
    pub target_needs_solved: Option<i64>,
    /// 合同金额 in fen.
    #[ts(type = "number | null")]
    pub target_contract_fen: Option<i64>,
    /// Other targets in words.
    pub target_other: Option<String>,
}

/// An assignment as stored, with the names it points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
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
    /// The day the 三方协议 was signed, when known.
    pub agreement_signed_on: Option<String>,
    /// The agreement's targets.
    #[serde(flatten)]
    #[ts(flatten)]
    pub targets: AssignmentTargets,
    /// 备注.
    pub notes: Option<String>,
    /// When it was made and last changed, and its revision.
    #[serde(flatten)]
    #[ts(flatten)]
    pub stamps: Stamps,
}

/// One figure of a pairing's targets in a period: what the records say, the target, and the share reached.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TargetFigure {
    /// The figure from the records (days; counts; fen for the contract amount).
    pub actual: f64,
    /// The target (`None`: none set).
    pub target: Option<f64>,
    /// actual / target in percent, one decimal (`None` without a target, or with a target of 0).
    pub percent: Option<f64>,
}

/// Completion of a pairing's targets in one period: the records of the expert at the enterprise within the pairing's
/// dates and the period. Computed, never stored.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TargetPeriod {
    /// `2025` for a calendar year, `all` for the whole pairing.
    pub label: String,
    /// The days counted: the pairing's dates ∩ the period, `YYYY-MM-DD`.
    pub from: String,
    /// Last day counted (the pairing's end, the year's end, or today for an open pairing).
    pub to: String,
    /// 服务天数 of the service records starting in it.
    pub service_days: TargetFigure,
    /// 走访次数: visits to the enterprise the expert took part in.
    pub visits: TargetFigure,
    /// 解决需求: needs of the enterprise matched to the expert that reached 已解决 in it.
    pub needs_solved: TargetFigure,
    /// 合同金额 (fen) of those service records.
    pub contract_fen: TargetFigure,
}

/// What 结束批次 does (or would do): the open pairings of the batch ended on a day, and their experts set to 期满.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchEndPlan {
    /// The batch.
    pub batch_id: String,
    /// The end date, `YYYY-MM-DD`.
    pub end_date: String,
    /// The open pairings that end.
    pub assignments: Vec<BatchEndPairing>,
    /// The experts set to 期满: those left with no open pairing (in any batch) after the end.
    pub experts: Vec<BatchEndExpert>,
    /// Whether it was written (false for the preview).
    pub written: bool,
}

/// A pairing 结束批次 ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchEndPairing {
    /// The pairing.
    pub id: String,
    /// The expert's name.
    pub expert_name: String,
    /// The enterprise's name.
    pub enterprise_name: String,
    /// Its start.
    pub start_date: String,
}

/// An expert 结束批次 sets to 期满.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchEndExpert {
    /// The expert.
    pub id: String,
    /// Name.
    pub name: String,
    /// The status before (在岗 or 暂停).
    pub status: ExpertStatus,
}
