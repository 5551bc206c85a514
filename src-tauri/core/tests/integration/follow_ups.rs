//! 跟进: the one rule the 工作台 and the visit list share (answered by a later visit or closed with a note), closing
//! a follow-up with a note and reopening it, and what bad input leaves (nothing written).

use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::model::*;
use ledger_core::{CoreError, Ledger};

use crate::common::{enterprise, expert, rows};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct Fixture {
    ledger: Ledger,
    expert: Expert,
    firms: Vec<Enterprise>,
}

/// A ledger on a fixed clock (Wednesday 2026-03-18; this week ends on Sunday 2026-03-22) with six enterprises.
fn fixture() -> Fixture {
    let mut ledger = Ledger::open_in_memory().unwrap();
    ledger.set_clock(Clock::fixed_on(day("2026-03-18")));
    let expert = ledger.create_expert(&expert("李娜", None)).unwrap();
    let firms = (1..=6).map(|n| ledger.create_enterprise(&enterprise(&format!("企业{n}有限公司"), n)).unwrap().record);
    let firms = firms.collect();
    Fixture { ledger, expert, firms }
}

fn visit(f: &Fixture, firm: usize, date: &str, follow_up: Option<&str>) -> Visit {
    f.ledger
        .create_visit(&VisitInput {
            visit_date: date.into(),
            enterprise_id: f.firms[firm].id.clone(),
            expert_ids: vec![f.expert.id.clone()],
            mode: Some(VisitMode::Phone),
            follow_up_date: follow_up.map(Into::into),
            ..Default::default()
        })
        .unwrap()
}

fn close(f: &Fixture, v: &Visit, note: &str) -> Result<Visit, CoreError> {
    let revision = f.ledger.get_visit(&v.id).unwrap().stamps.revision;
    f.ledger.close_follow_up(&FollowUpCloseInput {
        visit_id: v.id.clone(),
        expected_revision: revision,
        note: note.into(),
    })
}

/// The visit ids of a list filtered by the rule's window, in the list's default order (newest visit first).
fn listed(f: &Fixture, filter: FollowUpFilter) -> Listed {
    let page = f.ledger.list_visits(&VisitQuery { follow_up: Some(filter), ..Default::default() }).unwrap();
    (page.total, page.items.into_iter().map(|r| r.id).collect())
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

/// A list's total and its sorted visit ids.
type Listed = (u32, Vec<String>);

/// The home page's and the visit list's overdue and due follow-ups: they must agree.
fn both(f: &Fixture) -> [(Listed, Listed); 2] {
    let home = f.ledger.dashboard().unwrap();
    let of = |p: &Page<FollowUpItem>| (p.total, sorted(p.items.iter().map(|i| i.visit_id.clone()).collect()));
    let list = |filter| {
        let (total, ids) = listed(f, filter);
        (total, sorted(ids))
    };
    [
        (of(&home.follow_ups_overdue), list(FollowUpFilter::Overdue)),
        (of(&home.follow_ups_due), list(FollowUpFilter::DueThisWeek)),
    ]
}

#[test]
fn the_home_page_and_the_visit_list_agree_on_answered_closed_and_open_follow_ups() {
    let f = fixture();
    let answered = visit(&f, 0, "2026-02-01", Some("2026-03-01"));
    visit(&f, 0, "2026-02-20", None); // a later visit to the same firm answers it, before its date even
    let closed = visit(&f, 1, "2026-02-01", Some("2026-03-02"));
    let open = visit(&f, 2, "2026-02-05", Some("2026-03-10"));
    let same_day = visit(&f, 3, "2026-03-01", Some("2026-03-17")); // yesterday: overdue
    visit(&f, 3, "2026-03-01", None); // the same day is not later: does not answer
    let today = visit(&f, 4, "2026-03-10", Some("2026-03-18"));
    visit(&f, 5, "2026-03-11", Some("2026-03-22"));
    visit(&f, 5, "2026-03-12", Some("2026-03-23")); // answers the one due on Sunday; itself due next week

    let before = both(&f);
    for (home, list) in &before {
        assert_eq!(home, list, "the home page and the list agree");
    }
    assert_eq!(before[0].0, (3, sorted(vec![closed.id.clone(), open.id.clone(), same_day.id.clone()])));
    assert_eq!(before[1].0, (1, vec![today.id.clone()]), "today's; Sunday's was answered the next day");
    assert!(!before[0].0 .1.contains(&answered.id), "answered by a later visit");

    let shut = close(&f, &closed, "  电话回访，企业已解决  ").unwrap();
    let closure = shut.follow_up_closure.clone().unwrap();
    assert_eq!((closure.closed_on.as_str(), closure.note.as_str()), ("2026-03-18", "电话回访，企业已解决"));
    assert_eq!(closure.closed_by.as_deref(), Some(f.ledger.actor().as_str()));
    let after = both(&f);
    for (home, list) in &after {
        assert_eq!(home, list, "they still agree once one is closed");
    }
    assert_eq!(after[0].0, (2, sorted(vec![open.id.clone(), same_day.id.clone()])), "the closed one left");
    assert_eq!(listed(&f, FollowUpFilter::Pending).0, 3, "this week's list: two overdue and today's");
}

#[test]
fn closing_is_an_audited_edit_and_reopening_brings_it_back() {
    let f = fixture();
    let v = visit(&f, 0, "2026-02-01", Some("2026-03-01"));
    let audits = rows(&f.ledger, "audit_log");
    let shut = close(&f, &v, "无需跟进").unwrap();
    assert_eq!(shut.stamps.revision, v.stamps.revision + 1);
    assert_eq!(rows(&f.ledger, "audit_log"), audits + 1);
    let history = f.ledger.record_history("visit", &v.id).unwrap();
    let last = history.iter().find(|e| e.action == "update").expect("the closure's entry");
    assert!(last.after.as_ref().unwrap().to_string().contains("无需跟进"), "{history:?}");
    assert_eq!(f.ledger.dashboard().unwrap().follow_ups_overdue.total, 0);

    let err = close(&f, &shut, "电话回访").unwrap_err();
    assert_eq!(err.code(), "validation", "closed once");
    let reopened = f.ledger.reopen_follow_up(&v.id, shut.stamps.revision).unwrap();
    assert!(reopened.follow_up_closure.is_none());
    assert_eq!(reopened.stamps.revision, shut.stamps.revision + 1);
    assert_eq!(f.ledger.dashboard().unwrap().follow_ups_overdue.total, 1, "overdue again");
    assert_eq!(f.ledger.reopen_follow_up(&v.id, reopened.stamps.revision).unwrap_err().code(), "validation");

    // A new follow-up date is a new question: the edit reopens a closed follow-up; other edits keep it.
    let shut = close(&f, &v, "电话回访").unwrap();
    let mut input = VisitInput {
        visit_date: shut.visit_date.clone(),
        enterprise_id: shut.enterprise_id.clone(),
        expert_ids: vec![f.expert.id.clone()],
        mode: Some(shut.mode),
        follow_up_date: shut.follow_up_date.clone(),
        purpose: Some("回访".into()),
        ..Default::default()
    };
    let kept = f.ledger.update_visit(&v.id, shut.stamps.revision, &input).unwrap();
    assert!(kept.follow_up_closure.is_some(), "an edit of another field keeps the closure");
    input.follow_up_date = Some("2026-03-25".into());
    let moved = f.ledger.update_visit(&v.id, kept.stamps.revision, &input).unwrap();
    assert!(moved.follow_up_closure.is_none());
    assert_eq!(f.ledger.dashboard().unwrap().follow_ups_due.total, 0, "due next week, pending again");
    assert_eq!(listed(&f, FollowUpFilter::Pending).0, 0);
}

#[test]
fn a_blank_note_an_unknown_visit_or_a_stale_revision_is_refused_with_nothing_written() {
    let f = fixture();
    let v = visit(&f, 0, "2026-02-01", Some("2026-03-01"));
    let without = visit(&f, 1, "2026-02-01", None);
    let audits = rows(&f.ledger, "audit_log");

    let blank = close(&f, &v, "  \n ").unwrap_err();
    assert_eq!(blank.code(), "validation");
    let fields = blank.fields();
    assert_eq!(fields.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["note"]);
    assert!(fields[0].message.contains("请填写跟进情况"));
    let long = close(&f, &v, &"字".repeat(201)).unwrap_err();
    assert_eq!(long.code(), "validation", "at most 200 characters");
    assert_eq!(close(&f, &without, "电话回访").unwrap_err().code(), "validation", "no follow-up asked");

    let unknown = FollowUpCloseInput { visit_id: "nope".into(), expected_revision: 1, note: "电话回访".into() };
    assert_eq!(f.ledger.close_follow_up(&unknown).unwrap_err().code(), "not_found");
    let stale = FollowUpCloseInput { visit_id: v.id.clone(), expected_revision: 0, note: "电话回访".into() };
    assert_eq!(f.ledger.close_follow_up(&stale).unwrap_err().code(), "conflict");
    assert_eq!(f.ledger.reopen_follow_up(&v.id, 0).unwrap_err().code(), "conflict");
    assert_eq!(f.ledger.reopen_follow_up("nope", 1).unwrap_err().code(), "not_found");

    let after = f.ledger.get_visit(&v.id).unwrap();
    assert_eq!((after.stamps.revision, after.follow_up_closure), (v.stamps.revision, None));
    assert_eq!(rows(&f.ledger, "audit_log"), audits, "nothing written");
}
