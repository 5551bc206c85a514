//! The rejected rows as a workbook: the file's own columns with the rows that could not be imported, and a 原因
//! column saying why — ready to fix and import again. ID numbers are written masked (as the preview shows them), so
//! a row refused for another reason needs its number typed again.

use std::path::Path;

use chrono::{Datelike, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::cell::Cell;
use super::plan::ImportPlan;
use crate::error::Result;
use crate::model::RowStatus;
use crate::reporting::export::sheet::xlsx;
use crate::storage::fs_atomic;

impl ImportPlan {
    /// Writes the rows with errors to `path` (`.xlsx`) under the file's header, each with its reasons; returns how
    /// many rows were written. The file appears complete or not at all.
    pub fn save_rejected(&self, path: &Path) -> Result<u32> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("未导入的行").map_err(xlsx)?;
        let bold = Format::new().set_bold();
        let day = Format::new().set_num_format("yyyy-mm-dd");
        let width = self.columns.len() as u16;
        for (i, c) in self.columns.iter().enumerate() {
            sheet.write_string_with_format(0, i as u16, &c.header, &bold).map_err(xlsx)?;
        }
        sheet.write_string_with_format(0, width, "原因", &bold).map_err(xlsx)?;
        let mut out_row = 0u32;
        for j in self.judged.iter().filter(|j| j.status == RowStatus::Error) {
            out_row += 1;
            let cells = &self.grid.rows[j.row as usize - 1];
            for (i, cell) in cells.iter().take(width as usize).enumerate() {
                let col = i as u16;
                let written = match cell {
                    Cell::Empty => continue,
                    // ID numbers leave the app masked, like every view of them.
                    _ if self.masks(i) => sheet.write_string(out_row, col, self.shown(i, cell)).map(drop),
                    Cell::Text(t) | Cell::Error(t) => sheet.write_string(out_row, col, t).map(drop),
                    Cell::Number(n) => sheet.write_number(out_row, col, *n).map(drop),
                    Cell::DateTime(d) => {
                        sheet.write_datetime_with_format(out_row, col, excel_datetime(d)?, &day).map(drop)
                    }
                    Cell::Bool(b) => sheet.write_boolean(out_row, col, *b).map(drop),
                };
                written.map_err(xlsx)?;
            }
            let reasons: Vec<String> = j
                .errors
                .iter()
                .map(|e| match &e.column {
                    Some(c) => format!("【{c}】{}", e.reason),
                    None => e.reason.clone(),
                })
                .collect();
            sheet.write_string(out_row, width, reasons.join("；")).map_err(xlsx)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx)?;
        sheet.autofit();
        fs_atomic::write_atomically(path, |partial| book.save(partial).map_err(xlsx))?;
        Ok(out_row)
    }
}

/// A date-time cell as rust_xlsxwriter writes it.
fn excel_datetime(d: &NaiveDateTime) -> Result<ExcelDateTime> {
    let day = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(xlsx)?;
    day.and_hms(d.hour() as u16, d.minute() as u8, d.second()).map_err(xlsx)
}
