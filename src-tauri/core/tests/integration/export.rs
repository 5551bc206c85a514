//! Exports read back: every workbook through calamine (values, cell types, number formats, formulas) and its XML
//! (merged title, frozen pane, autofilter, page setup, print titles, column widths, headers over two lines); CSV
//! bytes; the 身份证号 mask;
//! continuation sheets under a small row limit; cancel and errors leaving nothing behind; the period, unit and region
//! filters of each ledger against hand-counted fixtures.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::exec;
use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;
use ledger_core::model::*;
use ledger_core::reporting::export::{self, export_columns, ExportOptions};
use ledger_core::{CoreError, Ledger};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn settings() -> ReportSettings {
    ReportSettings { reporting_unit: "宁波市科技局".into(), reporter: "周明".into() }
}

/// Two units, two batches, four experts (one in the bin), three enterprises (one in the bin), visits, service
/// records and needs in 2023–2025, some in the bin. Comments give the hand counts the tests expect.
fn fixture() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(&dir.path().join("ledger.sqlite3")).unwrap();
    exec(
        &ledger,
        "INSERT INTO organizations (id, name, kind, created_at, updated_at) VALUES
             ('o1', '浙江大学', 'university', 't', 't'), ('o2', '中科院宁波所', 'institute', 't', 't');
         INSERT INTO batches (id, name, created_at, updated_at) VALUES
             ('b1', '2024年第一批', 't', 't'), ('b2', '2024年第二批', 't', 't');
         INSERT INTO experts (id, name, gender, birth_month, education, title, organization_id, position, discipline,
                 specialties, phone, email, id_card, service_form, batch_id, service_start, service_end, status,
                 notes, created_at, updated_at, deleted_at) VALUES
             ('x1', '李娜', 'female', '1980-05', 'doctorate', 'senior', 'o1', '教授', '材料科学',
              '[\"热处理\",\"模具\"]', '13800000001', 'li@zju.edu.cn', '11010519491231002X', 'stationed', 'b1',
              '2024-01-01', '2024-12-31', 'active', NULL, 't', 't', NULL),
             ('x2', '王强', 'male', NULL, 'master', 'associate_senior', 'o1', NULL, '机械', '[]', NULL, NULL, NULL,
              'part_time', 'b2', '2023-01-01', '2023-12-31', 'ended', '-已期满', 't', 't', NULL),
             ('x3', '张伟', 'male', NULL, NULL, 'intermediate', 'o2', NULL, NULL, '[]', NULL, NULL, NULL, NULL, 'b1',
              NULL, NULL, 'active', NULL, 't', 't', NULL),
             ('x4', '赵敏', 'female', NULL, NULL, 'junior', NULL, NULL, NULL, '[]', NULL, NULL, NULL, NULL, NULL,
              NULL, NULL, 'active', NULL, 't', 't', '2024-06-01T00:00:00.000Z');
         INSERT INTO enterprises (id, name, credit_code, province, city, county, region_code, industry, size,
                 is_high_tech, is_tech_sme, is_specialized, created_at, updated_at, deleted_at) VALUES
             ('n1', '宁波甲电梯有限公司', '91330200MA0000001X', '浙江省', '宁波市', '鄞州区', '330212', 'C', 'small',
              1, 0, 1, 't', 't', NULL),
             ('n2', '温州乙竹木制品厂', '91330300MA0000002X', '浙江省', '温州市', NULL, NULL, NULL, NULL,
              0, 1, 0, 't', 't', NULL),
             ('n3', '杭州丙科技有限公司', '91330100MA0000003X', '浙江省', '杭州市', NULL, NULL, NULL, NULL,
              0, 0, 0, 't', 't', '2024-06-01T00:00:00.000Z');
         INSERT INTO enterprise_contacts (id, enterprise_id, name, phone, is_primary, created_at, updated_at) VALUES
             ('c1', 'n1', '陈经理', '13900000000', 1, 't', 't'), ('c2', 'n1', '副手', NULL, 0, 't', 't');
         INSERT INTO assignments (id, expert_id, enterprise_id, start_date, created_at, updated_at) VALUES
             ('a1', 'x3', 'n2', '2022-01-01', 't', 't');
         INSERT INTO visits (id, enterprise_id, visit_date, mode, purpose, findings, next_step, follow_up_date,
                 created_at, updated_at, deleted_at) VALUES
             ('v1', 'n1', '2024-03-05', 'on_site', '了解噪声问题', '=HYPERLINK(\"http://x\")', '送检', '2024-03-20',
              't', 't', NULL),
             ('v2', 'n2', '2024-07-10', 'online', '回访', '防霉', NULL, NULL, 't', 't', NULL),
             ('v3', 'n1', '2023-11-01', 'phone', NULL, NULL, NULL, NULL, 't', 't', NULL),
             ('v4', 'n2', '2024-05-01', 'phone', NULL, NULL, NULL, NULL, 't', 't', '2024-06-01T00:00:00.000Z');
         INSERT INTO visit_experts VALUES ('v1', 'x3'), ('v1', 'x1'), ('v2', 'x2'), ('v3', 'x1'), ('v4', 'x1');
         INSERT INTO needs (id, enterprise_id, source, title, need_type, budget_fen, urgency, stage,
                 stage_changed_on, merged_into_id, refined_problem, created_at, updated_at, deleted_at) VALUES
             ('d1', 'n1', 'visit', '曳引机噪声偏大', 'process_improvement', 50000000, 'high', 'matched',
              '2024-03-10', NULL, '降低曳引机噪声', '2024-03-05T02:00:00.000Z', 't', NULL),
             ('d2', 'n2', 'self_reported', '竹材防霉', 'tech_breakthrough', NULL, 'normal', 'solved', '2023-12-01',
              NULL, NULL, '2023-10-01T00:00:00.000Z', 't', NULL),
             ('d3', 'n2', 'other', '工艺改进', 'other', NULL, 'low', 'discovered', '2023-06-01', NULL, NULL,
              '2023-06-01T00:00:00.000Z', 't', NULL),
             ('d4', 'n1', 'visit', '明年的需求', 'other', NULL, 'low', 'discovered', '2025-01-10', NULL, NULL,
              '2025-01-10T00:00:00.000Z', 't', NULL),
             ('d5', 'n1', 'visit', '已删除的需求', 'other', NULL, 'low', 'discovered', '2024-01-10', NULL, NULL,
              '2024-01-10T00:00:00.000Z', 't', '2024-06-01T00:00:00.000Z');
         INSERT INTO need_matches (id, need_id, expert_id, method, matched_on, created_at, updated_at) VALUES
             ('m1', 'd1', 'x1', 'assigned', '2024-03-10', 't', 't'),
             ('m2', 'd1', 'x3', 'claimed', '2024-03-11', 't', 't');
         INSERT INTO service_records (id, expert_id, enterprise_id, need_id, start_date, end_date, service_days,
                 service_type, content, outcome_summary, contract_amount_fen, investment_fen, patents,
                 people_trained, created_at, updated_at, deleted_at) VALUES
             ('s1', 'x1', 'n1', 'd1', '2024-03-06', '2024-03-08', 3, 'consulting', '=1+2', '噪声下降 5 分贝',
              12500000, 0, 1, 0, 't', 't', NULL),
             ('s2', 'x2', 'n2', NULL, '2024-08-01', '2024-08-01', 0.5, 'training', '防霉培训', NULL,
              0, 100, 0, 30, 't', 't', NULL),
             ('s3', 'x3', 'n1', NULL, '2023-12-20', '2023-12-21', 2, 'consulting', '现场诊断', NULL,
              1000000, 0, 0, 0, 't', 't', NULL),
             ('s4', 'x1', 'n2', NULL, '2024-10-01', '2024-10-01', 1, 'consulting', '已删除', NULL,
              999000000, 0, 0, 0, 't', 't', '2024-11-01T00:00:00.000Z');",
    );
    (dir, ledger)
}

fn request(kind: ExportKind, format: ExportFormat, period: &str) -> ExportRequest {
    ExportRequest {
        kind,
        format,
        filter: ReportFilter {
            period: period.into(),
            region: None,
            organization_id: None,
            batch_id: None,
            origins: None,
            reviewed_only: None,
        },
        columns: None,
        include_full_id: false,
        paper: None,
    }
}

fn run_with(
    ledger: &Ledger,
    req: &ExportRequest,
    out: &Path,
    options: &ExportOptions,
) -> ledger_core::Result<ExportReport> {
    ledger.database().read(|c| export::export_with(c, req, &settings(), today(), out, options, &mut |_, _| true))
}

fn run(ledger: &Ledger, req: &ExportRequest, out: &Path) -> ExportReport {
    run_with(ledger, req, out, &ExportOptions::default()).unwrap_or_else(|e| panic!("export failed: {e}"))
}

fn xlsx(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap()
}

/// A part of the xlsx zip as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({row}, {col}) is not text: {other:?}"),
    }
}

fn float(range: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match range.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    }
}

fn excel_date(range: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match range.get_value((row, col)) {
        Some(Data::DateTime(d)) => d.as_f64(),
        other => panic!("({row}, {col}) is not a date: {other:?}"),
    }
}

fn serial(day: &str) -> f64 {
    let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
}

/// The number format code of a cell.
fn number_format(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str, row: u32, col: u32) -> String {
    let styles = book.worksheet_style(sheet).unwrap();
    styles.get((row, col)).and_then(|s| s.number_format.clone()).map(|f| f.format_code).unwrap_or_default()
}

fn header_keys(kind: ExportKind) -> Vec<String> {
    export_columns(kind).into_iter().map(|c| c.label).collect()
}

#[test]
fn the_service_ledger_reads_back_with_real_types_formats_and_totals() {
    let (dir, ledger) = fixture();
    exec(&ledger, "UPDATE service_records SET satisfaction = 'satisfied', evaluated_on = '2024-03-09' WHERE id = 's1'");
    let out = dir.path().join("服务台账.xlsx");
    let report = run(&ledger, &request(ExportKind::Services, ExportFormat::Xlsx, "2024"), &out);
    assert_eq!((report.rows, report.sheets), (2, 1));
    assert_eq!(report.path, out.display().to_string());

    let mut book = xlsx(&out);
    assert_eq!(book.sheet_names(), ["服务台账"]);
    let r = book.worksheet_range("服务台账").unwrap();
    assert_eq!(text(&r, 0, 0), "服务台账（2024年）");
    let meta = text(&r, 1, 0);
    assert!(meta.contains("填报单位：宁波市科技局") && meta.contains("填报人：周明"), "{meta}");
    assert!(meta.contains("填报日期：2026-11-27") && !meta.contains("统计范围"), "{meta}");
    // Headers wider than their column break before the unit: 合同金额 over （万元）.
    let headers: Vec<String> = (0..24).map(|c| text(&r, 2, c).replace('\n', "")).collect();
    assert_eq!(headers, header_keys(ExportKind::Services));
    assert_eq!(text(&r, 2, 10), "合同金额\n（万元）");

    // Row 4 (index 3) is s1, row 5 is s2, in start-date order; the deleted s4 and the 2023 s3 are left out.
    // Each starts with its 序号, a number; the 合计 row leaves it blank and puts its label beside it.
    assert_eq!((float(&r, 3, 0), float(&r, 4, 0)), (1.0, 2.0));
    assert_eq!(r.get_value((5, 0)), Some(&Data::Empty));
    assert_eq!(text(&r, 3, 1), "李娜");
    assert_eq!(text(&r, 3, 2), "浙江大学");
    assert_eq!(text(&r, 3, 3), "宁波甲电梯有限公司");
    assert_eq!(text(&r, 3, 4), "曳引机噪声偏大");
    assert_eq!(excel_date(&r, 3, 5), serial("2024-03-06"));
    assert_eq!(excel_date(&r, 3, 6), serial("2024-03-08"));
    assert_eq!(float(&r, 3, 7), 3.0);
    assert_eq!(text(&r, 3, 8), "技术咨询");
    assert_eq!(text(&r, 3, 9), "=1+2", "formula-like content stays text");
    assert_eq!(float(&r, 3, 10), 12.5);
    assert_eq!(float(&r, 3, 16), 1.0);
    assert_eq!(text(&r, 3, 21), "噪声下降 5 分贝");
    assert_eq!(text(&r, 4, 1), "王强");
    assert_eq!(r.get_value((4, 4)), Some(&Data::Empty), "no need");
    assert_eq!(float(&r, 4, 7), 0.5);
    assert_eq!(text(&r, 4, 8), "培训");
    assert_eq!(float(&r, 4, 11), 0.0001);
    assert_eq!(float(&r, 4, 19), 30.0);
    // 服务对象评价: the label and a real date; blank when not evaluated.
    assert_eq!(text(&r, 3, 22), "满意");
    assert_eq!(excel_date(&r, 3, 23), serial("2024-03-09"));
    assert_eq!((r.get_value((4, 22)), r.get_value((4, 23))), (Some(&Data::Empty), Some(&Data::Empty)));

    // The totals row: the label, SUM formulas over rows 4–5 with their results.
    assert_eq!(text(&r, 5, 1), "合计（2 条）");
    assert_eq!(float(&r, 5, 7), 3.5);
    assert_eq!(float(&r, 5, 10), 12.5);
    assert_eq!(float(&r, 5, 11), 0.0001);
    assert_eq!(float(&r, 5, 19), 30.0);
    let formulas = book.worksheet_formula("服务台账").unwrap();
    assert_eq!(formulas.get_value((5, 7)).map(String::as_str), Some("SUM(H4:H5)"));
    assert_eq!(formulas.get_value((5, 10)).map(String::as_str), Some("SUM(K4:K5)"));
    assert_eq!(formulas.get_value((5, 20)).map(String::as_str), Some("SUM(U4:U5)"));
    assert!(formulas.get_value((3, 9)).is_none_or(|f| f.is_empty()), "the =1+2 cell has no formula");

    for (col, format) in [(0, "0"), (5, "yyyy-mm-dd"), (7, "0.0"), (10, "0.00"), (16, "0")] {
        assert_eq!(number_format(&mut book, "服务台账", 3, col), format, "column {col}");
    }
    assert_eq!(number_format(&mut book, "服务台账", 5, 10), "0.00");
    let styles = book.worksheet_style("服务台账").unwrap();
    assert!(styles.get((2, 0)).unwrap().font.as_ref().unwrap().is_bold(), "bold header");
    assert!(styles.get((2, 0)).unwrap().borders.as_ref().unwrap().has_visible_borders(), "bordered header");

    let sheet = part(&out, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<mergeCell ref="A1:X1"/>"#), "{sheet}");
    assert!(sheet.contains(r#"<mergeCell ref="A2:X2"/>"#));
    assert!(sheet.contains(r#"<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>"#), "{sheet}");
    assert!(sheet.contains(r#"<autoFilter ref="A3:X5"/>"#), "{sheet}");
    let setup = sheet.split("<pageSetup").nth(1).unwrap().split("/>").next().unwrap();
    for attribute in [r#"orientation="landscape""#, r#"paperSize="9""#, r#"fitToHeight="0""#] {
        assert!(setup.contains(attribute), "{setup}");
    }
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "fit to page: {sheet}");
    assert!(!sheet.contains("<f>1+2</f>"));
    let workbook = part(&out, "xl/workbook.xml");
    // All 24 columns print at 8 pt or larger only two A4 pages wide, the 序号 repeated on the second.
    assert!(setup.contains(r#"fitToWidth="2""#) && setup.contains(r#"pageOrder="overThenDown""#), "{setup}");
    assert!(
        workbook.contains(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">服务台账!$A:$A,服务台账!$3:$3</definedName>"#
        ),
        "{workbook}"
    );
    assert!(part(&out, "xl/styles.xml").contains(r#"quotePrefix="1""#), "quote prefix format");
    let listing: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!listing.iter().any(|n| n.to_string_lossy().contains("partial")), "{listing:?}");
}

#[test]
fn a_formula_like_text_stays_a_string_cell_in_every_ledger() {
    let (dir, ledger) = fixture();
    let out = dir.path().join("走访.xlsx");
    run(&ledger, &request(ExportKind::Visits, ExportFormat::Xlsx, "2024"), &out);
    let mut book = xlsx(&out);
    let r = book.worksheet_range("走访记录台账").unwrap();
    assert_eq!(text(&r, 3, 7), "=HYPERLINK(\"http://x\")");
    let formulas = book.worksheet_formula("走访记录台账").unwrap();
    assert!(formulas.get_value((3, 7)).is_none_or(|f| f.is_empty()));
    assert!(!part(&out, "xl/worksheets/sheet1.xml").contains("HYPERLINK(&quot;http://x&quot;)</f>"));
    // Participants joined with 、 in name order; the region run together; real dates.
    assert_eq!(text(&r, 3, 4), "张伟、李娜");
    assert_eq!(text(&r, 3, 3), "浙江省宁波市鄞州区");
    assert_eq!(text(&r, 3, 5), "实地");
    assert_eq!(excel_date(&r, 3, 9), serial("2024-03-20"));
    assert_eq!(text(&r, 5, 1), "合计（2 条）");
}

#[test]
fn resident_ids_are_masked_unless_asked_for_in_full() {
    let (dir, ledger) = fixture();
    let masked = dir.path().join("masked.xlsx");
    let mut req = request(ExportKind::Roster, ExportFormat::Xlsx, "2024");
    run(&ledger, &req, &masked);
    let r = xlsx(&masked).worksheet_range("花名册").unwrap();
    assert_eq!(text(&r, 4, 1), "李娜");
    assert_eq!(text(&r, 4, 13), "110105********002X");
    assert_eq!(text(&r, 4, 2), "女");
    assert_eq!(text(&r, 4, 4), "博士研究生");
    assert_eq!(text(&r, 4, 5), "正高");
    assert_eq!(text(&r, 4, 7), "高校");
    assert_eq!(text(&r, 4, 10), "热处理、模具");
    assert_eq!(text(&r, 4, 14), "派驻");
    assert_eq!(excel_date(&r, 4, 16), serial("2024-01-01"));
    assert_eq!(text(&r, 4, 18), "在岗");

    req.include_full_id = true;
    let full = dir.path().join("full.xlsx");
    run(&ledger, &req, &full);
    let r = xlsx(&full).worksheet_range("花名册").unwrap();
    assert_eq!(text(&r, 4, 13), "11010519491231002X");

    let csv = dir.path().join("masked.csv");
    run(&ledger, &request(ExportKind::Roster, ExportFormat::Csv, "2024"), &csv);
    let body = std::fs::read_to_string(&csv).unwrap();
    assert!(body.contains("110105********002X") && !body.contains("11010519491231002X"), "{body}");
}

#[test]
fn rows_past_the_sheet_limit_continue_on_a_second_sheet_with_the_same_heading() {
    let (dir, ledger) = fixture();
    // 11 more service records in 2024 (13 in all); a limit of 8 rows leaves 4 data rows per sheet (3 heading rows,
    // 1 for the totals), so 4 + 4 + 4 + 1.
    exec(
        &ledger,
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 11)
         INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days, service_type,
             contract_amount_fen, created_at, updated_at)
         SELECT 'bulk' || i, 'x3', 'n2', '2024-12-' || printf('%02d', i), '2024-12-' || printf('%02d', i), 1,
             'consulting', 1000000, 't', 't' FROM k;",
    );
    let out = dir.path().join("limit.xlsx");
    let options = ExportOptions { sheet_row_limit: 8, ..ExportOptions::default() };
    let report = run_with(&ledger, &request(ExportKind::Services, ExportFormat::Xlsx, "2024"), &out, &options).unwrap();
    assert_eq!((report.rows, report.sheets), (13, 4));
    let mut book = xlsx(&out);
    assert_eq!(book.sheet_names(), ["服务台账", "服务台账(2)", "服务台账(3)", "服务台账(4)"]);
    let mut names = Vec::new();
    let mut serials = Vec::new();
    for sheet in book.sheet_names() {
        let r = book.worksheet_range(&sheet).unwrap();
        assert_eq!(text(&r, 0, 0), "服务台账（2024年）", "{sheet}");
        assert_eq!(text(&r, 2, 1), "科技专员", "{sheet}");
        let rows = if sheet == "服务台账(4)" { 1 } else { 4 };
        for row in 3..3 + rows {
            serials.push(float(&r, row, 0));
            names.push(text(&r, row, 1));
        }
        assert!(r.end().unwrap().0 < 8, "{sheet} holds at most 8 rows");
    }
    assert_eq!(names.len(), 13);
    assert_eq!(serials, (1..=13).map(f64::from).collect::<Vec<_>>(), "the 序号 runs on over the continuation sheets");
    let last = book.worksheet_range("服务台账(4)").unwrap();
    assert_eq!(text(&last, 4, 1), "合计（13 条）");
    assert_eq!(float(&last, 4, 10), 12.5 + 11.0);
    let formulas = book.worksheet_formula("服务台账(4)").unwrap();
    assert_eq!(
        formulas.get_value((4, 10)).map(String::as_str),
        Some("SUM('服务台账'!K4:K7,'服务台账(2)'!K4:K7,'服务台账(3)'!K4:K7,'服务台账(4)'!K4:K4)")
    );
    let workbook = part(&out, "xl/workbook.xml");
    assert!(workbook.contains("'服务台账(2)'!$3:$3"), "print titles on every sheet");
    assert!(part(&out, "xl/worksheets/sheet2.xml").contains(r#"<autoFilter ref="A3:X7"/>"#));
}

/// The export writes most cells without a format while their column carries it (issue 16); the workbook must come
/// out as if every cell had its own: each cell of every sheet formatted, no column format left to style the empty
/// cells below the table, the last row of a full sheet as formatted as the others.
#[test]
fn every_cell_keeps_its_format_and_no_column_format_is_left_on_any_sheet() {
    let (dir, ledger) = fixture();
    exec(
        &ledger,
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 11)
         INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days, service_type,
             contract_amount_fen, created_at, updated_at)
         SELECT 'bulk' || i, 'x3', 'n2', '2024-12-' || printf('%02d', i), '2024-12-' || printf('%02d', i), 1,
             'consulting', 1000000, 't', 't' FROM k;",
    );
    let out = dir.path().join("styles.xlsx");
    let options = ExportOptions { sheet_row_limit: 8, ..ExportOptions::default() };
    let report = run_with(&ledger, &request(ExportKind::Services, ExportFormat::Xlsx, "2024"), &out, &options).unwrap();
    assert_eq!(report.sheets, 4);
    for n in 1..=4 {
        let sheet = part(&out, &format!("xl/worksheets/sheet{n}.xml"));
        let cols = sheet.split("<cols>").nth(1).unwrap().split("</cols>").next().unwrap();
        assert!(!cols.contains("style="), "sheet {n}: a column format was left: {cols}");
        let data = sheet.split("<sheetData>").nth(1).unwrap();
        for cell in data.split("<c r=").skip(1) {
            let tag = cell.split('>').next().unwrap();
            assert!(tag.contains(" s=\""), "sheet {n}: a cell without a format: <c r={tag}>");
        }
    }
    let mut book = xlsx(&out);
    for sheet in ["服务台账", "服务台账(2)"] {
        for row in 3..=6 {
            // Column 0 is 序号; the columns after it as the ledger declares them.
            for (col, format) in [(5, "yyyy-mm-dd"), (7, "0.0"), (10, "0.00"), (16, "0")] {
                assert_eq!(number_format(&mut book, sheet, row, col), format, "{sheet} row {row} column {col}");
            }
            let styles = book.worksheet_style(sheet).unwrap();
            let text = styles.get((row, 1)).unwrap();
            assert!(text.borders.as_ref().unwrap().has_visible_borders(), "{sheet} row {row}: bordered text");
        }
    }
}

/// The width attribute of column `col` (1-based) in a sheet's XML.
fn column_width(sheet_xml: &str, col: usize) -> f64 {
    let tag = format!(r#"<col min="{col}" max="{col}" width=""#);
    let rest = sheet_xml.split(&tag).nth(1).unwrap_or_else(|| panic!("no width for column {col}: {sheet_xml}"));
    rest.split('"').next().unwrap().parse().unwrap()
}

#[test]
fn column_widths_fit_chinese_text_counting_every_row() {
    let (dir, ledger) = fixture();
    // Two enterprise names of 10 characters: Chinese in one record, ASCII in the other; the longer one comes first
    // so the width cannot be the last row's.
    exec(
        &ledger,
        "UPDATE enterprises SET name = '一二三四五六七八九十' WHERE id = 'n1';
         UPDATE enterprises SET name = 'ABCDEFGHIJ' WHERE id = 'n2';
         UPDATE experts SET name = 'ABCDEFGHIJ' WHERE id = 'x1';",
    );
    let out = dir.path().join("widths.xlsx");
    let mut req = request(ExportKind::Services, ExportFormat::Xlsx, "2024");
    req.columns = Some(vec!["enterprise".into(), "expert".into(), "content".into()]);
    run(&ledger, &req, &out);
    let sheet = part(&out, "xl/worksheets/sheet1.xml");
    let chinese = column_width(&sheet, 1);
    let ascii = column_width(&sheet, 2);
    assert!(chinese >= 20.0, "10 CJK characters need 20 widths: {chinese}");
    assert!((12.0..20.0).contains(&ascii), "10 ASCII characters: {ascii}");
    let r = xlsx(&out).worksheet_range("服务台账").unwrap();
    assert_eq!(text(&r, 3, 0), "一二三四五六七八九十");
    assert_eq!(text(&r, 2, 1), "科技专员");
}

#[test]
fn headers_too_wide_break_before_their_unit_and_only_a_small_ledger_fits_its_rows_to_their_text() {
    let (dir, ledger) = fixture();
    // 服务内容 wraps at 30 widths: 50 CJK characters (100 widths, a CJK character counting double) take four lines.
    exec(&ledger, &format!("UPDATE service_records SET content = '{}' WHERE id = 's1'", "测".repeat(50)));
    let out = dir.path().join("wrapped.xlsx");
    run(&ledger, &request(ExportKind::Services, ExportFormat::Xlsx, "2024"), &out);
    let row_of = |sheet: &str, n: u32| {
        sheet.split(&format!(r#"<row r="{n}""#)).nth(1).unwrap().split('>').next().unwrap().to_owned()
    };
    let sheet = part(&out, "xl/worksheets/sheet1.xml");
    let row = |n: u32| row_of(&sheet, n);
    assert!(row(3).contains(r#"ht="32.25" customHeight="1""#), "headers over two lines: {}", row(3));
    // A small ledger's row is as tall as its four lines (16 pt each); a row of one line keeps the automatic height.
    assert!(row(4).contains(r#"ht="63.75" customHeight="1""#), "{}", row(4));
    assert!(!row(5).contains("ht="), "{}", row(5));
    // A large one would hold every row's height in memory until the save: its rows are left to Excel.
    let large = dir.path().join("large.xlsx");
    let options = ExportOptions { small_ledger_rows: 1, ..ExportOptions::default() };
    run_with(&ledger, &request(ExportKind::Services, ExportFormat::Xlsx, "2024"), &large, &options).unwrap();
    let sheet = part(&large, "xl/worksheets/sheet1.xml");
    assert!(!row_of(&sheet, 4).contains("ht="), "{}", row_of(&sheet, 4));
    let r = xlsx(&out).worksheet_range("服务台账").unwrap();
    assert_eq!(text(&r, 3, 9), "测".repeat(50));
    assert_eq!(text(&r, 2, 20), "解决需求\n（个）");
    assert_eq!(text(&r, 2, 1), "科技专员", "a header that fits stays on one line");
}

#[test]
fn csv_has_a_bom_rfc_4180_quoting_iso_dates_and_guards_formulas() {
    let (dir, ledger) = fixture();
    exec(&ledger, "UPDATE service_records SET outcome_summary = '产值,利税 \"双增\"' WHERE id = 's1'");
    let out = dir.path().join("服务台账.csv");
    let report = run(&ledger, &request(ExportKind::Services, ExportFormat::Csv, "2024"), &out);
    assert_eq!((report.rows, report.sheets), (2, 1));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let body = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = body.split("\r\n").collect();
    assert_eq!(lines.len(), 4, "header, two rows, final CRLF: {body}");
    assert_eq!(lines[0], header_keys(ExportKind::Services).join(","));
    assert_eq!(
        lines[1],
        "1,李娜,浙江大学,宁波甲电梯有限公司,曳引机噪声偏大,2024-03-06,2024-03-08,3,技术咨询,'=1+2,12.50,0.00,0.00,\
         0.00,0.00,0.00,1,0,0,0,0,\"产值,利税 \"\"双增\"\"\",,"
    );
    assert_eq!(lines[2], "2,王强,浙江大学,温州乙竹木制品厂,,2024-08-01,2024-08-01,0.5,培训,防霉培训,0.00,0.0001,0.00,0.00,0.00,0.00,0,0,0,30,0,,,");
    assert_eq!(lines[3], "");

    let roster = dir.path().join("roster.csv");
    let mut req = request(ExportKind::Roster, ExportFormat::Csv, "2023");
    req.columns = Some(vec!["name".into(), "notes".into()]);
    run(&ledger, &req, &roster);
    let body = std::fs::read_to_string(&roster).unwrap();
    assert!(body.contains("王强,'-已期满\r\n"), "{body}");
}

fn leftovers(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains("partial"))
        .collect()
}

#[test]
fn cancelling_leaves_no_file_and_no_partial_file() {
    let (dir, ledger) = fixture();
    exec(
        &ledger,
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 2500)
         INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days, service_type,
             created_at, updated_at)
         SELECT 'bulk' || i, 'x3', 'n2', '2024-06-01', '2024-06-01', 1, 'consulting', 't', 't' FROM k;",
    );
    for format in [ExportFormat::Xlsx, ExportFormat::Csv] {
        let out = dir.path().join(format!("cancel.{format:?}"));
        let req = request(ExportKind::Services, format, "2024");
        // Cancelled at once, and after the first 1,000 rows.
        for cancel_at in [0, 1_000] {
            let mut calls = Vec::new();
            let result = ledger.database().read(|c| {
                export::export(c, &req, &settings(), today(), &out, &mut |done, total| {
                    calls.push((done, total));
                    done < cancel_at
                })
            });
            assert!(matches!(result, Err(CoreError::Cancelled)), "{result:?}");
            assert_eq!(calls.last(), Some(&(cancel_at, 2_502)));
            assert!(!out.exists());
            assert_eq!(leftovers(dir.path()), Vec::<PathBuf>::new());
        }
        let mut calls = Vec::new();
        let report = ledger
            .database()
            .read(|c| {
                export::export(c, &req, &settings(), today(), &out, &mut |done, total| {
                    calls.push((done, total));
                    true
                })
            })
            .unwrap();
        assert_eq!(report.rows, 2_502);
        assert_eq!(calls, [(0, 2_502), (1_000, 2_502), (2_000, 2_502), (2_502, 2_502)]);
    }
    let e = CoreError::Cancelled;
    assert_eq!(e.code(), "cancelled");
    assert!(e.message_zh().contains("已取消") && e.message_en().contains("Cancelled"));
}

#[test]
fn an_error_leaves_an_existing_file_untouched() {
    let (dir, ledger) = fixture();
    let out = dir.path().join("台账.xlsx");
    std::fs::write(&out, b"the previous export").unwrap();
    let mut req = request(ExportKind::Services, ExportFormat::Xlsx, "2024");

    req.columns = Some(vec!["expert".into(), "salary".into(), "expert".into()]);
    let Err(CoreError::Validation(fields)) = run_with(&ledger, &req, &out, &ExportOptions::default()) else {
        panic!("accepted")
    };
    assert_eq!(fields.len(), 2);
    assert!(fields.iter().all(|f| f.field == "columns"));
    assert!(fields[0].message.contains("salary") && fields[1].message_en.contains("twice"), "{fields:?}");
    req.columns = Some(Vec::new());
    assert_eq!(run_with(&ledger, &req, &out, &ExportOptions::default()).unwrap_err().fields()[0].field, "columns");

    req.columns = None;
    req.filter.period = "2024-13".into();
    assert_eq!(run_with(&ledger, &req, &out, &ExportOptions::default()).unwrap_err().fields()[0].field, "period");
    req.filter.period = "2024".into();
    req.filter.batch_id = Some("no-such-batch".into());
    assert_eq!(run_with(&ledger, &req, &out, &ExportOptions::default()).unwrap_err().fields()[0].field, "batchId");

    // The summary workbook is Excel only (its own refusals are tested in tests/summary.rs).
    let summary = request(ExportKind::Summary, ExportFormat::Csv, "2024");
    let e = run_with(&ledger, &summary, &out, &ExportOptions::default()).unwrap_err();
    assert_eq!((e.code().as_str(), e.fields()[0].field.as_str()), ("validation", "format"));
    assert_eq!(std::fs::read(&out).unwrap(), b"the previous export");

    // An error after the rows were written (the target is a folder, so the final rename fails): the partial file
    // goes, the folder stays as it was.
    let folder = dir.path().join("a-folder.xlsx");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("inside.txt"), b"kept").unwrap();
    let req = request(ExportKind::Services, ExportFormat::Xlsx, "2024");
    assert!(run_with(&ledger, &req, &folder, &ExportOptions::default()).is_err());
    assert_eq!(std::fs::read(folder.join("inside.txt")).unwrap(), b"kept");
    assert_eq!(leftovers(dir.path()), Vec::<PathBuf>::new());
    assert_eq!(std::fs::read(&out).unwrap(), b"the previous export");
}

/// The data rows of a ledger for a filter, by the first column's text.
fn firsts(ledger: &Ledger, kind: ExportKind, filter: ReportFilter, dir: &Path) -> Vec<String> {
    let out = dir.join("filtered.csv");
    let req = ExportRequest { filter, ..request(kind, ExportFormat::Csv, "") };
    let report = run(ledger, &req, &out);
    let body = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = body.split("\r\n").skip(1).filter(|l| !l.is_empty()).collect();
    // Each line starts with its 序号, 1, 2, 3 …, then the first declared column.
    let serials: Vec<String> = lines.iter().map(|l| l.split(',').next().unwrap().to_owned()).collect();
    assert_eq!(serials, (1..=lines.len()).map(|n| n.to_string()).collect::<Vec<_>>());
    let rows: Vec<String> = lines.iter().map(|l| l.split(',').nth(1).unwrap().to_owned()).collect();
    assert_eq!(rows.len() as u64, report.rows);
    rows
}

fn scope(period: &str, region: Option<&str>, unit: Option<&str>, batch: Option<&str>) -> ReportFilter {
    ReportFilter {
        period: period.into(),
        region: region.map(Into::into),
        organization_id: unit.map(Into::into),
        batch_id: batch.map(Into::into),
        origins: None,
        reviewed_only: None,
    }
}

#[test]
fn period_unit_and_region_filters_give_the_hand_counted_rows() {
    let (dir, ledger) = fixture();
    let d = dir.path();
    let rows = |kind, filter| firsts(&ledger, kind, filter, d);
    use ExportKind::*;

    // 服务台账: by start date; the unit and batch of the expert; the region of the enterprise.
    assert_eq!(rows(Services, scope("2024", None, None, None)), ["李娜", "王强"]);
    assert_eq!(rows(Services, scope("2023", None, None, None)), ["张伟"]);
    assert_eq!(rows(Services, scope("2024-Q1", None, None, None)), ["李娜"]);
    assert_eq!(rows(Services, scope("2024-08", None, None, None)), ["王强"]);
    assert_eq!(rows(Services, scope("2023-12-21..2024-03-06", None, None, None)), ["李娜"]);
    assert_eq!(rows(Services, scope("2024", None, Some("o1"), None)), ["李娜", "王强"]);
    assert_eq!(rows(Services, scope("2024", None, Some("o2"), None)), Vec::<String>::new());
    assert_eq!(rows(Services, scope("2024", None, None, Some("b1"))), ["李娜"]);
    assert_eq!(rows(Services, scope("2024", Some("宁波市"), None, None)), ["李娜"]);
    assert_eq!(rows(Services, scope("2024", Some("浙江省"), None, None)), ["李娜", "王强"]);
    assert_eq!(rows(Services, scope("2024", Some("温州市"), Some("o1"), None)), ["王强"]);

    // 走访记录台账: by visit date; any participant's unit; the enterprise's region; v4 is in the bin.
    assert_eq!(rows(Visits, scope("2024", None, None, None)), ["2024-03-05", "2024-07-10"]);
    assert_eq!(rows(Visits, scope("2023", None, None, None)), ["2023-11-01"]);
    assert_eq!(rows(Visits, scope("2024", None, Some("o2"), None)), ["2024-03-05"]);
    assert_eq!(rows(Visits, scope("2024", None, Some("o1"), None)), ["2024-03-05", "2024-07-10"]);
    assert_eq!(rows(Visits, scope("2024", Some("温州市"), None, None)), ["2024-07-10"]);
    assert_eq!(rows(Visits, scope("2024", Some("鄞州区"), None, Some("b2"))), Vec::<String>::new());

    // 花名册: service periods overlapping the period (x3 has none: open); x4 is in the bin.
    // In the order of the unit's name (中科院宁波所 before 浙江大学), then the name.
    assert_eq!(rows(Roster, scope("2024", None, None, None)), ["张伟", "李娜"]);
    assert_eq!(rows(Roster, scope("2023", None, None, None)), ["张伟", "王强"]);
    assert_eq!(rows(Roster, scope("2024", None, Some("o1"), None)), ["李娜"]);
    assert_eq!(rows(Roster, scope("2023", None, None, Some("b1"))), ["张伟"]);
    // With a region: experts paired with, visiting or serving an enterprise there (x3 is paired with n2).
    assert_eq!(rows(Roster, scope("2024", Some("宁波市"), None, None)), ["张伟", "李娜"]);
    assert_eq!(rows(Roster, scope("2024", Some("温州市"), None, None)), ["张伟"]);
    assert_eq!(rows(Roster, scope("2023", Some("温州市"), None, None)), ["张伟", "王强"]);

    // 企业名录: not by period; the region; enterprises paired with, visited or served by the unit's experts.
    assert_eq!(rows(Enterprises, scope("2024", None, None, None)), ["宁波甲电梯有限公司", "温州乙竹木制品厂"]);
    assert_eq!(rows(Enterprises, scope("2019", None, None, None)).len(), 2);
    assert_eq!(rows(Enterprises, scope("2024", Some("温州市"), None, None)), ["温州乙竹木制品厂"]);
    assert_eq!(rows(Enterprises, scope("2024", None, Some("o2"), None)), ["宁波甲电梯有限公司", "温州乙竹木制品厂"]);
    assert_eq!(rows(Enterprises, scope("2024", None, None, Some("b2"))), ["温州乙竹木制品厂"]);
    assert_eq!(rows(Enterprises, scope("2024", Some("宁波市"), None, Some("b2"))), Vec::<String>::new());

    // 技术需求清单: created by the period's end and not closed before its start; any matched expert's unit.
    assert_eq!(rows(Needs, scope("2024", None, None, None)), ["温州乙竹木制品厂", "宁波甲电梯有限公司"]);
    assert_eq!(rows(Needs, scope("2023", None, None, None)), ["温州乙竹木制品厂", "温州乙竹木制品厂"]);
    assert_eq!(
        rows(Needs, scope("2025", None, None, None)),
        ["温州乙竹木制品厂", "宁波甲电梯有限公司", "宁波甲电梯有限公司"]
    );
    assert_eq!(rows(Needs, scope("2024", None, Some("o2"), None)), ["宁波甲电梯有限公司"]);
    assert_eq!(rows(Needs, scope("2024", None, None, Some("b2"))), Vec::<String>::new());
    assert_eq!(rows(Needs, scope("2024", Some("温州市"), None, None)), ["温州乙竹木制品厂"]);
}

#[test]
fn the_enterprise_list_and_the_needs_list_show_labels_flags_and_period_counts() {
    let (dir, ledger) = fixture();
    let out = dir.path().join("企业名录.xlsx");
    let mut req = request(ExportKind::Enterprises, ExportFormat::Xlsx, "2024");
    req.filter.organization_id = Some("o1".into());
    let report = run(&ledger, &req, &out);
    assert_eq!(report.rows, 2);
    let r = xlsx(&out).worksheet_range("企业名录").unwrap();
    assert_eq!(text(&r, 0, 0), "企业名录（2024年）");
    assert!(text(&r, 1, 0).starts_with("统计范围：浙江大学　　填报单位："), "{}", text(&r, 1, 0));
    assert_eq!(text(&r, 3, 1), "宁波甲电梯有限公司");
    assert_eq!(text(&r, 3, 2), "91330200MA0000001X");
    assert_eq!(text(&r, 3, 7), "330212", "a division code stays text");
    assert_eq!(text(&r, 3, 10), "C 制造业");
    assert_eq!(text(&r, 3, 12), "小型");
    assert_eq!((text(&r, 3, 13), text(&r, 3, 14), text(&r, 3, 15)), ("是".into(), "否".into(), "是".into()));
    assert_eq!((text(&r, 3, 16), text(&r, 3, 17)), ("陈经理".into(), "13900000000".into()));
    // 期内走访 / 期内服务 in 2024 by the unit's experts: n1 has v1 and s1; n2 has v2 and s2 (v4, s4 in the bin).
    assert_eq!((float(&r, 3, 19), float(&r, 3, 20)), (1.0, 1.0));
    assert_eq!((float(&r, 4, 19), float(&r, 4, 20)), (1.0, 1.0));
    assert_eq!((float(&r, 5, 19), float(&r, 5, 20)), (2.0, 2.0), "totals");

    let out = dir.path().join("需求.xlsx");
    run(&ledger, &request(ExportKind::Needs, ExportFormat::Xlsx, "2024"), &out);
    let r = xlsx(&out).worksheet_range("技术需求清单").unwrap();
    // d3 (created 2023, still open) then d1.
    assert_eq!(text(&r, 3, 3), "工艺改进");
    assert_eq!(text(&r, 4, 3), "曳引机噪声偏大");
    assert_eq!(text(&r, 4, 2), "浙江省宁波市鄞州区");
    assert_eq!((text(&r, 4, 4), text(&r, 4, 5)), ("走访发现".into(), "工艺改进".into()));
    assert_eq!(float(&r, 4, 7), 50.0);
    assert_eq!(r.get_value((3, 7)), Some(&Data::Empty), "no budget");
    assert_eq!((text(&r, 4, 8), text(&r, 4, 9)), ("紧急".into(), "对接".into()));
    assert_eq!(excel_date(&r, 4, 10), serial("2024-03-10"));
    assert_eq!(text(&r, 4, 11), "张伟、李娜");
    assert_eq!(excel_date(&r, 4, 12), serial("2024-03-05"));
    assert_eq!(text(&r, 4, 13), "降低曳引机噪声");
    assert_eq!(float(&r, 5, 7), 50.0, "budget total");
}

#[test]
fn every_ledger_offers_its_columns_and_the_summary_none() {
    for (kind, first, count) in [
        (ExportKind::Roster, "name", 20),
        (ExportKind::Enterprises, "name", 21),
        (ExportKind::Visits, "visitDate", 10),
        (ExportKind::Services, "expert", 24),
        (ExportKind::Needs, "enterprise", 16),
    ] {
        let columns = export_columns(kind);
        assert_eq!((columns[0].key.as_str(), columns[0].label.as_str()), ("serial", "序号"), "{kind:?}");
        assert_eq!((columns[1].key.as_str(), columns.len()), (first, count), "{kind:?}");
        assert!(columns.iter().all(|c| !c.label.is_empty() && !c.label_en.is_empty()));
    }
    assert!(export_columns(ExportKind::Summary).is_empty());
}

#[test]
fn report_settings_are_cleaned_checked_saved_and_audited() {
    let (_dir, ledger) = fixture();
    assert_eq!(ledger.report_settings().unwrap(), ReportSettings::default());
    let saved = ledger
        .save_report_settings(&ReportSettings {
            reporting_unit: "  宁波市　科技局 ".into(), reporter: "周明".into()
        })
        .unwrap();
    assert_eq!(saved, ReportSettings { reporting_unit: "宁波市 科技局".into(), reporter: "周明".into() });
    assert_eq!(ledger.report_settings().unwrap(), saved);
    assert_eq!(ledger.record_history("settings", "report").unwrap().len(), 1);
    ledger.save_report_settings(&saved).unwrap();
    assert_eq!(ledger.record_history("settings", "report").unwrap().len(), 1, "no change, no entry");

    let e = ledger
        .save_report_settings(&ReportSettings { reporting_unit: "单".repeat(101), reporter: "人".repeat(101) })
        .unwrap_err();
    let fields: Vec<String> = e.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["reportingUnit", "reporter"]);
    assert_eq!(ledger.report_settings().unwrap(), saved);

    // The Ledger's export prints them, with today's date.
    let out = _dir.path().join("roster.xlsx");
    let report =
        ledger.export(&request(ExportKind::Roster, ExportFormat::Xlsx, "2024"), &out, &mut |_, _| true).unwrap();
    assert_eq!(report.rows, 2);
    let r = xlsx(&out).worksheet_range("花名册").unwrap();
    let meta = text(&r, 1, 0);
    assert!(
        meta.contains("填报单位：宁波市 科技局") && meta.contains(&chrono::Local::now().format("%Y-%m-%d").to_string())
    );
}
