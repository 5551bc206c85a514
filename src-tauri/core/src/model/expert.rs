//! 科技专员 (experts): the full record, the form input, the list row and the list query.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Education, ExpertStatus, ExpertTitle, Gender, ServiceForm, SortOrder, Stamps};

/// What a form sends to create or edit an expert. Optional codes are `Option` so a missing value becomes a
/// field-level message, not a decoding failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ExpertInput {
    /// 姓名, required.
    pub name: String,
    /// 性别.
    pub gender: Option<Gender>,
    /// 出生年月, `YYYY-MM`.
    pub birth_month: Option<String>,
    /// 学历.
    pub education: Option<Education>,
    /// 职称 level, required.
    pub title: Option<ExpertTitle>,
    /// 派出单位.
    pub organization_id: Option<String>,
    /// 职务.
    pub position: Option<String>,
    /// 专业领域.
    pub discipline: Option<String>,
    /// 专长 tags.
    pub specialties: Vec<String>,
    /// Mobile or landline.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// 身份证号 (sensitive).
    pub id_card: Option<String>,
    /// 派驻/兼职/合作.
    pub service_form: Option<ServiceForm>,
    /// 批次.
    pub batch_id: Option<String>,
    /// 服务期 start, `YYYY-MM-DD`.
    pub service_start: Option<String>,
    /// 服务期 end, `YYYY-MM-DD`.
    pub service_end: Option<String>,
    /// 状态; active when not given.
    pub status: Option<ExpertStatus>,
    /// 备注.
    pub notes: Option<String>,
}

/// An expert as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Expert {
    /// UUIDv7.
    pub id: String,
    /// 姓名.
    pub name: String,
    /// 性别.
    pub gender: Option<Gender>,
    /// 出生年月, `YYYY-MM`.
    pub birth_month: Option<String>,
    /// 学历.
    pub education: Option<Education>,
    /// 职称 level.
    pub title: ExpertTitle,
    /// 派出单位.
    pub organization_id: Option<String>,
    /// 职务.
    pub position: Option<String>,
    /// 专业领域.
    pub discipline: Option<String>,
    /// 专长 tags.
    pub specialties: Vec<String>,
    /// Normalised phone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// 身份证号, unmasked: only the edit form shows this record.
    pub id_card: Option<String>,
    /// 派驻/兼职/合作.
    pub service_form: Option<ServiceForm>,
    /// 批次.
    pub batch_id: Option<String>,
    /// 服务期 start.
    pub service_start: Option<String>,
    /// 服务期 end.
    pub service_end: Option<String>,
    /// 状态.
    pub status: ExpertStatus,
    /// 备注.
    pub notes: Option<String>,
    /// When it was made and last changed, and its revision.
    #[serde(flatten)]
    #[ts(flatten)]
    pub stamps: Stamps,
}

/// One line of the expert list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExpertRow {
    /// UUIDv7.
    pub id: String,
    /// 姓名.
    pub name: String,
    /// 性别.
    pub gender: Option<Gender>,
    /// 职称 level.
    pub title: ExpertTitle,
    /// 派出单位 name.
    pub organization_name: Option<String>,
    /// 专业领域.
    pub discipline: Option<String>,
    /// Normalised phone.
    pub phone: Option<String>,
    /// 身份证号, masked.
    pub id_card_masked: Option<String>,
    /// 状态.
    pub status: ExpertStatus,
    /// UTC, RFC 3339.
    pub updated_at: String,
    /// 来源: this ledger's own name when its coordinator typed the record, and the origins that sent it.
    pub origins: Vec<String>,
}

/// The column a list of experts is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ExpertSortKey {
    /// Most recently changed first by default.
    #[default]
    UpdatedAt,
    /// 姓名.
    Name,
    /// 职称.
    Title,
    /// 派出单位.
    OrganizationName,
}

/// Which experts to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ExpertQuery {
    /// 1-based page.
    pub page: u32,
    /// Rows per page (at most 500).
    pub page_size: u32,
    /// Substring of the name, dispatching unit, discipline or phone.
    pub search: Option<String>,
    /// Only this 职称.
    pub title: Option<ExpertTitle>,
    /// Only this 状态.
    pub status: Option<ExpertStatus>,
    /// Only this 派出单位.
    pub organization_id: Option<String>,
    /// Only this 批次.
    pub batch_id: Option<String>,
    /// Sort column.
    pub sort: ExpertSortKey,
    /// Sort direction.
    pub order: SortOrder,
    /// Only records of these origins (来源 ids, from `list_origins`); none or empty: every origin.
    pub origins: Option<Vec<String>>,
    /// Only 本月未服务: active (在岗) experts with no live service record starting in the ledger's current month, the
    /// home page's list (`registry::experts::unserved`).
    pub unserved: bool,
}

impl Default for ExpertQuery {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: 20,
            search: None,
            title: None,
            status: None,
            organization_id: None,
            batch_id: None,
            sort: ExpertSortKey::UpdatedAt,
            order: SortOrder::Desc,
            origins: None,
            unserved: false,
        }
    }
}
