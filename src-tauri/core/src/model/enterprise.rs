//! 服务企业 (enterprises) and their contacts: the stored record, the form input, the list row and the list query.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{EnterpriseSize, SortOrder, Stamps};
use crate::error::FieldError;

/// One contact person as the enterprise form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactInput {
    /// The id of an existing contact being edited; `None` for a new one.
    pub id: Option<String>,
    /// 姓名, required.
    pub name: String,
    /// 职务.
    pub position: Option<String>,
    /// Mobile or landline.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// The primary contact (at most one; the first contact when none is marked).
    pub is_primary: bool,
}

/// A contact person as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// UUIDv7.
    pub id: String,
    /// 姓名.
    pub name: String,
    /// 职务.
    pub position: Option<String>,
    /// Normalised phone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// The primary contact.
    pub is_primary: bool,
}

impl From<&Contact> for ContactInput {
    /// The form entry that keeps a stored contact as it is.
    fn from(c: &Contact) -> Self {
        Self {
            id: Some(c.id.clone()),
            name: c.name.clone(),
            position: c.position.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            is_primary: c.is_primary,
        }
    }
}

/// What the form sends to create or edit an enterprise.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct EnterpriseInput {
    /// 企业名称, required.
    pub name: String,
    /// 统一社会信用代码, required.
    pub credit_code: String,
    /// The reason to accept a code whose check character fails (some real codes do).
    pub credit_code_override: Option<String>,
    /// 省.
    pub province: Option<String>,
    /// 市.
    pub city: Option<String>,
    /// 区/县.
    pub county: Option<String>,
    /// 行政区划代码 (6 digits).
    pub region_code: Option<String>,
    /// 地址.
    pub address: Option<String>,
    /// 法定代表人.
    pub legal_representative: Option<String>,
    /// 行业门类: a GB/T 4754 section letter A–T.
    pub industry: Option<String>,
    /// 主营产品.
    pub main_products: Option<String>,
    /// 企业规模.
    pub size: Option<EnterpriseSize>,
    /// 高新技术企业.
    pub is_high_tech: bool,
    /// 科技型中小企业.
    pub is_tech_sme: bool,
    /// 专精特新.
    pub is_specialized: bool,
    /// 备注.
    pub notes: Option<String>,
    /// 联系人.
    pub contacts: Vec<ContactInput>,
}

/// An enterprise as stored, with its contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Enterprise {
    /// UUIDv7.
    pub id: String,
    /// 企业名称.
    pub name: String,
    /// 统一社会信用代码, normalised (18 characters, upper case).
    pub credit_code: String,
    /// The recorded reason when a failing check character was accepted.
    pub credit_code_override: Option<String>,
    /// 省.
    pub province: Option<String>,
    /// 市.
    pub city: Option<String>,
    /// 区/县.
    pub county: Option<String>,
    /// 行政区划代码.
    pub region_code: Option<String>,
    /// 地址.
    pub address: Option<String>,
    /// 法定代表人.
    pub legal_representative: Option<String>,
    /// 行业门类 (A–T).
    pub industry: Option<String>,
    /// 主营产品.
    pub main_products: Option<String>,
    /// 企业规模.
    pub size: Option<EnterpriseSize>,
    /// 高新技术企业.
    pub is_high_tech: bool,
    /// 科技型中小企业.
    pub is_tech_sme: bool,
    /// 专精特新.
    pub is_specialized: bool,
    /// 备注.
    pub notes: Option<String>,
    /// 联系人, the primary one first.
    pub contacts: Vec<Contact>,
    /// When it was made and last changed, and its revision.
    #[serde(flatten)]
    #[ts(flatten)]
    pub stamps: Stamps,
}

/// One line of the enterprise list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnterpriseRow {
    /// UUIDv7.
    pub id: String,
    /// 企业名称.
    pub name: String,
    /// 统一社会信用代码.
    pub credit_code: String,
    /// 省.
    pub province: Option<String>,
    /// 市.
    pub city: Option<String>,
    /// 区/县.
    pub county: Option<String>,
    /// 行业门类.
    pub industry: Option<String>,
    /// 企业规模.
    pub size: Option<EnterpriseSize>,
    /// 高新技术企业.
    pub is_high_tech: bool,
    /// 科技型中小企业.
    pub is_tech_sme: bool,
    /// 专精特新.
    pub is_specialized: bool,
    /// The primary contact's name.
    pub contact_name: Option<String>,
    /// The primary contact's phone.
    pub contact_phone: Option<String>,
    /// UTC, RFC 3339.
    pub updated_at: String,
    /// 来源: this ledger's own name when its coordinator typed the record, and the origins that sent it.
    pub origins: Vec<String>,
}

/// The column a list of enterprises is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum EnterpriseSortKey {
    /// Most recently changed first by default.
    #[default]
    UpdatedAt,
    /// 企业名称.
    Name,
    /// 统一社会信用代码.
    CreditCode,
    /// Province, city, county.
    Region,
}

/// Which enterprises to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct EnterpriseQuery {
    /// 1-based page.
    pub page: u32,
    /// Rows per page (at most 500).
    pub page_size: u32,
    /// Substring of the name, main products, address or legal representative.
    pub search: Option<String>,
    /// Only this province.
    pub province: Option<String>,
    /// Only this city.
    pub city: Option<String>,
    /// Only this county.
    pub county: Option<String>,
    /// Only this size.
    pub size: Option<EnterpriseSize>,
    /// Only (not) 高新技术企业.
    pub is_high_tech: Option<bool>,
    /// Only (not) 科技型中小企业.
    pub is_tech_sme: Option<bool>,
    /// Only (not) 专精特新.
    pub is_specialized: Option<bool>,
    /// Only this 行业门类.
    pub industry: Option<String>,
    /// Sort column.
    pub sort: EnterpriseSortKey,
    /// Sort direction.
    pub order: SortOrder,
    /// Only records of these origins (来源 ids, from `list_origins`); none or empty: every origin.
    pub origins: Option<Vec<String>>,
}

impl Default for EnterpriseQuery {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: 20,
            search: None,
            province: None,
            city: None,
            county: None,
            size: None,
            is_high_tech: None,
            is_tech_sme: None,
            is_specialized: None,
            industry: None,
            sort: EnterpriseSortKey::UpdatedAt,
            order: SortOrder::Desc,
            origins: None,
        }
    }
}

/// A saved record with the non-blocking warnings about it (e.g. a similar name already on file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveOutcome<T> {
    /// The record as saved.
    pub record: T,
    /// Things the user may want to check; the record was saved regardless.
    pub warnings: Vec<FieldError>,
}
