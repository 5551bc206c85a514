//! 改正 in the preview: a cell of a row typed again where the person sees it, instead of in the file. The corrected
//! preview is a copy of the plan with that one cell changed, judged again as a whole by the same rules against the
//! database as it is now — a row's in-file duplicates depend on the rows around it, so a correction can make a later
//! row a repeat of this one, or stop it being one. The file is never touched; the value typed is what the commit
//! writes and what the rejected rows' workbook shows, and the import's audit entry lists the corrected cells.

use std::collections::HashMap;

use serde::Serialize;

use super::cell::Cell;
use super::columns;
use super::plan::{counts, ImportPlan, Judged};
use crate::error::{CoreError, Result};
use crate::model::{CellCorrection, ImportCorrection, ImportRecord};
use crate::storage::db::Database;

/// A cell corrected in the preview, with the value the file gives it.
#[derive(Debug, Clone)]
pub(crate) struct Corrected {
    /// The row number as the spreadsheet shows it.
    pub row: u32,
    /// The column's index.
    pub column: usize,
    /// The file's own value.
    pub original: Cell,
}

impl ImportPlan {
    /// The plan with `fix` applied and every row judged again; the plan itself is left as it was. A value typed back
    /// to the file's own text undoes the correction. Refused (a `validation` error, nothing changed) for a column out of
    /// range or filling no field, a row that is not one of the preview's data rows, and a correction that would make
    /// the row blank, a totals row or a repeated header.
    pub(crate) fn corrected(&self, db: &Database, fix: &CellCorrection) -> Result<(ImportPlan, ImportCorrection)> {
        let column = fix.column as usize;
        match self.columns.get(column) {
            None => {
                return Err(CoreError::field(
                    "column",
                    format!("预览中没有第 {} 列", fix.column + 1),
                    format!("The preview has no column {}", fix.column + 1),
                ))
            }
            Some(c) if c.field.is_none() => {
                return Err(CoreError::field(
                    "column",
                    format!("“{}”列（{} 列）不对应任何字段，改了也不会导入", c.header, c.letter),
                    format!("Column {} ({}) fills no field; a change there is not imported", c.letter, c.header),
                ))
            }
            Some(_) => {}
        }
        if !self.judged.iter().any(|j| j.row == fix.row) {
            return Err(not_a_row(fix.row));
        }
        let mut grid = self.grid.clone();
        let cells = &mut grid.rows[fix.row as usize - 1];
        if cells.len() <= column {
            cells.resize(column + 1, Cell::Empty);
        }
        let typed = if fix.value.trim().is_empty() { Cell::Empty } else { Cell::Text(fix.value.clone()) };
        let before = std::mem::replace(&mut cells[column], typed);
        let mut corrections = self.corrections.clone();
        let earlier = corrections.iter().position(|c| c.row == fix.row && c.column == column);
        let original = match earlier {
            Some(i) => corrections.remove(i).original,
            None => before,
        };
        if original.display().trim() == fix.value.trim() {
            // Typed back as the file has it: the file's own cell again, no correction.
            cells[column] = original;
        } else {
            corrections.push(Corrected { row: fix.row, column, original });
        }
        let mut plan = ImportPlan {
            id: self.id.clone(),
            request: self.request.clone(),
            file_name: self.file_name.clone(),
            info: self.info.clone(),
            grid,
            header_row: self.header_row,
            columns: self.columns.clone(),
            signature: self.signature.clone(),
            remembered: self.remembered,
            judged: Vec::new(),
            today: self.today,
            judged_at: db.commits(),
            corrections,
        };
        plan.judged = db.read_snapshot(|conn| plan.judge(conn))?;
        let Some(row) = plan.judged.iter().find(|j| j.row == fix.row) else {
            return Err(CoreError::field(
                "value",
                "改正后这一行成了空行、合计行或重复的表头，不会被导入；请另填一个值",
                "With this value the row reads as blank, a totals row or a repeated header; type another value",
            ));
        };
        let before: HashMap<u32, &Judged> = self.judged.iter().map(|j| (j.row, j)).collect();
        let changed = plan
            .judged
            .iter()
            .filter(|j| j.row != fix.row && before.get(&j.row).is_none_or(|b| !same_judgement(b, j)))
            .map(|j| plan.preview_row(j))
            .collect();
        let correction = ImportCorrection { row: plan.preview_row(row), changed, counts: counts(&plan.judged) };
        Ok((plan, correction))
    }

    /// The import's audit image: its history record and, when cells were corrected in the preview, which ones (row,
    /// column, field). The values are left out: the corrected value is in the record written, and personal data kept
    /// outside its record would survive the record's purge (docs/SECURITY.md).
    pub(crate) fn audit_image<'a>(&'a self, record: &'a ImportRecord) -> ImportAudit<'a> {
        let mut corrections: Vec<CorrectionAudit> = self
            .corrections
            .iter()
            .map(|c| CorrectionAudit {
                row: c.row,
                column: columns::column_letter(c.column),
                header: self.columns[c.column].header.clone(),
                field: self.columns[c.column].field.clone(),
            })
            .collect();
        corrections.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
        ImportAudit { record, corrections }
    }
}

/// What the audit log keeps of an import.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ImportAudit<'a> {
    #[serde(flatten)]
    record: &'a ImportRecord,
    /// The cells corrected in the preview (absent when none were).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    corrections: Vec<CorrectionAudit>,
}

/// One corrected cell as the audit log names it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CorrectionAudit {
    row: u32,
    column: String,
    header: String,
    field: Option<String>,
}

/// Whether two judgements of a row say the same.
fn same_judgement(a: &Judged, b: &Judged) -> bool {
    a.status == b.status
        && a.errors == b.errors
        && a.warnings == b.warnings
        && a.note == b.note
        && a.existing_id == b.existing_id
}

fn not_a_row(row: u32) -> CoreError {
    CoreError::field(
        "row",
        format!("第 {row} 行不是这次预览中的数据行（预览可能已更新，请重新打开）"),
        format!("Row {row} is not a data row of this preview (it may have changed; open it again)"),
    )
}
