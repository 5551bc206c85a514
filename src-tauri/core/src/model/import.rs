//! 导入 (import): what the import page asks for, the preview of every row with its status and reasons, and the
//! report of what was written.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a file is imported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ImportKind {
    /// 科技专员花名册.
    Experts,
    /// 服务企业名录.
    Enterprises,
    /// 走访记录.
    Visits,
    /// 服务台账.
    Services,
    /// 技术需求征集表.
    Needs,
    /// 活动台账 (供需对接会, 培训会, 路演 with several enterprises).
    Events,
}

impl ImportKind {
    /// Every kind, in the order the import page offers them: **the one list** (the header synonyms, the templates,
    /// the CLI and the page follow it).
    pub const ALL: &'static [Self] =
        &[Self::Experts, Self::Enterprises, Self::Visits, Self::Services, Self::Needs, Self::Events];

    /// The code stored in the database and used by `ledger-cli import KIND`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Experts => "experts",
            Self::Enterprises => "enterprises",
            Self::Visits => "visits",
            Self::Services => "services",
            Self::Needs => "needs",
            Self::Events => "events",
        }
    }

    /// The kind of a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.code() == code)
    }
}

/// What to do with a row that matches a record already stored (or an earlier row of the same file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DuplicatePolicy {
    /// Leave the stored record as it is.
    #[default]
    Skip,
    /// Overwrite the stored record with the row (experts by name + phone, enterprises by credit code).
    Update,
}

/// What to do when some rows are wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorPolicy {
    /// Import the good rows and report the bad ones.
    #[default]
    Skip,
    /// Import nothing while any row is wrong.
    Stop,
}

/// One sheet of a workbook (a CSV file has one, named after the file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportSheet {
    /// The sheet's name as the workbook shows it.
    pub name: String,
    /// Hidden sheets are skipped unless chosen.
    pub hidden: bool,
}

/// What the import page asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportRequest {
    /// The file to read (`.xlsx`, `.xls`, `.csv`).
    pub path: String,
    /// What the rows are.
    pub kind: ImportKind,
    /// The sheet; the first visible one when not given.
    pub sheet: Option<String>,
    /// For each column of the file, the field it fills (`None` leaves it out). Not given: the mapping remembered for
    /// files with the same headers, or one guessed from the header names.
    pub mapping: Option<Vec<Option<String>>>,
    /// Rows matching a stored record.
    pub on_duplicate: DuplicatePolicy,
    /// Rows with errors.
    pub on_error: ErrorPolicy,
}

impl Default for ImportRequest {
    fn default() -> Self {
        Self {
            path: String::new(),
            kind: ImportKind::Experts,
            sheet: None,
            mapping: None,
            on_duplicate: DuplicatePolicy::Skip,
            on_error: ErrorPolicy::Skip,
        }
    }
}

/// A field rows can fill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportField {
    /// The field's key (camelCase), as the mapping names it.
    pub key: String,
    /// Its name in Chinese.
    pub label: String,
    /// Its name in English.
    pub label_en: String,
    /// Rows without it are rejected.
    pub required: bool,
}

/// One column of the file and the field it fills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportColumn {
    /// The spreadsheet's column letter (A, B, …, AA).
    pub letter: String,
    /// The header as the file writes it.
    pub header: String,
    /// The field it fills, if any.
    pub field: Option<String>,
}

/// A row's outcome in the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RowStatus {
    /// Will be added.
    New,
    /// Will overwrite the stored record it matches.
    Update,
    /// Matches a stored record or an earlier row and will be skipped.
    Duplicate,
    /// Will be added (or update), but something deserves a look.
    Warning,
    /// Cannot be imported; the reasons say why.
    Error,
}

/// A problem with one row, or one cell of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportIssue {
    /// The row number as the spreadsheet shows it.
    pub row: u32,
    /// The column's header as the file writes it, when the problem is in one cell.
    pub column: Option<String>,
    /// Why, in Chinese.
    pub reason: String,
    /// Why, in English.
    pub reason_en: String,
}

/// One data row of the file with what the import will do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    /// The row number as the spreadsheet shows it.
    pub row: u32,
    /// What will happen to it.
    pub status: RowStatus,
    /// The cells as the file shows them, one per column.
    pub values: Vec<String>,
    /// Errors, warnings and the duplicate's explanation.
    pub issues: Vec<ImportIssue>,
    /// The stored record a duplicate or update matches.
    pub existing_id: Option<String>,
    /// The columns (0-based) corrected in the preview: their values are what was typed there, not the file's.
    pub corrected: Vec<u32>,
}

/// How many rows have each status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportCounts {
    /// Data rows read (empty and 合计 rows not counted).
    pub read: u32,
    /// To be added.
    pub new: u32,
    /// To overwrite stored records.
    pub update: u32,
    /// Duplicates to skip.
    pub duplicate: u32,
    /// To be added or updated, with warnings.
    pub warning: u32,
    /// Rejected.
    pub error: u32,
}

/// The preview of an import: what was found in the file and what the rows will do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// The preview's id, for the rows, the commit and the rejected rows' workbook.
    pub id: String,
    /// What the rows are.
    pub kind: ImportKind,
    /// The file's name.
    pub file_name: String,
    /// The sheets of the file.
    pub sheets: Vec<ImportSheet>,
    /// The sheet read.
    pub sheet: String,
    /// How a text file was decoded (`UTF-8`, `GB18030`, `UTF-16LE` …); `None` for a workbook.
    pub encoding: Option<String>,
    /// The header row's number as the spreadsheet shows it.
    pub header_row: u32,
    /// The file's columns with the field each fills.
    pub columns: Vec<ImportColumn>,
    /// Every field this kind of import can fill.
    pub fields: Vec<ImportField>,
    /// Whether the mapping came from an earlier file with the same headers.
    pub mapping_remembered: bool,
    /// Required fields no column fills (every row is then an error).
    pub missing_fields: Vec<String>,
    /// Rows per status.
    pub counts: ImportCounts,
    /// Rows matching a stored record.
    pub on_duplicate: DuplicatePolicy,
    /// Rows with errors.
    pub on_error: ErrorPolicy,
}

/// Which preview rows to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PreviewQuery {
    /// Only rows with this status.
    pub status: Option<RowStatus>,
    /// 1-based page.
    pub page: u32,
    /// Rows per page (at most 500).
    pub page_size: u32,
}

impl Default for PreviewQuery {
    fn default() -> Self {
        Self { status: None, page: 1, page_size: 50 }
    }
}

/// What an import wrote (also `ledger-cli import --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// The import's id in the history (for undo); `None` when nothing was written.
    pub import_id: Option<String>,
    /// Data rows read.
    pub read: u32,
    /// Records added.
    pub imported: u32,
    /// Stored records overwritten.
    pub updated: u32,
    /// Duplicates left alone.
    pub skipped: u32,
    /// Rows not imported, with why.
    pub rejected: Vec<ImportIssue>,
    /// Rows imported with something worth a look.
    pub warnings: Vec<ImportIssue>,
    /// Whether the rows were written: false for a dry run, for an import with nothing to write, and when rows with
    /// errors stopped it (遇错停止).
    pub written: bool,
}

/// How far a running import is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    /// The preview being committed.
    pub id: String,
    /// Rows written so far.
    pub done: u32,
    /// Rows to write.
    pub total: u32,
}

/// One import in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRecord {
    /// UUIDv7.
    pub id: String,
    /// What was imported.
    pub kind: ImportKind,
    /// The file's name.
    pub file_name: String,
    /// The sheet read.
    pub sheet: String,
    /// Who imported it.
    pub actor: String,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// Data rows read.
    pub read: u32,
    /// Records added.
    pub imported: u32,
    /// Stored records overwritten.
    pub updated: u32,
    /// Rows skipped or rejected.
    pub skipped: u32,
    /// When it was undone (UTC), if it was.
    pub undone_at: Option<String>,
}

/// One cell of a preview row corrected by hand (改正): the row is judged again at once, and the value typed is what
/// the import writes. The file itself is never changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CellCorrection {
    /// The row number as the spreadsheet shows it.
    pub row: u32,
    /// The column's index in the preview (0-based: column A is 0).
    pub column: u32,
    /// The cell's new text (empty clears it).
    pub value: String,
}

/// A preview after a correction: the corrected row judged again, the other rows whose judgement changed with it (a
/// row that repeats it now, or no longer does), and the counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportCorrection {
    /// The corrected row.
    pub row: PreviewRow,
    /// Other rows judged differently since the correction.
    pub changed: Vec<PreviewRow>,
    /// Rows per status now.
    pub counts: ImportCounts,
}
