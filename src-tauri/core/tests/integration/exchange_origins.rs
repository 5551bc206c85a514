//! 来源 where records of several origins meet: a superior's ledger that merged the packages of two coordinators'
//! sample ledgers (different seeds, one enterprise shared by credit code) and typed one expert itself. Its origins,
//! every list filtered by each origin, the rows' 来源, and the statistics scoped to origins.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use calamine::{open_workbook, Data, Reader, Xlsx};
use ledger_core::model::*;
use ledger_core::sample::{generate, Scale, FIXED_AS_OF};
use ledger_core::Ledger;

use crate::common;
use crate::exchange_merge::{open, package};

pub const PERIOD: &str = "2020-01-01..2026-06-15";

/// The coordinators' ledgers 甲 and 乙, the superior 省局 that merged both, and the shared credit code.
pub struct Merged {
    pub _dir: tempfile::TempDir,
    pub parts: Vec<Ledger>,
    pub superior: Ledger,
    pub shared: String,
}

fn named(ledger: &Ledger, unit: &str) {
    ledger.save_report_settings(&ReportSettings { reporting_unit: unit.into(), reporter: "填报人".into() }).unwrap();
}

pub fn merged() -> Merged {
    let dir = tempfile::tempdir().unwrap();
    let parts: Vec<Ledger> = [(21_u64, "a.sqlite3", "甲"), (22, "b.sqlite3", "乙")]
        .iter()
        .map(|(seed, file, unit)| {
            let l = open(dir.path(), file);
            generate(l.database(), *seed, Scale::Small, FIXED_AS_OF).unwrap();
            named(&l, unit);
            l
        })
        .collect();
    let shared: String = parts[0]
        .database()
        .read(|c| Ok(c.query_row("SELECT credit_code FROM enterprises ORDER BY id LIMIT 1", [], |r| r.get(0))?))
        .unwrap();
    common::exec(
        &parts[1],
        &format!(
            "UPDATE enterprises SET credit_code = '{shared}' WHERE id = (SELECT id FROM enterprises ORDER BY id LIMIT 1)"
        ),
    );
    let superior = open(dir.path(), "s.sqlite3");
    named(&superior, "省局");
    superior.create_expert(&common::expert("省局自录专员", Some("13900000001"))).unwrap();
    for (i, part) in parts.iter().enumerate() {
        let pkg = package(part, dir.path(), &format!("p{i}.stlx"));
        superior.merge_package(&pkg, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    }
    Merged { _dir: dir, parts, superior, shared }
}

/// Every page of a list, through `list(page)`, as (id, 来源) pairs.
fn all<T>(
    mut list: impl FnMut(u32) -> Page<T>,
    id: impl Fn(&T) -> (String, Vec<String>),
) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for page in 1.. {
        let p = list(page);
        let done = p.items.len() < p.page_size as usize;
        out.extend(p.items.iter().map(&id));
        if done {
            assert_eq!(out.len(), p.total as usize, "the total counts the rows");
            break;
        }
    }
    out
}

/// The ids and 来源 of every kind's list of `ledger` for the chosen origins (`None`: all).
fn lists(ledger: &Ledger, origins: Option<Vec<String>>) -> Vec<Vec<(String, Vec<String>)>> {
    let o = || origins.clone();
    vec![
        all(
            |page| {
                ledger.list_experts(&ExpertQuery { page, page_size: 500, origins: o(), ..Default::default() }).unwrap()
            },
            |r| (r.id.clone(), r.origins.clone()),
        ),
        all(
            |page| {
                ledger
                    .list_enterprises(&EnterpriseQuery { page, page_size: 500, origins: o(), ..Default::default() })
                    .unwrap()
            },
            |r| (r.id.clone(), r.origins.clone()),
        ),
        all(
            |page| {
                ledger.list_visits(&VisitQuery { page, page_size: 500, origins: o(), ..Default::default() }).unwrap()
            },
            |r| (r.id.clone(), r.origins.clone()),
        ),
        all(
            |page| ledger.list_needs(&NeedQuery { page, page_size: 500, origins: o(), ..Default::default() }).unwrap(),
            |r| (r.id.clone(), r.origins.clone()),
        ),
        all(
            |page| {
                ledger
                    .list_service_records(&ServiceRecordQuery {
                        page,
                        page_size: 500,
                        origins: o(),
                        ..Default::default()
                    })
                    .unwrap()
            },
            |r| (r.id.clone(), r.origins.clone()),
        ),
    ]
}

fn ids(rows: &[(String, Vec<String>)]) -> BTreeSet<String> {
    rows.iter().map(|(id, _)| id.clone()).collect()
}

#[test]
fn lists_filtered_by_each_origin_hold_exactly_its_records_with_their_origin() {
    let m = merged();
    let origins = m.superior.list_origins().unwrap();
    let names: Vec<(&str, bool)> = origins.iter().map(|o| (o.name.as_str(), o.own)).collect();
    // The merged origins by name (as SQLite orders text: by its UTF-8 bytes).
    assert_eq!(names, [("省局", true), ("乙", false), ("甲", false)]);
    assert_eq!(origins[0].id, m.superior.ledger_identity().unwrap().id);
    assert_eq!(origins[0].records, 1, "the one expert typed here");
    assert!(origins[1].last_merged_at.is_some() && origins[0].last_merged_at.is_none());

    let id_of = |name: &str| origins.iter().find(|o| o.name == name).unwrap().id.clone();
    let everything = lists(&m.superior, None);
    let part_lists: Vec<_> = m.parts.iter().map(|p| lists(p, None)).collect();
    let a = lists(&m.superior, Some(vec![id_of("甲")]));
    let b = lists(&m.superior, Some(vec![id_of("乙")]));
    for kind in 0..5 {
        // 甲 merged first: every record of it kept its id.
        assert_eq!(ids(&a[kind]), ids(&part_lists[0][kind]), "kind {kind}");
        assert_eq!(b[kind].len(), part_lists[1][kind].len(), "kind {kind}");
        assert!(a[kind].iter().all(|(_, o)| o.contains(&"甲".to_owned())));
        assert!(b[kind].iter().all(|(_, o)| o.contains(&"乙".to_owned())));
        // Every origin chosen is no filter at all.
        let chosen = lists(&m.superior, Some(origins.iter().map(|o| o.id.clone()).collect()));
        assert_eq!(ids(&chosen[kind]), ids(&everything[kind]), "kind {kind}");
    }
    // The shared enterprise is of both; the rest of one only.
    let shared_id: String = m
        .superior
        .database()
        .read(|c| Ok(c.query_row("SELECT id FROM enterprises WHERE credit_code = ?1", [&m.shared], |r| r.get(0))?))
        .unwrap();
    let shared = everything[1].iter().find(|(id, _)| *id == shared_id).unwrap();
    assert_eq!(shared.1, ["乙", "甲"]);
    assert_eq!(ids(&a[1]).intersection(&ids(&b[1])).cloned().collect::<Vec<_>>(), [shared_id]);
    assert_eq!(everything[1].len(), a[1].len() + b[1].len() - 1);

    // This ledger's own: the expert typed here, shown under its 填报单位.
    let own = lists(&m.superior, Some(vec![id_of("省局")]));
    assert_eq!(own[0].len(), 1);
    assert_eq!(own[0][0].1, ["省局"]);
    assert!(own[1..].iter().all(Vec::is_empty));
    // An origin unknown here keeps nothing.
    assert!(lists(&m.superior, Some(vec!["nobody".into()])).iter().all(Vec::is_empty));
}

fn scoped(ledger: &Ledger, origins: Option<Vec<String>>) -> Statistics {
    ledger
        .statistics(&ReportFilter {
            period: PERIOD.into(),
            region: None,
            organization_id: None,
            batch_id: None,
            origins,
            reviewed_only: None,
        })
        .unwrap()
}

#[test]
fn statistics_scoped_to_an_origin_equal_that_ledgers_own() {
    let m = merged();
    let origins = m.superior.list_origins().unwrap();
    let id_of = |name: &str| origins.iter().find(|o| o.name == name).unwrap().id.clone();

    let a = scoped(&m.parts[0], None);
    let mut of_a = scoped(&m.superior, Some(vec![id_of("甲")]));
    assert_eq!(of_a.scope_label, "来源：甲");
    of_a.scope_label.clear();
    assert_eq!(of_a, a, "甲's figures at the superior are 甲's own");

    let b = scoped(&m.parts[1], None);
    let of_b = scoped(&m.superior, Some(vec![id_of("乙")]));
    assert_eq!(of_b.outcomes, b.outcomes);
    assert_eq!(of_b.visits, b.visits);
    assert_eq!(of_b.needs, b.needs);
    assert_eq!((of_b.experts_served, of_b.enterprises_served), (b.experts_served, b.enterprises_served));
    assert_eq!(of_b.per_month, b.per_month);

    // Both origins (without the ledger's own, which has no records) count what everything counts, read from the
    // records one by one instead of the sums.
    let all = scoped(&m.superior, None);
    let both = scoped(&m.superior, Some(vec![id_of("甲"), id_of("乙")]));
    assert_eq!(both.outcomes, all.outcomes);
    assert_eq!(both.visits, all.visits);
    assert_eq!(both.needs, all.needs);
    assert_eq!(both.per_month, all.per_month);
    assert_eq!(both.per_expert, all.per_expert);
    assert_eq!(both.per_region, all.per_region);
    assert_eq!(all.outcomes.records, a.outcomes.records + b.outcomes.records);
    assert_eq!(all.visits.visits, a.visits.visits + b.visits.visits);

    // This ledger's own: one expert on the roster, nothing done.
    let own = scoped(&m.superior, Some(vec![id_of("省局")]));
    assert_eq!((own.outcomes.records, own.visits.visits, own.needs.new), (0, 0, 0));
    assert_eq!(own.per_organization.iter().map(|o| o.experts).sum::<u32>(), 1);
}

fn export(ledger: &Ledger, kind: ExportKind, format: ExportFormat, origins: Option<Vec<String>>, out: &Path) {
    let filter = ReportFilter {
        period: PERIOD.into(),
        region: None,
        organization_id: None,
        batch_id: None,
        origins,
        reviewed_only: None,
    };
    let request = ExportRequest { kind, format, filter, columns: None, include_full_id: false, paper: None };
    ledger.export(&request, out, &mut |_, _| true).unwrap();
}

/// The header and the rows of a CSV export.
fn csv(path: &Path) -> (Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines().map(str::to_owned);
    let header = lines.next().unwrap().split(',').map(str::to_owned).collect();
    (header, lines.collect())
}

#[test]
fn exports_name_the_origins_and_the_summary_sets_them_side_by_side_only_with_several() {
    let m = merged();
    let dir = tempfile::tempdir().unwrap();
    let origins = m.superior.list_origins().unwrap();

    // A ledger of one origin: no 来源 column, no 各来源汇总.
    let single = dir.path().join("a.csv");
    export(&m.parts[0], ExportKind::Services, ExportFormat::Csv, None, &single);
    assert!(!csv(&single).0.contains(&"来源".to_owned()));
    let single = dir.path().join("a.xlsx");
    export(&m.parts[0], ExportKind::Summary, ExportFormat::Xlsx, None, &single);
    let book: Xlsx<_> = open_workbook(&single).unwrap();
    assert!(!book.sheet_names().contains(&"各来源汇总".to_owned()));

    // The superior's ledgers end with 来源; each record names its origin.
    for kind in
        [ExportKind::Roster, ExportKind::Enterprises, ExportKind::Visits, ExportKind::Services, ExportKind::Needs]
    {
        let out = dir.path().join(format!("{kind:?}.csv"));
        export(&m.superior, kind, ExportFormat::Csv, None, &out);
        let (header, rows) = csv(&out);
        assert_eq!(header.last().map(String::as_str), Some("来源"), "{kind:?}");
        assert!(rows.iter().all(|r| r.ends_with("甲") || r.ends_with("乙") || r.ends_with("省局")), "{kind:?}");
    }
    // Scoped to 乙, the service ledger holds 乙's records only.
    let of_b = dir.path().join("b.csv");
    let b_id = origins.iter().find(|o| o.name == "乙").unwrap().id.clone();
    export(&m.superior, ExportKind::Services, ExportFormat::Csv, Some(vec![b_id]), &of_b);
    let (_, rows) = csv(&of_b);
    let b = scoped(&m.parts[1], None);
    assert_eq!(rows.len() as u32, b.outcomes.records);
    assert!(rows.iter().all(|r| r.ends_with("乙")));

    // 各来源汇总: 指标, 单位, each origin (this ledger first), then all of them; each column is that origin's figures.
    let out = dir.path().join("summary.xlsx");
    export(&m.superior, ExportKind::Summary, ExportFormat::Xlsx, None, &out);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names().last().map(String::as_str), Some("各来源汇总"));
    let sheet = book.worksheet_range("各来源汇总").unwrap();
    let text = |r: u32, c: u32| match sheet.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({r}, {c}): {other:?}"),
    };
    let number = |r: u32, c: u32| match sheet.get_value((r, c)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(n)) => *n as f64,
        other => panic!("({r}, {c}): {other:?}"),
    };
    let header: Vec<String> = (0..6).map(|c| text(2, c)).collect();
    assert_eq!(header, ["指标", "单位", "省局", "乙", "甲", "合计（不重复）"]);
    let row_of = |name: &str| (3..40).find(|&r| text(r, 0) == name).unwrap();
    let columns: Vec<Statistics> = origins
        .iter()
        .map(|o| scoped(&m.superior, Some(vec![o.id.clone()])))
        .chain([scoped(&m.superior, None)])
        .collect();
    for (i, s) in columns.iter().enumerate() {
        let c = 2 + i as u32;
        assert_eq!(number(row_of("走访次数"), c), f64::from(s.visits.visits));
        assert_eq!(number(row_of("服务企业数"), c), f64::from(s.enterprises_served));
        assert_eq!(number(row_of("服务记录"), c), f64::from(s.outcomes.records));
        assert_eq!(number(row_of("服务天数"), c), s.outcomes.service_days);
        assert_eq!(number(row_of("新增需求"), c), f64::from(s.needs.new));
        assert_eq!(number(row_of("合同金额"), c), s.outcomes.outcomes.contract_amount_fen as f64 / 1_000_000.0);
    }
    // The parts add up to the whole, but for what several origins share.
    let records: f64 = (2..5).map(|c| number(row_of("服务记录"), c)).sum();
    assert_eq!(records, number(row_of("服务记录"), 5));
}
