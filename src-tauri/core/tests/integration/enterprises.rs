//! 服务企业: validation (credit code and its override, industry, contacts), duplicates, similar names, editing with
//! a revision check, the list, and that a refused save writes nothing.

use crate::common::{code, enterprise, snapshot};
use ledger_core::model::*;
use ledger_core::normalize::{clean_text, company_name_key};
use ledger_core::{CoreError, Ledger};
use proptest::prelude::*;

fn contact(name: &str, phone: Option<&str>, primary: bool) -> ContactInput {
    ContactInput { name: name.into(), phone: phone.map(Into::into), is_primary: primary, ..Default::default() }
}

fn fields(err: &CoreError) -> Vec<String> {
    err.fields().into_iter().map(|f| f.field).collect()
}

#[test]
fn create_normalises_and_stores_every_field() {
    let ledger = Ledger::open_in_memory().unwrap();
    let saved = ledger
        .create_enterprise(&EnterpriseInput {
            name: " 杭州　云帆智能科技有限公司 ".into(),
            credit_code: " ９１３５０１００ｍ０００１００ｙ４３ ".into(),
            province: Some("浙江省".into()),
            city: Some("杭州市".into()),
            county: Some("余杭区".into()),
            region_code: Some("330110".into()),
            address: Some("文一西路 1 号".into()),
            legal_representative: Some("王 五".into()),
            industry: Some("c".into()),
            main_products: Some("工业机器人、伺服电机".into()),
            size: Some(EnterpriseSize::Small),
            is_high_tech: true,
            is_specialized: true,
            contacts: vec![
                contact("李 四", Some("+86 139 0571 0001"), false),
                ContactInput { email: Some("ZHAO@Example.COM".into()), ..contact("赵六", None, false) },
            ],
            ..Default::default()
        })
        .unwrap();
    assert!(saved.warnings.is_empty());
    let e = saved.record;
    assert_eq!(e.name, "杭州 云帆智能科技有限公司");
    assert_eq!(e.credit_code, "91350100M000100Y43");
    assert_eq!(e.credit_code_override, None);
    assert_eq!(e.industry.as_deref(), Some("C"));
    assert_eq!(e.legal_representative.as_deref(), Some("王五"));
    assert_eq!((e.is_high_tech, e.is_tech_sme, e.is_specialized), (true, false, true));
    assert_eq!(e.stamps.revision, 1);
    assert_eq!(e.contacts.len(), 2);
    assert_eq!(e.contacts[0].name, "李四");
    assert!(e.contacts[0].is_primary, "with none marked, the first contact is the primary one");
    assert!(!e.contacts[1].is_primary);
    assert_eq!(e.contacts[0].phone.as_deref(), Some("13905710001"));
    assert_eq!(e.contacts[1].email.as_deref(), Some("ZHAO@example.com"));
    assert_eq!(ledger.get_enterprise(&e.id).unwrap(), e);
}

#[test]
fn every_field_problem_is_reported_at_once_and_nothing_is_written() {
    let ledger = Ledger::open_in_memory().unwrap();
    let before = snapshot(&ledger);
    let err = ledger
        .create_enterprise(&EnterpriseInput {
            name: " ".into(),
            credit_code: "91350100M000100Y4".into(),
            industry: Some("Z".into()),
            region_code: Some("3301".into()),
            contacts: vec![
                contact("", Some("12345"), true),
                ContactInput { email: Some("not-mail".into()), ..contact("张三", None, true) },
            ],
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), "validation");
    assert_eq!(
        fields(&err),
        [
            "name",
            "creditCode",
            "industry",
            "regionCode",
            "contacts[0].name",
            "contacts[0].phone",
            "contacts[1].email",
            "contacts"
        ]
    );
    assert!(err.fields()[1].message.contains("18 位"));
    assert_eq!(snapshot(&ledger), before, "nothing written");
}

#[test]
fn bad_credit_codes_are_refused() {
    let ledger = Ledger::open_in_memory().unwrap();
    for bad in ["", "91350100M000100I43", "913A0100M000100Y43", "91350100M000100Y433"] {
        let err = ledger
            .create_enterprise(&EnterpriseInput { credit_code: bad.into(), ..enterprise("某公司", 1) })
            .unwrap_err();
        assert_eq!(fields(&err), ["creditCode"], "{bad}");
    }
    for (good, industry) in [("A", "A"), ("t", "T")] {
        let n = if good == "A" { 10 } else { 11 };
        let e = ledger
            .create_enterprise(&EnterpriseInput { industry: Some(good.into()), ..enterprise(&format!("企业{n}"), n) })
            .unwrap();
        assert_eq!(e.record.industry.as_deref(), Some(industry));
    }
}

#[test]
fn a_failing_check_digit_needs_a_reason_which_is_recorded() {
    let ledger = Ledger::open_in_memory().unwrap();
    let input =
        EnterpriseInput { credit_code: "91350100M000100Y44".into(), ..enterprise("福州老字号有限公司", 0) };
    let before = snapshot(&ledger);
    let err = ledger.create_enterprise(&input).unwrap_err();
    let f = &err.fields()[0];
    assert_eq!(f.field, "creditCode");
    assert!(f.message.contains("“3”") && f.message.contains("原因"), "{}", f.message);
    assert!(f.message_en.contains("'3'") && f.message_en.contains("reason"), "{}", f.message_en);
    let blank = ledger
        .create_enterprise(&EnterpriseInput { credit_code_override: Some(" \u{3000}".into()), ..input.clone() })
        .unwrap_err();
    assert_eq!(fields(&blank), ["creditCode"], "a blank reason is no reason");
    assert_eq!(snapshot(&ledger), before);

    let reason = "营业执照原件如此 已电话核实";
    let saved = ledger
        .create_enterprise(&EnterpriseInput { credit_code_override: Some(format!(" {reason} ")), ..input })
        .unwrap()
        .record;
    assert_eq!(saved.credit_code, "91350100M000100Y44");
    assert_eq!(saved.credit_code_override.as_deref(), Some(reason));
    assert_eq!(ledger.get_enterprise(&saved.id).unwrap().credit_code_override.as_deref(), Some(reason));
    let history = ledger.record_history("enterprise", &saved.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, "create");
    assert_eq!(history[0].after.as_ref().unwrap()["creditCodeOverride"], reason);

    let valid = ledger
        .create_enterprise(&EnterpriseInput { credit_code_override: Some("多余".into()), ..enterprise("甲", 5) })
        .unwrap()
        .record;
    assert_eq!(valid.credit_code_override, None, "a valid code keeps no override reason");
}

#[test]
fn the_same_credit_code_is_a_duplicate_even_in_the_recycle_bin() {
    let ledger = Ledger::open_in_memory().unwrap();
    let first = ledger.create_enterprise(&enterprise("宁波海曙精工有限公司", 1)).unwrap().record;
    let before = snapshot(&ledger);
    let again = EnterpriseInput { credit_code: code(1).to_lowercase(), ..enterprise("另一家公司", 0) };
    // What crosses to the UI names the existing firm on the field, with its id for the form's link.
    let payload = ledger_core::ErrorPayload::from(&ledger.create_enterprise(&again).unwrap_err());
    assert_eq!(payload.fields.len(), 1);
    assert_eq!(payload.fields[0].existing_id.as_deref(), Some(first.id.as_str()));
    assert!(payload.fields[0].message.contains("宁波海曙精工有限公司"));
    let json = serde_json::to_value(&payload).unwrap();
    assert_eq!(json["fields"][0]["existingId"], serde_json::json!(first.id));
    match ledger.create_enterprise(&again).unwrap_err() {
        CoreError::Duplicate { existing_id, field, message, .. } => {
            assert_eq!((existing_id.as_str(), field.as_str()), (first.id.as_str(), "creditCode"));
            assert!(message.contains("宁波海曙精工有限公司") && !message.contains("回收站"), "{message}");
        }
        other => panic!("expected a duplicate, got {other}"),
    }
    assert_eq!(snapshot(&ledger), before);
    ledger.delete_enterprise(&first.id, false).unwrap();
    match ledger.create_enterprise(&again).unwrap_err() {
        CoreError::Duplicate { existing_id, message, message_en, .. } => {
            assert_eq!(existing_id, first.id);
            assert!(message.contains("回收站"), "{message}");
            assert!(message_en.contains("recycle bin"), "{message_en}");
        }
        other => panic!("expected a duplicate, got {other}"),
    }
}

#[test]
fn a_similar_name_is_a_warning_not_an_error() {
    let ledger = Ledger::open_in_memory().unwrap();
    ledger.create_enterprise(&enterprise("杭州海康（威视）数字技术股份有限公司", 1)).unwrap();
    let saved = ledger.create_enterprise(&enterprise("杭州 海康威视数字技术有限公司", 2)).unwrap();
    assert_eq!(saved.warnings.len(), 1);
    assert_eq!(saved.warnings[0].field, "name");
    assert!(saved.warnings[0].message.contains("杭州海康(威视)数字技术股份有限公司"), "{}", saved.warnings[0].message);
    let other = ledger.create_enterprise(&enterprise("杭州海康数字技术有限公司", 3)).unwrap();
    assert!(other.warnings.is_empty());
    let edited = ledger.update_enterprise(&saved.record.id, 1, &enterprise("杭州海康威视数字技术有限公司", 2)).unwrap();
    assert_eq!(edited.warnings.len(), 1, "editing warns about the others, never about itself");
}

#[test]
fn several_primary_contacts_are_refused() {
    let ledger = Ledger::open_in_memory().unwrap();
    let err = ledger
        .create_enterprise(&EnterpriseInput {
            contacts: vec![contact("甲", None, true), contact("乙", None, true)],
            ..enterprise("某公司", 1)
        })
        .unwrap_err();
    assert_eq!(fields(&err), ["contacts"]);
    let one = ledger
        .create_enterprise(&EnterpriseInput {
            contacts: vec![contact("甲", None, false), contact("乙", Some("0571-88886666"), true)],
            ..enterprise("某公司", 1)
        })
        .unwrap()
        .record;
    assert_eq!(one.contacts[0].name, "乙", "the primary contact comes first");
    assert_eq!(one.contacts[0].phone.as_deref(), Some("0571-88886666"));
}

#[test]
fn update_edits_keeps_adds_and_removes_contacts_and_bumps_the_revision() {
    let ledger = Ledger::open_in_memory().unwrap();
    let created = ledger
        .create_enterprise(&EnterpriseInput {
            contacts: vec![contact("甲", Some("13900000001"), true), contact("乙", None, false)],
            ..enterprise("温州瓯江电气有限公司", 1)
        })
        .unwrap()
        .record;
    let (a, b) = (&created.contacts[0], &created.contacts[1]);
    let edited = ledger
        .update_enterprise(
            &created.id,
            1,
            &EnterpriseInput {
                main_products: Some("低压电器".into()),
                size: Some(EnterpriseSize::Medium),
                contacts: vec![
                    ContactInput { id: Some(b.id.clone()), ..contact("乙", Some("13900000002"), true) },
                    contact("丙", None, false),
                ],
                ..enterprise("温州瓯江电气有限公司", 1)
            },
        )
        .unwrap()
        .record;
    assert_eq!(edited.stamps.revision, 2);
    assert_eq!(edited.stamps.created_at, created.stamps.created_at);
    assert_eq!(edited.main_products.as_deref(), Some("低压电器"));
    let names: Vec<(&str, bool)> = edited.contacts.iter().map(|c| (c.name.as_str(), c.is_primary)).collect();
    assert_eq!(names, [("乙", true), ("丙", false)]);
    assert_eq!(edited.contacts[0].id, b.id, "the edited contact keeps its id");
    let removed: Option<String> = ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT deleted_at FROM enterprise_contacts WHERE id = ?1", [&a.id], |r| r.get(0))?))
        .unwrap();
    assert!(removed.is_some(), "a contact left off the form goes to the recycle bin");
    assert_eq!(ledger.get_enterprise(&created.id).unwrap(), edited);

    let history = ledger.record_history("enterprise", &created.id).unwrap();
    assert_eq!(history.iter().map(|h| h.action.as_str()).collect::<Vec<_>>(), ["update", "create"]);
    assert_eq!(history[0].before.as_ref().unwrap()["revision"], 1);
    assert_eq!(history[0].after.as_ref().unwrap()["mainProducts"], "低压电器");
}

#[test]
fn a_stale_revision_or_a_foreign_contact_is_refused_and_nothing_changes() {
    let ledger = Ledger::open_in_memory().unwrap();
    let e = ledger.create_enterprise(&enterprise("嘉兴南湖纺织有限公司", 1)).unwrap().record;
    let other = ledger
        .create_enterprise(&EnterpriseInput {
            contacts: vec![contact("外人", None, true)], ..enterprise("别家", 2)
        })
        .unwrap()
        .record;
    ledger.update_enterprise(&e.id, 1, &enterprise("嘉兴南湖纺织股份有限公司", 1)).unwrap();
    let before = snapshot(&ledger);
    let stale = ledger.update_enterprise(&e.id, 1, &enterprise("改名", 1)).unwrap_err();
    assert_eq!(stale.code(), "conflict");
    assert!(matches!(stale, CoreError::Conflict { expected: 1, actual: 2, .. }), "{stale}");
    assert!(stale.message_zh().contains("已被修改"), "{}", stale.message_zh());
    let foreign = ledger
        .update_enterprise(
            &e.id,
            2,
            &EnterpriseInput {
                contacts: vec![ContactInput {
                    id: Some(other.contacts[0].id.clone()), ..contact("外人", None, true)
                }],
                ..enterprise("改名", 1)
            },
        )
        .unwrap_err();
    assert_eq!(fields(&foreign), ["contacts[0].id"]);
    let dup = ledger.update_enterprise(&e.id, 2, &enterprise("改名", 2)).unwrap_err();
    assert!(matches!(dup, CoreError::Duplicate { ref existing_id, .. } if *existing_id == other.id), "{dup}");
    let missing = ledger.update_enterprise("nope", 1, &enterprise("改名", 1)).unwrap_err();
    assert_eq!(missing.code(), "not_found");
    assert_eq!(snapshot(&ledger), before, "nothing written by any refused edit");
    assert_eq!(ledger.get_enterprise(&e.id).unwrap().name, "嘉兴南湖纺织股份有限公司");
}

#[test]
fn list_pages_filters_sorts_and_shows_the_primary_contact() {
    let ledger = Ledger::open_in_memory().unwrap();
    let firms = [
        ("浙江省", "杭州市", "西湖区", EnterpriseSize::Small, true, "C"),
        ("浙江省", "宁波市", "鄞州区", EnterpriseSize::Medium, false, "C"),
        ("江苏省", "苏州市", "吴中区", EnterpriseSize::Micro, true, "I"),
        ("浙江省", "杭州市", "滨江区", EnterpriseSize::Small, false, "M"),
    ];
    for (i, (province, city, county, size, high_tech, industry)) in firms.iter().enumerate() {
        ledger
            .create_enterprise(&EnterpriseInput {
                province: Some((*province).into()),
                city: Some((*city).into()),
                county: Some((*county).into()),
                size: Some(*size),
                is_high_tech: *high_tech,
                industry: Some((*industry).into()),
                contacts: vec![contact(&format!("联系人{i}"), Some(&format!("1380000000{i}")), false)],
                ..enterprise(&format!("企业{i}号有限公司"), i as u32)
            })
            .unwrap();
    }
    let list = |q: EnterpriseQuery| ledger.list_enterprises(&q).unwrap();
    let all = list(EnterpriseQuery::default());
    assert_eq!(all.total, 4);
    assert_eq!(all.items[0].name, "企业3号有限公司", "newest first");
    assert_eq!(all.items[0].contact_name.as_deref(), Some("联系人3"));
    assert_eq!(all.items[0].contact_phone.as_deref(), Some("13800000003"));
    assert_eq!(list(EnterpriseQuery { city: Some("杭州市".into()), ..Default::default() }).total, 2);
    assert_eq!(list(EnterpriseQuery { province: Some("江苏省".into()), ..Default::default() }).total, 1);
    assert_eq!(list(EnterpriseQuery { county: Some("鄞州区".into()), ..Default::default() }).total, 1);
    assert_eq!(list(EnterpriseQuery { size: Some(EnterpriseSize::Small), ..Default::default() }).total, 2);
    assert_eq!(list(EnterpriseQuery { is_high_tech: Some(true), ..Default::default() }).total, 2);
    assert_eq!(list(EnterpriseQuery { is_high_tech: Some(false), ..Default::default() }).total, 2);
    assert_eq!(list(EnterpriseQuery { is_tech_sme: Some(true), ..Default::default() }).total, 0);
    assert_eq!(list(EnterpriseQuery { is_specialized: Some(false), ..Default::default() }).total, 4);
    assert_eq!(list(EnterpriseQuery { industry: Some("c".into()), ..Default::default() }).total, 2);
    let by_code = list(EnterpriseQuery {
        sort: EnterpriseSortKey::CreditCode,
        order: SortOrder::Asc,
        page_size: 2,
        page: 2,
        ..Default::default()
    });
    assert_eq!(by_code.items.iter().map(|r| r.credit_code.clone()).collect::<Vec<_>>(), [code(2), code(3)]);
    let by_region =
        list(EnterpriseQuery { sort: EnterpriseSortKey::Region, order: SortOrder::Asc, ..Default::default() });
    let regions: Vec<_> = by_region.items.iter().map(|r| r.county.clone().unwrap()).collect();
    // Sorted by province, city, county (Unicode order of the names).
    let mut expected = firms.iter().map(|f| (f.0, f.1, f.2)).collect::<Vec<_>>();
    expected.sort();
    assert_eq!(regions, expected.iter().map(|f| f.2.to_owned()).collect::<Vec<_>>());
    let by_name = list(EnterpriseQuery { sort: EnterpriseSortKey::Name, order: SortOrder::Desc, ..Default::default() });
    assert_eq!(by_name.items[0].name, "企业3号有限公司");
}

#[test]
fn the_migration_computes_the_same_name_key_as_rust_for_known_names() {
    let ledger = Ledger::open_in_memory().unwrap();
    for (i, name) in
        ["华为技术（深圳）有限公司", "【测试】 公司有限责任公司", "有限公司", "ＡＢＣ 股份有限公司"].iter().enumerate()
    {
        let e = ledger.create_enterprise(&enterprise(name, i as u32)).unwrap().record;
        let key: String = ledger
            .database()
            .read(|c| Ok(c.query_row("SELECT name_key FROM enterprises WHERE id = ?1", [&e.id], |r| r.get(0))?))
            .unwrap();
        assert_eq!(key, company_name_key(name), "{name}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn sql_and_rust_name_keys_agree(name in "[ 　()（）【】\\[\\]a-zＡ-Ｚ华为深圳技术]{0,12}(股份有限公司|有限责任公司|有限公司)?") {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        ledger_core::storage::migrations::migrate(&mut conn).unwrap();
        let stored = clean_text(&name);
        conn.execute(
            "INSERT INTO enterprises (id, name, credit_code, created_at, updated_at) VALUES ('x', ?1, 'c', 'n', 'n')",
            [&stored],
        )
        .unwrap();
        let key: String = conn.query_row("SELECT name_key FROM enterprises", [], |r| r.get(0)).unwrap();
        prop_assert_eq!(key, company_name_key(&name));
    }
}

#[test]
fn the_list_filters_and_counts_live_rows_from_the_partial_indexes() {
    let ledger = ledger_core::Ledger::open_in_memory().unwrap();
    let plan = |sql: &str| -> String {
        ledger
            .database()
            .read(|c| {
                let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                let rows = stmt.query_map([], |r| r.get::<_, String>(3))?.collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(rows.join("; "))
            })
            .unwrap()
    };
    let by_region =
        plan("SELECT COUNT(*) FROM enterprises en WHERE en.deleted_at IS NULL AND en.province = '浙江省' AND en.size = 'small'");
    // The list takes its totals from enterprise_counts; a COUNT with a search still reads a live partial index.
    assert!(by_region.contains("USING INDEX enterprises_live_"), "a region filter reads an index only: {by_region}");
    let newest =
        plan("SELECT rowid FROM enterprises en WHERE en.deleted_at IS NULL ORDER BY en.updated_at DESC LIMIT 50");
    assert!(newest.contains("enterprises_live_updated"), "the default order walks its index: {newest}");
}

/// Every combination row of `enterprise_counts` (migration 0004) and the same recounted from the live rows.
fn counter_and_recount(ledger: &Ledger) -> (Vec<String>, Vec<String>) {
    let rows = |sql: &str| -> Vec<String> {
        ledger
            .database()
            .read(|c| {
                let mut stmt = c.prepare(sql)?;
                let rows = stmt.query_map([], |r| {
                    Ok((0..9).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
                })?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .unwrap()
    };
    (
        rows("SELECT * FROM enterprise_counts ORDER BY 1, 2, 3, 4, 5, 6, 7, 8"),
        rows(
            "SELECT coalesce(province, 0), coalesce(city, 0), coalesce(county, 0), coalesce(size, 0),
                    coalesce(industry, 0), is_high_tech, is_tech_sme, is_specialized, count(*)
             FROM enterprises WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8",
        ),
    )
}

/// The list's total of each query next to `COUNT(*)` of the live rows its plain SQL condition matches.
fn totals(ledger: &Ledger) -> Vec<(u32, u32)> {
    let zj = || Some("浙江省".to_owned());
    let cases: [(EnterpriseQuery, &str); 9] = [
        (EnterpriseQuery::default(), "1"),
        (EnterpriseQuery { province: zj(), ..Default::default() }, "province = '浙江省'"),
        (
            EnterpriseQuery { province: zj(), size: Some(EnterpriseSize::Small), ..Default::default() },
            "province = '浙江省' AND size = 'small'",
        ),
        (EnterpriseQuery { city: Some("杭州市".into()), ..Default::default() }, "city = '杭州市'"),
        (EnterpriseQuery { size: Some(EnterpriseSize::Small), ..Default::default() }, "size = 'small'"),
        (
            EnterpriseQuery { is_high_tech: Some(true), industry: Some("c".into()), ..Default::default() },
            "is_high_tech = 1 AND industry = 'C'",
        ),
        (EnterpriseQuery { is_specialized: Some(false), ..Default::default() }, "is_specialized = 0"),
        (EnterpriseQuery { search: Some("有限公司".into()), ..Default::default() }, "name LIKE '%有限公司%'"),
        (
            EnterpriseQuery { search: Some("有限公司".into()), province: zj(), ..Default::default() },
            "name LIKE '%有限公司%' AND province = '浙江省'",
        ),
    ];
    cases
        .iter()
        .map(|(q, condition)| {
            let listed = ledger.list_enterprises(q).unwrap().total;
            let sql = format!("SELECT COUNT(*) FROM enterprises WHERE deleted_at IS NULL AND {condition}");
            let counted = ledger.database().read(|c| Ok(c.query_row(&sql, [], |r| r.get(0))?)).unwrap();
            (listed, counted)
        })
        .collect()
}

fn assert_exact(ledger: &Ledger, step: &str) {
    let (counter, recount) = counter_and_recount(ledger);
    assert_eq!(counter, recount, "the counter table after {step}");
    for (i, (listed, counted)) in totals(ledger).into_iter().enumerate() {
        assert_eq!(listed, counted, "total of case {i} after {step}");
    }
}

#[test]
fn list_totals_stay_exact_through_create_edit_delete_restore_and_purge() {
    let ledger = Ledger::open_in_memory().unwrap();
    assert_exact(&ledger, "nothing");
    // Enterprise `n` (its credit code), with flags and industry made from `mix`.
    let firm =
        |n: u32, mix: u32, province: Option<&str>, city: Option<&str>, size: Option<EnterpriseSize>| EnterpriseInput {
            province: province.map(Into::into),
            city: city.map(Into::into),
            size,
            industry: mix.is_multiple_of(2).then(|| "C".into()),
            is_high_tech: mix.is_multiple_of(3),
            is_specialized: mix.is_multiple_of(4),
            ..enterprise(&format!("企业{n}号有限公司"), n)
        };
    let mut ids = Vec::new();
    for (n, (province, city, size)) in [
        (Some("浙江省"), Some("杭州市"), Some(EnterpriseSize::Small)),
        (Some("浙江省"), Some("杭州市"), Some(EnterpriseSize::Small)),
        (Some("浙江省"), None, Some(EnterpriseSize::Medium)),
        (Some("江苏省"), Some("苏州市"), Some(EnterpriseSize::Small)),
        (None, None, None),
        (Some("浙江省"), Some("宁波市"), None),
    ]
    .into_iter()
    .enumerate()
    {
        let n = n as u32;
        let saved = ledger.create_enterprise(&firm(n, n, province, city, size)).unwrap();
        ids.push(saved.record);
        assert_exact(&ledger, &format!("creating {n}"));
    }
    // An edit that moves the enterprise to other filter values, then one that changes nothing the list filters on.
    let e = &ids[0];
    ledger
        .update_enterprise(&e.id, e.stamps.revision, &firm(0, 3, Some("江苏省"), None, Some(EnterpriseSize::Micro)))
        .unwrap();
    assert_exact(&ledger, "moving one");
    let e = &ids[1];
    let renamed = EnterpriseInput {
        name: "企业1号改名有限公司".into(),
        ..firm(1, 1, Some("浙江省"), Some("杭州市"), Some(EnterpriseSize::Small))
    };
    ledger.update_enterprise(&e.id, e.stamps.revision, &renamed).unwrap();
    assert_exact(&ledger, "renaming one");
    ledger.delete_enterprise(&ids[2].id, true).unwrap();
    ledger.delete_enterprise(&ids[4].id, true).unwrap();
    assert_exact(&ledger, "deleting two");
    ledger.restore(RecordKind::Enterprise, &ids[2].id).unwrap();
    assert_exact(&ledger, "restoring one");
    ledger.purge(RecordKind::Enterprise, &ids[4].id).unwrap();
    assert_exact(&ledger, "purging one from the bin");
    for e in &ids[..4] {
        ledger.delete_enterprise(&e.id, true).unwrap();
        ledger.purge(RecordKind::Enterprise, &e.id).unwrap();
    }
    assert_exact(&ledger, "purging most");
    let (counter, _) = counter_and_recount(&ledger);
    assert_eq!(counter.len(), 1, "combinations nobody has any more are removed: {counter:?}");
}

#[test]
fn migrating_a_version_3_database_counts_its_enterprises() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    ledger_core::storage::migrations::migrate_to(&mut conn, 3).unwrap();
    conn.execute_batch(
        "INSERT INTO enterprises (id, name, credit_code, province, size, created_at, updated_at, deleted_at) VALUES
             ('a', '甲有限公司', 'c1', '浙江省', 'small', 'n', 'n', NULL),
             ('b', '乙有限公司', 'c2', '浙江省', 'small', 'n', 'n', NULL),
             ('c', '丙有限公司', 'c3', '浙江省', 'small', 'n', 'n', 'd'),
             ('d', '丁有限公司', 'c4', NULL, NULL, 'n', 'n', NULL);",
    )
    .unwrap();
    ledger_core::storage::migrations::migrate(&mut conn).unwrap();
    let rows: Vec<(String, String, i64)> = conn
        .prepare("SELECT quote(province), quote(size), live FROM enterprise_counts ORDER BY province")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    // NULL is kept as the integer 0 (sorted before text).
    assert_eq!(rows, [("0".to_owned(), "0".to_owned(), 1), ("'浙江省'".to_owned(), "'small'".to_owned(), 2)]);
}

#[test]
fn pages_past_the_end_and_from_the_end_keep_the_total_and_the_order() {
    let ledger = Ledger::open_in_memory().unwrap();
    for n in 0..23u32 {
        let size = if n.is_multiple_of(2) { EnterpriseSize::Small } else { EnterpriseSize::Medium };
        ledger
            .create_enterprise(&EnterpriseInput {
                province: Some("浙江省".into()),
                size: Some(size),
                ..enterprise(&format!("企业{:02}号有限公司", n % 20), n)
            })
            .unwrap();
    }
    for (search, size) in
        [(None, None), (None, Some(EnterpriseSize::Small)), (Some("有限公"), None), (Some("企业"), None)]
    {
        for order in [SortOrder::Asc, SortOrder::Desc] {
            let q = |page: u32, page_size: u32| EnterpriseQuery {
                page,
                page_size,
                search: search.map(Into::into),
                size,
                sort: EnterpriseSortKey::Name,
                order,
                ..Default::default()
            };
            let all = ledger.list_enterprises(&q(1, 500)).unwrap();
            let names: Vec<_> = all.items.iter().map(|r| (r.name.clone(), r.id.clone())).collect();
            let mut sorted = names.clone();
            sorted.sort();
            if order == SortOrder::Desc {
                sorted.reverse();
            }
            assert_eq!(names, sorted, "{search:?} {size:?} {order:?}: by name, then id");
            let mut paged = Vec::new();
            for page in 1..=5 {
                let p = ledger.list_enterprises(&q(page, 4)).unwrap();
                assert_eq!(p.total, all.total);
                paged.extend(p.items.into_iter().map(|r| (r.name, r.id)));
            }
            assert_eq!(paged, names[..20.min(names.len())], "pages 1–5 of 4 are the first 20 rows in order");
            let past = ledger.list_enterprises(&q(99, 4)).unwrap();
            assert!(past.items.is_empty());
            assert_eq!(past.total, all.total, "{search:?} {size:?}: a page past the end still has the total");
        }
    }
}
