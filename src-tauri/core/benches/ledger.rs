//! Benchmarks on the large sample (1,000 experts, 100,000 enterprises, 1,000,000 service records), printed as a
//! Markdown table for docs/PERFORMANCE.md. Run with:
//!
//! ```sh
//! cargo bench -p ledger-core --bench ledger                # every group
//! cargo bench -p ledger-core --bench ledger -- statistics  # named groups: export, lists, weekly, statistics, import,
//!                                                          # encryption, exchange, origins
//! ```
//!
//! `import` builds its own 100,000-row roster workbook and imports it into a new database (no large sample needed).

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ledger_core::model::{
    EnterpriseQuery, EnterpriseSize, EnterpriseSortKey, ExpertInput, ExpertQuery, ExpertSortKey, ExpertTitle,
    FollowUpFilter, NeedQuery, OutcomesInput, ReportFilter, ServiceRecordInput, ServiceRecordQuery, ServiceType,
    SortOrder, VisitQuery,
};
use ledger_core::sample::{self, Scale};
use ledger_core::Ledger;
use support::{peak_rss_mb, reset_peak_rss_mb, SAMPLE_CACHE_ENV};

fn main() {
    // `cargo bench -p ledger-core --bench ledger -- export` runs the groups named (`export`, `lists`, `weekly`,
    // `statistics`); no name runs them all.
    // `export` also times the year's summary workbook.
    let groups: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let wants = |group: &str| groups.is_empty() || groups.iter().any(|g| g == group);
    let dir = tempfile::tempdir().expect("a temporary folder");
    if wants("import") {
        import_roster(dir.path());
        if groups.iter().all(|g| g == "import") && !groups.is_empty() {
            return;
        }
    }
    let path = dir.path().join("ledger.sqlite3");
    let cache = std::env::var_os(SAMPLE_CACHE_ENV).map(PathBuf::from);

    println!("| measure | result |");
    println!("|---|---|");
    match cache.as_deref().filter(|c| c.is_file()) {
        Some(cached) => {
            // A copy, so the saves timed below never change the cached file.
            std::fs::copy(cached, &path).expect("copies the cached sample");
            println!("| large sample | copied from {} |", cached.display());
        }
        None => {
            let ledger = Ledger::open(&path).expect("opens");
            let started = Instant::now();
            let summary =
                sample::generate(ledger.database(), 1, Scale::Large, sample::FIXED_AS_OF).expect("sample data");
            let sample_time = started.elapsed();
            let sample_peak = peak_rss_mb();
            drop(ledger);
            let file_mb = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;
            println!(
                "| `sample --scale large` ({} experts, {} enterprises, {} service records) | {:.1} s, peak RSS {:.0} MB, file {:.0} MB |",
                summary.experts,
                summary.enterprises,
                summary.service_records,
                sample_time.as_secs_f64(),
                sample_peak,
                file_mb
            );
            if let Some(cache) = &cache {
                std::fs::copy(&path, cache).expect("caches the sample");
            }
        }
    }
    if wants("exchange") {
        exchange_merge(&path, dir.path());
    }
    // The encrypted copy is made from the closed file (its WAL checkpointed by the last close).
    let encrypted = wants("encryption").then(|| encrypted_copy(&path, dir.path()));
    let ledger = Ledger::open(&path).expect("opens");
    if let Some(encrypted) = &encrypted {
        encryption(&ledger, encrypted, dir.path());
    }
    if wants("exchange") {
        exchange(&ledger);
    }
    if wants("export") {
        export(&ledger, dir.path());
        summary_workbook(&ledger, dir.path());
    }
    if wants("lists") {
        lists(&ledger);
    }
    if wants("weekly") {
        weekly_work(&ledger);
    }
    if wants("statistics") {
        statistics(&ledger);
    }
    // Last: it marks half the records as merged from another origin (in the bench's copy).
    if wants("origins") {
        origins(&ledger);
    }
}

/// Issue 13: 来源. The lists unfiltered and filtered by origin, and the statistics scoped to an origin, after half of
/// every kind of record (every second rowid) is marked as sent by a merged origin (`origins`, `merged_records`).
fn origins(ledger: &Ledger) {
    let lists = |what: &str, origins: Option<Vec<String>>| {
        let o = || origins.clone();
        report(
            &format!("expert list, page 3 of 50, filter 职称 + sort by name, {what}"),
            timings(100, || {
                ledger.list_experts(&ExpertQuery { origins: o(), ..filtered_experts() }).expect("list");
            }),
        );
        report(
            &format!("enterprise list (100,000), first page of 50, newest first, {what}"),
            timings(50, || {
                let q = EnterpriseQuery { page_size: 50, origins: o(), ..Default::default() };
                ledger.list_enterprises(&q).expect("list");
            }),
        );
        report(
            &format!("visit list (50,000), first page of 50, newest first, {what}"),
            timings(50, || {
                ledger.list_visits(&VisitQuery { page_size: 50, origins: o(), ..Default::default() }).expect("list");
            }),
        );
        report(
            &format!("service ledger (1,000,000), first page of 50, newest first, {what}"),
            timings(20, || {
                let q = ServiceRecordQuery { page_size: 50, origins: o(), ..Default::default() };
                ledger.list_service_records(&q).expect("list");
            }),
        );
    };
    lists("one origin (nothing merged)", None);
    ledger
        .database()
        .write(|tx| {
            tx.execute_batch(
                "INSERT INTO origins VALUES ('bench-origin', '基准来源', '', '2026-01-01T00:00:00.000Z',
                     '2026-01-01T00:00:00.000Z', 1);",
            )?;
            for kind in ["experts", "enterprises", "visits", "needs", "service_records"] {
                tx.execute(
                    &format!(
                        "INSERT INTO merged_records SELECT '{kind}', 'bench-origin', id, id, 0, 1, 1 FROM {kind}
                         WHERE rowid % 2 = 0"
                    ),
                    [],
                )?;
            }
            Ok(())
        })
        .expect("marks half the records as merged");
    let own = ledger.list_origins().expect("origins")[0].id.clone();
    lists("two origins, unfiltered", None);
    lists("two origins, filtered by the merged one", Some(vec!["bench-origin".into()]));
    lists("two origins, filtered by the ledger's own", Some(vec![own.clone()]));
    for (what, period, origins) in [
        ("statistics of a year (2024), everything (two origins)", "2024", None),
        (
            "statistics of a year (2024), one origin of two (half the records)",
            "2024",
            Some(vec!["bench-origin".into()]),
        ),
        ("statistics of a year (2024), the ledger's own of two", "2024", Some(vec![own.clone()])),
        ("statistics of a quarter (2024-Q2), one origin of two", "2024-Q2", Some(vec!["bench-origin".into()])),
    ] {
        let filter = ReportFilter {
            period: period.into(),
            region: None,
            organization_id: None,
            batch_id: None,
            origins,
            reviewed_only: None,
        };
        report(
            what,
            timings(5, || {
                ledger.statistics(&filter).expect("statistics");
            }),
        );
    }
}

/// Issue 6: a 100,000-row roster workbook (title row, header, the columns a real roster has) read, judged and
/// committed into a new database file, three times; each run's preview (read + judge) and commit, and the total.
fn import_roster(dir: &Path) {
    use std::sync::atomic::AtomicBool;

    use ledger_core::model::{ImportKind, ImportRequest};
    use rust_xlsxwriter::Workbook;

    const ROWS: u32 = 100_000;
    let file = dir.join("roster-100k.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory().expect("a constant-memory sheet");
    sheet.write_string(0, 0, "2024年度科技专员花名册").expect("title");
    let header =
        ["序号", "姓名", "性别", "出生年月", "学历", "职称", "派出单位", "专业领域", "手机号码", "电子邮箱", "批次"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).expect("header");
    }
    let surnames = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"];
    let given = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明"];
    let titles = ["教授", "副教授", "研究员", "高级工程师", "工程师", "讲师"];
    let units = (0..50).map(|i| format!("第{i}研究院")).collect::<Vec<_>>();
    for i in 0..ROWS {
        let r = i + 2;
        let name = format!(
            "{}{}{}",
            surnames[(i % 10) as usize],
            given[(i / 10 % 12) as usize],
            given[(i / 120 % 12) as usize]
        );
        sheet.write_number(r, 0, f64::from(i + 1)).expect("cell");
        sheet.write_string(r, 1, &name).expect("cell");
        sheet.write_string(r, 2, if i % 3 == 0 { "女" } else { "男" }).expect("cell");
        sheet.write_string(r, 3, format!("{}.{:02}", 1960 + i % 35, 1 + i % 12)).expect("cell");
        sheet.write_string(r, 4, if i % 2 == 0 { "博士" } else { "硕士" }).expect("cell");
        sheet.write_string(r, 5, titles[(i % 6) as usize]).expect("cell");
        sheet.write_string(r, 6, &units[(i % 50) as usize]).expect("cell");
        sheet.write_string(r, 7, "新材料").expect("cell");
        sheet.write_number(r, 8, 13_000_000_000.0 + f64::from(i)).expect("cell");
        sheet.write_string(r, 9, format!("e{i}@example.cn")).expect("cell");
        sheet.write_string(r, 10, "2024年第一批").expect("cell");
    }
    book.save(&file).expect("saves the roster");
    let file_mb = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;
    for run in 1..=3 {
        let db = dir.join(format!("import-{run}.sqlite3"));
        let ledger = Ledger::open(&db).expect("opens");
        let request = ImportRequest {
            path: file.to_string_lossy().into_owned(),
            kind: ImportKind::Experts,
            ..ImportRequest::default()
        };
        let started = Instant::now();
        let cpu_before = cpu_seconds();
        let plan = ledger.import_preview(&request).expect("preview");
        let preview = started.elapsed();
        let report = ledger.import_commit(&plan, &mut |_, _| {}, &AtomicBool::new(false)).expect("commit");
        let total = started.elapsed();
        let cpu = cpu_seconds() - cpu_before;
        assert_eq!(report.imported, ROWS, "every row imported: {:?}", report.rejected.first());
        println!(
            "| import of a {ROWS}-row roster workbook ({file_mb:.1} MB), run {run} | {:.2} s (read + judge {:.2} s, commit {:.2} s; CPU {cpu:.2} s), peak RSS {:.0} MB |",
            total.as_secs_f64(),
            preview.as_secs_f64(),
            (total - preview).as_secs_f64(),
            peak_rss_mb()
        );
    }
}

/// The expert list's measured query: page 3 of 50, filter 职称, sorted by name.
fn filtered_experts() -> ExpertQuery {
    ExpertQuery {
        page: 3,
        page_size: 50,
        title: Some(ExpertTitle::Senior),
        sort: ExpertSortKey::Name,
        order: SortOrder::Asc,
        ..Default::default()
    }
}

/// The enterprise list's measured query: page 5 of 50, filter 省份 + 规模, sorted by name.
fn filtered_enterprises() -> EnterpriseQuery {
    EnterpriseQuery {
        page: 5,
        page_size: 50,
        province: Some("浙江省".into()),
        size: Some(EnterpriseSize::Small),
        sort: EnterpriseSortKey::Name,
        order: SortOrder::Asc,
        ..Default::default()
    }
}

/// Issues 2–3: the expert and enterprise lists, searches, and the save of one expert.
fn lists(ledger: &Ledger) {
    let list = |q: &ExpertQuery| {
        ledger.list_experts(q).expect("list");
    };
    let filtered = filtered_experts();
    report("expert list, page of 50, filter 职称 + sort by name", timings(200, || list(&filtered)));
    let two = ExpertQuery { page_size: 50, search: Some("大学".into()), ..Default::default() };
    report("expert list, search of 2 characters (大学)", timings(200, || list(&two)));
    let three = ExpertQuery { page_size: 50, search: Some("材料科学".into()), ..Default::default() };
    report("expert list, search of 4 characters (材料科学)", timings(200, || list(&three)));
    // 本月未服务 (the 工作台's 查看全部), as of a day inside the sample's period so the month has service records.
    let last_day: String = ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT MAX(start_date) FROM service_records", [], |r| r.get(0))?))
        .expect("the sample has service records");
    let inside = NaiveDate::parse_from_str(&last_day, "%Y-%m-%d").expect("a day") - chrono::Days::new(10);
    let unserved = ExpertQuery { page_size: 50, unserved: true, ..Default::default() };
    report(
        &format!("expert list, page of 50, filter 本月未服务 as of {inside}"),
        timings(200, || {
            ledger.database().read(|c| ledger_core::registry::experts::list(c, &unserved, inside)).expect("list");
        }),
    );

    let list_enterprises = |q: &EnterpriseQuery| {
        ledger.list_enterprises(q).expect("list");
    };
    let enterprise_filtered = filtered_enterprises();
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
    // Issue 15: the 跟进 filters, by the 工作台's rule (answered by a later visit, or closed), as of the ledger's today.
    for (what, filter) in [("已逾期", FollowUpFilter::Overdue), ("本周待跟进", FollowUpFilter::Pending)] {
        report(
            &format!("visit list, 跟进 {what} (the home page's rule), first page of 50"),
            timings(100, || {
                let q = VisitQuery { page_size: 50, follow_up: Some(filter), ..Default::default() };
                ledger.list_visits(&q).expect("list");
            }),
        );
    }
    report(
        "visit list, 缺确认单 (no visit marked), first page of 50",
        timings(100, || {
            let q = VisitQuery { page_size: 50, missing_confirmation: true, ..Default::default() };
            ledger.list_visits(&q).expect("list");
        }),
    );
    report(
        "service ledger, 缺确认单 (no record marked), first page of 50",
        timings(20, || {
            let q = ServiceRecordQuery { page_size: 50, missing_confirmation: true, ..Default::default() };
            ledger.list_service_records(&q).expect("list");
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
                ledger
                    .database()
                    .read_snapshot(|c| ledger_core::reporting::dashboard::dashboard(c, day))
                    .expect("home page");
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
                    outcomes: OutcomesInput { contract_amount: "12.3456".into(), ..Default::default() },
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
            origins: None,
            reviewed_only: None,
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
    // Issue 14: 只统计已审核 reads the period's records one by one (the sums know no review status).
    for (what, period) in [
        ("statistics of a year (2024), everything, 只统计已审核", "2024"),
        ("statistics of a quarter (2024-Q2), everything, 只统计已审核", "2024-Q2"),
    ] {
        let filter = ReportFilter {
            period: period.into(),
            region: None,
            organization_id: None,
            batch_id: None,
            origins: None,
            reviewed_only: Some(true),
        };
        report(
            what,
            timings(10, || {
                ledger.statistics(&filter).expect("statistics");
            }),
        );
    }
}

/// The password of the encrypted copy (the bench's only secret).
const BENCH_PASSWORD: &str = "bench-password-1";

/// A copy of the closed ledger at `plain`, encrypted by `Ledger::set_password_with` as the app does (the key stretched
/// cheaply: the bench times the work after unlocking, not the unlock), and opened with its password. Neither opening
/// makes the day's backup. With `LEDGER_BENCH_SAMPLE` set, the encrypted copy is kept beside the cached sample (in
/// `<sample>.encrypted/`, database and key envelope) and reused while it is newer than the sample.
fn encrypted_copy(plain: &Path, dir: &Path) -> Ledger {
    use ledger_core::data_folder::backup::BackupPolicy;
    use ledger_core::data_folder::password::PasswordOptions;
    use ledger_core::storage::crypto::{envelope_path, KdfParams, Secret};

    let folder = dir.join("encrypted");
    std::fs::create_dir_all(&folder).expect("a folder for the encrypted copy");
    let path = folder.join("ledger.sqlite3");
    let policy = BackupPolicy { daily_at_open: false, ..BackupPolicy::default() };
    let secret = Secret::new(BENCH_PASSWORD);
    let sample = std::env::var_os(SAMPLE_CACHE_ENV).map(PathBuf::from);
    let cache = sample.as_ref().map(|c| PathBuf::from(format!("{}.encrypted", c.to_string_lossy())));
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let cached = cache.as_deref().filter(|c| {
        let db = c.join("ledger.sqlite3");
        envelope_path(&db).is_file() && sample.as_deref().is_some_and(|s| modified(&db) > modified(s))
    });
    if let Some(cached) = cached {
        let db = cached.join("ledger.sqlite3");
        std::fs::copy(&db, &path).expect("copies the cached encrypted copy");
        std::fs::copy(envelope_path(&db), envelope_path(&path)).expect("copies its key envelope");
        println!("| the encrypted copy | copied from {} |", cached.display());
    } else {
        std::fs::copy(plain, &path).expect("copies the plain ledger");
        let options = PasswordOptions { kdf: KdfParams::cheap_for_tests(), backups: policy.clone(), stop_after: None };
        let started = Instant::now();
        Ledger::set_password_with(&path, &secret, &options).expect("encrypts the copy");
        let file_mb = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;
        println!(
            "| the copy encrypted (`set_password`: verified SQLCipher copy, {file_mb:.0} MB) | {:.1} s |",
            started.elapsed().as_secs_f64()
        );
        if let Some(cache) = &cache {
            std::fs::create_dir_all(cache).expect("a folder for the cached encrypted copy");
            let db = cache.join("ledger.sqlite3");
            std::fs::copy(&path, &db).expect("caches the encrypted copy");
            std::fs::copy(envelope_path(&path), envelope_path(&db)).expect("caches its key envelope");
        }
    }
    Ledger::open_with_secret(&path, policy, Some(&secret)).expect("opens the encrypted copy")
}

/// Issue 12: list, search, save, statistics and export on the plain ledger and on its encrypted copy, side by side.
/// Each measure alternates the two (plain, encrypted, plain, …) so a busy machine slows both alike; the medians are
/// compared.
fn encryption(plain: &Ledger, encrypted: &Ledger, dir: &Path) {
    use ledger_core::model::{ExportFormat, ExportKind, ExportRequest};

    println!();
    println!("| measure (encryption at rest) | plain p50 | encrypted p50 | encrypted ÷ plain |");
    println!("|---|---|---|---|");
    let side_by_side = |what: &str, runs: usize, op: &mut dyn FnMut(&Ledger, usize)| {
        op(plain, 0);
        op(encrypted, 0);
        let (mut a, mut b) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        for run in 1..=runs {
            for (ledger, into) in [(plain, &mut a), (encrypted, &mut b)] {
                let t = Instant::now();
                op(ledger, run);
                into.push(t.elapsed());
            }
        }
        let median = |d: &mut Vec<Duration>| {
            d.sort();
            d[d.len() / 2].as_secs_f64() * 1000.0
        };
        let (p, e) = (median(&mut a), median(&mut b));
        println!("| {what} ({runs} runs each) | {p:.2} ms | {e:.2} ms | {:.2} × |", e / p);
    };

    side_by_side("expert list, page of 50, filter 职称 + sort by name", 200, &mut |l, _| {
        l.list_experts(&filtered_experts()).expect("list");
    });
    side_by_side("enterprise list (100,000), page of 50, filter 省份 + 规模, sort by name", 100, &mut |l, _| {
        l.list_enterprises(&filtered_enterprises()).expect("list");
    });
    side_by_side("service ledger (1,000,000), first page of 50, newest first", 100, &mut |l, _| {
        l.list_service_records(&ServiceRecordQuery { page_size: 50, ..Default::default() }).expect("list");
    });
    for (what, text) in [
        ("enterprise search, 3 characters, FTS5 trigram (新材料)", "新材料"),
        ("enterprise search, 2 characters, LIKE (电池)", "电池"),
    ] {
        side_by_side(what, 30, &mut |l, _| {
            l.list_enterprises(&EnterpriseQuery { page_size: 50, search: Some(text.into()), ..Default::default() })
                .expect("search");
        });
    }
    side_by_side("save of one expert (validate, insert, audit, commit with synchronous=FULL)", 100, &mut |l, run| {
        l.create_expert(&ExpertInput {
            name: format!("加密对照{run}"),
            title: Some(ExpertTitle::Intermediate),
            phone: Some(format!("137{run:08}")),
            ..Default::default()
        })
        .expect("saves");
    });
    side_by_side("statistics of a year (2024: 340,000 service records), everything", 7, &mut |l, _| {
        let filter = ReportFilter {
            period: "2024".into(),
            region: None,
            organization_id: None,
            batch_id: None,
            origins: None,
            reviewed_only: None,
        };
        l.statistics(&filter).expect("statistics");
    });
    side_by_side("export of the service ledger of a quarter (2024-Q2) to .xlsx", 5, &mut |l, _| {
        let request = ExportRequest {
            kind: ExportKind::Services,
            format: ExportFormat::Xlsx,
            filter: ReportFilter {
                period: "2024-Q2".into(),
                region: None,
                organization_id: None,
                batch_id: None,
                origins: None,
                reviewed_only: None,
            },
            columns: None,
            include_full_id: false,
            paper: None,
        };
        l.export(&request, &dir.join("季度服务台账.xlsx"), &mut |_, _| true).expect("exports");
    });
    println!();
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

/// CPU time (user + system) this process has used so far, in seconds (Linux; 0 elsewhere): steadier than wall time
/// on a shared machine.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
            let rest = s.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let ticks = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

/// Issue 5: the 1,000,000-row 服务台账 exported, against a bare rust_xlsxwriter constant-memory write of the same
/// cells in the same run.
///
/// The comparison: the bare write gets every cell of the export's data rows ready in memory beforehand (read once
/// with the same query: text, dates as Excel serial numbers, 万元 as numbers), and writes them with the same four
/// cell formats (bordered text, yyyy-mm-dd, 0.0, 0.00, 0) into one constant-memory sheet, then saves. The export does
/// everything it does for the user: the count, the query streamed from SQLite, labels, the date and 万元
/// conversions, the formula guard, width tracking, title/填报/header rows, totals, page setup, the partial file and
/// its sync and rename. So the ratio charges the export with reading the database as well as its own work. Both run
/// twice, alternating, and the faster run of each is compared (the machine is shared).
fn export(ledger: &Ledger, dir: &Path) {
    use ledger_core::model::{ExportFormat, ExportKind, ExportRequest, ReportFilter};

    let request = ExportRequest {
        kind: ExportKind::Services,
        format: ExportFormat::Xlsx,
        filter: ReportFilter {
            period: "2023-01-01..2025-12-31".into(),
            region: None,
            organization_id: None,
            batch_id: None,
            origins: None,
            reviewed_only: None,
        },
        columns: None,
        include_full_id: false,
        paper: None,
    };
    let out = dir.join("服务台账.xlsx");
    let run_export = || {
        let started = Instant::now();
        let report = ledger.export(&request, &out, &mut |_, _| true).expect("exports");
        (started.elapsed(), report.rows)
    };

    // The export first, with the peak memory it adds to this process (the high-water mark is reset before it).
    let rss_before = reset_peak_rss_mb();
    let (first, rows) = run_export();
    let export_peak = peak_rss_mb();
    let file_mb = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;

    let cells = BareCells::read(ledger);
    assert_eq!(cells.rows as u64, rows, "the bare write has the export's rows");
    let bare_out = dir.join("bare.xlsx");
    let mut bare = vec![cells.write(dir, &bare_out)];
    let mut exports = vec![first];
    exports.push(run_export().0);
    bare.push(cells.write(dir, &bare_out));
    let best = |d: &[Duration]| d.iter().min().copied().expect("runs").as_secs_f64();
    let all = |d: &[Duration]| d.iter().map(|t| format!("{:.1}", t.as_secs_f64())).collect::<Vec<_>>().join(", ");
    println!(
        "| export of the service ledger ({rows} rows, {file_mb:.0} MB .xlsx) | {:.1} s (runs {} s) |",
        best(&exports),
        all(&exports)
    );
    println!(
        "| bare rust_xlsxwriter constant-memory write of the same cells | {:.1} s (runs {} s) |",
        best(&bare),
        all(&bare)
    );
    println!("| export ÷ bare write | {:.2} × |", best(&exports) / best(&bare));
    println!(
        "| peak memory of the export (this process: {rss_before:.0} MB before, high-water mark {export_peak:.0} MB during) | +{:.0} MB |",
        export_peak - rss_before
    );
}

/// Issue 5: the summary workbook (年度工作台账) of the sample's middle year, through `Ledger::export` as the app runs
/// it (its own read-only connection and read transaction, the statistics of the year, seven sheets with two charts,
/// the partial file synced and renamed), five times; and the statistics of the same year alone, for the share of the
/// engine.
fn summary_workbook(ledger: &Ledger, dir: &Path) {
    use ledger_core::model::{ExportFormat, ExportKind, ExportRequest, ReportFilter};

    let filter = ReportFilter {
        period: "2024".into(),
        region: None,
        organization_id: None,
        batch_id: None,
        origins: None,
        reviewed_only: None,
    };
    let request = ExportRequest {
        kind: ExportKind::Summary,
        format: ExportFormat::Xlsx,
        filter: filter.clone(),
        columns: None,
        include_full_id: false,
        paper: None,
    };
    let out = dir.join("年度工作台账.xlsx");
    let mut report = None;
    let workbook = timings(5, || {
        report = Some(ledger.export(&request, &out, &mut |_, _| true).expect("exports the summary"));
    });
    let report = report.expect("ran");
    let statistics = timings(5, || {
        ledger.statistics(&filter).expect("statistics");
    });
    let s = ledger.statistics(&filter).expect("statistics");
    let all = |d: &[Duration]| d.iter().map(|t| format!("{:.2}", t.as_secs_f64())).collect::<Vec<_>>().join(", ");
    println!(
        "| summary workbook of 2024 ({} service records, {} experts, {} regions; {} rows on {} sheets, 2 charts) | median {:.2} s (runs {} s) |",
        s.outcomes.records,
        s.per_expert.len(),
        s.per_region.len(),
        report.rows,
        report.sheets,
        workbook[workbook.len() / 2].as_secs_f64(),
        all(&workbook)
    );
    println!(
        "| the statistics of 2024 alone (`Ledger::statistics`, on the warm reader connection) | median {:.2} s (runs {} s) |",
        statistics[statistics.len() / 2].as_secs_f64(),
        all(&statistics)
    );
}

/// A cell of the bare write, ready to write.
enum BareCell {
    Blank,
    /// A range of `BareCells::text`.
    Text(u32, u32),
    Date(f64),
    Number(f64),
    Wan(f64),
    Count(f64),
}

/// The service ledger's data cells, read once into memory (one text arena, fixed-size cells).
struct BareCells {
    text: String,
    cells: Vec<BareCell>,
    rows: usize,
}

/// Columns of the service ledger, in the export's default order, with how each is written.
const BARE_COLUMNS: [(&str, char); 21] = [
    ("x.name", 't'),
    ("o.name", 't'),
    ("en.name", 't'),
    ("n.title", 't'),
    ("s.start_date", 'd'),
    ("s.end_date", 'd'),
    ("s.service_days", 'n'),
    ("s.service_type", 't'),
    ("s.content", 't'),
    ("s.contract_amount_fen", 'w'),
    ("s.investment_fen", 'w'),
    ("s.policy_funds_fen", 'w'),
    ("s.cost_saved_fen", 'w'),
    ("s.output_value_fen", 'w'),
    ("s.profit_tax_fen", 'w'),
    ("s.patents", 'c'),
    ("s.new_products", 'c'),
    ("s.new_technologies", 'c'),
    ("s.people_trained", 'c'),
    ("s.needs_solved", 'c'),
    ("s.outcome_summary", 't'),
];

impl BareCells {
    fn read(ledger: &Ledger) -> Self {
        let columns: Vec<&str> = BARE_COLUMNS.iter().map(|(sql, _)| *sql).collect();
        let sql = format!(
            "SELECT {} FROM service_records s JOIN experts x ON x.id = s.expert_id
             JOIN enterprises en ON en.id = s.enterprise_id LEFT JOIN organizations o ON o.id = x.organization_id
             LEFT JOIN needs n ON n.id = s.need_id WHERE s.deleted_at IS NULL ORDER BY s.start_date, s.id",
            columns.join(", ")
        );
        let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a day");
        ledger
            .database()
            .read(|c| {
                let mut stmt = c.prepare(&sql)?;
                let mut rows = stmt.query([])?;
                let mut out = BareCells { text: String::new(), cells: Vec::new(), rows: 0 };
                while let Some(row) = rows.next()? {
                    for (i, (_, kind)) in BARE_COLUMNS.iter().enumerate() {
                        let cell = match (kind, row.get_ref(i)?) {
                            (_, rusqlite::types::ValueRef::Null) => BareCell::Blank,
                            ('t', v) => {
                                let s = v.as_str().expect("text");
                                let at = out.text.len() as u32;
                                out.text.push_str(s);
                                BareCell::Text(at, s.len() as u32)
                            }
                            ('d', v) => {
                                let day =
                                    NaiveDate::parse_from_str(v.as_str().expect("text"), "%Y-%m-%d").expect("a day");
                                BareCell::Date((day - epoch).num_days() as f64)
                            }
                            ('n', v) => BareCell::Number(v.as_f64().expect("a number")),
                            ('w', v) => BareCell::Wan(v.as_i64().expect("fen") as f64 / 1_000_000.0),
                            (_, v) => BareCell::Count(v.as_i64().expect("a count") as f64),
                        };
                        out.cells.push(cell);
                    }
                    out.rows += 1;
                }
                Ok(out)
            })
            .expect("reads the service ledger")
    }

    /// Writes the cells into one constant-memory sheet and saves; returns the time taken.
    fn write(&self, temp_dir: &Path, out: &Path) -> Duration {
        use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

        let started = Instant::now();
        let mut workbook = Workbook::new();
        workbook.set_tempdir(temp_dir).expect("a temporary folder");
        let text = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        let date = text.clone().set_num_format("yyyy-mm-dd");
        let number = text.clone().set_num_format("0.0");
        let wan = text.clone().set_num_format("0.00");
        let count = text.clone().set_num_format("0");
        let sheet = workbook.add_worksheet_with_constant_memory().expect("a sheet");
        for (r, row) in self.cells.chunks(BARE_COLUMNS.len()).enumerate() {
            let r = r as u32 + 3;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    BareCell::Blank => sheet.write_blank(r, c, &text),
                    BareCell::Text(at, len) => {
                        sheet.write_string_with_format(r, c, &self.text[*at as usize..(*at + *len) as usize], &text)
                    }
                    BareCell::Date(n) => sheet.write_number_with_format(r, c, *n, &date),
                    BareCell::Number(n) => sheet.write_number_with_format(r, c, *n, &number),
                    BareCell::Wan(n) => sheet.write_number_with_format(r, c, *n, &wan),
                    BareCell::Count(n) => sheet.write_number_with_format(r, c, *n, &count),
                }
                .expect("writes");
            }
        }
        workbook.save(out).expect("saves");
        started.elapsed()
    }
}

/// Issue 13: the whole ledger written as an exchange package through `Ledger::export_package` as the app runs it (its
/// own read connection and read transaction, rows streamed into the package with the content hash, the file synced
/// and renamed, its row in `exchange_exports`): plain, then encrypted with a package password (SQLCipher 4's
/// defaults); each with the peak memory it adds, and then opened and checked as a merge does first (every row read
/// back for the content hash).
fn exchange(ledger: &Ledger) {
    use ledger_core::exchange::export::ExportPackageOptions;
    use ledger_core::exchange::open_package;
    use ledger_core::storage::crypto::Secret;

    // A package is never written inside the data folder (the ledger's temporary folder here): a folder beside it.
    let dir = tempfile::tempdir().expect("a folder for the packages");
    for (label, password) in [("plain", None), ("encrypted", Some("bench 交换包口令"))] {
        let out = dir.path().join(format!("全部-{label}.stlx"));
        let options = ExportPackageOptions { full: true, password: password.map(Secret::new) };
        let rss_before = reset_peak_rss_mb();
        let cpu = cpu_seconds();
        let started = Instant::now();
        let report = ledger.export_package(&out, &options).expect("writes the package");
        let wall = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu;
        let peak = peak_rss_mb();
        let rows: i64 = report.counts.values().sum();
        println!(
            "| exchange package of the whole ledger, {label} ({rows} rows, {:.0} MB .stlx) | {wall:.1} s ({cpu:.1} s CPU) |",
            report.bytes as f64 / 1_048_576.0
        );
        println!(
            "| peak memory of that export (this process: {rss_before:.0} MB before, high-water mark {peak:.0} MB during) | +{:.0} MB |",
            peak - rss_before
        );
        let rss_before = reset_peak_rss_mb();
        let started = Instant::now();
        open_package(&out, password.map(Secret::new).as_ref()).expect("opens and checks the package");
        println!(
            "| the same package opened and checked (every row read back for the content hash) | {:.1} s, +{:.0} MB |",
            started.elapsed().as_secs_f64(),
            peak_rss_mb() - rss_before
        );
        let _ = std::fs::remove_file(&out);
    }
    println!();
}

/// Free space reported as none: the backup a merge makes first is skipped (with a notice), so the merge alone is
/// timed; the backup's own cost is measured with the backups.
struct NoSpace;

impl ledger_core::data_folder::backup::FreeSpace for NoSpace {
    fn available(&self, _folder: &Path) -> std::io::Result<u64> {
        Ok(0)
    }
}

/// Issue 13: a coordinator's package of 100,000 service records with its rosters (a small sample whose service
/// records are copied up to 100,000, exported full) merged into a copy of the large sample, twice (the second merge
/// of the same package finds everything unchanged); time and peak memory of the merge, the backup before it apart.
fn exchange_merge(large: &Path, dir: &Path) {
    use std::sync::atomic::AtomicBool;

    use ledger_core::data_folder::backup::BackupPolicy;
    use ledger_core::exchange::{open_package, ExportPackageOptions};

    const RECORDS: i64 = 100_000;
    let folder = dir.join("coordinator");
    std::fs::create_dir_all(&folder).expect("a folder");
    let coordinator = Ledger::open(&folder.join("ledger.sqlite3")).expect("opens");
    sample::generate(coordinator.database(), 13, Scale::Small, sample::FIXED_AS_OF).expect("sample data");
    coordinator
        .database()
        .write(|tx| {
            let columns: Vec<String> = tx
                .prepare("SELECT name FROM pragma_table_info('service_records') ORDER BY cid")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let have: i64 = tx.query_row("SELECT COUNT(*) FROM service_records", [], |r| r.get(0))?;
            let picked =
                columns.iter().map(|c| if c == "id" { "s.id || '-' || n.i".to_owned() } else { format!("s.{c}") });
            tx.execute(
                &format!(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {copies})
                     INSERT INTO service_records ({}) SELECT {} FROM service_records s, n LIMIT {}",
                    columns.join(", "),
                    picked.collect::<Vec<_>>().join(", "),
                    RECORDS - have,
                    copies = RECORDS / have + 1,
                ),
                [],
            )?;
            Ok(())
        })
        .expect("service records copied");
    let package_path = dir.join("coordinator.stlx");
    coordinator
        .export_package(&package_path, &ExportPackageOptions { full: true, password: None })
        .expect("exports the package");
    drop(coordinator);
    let package = open_package(&package_path, None).expect("opens the package");
    let records = package.manifest().counts["service_records"];
    let package_mb = std::fs::metadata(&package_path).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;

    let superior_folder = dir.join("superior");
    std::fs::create_dir_all(&superior_folder).expect("a folder");
    let superior_path = superior_folder.join("ledger.sqlite3");
    std::fs::copy(large, &superior_path).expect("copies the large sample");
    let policy =
        BackupPolicy { free_space: std::sync::Arc::new(NoSpace), daily_at_open: false, ..BackupPolicy::default() };
    let superior = Ledger::open_with(&superior_path, policy).expect("opens");
    for run in 1..=2 {
        let rss_before = reset_peak_rss_mb();
        let started = Instant::now();
        let cpu_before = cpu_seconds();
        let report = superior.merge_package(&package, &mut |_, _| {}, &AtomicBool::new(false)).expect("merges");
        let took = started.elapsed();
        let cpu = cpu_seconds() - cpu_before;
        let t = report.totals;
        println!(
            "| merge of a package of {records} service records with its rosters ({package_mb:.0} MB) into the large sample, run {run} | {:.2} s (CPU {cpu:.2} s; new {}, matched {}, unchanged {}, conflicts {}), peak memory +{:.0} MB (high-water mark {:.0} MB) |",
            took.as_secs_f64(),
            t.new,
            t.matched,
            t.unchanged,
            t.conflicts,
            peak_rss_mb() - rss_before,
            peak_rss_mb()
        );
    }
    drop(superior);

    // As the app runs it: the backup of the whole ledger first (导入前备份: a verified copy with the attachments), then
    // the merge, on a fresh copy of the large sample.
    let folder = dir.join("superior-with-backup");
    std::fs::create_dir_all(&folder).expect("a folder");
    let path = folder.join("ledger.sqlite3");
    std::fs::copy(large, &path).expect("copies the large sample");
    let policy = BackupPolicy { daily_at_open: false, ..BackupPolicy::default() };
    let superior = Ledger::open_with(&path, policy).expect("opens");
    let rss_before = reset_peak_rss_mb();
    let started = Instant::now();
    let cpu_before = cpu_seconds();
    let report = superior.merge_package(&package, &mut |_, _| {}, &AtomicBool::new(false)).expect("merges");
    let took = started.elapsed();
    assert!(superior.take_backup_notices().is_empty(), "the backup before the merge was made");
    println!(
        "| the same merge as the app runs it, the backup of the 1 GB ledger first | {:.2} s (CPU {:.2} s; new {}), peak memory +{:.0} MB |",
        took.as_secs_f64(),
        cpu_seconds() - cpu_before,
        report.totals.new,
        peak_rss_mb() - rss_before
    );
}
