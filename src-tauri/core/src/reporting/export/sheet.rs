//! The sheet toolkit every exported workbook uses: a [`Book`] of sheets, each [`Table`] laid out the way government
//! offices exchange forms — a merged title row (标题 + period), a 填报单位/填报人/填报日期 line, a bold bordered
//! header, frozen panes and an autofilter, real dates and numbers, 万元 with two decimals exact from fen, a 合计 row
//! of SUM formulas, column widths that fit Chinese text, A4 landscape one page wide with the header repeated on every
//! printed page — and text that cannot turn into a formula. Rows past a sheet's limit continue on a second sheet
//! `名称(2)` with the same heading.
//!
//! The ledgers' books keep their rows in temporary files (constant memory, whatever the number of rows); the summary
//! workbook's small tables stay in memory ([`Book::in_memory`]), so charts can refer to them and carry their values,
//! and their rows of wrapped text are made as tall as their lines (a ledger's rows keep Excel's automatic height).
//! A header wider than its column breaks before its unit (`合同金额` over `（万元）`) and its row is made tall enough.

use std::borrow::Cow;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Chart, Color, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError};

use super::print;
use super::value::{display_width, looks_like_formula, CellKind, Value};
use crate::error::{CoreError, Result};
use crate::import::columns::column_letter;
use crate::model::Paper;
use crate::money::{format_wan, wan_number};

/// Rows of an Excel worksheet.
pub const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// Lines above the data on every sheet: the title, the 填报 line and the header.
pub const HEADING_ROWS: u32 = 3;

/// The header row (0-based).
pub(super) const HEADER_ROW: u32 = HEADING_ROWS - 1;

/// Excel's limit for the text of one cell, in UTF-16 units.
const MAX_CELL_UTF16: usize = 32_767;

/// Character widths added to the widest cell of a column.
const WIDTH_PADDING: usize = 2;

/// The narrowest column, in character widths (before padding).
const MIN_WIDTH: usize = 4;

/// The height of one line of text in a row, in points (a row of wrapped text gets one per line; Excel's default
/// row of one line is 15).
const LINE_HEIGHT: f64 = 16.0;

/// Excel's highest row, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// The deflate level of a ledger's workbook (rust_xlsxwriter's default is 6). Saving a million rows deflates about
/// 1 GB of sheet XML on one core, the largest part of the export: level 1 takes about a third of level 6's time for a
/// larger file (the 服务台账 of the large sample: 184 MB at level 1 against 113 MB at 6; issue 16, docs/PERFORMANCE.md).
const LEDGER_ZIP_LEVEL: u8 = 1;

/// Paper size code of A4 in Excel's page setup.
pub(super) const PAPER_A4: u8 = 9;

/// The width a column is set to, in characters: its widest cell (`widest`, at least the header's and
/// [`MIN_WIDTH`]) up to its limit (`max_width`), and the padding. `usize::MAX` gives the widest it can be.
pub(super) fn column_width(widest: usize, max_width: u16) -> f64 {
    (widest.min(usize::from(max_width).max(MIN_WIDTH)) + WIDTH_PADDING) as f64
}

/// The width of a column beside a table that its heading spans ([`TableLayout::side_columns`]), in pixels (Excel's
/// standard column); charts placed there are sized in these.
pub const SIDE_COLUMN_PIXELS: u32 = 64;

/// One column of a table: its header, how its cells are written, the widest it gets (wider text wraps), and whether
/// the 合计 row sums it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetColumn {
    /// The header text.
    pub header: String,
    /// How the cells are written.
    pub kind: CellKind,
    /// The widest the column gets, in character widths; longer text wraps.
    pub max_width: u16,
    /// Whether the 合计 row sums the column (left blank otherwise).
    pub summed: bool,
}

impl SheetColumn {
    /// A column the 合计 row sums when its kind is a number, 万元 or a count.
    pub fn new(header: impl Into<String>, kind: CellKind, max_width: u16) -> Self {
        Self { header: header.into(), kind, max_width, summed: kind.is_summed() }
    }

    /// A numeric column whose sum means nothing (distinct enterprises per expert: an enterprise two experts served
    /// would count twice); its 合计 cell stays blank.
    pub fn unsummed(self) -> Self {
        Self { summed: false, ..self }
    }
}

/// The 合计 row under a table's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Totals {
    /// `合计（N 条）`, counting the rows: a ledger's records.
    Counted,
    /// `合计`: a statistics table.
    Plain,
    /// None: figures of different units, which no sum joins.
    None,
}

/// How a table ends and how far its heading reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableLayout {
    /// The 合计 row.
    pub totals: Totals,
    /// Columns right of the table that the title and the 填报 line span as well, [`SIDE_COLUMN_PIXELS`] wide each:
    /// room for charts beside the table, under the same centred title.
    pub side_columns: u16,
}

impl TableLayout {
    /// A ledger: rows counted in the 合计 label, nothing beside the table.
    pub const LEDGER: Self = Self { totals: Totals::Counted, side_columns: 0 };
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
    score: Format,
    total_label: Format,
    total_number: Format,
    total_wan: Format,
    total_count: Format,
    total_score: Format,
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
            score: cell.clone().set_num_format("0.00"),
            text: cell,
            total_number: total.clone().set_num_format("0.0"),
            total_wan: total.clone().set_num_format("0.00"),
            total_count: total.clone().set_num_format("0"),
            total_score: total.clone().set_num_format("0.00"),
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
            CellKind::Count | CellKind::Serial => &self.total_count,
            CellKind::Score => &self.total_score,
            CellKind::Text | CellKind::Date => &self.total_label,
        }
    }
}

/// An Excel workbook being written.
pub struct Book {
    workbook: Workbook,
    meta: String,
    row_limit: u32,
    /// Sheets keep their rows in temporary files (the ledgers) rather than in memory.
    constant_memory: bool,
    formats: Formats,
    sheets: u32,
    /// The paper its tables print on.
    paper: Paper,
    /// Rows of wrapped text are made as tall as their lines even in constant memory (a small ledger).
    fit_row_heights: bool,
}

impl Book {
    /// A new workbook whose sheets print `meta` (the 填报 line) under their title; the rows of its sheets wait in
    /// temporary files in `temp_dir`, so memory stays flat whatever the number of rows. `row_limit` is the rows a
    /// sheet holds ([`EXCEL_MAX_ROWS`]; tests pass a few).
    pub fn new(meta: String, temp_dir: &Path, row_limit: u32) -> Result<Self> {
        let mut workbook = Workbook::new();
        workbook.set_tempdir(temp_dir).map_err(xlsx)?;
        workbook.set_zip_compression_level(LEDGER_ZIP_LEVEL);
        Ok(Self {
            workbook,
            meta,
            row_limit: row_limit.clamp(HEADING_ROWS + 2, EXCEL_MAX_ROWS),
            constant_memory: true,
            formats: Formats::new(),
            sheets: 0,
            paper: Paper::A4,
            fit_row_heights: false,
        })
    }

    /// A new workbook of small tables whose sheets stay in memory until saved: charts can refer to their cells
    /// ([`Book::insert_chart`]) and carry their values for readers that do not recalculate.
    pub fn in_memory(meta: String) -> Self {
        Self {
            workbook: Workbook::new(),
            meta,
            row_limit: EXCEL_MAX_ROWS,
            constant_memory: false,
            formats: Formats::new(),
            sheets: 0,
            paper: Paper::A4,
            fit_row_heights: false,
        }
    }

    /// Sets the paper the tables started from now on print on (A4 until set).
    pub fn set_paper(&mut self, paper: Paper) {
        self.paper = paper;
    }

    /// Makes every row of wrapped text as tall as its lines, in constant memory too: for a ledger of at most
    /// [`print::SMALL_LEDGER_ROWS`] rows.
    pub fn fit_row_heights(&mut self) {
        self.fit_row_heights = true;
    }

    /// Starts a ledger's table ([`TableLayout::LEDGER`]) on a new sheet named `name` (`name(2)`, `name(3)` … for
    /// its continuations) under `title`.
    pub fn table(&mut self, name: &str, title: &str, columns: Vec<SheetColumn>) -> Result<Table<'_>> {
        self.table_with(name, title, columns, TableLayout::LEDGER)
    }

    /// Starts a table laid out as `layout` says on a new sheet named `name` under `title`.
    pub fn table_with(
        &mut self,
        name: &str,
        title: &str,
        columns: Vec<SheetColumn>,
        layout: TableLayout,
    ) -> Result<Table<'_>> {
        let widths = columns.iter().map(|c| display_width(&c.header).max(MIN_WIDTH)).collect();
        let totals = vec![Total::default(); columns.len()];
        let first_sheet = self.sheets as usize;
        let styled_columns = self.constant_memory && layout.totals != Totals::None;
        let mut table = Table {
            sheet: Worksheet::new(),
            book: self,
            name: name.to_owned(),
            title: title.to_owned(),
            layout,
            columns,
            sheet_names: Vec::new(),
            first_sheet,
            next_row: HEADING_ROWS,
            widths,
            totals,
            rows: 0,
            styled_columns,
        };
        table.sheet = table.new_sheet()?;
        Ok(table)
    }

    /// Adds a sheet laid out by hand (a printable form: `forms.rs`, the 考核表 of `assessment.rs`) as `name`, after the
    /// others.
    pub(super) fn push_sheet(&mut self, mut sheet: Worksheet, name: &str) -> Result<()> {
        sheet.set_name(name).map_err(xlsx)?;
        self.workbook.push_worksheet(sheet);
        self.sheets += 1;
        Ok(())
    }

    /// The sheets made so far.
    pub fn sheets(&self) -> u32 {
        self.sheets
    }

    /// Places `chart` on the finished sheet `sheet` with its top left corner at the cell (`row`, `col`), 0-based.
    pub fn insert_chart(&mut self, sheet: &str, row: u32, col: u16, chart: &Chart) -> Result<()> {
        self.workbook.worksheet_from_name(sheet).map_err(xlsx)?.insert_chart(row, col, chart).map_err(xlsx)?;
        Ok(())
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
    layout: TableLayout,
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
    /// Whether the data columns carry their cells' usual format as a column format while the rows are written
    /// ([`Table::style_columns`]).
    styled_columns: bool,
}

impl Table<'_> {
    /// Writes one data row: one value per column, in column order.
    pub fn write_row(&mut self, values: &[Value<'_>]) -> Result<()> {
        if self.next_row >= self.book.row_limit - 1 {
            self.continue_on_new_sheet()?;
        }
        let row = self.next_row;
        // The last row a sheet can hold is written with its formats: the sheet's column formats go when it is
        // closed, before that row is written out (see `style_columns`).
        let styled = self.styled_columns && row + 2 < self.book.row_limit;
        let Self { book, columns, sheet, widths, totals, .. } = self;
        let mut lines = 1;
        for (i, (value, column)) in values.iter().zip(columns.iter()).enumerate() {
            match value {
                Value::Number(n) => totals[i].number += n,
                Value::Wan(fen) => totals[i].fen += i128::from(*fen),
                Value::Count(n) => totals[i].count += n,
                Value::Blank | Value::Text(_) | Value::Date(_) => {}
            }
            let styled = styled.then(|| cell_format(&book.formats, column.kind));
            let cell = write_cell(sheet, &book.formats, (row, i as u16), value, (column, styled), widths[i])?;
            widths[i] = widths[i].max(cell.width);
            lines = lines.max(cell.lines);
        }
        // A constant-memory sheet would keep every such row's setting in memory until the save (a million rows of
        // the service ledger: 170 MB): a ledger's rows keep the automatic height.
        if lines > 1 && (!book.constant_memory || book.fit_row_heights) {
            sheet.set_row_height(row, lines_height(lines)).map_err(xlsx)?;
        }
        self.next_row += 1;
        self.rows += 1;
        Ok(())
    }

    /// Writes the totals row (as the layout says), fits the column widths, and hands the sheets to the workbook;
    /// returns the data rows written.
    pub fn finish(self) -> Result<u64> {
        self.finish_with_figures(&[])
    }

    /// [`Table::finish`], with `figures` (a label and one value each, e.g. 本期新增需求 5) on lines of their own
    /// under the totals row, one empty row apart: figures that belong with the table but are no row of it. Returns
    /// the data rows and figure lines written.
    pub fn finish_with_figures(mut self, figures: &[(&str, Value<'_>)]) -> Result<u64> {
        let last_data_row = self.next_row - 1;
        if self.layout.totals != Totals::None {
            self.write_totals()?;
            self.next_row += 1;
        }
        self.write_figures(figures)?;
        self.close_sheet(last_data_row)?;
        let widths: Vec<f64> =
            self.widths.iter().zip(&self.columns).map(|(w, c)| column_width(*w, c.max_width)).collect();
        let side = self.columns.len()..self.heading_last_col() as usize + 1;
        let paper = self.book.paper;
        let side_width = (f64::from(SIDE_COLUMN_PIXELS) - 5.0) / 7.0;
        let print_widths: Vec<f64> = widths.iter().copied().chain(side.clone().map(|_| side_width)).collect();
        let last_sheet = self.first_sheet + self.sheet_names.len() - 1;
        for index in self.first_sheet..=last_sheet {
            let sheet = self.book.workbook.worksheet_from_index(index).map_err(xlsx)?;
            for (col, width) in widths.iter().enumerate() {
                sheet.set_column_width(col as u16, *width).map_err(xlsx)?;
            }
            for col in side.clone() {
                sheet.set_column_width_pixels(col as u16, SIDE_COLUMN_PIXELS).map_err(xlsx)?;
            }
            print::fit_width(sheet, &print_widths, paper)?;
        }
        Ok(self.rows + figures.len() as u64)
    }

    /// The column of the 合计 label and of the figures' labels: the first that is neither summed nor the 序号.
    fn label_col(&self) -> Option<usize> {
        self.columns.iter().position(|c| !c.summed && c.kind != CellKind::Serial)
    }

    /// The last column of the table (0-based).
    fn last_col(&self) -> u16 {
        self.columns.len().saturating_sub(1) as u16
    }

    /// The last column the title and the 填报 line span: the table's and the side columns.
    fn heading_last_col(&self) -> u16 {
        self.last_col() + self.layout.side_columns
    }

    /// A new sheet (in constant memory for a ledger's book) with the page setup, the title, the 填报 line and the
    /// header written.
    fn new_sheet(&mut self) -> Result<Worksheet> {
        let n = self.sheet_names.len() + 1;
        let name = if n == 1 { self.name.clone() } else { format!("{}({n})", self.name) };
        let last_col = self.heading_last_col();
        let f = &self.book.formats;
        let mut sheet = if self.book.constant_memory {
            self.book.workbook.new_worksheet_with_constant_memory().map_err(xlsx)?
        } else {
            Worksheet::new()
        };
        sheet.set_name(&name).map_err(xlsx)?;
        print::set_up_page(&mut sheet, self.book.paper);
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
        let mut header_lines = 1;
        for (col, column) in self.columns.iter().enumerate() {
            let limit = usize::from(column.max_width).max(MIN_WIDTH);
            let header = header_text(&column.header, limit);
            sheet.write_string_with_format(HEADER_ROW, col as u16, &*header, &f.header).map_err(xlsx)?;
            header_lines = header_lines.max(wrapped_lines(&header, limit));
        }
        if header_lines > 1 {
            sheet.set_row_height(HEADER_ROW, lines_height(header_lines)).map_err(xlsx)?;
        }
        if self.styled_columns {
            self.style_columns(&mut sheet, true)?;
        }
        self.sheet_names.push(name);
        self.book.sheets += 1;
        Ok(sheet)
    }

    /// Sets the autofilter over the header and the data of the current sheet (down to `last_data_row`; the header
    /// alone when it is above) and hands the sheet to the workbook.
    fn close_sheet(&mut self, last_data_row: u32) -> Result<()> {
        let last_col = self.last_col();
        self.sheet.autofilter(HEADER_ROW, 0, last_data_row.max(HEADER_ROW), last_col).map_err(xlsx)?;
        if self.styled_columns {
            let mut sheet = std::mem::replace(&mut self.sheet, Worksheet::new());
            self.style_columns(&mut sheet, false)?;
            self.sheet = sheet;
        }
        let full = std::mem::replace(&mut self.sheet, Worksheet::new());
        self.book.workbook.push_worksheet(full);
        Ok(())
    }

    /// Gives each data column of a ledger's sheet its cells' usual format (`on`), or takes it away again.
    ///
    /// rust_xlsxwriter looks a cell's format up among the workbook's formats for every cell written with one (a hash
    /// of the whole format: a third of the time of writing a million rows); a cell written without one takes its
    /// column's format when its row is written out. So while the rows are written, each data column carries the
    /// format most of its cells have (bordered text, the date, the number), and those cells are written without
    /// one; the rest (wrapped or quoted text, blanks, the 合计 row) keep theirs. The column formats are taken away
    /// once the data rows are written out (the 合计 row after them does that; the last row a sheet can hold is
    /// written with its formats), so the workbook is the same as with every cell formatted: the cells below the
    /// table stay plain.
    fn style_columns(&self, sheet: &mut Worksheet, on: bool) -> Result<()> {
        let plain = Format::default();
        for (col, column) in self.columns.iter().enumerate() {
            let format = if on { cell_format(&self.book.formats, column.kind) } else { &plain };
            sheet.set_column_format(col as u16, format).map_err(xlsx)?;
        }
        Ok(())
    }

    fn continue_on_new_sheet(&mut self) -> Result<()> {
        // The last data row of a full sheet is one above its limit: the totals row needs a place on the last sheet.
        self.close_sheet(self.next_row - 1)?;
        self.sheet = self.new_sheet()?;
        self.next_row = HEADING_ROWS;
        Ok(())
    }

    /// The 合计 row: SUM formulas over the data of every sheet of the table (their cached results computed here,
    /// exactly, for readers that do not recalculate), the label in the first column that is not summed.
    fn write_totals(&mut self) -> Result<()> {
        let row = self.next_row;
        let label_col = self.label_col();
        let last_sheet_rows = self.next_row - 1;
        let full_sheet_rows = self.book.row_limit - 2;
        let sheets = self.sheet_names.len();
        let f = &self.book.formats;
        for (i, column) in self.columns.iter().enumerate() {
            let col = i as u16;
            if Some(i) == label_col {
                let label = if self.layout.totals == Totals::Counted {
                    format!("合计（{} 条）", self.rows)
                } else {
                    "合计".into()
                };
                self.sheet.write_string_with_format(row, col, &label, &f.total_label).map_err(xlsx)?;
                self.widths[i] = self.widths[i].max(display_width(&label));
                continue;
            }
            if !column.summed {
                self.sheet.write_blank(row, col, &f.total_label).map_err(xlsx)?;
                continue;
            }
            let total = self.totals[i];
            let result = match column.kind {
                CellKind::Wan => {
                    i64::try_from(total.fen).map(format_wan).unwrap_or_else(|_| (total.fen as f64 / 1e6).to_string())
                }
                CellKind::Number | CellKind::Score => total.number.to_string(),
                _ => total.count.to_string(),
            };
            if self.rows == 0 {
                self.sheet.write_number_with_format(row, col, 0.0, f.total(column.kind)).map_err(xlsx)?;
                continue;
            }
            let letter = column_letter(usize::from(col));
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

    /// The figure lines under the table, one empty row below what is above them: the label (bold, in the first
    /// column) and the value in the second, written as that column writes its cells.
    fn write_figures(&mut self, figures: &[(&str, Value<'_>)]) -> Result<()> {
        if figures.is_empty() {
            return Ok(());
        }
        // The label in the label column (after the 序号), the value in the next; a table without a next column gives its
        // figures' values plain number formats.
        let at = self.label_col().unwrap_or(0);
        let column = self.columns.get(at + 1).cloned().unwrap_or_else(|| SheetColumn::new("", CellKind::Number, 12));
        self.next_row += 1;
        for (label, value) in figures {
            let row = self.next_row;
            let f = &self.book.formats;
            self.sheet.write_string_with_format(row, at as u16, *label, &f.total_label).map_err(xlsx)?;
            self.widths[at] = self.widths[at].max(display_width(label));
            let widest = self.widths.get(at + 1).copied().unwrap_or(0);
            let cell = write_cell(&mut self.sheet, f, (row, at as u16 + 1), value, (&column, None), widest)?;
            if let Some(width) = self.widths.get_mut(at + 1) {
                *width = (*width).max(cell.width);
            }
            self.next_row += 1;
        }
        Ok(())
    }
}

/// What writing a cell found out: its width, when it could widen the column (0 otherwise), and its lines.
struct Written {
    width: usize,
    lines: usize,
}

impl Written {
    /// A cell on one line.
    fn one_line(width: usize) -> Self {
        Self { width, lines: 1 }
    }
}

/// Writes one value at `at` (row, column) as `column` writes its cells (`widest` is the column's widest cell so far).
/// `styled` is the format the column carries while its rows are written ([`Table::style_columns`]): a cell of that
/// format is written without one.
fn write_cell(
    sheet: &mut Worksheet,
    f: &Formats,
    at: (u32, u16),
    value: &Value<'_>,
    (column, styled): (&SheetColumn, Option<&Format>),
    widest: usize,
) -> Result<Written> {
    let cell = Cell { sheet, at, styled };
    Ok(match value {
        Value::Blank => {
            cell.blank(cell_format(f, column.kind))?;
            Written::one_line(0)
        }
        Value::Text(text) => write_text(cell, f, text, column.max_width, widest)?,
        Value::Date(day) => match excel_day(day) {
            Some(serial) => {
                cell.number(serial, &f.date)?;
                Written::one_line(10)
            }
            None => write_text(cell, f, day, column.max_width, widest)?,
        },
        Value::Number(n) => {
            let format = if column.kind == CellKind::Score { &f.score } else { &f.number };
            cell.number(*n, format)?;
            Written::one_line(digits(n.trunc() as i128) + if column.kind == CellKind::Score { 3 } else { 2 })
        }
        Value::Wan(fen) => {
            cell.number(wan_number(*fen), &f.wan)?;
            Written::one_line(digits(i128::from(*fen) / 1_000_000) + 3)
        }
        Value::Count(n) => {
            cell.number(*n as f64, &f.count)?;
            Written::one_line(digits(i128::from(*n)))
        }
    })
}

/// Where a cell goes, and the format its column carries meanwhile, if any.
struct Cell<'s, 'f> {
    sheet: &'s mut Worksheet,
    at: (u32, u16),
    styled: Option<&'f Format>,
}

impl Cell<'_, '_> {
    /// The format to write the cell with: none when its column carries it.
    fn own<'a>(&self, format: &'a Format) -> Option<&'a Format> {
        match self.styled {
            Some(styled) if std::ptr::eq(styled, format) => None,
            _ => Some(format),
        }
    }

    fn number(self, n: f64, format: &Format) -> Result<()> {
        let (row, col) = self.at;
        match self.own(format) {
            Some(format) => self.sheet.write_number_with_format(row, col, n, format),
            None => self.sheet.write_number(row, col, n),
        }
        .map_err(xlsx)?;
        Ok(())
    }

    /// A blank cell is always written with its format: one never written would have none once the column's
    /// format is gone.
    fn blank(self, format: &Format) -> Result<()> {
        let (row, col) = self.at;
        self.sheet.write_blank(row, col, format).map_err(xlsx)?;
        Ok(())
    }

    fn string(self, text: &str, format: &Format) -> Result<()> {
        let (row, col) = self.at;
        match self.own(format) {
            Some(format) => self.sheet.write_string_with_format(row, col, text, format),
            None => self.sheet.write_string(row, col, text),
        }
        .map_err(xlsx)?;
        Ok(())
    }
}

/// The lines text takes in a column `limit` character widths wide: each of its lines, wrapped.
fn wrapped_lines(text: &str, limit: usize) -> usize {
    text.split('\n').map(|line| display_width(line).div_ceil(limit.max(1)).max(1)).sum()
}

/// A header as written: one wider than its column (`limit` widths) breaks before its unit, `合同金额（万元）` over
/// two lines as `合同金额` and `（万元）`, rather than wherever the text runs out of room.
fn header_text(header: &str, limit: usize) -> Cow<'_, str> {
    match header.find('（') {
        Some(at) if at > 0 && !header.contains('\n') && display_width(header) > limit => {
            Cow::Owned(format!("{}\n{}", &header[..at], &header[at..]))
        }
        _ => Cow::Borrowed(header),
    }
}

/// The height of a row of `lines` lines of text, in points.
fn lines_height(lines: usize) -> f64 {
    (LINE_HEIGHT * lines as f64).min(MAX_ROW_HEIGHT)
}

/// The format of a blank or number cell of a column kind.
fn cell_format(f: &Formats, kind: CellKind) -> &Format {
    match kind {
        CellKind::Text => &f.text,
        CellKind::Date => &f.date,
        CellKind::Number => &f.number,
        CellKind::Wan => &f.wan,
        CellKind::Count | CellKind::Serial => &f.count,
        CellKind::Score => &f.score,
    }
}

/// Writes text as a string cell (wrapped when wider than the column's limit or over several lines; with the quote
/// prefix when it starts like a formula, so editing the cell keeps it text). The width is only measured when it could
/// matter: text of no more bytes than both the column's widest cell so far (`widest`) and its limit is no wider than
/// either (a character is never wider than its UTF-8 bytes).
fn write_text(cell: Cell<'_, '_>, f: &Formats, text: &str, max_width: u16, widest: usize) -> Result<Written> {
    let text = clip(text);
    let limit = usize::from(max_width);
    let width = if text.len() <= widest.min(limit) { 0 } else { display_width(text) };
    let line_breaks = text.contains('\n');
    let wrap = width > limit || line_breaks;
    cell.string(text, f.text(wrap, looks_like_formula(text)))?;
    let lines = if line_breaks { wrapped_lines(text, limit) } else { width.div_ceil(limit.max(1)).max(1) };
    Ok(Written { width, lines })
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

/// A writer error as the core reports it: file problems as I/O errors, anything else as an I/O error naming Excel.
/// An I/O error wrapped inside (the zip archive's, when the file is saved) keeps its kind, so a full disk is still
/// reported as one.
pub(crate) fn xlsx(e: XlsxError) -> CoreError {
    match e {
        XlsxError::IoError(e) | XlsxError::TempFileError(_, e) => CoreError::Io(e),
        other => {
            let mut source = std::error::Error::source(&other);
            let mut kind = std::io::ErrorKind::Other;
            while let Some(inner) = source {
                if let Some(io) = inner.downcast_ref::<std::io::Error>() {
                    kind = io.kind();
                    break;
                }
                source = inner.source();
            }
            CoreError::Io(std::io::Error::new(kind, format!("Excel: {other}")))
        }
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
    fn a_header_too_wide_breaks_before_its_unit() {
        assert_eq!(header_text("合同金额（万元）", 12), "合同金额\n（万元）");
        assert_eq!(header_text("合同金额（万元）", 16), "合同金额（万元）");
        assert_eq!(header_text("服务天数\n（天）", 4), "服务天数\n（天）");
        assert_eq!(header_text("（万元）合计", 4), "（万元）合计");
        assert_eq!(wrapped_lines("合同金额\n（万元）", 8), 2);
        assert_eq!(wrapped_lines("测".repeat(50).as_str(), 40), 3);
    }

    #[test]
    fn clipping_keeps_whole_characters() {
        let long = "测".repeat(40_000);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_UTF16);
        assert_eq!(clip("short"), "short");
    }
}
