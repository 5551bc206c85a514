//! Reports: the period and scope a statistic or an export covers, and the figures of the statistics engine that the
//! 统计导出 page and the summary workbook both read.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{EventType, NeedStage, OrganizationKind, OutcomeTotals};

/// Which records a report covers: a period and, optionally, a scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportFilter {
    /// 统计期间, written as `2024` (year), `2024-Q1` (quarter), `2024-03` (month) or `2024-01-01..2024-06-30`.
    pub period: String,
    /// 地区: a province, city or county name; matches the enterprise's region at any level.
    pub region: Option<String>,
    /// 派出单位: only experts of this dispatching organisation (and what they did).
    pub organization_id: Option<String>,
    /// 批次: only experts of this batch (and what they did).
    pub batch_id: Option<String>,
    /// 来源: only records of these origins (ids from `list_origins`); none or empty: every origin.
    #[serde(default)]
    #[ts(optional)]
    pub origins: Option<Vec<String>>,
    /// 只统计已审核: only visits and service records that are 已通过 count (none: off).
    #[serde(default)]
    #[ts(optional)]
    pub reviewed_only: Option<bool>,
}

/// How a period was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A calendar month (月度).
    Month,
    /// A calendar quarter (季度).
    Quarter,
    /// A calendar year (年度).
    Year,
    /// Any from–to range of days.
    Range,
}

/// A parsed period: its first and last day (both included) and how it is named on a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportPeriod {
    /// How it was given.
    pub kind: PeriodKind,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD` (included).
    pub to: String,
    /// Its name on a report title, e.g. 2024年第一季度, 2024年3月, 2024-01-01至2024-06-30.
    pub label: String,
}

/// Visits in the period: 走访次数, 走访人次 (one per participating expert), distinct experts and enterprises.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VisitFigures {
    /// 走访次数.
    pub visits: u32,
    /// 走访人次.
    pub person_visits: u32,
    /// Distinct experts who took part.
    pub experts: u32,
    /// Distinct enterprises visited.
    pub enterprises: u32,
}

/// 活动 in the period: how many, the people who attended (the events that recorded it), and the distinct enterprises
/// that took part; by type, every type listed in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EventFigures {
    /// 活动场次.
    pub events: u32,
    /// 参加人数, summed over the events that recorded it.
    pub attendance: u32,
    /// Distinct enterprises that took part.
    pub enterprises: u32,
    /// Per 活动类型, in the type's order.
    pub by_type: Vec<EventTypeFigures>,
}

/// The events of one type in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EventTypeFigures {
    /// 活动类型.
    pub event_type: EventType,
    /// 活动场次.
    pub events: u32,
    /// 参加人数.
    pub attendance: u32,
}

/// How many needs were at one stage at the end of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StageCount {
    /// The stage.
    pub stage: NeedStage,
    /// Needs at it.
    pub count: u32,
}

/// 需求进展: needs new and solved in the period, the stock by stage at its end, and the stale ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NeedFigures {
    /// 新增需求: needs created in the period.
    pub new: u32,
    /// 已解决: needs that reached 已解决 in the period.
    pub solved: u32,
    /// The stock at the end of the period by stage, in stage order, every stage listed (zero included).
    pub by_stage: Vec<StageCount>,
    /// 超过30天无进展: open needs (挖掘…解决中) whose stage had not changed for 30 days or more at the end of the
    /// period (or today, when the period ends later) — the home page's rule.
    pub stale: u32,
}

/// One month of the period: the trend the page charts and the summary's monthly sheet lists.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthStatistics {
    /// `YYYY-MM`.
    pub month: String,
    /// 走访次数.
    pub visits: u32,
    /// 走访人次.
    pub person_visits: u32,
    /// Service records starting in the month.
    pub service_records: u32,
    /// Their service days.
    pub service_days: f64,
    /// Needs created in the month.
    pub needs_new: u32,
    /// Needs solved in the month.
    pub needs_solved: u32,
}

/// 专员工作量: one expert's work in the period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExpertStatistics {
    /// The expert's id.
    pub expert_id: String,
    /// 姓名.
    pub name: String,
    /// 派出单位.
    pub organization_name: Option<String>,
    /// Visits taken part in (走访人次 of this expert).
    pub visits: u32,
    /// Distinct enterprises visited or served.
    pub enterprises: u32,
    /// Needs matched to the expert in the period.
    pub needs_matched: u32,
    /// Service records, days and outcomes.
    pub outcomes: OutcomeTotals,
}

/// 派出单位统计: the work of one dispatching organisation's experts in the period.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationStatistics {
    /// The organisation's id; null for experts without one (未填派出单位).
    pub organization_id: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// 单位类型.
    pub kind: Option<OrganizationKind>,
    /// Experts of the unit in scope (whether or not they worked in the period).
    pub experts: u32,
    /// Of them, experts who visited or served in the period.
    pub active_experts: u32,
    /// 走访人次 of its experts.
    pub person_visits: u32,
    /// Distinct enterprises its experts visited or served.
    pub enterprises: u32,
    /// Service records, days and outcomes.
    pub outcomes: OutcomeTotals,
}

/// 地区统计: the work done for the enterprises of one region, one level below the scope's region (cities when the
/// scope has no region or a province, counties when it is a city).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegionStatistics {
    /// The region's name as shown (e.g. 宁波市, or 未填地区).
    pub region: String,
    /// Distinct enterprises visited or served.
    pub enterprises: u32,
    /// 走访次数.
    pub visits: u32,
    /// Needs created in the period.
    pub needs_new: u32,
    /// Needs solved in the period.
    pub needs_solved: u32,
    /// Service records, days and outcomes.
    pub outcomes: OutcomeTotals,
}

/// Everything the statistics engine computes for a filter. The 统计导出 page and the summary workbook read this one
/// value, so they cannot disagree.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Statistics {
    /// The period, parsed.
    pub period: ReportPeriod,
    /// The scope as shown on a report (e.g. 宁波市 · 浙江大学 · 2024年第一批), empty for everything.
    pub scope_label: String,
    /// Distinct experts who visited or served in the period.
    pub experts_served: u32,
    /// Distinct enterprises visited or served in the period.
    pub enterprises_served: u32,
    /// 走访.
    pub visits: VisitFigures,
    /// 活动 (供需对接会, 培训会, 路演 …).
    pub events: EventFigures,
    /// 需求进展.
    pub needs: NeedFigures,
    /// 成效: service records starting in the period, their days and outcome sums.
    pub outcomes: OutcomeTotals,
    /// Every month of the period, in order (months without work included).
    pub per_month: Vec<MonthStatistics>,
    /// Experts in scope who visited or served in the period, by service days, most first.
    pub per_expert: Vec<ExpertStatistics>,
    /// Dispatching organisations in scope, by service days, most first.
    pub per_organization: Vec<OrganizationStatistics>,
    /// Regions, by service days, most first.
    pub per_region: Vec<RegionStatistics>,
}
