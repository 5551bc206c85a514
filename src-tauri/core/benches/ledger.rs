//! Benchmarks on the large sample (1,000 experts, 100,000 enterprises, 1,000,000 service records), printed as a
//! Markdown table for docs/PERFORMANCE.md. Run with:
//!
//! ```sh
//! cargo bench -p ledger-core --bench ledger                # every group
//! cargo bench -p ledger-core --bench ledger -- statistics  # one group: lists, weekly or statistics
//! ```

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ledger_core::model::{
    EnterpriseQuery, EnterpriseSize, EnterpriseSortKey, ExpertInput, ExpertQuery, ExpertSortKey, ExpertTitle,
    NeedQuery, ReportFilter, ServiceRecordInput, ServiceRecordQuery, ServiceType, SortOrder, VisitQuery,
};
use ledger_core::sample::{self, Scale};
use ledger_core::Ledger;

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("ledger.sqlite3");
    let ledger = Ledger::open(&path).expect("opens");

    let started = Instant::now();
    let summary = sample::generate(ledger.database(), 1, Scale::Large).expect("sample data");
    let sample_time = started.elapsed();
    let sample_peak = peak_rss_mb();
    let file_mb = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;

    println!("| measure | result |");
    println!("|---|---|");
    println!(
        "| `sample --scale large` ({} experts, {} enterprises, {} service records) | {:.1} s, peak RSS {:.0} MB, file {:.0} MB |",
        summary.experts,
        summary.enterprises,
        summary.service_records,
        sample_time.as_secs_f64(),
        sample_peak,
        file_mb
    );

    // `cargo bench … -- <group>` runs one group (cargo adds its own `--bench` flag).
    let group = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |name: &str| group.as_deref().is_none_or(|g| g == name);
    if wanted("lists") {
        lists(&ledger);
    }
    if wanted("weekly") {
        weekly_work(&ledger);
    }
    if wanted("statistics") {
        statistics(&ledger);
    }
}

/// Issues 2 and 3: the expert and enterprise lists and searches, and the save of one expert.
fn lists(ledger: &Ledger) {
    let list = |q: &ExpertQuery| {
        ledger.list_experts(q).expect("list");
    };
    let filtered = ExpertQuery {
        page: 3,
        page_size: 50,
        title: Some(ExpertTitle::Senior),
        sort: ExpertSortKey::Name,
        order: SortOrder::Asc,
        ..Default::default()
    };
    report("expert list, page of 50, filter 职称 + sort by name", timings(200, || list(&filtered)));
    let two = ExpertQuery { page_size: 50, search: Some("大学".into()), ..Default::default() };
    report("expert list, search of 2 characters (大学)", timings(200, || list(&two)));
    let three = ExpertQuery { page_size: 50, search: Some("材料科学".into()), ..Default::default() };
    report("expert list, search of 4 characters (材料科学)", timings(200, || list(&three)));

    let list_enterprises = |q: &EnterpriseQuery| {
        ledger.list_enterprises(q).expect("list");
    };
    let enterprise_filtered = EnterpriseQuery {
        page: 5,
        page_size: 50,
        province: Some("浙江省".into()),
        size: Some(EnterpriseSize::Small),
        sort: EnterpriseSortKey::Name,
        order: SortOrder::Asc,
        ..Default::default()
    };
    report(
        "enterprise list (100,000), page of 50, filter 省份 + 规模, sort by name",
        timings(200, || list_enterprises(&enterprise_filtered)),
    );
    let enterprise_default = EnterpriseQuery { page_size: 50, ..Default::default() };
    report(
        "enterprise list (100,000), first page of 50, newest first",
        timings(200, || list_enterprises(&enterprise_default)),
    );
    // Neighbours of the two list queries above: other sorts, a filter that is not a region, a rare combination.
    let zhejiang = || Some("浙江省".to_owned());
    for (what, q) in [
        (
            "enterprise list (100,000), page of 50, filter 省份 + 规模, newest first",
            EnterpriseQuery { province: zhejiang(), size: Some(EnterpriseSize::Small), ..enterprise_default.clone() },
        ),
        (
            "enterprise list (100,000), page of 50, filter 城市, sort by name",
            EnterpriseQuery {
                province: zhejiang(),
                city: Some("温州市".into()),
                sort: EnterpriseSortKey::Name,
                order: SortOrder::Asc,
                ..enterprise_default.clone()
            },
        ),
        (
            "enterprise list (100,000), page 3 of 50, filter 规模, sort by credit code",
            EnterpriseQuery {
                page: 3,
                size: Some(EnterpriseSize::Small),
                sort: EnterpriseSortKey::CreditCode,
                order: SortOrder::Asc,
                ..enterprise_default.clone()
            },
        ),
        (
            "enterprise list (100,000), page of 50, filter 规模 + 高新 + 专精特新 (160 rows), newest first",
            EnterpriseQuery {
                size: Some(EnterpriseSize::Large),
                is_high_tech: Some(true),
                is_specialized: Some(true),
                ..enterprise_default.clone()
            },
        ),
        (
            "enterprise list (100,000), last page of 50, filter 省份 + 规模, sort by name",
            EnterpriseQuery { page: 239, ..enterprise_filtered.clone() },
        ),
        (
            "enterprise search, 3 characters (新材料) + filter 省份",
            EnterpriseQuery { search: Some("新材料".into()), province: zhejiang(), ..enterprise_default.clone() },
        ),
    ] {
        report(what, timings(200, || list_enterprises(&q)));
    }
    for (what, text) in [
        ("enterprise search, 3+ characters, FTS5 trigram (新材料)", "新材料"),
        ("enterprise search, 4 characters, FTS5 trigram (精密机械)", "精密机械"),
        ("enterprise search, 2 characters, LIKE (电池)", "电池"),
        ("enterprise search, 2 characters, LIKE (宁波)", "宁波"),
    ] {
        let q = EnterpriseQuery { page_size: 50, search: Some(text.into()), ..Default::default() };
        report(what, timings(50, || list_enterprises(&q)));
    }

    let mut n = 0u32;
    report(
        "save of one expert (validate, insert, audit, commit with synchronous=FULL)",
        timings(200, || {
            n += 1;
            ledger
                .create_expert(&ExpertInput {
                    name: format!("测试专员{n}"),
                    title: Some(ExpertTitle::Intermediate),
                    phone: Some(format!("139{n:08}")),
                    ..Default::default()
                })
                .expect("saves");
        }),
    );
}

/// Issue 4: the visit, need and service-ledger lists, the home page, and the save of one service record.
fn weekly_work(ledger: &Ledger) {
    report(
        "visit list (50,000), first page of 50, newest first",
        timings(200, || {
            ledger.list_visits(&VisitQuery { page_size: 50, ..Default::default() }).expect("list");
        }),
    );
    report(
        "needs board (20,000), six columns of 30 cards",
        timings(100, || {
            ledger.needs_board(&NeedQuery::default(), 30).expect("board");
        }),
    );
    report(
        "service ledger (1,000,000), first page of 50, newest first",
        timings(200, || {
            ledger.list_service_records(&ServiceRecordQuery { page_size: 50, ..Default::default() }).expect("list");
        }),
    );
    report(
        "service ledger totals, unfiltered",
        timings(100, || {
            ledger.service_totals(&ServiceRecordQuery::default()).expect("totals");
        }),
    );
    // The sample's dates end on the last day of its last year; a day inside that period gives the home page full lists.
    let last_day: String = ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT MAX(start_date) FROM service_records", [], |r| r.get(0))?))
        .expect("the sample has service records");
    let inside = NaiveDate::parse_from_str(&last_day, "%Y-%m-%d").expect("a day") - chrono::Days::new(10);
    for (what, day) in [
        (format!("home page (工作台), all its queries in one read transaction, as of {inside}"), inside),
        ("home page (工作台), as of today".to_owned(), chrono::Local::now().date_naive()),
    ] {
        report(
            &what,
            timings(100, || {
                ledger.database().read_snapshot(|c| ledger_core::dashboard::dashboard(c, day)).expect("home page");
            }),
        );
    }
    let (expert_id, enterprise_id): (String, String) = ledger
        .database()
        .read(|c| {
            Ok(c.query_row("SELECT expert_id, enterprise_id FROM service_records ORDER BY rowid LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
        })
        .expect("a record");
    let today = chrono::Local::now().date_naive().to_string();
    report(
        "save of one service record with outcomes (validate, insert, totals and search triggers, audit, commit)",
        timings(200, || {
            ledger
                .create_service_record(&ServiceRecordInput {
                    expert_id: Some(expert_id.clone()),
                    enterprise_id: Some(enterprise_id.clone()),
                    start_date: Some(today.clone()),
                    end_date: Some(today.clone()),
                    service_days: 1.0,
                    service_type: Some(ServiceType::Consulting),
                    content: "现场指导模具热处理工艺".into(),
                    contract_amount: "12.3456".into(),
                    ..Default::default()
                })
                .expect("saves");
        }),
    );
}

/// Issue 5: the statistics of a year and a quarter, of everything and of the unit with the most experts.
fn statistics(ledger: &Ledger) {
    let unit: String = ledger
        .database()
        .read(|c| {
            Ok(c.query_row(
                "SELECT organization_id FROM experts WHERE organization_id IS NOT NULL
                 GROUP BY organization_id ORDER BY COUNT(*) DESC, organization_id LIMIT 1",
                [],
                |r| r.get(0),
            )?)
        })
        .expect("the sample has units");
    let unit_experts: u32 = ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM experts WHERE organization_id = ?1", [&unit], |r| r.get(0))?))
        .expect("a count");
    for (what, period, organization_id) in [
        ("statistics of a year (2024: 340,000 service records), everything", "2024", None),
        ("statistics of a quarter (2024-Q2), everything", "2024-Q2", None),
        ("statistics of a year (2024), the largest unit", "2024", Some(&unit)),
        ("statistics of a quarter (2024-Q2), the largest unit", "2024-Q2", Some(&unit)),
        ("statistics of a range of days (2024-01-15..2024-11-20), everything", "2024-01-15..2024-11-20", None),
    ] {
        let filter = ReportFilter {
            period: period.into(),
            region: None,
            organization_id: organization_id.cloned(),
            batch_id: None,
        };
        let what = match organization_id {
            Some(_) => what.replace("the largest unit", &format!("the largest unit ({unit_experts} experts)")),
            None => what.to_owned(),
        };
        report(
            &what,
            timings(20, || {
                ledger.statistics(&filter).expect("statistics");
            }),
        );
    }
}

fn timings(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    f(); // warm the statement cache and the page cache
    let mut all: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    all.sort();
    all
}

fn report(what: &str, sorted: Vec<Duration>) {
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
    println!("| {what} | p50 {:.2} ms, p95 {:.2} ms ({} runs) |", at(0.5), at(0.95), sorted.len());
}

/// Peak resident memory of this process so far (Linux; 0 elsewhere).
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}
