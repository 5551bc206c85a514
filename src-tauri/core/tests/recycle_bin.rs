//! 回收站: delete (with the referrers shown and confirmed), not listed, restore, purge, and the history of it all.

mod common;

use common::{enterprise, exec, expert, rows, snapshot};
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
    assert_eq!(refs, Referrers { assignments: 1, visits: 1, needs: 0, need_matches: 0, service_records: 1 });
    let refs = ledger.referrers_of_enterprise(&f.id).unwrap();
    assert_eq!(refs, Referrers { assignments: 1, visits: 1, needs: 0, need_matches: 0, service_records: 1 });

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
        Referrers { assignments: 1, visits: 1, needs: 0, need_matches: 0, service_records: 1 }
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
    assert_eq!(back.revision, 3, "created 1, deleted 2, restored 3");
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

    // Unreferenced: an enterprise with contacts goes for good, contacts too; the audit keeps the record.
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
    assert_eq!(history[0].before.as_ref().unwrap()["contacts"][0]["name"], "联系人");
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
