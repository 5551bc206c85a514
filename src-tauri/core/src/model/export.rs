//! Exports: which workbook, in which format, for which filter and columns, and what was written.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ReportFilter;

/// A workbook the app exports (the `KIND` of `ledger-cli export`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// 花名册.
    Roster,
    /// 企业名录.
    Enterprises,
    /// 走访记录台账.
    Visits,
    /// 服务台账.
    Services,
    /// 技术需求清单.
    Needs,
    /// 月度/季度/年度工作台账 (the summary workbook).
    Summary,
    /// 年度考核汇总表 (the filter's period names the assessment period: its name, or a year).
    Assessment,
    /// 考核表, one A4 sheet per expert (the filter's period as for [`ExportKind::Assessment`]).
    AssessmentSheets,
    /// 派驻名单及三方协议签订情况.
    Pairings,
    /// 活动台账: the events of the period.
    Events,
}

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// An Excel workbook.
    Xlsx,
    /// UTF-8 CSV with a byte-order mark (the ledgers only).
    Csv,
}

impl ExportFormat {
    /// The extension of its files (`xlsx`, `csv`).
    pub fn extension(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }
}

/// The paper a workbook prints on (landscape, fit to its width): A4 unless asked (`--paper a3`, the export dialog's
/// 纸张). A3 prints a wide ledger about 1.4 times larger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    /// A4, 297 × 210 mm landscape.
    #[default]
    A4,
    /// A3, 420 × 297 mm landscape.
    A3,
}

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    /// Which workbook.
    pub kind: ExportKind,
    /// Its format.
    pub format: ExportFormat,
    /// Period and scope.
    pub filter: ReportFilter,
    /// The ledger columns to write, by key, in this order; null for all of them (ignored for the summary).
    pub columns: Option<Vec<String>>,
    /// Write resident ID numbers in full (otherwise masked as 110105********002X).
    pub include_full_id: bool,
    /// The paper the workbook is set up to print on; A4 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub paper: Option<Paper>,
}

/// A column a ledger can export, offered by the column chooser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportColumn {
    /// Its key in [`ExportRequest::columns`].
    pub key: String,
    /// Its header in Chinese.
    pub label: String,
    /// Its header in English (for the chooser when the UI speaks English).
    pub label_en: String,
    /// Whether it is one of the ledger's 打印列, the columns a superior reads on paper (the default of an Excel
    /// export in the app).
    pub print: bool,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    /// The file written.
    pub path: String,
    /// Data rows written (all sheets together; for the summary, the rows of its sheets).
    #[ts(type = "number")]
    pub rows: u64,
    /// Sheets written (1 for a CSV).
    pub sheets: u32,
}

/// 填报单位 and 填报人, printed on every exported sheet; kept in 设置.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportSettings {
    /// 填报单位.
    pub reporting_unit: String,
    /// 填报人.
    pub reporter: String,
}

/// How far a running export is, sent to the UI as the `export-progress` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportProgress {
    /// The job id the UI gave the export.
    pub job_id: String,
    /// Rows written so far.
    #[ts(type = "number")]
    pub done: u64,
    /// Rows in all.
    #[ts(type = "number")]
    pub total: u64,
}
