//! 技术需求 (technical needs): the form input, the stored record with its matched experts and stage history, the
//! list row and query, the board, and the inputs of a stage change and of a match.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{MatchMethod, NeedSource, NeedStage, NeedType, SortOrder, Stamps, Urgency};

/// What the need form sends to create or edit a need. Optional codes are `Option` so a missing value becomes a
/// field-level message, not a decoding failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct NeedInput {
    /// The enterprise that has the need, required.
    pub enterprise_id: String,
    /// The visit the need was found on (it must be live and at the same enterprise); the source is then 走访发现.
    pub visit_id: Option<String>,
    /// 需求来源, required unless a visit is given (then it is, and must be, `visit`).
    pub source: Option<NeedSource>,
    /// 需求名称, required.
    pub title: String,
    /// The enterprise's own wording (原始描述): stored as written, only its ends trimmed.
    pub original_text: Option<String>,
    /// 凝练: the problem.
    pub refined_problem: Option<String>,
    /// 凝练: the key technology.
    pub refined_key_tech: Option<String>,
    /// 凝练: the target.
    pub refined_target: Option<String>,
    /// 需求类型, required.
    pub need_type: Option<NeedType>,
    /// 专业领域.
    pub discipline: Option<String>,
    /// 预算 in 万元 as typed (`12.5`): at most 6 decimals, stored exactly in fen.
    pub budget_wan: Option<String>,
    /// 紧急程度; 较急 (normal) when not given.
    pub urgency: Option<Urgency>,
}

/// An expert matched to a need (精准特派).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NeedMatch {
    /// UUIDv7.
    pub id: String,
    /// The need.
    pub need_id: String,
    /// The expert.
    pub expert_id: String,
    /// The expert's name.
    pub expert_name: String,
    /// 推荐/认领/指派.
    pub method: MatchMethod,
    /// The day of the match, `YYYY-MM-DD`.
    pub matched_on: String,
    /// 备注.
    pub notes: Option<String>,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// Edits so far, starting at 1.
    pub revision: i32,
}

/// One stage change of a need. The first event of a need has no `from_stage`; an event into 搁置 keeps in
/// `from_stage` the stage the need was shelved from, which is where it may resume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NeedStageEvent {
    /// UUIDv7.
    pub id: String,
    /// The stage before; `None` for the first event (the need was found).
    pub from_stage: Option<NeedStage>,
    /// The stage after.
    pub to_stage: NeedStage,
    /// The day of the change, `YYYY-MM-DD`.
    pub changed_on: String,
    /// 说明.
    pub note: Option<String>,
    /// UTC, RFC 3339.
    pub created_at: String,
}

/// A need as stored, with its enterprise's name, its live matched experts and its whole stage history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Need {
    /// UUIDv7.
    pub id: String,
    /// The enterprise.
    pub enterprise_id: String,
    /// Its name.
    pub enterprise_name: String,
    /// The visit it was found on.
    pub visit_id: Option<String>,
    /// That visit's date.
    pub visit_date: Option<String>,
    /// 需求来源.
    pub source: NeedSource,
    /// 需求名称.
    pub title: String,
    /// The enterprise's own wording, as written.
    pub original_text: Option<String>,
    /// 凝练: the problem.
    pub refined_problem: Option<String>,
    /// 凝练: the key technology.
    pub refined_key_tech: Option<String>,
    /// 凝练: the target.
    pub refined_target: Option<String>,
    /// 需求类型.
    pub need_type: NeedType,
    /// 专业领域.
    pub discipline: Option<String>,
    /// 预算 in fen (1/100 yuan); the UI shows 万元.
    #[ts(type = "number | null")]
    pub budget_fen: Option<i64>,
    /// 紧急程度.
    pub urgency: Urgency,
    /// 当前阶段.
    pub stage: NeedStage,
    /// The day of the last stage change.
    pub stage_changed_on: String,
    /// The need this one was merged into (stage 已合并).
    pub merged_into_id: Option<String>,
    /// The live matched experts, in the order they were matched.
    pub matches: Vec<NeedMatch>,
    /// Every stage change, oldest first.
    pub events: Vec<NeedStageEvent>,
    /// When it was made and last changed, and its revision.
    #[serde(flatten)]
    #[ts(flatten)]
    pub stamps: Stamps,
}

/// One line of the need list, and one card of the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NeedRow {
    /// UUIDv7.
    pub id: String,
    /// 需求名称.
    pub title: String,
    /// The enterprise.
    pub enterprise_id: String,
    /// Its name.
    pub enterprise_name: String,
    /// 需求来源.
    pub source: NeedSource,
    /// 需求类型.
    pub need_type: NeedType,
    /// 专业领域.
    pub discipline: Option<String>,
    /// 预算 in fen.
    #[ts(type = "number | null")]
    pub budget_fen: Option<i64>,
    /// 紧急程度.
    pub urgency: Urgency,
    /// 当前阶段.
    pub stage: NeedStage,
    /// The day of the last stage change.
    pub stage_changed_on: String,
    /// An open need (挖掘, 凝练, 对接, 解决中) whose stage has not changed for 30 days or more.
    pub stale: bool,
    /// The live matched experts' names, in name order.
    pub expert_names: Vec<String>,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// 来源: this ledger's own name when its coordinator typed the record, and the origins that sent it.
    pub origins: Vec<String>,
}

/// Days without a stage change after which an open need counts as stale (no progress).
pub const STALE_DAYS: i64 = 30;

/// The column a list of needs is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum NeedSortKey {
    /// The day of the last stage change (newest first by default).
    #[default]
    StageChangedOn,
    /// When the need was entered.
    CreatedAt,
    /// 紧急程度 (紧急 is the largest).
    Urgency,
}

/// Which needs to list (and to put on the board).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct NeedQuery {
    /// 1-based page.
    pub page: u32,
    /// Rows per page (at most 500).
    pub page_size: u32,
    /// Substring of the title, the original wording or the enterprise's name.
    pub search: Option<String>,
    /// Only these stages; empty: every stage but 已合并.
    pub stages: Vec<NeedStage>,
    /// Only this enterprise's needs.
    pub enterprise_id: Option<String>,
    /// Only this 需求类型.
    pub need_type: Option<NeedType>,
    /// Only this 紧急程度.
    pub urgency: Option<Urgency>,
    /// Only needs this expert is matched to.
    pub expert_id: Option<String>,
    /// Only stale needs (open, no stage change for 30 days or more).
    pub stale: bool,
    /// Sort column.
    pub sort: NeedSortKey,
    /// Sort direction.
    pub order: SortOrder,
    /// Only records of these origins (来源 ids, from `list_origins`); none or empty: every origin.
    pub origins: Option<Vec<String>>,
}

impl Default for NeedQuery {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: 20,
            search: None,
            stages: Vec::new(),
            enterprise_id: None,
            need_type: None,
            urgency: None,
            expert_id: None,
            stale: false,
            sort: NeedSortKey::StageChangedOn,
            order: SortOrder::Desc,
            origins: None,
        }
    }
}

/// One column of the needs board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NeedBoardColumn {
    /// The stage of the column.
    pub stage: NeedStage,
    /// Needs in this stage that match the filter.
    pub count: u32,
    /// The first of them, in the query's order.
    pub cards: Vec<NeedRow>,
}

/// The needs board: one column per stage, 挖掘 → 凝练 → 对接 → 解决中 → 已解决 → 搁置 (merged needs are not on it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NeedBoard {
    /// The six columns in board order.
    pub columns: Vec<NeedBoardColumn>,
}

/// An expert to match to a need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct MatchInput {
    /// The expert, required (live and 在岗).
    pub expert_id: String,
    /// 推荐/认领/指派, required.
    pub method: Option<MatchMethod>,
    /// The day, `YYYY-MM-DD`; today (or the day of the stage change it comes with) when not given.
    pub matched_on: Option<String>,
    /// 备注.
    pub notes: Option<String>,
}

/// A move of a need to another stage (board drag or the stage menu).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct StageChangeInput {
    /// The stage to move to, required.
    pub to: Option<NeedStage>,
    /// The day of the change, `YYYY-MM-DD`; today when not given. Not before the previous change, not in the future.
    pub changed_on: Option<String>,
    /// 说明 (required to reopen a solved need).
    pub note: Option<String>,
    /// An expert to match in the same step (moving to 对接 needs one); an expert already matched stays as matched.
    pub new_match: Option<MatchInput>,
}
