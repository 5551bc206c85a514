//! 审核 (review) of visits and service records: the review a record carries, the review queue's rows and query,
//! and what a reviewer decides.

use rusqlite::Row;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ReviewKind, ReviewStatus};

/// The review of a visit or service record, flattened into it: `reviewStatus`, `reviewOpinion`, `reviewedBy`,
/// `reviewedAt`. Read from four consecutive columns in one place ([`Review::from_row`], [`Review::COLUMNS`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    /// 待审核 / 已通过 / 退回.
    pub review_status: ReviewStatus,
    /// The reviewer's opinion (required when returned, kept when approved later).
    pub review_opinion: Option<String>,
    /// Who decided last.
    pub reviewed_by: Option<String>,
    /// When, UTC RFC 3339.
    pub reviewed_at: Option<String>,
}

impl Default for Review {
    fn default() -> Self {
        Self { review_status: ReviewStatus::Approved, review_opinion: None, reviewed_by: None, reviewed_at: None }
    }
}

impl Review {
    /// The four columns, in the order [`Review::from_row`] reads them, of the table under `alias`.
    pub fn columns(alias: &str) -> String {
        format!("{alias}.review_status, {alias}.review_opinion, {alias}.reviewed_by, {alias}.reviewed_at")
    }

    /// The review read from four consecutive columns ([`Review::columns`]), the first at `first`.
    pub fn from_row(r: &Row<'_>, first: usize) -> rusqlite::Result<Self> {
        Ok(Self {
            review_status: r.get(first)?,
            review_opinion: r.get(first + 1)?,
            reviewed_by: r.get(first + 2)?,
            reviewed_at: r.get(first + 3)?,
        })
    }
}

/// What a reviewer decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    /// 通过.
    Approve,
    /// 退回 (an opinion is required).
    Return,
}

/// One record named for a review decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewTarget {
    /// Visit or service record.
    pub kind: ReviewKind,
    /// Its id.
    pub id: String,
}

/// A review decision on one or many records (批量通过), applied all or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewInput {
    /// The records decided.
    pub targets: Vec<ReviewTarget>,
    /// 通过 or 退回.
    pub decision: ReviewDecision,
    /// 审核意见: required to return, optional to approve.
    #[serde(default)]
    #[ts(optional)]
    pub opinion: Option<String>,
}

/// One line of the review queue: a visit or a service record not yet approved.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewQueueRow {
    /// Visit or service record.
    pub kind: ReviewKind,
    /// Its id.
    pub id: String,
    /// 走访日期 or the service's first day.
    pub date: String,
    /// The enterprise.
    pub enterprise_id: String,
    /// Its name.
    pub enterprise_name: String,
    /// The experts' names (a visit's participants, a service record's expert).
    pub expert_names: Vec<String>,
    /// 走访目的 or 服务内容.
    pub summary: Option<String>,
    /// 服务天数 (service records only).
    pub service_days: Option<f64>,
    /// Its review.
    #[serde(flatten)]
    #[ts(flatten)]
    pub review: Review,
}

/// Which records the review queue lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReviewQueueQuery {
    /// 1-based page.
    pub page: u32,
    /// Rows per page (at most 500).
    pub page_size: u32,
    /// Only visits or only service records; none: both.
    pub kind: Option<ReviewKind>,
    /// Only pending or only returned; none: both (never approved).
    pub status: Option<ReviewStatus>,
    /// Only records of this expert.
    pub expert_id: Option<String>,
    /// Only records of this enterprise.
    pub enterprise_id: Option<String>,
    /// On or after this day, `YYYY-MM-DD`.
    pub date_from: Option<String>,
    /// On or before this day, `YYYY-MM-DD`.
    pub date_to: Option<String>,
}

impl Default for ReviewQueueQuery {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: 50,
            kind: None,
            status: None,
            expert_id: None,
            enterprise_id: None,
            date_from: None,
            date_to: None,
        }
    }
}

/// 设置 → 审核: whether records typed by the coordinator need review, and whether statistics and exports count
/// only approved records (remembered for the 统计导出 page and the export dialog).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReviewSettings {
    /// 录入的记录需要审核: new visits and service records typed here start 待审核 (off: 已通过).
    pub review_entered: bool,
    /// 只统计已审核: the switch of the statistics and the exports, as last chosen.
    pub reviewed_only: bool,
}
