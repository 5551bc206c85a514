//! 服务台账: validation (every field at once, days against the period, 万元 to exact fen, references), saving and
//! editing with audit and revision, the list (filters, search, sorts, paging), the totals (exact to the fen, kept
//! by the per-day totals table through every kind of change) and the "copy last" template.

use crate::common::{enterprise, exec, expert, rows};
use chrono::NaiveDate;
use ledger_core::model::*;
use ledger_core::{fieldwork::service_records, FieldError, Ledger};

struct Fixture {
    ledger: Ledger,
    li: Expert,
    wang: Expert,
    factory: Enterprise,
    mill: Enterprise,
}

/// A need inserted by SQL (the needs API is another module's): id, enterprise, stage, deleted.
fn need(f: &Fixture, id: &str, at: &Enterprise, title: &str, stage: &str, deleted: bool) {
    let deleted = if deleted { "'2026-03-14T00:00:00Z'" } else { "NULL" };
    let merged = if stage == "merged" { "'n1'" } else { "NULL" };
    exec(
        &f.ledger,
        &format!(
            "INSERT INTO needs (id, enterprise_id, source, title, need_type, stage, stage_changed_on, merged_into_id,
                 created_at, updated_at, deleted_at)
             VALUES ('{id}', '{}', 'visit', '{title}', 'process_improvement', '{stage}', '2026-03-01', {merged},
                 'n', 'n', {deleted})",
            at.id
        ),
    );
}

fn fixture() -> Fixture {
    let ledger = Ledger::open_in_memory().unwrap();
    let li = ledger.create_expert(&expert("李娜", None)).unwrap();
    let wang = ledger.create_expert(&expert("王强", None)).unwrap();
    let factory = ledger.create_enterprise(&enterprise("湖州电梯有限公司", 1)).unwrap().record;
    let mill = ledger.create_enterprise(&enterprise("安吉竹木制品厂", 2)).unwrap().record;
    let f = Fixture { ledger, li, wang, factory, mill };
    need(&f, "n1", &f.factory, "曳引机噪声偏大", "refined", false);
    need(&f, "n2", &f.mill, "竹材防霉处理", "matched", false);
    need(&f, "n3", &f.factory, "已合并的需求", "merged", false);
    need(&f, "n4", &f.factory, "已删除的需求", "refined", true);
    f
}

/// A valid form: 李娜 at the factory, three days of consulting.
fn input(f: &Fixture) -> ServiceRecordInput {
    ServiceRecordInput {
        expert_id: Some(f.li.id.clone()),
        enterprise_id: Some(f.factory.id.clone()),
        start_date: Some("2026-03-02".into()),
        end_date: Some("2026-03-04".into()),
        service_days: 3.0,
        service_type: Some(ServiceType::Consulting),
        content: "曳引机噪声诊断".into(),
        ..Default::default()
    }
}

fn fields(err: &ledger_core::CoreError) -> Vec<FieldError> {
    assert_eq!(err.code(), "validation", "{err}");
    err.fields()
}

fn field<'a>(errors: &'a [FieldError], name: &str) -> &'a FieldError {
    errors.iter().find(|e| e.field == name).unwrap_or_else(|| panic!("no error on {name}: {errors:?}"))
}

/// Row counts of what a service-record write touches.
fn counts(f: &Fixture) -> (i64, i64, i64) {
    (rows(&f.ledger, "service_records"), rows(&f.ledger, "service_record_totals"), rows(&f.ledger, "audit_log"))
}

#[test]
fn a_record_is_saved_with_exact_fen_and_audited() {
    let f = fixture();
    let saved = f
        .ledger
        .create_service_record(&ServiceRecordInput {
            need_id: Some("n1".into()),
            outcomes: OutcomesInput {
                contract_amount: "12.5".into(),
                investment: "0.0001".into(),
                policy_funds: " １２３．４５６７８９ ".into(),
                cost_saved: "".into(),
                output_value: "0".into(),
                profit_tax: "7".into(),
                patents: 2,
                people_trained: 30,
                needs_solved: 1,
                ..Default::default()
            },
            outcome_summary: Some("  降噪 6 分贝 ".into()),
            ..input(&f)
        })
        .unwrap();
    assert_eq!(saved.outcomes.contract_amount_fen, 12_500_000);
    assert_eq!(saved.outcomes.investment_fen, 100);
    assert_eq!(saved.outcomes.policy_funds_fen, 123_456_789);
    assert_eq!(
        (saved.outcomes.cost_saved_fen, saved.outcomes.output_value_fen, saved.outcomes.profit_tax_fen),
        (0, 0, 7_000_000)
    );
    assert_eq!(
        (
            saved.outcomes.patents,
            saved.outcomes.new_products,
            saved.outcomes.people_trained,
            saved.outcomes.needs_solved
        ),
        (2, 0, 30, 1)
    );
    assert_eq!((saved.expert_name.as_str(), saved.enterprise_name.as_str()), ("李娜", "湖州电梯有限公司"));
    assert_eq!(saved.need_title.as_deref(), Some("曳引机噪声偏大"));
    assert_eq!(saved.outcome_summary.as_deref(), Some("降噪 6 分贝"));
    assert_eq!((saved.service_days, saved.stamps.revision), (3.0, 1));
    assert_eq!(f.ledger.get_service_record(&saved.id).unwrap(), saved);

    let history = f.ledger.record_history("service_record", &saved.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, "create");
    assert_eq!(history[0].after.as_ref().unwrap()["contractAmountFen"], 12_500_000);
}

#[test]
fn every_missing_field_is_reported_at_once_and_nothing_is_written() {
    let f = fixture();
    let before = counts(&f);
    let err = f.ledger.create_service_record(&ServiceRecordInput::default()).unwrap_err();
    let errors = fields(&err);
    let names: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        names,
        ["expertId", "enterpriseId", "startDate", "endDate", "serviceDays", "serviceType", "content"],
        "{errors:?}"
    );
    assert_eq!(field(&errors, "serviceType").message, "请选择服务类型");
    assert_eq!(field(&errors, "serviceDays").message_en, "Service days must be more than 0");
    assert_eq!(counts(&f), before);
}

#[test]
fn days_are_checked_against_the_period() {
    let f = fixture();
    let before = counts(&f);
    let err = f.ledger.create_service_record(&ServiceRecordInput { service_days: 3.5, ..input(&f) }).unwrap_err();
    let e = field(&fields(&err), "serviceDays").clone();
    assert_eq!(e.message, "服务天数 3.5 超过了服务期 2026-03-02 至 2026-03-04 的 3 个自然日");
    assert_eq!(e.message_en, "Service days (3.5) exceed the 3 calendar days of the period 2026-03-02 to 2026-03-04");

    let one_day = ServiceRecordInput { end_date: Some("2026-03-02".into()), service_days: 1.5, ..input(&f) };
    let e = field(&fields(&f.ledger.create_service_record(&one_day).unwrap_err()), "serviceDays").clone();
    assert!(e.message_en.contains("the 1 calendar day of the period"), "{}", e.message_en);

    for (days, zh) in [(1.25, "0.5 天为单位"), (0.0, "大于 0"), (-1.0, "大于 0"), (f64::NAN, "大于 0")] {
        let err = f.ledger.create_service_record(&ServiceRecordInput { service_days: days, ..input(&f) }).unwrap_err();
        assert!(field(&fields(&err), "serviceDays").message.contains(zh), "{days}");
    }
    assert_eq!(counts(&f), before);

    for days in [0.5, 2.5, 3.0] {
        f.ledger.create_service_record(&ServiceRecordInput { service_days: days, ..input(&f) }).unwrap();
    }
    let half = ServiceRecordInput { end_date: Some("2026-03-02".into()), service_days: 0.5, ..input(&f) };
    assert_eq!(f.ledger.create_service_record(&half).unwrap().service_days, 0.5);
}

#[test]
fn dates_must_be_real_and_in_order() {
    let f = fixture();
    let err = f
        .ledger
        .create_service_record(&ServiceRecordInput { end_date: Some("2026-03-01".into()), ..input(&f) })
        .unwrap_err();
    let errors = fields(&err);
    assert_eq!(field(&errors, "endDate").message, "结束日期不能早于开始日期");
    assert!(errors.iter().all(|e| e.field != "serviceDays"), "no period to check the days against: {errors:?}");

    let err = f
        .ledger
        .create_service_record(&ServiceRecordInput {
            start_date: Some("2026-02-30".into()),
            end_date: Some("1900-01-01".into()),
            ..input(&f)
        })
        .unwrap_err();
    let errors = fields(&err);
    assert!(field(&errors, "startDate").message.contains("不是有效日期"));
    assert!(field(&errors, "endDate").message.contains("超出合理范围"));
}

#[test]
fn bad_amounts_and_counts_name_their_field() {
    let f = fixture();
    let before = counts(&f);
    let err = f
        .ledger
        .create_service_record(&ServiceRecordInput {
            outcomes: OutcomesInput {
                contract_amount: "12.3456789".into(),
                investment: "-5".into(),
                policy_funds: "三万".into(),
                cost_saved: "1,200".into(),
                output_value: "100000000".into(),
                profit_tax: "0.000001".into(),
                patents: -1,
                people_trained: 1_000_001,
                ..Default::default()
            },
            ..input(&f)
        })
        .unwrap_err();
    let errors = fields(&err);
    assert_eq!(errors.len(), 7, "{errors:?}");
    let contract = field(&errors, "contractAmount");
    assert!(contract.message.starts_with("合同金额：") && contract.message.contains("6 位"), "{}", contract.message);
    assert!(contract.message_en.starts_with("Contract amount: "), "{}", contract.message_en);
    assert!(field(&errors, "investment").message.contains("投资额：金额不能为负数"));
    assert!(field(&errors, "policyFunds").message.contains("政策资金：“三万”不是有效金额"));
    assert!(field(&errors, "costSaved").message.contains("降本"));
    assert!(field(&errors, "outputValue").message_en.contains("too large"));
    assert_eq!(field(&errors, "patents").message, "专利不能为负数");
    assert_eq!(field(&errors, "peopleTrained").message, "培训人次不能超过 1000000");
    assert_eq!(counts(&f), before);
}

#[test]
fn references_must_be_live_and_the_need_must_belong_to_the_enterprise() {
    let f = fixture();
    f.ledger.delete_enterprise(&f.mill.id, true).unwrap();
    let before = counts(&f);
    let try_need = |need: &str| {
        let err = f
            .ledger
            .create_service_record(&ServiceRecordInput { need_id: Some(need.into()), ..input(&f) })
            .unwrap_err();
        field(&fields(&err), "needId").message.clone()
    };
    assert_eq!(try_need("n2"), "所选技术需求属于另一家企业，与服务企业不一致");
    assert_eq!(try_need("n3"), "所选技术需求已合并到另一条需求，请选择合并后的需求");
    assert_eq!(try_need("n4"), "所选技术需求不存在（可能已删除）");
    assert_eq!(try_need("no-such-need"), "所选技术需求不存在（可能已删除）");

    let err = f
        .ledger
        .create_service_record(&ServiceRecordInput {
            expert_id: Some("no-such-expert".into()),
            enterprise_id: Some(f.mill.id.clone()),
            need_id: Some("n2".into()),
            ..input(&f)
        })
        .unwrap_err();
    let errors = fields(&err);
    assert_eq!(field(&errors, "expertId").message, "所选专员不存在（可能已删除）");
    assert_eq!(field(&errors, "enterpriseId").message, "所选企业不存在（可能已删除）");
    assert!(errors.iter().all(|e| e.field != "needId"), "the need is not compared with a missing enterprise");
    assert_eq!(counts(&f), before);
}

#[test]
fn edits_check_the_revision_and_are_audited() {
    let f = fixture();
    let saved = f.ledger.create_service_record(&input(&f)).unwrap();
    let edit = ServiceRecordInput {
        expert_id: Some(f.wang.id.clone()),
        service_type: Some(ServiceType::ResultTransfer),
        outcomes: OutcomesInput { contract_amount: "45".into(), ..Default::default() },
        ..input(&f)
    };
    let after = f.ledger.update_service_record(&saved.id, 1, &edit).unwrap();
    assert_eq!(
        (after.stamps.revision, after.expert_name.as_str(), after.outcomes.contract_amount_fen),
        (2, "王强", 45_000_000)
    );
    assert_eq!(after.stamps.created_at, saved.stamps.created_at);

    let before = counts(&f);
    let stale = f.ledger.update_service_record(&saved.id, 1, &edit).unwrap_err();
    assert_eq!(stale.code(), "conflict");
    let bad = f.ledger.update_service_record(&saved.id, 2, &ServiceRecordInput { service_days: 9.0, ..edit.clone() });
    assert_eq!(bad.unwrap_err().code(), "validation");
    assert_eq!(counts(&f), before);
    assert_eq!(f.ledger.get_service_record(&saved.id).unwrap(), after);

    let history = f.ledger.record_history("service_record", &saved.id).unwrap();
    assert_eq!(history.iter().map(|h| h.action.as_str()).collect::<Vec<_>>(), ["update", "create"]);
    assert_eq!(history[0].before.as_ref().unwrap()["expertName"], "李娜");
    assert_eq!(history[0].after.as_ref().unwrap()["contractAmountFen"], 45_000_000);

    assert_eq!(f.ledger.update_service_record("nope", 1, &edit).unwrap_err().code(), "not_found");
    assert_eq!(f.ledger.get_service_record("nope").unwrap_err().code(), "not_found");
    exec(&f.ledger, &format!("UPDATE service_records SET deleted_at = 'x' WHERE id = '{}'", saved.id));
    assert_eq!(f.ledger.get_service_record(&saved.id).unwrap_err().code(), "not_found");
}

/// Saves a record through the API: expert, enterprise, need, start, end, days, type, content, contract 万元.
#[allow(clippy::too_many_arguments)]
fn save(
    f: &Fixture,
    x: &Expert,
    at: &Enterprise,
    need: Option<&str>,
    start: &str,
    end: &str,
    days: f64,
    kind: ServiceType,
    content: &str,
    contract: &str,
) -> ServiceRecord {
    f.ledger
        .create_service_record(&ServiceRecordInput {
            expert_id: Some(x.id.clone()),
            enterprise_id: Some(at.id.clone()),
            need_id: need.map(Into::into),
            start_date: Some(start.into()),
            end_date: Some(end.into()),
            service_days: days,
            service_type: Some(kind),
            content: content.into(),
            outcomes: OutcomesInput { contract_amount: contract.into(), ..Default::default() },
            ..Default::default()
        })
        .unwrap()
}

/// Five records (r1…r5 in creation order) and one in the recycle bin.
fn ledger_fixture() -> (Fixture, Vec<ServiceRecord>) {
    let f = fixture();
    use ServiceType::*;
    let r = vec![
        save(&f, &f.li, &f.factory, Some("n1"), "2026-03-02", "2026-03-04", 3.0, Consulting, "曳引机噪声诊断", "0"),
        save(&f, &f.li, &f.mill, Some("n2"), "2026-02-10", "2026-02-10", 0.5, Training, "竹材防霉工艺培训", "1.5"),
        save(&f, &f.wang, &f.factory, None, "2026-03-02", "2026-03-02", 1.0, ResultTransfer, "电梯专利许可", "120"),
        save(&f, &f.wang, &f.mill, None, "2026-01-15", "2026-01-20", 4.5, Consulting, "生产线布局咨询", "0.25"),
        save(&f, &f.li, &f.factory, None, "2025-12-31", "2026-01-01", 2.0, TechBreakthrough, "控制柜散热攻关", ""),
    ];
    let gone = save(&f, &f.li, &f.factory, None, "2026-03-05", "2026-03-05", 1.0, Consulting, "噪声复测", "99");
    exec(&f.ledger, &format!("UPDATE service_records SET deleted_at = 'x' WHERE id = '{}'", gone.id));
    exec(
        &f.ledger,
        &format!(
            "INSERT INTO attachments (id, owner_kind, owner_id, file_name, stored_path, size_bytes, sha256, created_at,
                 deleted_at)
             VALUES ('a1', 'service_record', '{0}', '现场.jpg', 'a/1', 1, 'h', 'n', NULL),
                    ('a2', 'service_record', '{0}', '确认单.pdf', 'a/2', 1, 'h', 'n', NULL),
                    ('a3', 'service_record', '{0}', '旧.pdf', 'a/3', 1, 'h', 'n', 'x'),
                    ('a4', 'visit', '{0}', '走访.jpg', 'a/4', 1, 'h', 'n', NULL)",
            r[0].id
        ),
    );
    (f, r)
}

fn ids(page: &Page<ServiceRecordRow>, r: &[ServiceRecord]) -> Vec<usize> {
    page.items.iter().map(|row| r.iter().position(|x| x.id == row.id).expect("a fixture record") + 1).collect()
}

fn list(f: &Fixture, q: ServiceRecordQuery) -> Page<ServiceRecordRow> {
    f.ledger.list_service_records(&q).unwrap()
}

#[test]
fn the_list_is_newest_first_with_names_and_attachment_counts() {
    let (f, r) = ledger_fixture();
    let page = list(&f, ServiceRecordQuery::default());
    assert_eq!(ids(&page, &r), [3, 1, 2, 4, 5], "start date, then the later saved first; the deleted one is left out");
    assert_eq!(page.total, 5);
    let first = &page.items[1];
    assert_eq!((first.expert_name.as_str(), first.enterprise_name.as_str()), ("李娜", "湖州电梯有限公司"));
    assert_eq!(first.need_title.as_deref(), Some("曳引机噪声偏大"));
    assert_eq!((first.attachment_count, page.items[0].attachment_count), (2, 0));
    assert_eq!(page.items[0].contract_amount_fen, 120_000_000);

    let asc = list(&f, ServiceRecordQuery { order: SortOrder::Asc, ..Default::default() });
    assert_eq!(ids(&asc, &r), [5, 4, 2, 1, 3]);
    let second = list(&f, ServiceRecordQuery { page: 2, page_size: 2, ..Default::default() });
    assert_eq!((ids(&second, &r), second.total, second.page), (vec![2, 4], 5, 2));
}

#[test]
fn the_list_filters_by_expert_enterprise_need_type_and_start_date() {
    let (f, r) = ledger_fixture();
    let q = ServiceRecordQuery::default;
    let li = list(&f, ServiceRecordQuery { expert_id: Some(f.li.id.clone()), ..q() });
    assert_eq!((ids(&li, &r), li.total), (vec![1, 2, 5], 3));
    let mill = list(&f, ServiceRecordQuery { enterprise_id: Some(f.mill.id.clone()), ..q() });
    assert_eq!(ids(&mill, &r), [2, 4]);
    let need = list(&f, ServiceRecordQuery { need_id: Some("n1".into()), ..q() });
    assert_eq!(ids(&need, &r), [1]);
    let consulting = list(&f, ServiceRecordQuery { service_type: Some(ServiceType::Consulting), ..q() });
    assert_eq!((ids(&consulting, &r), consulting.total), (vec![1, 4], 2));
    let q1 = list(
        &f,
        ServiceRecordQuery { date_from: Some("2026-01-15".into()), date_to: Some("2026-03-01".into()), ..q() },
    );
    assert_eq!((ids(&q1, &r), q1.total), (vec![2, 4], 2), "both ends inclusive, by start date");
    let both = list(
        &f,
        ServiceRecordQuery {
            expert_id: Some(f.li.id.clone()),
            date_from: Some("2026-01-01".into()),
            service_type: Some(ServiceType::Training),
            ..q()
        },
    );
    assert_eq!((ids(&both, &r), both.total), (vec![2], 1));
    let err =
        f.ledger.list_service_records(&ServiceRecordQuery { date_from: Some("2026-13-01".into()), ..q() }).unwrap_err();
    assert_eq!(fields(&err)[0].field, "dateFrom");
}

#[test]
fn the_list_searches_content_and_names() {
    let (f, r) = ledger_fixture();
    let search = |text: &str| {
        let page = list(&f, ServiceRecordQuery { search: Some(text.into()), ..Default::default() });
        assert_eq!(page.total as usize, page.items.len());
        ids(&page, &r)
    };
    assert_eq!(search("噪声诊断"), [1], "3+ characters of the content, through the trigram index");
    assert_eq!(search("培训"), [2], "2 characters of the content, through LIKE");
    assert_eq!(search("王强"), [3, 4], "an expert's name");
    assert_eq!(search("竹木制品"), [2, 4], "an enterprise's name, through its index");
    assert_eq!(search("安吉"), [2, 4], "a short part of an enterprise's name");
    assert_eq!(search("复测"), Vec::<usize>::new(), "the deleted record's content");
    assert_eq!(search("100%"), Vec::<usize>::new(), "LIKE wildcards are plain text");
    let li_noise = list(
        &f,
        ServiceRecordQuery {
            search: Some("湖州电梯".into()), expert_id: Some(f.li.id.clone()), ..Default::default()
        },
    );
    assert_eq!(ids(&li_noise, &r), [1, 5]);
}

#[test]
fn the_list_sorts_by_days_and_contract_amount() {
    let (f, r) = ledger_fixture();
    let by = |sort, order| ids(&list(&f, ServiceRecordQuery { sort, order, ..Default::default() }), &r);
    assert_eq!(by(ServiceRecordSortKey::ServiceDays, SortOrder::Desc), [4, 1, 5, 3, 2]);
    assert_eq!(by(ServiceRecordSortKey::ServiceDays, SortOrder::Asc), [2, 3, 5, 1, 4]);
    assert_eq!(
        by(ServiceRecordSortKey::ContractAmount, SortOrder::Desc),
        [3, 2, 4, 1, 5],
        "equal amounts: newest first"
    );
    assert_eq!(by(ServiceRecordSortKey::ContractAmount, SortOrder::Asc), [5, 1, 4, 2, 3]);
}

/// The totals of the records whose positions (1-based) are given, added up here.
fn hand_totals(r: &[ServiceRecord], which: &[usize]) -> OutcomeTotals {
    let mut t = OutcomeTotals::default();
    for &i in which {
        let x = &r[i - 1];
        t.records += 1;
        t.service_days += x.service_days;
        t.outcomes.contract_amount_fen += x.outcomes.contract_amount_fen;
    }
    t
}

#[test]
fn totals_match_the_list_filter() {
    let (f, r) = ledger_fixture();
    let totals = |q: ServiceRecordQuery| f.ledger.service_totals(&q).unwrap();
    let all = totals(ServiceRecordQuery::default());
    assert_eq!(all, hand_totals(&r, &[1, 2, 3, 4, 5]));
    assert_eq!((all.service_days, all.outcomes.contract_amount_fen), (11.0, 121_750_000));
    let q = ServiceRecordQuery::default;
    assert_eq!(totals(ServiceRecordQuery { expert_id: Some(f.li.id.clone()), ..q() }), hand_totals(&r, &[1, 2, 5]));
    assert_eq!(
        totals(ServiceRecordQuery { service_type: Some(ServiceType::Consulting), ..q() }),
        hand_totals(&r, &[1, 4])
    );
    assert_eq!(
        totals(ServiceRecordQuery { date_from: Some("2026-01-15".into()), date_to: Some("2026-03-01".into()), ..q() }),
        hand_totals(&r, &[2, 4])
    );
    assert_eq!(totals(ServiceRecordQuery { search: Some("王强".into()), ..q() }), hand_totals(&r, &[3, 4]));
    assert_eq!(
        totals(ServiceRecordQuery { date_from: Some("2030-01-01".into()), ..q() }),
        OutcomeTotals::default(),
        "nothing matches: zeros"
    );
}

/// `service_record_totals` as it is, and as a direct GROUP BY of the live records would make it.
fn totals_table_and_recount(f: &Fixture) -> (Vec<String>, Vec<String>) {
    let read = |sql: &str| -> Vec<String> {
        f.ledger
            .database()
            .read(|c| {
                let mut stmt = c.prepare(sql)?;
                let rows = stmt.query_map([], |r| {
                    let cells: Vec<String> = (0..15)
                        .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                        .collect::<rusqlite::Result<_>>()?;
                    Ok(cells.join("|"))
                })?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .unwrap()
    };
    (
        read("SELECT * FROM service_record_totals ORDER BY start_date, service_type"),
        read(
            "SELECT start_date, service_type, count(*), total(service_days), sum(contract_amount_fen),
                    sum(investment_fen), sum(policy_funds_fen), sum(cost_saved_fen), sum(output_value_fen),
                    sum(profit_tax_fen), sum(patents), sum(new_products), sum(new_technologies), sum(people_trained),
                    sum(needs_solved)
             FROM service_records WHERE deleted_at IS NULL GROUP BY start_date, service_type
             ORDER BY start_date, service_type",
        ),
    )
}

#[test]
fn the_per_day_totals_follow_every_kind_of_change() {
    let (f, r) = ledger_fixture();
    let check = |when: &str| {
        let (table, recount) = totals_table_and_recount(&f);
        assert_eq!(table, recount, "after {when}");
    };
    check("creating");
    let moved = ServiceRecordInput {
        start_date: Some("2026-02-01".into()),
        end_date: Some("2026-02-03".into()),
        service_type: Some(ServiceType::Training),
        outcomes: OutcomesInput { patents: 3, profit_tax: "0.5".into(), ..Default::default() },
        ..input(&f)
    };
    f.ledger.update_service_record(&r[0].id, 1, &moved).unwrap();
    check("an edit that moves the day and type");
    exec(&f.ledger, &format!("UPDATE service_records SET deleted_at = 'x' WHERE id = '{}'", r[2].id));
    check("a soft delete");
    exec(&f.ledger, &format!("UPDATE service_records SET deleted_at = NULL WHERE id = '{}'", r[2].id));
    check("a restore");
    exec(&f.ledger, &format!("DELETE FROM service_records WHERE id = '{}'", r[3].id));
    check("a purge");
    exec(&f.ledger, "UPDATE service_records SET deleted_at = 'x'");
    check("deleting everything");
    assert_eq!(rows(&f.ledger, "service_record_totals"), 0, "empty days leave the table");
}

#[test]
fn sums_of_many_amounts_with_four_to_six_decimals_are_exact_to_the_fen() {
    let f = fixture();
    let mut expected: i64 = 0;
    let mut expected_days = 0.0;
    for i in 0..240_i64 {
        let decimals = 4 + (i % 3) as usize;
        let fraction = (i * 7919 + 13) % 10_i64.pow(decimals as u32);
        let text = format!("{}.{:0width$}", i % 37, fraction, width = decimals);
        expected += (i % 37) * 1_000_000 + fraction * 10_i64.pow(6 - decimals as u32);
        let days = if i % 2 == 0 { 0.5 } else { 1.0 };
        expected_days += days;
        f.ledger
            .create_service_record(&ServiceRecordInput {
                outcomes: OutcomesInput { contract_amount: text.clone(), investment: text, ..Default::default() },
                start_date: Some(format!("2026-{:02}-{:02}", 1 + i % 3, 1 + i % 28)),
                end_date: Some(format!("2026-{:02}-{:02}", 1 + i % 3, 1 + i % 28)),
                service_days: days,
                ..input(&f)
            })
            .unwrap();
    }
    let by_table = f.ledger.service_totals(&ServiceRecordQuery::default()).unwrap();
    let by_rows =
        f.ledger.service_totals(&ServiceRecordQuery { expert_id: Some(f.li.id.clone()), ..Default::default() });
    let by_rows = by_rows.unwrap();
    for t in [&by_table, &by_rows] {
        assert_eq!((t.records, t.outcomes.contract_amount_fen, t.outcomes.investment_fen), (240, expected, expected));
        assert_eq!(t.service_days, expected_days);
    }

    // Three amounts whose sum a float would not give exactly: 0.0001 + 12.3456 + 7.654321 = 20.000021 万元.
    let g = fixture();
    for amount in ["0.0001", "12.3456", "7.654321"] {
        g.ledger
            .create_service_record(&ServiceRecordInput {
                outcomes: OutcomesInput { output_value: amount.into(), ..Default::default() },
                ..input(&g)
            })
            .unwrap();
    }
    assert_eq!(g.ledger.service_totals(&ServiceRecordQuery::default()).unwrap().outcomes.output_value_fen, 20_000_021);
}

fn template(f: &Fixture, expert: Option<&Expert>) -> Option<ServiceRecordInput> {
    let today = NaiveDate::from_ymd_opt(2026, 3, 18).unwrap();
    f.ledger
        .database()
        .read(|c| service_records::last_template(c, expert.map(|x| x.id.as_str()), today))
        .unwrap()
        .map(|t| t.input)
}

#[test]
fn copy_last_prefills_from_the_most_recently_created_record() {
    let f = fixture();
    assert_eq!(template(&f, None), None, "nothing to copy yet");
    let with_outcomes = ServiceRecordInput {
        need_id: Some("n1".into()),
        outcome_summary: Some("降噪".into()),
        outcomes: OutcomesInput { contract_amount: "8".into(), patents: 1, ..Default::default() },
        ..input(&f)
    };
    f.ledger.create_service_record(&with_outcomes).unwrap();
    let older_start = ServiceRecordInput {
        expert_id: Some(f.wang.id.clone()),
        enterprise_id: Some(f.mill.id.clone()),
        start_date: Some("2025-06-01".into()),
        end_date: Some("2025-06-01".into()),
        service_days: 0.5,
        service_type: Some(ServiceType::Training),
        content: "防霉培训".into(),
        ..Default::default()
    };
    f.ledger.create_service_record(&older_start).unwrap();

    let last = template(&f, None).unwrap();
    assert_eq!(last.expert_id.as_deref(), Some(f.wang.id.as_str()), "created last, though it starts earlier");
    assert_eq!(
        (last.start_date.as_deref(), last.end_date.as_deref(), last.service_days),
        (Some("2026-03-18"), Some("2026-03-18"), 0.5)
    );
    assert_eq!((last.service_type, last.content.as_str()), (Some(ServiceType::Training), "防霉培训"));

    let li = template(&f, Some(&f.li)).unwrap();
    assert_eq!(
        li,
        ServiceRecordInput {
            expert_id: Some(f.li.id.clone()),
            enterprise_id: Some(f.factory.id.clone()),
            need_id: Some("n1".into()),
            start_date: Some("2026-03-18".into()),
            end_date: Some("2026-03-18".into()),
            service_days: 1.0,
            service_type: Some(ServiceType::Consulting),
            content: "曳引机噪声诊断".into(),
            ..Default::default()
        },
        "same expert, enterprise, need, type and content; today, one day, no outcomes"
    );
    let mut saved_again = li.clone();
    saved_again.content = "复查".into();
    f.ledger.create_service_record(&saved_again).expect("the template saves as it is");

    exec(&f.ledger, "UPDATE needs SET stage = 'merged', merged_into_id = 'n2' WHERE id = 'n1'");
    assert_eq!(template(&f, Some(&f.li)).unwrap().need_id, None, "a merged need is not copied");
    f.ledger.delete_enterprise(&f.factory.id, true).unwrap();
    assert_eq!(template(&f, Some(&f.li)).unwrap().enterprise_id, None, "nor an enterprise in the recycle bin");
    assert_eq!(template(&f, Some(&f.li)).unwrap().expert_id.as_deref(), Some(f.li.id.as_str()));
}

#[test]
fn copy_last_comes_with_the_names_of_what_it_copied() {
    let mut f = fixture();
    f.ledger.set_clock(ledger_core::clock::Clock::fixed_on(NaiveDate::from_ymd_opt(2026, 3, 18).unwrap()));
    assert_eq!(f.ledger.last_service_record_template(None).unwrap(), None);
    f.ledger.create_service_record(&ServiceRecordInput { need_id: Some("n1".into()), ..input(&f) }).unwrap();

    let t = f.ledger.last_service_record_template(Some(&f.li.id)).unwrap().unwrap();
    assert_eq!(t.input.start_date.as_deref(), Some("2026-03-18"), "today by the ledger's clock");
    assert_eq!(t.input.expert_id.as_deref(), Some(f.li.id.as_str()));
    assert_eq!((t.expert_name.as_str(), t.enterprise_name.as_str()), ("李娜", "湖州电梯有限公司"));
    assert_eq!(t.need_title.as_deref(), Some("曳引机噪声偏大"));
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(
        (&json["expertName"], &json["enterpriseName"], &json["needTitle"]),
        (&"李娜".into(), &"湖州电梯有限公司".into(), &"曳引机噪声偏大".into())
    );
    assert_eq!(json["input"]["enterpriseId"], f.factory.id.as_str());

    exec(&f.ledger, "UPDATE needs SET stage = 'merged', merged_into_id = 'n2' WHERE id = 'n1'");
    f.ledger.delete_enterprise(&f.factory.id, true).unwrap();
    let t = f.ledger.last_service_record_template(Some(&f.li.id)).unwrap().unwrap();
    assert_eq!(
        (t.input.enterprise_id, t.enterprise_name.as_str(), t.need_title),
        (None, "", None),
        "not copied: no name"
    );
    assert_eq!(t.expert_name, "李娜");
}

#[test]
fn the_list_queries_use_their_indexes() {
    let f = fixture();
    let plan = |sql: &str| -> String {
        f.ledger
            .database()
            .read(|c| {
                let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                let rows = stmt.query_map([], |r| r.get::<_, String>(3))?.collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(rows.join("; "))
            })
            .unwrap()
    };
    let newest = plan(
        "SELECT s.rowid FROM service_records s WHERE s.deleted_at IS NULL AND s.service_type = 'training'
         ORDER BY s.start_date DESC, s.rowid DESC LIMIT 50",
    );
    assert!(newest.contains("service_records_live_start") && !newest.contains("TEMP B-TREE"), "{newest}");
    let biggest = plan(
        "SELECT s.rowid FROM service_records s WHERE s.deleted_at IS NULL AND +s.start_date >= '2025-01-01'
         ORDER BY s.contract_amount_fen DESC, s.start_date DESC, s.rowid DESC LIMIT 50",
    );
    assert!(biggest.contains("service_records_live_contract") && !biggest.contains("TEMP B-TREE"), "{biggest}");
    let longest = plan(
        "SELECT s.rowid FROM service_records s WHERE s.deleted_at IS NULL
         ORDER BY s.service_days ASC, s.start_date ASC, s.rowid ASC LIMIT 50",
    );
    assert!(longest.contains("service_records_live_days") && !longest.contains("TEMP B-TREE"), "{longest}");
    let by_expert = plan(
        "SELECT s.rowid FROM service_records s WHERE s.deleted_at IS NULL AND s.expert_id = 'x'
         ORDER BY s.contract_amount_fen DESC, s.start_date DESC, s.rowid DESC LIMIT 50",
    );
    assert!(by_expert.contains("service_records_expert"), "{by_expert}");
    let counted = plan("SELECT COALESCE(SUM(records), 0) FROM service_record_totals WHERE start_date >= '2026-01-01'");
    assert!(counted.contains("PRIMARY KEY") || counted.contains("sqlite_autoindex"), "{counted}");
}

#[test]
fn a_generated_sample_has_its_totals_search_and_triggers() {
    let ledger = Ledger::open_in_memory().unwrap();
    ledger_core::sample::generate(
        ledger.database(),
        7,
        ledger_core::sample::Scale::Small,
        ledger_core::sample::FIXED_AS_OF,
    )
    .unwrap();
    let f = Fixture {
        li: ledger.create_expert(&expert("李娜", None)).unwrap(),
        wang: ledger.create_expert(&expert("王强", None)).unwrap(),
        factory: ledger.create_enterprise(&enterprise("湖州电梯有限公司", 1)).unwrap().record,
        mill: ledger.create_enterprise(&enterprise("安吉竹木制品厂", 2)).unwrap().record,
        ledger,
    };
    let (table, recount) = totals_table_and_recount(&f);
    assert!(!table.is_empty());
    assert_eq!(table, recount, "the bulk load filled the per-day totals");

    let content: String = f
        .ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT content FROM service_records WHERE rowid = 1", [], |r| r.get(0))?))
        .unwrap();
    let word: String = content.chars().take(4).collect();
    let like: u32 = f
        .ledger
        .database()
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM service_records s WHERE s.deleted_at IS NULL AND (s.content LIKE ?1
                     OR s.expert_id IN (SELECT id FROM experts WHERE name LIKE ?1)
                     OR s.enterprise_id IN (SELECT id FROM enterprises WHERE name LIKE ?1))",
                [format!("%{word}%")],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let page = list(&f, ServiceRecordQuery { search: Some(word.clone()), ..Default::default() });
    assert!(like > 0 && page.total == like, "{word}: {} by the index, {like} by LIKE", page.total);

    f.ledger.create_service_record(&input(&f)).unwrap();
    let (table, recount) = totals_table_and_recount(&f);
    assert_eq!(table, recount, "the triggers are back after the bulk load");
    exec(&f.ledger, "DELETE FROM service_record_totals");
    f.ledger.database().write(|tx| service_records::rebuild_derived(tx)).unwrap();
    let (table, recount) = totals_table_and_recount(&f);
    assert_eq!(table, recount, "rebuilt from the records");
}

/// Times the ledger list and totals, and saving and editing one record (which it leaves in the file), on a large
/// sample made with `cargo run --release -p ledger-cli -- sample --db <file> --scale large`:
/// `LEDGER_LARGE_DB=<file> cargo test --release -p ledger-core --test integration service_records:: --
/// --ignored --nocapture`.
/// It prints the figures; it asserts no time.
#[test]
#[ignore = "needs a large sample database; run by hand"]
fn list_and_totals_time_on_a_large_sample() {
    let path = std::env::var("LEDGER_LARGE_DB").expect("LEDGER_LARGE_DB names a large sample database");
    let ledger = Ledger::open(std::path::Path::new(&path)).unwrap();
    let (expert_id, enterprise_id, need_id): (String, String, String) = ledger
        .database()
        .read(|c| {
            Ok(c.query_row(
                "SELECT expert_id, enterprise_id, need_id FROM service_records WHERE need_id IS NOT NULL LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    let q = ServiceRecordQuery { page_size: 50, ..Default::default() };
    let year =
        ServiceRecordQuery { date_from: Some("2025-01-01".into()), date_to: Some("2025-12-31".into()), ..q.clone() };
    let cases: Vec<(&str, ServiceRecordQuery)> = vec![
        ("default (newest first)", q.clone()),
        ("page 10,000", ServiceRecordQuery { page: 10_000, ..q.clone() }),
        ("type 培训", ServiceRecordQuery { service_type: Some(ServiceType::Training), ..q.clone() }),
        ("year 2025", year.clone()),
        ("year 2025 by contract desc", ServiceRecordQuery { sort: ServiceRecordSortKey::ContractAmount, ..year }),
        (
            "all by days asc",
            ServiceRecordQuery { sort: ServiceRecordSortKey::ServiceDays, order: SortOrder::Asc, ..q.clone() },
        ),
        ("expert", ServiceRecordQuery { expert_id: Some(expert_id), ..q.clone() }),
        ("enterprise", ServiceRecordQuery { enterprise_id: Some(enterprise_id), ..q.clone() }),
        ("need", ServiceRecordQuery { need_id: Some(need_id), ..q.clone() }),
        ("search 精密模具 (FTS)", ServiceRecordQuery { search: Some("精密模具".into()), ..q.clone() }),
        ("search 模具 (LIKE)", ServiceRecordQuery { search: Some("模具".into()), ..q.clone() }),
    ];
    for (name, query) in cases {
        let mut list_times = Vec::new();
        let mut total_times = Vec::new();
        let mut total = 0;
        for _ in 0..7 {
            let started = std::time::Instant::now();
            total = ledger.list_service_records(&query).unwrap().total;
            list_times.push(started.elapsed());
            let started = std::time::Instant::now();
            ledger.service_totals(&query).unwrap();
            total_times.push(started.elapsed());
        }
        list_times.sort();
        total_times.sort();
        println!("{name}: {total} records; list median {:?}, totals median {:?}", list_times[3], total_times[3]);
    }

    let mut form = ledger.last_service_record_template(None).unwrap().expect("the sample has records").input;
    form.outcomes.contract_amount = "12.5".into();
    let started = std::time::Instant::now();
    let saved = ledger.create_service_record(&form).unwrap();
    let create = started.elapsed();
    form.content.push_str("（修订）");
    let started = std::time::Instant::now();
    ledger.update_service_record(&saved.id, saved.stamps.revision, &form).unwrap();
    println!("save: create {create:?}, edit {:?}", started.elapsed());
}

#[test]
fn many_matches_sorted_by_amount_or_days_walk_the_sort_index_in_the_same_order() {
    let f = fixture();
    let n = service_records::SORT_WALK_THRESHOLD as i64 + 3_000;
    // (id, type, start, days, contract fen) in insertion (rowid) order.
    let made: Vec<(String, &str, String, f64, i64)> = (0..n)
        .map(|i| {
            let kind = if i % 3 == 0 { "training" } else { "consulting" };
            let start = format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
            (format!("w{i:05}"), kind, start, 0.5 * (1 + i % 4) as f64, (i * 7_919) % 1_000 * 10_000)
        })
        .collect();
    let values: Vec<String> = made
        .iter()
        .map(|(id, kind, start, days, fen)| {
            format!(
                "('{id}', '{}', '{}', '{start}', '{start}', {days}, '{kind}', '批量', {fen}, 'n', 'n')",
                f.li.id, f.factory.id
            )
        })
        .collect();
    exec(
        &f.ledger,
        &format!(
            "INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days,
                 service_type, content, contract_amount_fen, created_at, updated_at) VALUES {}",
            values.join(", ")
        ),
    );
    let wanted = |kind: Option<&str>, from: &str| -> Vec<&(String, &str, String, f64, i64)> {
        made.iter().filter(|m| kind.is_none_or(|k| m.1 == k) && m.2.as_str() >= from).collect()
    };

    let q = ServiceRecordQuery {
        page: 2,
        page_size: 30,
        date_from: Some("2025-03-01".into()),
        sort: ServiceRecordSortKey::ContractAmount,
        order: SortOrder::Desc,
        ..Default::default()
    };
    // Contract amount, then start date, then insertion order, all descending.
    let mut expected = wanted(None, "2025-03-01");
    expected.sort_by(|a, b| (b.4, &b.2, &b.0).cmp(&(a.4, &a.2, &a.0)));
    let page = list(&f, q);
    assert!(page.total > service_records::SORT_WALK_THRESHOLD, "{}", page.total);
    assert_eq!(page.total as usize, expected.len());
    let got: Vec<&str> = page.items.iter().map(|r| r.id.as_str()).collect();
    let want: Vec<&str> = expected[30..60].iter().map(|m| m.0.as_str()).collect();
    assert_eq!(got, want);

    let q = ServiceRecordQuery {
        page_size: 40,
        service_type: Some(ServiceType::Consulting),
        sort: ServiceRecordSortKey::ServiceDays,
        order: SortOrder::Asc,
        ..Default::default()
    };
    let mut expected = wanted(Some("consulting"), "");
    // Days, then start date, then insertion order, all ascending (ids are made in insertion order).
    expected.sort_by(|a, b| a.3.total_cmp(&b.3).then_with(|| (&a.2, &a.0).cmp(&(&b.2, &b.0))));
    let page = list(&f, q);
    assert!(page.total > service_records::SORT_WALK_THRESHOLD, "{}", page.total);
    let got: Vec<&str> = page.items.iter().map(|r| r.id.as_str()).collect();
    let want: Vec<&str> = expected[..40].iter().map(|m| m.0.as_str()).collect();
    assert_eq!(got, want);
}
