//! 科技专员: create, validate, list, sort, filter, search and audit.

use ledger_core::model::*;
use ledger_core::{CoreError, Ledger};

fn input(name: &str, title: ExpertTitle, phone: Option<&str>) -> ExpertInput {
    ExpertInput { name: name.into(), title: Some(title), phone: phone.map(Into::into), ..Default::default() }
}

fn ledger_with_org() -> (Ledger, Organization) {
    let ledger = Ledger::open_in_memory().unwrap();
    let org = ledger
        .create_organization(&OrganizationInput {
            name: "浙江大学".into(),
            kind: Some(OrganizationKind::University),
            region: Some("浙江省杭州市".into()),
            notes: None,
        })
        .unwrap();
    (ledger, org)
}

#[test]
fn create_normalises_and_stores_every_field() {
    let (ledger, org) = ledger_with_org();
    let created = ledger
        .create_expert(&ExpertInput {
            name: "  陈　静 ".into(),
            gender: Some(Gender::Female),
            birth_month: Some("1982年7月".into()),
            education: Some(Education::Doctorate),
            title: Some(ExpertTitle::AssociateSenior),
            organization_id: Some(org.id.clone()),
            position: Some("副教授".into()),
            discipline: Some("材料科学与工程".into()),
            specialties: vec![" 锂电池材料 ".into(), "储能".into(), "锂电池材料".into(), " ".into()],
            phone: Some("１３９ ０５７１ ２３４５".into()),
            email: Some("Chen.Jing@ZJU.edu.cn".into()),
            id_card: Some("11010519491231002x".into()),
            service_form: Some(ServiceForm::Stationed),
            batch_id: None,
            service_start: Some("2024-03-01".into()),
            service_end: Some("2026-02-28".into()),
            status: None,
            notes: Some("  ".into()),
        })
        .unwrap();
    assert_eq!(created.name, "陈静");
    assert_eq!(created.birth_month.as_deref(), Some("1982-07"));
    assert_eq!(created.phone.as_deref(), Some("13905712345"));
    assert_eq!(created.email.as_deref(), Some("Chen.Jing@zju.edu.cn"));
    assert_eq!(created.id_card.as_deref(), Some("11010519491231002X"));
    assert_eq!(created.specialties, vec!["锂电池材料", "储能"], "trimmed, blanks and repeats dropped");
    assert_eq!(created.status, ExpertStatus::Active, "new experts are active");
    assert_eq!(created.notes, None, "blank text is stored as nothing");
    assert_eq!(created.stamps.revision, 1);
    assert_eq!(uuid::Uuid::parse_str(&created.id).unwrap().get_version_num(), 7, "ids are UUIDv7");
    assert!(
        created.stamps.created_at.ends_with('Z') && created.stamps.created_at.len() == 24,
        "UTC with millis: {}",
        created.stamps.created_at
    );
    assert_eq!(ledger.get_expert(&created.id).unwrap(), created, "what is read back is what was saved");
}

#[test]
fn every_bad_field_is_reported_and_nothing_is_written() {
    let ledger = Ledger::open_in_memory().unwrap();
    let err = ledger
        .create_expert(&ExpertInput {
            name: "   ".into(),
            title: None,
            phone: Some("1380013800".into()),
            email: Some("not-an-email".into()),
            id_card: Some("110105194912310021".into()),
            birth_month: Some("1982-13".into()),
            service_start: Some("2025-05-01".into()),
            service_end: Some("2025-04-01".into()),
            ..Default::default()
        })
        .unwrap_err();
    let CoreError::Validation(fields) = &err else { panic!("expected a validation error, got {err}") };
    let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["name", "title", "phone", "email", "idCard", "birthMonth", "serviceEnd"]);
    assert!(fields.iter().all(|f| !f.message.is_empty() && !f.message_en.is_empty()));
    assert_eq!(ledger.list_experts(&ExpertQuery::default()).unwrap().total, 0);
    let audit: i64 =
        ledger.database().read(|c| Ok(c.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))?)).unwrap();
    assert_eq!(audit, 0, "no audit entry for a refused save");
}

#[test]
fn unknown_organisation_is_a_field_error() {
    let ledger = Ledger::open_in_memory().unwrap();
    let err = ledger
        .create_expert(&ExpertInput {
            organization_id: Some("missing".into()),
            ..input("周杰", ExpertTitle::Junior, None)
        })
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "organizationId");
}

#[test]
fn same_name_and_phone_is_a_duplicate_pointing_at_the_first() {
    let ledger = Ledger::open_in_memory().unwrap();
    let first = ledger.create_expert(&input("李强", ExpertTitle::Senior, Some("13800138000"))).unwrap();
    let err = ledger.create_expert(&input("李 强", ExpertTitle::Junior, Some("+86 138 0013 8000"))).unwrap_err();
    match err {
        CoreError::Duplicate { existing_id, field, .. } => {
            assert_eq!(existing_id, first.id);
            assert_eq!(field, "phone");
        }
        other => panic!("expected a duplicate, got {other}"),
    }
    ledger
        .create_expert(&input("李强", ExpertTitle::Junior, Some("13800138001")))
        .expect("same name, other phone is fine");
    assert_eq!(ledger.list_experts(&ExpertQuery::default()).unwrap().total, 2);
}

#[test]
fn creation_is_audited_with_the_record_after() {
    let ledger = Ledger::open_in_memory().unwrap();
    let e = ledger.create_expert(&input("孙丽", ExpertTitle::Intermediate, None)).unwrap();
    let (action, entity, actor, after): (String, String, String, String) = ledger
        .database()
        .read(|c| {
            Ok(c.query_row(
                "SELECT action, entity, actor, after_json FROM audit_log WHERE entity_id = ?1",
                [&e.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?)
        })
        .unwrap();
    assert_eq!((action.as_str(), entity.as_str()), ("create", "expert"));
    assert_eq!(actor, ledger.actor());
    let after: Expert = serde_json::from_str(&after).unwrap();
    assert_eq!(after, e);
}

/// The actor of the audit entry of the expert `id`.
fn audited_actor(ledger: &Ledger, id: &str) -> String {
    let sql = "SELECT actor FROM audit_log WHERE entity = 'expert' AND entity_id = ?1";
    ledger.database().read(|c| Ok(c.query_row(sql, [id], |r| r.get(0))?)).unwrap()
}

#[test]
fn the_operator_named_in_the_settings_is_the_actor_and_a_blank_one_falls_back_to_the_os_user() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    let ledger = Ledger::open(&path).unwrap();
    let os_user = ledger.actor();
    assert_eq!(ledger.operator().unwrap(), "");

    assert_eq!(ledger.save_operator(" 王敏　").unwrap(), "王敏");
    let named = ledger.create_expert(&input("孙丽", ExpertTitle::Intermediate, None)).unwrap();
    assert_eq!(audited_actor(&ledger, &named.id), "王敏");
    let setting: String = ledger
        .database()
        .read(|c| {
            Ok(c.query_row(
                "SELECT actor FROM audit_log WHERE entity = 'settings' AND entity_id = 'operator'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(setting, os_user, "the change of operator is recorded by whoever acted before it");

    // Kept in the ledger: the next opening acts under the same name.
    drop(ledger);
    let ledger = Ledger::open(&path).unwrap();
    assert_eq!((ledger.operator().unwrap(), ledger.actor()), ("王敏".to_owned(), "王敏".to_owned()));

    assert_eq!(ledger.save_operator("   ").unwrap(), "");
    let unnamed = ledger.create_expert(&input("李强", ExpertTitle::Junior, None)).unwrap();
    assert_eq!(audited_actor(&ledger, &unnamed.id), os_user, "a blank operator is the OS user again");

    let too_long = ledger.save_operator(&"王".repeat(101)).unwrap_err();
    assert!(matches!(&too_long, CoreError::Validation(f) if f[0].field == "operator"), "{too_long:?}");
}

#[test]
fn list_pages_sorts_filters_and_searches() {
    let (ledger, org) = ledger_with_org();
    let names = ["王伟", "李娜", "张敏", "刘洋", "陈杰", "杨帆", "黄磊"];
    for (i, name) in names.iter().enumerate() {
        let title = if i % 2 == 0 { ExpertTitle::Senior } else { ExpertTitle::Junior };
        let mut inp = input(name, title, Some(&format!("1390000000{i}")));
        if i < 3 {
            inp.organization_id = Some(org.id.clone());
            inp.discipline = Some("新能源材料".into());
        }
        ledger.create_expert(&inp).unwrap();
    }
    let page = |q: ExpertQuery| ledger.list_experts(&q).unwrap();

    let p1 = page(ExpertQuery { page_size: 3, ..Default::default() });
    assert_eq!((p1.total, p1.items.len(), p1.page), (7, 3, 1));
    assert_eq!(p1.items[0].name, "黄磊", "newest first by default");
    let p3 = page(ExpertQuery { page: 3, page_size: 3, ..Default::default() });
    assert_eq!(p3.items.len(), 1, "the last page holds the rest");
    let beyond = page(ExpertQuery { page: 9, page_size: 3, ..Default::default() });
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.total, 7);

    let by_name = page(ExpertQuery { sort: ExpertSortKey::Name, order: SortOrder::Asc, ..Default::default() });
    let mut sorted: Vec<String> = by_name.items.iter().map(|r| r.name.clone()).collect();
    let shown = sorted.clone();
    sorted.sort();
    assert_eq!(shown, sorted);

    let seniors = page(ExpertQuery { title: Some(ExpertTitle::Senior), ..Default::default() });
    assert_eq!(seniors.total, 4);
    assert!(seniors.items.iter().all(|r| r.title == ExpertTitle::Senior));

    let two_chars = page(ExpertQuery { search: Some("浙江".into()), ..Default::default() });
    assert_eq!(two_chars.total, 3, "two-character search finds the organisation's experts");
    assert!(two_chars.items.iter().all(|r| r.organization_name.as_deref() == Some("浙江大学")));
    let three_chars = page(ExpertQuery { search: Some("新能源".into()), ..Default::default() });
    assert_eq!(three_chars.total, 3);
    let by_name = page(ExpertQuery { search: Some(" 李娜 ".into()), ..Default::default() });
    assert_eq!(by_name.total, 1);
    let literal = page(ExpertQuery { search: Some("%".into()), ..Default::default() });
    assert_eq!(literal.total, 0, "LIKE wildcards in the search are literal");
}

#[test]
fn list_filters_by_organization_and_by_batch() {
    let (ledger, org) = ledger_with_org();
    let batch = ledger.create_batch(&BatchInput { name: "2024年第一批".into(), ..Default::default() }).unwrap();
    for (i, name) in ["王伟", "李娜", "张敏"].iter().enumerate() {
        let mut inp = input(name, ExpertTitle::Senior, None);
        inp.organization_id = (i != 1).then(|| org.id.clone());
        inp.batch_id = (i != 2).then(|| batch.id.clone());
        ledger.create_expert(&inp).unwrap();
    }
    let names = |q: ExpertQuery| {
        let mut n: Vec<String> = ledger.list_experts(&q).unwrap().items.into_iter().map(|r| r.name).collect();
        n.sort();
        n
    };
    assert_eq!(names(ExpertQuery { organization_id: Some(org.id.clone()), ..Default::default() }), ["张敏", "王伟"]);
    assert_eq!(names(ExpertQuery { batch_id: Some(batch.id.clone()), ..Default::default() }), ["李娜", "王伟"]);
    let both = ExpertQuery { organization_id: Some(org.id.clone()), batch_id: Some(batch.id), ..Default::default() };
    assert_eq!(names(both), ["王伟"]);
}

#[test]
fn list_masks_the_resident_id() {
    let ledger = Ledger::open_in_memory().unwrap();
    ledger
        .create_expert(&ExpertInput {
            id_card: Some("11010519491231002X".into()),
            ..input("马丽", ExpertTitle::Other, None)
        })
        .unwrap();
    let row = &ledger.list_experts(&ExpertQuery::default()).unwrap().items[0];
    assert_eq!(row.id_card_masked.as_deref(), Some("110105********002X"));
}

#[test]
fn page_size_is_clamped() {
    let ledger = Ledger::open_in_memory().unwrap();
    let p = ledger.list_experts(&ExpertQuery { page: 0, page_size: 100_000, ..Default::default() }).unwrap();
    assert_eq!((p.page, p.page_size), (1, MAX_PAGE_SIZE));
}

#[test]
fn organisations_are_unique_by_name() {
    let (ledger, org) = ledger_with_org();
    let err = ledger
        .create_organization(&OrganizationInput {
            name: " 浙江大学 ".into(),
            kind: Some(OrganizationKind::University),
            region: None,
            notes: None,
        })
        .unwrap_err();
    assert!(matches!(err, CoreError::Duplicate { ref existing_id, .. } if *existing_id == org.id), "{err}");
    let missing = ledger.create_organization(&OrganizationInput::default()).unwrap_err();
    let fields: Vec<String> = missing.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["name", "kind"]);
    assert_eq!(ledger.list_organizations().unwrap(), vec![org]);
}

#[test]
fn update_validates_checks_duplicates_and_revision_and_is_audited() {
    let (ledger, org) = ledger_with_org();
    let first = ledger.create_expert(&input("李强", ExpertTitle::Senior, Some("13800138000"))).unwrap();
    let second = ledger.create_expert(&input("王芳", ExpertTitle::Junior, Some("13800138001"))).unwrap();
    let edited = ledger
        .update_expert(
            &second.id,
            1,
            &ExpertInput {
                organization_id: Some(org.id.clone()),
                discipline: Some("智能制造".into()),
                ..input("王 芳", ExpertTitle::Intermediate, Some("138 0013 8001"))
            },
        )
        .expect("the same name and phone as itself is no duplicate");
    assert_eq!((edited.stamps.revision, edited.title), (2, ExpertTitle::Intermediate));
    assert_eq!(edited.stamps.created_at, second.stamps.created_at);
    assert_eq!(ledger.get_expert(&second.id).unwrap(), edited);
    let three_chars =
        ledger.list_experts(&ExpertQuery { search: Some("智能制造".into()), ..Default::default() }).unwrap();
    assert_eq!(three_chars.total, 1, "the search index follows the edit");

    let audit_rows = |l: &Ledger| -> i64 {
        l.database().read(|c| Ok(c.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))?)).unwrap()
    };
    let audits = audit_rows(&ledger);
    let dup =
        ledger.update_expert(&second.id, 2, &input("李强", ExpertTitle::Junior, Some("13800138000"))).unwrap_err();
    assert!(matches!(dup, CoreError::Duplicate { ref existing_id, .. } if *existing_id == first.id), "{dup}");
    let bad = ledger
        .update_expert(
            &second.id,
            2,
            &ExpertInput { email: Some("bad".into()), ..input("", ExpertTitle::Junior, None) },
        )
        .unwrap_err();
    let fields: Vec<String> = bad.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["name", "email"]);
    let stale = ledger.update_expert(&second.id, 1, &input("王芳", ExpertTitle::Junior, None)).unwrap_err();
    assert_eq!(stale.code(), "conflict");
    assert_eq!(
        ledger.update_expert("missing", 1, &input("王芳", ExpertTitle::Junior, None)).unwrap_err().code(),
        "not_found"
    );
    assert_eq!(audit_rows(&ledger), audits, "refused edits write nothing");
    assert_eq!(ledger.get_expert(&second.id).unwrap(), edited);

    let history = ledger.record_history("expert", &second.id).unwrap();
    assert_eq!(history.iter().map(|h| h.action.as_str()).collect::<Vec<_>>(), ["update", "create"]);
    let before: Expert = serde_json::from_value(history[0].before.clone().unwrap()).unwrap();
    let after: Expert = serde_json::from_value(history[0].after.clone().unwrap()).unwrap();
    assert_eq!((before, after), (second, edited));
}
