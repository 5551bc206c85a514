//! The expert and enterprise detail pages over a small hand-made fixture: what each list holds and in what order,
//! the totals, the workload of the month and year, the outcome sums (exact fen), and what deleted rows leave out.

use crate::common::{enterprise, exec, expert};
use chrono::NaiveDate;
use ledger_core::model::*;
use ledger_core::reporting::overview::{self, RECENT};
use ledger_core::Ledger;

struct Fixture {
    ledger: Ledger,
    li: Expert,
    wang: Expert,
    factory: Enterprise,
    mill: Enterprise,
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
}

fn visit(f: &Fixture, id: &str, at: &Enterprise, date: &str, deleted: bool, experts: &[&Expert]) {
    let deleted = if deleted { "'2026-03-14T00:00:00Z'" } else { "NULL" };
    exec(
        &f.ledger,
        &format!(
            "INSERT INTO visits (id, enterprise_id, visit_date, mode, purpose, follow_up_date, created_at, updated_at,
                 deleted_at)
             VALUES ('{id}', '{}', '{date}', 'on_site', '了解需求', '2026-04-01', 'n', 'n', {deleted})",
            at.id
        ),
    );
    for x in experts {
        exec(&f.ledger, &format!("INSERT INTO visit_experts (visit_id, expert_id) VALUES ('{id}', '{}')", x.id));
    }
}

fn need(f: &Fixture, id: &str, title: &str, changed: &str, deleted: bool) {
    let deleted = if deleted { "'2026-03-14T00:00:00Z'" } else { "NULL" };
    exec(
        &f.ledger,
        &format!(
            "INSERT INTO needs (id, enterprise_id, source, title, need_type, stage, stage_changed_on, created_at,
                 updated_at, deleted_at)
             VALUES ('{id}', '{}', 'visit', '{title}', 'process_improvement', 'refined', '{changed}', 'n', 'n',
                 {deleted})",
            f.factory.id
        ),
    );
}

/// A service record: (expert, enterprise, start, days, contract fen, investment fen, patents, deleted).
#[allow(clippy::too_many_arguments)]
fn service(
    f: &Fixture,
    id: &str,
    x: &Expert,
    at: &Enterprise,
    start: &str,
    days: f64,
    contract: i64,
    investment: i64,
    patents: i64,
    deleted: bool,
) {
    let deleted = if deleted { "'2026-03-14T00:00:00Z'" } else { "NULL" };
    exec(
        &f.ledger,
        &format!(
            "INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days,
                 service_type, content, contract_amount_fen, investment_fen, patents, created_at, updated_at,
                 deleted_at)
             VALUES ('{id}', '{}', '{}', '{start}', '{start}', {days}, 'consulting', '工艺诊断', {contract},
                 {investment}, {patents}, 'n', 'n', {deleted})",
            x.id, at.id
        ),
    );
}

fn fixture() -> Fixture {
    let ledger = Ledger::open_in_memory().unwrap();
    let li = ledger
        .create_expert(&ExpertInput { id_card: Some("11010519491231002X".into()), ..expert("李娜", None) })
        .unwrap();
    let wang = ledger.create_expert(&expert("王强", None)).unwrap();
    let factory = ledger.create_enterprise(&enterprise("湖州电梯有限公司", 1)).unwrap().record;
    let mill = ledger.create_enterprise(&enterprise("安吉竹木制品厂", 2)).unwrap().record;
    let f = Fixture { ledger, li, wang, factory, mill };
    visit(&f, "v1", &f.factory, "2026-03-02", false, &[&f.wang, &f.li]);
    visit(&f, "v2", &f.mill, "2026-03-10", false, &[&f.li]);
    visit(&f, "v3", &f.factory, "2026-03-12", true, &[&f.li]);
    need(&f, "n1", "曳引机噪声偏大", "2026-03-05", false);
    need(&f, "n2", "已删除的需求", "2026-03-06", true);
    exec(
        &f.ledger,
        &format!(
            "INSERT INTO need_matches (id, need_id, expert_id, method, matched_on, created_at, updated_at)
             VALUES ('m1', 'n1', '{}', 'assigned', '2026-03-06', 'n', 'n')",
            f.li.id
        ),
    );
    service(&f, "s1", &f.li, &f.factory, "2026-03-03", 1.5, 123_456, 0, 1, false);
    service(&f, "s2", &f.li, &f.mill, "2026-02-20", 2.0, 0, 1, 0, false);
    service(&f, "s3", &f.li, &f.factory, "2025-12-01", 1.0, 10, 0, 0, false);
    service(&f, "s4", &f.li, &f.factory, "2026-03-08", 9.0, 999_999_999, 0, 9, true);
    service(&f, "s5", &f.wang, &f.factory, "2026-03-04", 0.5, 0, 0, 0, false);
    f
}

fn expert_overview(f: &Fixture, id: &str) -> ExpertOverview {
    f.ledger.database().read(|c| overview::expert_overview(c, id, today())).unwrap()
}

#[test]
fn expert_page_lists_visits_needs_and_records_latest_first_with_the_id_masked() {
    let f = fixture();
    let o = expert_overview(&f, &f.li.id);
    assert_eq!(o.expert.id_card.as_deref(), Some("110105********002X"));
    assert_eq!(o.expert.name, "李娜");

    let visits: Vec<&str> = o.visits.items.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(visits, ["v2", "v1"], "the deleted visit v3 is left out");
    assert_eq!(o.visits.total, 2);
    assert_eq!(o.visits.items[1].enterprise_name, "湖州电梯有限公司");
    assert_eq!(o.visits.items[1].expert_names, ["李娜", "王强"]);
    assert_eq!(o.visits.items[1].mode, VisitMode::OnSite);

    assert_eq!(o.needs.total, 1);
    let n = &o.needs.items[0];
    assert_eq!(
        (n.title.as_str(), n.stage, n.match_method),
        ("曳引机噪声偏大", NeedStage::Refined, Some(MatchMethod::Assigned))
    );
    assert_eq!(n.matched_on.as_deref(), Some("2026-03-06"));

    let records: Vec<&str> = o.service_records.items.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(records, ["s1", "s2", "s3"]);
    assert_eq!(o.service_records.total, 3);
    assert_eq!(o.service_records.items[0].contract_amount_fen, 123_456);
}

#[test]
fn expert_workload_counts_records_starting_this_month_and_this_year() {
    let f = fixture();
    let w = expert_overview(&f, &f.li.id).workload;
    assert_eq!((w.month_records, w.month_days), (1, 1.5));
    assert_eq!((w.year_records, w.year_days), (2, 3.5));
    let none = expert_overview(&f, &f.wang.id);
    assert_eq!((none.workload.month_records, none.workload.year_records), (1, 1));
}

#[test]
fn outcome_totals_are_exact_and_skip_deleted_records() {
    let f = fixture();
    let o = expert_overview(&f, &f.li.id).outcomes;
    assert_eq!(o.records, 3);
    assert_eq!(o.service_days, 4.5);
    assert_eq!(o.outcomes.contract_amount_fen, 123_466);
    assert_eq!(o.outcomes.investment_fen, 1);
    assert_eq!(o.outcomes.patents, 1);

    let e = f.ledger.enterprise_overview(&f.factory.id).unwrap();
    assert_eq!(e.outcomes.records, 3);
    assert_eq!(e.outcomes.outcomes.contract_amount_fen, 123_466);
    assert_eq!(e.outcomes.service_days, 3.0);
}

#[test]
fn enterprise_page_lists_its_pairings_visits_needs_and_records() {
    let f = fixture();
    f.ledger
        .create_assignment(&AssignmentInput {
            expert_id: f.li.id.clone(),
            enterprise_id: f.factory.id.clone(),
            start_date: "2026-03-01".into(),
            ..Default::default()
        })
        .unwrap();
    let e = f.ledger.enterprise_overview(&f.factory.id).unwrap();
    assert_eq!(e.enterprise.name, "湖州电梯有限公司");
    assert_eq!(e.assignments.len(), 1);
    assert_eq!(e.assignments[0].expert_name, "李娜");
    let visits: Vec<&str> = e.visits.items.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(visits, ["v1"]);
    let needs: Vec<&str> = e.needs.items.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(needs, ["n1"]);
    assert_eq!(e.needs.items[0].match_method, None);
    let records: Vec<&str> = e.service_records.items.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(records, ["s5", "s1", "s3"]);
    assert_eq!(e.service_records.items[0].expert_name, "王强");

    let other = f.ledger.enterprise_overview(&f.mill.id).unwrap();
    assert_eq!((other.visits.total, other.needs.total, other.service_records.total), (1, 0, 1));
}

#[test]
fn long_lists_are_cut_to_the_recent_rows_but_count_them_all() {
    let f = fixture();
    let many = RECENT as usize + 5;
    for i in 0..many {
        let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(i as u64);
        service(&f, &format!("z{i:03}"), &f.wang, &f.mill, &start.to_string(), 1.0, 1, 0, 0, false);
    }
    let o = expert_overview(&f, &f.wang.id);
    assert_eq!(o.service_records.items.len(), RECENT as usize);
    assert_eq!(o.service_records.total as usize, many + 1);
    assert_eq!(o.service_records.items[0].id, "s5", "the latest comes first");
    assert_eq!(o.outcomes.records as usize, many + 1);
    assert_eq!(o.outcomes.outcomes.contract_amount_fen, many as i64);
}

#[test]
fn records_not_in_the_list_are_not_found() {
    let f = fixture();
    assert_eq!(f.ledger.expert_overview("nope").unwrap_err().code(), "not_found");
    f.ledger.delete_enterprise(&f.mill.id, true).unwrap();
    assert_eq!(f.ledger.enterprise_overview(&f.mill.id).unwrap_err().code(), "not_found");
    assert_eq!(f.ledger.expert_overview(&f.li.id).unwrap().outcomes.outcomes.contract_amount_fen, 123_466);
}
