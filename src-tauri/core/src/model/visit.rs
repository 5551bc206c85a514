//! 走访 (visits): the form input, the stored record with its participating experts, the list row and the list query.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{EvidenceMarks, Review, ReviewStatus, SortOrder, Stamps, VisitMode};

/// What the visit form sends to create or edit a visit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct VisitInput {
    /// 走访日期 `YYYY-MM-DD`, required.
    pub visit_date: String,
    /// The enterprise visited, required.
    pub enterprise_id: String,
    /// The participating experts: at least one, each once.
    pub expert_ids: Vec<String>,
    /// 走访方式 实地/线上/电话, required.
    pub mode: Option<VisitMode>,
    /// 走访目的.
    pub purpose: Option<String>,
    /// 发现的问题/了解的情况.
    pub findings: Option<String>,
    /// 下一步.
    pub next_step: Option<String>,
    /// 跟进日期 `YYYY-MM-DD`, not before the visit.
    pub follow_up_date: Option<String>,
    /// 备注.
    pub notes: Option<String>,
}

/// An expert who took part in a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VisitParticipant {
    /// The expert's id.
    pub id: String,
    /// The expert's name.
    pub name: String,
}

/// A visit as stored, with the names it points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Visit {
    /// UUIDv7.
    pub id: String,
    /// 走访日期 `YYYY-MM-DD`.
    pub visit_date: String,
    /// The enterprise visited.
    pub enterprise_id: String,
    /// Its name.
    pub enterprise_name: String,
    /// The participating experts, in name order.
    pub experts: Vec<VisitParticipant>,
    /// 走访方式.
    pub mode: VisitMode,
    /// 走访目的.
    pub purpose: Option<String>,
    /// 发现的问题/了解的情况.
    pub findings: Option<String>,
    /// 下一步.
    pub next_step: Option<String>,
    /// 跟进日期 `YYYY-MM-DD`.
    pub follow_up_date: Option<String>,
    /// 备注.
    pub notes: Option<String>,
    /// 已跟进: the follow-up closed with a note without a later visit; none while it is open (or there is none).
    pub follow_up_closure: Option<FollowUpClosure>,
    /// 审核: status, opinion, reviewer, time.
    #[serde(flatten)]
    #[ts(flatten)]
    pub review: Review,
    /// When it was made and last changed, and its revision.
    #[serde(flatten)]
    #[ts(flatten)]
    pub stamps: Stamps,
}

/// One line of the visit list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VisitRow {
    /// UUIDv7.
    pub id: String,
    /// 走访日期.
    pub visit_date: String,
    /// The enterprise visited.
    pub enterprise_id: String,
    /// Its name.
    pub enterprise_name: String,
    /// The participating experts' names, in name order.
    pub expert_names: Vec<String>,
    /// 走访方式.
    pub mode: VisitMode,
    /// 走访目的.
    pub purpose: Option<String>,
    /// 跟进日期.
    pub follow_up_date: Option<String>,
    /// Its follow-up is overdue: due before today and pending (`fieldwork/follow_ups.rs`).
    pub follow_up_overdue: bool,
    /// Its follow-up was closed with a note (已跟进).
    pub follow_up_closed: bool,
    /// Attachments (not removed).
    pub attachment_count: u32,
    /// 来源: this ledger's own name when its coordinator typed the record, and the origins that sent it.
    pub origins: Vec<String>,
    /// Its evidence: a stamped 走访记录表 and/or 现场照片 among its attachments.
    pub evidence: EvidenceMarks,
    /// 审核 status.
    pub review_status: ReviewStatus,
    /// The opinion of a 退回 (or of the last decision).
    pub review_opinion: Option<String>,
}

/// The column a list of visits is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum VisitSortKey {
    /// 走访日期 (newest first by default).
    #[default]
    VisitDate,
    /// 跟进日期; visits without one come last.
    FollowUpDate,
}

/// Which visits to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct VisitQuery {
    /// 1-based page.
    pub page: u32,
    /// Rows per page (at most 500).
    pub page_size: u32,
    /// Substring of the enterprise's name, the purpose or the findings.
    pub search: Option<String>,
    /// Only visits to this enterprise.
    pub enterprise_id: Option<String>,
    /// Only visits this expert took part in.
    pub expert_id: Option<String>,
    /// Only this 走访方式.
    pub mode: Option<VisitMode>,
    /// Visits on or after this day, `YYYY-MM-DD`.
    pub date_from: Option<String>,
    /// Visits on or before this day, `YYYY-MM-DD`.
    pub date_to: Option<String>,
    /// Only visits whose follow-up is pending (not answered by a later visit, not closed) and due in this window of
    /// the ledger's today (`fieldwork/follow_ups.rs`, the rule the 工作台 counts by).
    pub follow_up: Option<FollowUpFilter>,
    /// Sort column.
    pub sort: VisitSortKey,
    /// Sort direction.
    pub order: SortOrder,
    /// Only records of these origins (来源 ids, from `list_origins`); none or empty: every origin.
    pub origins: Option<Vec<String>>,
    /// 缺确认单: only visits without a live attachment marked as their stamped 走访记录表.
    pub missing_confirmation: bool,
    /// Only records with this 审核 status.
    pub review_status: Option<ReviewStatus>,
}

impl Default for VisitQuery {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: 20,
            search: None,
            enterprise_id: None,
            expert_id: None,
            mode: None,
            date_from: None,
            date_to: None,
            follow_up: None,
            sort: VisitSortKey::VisitDate,
            order: SortOrder::Desc,
            origins: None,
            missing_confirmation: false,
            review_status: None,
        }
    }
}

/// Which pending follow-ups a list of visits keeps, as of the ledger's today (the windows of the 工作台's lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FollowUpFilter {
    /// 已逾期: due before today.
    Overdue,
    /// 本周到期: due from today through this week's Sunday.
    DueThisWeek,
    /// 本周待跟进: due on or before this week's Sunday, overdue ones included.
    Pending,
}

/// How a follow-up was closed without a later visit (已跟进).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpClosure {
    /// The day it was closed `YYYY-MM-DD` (the ledger's today).
    pub closed_on: String,
    /// What was done instead: 电话回访, 无需跟进 or the coordinator's own words.
    pub note: String,
    /// Who closed it (the 操作人).
    pub closed_by: Option<String>,
}

/// Closing a visit's follow-up with a note (关闭跟进).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct FollowUpCloseInput {
    /// The visit whose follow-up is closed.
    pub visit_id: String,
    /// The visit's revision as it was read; a stale one is refused with `conflict`.
    pub expected_revision: i32,
    /// The note, required (电话回访, 无需跟进, or free text).
    pub note: String,
}
