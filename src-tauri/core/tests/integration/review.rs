//! 审核 (review) of visits and service records: the transition table (each allowed and refused decision, the opinion
//! a return needs), the reviewer and time from the ledger's clock and the audit entries, batch decisions all or
//! nothing, the status new, edited, imported and merged records get, the queue and the list filters, and
//! 只统计已审核 in the statistics and a ledger export against a hand-computed fixture, remembered in 设置.

use std::io::Write;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::fieldwork::review::{next_status, TRANSITIONS};
use ledger_core::model::*;
use ledger_core::reporting::statistics;
use ledger_core::Ledger;

use crate::common::{self, exec};
use crate::exchange_merge::{open, package};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Two experts, two enterprises; visits and service records of 2024 in each review status:
///
/// | record | date | expert(s) | enterprise | days | 合同 fen | review |
/// |---|---|---|---|---|---|---|
/// | v1 | 2024-02-01 | x1 | n1 | | | approved |
/// | v2 | 2024-03-01 | x1, x2 | n2 | | | pending |
/// | v3 | 2024-04-01 | x2 | n1 | | | returned |
/// | s1 | 2024-01-10 | x1 | n1 | 2 | 1,000,000 | approved |
/// | s2 | 2024-02-10 | x2 | n2 | 3 | 500,000 | pending |
/// | s3 | 2024-05-10 | x1 | n2 | 1.5 | 0 | returned |
/// | s4 | 2024-06-10 | x2 | n1 | 0.5 | 0 | approved |
fn fixture() -> Ledger {
    let mut ledger = Ledger::open_in_memory().unwrap();
    ledger.set_clock(Clock::fixed_on(day("2025-03-01")));
    exec(
        &ledger,
        "INSERT INTO experts (id, name, title, created_at, updated_at) VALUES
             ('x1', '甲', 'senior', 't', 't'), ('x2', '乙', 'senior', 't', 't');
         INSERT INTO enterprises (id, name, credit_code, created_at, updated_at) VALUES
             ('n1', '宁波甲公司', 'c1', 't', 't'), ('n2', '宁波乙公司', 'c2', 't', 't');
         INSERT INTO visits (id, enterprise_id, visit_date, mode, created_at, updated_at, review_status,
                 review_opinion) VALUES
             ('v1', 'n1', '2024-02-01', 'on_site', 't', 't', 'approved', NULL),
             ('v2', 'n2', '2024-03-01', 'online', 't', 't', 'pending', NULL),
             ('v3', 'n1', '2024-04-01', 'phone', 't', 't', 'returned', '请补充走访记录表');
         INSERT INTO visit_experts VALUES ('v1', 'x1'), ('v2', 'x1'), ('v2', 'x2'), ('v3', 'x2');
         INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days, service_type,
                 contract_amount_fen, created_at, updated_at, review_status) VALUES
             ('s1', 'x1', 'n1', '2024-01-10', '2024-01-11', 2, 'consulting', 1000000, 't', 't', 'approved'),
             ('s2', 'x2', 'n2', '2024-02-10', '2024-02-12', 3, 'consulting', 500000, 't', 't', 'pending'),
             ('s3', 'x1', 'n2', '2024-05-10', '2024-05-11', 1.5, 'training', 0, 't', 't', 'returned'),
             ('s4', 'x2', 'n1', '2024-06-10', '2024-06-10', 0.5, 'training', 0, 't', 't', 'approved');",
    );
    ledger
}

fn target(kind: ReviewKind, id: &str) -> ReviewTarget {
    ReviewTarget { kind, id: id.into() }
}

fn decide(ledger: &Ledger, targets: Vec<ReviewTarget>, decision: ReviewDecision, opinion: Option<&str>) -> Vec<Review> {
    ledger.review_records(&ReviewInput { targets, decision, opinion: opinion.map(Into::into) }).unwrap()
}

fn status(ledger: &Ledger, kind: ReviewKind, id: &str) -> ReviewStatus {
    match kind {
        ReviewKind::Visit => ledger.get_visit(id).unwrap().review.review_status,
        ReviewKind::ServiceRecord => ledger.get_service_record(id).unwrap().review.review_status,
    }
}

#[test]
fn the_transition_table_allows_four_decisions_and_refuses_the_rest() {
    use ReviewDecision::*;
    use ReviewStatus::*;
    let expected = [
        (Pending, Approve, Some(Approved)),
        (Pending, Return, Some(Returned)),
        (Returned, Approve, Some(Approved)),
        (Returned, Return, None),
        (Approved, Approve, None),
        (Approved, Return, Some(Returned)),
    ];
    for (from, decision, to) in expected {
        assert_eq!(next_status(from, decision), to, "{from:?} {decision:?}");
    }
    assert_eq!(TRANSITIONS.len(), 4);

    // The same table through the ledger, on records of each status, with the refusal on the field `decision`.
    let ledger = fixture();
    for (id, from) in [("s1", Approved), ("s2", Pending), ("s3", Returned)] {
        for decision in [Approve, Return] {
            let input = ReviewInput {
                targets: vec![target(ReviewKind::ServiceRecord, id)],
                decision,
                opinion: Some("意见".into()),
            };
            let before = status(&ledger, ReviewKind::ServiceRecord, id);
            assert_eq!(before, from);
            match (next_status(from, decision), ledger.review_records(&input)) {
                (Some(to), Ok(saved)) => {
                    assert_eq!(saved[0].review_status, to);
                    // Put it back for the next decision on the same record.
                    exec(
                        &ledger,
                        &format!("UPDATE service_records SET review_status = '{}' WHERE id = '{id}'", from.code()),
                    );
                }
                (None, Err(e)) => {
                    assert_eq!(e.fields()[0].field, "decision", "{id} {decision:?}");
                    assert!(e.fields()[0].message.contains(from.label_zh()), "{}", e.fields()[0].message);
                    assert_eq!(status(&ledger, ReviewKind::ServiceRecord, id), from, "nothing written");
                }
                (expected, got) => panic!("{id} {decision:?}: expected {expected:?}, got {got:?}"),
            }
        }
    }
}

#[test]
fn a_return_needs_an_opinion_and_a_decision_records_reviewer_time_and_an_audit_entry() {
    let ledger = fixture();
    for opinion in [None, Some("   ")] {
        let err = ledger
            .review_records(&ReviewInput {
                targets: vec![target(ReviewKind::ServiceRecord, "s2")],
                decision: ReviewDecision::Return,
                opinion: opinion.map(Into::into),
            })
            .unwrap_err();
        assert_eq!(err.code(), "validation");
        assert_eq!(err.fields()[0].field, "opinion");
    }
    let long = "长".repeat(501);
    let err = ledger
        .review_records(&ReviewInput {
            targets: vec![target(ReviewKind::ServiceRecord, "s2")],
            decision: ReviewDecision::Return,
            opinion: Some(long),
        })
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "opinion");
    assert_eq!(status(&ledger, ReviewKind::ServiceRecord, "s2"), ReviewStatus::Pending);

    let revision = ledger.get_service_record("s2").unwrap().stamps.revision;
    let saved =
        decide(&ledger, vec![target(ReviewKind::ServiceRecord, "s2")], ReviewDecision::Return, Some(" 缺服务确认书 "));
    let stamp = ledger.clock().timestamp();
    let expected = Review {
        review_status: ReviewStatus::Returned,
        review_opinion: Some("缺服务确认书".into()),
        reviewed_by: Some(ledger.actor().to_owned()),
        reviewed_at: Some(stamp.clone()),
    };
    assert_eq!(saved, std::slice::from_ref(&expected));
    let record = ledger.get_service_record("s2").unwrap();
    assert_eq!(record.review, expected);
    assert_eq!(record.stamps.revision, revision, "a decision is not an edit of the content");

    // Approved later without words: the opinion of the return stays readable.
    let saved = decide(&ledger, vec![target(ReviewKind::ServiceRecord, "s2")], ReviewDecision::Approve, None);
    assert_eq!(saved[0].review_status, ReviewStatus::Approved);
    assert_eq!(saved[0].review_opinion.as_deref(), Some("缺服务确认书"));

    let history = ledger.record_history("service_record", "s2").unwrap();
    let reviews: Vec<(&str, Option<&str>, Option<&str>)> = history
        .iter()
        .map(|e| {
            fn status(image: &Option<serde_json::Value>) -> Option<&str> {
                image.as_ref().and_then(|v| v.get("reviewStatus")).and_then(|s| s.as_str())
            }
            (e.action.as_str(), status(&e.before), status(&e.after))
        })
        .collect();
    assert_eq!(reviews.len(), 2, "{history:?}");
    assert!(reviews.contains(&("update", Some("pending"), Some("returned"))), "{reviews:?}");
    assert!(reviews.contains(&("update", Some("returned"), Some("approved"))), "{reviews:?}");
    assert!(history.iter().all(|e| e.at == stamp && e.actor == ledger.actor()));

    // A visit the same way.
    decide(&ledger, vec![target(ReviewKind::Visit, "v2")], ReviewDecision::Return, Some("走访对象不明"));
    let visit = ledger.get_visit("v2").unwrap();
    assert_eq!(
        (visit.review.review_status, visit.review.review_opinion.as_deref()),
        (ReviewStatus::Returned, Some("走访对象不明"))
    );
    assert_eq!(ledger.record_history("visit", "v2").unwrap().len(), 1);
}

#[test]
fn batch_approval_is_all_or_nothing() {
    let ledger = fixture();
    let good = vec![
        target(ReviewKind::Visit, "v2"),
        target(ReviewKind::ServiceRecord, "s2"),
        target(ReviewKind::ServiceRecord, "s3"),
    ];
    for bad in [
        target(ReviewKind::ServiceRecord, "no-such-id"),
        target(ReviewKind::Visit, "s2"),
        target(ReviewKind::ServiceRecord, "s1"), // already approved: refused
    ] {
        let mut targets = good.clone();
        targets.push(bad.clone());
        let err = ledger
            .review_records(&ReviewInput { targets, decision: ReviewDecision::Approve, opinion: None })
            .unwrap_err();
        assert!(err.code() == "not_found" || err.code() == "validation", "{bad:?}: {err:?}");
        assert_eq!(status(&ledger, ReviewKind::Visit, "v2"), ReviewStatus::Pending, "{bad:?}: nothing written");
        assert_eq!(status(&ledger, ReviewKind::ServiceRecord, "s2"), ReviewStatus::Pending);
        assert!(ledger.record_history("visit", "v2").unwrap().is_empty());
    }
    exec(&ledger, "UPDATE service_records SET deleted_at = 'x' WHERE id = 's3'");
    let err = ledger
        .review_records(&ReviewInput { targets: good.clone(), decision: ReviewDecision::Approve, opinion: None })
        .unwrap_err();
    assert_eq!(err.code(), "not_found", "a record in the recycle bin is not reviewed");
    exec(&ledger, "UPDATE service_records SET deleted_at = NULL WHERE id = 's3'");

    let saved = decide(&ledger, good, ReviewDecision::Approve, None);
    assert_eq!(saved.len(), 3);
    let queue = ledger.review_queue(&ReviewQueueQuery::default()).unwrap();
    assert_eq!(queue.total, 1, "only v3 is left");
    assert_eq!(queue.items[0].id, "v3");
    let err = ledger
        .review_records(&ReviewInput { targets: Vec::new(), decision: ReviewDecision::Approve, opinion: None })
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "targets");
}

#[test]
fn the_queue_lists_pending_and_returned_records_newest_first_filtered() {
    let ledger = fixture();
    let queue =
        |q: ReviewQueueQuery| ledger.review_queue(&q).unwrap().items.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    let q = ReviewQueueQuery::default;
    assert_eq!(queue(q()), ["s3", "v3", "v2", "s2"]);
    let page = ledger.review_queue(&q()).unwrap();
    assert_eq!(page.total, 4);
    let v2 = page.items.iter().find(|r| r.id == "v2").unwrap();
    assert_eq!(
        (v2.kind, v2.enterprise_name.as_str(), v2.expert_names.clone()),
        (ReviewKind::Visit, "宁波乙公司", vec!["乙".to_owned(), "甲".to_owned()])
    );
    let s3 = page.items.iter().find(|r| r.id == "s3").unwrap();
    assert_eq!((s3.expert_names.clone(), s3.service_days), (vec!["甲".to_owned()], Some(1.5)));
    assert_eq!(queue(ReviewQueueQuery { kind: Some(ReviewKind::ServiceRecord), ..q() }), ["s3", "s2"]);
    assert_eq!(queue(ReviewQueueQuery { kind: Some(ReviewKind::Visit), ..q() }), ["v3", "v2"]);
    assert_eq!(queue(ReviewQueueQuery { status: Some(ReviewStatus::Returned), ..q() }), ["s3", "v3"]);
    assert_eq!(queue(ReviewQueueQuery { expert_id: Some("x1".into()), ..q() }), ["s3", "v2"]);
    assert_eq!(queue(ReviewQueueQuery { enterprise_id: Some("n1".into()), ..q() }), ["v3"]);
    assert_eq!(
        queue(ReviewQueueQuery { date_from: Some("2024-02-15".into()), date_to: Some("2024-04-30".into()), ..q() }),
        ["v3", "v2"]
    );
    assert_eq!(queue(ReviewQueueQuery { page_size: 1, page: 2, ..q() }), ["v3"]);
    let err = ledger.review_queue(&ReviewQueueQuery { date_from: Some("2024-13-01".into()), ..q() }).unwrap_err();
    assert_eq!(err.fields()[0].field, "dateFrom");
    exec(&ledger, "UPDATE visits SET deleted_at = 'x' WHERE id = 'v3'");
    assert_eq!(queue(q()), ["s3", "v2", "s2"], "the recycle bin is not reviewed");
}

#[test]
fn the_lists_show_the_status_and_filter_by_it() {
    let ledger = fixture();
    let visits =
        ledger.list_visits(&VisitQuery { review_status: Some(ReviewStatus::Returned), ..Default::default() }).unwrap();
    assert_eq!(visits.items.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(), ["v3"]);
    assert_eq!(visits.items[0].review_opinion.as_deref(), Some("请补充走访记录表"));
    let all = ledger.list_visits(&VisitQuery::default()).unwrap();
    assert_eq!(all.total, 3);
    assert_eq!(all.items.iter().find(|v| v.id == "v1").unwrap().review_status, ReviewStatus::Approved);
    let approved = ledger
        .list_service_records(&ServiceRecordQuery { review_status: Some(ReviewStatus::Approved), ..Default::default() })
        .unwrap();
    assert_eq!(approved.items.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["s4", "s1"]);
    let totals = ledger
        .service_totals(&ServiceRecordQuery { review_status: Some(ReviewStatus::Approved), ..Default::default() })
        .unwrap();
    assert_eq!((totals.records, totals.service_days), (2, 2.5));
    let pending = ledger
        .list_service_records(&ServiceRecordQuery { review_status: Some(ReviewStatus::Pending), ..Default::default() })
        .unwrap();
    assert_eq!((pending.total, pending.items[0].review_status), (1, ReviewStatus::Pending));
}

fn firm_and_expert(ledger: &Ledger) -> (String, String) {
    let expert = ledger.create_expert(&common::expert("王伟", Some("13800000001"))).unwrap();
    let firm = ledger.create_enterprise(&common::enterprise("宁波某某科技有限公司", 1)).unwrap().record;
    (expert.id, firm.id)
}

fn service(expert: &str, firm: &str, content: &str) -> ServiceRecordInput {
    ServiceRecordInput {
        expert_id: Some(expert.into()),
        enterprise_id: Some(firm.into()),
        start_date: Some("2026-05-11".into()),
        end_date: Some("2026-05-12".into()),
        service_days: 2.0,
        service_type: Some(ServiceType::Consulting),
        content: content.into(),
        ..Default::default()
    }
}

fn visit(expert: &str, firm: &str) -> VisitInput {
    VisitInput {
        visit_date: "2026-05-10".into(),
        enterprise_id: firm.into(),
        expert_ids: vec![expert.into()],
        mode: Some(VisitMode::OnSite),
        ..Default::default()
    }
}

#[test]
fn typed_records_are_approved_unless_the_setting_asks_for_review_and_an_edit_of_a_returned_record_goes_back() {
    let mut ledger = Ledger::open_in_memory().unwrap();
    ledger.set_clock(Clock::fixed_on(day("2026-06-15")));
    let (x, n) = firm_and_expert(&ledger);
    assert_eq!(ledger.review_settings().unwrap(), ReviewSettings::default());
    let typed = ledger.create_service_record(&service(&x, &n, "直接录入")).unwrap();
    assert_eq!(typed.review, Review::default(), "已通过, no reviewer");
    assert_eq!(ledger.create_visit(&visit(&x, &n)).unwrap().review.review_status, ReviewStatus::Approved);

    ledger.save_review_settings(&ReviewSettings { review_entered: true, reviewed_only: false }).unwrap();
    let pending = ledger.create_service_record(&service(&x, &n, "需要审核")).unwrap();
    assert_eq!(pending.review.review_status, ReviewStatus::Pending);
    assert_eq!(ledger.create_visit(&visit(&x, &n)).unwrap().review.review_status, ReviewStatus::Pending);
    let audit = ledger.record_history("settings", "review").unwrap();
    assert_eq!(audit.len(), 1, "the setting is audited");
    assert_eq!(audit[0].after.as_ref().unwrap()["reviewEntered"], serde_json::json!(true));

    // Returned, then corrected by the coordinator: back to 待审核 with the opinion kept; an approved record edited
    // stays approved.
    decide(&ledger, vec![target(ReviewKind::ServiceRecord, &pending.id)], ReviewDecision::Return, Some("天数有误"));
    let edited =
        ledger.update_service_record(&pending.id, pending.stamps.revision, &service(&x, &n, "已更正")).unwrap();
    assert_eq!(edited.review.review_status, ReviewStatus::Pending);
    assert_eq!(edited.review.review_opinion.as_deref(), Some("天数有误"));
    let history = ledger.record_history("service_record", &pending.id).unwrap();
    assert_eq!(history[0].after.as_ref().unwrap()["reviewStatus"], serde_json::json!("pending"), "{history:?}");
    let kept = ledger.update_service_record(&typed.id, typed.stamps.revision, &service(&x, &n, "改过")).unwrap();
    assert_eq!(kept.review.review_status, ReviewStatus::Approved);

    let v = ledger.create_visit(&visit(&x, &n)).unwrap();
    decide(&ledger, vec![target(ReviewKind::Visit, &v.id)], ReviewDecision::Return, Some("补充照片"));
    let v2 = ledger.update_visit(&v.id, v.stamps.revision, &visit(&x, &n)).unwrap();
    assert_eq!(v2.review.review_status, ReviewStatus::Pending);
}

#[test]
fn imported_records_arrive_pending() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    ledger.create_expert(&common::expert("张伟", Some("13800138001"))).unwrap();
    ledger.create_enterprise(&common::enterprise("杭州新材料有限公司", 1)).unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::File::create(&path).unwrap().write_all(text.as_bytes()).unwrap();
        path
    };
    let visits = write("走访.csv", "走访日期,企业名称,参与专员,走访方式\n2024-03-05,杭州新材料有限公司,张伟,实地\n");
    let services = write(
        "服务.csv",
        "专员姓名,服务企业,开始日期,结束日期,服务天数,服务类型,服务内容\n张伟,杭州新材料有限公司,2024-04-01,2024-04-02,2,技术咨询,工艺诊断\n",
    );
    for (path, kind) in [(visits, ImportKind::Visits), (services, ImportKind::Services)] {
        let request = ImportRequest { path: path.to_string_lossy().into_owned(), kind, ..ImportRequest::default() };
        let plan = ledger.import_preview(&request).unwrap();
        let report = ledger.import_commit(&plan, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
        assert_eq!(report.imported, 1, "{kind:?}");
    }
    let visits = ledger.list_visits(&VisitQuery::default()).unwrap();
    assert_eq!(visits.items.iter().map(|v| v.review_status).collect::<Vec<_>>(), [ReviewStatus::Pending]);
    let services = ledger.list_service_records(&ServiceRecordQuery::default()).unwrap();
    assert_eq!(services.items.iter().map(|s| s.review_status).collect::<Vec<_>>(), [ReviewStatus::Pending]);
    assert_eq!(ledger.review_queue(&ReviewQueueQuery::default()).unwrap().total, 2);
}

#[test]
fn merged_records_arrive_pending_when_new_or_taken_and_keep_the_superiors_decision_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let a = open(dir.path(), "a.sqlite3");
    a.save_report_settings(&ReportSettings { reporting_unit: "甲县科技局".into(), reporter: "填报人".into() }).unwrap();
    let (x, n) = firm_and_expert(&a);
    let v = a.create_visit(&visit(&x, &n)).unwrap();
    let s = a.create_service_record(&service(&x, &n, "工艺改进咨询")).unwrap();
    assert_eq!(s.review.review_status, ReviewStatus::Approved, "approved in the coordinator's own ledger");
    let superior = open(dir.path(), "s.sqlite3");
    let merge = |pkg| superior.merge_package(&pkg, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    merge(package(&a, dir.path(), "a1.stlx"));
    assert_eq!(superior.get_visit(&v.id).unwrap().review.review_status, ReviewStatus::Pending);
    assert_eq!(
        superior.get_service_record(&s.id).unwrap().review,
        Review { review_status: ReviewStatus::Pending, ..Review::default() }
    );

    // The superior approves both; the coordinator's review of its own record travels but is not taken.
    decide(
        &superior,
        vec![target(ReviewKind::Visit, &v.id), target(ReviewKind::ServiceRecord, &s.id)],
        ReviewDecision::Approve,
        None,
    );
    decide(&a, vec![target(ReviewKind::ServiceRecord, &s.id)], ReviewDecision::Return, Some("自查退回"));
    let report = merge(package(&a, dir.path(), "a2.stlx"));
    assert!(report.conflicts.is_empty(), "a review is never a conflict: {report:?}");
    assert_eq!(superior.get_service_record(&s.id).unwrap().review.review_status, ReviewStatus::Approved);

    // Edited at the coordinator: taken, and so pending again at the superior; the untouched visit keeps its approval.
    let current = a.get_service_record(&s.id).unwrap();
    a.update_service_record(&s.id, current.stamps.revision, &service(&x, &n, "补充后的内容")).unwrap();
    merge(package(&a, dir.path(), "a3.stlx"));
    let taken = superior.get_service_record(&s.id).unwrap();
    assert_eq!(taken.content.as_deref(), Some("补充后的内容"));
    assert_eq!(taken.review, Review { review_status: ReviewStatus::Pending, ..Review::default() });
    assert_eq!(superior.get_visit(&v.id).unwrap().review.review_status, ReviewStatus::Approved);
}

fn filter(reviewed_only: Option<bool>) -> ReportFilter {
    ReportFilter {
        period: "2024".into(),
        region: None,
        organization_id: None,
        batch_id: None,
        origins: None,
        reviewed_only,
    }
}

fn stats(ledger: &Ledger, f: ReportFilter) -> Statistics {
    ledger.database().read_snapshot(|c| statistics::statistics(c, &f, day("2025-03-01"))).unwrap()
}

#[test]
fn reviewed_only_statistics_count_the_approved_records_alone() {
    let ledger = fixture();
    for off in [None, Some(false)] {
        let all = stats(&ledger, filter(off));
        assert_eq!((all.outcomes.records, all.outcomes.service_days), (4, 7.0));
        assert_eq!(all.outcomes.outcomes.contract_amount_fen, 1_500_000);
        assert_eq!((all.visits.visits, all.visits.person_visits), (3, 4));
        assert_eq!(all.scope_label, "");
    }
    let on = stats(&ledger, filter(Some(true)));
    // s1 (2 days, 1,000,000 fen) and s4 (0.5 days); v1 with x1.
    assert_eq!((on.outcomes.records, on.outcomes.service_days), (2, 2.5));
    assert_eq!(on.outcomes.outcomes.contract_amount_fen, 1_000_000);
    assert_eq!((on.visits.visits, on.visits.person_visits, on.visits.enterprises), (1, 1, 1));
    assert_eq!(on.scope_label, "只统计已审核记录");
    let months: Vec<(String, u32, f64)> = on
        .per_month
        .iter()
        .filter(|m| m.service_records > 0)
        .map(|m| (m.month.clone(), m.service_records, m.service_days))
        .collect();
    assert_eq!(months, [("2024-01".into(), 1, 2.0), ("2024-06".into(), 1, 0.5)]);
    let experts: Vec<(&str, u32, f64)> =
        on.per_expert.iter().map(|e| (e.name.as_str(), e.outcomes.records, e.outcomes.service_days)).collect();
    assert_eq!(experts, [("甲", 1, 2.0), ("乙", 1, 0.5)]);

    // Approving s2 counts it at once (the records are read, not the sums).
    decide(&ledger, vec![target(ReviewKind::ServiceRecord, "s2")], ReviewDecision::Approve, None);
    assert_eq!(stats(&ledger, filter(Some(true))).outcomes.service_days, 5.5);
}

#[test]
fn a_ledger_export_counts_the_approved_records_alone_when_asked_and_says_so() {
    let ledger = fixture();
    let dir = tempfile::tempdir().unwrap();
    let settings = ReportSettings { reporting_unit: "某市科技局".into(), reporter: "张三".into() };
    let export = |kind: ExportKind, reviewed_only: Option<bool>, name: &str| {
        let out = dir.path().join(name);
        let request = ExportRequest {
            kind,
            format: ExportFormat::Csv,
            filter: filter(reviewed_only),
            columns: None,
            include_full_id: false,
            paper: None,
        };
        let report = ledger
            .database()
            .read(|c| {
                ledger_core::reporting::export::export(c, &request, &settings, day("2025-03-01"), &out, &mut |_, _| {
                    true
                })
            })
            .unwrap();
        (report.rows, std::fs::read_to_string(&out).unwrap())
    };
    let (rows, text) = export(ExportKind::Services, None, "all.csv");
    assert_eq!(rows, 4);
    assert!(!text.contains("只统计已审核"));
    let (rows, text) = export(ExportKind::Services, Some(true), "approved.csv");
    assert_eq!(rows, 2, "{text}");
    assert!(text.contains("2024-01-10") && text.contains("2024-06-10") && !text.contains("2024-02-10"), "{text}");
    let (rows, _) = export(ExportKind::Visits, Some(true), "visits.csv");
    assert_eq!(rows, 1);

    let out = dir.path().join("services.xlsx");
    let request = ExportRequest {
        kind: ExportKind::Services,
        format: ExportFormat::Xlsx,
        filter: filter(Some(true)),
        columns: None,
        include_full_id: false,
        paper: None,
    };
    ledger
        .database()
        .read(|c| {
            ledger_core::reporting::export::export(c, &request, &settings, day("2025-03-01"), &out, &mut |_, _| true)
        })
        .unwrap();
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let head: Vec<String> = sheet.rows().take(3).flat_map(|r| r.iter().map(|c| c.to_string())).collect();
    assert!(head.iter().any(|c| c.contains("只统计已审核记录")), "the period/scope line says so: {head:?}");
}

#[test]
fn the_reviewed_only_switch_is_remembered_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    {
        let ledger = Ledger::open(&path).unwrap();
        assert!(!ledger.review_settings().unwrap().reviewed_only, "off by default");
        ledger.save_review_settings(&ReviewSettings { review_entered: false, reviewed_only: true }).unwrap();
        ledger.close().unwrap();
    }
    let ledger = Ledger::open(&path).unwrap();
    assert_eq!(ledger.review_settings().unwrap(), ReviewSettings { review_entered: false, reviewed_only: true });
    // Saving the same again writes no second audit entry.
    ledger.save_review_settings(&ReviewSettings { review_entered: false, reviewed_only: true }).unwrap();
    assert_eq!(ledger.record_history("settings", "review").unwrap().len(), 1);
}
