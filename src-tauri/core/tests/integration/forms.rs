//! 打印表单 read back: the 服务确认单 of a service record and the 走访记录表 of a visit hold the record's enterprise,
//! commissioner(s), dates and content; a selection gives one sheet per record; every sheet prints on one A4 page; a
//! bad request writes nothing.

use std::io::Read;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use ledger_core::model::*;

use crate::evidence::fixture;

/// Every text cell of a sheet, in reading order.
fn texts(path: &Path, sheet: &str) -> Vec<String> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .flat_map(|row| row.iter())
        .filter_map(|c| match c {
            Data::String(s) if !s.is_empty() => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let book: Xlsx<_> = open_workbook(path).unwrap();
    book.sheet_names()
}

fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The page setup of every sheet: A4 portrait, fit to one page wide and tall, a print area.
fn assert_one_page_each(path: &Path, sheets: usize) {
    let workbook = part(path, "xl/workbook.xml");
    assert_eq!(workbook.matches("_xlnm.Print_Area").count(), sheets, "{workbook}");
    for n in 1..=sheets {
        let xml = part(path, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "sheet {n} fits to page: {xml}");
        let setup = &xml[xml.find("<pageSetup").unwrap()..];
        let setup = &setup[..setup.find("/>").unwrap()];
        assert!(setup.contains("paperSize=\"9\""), "A4: {setup}");
        assert!(setup.contains("orientation=\"portrait\""), "portrait: {setup}");
        assert!(!setup.contains("fitToHeight=\"0\""), "one page tall: {setup}");
        assert!(!xml.contains("sz val=\"8\""), "nothing below 9 pt");
    }
}

#[test]
fn a_service_confirmation_holds_the_record_and_prints_on_one_page() {
    let f = fixture();
    f.ledger
        .save_report_settings(&ReportSettings {
            reporting_unit: "宁波市科技局".into(), reporter: "王芳".into()
        })
        .unwrap();
    let s = &f.records[0];
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("服务确认单.xlsx");
    let request = FormsRequest { kind: FormKind::ServiceConfirmation, ids: vec![s.id.clone()] };
    let mut calls = Vec::new();
    let report = f
        .ledger
        .export_forms(&request, &out, &mut |done, total| {
            calls.push((done, total));
            true
        })
        .unwrap();
    assert_eq!((report.rows, report.sheets), (1, 1));
    assert_eq!(calls, [(1, 1)]);
    assert_eq!(sheet_names(&out), ["服务确认单"]);
    let cells = texts(&out, "服务确认单");
    for expected in [
        "科技专员服务确认单",
        "宁波精密机械有限公司",
        "李明",
        "13800138000",
        "2024-03-05 至 2024-03-06",
        "1 天",
        "技术咨询",
        "指导模具钢热处理工艺调整",
        "合同金额 12.50 万元；专利 2",
        "企业意见",
        "企业（盖章）",
        "专员签字",
    ] {
        assert!(cells.iter().any(|c| c == expected), "{expected} in {cells:?}");
    }
    assert!(cells.iter().any(|c| c.contains("填报单位：宁波市科技局")), "{cells:?}");
    let credit = f.ledger.get_enterprise(&s.enterprise_id).unwrap().credit_code;
    assert!(cells.contains(&credit), "the credit code");
    assert_one_page_each(&out, 1);
}

#[test]
fn a_selection_of_visits_gives_one_sheet_each() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("走访记录表.xlsx");
    let ids = vec![f.visits[1].id.clone(), f.visits[0].id.clone(), f.visits[1].id.clone()];
    let request = FormsRequest { kind: FormKind::VisitRecord, ids };
    let report = f.ledger.export_forms(&request, &out, &mut |_, _| true).unwrap();
    assert_eq!((report.rows, report.sheets), (2, 2), "a repeated id is printed once");
    let names = sheet_names(&out);
    assert_eq!(names, ["1 宁波精密机械有限公司", "2 宁波精密机械有限公司"]);
    for (name, visit) in names.iter().zip([&f.visits[1], &f.visits[0]]) {
        let cells = texts(&out, name);
        for expected in
            ["科技专员走访记录表", "宁波精密机械有限公司", "李明", "实地", "了解模具热处理变形问题", "淬火后变形超差"]
        {
            assert!(cells.iter().any(|c| c == expected), "{expected} in {cells:?}");
        }
        assert!(cells.contains(&visit.visit_date), "{name}: its own date {}", visit.visit_date);
        assert!(cells.iter().any(|c| c.contains(&visit.id)), "its record id");
    }
    assert_one_page_each(&out, 2);
}

#[test]
fn a_bad_request_writes_nothing() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.xlsx");
    let none = FormsRequest { kind: FormKind::VisitRecord, ids: vec![" ".into()] };
    let err = f.ledger.export_forms(&none, &out, &mut |_, _| true).unwrap_err();
    assert_eq!(err.fields()[0].field, "ids");
    // A visit's id is no service record.
    let wrong = FormsRequest { kind: FormKind::ServiceConfirmation, ids: vec![f.visits[0].id.clone()] };
    assert!(matches!(
        f.ledger.export_forms(&wrong, &out, &mut |_, _| true).unwrap_err(),
        ledger_core::CoreError::NotFound { .. }
    ));
    // Cancelled after the first sheet.
    let two = FormsRequest { kind: FormKind::VisitRecord, ids: f.visits.iter().map(|v| v.id.clone()).collect() };
    let err = f.ledger.export_forms(&two, &out, &mut |done, _| done < 1).unwrap_err();
    assert!(matches!(err, ledger_core::CoreError::Cancelled));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no file, no partial file");
}
