//! 统计: every figure of the statistics engine on a hand-built fixture (two units, two batches, enterprises in two
//! provinces and without a region, visits with several experts, records across month boundaries, rows in the recycle
//! bin, needs moving through dated stages, one solved twice), each computed by hand in the test; scopes by unit, by
//! batch and by region and a range of days that starts and ends inside months. On the small sample: the parts add up
//! to the totals, the totals agree with a recount of the rows and with the home page, and the per-month sums table
//! and per-year sums tables follow every kind of change.

use crate::common;

use std::time::Instant;

use crate::common::{enterprise, exec, expert};
use chrono::NaiveDate;
use ledger_core::model::*;
use ledger_core::reporting::report_filter::{self, Condition};
use ledger_core::sample::{self, Scale};
use ledger_core::{fieldwork::service_records, reporting::dashboard, reporting::statistics, CoreError, Ledger};
use rusqlite::params_from_iter;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn filter(period: &str, region: Option<&str>, organization: Option<&str>, batch: Option<&str>) -> ReportFilter {
    ReportFilter {
        period: period.to_owned(),
        region: region.map(Into::into),
        organization_id: organization.map(Into::into),
        batch_id: batch.map(Into::into),
        origins: None,
        reviewed_only: None,
    }
}

/// The statistics as of 2025-06-30 (after every period of the fixture, so stale needs are judged at the period's
/// end).
fn stats(ledger: &Ledger, f: ReportFilter) -> Statistics {
    ledger.database().read_snapshot(|c| statistics::statistics(c, &f, day("2025-06-30"))).unwrap()
}

/// The fixture, all by SQL so every date (and `created_at`) is exactly as written:
///
/// | expert | unit | batch |   | enterprise | province | city | county |
/// |---|---|---|---|---|---|---|---|
/// | x1 甲 | o1 浙江大学 | b1 | | n1 | 浙江省 | 宁波市 | 鄞州区 |
/// | x2 乙 | o1 | b2 | | n2 | 浙江省 | 宁波市 | 北仑区 |
/// | x3 丙 | o2 中科院宁波所 | b1 | | n3 | 浙江省 | 温州市 | — |
/// | x4 丁 | — | b2 | | n4 | 江苏省 | 苏州市 | 吴中区 |
/// | x5 戊 (never works) | o2 | b2 | | n5 | — | — | — |
/// | x6 己 (in the recycle bin) | o1 | b1 | | | | | |
fn fixture() -> Ledger {
    let ledger = Ledger::open_in_memory().unwrap();
    exec(
        &ledger,
        "INSERT INTO organizations (id, name, kind, created_at, updated_at) VALUES
             ('o1', '浙江大学', 'university', 't', 't'), ('o2', '中科院宁波所', 'institute', 't', 't');
         INSERT INTO batches (id, name, created_at, updated_at) VALUES
             ('b1', '2024年第一批', 't', 't'), ('b2', '2024年第二批', 't', 't');
         INSERT INTO experts (id, name, title, organization_id, batch_id, created_at, updated_at, deleted_at) VALUES
             ('x1', '甲', 'senior', 'o1', 'b1', 't', 't', NULL), ('x2', '乙', 'senior', 'o1', 'b2', 't', 't', NULL),
             ('x3', '丙', 'senior', 'o2', 'b1', 't', 't', NULL), ('x4', '丁', 'other', NULL, 'b2', 't', 't', NULL),
             ('x5', '戊', 'junior', 'o2', 'b2', 't', 't', NULL), ('x6', '己', 'junior', 'o1', 'b1', 't', 't', 't');
         INSERT INTO enterprises (id, name, credit_code, province, city, county, created_at, updated_at) VALUES
             ('n1', '宁波甲公司', 'c1', '浙江省', '宁波市', '鄞州区', 't', 't'),
             ('n2', '宁波乙公司', 'c2', '浙江省', '宁波市', '北仑区', 't', 't'),
             ('n3', '温州丙公司', 'c3', '浙江省', '温州市', NULL, 't', 't'),
             ('n4', '苏州丁公司', 'c4', '江苏省', '苏州市', '吴中区', 't', 't'),
             ('n5', '无地区公司', 'c5', NULL, NULL, NULL, 't', 't');

         INSERT INTO visits (id, enterprise_id, visit_date, mode, created_at, updated_at, deleted_at) VALUES
             ('v1', 'n1', '2024-01-31', 'on_site', 't', 't', NULL),
             ('v2', 'n3', '2024-02-01', 'online', 't', 't', NULL),
             ('v3', 'n4', '2024-03-15', 'on_site', 't', 't', NULL),
             ('v4', 'n2', '2024-02-20', 'phone', 't', 't', 'in the bin'),
             ('v5', 'n1', '2023-12-31', 'on_site', 't', 't', NULL),
             ('v6', 'n5', '2024-04-02', 'phone', 't', 't', NULL);
         INSERT INTO visit_experts VALUES ('v1', 'x1'), ('v1', 'x3'), ('v2', 'x2'), ('v3', 'x4'), ('v3', 'x1'),
             ('v4', 'x3'), ('v5', 'x1'), ('v6', 'x2');

         INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days, service_type,
                 contract_amount_fen, investment_fen, policy_funds_fen, cost_saved_fen, output_value_fen,
                 profit_tax_fen, patents, new_products, new_technologies, people_trained, needs_solved,
                 created_at, updated_at, deleted_at) VALUES
             ('s1', 'x1', 'n1', '2024-01-31', '2024-02-02', 3.0, 'consulting', 1000000, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
                 't', 't', NULL),
             ('s2', 'x1', 'n2', '2024-02-10', '2024-02-10', 1.0, 'training', 0, 250050, 0, 0, 0, 0, 0, 0, 0, 30, 0,
                 't', 't', NULL),
             ('s3', 'x2', 'n3', '2024-02-29', '2024-03-01', 2.0, 'tech_breakthrough', 0, 0, 12345, 0, 0, 0, 0, 0, 0, 0,
                 1, 't', 't', NULL),
             ('s4', 'x3', 'n1', '2024-03-31', '2024-04-01', 1.5, 'consulting', 0, 0, 0, 999, 0, 0, 0, 2, 0, 0, 0,
                 't', 't', NULL),
             ('s5', 'x4', 'n4', '2024-01-01', '2024-01-01', 0.5, 'result_transfer', 0, 0, 0, 0, 700000, 70000, 0, 0,
                 1, 0, 0, 't', 't', NULL),
             ('s6', 'x3', 'n4', '2024-02-15', '2024-02-15', 2.0, 'consulting', 500, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                 't', 't', 'in the bin'),
             ('s7', 'x1', 'n1', '2023-12-30', '2023-12-30', 1.0, 'consulting', 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                 't', 't', NULL),
             ('s8', 'x6', 'n5', '2024-03-05', '2024-03-05', 1.0, 'other', 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                 't', 't', NULL),
             ('s9', 'x2', 'n2', '2024-04-01', '2024-04-01', 1.0, 'consulting', 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                 't', 't', NULL);

         INSERT INTO needs (id, enterprise_id, source, title, need_type, stage, stage_changed_on, created_at,
                 updated_at, deleted_at) VALUES
             ('d1', 'n1', 'visit', '需求一', 'other', 'solved', '2024-03-20', '2024-01-05T02:00:00.000Z', 't', NULL),
             ('d2', 'n3', 'visit', '需求二', 'other', 'refined', '2024-02-05', '2024-02-01T10:00:00.000Z', 't', NULL),
             ('d3', 'n4', 'visit', '需求三', 'other', 'solving', '2024-05-01', '2023-11-10T00:00:00.000Z', 't', NULL),
             ('d4', 'n2', 'visit', '需求四', 'other', 'discovered', '2024-03-31', '2024-03-31T23:30:00.000Z', 't',
                 NULL),
             ('d5', 'n1', 'visit', '需求五', 'other', 'solved', '2024-02-01', '2024-01-10T00:00:00.000Z', 't',
                 'in the bin'),
             ('d6', 'n5', 'visit', '需求六', 'other', 'shelved', '2024-02-20', '2024-02-10T08:00:00.000Z', 't', NULL),
             ('d7', 'n1', 'visit', '需求七', 'other', 'discovered', '2024-04-05', '2024-04-05T01:00:00.000Z', 't',
                 NULL),
             ('d8', 'n3', 'visit', '需求八', 'other', 'solved', '2024-03-05', '2024-01-02T00:00:00.000Z', 't', NULL);
         INSERT INTO need_stage_events (id, need_id, from_stage, to_stage, changed_on, created_at) VALUES
             ('e11', 'd1', NULL, 'discovered', '2024-01-05', '2024-01-05T02:00:00.000Z'),
             ('e12', 'd1', 'discovered', 'refined', '2024-01-20', '2024-01-20T02:00:00.000Z'),
             ('e13', 'd1', 'refined', 'matched', '2024-02-10', '2024-02-10T02:00:00.000Z'),
             ('e14', 'd1', 'matched', 'solving', '2024-02-15', '2024-02-15T02:00:00.000Z'),
             ('e15', 'd1', 'solving', 'solved', '2024-03-20', '2024-03-20T02:00:00.000Z'),
             ('e21', 'd2', NULL, 'discovered', '2024-02-01', '2024-02-01T10:00:00.000Z'),
             ('e22', 'd2', 'discovered', 'refined', '2024-02-05', '2024-02-05T10:00:00.000Z'),
             ('e31', 'd3', NULL, 'discovered', '2023-11-10', '2023-11-10T00:00:00.000Z'),
             ('e32', 'd3', 'discovered', 'refined', '2023-12-01', '2023-12-01T00:00:00.000Z'),
             ('e33', 'd3', 'refined', 'matched', '2024-04-10', '2024-04-10T00:00:00.000Z'),
             ('e34', 'd3', 'matched', 'solving', '2024-05-01', '2024-05-01T00:00:00.000Z'),
             ('e41', 'd4', NULL, 'discovered', '2024-03-31', '2024-03-31T23:30:00.000Z'),
             ('e51', 'd5', NULL, 'discovered', '2024-01-10', '2024-01-10T00:00:00.000Z'),
             ('e52', 'd5', 'discovered', 'solved', '2024-02-01', '2024-02-01T00:00:00.000Z'),
             ('e61', 'd6', NULL, 'discovered', '2024-02-10', '2024-02-10T08:00:00.000Z'),
             ('e62', 'd6', 'discovered', 'shelved', '2024-02-20', '2024-02-20T08:00:00.000Z'),
             ('e71', 'd7', NULL, 'discovered', '2024-04-05', '2024-04-05T01:00:00.000Z'),
             ('e81', 'd8', NULL, 'discovered', '2024-01-02', '2024-01-02T00:00:00.000Z'),
             ('e82', 'd8', 'discovered', 'refined', '2024-01-03', '2024-01-03T00:00:00.000Z'),
             ('e83', 'd8', 'refined', 'matched', '2024-01-04', '2024-01-04T00:00:00.000Z'),
             ('e84', 'd8', 'matched', 'solving', '2024-01-05', '2024-01-05T00:00:00.000Z'),
             ('e85', 'd8', 'solving', 'solved', '2024-01-10', '2024-01-10T00:00:00.000Z'),
             ('e86', 'd8', 'solved', 'solving', '2024-01-20', '2024-01-20T00:00:00.000Z'),
             ('e87', 'd8', 'solving', 'solved', '2024-03-05', '2024-03-05T00:00:00.000Z');
         INSERT INTO need_matches (id, need_id, expert_id, method, matched_on, created_at, updated_at, deleted_at)
         VALUES ('m1', 'd1', 'x3', 'assigned', '2024-02-10', 't', 't', NULL),
                ('m2', 'd1', 'x1', 'recommended', '2024-02-10', 't', 't', NULL),
                ('m3', 'd2', 'x1', 'claimed', '2024-02-06', 't', 't', 'in the bin'),
                ('m4', 'd3', 'x4', 'assigned', '2024-04-10', 't', 't', NULL),
                ('m5', 'd4', 'x2', 'claimed', '2024-04-05', 't', 't', NULL),
                ('m6', 'd5', 'x1', 'assigned', '2024-02-01', 't', 't', NULL),
                ('m7', 'd8', 'x2', 'assigned', '2024-01-04', 't', 't', NULL);",
    );
    ledger
}

/// Outcome sums written as (records, days, [contract, investment, policy funds, cost saved, output value,
/// profit-tax], [patents, new products, new technologies, people trained, needs solved]).
fn sums(records: u32, days: f64, money: [i64; 6], counts: [u32; 5]) -> OutcomeTotals {
    OutcomeTotals {
        records,
        service_days: days,
        outcomes: Outcomes {
            contract_amount_fen: money[0],
            investment_fen: money[1],
            policy_funds_fen: money[2],
            cost_saved_fen: money[3],
            output_value_fen: money[4],
            profit_tax_fen: money[5],
            patents: counts[0],
            new_products: counts[1],
            new_technologies: counts[2],
            people_trained: counts[3],
            needs_solved: counts[4],
        },
    }
}

// The outcomes of each record of the fixture.
fn s1() -> OutcomeTotals {
    sums(1, 3.0, [1_000_000, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0])
}
fn s2() -> OutcomeTotals {
    sums(1, 1.0, [0, 250_050, 0, 0, 0, 0], [0, 0, 0, 30, 0])
}
fn s3() -> OutcomeTotals {
    sums(1, 2.0, [0, 0, 12_345, 0, 0, 0], [0, 0, 0, 0, 1])
}
fn s4() -> OutcomeTotals {
    sums(1, 1.5, [0, 0, 0, 999, 0, 0], [0, 2, 0, 0, 0])
}
fn s5() -> OutcomeTotals {
    sums(1, 0.5, [0, 0, 0, 0, 700_000, 70_000], [0, 0, 1, 0, 0])
}
fn s8() -> OutcomeTotals {
    sums(1, 1.0, [100, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0])
}
fn s9() -> OutcomeTotals {
    sums(1, 1.0, [9, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0])
}

/// The sum of some records' outcomes.
fn total(parts: &[OutcomeTotals]) -> OutcomeTotals {
    parts.iter().fold(OutcomeTotals::default(), |mut t, p| {
        t.records += p.records;
        t.service_days += p.service_days;
        t.outcomes.contract_amount_fen += p.outcomes.contract_amount_fen;
        t.outcomes.investment_fen += p.outcomes.investment_fen;
        t.outcomes.policy_funds_fen += p.outcomes.policy_funds_fen;
        t.outcomes.cost_saved_fen += p.outcomes.cost_saved_fen;
        t.outcomes.output_value_fen += p.outcomes.output_value_fen;
        t.outcomes.profit_tax_fen += p.outcomes.profit_tax_fen;
        t.outcomes.patents += p.outcomes.patents;
        t.outcomes.new_products += p.outcomes.new_products;
        t.outcomes.new_technologies += p.outcomes.new_technologies;
        t.outcomes.people_trained += p.outcomes.people_trained;
        t.outcomes.needs_solved += p.outcomes.needs_solved;
        t
    })
}

/// A month as (month, visits, person-visits, records, days, needs new, needs solved).
fn month(m: &str, visits: u32, person_visits: u32, records: u32, days: f64, new: u32, solved: u32) -> MonthStatistics {
    MonthStatistics {
        month: m.to_owned(),
        visits,
        person_visits,
        service_records: records,
        service_days: days,
        needs_new: new,
        needs_solved: solved,
    }
}

/// The stock by stage, in stage order: 挖掘, 凝练, 对接, 解决中, 已解决, 搁置, 已合并.
fn stock(counts: [u32; 7]) -> Vec<StageCount> {
    NeedStage::ALL.iter().zip(counts).map(|(&stage, count)| StageCount { stage, count }).collect()
}

/// An expert row as (id, name, unit name, visits, enterprises, needs matched, outcomes).
fn expert_row(
    id: &str,
    name: &str,
    unit: Option<&str>,
    visits: u32,
    enterprises: u32,
    needs_matched: u32,
    outcomes: OutcomeTotals,
) -> ExpertStatistics {
    ExpertStatistics {
        expert_id: id.to_owned(),
        name: name.to_owned(),
        organization_name: unit.map(Into::into),
        visits,
        enterprises,
        needs_matched,
        outcomes,
    }
}

/// A unit row as (id, experts, active, person-visits, enterprises, outcomes); name and kind from the fixture.
fn unit_row(
    id: Option<&str>,
    experts: u32,
    active_experts: u32,
    person_visits: u32,
    enterprises: u32,
    outcomes: OutcomeTotals,
) -> OrganizationStatistics {
    let (name, kind) = match id {
        Some("o1") => (Some("浙江大学".to_owned()), Some(OrganizationKind::University)),
        Some(_) => (Some("中科院宁波所".to_owned()), Some(OrganizationKind::Institute)),
        None => (None, None),
    };
    OrganizationStatistics {
        organization_id: id.map(Into::into),
        name,
        kind,
        experts,
        active_experts,
        person_visits,
        enterprises,
        outcomes,
    }
}

/// A region row as (name, enterprises, visits, needs new, needs solved, outcomes).
fn region_row(
    name: &str,
    enterprises: u32,
    visits: u32,
    new: u32,
    solved: u32,
    outcomes: OutcomeTotals,
) -> RegionStatistics {
    RegionStatistics { region: name.to_owned(), enterprises, visits, needs_new: new, needs_solved: solved, outcomes }
}

#[test]
fn a_quarter_of_everything() {
    let ledger = fixture();
    let s = stats(&ledger, filter("2024-Q1", None, None, None));
    assert_eq!(s.period.label, "2024年第一季度");
    assert_eq!(s.scope_label, "");
    // v1 (x1, x3), v2 (x2), v3 (x4, x1); v4 is in the bin, v5 and v6 are outside the quarter.
    assert_eq!(s.visits, VisitFigures { visits: 3, person_visits: 5, experts: 4, enterprises: 3 });
    // s1 (starts 01-31, ends in February), s2, s3 (02-29 → 03-01), s4 (03-31 → 04-01), s5, s8 (its expert is in
    // the bin, the record is not); s6 is in the bin, s7 and s9 are outside.
    assert_eq!(s.outcomes, total(&[s1(), s2(), s3(), s4(), s5(), s8()]));
    assert_eq!(
        s.outcomes,
        sums(6, 9.0, [1_000_100, 250_050, 12_345, 999, 700_000, 70_000], [1, 2, 1, 30, 1]),
        "the same, written out"
    );
    assert_eq!((s.experts_served, s.enterprises_served), (5, 5), "x1–x4 and x6; n1–n5");
    // New: d1, d2, d4 (23:30 UTC on 03-31), d6, d8; d3 is older, d5 in the bin, d7 later. Solved: d1 and d8 (twice,
    // counted once). At 03-31: d1 solved, d2 refined, d3 refined (its later changes are after the quarter), d4
    // discovered, d6 shelved, d8 solved. Stale (no change since 03-01 or before): d2 and d3.
    assert_eq!(s.needs, NeedFigures { new: 5, solved: 2, by_stage: stock([1, 2, 0, 0, 2, 1, 0]), stale: 2 });
    assert_eq!(
        s.per_month,
        [
            month("2024-01", 1, 2, 2, 3.5, 2, 0),
            month("2024-02", 1, 1, 2, 3.0, 2, 0),
            month("2024-03", 1, 2, 2, 2.5, 1, 2),
        ],
        "d8 counts in March, the month of its last solve"
    );
    assert_eq!(
        s.per_expert,
        [
            expert_row("x1", "甲", Some("浙江大学"), 2, 3, 1, total(&[s1(), s2()])),
            expert_row("x2", "乙", Some("浙江大学"), 1, 1, 1, s3()),
            expert_row("x3", "丙", Some("中科院宁波所"), 1, 1, 1, s4()),
            expert_row("x6", "己", Some("浙江大学"), 0, 1, 0, s8()),
            expert_row("x4", "丁", None, 1, 1, 0, s5()),
        ],
        "by service days; x1 matched d1 (its match to d2 and the need d5 are in the bin)"
    );
    assert_eq!(
        s.per_organization,
        [
            unit_row(Some("o1"), 3, 3, 3, 5, total(&[s1(), s2(), s3(), s8()])),
            unit_row(Some("o2"), 2, 1, 1, 1, s4()),
            unit_row(None, 1, 1, 1, 1, s5()),
        ],
        "o1: x1, x2 and x6 (in the bin but with a record); o2: x3 and x5, who did nothing"
    );
    assert_eq!(
        s.per_region,
        [
            region_row("宁波市", 2, 1, 2, 1, total(&[s1(), s2(), s4()])),
            region_row("温州市", 1, 1, 2, 1, s3()),
            region_row("未填地区", 1, 0, 1, 0, s8()),
            region_row("苏州市", 1, 1, 0, 0, s5()),
        ]
    );
}

#[test]
fn a_year_of_everything_reads_the_yearly_sums() {
    let ledger = fixture();
    let s = stats(&ledger, filter("2024", None, None, None));
    assert_eq!(s.period.label, "2024年");
    assert_eq!(s.visits, VisitFigures { visits: 4, person_visits: 6, experts: 4, enterprises: 4 });
    assert_eq!(s.outcomes, total(&[s1(), s2(), s3(), s4(), s5(), s8(), s9()]));
    assert_eq!((s.experts_served, s.enterprises_served), (5, 5));
    // New: d1, d2, d4, d6, d7, d8. At the year's end d3 is solving (since 05-01), d7 discovered; stale on 12-01 or
    // before: d2, d3, d4, d7.
    assert_eq!(s.needs, NeedFigures { new: 6, solved: 2, by_stage: stock([2, 1, 0, 1, 2, 1, 0]), stale: 4 });
    let mut months: Vec<MonthStatistics> =
        (1..=12).map(|m| month(&format!("2024-{m:02}"), 0, 0, 0, 0.0, 0, 0)).collect();
    months[0] = month("2024-01", 1, 2, 2, 3.5, 2, 0);
    months[1] = month("2024-02", 1, 1, 2, 3.0, 2, 0);
    months[2] = month("2024-03", 1, 2, 2, 2.5, 1, 2);
    months[3] = month("2024-04", 1, 1, 1, 1.0, 1, 0);
    assert_eq!(s.per_month, months, "the months of the yearly sums come from the per-day totals");
    assert_eq!(
        s.per_expert,
        [
            expert_row("x1", "甲", Some("浙江大学"), 2, 3, 1, total(&[s1(), s2()])),
            expert_row("x2", "乙", Some("浙江大学"), 2, 3, 2, total(&[s3(), s9()])),
            expert_row("x3", "丙", Some("中科院宁波所"), 1, 1, 1, s4()),
            expert_row("x6", "己", Some("浙江大学"), 0, 1, 0, s8()),
            expert_row("x4", "丁", None, 1, 1, 1, s5()),
        ]
    );
    assert_eq!(
        s.per_organization,
        [
            unit_row(Some("o1"), 3, 3, 4, 5, total(&[s1(), s2(), s3(), s8(), s9()])),
            unit_row(Some("o2"), 2, 1, 1, 1, s4()),
            unit_row(None, 1, 1, 1, 1, s5()),
        ]
    );
    assert_eq!(
        s.per_region,
        [
            region_row("宁波市", 2, 1, 3, 1, total(&[s1(), s2(), s4(), s9()])),
            region_row("温州市", 1, 1, 2, 1, s3()),
            region_row("未填地区", 1, 1, 1, 0, s8()),
            region_row("苏州市", 1, 1, 0, 0, s5()),
        ]
    );
    // A unit reads the monthly sums instead; its figures are the same rows of work.
    let unit = stats(&ledger, filter("2024", None, Some("o1"), None));
    assert_eq!(unit.outcomes, total(&[s1(), s2(), s3(), s8(), s9()]));
    assert_eq!(unit.per_month[3], month("2024-04", 1, 1, 1, 1.0, 0, 0), "d7 has no expert of o1");
}

#[test]
fn a_unit_counts_the_work_of_its_experts() {
    let ledger = fixture();
    let s = stats(&ledger, filter("2024-Q1", None, Some("o1"), None));
    assert_eq!(s.scope_label, "浙江大学");
    // Every visit has an expert of o1 (x1 or x2); only they count as person-visits.
    assert_eq!(s.visits, VisitFigures { visits: 3, person_visits: 3, experts: 2, enterprises: 3 });
    assert_eq!(s.outcomes, total(&[s1(), s2(), s3(), s8()]));
    assert_eq!((s.experts_served, s.enterprises_served), (3, 5));
    // Needs with a live match to x1, x2 or x6: d1 (x1), d4 (x2, matched later), d8 (x2); d2's match is in the bin.
    assert_eq!(s.needs, NeedFigures { new: 3, solved: 2, by_stage: stock([1, 0, 0, 0, 2, 0, 0]), stale: 0 });
    assert_eq!(
        s.per_month,
        [
            month("2024-01", 1, 1, 1, 3.0, 2, 0),
            month("2024-02", 1, 1, 2, 3.0, 0, 0),
            month("2024-03", 1, 1, 1, 1.0, 1, 2),
        ]
    );
    assert_eq!(
        s.per_expert,
        [
            expert_row("x1", "甲", Some("浙江大学"), 2, 3, 1, total(&[s1(), s2()])),
            expert_row("x2", "乙", Some("浙江大学"), 1, 1, 1, s3()),
            expert_row("x6", "己", Some("浙江大学"), 0, 1, 0, s8()),
        ]
    );
    assert_eq!(s.per_organization, [unit_row(Some("o1"), 3, 3, 3, 5, total(&[s1(), s2(), s3(), s8()]))]);
    assert_eq!(
        s.per_region,
        [
            region_row("宁波市", 2, 1, 2, 1, total(&[s1(), s2()])),
            region_row("温州市", 1, 1, 1, 1, s3()),
            region_row("未填地区", 1, 0, 0, 0, s8()),
            region_row("苏州市", 1, 1, 0, 0, OutcomeTotals::default()),
        ],
        "苏州市 was visited by x1 and served only by x4, who is not of o1"
    );
}

#[test]
fn a_batch_counts_the_work_of_its_experts() {
    let ledger = fixture();
    let s = stats(&ledger, filter("2024-Q1", None, None, Some("b2")));
    assert_eq!(s.scope_label, "2024年第二批");
    // b2: x2, x4, x5. v1 has none of them; v3 counts x4 but not x1.
    assert_eq!(s.visits, VisitFigures { visits: 2, person_visits: 2, experts: 2, enterprises: 2 });
    assert_eq!(s.outcomes, total(&[s3(), s5()]));
    assert_eq!((s.experts_served, s.enterprises_served), (2, 2));
    // d3 (x4), d4 (x2), d8 (x2): d3 is older and still refined at the quarter's end, and stale.
    assert_eq!(s.needs, NeedFigures { new: 2, solved: 1, by_stage: stock([1, 1, 0, 0, 1, 0, 0]), stale: 1 });
    assert_eq!(
        s.per_month,
        [
            month("2024-01", 0, 0, 1, 0.5, 1, 0),
            month("2024-02", 1, 1, 1, 2.0, 0, 0),
            month("2024-03", 1, 1, 0, 0.0, 1, 1),
        ]
    );
    assert_eq!(
        s.per_expert,
        [expert_row("x2", "乙", Some("浙江大学"), 1, 1, 1, s3()), expert_row("x4", "丁", None, 1, 1, 0, s5())]
    );
    assert_eq!(
        s.per_organization,
        [
            unit_row(Some("o1"), 1, 1, 1, 1, s3()),
            unit_row(None, 1, 1, 1, 1, s5()),
            unit_row(Some("o2"), 1, 0, 0, 0, OutcomeTotals::default()),
        ],
        "x5 of o2 is in the batch but did nothing"
    );
    assert_eq!(
        s.per_region,
        [
            region_row("温州市", 1, 1, 1, 1, s3()),
            region_row("苏州市", 1, 1, 0, 0, s5()),
            region_row("宁波市", 0, 0, 1, 0, OutcomeTotals::default()),
        ],
        "宁波市 only has d4's arrival"
    );
}

#[test]
fn a_city_lists_its_counties() {
    let ledger = fixture();
    let s = stats(&ledger, filter("2024-Q1", Some("宁波市"), None, None));
    assert_eq!(s.scope_label, "宁波市");
    assert_eq!(s.visits, VisitFigures { visits: 1, person_visits: 2, experts: 2, enterprises: 1 });
    assert_eq!(s.outcomes, total(&[s1(), s2(), s4()]));
    assert_eq!((s.experts_served, s.enterprises_served), (2, 2));
    assert_eq!(s.needs, NeedFigures { new: 2, solved: 1, by_stage: stock([1, 0, 0, 0, 1, 0, 0]), stale: 0 });
    assert_eq!(
        s.per_month,
        [
            month("2024-01", 1, 2, 1, 3.0, 1, 0),
            month("2024-02", 0, 0, 1, 1.0, 0, 0),
            month("2024-03", 0, 0, 1, 1.5, 1, 1),
        ]
    );
    assert_eq!(
        s.per_expert,
        [
            expert_row("x1", "甲", Some("浙江大学"), 1, 2, 1, total(&[s1(), s2()])),
            expert_row("x3", "丙", Some("中科院宁波所"), 1, 1, 1, s4()),
        ]
    );
    assert_eq!(
        s.per_organization,
        [
            unit_row(Some("o1"), 2, 1, 1, 2, total(&[s1(), s2()])),
            unit_row(Some("o2"), 2, 1, 1, 1, s4()),
            unit_row(None, 1, 0, 0, 0, OutcomeTotals::default()),
        ],
        "x6 is in the bin and did nothing in 宁波市"
    );
    assert_eq!(
        s.per_region,
        [region_row("鄞州区", 1, 1, 1, 1, total(&[s1(), s4()])), region_row("北仑区", 1, 0, 1, 0, s2())]
    );
    let province = stats(&ledger, filter("2024-Q1", Some("浙江省"), None, None));
    let names: Vec<&str> = province.per_region.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(names, ["宁波市", "温州市"], "a province lists its cities");
    let county = stats(&ledger, filter("2024-Q1", Some("北仑区"), None, None));
    assert_eq!(county.per_region, [region_row("北仑区", 1, 0, 1, 0, s2())], "a county lists itself");
}

#[test]
fn a_range_of_days_cuts_months() {
    let ledger = fixture();
    let s = stats(&ledger, filter("2024-01-15..2024-03-10", None, None, None));
    assert_eq!(s.period.label, "2024-01-15至2024-03-10");
    assert_eq!(s.visits, VisitFigures { visits: 2, person_visits: 3, experts: 3, enterprises: 2 });
    // s5 (01-01) and s4 (03-31) fall outside.
    assert_eq!(s.outcomes, total(&[s1(), s2(), s3(), s8()]));
    assert_eq!((s.experts_served, s.enterprises_served), (4, 4));
    // New: d2, d6. Solved: d8's second solve (03-05); its first (01-10) is before the range. At 03-10 d1 was
    // solving (since 02-15, not stale: the cutoff is 02-09), d2 and d3 refined and stale, d6 shelved, d8 solved.
    assert_eq!(s.needs, NeedFigures { new: 2, solved: 1, by_stage: stock([0, 2, 0, 1, 1, 1, 0]), stale: 2 });
    assert_eq!(
        s.per_month,
        [
            month("2024-01", 1, 2, 1, 3.0, 0, 0),
            month("2024-02", 1, 1, 2, 3.0, 2, 0),
            month("2024-03", 0, 0, 1, 1.0, 0, 1),
        ]
    );
    assert_eq!(
        s.per_expert,
        [
            expert_row("x1", "甲", Some("浙江大学"), 1, 2, 1, total(&[s1(), s2()])),
            expert_row("x2", "乙", Some("浙江大学"), 1, 1, 0, s3()),
            expert_row("x6", "己", Some("浙江大学"), 0, 1, 0, s8()),
            expert_row("x3", "丙", Some("中科院宁波所"), 1, 1, 1, OutcomeTotals::default()),
        ]
    );
    assert_eq!(
        s.per_region,
        [
            region_row("宁波市", 2, 1, 0, 0, total(&[s1(), s2()])),
            region_row("温州市", 1, 1, 1, 1, s3()),
            region_row("未填地区", 1, 0, 1, 0, s8()),
        ]
    );
}

#[test]
fn the_stale_rule_is_the_home_page_rule_and_stops_at_today() {
    let ledger = fixture();
    let at = |period: &str, today: &str| {
        let f = filter(period, None, None, None);
        ledger.database().read_snapshot(|c| statistics::statistics(c, &f, day(today))).unwrap().needs.stale
    };
    // March 2024 judged on a day inside it: d3 (refined 2023-12-01) is stale; d2 (refined 02-05) is after 29 days
    // of no change, not yet; after exactly 30, as on the home page.
    assert_eq!(at("2024-03", "2024-03-05"), 1);
    assert_eq!(at("2024-03", "2024-03-06"), 2);
    // February judged at its end (02-29): d3, and d8, solving since it was reopened on 01-20 (its stage then, not
    // now); d2's change is 24 days old.
    assert_eq!(at("2024-02", "2025-06-30"), 2);
}

#[test]
fn a_bad_filter_is_refused_field_by_field() {
    let ledger = fixture();
    let refused = |f: ReportFilter| -> Vec<String> {
        match ledger.statistics(&f) {
            Err(CoreError::Validation(fields)) => fields.into_iter().map(|f| f.field).collect(),
            other => panic!("{f:?} gave {other:?}"),
        }
    };
    assert_eq!(refused(filter("2024-Q5", None, None, None)), ["period"]);
    assert_eq!(refused(filter("2024", None, Some("o9"), None)), ["organizationId"]);
    assert_eq!(refused(filter("2024-02-30", None, Some("o1"), Some("b9"))), ["period", "batchId"]);
    let ok = ledger.statistics(&filter(" 2024-03 ", Some(" "), Some(""), None)).unwrap();
    assert_eq!((ok.period.label.as_str(), ok.scope_label.as_str()), ("2024年3月", ""), "blanks are no scope");
}

/// The small sample with seed 7.
fn small_sample() -> Ledger {
    let ledger = Ledger::open_in_memory().unwrap();
    sample::generate(ledger.database(), 7, Scale::Small, sample::FIXED_AS_OF).unwrap();
    ledger
}

/// One text value of the sample: the first row of `sql`.
fn first(ledger: &Ledger, sql: &str) -> String {
    ledger.database().read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
}

/// The parts of `s` add up to its totals, and the totals agree with counts made straight from the rows with the
/// scope's own conditions.
fn check_consistency(ledger: &Ledger, f: &ReportFilter) {
    let s = ledger.statistics(f).unwrap();
    let what = format!("{f:?}");
    let months = &s.per_month;
    let sum = |g: &dyn Fn(&MonthStatistics) -> u32| months.iter().map(g).sum::<u32>();
    assert_eq!(sum(&|m| m.service_records), s.outcomes.records, "{what}: months' records");
    assert_eq!(months.iter().map(|m| m.service_days).sum::<f64>(), s.outcomes.service_days, "{what}: months' days");
    assert_eq!(sum(&|m| m.visits), s.visits.visits, "{what}: months' visits");
    assert_eq!(sum(&|m| m.person_visits), s.visits.person_visits, "{what}: months' person-visits");
    assert_eq!(sum(&|m| m.needs_new), s.needs.new, "{what}: months' new needs");
    assert_eq!(sum(&|m| m.needs_solved), s.needs.solved, "{what}: months' solved needs");

    let experts: Vec<OutcomeTotals> = s.per_expert.iter().map(|x| x.outcomes.clone()).collect();
    assert_eq!(total(&experts), s.outcomes, "{what}: the experts' outcomes");
    assert_eq!(s.per_expert.iter().map(|x| x.visits).sum::<u32>(), s.visits.person_visits, "{what}");
    assert_eq!(s.per_expert.len() as u32, s.experts_served, "{what}: experts who worked");
    let days: Vec<f64> = s.per_expert.iter().map(|x| x.outcomes.service_days).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{what}: experts by service days");

    let units: Vec<OutcomeTotals> = s.per_organization.iter().map(|o| o.outcomes.clone()).collect();
    assert_eq!(total(&units), s.outcomes, "{what}: the units' outcomes");
    assert_eq!(s.per_organization.iter().map(|o| o.person_visits).sum::<u32>(), s.visits.person_visits, "{what}");
    assert_eq!(s.per_organization.iter().map(|o| o.active_experts).sum::<u32>(), s.experts_served, "{what}");
    assert!(s.per_organization.iter().all(|o| o.active_experts <= o.experts), "{what}");

    let regions: Vec<OutcomeTotals> = s.per_region.iter().map(|r| r.outcomes.clone()).collect();
    assert_eq!(total(&regions), s.outcomes, "{what}: the regions' outcomes");
    assert_eq!(s.per_region.iter().map(|r| r.visits).sum::<u32>(), s.visits.visits, "{what}: regions' visits");
    assert_eq!(s.per_region.iter().map(|r| r.enterprises).sum::<u32>(), s.enterprises_served, "{what}");
    assert_eq!(s.per_region.iter().map(|r| r.needs_new).sum::<u32>(), s.needs.new, "{what}: regions' new needs");
    assert_eq!(s.per_region.iter().map(|r| r.needs_solved).sum::<u32>(), s.needs.solved, "{what}");

    // Straight from the rows, with the conditions the exports use.
    ledger
        .database()
        .read(|c| {
            let scope = report_filter::resolve(c, f)?;
            let count = |table: &str, condition: Condition, columns: &str| -> rusqlite::Result<Vec<f64>> {
                let sql = format!("SELECT {columns} FROM {table} WHERE {}", condition.sql());
                c.query_row(&sql, params_from_iter(condition.params()), |r| {
                    (0..columns.split(',').count()).map(|i| r.get::<_, f64>(i)).collect()
                })
            };
            let records = count(
                "service_records s",
                scope.period_days("s.start_date").and(scope.service_record_in_scope("s")),
                "COUNT(*), TOTAL(s.service_days), TOTAL(s.contract_amount_fen), TOTAL(s.people_trained)",
            )?;
            let o = &s.outcomes;
            let expected = [
                o.records as f64,
                o.service_days,
                o.outcomes.contract_amount_fen as f64,
                o.outcomes.people_trained as f64,
            ];
            assert_eq!(records, expected, "{what}: the records themselves");
            let visits =
                count("visits v", scope.period_days("v.visit_date").and(scope.visit_in_scope("v")), "COUNT(*)")?;
            assert_eq!(visits, [s.visits.visits as f64], "{what}: the visits themselves");
            let next = (scope.to + chrono::Days::new(1)).to_string();
            let created = Condition::new("n.created_at < ?", vec![rusqlite::types::Value::Text(next)]);
            let stock = count("needs n", created.and(scope.need_in_scope("n")), "COUNT(*)")?;
            let by_stage: u32 = s.needs.by_stage.iter().map(|c| c.count).sum();
            assert_eq!(stock, [by_stage as f64], "{what}: every need is at one stage");
            let new =
                count("needs n", scope.period_timestamps("n.created_at").and(scope.need_in_scope("n")), "COUNT(*)")?;
            assert_eq!(new, [s.needs.new as f64], "{what}: the new needs themselves");
            Ok(())
        })
        .unwrap();
}

#[test]
fn on_the_sample_the_parts_add_up_and_agree_with_the_rows() {
    let ledger = small_sample();
    let unit = first(&ledger, "SELECT organization_id FROM experts WHERE organization_id IS NOT NULL LIMIT 1");
    let batch = first(&ledger, "SELECT batch_id FROM experts WHERE batch_id IS NOT NULL LIMIT 1");
    let province = first(&ledger, "SELECT province FROM enterprises WHERE province IS NOT NULL LIMIT 1");
    let city = first(&ledger, "SELECT city FROM enterprises WHERE city IS NOT NULL LIMIT 1");
    for f in [
        filter("2024", None, None, None),
        filter("2025-Q2", None, None, None),
        filter("2024-03", None, None, None),
        filter("2023-11-15..2024-02-20", None, None, None),
        filter("2023-01-01..2025-12-31", None, None, None),
        filter("2024", None, Some(&unit), None),
        filter("2024-Q3", None, None, Some(&batch)),
        filter("2024", Some(&province), None, None),
        filter("2024-04-10..2024-09-03", Some(&city), Some(&unit), None),
    ] {
        check_consistency(&ledger, &f);
    }
    let everything = ledger.statistics(&filter("2023-01-01..2025-12-31", None, None, None)).unwrap();
    assert!(everything.outcomes.records > 2_000 && everything.visits.visits > 400, "the sample's work is there");
}

#[test]
fn a_month_agrees_with_the_home_page() {
    let ledger = small_sample();
    for today in ["2025-12-21", "2024-06-03"] {
        let d = day(today);
        let board = ledger.database().read_snapshot(|c| dashboard::dashboard(c, d)).unwrap();
        let period = today[..7].to_owned();
        let s = ledger.database().read_snapshot(|c| statistics::statistics(c, &filter(&period, None, None, None), d));
        let s = s.unwrap();
        let m = &board.this_month;
        assert_eq!(
            (s.visits.visits, s.outcomes.records, s.outcomes.service_days, s.needs.solved),
            (m.visits, m.service_records, m.service_days, m.needs_solved),
            "{today}"
        );
        if today == "2025-12-21" {
            // The sample ends with the month, so the stage at its end is every need's stage now.
            assert_eq!(s.needs.stale, board.stale_needs.total, "{today}: stale needs");
        }
    }
}

/// A per-month or per-year sums table as it is, and as a GROUP BY of the live records would make it (`n`: 7 for
/// months, 4 for years).
fn sums_table_and_recount(ledger: &Ledger, table: &str, key: &str, n: usize) -> (Vec<String>, Vec<String>) {
    let read = |sql: &str| -> Vec<String> {
        ledger
            .database()
            .read(|c| {
                let mut stmt = c.prepare(sql)?;
                let rows = stmt.query_map([], |r| {
                    let cells: Vec<String> = (0..19)
                        .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                        .collect::<rusqlite::Result<_>>()?;
                    Ok(cells.join("|"))
                })?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .unwrap()
    };
    (
        read(&format!("SELECT * FROM {table} ORDER BY {key}, expert_id, enterprise_id")),
        read(&format!(
            "SELECT substr(s.start_date, 1, {n}), s.expert_id, s.enterprise_id, n.province, n.city, n.county,
                    count(*), total(s.service_days), sum(s.contract_amount_fen), sum(s.investment_fen),
                    sum(s.policy_funds_fen), sum(s.cost_saved_fen), sum(s.output_value_fen), sum(s.profit_tax_fen),
                    sum(s.patents), sum(s.new_products), sum(s.new_technologies), sum(s.people_trained),
                    sum(s.needs_solved)
             FROM service_records s JOIN enterprises n ON n.id = s.enterprise_id WHERE s.deleted_at IS NULL
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
        )),
    )
}

#[test]
fn the_per_month_and_per_year_sums_follow_every_kind_of_change() {
    let ledger = Ledger::open_in_memory().unwrap();
    let check = |when: &str| {
        for (table, key, n) in [("service_record_months", "month", 7), ("service_record_years", "year", 4)] {
            let (sums, recount) = sums_table_and_recount(&ledger, table, key, n);
            assert_eq!(sums, recount, "{table} after {when}");
        }
    };
    let li = ledger.create_expert(&expert("李娜", None)).unwrap();
    let wang = ledger.create_expert(&expert("王强", None)).unwrap();
    let factory = ledger.create_enterprise(&enterprise("湖州电梯有限公司", 1)).unwrap().record;
    let mill = ledger.create_enterprise(&enterprise("安吉竹木制品厂", 2)).unwrap().record;
    exec(&ledger, &format!("UPDATE enterprises SET province = '浙江省', city = '湖州市' WHERE id = '{}'", factory.id));
    let input = |who: &Expert, at: &Enterprise, start: &str, days: f64, contract: &str| ServiceRecordInput {
        expert_id: Some(who.id.clone()),
        enterprise_id: Some(at.id.clone()),
        start_date: Some(start.into()),
        end_date: Some(start.into()),
        service_days: days,
        service_type: Some(ServiceType::Consulting),
        content: "现场指导".into(),
        outcomes: OutcomesInput { contract_amount: contract.into(), patents: 1, ..Default::default() },
        ..Default::default()
    };
    let records: Vec<ServiceRecord> = [
        input(&li, &factory, "2024-01-31", 1.0, "1.5"),
        input(&li, &factory, "2024-01-05", 0.5, "0.0001"),
        input(&wang, &factory, "2024-01-05", 1.0, ""),
        input(&li, &mill, "2024-02-01", 1.0, "3"),
        input(&li, &mill, "2025-02-01", 1.0, "4"),
    ]
    .iter()
    .map(|i| ledger.create_service_record(i).unwrap())
    .collect();
    check("creating");
    ledger.update_service_record(&records[0].id, 1, &input(&wang, &mill, "2024-03-01", 1.0, "2")).unwrap();
    check("an edit that moves the month, expert and enterprise");
    ledger.update_service_record(&records[4].id, 1, &input(&li, &mill, "2024-12-31", 0.5, "4")).unwrap();
    check("an edit that moves the year");
    ledger.delete_record(RecordKind::ServiceRecord, &records[1].id, true).unwrap();
    check("a soft delete");
    ledger.restore(RecordKind::ServiceRecord, &records[1].id).unwrap();
    check("a restore");
    ledger.delete_record(RecordKind::ServiceRecord, &records[2].id, true).unwrap();
    ledger.purge(RecordKind::ServiceRecord, &records[2].id).unwrap();
    check("a purge");
    exec(&ledger, &format!("UPDATE enterprises SET city = '嘉兴市', county = '海宁市' WHERE id = '{}'", factory.id));
    check("a change of the enterprise's region");
    ledger.database().write(|tx| service_records::rebuild_derived(tx)).unwrap();
    check("a rebuild");
    exec(&ledger, "UPDATE service_records SET deleted_at = 'x'");
    check("deleting everything");
    assert_eq!(common::rows(&ledger, "service_record_months"), 0, "empty months leave the table");
    assert_eq!(common::rows(&ledger, "service_record_years"), 0, "empty years leave the table");
}

/// Times the statistics of a year, a quarter and a month, whole and for the largest unit, on a large sample made
/// with `cargo run --release -p ledger-cli -- sample --db <file> --scale large`:
/// `LEDGER_LARGE_DB=<file> cargo test --release -p ledger-core --test integration statistics:: --
/// --ignored --nocapture`.
/// It prints the figures; it asserts no time.
#[test]
#[ignore = "needs a large sample database; run by hand"]
fn statistics_time_on_a_large_sample() {
    let path = std::env::var("LEDGER_LARGE_DB").expect("LEDGER_LARGE_DB names a large sample database");
    let ledger = Ledger::open(std::path::Path::new(&path)).unwrap();
    let unit = first(
        &ledger,
        "SELECT organization_id FROM experts WHERE organization_id IS NOT NULL
         GROUP BY organization_id ORDER BY COUNT(*) DESC LIMIT 1",
    );
    for (what, f) in [
        ("year", filter("2024", None, None, None)),
        ("quarter", filter("2024-Q2", None, None, None)),
        ("month", filter("2024-05", None, None, None)),
        ("range", filter("2024-01-15..2024-11-20", None, None, None)),
        ("year, unit", filter("2024", None, Some(&unit), None)),
        ("quarter, unit", filter("2024-Q2", None, Some(&unit), None)),
        ("year, province", filter("2024", Some("浙江省"), None, None)),
        ("year, city", filter("2024", Some("宁波市"), None, None)),
    ] {
        let mut times: Vec<f64> = (0..10)
            .map(|_| {
                let t = Instant::now();
                ledger.statistics(&f).unwrap();
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let s = ledger.statistics(&f).unwrap();
        println!(
            "{what}: min {:.1} ms, median {:.1} ms; {} records, {} visits, {} experts, {} regions",
            times[0],
            times[5],
            s.outcomes.records,
            s.visits.visits,
            s.per_expert.len(),
            s.per_region.len()
        );
    }
}
