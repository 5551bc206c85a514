//! 回收站: delete (with the referrers shown and confirmed), not listed, restore, purge, and the history of it all.

use crate::common::{enterprise, exec, expert, rows, snapshot};
use ledger_core::model::*;
use ledger_core::{CoreError, Ledger};

/// An expert and an enterprise, paired, with a visit and a service record between them.
fn referenced() -> (Ledger, Expert, Enterprise) {
    let ledger = Ledger::open_in_memory().unwrap();
    let x = ledger.create_expert(&expert("钱学", Some("13800000001"))).unwrap();
    let f = ledger.create_enterprise(&enterprise("绍兴纺机有限公司", 1)).unwrap().record;
    ledger
        .create_assignment(&AssignmentInput {
            expert_id: x.id.clone(),
            enterprise_id: f.id.clone(),
            start_date: "2024-03-01".into(),
            ..Default::default()
        })
        .unwrap();
    exec(
        &ledger,
        &format!(
            "INSERT INTO visits (id, enterprise_id, visit_date, mode, created_at, updated_at)
             VALUES ('v1', '{f}', '2024-03-05', 'on_site', 'n', 'n');
             INSERT INTO visit_experts (visit_id, expert_id) VALUES ('v1', '{x}');
             INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days,
                 service_type, created_at, updated_at)
             VALUES ('s1', '{x}', '{f}', '2024-03-05', '2024-03-06', 2, 'consulting', 'n', 'n');",
            f = f.id,
            x = x.id
        ),
    );
    (ledger, x, f)
}

#[test]
fn referrers_are_counted_and_deleting_needs_confirmation() {
    let (ledger, x, f) = referenced();
    let refs = ledger.referrers_of_expert(&x.id).unwrap();
    assert_eq!(refs, Referrers { assignments: 1, visits: 1, needs: 0, need_matches: 0, service_records: 1, events: 0 });
    let refs = ledger.referrers_of_enterprise(&f.id).unwrap();
    assert_eq!(refs, Referrers { assignments: 1, visits: 1, needs: 0, need_matches: 0, service_records: 1, events: 0 });

    let before = snapshot(&ledger);
    let err = ledger.delete_expert(&x.id, false).unwrap_err();
    assert_eq!(err.code(), "has_references");
    assert!(
        err.message_zh().contains("派驻记录 1 条") && err.message_zh().contains("服务记录 1 条"),
        "{}",
        err.message_zh()
    );
    assert!(
        err.message_en().contains("1 assignments") && err.message_en().contains("1 visits"),
        "{}",
        err.message_en()
    );
    assert_eq!(snapshot(&ledger), before, "nothing written without confirmation");
    assert!(ledger.get_expert(&x.id).is_ok());

    assert_eq!(
        ledger.delete_expert(&x.id, true).unwrap(),
        Referrers { assignments: 1, visits: 1, needs: 0, need_matches: 0, service_records: 1, events: 0 }
    );
    assert_eq!(ledger.get_expert(&x.id).unwrap_err().code(), "not_found");
    assert_eq!(ledger.referrers_of_expert(&x.id).unwrap_err().code(), "not_found");
    assert_eq!(ledger.delete_enterprise(&f.id, false).unwrap_err().code(), "has_references");
}

#[test]
fn delete_hides_restore_shows_again() {
    let ledger = Ledger::open_in_memory().unwrap();
    let x = ledger.create_expert(&expert("孙武", None)).unwrap();
    let f = ledger.create_enterprise(&enterprise("台州模具有限公司", 1)).unwrap().record;
    assert!(ledger.delete_expert(&x.id, false).unwrap().is_empty());
    assert!(ledger.delete_enterprise(&f.id, false).unwrap().is_empty());
    assert_eq!(ledger.list_experts(&ExpertQuery::default()).unwrap().total, 0);
    assert_eq!(ledger.list_enterprises(&EnterpriseQuery::default()).unwrap().total, 0);
    assert_eq!(ledger.get_enterprise(&f.id).unwrap_err().code(), "not_found");
    assert_eq!(ledger.delete_expert(&x.id, true).unwrap_err().code(), "not_found", "already in the bin");

    let bin = ledger.list_recycle_bin(1, 20).unwrap();
    assert_eq!(bin.total, 2);
    assert_eq!((bin.items[0].kind, bin.items[0].name.as_str()), (RecordKind::Enterprise, "台州模具有限公司"));
    assert_eq!((bin.items[1].kind, bin.items[1].id.as_str()), (RecordKind::Expert, x.id.as_str()));
    assert_eq!(serde_json::to_value(&bin.items[1]).unwrap()["kind"], "expert");

    ledger.restore(RecordKind::Enterprise, &f.id).unwrap();
    ledger.restore(RecordKind::Expert, &x.id).unwrap();
    assert_eq!(ledger.list_recycle_bin(1, 20).unwrap().total, 0);
    assert_eq!(ledger.list_experts(&ExpertQuery::default()).unwrap().total, 1);
    let back = ledger.get_enterprise(&f.id).unwrap();
    assert_eq!(back.stamps.revision, 3, "created 1, deleted 2, restored 3");
    assert_eq!(ledger.restore(RecordKind::Expert, &x.id).unwrap_err().code(), "not_found", "not in the bin");

    let history = ledger.record_history("enterprise", &f.id).unwrap();
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["restore", "delete", "create"], "newest first");
    assert!(history[1].before.is_some() && history[1].after.is_none());
    assert_eq!(history[0].after.as_ref().unwrap()["revision"], 3);
    assert_eq!(history[2].actor, ledger.actor());
}

#[test]
fn restoring_an_expert_whose_twin_was_added_meanwhile_is_refused() {
    let ledger = Ledger::open_in_memory().unwrap();
    let old = ledger.create_expert(&expert("周敏", Some("13800000009"))).unwrap();
    ledger.delete_expert(&old.id, false).unwrap();
    let twin = ledger.create_expert(&expert("周敏", Some("13800000009"))).unwrap();
    let before = snapshot(&ledger);
    let err = ledger.restore(RecordKind::Expert, &old.id).unwrap_err();
    assert!(matches!(err, CoreError::Duplicate { ref existing_id, .. } if *existing_id == twin.id), "{err}");
    assert_eq!(snapshot(&ledger), before);
}

#[test]
fn purge_only_from_the_bin_and_only_without_references() {
    let (ledger, x, f) = referenced();
    assert_eq!(ledger.purge(RecordKind::Expert, &x.id).unwrap_err().code(), "not_found", "live records are not purged");
    ledger.delete_expert(&x.id, true).unwrap();
    let before = snapshot(&ledger);
    let err = ledger.purge(RecordKind::Expert, &x.id).unwrap_err();
    assert_eq!(err.code(), "has_references");
    assert!(err.message_zh().contains("不能彻底删除"), "{}", err.message_zh());
    assert_eq!(snapshot(&ledger), before);

    // Unreferenced: an enterprise with contacts goes for good, contacts too; the audit keeps the record without its
    // people (issue 12: purging scrubs the personal fields from the trail).
    let lone = ledger
        .create_enterprise(&EnterpriseInput {
            contacts: vec![ContactInput { name: "联系人".into(), ..Default::default() }],
            ..enterprise("丽水竹木有限公司", 2)
        })
        .unwrap()
        .record;
    let contacts = rows(&ledger, "enterprise_contacts");
    ledger.delete_enterprise(&lone.id, false).unwrap();
    ledger.purge(RecordKind::Enterprise, &lone.id).unwrap();
    assert_eq!(rows(&ledger, "enterprise_contacts"), contacts - 1);
    assert_eq!(ledger.restore(RecordKind::Enterprise, &lone.id).unwrap_err().code(), "not_found");
    assert_eq!(ledger.list_recycle_bin(1, 20).unwrap().total, 1, "the expert is still in the bin");
    let history = ledger.record_history("enterprise", &lone.id).unwrap();
    assert_eq!(history[0].action, "purge");
    assert_eq!(history[0].before.as_ref().unwrap()["name"], "丽水竹木有限公司");
    assert_eq!(history[0].before.as_ref().unwrap()["contacts"][0]["name"], serde_json::Value::Null);
    assert_eq!(history[0].before.as_ref().unwrap()["contacts"].as_array().unwrap().len(), 1);
    // The credit code is free again.
    ledger.create_enterprise(&enterprise("新丽水竹木有限公司", 2)).unwrap();
    let _ = f;
}

#[test]
fn the_bin_pages() {
    let ledger = Ledger::open_in_memory().unwrap();
    for i in 0..5 {
        let x = ledger.create_expert(&expert(&format!("专员{i}"), None)).unwrap();
        ledger.delete_expert(&x.id, false).unwrap();
    }
    let p = ledger.list_recycle_bin(2, 2).unwrap();
    assert_eq!((p.total, p.items.len(), p.page, p.page_size), (5, 2, 2, 2));
}

/// An expert, an enterprise, a visit by the expert, a need found on the visit (with a stage event and a match) and a
/// service record on the need.
struct Work {
    ledger: Ledger,
    expert: Expert,
    visit: Visit,
}

fn work() -> Work {
    let ledger = Ledger::open_in_memory().unwrap();
    let expert = ledger.create_expert(&expert("钱学", None)).unwrap();
    let firm = ledger.create_enterprise(&enterprise("绍兴纺机有限公司", 1)).unwrap().record;
    let visit = ledger
        .create_visit(&VisitInput {
            visit_date: "2024-03-05".into(),
            enterprise_id: firm.id.clone(),
            expert_ids: vec![expert.id.clone()],
            mode: Some(VisitMode::OnSite),
            ..Default::default()
        })
        .unwrap();
    exec(
        &ledger,
        &format!(
            "INSERT INTO needs (id, enterprise_id, visit_id, source, title, need_type, stage, stage_changed_on,
                 created_at, updated_at)
             VALUES ('n1', '{f}', '{v}', 'visit', '织机断纱检测', 'tech_breakthrough', 'matched', '2024-03-10',
                 'n', 'n');
             INSERT INTO need_stage_events (id, need_id, from_stage, to_stage, changed_on, created_at)
             VALUES ('e1', 'n1', NULL, 'discovered', '2024-03-05', 'n'),
                    ('e2', 'n1', 'discovered', 'matched', '2024-03-10', 'n');
             INSERT INTO need_matches (id, need_id, expert_id, method, matched_on, created_at, updated_at)
             VALUES ('m1', 'n1', '{x}', 'assigned', '2024-03-10', 'n', 'n');
             INSERT INTO service_records (id, expert_id, enterprise_id, need_id, start_date, end_date, service_days,
                 service_type, created_at, updated_at)
             VALUES ('s1', '{x}', '{f}', 'n1', '2024-03-12', '2024-03-13', 2, 'tech_breakthrough', 'n', 'n');",
            f = firm.id,
            v = visit.id,
            x = expert.id
        ),
    );
    Work { ledger, expert, visit }
}

/// Row counts of the tables a delete, restore or purge of the new kinds touches.
fn work_counts(ledger: &Ledger) -> Vec<i64> {
    ["visits", "visit_experts", "needs", "need_stage_events", "need_matches", "service_records", "audit_log"]
        .iter()
        .map(|t| rows(ledger, t))
        .collect()
}

fn bin_names(ledger: &Ledger) -> Vec<(RecordKind, String)> {
    ledger.list_recycle_bin(1, 50).unwrap().items.into_iter().map(|r| (r.kind, r.name)).collect()
}

#[test]
fn a_visit_round_trips_through_the_bin_and_is_purged_only_without_needs() {
    let w = work();
    let l = &w.ledger;
    assert_eq!(
        l.referrers_of_record(RecordKind::Visit, &w.visit.id).unwrap(),
        Referrers { needs: 1, ..Default::default() }
    );
    let before = work_counts(l);
    let err = l.delete_record(RecordKind::Visit, &w.visit.id, false).unwrap_err();
    assert_eq!(err.code(), "has_references");
    assert!(err.message_zh().contains("该走访记录仍被 技术需求 1 条 引用"), "{}", err.message_zh());
    assert_eq!(work_counts(l), before, "nothing written without confirmation");

    assert_eq!(l.delete_record(RecordKind::Visit, &w.visit.id, true).unwrap().needs, 1);
    assert_eq!(l.list_visits(&VisitQuery::default()).unwrap().total, 0);
    assert_eq!(bin_names(l), [(RecordKind::Visit, "2024-03-05 绍兴纺机有限公司".to_owned())]);
    assert_eq!(l.referrers_of_expert(&w.expert.id).unwrap().visits, 0, "a visit in the bin is not a live referrer");

    l.restore(RecordKind::Visit, &w.visit.id).unwrap();
    let back = l.get_visit(&w.visit.id).unwrap();
    assert_eq!(
        (back.stamps.revision, back.experts.len()),
        (3, 1),
        "created 1, deleted 2, restored 3; participants kept"
    );
    let actions: Vec<String> = l.record_history("visit", &w.visit.id).unwrap().into_iter().map(|h| h.action).collect();
    assert_eq!(actions, ["restore", "delete", "create"]);

    // Purging: refused while the need points at the visit, even from the bin; the need keeps its provenance.
    l.delete_record(RecordKind::Visit, &w.visit.id, true).unwrap();
    l.delete_record(RecordKind::Need, "n1", true).unwrap();
    let before = work_counts(l);
    let err = l.purge(RecordKind::Visit, &w.visit.id).unwrap_err();
    assert_eq!(err.code(), "has_references");
    assert!(
        err.message_zh().contains("不能彻底删除") && err.message_zh().contains("技术需求 1 条"),
        "{}",
        err.message_zh()
    );
    assert_eq!(work_counts(l), before);

    l.delete_record(RecordKind::ServiceRecord, "s1", false).unwrap();
    l.purge(RecordKind::ServiceRecord, "s1").unwrap();
    l.purge(RecordKind::Need, "n1").unwrap();
    let report = l.purge(RecordKind::Visit, &w.visit.id).unwrap();
    assert_eq!(report, PurgeReport::default());
    assert_eq!((rows(l, "visits"), rows(l, "visit_experts")), (0, 0));
    let history = l.record_history("visit", &w.visit.id).unwrap();
    assert_eq!(history[0].action, "purge");
    assert_eq!(history[0].before.as_ref().unwrap()["enterpriseName"], "绍兴纺机有限公司");
    // With its visits, need matches and service records gone, the expert can be purged too.
    l.delete_expert(&w.expert.id, false).unwrap();
    l.purge(RecordKind::Expert, &w.expert.id).unwrap();
    let report = l.check_integrity().unwrap();
    assert!(report.ok, "{report:?}");
}

#[test]
fn a_need_round_trips_and_is_purged_with_its_history_once_no_service_record_points_at_it() {
    let w = work();
    let l = &w.ledger;
    assert_eq!(
        l.referrers_of_record(RecordKind::Need, "n1").unwrap(),
        Referrers { service_records: 1, ..Default::default() }
    );
    assert_eq!(l.delete_record(RecordKind::Need, "n1", false).unwrap_err().code(), "has_references");
    l.delete_record(RecordKind::Need, "n1", true).unwrap();
    assert_eq!(bin_names(l), [(RecordKind::Need, "织机断纱检测".to_owned())]);
    assert_eq!(l.referrers_of_expert(&w.expert.id).unwrap().needs, 0, "a need in the bin is not counted");
    assert_eq!(l.referrers_of_record(RecordKind::Need, "n1").unwrap_err().code(), "not_found");
    l.restore(RecordKind::Need, "n1").unwrap();
    assert_eq!(l.referrers_of_expert(&w.expert.id).unwrap().needs, 1);
    let history = l.record_history("need", "n1").unwrap();
    assert_eq!(history.iter().map(|h| h.action.as_str()).collect::<Vec<_>>(), ["restore", "delete"]);
    assert_eq!(history[1].before.as_ref().unwrap()["title"], "织机断纱检测", "the row, in camelCase");
    assert_eq!(history[1].before.as_ref().unwrap()["visitId"], w.visit.id.as_str());
    assert_eq!(history[0].after.as_ref().unwrap()["revision"], 3);

    // A service record, live or in the bin, keeps the need from being purged; so does a need merged into it.
    l.delete_record(RecordKind::Need, "n1", true).unwrap();
    l.delete_record(RecordKind::ServiceRecord, "s1", false).unwrap();
    let before = work_counts(l);
    let err = l.purge(RecordKind::Need, "n1").unwrap_err();
    assert_eq!(err.code(), "has_references");
    assert!(err.message_zh().contains("服务记录 1 条"), "{}", err.message_zh());
    assert_eq!(work_counts(l), before);
    l.purge(RecordKind::ServiceRecord, "s1").unwrap();
    exec(
        l,
        "INSERT INTO needs (id, enterprise_id, source, title, need_type, stage, stage_changed_on, merged_into_id,
             created_at, updated_at)
         SELECT 'n2', enterprise_id, 'other', '断纱检测（重复）', 'other', 'merged', '2024-03-11', 'n1', 'n', 'n'
         FROM needs WHERE id = 'n1'",
    );
    let err = l.purge(RecordKind::Need, "n1").unwrap_err();
    assert!(err.message_zh().contains("技术需求 1 条"), "{}", err.message_zh());
    exec(l, "DELETE FROM needs WHERE id = 'n2'");

    l.purge(RecordKind::Need, "n1").unwrap();
    assert_eq!((rows(l, "needs"), rows(l, "need_stage_events"), rows(l, "need_matches")), (0, 0, 0));
    assert_eq!(l.restore(RecordKind::Need, "n1").unwrap_err().code(), "not_found");
    assert!(l.check_integrity().unwrap().ok);
}

#[test]
fn a_service_record_round_trips_through_the_bin() {
    let w = work();
    let l = &w.ledger;
    assert!(l.referrers_of_record(RecordKind::ServiceRecord, "s1").unwrap().is_empty());
    assert!(l.delete_record(RecordKind::ServiceRecord, "s1", false).unwrap().is_empty());
    assert_eq!(bin_names(l), [(RecordKind::ServiceRecord, "2024-03-12 钱学 → 绍兴纺机有限公司".to_owned())]);
    assert_eq!(l.referrers_of_expert(&w.expert.id).unwrap().service_records, 0);
    assert_eq!(l.delete_record(RecordKind::ServiceRecord, "s1", false).unwrap_err().code(), "not_found");
    l.restore(RecordKind::ServiceRecord, "s1").unwrap();
    assert_eq!(l.referrers_of_expert(&w.expert.id).unwrap().service_records, 1);
    assert_eq!(
        l.purge(RecordKind::ServiceRecord, "s1").unwrap_err().code(),
        "not_found",
        "live records are not purged"
    );
    l.delete_record(RecordKind::ServiceRecord, "s1", false).unwrap();
    l.purge(RecordKind::ServiceRecord, "s1").unwrap();
    assert_eq!(rows(l, "service_records"), 0);
    let history = l.record_history("service_record", "s1").unwrap();
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["purge", "delete", "restore", "delete"]);
    assert_eq!(history[0].before.as_ref().unwrap()["serviceDays"], 2.0);
    assert!(bin_names(l).is_empty());
}

#[test]
fn the_bin_lists_every_kind_newest_first() {
    let w = work();
    let l = &w.ledger;
    l.delete_record(RecordKind::ServiceRecord, "s1", false).unwrap();
    l.delete_record(RecordKind::Need, "n1", true).unwrap();
    l.delete_record(RecordKind::Visit, &w.visit.id, true).unwrap();
    l.delete_record(RecordKind::Expert, &w.expert.id, true).unwrap();
    let kinds: Vec<RecordKind> = bin_names(l).into_iter().map(|(k, _)| k).collect();
    assert_eq!(kinds.len(), 4);
    for kind in [RecordKind::ServiceRecord, RecordKind::Need, RecordKind::Visit, RecordKind::Expert] {
        assert!(kinds.contains(&kind), "{kind:?}");
    }
    let page = l.list_recycle_bin(1, 50).unwrap();
    assert!(page.items.windows(2).all(|w| w[0].deleted_at >= w[1].deleted_at));
    assert_eq!(serde_json::to_value(&page.items).unwrap().as_array().unwrap().len(), 4);
}
