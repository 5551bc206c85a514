//! 工作台 (the home page): follow-ups due and overdue, needs with no progress, experts with no service this month,
//! and this month against last month.

use serde::Serialize;
use ts_rs::TS;

use super::{NeedStage, Page};

/// A visit whose follow-up (跟进) is due or overdue; opens the visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpItem {
    /// The visit's id.
    pub visit_id: String,
    /// 走访日期.
    pub visit_date: String,
    /// 跟进日期.
    pub follow_up_date: String,
    /// The enterprise visited.
    pub enterprise_id: String,
    /// Its name.
    pub enterprise_name: String,
    /// The participating experts' names, in name order.
    pub expert_names: Vec<String>,
    /// 走访目的.
    pub purpose: Option<String>,
    /// 下一步.
    pub next_step: Option<String>,
}

/// An open need whose stage has not changed for 30 days or more; opens the need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaleNeedItem {
    /// The need's id.
    pub need_id: String,
    /// 需求名称.
    pub title: String,
    /// The enterprise that has the need.
    pub enterprise_id: String,
    /// Its name.
    pub enterprise_name: String,
    /// 当前阶段 (挖掘/凝练/对接/解决中).
    pub stage: NeedStage,
    /// Date of the last stage change.
    pub stage_changed_on: String,
    /// Days since then.
    pub idle_days: u32,
}

/// An active expert with no service record starting this month; opens the expert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdleExpertItem {
    /// The expert's id.
    pub expert_id: String,
    /// 姓名.
    pub name: String,
    /// 派出单位 name.
    pub organization_name: Option<String>,
    /// Start date of their latest service record, if they have any.
    pub last_service_date: Option<String>,
}

/// The figures of one calendar month.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    /// Visits dated in the month.
    pub visits: u32,
    /// Service records starting in the month.
    pub service_records: u32,
    /// Their service days.
    pub service_days: f64,
    /// Needs that reached 已解决 in the month.
    pub needs_solved: u32,
}

/// Everything the home page shows, read in one snapshot. Each list holds at most 20 items; its `total` counts them
/// all.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// The day the figures are for, `YYYY-MM-DD`.
    pub today: String,
    /// The last day of this ISO week (Sunday), the end of "due this week".
    pub week_end: String,
    /// Follow-ups due from today through Sunday, not yet done; soonest first.
    pub follow_ups_due: Page<FollowUpItem>,
    /// Follow-ups due before today, not yet done; most recently due first.
    pub follow_ups_overdue: Page<FollowUpItem>,
    /// Open needs with no stage change for 30 days or more; longest idle first.
    pub stale_needs: Page<StaleNeedItem>,
    /// Active experts with no service record starting this month; longest without service first.
    pub idle_experts: Page<IdleExpertItem>,
    /// This calendar month.
    pub this_month: MonthFigures,
    /// The calendar month before.
    pub last_month: MonthFigures,
}
