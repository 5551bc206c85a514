//! Importing a 活动台账 as offices keep it: a title above the header, a 活动类型 merged over two rows, two enterprises
//! in one cell (by name and by credit code), an enterprise not on file, a date that is not one, an expert named twice
//! on file, the event form's own rules (a future day, fewer people than experts) — each row's outcome and reason,
//! nothing written for a refused row, the events on both enterprises' pages, and undo.

use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::model::*;
use ledger_core::Ledger;

use crate::common::{self, code, rows};
use crate::import::{commit, issues, request, statuses, workbook, D, E, N, S};

const HEADER: &[&str] =
    &["序号", "活动类型", "活动主题", "日期", "地点", "参加企业", "参加专员", "参加人数", "活动内容", "备注"];

struct Fixture {
    ledger: Ledger,
    firm: Enterprise,
    other: Enterprise,
    zhang: Expert,
    wang_b: Expert,
}

/// Two enterprises, 张伟 and two experts named 王芳 (told apart by phone); today is 2025-06-30 by the ledger's clock.
fn fixture() -> Fixture {
    let mut ledger = Ledger::open_in_memory().unwrap();
    ledger.set_clock(Clock::fixed_on(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()));
    let firm = ledger.create_enterprise(&common::enterprise("杭州新材料有限公司", 1)).unwrap().record;
    let other = ledger.create_enterprise(&common::enterprise("宁波电子有限公司", 2)).unwrap().record;
    let zhang = ledger.create_expert(&common::expert("张伟", Some("13800138001"))).unwrap();
    ledger.create_expert(&common::expert("王芳", Some("13900000001"))).unwrap();
    let wang_b = ledger.create_expert(&common::expert("王芳", Some("13900000002"))).unwrap();
    Fixture { ledger, firm, other, zhang, wang_b }
}

fn events_file(dir: &std::path::Path) -> std::path::PathBuf {
    let other_code: &'static str = Box::leak(code(2).into_boxed_str());
    workbook(
        dir,
        "2025年活动台账.xlsx",
        HEADER,
        &[
            vec![
                N(1.0),
                S("供需对接会"),
                S("新材料供需对接会"),
                D(2025, 5, 20),
                S("科技局三楼会议室"),
                S("杭州新材料有限公司、宁波电子有限公司"),
                S("张伟，王芳13900000002"),
                N(40.0),
                S("企业介绍需求\n专员现场答疑"),
                E,
            ],
            // 活动类型 merged over this row and the one above.
            vec![N(2.0), E, S("政策对接座谈"), S("2025年6月1日"), E, S(other_code), E, S("25人"), E, S("线上")],
            vec![N(3.0), S("路演"), S("项目路演"), D(2025, 6, 2), E, S("杭州新材料有限公司;不存在的公司"), E, E, E, E],
            vec![N(4.0), S("培训会"), S("技术培训"), S("2025-13-40"), E, S("宁波电子有限公司"), E, E, E, E],
            vec![N(5.0), S("供需对接会"), S("新材料供需对接会"), D(2025, 5, 20), E, S("宁波电子有限公司"), E, E, E, E],
            vec![N(6.0), S("路演"), S("下半年路演"), S("2025-12-01"), E, S("宁波电子有限公司"), E, E, E, E],
            vec![N(7.0), S("其他"), S("座谈会"), D(2025, 6, 3), E, S("杭州新材料有限公司"), S("王芳"), E, E, E],
            vec![N(8.0), S("培训会"), S("专员培训"), D(2025, 6, 4), E, S("宁波电子有限公司"), S("张伟"), N(0.0), E, E],
        ],
        &[(3, 4, 1)],
    )
}

/// The links the events have: (events, event_enterprises, event_experts).
fn counts(ledger: &Ledger) -> (i64, i64, i64) {
    (rows(ledger, "events"), rows(ledger, "event_enterprises"), rows(ledger, "event_experts"))
}

#[test]
fn a_messy_events_file_is_judged_row_by_row_and_only_good_rows_come_in() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let path = events_file(dir.path());
    let plan = f.ledger.import_preview(&request(&path, ImportKind::Events)).unwrap();
    let preview = plan.preview();
    assert_eq!(preview.header_row, 3, "the title rows are skipped");
    assert!(preview.missing_fields.is_empty(), "{:?}", preview.columns);
    assert_eq!(
        statuses(&plan),
        [
            (4, RowStatus::New),
            (5, RowStatus::New),
            (6, RowStatus::Error),
            (7, RowStatus::Error),
            (8, RowStatus::Duplicate),
            (9, RowStatus::Error),
            (10, RowStatus::Error),
            (11, RowStatus::Error),
        ]
    );
    let unknown = issues(&plan, 6);
    assert_eq!(unknown.len(), 1, "only the unknown one of the two: {unknown:?}");
    assert_eq!(unknown[0].column.as_deref(), Some("参加企业"));
    assert!(unknown[0].reason.contains("不存在的公司") && unknown[0].reason.contains("请先导入或添加"), "{unknown:?}");
    let bad_date = issues(&plan, 7);
    assert_eq!((bad_date[0].column.as_deref(), bad_date.len()), (Some("日期"), 1), "{bad_date:?}");
    assert!(issues(&plan, 8)[0].reason.contains("第 4 行"), "{:?}", issues(&plan, 8));
    let future = issues(&plan, 9);
    assert_eq!(future[0].column.as_deref(), Some("日期"), "{future:?}");
    assert!(future[0].reason.contains("不能晚于今天"), "the event form's own rule: {future:?}");
    let twice = issues(&plan, 10);
    assert_eq!(twice[0].column.as_deref(), Some("参加专员"), "{twice:?}");
    assert!(twice[0].reason.contains("2 位专员名为“王芳”"), "{twice:?}");
    let fewer = issues(&plan, 11);
    assert_eq!(fewer[0].column.as_deref(), Some("参加人数"), "{fewer:?}");
    assert!(fewer[0].reason.contains("少于所选专员人数"), "{fewer:?}");

    let report = commit(&f.ledger, &plan);
    assert_eq!((report.read, report.imported, report.skipped, report.rejected.len()), (8, 2, 1, 5));
    assert_eq!(counts(&f.ledger), (2, 3, 2), "nothing of a refused row is written");

    let on = |enterprise: &Enterprise| -> Vec<String> {
        let query = EventQuery { enterprise_id: Some(enterprise.id.clone()), ..EventQuery::default() };
        f.ledger.list_events(&query).unwrap().items.into_iter().map(|e| e.title).collect()
    };
    assert_eq!(on(&f.firm), ["新材料供需对接会"]);
    assert_eq!(on(&f.other), ["政策对接座谈", "新材料供需对接会"], "two enterprises in one cell: on both pages");
    let fair_id = f.ledger.list_events(&EventQuery::default()).unwrap().items[1].id.clone();
    let fair = f.ledger.get_event(&fair_id).unwrap();
    assert_eq!(fair.event_type, EventType::Matchmaking);
    assert_eq!((fair.event_date.as_str(), fair.attendance), ("2025-05-20", Some(40)));
    assert_eq!(fair.content.as_deref(), Some("企业介绍需求\n专员现场答疑"));
    let mut experts: Vec<&str> = fair.experts.iter().map(|x| x.id.as_str()).collect();
    experts.sort();
    let mut want = [f.zhang.id.as_str(), f.wang_b.id.as_str()];
    want.sort();
    assert_eq!(experts, want, "王芳 told apart by the phone after her name");
    let talk = f.ledger.get_event(&f.ledger.list_events(&EventQuery::default()).unwrap().items[0].id).unwrap();
    assert_eq!(talk.event_type, EventType::Matchmaking, "the merged 活动类型 is filled down");
    assert_eq!(
        (talk.attendance, talk.notes.as_deref(), talk.enterprises[0].id.as_str()),
        (Some(25), Some("线上"), f.other.id.as_str()),
        "the enterprise found by its credit code"
    );

    // Undo takes the events and their links back.
    let id = report.import_id.unwrap();
    f.ledger.undo_import(&id).unwrap();
    assert_eq!(counts(&f.ledger), (0, 0, 0));
    let history = f.ledger.list_imports().unwrap();
    assert_eq!((history[0].kind, history[0].undone_at.is_some()), (ImportKind::Events, true));
}

#[test]
fn an_events_file_with_stop_on_error_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let path = events_file(dir.path());
    let stop = ImportRequest { on_error: ErrorPolicy::Stop, ..request(&path, ImportKind::Events) };
    let plan = f.ledger.import_preview(&stop).unwrap();
    let report = commit(&f.ledger, &plan);
    assert!(!report.written);
    assert_eq!(counts(&f.ledger), (0, 0, 0));
}

#[test]
fn an_imported_event_with_a_file_attached_since_is_not_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(&dir.path().join("ledger.sqlite3")).unwrap();
    ledger.set_clock(Clock::fixed_on(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()));
    ledger.create_enterprise(&common::enterprise("杭州新材料有限公司", 1)).unwrap();
    let path = dir.path().join("活动.csv");
    std::fs::write(&path, "活动类型,活动名称,活动日期,参加企业\n培训会,专利培训,2025-06-01,杭州新材料有限公司\n")
        .unwrap();
    let plan = ledger.import_preview(&request(&path, ImportKind::Events)).unwrap();
    let report = commit(&ledger, &plan);
    let event = &ledger.list_events(&EventQuery::default()).unwrap().items[0];
    ledger.add_attachment(AttachmentOwnerKind::Event, &event.id, "签到表.pdf", b"%PDF-1.4").unwrap();
    let refused = ledger.undo_import(&report.import_id.unwrap()).unwrap_err();
    assert!(refused.to_string().contains("附件") || format!("{refused:?}").contains("附件"), "{refused:?}");
    assert_eq!(counts(&ledger), (1, 1, 0), "the event and its file stay");
    assert_eq!(rows(&ledger, "attachments"), 1);
}
