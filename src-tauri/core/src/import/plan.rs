//! The preview of an import: the file read, the header found, the columns mapped, and every data row judged
//! against the database — what it will add, update or skip, and why a row is refused.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use super::cell::{cut_for_preview, Cell, Grid};
use super::row::{Layout, RowView};
use super::source::{self, SourceInfo};
use super::{columns, enterprises, events, experts, needs, records};
use crate::error::{CoreError, FieldError, Result};
use crate::model::{
    clamp_page, DuplicatePolicy, ImportColumn, ImportCounts, ImportField, ImportIssue, ImportKind, ImportPreview,
    ImportRequest, Page, PreviewQuery, PreviewRow, RowStatus,
};
use crate::storage::db::Database;
use crate::storage::ids::new_id;
use crate::validate::id_card::mask_id_card;

/// What a row will write.
pub(crate) enum Action {
    /// A new expert.
    Expert(Box<experts::NewExpert>),
    /// An expert overwritten.
    ExpertUpdate(Box<experts::ExpertUpdate>),
    /// A new enterprise.
    Enterprise(Box<enterprises::NewEnterprise>),
    /// An enterprise overwritten.
    EnterpriseUpdate(Box<enterprises::EnterpriseUpdate>),
    /// A new visit.
    Visit(Box<crate::model::VisitInput>),
    /// A new service record.
    Service(Box<crate::model::ServiceRecordInput>),
    /// A new need (with a contact for its enterprise).
    Need(Box<needs::NewNeed>),
    /// A new event with its enterprises and experts.
    Event(Box<crate::model::EventInput>),
}

/// What the per-kind rules decided about a row whose cells could be read.
pub(crate) enum Decision {
    /// Add it.
    Add(Action),
    /// Overwrite the stored record `existing_id`.
    Update { existing_id: String, action: Action },
    /// Leave it out: it matches a stored record or an earlier row; the reason says which.
    Duplicate { existing_id: Option<String>, reason: String, reason_en: String },
    /// Leave it out: its errors say why.
    Reject,
}

/// One data row judged.
pub(crate) struct Judged {
    pub row: u32,
    pub status: RowStatus,
    pub errors: Vec<ImportIssue>,
    pub warnings: Vec<ImportIssue>,
    pub note: Option<ImportIssue>,
    pub existing_id: Option<String>,
    pub action: Option<Action>,
}

/// The rules of one kind of import, loaded with what the database holds.
pub(crate) enum Rules {
    Experts(experts::Rules),
    Enterprises(enterprises::Rules),
    Records(records::Rules),
    Needs(needs::Rules),
    Events(events::Rules),
}

impl Rules {
    fn load(conn: &Connection, kind: ImportKind, policy: DuplicatePolicy, today: NaiveDate) -> Result<Self> {
        Ok(match kind {
            ImportKind::Experts => Self::Experts(experts::Rules::load(conn, policy, today)?),
            ImportKind::Enterprises => Self::Enterprises(enterprises::Rules::load(conn, policy)?),
            ImportKind::Visits | ImportKind::Services => Self::Records(records::Rules::load(conn, kind, today)?),
            ImportKind::Needs => Self::Needs(needs::Rules::load(conn)?),
            ImportKind::Events => Self::Events(events::Rules::load(conn, today)?),
        })
    }

    fn judge(&mut self, conn: &Connection, row: &mut RowView<'_>) -> Result<Decision> {
        match self {
            Self::Experts(r) => r.judge(conn, row),
            Self::Enterprises(r) => r.judge(conn, row),
            Self::Records(r) => r.judge(conn, row),
            Self::Needs(r) => r.judge(conn, row),
            Self::Events(r) => r.judge(conn, row),
        }
    }
}

/// A file read and judged, kept while the person looks at the preview; [`crate::Ledger::import_commit`] judges it
/// again inside the writing transaction, so what is written matches the database at that moment.
pub struct ImportPlan {
    pub(crate) id: String,
    pub(crate) request: ImportRequest,
    pub(crate) file_name: String,
    pub(crate) info: SourceInfo,
    pub(crate) grid: Grid,
    pub(crate) header_row: usize,
    pub(crate) columns: Vec<ImportColumn>,
    pub(crate) signature: String,
    pub(crate) remembered: bool,
    pub(crate) judged: Vec<Judged>,
    pub(crate) today: NaiveDate,
    /// The database's commit count before the rows were judged ([`Database::commits`]).
    pub(crate) judged_at: u64,
    /// The cells corrected in the preview, each with the file's own value ([`super::correct`]).
    pub(crate) corrections: Vec<super::correct::Corrected>,
}

impl ImportPlan {
    /// Reads the file (before touching the database), then finds the mapping (given, remembered or guessed) and
    /// judges every row against one snapshot of the database.
    pub(crate) fn build(db: &Database, request: &ImportRequest, today: NaiveDate) -> Result<Self> {
        let path = Path::new(&request.path);
        let (grid, info) = source::read(path, request.sheet.as_deref())?;
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let header_row = columns::find_header_row(&grid, request.kind).ok_or_else(|| no_header(&grid, request.kind))?;
        let width = grid.rows.iter().skip(header_row).map(|r| used_width(r)).max().unwrap_or(0);
        let headers: Vec<String> = (0..width)
            .map(|i| grid.rows[header_row].get(i).map(|c| c.display().trim().to_owned()).unwrap_or_default())
            .collect();
        let given = request.mapping.as_ref().map(|m| check_mapping(request.kind, m, width)).transpose()?;
        let mut plan = Self {
            id: new_id(),
            request: request.clone(),
            file_name,
            info,
            grid,
            header_row,
            columns: Vec::new(),
            signature: columns::header_signature(&headers),
            remembered: false,
            judged: Vec::new(),
            today,
            judged_at: db.commits(),
            corrections: Vec::new(),
        };
        db.read_snapshot(|conn| {
            let mapping = match given {
                Some(m) => m,
                None => match remembered_mapping(conn, request.kind, &plan.signature, width)? {
                    Some(m) => {
                        plan.remembered = true;
                        m
                    }
                    None => columns::guess_mapping(request.kind, &headers),
                },
            };
            plan.columns = headers
                .iter()
                .zip(mapping)
                .enumerate()
                .map(|(i, (h, f))| ImportColumn { letter: columns::column_letter(i), header: h.clone(), field: f })
                .collect();
            plan.judged = plan.judge(conn)?;
            Ok(())
        })?;
        Ok(plan)
    }

    /// Judges every data row against the database `conn` shows.
    pub(crate) fn judge(&self, conn: &Connection) -> Result<Vec<Judged>> {
        let mut rules = Rules::load(conn, self.request.kind, self.request.on_duplicate, self.today)?;
        let headers = self.columns.iter().map(|c| c.header.clone()).collect();
        let mapping: Vec<Option<String>> = self.columns.iter().map(|c| c.field.clone()).collect();
        let layout = Layout::new(headers, &mapping);
        let missing = self.missing();
        let header_cells = &self.grid.rows[self.header_row];
        let mut out = Vec::new();
        for (i, cells) in self.grid.rows.iter().enumerate().skip(self.header_row + 1) {
            if columns::is_blank_row(cells) || columns::is_totals_row(cells) || repeats_header(cells, header_cells) {
                continue;
            }
            let mut row = RowView::new(i as u32 + 1, cells, &layout);
            for field in &missing {
                row.error(
                    None,
                    format!("没有“{}”列，请在列对应中指定", field.label),
                    format!("No column gives {}; map one", field.label_en),
                );
            }
            let decision = if missing.is_empty() { rules.judge(conn, &mut row)? } else { Decision::Reject };
            out.push(finish(row, decision));
        }
        Ok(out)
    }

    /// Required fields no column fills.
    pub(crate) fn missing_fields(&self) -> Vec<String> {
        self.missing().into_iter().map(|f| f.key).collect()
    }

    fn missing(&self) -> Vec<ImportField> {
        columns::fields(self.request.kind)
            .into_iter()
            .filter(|f| f.required && !self.columns.iter().any(|c| c.field.as_deref() == Some(f.key.as_str())))
            .collect()
    }

    /// The preview's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the preview page shows above the rows.
    pub fn preview(&self) -> ImportPreview {
        ImportPreview {
            id: self.id.clone(),
            kind: self.request.kind,
            file_name: self.file_name.clone(),
            sheets: self.info.sheets.clone(),
            sheet: self.grid.name.clone(),
            encoding: self.info.encoding.clone(),
            header_row: self.header_row as u32 + 1,
            columns: self.columns.clone(),
            fields: columns::fields(self.request.kind),
            mapping_remembered: self.remembered,
            missing_fields: self.missing_fields(),
            counts: counts(&self.judged),
            on_duplicate: self.request.on_duplicate,
            on_error: self.request.on_error,
        }
    }

    /// A page of the judged rows, optionally of one status.
    pub fn rows(&self, query: &PreviewQuery) -> Page<PreviewRow> {
        let (page, page_size, offset) = clamp_page(query.page, query.page_size);
        let matching: Vec<&Judged> =
            self.judged.iter().filter(|j| query.status.is_none_or(|s| s == j.status)).collect();
        let items =
            matching.iter().skip(offset as usize).take(page_size as usize).map(|j| self.preview_row(j)).collect();
        Page { items, total: matching.len() as u32, page, page_size }
    }

    /// One judged row as the preview shows it.
    pub(crate) fn preview_row(&self, j: &Judged) -> PreviewRow {
        let cells = &self.grid.rows[j.row as usize - 1];
        PreviewRow {
            row: j.row,
            status: j.status,
            values: (0..self.columns.len())
                .map(|i| cells.get(i).map(|c| cut_for_preview(self.shown(i, c))).unwrap_or_default())
                .collect(),
            issues: j.errors.iter().chain(&j.warnings).chain(&j.note).cloned().collect(),
            existing_id: j.existing_id.clone(),
            corrected: self.corrections.iter().filter(|c| c.row == j.row).map(|c| c.column as u32).collect(),
        }
    }
}

impl ImportPlan {
    /// Whether column `i` holds ID numbers, which the preview and the rejected-rows workbook show masked.
    pub(crate) fn masks(&self, i: usize) -> bool {
        self.columns.get(i).and_then(|c| c.field.as_deref()) == Some("idCard")
    }

    /// A cell of column `i` as the preview shows it: as the spreadsheet does, an ID number masked.
    pub(crate) fn shown(&self, i: usize, cell: &Cell) -> String {
        let text = cell.display();
        if self.masks(i) {
            mask_id_card(&text)
        } else {
            text
        }
    }
}

/// A row's status from its problems and what the rules decided.
fn finish(row: RowView<'_>, decision: Decision) -> Judged {
    let RowView { row, errors, warnings, .. } = row;
    let mut judged =
        Judged { row, status: RowStatus::Error, errors, warnings, note: None, existing_id: None, action: None };
    if !judged.errors.is_empty() {
        // What would have happened to a row that does not come in (a unit to create …) is beside the point.
        judged.warnings.clear();
        return judged;
    }
    let warned = if judged.warnings.is_empty() { None } else { Some(RowStatus::Warning) };
    match decision {
        Decision::Add(action) => {
            judged.status = warned.unwrap_or(RowStatus::New);
            judged.action = Some(action);
        }
        Decision::Update { existing_id, action } => {
            judged.status = warned.unwrap_or(RowStatus::Update);
            judged.existing_id = Some(existing_id);
            judged.action = Some(action);
        }
        Decision::Duplicate { existing_id, reason, reason_en } => {
            judged.status = RowStatus::Duplicate;
            judged.warnings.clear();
            judged.existing_id = existing_id;
            judged.note = Some(ImportIssue { row, column: None, reason, reason_en });
        }
        Decision::Reject => {}
    }
    judged
}

/// Rows per status.
pub(crate) fn counts(judged: &[Judged]) -> ImportCounts {
    let mut c = ImportCounts { read: judged.len() as u32, ..ImportCounts::default() };
    for j in judged {
        *match j.status {
            RowStatus::New => &mut c.new,
            RowStatus::Update => &mut c.update,
            RowStatus::Duplicate => &mut c.duplicate,
            RowStatus::Warning => &mut c.warning,
            RowStatus::Error => &mut c.error,
        } += 1;
    }
    c
}

/// The columns up to the last one with something in it.
fn used_width(row: &[Cell]) -> usize {
    row.iter().rposition(|c| !c.is_blank()).map_or(0, |i| i + 1)
}

/// A header row printed again further down (files made for printing repeat it).
fn repeats_header(cells: &[Cell], header: &[Cell]) -> bool {
    let text = |c: &Cell| c.display().trim().to_owned();
    used_width(cells) == used_width(header) && cells.iter().zip(header).all(|(a, b)| text(a) == text(b))
}

fn no_header(grid: &Grid, kind: ImportKind) -> CoreError {
    let names: Vec<String> = columns::fields(kind).into_iter().filter(|f| f.required).map(|f| f.label).collect();
    CoreError::import_file(
        format!(
            "在工作表“{}”的前 30 行中没有找到表头：表头应包含{}等列名（是否选错了工作表或导入类型？）",
            grid.name,
            names.join("、")
        ),
        format!(
            "No header row was found in the first 30 rows of sheet \"{}\": it should name columns such as {} \
             (is this the right sheet and kind of import?)",
            grid.name,
            columns::fields(kind).into_iter().filter(|f| f.required).map(|f| f.label_en).collect::<Vec<_>>().join(", ")
        ),
    )
}

/// A mapping the person chose: one entry per column, known fields, each at most once.
fn check_mapping(kind: ImportKind, mapping: &[Option<String>], width: usize) -> Result<Vec<Option<String>>> {
    let fields = columns::fields(kind);
    let mut seen = HashMap::new();
    let mut errors = Vec::new();
    for (i, field) in mapping.iter().enumerate() {
        let Some(field) = field else { continue };
        if i >= width {
            errors.push(FieldError::new(
                "mapping",
                format!("列对应多于文件的列数（{width}）"),
                format!("The mapping has more columns than the file ({width})"),
            ));
        } else if !fields.iter().any(|f| &f.key == field) {
            errors.push(FieldError::new(
                "mapping",
                format!("未知的字段“{field}”"),
                format!("Unknown field \"{field}\""),
            ));
        } else if let Some(first) = seen.insert(field.clone(), i) {
            let label = fields.iter().find(|f| &f.key == field).map(|f| f.label.clone()).unwrap_or_default();
            errors.push(FieldError::new(
                "mapping",
                format!(
                    "“{label}”对应了两列（{} 列和 {} 列）",
                    columns::column_letter(first),
                    columns::column_letter(i)
                ),
                format!(
                    "{field} is mapped to two columns ({} and {})",
                    columns::column_letter(first),
                    columns::column_letter(i)
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let mut m = mapping.to_vec();
    m.resize(width, None);
    Ok(m)
}

/// The mapping remembered for files of this kind with these headers, if it still fits.
fn remembered_mapping(
    conn: &Connection,
    kind: ImportKind,
    signature: &str,
    width: usize,
) -> Result<Option<Vec<Option<String>>>> {
    let json: Option<String> = conn
        .query_row(
            "SELECT mapping FROM import_mappings WHERE kind = ?1 AND signature = ?2",
            [kind.code(), signature],
            |r| r.get(0),
        )
        .optional()?;
    let Some(json) = json else { return Ok(None) };
    let mapping: Vec<Option<String>> =
        serde_json::from_str(&json).map_err(|e| CoreError::CorruptValue(format!("import_mappings: {e}")))?;
    Ok(check_mapping(kind, &mapping, width).ok().filter(|m| m.len() == width))
}
