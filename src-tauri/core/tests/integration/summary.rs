//! The summary workbook (月度/季度/年度工作台账) read back. On a hand-computed fixture every figure of every sheet
//! equals the hand count and the statistics engine's value, as real numbers with their formats (万元 0.00, days 0.0,
//! counts 0), with 合计 rows of SUM formulas over the right rows and their cached results. On the small sample every
//! sheet's totals equal the engine's figures for a year and a quarter. The sheets' XML (merged title, frozen pane,
//! autofilter, page setup, print titles) and the two charts' series and types; cancel, a bad period and CSV leave
//! nothing behind.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::exec;
use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;
use ledger_core::model::*;
use ledger_core::reporting::export::{self, ExportOptions};
use ledger_core::sample::{self, Scale};
use ledger_core::{reporting::statistics, CoreError, Ledger};

const SHEETS: [&str; 7] = ["概览", "需求进展", "走访", "专员工作量", "派出单位统计", "地区统计", "成效"];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn settings() -> ReportSettings {
    ReportSettings { reporting_unit: "宁波市科技局".into(), reporter: "周明".into() }
}

fn filter(period: &str) -> ReportFilter {
    ReportFilter {
        period: period.into(),
        region: None,
        organization_id: None,
        batch_id: None,
        origins: None,
        reviewed_only: None,
    }
}

fn request(f: ReportFilter) -> ExportRequest {
    ExportRequest {
        kind: ExportKind::Summary,
        format: ExportFormat::Xlsx,
        filter: f,
        columns: None,
        include_full_id: false,
        paper: None,
    }
}

/// Writes the summary of `f` to `out` and computes the engine's statistics of `f`, both as of [`today`].
fn export_and_statistics(ledger: &Ledger, f: ReportFilter, out: &Path) -> (ExportReport, Statistics) {
    ledger
        .database()
        .read_snapshot(|c| {
            let options = ExportOptions::default();
            let report =
                export::export_with(c, &request(f.clone()), &settings(), today(), out, &options, &mut |_, _| true)?;
            Ok((report, statistics::statistics(c, &f, today())?))
        })
        .unwrap_or_else(|e| panic!("summary failed: {e}"))
}

/// Two units, four experts (one never works), three enterprises in two cities; in 2024-Q1 three visits, four service
/// records (one more in the recycle bin, one in May), needs through dated stages. The tests below count by hand:
///
/// | record | expert | enterprise | start | days | outcomes |
/// |---|---|---|---|---|---|
/// | s1 | x1 李娜 (浙江大学) | n1 宁波 | 01-11 | 2.0 | 合同 12,345,678 fen, 专利 1 |
/// | s2 | x1 | n2 宁波 | 02-06 | 1.5 | 投资 500,000 fen, 培训 20 |
/// | s3 | x3 张伟 (中科院宁波所) | n1 | 03-01 | 1.0 | 合同 1,000,000 fen, 政策资金 250 fen, 新产品 2 |
/// | s4 | x2 王强 (浙江大学) | n3 温州 | 03-21 | 0.5 | 产值 30,000,000 fen, 利税 4,500,000 fen, 新技术 1, 解决需求 1 |
fn fixture() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(&dir.path().join("ledger.sqlite3")).unwrap();
    exec(
        &ledger,
        "INSERT INTO organizations (id, name, kind, created_at, updated_at) VALUES
             ('o1', '浙江大学', 'university', 't', 't'), ('o2', '中科院宁波所', 'institute', 't', 't');
         INSERT INTO experts (id, name, title, organization_id, created_at, updated_at) VALUES
             ('x1', '李娜', 'senior', 'o1', 't', 't'), ('x2', '王强', 'senior', 'o1', 't', 't'),
             ('x3', '张伟', 'senior', 'o2', 't', 't'), ('x4', '赵敏', 'junior', 'o2', 't', 't');
         INSERT INTO enterprises (id, name, credit_code, province, city, county, created_at, updated_at) VALUES
             ('n1', '宁波甲公司', 'c1', '浙江省', '宁波市', '鄞州区', 't', 't'),
             ('n2', '宁波乙公司', 'c2', '浙江省', '宁波市', '北仑区', 't', 't'),
             ('n3', '温州丙公司', 'c3', '浙江省', '温州市', NULL, 't', 't');
         INSERT INTO visits (id, enterprise_id, visit_date, mode, created_at, updated_at) VALUES
             ('v1', 'n1', '2024-01-10', 'on_site', 't', 't'), ('v2', 'n2', '2024-02-05', 'online', 't', 't'),
             ('v3', 'n3', '2024-03-20', 'phone', 't', 't'), ('v4', 'n1', '2024-04-02', 'on_site', 't', 't');
         INSERT INTO visit_experts VALUES ('v1', 'x1'), ('v1', 'x3'), ('v2', 'x1'), ('v3', 'x2'), ('v4', 'x1');
         INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days, service_type,
                 contract_amount_fen, investment_fen, policy_funds_fen, cost_saved_fen, output_value_fen,
                 profit_tax_fen, patents, new_products, new_technologies, people_trained, needs_solved,
                 created_at, updated_at, deleted_at) VALUES
             ('s1', 'x1', 'n1', '2024-01-11', '2024-01-12', 2.0, 'consulting', 12345678, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
                 't', 't', NULL),
             ('s2', 'x1', 'n2', '2024-02-06', '2024-02-07', 1.5, 'training', 0, 500000, 0, 0, 0, 0, 0, 0, 0, 20, 0,
                 't', 't', NULL),
             ('s3', 'x3', 'n1', '2024-03-01', '2024-03-01', 1.0, 'consulting', 1000000, 0, 250, 0, 0, 0, 0, 2, 0, 0, 0,
                 't', 't', NULL),
             ('s4', 'x2', 'n3', '2024-03-21', '2024-03-21', 0.5, 'result_transfer', 0, 0, 0, 0, 30000000, 4500000,
                 0, 0, 1, 0, 1, 't', 't', NULL),
             ('s5', 'x2', 'n3', '2024-05-01', '2024-05-01', 1.0, 'consulting', 99000000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                 't', 't', NULL),
             ('s6', 'x1', 'n1', '2024-02-01', '2024-02-01', 3.0, 'consulting', 7, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0,
                 't', 't', 'in the bin');
         INSERT INTO needs (id, enterprise_id, source, title, need_type, stage, stage_changed_on, created_at,
                 updated_at) VALUES
             ('d1', 'n1', 'visit', '需求一', 'other', 'solved', '2024-03-15', '2024-01-10T02:00:00.000Z', 't'),
             ('d2', 'n3', 'visit', '需求二', 'other', 'discovered', '2024-02-10', '2024-02-10T03:00:00.000Z', 't'),
             ('d3', 'n2', 'visit', '需求三', 'other', 'refined', '2023-12-05', '2023-12-01T00:00:00.000Z', 't'),
             ('d4', 'n2', 'visit', '需求四', 'other', 'matched', '2024-03-26', '2024-03-25T01:00:00.000Z', 't'),
             ('d5', 'n1', 'visit', '需求五', 'other', 'discovered', '2024-04-03', '2024-04-03T00:00:00.000Z', 't');
         INSERT INTO need_stage_events (id, need_id, from_stage, to_stage, changed_on, created_at) VALUES
             ('e11', 'd1', NULL, 'discovered', '2024-01-10', '2024-01-10T02:00:00.000Z'),
             ('e12', 'd1', 'discovered', 'refined', '2024-01-15', '2024-01-15T02:00:00.000Z'),
             ('e13', 'd1', 'refined', 'matched', '2024-01-20', '2024-01-20T02:00:00.000Z'),
             ('e14', 'd1', 'matched', 'solving', '2024-02-01', '2024-02-01T02:00:00.000Z'),
             ('e15', 'd1', 'solving', 'solved', '2024-03-15', '2024-03-15T02:00:00.000Z'),
             ('e21', 'd2', NULL, 'discovered', '2024-02-10', '2024-02-10T03:00:00.000Z'),
             ('e31', 'd3', NULL, 'discovered', '2023-12-01', '2023-12-01T00:00:00.000Z'),
             ('e32', 'd3', 'discovered', 'refined', '2023-12-05', '2023-12-05T00:00:00.000Z'),
             ('e41', 'd4', NULL, 'discovered', '2024-03-25', '2024-03-25T01:00:00.000Z'),
             ('e42', 'd4', 'discovered', 'matched', '2024-03-26', '2024-03-26T01:00:00.000Z'),
             ('e51', 'd5', NULL, 'discovered', '2024-04-03', '2024-04-03T00:00:00.000Z');
         INSERT INTO need_matches (id, need_id, expert_id, method, matched_on, created_at, updated_at) VALUES
             ('m1', 'd1', 'x1', 'assigned', '2024-01-20', 't', 't'),
             ('m2', 'd4', 'x3', 'claimed', '2024-03-26', 't', 't');
         INSERT INTO events (id, event_type, title, event_date, attendance, created_at, updated_at, deleted_at) VALUES
             ('a1', 'matchmaking', '新材料对接会', '2024-02-20', 30, 't', 't', NULL),
             ('a2', 'training', '专利培训', '2024-03-05', NULL, 't', 't', NULL),
             ('a3', 'roadshow', '项目路演', '2024-04-10', 20, 't', 't', NULL),
             ('a4', 'matchmaking', '已删除的对接会', '2024-01-15', 12, 't', 't', 'in the bin');
         INSERT INTO event_enterprises VALUES ('a1', 'n1'), ('a1', 'n2'), ('a2', 'n3'), ('a3', 'n1'), ('a4', 'n1');
         INSERT INTO event_experts VALUES ('a1', 'x1'), ('a2', 'x2');",
    );
    (dir, ledger)
}

fn xlsx(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap()
}

/// A part of the xlsx zip as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// One sheet's values and formulas.
struct Sheet {
    values: calamine::Range<Data>,
    formulas: calamine::Range<String>,
}

impl Sheet {
    fn read(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Self {
        Self { values: book.worksheet_range(name).unwrap(), formulas: book.worksheet_formula(name).unwrap() }
    }

    fn text(&self, row: u32, col: u32) -> String {
        match self.values.get_value((row, col)) {
            Some(Data::String(s)) => s.clone(),
            other => panic!("({row}, {col}) is not text: {other:?}"),
        }
    }

    fn float(&self, row: u32, col: u32) -> f64 {
        match self.values.get_value((row, col)) {
            Some(Data::Float(f)) => *f,
            other => panic!("({row}, {col}) is not a number: {other:?}"),
        }
    }

    /// The numbers of a row from `from` on.
    fn floats(&self, row: u32, from: u32, n: u32) -> Vec<f64> {
        (from..from + n).map(|c| self.float(row, c)).collect()
    }

    fn is_empty(&self, row: u32, col: u32) -> bool {
        matches!(self.values.get_value((row, col)), None | Some(Data::Empty))
    }

    fn formula(&self, row: u32, col: u32) -> String {
        self.formulas.get_value((row, col)).cloned().unwrap_or_default()
    }

    /// The rows of values (the used range's height).
    fn height(&self) -> u32 {
        self.values.height() as u32
    }
}

/// The number format code of a cell.
fn number_format(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str, row: u32, col: u32) -> String {
    let styles = book.worksheet_style(sheet).unwrap();
    styles.get((row, col)).and_then(|s| s.number_format.clone()).map(|f| f.format_code).unwrap_or_default()
}

fn wan(fen: i64) -> f64 {
    fen as f64 / 1_000_000.0
}

/// 服务记录, 服务天数, the six sums in 万元 and the five counts: the last 13 columns of the per-row sheets.
fn work(o: &OutcomeTotals) -> Vec<f64> {
    vec![
        o.records as f64,
        o.service_days,
        wan(o.outcomes.contract_amount_fen),
        wan(o.outcomes.investment_fen),
        wan(o.outcomes.policy_funds_fen),
        wan(o.outcomes.cost_saved_fen),
        wan(o.outcomes.output_value_fen),
        wan(o.outcomes.profit_tax_fen),
        o.outcomes.patents as f64,
        o.outcomes.new_products as f64,
        o.outcomes.new_technologies as f64,
        o.outcomes.people_trained as f64,
        o.outcomes.needs_solved as f64,
    ]
}

/// [`work`] written out: (records, days, [six money amounts in fen], [five counts]).
fn work_by_hand(records: u32, days: f64, money: [i64; 6], counts: [u32; 5]) -> Vec<f64> {
    let mut v = vec![records as f64, days];
    v.extend(money.map(wan));
    v.extend(counts.map(f64::from));
    v
}

/// The column letters of a 0-based column below 26.
fn letter(col: u32) -> char {
    char::from(b'A' + col as u8)
}

#[test]
fn every_sheet_of_a_quarter_holds_the_hand_counted_figures_and_the_engines() {
    let (dir, ledger) = fixture();
    let out = dir.path().join("季度工作台账.xlsx");
    let (report, s) = export_and_statistics(&ledger, filter("2024-Q1"), &out);
    // 29 figures; 7 stages and 3 figures; 3 months and 2 figures; 3 experts; 2 units; 2 regions; 11 outcomes.
    assert_eq!((report.rows, report.sheets), (29 + 10 + 5 + 3 + 2 + 2 + 11, 7));
    let mut book = xlsx(&out);
    assert_eq!(book.sheet_names(), SHEETS);

    // 概览: title, 填报 line, one figure a row (指标, 数值, 单位, 口径说明), no 合计.
    let o = Sheet::read(&mut book, "概览");
    assert_eq!(o.text(0, 0), "宁波市科技局科技专员服务季度工作台账（2024年第一季度）");
    assert_eq!(o.text(1, 0), "填报单位：宁波市科技局　　填报人：周明　　填报日期：2026-11-27");
    assert_eq!(
        (o.text(2, 0), o.text(2, 1), o.text(2, 2), o.text(2, 3)),
        ("指标".into(), "数值".into(), "单位".into(), "口径说明".into())
    );
    let names: Vec<String> = (3..32).map(|r| o.text(r, 0)).collect();
    assert_eq!(
        names,
        [
            "走访次数",
            "走访人次",
            "走访专员数",
            "走访企业数",
            "服务专员数",
            "服务企业数",
            "服务记录",
            "服务天数",
            "新增需求",
            "已解决需求",
            "在库需求",
            "超30天无进展需求",
            "合同金额",
            "投资额",
            "政策资金",
            "降本",
            "新增产值",
            "新增利税",
            "专利",
            "新产品",
            "新技术",
            "培训人次",
            "解决需求",
            "活动场次",
            "活动人数",
            "其中：供需对接会",
            "其中：培训会",
            "其中：路演",
            "其中：其他"
        ]
    );
    let hand = [
        3.0, 4.0, 3.0, 3.0, 3.0, 3.0, 4.0, 5.0, 3.0, 1.0, 4.0, 2.0, 13.345678, 0.5, 0.00025, 0.0, 30.0, 4.5, 1.0, 2.0,
        1.0, 20.0, 1.0, 2.0, 30.0, 1.0, 1.0, 0.0, 0.0,
    ];
    let stock: u32 = s.needs.by_stage.iter().map(|c| c.count).sum();
    let mut engine = vec![
        s.visits.visits as f64,
        s.visits.person_visits as f64,
        s.visits.experts as f64,
        s.visits.enterprises as f64,
        s.experts_served as f64,
        s.enterprises_served as f64,
        s.outcomes.records as f64,
        s.outcomes.service_days,
        s.needs.new as f64,
        s.needs.solved as f64,
        stock as f64,
        s.needs.stale as f64,
    ];
    engine.extend(work(&s.outcomes)[2..].iter());
    engine.extend([s.events.events, s.events.attendance].map(f64::from));
    engine.extend(s.events.by_type.iter().map(|t| f64::from(t.events)));
    let cells: Vec<f64> = (3..32).map(|r| o.float(r, 1)).collect();
    assert_eq!(cells, hand, "by hand");
    assert_eq!(cells, engine, "the engine's");
    // The 活动 rows are the statistics' events: the one in the bin and the one of April left out, 参加人数 of those
    // that recorded it.
    assert_eq!((s.events.events, s.events.attendance), (2, 30));
    let units: Vec<String> = (3..32).map(|r| o.text(r, 2)).collect();
    assert_eq!(units[..3], ["次", "人次", "人"]);
    assert_eq!((units[7].as_str(), units[12].as_str(), units[18].as_str()), ("天", "万元", "件"));
    assert_eq!(units[23..], ["场", "人", "场", "场", "场", "场"]);
    assert_eq!(o.height(), 32, "no 合计 under figures of different units");
    for (row, format) in [(3, "0"), (10, "0.0"), (15, "0.00"), (17, "0.00"), (21, "0")] {
        assert_eq!(number_format(&mut book, "概览", row, 1), format, "概览 row {row}");
    }

    // 需求进展: the stock by stage with 合计, then new, solved and stale under it.
    let n = Sheet::read(&mut book, "需求进展");
    assert_eq!(n.text(0, 0), "技术需求进展情况表（2024年第一季度）");
    let stages: Vec<(String, f64)> = (3..10).map(|r| (n.text(r, 0), n.float(r, 1))).collect();
    let by_hand =
        [("挖掘", 1.0), ("凝练", 1.0), ("对接", 1.0), ("解决中", 0.0), ("已解决", 1.0), ("搁置", 0.0), ("已合并", 0.0)];
    assert_eq!(stages, by_hand.map(|(a, b)| (a.to_owned(), b)));
    let engine: Vec<(String, f64)> =
        s.needs.by_stage.iter().map(|c| (c.stage.label_zh().to_owned(), c.count as f64)).collect();
    assert_eq!(stages, engine);
    assert_eq!((n.text(10, 0), n.float(10, 1), n.formula(10, 1)), ("合计".into(), 4.0, "SUM(B4:B10)".into()));
    assert!(n.is_empty(11, 0), "a blank row before the figures");
    let figures: Vec<(String, f64)> = (12..15).map(|r| (n.text(r, 0), n.float(r, 1))).collect();
    assert_eq!(
        figures,
        [
            ("本期新增需求（项）".into(), 3.0),
            ("本期已解决需求（项）".into(), 1.0),
            ("超30天无进展需求（项）".into(), 2.0)
        ]
    );
    assert_eq!((s.needs.new, s.needs.solved, s.needs.stale), (3, 1, 2));

    // 走访: per month, 合计, the distinct experts and enterprises.
    let v = Sheet::read(&mut book, "走访");
    assert_eq!(v.text(0, 0), "走访与服务分月统计表（2024年第一季度）");
    let months: Vec<String> = (3..6).map(|r| v.text(r, 0)).collect();
    assert_eq!(months, ["1月", "2月", "3月"]);
    let rows: Vec<Vec<f64>> = (3..6).map(|r| v.floats(r, 1, 6)).collect();
    assert_eq!(rows, [[1.0, 2.0, 1.0, 2.0, 1.0, 0.0], [1.0, 1.0, 1.0, 1.5, 1.0, 0.0], [1.0, 1.0, 2.0, 1.5, 1.0, 1.0]]);
    let engine: Vec<Vec<f64>> = s
        .per_month
        .iter()
        .map(|m| {
            let counts = [m.visits, m.person_visits, m.service_records].map(f64::from);
            vec![counts[0], counts[1], counts[2], m.service_days, m.needs_new as f64, m.needs_solved as f64]
        })
        .collect();
    assert_eq!(rows, engine);
    assert_eq!(v.text(6, 0), "合计");
    assert_eq!(v.floats(6, 1, 6), [3.0, 4.0, 4.0, 5.0, 3.0, 1.0]);
    for col in 1..7 {
        let l = letter(col);
        assert_eq!(v.formula(6, col), format!("SUM({l}4:{l}6)"));
    }
    assert_eq!((v.text(8, 0), v.float(8, 1)), ("走访专员数（人，不重复）".into(), 3.0));
    assert_eq!((v.text(9, 0), v.float(9, 1)), ("走访企业数（家，不重复）".into(), 3.0));
    assert_eq!(number_format(&mut book, "走访", 3, 4), "0.0");
    assert_eq!(number_format(&mut book, "走访", 6, 4), "0.0");

    // 专员工作量: by service days; 合计 sums all but the distinct counts (服务企业, 对接需求).
    let x = Sheet::read(&mut book, "专员工作量");
    assert_eq!(x.text(2, 3), "服务企业\n（家）");
    assert_eq!(x.text(2, 7), "合同金额\n（万元）");
    let experts: Vec<(String, String)> = (3..6).map(|r| (x.text(r, 0), x.text(r, 1))).collect();
    assert_eq!(
        experts,
        [("李娜", "浙江大学"), ("张伟", "中科院宁波所"), ("王强", "浙江大学")].map(|(a, b)| (a.into(), b.into()))
    );
    let hand = [
        ([2.0, 2.0, 1.0], work_by_hand(2, 3.5, [12_345_678, 500_000, 0, 0, 0, 0], [1, 0, 0, 20, 0])),
        ([1.0, 1.0, 1.0], work_by_hand(1, 1.0, [1_000_000, 0, 250, 0, 0, 0], [0, 2, 0, 0, 0])),
        ([1.0, 1.0, 0.0], work_by_hand(1, 0.5, [0, 0, 0, 0, 30_000_000, 4_500_000], [0, 0, 1, 0, 1])),
    ];
    for (i, (expert, (counts, outcomes))) in s.per_expert.iter().zip(hand).enumerate() {
        let row = 3 + i as u32;
        assert_eq!(x.floats(row, 2, 3), counts, "{}", expert.name);
        assert_eq!(x.floats(row, 2, 3), [expert.visits, expert.enterprises, expert.needs_matched].map(f64::from));
        assert_eq!(x.floats(row, 5, 13), outcomes, "{}", expert.name);
        assert_eq!(x.floats(row, 5, 13), work(&expert.outcomes), "{}", expert.name);
    }
    assert_eq!(x.text(6, 0), "合计");
    assert!(x.is_empty(6, 1) && x.is_empty(6, 3) && x.is_empty(6, 4), "no sum of distinct counts");
    assert_eq!((x.formula(6, 3), x.formula(6, 4)), (String::new(), String::new()));
    assert_eq!(x.float(6, 2), 4.0);
    assert_eq!(x.floats(6, 5, 13), work(&s.outcomes), "the experts add up to the period's outcomes");
    for col in [2, 5, 6, 7, 12, 17] {
        let l = letter(col);
        assert_eq!(x.formula(6, col), format!("SUM({l}4:{l}6)"), "column {l}");
    }
    for (row, col, format) in [(3, 5, "0"), (3, 6, "0.0"), (3, 7, "0.00"), (6, 7, "0.00"), (6, 13, "0"), (3, 16, "0")] {
        assert_eq!(number_format(&mut book, "专员工作量", row, col), format, "({row}, {col})");
    }

    // 派出单位统计.
    let u = Sheet::read(&mut book, "派出单位统计");
    assert_eq!((u.text(3, 0), u.text(3, 1)), ("浙江大学".into(), "高校".into()));
    assert_eq!((u.text(4, 0), u.text(4, 1)), ("中科院宁波所".into(), "科研院所".into()));
    assert_eq!(u.floats(3, 2, 4), [2.0, 2.0, 3.0, 3.0], "x1 and x2; n1, n2 and n3");
    assert_eq!(u.floats(4, 2, 4), [2.0, 1.0, 1.0, 1.0], "x3, and x4 who did nothing");
    assert_eq!(
        u.floats(3, 6, 13),
        work_by_hand(3, 4.0, [12_345_678, 500_000, 0, 0, 30_000_000, 4_500_000], [1, 0, 1, 20, 1])
    );
    for (i, unit) in s.per_organization.iter().enumerate() {
        let row = 3 + i as u32;
        let counts = [unit.experts, unit.active_experts, unit.person_visits, unit.enterprises].map(f64::from);
        assert_eq!(u.floats(row, 2, 4), counts);
        assert_eq!(u.floats(row, 6, 13), work(&unit.outcomes));
    }
    assert_eq!(u.text(5, 0), "合计");
    assert_eq!(u.floats(5, 2, 3), [4.0, 3.0, 4.0]);
    assert_eq!(u.float(5, 3), s.experts_served as f64);
    assert!(u.is_empty(5, 5));
    assert_eq!(u.floats(5, 6, 13), work(&s.outcomes));
    assert_eq!(u.formula(5, 2), "SUM(C4:C5)");

    // 地区统计: cities, by service days.
    let r = Sheet::read(&mut book, "地区统计");
    assert_eq!((r.text(3, 0), r.text(4, 0)), ("宁波市".into(), "温州市".into()));
    assert_eq!(r.floats(3, 1, 4), [2.0, 2.0, 2.0, 1.0]);
    assert_eq!(r.floats(4, 1, 4), [1.0, 1.0, 1.0, 0.0]);
    assert_eq!(r.floats(3, 5, 13), work_by_hand(3, 4.5, [13_345_678, 500_000, 250, 0, 0, 0], [1, 2, 0, 20, 0]));
    for (i, region) in s.per_region.iter().enumerate() {
        let row = 3 + i as u32;
        let counts = [region.enterprises, region.visits, region.needs_new, region.needs_solved].map(f64::from);
        assert_eq!(r.floats(row, 1, 4), counts);
        assert_eq!(r.floats(row, 5, 13), work(&region.outcomes));
    }
    assert_eq!(r.text(5, 0), "合计");
    assert_eq!(r.floats(5, 1, 4), [3.0, 3.0, 3.0, 1.0]);
    assert_eq!(r.floats(5, 5, 13), work(&s.outcomes));
    assert_eq!(r.formula(5, 17), "SUM(R4:R5)");

    // 成效: one row per outcome, money in 万元.
    let c = Sheet::read(&mut book, "成效");
    assert_eq!(c.text(0, 0), "服务成效统计表（2024年第一季度）");
    let rows: Vec<(String, String, f64, String)> =
        (3..14).map(|r| (c.text(r, 0), c.text(r, 1), c.float(r, 2), c.text(r, 3))).collect();
    let by_hand = [
        ("经济效益", "合同金额", 13.345678, "万元"),
        ("经济效益", "投资额", 0.5, "万元"),
        ("经济效益", "政策资金", 0.00025, "万元"),
        ("经济效益", "降本", 0.0, "万元"),
        ("经济效益", "新增产值", 30.0, "万元"),
        ("经济效益", "新增利税", 4.5, "万元"),
        ("科技成果", "专利", 1.0, "件"),
        ("科技成果", "新产品", 2.0, "个"),
        ("科技成果", "新技术", 1.0, "项"),
        ("人才培养", "培训人次", 20.0, "人次"),
        ("需求解决", "解决需求", 1.0, "项"),
    ];
    assert_eq!(rows, by_hand.map(|(a, b, v, u)| (a.to_owned(), b.to_owned(), v, u.to_owned())));
    let values: Vec<f64> = rows.iter().map(|r| r.2).collect();
    assert_eq!(values, work(&s.outcomes)[2..]);
    assert_eq!(c.height(), 14, "no 合计");
    assert_eq!(number_format(&mut book, "成效", 3, 2), "0.00");
    assert_eq!(number_format(&mut book, "成效", 9, 2), "0");

    let styles = book.worksheet_style("专员工作量").unwrap();
    assert!(styles.get((2, 0)).unwrap().font.as_ref().unwrap().is_bold(), "bold header");
    assert!(styles.get((6, 0)).unwrap().font.as_ref().unwrap().is_bold(), "bold 合计");
}

#[test]
fn a_scope_is_named_in_every_title() {
    let (dir, ledger) = fixture();
    let out = dir.path().join("scoped.xlsx");
    let f = ReportFilter { organization_id: Some("o1".into()), region: Some("宁波市".into()), ..filter("2024") };
    let (report, s) = export_and_statistics(&ledger, f, &out);
    assert_eq!(s.scope_label, "宁波市 · 浙江大学");
    let mut book = xlsx(&out);
    let o = Sheet::read(&mut book, "概览");
    assert_eq!(o.text(0, 0), "宁波市科技局科技专员服务年度工作台账（2024年，宁波市 · 浙江大学）");
    assert!(!o.text(1, 0).contains("统计范围"), "the title names the scope: {}", o.text(1, 0));
    let x = Sheet::read(&mut book, "专员工作量");
    assert_eq!(x.text(0, 0), "科技专员工作量统计表（2024年，宁波市 · 浙江大学）");
    // x1 served n1 and n2 in 宁波市; x2 only 温州市, x3 is not of 浙江大学.
    assert_eq!(x.text(3, 0), "李娜");
    assert_eq!(x.text(4, 0), "合计");
    let v = Sheet::read(&mut book, "走访");
    assert_eq!(v.height(), 3 + 12 + 1 + 3, "twelve months, 合计, a blank row and two figures");
    assert_eq!(
        report.rows,
        29 + 10 + 14 + s.per_expert.len() as u64 + s.per_organization.len() as u64 + s.per_region.len() as u64 + 11
    );

    // A range without a 填报单位: 工作台账, months with their year.
    let out = dir.path().join("range.xlsx");
    ledger
        .database()
        .read(|c| {
            let req = request(filter("2023-12-15..2024-02-10"));
            let unset = ReportSettings::default();
            export::export(c, &req, &unset, today(), &out, &mut |_, _| true)
        })
        .unwrap();
    let mut book = xlsx(&out);
    let o = Sheet::read(&mut book, "概览");
    assert_eq!(o.text(0, 0), "科技专员服务工作台账（2023-12-15至2024-02-10）");
    let v = Sheet::read(&mut book, "走访");
    assert_eq!((v.text(3, 0), v.text(5, 0)), ("2023年12月".into(), "2024年2月".into()));
}

#[test]
fn on_the_sample_every_total_is_the_engines_for_a_year_and_a_quarter() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(&dir.path().join("sample.sqlite3")).unwrap();
    sample::generate(ledger.database(), 7, Scale::Small, sample::FIXED_AS_OF).unwrap();
    for period in ["2024", "2024-Q2"] {
        let out = dir.path().join(format!("{period}.xlsx"));
        let (report, s) = export_and_statistics(&ledger, filter(period), &out);
        let what = period;
        assert!(s.outcomes.records > 100 && s.per_expert.len() > 5, "{what}: the sample has work");
        let mut book = xlsx(&out);

        let o = Sheet::read(&mut book, "概览");
        let stock: u32 = s.needs.by_stage.iter().map(|c| c.count).sum();
        let first = [
            s.visits.visits,
            s.visits.person_visits,
            s.visits.experts,
            s.visits.enterprises,
            s.experts_served,
            s.enterprises_served,
            s.outcomes.records,
        ];
        let column: Vec<f64> = (3..32).map(|r| o.float(r, 1)).collect();
        assert_eq!(column[..7], first.map(f64::from), "{what}: 概览");
        assert_eq!(column[7], s.outcomes.service_days, "{what}");
        assert_eq!(column[8..12], [s.needs.new, s.needs.solved, stock, s.needs.stale].map(f64::from), "{what}");
        assert_eq!(column[12..23], work(&s.outcomes)[2..], "{what}: 概览 outcomes");
        let mut events = vec![f64::from(s.events.events), f64::from(s.events.attendance)];
        events.extend(s.events.by_type.iter().map(|t| f64::from(t.events)));
        assert_eq!(column[23..], events, "{what}: 概览 events");

        let n = Sheet::read(&mut book, "需求进展");
        assert_eq!(n.float(10, 1), stock as f64, "{what}: 需求进展 合计");
        assert_eq!(
            [n.float(12, 1), n.float(13, 1), n.float(14, 1)],
            [s.needs.new, s.needs.solved, s.needs.stale].map(f64::from)
        );

        let v = Sheet::read(&mut book, "走访");
        let total_row = 3 + s.per_month.len() as u32;
        assert_eq!(v.text(total_row, 0), "合计");
        let expected = [
            s.visits.visits as f64,
            s.visits.person_visits as f64,
            s.outcomes.records as f64,
            s.outcomes.service_days,
            s.needs.new as f64,
            s.needs.solved as f64,
        ];
        assert_eq!(v.floats(total_row, 1, 6), expected, "{what}: 走访 合计");
        assert_eq!(v.float(total_row + 2, 1), s.visits.experts as f64);
        assert_eq!(v.float(total_row + 3, 1), s.visits.enterprises as f64);

        let x = Sheet::read(&mut book, "专员工作量");
        let total_row = 3 + s.per_expert.len() as u32;
        assert_eq!(x.text(total_row, 0), "合计", "{what}");
        assert_eq!(x.float(total_row, 2), s.visits.person_visits as f64, "{what}: 专员 走访人次");
        assert_eq!(x.floats(total_row, 5, 13), work(&s.outcomes), "{what}: the experts' sums are the outcomes");
        assert_eq!(x.formula(total_row, 7), format!("SUM(H4:H{total_row})"));
        // Each expert's row is the engine's.
        for (i, expert) in s.per_expert.iter().enumerate() {
            assert_eq!(x.text(3 + i as u32, 0), expert.name);
            assert_eq!(x.floats(3 + i as u32, 5, 13), work(&expert.outcomes), "{what}: {}", expert.name);
        }

        let u = Sheet::read(&mut book, "派出单位统计");
        let total_row = 3 + s.per_organization.len() as u32;
        let experts: u32 = s.per_organization.iter().map(|o| o.experts).sum();
        assert_eq!(
            u.floats(total_row, 2, 3),
            [experts, s.experts_served, s.visits.person_visits].map(f64::from),
            "{what}"
        );
        assert_eq!(u.floats(total_row, 6, 13), work(&s.outcomes), "{what}: 派出单位 合计");

        let r = Sheet::read(&mut book, "地区统计");
        let total_row = 3 + s.per_region.len() as u32;
        let counts = [s.enterprises_served, s.visits.visits, s.needs.new, s.needs.solved].map(f64::from);
        assert_eq!(r.floats(total_row, 1, 4), counts, "{what}: 地区 合计");
        assert_eq!(r.floats(total_row, 5, 13), work(&s.outcomes), "{what}");

        let c = Sheet::read(&mut book, "成效");
        let values: Vec<f64> = (3..14).map(|r| c.float(r, 2)).collect();
        assert_eq!(values, work(&s.outcomes)[2..], "{what}: 成效");

        let rows =
            29 + 10 + s.per_month.len() + 2 + s.per_expert.len() + s.per_organization.len() + s.per_region.len() + 11;
        assert_eq!((report.rows, report.sheets), (rows as u64, 7), "{what}");
    }
}

#[test]
fn every_sheet_is_laid_out_for_print_and_the_charts_refer_to_the_tables() {
    let (dir, ledger) = fixture();
    // A unit's name wider than the 36 widths of its column wraps, and its rows are as tall as its two lines.
    exec(&ledger, "UPDATE organizations SET name = '中国科学院宁波材料技术与工程研究所新材料分所' WHERE id = 'o2'");
    let out = dir.path().join("layout.xlsx");
    export_and_statistics(&ledger, filter("2024-Q1"), &out);
    let workbook = part(&out, "xl/workbook.xml");
    // (sheet, last column of the title, autofilter range): 概览's title also spans the ten columns of its charts.
    let layout = [
        ("概览", "N", "A3:D32"),
        ("需求进展", "B", "A3:B10"),
        ("走访", "G", "A3:G6"),
        ("专员工作量", "R", "A3:R6"),
        ("派出单位统计", "S", "A3:S5"),
        ("地区统计", "R", "A3:R5"),
        ("成效", "D", "A3:D14"),
    ];
    for (i, (name, last, filter_range)) in layout.iter().enumerate() {
        let sheet = part(&out, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(sheet.contains(&format!(r#"<mergeCell ref="A1:{last}1"/>"#)), "{name}: {sheet}");
        assert!(sheet.contains(&format!(r#"<mergeCell ref="A2:{last}2"/>"#)), "{name}");
        assert!(
            sheet.contains(r#"<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>"#),
            "{name}"
        );
        assert!(sheet.contains(&format!(r#"<autoFilter ref="{filter_range}"/>"#)), "{name}: {sheet}");
        let setup = sheet.split("<pageSetup").nth(1).unwrap().split("/>").next().unwrap();
        for attribute in [r#"orientation="landscape""#, r#"paperSize="9""#, r#"fitToHeight="0""#] {
            assert!(setup.contains(attribute), "{name}: {setup}");
        }
        assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{name}: fit to page");
        // The two widest tables print two pages wide at 8 pt or larger, their first column repeated on the second.
        let repeated = if matches!(*name, "专员工作量" | "派出单位统计") {
            format!("{name}!$A:$A,")
        } else {
            String::new()
        };
        let titles = format!(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{repeated}{name}!$3:$3</definedName>"#
        );
        assert!(workbook.contains(&titles), "{name}: {workbook}");
    }
    // The wide sheets' headers wrap over two lines, and their row is tall enough; so are the rows of a long name.
    let experts = part(&out, "xl/worksheets/sheet4.xml");
    assert!(experts.contains(r#"<row r="3" spans="1:18" ht="32.25" customHeight="1">"#), "{experts}");
    assert!(experts.contains(r#"<row r="5" spans="1:18" ht="32.25" customHeight="1">"#), "张伟's unit: {experts}");
    assert!(experts.contains(r#"<row r="4" spans="1:18">"#), "李娜's fits on one line");
    assert!(part(&out, "xl/worksheets/sheet5.xml").contains(r#"<row r="5" spans="1:19" ht="32.25" customHeight="1">"#));

    // The charts sit on 概览 and plot the cells of the 走访 and 需求进展 tables.
    assert!(part(&out, "xl/worksheets/sheet1.xml").contains("<drawing r:id=\"rId"));
    let drawing = part(&out, "xl/drawings/_rels/drawing1.xml.rels");
    assert!(drawing.contains("../charts/chart1.xml") && drawing.contains("../charts/chart2.xml"), "{drawing}");
    let trend = part(&out, "xl/charts/chart1.xml");
    for reference in ["走访!$B$3", "走访!$A$4:$A$6", "走访!$B$4:$B$6", "走访!$E$3", "走访!$E$4:$E$6"] {
        assert!(trend.contains(&format!("<c:f>{reference}</c:f>")), "{reference}: {trend}");
    }
    assert!(trend.contains("<c:barChart>") && trend.contains(r#"<c:barDir val="col"/>"#), "走访次数 as columns");
    assert!(trend.contains("<c:lineChart>"), "服务天数 as a line");
    assert_eq!(trend.matches("<c:valAx>").count(), 2, "on a second axis");
    assert!(trend.contains("月度走访与服务"));
    assert!(trend.contains("<c:v>1.5</c:v>"), "the values are cached for readers that do not recalculate");
    let stages = part(&out, "xl/charts/chart2.xml");
    for reference in ["需求进展!$B$3", "需求进展!$A$4:$A$10", "需求进展!$B$4:$B$10"] {
        assert!(stages.contains(&format!("<c:f>{reference}</c:f>")), "{reference}: {stages}");
    }
    assert!(stages.contains("<c:barChart>") && !stages.contains("<c:lineChart>"));
    assert!(stages.contains("<c:v>已解决</c:v>"), "the stage names are cached");
}

fn leftovers(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains("partial"))
        .collect()
}

#[test]
fn progress_goes_sheet_by_sheet_and_a_cancel_leaves_nothing() {
    let (dir, ledger) = fixture();
    let out = dir.path().join("cancel.xlsx");
    let req = request(filter("2024-Q1"));
    for cancel_at in [0, 3, 7] {
        let mut calls = Vec::new();
        let result = ledger.database().read(|c| {
            export::export(c, &req, &settings(), today(), &out, &mut |done, total| {
                calls.push((done, total));
                done < cancel_at
            })
        });
        assert!(matches!(result, Err(CoreError::Cancelled)), "{result:?}");
        assert_eq!(calls, (0..=cancel_at).map(|d| (d, 7)).collect::<Vec<_>>());
        assert!(!out.exists(), "cancelled at {cancel_at}");
        assert_eq!(leftovers(dir.path()), Vec::<PathBuf>::new());
    }
    let mut calls = Vec::new();
    let report = ledger
        .database()
        .read(|c| {
            export::export(c, &req, &settings(), today(), &out, &mut |done, total| {
                calls.push((done, total));
                true
            })
        })
        .unwrap();
    assert_eq!(report.sheets, 7);
    assert_eq!(calls, (0..=7).map(|d| (d, 7)).collect::<Vec<_>>());
    assert!(out.exists());
}

#[test]
fn a_bad_period_or_csv_is_refused_and_leaves_the_old_file() {
    let (dir, ledger) = fixture();
    let out = dir.path().join("台账.xlsx");
    std::fs::write(&out, b"the previous export").unwrap();
    let run = |req: ExportRequest| {
        let mut called = false;
        let result = ledger.database().read(|c| {
            export::export(c, &req, &settings(), today(), &out, &mut |_, _| {
                called = true;
                true
            })
        });
        (result, called)
    };
    for (req, field) in [
        (request(filter("2024-Q5")), "period"),
        (request(ReportFilter { batch_id: Some("no-such-batch".into()), ..filter("2024") }), "batchId"),
        (ExportRequest { format: ExportFormat::Csv, ..request(filter("2024")) }, "format"),
    ] {
        let (result, called) = run(req);
        let e = result.unwrap_err();
        assert_eq!((e.code().as_str(), e.fields()[0].field.as_str()), ("validation", field));
        assert!(!e.fields()[0].message.is_empty() && !e.fields()[0].message_en.is_empty());
        assert!(!called, "refused before any progress");
        assert_eq!(std::fs::read(&out).unwrap(), b"the previous export");
        assert_eq!(leftovers(dir.path()), Vec::<PathBuf>::new());
    }
    assert!(export::export_columns(ExportKind::Summary).is_empty(), "the summary has no columns to choose");
}
