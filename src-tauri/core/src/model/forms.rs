//! 打印表单: the one-page forms printed for a service record (服务确认单) or a visit (走访记录表), stamped by the
//! enterprise, scanned and attached again as the record's evidence.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which form to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// 服务确认单, one per service record.
    ServiceConfirmation,
    /// 走访记录表, one per visit.
    VisitRecord,
}

/// The forms to write into one workbook: one sheet per record, each printing on one A4 page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FormsRequest {
    /// 服务确认单 (service records) or 走访记录表 (visits).
    pub kind: FormKind,
    /// The records, in the order of the sheets (at most [`MAX_FORMS`]).
    pub ids: Vec<String>,
}

/// The most records one workbook of forms takes.
pub const MAX_FORMS: usize = 200;
