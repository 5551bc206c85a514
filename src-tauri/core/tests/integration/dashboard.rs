//! 工作台 over hand-made fixtures (visits, needs and stage events by SQL; service records through the API): every
//! figure and its boundaries — today and Sunday for follow-ups, "done" by a later visit, exactly 30 days for needs,
//! the first and last day of a month for idle experts and the month figures, and the year boundary.

use crate::common::{enterprise, exec, expert};
use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::model::*;
use ledger_core::reporting::dashboard::{self, DASHBOARD_ITEMS};
use ledger_core::Ledger;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn board(ledger: &Ledger, today: &str) -> Dashboard {
    ledger.database().read_snapshot(|c| dashboard::dashboard(c, day(today))).unwrap()
}

struct Fixture {
    ledger: Ledger,
    li: Expert,
    firms: Vec<Enterprise>,
}

fn fixture(firms: u32) -> Fixture {
    let ledger = Ledger::open_in_memory().unwrap();
    let li = ledger.create_expert(&expert("李娜", None)).unwrap();
    let firms = (1..=firms)
        .map(|n| ledger.create_enterprise(&enterprise(&format!("企业{n:02}有限公司"), n)).unwrap().record)
        .collect();
    Fixture { ledger, li, firms }
}

/// A visit by 李娜 to firm `firm` (1-based) on `date`, with an optional follow-up date.
fn visit(f: &Fixture, id: &str, firm: usize, date: &str, follow_up: Option<&str>, deleted: bool) {
    let follow_up = follow_up.map_or("NULL".to_owned(), |d| format!("'{d}'"));
    let deleted = if deleted { "'x'" } else { "NULL" };
    exec(
        &f.ledger,
        &format!(
            "INSERT INTO visits (id, enterprise_id, visit_date, mode, purpose, next_step, follow_up_date, created_at,
                 updated_at, deleted_at)
             VALUES ('{id}', '{}', '{date}', 'on_site', '了解{id}', '回访{id}', {follow_up}, 'n', 'n', {deleted});
             INSERT INTO visit_experts (visit_id, expert_id) VALUES ('{id}', '{}');",
            f.firms[firm - 1].id,
            f.li.id
        ),
    );
}

fn ids<T>(page: &Page<T>, id: impl Fn(&T) -> &str) -> Vec<String> {
    page.items.iter().map(|x| id(x).to_owned()).collect()
}

#[test]
fn follow_ups_due_run_from_today_through_sunday_and_overdue_ones_come_most_recent_first() {
    let f = fixture(9);
    visit(&f, "today", 1, "2026-03-02", Some("2026-03-18"), false);
    visit(&f, "same-day", 1, "2026-03-02", None, false); // the same day is not "later": still due
    visit(&f, "sunday", 2, "2026-03-05", Some("2026-03-22"), false);
    visit(&f, "next-monday", 3, "2026-03-06", Some("2026-03-23"), false);
    visit(&f, "yesterday", 4, "2026-03-01", Some("2026-03-17"), false);
    visit(&f, "monday", 5, "2026-03-01", Some("2026-03-16"), false);
    visit(&f, "done-early", 6, "2026-02-01", Some("2026-02-15"), false);
    visit(&f, "answer", 6, "2026-02-10", None, false); // a later visit before the follow-up date: done
    visit(&f, "old", 7, "2026-02-20", Some("2026-03-01"), false);
    visit(&f, "deleted-answer", 7, "2026-03-05", None, true); // deleted: does not answer "old"
    visit(&f, "deleted", 8, "2026-03-01", Some("2026-03-18"), true);
    visit(&f, "done-late", 9, "2026-01-05", Some("2026-01-20"), false);
    visit(&f, "answer-late", 9, "2026-03-10", None, false);

    let b = board(&f.ledger, "2026-03-18"); // a Wednesday
    assert_eq!((b.today.as_str(), b.week_end.as_str()), ("2026-03-18", "2026-03-22"));
    assert_eq!(ids(&b.follow_ups_due, |v| &v.visit_id), ["today", "sunday"]);
    assert_eq!(b.follow_ups_due.total, 2);
    assert_eq!(ids(&b.follow_ups_overdue, |v| &v.visit_id), ["yesterday", "monday", "old"]);
    assert_eq!(b.follow_ups_overdue.total, 3);
    let item = &b.follow_ups_due.items[1];
    assert_eq!(
        (item.visit_date.as_str(), item.follow_up_date.as_str(), item.enterprise_name.as_str()),
        ("2026-03-05", "2026-03-22", "企业02有限公司")
    );
    assert_eq!((item.purpose.as_deref(), item.next_step.as_deref()), (Some("了解sunday"), Some("回访sunday")));
    assert_eq!(item.expert_names, ["李娜"]);
    assert_eq!(item.enterprise_id, f.firms[1].id);

    let sunday = board(&f.ledger, "2026-03-22");
    assert_eq!(sunday.week_end, "2026-03-22", "on a Sunday the week ends today");
    assert_eq!(ids(&sunday.follow_ups_due, |v| &v.visit_id), ["sunday"]);
    let monday = board(&f.ledger, "2026-03-23");
    assert_eq!(monday.week_end, "2026-03-29");
    assert_eq!(ids(&monday.follow_ups_due, |v| &v.visit_id), ["next-monday"]);
    assert_eq!(monday.follow_ups_overdue.items[0].visit_id, "sunday");
}

#[test]
fn lists_are_capped_but_totals_count_everything() {
    let f = fixture(30);
    for n in 1..=30 {
        visit(&f, &format!("v{n:02}"), n, "2025-12-20", Some(&format!("2026-01-{n:02}")), false);
    }
    let b = board(&f.ledger, "2026-03-18");
    assert_eq!(b.follow_ups_overdue.total, 30);
    assert_eq!(b.follow_ups_overdue.items.len(), DASHBOARD_ITEMS as usize);
    assert_eq!(b.follow_ups_overdue.page_size, DASHBOARD_ITEMS);
}

/// A need by SQL: id, stage, date of the last stage change, deleted.
fn need(f: &Fixture, id: &str, stage: &str, changed: &str, deleted: bool) {
    let deleted = if deleted { "'x'" } else { "NULL" };
    let merged = if stage == "merged" { format!("'{id}'") } else { "NULL".to_owned() };
    exec(
        &f.ledger,
        &format!(
            "INSERT INTO needs (id, enterprise_id, source, title, need_type, stage, stage_changed_on, merged_into_id,
                 created_at, updated_at, deleted_at)
             VALUES ('{id}', '{}', 'visit', '需求{id}', 'other', '{stage}', '{changed}', {merged}, 'n', 'n',
                 {deleted})",
            f.firms[0].id
        ),
    );
}

#[test]
fn needs_without_progress_for_thirty_days_or_more_are_listed_longest_idle_first() {
    let f = fixture(1);
    need(&f, "exactly-30", "refined", "2026-02-16", false);
    need(&f, "29-days", "discovered", "2026-02-17", false);
    need(&f, "oldest", "solving", "2025-12-01", false);
    need(&f, "matched", "matched", "2026-01-10", false);
    need(&f, "shelved", "shelved", "2025-01-01", false);
    need(&f, "solved", "solved", "2025-01-01", false);
    need(&f, "merged", "merged", "2025-01-01", false);
    need(&f, "deleted", "matched", "2025-01-01", true);

    let b = board(&f.ledger, "2026-03-18");
    assert_eq!(ids(&b.stale_needs, |n| &n.need_id), ["oldest", "matched", "exactly-30"]);
    assert_eq!(b.stale_needs.total, 3);
    let n = &b.stale_needs.items[2];
    assert_eq!(
        (n.title.as_str(), n.stage, n.stage_changed_on.as_str()),
        ("需求exactly-30", NeedStage::Refined, "2026-02-16")
    );
    assert_eq!((n.idle_days, n.enterprise_name.as_str()), (30, "企业01有限公司"));
    assert_eq!(b.stale_needs.items[0].idle_days, 107);
}

/// A service record through the API: expert, start, end, days.
fn record(f: &Fixture, x: &Expert, start: &str, end: &str, days: f64) -> ServiceRecord {
    f.ledger
        .create_service_record(&ServiceRecordInput {
            expert_id: Some(x.id.clone()),
            enterprise_id: Some(f.firms[0].id.clone()),
            start_date: Some(start.into()),
            end_date: Some(end.into()),
            service_days: days,
            service_type: Some(ServiceType::Consulting),
            content: "咨询".into(),
            ..Default::default()
        })
        .unwrap()
}

/// Experts served on the first and last day of March 2026 (甲, 乙), before and after it (丙, 丁), a paused one (戊), one
/// in the recycle bin (己), one whose only record is in the bin (庚), and 李娜 who never served; the clock on
/// `today` (a day of March 2026). Returns 丙, served last month.
fn idle_fixture(today: &str) -> (Fixture, Expert) {
    let mut f = fixture(1);
    f.ledger.set_clock(Clock::fixed_on(day(today)));
    let make = |name: &str, status: ExpertStatus| {
        f.ledger.create_expert(&ExpertInput { status: Some(status), ..expert(name, None) }).unwrap()
    };
    let first_day = make("甲", ExpertStatus::Active);
    let last_day = make("乙", ExpertStatus::Active);
    let last_month = make("丙", ExpertStatus::Active);
    let next_month = make("丁", ExpertStatus::Active);
    let paused = make("戊", ExpertStatus::Paused);
    let removed = make("己", ExpertStatus::Active);
    let deleted_only = make("庚", ExpertStatus::Active);
    record(&f, &first_day, "2026-03-01", "2026-03-01", 1.0);
    record(&f, &last_day, "2026-03-31", "2026-03-31", 1.0);
    record(&f, &last_month, "2026-02-28", "2026-03-02", 2.0);
    record(&f, &next_month, "2026-04-01", "2026-04-01", 1.0);
    record(&f, &paused, "2026-01-01", "2026-01-01", 1.0);
    let gone = record(&f, &deleted_only, "2026-03-10", "2026-03-10", 1.0);
    exec(&f.ledger, &format!("UPDATE service_records SET deleted_at = 'x' WHERE id = '{}'", gone.id));
    f.ledger.delete_expert(&removed.id, true).unwrap();
    (f, last_month)
}

#[test]
fn active_experts_without_a_record_starting_this_month_never_served_first() {
    let (f, last_month) = idle_fixture("2026-03-18");

    let b = board(&f.ledger, "2026-03-18");
    let names: Vec<&str> = b.idle_experts.items.iter().map(|x| x.name.as_str()).collect();
    // 李娜 and 庚 have no live record at all (names in code-point order), then 丙 (last 02-28), 丁 (04-01).
    assert_eq!(names, ["庚", "李娜", "丙", "丁"]);
    assert_eq!(b.idle_experts.total, 4);
    let dates: Vec<Option<&str>> = b.idle_experts.items.iter().map(|x| x.last_service_date.as_deref()).collect();
    assert_eq!(dates, [None, None, Some("2026-02-28"), Some("2026-04-01")]);
    assert_eq!(b.idle_experts.items[2].expert_id, last_month.id);
}

/// The expert list's 本月未服务 filter (the home page's 查看全部) names the same experts as the home page's list, as of
/// the ledger's today, and combines with the list's other filters.
#[test]
fn the_expert_list_filtered_to_unserved_names_the_home_pages_experts() {
    /// The names of the home page's list and of the filtered expert list (narrowed by `q`), each sorted.
    fn both(ledger: &Ledger, q: ExpertQuery) -> (Vec<String>, Vec<String>) {
        let mut home: Vec<String> =
            ledger.dashboard().unwrap().idle_experts.items.into_iter().map(|x| x.name).collect();
        let page = ledger.list_experts(&ExpertQuery { unserved: true, page_size: 500, ..q }).unwrap();
        assert_eq!(page.total as usize, page.items.len());
        let mut list: Vec<String> = page.items.into_iter().map(|x| x.name).collect();
        home.sort();
        list.sort();
        (home, list)
    }
    let (mut f, _) = idle_fixture("2026-03-18");
    let (home, list) = both(&f.ledger, ExpertQuery::default());
    assert_eq!(home, ["丁", "丙", "庚", "李娜"]);
    assert_eq!(list, home);
    // Unfiltered, the list holds the served, the paused and the never-served alike.
    assert_eq!(f.ledger.list_experts(&ExpertQuery::default()).unwrap().total, 7);
    // The filter combines with the others.
    assert_eq!(both(&f.ledger, ExpertQuery { search: Some("丙".into()), ..Default::default() }).1, ["丙"]);
    assert!(both(&f.ledger, ExpertQuery { status: Some(ExpertStatus::Paused), ..Default::default() }).1.is_empty());

    // In April (the ledger's clock, not the machine's), 丁 has served and 甲, 乙, 丙 have not.
    f.ledger.set_clock(Clock::fixed_on(day("2026-04-05")));
    let (home, list) = both(&f.ledger, ExpertQuery::default());
    assert_eq!(home, ["丙", "乙", "庚", "李娜", "甲"]);
    assert_eq!(list, home);
}

#[test]
fn this_month_is_compared_with_last_month() {
    let f = fixture(2);
    visit(&f, "feb-first", 1, "2026-02-01", None, false);
    visit(&f, "feb-last", 1, "2026-02-28", None, false);
    visit(&f, "mar-first", 2, "2026-03-01", None, false);
    visit(&f, "mar-last", 2, "2026-03-31", None, false);
    visit(&f, "mar-deleted", 2, "2026-03-15", None, true);
    visit(&f, "jan-last", 1, "2026-01-31", None, false);
    visit(&f, "apr-first", 1, "2026-04-01", None, false);

    record(&f, &f.li, "2026-02-01", "2026-02-01", 0.5);
    record(&f, &f.li, "2026-02-28", "2026-03-03", 3.5); // counts in February, where it starts
    record(&f, &f.li, "2026-03-01", "2026-03-01", 1.0);
    record(&f, &f.li, "2026-03-31", "2026-04-02", 2.5);
    record(&f, &f.li, "2026-04-01", "2026-04-01", 1.0);
    let gone = record(&f, &f.li, "2026-03-10", "2026-03-10", 1.0);
    exec(&f.ledger, &format!("UPDATE service_records SET deleted_at = 'x' WHERE id = '{}'", gone.id));

    for (id, stage) in [("a", "solved"), ("b", "solved"), ("c", "solved"), ("d", "solved"), ("e", "solving")] {
        need(&f, id, stage, "2026-03-01", id == "d");
    }
    exec(
        &f.ledger,
        "INSERT INTO need_stage_events (id, need_id, from_stage, to_stage, changed_on, created_at) VALUES
             ('e1', 'a', 'solving', 'solved', '2026-03-01', 'n'),
             ('e2', 'b', 'solving', 'solved', '2026-02-28', 'n'),
             ('e3', 'c', 'solving', 'solved', '2026-03-10', 'n'),
             ('e4', 'c', 'solved', 'solving', '2026-03-12', 'n'),
             ('e5', 'c', 'solving', 'solved', '2026-03-15', 'n'),
             ('e6', 'd', 'solving', 'solved', '2026-03-20', 'n'),
             ('e7', 'e', 'matched', 'solving', '2026-03-05', 'n'),
             ('e8', 'a', 'solving', 'solved', '2026-04-01', 'n')",
    );

    let b = board(&f.ledger, "2026-03-18");
    assert_eq!(
        b.this_month,
        MonthFigures { month: "2026-03".into(), visits: 2, service_records: 2, service_days: 3.5, needs_solved: 2 }
    );
    assert_eq!(
        b.last_month,
        MonthFigures { month: "2026-02".into(), visits: 2, service_records: 2, service_days: 4.0, needs_solved: 1 }
    );
    let first = board(&f.ledger, "2026-03-01");
    assert_eq!((first.this_month.month.as_str(), first.this_month.visits), ("2026-03", 2), "the whole month counts");

    let january = board(&f.ledger, "2026-01-10");
    assert_eq!((january.this_month.month.as_str(), january.last_month.month.as_str()), ("2026-01", "2025-12"));
    assert_eq!((january.this_month.visits, january.last_month.visits), (1, 0));
}

#[test]
fn an_empty_ledger_has_an_empty_home_page() {
    let ledger = Ledger::open_in_memory().unwrap();
    let b = board(&ledger, "2026-03-18");
    assert_eq!(b.follow_ups_due.total + b.follow_ups_overdue.total + b.stale_needs.total + b.idle_experts.total, 0);
    assert_eq!(
        b.this_month,
        MonthFigures { month: "2026-03".into(), visits: 0, service_records: 0, service_days: 0.0, needs_solved: 0 }
    );
    assert!(ledger.dashboard().is_ok());
}

/// Times the home page on a large sample made with
/// `cargo run --release -p ledger-cli -- sample --db <file> --scale large`:
/// `LEDGER_LARGE_DB=<file> cargo test --release -p ledger-core --test integration dashboard:: --
/// --ignored --nocapture`.
/// It prints the figures; it asserts no time.
#[test]
#[ignore = "needs a large sample database; run by hand"]
fn home_page_time_on_a_large_sample() {
    let path = std::env::var("LEDGER_LARGE_DB").expect("LEDGER_LARGE_DB names a large sample database");
    let ledger = Ledger::open(std::path::Path::new(&path)).unwrap();
    for today in ["2025-12-31", "2025-06-15", "2026-11-27"] {
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..20 {
            let started = std::time::Instant::now();
            last = Some(ledger.database().read_snapshot(|c| dashboard::dashboard(c, day(today))).unwrap());
            times.push(started.elapsed());
        }
        times.sort();
        let b = last.unwrap();
        println!(
            "{today}: median {:?}, max {:?}; due {}, overdue {}, stale needs {}, idle experts {}, this month {:?}",
            times[times.len() / 2],
            times[times.len() - 1],
            b.follow_ups_due.total,
            b.follow_ups_overdue.total,
            b.stale_needs.total,
            b.idle_experts.total,
            b.this_month
        );
    }
}
