//! A file to import read into a grid of cells: `.xlsx` and `.xls` through calamine, `.csv` / `.txt` through
//! [`super::csv_text`]. The format is told from the content (a zip is an `.xlsx`, an OLE container an `.xls` or an
//! encrypted workbook), not from the name; every reason a file cannot be read is an `import_file` error saying what
//! to do, in Chinese and English.
//!
//! Memory: an `.xlsx` sheet is streamed cell by cell and reading stops at the first cell past the limits (calamine
//! keeps the workbook's shared strings in memory, not its cells). An `.xls` file (at most 65,536 × 256 cells) and a
//! CSV file are read whole, so they may not be larger than 256 MB; calamine parses every sheet of an `.xls` when it
//! opens it. The grid itself holds at most `MAX_ROWS` × `MAX_COLUMNS` cells and `MAX_SHEET_TEXT_BYTES` of text,
//! merged regions included; a merged region larger than `MAX_CELLS` is refused.
//!
//! A crafted `.xlsx` must not abort the app: calamine reserves room for as many shared strings as the file's
//! `uniqueCount` claims before it reads one, and an allocation that fails aborts the process. So before calamine
//! opens a workbook, [`check_xlsx_parts`] streams its shared-strings part (decompressed bytes counted, at most
//! `MAX_SHARED_STRINGS_BYTES`) and refuses a `uniqueCount` larger than those bytes could hold.

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use calamine::{Data, Dimensions, Reader, SheetType, SheetVisible, Xls, XlsError, Xlsx, XlsxError};

use super::cell::{Cell, Grid};
use super::columns::column_letter;
use super::csv_text;
use super::ole::{self, Container};
use crate::error::{CoreError, Result};
use crate::model::ImportSheet;

/// A sheet with anything written at or below row `MAX_ROWS + 1` is refused ("文件超过 200,000 行…").
pub const MAX_ROWS: usize = 200_000;
/// A sheet with anything written right of column `MAX_COLUMNS` (IV) is refused, such as a 16,384-column sheet.
pub const MAX_COLUMNS: usize = 256;
/// The most cells a sheet may fill, merged regions included (`MAX_ROWS` × `MAX_COLUMNS`).
pub const MAX_CELLS: usize = MAX_ROWS * MAX_COLUMNS;
/// The most text a sheet may hold, merged regions' copies included (256 MB).
pub const MAX_SHEET_TEXT_BYTES: usize = 256 << 20;
/// The most a workbook's shared-strings part may hold, decompressed (256 MB): calamine keeps all of it in memory.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 256 << 20;
/// The fewest bytes one shared string takes in the part (`<si/>`).
const MIN_SHARED_STRING_BYTES: u64 = 5;
/// The shared-strings part's `<sst>` element must start within its first 64 KiB.
const SST_HEAD_BYTES: u64 = 64 << 10;
/// Files read whole (CSV and `.xls`) may not be larger than this.
const MAX_READ_BYTES: u64 = 256 << 20;
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A file's format, as told from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// An Excel 2007+ workbook (`.xlsx`, `.xlsm`).
    Xlsx,
    /// An Excel 97–2003 workbook (`.xls`).
    Xls,
    /// Delimited text (`.csv`, `.txt`).
    Csv,
}

/// What was found in a file: its format and sheets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// The format, as told from the content.
    pub format: SourceFormat,
    /// The worksheets in workbook order (chart and macro sheets left out); a CSV file has one, named after the file.
    pub sheets: Vec<ImportSheet>,
    /// How a text file was decoded (`UTF-8`, `GB18030`, `UTF-16LE`, `UTF-16BE`); `None` for a workbook.
    pub encoding: Option<String>,
}

/// The format and sheets of a file, without reading any sheet's cells (a CSV file is decoded to learn its encoding).
pub fn inspect(path: &Path) -> Result<SourceInfo> {
    Ok(open(path)?.info())
}

/// Reads one sheet into a grid: `None` reads the first visible sheet, `Some(name)` the sheet of that name (hidden or
/// not). Rows and columns are numbered as the spreadsheet shows them, and every cell of a merged region holds the
/// region's top-left value (for `.xls` too).
pub fn read(path: &Path, sheet: Option<&str>) -> Result<(Grid, SourceInfo)> {
    let mut source = open(path)?;
    let info = source.info();
    let name = choose_sheet(&info.sheets, sheet)?;
    let grid = match &mut source {
        Source::Xlsx(workbook) => guarded(|| read_xlsx(workbook, &name))?,
        Source::Xls(workbook) => guarded(|| read_xls(workbook, &name))?,
        Source::Csv { text, .. } => read_csv(&name, text)?,
    };
    Ok((grid, info))
}

/// An opened file.
enum Source {
    Xlsx(Xlsx<BufReader<File>>),
    Xls(Xls<Cursor<Vec<u8>>>),
    Csv { name: String, text: String, encoding: &'static str },
}

impl Source {
    fn info(&self) -> SourceInfo {
        let (format, sheets) = match self {
            Source::Xlsx(workbook) => (SourceFormat::Xlsx, worksheets(workbook.sheets_metadata())),
            Source::Xls(workbook) => (SourceFormat::Xls, worksheets(workbook.sheets_metadata())),
            Source::Csv { name, encoding, .. } => {
                let sheet = ImportSheet { name: name.clone(), hidden: false };
                return SourceInfo {
                    format: SourceFormat::Csv,
                    sheets: vec![sheet],
                    encoding: Some(encoding.to_string()),
                };
            }
        };
        SourceInfo { format, sheets, encoding: None }
    }
}

fn worksheets(sheets: &[calamine::Sheet]) -> Vec<ImportSheet> {
    sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| ImportSheet { name: s.name.clone(), hidden: s.visible != SheetVisible::Visible })
        .collect()
}

/// Opens a file by what its content is; the extension only decides whether text is welcome.
fn open(path: &Path) -> Result<Source> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "csv" | "txt") {
        return Err(unsupported(&ext));
    }
    let mut file = File::open(path).map_err(unreadable)?;
    let len = file.metadata().map_err(unreadable)?.len();
    if len == 0 {
        return Err(CoreError::import_file(
            "文件是空的（0 字节），请检查是否选错了文件",
            "The file is empty (0 bytes); check that you chose the right file",
        ));
    }
    let mut head = Vec::with_capacity(8);
    (&mut file).take(8).read_to_end(&mut head).map_err(unreadable)?;
    file.rewind().map_err(unreadable)?;
    if head.starts_with(b"PK\x03\x04") {
        guarded(|| check_xlsx_parts(&mut file))?;
        file.rewind().map_err(unreadable)?;
        return guarded(|| Xlsx::new(BufReader::new(file)).map(Source::Xlsx).map_err(xlsx_error));
    }
    let is_ole = head.starts_with(&OLE_MAGIC);
    if !is_ole && !matches!(ext.as_str(), "csv" | "txt") {
        return Err(not_workbook("the content is neither a zip (.xlsx) nor an OLE container (.xls)"));
    }
    if len > MAX_READ_BYTES {
        return Err(CoreError::import_file(
            "文件超过 256 MB，太大，无法导入。请把数据分成几个文件后再导入",
            "The file is larger than 256 MB and cannot be imported; split the data into several files",
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.read_to_end(&mut bytes).map_err(unreadable)?;
    if is_ole {
        return match ole::check(&bytes) {
            Err(detail) => Err(not_workbook(detail)),
            Ok(Container::Encrypted) => Err(password_protected()),
            Ok(Container::Workbook) => guarded(|| Xls::new(Cursor::new(bytes)).map(Source::Xls).map_err(xls_error)),
        };
    }
    let (text, encoding) = csv_text::decode(&bytes);
    if csv_text::looks_binary(&text) {
        return Err(CoreError::import_file(
            "文件不是文本格式的 CSV（内容是二进制数据）。如果它其实是 Excel 工作簿，请把扩展名改回 .xlsx 或 .xls；否则请在 Excel 或 WPS 中另存为 CSV 后再导入",
            "The file is not a CSV text file (its content is binary). If it is really an Excel workbook, give it back its .xlsx or .xls extension; otherwise save it as CSV from Excel or WPS and import that",
        ));
    }
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Source::Csv { name, text, encoding })
}

/// Checks an `.xlsx` workbook's shared-strings part before calamine allocates for it: its decompressed size is at
/// most [`MAX_SHARED_STRINGS_BYTES`], and its `uniqueCount` (calamine reserves that many strings at once) is no more
/// than those bytes could hold at [`MIN_SHARED_STRING_BYTES`] a string. `count` (the references from the sheets) is
/// not allocated for and is not checked. A zip that cannot be read is left to calamine's own message.
fn check_xlsx_parts(file: &mut File) -> Result<()> {
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else { return Ok(()) };
    for index in 0..zip.len() {
        let is_strings =
            matches!(zip.name_for_index(index), Some(Ok(n)) if n.to_lowercase().ends_with("sharedstrings.xml"));
        if !is_strings {
            continue;
        }
        let Ok(part) = zip.by_index(index) else { continue };
        let bytes = std::io::copy(&mut part.take(MAX_SHARED_STRINGS_BYTES + 1), &mut std::io::sink())
            .map_err(|e| not_workbook(&e.to_string()))?;
        if bytes > MAX_SHARED_STRINGS_BYTES {
            return Err(CoreError::import_file(
                "工作簿中的文字超过 256 MB，太大，无法导入。请把数据分成几个文件后再导入",
                "The workbook holds more than 256 MB of text and cannot be imported; split the data into several files",
            ));
        }
        let part = zip.by_index(index).map_err(|e| not_workbook(&e.to_string()))?;
        let declared = unique_count(BufReader::new(part.take(SST_HEAD_BYTES)))?;
        if declared.is_some_and(|n| n > bytes / MIN_SHARED_STRING_BYTES) {
            return Err(crafted(&format!(
                "its shared strings declare {} strings in {bytes} bytes",
                declared.unwrap_or_default()
            )));
        }
    }
    Ok(())
}

/// The `uniqueCount` of the `<sst>` element at the head of a shared-strings part (`None` when it has none; an
/// unreadable number or no `<sst>` in the head is a damaged file).
fn unique_count(head: impl std::io::BufRead) -> Result<Option<u64>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(head);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                let attr = e.try_get_attribute("uniqueCount").map_err(|e| not_workbook(&e.to_string()))?;
                let Some(attr) = attr else { return Ok(None) };
                return attr
                    .value
                    .trim()
                    .parse::<u64>()
                    .map(Some)
                    .map_err(|_| crafted("its shared strings' uniqueCount is not a number"));
            }
            Ok(Event::Start(_) | Event::Empty(_)) => return Err(crafted("its shared strings do not start with <sst>")),
            Ok(Event::Eof) => return Err(crafted("no <sst> at the head of its shared strings")),
            Err(e) => return Err(not_workbook(&e.to_string())),
            Ok(_) => {}
        }
    }
}

/// The sheet to read: the one asked for, or the first visible one.
fn choose_sheet(sheets: &[ImportSheet], wanted: Option<&str>) -> Result<String> {
    if sheets.is_empty() {
        return Err(CoreError::import_file(
            "工作簿中没有可以导入的工作表（只有图表或宏表）",
            "The workbook has no worksheet to import (only charts or macro sheets)",
        ));
    }
    let found = match wanted {
        Some(name) => sheets.iter().find(|s| s.name == name),
        None => sheets.iter().find(|s| !s.hidden),
    };
    if let Some(sheet) = found {
        return Ok(sheet.name.clone());
    }
    let zh: Vec<String> =
        sheets.iter().map(|s| format!("“{}”{}", s.name, if s.hidden { "（隐藏）" } else { "" })).collect();
    let en: Vec<String> =
        sheets.iter().map(|s| format!("“{}”{}", s.name, if s.hidden { " (hidden)" } else { "" })).collect();
    Err(match wanted {
        Some(name) => CoreError::import_file(
            format!("找不到工作表“{name}”。文件中的工作表有：{}", zh.join("、")),
            format!("There is no sheet “{name}”; the file's sheets are: {}", en.join(", ")),
        ),
        None => CoreError::import_file(
            format!("工作簿中的工作表都是隐藏的，请选择要导入的工作表：{}", zh.join("、")),
            format!("Every sheet of the workbook is hidden; choose the sheet to import: {}", en.join(", ")),
        ),
    })
}

/// Streams an `.xlsx` sheet's cells (positions are absolute, so a sheet starting at C5 keeps its rows and columns).
fn read_xlsx(workbook: &mut Xlsx<BufReader<File>>, sheet: &str) -> Result<Grid> {
    let mut grid = GridBuilder::new(sheet);
    let mut cells = workbook.worksheet_cells_reader(sheet).map_err(xlsx_error)?;
    while let Some(cell) = cells.next_cell().map_err(xlsx_error)? {
        let (row, col) = cell.get_position();
        grid.put(row as usize, col as usize, cell_of(Data::from(cell.get_value().clone())))?;
    }
    drop(cells);
    let merges = workbook.merge_cells_by_sheet_name(sheet).map_err(xlsx_error)?;
    grid.finish(&merges)
}

/// An `.xls` sheet (calamine's range starts at its first used cell; positions are offset back).
fn read_xls(workbook: &mut Xls<Cursor<Vec<u8>>>, sheet: &str) -> Result<Grid> {
    let mut grid = GridBuilder::new(sheet);
    let range = workbook.worksheet_range(sheet).map_err(xls_error)?;
    if let Some((top, left)) = range.start() {
        for (row, col, value) in range.used_cells() {
            grid.put(top as usize + row, left as usize + col, cell_of(value.clone()))?;
        }
    }
    let merges = workbook.merge_cells_by_sheet_name(sheet).map_err(xls_error)?;
    grid.finish(&merges)
}

/// A CSV text: every field a text cell, records numbered as rows.
fn read_csv(sheet: &str, text: &str) -> Result<Grid> {
    let mut grid = GridBuilder::new(sheet);
    for (row, record) in csv_text::Records::new(text, csv_text::detect_delimiter(text)).enumerate() {
        let fields = record.map_err(|line| {
            CoreError::import_file(
                format!("CSV 文件第 {line} 行有一个引号没有闭合，之后的内容无法分列。请在 Excel 或 WPS 中打开它，重新另存为 CSV 后再导入"),
                format!("Line {line} of the CSV file opens a quote that is never closed, so the rest cannot be split into columns. Open it in Excel or WPS, save it as CSV again and import that"),
            )
        })?;
        for (col, field) in fields.into_iter().enumerate() {
            grid.put(row, col, Cell::Text(field))?;
        }
    }
    grid.finish(&[])
}

/// A calamine value as a cell. A date outside Excel's calendar (or a duration such as `[h]:mm`) stays its number.
fn cell_of(value: Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s),
        Data::Float(n) => Cell::Number(n),
        Data::Int(n) => Cell::Number(n as f64),
        Data::Bool(b) => Cell::Bool(b),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::DateTime(d) => {
            let serial = d.as_f64();
            // as_datetime panics on serials chrono cannot hold; Excel's own range is 0 ..= 9999-12-31.
            let in_calendar = d.is_datetime() && (0.0..2_958_466.0).contains(&serial);
            in_calendar.then(|| d.as_datetime()).flatten().map_or(Cell::Number(serial), Cell::DateTime)
        }
    }
}

/// A sheet's cells put in place as they arrive, the limits checked on each; blank cells past the limits are dropped.
struct GridBuilder<'a> {
    sheet: &'a str,
    rows: Vec<Vec<Cell>>,
    /// One past the last row holding a non-blank cell.
    height: usize,
    /// Cells put and filled by merged regions so far (at most [`MAX_CELLS`]).
    cells: usize,
    /// Bytes of text put and copied into merged regions so far (at most [`MAX_SHEET_TEXT_BYTES`]).
    text_bytes: usize,
}

impl<'a> GridBuilder<'a> {
    fn new(sheet: &'a str) -> Self {
        GridBuilder { sheet, rows: Vec::new(), height: 0, cells: 0, text_bytes: 0 }
    }

    /// Puts a cell at its 0-based position.
    fn put(&mut self, row: usize, col: usize, cell: Cell) -> Result<()> {
        if matches!(cell, Cell::Empty) {
            return Ok(());
        }
        let blank = cell.is_blank();
        if row >= MAX_ROWS && !blank {
            return Err(CoreError::import_file(
                format!("文件超过 200,000 行：工作表“{}”第 {} 行仍有内容。请把数据分成几个不超过 200,000 行的文件，分别导入", self.sheet, row + 1),
                format!("The file has more than 200,000 rows: sheet “{}” still has content in row {}. Split the data into files of at most 200,000 rows and import them one by one", self.sheet, row + 1),
            ));
        }
        if col >= MAX_COLUMNS && !blank {
            let letters = column_letter(col);
            return Err(CoreError::import_file(
                format!("工作表“{}”的 {letters} 列（第 {} 列）仍有内容，超过了 256 列的上限。请删除多余的列，或只把需要的列复制到新工作表后再导入", self.sheet, col + 1),
                format!("Sheet “{}” has content in column {letters} (column {}), past the limit of 256 columns. Delete the extra columns, or copy the columns you need to a new sheet, and import that", self.sheet, col + 1),
            ));
        }
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Ok(());
        }
        if !blank {
            self.height = self.height.max(row + 1);
        }
        self.count(1, &cell)?;
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= col {
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = cell;
        Ok(())
    }

    /// The grid, blank rows at the end dropped and each merged region (clipped to the rows in use and the column
    /// limit) filled with its top-left value.
    fn finish(mut self, merges: &[Dimensions]) -> Result<Grid> {
        if self.height == 0 {
            return Err(CoreError::import_file(
                format!("工作表“{}”是空的，请选择有数据的工作表", self.sheet),
                format!("Sheet “{}” is empty; choose the sheet with the data", self.sheet),
            ));
        }
        self.rows.truncate(self.height);
        for merge in merges {
            let (top, left) = (merge.start.0 as usize, merge.start.1 as usize);
            let Some(value) = self.rows.get(top).and_then(|r| r.get(left)).filter(|c| !c.is_blank()).cloned() else {
                continue;
            };
            let area = (merge.end.0 as usize + 1).saturating_sub(top) * (merge.end.1 as usize + 1).saturating_sub(left);
            if area > MAX_CELLS {
                let region = format!(
                    "{}{}:{}{}",
                    column_letter(left),
                    top + 1,
                    column_letter(merge.end.1 as usize),
                    merge.end.0 + 1
                );
                return Err(CoreError::import_file(
                    format!("工作表“{}”的合并单元格 {region} 太大（超过 {MAX_CELLS} 个单元格），无法导入。请取消这个合并后再导入", self.sheet),
                    format!("Sheet “{}” has a merged region {region} larger than {MAX_CELLS} cells and cannot be imported; unmerge it and import again", self.sheet),
                ));
            }
            let bottom = (merge.end.0 as usize).min(self.height - 1);
            let right = (merge.end.1 as usize).min(MAX_COLUMNS - 1);
            if bottom < top || right < left {
                continue;
            }
            self.count((bottom - top + 1) * (right - left + 1), &value)?;
            for cells in &mut self.rows[top..=bottom] {
                if cells.len() <= right {
                    cells.resize(right + 1, Cell::Empty);
                }
                cells[left..=right].fill(value.clone());
            }
        }
        Ok(Grid { name: self.sheet.to_owned(), rows: self.rows })
    }

    /// Counts `copies` of `cell` against the sheet's limits of cells and text, before they are stored.
    fn count(&mut self, copies: usize, cell: &Cell) -> Result<()> {
        let text = match cell {
            Cell::Text(t) | Cell::Error(t) => t.len(),
            _ => 0,
        };
        self.cells = self.cells.saturating_add(copies);
        self.text_bytes = self.text_bytes.saturating_add(copies.saturating_mul(text));
        if self.cells > MAX_CELLS || self.text_bytes > MAX_SHEET_TEXT_BYTES {
            return Err(CoreError::import_file(
                format!("工作表“{}”的内容太多（超过 {MAX_CELLS} 个单元格或 256 MB 文字，合并单元格按每一格计），无法导入。请把数据分成几个文件，或取消大的合并单元格后再导入", self.sheet),
                format!("Sheet “{}” holds too much (more than {MAX_CELLS} cells or 256 MB of text, merged regions counted cell by cell) and cannot be imported; split the data into several files or unmerge large regions, and import again", self.sheet),
            ));
        }
        Ok(())
    }
}

/// calamine indexes a damaged file's bytes as written and may panic on one; a panic while it reads becomes the
/// "damaged" message. This only helps where panics unwind (tests, debug builds): the release profile aborts on panic,
/// so [`ole::check`] keeps the known crashes of `.xls` files from being reached at all.
fn guarded<T>(read: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err(not_workbook("the reader failed on the file's content")))
}

fn xlsx_error(e: XlsxError) -> CoreError {
    match e {
        XlsxError::Password => password_protected(),
        e => not_workbook(&e.to_string()),
    }
}

fn xls_error(e: XlsError) -> CoreError {
    match e {
        XlsError::Password => password_protected(),
        e => not_workbook(&e.to_string()),
    }
}

fn not_workbook(detail: &str) -> CoreError {
    CoreError::import_file(
        "文件不是有效的 Excel 工作簿：内容与扩展名不符，或文件已损坏。请用 Excel 或 WPS 打开它，另存为 .xlsx 后再导入",
        format!("The file is not a valid Excel workbook: its content does not match its extension, or it is damaged ({detail}). Open it in Excel or WPS, save it as .xlsx and import that"),
    )
}

/// A workbook whose structure claims more than its content could hold (made to exhaust memory, or damaged).
fn crafted(detail: &str) -> CoreError {
    CoreError::import_file(
        "工作簿的结构与内容不符（可能已损坏或被篡改），为安全起见未导入。请用 Excel 或 WPS 打开它，另存为 .xlsx 后再导入",
        format!("The workbook's structure does not match its content (damaged or tampered with: {detail}); it was not imported, to be safe. Open it in Excel or WPS, save it as .xlsx and import that"),
    )
}

fn password_protected() -> CoreError {
    CoreError::import_file(
        "工作簿设有密码保护，请在 Excel 中取消密码后另存再导入",
        "The workbook is password-protected; remove the password in Excel, save it and import it again",
    )
}

fn unsupported(ext: &str) -> CoreError {
    let (zh, en) = if ext.is_empty() {
        ("没有扩展名的文件".to_owned(), "A file without an extension".to_owned())
    } else {
        (format!(" .{ext} 文件"), format!("A .{ext} file"))
    };
    CoreError::import_file(
        format!("不支持导入{zh}。请选择 Excel 工作簿（.xlsx、.xls）或 CSV 文件（.csv）；其他格式请先在 Excel 或 WPS 中另存为 .xlsx"),
        format!("{en} cannot be imported. Choose an Excel workbook (.xlsx, .xls) or a CSV file (.csv); save other formats as .xlsx from Excel or WPS first"),
    )
}

fn unreadable(e: std::io::Error) -> CoreError {
    CoreError::import_file(
        format!("无法读取文件（{e}），请确认文件存在并且没有被其他程序占用"),
        format!("The file cannot be read ({e}); check that it exists and that no other program holds it"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_are_excel_s() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(255), "IV");
        assert_eq!(column_letter(16383), "XFD");
    }

    #[test]
    fn merges_fill_only_rows_in_use_and_columns_in_the_limit() {
        let mut grid = GridBuilder::new("S");
        grid.put(0, 0, Cell::Text("单位".into())).unwrap();
        grid.put(2, 1, Cell::Number(1.0)).unwrap();
        // As wide as a sheet and deeper than the rows in use (a whole-sheet merge is refused: see the next test).
        let everything = Dimensions { start: (0, 0), end: (1_999, 16_383) };
        let backwards = Dimensions { start: (2, 1), end: (0, 0) };
        let grid = grid.finish(&[everything, backwards]).unwrap();
        assert_eq!(grid.rows.len(), 3);
        assert!(grid.rows.iter().all(|r| r.len() == MAX_COLUMNS && r.iter().all(|c| *c == Cell::Text("单位".into()))));
    }

    #[test]
    fn a_merged_region_larger_than_the_cell_limit_is_refused() {
        let mut grid = GridBuilder::new("S");
        grid.put(0, 0, Cell::Text("单位".into())).unwrap();
        let everything = Dimensions { start: (0, 0), end: (1_048_575, 16_383) };
        let e = grid.finish(&[everything]).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::ImportFile);
        assert!(e.message_zh().contains("A1:XFD1048576") && e.message_zh().contains("太大"), "{}", e.message_zh());
    }

    #[test]
    fn merged_copies_count_against_the_sheets_text_limit() {
        let mut grid = GridBuilder::new("S");
        grid.put(0, 0, Cell::Text("长".repeat(1 << 20))).unwrap();
        grid.put(999, 0, Cell::Number(1.0)).unwrap();
        // 1,000 rows × 100 columns of a 3 MB text would be 300 GB of copies: refused before one is made.
        let region = Dimensions { start: (0, 0), end: (999, 99) };
        let e = grid.finish(&[region]).unwrap_err();
        assert!(e.message_en().contains("256 MB of text"), "{}", e.message_en());
    }

    #[test]
    fn a_workbook_with_every_sheet_hidden_asks_for_one() {
        let sheets = [ImportSheet { name: "甲".into(), hidden: true }, ImportSheet { name: "乙".into(), hidden: true }];
        assert_eq!(choose_sheet(&sheets, Some("乙")).unwrap(), "乙");
        let e = choose_sheet(&sheets, None).unwrap_err();
        assert_eq!(e.message_zh(), "工作簿中的工作表都是隐藏的，请选择要导入的工作表：“甲”（隐藏）、“乙”（隐藏）");
        assert!(choose_sheet(&[], None).unwrap_err().message_zh().contains("没有可以导入的工作表"));
    }
}
