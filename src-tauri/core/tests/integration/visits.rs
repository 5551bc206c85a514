//! 走访记录: creation with participants, every form problem at once with nothing written, editing with the
//! participants replaced and a revision check, the list's filters, sort and paging, and reading the sample data.

use crate::common::{enterprise, expert, rows};
use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::model::*;
use ledger_core::sample::{generate, Scale, FIXED_AS_OF};
use ledger_core::{CoreError, Ledger};

/// Row counts of every table a visit save touches.
fn counts(ledger: &Ledger) -> Vec<i64> {
    ["visits", "visit_experts", "audit_log"].iter().map(|t| rows(ledger, t)).collect()
}

fn fields(err: &CoreError) -> Vec<String> {
    err.fields().into_iter().map(|f| f.field).collect()
}

struct Fixture {
    ledger: Ledger,
    li: Expert,
    wang: Expert,
    zhao: Expert,
    factory: Enterprise,
    mill: Enterprise,
}

fn fixture() -> Fixture {
    let ledger = Ledger::open_in_memory().unwrap();
    let li = ledger.create_expert(&expert("李明", None)).unwrap();
    let wang = ledger.create_expert(&expert("王芳", None)).unwrap();
    let zhao = ledger.create_expert(&expert("赵强", None)).unwrap();
    let factory = ledger.create_enterprise(&enterprise("宁波精密机械有限公司", 1)).unwrap().record;
    let mill = ledger.create_enterprise(&enterprise("湖州丝绸织造有限公司", 2)).unwrap().record;
    Fixture { ledger, li, wang, zhao, factory, mill }
}

fn input(at: &Enterprise, date: &str, experts: &[&Expert]) -> VisitInput {
    VisitInput {
        visit_date: date.into(),
        enterprise_id: at.id.clone(),
        expert_ids: experts.iter().map(|x| x.id.clone()).collect(),
        mode: Some(VisitMode::OnSite),
        ..Default::default()
    }
}

#[test]
fn a_visit_is_saved_with_its_participants_and_audited() {
    let f = fixture();
    let saved = f
        .ledger
        .create_visit(&VisitInput {
            visit_date: " ２０２４-０３-０５ ".into(),
            purpose: Some(" 了解企业技术需求，对接高校资源 ".into()),
            findings: Some("产线良率偏低（约８５%）\r\n\r\n缺少检测设备".into()),
            next_step: Some("  ".into()),
            follow_up_date: Some("2024-03-20".into()),
            notes: Some("ＡＢ线".into()),
            ..input(&f.factory, "", &[&f.wang, &f.li])
        })
        .unwrap();
    assert_eq!(saved.visit_date, "2024-03-05");
    assert_eq!(saved.enterprise_name, "宁波精密机械有限公司");
    let names: Vec<&str> = saved.experts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["李明", "王芳"], "in name order");
    assert_eq!(saved.experts[0].id, f.li.id);
    assert_eq!(saved.mode, VisitMode::OnSite);
    assert_eq!(saved.purpose.as_deref(), Some("了解企业技术需求，对接高校资源"), "Chinese punctuation kept");
    assert_eq!(saved.findings.as_deref(), Some("产线良率偏低（约85%）\n\n缺少检测设备"), "paragraphs kept");
    assert_eq!(saved.next_step, None);
    assert_eq!(saved.follow_up_date.as_deref(), Some("2024-03-20"));
    assert_eq!(saved.notes.as_deref(), Some("AB线"));
    assert_eq!(saved.stamps.revision, 1);
    assert_eq!(f.ledger.get_visit(&saved.id).unwrap(), saved);
    assert_eq!(rows(&f.ledger, "visit_experts"), 2);

    let history = f.ledger.record_history("visit", &saved.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, "create");
    assert_eq!(history[0].after.as_ref().unwrap()["experts"][1]["name"], "王芳");
    assert_eq!(serde_json::to_value(&saved).unwrap()["followUpDate"], "2024-03-20");
    assert_eq!(f.ledger.referrers_of_expert(&f.li.id).unwrap().visits, 1, "the expert's referrers count it");
}

#[test]
fn every_problem_is_reported_at_once_and_nothing_is_written() {
    let f = fixture();
    f.ledger.delete_expert(&f.zhao.id, false).unwrap();
    let before = counts(&f.ledger);
    let err = f
        .ledger
        .create_visit(&VisitInput {
            visit_date: "2024-02-30".into(),
            enterprise_id: "no-such-enterprise".into(),
            expert_ids: vec![f.li.id.clone(), "no-such-expert".into(), f.zhao.id.clone(), f.li.id.clone()],
            mode: None,
            follow_up_date: Some("soon".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), "validation");
    assert_eq!(
        fields(&err),
        ["visitDate", "followUpDate", "enterpriseId", "expertIds", "expertIds", "expertIds", "mode"]
    );
    let messages: Vec<String> = err.fields().into_iter().map(|e| e.message).collect();
    assert!(messages[0].contains("不是有效日期"), "{messages:?}");
    assert!(messages[4].contains("赵强") && messages[4].contains("回收站"), "{messages:?}");
    assert!(messages[5].contains("两次"), "{messages:?}");
    assert_eq!(counts(&f.ledger), before, "nothing written");

    // A follow-up before the visit, a date far in the future, no experts, no enterprise.
    let err = f
        .ledger
        .create_visit(&VisitInput {
            follow_up_date: Some("2024-03-04".into()),
            ..input(&f.factory, "2024-03-05", &[&f.li])
        })
        .unwrap_err();
    assert_eq!(fields(&err), ["followUpDate"]);
    assert!(err.fields()[0].message.contains("不能早于走访日期"));
    let err = f.ledger.create_visit(&input(&f.factory, "2099-01-01", &[])).unwrap_err();
    assert_eq!(fields(&err), ["visitDate", "expertIds"]);
    assert!(err.fields()[0].message.contains("合理范围"));
    let err = f.ledger.create_visit(&VisitInput::default()).unwrap_err();
    assert_eq!(fields(&err), ["visitDate", "enterpriseId", "expertIds", "mode"]);
    // An enterprise in the recycle bin is named in the message.
    f.ledger.delete_enterprise(&f.mill.id, false).unwrap();
    let err = f.ledger.create_visit(&input(&f.mill, "2024-03-05", &[&f.li])).unwrap_err();
    assert_eq!(fields(&err), ["enterpriseId"]);
    assert!(err.fields()[0].message.contains("湖州丝绸织造有限公司"));
    assert_eq!(counts(&f.ledger)[..2], before[..2], "no visit, no participant");
}

#[test]
fn editing_replaces_the_participants_and_checks_the_revision() {
    let f = fixture();
    let v = f.ledger.create_visit(&input(&f.factory, "2024-03-05", &[&f.li, &f.wang])).unwrap();
    let edited = f
        .ledger
        .update_visit(
            &v.id,
            1,
            &VisitInput {
                mode: Some(VisitMode::Phone),
                findings: Some("已电话回访".into()),
                ..input(&f.mill, "2024-03-06", &[&f.zhao, &f.wang])
            },
        )
        .unwrap();
    assert_eq!(edited.stamps.revision, 2);
    assert_eq!(edited.enterprise_id, f.mill.id);
    assert_eq!(edited.mode, VisitMode::Phone);
    let ids: Vec<&str> = edited.experts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, [f.wang.id.as_str(), f.zhao.id.as_str()], "王芳, 赵强; 李明 left");
    assert_eq!(rows(&f.ledger, "visit_experts"), 2);
    assert_eq!(f.ledger.referrers_of_expert(&f.li.id).unwrap().visits, 0);
    let history = f.ledger.record_history("visit", &v.id).unwrap();
    assert_eq!(history[0].action, "update");
    assert_eq!(history[0].before.as_ref().unwrap()["experts"][0]["name"], "李明");

    // A stale revision is a conflict and changes nothing.
    let before = counts(&f.ledger);
    let err = f.ledger.update_visit(&v.id, 1, &input(&f.factory, "2024-03-07", &[&f.li])).unwrap_err();
    assert!(matches!(err, CoreError::Conflict { expected: 1, actual: 2, .. }), "{err}");
    assert_eq!(counts(&f.ledger), before);
    assert_eq!(f.ledger.get_visit(&v.id).unwrap(), edited);

    // A participant (and the enterprise) that went to the recycle bin since may stay; a new one in the bin may not.
    f.ledger.delete_expert(&f.zhao.id, true).unwrap();
    f.ledger.delete_enterprise(&f.mill.id, true).unwrap();
    let kept = f
        .ledger
        .update_visit(&v.id, 2, &VisitInput { notes: Some("补记".into()), ..input(&f.mill, "2024-03-06", &[&f.zhao]) })
        .unwrap();
    assert_eq!(kept.experts.len(), 1);
    assert_eq!(kept.notes.as_deref(), Some("补记"));
    f.ledger.delete_expert(&f.li.id, true).unwrap();
    let err = f.ledger.update_visit(&v.id, 3, &input(&f.mill, "2024-03-06", &[&f.zhao, &f.li])).unwrap_err();
    assert_eq!(fields(&err), ["expertIds"]);
    assert!(err.fields()[0].message.contains("李明"));
    assert_eq!(
        f.ledger.update_visit("no-such-visit", 1, &input(&f.factory, "2024-03-06", &[&f.wang])).unwrap_err().code(),
        "not_found"
    );
}

/// Five visits: (date, enterprise, experts, mode, purpose, findings, follow-up).
fn listed() -> (Fixture, Vec<Visit>) {
    let f = fixture();
    let plans = [
        ("2024-01-10", &f.factory, vec![&f.li], VisitMode::OnSite, "了解需求", "数控机床精度不足", Some("2024-02-01")),
        ("2024-02-15", &f.mill, vec![&f.wang, &f.li], VisitMode::Online, "政策宣讲", "染色工艺能耗高", None),
        ("2024-03-01", &f.factory, vec![&f.wang], VisitMode::Phone, "回访", "已联系设备厂家", Some("2024-03-10")),
        (
            "2024-03-20",
            &f.mill,
            vec![&f.zhao],
            VisitMode::OnSite,
            "专利申报辅导",
            "缺少知识产权布局",
            Some("2024-04-30"),
        ),
        ("2024-04-02", &f.factory, vec![&f.zhao, &f.wang], VisitMode::OnSite, "对接高校", "热处理变形问题", None),
    ];
    let visits = plans
        .into_iter()
        .map(|(date, at, experts, mode, purpose, findings, follow)| {
            f.ledger
                .create_visit(&VisitInput {
                    mode: Some(mode),
                    purpose: Some(purpose.into()),
                    findings: Some(findings.into()),
                    follow_up_date: follow.map(Into::into),
                    ..input(at, date, &experts)
                })
                .unwrap()
        })
        .collect();
    (f, visits)
}

fn dates(page: &Page<VisitRow>) -> Vec<&str> {
    page.items.iter().map(|r| r.visit_date.as_str()).collect()
}

#[test]
fn the_list_filters_sorts_and_pages() {
    let (mut f, v) = listed();
    let q = VisitQuery::default();
    let all = f.ledger.list_visits(&q).unwrap();
    assert_eq!(all.total, 5);
    assert_eq!(dates(&all), ["2024-04-02", "2024-03-20", "2024-03-01", "2024-02-15", "2024-01-10"], "newest first");
    let row = &all.items[0];
    assert_eq!(row.id, v[4].id);
    assert_eq!(row.enterprise_name, "宁波精密机械有限公司");
    assert_eq!(row.expert_names, ["王芳", "赵强"]);
    assert_eq!((row.mode, row.purpose.as_deref(), row.attachment_count), (VisitMode::OnSite, Some("对接高校"), 0));

    let list = |q: VisitQuery| f.ledger.list_visits(&q).unwrap();
    let oldest = list(VisitQuery { order: SortOrder::Asc, page: 2, page_size: 2, ..q.clone() });
    assert_eq!((oldest.total, oldest.page, oldest.page_size), (5, 2, 2));
    assert_eq!(dates(&oldest), ["2024-03-01", "2024-03-20"]);
    assert_eq!(
        dates(&list(VisitQuery { enterprise_id: Some(f.mill.id.clone()), ..q.clone() })),
        ["2024-03-20", "2024-02-15"]
    );
    assert_eq!(
        dates(&list(VisitQuery { expert_id: Some(f.li.id.clone()), ..q.clone() })),
        ["2024-02-15", "2024-01-10"]
    );
    assert_eq!(
        dates(&list(VisitQuery { mode: Some(VisitMode::OnSite), ..q.clone() })),
        ["2024-04-02", "2024-03-20", "2024-01-10"]
    );
    let range =
        list(VisitQuery { date_from: Some("2024-02-15".into()), date_to: Some("2024-03-20".into()), ..q.clone() });
    assert_eq!(dates(&range), ["2024-03-20", "2024-03-01", "2024-02-15"], "both ends included");

    // Search: the purpose, the findings and the enterprise's name; short text by LIKE, longer by the name index.
    assert_eq!(dates(&list(VisitQuery { search: Some("专利".into()), ..q.clone() })), ["2024-03-20"]);
    assert_eq!(dates(&list(VisitQuery { search: Some("能耗".into()), ..q.clone() })), ["2024-02-15"]);
    assert_eq!(dates(&list(VisitQuery { search: Some("丝绸".into()), ..q.clone() })), ["2024-03-20", "2024-02-15"]);
    assert_eq!(dates(&list(VisitQuery { search: Some("精密机械".into()), ..q.clone() })).len(), 3);
    assert_eq!(dates(&list(VisitQuery { search: Some("热处理变形".into()), ..q.clone() })), ["2024-04-02"]);
    assert_eq!(list(VisitQuery { search: Some("100%".into()), ..q.clone() }).total, 0, "% is matched literally");

    // Pending follow-ups due on or before this Sunday of the ledger's today, soonest first: the factory's two were
    // answered by its later visits, the mill's of 2024-04-30 is pending; visits without one never show.
    f.ledger.set_clock(Clock::fixed_on(NaiveDate::from_ymd_opt(2024, 5, 8).unwrap()));
    let list = |q: VisitQuery| f.ledger.list_visits(&q).unwrap();
    let due = list(VisitQuery {
        follow_up: Some(FollowUpFilter::Pending),
        sort: VisitSortKey::FollowUpDate,
        order: SortOrder::Asc,
        ..q.clone()
    });
    assert_eq!(dates(&due), ["2024-03-20"]);
    assert_eq!(dates(&list(VisitQuery { follow_up: Some(FollowUpFilter::Overdue), ..q.clone() })), ["2024-03-20"]);
    assert_eq!(list(VisitQuery { follow_up: Some(FollowUpFilter::DueThisWeek), ..q.clone() }).total, 0);
    let by_follow_up = list(VisitQuery { sort: VisitSortKey::FollowUpDate, ..q.clone() });
    let follow: Vec<Option<&str>> = by_follow_up.items.iter().map(|r| r.follow_up_date.as_deref()).collect();
    assert_eq!(follow, [Some("2024-04-30"), Some("2024-03-10"), Some("2024-02-01"), None, None], "none last");

    // Filters combine; a deleted visit is not listed.
    let combined = list(VisitQuery { expert_id: Some(f.wang.id.clone()), mode: Some(VisitMode::OnSite), ..q.clone() });
    assert_eq!(dates(&combined), ["2024-04-02"]);
    f.ledger.delete_record(RecordKind::Visit, &v[4].id, false).unwrap();
    assert_eq!(list(q.clone()).total, 4);
    assert_eq!(f.ledger.get_visit(&v[4].id).unwrap_err().code(), "not_found");
}

#[test]
fn a_filter_day_that_is_not_a_date_is_a_field_error() {
    let (f, _) = listed();
    let err = f
        .ledger
        .list_visits(&VisitQuery {
            date_from: Some("2024-13-01".into()),
            date_to: Some("tomorrow".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(fields(&err), ["dateFrom", "dateTo"]);
}

#[test]
fn the_sample_visits_are_listed_and_read() {
    let ledger = Ledger::open_in_memory().unwrap();
    let summary = generate(ledger.database(), 7, Scale::Small, FIXED_AS_OF).unwrap();
    let page = ledger.list_visits(&VisitQuery { page_size: 50, ..Default::default() }).unwrap();
    assert_eq!(u64::from(page.total), summary.visits);
    assert_eq!(page.items.len(), 50);
    assert!(page.items.windows(2).all(|w| w[0].visit_date >= w[1].visit_date));
    for row in &page.items {
        assert!(!row.expert_names.is_empty());
        let visit = ledger.get_visit(&row.id).unwrap();
        assert_eq!(visit.experts.len(), row.expert_names.len());
        assert_eq!(visit.enterprise_name, row.enterprise_name);
    }
    // A sample visit can be edited as it is (its texts pass the form's rules).
    let visit = ledger.get_visit(&page.items[0].id).unwrap();
    let again = VisitInput {
        visit_date: visit.visit_date.clone(),
        enterprise_id: visit.enterprise_id.clone(),
        expert_ids: visit.experts.iter().map(|p| p.id.clone()).collect(),
        mode: Some(visit.mode),
        purpose: visit.purpose.clone(),
        findings: visit.findings.clone(),
        next_step: visit.next_step.clone(),
        follow_up_date: visit.follow_up_date.clone(),
        notes: visit.notes.clone(),
    };
    let saved = ledger.update_visit(&visit.id, visit.stamps.revision, &again).unwrap();
    assert_eq!((saved.purpose, saved.findings, saved.experts), (visit.purpose, visit.findings, visit.experts));
}

#[test]
fn the_list_and_the_bin_read_their_partial_indexes() {
    let ledger = Ledger::open_in_memory().unwrap();
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
    let newest = plan(
        "SELECT v.rowid FROM visits v WHERE v.deleted_at IS NULL ORDER BY v.visit_date DESC, v.rowid DESC LIMIT 50",
    );
    assert!(newest.contains("visits_live_date") && !newest.contains("TEMP B-TREE"), "{newest}");
    let by_mode = plan("SELECT COUNT(*) FROM visits v WHERE v.deleted_at IS NULL AND v.mode = 'phone'");
    assert!(by_mode.contains("visits_live_mode"), "{by_mode}");
    let due = plan(
        "SELECT v.rowid FROM visits v WHERE v.deleted_at IS NULL AND v.follow_up_date IS NOT NULL
             AND v.follow_up_date <= '2026-01-01'
         ORDER BY v.follow_up_date ASC, v.visit_date ASC, v.rowid ASC LIMIT 50",
    );
    assert!(due.contains("visits_live_follow_up") && !due.contains("TEMP B-TREE"), "{due}");
    let search = plan(
        "SELECT COUNT(*) FROM visits v WHERE v.deleted_at IS NULL AND
             v.rowid IN (SELECT rowid FROM visits_fts WHERE visits_fts MATCH '\"检测设备\"')",
    );
    assert!(search.contains("visits_fts"), "{search}");
    let bin = plan("SELECT id FROM service_records WHERE deleted_at IS NOT NULL");
    assert!(bin.contains("service_records_in_bin"), "the bin never reads every service record: {bin}");
}

#[test]
fn the_search_index_follows_edits_and_purges() {
    let f = fixture();
    let v = f
        .ledger
        .create_visit(&VisitInput {
            findings: Some("注塑件缩痕明显".into()),
            ..input(&f.factory, "2024-03-05", &[&f.li])
        })
        .unwrap();
    let find = |text: &str| {
        f.ledger.list_visits(&VisitQuery { search: Some(text.into()), ..Default::default() }).unwrap().total
    };
    assert_eq!(find("缩痕明显"), 1);
    f.ledger
        .update_visit(
            &v.id,
            1,
            &VisitInput { findings: Some("模具温控不稳".into()), ..input(&f.factory, "2024-03-05", &[&f.li]) },
        )
        .unwrap();
    assert_eq!((find("缩痕明显"), find("温控不稳")), (0, 1));
    f.ledger.delete_record(RecordKind::Visit, &v.id, false).unwrap();
    f.ledger.purge(RecordKind::Visit, &v.id).unwrap();
    let indexed: i64 = f
        .ledger
        .database()
        .read(|c| {
            Ok(c.query_row("SELECT COUNT(*) FROM visits_fts WHERE visits_fts MATCH '\"温控不稳\"'", [], |r| {
                r.get(0)
            })?)
        })
        .unwrap();
    assert_eq!(indexed, 0, "a purged visit leaves the index");
}
