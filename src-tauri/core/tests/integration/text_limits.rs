//! Free-text fields have length limits in the core (validate/limits.rs): one character over is refused with a
//! `validation` error on that field saying "最多 N 个字符", and nothing is written; at the limit it is saved. The import
//! refuses an overlong cell the same way.

use crate::common::{self, rows, snapshot};

use std::sync::atomic::AtomicBool;

use ledger_core::model::*;
use ledger_core::validate::limits::{max_chars, Form};
use ledger_core::{CoreError, Ledger};

/// `n` characters.
fn chars(n: usize) -> String {
    "字".repeat(n)
}

/// The one field error of a refused save, as (field, message).
fn refused<T: std::fmt::Debug>(result: ledger_core::Result<T>) -> Vec<(String, String)> {
    match result {
        Err(CoreError::Validation(errors)) => errors.into_iter().map(|e| (e.field, e.message)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn over(form: Form, field: &str) -> (String, String) {
    let max = max_chars(form, field);
    (chars(max + 1), format!("最多 {max} 个字符（现有 {} 个），请删减", max + 1))
}

fn all_rows(ledger: &Ledger) -> Vec<i64> {
    let mut counts = snapshot(ledger);
    for table in ["organizations", "batches", "visits", "needs", "need_stage_events", "need_matches"] {
        counts.push(rows(ledger, table));
    }
    counts
}

#[test]
fn an_expert_enterprise_unit_or_batch_with_overlong_text_is_refused_on_the_field_and_nothing_is_written() {
    let ledger = Ledger::open_in_memory().unwrap();
    let before = all_rows(&ledger);

    let (notes, message) = over(Form::Expert, "notes");
    let expert = ExpertInput { notes: Some(notes), ..common::expert("李娜", None) };
    assert_eq!(refused(ledger.create_expert(&expert)), [("notes".to_owned(), message)]);
    let (tag, _) = over(Form::Expert, "specialties");
    let expert = ExpertInput { specialties: vec!["热处理".into(), tag], ..common::expert("李娜", None) };
    assert_eq!(refused(ledger.create_expert(&expert))[0].0, "specialties");

    let (address, message) = over(Form::Enterprise, "address");
    let (contact, contact_message) = over(Form::Contact, "name");
    let firm = EnterpriseInput {
        address: Some(address),
        contacts: vec![
            ContactInput { name: "王强".into(), ..Default::default() },
            ContactInput { name: contact, ..Default::default() },
        ],
        ..common::enterprise("明远科技有限公司", 1)
    };
    let errors = refused(ledger.create_enterprise(&firm));
    assert!(errors.contains(&("address".to_owned(), message)), "{errors:?}");
    assert!(errors.contains(&("contacts[1].name".to_owned(), contact_message)), "{errors:?}");

    let (name, message) = over(Form::Organization, "name");
    let unit = OrganizationInput { name, kind: Some(OrganizationKind::University), ..Default::default() };
    assert_eq!(refused(ledger.create_organization(&unit)), [("name".to_owned(), message)]);
    let (notes, message) = over(Form::Batch, "notes");
    let batch = BatchInput { name: "2026 年第一批".into(), notes: Some(notes), ..Default::default() };
    assert_eq!(refused(ledger.create_batch(&batch)), [("notes".to_owned(), message)]);

    assert_eq!(all_rows(&ledger), before, "nothing written");

    // At the limit: saved.
    let notes = chars(max_chars(Form::Expert, "notes"));
    let saved =
        ledger.create_expert(&ExpertInput { notes: Some(notes.clone()), ..common::expert("李娜", None) }).unwrap();
    assert_eq!(saved.notes, Some(notes));
}

#[test]
fn a_visit_or_a_stage_change_with_overlong_text_is_refused_and_nothing_is_written() {
    let ledger = Ledger::open_in_memory().unwrap();
    let x = ledger.create_expert(&common::expert("钱学", Some("13800000001"))).unwrap();
    let f = ledger.create_enterprise(&common::enterprise("绍兴纺机有限公司", 1)).unwrap().record;
    let visit = VisitInput {
        visit_date: "2026-03-01".into(),
        enterprise_id: f.id.clone(),
        expert_ids: vec![x.id.clone()],
        mode: Some(VisitMode::OnSite),
        ..Default::default()
    };
    let need = ledger
        .create_need(&NeedInput {
            enterprise_id: f.id.clone(),
            source: Some(NeedSource::SelfReported),
            title: "降低能耗".into(),
            need_type: Some(NeedType::ProcessImprovement),
            ..Default::default()
        })
        .unwrap();
    let before = all_rows(&ledger);

    let (findings, message) = over(Form::Visit, "findings");
    let long = VisitInput { findings: Some(findings), ..visit.clone() };
    assert_eq!(refused(ledger.create_visit(&long)), [("findings".to_owned(), message)]);
    let (note, message) = over(Form::StageChange, "note");
    let change = StageChangeInput { to: Some(NeedStage::Refined), note: Some(note), ..Default::default() };
    assert_eq!(
        refused(ledger.change_need_stage(&need.id, need.stamps.revision, &change)),
        [("note".to_owned(), message)]
    );
    let (notes, message) = over(Form::Match, "notes");
    let matched = MatchInput {
        expert_id: x.id.clone(),
        method: Some(MatchMethod::Recommended),
        notes: Some(notes),
        ..Default::default()
    };
    assert_eq!(refused(ledger.match_expert(&need.id, &matched)), [("notes".to_owned(), message)]);
    assert_eq!(all_rows(&ledger), before, "nothing written");

    let findings = chars(max_chars(Form::Visit, "findings"));
    let saved = ledger.create_visit(&VisitInput { findings: Some(findings.clone()), ..visit }).unwrap();
    assert_eq!(saved.findings, Some(findings));
}

#[test]
fn an_imported_cell_over_the_limit_refuses_its_row_with_the_same_message_on_its_column() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let (notes, message) = over(Form::Expert, "notes");
    let path = dir.path().join("花名册.csv");
    std::fs::write(&path, format!("\u{feff}姓名,职称,备注\r\n张伟,教授,{notes}\r\n李娜,教授,短备注\r\n")).unwrap();
    let request =
        ImportRequest { path: path.to_string_lossy().into_owned(), kind: ImportKind::Experts, ..Default::default() };
    let plan = ledger.import_preview(&request).unwrap();
    let rows = plan.rows(&PreviewQuery { page_size: 10, ..PreviewQuery::default() }).items;
    assert_eq!((rows[0].status, rows[1].status), (RowStatus::Error, RowStatus::New));
    assert_eq!(rows[0].issues.len(), 1);
    assert_eq!(
        (rows[0].issues[0].column.as_deref(), rows[0].issues[0].reason.as_str()),
        (Some("备注"), message.as_str())
    );
    let report = ledger.import_commit(&plan, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!((report.imported, report.rejected.len()), (1, 1));
    assert_eq!(ledger.list_experts(&ExpertQuery::default()).unwrap().total, 1);
}
