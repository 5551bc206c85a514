//! 派驻/结对 complete (issue 14): editing a pairing (dates, batch, 三方协议 and its signing date, targets) with the
//! revision check and the overlap rule, its deletion to the recycle bin, restore and purge (with the signed agreement
//! attached to it), the completion of its targets per period from the records, and 结束批次 with its preview.

use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::model::*;
use ledger_core::{CoreError, Ledger};

use crate::common::{enterprise, exec, expert, rows, snapshot};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn setup() -> (Ledger, Expert, Enterprise) {
    let mut ledger = Ledger::open_in_memory().unwrap();
    ledger.set_clock(Clock::fixed_on(day("2025-06-30")));
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

fn targets() -> AssignmentTargetsInput {
    AssignmentTargetsInput {
        target_service_days: Some(10.0),
        target_visits: Some(4),
        target_needs_solved: Some(2),
        target_contract: Some("100".into()),
        target_other: Some(" 培训 2 场 ".into()),
    }
}

#[test]
fn an_edit_changes_dates_batch_agreement_targets_and_notes_and_is_audited() {
    let (ledger, x, f) = setup();
    let a = ledger.create_assignment(&input(&x, &f, "2024-07-01", None)).unwrap();
    assert_eq!((a.agreement_signed_on.as_deref(), a.targets.target_visits), (None, None));
    let b = batch(&ledger, "2024年第二批");
    let edited = ledger
        .update_assignment(
            &a.id,
            1,
            &AssignmentInput {
                batch_id: Some(b.clone()),
                agreement_signed: true,
                agreement_signed_on: Some("2024-07-05".into()),
                notes: Some("协议已回收".into()),
                targets: targets(),
                ..input(&x, &f, "2024-07-02", Some("2025-06-30"))
            },
        )
        .unwrap();
    assert_eq!((edited.start_date.as_str(), edited.end_date.as_deref()), ("2024-07-02", Some("2025-06-30")));
    assert_eq!(edited.batch_name.as_deref(), Some("2024年第二批"));
    assert!(edited.agreement_signed);
    assert_eq!(edited.agreement_signed_on.as_deref(), Some("2024-07-05"));
    assert_eq!(edited.notes.as_deref(), Some("协议已回收"));
    assert_eq!(
        edited.targets,
        AssignmentTargets {
            target_service_days: Some(10.0),
            target_visits: Some(4),
            target_needs_solved: Some(2),
            target_contract_fen: Some(100_000_000),
            target_other: Some("培训 2 场".into()),
        }
    );
    assert_eq!(edited.stamps.revision, 2);
    assert_eq!(ledger.get_assignment(&a.id).unwrap(), edited);
    let history = ledger.record_history("assignment", &a.id).unwrap();
    assert_eq!(history[0].action, "update");
    assert_eq!(history[0].before.as_ref().unwrap()["agreementSigned"], false);
    assert_eq!(history[0].after.as_ref().unwrap()["agreementSignedOn"], "2024-07-05");
    assert_eq!(history[0].after.as_ref().unwrap()["targetContractFen"], 100_000_000);

    // A signed agreement may have no date; clearing the targets clears them.
    let cleared = ledger
        .update_assignment(
            &a.id,
            2,
            &AssignmentInput { agreement_signed: true, batch_id: Some(b), ..input(&x, &f, "2024-07-02", None) },
        )
        .unwrap();
    assert!(cleared.agreement_signed && cleared.agreement_signed_on.is_none());
    assert_eq!((cleared.targets, cleared.end_date), (AssignmentTargets::default(), None));
}

#[test]
fn a_stale_revision_is_a_conflict_and_writes_nothing() {
    let (ledger, x, f) = setup();
    let a = ledger.create_assignment(&input(&x, &f, "2024-07-01", None)).unwrap();
    ledger.update_assignment(&a.id, 1, &input(&x, &f, "2024-07-03", None)).unwrap();
    let before = ledger.get_assignment(&a.id).unwrap();
    let err = ledger.update_assignment(&a.id, 1, &input(&x, &f, "2024-08-01", None)).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert_eq!(ledger.get_assignment(&a.id).unwrap(), before);
    assert_eq!(
        ledger.update_assignment("missing", 1, &input(&x, &f, "2024-08-01", None)).unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn an_edit_keeps_the_overlap_rule() {
    let (ledger, x, f) = setup();
    let first = ledger.create_assignment(&input(&x, &f, "2024-01-01", Some("2024-06-30"))).unwrap();
    let second = ledger.create_assignment(&input(&x, &f, "2024-07-01", None)).unwrap();
    let before = snapshot(&ledger);
    let err = ledger.update_assignment(&second.id, 1, &input(&x, &f, "2024-06-30", None)).unwrap_err();
    assert!(matches!(err, CoreError::Duplicate { ref existing_id, .. } if *existing_id == first.id), "{err}");
    assert_eq!(err.fields()[0].field, "startDate");
    assert_eq!(snapshot(&ledger), before);
    ledger.update_assignment(&first.id, 1, &input(&x, &f, "2023-01-01", Some("2024-06-30"))).expect("its own period");
    let b = batch(&ledger, "另一批");
    ledger
        .update_assignment(&second.id, 1, &AssignmentInput { batch_id: Some(b), ..input(&x, &f, "2024-03-01", None) })
        .expect("another batch does not overlap");
}

#[test]
fn bad_edits_are_refused_on_their_fields_and_write_nothing() {
    let (ledger, x, f) = setup();
    let a = ledger.create_assignment(&input(&x, &f, "2024-07-01", None)).unwrap();
    let other = ledger.create_expert(&expert("另一人", None)).unwrap();
    let before = snapshot(&ledger);
    let err = ledger
        .update_assignment(
            &a.id,
            1,
            &AssignmentInput {
                expert_id: other.id.clone(),
                agreement_signed: false,
                agreement_signed_on: Some("2024-07-05".into()),
                targets: AssignmentTargetsInput {
                    target_service_days: Some(1.3),
                    target_visits: Some(-1),
                    target_needs_solved: Some(2),
                    target_contract: Some("十万".into()),
                    target_other: Some("x".repeat(2_001)),
                },
                ..input(&x, &f, "2024-07-01", Some("2024-06-01"))
            },
        )
        .unwrap_err();
    let fields: Vec<String> = err.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        [
            "expertId",
            "endDate",
            "agreementSignedOn",
            "targetServiceDays",
            "targetVisits",
            "targetContract",
            "targetOther"
        ]
    );
    let err = ledger
        .update_assignment(
            &a.id,
            1,
            &AssignmentInput {
                agreement_signed: true,
                agreement_signed_on: Some("2025-07-01".into()),
                ..input(&x, &f, "2024-07-01", None)
            },
        )
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "agreementSignedOn", "a signing date after today");
    let err = ledger
        .create_assignment(&AssignmentInput {
            agreement_signed_on: Some("2024-07-05".into()),
            ..input(&x, &f, "2025-01-01", None)
        })
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "agreementSignedOn", "creation checks the same");
    assert_eq!(snapshot(&ledger), before);
    assert_eq!(ledger.get_assignment(&a.id).unwrap(), a);
}

#[test]
fn a_mistaken_pairing_goes_to_the_recycle_bin_with_its_agreement_and_comes_back_or_is_purged() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(&dir.path().join("ledger.sqlite3")).unwrap();
    let x = ledger.create_expert(&expert("吴刚", None)).unwrap();
    let f = ledger.create_enterprise(&enterprise("湖州电梯有限公司", 1)).unwrap().record;
    let a = ledger.create_assignment(&input(&x, &f, "2024-07-01", None)).unwrap();
    let file =
        ledger.add_attachment(AttachmentOwnerKind::Assignment, &a.id, "三方协议.pdf", b"%PDF-1.4 signed").unwrap();
    assert_eq!(file.owner_kind, AttachmentOwnerKind::Assignment);
    assert_eq!(ledger.list_attachments(AttachmentOwnerKind::Assignment, &a.id).unwrap(), vec![file.clone()]);
    // A pairing's file is its 三方协议 or unmarked; a fieldwork mark is refused on the field, nothing written.
    let audits = rows(&ledger, "audit_log");
    for kind in [EvidenceKind::Confirmation, EvidenceKind::Photo] {
        let err = ledger.set_attachment_evidence(&file.id, Some(kind)).unwrap_err();
        assert_eq!(err.fields()[0].field, "evidenceKind", "{kind:?}");
    }
    assert_eq!(rows(&ledger, "audit_log"), audits);
    let marked = ledger.set_attachment_evidence(&file.id, Some(EvidenceKind::Agreement)).unwrap();
    assert_eq!(marked.evidence_kind, Some(EvidenceKind::Agreement));
    let file = ledger.set_attachment_evidence(&file.id, None).unwrap();

    ledger.delete_record(RecordKind::Assignment, &a.id, false).unwrap();
    assert!(ledger.list_assignments_of_expert(&x.id).unwrap().is_empty());
    assert_eq!(ledger.get_assignment(&a.id).unwrap_err().code(), "not_found");
    let err = ledger.add_attachment(AttachmentOwnerKind::Assignment, &a.id, "b.pdf", b"%PDF-1.4").unwrap_err();
    assert_eq!(err.code(), "not_found", "a pairing in the bin takes no attachment");
    let bin = ledger.list_recycle_bin(1, 20).unwrap();
    assert_eq!((bin.items[0].kind, bin.items[0].id.as_str()), (RecordKind::Assignment, a.id.as_str()));
    assert_eq!(bin.items[0].name, "吴刚 → 湖州电梯有限公司 2024-07-01");
    assert_eq!(ledger.record_history("assignment", &a.id).unwrap()[0].action, "delete");

    // While it is in the bin, a new pairing takes its period: restoring it would overlap.
    let replacement = ledger.create_assignment(&input(&x, &f, "2024-08-01", None)).unwrap();
    let err = ledger.restore(RecordKind::Assignment, &a.id).unwrap_err();
    assert!(matches!(err, CoreError::Duplicate { ref existing_id, .. } if *existing_id == replacement.id), "{err}");
    ledger.delete_record(RecordKind::Assignment, &replacement.id, false).unwrap();
    ledger.restore(RecordKind::Assignment, &a.id).unwrap();
    assert_eq!(ledger.get_assignment(&a.id).unwrap().stamps.revision, 3);
    assert_eq!(ledger.list_attachments(AttachmentOwnerKind::Assignment, &a.id).unwrap(), vec![file]);

    ledger.delete_record(RecordKind::Assignment, &a.id, false).unwrap();
    let report = ledger.purge(RecordKind::Assignment, &a.id).unwrap();
    assert_eq!(report.attachments_purged, 1);
    assert_eq!(rows(&ledger, "attachments"), 0, "the agreement goes with its pairing");
    assert_eq!(rows(&ledger, "assignments"), 1, "only the replacement, in the bin, is left");
    assert_eq!(ledger.record_history("assignment", &a.id).unwrap()[0].action, "purge");
}

/// The fixture of the completion: 吴刚 (x1) at 湖州电梯 (n1) from 2024-07-01 to 2025-06-30, and around it records
/// that count and records that must not (before or after, another expert, another enterprise, in the bin, a match
/// removed).
fn completion_fixture() -> (Ledger, String) {
    let mut ledger = Ledger::open_in_memory().unwrap();
    ledger.set_clock(Clock::fixed_on(day("2025-06-30")));
    exec(
        &ledger,
        "INSERT INTO experts (id, name, title, created_at, updated_at) VALUES ('x1', '吴刚', 'senior', 't', 't'),
             ('x2', '乙', 'senior', 't', 't');
         INSERT INTO enterprises (id, name, credit_code, created_at, updated_at) VALUES
             ('n1', '湖州电梯', 'c1', 't', 't'), ('n2', '另一家', 'c2', 't', 't');
         INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days, service_type,
                 contract_amount_fen, created_at, updated_at, deleted_at) VALUES
             ('s1', 'x1', 'n1', '2024-06-30', '2024-07-01', 2.0, 'consulting', 5000000, 't', 't', NULL),
             ('s2', 'x1', 'n1', '2024-07-01', '2024-07-03', 3.0, 'consulting', 10000000, 't', 't', NULL),
             ('s3', 'x1', 'n1', '2024-12-31', '2025-01-01', 1.5, 'consulting', 0, 't', 't', NULL),
             ('s4', 'x1', 'n1', '2025-01-01', '2025-01-02', 2.0, 'consulting', 20000000, 't', 't', NULL),
             ('s5', 'x1', 'n1', '2025-07-01', '2025-07-01', 1.0, 'consulting', 1, 't', 't', NULL),
             ('s6', 'x1', 'n1', '2025-02-01', '2025-02-04', 4.0, 'consulting', 1, 't', 't', 'in the bin'),
             ('s7', 'x2', 'n1', '2024-08-01', '2024-08-05', 5.0, 'consulting', 1, 't', 't', NULL),
             ('s8', 'x1', 'n2', '2024-08-01', '2024-08-01', 1.0, 'consulting', 1, 't', 't', NULL);
         INSERT INTO visits (id, enterprise_id, visit_date, mode, created_at, updated_at, deleted_at) VALUES
             ('v1', 'n1', '2024-07-10', 'on_site', 't', 't', NULL),
             ('v2', 'n1', '2024-09-01', 'on_site', 't', 't', NULL),
             ('v3', 'n1', '2025-03-01', 'on_site', 't', 't', NULL),
             ('v4', 'n1', '2025-03-02', 'on_site', 't', 't', 'in the bin'),
             ('v5', 'n1', '2024-06-01', 'on_site', 't', 't', NULL),
             ('v6', 'n2', '2024-10-01', 'on_site', 't', 't', NULL);
         INSERT INTO visit_experts VALUES ('v1', 'x1'), ('v2', 'x2'), ('v3', 'x1'), ('v3', 'x2'), ('v4', 'x1'),
             ('v5', 'x1'), ('v6', 'x1');
         INSERT INTO needs (id, enterprise_id, source, title, need_type, stage, stage_changed_on, created_at,
                 updated_at) VALUES
             ('d1', 'n1', 'visit', '一', 'other', 'solved', '2024-10-01', 't', 't'),
             ('d2', 'n1', 'visit', '二', 'other', 'solved', '2024-11-01', 't', 't'),
             ('d3', 'n1', 'visit', '三', 'other', 'solved', '2025-01-05', 't', 't'),
             ('d4', 'n1', 'visit', '四', 'other', 'solved', '2025-02-01', 't', 't'),
             ('d5', 'n1', 'visit', '五', 'other', 'solved', '2025-08-01', 't', 't');
         INSERT INTO need_matches (id, need_id, expert_id, method, matched_on, created_at, updated_at, deleted_at)
             VALUES ('m1', 'd1', 'x1', 'assigned', '2024-08-01', 't', 't', NULL),
                    ('m2', 'd2', 'x1', 'assigned', '2024-08-01', 't', 't', 'removed'),
                    ('m3', 'd3', 'x2', 'assigned', '2024-08-01', 't', 't', NULL),
                    ('m4', 'd4', 'x1', 'assigned', '2024-08-01', 't', 't', NULL),
                    ('m5', 'd5', 'x1', 'assigned', '2024-08-01', 't', 't', NULL);
         INSERT INTO need_stage_events (id, need_id, from_stage, to_stage, changed_on, created_at) VALUES
             ('e1', 'd1', 'solving', 'solved', '2024-10-01', 't'),
             ('e2', 'd2', 'solving', 'solved', '2024-11-01', 't'),
             ('e3', 'd3', 'solving', 'solved', '2025-01-05', 't'),
             ('e4', 'd4', 'solving', 'solved', '2024-12-01', 't'),
             ('e5', 'd4', 'solved', 'solving', '2025-01-10', 't'),
             ('e6', 'd4', 'solving', 'solved', '2025-02-01', 't'),
             ('e7', 'd5', 'solving', 'solved', '2025-08-01', 't');",
    );
    let a = ledger
        .create_assignment(&AssignmentInput {
            expert_id: "x1".into(),
            enterprise_id: "n1".into(),
            start_date: "2024-07-01".into(),
            end_date: Some("2025-06-30".into()),
            targets: targets(),
            ..Default::default()
        })
        .unwrap();
    (ledger, a.id)
}

fn figure(actual: f64, target: Option<f64>, percent: Option<f64>) -> TargetFigure {
    TargetFigure { actual, target, percent }
}

#[test]
fn completion_per_year_and_for_the_whole_pairing_counts_only_its_records() {
    let (ledger, id) = completion_fixture();
    let periods = ledger.assignment_completion(&id).unwrap();
    let labels: Vec<(&str, &str, &str)> =
        periods.iter().map(|p| (p.label.as_str(), p.from.as_str(), p.to.as_str())).collect();
    assert_eq!(
        labels,
        [
            ("2024", "2024-07-01", "2024-12-31"),
            ("2025", "2025-01-01", "2025-06-30"),
            ("all", "2024-07-01", "2025-06-30")
        ]
    );
    // 2024: s2 + s3 (3 + 1.5 days, 10 万元), v1, d1 and d4's first solve.
    assert_eq!(periods[0].service_days, figure(4.5, Some(10.0), Some(45.0)));
    assert_eq!(periods[0].contract_fen, figure(10_000_000.0, Some(100_000_000.0), Some(10.0)));
    assert_eq!(periods[0].visits, figure(1.0, Some(4.0), Some(25.0)));
    assert_eq!(periods[0].needs_solved, figure(2.0, Some(2.0), Some(100.0)));
    // 2025: s4 (2 days, 20 万元), v3, d4 solved again.
    assert_eq!(periods[1].service_days, figure(2.0, Some(10.0), Some(20.0)));
    assert_eq!(periods[1].contract_fen.actual, 20_000_000.0);
    assert_eq!((periods[1].visits.actual, periods[1].needs_solved.actual), (1.0, 1.0));
    // The whole pairing: d4 once.
    assert_eq!(periods[2].service_days, figure(6.5, Some(10.0), Some(65.0)));
    assert_eq!(periods[2].contract_fen, figure(30_000_000.0, Some(100_000_000.0), Some(30.0)));
    assert_eq!(periods[2].visits, figure(2.0, Some(4.0), Some(50.0)));
    assert_eq!(periods[2].needs_solved, figure(2.0, Some(2.0), Some(100.0)));
}

#[test]
fn completion_without_targets_has_no_percentages_and_an_open_pairing_runs_to_today() {
    let (mut ledger, id) = completion_fixture();
    let a = ledger.get_assignment(&id).unwrap();
    let open = AssignmentInput {
        expert_id: a.expert_id.clone(),
        enterprise_id: a.enterprise_id.clone(),
        start_date: "2025-01-01".into(),
        ..Default::default()
    };
    ledger.update_assignment(&id, 1, &open).unwrap();
    ledger.set_clock(Clock::fixed_on(day("2025-03-01")));
    let periods = ledger.assignment_completion(&id).unwrap();
    assert_eq!(periods.len(), 2);
    assert_eq!((periods[0].label.as_str(), periods[0].to.as_str()), ("2025", "2025-03-01"));
    assert_eq!(periods[1].service_days, figure(2.0, None, None));
    assert_eq!(periods[1].visits, figure(1.0, None, None));
    assert_eq!(periods[1].needs_solved, figure(1.0, None, None));
}

/// Batch b1: 甲 at two enterprises (one open, one ended before), 乙 open in b1 but also open in b2, 丙 to end after
/// the day; 丁 already 期满.
fn batch_fixture() -> Ledger {
    let mut ledger = Ledger::open_in_memory().unwrap();
    ledger.set_clock(Clock::fixed_on(day("2025-06-30")));
    exec(
        &ledger,
        "INSERT INTO batches (id, name, created_at, updated_at) VALUES ('b1', '2024年第一批', 't', 't'),
             ('b2', '2024年第二批', 't', 't');
         INSERT INTO experts (id, name, title, status, created_at, updated_at) VALUES
             ('x1', '甲', 'senior', 'active', 't', 't'), ('x2', '乙', 'senior', 'active', 't', 't'),
             ('x3', '丙', 'senior', 'paused', 't', 't'), ('x4', '丁', 'senior', 'ended', 't', 't');
         INSERT INTO enterprises (id, name, credit_code, created_at, updated_at) VALUES
             ('n1', '一厂', 'c1', 't', 't'), ('n2', '二厂', 'c2', 't', 't');
         INSERT INTO assignments (id, expert_id, enterprise_id, batch_id, start_date, end_date, created_at, updated_at)
             VALUES ('a1', 'x1', 'n1', 'b1', '2024-01-01', NULL, 't', 't'),
                    ('a2', 'x1', 'n2', 'b1', '2024-01-01', '2024-03-01', 't', 't'),
                    ('a3', 'x2', 'n1', 'b1', '2024-02-01', NULL, 't', 't'),
                    ('a4', 'x2', 'n2', 'b2', '2024-02-01', NULL, 't', 't'),
                    ('a5', 'x3', 'n2', 'b1', '2024-05-01', '2025-12-31', 't', 't'),
                    ('a6', 'x4', 'n2', 'b1', '2024-05-01', NULL, 't', 't');",
    );
    ledger
}

#[test]
fn the_batch_end_preview_lists_the_pairings_and_experts_and_writes_nothing() {
    let ledger = batch_fixture();
    let before = snapshot(&ledger);
    let plan = ledger.preview_batch_end("b1", "2024-12-31").unwrap();
    assert!(!plan.written);
    let pairings: Vec<&str> = plan.assignments.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(pairings, ["a6", "a5", "a3", "a1"], "丁, 丙, 乙, 甲 by name: the open ones and the one ending later");
    let experts: Vec<(&str, ExpertStatus)> = plan.experts.iter().map(|x| (x.name.as_str(), x.status)).collect();
    assert_eq!(experts, [("丙", ExpertStatus::Paused), ("甲", ExpertStatus::Active)], "乙 is still paired in b2");
    assert_eq!(snapshot(&ledger), before);
    let err = ledger.preview_batch_end("b1", "2024-04-30").unwrap_err();
    assert_eq!(err.fields()[0].field, "endDate", "丙 and 丁 start after that day");
    assert_eq!(ledger.preview_batch_end("b1", "2024-13-01").unwrap_err().fields()[0].field, "endDate");
    assert_eq!(ledger.preview_batch_end("missing", "2024-12-31").unwrap_err().code(), "not_found");
}

#[test]
fn ending_a_batch_sets_the_dates_and_statuses_in_one_audited_write() {
    let ledger = batch_fixture();
    let plan = ledger.end_batch("b1", "2024-12-31").unwrap();
    assert!(plan.written);
    assert_eq!(plan.assignments.len(), 4);
    for id in ["a1", "a3", "a5", "a6"] {
        let a = ledger.get_assignment(id).unwrap();
        assert_eq!((a.end_date.as_deref(), a.stamps.revision), (Some("2024-12-31"), 2), "{id}");
        assert_eq!(ledger.record_history("assignment", id).unwrap()[0].action, "update");
    }
    assert_eq!(ledger.get_assignment("a2").unwrap().end_date.as_deref(), Some("2024-03-01"), "already ended");
    assert_eq!(ledger.get_assignment("a4").unwrap().end_date, None, "another batch");
    let status = |id: &str| ledger.get_expert(id).unwrap().status;
    assert_eq!(
        [status("x1"), status("x2"), status("x3"), status("x4")],
        [ExpertStatus::Ended, ExpertStatus::Active, ExpertStatus::Ended, ExpertStatus::Ended]
    );
    let history = ledger.record_history("expert", "x1").unwrap();
    assert_eq!(
        (history[0].action.as_str(), &history[0].after.as_ref().unwrap()["status"]),
        ("update", &"ended".into())
    );
    assert!(ledger.record_history("expert", "x2").unwrap().is_empty());
    let again = ledger.preview_batch_end("b1", "2024-12-31").unwrap();
    assert!(again.assignments.is_empty() && again.experts.is_empty(), "nothing left to end");
}

/// Pairings for the workbook: batch 第一批 (浙江大学's 甲 signed on 2024-03-01 with targets, 中科院's 乙 unsigned),
/// 第二批 (甲 again, signed without a date), one without a batch (丙, no unit, unsigned); one that ended before 2024
/// and one in the recycle bin are not listed for 2024.
fn workbook_fixture() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(&dir.path().join("ledger.sqlite3")).unwrap();
    exec(
        &ledger,
        "INSERT INTO organizations (id, name, kind, created_at, updated_at) VALUES
             ('o1', '浙江大学', 'university', 't', 't'), ('o2', '中科院宁波所', 'institute', 't', 't');
         INSERT INTO batches (id, name, created_at, updated_at) VALUES ('b1', '2024年第一批', 't', 't'),
             ('b2', '2024年第二批', 't', 't');
         INSERT INTO experts (id, name, title, organization_id, created_at, updated_at) VALUES
             ('x1', '甲', 'senior', 'o1', 't', 't'), ('x2', '乙', 'intermediate', 'o2', 't', 't'),
             ('x3', '丙', 'other', NULL, 't', 't');
         INSERT INTO enterprises (id, name, credit_code, created_at, updated_at) VALUES
             ('n1', '一厂', 'c1', 't', 't'), ('n2', '二厂', 'c2', 't', 't');
         INSERT INTO assignments (id, expert_id, enterprise_id, batch_id, start_date, end_date, agreement_signed,
                 agreement_signed_on, target_service_days, target_visits, target_needs_solved, target_contract_fen,
                 target_other, created_at, updated_at, deleted_at) VALUES
             ('a1', 'x1', 'n1', 'b1', '2024-01-01', '2024-12-31', 1, '2024-03-01', 20.5, 6, 2, 1500000, '培训', 't', 't',
              NULL),
             ('a2', 'x2', 'n2', 'b1', '2024-02-01', NULL, 0, NULL, 10, NULL, NULL, 2500000, NULL, 't', 't', NULL),
             ('a3', 'x1', 'n2', 'b2', '2024-06-01', NULL, 1, NULL, NULL, 3, NULL, NULL, NULL, 't', 't', NULL),
             ('a4', 'x3', 'n1', NULL, '2023-06-01', '2024-01-01', 0, NULL, NULL, NULL, NULL, NULL, NULL, 't', 't', NULL),
             ('a5', 'x3', 'n2', 'b1', '2022-01-01', '2023-12-31', 1, NULL, NULL, NULL, NULL, NULL, NULL, 't', 't', NULL),
             ('a6', 'x2', 'n1', 'b1', '2024-01-01', NULL, 1, NULL, NULL, NULL, NULL, NULL, NULL, 't', 't', 'bin');",
    );
    (dir, ledger)
}

fn pairings_request(period: &str, batch_id: Option<&str>) -> ExportRequest {
    ExportRequest {
        kind: ExportKind::Pairings,
        format: ExportFormat::Xlsx,
        filter: ReportFilter {
            period: period.into(),
            region: None,
            organization_id: None,
            batch_id: batch_id.map(Into::into),
            origins: None,
            reviewed_only: None,
        },
        columns: None,
        include_full_id: false,
        paper: None,
    }
}

/// Every cell of the first sheet as text (numbers as Rust prints them, dates as Excel serials).
fn grid(path: &std::path::Path) -> Vec<Vec<String>> {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::DateTime(d) => d.as_datetime().unwrap().date().to_string(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_pairings_workbook_lists_them_by_batch_and_unit_with_the_signing_rates() {
    let (dir, ledger) = workbook_fixture();
    let out = dir.path().join("派驻名单.xlsx");
    let report = ledger.export(&pairings_request("2024", None), &out, &mut |_, _| true).unwrap();
    assert_eq!(report.sheets, 1);
    let g = grid(&out);
    assert!(g[0][0].starts_with("派驻名单及三方协议签订情况（2024年"), "{:?}", g[0]);
    assert_eq!(
        g[2],
        [
            "序号",
            "批次",
            "派出单位",
            "专员",
            "职称",
            "服务企业",
            "开始日期",
            "结束日期",
            "三方协议",
            "签订日期",
            "目标服务天数",
            "目标走访次数",
            "目标解决需求",
            "目标合同金额\n（万元）",
            "其他目标"
        ]
    );
    let row = |r: &Vec<String>| r[..10].join("|");
    assert_eq!(row(&g[3]), "1|2024年第一批|中科院宁波所|乙|中级|二厂|2024-02-01||未签|");
    assert_eq!(row(&g[4]), "2|2024年第一批|浙江大学|甲|正高|一厂|2024-01-01|2024-12-31|已签|2024-03-01");
    assert_eq!(row(&g[5]), "3|2024年第二批|浙江大学|甲|正高|二厂|2024-06-01||已签|");
    assert_eq!(row(&g[6]), "4|（未填）|（未填）|丙|其他|一厂|2023-06-01|2024-01-01|未签|");
    assert_eq!(g[4][10..], ["20.5", "6", "2", "1.5", "培训"]);
    assert_eq!(g[3][10..14], ["10", "", "", "2.5"]);
    // The 合计 label and the figures' labels sit beside the 序号, not clipped in it.
    assert_eq!(g[7][0], "", "{:?}", g[7]);
    assert!(g[7][1].starts_with("合计（4 条）"), "{:?}", g[7]);
    assert_eq!(g[7][10..14], ["30.5", "9", "2", "4"]);
    let figures: Vec<(String, String)> =
        g[8..].iter().filter(|r| !r[1].is_empty()).map(|r| (r[1].clone(), r[2..].concat())).collect();
    assert_eq!(
        figures,
        [
            ("已签三方协议".to_owned(), "2".to_owned()),
            ("未签三方协议".to_owned(), "2".to_owned()),
            ("签订率".to_owned(), "2/4（50.0%）".to_owned()),
            ("2024年第一批 签订率".to_owned(), "1/2（50.0%）".to_owned()),
            ("2024年第二批 签订率".to_owned(), "1/1（100.0%）".to_owned()),
            ("（未填） 签订率".to_owned(), "0/1（0.0%）".to_owned()),
        ]
    );

    let only = dir.path().join("第一批.xlsx");
    ledger.export(&pairings_request("2024", Some("b1")), &only, &mut |_, _| true).unwrap();
    let g = grid(&only);
    assert_eq!((g[3][3].as_str(), g[4][3].as_str(), g[5][1].as_str()), ("乙", "甲", "合计（2 条）"));
    let csv = ExportRequest { format: ExportFormat::Csv, ..pairings_request("2024", None) };
    let err = ledger.export(&csv, &dir.path().join("x.csv"), &mut |_, _| true).unwrap_err();
    assert_eq!(err.fields()[0].field, "format");
    let err = ledger.export(&pairings_request("2024-13", None), &dir.path().join("y.xlsx"), &mut |_, _| true);
    assert_eq!(err.unwrap_err().code(), "validation");
    assert!(!dir.path().join("y.xlsx").exists());
}

#[test]
fn a_merged_pairing_brings_its_agreement_and_points_at_the_matched_enterprise() {
    use crate::exchange_merge::{open, package};
    let dir = tempfile::tempdir().unwrap();
    let county = open(dir.path(), "county.sqlite3");
    let x = county.create_expert(&expert("吴刚", Some("13800000001"))).unwrap();
    let f = county.create_enterprise(&enterprise("湖州电梯有限公司", 7)).unwrap().record;
    let a = county
        .create_assignment(&AssignmentInput {
            agreement_signed: true,
            agreement_signed_on: Some("2026-03-01".into()),
            ..input(&x, &f, "2026-03-01", None)
        })
        .unwrap();
    county.add_attachment(AttachmentOwnerKind::Assignment, &a.id, "三方协议.pdf", b"%PDF-1.4 signed").unwrap();

    // The superior already has the enterprise (same credit code) under an id of its own.
    let city = open(dir.path(), "city.sqlite3");
    let local = city.create_enterprise(&enterprise("湖州电梯有限公司", 7)).unwrap().record;
    assert_ne!(local.id, f.id);
    let pkg = package(&county, dir.path(), "county-1.stlx");
    city.merge_package(&pkg, &mut |_, _| {}, &std::sync::atomic::AtomicBool::new(false)).unwrap();

    let merged = city.get_assignment(&a.id).unwrap();
    assert_eq!(merged.enterprise_id, local.id, "the pairing points at the matched enterprise");
    assert_eq!(merged.agreement_signed_on.as_deref(), Some("2026-03-01"));
    let files = city.list_attachments(AttachmentOwnerKind::Assignment, &a.id).unwrap();
    assert_eq!(files.len(), 1, "the agreement stays with its pairing");
    assert_eq!(std::fs::read(city.attachment_for_viewer(&files[0].id).unwrap()).unwrap(), b"%PDF-1.4 signed");
    assert_eq!(city.list_assignments_of_enterprise(&local.id).unwrap()[0].id, a.id);
    assert!(city.check_integrity().unwrap().ok);
}
