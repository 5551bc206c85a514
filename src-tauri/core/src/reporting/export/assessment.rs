//! The 年度考核 workbooks: 年度考核汇总表 (one row per expert, 合计/分布, a 考核办法 sheet) and the 考核表 (one A4
//! sheet per expert with signature boxes), from the period's sheet read in the export's transaction.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::model::{AssessmentExportKind, AssessmentExportRequest, ExportReport, ReportSettings};

/// Writes the workbook `request` asks for to `out`.
pub(super) fn export(
    _conn: &Connection,
    _request: &AssessmentExportRequest,
    _settings: &ReportSettings,
    _today: NaiveDate,
    _out: &Path,
    _progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<ExportReport> {
    let _ = AssessmentExportKind::Summary;
    Err(CoreError::Unsupported { message: "尚未实现".into(), message_en: "Not built yet".into() })
}
