//! The blank templates, round-tripped: for every import kind the template is written, a row is filled in under its
//! own header (a closed value taken from the template's own list), and the file is imported — every column
//! recognised with no mapping step, nothing refused, the values stored as typed.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::import::columns::{fields, normalize_header};
use ledger_core::import::template::{headers as template_headers, sheet_name, write_template};
use ledger_core::model::*;
use ledger_core::Ledger;
use rust_xlsxwriter::Workbook;

use crate::common::code;
use crate::import::{commit, request};

/// What a filled-in row gives each field that has no closed list.
fn typed(kind: ImportKind, key: &str) -> Option<String> {
    let credit_code = code(1);
    let v = match (kind, key) {
        (_, "creditCode") => credit_code.as_str(),
        (ImportKind::Experts, "name") | (_, "expert") | (_, "experts") => "张伟",
        (ImportKind::Experts, "phone") | (_, "expertPhone") => "13800138001",
        (ImportKind::Experts, "birthMonth") => "1980-05",
        (ImportKind::Experts, "organization") => "浙江大学",
        (ImportKind::Experts, "position") => "副院长",
        (ImportKind::Experts, "discipline") => "材料科学",
        (ImportKind::Experts, "specialties") => "涂层、热处理",
        (ImportKind::Experts, "email") => "zw@example.com",
        (ImportKind::Experts, "batch") => "2025年第一批",
        (ImportKind::Experts, "serviceStart") => "2025-01-01",
        (ImportKind::Experts, "serviceEnd") => "2025-12-31",
        (ImportKind::Enterprises, "name") | (_, "enterprise") => "杭州新材料有限公司",
        (ImportKind::Enterprises, "province") => "浙江省",
        (ImportKind::Enterprises, "city") => "杭州市",
        (ImportKind::Enterprises, "county") => "西湖区",
        (ImportKind::Enterprises, "address") => "文三路 1 号",
        (ImportKind::Enterprises, "legalRepresentative") => "王强",
        (ImportKind::Enterprises, "industry") => "制造业",
        (ImportKind::Enterprises, "mainProducts") => "耐高温涂层",
        (_, "contactName") => "李四",
        (_, "contactPhone") => "13900001111",
        (ImportKind::Enterprises, "contactPosition") => "经理",
        (ImportKind::Enterprises, "contactEmail") => "ls@example.com",
        (ImportKind::Visits, "visitDate") => "2025-03-05",
        (ImportKind::Visits, "purpose") => "了解需求",
        (ImportKind::Visits, "findings") => "缺少检测设备",
        (ImportKind::Visits, "nextStep") => "对接检测机构",
        (ImportKind::Visits, "followUpDate") => "2025-04-05",
        (ImportKind::Services, "startDate") => "2025-03-10",
        (ImportKind::Services, "endDate") => "2025-03-11",
        (ImportKind::Services, "serviceDays") => "2",
        (ImportKind::Services, "content") => "指导涂层工艺",
        (ImportKind::Services, "outcomeSummary") => "良品率提高",
        (ImportKind::Services, "evaluator") => "李四",
        (ImportKind::Services, "evaluatedOn") => "2025-03-12",
        (ImportKind::Services, "evaluationOpinion") => "很有帮助",
        (ImportKind::Services, k) if k.ends_with("Amount") || ["investment", "policyFunds"].contains(&k) => "12.5",
        (ImportKind::Services, "costSaved" | "outputValue" | "profitTax") => "3",
        (ImportKind::Services, _) => "1",
        (ImportKind::Needs, "title") => "耐高温涂层研发",
        (ImportKind::Needs, "originalText") => "涂层在 300℃ 开裂\n  希望提高耐温",
        (ImportKind::Needs, "discipline") => "新材料",
        (ImportKind::Needs, "budget") => "30",
        (ImportKind::Events, "title") => "新材料供需对接会",
        (ImportKind::Events, "eventDate") => "2025-05-20",
        (ImportKind::Events, "place") => "科技局三楼会议室",
        (ImportKind::Events, "enterprises") => "杭州新材料有限公司",
        (ImportKind::Events, "attendance") => "30",
        (ImportKind::Events, "content") => "企业介绍需求\n专员现场答疑",
        (_, "notes") => "备注",
        _ => return None,
    };
    Some(v.to_owned())
}

/// The 填写说明 sheet as (column header → its value list).
fn value_lists(path: &Path) -> HashMap<String, Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let notes = book.worksheet_range("填写说明").unwrap();
    let top = notes.rows().position(|r| r.first() == Some(&Data::String("列名".into()))).expect("the notes' header");
    notes
        .rows()
        .skip(top + 1)
        .map(|r| {
            let list = r.get(3).map(|c| c.to_string()).unwrap_or_default();
            (r[0].to_string(), list.split('、').filter(|s| !s.is_empty()).map(str::to_owned).collect())
        })
        .collect()
}

/// The template's header row.
fn headers(path: &Path, kind: ImportKind) -> Vec<String> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let sheet = book.worksheet_range(sheet_name(kind)).unwrap();
    sheet.rows().next().unwrap().iter().map(|c| c.to_string()).collect()
}

/// The data sheet's XML, to see its drop-down lists.
fn sheet_xml(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// The template filled in: its header, and one row under it.
fn fill(dir: &Path, kind: ImportKind, template: &Path) -> PathBuf {
    let headers = headers(template, kind);
    let lists = value_lists(template);
    let keys: Vec<String> = fields(kind).into_iter().map(|f| f.key).collect();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(kind)).unwrap();
    for (i, (header, key)) in headers.iter().zip(&keys).enumerate() {
        sheet.write_string(0, i as u16, header).unwrap();
        let value = match lists.get(header).and_then(|l| l.first()) {
            Some(first) => Some(first.clone()),
            None => typed(kind, key),
        };
        if let Some(value) = value {
            sheet.write_string(1, i as u16, value).unwrap();
        }
    }
    let path = dir.join(format!("{}-已填.xlsx", kind.code()));
    book.save(&path).unwrap();
    path
}

fn value(ledger: &Ledger, sql: &str) -> String {
    ledger.database().read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
}

#[test]
fn every_template_filled_in_imports_with_no_mapping_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open_in_memory().unwrap();
    ledger.set_clock(Clock::fixed_on(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()));
    for &kind in ImportKind::ALL {
        let template = dir.path().join(format!("{}-模板.xlsx", kind.code()));
        write_template(kind, &template).unwrap();
        let specs = fields(kind);
        let headers = headers(&template, kind);
        assert_eq!(headers, template_headers(kind));
        for (header, field) in headers.iter().zip(&specs) {
            assert_eq!(normalize_header(header), field.label, "{kind:?}: the importer's own label");
            assert_eq!(header.starts_with('*'), field.required, "{kind:?}: {header} marked as required or not");
        }
        let lists = value_lists(&template);
        assert_eq!(lists.len(), specs.len(), "{kind:?}: every column explained");
        let closed = lists.values().filter(|l| !l.is_empty()).count();
        assert_eq!(sheet_xml(&template).matches("<dataValidation ").count(), closed, "{kind:?}: a list per closed set");

        let filled = fill(dir.path(), kind, &template);
        let plan = ledger.import_preview(&request(&filled, kind)).unwrap();
        let preview = plan.preview();
        assert!(!preview.mapping_remembered);
        let mapped: Vec<Option<String>> = preview.columns.iter().map(|c| c.field.clone()).collect();
        let keys: Vec<Option<String>> = specs.iter().map(|f| Some(f.key.clone())).collect();
        assert_eq!(mapped, keys, "{kind:?}: every column recognised without a mapping step");
        assert_eq!(preview.counts.error, 0, "{kind:?}: {:?}", plan.rows(&PreviewQuery::default()).items);
        let report = commit(&ledger, &plan);
        assert_eq!(report.imported, 1, "{kind:?}: {report:?}");
    }

    // The closed values came from the template's lists, which are the app's own labels.
    for (sql, want) in [
        ("SELECT gender FROM experts", Gender::ALL[0].code()),
        ("SELECT title FROM experts", ExpertTitle::ALL[0].code()),
        ("SELECT education FROM experts", Education::ALL[0].code()),
        ("SELECT size FROM enterprises", EnterpriseSize::ALL[0].code()),
        ("SELECT mode FROM visits", VisitMode::ALL[0].code()),
        ("SELECT service_type FROM service_records", ServiceType::ALL[0].code()),
        ("SELECT satisfaction FROM service_records", Satisfaction::ALL[0].code()),
        ("SELECT need_type FROM needs", NeedType::ALL[0].code()),
        ("SELECT urgency FROM needs", Urgency::ALL[0].code()),
        ("SELECT event_type FROM events", EventType::ALL[0].code()),
    ] {
        assert_eq!(value(&ledger, sql), want, "{sql}");
    }
    assert_eq!(value(&ledger, "SELECT phone FROM experts"), "13800138001", "a phone keeps its digits");
    assert_eq!(value(&ledger, "SELECT credit_code FROM enterprises"), code(1));
    assert_eq!(value(&ledger, "SELECT visit_date FROM visits"), "2025-03-05");
    assert_eq!(value(&ledger, "SELECT CAST(contract_amount_fen AS TEXT) FROM service_records"), "12500000".to_owned());
    assert_eq!(value(&ledger, "SELECT original_text FROM needs"), "涂层在 300℃ 开裂\n  希望提高耐温");
    assert_eq!(value(&ledger, "SELECT CAST(is_high_tech AS TEXT) FROM enterprises"), "1".to_owned());
    assert_eq!(value(&ledger, "SELECT event_date || ' ' || attendance FROM events"), "2025-05-20 30");
    assert_eq!(
        value(&ledger, "SELECT en.name || '、' || x.name FROM event_enterprises ee, event_experts ex, enterprises en, experts x WHERE en.id = ee.enterprise_id AND x.id = ex.expert_id"),
        "杭州新材料有限公司、张伟"
    );
}
