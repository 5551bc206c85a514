//! What the expert and enterprise detail pages show beside the profile: the visits, needs and service records that
//! involve the record, its workload and the outcome totals.

use serde::Serialize;
use ts_rs::TS;

use super::{
    Assignment, Enterprise, EvaluationSummary, EventRow, Expert, MatchMethod, NeedStage, NeedType, Outcomes, Page,
    Satisfaction, ServiceType, VisitMode,
};

/// One visit, as a detail page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VisitSummary {
    /// UUIDv7.
    pub id: String,
    /// 走访日期.
    pub visit_date: String,
    /// 实地/线上/电话.
    pub mode: VisitMode,
    /// The enterprise visited.
    pub enterprise_id: String,
    /// Its name.
    pub enterprise_name: String,
    /// The participating experts' names, in name order.
    pub expert_names: Vec<String>,
    /// 走访目的.
    pub purpose: Option<String>,
    /// 跟进日期.
    pub follow_up_date: Option<String>,
}

/// One technical need, as a detail page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NeedSummary {
    /// UUIDv7.
    pub id: String,
    /// 需求名称.
    pub title: String,
    /// The enterprise that has the need.
    pub enterprise_id: String,
    /// Its name.
    pub enterprise_name: String,
    /// 需求类型.
    pub need_type: NeedType,
    /// 当前阶段.
    pub stage: NeedStage,
    /// Date of the last stage change.
    pub stage_changed_on: String,
    /// On an expert's page: how the expert came to the need (推荐/认领/指派).
    pub match_method: Option<MatchMethod>,
    /// On an expert's page: the day the expert was matched.
    pub matched_on: Option<String>,
}

/// One service record, as a detail page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRecordSummary {
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
    /// 合同金额 in fen (1/100 yuan).
    #[ts(type = "number")]
    pub contract_amount_fen: i64,
    /// 满意度 of its 服务对象评价; none: not evaluated.
    pub satisfaction: Option<Satisfaction>,
}

/// Sums of the outcomes (成效) of a set of service records. Money in fen, exact.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeTotals {
    /// Service records counted.
    pub records: u32,
    /// 服务天数.
    pub service_days: f64,
    /// The sums of their 成效.
    #[serde(flatten)]
    #[ts(flatten)]
    pub outcomes: Outcomes,
}

/// An expert's workload: service records that start in the current month and year, and their service days.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Workload {
    /// Records starting this month.
    pub month_records: u32,
    /// Their service days.
    pub month_days: f64,
    /// Records starting this year.
    pub year_records: u32,
    /// Their service days.
    pub year_days: f64,
}

/// Everything the expert detail page shows. Lists hold the most recent rows; their `total` counts them all.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExpertOverview {
    /// The record, with its 身份证号 masked (only the edit form sees it in full).
    pub expert: Expert,
    /// 派出单位 name.
    pub organization_name: Option<String>,
    /// 批次 name.
    pub batch_name: Option<String>,
    /// 派驻/结对, latest first.
    pub assignments: Vec<Assignment>,
    /// Visits taken part in, latest first.
    pub visits: Page<VisitSummary>,
    /// Needs matched to the expert, latest match first.
    pub needs: Page<NeedSummary>,
    /// Service records, latest first.
    pub service_records: Page<ServiceRecordSummary>,
    /// 活动 the expert took part in, latest first.
    pub events: Page<EventRow>,
    /// This month and this year.
    pub workload: Workload,
    /// Outcomes of all the expert's service records.
    pub outcomes: OutcomeTotals,
    /// 服务对象评价 of all the expert's service records.
    pub evaluations: EvaluationSummary,
}

/// Everything the enterprise detail page shows. Lists hold the most recent rows; their `total` counts them all.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnterpriseOverview {
    /// The record with its contacts.
    pub enterprise: Enterprise,
    /// Experts paired with it, latest first.
    pub assignments: Vec<Assignment>,
    /// Visits, latest first.
    pub visits: Page<VisitSummary>,
    /// Its needs, most recently changed first.
    pub needs: Page<NeedSummary>,
    /// Service records, latest first.
    pub service_records: Page<ServiceRecordSummary>,
    /// 活动 it took part in, latest first.
    pub events: Page<EventRow>,
    /// Outcomes of all its service records.
    pub outcomes: OutcomeTotals,
    /// 服务对象评价 of all its service records.
    pub evaluations: EvaluationSummary,
}
