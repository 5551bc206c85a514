//! The ledger's one clock: a fixed day drives every date-dependent result (the home page's follow-ups, "not in the
//! future") and every stamp (created and updated times, audit entries).

use crate::common::{enterprise, exec, expert};
use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::Ledger;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ledger_on(today: &str) -> Ledger {
    let mut ledger = Ledger::open_in_memory().unwrap();
    ledger.set_clock(Clock::fixed_on(day(today)));
    ledger
}

#[test]
fn the_home_page_counts_follow_ups_by_the_ledgers_clock() {
    let mut ledger = ledger_on("2026-03-18");
    assert_eq!(ledger.today(), day("2026-03-18"));
    let li = ledger.create_expert(&expert("李娜", None)).unwrap();
    let firm = ledger.create_enterprise(&enterprise("企业01有限公司", 1)).unwrap().record;
    exec(
        &ledger,
        &format!(
            "INSERT INTO visits (id, enterprise_id, visit_date, mode, follow_up_date, created_at, updated_at)
             VALUES ('v', '{}', '2026-03-02', 'on_site', '2026-03-20', 'n', 'n');
             INSERT INTO visit_experts (visit_id, expert_id) VALUES ('v', '{}');",
            firm.id, li.id
        ),
    );

    let board = ledger.dashboard().unwrap();
    assert_eq!((board.today.as_str(), board.week_end.as_str()), ("2026-03-18", "2026-03-22"));
    assert_eq!((board.follow_ups_due.total, board.follow_ups_overdue.total), (1, 0));

    ledger.set_clock(Clock::fixed_on(day("2026-03-23")));
    let board = ledger.dashboard().unwrap();
    assert_eq!(board.today, "2026-03-23");
    assert_eq!((board.follow_ups_due.total, board.follow_ups_overdue.total), (0, 1));
}

#[test]
fn records_and_audit_entries_are_stamped_by_the_ledgers_clock() {
    let ledger = ledger_on("2026-03-18");
    let stamp = ledger.clock().timestamp();
    let li = ledger.create_expert(&expert("李娜", None)).unwrap();
    assert_eq!((li.stamps.created_at.as_str(), li.stamps.updated_at.as_str()), (stamp.as_str(), stamp.as_str()));
    let at: String = ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT at FROM audit_log WHERE entity_id = ?1", [&li.id], |r| r.get(0))?))
        .unwrap();
    assert_eq!(at, stamp);
}

#[test]
fn how_far_ahead_a_date_may_lie_is_counted_from_the_ledgers_today() {
    // At most five years ahead: a service start in June 2031 is refused in March 2026, accepted in January 2027.
    let mut input = expert("李娜", None);
    input.service_start = Some("2031-06-01".to_owned());
    assert!(ledger_on("2026-03-18").create_expert(&input).is_err());
    assert!(ledger_on("2027-01-01").create_expert(&input).is_ok());
}
