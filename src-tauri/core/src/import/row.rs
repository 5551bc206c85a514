//! One data row seen through the column mapping: its cells by field, and the errors and warnings found in it, each
//! tied to the column the file calls it.

use std::collections::HashMap;

use super::cell::Cell;
use crate::error::{CoreError, FieldError, Result};
use crate::model::ImportIssue;
use crate::validate::Invalid;

/// Which column fills each field, and the file's header of each column.
pub(crate) struct Layout {
    headers: Vec<String>,
    by_field: HashMap<String, usize>,
}

impl Layout {
    /// The layout of a mapping (`mapping[i]` is the field column `i` fills).
    pub(crate) fn new(headers: Vec<String>, mapping: &[Option<String>]) -> Self {
        let by_field = mapping.iter().enumerate().filter_map(|(i, f)| Some((f.clone()?, i))).collect();
        Self { headers, by_field }
    }

    /// The header of the column that fills `field`.
    pub(crate) fn header_of(&self, field: &str) -> Option<&str> {
        self.by_field.get(field).map(|&i| self.headers[i].as_str())
    }
}

static EMPTY: Cell = Cell::Empty;

/// One data row being read: its number as the spreadsheet shows it, its cells, and what was found wrong.
pub(crate) struct RowView<'a> {
    /// The row number as the spreadsheet shows it.
    pub row: u32,
    cells: &'a [Cell],
    layout: &'a Layout,
    /// Problems that keep the row out.
    pub errors: Vec<ImportIssue>,
    /// Things worth a look that do not keep it out.
    pub warnings: Vec<ImportIssue>,
}

impl<'a> RowView<'a> {
    /// A row with no problems found yet.
    pub(crate) fn new(row: u32, cells: &'a [Cell], layout: &'a Layout) -> Self {
        Self { row, cells, layout, errors: Vec::new(), warnings: Vec::new() }
    }

    /// The cell that fills `field` (empty when no column does).
    pub(crate) fn cell(&self, field: &str) -> &'a Cell {
        match self.layout.by_field.get(field) {
            Some(&i) => self.cells.get(i).unwrap_or(&EMPTY),
            None => &EMPTY,
        }
    }

    /// The cleaned text of `field`, `None` when blank.
    pub(crate) fn text(&self, field: &str) -> Option<String> {
        super::values::text(self.cell(field))
    }

    /// The value of `field` read by `read`; a cell it cannot read becomes an error of this row and `None`.
    pub(crate) fn read<T>(&mut self, field: &str, read: impl Fn(&Cell) -> Result<Option<T>, Invalid>) -> Option<T> {
        match read(self.cell(field)) {
            Ok(v) => v,
            Err(e) => {
                self.error(Some(field), e.zh, e.en);
                None
            }
        }
    }

    fn issue(&self, field: Option<&str>, reason: String, reason_en: String) -> ImportIssue {
        ImportIssue {
            row: self.row,
            column: field.and_then(|f| self.layout.header_of(f)).map(str::to_owned),
            reason,
            reason_en,
        }
    }

    /// Records a problem that keeps the row out.
    pub(crate) fn error(&mut self, field: Option<&str>, zh: impl Into<String>, en: impl Into<String>) {
        let issue = self.issue(field, zh.into(), en.into());
        self.errors.push(issue);
    }

    /// Records something worth a look.
    pub(crate) fn warn(&mut self, field: Option<&str>, zh: impl Into<String>, en: impl Into<String>) {
        let issue = self.issue(field, zh.into(), en.into());
        self.warnings.push(issue);
    }

    /// Records the field errors of the core's validation, each on the column of the import field `to_field` names
    /// for it (a required field no column fills is still reported, without a column).
    pub(crate) fn field_errors(&mut self, errors: Vec<FieldError>, to_field: impl Fn(&str) -> &str) {
        for e in errors {
            let field = to_field(&e.field).to_owned();
            self.error(Some(&field), e.message, e.message_en);
        }
    }

    /// A record as the core's rules judged it: the value, or `None` with their field errors recorded on the row
    /// ([`Self::field_errors`]). Any other error is returned.
    pub(crate) fn accept<T>(&mut self, judged: Result<T>, to_field: impl Fn(&str) -> &str) -> Result<Option<T>> {
        match judged {
            Ok(value) => Ok(Some(value)),
            Err(CoreError::Validation(errors)) => {
                self.field_errors(errors, to_field);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}
