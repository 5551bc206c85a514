//! 活动: an event with several enterprises and experts recorded once — saved and audited, every form problem at once
//! with nothing written, edited with its links replaced and a revision check, to the recycle bin and back, purged with
//! its links and attachments, the list's filters, and the enterprise's and expert's pages showing it.

use crate::common::{enterprise, expert, rows};
use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::model::*;
use ledger_core::{CoreError, ErrorCode, Ledger};

fn counts(ledger: &Ledger) -> Vec<i64> {
    ["events", "event_enterprises", "event_experts", "audit_log"].iter().map(|t| rows(ledger, t)).collect()
}

fn fields(err: &CoreError) -> Vec<String> {
    err.fields().into_iter().map(|f| f.field).collect()
}

struct Fixture {
    _dir: tempfile::TempDir,
    ledger: Ledger,
    li: Expert,
    wang: Expert,
    factory: Enterprise,
    mill: Enterprise,
    farm: Enterprise,
}

/// Two experts, three enterprises; today is 2026-03-20 by the ledger's clock. On disk, so attachments work.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(&dir.path().join("ledger.sqlite3")).unwrap();
    ledger.set_clock(Clock::fixed_on(NaiveDate::from_ymd_opt(2026, 3, 20).unwrap()));
    let li = ledger.create_expert(&expert("李明", None)).unwrap();
    let wang = ledger.create_expert(&expert("王芳", None)).unwrap();
    let factory = ledger.create_enterprise(&enterprise("宁波精密机械有限公司", 1)).unwrap().record;
    let mill = ledger.create_enterprise(&enterprise("湖州丝绸织造有限公司", 2)).unwrap().record;
    let farm = ledger.create_enterprise(&enterprise("安吉白茶合作社", 3)).unwrap().record;
    Fixture { _dir: dir, ledger, li, wang, factory, mill, farm }
}

fn input(date: &str, enterprises: &[&Enterprise], experts: &[&Expert]) -> EventInput {
    EventInput {
        event_type: Some(EventType::Matchmaking),
        title: "新材料供需对接会".into(),
        event_date: date.into(),
        place: Some("湖州市科技局三楼会议室".into()),
        attendance: Some(35),
        enterprise_ids: enterprises.iter().map(|e| e.id.clone()).collect(),
        expert_ids: experts.iter().map(|x| x.id.clone()).collect(),
        content: Some("企业介绍需求，专员现场答疑".into()),
        notes: None,
    }
}

#[test]
fn an_event_is_saved_once_with_its_enterprises_and_experts_and_audited() {
    let f = fixture();
    let saved = f
        .ledger
        .create_event(&EventInput {
            title: "  新材料  供需对接会 ".into(),
            event_date: " ２０２６-０３-１８ ".into(),
            place: Some("  ".into()),
            ..input("", &[&f.mill, &f.factory], &[&f.wang, &f.li])
        })
        .unwrap();
    assert_eq!(saved.event_date, "2026-03-18");
    assert_eq!(saved.title, "新材料 供需对接会");
    assert_eq!(saved.place, None);
    assert_eq!(saved.attendance, Some(35));
    assert_eq!(saved.stamps.revision, 1);
    let names: Vec<&str> = saved.enterprises.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["宁波精密机械有限公司", "湖州丝绸织造有限公司"]);
    let names: Vec<&str> = saved.experts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["李明", "王芳"]);
    assert_eq!(f.ledger.get_event(&saved.id).unwrap(), saved);
    assert_eq!(f.ledger.record_history("event", &saved.id).unwrap().len(), 1);
    assert_eq!(counts(&f.ledger)[..3], [1, 2, 2]);
}

#[test]
fn every_problem_of_the_form_is_reported_at_once_and_nothing_is_written() {
    let f = fixture();
    let before = counts(&f.ledger);
    let err = f
        .ledger
        .create_event(&EventInput {
            event_type: None,
            title: " ".into(),
            event_date: "2026-03-21".into(),
            attendance: Some(1),
            enterprise_ids: vec![],
            notes: Some("备".repeat(2001)),
            ..input("", &[], &[&f.li, &f.wang])
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(fields(&err), ["eventType", "title", "eventDate", "enterpriseIds", "attendance", "notes"]);
    let message = err.fields().into_iter().find(|e| e.field == "eventDate").unwrap().message;
    assert!(message.contains("不能晚于今天"), "{message}");
    let message = err.fields().into_iter().find(|e| e.field == "attendance").unwrap().message;
    assert!(message.contains("少于所选专员人数（2）"), "{message}");

    let twice = f
        .ledger
        .create_event(&EventInput {
            enterprise_ids: vec![f.factory.id.clone(), f.factory.id.clone(), "nope".into()],
            ..input("2026-03-01", &[], &[])
        })
        .unwrap_err();
    let messages: Vec<String> = twice.fields().into_iter().map(|e| e.message).collect();
    assert_eq!(messages, ["同一企业选择了两次", "所选企业不存在，请重新选择"]);
    assert_eq!(counts(&f.ledger), before);

    // No attendance recorded and no experts are fine; today itself is fine.
    let ok = f.ledger.create_event(&EventInput { attendance: None, ..input("2026-03-20", &[&f.farm], &[]) }).unwrap();
    assert_eq!((ok.attendance, ok.experts.len()), (None, 0));
}

#[test]
fn an_edit_replaces_the_links_checks_the_revision_and_keeps_binned_records_it_had() {
    let f = fixture();
    let saved = f.ledger.create_event(&input("2026-03-10", &[&f.factory, &f.mill], &[&f.li])).unwrap();
    f.ledger.delete_enterprise(&f.mill.id, true).unwrap();
    // The binned enterprise it already had may stay; a new binned one may not.
    let edited = f
        .ledger
        .update_event(
            &saved.id,
            1,
            &EventInput {
                event_type: Some(EventType::Training),
                ..input("2026-03-11", &[&f.mill, &f.farm], &[&f.wang])
            },
        )
        .unwrap();
    assert_eq!(edited.stamps.revision, 2);
    assert_eq!(edited.event_type, EventType::Training);
    let ids: Vec<&str> = edited.enterprises.iter().map(|p| p.id.as_str()).collect();
    assert!(ids.contains(&f.mill.id.as_str()) && ids.contains(&f.farm.id.as_str()) && ids.len() == 2);
    assert_eq!(edited.experts.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), [f.wang.id.as_str()]);
    assert_eq!(counts(&f.ledger)[..3], [1, 2, 1]);

    let stale = f.ledger.update_event(&saved.id, 1, &input("2026-03-11", &[&f.farm], &[])).unwrap_err();
    assert_eq!(stale.code(), ErrorCode::Conflict);
    let other = f.ledger.create_event(&input("2026-03-12", &[&f.farm], &[])).unwrap();
    let binned = f.ledger.update_event(&other.id, 1, &input("2026-03-12", &[&f.mill], &[])).unwrap_err();
    assert_eq!(fields(&binned), ["enterpriseIds"]);
    assert!(binned.fields()[0].message.contains("已在回收站中"));
}

#[test]
fn an_event_goes_to_the_recycle_bin_comes_back_and_is_purged_with_its_links_and_files() {
    let f = fixture();
    let saved = f.ledger.create_event(&input("2026-03-10", &[&f.factory, &f.mill], &[&f.li])).unwrap();
    let file = f.ledger.add_attachment(AttachmentOwnerKind::Event, &saved.id, "签到表.pdf", b"%PDF-1.4").unwrap();
    assert_eq!(f.ledger.list_events(&EventQuery::default()).unwrap().items[0].attachment_count, 1);
    // An enterprise and an expert count the event among what points at them.
    assert_eq!(f.ledger.referrers_of_enterprise(&f.factory.id).unwrap().events, 1);
    assert_eq!(f.ledger.referrers_of_expert(&f.li.id).unwrap().events, 1);

    f.ledger.delete_record(RecordKind::Event, &saved.id, false).unwrap();
    assert_eq!(f.ledger.list_events(&EventQuery::default()).unwrap().total, 0);
    assert_eq!(f.ledger.get_event(&saved.id).unwrap_err().code(), ErrorCode::NotFound);
    let bin = f.ledger.list_recycle_bin(1, 20).unwrap();
    assert_eq!((bin.items[0].kind, bin.items[0].name.as_str()), (RecordKind::Event, "2026-03-10 新材料供需对接会"));
    assert_eq!(f.ledger.referrers_of_enterprise(&f.factory.id).unwrap().events, 0);

    f.ledger.restore(RecordKind::Event, &saved.id).unwrap();
    assert_eq!(f.ledger.get_event(&saved.id).unwrap().stamps.revision, 3);

    // An enterprise of the event cannot be purged while the event points at it.
    f.ledger.delete_enterprise(&f.factory.id, true).unwrap();
    let refused = f.ledger.purge(RecordKind::Enterprise, &f.factory.id).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::HasReferences);
    assert!(refused.message_zh().contains("活动 1 条"), "{}", refused.message_zh());

    f.ledger.delete_record(RecordKind::Event, &saved.id, false).unwrap();
    let report = f.ledger.purge(RecordKind::Event, &saved.id).unwrap();
    assert!(report.files_left.is_empty());
    assert_eq!(counts(&f.ledger)[..3], [0, 0, 0]);
    assert_eq!(rows(&f.ledger, "attachments"), 0);
    assert!(f.ledger.attachment_path(&file.id).is_err());
    f.ledger.purge(RecordKind::Enterprise, &f.factory.id).unwrap();
    let actions: Vec<String> =
        f.ledger.record_history("event", &saved.id).unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(actions, ["purge", "delete", "restore", "delete", "create"]);
}

#[test]
fn the_list_filters_by_period_type_enterprise_expert_and_text() {
    let f = fixture();
    let a = f.ledger.create_event(&input("2026-01-10", &[&f.factory, &f.mill], &[&f.li])).unwrap();
    let b = f
        .ledger
        .create_event(&EventInput {
            event_type: Some(EventType::Roadshow),
            title: "科技成果路演".into(),
            place: Some("安吉县会展中心".into()),
            ..input("2026-02-15", &[&f.farm], &[&f.wang])
        })
        .unwrap();
    let c = f.ledger.create_event(&input("2026-03-05", &[&f.mill], &[])).unwrap();
    let ids =
        |q: EventQuery| -> Vec<String> { f.ledger.list_events(&q).unwrap().items.into_iter().map(|r| r.id).collect() };
    assert_eq!(ids(EventQuery::default()), [c.id.clone(), b.id.clone(), a.id.clone()]);
    assert_eq!(ids(EventQuery { order: SortOrder::Asc, ..Default::default() })[0], a.id);
    let q =
        EventQuery { date_from: Some("2026-02-01".into()), date_to: Some("2026-02-28".into()), ..Default::default() };
    assert_eq!(ids(q), [b.id.as_str()]);
    assert_eq!(ids(EventQuery { event_type: Some(EventType::Roadshow), ..Default::default() }), [b.id.as_str()]);
    assert_eq!(
        ids(EventQuery { enterprise_id: Some(f.mill.id.clone()), ..Default::default() }),
        [c.id.clone(), a.id.clone()]
    );
    assert_eq!(ids(EventQuery { expert_id: Some(f.li.id.clone()), ..Default::default() }), [a.id.as_str()]);
    assert_eq!(ids(EventQuery { search: Some("安吉".into()), ..Default::default() }), [b.id.as_str()]);
    assert_eq!(ids(EventQuery { search: Some("丝绸".into()), ..Default::default() }), [c.id.clone(), a.id.clone()]);
    let page = f.ledger.list_events(&EventQuery { page_size: 2, page: 2, ..Default::default() }).unwrap();
    assert_eq!((page.total, page.items.len()), (3, 1));
    let row =
        &f.ledger.list_events(&EventQuery { expert_id: Some(f.li.id.clone()), ..Default::default() }).unwrap().items[0];
    assert_eq!(row.enterprise_names, ["宁波精密机械有限公司", "湖州丝绸织造有限公司"]);
    assert_eq!((row.expert_names.clone(), row.attendance), (vec!["李明".to_owned()], Some(35)));
    let bad = f.ledger.list_events(&EventQuery { date_from: Some("2026-13-01".into()), ..Default::default() });
    assert_eq!(fields(&bad.unwrap_err()), ["dateFrom"]);
}

#[test]
fn the_enterprise_and_expert_pages_show_the_events_they_took_part_in() {
    let f = fixture();
    let a = f.ledger.create_event(&input("2026-01-10", &[&f.factory, &f.mill], &[&f.li])).unwrap();
    let b = f.ledger.create_event(&input("2026-02-10", &[&f.mill], &[&f.li, &f.wang])).unwrap();
    let deleted = f.ledger.create_event(&input("2026-02-11", &[&f.mill], &[&f.li])).unwrap();
    f.ledger.delete_record(RecordKind::Event, &deleted.id, false).unwrap();
    let ids = |p: Page<EventRow>| (p.total, p.items.into_iter().map(|r| r.id).collect::<Vec<_>>());
    assert_eq!(ids(f.ledger.enterprise_overview(&f.factory.id).unwrap().events), (1, vec![a.id.clone()]));
    assert_eq!(ids(f.ledger.enterprise_overview(&f.mill.id).unwrap().events), (2, vec![b.id.clone(), a.id.clone()]));
    assert_eq!(ids(f.ledger.enterprise_overview(&f.farm.id).unwrap().events), (0, vec![]));
    assert_eq!(ids(f.ledger.expert_overview(&f.li.id).unwrap().events), (2, vec![b.id.clone(), a.id.clone()]));
    assert_eq!(ids(f.ledger.expert_overview(&f.wang.id).unwrap().events), (1, vec![b.id.clone()]));
}

fn period(text: &str) -> ReportFilter {
    ReportFilter {
        period: text.into(),
        region: None,
        organization_id: None,
        batch_id: None,
        origins: None,
        reviewed_only: None,
    }
}

/// Three events in 2026-Q1 (two 供需对接会 with 35 people each, one 路演 without a count) and one in April.
fn three_events(f: &Fixture) {
    f.ledger.create_event(&input("2026-01-10", &[&f.factory, &f.mill], &[&f.li])).unwrap();
    f.ledger.create_event(&input("2026-02-10", &[&f.mill], &[])).unwrap();
    let roadshow = EventInput {
        event_type: Some(EventType::Roadshow),
        attendance: None,
        ..input("2026-03-01", &[&f.farm], &[&f.wang])
    };
    f.ledger.create_event(&roadshow).unwrap();
    let later = f.ledger.create_event(&input("2026-03-15", &[&f.farm], &[])).unwrap();
    f.ledger.update_event(&later.id, 1, &input("2026-03-15", &[&f.farm], &[])).unwrap();
    f.ledger.delete_record(RecordKind::Event, &later.id, false).unwrap();
}

#[test]
fn the_statistics_count_the_period_s_events_and_attendance_by_type() {
    let f = fixture();
    three_events(&f);
    let s = f.ledger.statistics(&period("2026-Q1")).unwrap();
    assert_eq!((s.events.events, s.events.attendance, s.events.enterprises), (3, 70, 3));
    let by_type: Vec<(EventType, u32, u32)> =
        s.events.by_type.iter().map(|t| (t.event_type, t.events, t.attendance)).collect();
    assert_eq!(
        by_type,
        [
            (EventType::Matchmaking, 2, 70),
            (EventType::Training, 0, 0),
            (EventType::Roadshow, 1, 0),
            (EventType::Other, 0, 0)
        ]
    );
    let february = f.ledger.statistics(&period("2026-02")).unwrap();
    assert_eq!((february.events.events, february.events.attendance), (1, 35));
    // A region counts the events with an enterprise there; no event is in an empty year.
    let none = f.ledger.statistics(&period("2025")).unwrap();
    assert_eq!((none.events.events, none.events.by_type.len()), (0, 4));
    let elsewhere = f.ledger.statistics(&ReportFilter { region: Some("北京市".into()), ..period("2026-Q1") }).unwrap();
    assert_eq!(elsewhere.events.events, 0);
}

#[test]
fn the_event_ledger_lists_the_period_s_events_with_their_enterprises_and_experts() {
    let f = fixture();
    three_events(&f);
    let out = f._dir.path().join("活动台账.csv");
    let request = ExportRequest {
        kind: ExportKind::Events,
        format: ExportFormat::Csv,
        filter: period("2026-Q1"),
        columns: None,
        include_full_id: false,
        paper: None,
    };
    let settings = ReportSettings { reporting_unit: "湖州市科技局".into(), reporter: "周明".into() };
    let today = NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    let report = f
        .ledger
        .database()
        .read(|c| ledger_core::reporting::export::export(c, &request, &settings, today, &out, &mut |_, _| true))
        .unwrap();
    assert_eq!(report.rows, 3);
    let body = String::from_utf8(std::fs::read(&out).unwrap()[3..].to_vec()).unwrap();
    let lines: Vec<&str> = body.split("\r\n").collect();
    assert_eq!(
        lines[1],
        "1,2026-01-10,供需对接会,新材料供需对接会,湖州市科技局三楼会议室,宁波精密机械有限公司、湖州丝绸织造有限公司,李明,35,\
         企业介绍需求，专员现场答疑,"
    );
    assert!(
        lines[3].starts_with("3,2026-03-01,路演,新材料供需对接会,湖州市科技局三楼会议室,安吉白茶合作社,王芳,,"),
        "{}",
        lines[3]
    );
    assert_eq!(lines.len(), 5, "header, three rows, final CRLF: {body}");
}
