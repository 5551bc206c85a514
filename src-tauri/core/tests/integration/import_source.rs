//! Reading import files into grids (import::source): workbooks written here with rust_xlsxwriter, an `.xls` made
//! from the same workbook by LibreOffice (tests/fixtures/import/roster.xls — rust_xlsxwriter cannot write `.xls`),
//! CSV files in the encodings Excel and WPS save, and files that cannot be imported, each with its message.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ledger_core::error::CoreError;
use ledger_core::import::cell::{Cell, Grid};
use ledger_core::import::source::{inspect, read, SourceFormat, SourceInfo, MAX_COLUMNS, MAX_ROWS};
use ledger_core::model::ImportSheet;
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tempfile::TempDir;

fn write_file(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn save(workbook: &mut Workbook, dir: &TempDir, name: &str) -> PathBuf {
    let path = dir.path().join(name);
    workbook.save(&path).unwrap();
    path
}

/// The Chinese and English message of an import error, checked to be one.
fn import_error(result: Result<impl std::fmt::Debug, CoreError>) -> String {
    let e = result.expect_err("the file should be refused");
    assert_eq!(e.code(), "import_file", "{e:?}");
    assert!(!e.message_zh().is_empty() && !e.message_en().is_empty());
    format!("{} | {}", e.message_zh(), e.message_en())
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

fn day(y: i32, m: u32, d: u32) -> Cell {
    Cell::DateTime(NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(0, 0, 0).unwrap())
}

fn sheet(name: &str, hidden: bool) -> ImportSheet {
    ImportSheet { name: name.to_owned(), hidden }
}

/// A roster as coordinators keep one: a hidden notes sheet first, then 名单 with a merged title, a second title
/// line, the header in row 3 and eight experts whose 派出单位 is one cell merged over their eight rows, a real date
/// and a formula with its cached result.
fn roster() -> Workbook {
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet().set_name("说明").unwrap();
    notes.write_string(0, 0, "填表说明：日期写成 2024-03-01").unwrap();
    notes.set_hidden(true);
    let list = workbook.add_worksheet().set_name("名单").unwrap().set_active(true);
    list.merge_range(0, 0, 0, 5, "2024年度科技专员名单", &Format::new()).unwrap();
    list.write_string(1, 0, "填报单位：某市科技局").unwrap();
    for (col, header) in ["序号", "姓名", "派出单位", "手机", "派驻日期", "服务天数"].iter().enumerate()
    {
        list.write_string(2, col as u16, *header).unwrap();
    }
    list.merge_range(3, 2, 10, 2, "省农业科学院", &Format::new()).unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for i in 0..8u32 {
        let row = 3 + i;
        list.write_number(row, 0, f64::from(i + 1)).unwrap();
        list.write_string(row, 1, format!("专员{}", i + 1)).unwrap();
        list.write_number(row, 3, 13_800_138_000.0 + f64::from(i)).unwrap();
        list.write_datetime_with_format(row, 4, ExcelDateTime::from_ymd(2024, 3, 1 + i as u8).unwrap(), &date).unwrap();
        list.write_formula(row, 5, format!("=10+{i}").as_str()).unwrap();
        list.set_formula_result(row, 5, (10 + i).to_string());
    }
    workbook
}

/// The 名单 sheet as both the `.xlsx` and the `.xls` roster must read.
fn check_roster_list(grid: &Grid) {
    assert_eq!(grid.name, "名单");
    assert_eq!(grid.rows.len(), 11, "rows[i] is spreadsheet row i + 1, nothing after the last");
    assert!(grid.rows[0][..6].iter().all(|c| *c == text("2024年度科技专员名单")), "the merged title fills A1:F1");
    assert_eq!(grid.rows[1][0], text("填报单位：某市科技局"));
    assert_eq!(grid.rows[2][..3], [text("序号"), text("姓名"), text("派出单位")]);
    for i in 0..8 {
        let row = &grid.rows[3 + i];
        assert_eq!(row[0], Cell::Number(i as f64 + 1.0));
        assert_eq!(row[1], text(&format!("专员{}", i + 1)));
        assert_eq!(row[2], text("省农业科学院"), "the merged 派出单位 belongs to row {}", 4 + i);
        assert_eq!(row[3], Cell::Number(13_800_138_000.0 + i as f64));
        assert_eq!(row[4], day(2024, 3, 1 + i as u32));
        assert_eq!(row[5], Cell::Number(10.0 + i as f64), "the formula's cached result");
    }
}

#[test]
fn a_roster_workbook_reads_with_rows_merges_dates_and_formulas_in_place() {
    let dir = TempDir::new().unwrap();
    let path = save(&mut roster(), &dir, "名单.xlsx");

    let info = inspect(&path).unwrap();
    let expected = SourceInfo {
        format: SourceFormat::Xlsx,
        sheets: vec![sheet("说明", true), sheet("名单", false)],
        encoding: None,
    };
    assert_eq!(info, expected);

    let (grid, read_info) = read(&path, None).unwrap();
    assert_eq!(read_info, expected);
    check_roster_list(&grid);
}

#[test]
fn a_hidden_sheet_is_skipped_by_default_and_read_by_name() {
    let dir = TempDir::new().unwrap();
    let path = save(&mut roster(), &dir, "roster.xlsx");
    let (grid, _) = read(&path, Some("说明")).unwrap();
    assert_eq!(grid.name, "说明");
    assert_eq!(grid.rows, vec![vec![text("填表说明：日期写成 2024-03-01")]]);
    assert_eq!(read(&path, Some("名单")).unwrap().0.name, "名单");

    let message = import_error(read(&path, Some("Sheet1")));
    assert!(message.contains("找不到工作表“Sheet1”") && message.contains("“说明”（隐藏）、“名单”"), "{message}");
    assert!(message.contains("“说明” (hidden), “名单”"), "{message}");
}

#[test]
fn typed_cells_keep_their_types() {
    let dir = TempDir::new().unwrap();
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    ws.write_datetime_with_format(0, 0, ExcelDateTime::parse_from_str("2024-05-06 14:30:00").unwrap(), &stamp).unwrap();
    ws.write_number(0, 1, 12.5).unwrap();
    ws.write_boolean(0, 2, true).unwrap();
    ws.write_formula(0, 3, "=NA()").unwrap();
    ws.set_formula_result(0, 3, "#N/A");
    ws.write_formula(0, 4, "=\"甲\"&\"乙\"").unwrap();
    ws.set_formula_result(0, 4, "甲乙");
    ws.write_formula(0, 5, "=A9").unwrap();
    ws.set_formula_result(0, 5, "");
    ws.write_string(0, 6, "  ").unwrap();
    let path = save(&mut workbook, &dir, "types.xlsx");

    let row = &read(&path, None).unwrap().0.rows[0];
    let stamp = NaiveDate::from_ymd_opt(2024, 5, 6).unwrap().and_hms_opt(14, 30, 0).unwrap();
    assert_eq!(
        row[..5],
        [Cell::DateTime(stamp), Cell::Number(12.5), Cell::Bool(true), Cell::Error("#N/A".into()), text("甲乙")]
    );
    assert!(row[5].is_blank(), "a formula without a cached value is blank: {:?}", row[5]);
    assert_eq!(row[6], text("  "), "text is kept as written");
}

#[test]
fn a_sheet_starting_at_c5_keeps_its_row_and_column_numbers() {
    let dir = TempDir::new().unwrap();
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.write_string(4, 2, "姓名").unwrap();
    ws.write_string(4, 3, "手机").unwrap();
    ws.write_string(5, 2, "张三").unwrap();
    let path = save(&mut workbook, &dir, "offset.xlsx");

    let grid = read(&path, None).unwrap().0;
    assert_eq!(grid.rows.len(), 6);
    assert!(grid.rows[..4].iter().all(|r| r.iter().all(Cell::is_blank)));
    assert_eq!(grid.rows[4], [Cell::Empty, Cell::Empty, text("姓名"), text("手机")]);
    assert_eq!(grid.rows[5][2], text("张三"));
}

/// [`roster`] with a third sheet 偏移 (姓名 and 手机 at C5:D5, 张三 at C6), saved as `.xlsx` and converted by
/// `soffice --headless --convert-to xls` (LibreOffice 7.4).
fn xls_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/roster.xls")
}

#[test]
fn the_xls_roster_reads_like_the_xlsx_one() {
    let path = xls_fixture();
    let info = inspect(&path).unwrap();
    assert_eq!(info.format, SourceFormat::Xls);
    assert_eq!(info.sheets, vec![sheet("说明", true), sheet("名单", false), sheet("偏移", false)]);
    check_roster_list(&read(&path, None).unwrap().0);
    assert_eq!(read(&path, Some("说明")).unwrap().0.rows[0][0], text("填表说明：日期写成 2024-03-01"));

    let offset = read(&path, Some("偏移")).unwrap().0;
    assert_eq!(offset.rows.len(), 6);
    assert_eq!(offset.rows[4][2], text("姓名"));
    assert_eq!(offset.rows[5][2], text("张三"));
    assert!(offset.rows[4][..2].iter().all(Cell::is_blank));
}

#[test]
fn a_sheet_past_the_column_limit_is_refused() {
    let dir = TempDir::new().unwrap();
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet().set_name("宽表").unwrap();
    ws.write_string(0, 0, "姓名").unwrap();
    ws.write_string(0, 16_383, "最后一列").unwrap();
    let path = save(&mut workbook, &dir, "wide.xlsx");
    let message = import_error(read(&path, None));
    assert!(message.contains("工作表“宽表”的 XFD 列") && message.contains("256 列"), "{message}");

    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.write_string(0, (MAX_COLUMNS - 1) as u16, "IV").unwrap();
    ws.write_string(1, (MAX_COLUMNS + 10) as u16, "   ").unwrap();
    let path = save(&mut workbook, &dir, "iv.xlsx");
    let grid = read(&path, None).unwrap().0;
    assert_eq!(
        grid.rows[0][MAX_COLUMNS - 1],
        text("IV"),
        "column IV is the last allowed; blank cells past it don't count"
    );
}

#[test]
fn a_sheet_past_the_row_limit_is_refused() {
    let dir = TempDir::new().unwrap();
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet_with_constant_memory().unwrap();
    for row in 0..=MAX_ROWS as u32 {
        ws.write_number(row, 0, f64::from(row)).unwrap();
    }
    let path = save(&mut workbook, &dir, "long.xlsx");
    let message = import_error(read(&path, None));
    assert!(message.starts_with("文件超过 200,000 行") && message.contains("第 200001 行"), "{message}");

    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.write_string(0, 0, "标题").unwrap();
    ws.write_string(MAX_ROWS as u32 - 1, 0, "最后一行").unwrap();
    ws.write_string(MAX_ROWS as u32 + 5, 0, "").unwrap();
    let path = save(&mut workbook, &dir, "sparse.xlsx");
    let grid = read(&path, None).unwrap().0;
    assert_eq!(grid.rows.len(), MAX_ROWS, "row 200,000 is the last allowed");
}

#[test]
fn empty_sheets_and_title_only_sheets() {
    let dir = TempDir::new().unwrap();
    let mut workbook = Workbook::new();
    workbook.add_worksheet();
    let path = save(&mut workbook, &dir, "empty.xlsx");
    let message = import_error(read(&path, None));
    assert!(message.contains("工作表“Sheet1”是空的"), "{message}");

    let mut workbook = Workbook::new();
    workbook.add_worksheet().merge_range(0, 0, 0, 3, "2024年科技专员名单", &Format::new()).unwrap();
    let path = save(&mut workbook, &dir, "title.xlsx");
    let grid = read(&path, None).unwrap().0;
    assert_eq!(grid.rows, vec![vec![text("2024年科技专员名单"); 4]], "finding the header is not this module's job");
}

#[test]
fn files_that_are_not_workbooks_are_refused_with_a_reason() {
    let dir = TempDir::new().unwrap();
    let not_excel = "不是有效的 Excel 工作簿";
    for (name, bytes) in [
        ("text.xlsx", "姓名,手机\n张三,13800138000\n".as_bytes()),
        ("report.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj".as_slice()),
        ("noise.xls", &[0x13, 0x37, 0, 255, 7, 7, 7, 7, 7, 1]),
        ("zip.xlsx", b"PK\x03\x04 not really a zip"),
        ("ole.xls", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 1, 2, 3]),
        ("doc.xls", &compound_file(&["WordDocument"])),
    ] {
        let path = write_file(&dir, name, bytes);
        let message = import_error(read(&path, None));
        assert!(message.contains(not_excel), "{name}: {message}");
        assert!(import_error(inspect(&path)).contains(not_excel));
    }

    let message = import_error(read(&write_file(&dir, "empty.xlsx", b""), None));
    assert!(message.starts_with("文件是空的"), "{message}");
    let message = import_error(read(&write_file(&dir, "empty.csv", b""), None));
    assert!(message.starts_with("文件是空的"), "{message}");

    for name in ["名单.pdf", "名单.doc", "名单"] {
        let message = import_error(read(&write_file(&dir, name, b"%PDF-1.4"), None));
        assert!(message.starts_with("不支持导入") && message.contains(".xlsx、.xls"), "{message}");
    }

    let message = import_error(read(&write_file(&dir, "scan.csv", &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2]), None));
    assert!(message.contains("不是文本格式的 CSV"), "{message}");

    let message = import_error(read(&dir.path().join("gone.xlsx"), None));
    assert!(message.starts_with("无法读取文件"), "{message}");
}

/// A small but real compound file (version 3, 512-byte sectors): sector 0 the FAT, sector 1 the directory — a root
/// entry and the named streams, empty. Excel's "encrypt with password" writes such a container with the streams
/// `EncryptionInfo` and `EncryptedPackage` (and a `\u{6}DataSpaces` storage) in place of the zip.
fn compound_file(streams: &[&str]) -> Vec<u8> {
    const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
    const NOSTREAM: u32 = 0xFFFF_FFFF;
    assert!(streams.len() <= 3, "one directory sector holds four entries");
    let mut file = vec![0u8; 512 * 3];
    let put16 = |f: &mut [u8], at: usize, v: u16| f[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 = |f: &mut [u8], at: usize, v: u32| f[at..at + 4].copy_from_slice(&v.to_le_bytes());
    file[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    put16(&mut file, 24, 0x3E); // minor version
    put16(&mut file, 26, 3); // major version
    put16(&mut file, 28, 0xFFFE); // little-endian
    put16(&mut file, 30, 9); // 512-byte sectors
    put16(&mut file, 32, 6); // 64-byte mini sectors
    put32(&mut file, 44, 1); // one FAT sector
    put32(&mut file, 48, 1); // the directory starts at sector 1
    put32(&mut file, 56, 4096); // mini stream cutoff
    put32(&mut file, 60, ENDOFCHAIN); // no mini FAT
    put32(&mut file, 68, ENDOFCHAIN); // no DIFAT sectors
    put32(&mut file, 76, 0); // the FAT is sector 0
    for at in (80..512).step_by(4) {
        put32(&mut file, at, NOSTREAM);
    }
    // The FAT: sector 0 is a FAT sector, sector 1 a one-sector chain, the rest free.
    put32(&mut file, 512, 0xFFFF_FFFD);
    put32(&mut file, 516, ENDOFCHAIN);
    for at in (520..1024).step_by(4) {
        put32(&mut file, at, NOSTREAM);
    }
    let names = std::iter::once("Root Entry").chain(streams.iter().copied());
    for (i, name) in names.enumerate() {
        let entry = 1024 + 128 * i;
        let units: Vec<u16> = name.encode_utf16().collect();
        for (j, unit) in units.iter().enumerate() {
            put16(&mut file, entry + 2 * j, *unit);
        }
        put16(&mut file, entry + 64, 2 * (units.len() as u16 + 1));
        file[entry + 66] = if i == 0 { 5 } else { 2 }; // root storage or stream
        file[entry + 67] = 1; // black
        put32(&mut file, entry + 68, NOSTREAM); // left sibling
        let right = if i > 0 && i < streams.len() { i as u32 + 1 } else { NOSTREAM };
        put32(&mut file, entry + 72, right);
        put32(&mut file, entry + 76, if i == 0 && !streams.is_empty() { 1 } else { NOSTREAM }); // child
        put32(&mut file, entry + 116, ENDOFCHAIN); // empty: no first sector
    }
    for i in streams.len() + 1..4 {
        let entry = 1024 + 128 * i;
        for at in [68, 72, 76] {
            put32(&mut file, entry + at, NOSTREAM);
        }
    }
    file
}

#[test]
fn damaged_xls_structures_are_refused_before_calamine_follows_them() {
    let dir = TempDir::new().unwrap();
    // The directory's chain points back at itself: calamine would read it forever.
    let mut looping = compound_file(&["Workbook"]);
    looping[516..520].copy_from_slice(&1u32.to_le_bytes());
    let message = import_error(read(&write_file(&dir, "loop.xls", &looping), None));
    assert!(message.contains("不是有效的 Excel 工作簿") && message.contains("loops"), "{message}");

    // A sheet's DIMENSIONS record (type 0x0200, 14 bytes) claiming 4 billion rows: calamine would reserve for them.
    let fixture = std::fs::read(xls_fixture()).unwrap();
    let at = |pattern: &[u8]| fixture.windows(pattern.len()).position(|w| w == pattern).unwrap();
    let mut huge = fixture.clone();
    let dims = at(&[0x00, 0x02, 0x0E, 0x00]) + 4;
    huge[dims + 4..dims + 8].copy_from_slice(&u32::MAX.to_le_bytes());
    let message = import_error(read(&write_file(&dir, "dims.xls", &huge), None));
    assert!(message.contains("DIMENSIONS"), "{message}");

    // A cell (a LabelSst record, type 0x00FD) in column 65,536: calamine would make a 65,536-column grid.
    let mut wide = fixture.clone();
    let cell = at(&[0xFD, 0x00, 0x0A, 0x00]) + 4;
    wide[cell + 2..cell + 4].copy_from_slice(&u16::MAX.to_le_bytes());
    let message = import_error(read(&write_file(&dir, "wide.xls", &wide), None));
    assert!(message.contains("right of column IV"), "{message}");
}

#[test]
fn a_password_protected_workbook_is_told_apart() {
    let dir = TempDir::new().unwrap();
    let encrypted = compound_file(&["EncryptionInfo", "EncryptedPackage"]);
    // calamine's own check of an .xlsx reads the same container and agrees.
    let calamine_says = <calamine::Xlsx<_> as calamine::Reader<_>>::new(std::io::Cursor::new(encrypted.clone()));
    assert!(matches!(calamine_says, Err(calamine::XlsxError::Password)));

    for name in ["加密.xlsx", "加密.xls"] {
        let path = write_file(&dir, name, &encrypted);
        let message = import_error(inspect(&path));
        assert!(message.starts_with("工作簿设有密码保护，请在 Excel 中取消密码后另存再导入"), "{message}");
        assert!(message.contains("password-protected"), "{message}");
    }
}

#[test]
fn csv_in_utf8_with_and_without_bom_and_in_gbk() {
    let dir = TempDir::new().unwrap();
    let content = "2024年科技专员名单,,\r\n姓名,派出单位,手机\r\n张三,省农业科学院,13800138000\r\n";
    let expected = vec![
        vec![text("2024年科技专员名单"), text(""), text("")],
        vec![text("姓名"), text("派出单位"), text("手机")],
        vec![text("张三"), text("省农业科学院"), text("13800138000")],
    ];
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(content);
    assert!(!unmappable);
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), content.as_bytes()].concat();
    for (name, bytes, encoding) in [
        ("名单.csv", content.as_bytes().to_vec(), "UTF-8"),
        ("bom.csv", with_bom, "UTF-8"),
        ("gbk.csv", gbk.into_owned(), "GB18030"),
    ] {
        let path = write_file(&dir, name, &bytes);
        let (grid, info) = read(&path, None).unwrap();
        assert_eq!(grid.rows, expected, "{name}");
        assert_eq!(info.format, SourceFormat::Csv);
        assert_eq!(info.encoding.as_deref(), Some(encoding), "{name}");
        let stem = name.trim_end_matches(".csv");
        assert_eq!(info.sheets, vec![sheet(stem, false)]);
        assert_eq!(grid.name, stem);
        assert_eq!(inspect(&path).unwrap(), info);
    }
    let path = dir.path().join("名单.csv");
    assert_eq!(read(&path, Some("名单")).unwrap().0.rows, expected);
    let message = import_error(read(&path, Some("Sheet1")));
    assert!(message.contains("找不到工作表“Sheet1”") && message.contains("“名单”"), "{message}");
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs() {
    let dir = TempDir::new().unwrap();
    let content = "姓名\t单位\t备注\r\n李四\t\"市农科所\"\t含,逗号\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(content.encode_utf16().flat_map(u16::to_le_bytes));
    let (grid, info) = read(&write_file(&dir, "unicode.txt", &bytes), None).unwrap();
    assert_eq!(info.encoding.as_deref(), Some("UTF-16LE"));
    assert_eq!(
        grid.rows,
        vec![vec![text("姓名"), text("单位"), text("备注")], vec![text("李四"), text("市农科所"), text("含,逗号")]]
    );
}

#[test]
fn quoted_csv_fields_hold_commas_quotes_and_line_breaks() {
    let dir = TempDir::new().unwrap();
    let content = "企业名称,地址,备注\n\"甲科技有限公司\",\"某县,某镇\",\"第一行\r\n第二行\"\n\"乙公司\"\"新\"\"\",,\n";
    let (grid, _) = read(&write_file(&dir, "quoted.csv", content.as_bytes()), None).unwrap();
    assert_eq!(grid.rows.len(), 3, "a line break inside quotes does not start a row");
    assert_eq!(grid.rows[1], [text("甲科技有限公司"), text("某县,某镇"), text("第一行\n第二行")]);
    assert_eq!(grid.rows[2], [text("乙公司\"新\""), text(""), text("")]);

    let message = import_error(read(&write_file(&dir, "broken.csv", b"a,b\n\"c,d\ne,f\n"), None));
    assert!(message.starts_with("CSV 文件第 2 行有一个引号没有闭合"), "{message}");
}

#[test]
fn csv_limits_are_the_workbook_limits() {
    let dir = TempDir::new().unwrap();
    let wide = format!("{}x\n", ",".repeat(MAX_COLUMNS));
    let message = import_error(read(&write_file(&dir, "wide.csv", wide.as_bytes()), None));
    assert!(message.contains("IW 列（第 257 列）"), "{message}");
    let long = "1\n".repeat(MAX_ROWS + 1);
    let message = import_error(read(&write_file(&dir, "long.csv", long.as_bytes()), None));
    assert!(message.starts_with("文件超过 200,000 行"), "{message}");
    let blank_tail = format!("姓名\n{}", "\n".repeat(MAX_ROWS + 10));
    assert_eq!(read(&write_file(&dir, "tail.csv", blank_tail.as_bytes()), None).unwrap().0.rows.len(), 1);
    let message = import_error(read(&write_file(&dir, "blank.csv", b"\xEF\xBB\xBF , \r\n"), None));
    assert!(message.contains("工作表“blank”是空的"), "{message}");
}

/// Reading anything gives a grid or an import error, never a panic.
fn never_panics(dir: &TempDir, name: &str, bytes: &[u8]) {
    let path = write_file(dir, name, bytes);
    if let Err(e) = inspect(&path) {
        assert_eq!(e.code(), "import_file");
    }
    if let Err(e) = read(&path, None) {
        assert_eq!(e.code(), "import_file");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let dir = TempDir::new().unwrap();
        for name in ["x.csv", "x.xlsx", "x.xls"] {
            never_panics(&dir, name, &bytes);
        }
        never_panics(&dir, "zip.xlsx", &[b"PK\x03\x04".as_slice(), &bytes].concat());
        never_panics(&dir, "ole.xls", &[[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1].as_slice(), &bytes].concat());
    }

    #[test]
    fn damaged_compound_files_never_panic(
        edits in prop::collection::vec((0usize..1536, any::<u8>()), 1..24),
        tail in prop::collection::vec(any::<u8>(), 0..1024),
    ) {
        let dir = TempDir::new().unwrap();
        let mut file = compound_file(&["Workbook"]);
        for (at, byte) in edits {
            file[at.max(8)] = byte;
        }
        file.extend(tail);
        never_panics(&dir, "damaged.xls", &file);
    }

    #[test]
    fn damaged_workbooks_never_panic(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16)) {
        let dir = TempDir::new().unwrap();
        let mut bytes = roster().save_to_buffer().unwrap();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        never_panics(&dir, "damaged.xlsx", &bytes);
    }

    #[test]
    fn damaged_xls_files_never_panic(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16)) {
        let dir = TempDir::new().unwrap();
        let mut bytes = std::fs::read(xls_fixture()).unwrap();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        never_panics(&dir, "damaged.xls", &bytes);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Crafted workbooks: parts that claim more than they hold, regions that multiply cells
// ---------------------------------------------------------------------------------------------------------------

/// A small real workbook (a header and two rows of text, so it has shared strings) written by rust_xlsxwriter,
/// rewritten with `change` applied to each part's name and text: the way a crafted file is made from a good one.
fn crafted_xlsx(dir: &TempDir, name: &str, change: impl Fn(&str, String) -> String) -> PathBuf {
    use std::io::{Read, Write};
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet().set_name("名单").unwrap();
    for (row, values) in [["姓名", "手机"], ["张伟", "13800138001"], ["李娜", "13800138002"]].iter().enumerate()
    {
        for (col, value) in values.iter().enumerate() {
            ws.write_string(row as u32, col as u16, *value).unwrap();
        }
    }
    let good = save(&mut workbook, dir, &format!("good-{name}"));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&good).unwrap()).unwrap();
    let path = dir.path().join(name);
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let part_name = part.name().unwrap().into_owned();
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        out.start_file(part_name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(change(&part_name, text).as_bytes()).unwrap();
    }
    out.finish().unwrap();
    path
}

#[test]
fn a_shared_strings_count_larger_than_its_part_could_hold_is_refused_before_calamine_reserves_it() {
    let dir = TempDir::new().unwrap();
    // calamine would reserve 4 × 10^12 strings (96 TB) from this attribute: the allocation would abort the process.
    let huge = crafted_xlsx(&dir, "huge-unique-count.xlsx", |name, text| {
        if name == "xl/sharedStrings.xml" {
            let start = text.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = start + text[start..].find('"').unwrap();
            format!("{}4000000000000{}", &text[..start], &text[end..])
        } else {
            text
        }
    });
    for message in [import_error(read(&huge, None)), import_error(inspect(&huge))] {
        assert!(message.contains("被篡改") && message.contains("4000000000000 strings"), "{message}");
    }

    let not_a_number = crafted_xlsx(&dir, "nan-count.xlsx", |name, text| {
        if name == "xl/sharedStrings.xml" {
            text.replacen("uniqueCount=\"", "uniqueCount=\"-1", 1)
        } else {
            text
        }
    });
    assert!(import_error(read(&not_a_number, None)).contains("not a number"));

    // A count a little off, as some writers leave it, is no reason to refuse a good file.
    let loose = crafted_xlsx(&dir, "loose-count.xlsx", |name, text| {
        if name == "xl/sharedStrings.xml" {
            let start = text.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
            let end = start + text[start..].find('"').unwrap();
            format!("{}9{}", &text[..start], &text[end..])
        } else {
            text
        }
    });
    let grid = read(&loose, None).unwrap().0;
    assert_eq!(grid.rows[1], [text("张伟"), text("13800138001")]);
}

#[test]
fn a_merged_region_over_the_whole_sheet_is_refused_without_filling_it() {
    let dir = TempDir::new().unwrap();
    let path = crafted_xlsx(&dir, "merged-everything.xlsx", |name, text| {
        if name.starts_with("xl/worksheets/sheet") {
            text.replacen(
                "</sheetData>",
                r#"</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>"#,
                1,
            )
        } else {
            text
        }
    });
    let message = import_error(read(&path, None));
    assert!(message.contains("合并单元格 A1:XFD1048576 太大") && message.contains("unmerge"), "{message}");
    // The sheet list still reads (the merge is only met when the sheet's cells are read).
    assert_eq!(inspect(&path).unwrap().sheets, [sheet("名单", false)]);
}
