//! 派驻/结对: references, dates, the overlap rule, ending, the lists and the audit.

use crate::common::{enterprise, expert, snapshot};
use ledger_core::model::*;
use ledger_core::{CoreError, Ledger};

fn setup() -> (Ledger, Expert, Enterprise) {
    let ledger = Ledger::open_in_memory().unwrap();
    let x = ledger.create_expert(&expert("吴刚", None)).unwrap();
    let f = ledger.create_enterprise(&enterprise("湖州电梯有限公司", 1)).unwrap().record;
    (ledger, x, f)
}

fn input(x: &Expert, f: &Enterprise, start: &str, end: Option<&str>) -> AssignmentInput {
    AssignmentInput {
        expert_id: x.id.clone(),
        enterprise_id: f.id.clone(),
        start_date: start.into(),
        end_date: end.map(Into::into),
        ..Default::default()
    }
}

fn batch(ledger: &Ledger, name: &str) -> String {
    ledger.create_batch(&BatchInput { name: name.into(), ..Default::default() }).unwrap().id
}

#[test]
fn create_and_list_with_names() {
    let (ledger, x, f) = setup();
    let b = batch(&ledger, "2024年第一批");
    let a = ledger
        .create_assignment(&AssignmentInput {
            batch_id: Some(b.clone()),
            agreement_signed: true,
            notes: Some(" 三方协议已签 ".into()),
            ..input(&x, &f, "2024-03-01", Some("2025-02-28"))
        })
        .unwrap();
    assert_eq!((a.expert_name.as_str(), a.enterprise_name.as_str()), ("吴刚", "湖州电梯有限公司"));
    assert_eq!(a.batch_name.as_deref(), Some("2024年第一批"));
    assert!(a.agreement_signed);
    assert_eq!(a.notes.as_deref(), Some("三方协议已签"));
    assert_eq!(ledger.list_assignments_of_expert(&x.id).unwrap(), vec![a.clone()]);
    assert_eq!(ledger.list_assignments_of_enterprise(&f.id).unwrap(), vec![a.clone()]);
    let history = ledger.record_history("assignment", &a.id).unwrap();
    assert_eq!(history[0].action, "create");
}

#[test]
fn bad_input_is_refused_field_by_field_and_writes_nothing() {
    let (ledger, x, f) = setup();
    let before = snapshot(&ledger);
    let err = ledger
        .create_assignment(&AssignmentInput {
            expert_id: "missing".into(),
            enterprise_id: String::new(),
            batch_id: Some("nope".into()),
            start_date: "2024-02-30".into(),
            ..Default::default()
        })
        .unwrap_err();
    let fields: Vec<String> = err.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["expertId", "enterpriseId", "batchId", "startDate"]);
    let err = ledger.create_assignment(&input(&x, &f, "2024-03-01", Some("2024-02-01"))).unwrap_err();
    assert_eq!(err.fields()[0].field, "endDate");
    let err = ledger.create_assignment(&input(&x, &f, "", None)).unwrap_err();
    assert_eq!(err.fields()[0].field, "startDate");
    ledger.delete_enterprise(&f.id, false).unwrap();
    let after_delete = snapshot(&ledger);
    let err = ledger.create_assignment(&input(&x, &f, "2024-03-01", None)).unwrap_err();
    assert_eq!(err.fields()[0].field, "enterpriseId", "a deleted enterprise cannot be paired");
    assert_eq!(snapshot(&ledger), after_delete);
    assert_eq!(before[3], after_delete[3], "no assignment was written");
}

#[test]
fn overlapping_periods_of_the_same_pair_and_batch_are_refused() {
    let (ledger, x, f) = setup();
    let first = ledger.create_assignment(&input(&x, &f, "2024-01-01", Some("2024-06-30"))).unwrap();
    let before = snapshot(&ledger);
    for (start, end) in [
        ("2024-06-30", None),
        ("2023-01-01", Some("2024-01-01")),
        ("2024-03-01", Some("2024-04-01")),
        ("2023-06-01", None),
    ] {
        let err = ledger.create_assignment(&input(&x, &f, start, end)).unwrap_err();
        assert!(
            matches!(err, CoreError::Duplicate { ref existing_id, .. } if *existing_id == first.id),
            "{start} {err}"
        );
        assert_eq!(err.fields()[0].field, "startDate");
    }
    assert_eq!(snapshot(&ledger), before);
    ledger.create_assignment(&input(&x, &f, "2024-07-01", None)).expect("after the first ends is fine");
    let err = ledger.create_assignment(&input(&x, &f, "2030-01-01", Some("2030-02-01"))).unwrap_err();
    assert_eq!(err.code(), "duplicate", "an open-ended assignment overlaps everything after its start");
    let b = batch(&ledger, "2024年第二批");
    ledger
        .create_assignment(&AssignmentInput { batch_id: Some(b), ..input(&x, &f, "2024-03-01", None) })
        .expect("another batch is another pairing");
    let other = ledger.create_enterprise(&enterprise("另一家有限公司", 2)).unwrap().record;
    ledger.create_assignment(&input(&x, &other, "2024-03-01", None)).expect("another enterprise is fine");
    assert_eq!(ledger.list_assignments_of_expert(&x.id).unwrap().len(), 4);
}

#[test]
fn ending_an_assignment_checks_its_dates_and_is_audited() {
    let (ledger, x, f) = setup();
    let open = ledger.create_assignment(&input(&x, &f, "2024-01-01", None)).unwrap();
    let err = ledger.end_assignment(&open.id, "2023-12-31").unwrap_err();
    assert_eq!(err.fields()[0].field, "endDate");
    let err = ledger.end_assignment(&open.id, "not a date").unwrap_err();
    assert_eq!(err.fields()[0].field, "endDate");
    let ended = ledger.end_assignment(&open.id, "2024-06-30").unwrap();
    assert_eq!((ended.end_date.as_deref(), ended.stamps.revision), (Some("2024-06-30"), 2));
    let later = ledger.create_assignment(&input(&x, &f, "2024-08-01", None)).unwrap();
    let err = ledger.end_assignment(&open.id, "2024-09-01").unwrap_err();
    assert!(matches!(err, CoreError::Duplicate { ref existing_id, .. } if *existing_id == later.id), "{err}");
    assert_eq!(ledger.end_assignment("missing", "2024-09-01").unwrap_err().code(), "not_found");
    let history = ledger.record_history("assignment", &open.id).unwrap();
    assert_eq!(history[0].action, "update");
    assert_eq!(history[0].before.as_ref().unwrap()["endDate"], serde_json::Value::Null);
    assert_eq!(history[0].after.as_ref().unwrap()["endDate"], "2024-06-30");
}
