//! 证明材料: an attachment marked as the record's confirmation (服务确认书 / 走访记录表) or a 现场照片 — on upload or
//! afterwards, audited, a mark the owner cannot have refused with nothing written — the marks on a list page and the
//! filter 缺确认单 of the visit list and the service ledger.

use crate::common::{enterprise, expert, rows};
use ledger_core::model::*;
use ledger_core::Ledger;
use tempfile::TempDir;

/// A ledger in a temporary data folder with two visits and two service records of one expert and enterprise.
pub(crate) struct Fixture {
    pub ledger: Ledger,
    _dir: TempDir,
    pub visits: Vec<Visit>,
    pub records: Vec<ServiceRecord>,
}

pub(crate) fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(&dir.path().join("ledger.sqlite3")).unwrap();
    let x = ledger.create_expert(&expert("李明", Some("13800138000"))).unwrap();
    let f = ledger.create_enterprise(&enterprise("宁波精密机械有限公司", 1)).unwrap().record;
    let visits = ["2024-03-05", "2024-04-10"]
        .map(|day| {
            ledger
                .create_visit(&VisitInput {
                    visit_date: day.into(),
                    enterprise_id: f.id.clone(),
                    expert_ids: vec![x.id.clone()],
                    mode: Some(VisitMode::OnSite),
                    purpose: Some("了解模具热处理变形问题".into()),
                    findings: Some("淬火后变形超差".into()),
                    next_step: Some("联系高校实验室做金相分析".into()),
                    ..Default::default()
                })
                .unwrap()
        })
        .to_vec();
    let records = [("2024-03-05", "2024-03-06"), ("2024-04-10", "2024-04-10")]
        .map(|(start, end)| {
            ledger
                .create_service_record(&ServiceRecordInput {
                    expert_id: Some(x.id.clone()),
                    enterprise_id: Some(f.id.clone()),
                    start_date: Some(start.into()),
                    end_date: Some(end.into()),
                    service_days: 1.0,
                    service_type: Some(ServiceType::Consulting),
                    content: "指导模具钢热处理工艺调整".into(),
                    outcomes: OutcomesInput { contract_amount: "12.5".into(), patents: 2, ..Default::default() },
                    ..Default::default()
                })
                .unwrap()
        })
        .to_vec();
    Fixture { ledger, _dir: dir, visits, records }
}

fn visit_marks(f: &Fixture, missing: bool) -> Vec<(String, EvidenceMarks)> {
    let q = VisitQuery { missing_confirmation: missing, ..Default::default() };
    f.ledger.list_visits(&q).unwrap().items.into_iter().map(|r| (r.id, r.evidence)).collect()
}

fn record_marks(f: &Fixture, missing: bool) -> Vec<(String, EvidenceMarks)> {
    let q = ServiceRecordQuery { missing_confirmation: missing, ..Default::default() };
    f.ledger.list_service_records(&q).unwrap().items.into_iter().map(|r| (r.id, r.evidence)).collect()
}

const NONE: EvidenceMarks = EvidenceMarks { confirmation: false, photo: false };

#[test]
fn a_mark_is_set_on_upload_changed_afterwards_and_audited() {
    let f = fixture();
    let s = &f.records[0];
    let a = f
        .ledger
        .add_attachment_as(AttachmentOwnerKind::ServiceRecord, &s.id, "确认书.pdf", b"%PDF", Some(EvidenceKind::Photo))
        .unwrap();
    assert_eq!(a.evidence_kind, Some(EvidenceKind::Photo));
    let listed = f.ledger.list_attachments(AttachmentOwnerKind::ServiceRecord, &s.id).unwrap();
    assert_eq!(listed[0].evidence_kind, Some(EvidenceKind::Photo), "stored with the row");

    let changed = f.ledger.set_attachment_evidence(&a.id, Some(EvidenceKind::Confirmation)).unwrap();
    assert_eq!(changed.evidence_kind, Some(EvidenceKind::Confirmation));
    let history = f.ledger.record_history("attachment", &a.id).unwrap();
    let update = history.iter().find(|e| e.action == "update").expect("the change is audited");
    assert_eq!(update.before.as_ref().unwrap()["evidenceKind"], "photo");
    assert_eq!(update.after.as_ref().unwrap()["evidenceKind"], "confirmation");

    let cleared = f.ledger.set_attachment_evidence(&a.id, None).unwrap();
    assert_eq!(cleared.evidence_kind, None);
    let entries = f.ledger.record_history("attachment", &a.id).unwrap().len();
    f.ledger.set_attachment_evidence(&a.id, None).unwrap();
    assert_eq!(f.ledger.record_history("attachment", &a.id).unwrap().len(), entries, "no change, no entry");
    let plain = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &f.visits[0].id, "a.jpg", b"x").unwrap();
    assert_eq!(plain.evidence_kind, None, "unmarked by default");
}

#[test]
fn a_mark_the_owner_cannot_have_is_refused_with_nothing_written() {
    let f = fixture();
    let v = &f.visits[0];
    let (files, audits) = (rows(&f.ledger, "attachments"), rows(&f.ledger, "audit_log"));
    let err = f
        .ledger
        .add_attachment_as(AttachmentOwnerKind::Visit, &v.id, "协议.pdf", b"%PDF", Some(EvidenceKind::Agreement))
        .unwrap_err();
    assert_eq!(err.fields().into_iter().map(|e| e.field).collect::<Vec<_>>(), ["evidenceKind"]);
    assert_eq!((rows(&f.ledger, "attachments"), rows(&f.ledger, "audit_log")), (files, audits));

    let a = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &v.id, "走访记录表.pdf", b"%PDF").unwrap();
    let audits = rows(&f.ledger, "audit_log");
    let err = f.ledger.set_attachment_evidence(&a.id, Some(EvidenceKind::Agreement)).unwrap_err();
    assert_eq!(err.fields()[0].field, "evidenceKind");
    assert_eq!(f.ledger.list_attachments(AttachmentOwnerKind::Visit, &v.id).unwrap()[0].evidence_kind, None);
    assert_eq!(rows(&f.ledger, "audit_log"), audits, "nothing audited");
    // An unknown code never reaches the core: it does not deserialise.
    assert!(serde_json::from_str::<EvidenceKind>("\"stamp\"").is_err());
    // A removed attachment cannot be marked.
    f.ledger.remove_attachment(&a.id).unwrap();
    let err = f.ledger.set_attachment_evidence(&a.id, Some(EvidenceKind::Confirmation)).unwrap_err();
    assert!(matches!(err, ledger_core::CoreError::NotFound { .. }), "{err:?}");
}

#[test]
fn the_lists_show_the_marks_and_filter_the_records_missing_a_confirmation() {
    let f = fixture();
    let (v_new, v_old) = (&f.visits[1], &f.visits[0]);
    let (s_new, s_old) = (&f.records[1], &f.records[0]);
    assert_eq!(visit_marks(&f, false), [(v_new.id.clone(), NONE), (v_old.id.clone(), NONE)]);
    assert_eq!(record_marks(&f, true).len(), 2, "nothing marked: every record lacks its confirmation");

    let add = |kind, owner: &str, name: &str, mark| f.ledger.add_attachment_as(kind, owner, name, b"x", mark).unwrap();
    // The older visit: its stamped 走访记录表 and a photo; the newer: a photo only, and an unmarked file.
    add(AttachmentOwnerKind::Visit, &v_old.id, "走访记录表.pdf", Some(EvidenceKind::Confirmation));
    add(AttachmentOwnerKind::Visit, &v_old.id, "现场1.jpg", Some(EvidenceKind::Photo));
    add(AttachmentOwnerKind::Visit, &v_old.id, "现场2.jpg", Some(EvidenceKind::Photo));
    add(AttachmentOwnerKind::Visit, &v_new.id, "现场.jpg", Some(EvidenceKind::Photo));
    add(AttachmentOwnerKind::Visit, &v_new.id, "备注.txt", None);
    // The newer service record's confirmation, then removed; the older one's confirmation stays.
    let gone = add(AttachmentOwnerKind::ServiceRecord, &s_new.id, "确认书.pdf", Some(EvidenceKind::Confirmation));
    f.ledger.remove_attachment(&gone.id).unwrap();
    add(AttachmentOwnerKind::ServiceRecord, &s_old.id, "确认书.pdf", Some(EvidenceKind::Confirmation));

    let both = EvidenceMarks { confirmation: true, photo: true };
    let photo = EvidenceMarks { confirmation: false, photo: true };
    let confirmed = EvidenceMarks { confirmation: true, photo: false };
    assert_eq!(visit_marks(&f, false), [(v_new.id.clone(), photo), (v_old.id.clone(), both)]);
    assert_eq!(visit_marks(&f, true), [(v_new.id.clone(), photo)], "缺确认单");
    assert_eq!(
        f.ledger.list_visits(&VisitQuery { missing_confirmation: true, ..Default::default() }).unwrap().total,
        1
    );
    assert_eq!(
        record_marks(&f, false),
        [(s_new.id.clone(), NONE), (s_old.id.clone(), confirmed)],
        "a removed file marks nothing"
    );
    assert_eq!(record_marks(&f, true), [(s_new.id.clone(), NONE)]);
    let q = ServiceRecordQuery { missing_confirmation: true, ..Default::default() };
    let totals = f.ledger.service_totals(&q).unwrap();
    assert_eq!((totals.records, totals.service_days), (1, 1.0), "the totals follow the filter");
    assert_eq!((totals.outcomes.patents, totals.outcomes.contract_amount_fen), (2, 12_500_000), "its outcomes alone");
    let q = ServiceRecordQuery { missing_confirmation: true, service_type: Some(ServiceType::Training), ..q };
    assert_eq!(f.ledger.list_service_records(&q).unwrap().total, 0, "with the other filters");
}
