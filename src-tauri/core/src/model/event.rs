//! 活动 (events): a 供需对接会, 培训会 or 路演 with several enterprises and experts at once — the form input, the stored
//! record with its enterprises and experts, the list row (also the detail pages' lines) and the list query.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{EventType, SortOrder, Stamps};

/// What the event form sends to create or edit an event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct EventInput {
    /// 活动类型, required.
    pub event_type: Option<EventType>,
    /// 活动名称, required.
    pub title: String,
    /// 活动日期 `YYYY-MM-DD`, required, not after today.
    pub event_date: String,
    /// 地点.
    pub place: Option<String>,
    /// 参加人数: not recorded, or at least the number of experts chosen (they attended).
    pub attendance: Option<u32>,
    /// The enterprises that took part: at least one, each once.
    pub enterprise_ids: Vec<String>,
    /// The experts who took part: any number, each once.
    pub expert_ids: Vec<String>,
    /// 活动内容.
    pub content: Option<String>,
    /// 备注.
    pub notes: Option<String>,
}

/// An enterprise or an expert of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EventParty {
    /// The record's id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// An event as stored, with the names it points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// UUIDv7.
    pub id: String,
    /// 活动类型.
    pub event_type: EventType,
    /// 活动名称.
    pub title: String,
    /// 活动日期 `YYYY-MM-DD`.
    pub event_date: String,
    /// 地点.
    pub place: Option<String>,
    /// 参加人数.
    pub attendance: Option<u32>,
    /// The enterprises, in name order.
    pub enterprises: Vec<EventParty>,
    /// The experts, in name order.
    pub experts: Vec<EventParty>,
    /// 活动内容.
    pub content: Option<String>,
    /// 备注.
    pub notes: Option<String>,
    /// When it was made and last changed, and its revision.
    #[serde(flatten)]
    #[ts(flatten)]
    pub stamps: Stamps,
}

/// One line of the event list, and of the events on an enterprise's or an expert's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EventRow {
    /// UUIDv7.
    pub id: String,
    /// 活动类型.
    pub event_type: EventType,
    /// 活动名称.
    pub title: String,
    /// 活动日期.
    pub event_date: String,
    /// 地点.
    pub place: Option<String>,
    /// 参加人数.
    pub attendance: Option<u32>,
    /// The enterprises' names, in name order.
    pub enterprise_names: Vec<String>,
    /// The experts' names, in name order.
    pub expert_names: Vec<String>,
    /// Attachments (not removed).
    pub attachment_count: u32,
}

/// Which events to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct EventQuery {
    /// 1-based page.
    pub page: u32,
    /// Rows per page (at most 500).
    pub page_size: u32,
    /// Substring of the title, the place, the content or an enterprise's name.
    pub search: Option<String>,
    /// Only this 活动类型.
    pub event_type: Option<EventType>,
    /// Only events with this enterprise.
    pub enterprise_id: Option<String>,
    /// Only events with this expert.
    pub expert_id: Option<String>,
    /// Events on or after this day, `YYYY-MM-DD`.
    pub date_from: Option<String>,
    /// Events on or before this day, `YYYY-MM-DD`.
    pub date_to: Option<String>,
    /// By 活动日期, newest first by default.
    pub order: SortOrder,
}

impl Default for EventQuery {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: 20,
            search: None,
            event_type: None,
            enterprise_id: None,
            expert_id: None,
            date_from: None,
            date_to: None,
            order: SortOrder::Desc,
        }
    }
}
