//! 服务记录 (service records, the 服务台账): the form input with the outcomes (成效) of this record, the stored
//! record, the list row and the list query.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Evaluation, EvidenceMarks, Review, ReviewStatus, Satisfaction, ServiceType, SortOrder, Stamps};

/// What the form sends to create or edit a service record. Money is 万元 text as typed (`12.5`, `0.0001`; blank
/// means 0), stored exactly as fen; counts are whole numbers ≥ 0. Every figure is this record's alone, never a
/// running total.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceRecordInput {
    /// The expert who served, required.
    pub expert_id: Option<String>,
    /// The enterprise served, required.
    pub enterprise_id: Option<String>,
    /// The technical need served, optional; a live need of the same enterprise.
    pub need_id: Option<String>,
    /// First day, `YYYY-MM-DD`, required.
    pub start_date: Option<String>,
    /// Last day, `YYYY-MM-DD`, required, not before the first.
    pub end_date: Option<String>,
    /// 服务天数: more than 0, in steps of 0.5, at most the calendar days of the period.
    pub service_days: f64,
    /// 服务类型, required.
    pub service_type: Option<ServiceType>,
    /// 服务内容, required.
    pub content: String,
    /// 成效说明 in words.
    pub outcome_summary: Option<String>,
    /// 成效: amounts and counts.
    #[serde(flatten)]
    #[ts(flatten)]
    pub outcomes: OutcomesInput,
    /// 服务对象评价.
    #[serde(flatten)]
    #[ts(flatten)]
    pub evaluation: Evaluation,
}

/// 成效 as the form sends them. Money is 万元 text as typed (`12.5`, `0.0001`; blank means 0), stored exactly as
/// fen; counts are whole numbers ≥ 0.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct OutcomesInput {
    /// 合同金额, 万元.
    pub contract_amount: String,
    /// 投资额, 万元.
    pub investment: String,
    /// 政策资金, 万元.
    pub policy_funds: String,
    /// 降本, 万元.
    pub cost_saved: String,
    /// 新增产值, 万元.
    pub output_value: String,
    /// 新增利税, 万元.
    pub profit_tax: String,
    /// 专利 (items).
    #[ts(type = "number")]
    pub patents: i64,
    /// 新产品.
    #[ts(type = "number")]
    pub new_products: i64,
    /// 新技术.
    #[ts(type = "number")]
    pub new_technologies: i64,
    /// 培训人次.
    #[ts(type = "number")]
    pub people_trained: i64,
    /// 解决需求 (needs solved).
    #[ts(type = "number")]
    pub needs_solved: i64,
}

/// 成效: what a service record achieved, or the sum over several. Money in fen (1/100 yuan), exact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Outcomes {
    /// 合同金额.
    #[ts(type = "number")]
    pub contract_amount_fen: i64,
    /// 投资额.
    #[ts(type = "number")]
    pub investment_fen: i64,
    /// 政策资金.
    #[ts(type = "number")]
    pub policy_funds_fen: i64,
    /// 降本.
    #[ts(type = "number")]
    pub cost_saved_fen: i64,
    /// 新增产值.
    #[ts(type = "number")]
    pub output_value_fen: i64,
    /// 新增利税.
    #[ts(type = "number")]
    pub profit_tax_fen: i64,
    /// 专利.
    pub patents: u32,
    /// 新产品.
    pub new_products: u32,
    /// 新技术.
    pub new_technologies: u32,
    /// 培训人次.
    pub people_trained: u32,
    /// 解决需求.
    pub needs_solved: u32,
}

/// The "copy last" pre-fill of the fast-entry form ([`crate::fieldwork::service_records::last_template`]): the form, and the
/// names of the expert, enterprise and need it points at, so the form can show them without looking them up. A
/// reference that was not copied has no name (`""`, `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRecordTemplate {
    /// The form, pre-filled.
    pub input: ServiceRecordInput,
    /// The name of `input.expertId`.
    pub expert_name: String,
    /// The name of `input.enterpriseId`.
    pub enterprise_name: String,
    /// The title of `input.needId`.
    pub need_title: Option<String>,
}

/// A service record as stored, with the names of what it points at. Money in fen (1/100 yuan), exact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRecord {
    /// UUIDv7.
    pub id: String,
    /// The expert who served.
    pub expert_id: String,
    /// Their name.
    pub expert_name: String,
    /// The enterprise served.
    pub enterprise_id: String,
    /// Its name.
    pub enterprise_name: String,
    /// The need served, if any.
    pub need_id: Option<String>,
    /// Its title.
    pub need_title: Option<String>,
    /// First day.
    pub start_date: String,
    /// Last day.
    pub end_date: String,
    /// 服务天数.
    pub service_days: f64,
    /// 服务类型.
    pub service_type: ServiceType,
    /// 服务内容.
    pub content: Option<String>,
    /// 成效说明.
    pub outcome_summary: Option<String>,
    /// 成效: amounts and counts.
    #[serde(flatten)]
    #[ts(flatten)]
    pub outcomes: Outcomes,
    /// 服务对象评价.
    #[serde(flatten)]
    #[ts(flatten)]
    pub evaluation: Evaluation,
    /// 审核: status, opinion, reviewer, time.
    #[serde(flatten)]
    #[ts(flatten)]
    pub review: Review,
    /// When it was made and last changed, and its revision.
    #[serde(flatten)]
    #[ts(flatten)]
    pub stamps: Stamps,
}

/// One line of the service ledger list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRecordRow {
    /// UUIDv7.
    pub id: String,
    /// First day.
    pub start_date: String,
    /// Last day.
    pub end_date: String,
    /// The expert who served.
    pub expert_id: String,
    /// Their name.
    pub expert_name: String,
    /// The enterprise served.
    pub enterprise_id: String,
    /// Its name.
    pub enterprise_name: String,
    /// The need served, if any.
    pub need_id: Option<String>,
    /// Its title.
    pub need_title: Option<String>,
    /// 服务类型.
    pub service_type: ServiceType,
    /// 服务天数.
    pub service_days: f64,
    /// 服务内容.
    pub content: Option<String>,
    /// 合同金额 in fen.
    #[ts(type = "number")]
    pub contract_amount_fen: i64,
    /// Attachments (photos, scans) kept with the record.
    pub attachment_count: u32,
    /// 满意度 of its 服务对象评价; none: not evaluated.
    pub satisfaction: Option<Satisfaction>,
    /// 来源: this ledger's own name when its coordinator typed the record, and the origins that sent it.
    pub origins: Vec<String>,
    /// Its evidence: a 服务确认书 and/or 现场照片 among its attachments.
    pub evidence: EvidenceMarks,
    /// 审核 status.
    pub review_status: ReviewStatus,
    /// The opinion of a 退回 (or of the last decision).
    pub review_opinion: Option<String>,
}

/// The column the service ledger is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ServiceRecordSortKey {
    /// 开始日期 (newest first by default).
    #[default]
    StartDate,
    /// 服务天数.
    ServiceDays,
    /// 合同金额.
    ContractAmount,
}

/// Which service records to list (and to total, with the same filter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceRecordQuery {
    /// 1-based page.
    pub page: u32,
    /// Rows per page (at most 500).
    pub page_size: u32,
    /// Substring of the content, the expert's name or the enterprise's name.
    pub search: Option<String>,
    /// Only this expert's records.
    pub expert_id: Option<String>,
    /// Only records for this enterprise.
    pub enterprise_id: Option<String>,
    /// Only records serving this need.
    pub need_id: Option<String>,
    /// Only this 服务类型.
    pub service_type: Option<ServiceType>,
    /// Records starting on or after this day, `YYYY-MM-DD`.
    pub date_from: Option<String>,
    /// Records starting on or before this day, `YYYY-MM-DD`.
    pub date_to: Option<String>,
    /// Sort column.
    pub sort: ServiceRecordSortKey,
    /// Sort direction.
    pub order: SortOrder,
    /// Only records of these origins (来源 ids, from `list_origins`); none or empty: every origin.
    pub origins: Option<Vec<String>>,
    /// 缺确认单: only records without a live attachment marked as their 服务确认书.
    pub missing_confirmation: bool,
    /// Only records with this 审核 status.
    pub review_status: Option<ReviewStatus>,
}

impl Default for ServiceRecordQuery {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: 20,
            search: None,
            expert_id: None,
            enterprise_id: None,
            need_id: None,
            service_type: None,
            date_from: None,
            date_to: None,
            sort: ServiceRecordSortKey::StartDate,
            order: SortOrder::Desc,
            origins: None,
            missing_confirmation: false,
            review_status: None,
        }
    }
}
