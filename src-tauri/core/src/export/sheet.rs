//! The sheet toolkit every exported workbook uses: a [`Book`] of constant-memory sheets, each [`Table`] laid out the
//! way government offices exchange forms — a merged title row (标题 + period), a 填报单位/填报人/填报日期 line, a
//! bold bordered header, frozen panes and an autofilter, real dates and numbers, 万元 with two decimals exact from
//! fen, a 合计 row of SUM formulas, column widths that fit Chinese text, A4 landscape one page wide with the header
//! repeated on every printed page — and text that cannot turn into a formula. Rows past a sheet's limit continue on
//! a second sheet `名称(2)` with the same heading.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError};

use super::value::{display_width, looks_like_formula, CellKind, Value};
use crate::error::{CoreError, Result};
use crate::money::{format_wan, wan_number};

/// Rows of an Excel worksheet.
pub const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// Lines above the data on every sheet: the title, the 填报 line and the header.
pub const HEADING_ROWS: u32 = 3;

/// The header row (0-based).
const HEADER_ROW: u32 = HEADING_ROWS - 1;

/// Excel's limit for the text of one cell, in UTF-16 units.
const MAX_CELL_UTF16: usize = 32_767;

/// Character widths added to the widest cell of a column.
const WIDTH_PADDING: usize = 2;

/// The narrowest column, in character widths (before padding).
const MIN_WIDTH: usize = 4;

/// Paper size code of A4 in Excel's page setup.
const PAPER_A4: u8 = 9;

/// One column of a table: its header, how its cells are written, and the widest it gets (wider text wraps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetColumn {
    /// The header text.
    pub header: String,
    /// How the cells are written and whether the totals row sums them.
    pub kind: CellKind,
    /// The widest the column gets, in character widths; longer text wraps.
    pub max_width: u16,
}

/// The cell formats of a workbook, made once.
struct Formats {
    title: Format,
    meta: Format,
    header: Format,
    text: Format,
    text_wrap: Format,
    text_quoted: Format,
    text_wrap_quoted: Format,
    date: Format,
    number: Format,
    wan: Format,
    count: Format,
    total_label: Format,
    total_number: Format,
    total_wan: Format,
    total_count: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        let text_wrap = cell.clone().set_text_wrap();
        let total = cell.clone().set_bold();
        Self {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            meta: Format::new().set_align(FormatAlign::Left).set_align(FormatAlign::VerticalCenter),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xD9E1F2)),
            text_quoted: cell.clone().set_quote_prefix(),
            text_wrap_quoted: text_wrap.clone().set_quote_prefix(),
            text_wrap,
            date: cell.clone().set_num_format("yyyy-mm-dd"),
            number: cell.clone().set_num_format("0.0"),
            wan: cell.clone().set_num_format("0.00"),
            count: cell.clone().set_num_format("0"),
            text: cell,
            total_number: total.clone().set_num_format("0.0"),
            total_wan: total.clone().set_num_format("0.00"),
            total_count: total.clone().set_num_format("0"),
            total_label: total,
        }
    }

    fn text(&self, wrap: bool, quoted: bool) -> &Format {
        match (wrap, quoted) {
            (false, false) => &self.text,
            (true, false) => &self.text_wrap,
            (false, true) => &self.text_quoted,
            (true, true) => &self.text_wrap_quoted,
        }
    }

    fn total(&self, kind: CellKind) -> &Format {
        match kind {
            CellKind::Number => &self.total_number,
            CellKind::Wan => &self.total_wan,
            CellKind::Count => &self.total_count,
            CellKind::Text | CellKind::Date => &self.total_label,
        }
    }
}

/// An Excel workbook being written: its sheets keep their rows in temporary files, so memory stays flat whatever
/// the number of rows.
pub struct Book {
    workbook: Workbook,
    meta: String,
    row_limit: u32,
    formats: Formats,
    sheets: u32,
}

impl Book {
    /// A new workbook whose sheets print `meta` (the 填报 line) under their title; the rows of its sheets wait in
    /// temporary files in `temp_dir`. `row_limit` is the rows a sheet holds ([`EXCEL_MAX_ROWS`]; tests pass a few).
    pub fn new(meta: String, temp_dir: &Path, row_limit: u32) -> Result<Self> {
        let mut workbook = Workbook::new();
        workbook.set_tempdir(temp_dir).map_err(xlsx)?;
        Ok(Self {
            workbook,
            meta,
            row_limit: row_limit.clamp(HEADING_ROWS + 2, EXCEL_MAX_ROWS),
            formats: Formats::new(),
            sheets: 0,
        })
    }

    /// Starts a table on a new sheet named `name` (`name(2)`, `name(3)` … for its continuations) under `title`.
    pub fn table(&mut self, name: &str, title: &str, columns: Vec<SheetColumn>) -> Result<Table<'_>> {
        let widths = columns.iter().map(|c| display_width(&c.header).max(MIN_WIDTH)).collect();
        let totals = vec![Total::default(); columns.len()];
        let first_sheet = self.sheets as usize;
        let mut table = Table {
            sheet: Worksheet::new(),
            book: self,
            name: name.to_owned(),
            title: title.to_owned(),
            columns,
            sheet_names: Vec::new(),
            first_sheet,
            next_row: HEADING_ROWS,
            widths,
            totals,
            rows: 0,
        };
        table.sheet = table.new_sheet()?;
        Ok(table)
    }

    /// The sheets made so far.
    pub fn sheets(&self) -> u32 {
        self.sheets
    }

    /// Writes the workbook to `path`.
    pub fn save(mut self, path: &Path) -> Result<()> {
        self.workbook.save(path).map_err(xlsx)
    }
}

/// The running sum of a numeric column, exact: fen and counts as integers, days as multiples of 0.5 (exact in f64).
#[derive(Debug, Clone, Copy, Default)]
struct Total {
    fen: i128,
    number: f64,
    count: i64,
}

/// One table of a [`Book`], written row by row.
pub struct Table<'b> {
    book: &'b mut Book,
    name: String,
    title: String,
    columns: Vec<SheetColumn>,
    /// The sheet being written (pushed into the workbook when full or finished).
    sheet: Worksheet,
    /// Names of this table's sheets so far, the current one last.
    sheet_names: Vec<String>,
    /// The workbook index of this table's first sheet.
    first_sheet: usize,
    next_row: u32,
    widths: Vec<usize>,
    totals: Vec<Total>,
    rows: u64,
}

impl Table<'_> {
    /// Writes one data row: one value per column, in column order.
    pub fn write_row(&mut self, values: &[Value<'_>]) -> Result<()> {
        if self.next_row >= self.book.row_limit - 1 {
            self.continue_on_new_sheet()?;
        }
        let row = self.next_row;
        let Self { book, columns, sheet, widths, totals, .. } = self;
        let f = &book.formats;
        for (i, (value, column)) in values.iter().zip(columns.iter()).enumerate() {
            let col = i as u16;
            let width = match value {
                Value::Blank => {
                    sheet.write_blank(row, col, cell_format(f, column.kind)).map_err(xlsx)?;
                    0
                }
                Value::Text(text) => write_text(sheet, f, row, col, text, column.max_width, widths[i])?,
                Value::Date(day) => match excel_day(day) {
                    Some(serial) => {
                        sheet.write_number_with_format(row, col, serial, &f.date).map_err(xlsx)?;
                        10
                    }
                    None => write_text(sheet, f, row, col, day, column.max_width, widths[i])?,
                },
                Value::Number(n) => {
                    totals[i].number += n;
                    sheet.write_number_with_format(row, col, *n, &f.number).map_err(xlsx)?;
                    digits(n.trunc() as i128) + 2
                }
                Value::Wan(fen) => {
                    totals[i].fen += i128::from(*fen);
                    sheet.write_number_with_format(row, col, wan_number(*fen), &f.wan).map_err(xlsx)?;
                    digits(i128::from(*fen) / 1_000_000) + 3
                }
                Value::Count(n) => {
                    totals[i].count += n;
                    sheet.write_number_with_format(row, col, *n as f64, &f.count).map_err(xlsx)?;
                    digits(i128::from(*n))
                }
            };
            if width > widths[i] {
                widths[i] = width;
            }
        }
        self.next_row += 1;
        self.rows += 1;
        Ok(())
    }

    /// Writes the totals row, fits the column widths, and hands the sheets to the workbook; returns the data rows
    /// written.
    pub fn finish(mut self) -> Result<u64> {
        self.write_totals()?;
        self.close_sheet()?;
        let widths: Vec<f64> = self
            .widths
            .iter()
            .zip(&self.columns)
            .map(|(w, c)| ((*w).min(usize::from(c.max_width).max(MIN_WIDTH)) + WIDTH_PADDING) as f64)
            .collect();
        for index in self.first_sheet..self.first_sheet + self.sheet_names.len() {
            let sheet = self.book.workbook.worksheet_from_index(index).map_err(xlsx)?;
            for (col, width) in widths.iter().enumerate() {
                sheet.set_column_width(col as u16, *width).map_err(xlsx)?;
            }
        }
        Ok(self.rows)
    }

    /// The last column (0-based).
    fn last_col(&self) -> u16 {
        self.columns.len().saturating_sub(1) as u16
    }

    /// A new constant-memory sheet with the page setup, the title, the 填报 line and the header written.
    fn new_sheet(&mut self) -> Result<Worksheet> {
        let n = self.sheet_names.len() + 1;
        let name = if n == 1 { self.name.clone() } else { format!("{}({n})", self.name) };
        let last_col = self.last_col();
        let f = &self.book.formats;
        let mut sheet = self.book.workbook.new_worksheet_with_constant_memory().map_err(xlsx)?;
        sheet.set_name(&name).map_err(xlsx)?;
        sheet.set_landscape().set_paper_size(PAPER_A4).set_print_fit_to_pages(1, 0);
        sheet.set_footer("&C第 &P 页，共 &N 页");
        sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW).map_err(xlsx)?;
        sheet.set_freeze_panes(HEADING_ROWS, 0).map_err(xlsx)?;
        sheet.set_row_height(0, 30).map_err(xlsx)?;
        sheet.set_row_height(1, 20).map_err(xlsx)?;
        for (row, text, format) in [(0, &self.title, &f.title), (1, &self.book.meta, &f.meta)] {
            if last_col == 0 {
                sheet.write_string_with_format(row, 0, text, format).map_err(xlsx)?;
            } else {
                sheet.merge_range(row, 0, row, last_col, text, format).map_err(xlsx)?;
            }
        }
        for (col, column) in self.columns.iter().enumerate() {
            sheet.write_string_with_format(HEADER_ROW, col as u16, &column.header, &f.header).map_err(xlsx)?;
        }
        self.sheet_names.push(name);
        self.book.sheets += 1;
        Ok(sheet)
    }

    /// Sets the autofilter over the header and the data of the current sheet and hands it to the workbook.
    fn close_sheet(&mut self) -> Result<()> {
        let last_data_row = self.next_row.saturating_sub(1).max(HEADER_ROW);
        let last_col = self.last_col();
        self.sheet.autofilter(HEADER_ROW, 0, last_data_row, last_col).map_err(xlsx)?;
        let full = std::mem::replace(&mut self.sheet, Worksheet::new());
        self.book.workbook.push_worksheet(full);
        Ok(())
    }

    fn continue_on_new_sheet(&mut self) -> Result<()> {
        // The last data row of a full sheet is one above its limit: the totals row needs a place on the last sheet.
        self.close_sheet()?;
        self.sheet = self.new_sheet()?;
        self.next_row = HEADING_ROWS;
        Ok(())
    }

    /// The 合计 row: SUM formulas over the data of every sheet of the table (their cached results computed here,
    /// exactly, for readers that do not recalculate), the label in the first column that is not summed.
    fn write_totals(&mut self) -> Result<()> {
        let row = self.next_row;
        let label_col = self.columns.iter().position(|c| !c.kind.is_summed());
        let last_sheet_rows = self.next_row - 1;
        let full_sheet_rows = self.book.row_limit - 2;
        let sheets = self.sheet_names.len();
        let f = &self.book.formats;
        for (i, column) in self.columns.iter().enumerate() {
            let col = i as u16;
            if Some(i) == label_col {
                let label = format!("合计（{} 条）", self.rows);
                self.sheet.write_string_with_format(row, col, &label, &f.total_label).map_err(xlsx)?;
                self.widths[i] = self.widths[i].max(display_width(&label));
                continue;
            }
            if !column.kind.is_summed() {
                self.sheet.write_blank(row, col, &f.total_label).map_err(xlsx)?;
                continue;
            }
            let total = self.totals[i];
            let result = match column.kind {
                CellKind::Wan => {
                    i64::try_from(total.fen).map(format_wan).unwrap_or_else(|_| (total.fen as f64 / 1e6).to_string())
                }
                CellKind::Number => total.number.to_string(),
                _ => total.count.to_string(),
            };
            if self.rows == 0 {
                self.sheet.write_number_with_format(row, col, 0.0, f.total(column.kind)).map_err(xlsx)?;
                continue;
            }
            let letter = column_letter(col);
            let ranges: Vec<String> = self
                .sheet_names
                .iter()
                .enumerate()
                .map(|(n, name)| {
                    let last = if n + 1 == sheets { last_sheet_rows } else { full_sheet_rows };
                    let range = format!("{letter}{}:{letter}{}", HEADING_ROWS + 1, last + 1);
                    if sheets == 1 {
                        range
                    } else {
                        format!("'{name}'!{range}")
                    }
                })
                .collect();
            let formula = Formula::new(format!("=SUM({})", ranges.join(","))).set_result(result);
            self.sheet.write_formula_with_format(row, col, formula, f.total(column.kind)).map_err(xlsx)?;
        }
        Ok(())
    }
}

/// The format of a blank or number cell of a column kind.
fn cell_format(f: &Formats, kind: CellKind) -> &Format {
    match kind {
        CellKind::Text => &f.text,
        CellKind::Date => &f.date,
        CellKind::Number => &f.number,
        CellKind::Wan => &f.wan,
        CellKind::Count => &f.count,
    }
}

/// Writes text as a string cell (wrapped when wider than the column's limit or over several lines; with the quote
/// prefix when it starts like a formula, so editing the cell keeps it text); returns its width. The width is only
/// measured when it could matter: text of no more bytes than both the column's widest cell so far (`widest`) and its
/// limit is no wider than either (a character is never wider than its UTF-8 bytes).
fn write_text(
    sheet: &mut Worksheet,
    f: &Formats,
    row: u32,
    col: u16,
    text: &str,
    max_width: u16,
    widest: usize,
) -> Result<usize> {
    let text = clip(text);
    let limit = usize::from(max_width);
    let width = if text.len() <= widest.min(limit) { 0 } else { display_width(text) };
    let wrap = width > limit || text.contains('\n');
    sheet.write_string_with_format(row, col, text, f.text(wrap, looks_like_formula(text))).map_err(xlsx)?;
    Ok(width)
}

/// Text cut to what one Excel cell holds.
fn clip(text: &str) -> &str {
    if text.len() <= MAX_CELL_UTF16 {
        return text;
    }
    let mut units = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_UTF16 {
            return &text[..at];
        }
    }
    text
}

/// The Excel serial number of a `YYYY-MM-DD` day (days since 1899-12-30), for days from 1900-03-01 on (earlier
/// ones fall before Excel's 1900 leap-year quirk and are written as text).
fn excel_day(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let day = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    let serial = day.num_days_from_ce() - EXCEL_EPOCH_DAYS_FROM_CE;
    (serial >= 61).then_some(f64::from(serial))
}

/// `NaiveDate::from_ymd(1899, 12, 30).num_days_from_ce()`: day 0 of Excel's 1900 date system.
const EXCEL_EPOCH_DAYS_FROM_CE: i32 = 693_594;

/// Digits of a whole number (at least 1).
fn digits(n: i128) -> usize {
    n.unsigned_abs().checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The column letters of a 0-based column (0 → A, 26 → AA).
fn column_letter(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// A writer error as the core reports it: file problems as I/O errors, anything else as an I/O error naming Excel.
pub(crate) fn xlsx(e: XlsxError) -> CoreError {
    match e {
        XlsxError::IoError(e) | XlsxError::TempFileError(_, e) => CoreError::Io(e),
        other => CoreError::Io(std::io::Error::other(format!("Excel: {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_days() {
        assert_eq!(NaiveDate::from_ymd_opt(1899, 12, 30).unwrap().num_days_from_ce(), EXCEL_EPOCH_DAYS_FROM_CE);
        assert_eq!(excel_day("2024-01-01"), Some(45292.0));
        assert_eq!(excel_day("1900-03-01"), Some(61.0));
        for bad in ["1900-02-28", "2024-02-30", "2024-1-01", "2024/01/01", "abcd-ef-gh", ""] {
            assert_eq!(excel_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn letters_and_digits() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
        assert_eq!((digits(0), digits(9), digits(10), digits(123_456)), (1, 1, 2, 6));
    }

    #[test]
    fn clipping_keeps_whole_characters() {
        let long = "测".repeat(40_000);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_UTF16);
        assert_eq!(clip("short"), "short");
    }
}
