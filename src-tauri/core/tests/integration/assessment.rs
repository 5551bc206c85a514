//! 年度考核 on a hand-built fixture, every figure computed by hand below: each item's figure and points, caps, tiers,
//! clamping at 0 and 100, thresholds and the 称职 wording, overlapping periods, reviewed-only counting, the cap on
//! 优秀 (with a tie at the cut), experts without records listed with 0, adjustments out of the limit refused with
//! nothing written, a scheme change after grading leaving the stored results as they were, and the workbooks read
//! back (the summary's totals are its items plus adjustments, clamped; its 服务天数 equal the 服务台账's per-expert
//! sums for the same period).
//!
//! | expert | status, term | what they did in 2025 |
//! |---|---|---|
//! | x1 甲 (浙江大学) | 在岗 from 2024 | s1 40 days 120 万元 满意 (eval 02-01); s2 30 days 满意 (eval 06-01); s3 15 days 待审核 基本满意 (eval 12-31); 16 visits (the last 待审核); needs d1, d2 solved |
//! | x2 乙 (浙江大学) | 在岗, no term | s5 13.5 days 50 万元; 3 visits |
//! | x3 丙 (宁波所) | 在岗, no term | nothing |
//! | x4 丁 | 期满 2023-06 | nothing (not listed) |
//! | x5 戊 (宁波所) | 期满 2023-12, paired 2025-03..05 | s6 1 day, 100 fen |
//! | x6 己 | in the recycle bin | s8 2 days (not listed) |
//! | x7 庚 | 在岗 from 2026 | nothing (not listed) |
//! | x8 辛 | 期满, no term | one visit |
//!
//! Outside 2025: s0 (x1, starts 2024-12-30, 7 days), s4 (x1, 2024-12-01, 3 days, 不满意 evaluated 2024-12-20), a visit
//! of x1 on 2024-12-31, s7 and a visit in the recycle bin, need d2 also solved on 2024-12-31, d3 (x1's match in the
//! bin), d4 (in the bin), d5 (x2, solved 2026).

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::model::*;
use ledger_core::reporting::assessment::scheme::default_scheme;
use ledger_core::{CoreError, Ledger};

use crate::common::{exec, rows};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn fixture() -> Ledger {
    let mut ledger = Ledger::open_in_memory().unwrap();
    ledger.set_clock(Clock::fixed_on(day("2026-01-20")));
    exec(
        &ledger,
        "INSERT INTO organizations (id, name, kind, created_at, updated_at) VALUES
             ('o1', '浙江大学', 'university', 't', 't'), ('o2', '中科院宁波所', 'institute', 't', 't');
         INSERT INTO experts (id, name, title, organization_id, status, service_start, service_end, created_at,
                 updated_at, deleted_at) VALUES
             ('x1', '甲', 'senior', 'o1', 'active', '2024-01-01', NULL, 't', 't', NULL),
             ('x2', '乙', 'senior', 'o1', 'active', NULL, NULL, 't', 't', NULL),
             ('x3', '丙', 'senior', 'o2', 'active', NULL, NULL, 't', 't', NULL),
             ('x4', '丁', 'senior', NULL, 'ended', '2022-01-01', '2023-06-30', 't', 't', NULL),
             ('x5', '戊', 'senior', 'o2', 'ended', '2022-01-01', '2023-12-31', 't', 't', NULL),
             ('x6', '己', 'senior', 'o1', 'active', NULL, NULL, 't', 't', 'in the bin'),
             ('x7', '庚', 'senior', NULL, 'active', '2026-01-01', NULL, 't', 't', NULL),
             ('x8', '辛', 'junior', NULL, 'ended', NULL, NULL, 't', 't', NULL);
         INSERT INTO enterprises (id, name, credit_code, created_at, updated_at) VALUES
             ('n1', '宁波甲公司', 'c1', 't', 't');
         INSERT INTO assignments (id, expert_id, enterprise_id, start_date, end_date, created_at, updated_at) VALUES
             ('a5', 'x5', 'n1', '2025-03-01', '2025-05-31', 't', 't');
         INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days, service_type,
                 contract_amount_fen, review_status, satisfaction, evaluated_on, created_at, updated_at, deleted_at)
         VALUES
             ('s0', 'x1', 'n1', '2024-12-30', '2025-01-05', 7, 'consulting', 0, 'approved', NULL, NULL, 't', 't', NULL),
             ('s1', 'x1', 'n1', '2025-01-10', '2025-02-20', 40, 'consulting', 120000000, 'approved', 'satisfied',
                 '2025-02-01', 't', 't', NULL),
             ('s2', 'x1', 'n1', '2025-05-01', '2025-05-30', 30, 'consulting', 0, 'approved', 'satisfied', '2025-06-01',
                 't', 't', NULL),
             ('s3', 'x1', 'n1', '2025-12-17', '2025-12-31', 15, 'consulting', 0, 'pending', 'basically_satisfied',
                 '2025-12-31', 't', 't', NULL),
             ('s4', 'x1', 'n1', '2024-12-01', '2024-12-05', 3, 'consulting', 0, 'approved', 'dissatisfied',
                 '2024-12-20', 't', 't', NULL),
             ('s5', 'x2', 'n1', '2025-03-01', '2025-03-20', 13.5, 'consulting', 50000000, 'approved', NULL, NULL,
                 't', 't', NULL),
             ('s6', 'x5', 'n1', '2025-04-01', '2025-04-01', 1, 'consulting', 100, 'approved', NULL, NULL, 't', 't', NULL),
             ('s7', 'x1', 'n1', '2025-03-03', '2025-03-10', 9, 'consulting', 0, 'approved', 'satisfied', '2025-03-10',
                 't', 't', 'in the bin'),
             ('s8', 'x6', 'n1', '2025-02-02', '2025-02-03', 2, 'consulting', 0, 'approved', NULL, NULL, 't', 't', NULL);
         WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 15)
         INSERT INTO visits (id, enterprise_id, visit_date, mode, review_status, created_at, updated_at)
             SELECT printf('va%02d', n), 'n1', date('2025-01-01', '+' || (7 * n) || ' days'), 'on_site',
                    CASE WHEN n = 15 THEN 'pending' ELSE 'approved' END, 't', 't' FROM k;
         INSERT INTO visits (id, enterprise_id, visit_date, mode, created_at, updated_at, deleted_at) VALUES
             ('v_old', 'n1', '2024-12-31', 'on_site', 't', 't', NULL),
             ('v_bin', 'n1', '2025-04-04', 'on_site', 't', 't', 'in the bin'),
             ('w1', 'n1', '2025-02-10', 'online', 't', 't', NULL),
             ('w2', 'n1', '2025-08-10', 'online', 't', 't', NULL),
             ('w3', 'n1', '2025-09-10', 'phone', 't', 't', NULL),
             ('z1', 'n1', '2025-10-01', 'phone', 't', 't', NULL);
         INSERT INTO visit_experts (visit_id, expert_id) SELECT id, 'x1' FROM visits WHERE id LIKE 'va%';
         INSERT INTO visit_experts VALUES ('v_old', 'x1'), ('v_bin', 'x1'), ('w1', 'x2'), ('w2', 'x2'), ('w3', 'x2'),
             ('z1', 'x8');
         INSERT INTO needs (id, enterprise_id, source, title, need_type, stage, stage_changed_on, created_at,
                 updated_at, deleted_at) VALUES
             ('d1', 'n1', 'visit', '需求一', 'other', 'solved', '2025-03-01', 't', 't', NULL),
             ('d2', 'n1', 'visit', '需求二', 'other', 'solved', '2025-02-01', 't', 't', NULL),
             ('d3', 'n1', 'visit', '需求三', 'other', 'solved', '2025-06-01', 't', 't', NULL),
             ('d4', 'n1', 'visit', '需求四', 'other', 'solved', '2025-07-01', 't', 't', 'in the bin'),
             ('d5', 'n1', 'visit', '需求五', 'other', 'solved', '2026-01-05', 't', 't', NULL);
         INSERT INTO need_stage_events (id, need_id, from_stage, to_stage, changed_on, created_at) VALUES
             ('e1', 'd1', 'matched', 'solved', '2025-03-01', 't'),
             ('e2', 'd2', 'matched', 'solved', '2024-12-31', 't'),
             ('e3', 'd2', 'solved', 'solving', '2025-01-10', 't'),
             ('e4', 'd2', 'solving', 'solved', '2025-02-01', 't'),
             ('e5', 'd3', 'matched', 'solved', '2025-06-01', 't'),
             ('e6', 'd4', 'matched', 'solved', '2025-07-01', 't'),
             ('e7', 'd5', 'matched', 'solved', '2026-01-05', 't');
         INSERT INTO need_matches (id, need_id, expert_id, method, matched_on, created_at, updated_at, deleted_at)
         VALUES ('m1', 'd1', 'x1', 'assigned', '2025-01-15', 't', 't', NULL),
                ('m2', 'd2', 'x1', 'assigned', '2024-10-01', 't', 't', NULL),
                ('m3', 'd3', 'x1', 'assigned', '2025-01-15', 't', 't', 'in the bin'),
                ('m4', 'd4', 'x1', 'assigned', '2025-01-15', 't', 't', NULL),
                ('m5', 'd5', 'x2', 'assigned', '2025-01-15', 't', 't', NULL);",
    );
    ledger
}

fn period_input(name: &str, dates: Option<(&str, &str)>) -> AssessmentPeriodInput {
    AssessmentPeriodInput {
        name: name.into(),
        start_date: dates.map(|d| d.0.into()),
        end_date: dates.map(|d| d.1.into()),
    }
}

/// (name, [points of each item], adjustments, total, grade label) of every row, in the sheet's order.
type Line = (String, Vec<f64>, f64, f64, String);

fn lines(sheet: &AssessmentSheet) -> Vec<Line> {
    sheet
        .rows
        .iter()
        .map(|r| {
            (
                r.expert_name.clone(),
                r.items.iter().map(|i| i.points).collect(),
                r.adjustments,
                r.total,
                r.grade_label.clone(),
            )
        })
        .collect()
}

fn line(name: &str, points: [f64; 5], adjustments: f64, total: f64, grade: &str) -> Line {
    (name.into(), points.to_vec(), adjustments, total, grade.into())
}

fn row<'a>(sheet: &'a AssessmentSheet, name: &str) -> &'a ExpertScore {
    sheet.rows.iter().find(|r| r.expert_name == name).unwrap_or_else(|| panic!("{name} is not listed"))
}

fn adjust(
    ledger: &Ledger,
    period: &AssessmentPeriod,
    expert: &str,
    points: f64,
    reason: &str,
) -> Result<ExpertAssessment, CoreError> {
    ledger.add_assessment_adjustment(&AssessmentAdjustmentInput {
        period_id: period.id.clone(),
        expert_id: expert.into(),
        points: Some(points),
        reason: reason.into(),
    })
}

#[test]
fn every_items_figure_and_points_by_the_default_scheme() {
    let ledger = fixture();
    let period = ledger.create_assessment_period(&period_input("2025", None)).unwrap();
    assert_eq!((period.start_date.as_str(), period.end_date.as_str()), ("2025-01-01", "2025-12-31"));
    assert_eq!(period.scheme, default_scheme());
    let sheet = ledger.assessment_sheet(&period.id).unwrap();
    assert_eq!(
        lines(&sheet),
        [
            // 85 days → 42.5, capped 40; 16 visits capped 15; 2 needs × 5; 120 万元 ≥ 100: 10; (1 + 1 + 0.6) / 3 × 20.
            line("甲", [40.0, 15.0, 10.0, 10.0, 17.33], 0.0, 92.33, "优秀"),
            // 13.5 × 0.5; 3 visits; 50 万元 ≥ 50: 6; no evaluation: 0.
            line("乙", [6.75, 3.0, 0.0, 6.0, 0.0], 0.0, 15.75, "不合格"),
            // 1 day; 100 fen > 0: 3.
            line("戊", [0.5, 0.0, 0.0, 3.0, 0.0], 0.0, 3.5, "不合格"),
            line("辛", [0.0, 1.0, 0.0, 0.0, 0.0], 0.0, 1.0, "不合格"),
            // Active, nothing recorded: listed with 0.
            line("丙", [0.0; 5], 0.0, 0.0, "不合格"),
        ]
    );
    let first = row(&sheet, "甲");
    let figures: Vec<(f64, &str)> = first.items.iter().map(|i| (i.figure, i.figure_text.as_str())).collect();
    assert_eq!(figures[..4], [(85.0, "85 天"), (16.0, "16 次"), (2.0, "2 项"), (120.0, "120.00 万元")]);
    assert_eq!(figures[4].1, "86.7%");
    assert!((figures[4].0 - 2.6 / 3.0).abs() < 1e-12);
    assert_eq!(first.items.iter().map(|i| i.cap).collect::<Vec<_>>(), [40.0, 15.0, 15.0, 10.0, 20.0]);
    let second = row(&sheet, "乙");
    assert_eq!((second.items[4].figure_text.as_str(), second.items[4].no_data), ("无评价", true));
    assert!(!first.items[4].no_data);
    assert_eq!(second.organization_name.as_deref(), Some("浙江大学"));
    let shares: Vec<(&str, u32, f64)> =
        sheet.distribution.iter().map(|g| (g.label.as_str(), g.count, g.share)).collect();
    assert_eq!(shares, [("优秀", 1, 0.2), ("良好", 0, 0.0), ("合格", 0, 0.0), ("不合格", 4, 0.8)]);

    // The records behind each item of 甲, oldest first.
    let one = ledger.expert_assessment(&period.id, "x1").unwrap();
    let behind: Vec<(AssessmentRecordKind, Vec<String>)> =
        one.records.iter().map(|r| (r.kind, r.ids.clone())).collect();
    let visits: Vec<String> = (0..16).map(|n| format!("va{n:02}")).collect();
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        behind,
        [
            (AssessmentRecordKind::ServiceRecord, ids(&["s1", "s2", "s3"])),
            (AssessmentRecordKind::Visit, visits),
            (AssessmentRecordKind::Need, ids(&["d2", "d1"])),
            (AssessmentRecordKind::ServiceRecord, ids(&["s1"])),
            (AssessmentRecordKind::ServiceRecord, ids(&["s1", "s2", "s3"])),
        ]
    );
    assert_eq!(one.score, *first);
    assert!(matches!(ledger.expert_assessment(&period.id, "x4"), Err(CoreError::NotFound { .. })), "丁 ended in 2023");
}

#[test]
fn overlapping_periods_and_reviewed_only_counting() {
    let ledger = fixture();
    let year = ledger.create_assessment_period(&period_input("2025", None)).unwrap();
    let span =
        ledger.create_assessment_period(&period_input("2024—2025年度", Some(("2024-07-01", "2025-06-30")))).unwrap();
    assert_eq!(
        ledger.list_assessment_periods().unwrap().iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["2025", "2024—2025年度"]
    );
    let sheet = ledger.assessment_sheet(&span.id).unwrap();
    assert_eq!(
        lines(&sheet)[..2],
        [
            // s4 3 + s0 7 + s1 40 + s2 30 = 80 days, capped; 16 + 1 visits; d2 once (solved twice), d1; evaluations
            // 不满意 (2024-12-20), 满意, 满意 → 2 / 3 × 20.
            line("甲", [40.0, 15.0, 10.0, 10.0, 13.33], 0.0, 88.33, "良好"),
            // w1 only; s5.
            line("乙", [6.75, 1.0, 0.0, 6.0, 0.0], 0.0, 13.75, "不合格"),
        ]
    );
    assert_eq!(row(&sheet, "甲").items[0].figure, 80.0);
    // Days around whole months: s1 (01-10) in the first days, s5 (03-01) in the whole months, s2 (05-01) in the last
    // days; s0 starts before, s7 is in the recycle bin.
    let odd = ledger.create_assessment_period(&period_input("春季", Some(("2025-01-05", "2025-05-15")))).unwrap();
    let sheet = ledger.assessment_sheet(&odd.id).unwrap();
    assert_eq!((row(&sheet, "甲").items[0].figure, row(&sheet, "乙").items[0].figure), (70.0, 13.5));
    assert_eq!(row(&sheet, "甲").items[3].figure, 120.0);
    // 2025 is unchanged by the other period.
    assert_eq!(row(&ledger.assessment_sheet(&year.id).unwrap(), "甲").total, 92.33);

    // Only reviewed records: s3 (15 days, its 基本满意) and the 16th visit are 待审核.
    let scheme = AssessmentScheme { reviewed_only: true, ..default_scheme() };
    ledger.save_assessment_scheme(&scheme).unwrap();
    let reviewed =
        ledger.create_assessment_period(&period_input("2025（已审核）", Some(("2025-01-01", "2025-12-31")))).unwrap();
    let sheet = ledger.assessment_sheet(&reviewed.id).unwrap();
    assert_eq!(lines(&sheet)[0], line("甲", [35.0, 15.0, 10.0, 10.0, 20.0], 0.0, 90.0, "优秀"));
    let figures: Vec<f64> = row(&sheet, "甲").items.iter().map(|i| i.figure).collect();
    assert_eq!(figures, [70.0, 15.0, 2.0, 120.0, 1.0]);
    let behind = ledger.expert_assessment(&reviewed.id, "x1").unwrap().records;
    assert_eq!(behind[0].ids, ["s1", "s2"]);
    assert_eq!(behind[1].ids.len(), 15);
}

#[test]
fn thresholds_and_the_competent_wording() {
    let ledger = fixture();
    let scheme = AssessmentScheme {
        wording: GradeWording::Competent,
        thresholds: GradeThresholds { excellent: 92.33, good: 15.75, pass: 3.5 },
        ..default_scheme()
    };
    ledger.save_assessment_scheme(&scheme).unwrap();
    let period = ledger.create_assessment_period(&period_input("2025", None)).unwrap();
    let grades: Vec<(String, String)> =
        lines(&ledger.assessment_sheet(&period.id).unwrap()).into_iter().map(|l| (l.0, l.4)).collect();
    // Each total exactly on a threshold reaches it.
    let expected = [("甲", "优秀"), ("乙", "称职"), ("戊", "基本称职"), ("辛", "不称职"), ("丙", "不称职")];
    assert_eq!(grades, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
}

#[test]
fn the_cap_on_the_share_of_excellent_lowers_the_lowest_totals_and_ties_at_the_cut() {
    let ledger = fixture();
    let scheme = AssessmentScheme {
        thresholds: GradeThresholds { excellent: 3.0, good: 2.0, pass: 1.0 },
        excellent_cap_percent: Some(40.0),
        ..default_scheme()
    };
    ledger.save_assessment_scheme(&scheme).unwrap();
    let period = ledger.create_assessment_period(&period_input("2025", None)).unwrap();
    // Five experts, 40 %: two may be 优秀; 甲, 乙 and 戊 reach it, 戊 has the lowest total.
    let sheet = ledger.assessment_sheet(&period.id).unwrap();
    let grades: Vec<(String, bool)> = sheet.rows.iter().map(|r| (r.grade_label.clone(), r.lowered_by_cap)).collect();
    let expected = [("优秀", false), ("优秀", false), ("良好", true), ("合格", false), ("不合格", false)];
    assert_eq!(grades, expected.map(|(g, l)| (g.to_owned(), l)));
    assert_eq!(sheet.distribution.iter().map(|g| g.count).collect::<Vec<_>>(), [2, 1, 1, 1]);

    // 乙 and 戊 tied at the cut (13.5 each): both are lowered, only 甲 stays 优秀.
    adjust(&ledger, &period, "x2", -2.25, "材料迟交").unwrap();
    adjust(&ledger, &period, "x5", 10.0, "获市级表彰").unwrap();
    let sheet = ledger.assessment_sheet(&period.id).unwrap();
    let tied: Vec<(String, f64, String)> =
        sheet.rows.iter().take(3).map(|r| (r.expert_name.clone(), r.total, r.grade_label.clone())).collect();
    assert_eq!(tied[0], ("甲".to_owned(), 92.33, "优秀".to_owned()));
    assert_eq!(tied[1..].iter().map(|t| (t.1, t.2.as_str())).collect::<Vec<_>>(), [(13.5, "良好"), (13.5, "良好")]);
}

#[test]
fn adjustments_clamp_the_total_and_out_of_limit_ones_write_nothing() {
    let ledger = fixture();
    let period = ledger.create_assessment_period(&period_input("2025", None)).unwrap();
    let sheet = adjust(&ledger, &period, "x1", 10.0, "获省级表彰").unwrap();
    // 92.33 + 10, clamped to 100.
    assert_eq!((sheet.score.adjustments, sheet.score.total), (10.0, 100.0));
    assert_eq!(sheet.adjustments.len(), 1);
    adjust(&ledger, &period, "x3", -6.5, "未按时报送材料").unwrap();
    let none = adjust(&ledger, &period, "x3", -3.5, " 缺席培训 ").unwrap();
    // 0 − 10, clamped to 0; the reason is trimmed.
    assert_eq!((none.score.adjustments, none.score.total), (-10.0, 0.0));
    assert_eq!(none.adjustments[1].reason, "缺席培训");

    let before = (rows(&ledger, "assessment_adjustments"), rows(&ledger, "audit_log"));
    for (points, reason, field) in [
        (Some(0.5), "再加", "points"),   // 10.5 > 10
        (Some(-20.5), "扣分", "points"), // on its own beyond the limit
        (Some(0.0), "零分", "points"),
        (Some(1.005), "三位小数", "points"),
        (None, "没有分值", "points"),
        (Some(f64::NAN), "不是数", "points"),
        (Some(-1.0), "  ", "reason"),
    ] {
        let refused = ledger.add_assessment_adjustment(&AssessmentAdjustmentInput {
            period_id: period.id.clone(),
            expert_id: "x1".into(),
            points,
            reason: reason.into(),
        });
        let Err(CoreError::Validation(fields)) = refused else { panic!("{points:?} {reason} was accepted") };
        assert_eq!(fields[0].field, field, "{points:?} {reason}");
    }
    // 丙 is at −10 already.
    assert_eq!(adjust(&ledger, &period, "x3", -0.01, "再扣").unwrap_err().fields()[0].field, "points");
    assert!(matches!(adjust(&ledger, &period, "nobody", 1.0, "无此人"), Err(CoreError::NotFound { .. })));
    assert_eq!((rows(&ledger, "assessment_adjustments"), rows(&ledger, "audit_log")), before, "nothing written");

    // Removing one gives the points back; the audit log keeps it.
    let id = sheet.adjustments[0].id.clone();
    let after = ledger.remove_assessment_adjustment(&id).unwrap();
    assert_eq!((after.score.adjustments, after.score.total, after.adjustments.len()), (0.0, 92.33, 0));
    let deleted: i64 = ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM audit_log WHERE entity = 'assessment_adjustment' AND action = 'delete' AND entity_id = ?1", [&id], |r| r.get(0))?))
        .unwrap();
    assert_eq!(deleted, 1);
}

#[test]
fn notes_are_saved_against_their_revision() {
    let ledger = fixture();
    let period = ledger.create_assessment_period(&period_input("2025", None)).unwrap();
    let input = |revision, text: &str| AssessmentNotesInput {
        period_id: period.id.clone(),
        expert_id: "x2".into(),
        self_review: Some(format!("  {text}\n")),
        unit_opinion: Some("同意。".into()),
        revision,
    };
    let saved = ledger.save_assessment_notes(&input(None, "本年度完成服务任务。")).unwrap();
    assert_eq!(
        (saved.self_review.as_deref(), saved.unit_opinion.as_deref(), saved.revision),
        (Some("本年度完成服务任务。"), Some("同意。"), Some(1))
    );
    let again = ledger.save_assessment_notes(&input(Some(1), "改过的自评")).unwrap();
    assert_eq!((again.self_review.as_deref(), again.revision), (Some("改过的自评"), Some(2)));
    assert!(matches!(ledger.save_assessment_notes(&input(Some(1), "旧表单")), Err(CoreError::Conflict { .. })));
    assert!(matches!(ledger.save_assessment_notes(&input(None, "旧表单")), Err(CoreError::Conflict { .. })));
    let long = AssessmentNotesInput { self_review: Some("字".repeat(2001)), revision: Some(2), ..input(None, "") };
    assert_eq!(ledger.save_assessment_notes(&long).unwrap_err().fields()[0].field, "selfReview");
}

#[test]
fn periods_are_named_once_edited_and_deleted_with_what_they_hold() {
    let ledger = fixture();
    let period = ledger.create_assessment_period(&period_input(" 2025 ", None)).unwrap();
    assert_eq!(period.name, "2025");
    let Err(CoreError::Duplicate { field, .. }) = ledger.create_assessment_period(&period_input("2025", None)) else {
        panic!("a second 2025 was accepted")
    };
    assert_eq!(field, "name");
    let fields: Vec<String> = ledger
        .create_assessment_period(&period_input("下半年", Some(("2025-12-31", "2025-07-01"))))
        .unwrap_err()
        .fields()
        .into_iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(fields, ["endDate"]);
    let fields: Vec<String> = ledger
        .create_assessment_period(&period_input("", None))
        .unwrap_err()
        .fields()
        .into_iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(fields, ["name", "startDate", "endDate"]);

    let moved = ledger
        .update_assessment_period(&period.id, 1, &period_input("2025年度", Some(("2025-07-01", "2026-06-30"))))
        .unwrap();
    assert_eq!((moved.name.as_str(), moved.start_date.as_str(), moved.stamps.revision), ("2025年度", "2025-07-01", 2));
    assert!(matches!(
        ledger.update_assessment_period(&period.id, 1, &period_input("2025", None)),
        Err(CoreError::Conflict { .. })
    ));

    adjust(&ledger, &period, "x1", 1.0, "表彰").unwrap();
    ledger.grade_assessment(&period.id, None).unwrap();
    assert!(rows(&ledger, "assessment_experts") > 0);
    ledger.delete_assessment_period(&period.id).unwrap();
    assert_eq!(
        (
            rows(&ledger, "assessment_periods"),
            rows(&ledger, "assessment_experts"),
            rows(&ledger, "assessment_adjustments")
        ),
        (0, 0, 0)
    );
    assert!(matches!(ledger.assessment_sheet(&period.id), Err(CoreError::NotFound { .. })));
}

#[test]
fn a_scheme_change_after_grading_leaves_the_stored_results_as_they_were() {
    let ledger = fixture();
    let period = ledger.create_assessment_period(&period_input("2025", None)).unwrap();
    adjust(&ledger, &period, "x2", 2.0, "协助组织培训").unwrap();
    // 乙 alone first, then everyone.
    let one = ledger.grade_assessment(&period.id, Some("x2")).unwrap();
    assert!(row(&one, "乙").stored.is_some() && row(&one, "甲").stored.is_none());
    let graded = ledger.grade_assessment(&period.id, None).unwrap();
    assert_eq!(graded.period.graded_count, 5);
    let stored: Vec<StoredAssessmentResult> = graded.rows.iter().map(|r| r.stored.clone().unwrap()).collect();
    assert_eq!(stored[0].total, 92.33);
    assert_eq!((stored[1].total, stored[1].adjustments, stored[1].adjustment_entries.len()), (17.75, 2.0, 1));
    assert_eq!(stored[1].items, row(&graded, "乙").items);
    assert_eq!(stored[0].grade, Grade::Excellent);

    // 设置 changes (1 分/天, 称职 wording), the records change (a new record of 乙), an adjustment goes.
    let mut scheme = default_scheme();
    scheme.items[0].rule = AssessmentRule::PerUnit { points_per_unit: 1.0, cap: 40.0 };
    scheme.wording = GradeWording::Competent;
    ledger.save_assessment_scheme(&scheme).unwrap();
    exec(
        &ledger,
        "INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days, service_type,
             created_at, updated_at) VALUES ('s9', 'x2', 'n1', '2025-06-01', '2025-06-10', 10, 'consulting', 't', 't')",
    );
    let adjustment = ledger.expert_assessment(&period.id, "x2").unwrap().adjustments[0].id.clone();
    ledger.remove_assessment_adjustment(&adjustment).unwrap();

    let after = ledger.assessment_sheet(&period.id).unwrap();
    assert_eq!(after.period.scheme, default_scheme(), "the period keeps its own copy");
    assert_eq!(after.rows.iter().map(|r| r.stored.clone().unwrap()).collect::<Vec<_>>(), stored);
    // Computed now: 23.5 days × 0.5 by the period's scheme, no adjustment.
    assert_eq!(row(&after, "乙").total, 11.75 + 3.0 + 6.0);
    // A period made now takes the new scheme.
    let next = ledger.create_assessment_period(&period_input("2026", None)).unwrap();
    assert_eq!(next.scheme, scheme);
    assert_eq!(ledger.assessment_scheme().unwrap(), scheme);
}

#[test]
fn a_bad_scheme_is_refused_and_nothing_saved() {
    let ledger = fixture();
    let mut scheme = default_scheme();
    scheme.thresholds.pass = 80.0;
    let before = rows(&ledger, "audit_log");
    assert_eq!(ledger.save_assessment_scheme(&scheme).unwrap_err().fields()[0].field, "thresholds");
    assert_eq!(ledger.assessment_scheme().unwrap(), default_scheme());
    assert_eq!(rows(&ledger, "audit_log"), before);
}

// --- Workbooks ---------------------------------------------------------------------------------------------------

fn request(kind: ExportKind, period: &str) -> ExportRequest {
    let filter = ReportFilter {
        period: period.into(),
        region: None,
        organization_id: None,
        batch_id: None,
        origins: None,
        reviewed_only: None,
    };
    ExportRequest { kind, format: ExportFormat::Xlsx, filter, columns: None, include_full_id: false, paper: None }
}

fn export_to(ledger: &Ledger, kind: ExportKind, period: &str, out: &Path) -> ExportReport {
    ledger.export(&request(kind, period), out, &mut |_, _| true).unwrap_or_else(|e| panic!("{kind:?} {period}: {e}"))
}

fn number(cell: Option<&Data>) -> f64 {
    match cell {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        other => panic!("not text: {other:?}"),
    }
}

/// The per-expert sums of 服务天数 in a 服务台账 export.
fn service_days_by_expert(path: &Path) -> std::collections::HashMap<String, f64> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let sheet = book.worksheet_range("服务台账").unwrap();
    let header: Vec<String> =
        (0..sheet.width() as u32).map(|c| sheet.get_value((2, c)).map(|d| d.to_string()).unwrap_or_default()).collect();
    let name = header.iter().position(|h| h == "科技专员").unwrap() as u32;
    let days = header.iter().position(|h| h == "服务天数").unwrap() as u32;
    let mut sums = std::collections::HashMap::new();
    for r in 3..sheet.height() as u32 {
        if let Some(Data::String(expert)) = sheet.get_value((r, name)) {
            if !expert.starts_with("合计") {
                *sums.entry(expert.clone()).or_insert(0.0) += number(sheet.get_value((r, days)));
            }
        }
    }
    sums
}

/// Checks a 年度考核汇总表 read back: each total is its item points plus adjustments, clamped; each 服务天数 equals the
/// service ledger's sum of the same period; returns (name, total, grade) per row.
fn check_summary(path: &Path, service_ledger: &Path) -> Vec<(String, f64, String)> {
    let days = service_days_by_expert(service_ledger);
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    assert_eq!(book.sheet_names(), ["考核汇总", "考核办法"]);
    let sheet = book.worksheet_range("考核汇总").unwrap();
    let header: Vec<String> = (0..17).map(|c| text(sheet.get_value((2, c))).replace('\n', "")).collect();
    assert_eq!(
        header,
        [
            "序号",
            "科技专员",
            "派出单位",
            "服务天数（天）",
            "服务天数得分",
            "走访次数（次）",
            "走访次数得分",
            "解决需求（项）",
            "解决需求得分",
            "合同金额（万元）",
            "合同金额得分",
            "服务对象满意度",
            "服务对象满意度得分",
            "加减分",
            "总分",
            "考核等次",
            "状态",
        ]
    );
    let mut out = Vec::new();
    let mut r = 3;
    while let Some(Data::Float(_)) = sheet.get_value((r, 0)) {
        let name = text(sheet.get_value((r, 1)));
        let points: f64 = (0..5).map(|i| number(sheet.get_value((r, 4 + 2 * i)))).sum();
        let adjustments = number(sheet.get_value((r, 13)));
        let total = number(sheet.get_value((r, 14)));
        let expected = ((points + adjustments).clamp(0.0, 100.0) * 100.0).round() / 100.0;
        assert!((total - expected).abs() < 1e-9, "{name}: {total} ≠ {points} + {adjustments}");
        let served = number(sheet.get_value((r, 3)));
        assert_eq!(served, days.get(&name).copied().unwrap_or(0.0), "{name}'s 服务天数");
        out.push((name, total, text(sheet.get_value((r, 15)))));
        r += 1;
    }
    // The 合计 label and the figure lines' labels sit beside the 序号, which is too narrow for them.
    assert_eq!(sheet.get_value((r, 0)), Some(&Data::Empty));
    assert_eq!(text(sheet.get_value((r, 1))), "合计");
    // 合计 of the 服务天数 column: every listed expert's days.
    assert_eq!(
        number(sheet.get_value((r, 3))),
        out.iter().map(|o| days.get(&o.0).copied().unwrap_or(0.0)).sum::<f64>()
    );
    let figure_lines: Vec<(String, String)> =
        (r + 2..r + 7).map(|l| (text(sheet.get_value((l, 1))), text(sheet.get_value((l, 2))))).collect();
    assert_eq!(figure_lines[0].0, "参评人数");
    assert_eq!(figure_lines[1].0, "优秀");
    let scheme = book.worksheet_range("考核办法").unwrap();
    let stated: Vec<String> = (3..scheme.height() as u32).map(|l| text(scheme.get_value((l, 1)))).collect();
    assert!(stated[0].starts_with("0.5 分/天，最高 40 分"), "{}", stated[0]);
    assert!(stated[3].starts_with("≥ 100 万元 10 分；≥ 50 万元 6 分；> 0 万元 3 分"), "{}", stated[3]);
    out
}

#[test]
fn the_summary_workbook_adds_up_and_its_service_days_match_the_service_ledger() {
    let ledger = fixture();
    let dir = tempfile::tempdir().unwrap();
    let period = ledger.create_assessment_period(&period_input("2025", None)).unwrap();
    adjust(&ledger, &period, "x1", 10.0, "获省级表彰").unwrap();
    adjust(&ledger, &period, "x3", -4.0, "缺席培训").unwrap();
    let summary = dir.path().join("考核.xlsx");
    let services = dir.path().join("服务台账.xlsx");
    let report = export_to(&ledger, ExportKind::Assessment, "2025", &summary);
    assert_eq!(report.sheets, 2);
    export_to(&ledger, ExportKind::Services, "2025", &services);
    let listed = check_summary(&summary, &services);
    let names: Vec<(&str, f64, &str)> = listed.iter().map(|(n, t, g)| (n.as_str(), *t, g.as_str())).collect();
    assert_eq!(
        names,
        [
            ("甲", 100.0, "优秀"),
            ("乙", 15.75, "不合格"),
            ("戊", 3.5, "不合格"),
            ("辛", 1.0, "不合格"),
            ("丙", 0.0, "不合格")
        ]
    );

    // A year without a period of that name: the calendar year by the scheme in 设置, nothing stored.
    let y2024 = dir.path().join("2024.xlsx");
    export_to(&ledger, ExportKind::Assessment, "2024", &y2024);
    let services_2024 = dir.path().join("服务台账2024.xlsx");
    export_to(&ledger, ExportKind::Services, "2024", &services_2024);
    let rows_2024 = check_summary(&y2024, &services_2024);
    assert_eq!(rows_2024[0].0, "甲");
    assert_eq!(rows(&ledger, "assessment_periods"), 1);

    // The 考核表: one sheet per expert.
    let forms = dir.path().join("考核表.xlsx");
    let report = export_to(&ledger, ExportKind::AssessmentSheets, "2025", &forms);
    assert_eq!((report.sheets, report.rows), (5, 5));
    let mut book: Xlsx<_> = open_workbook(&forms).unwrap();
    assert_eq!(book.sheet_names(), ["甲", "乙", "戊", "辛", "丙"]);
    let first = book.worksheet_range("甲").unwrap();
    let cells: Vec<String> = first
        .cells()
        .filter_map(|(_, _, d)| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for expected in [
        "姓名",
        "甲",
        "浙江大学",
        "2025（2025-01-01至2025-12-31）",
        "85 天",
        "+10 分：获省级表彰",
        "个人自评",
        "派出单位意见",
    ] {
        assert!(cells.iter().any(|c| c.contains(expected)), "{expected} missing from {cells:?}");
    }
    assert!(cells.iter().any(|c| c.starts_with("专员签字")) && cells.iter().any(|c| c.starts_with("考核单位（盖章）")));

    // One expert's 考核表 through the core's own request.
    let one = dir.path().join("甲.xlsx");
    let of_one = AssessmentExportRequest {
        kind: AssessmentExportKind::Sheets,
        period: period.id.clone(),
        expert_ids: Some(vec!["x1".into()]),
    };
    assert_eq!(ledger.export_assessment(&of_one, &one, &mut |_, _| true).unwrap().sheets, 1);
    let unknown = AssessmentExportRequest { expert_ids: Some(vec!["x4".into()]), ..of_one };
    assert_eq!(ledger.export_assessment(&unknown, &one, &mut |_, _| true).unwrap_err().fields()[0].field, "expertIds");
    let nowhere = request(ExportKind::Assessment, "没有这个期间");
    let missing = dir.path().join("无.xlsx");
    assert_eq!(ledger.export(&nowhere, &missing, &mut |_, _| true).unwrap_err().fields()[0].field, "period");
    assert!(!missing.exists());
}

#[test]
fn graded_rows_are_written_as_stored() {
    let ledger = fixture();
    let dir = tempfile::tempdir().unwrap();
    let period = ledger.create_assessment_period(&period_input("2025", None)).unwrap();
    ledger.grade_assessment(&period.id, Some("x2")).unwrap();
    // After grading, 乙 gets another record: the computed total moves, the stored one is written.
    exec(
        &ledger,
        "INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days, service_type,
             created_at, updated_at) VALUES ('s9', 'x2', 'n1', '2025-06-01', '2025-06-10', 10, 'consulting', 't', 't')",
    );
    let out = dir.path().join("考核.xlsx");
    export_to(&ledger, ExportKind::Assessment, "2025", &out);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let sheet = book.worksheet_range("考核汇总").unwrap();
    let second: Vec<String> = [1, 16].iter().map(|&c| text(sheet.get_value((4, c)))).collect();
    assert_eq!(second[0], "乙");
    assert!(second[1].starts_with("已定档（"), "{}", second[1]);
    assert_eq!((number(sheet.get_value((4, 3))), number(sheet.get_value((4, 14)))), (13.5, 15.75));
    assert_eq!(text(sheet.get_value((3, 16))), "未定档");
}

#[test]
fn an_expert_in_the_recycle_bin_is_not_assessed_and_purging_removes_their_rows() {
    let ledger = fixture();
    let period = ledger.create_assessment_period(&period_input("2025", None)).unwrap();
    adjust(&ledger, &period, "x3", -1.0, "缺席培训").unwrap();
    ledger.grade_assessment(&period.id, Some("x3")).unwrap();
    ledger.delete_expert("x3", true).unwrap();
    let sheet = ledger.assessment_sheet(&period.id).unwrap();
    assert!(sheet.rows.iter().all(|r| r.expert_name != "丙"));
    assert_eq!(sheet.period.graded_count, 1, "the stored result waits in case the expert comes back");
    ledger.restore(RecordKind::Expert, "x3").unwrap();
    assert_eq!(row(&ledger.assessment_sheet(&period.id).unwrap(), "丙").adjustments, -1.0);
    ledger.delete_expert("x3", true).unwrap();
    ledger.purge(RecordKind::Expert, "x3").unwrap();
    assert_eq!((rows(&ledger, "assessment_experts"), rows(&ledger, "assessment_adjustments")), (0, 0));
}
