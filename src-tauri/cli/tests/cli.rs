//! `ledger-cli` as scripts use it: exit codes, human and JSON output, and nothing half-written on errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ledger-cli"))
        .args(args)
        .env_remove(ledger_core::data_folder::paths::DATA_DIR_ENV)
        .env_remove("LEDGER_PASSWORD")
        .output()
        .expect("ledger-cli runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

fn db_arg(path: &Path) -> String {
    path.to_str().unwrap().to_owned()
}

#[test]
fn help_lists_the_subcommands() {
    let o = cli(&["--help"]);
    assert!(o.status.success());
    for sub in ["init", "sample", "check", "export", "import", "template", "backup", "restore", "password", "exchange"]
    {
        assert!(stdout(&o).contains(sub), "{sub} missing from --help: {}", stdout(&o));
    }
}

#[test]
fn init_creates_then_reports_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub/ledger.sqlite3");
    let o = cli(&["init", "--db", &db_arg(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("created"), "{}", stdout(&o));
    assert!(db.is_file());
    let again = cli(&["init", "--db", &db_arg(&db), "--json"]);
    assert!(again.status.success());
    let v = json(&again);
    assert_eq!(v["ok"], Value::Bool(true));
    assert_eq!(v["fromVersion"], v["schemaVersion"], "{v}");
}

#[test]
fn the_data_dir_variable_names_the_default_database() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_ledger-cli"))
        .args(["init"])
        .env(ledger_core::data_folder::paths::DATA_DIR_ENV, dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join(ledger_core::data_folder::paths::DB_FILE_NAME).is_file());
}

#[test]
fn no_database_given_is_a_clear_error() {
    let o = cli(&["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--db"), "{}", stderr(&o));
}

#[test]
fn sample_fills_a_new_database_and_check_passes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    let o =
        cli(&["sample", "--as-of", "2025-12-31", "--db", &db_arg(&db), "--seed", "7", "--scale", "small", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let experts = v["counts"]["experts"].as_u64().unwrap();
    let services = v["counts"]["service_records"].as_u64().unwrap();
    assert!((40..=60).contains(&experts), "{v}");
    assert!((2_500..=3_500).contains(&services), "{v}");

    let check = cli(&["check", "--db", &db_arg(&db)]);
    assert!(check.status.success(), "{}{}", stdout(&check), stderr(&check));
    assert!(stdout(&check).contains("passed"));

    let again = cli(&["sample", "--as-of", "2025-12-31", "--db", &db_arg(&db), "--seed", "7"]);
    assert_eq!(again.status.code(), Some(2), "a database with data is refused");
    assert!(!stderr(&again).is_empty());
    let recheck = json(&cli(&["check", "--db", &db_arg(&db), "--json"]));
    assert_eq!(recheck["ok"], Value::Bool(true), "the refused run wrote nothing half: {recheck}");
}

#[test]
fn check_fails_with_exit_1_on_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    std::fs::write(&db, vec![7u8; 4096]).unwrap();
    let o = cli(&["check", "--db", &db_arg(&db), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["ok"], Value::Bool(false));
    assert!(!v["report"]["problems"].as_array().unwrap().is_empty());
}

#[test]
fn check_lists_orphaned_attachment_files_and_still_passes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    assert!(cli(&["init", "--db", &db_arg(&db)]).status.success());
    let year = dir.path().join("attachments").join("2026");
    std::fs::create_dir_all(&year).unwrap();
    std::fs::write(year.join("0191d0f2-aaaa-7bbb-8ccc-000000000001.png"), b"\x89PNG left by a crash").unwrap();
    std::fs::write(year.join(".x.png.partial-0123"), b"half").unwrap();
    let o = cli(&["check", "--db", &db_arg(&db)]);
    assert!(o.status.success(), "orphaned files are no failure: {}{}", stdout(&o), stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("孤立的附件文件 1 个") && text.contains("orphaned attachment file"), "{text}");
    assert!(text.contains("attachments/2026/0191d0f2-aaaa-7bbb-8ccc-000000000001.png"), "{text}");
    assert!(!text.contains("partial"), "partial files are swept, not reported: {text}");
    let v = json(&cli(&["check", "--db", &db_arg(&db), "--json"]));
    assert_eq!(
        v["report"]["orphanFiles"],
        serde_json::json!(["attachments/2026/0191d0f2-aaaa-7bbb-8ccc-000000000001.png"])
    );
    assert!(year.join("0191d0f2-aaaa-7bbb-8ccc-000000000001.png").is_file(), "reported, not removed");
}

#[test]
fn check_leaves_the_folder_as_it_found_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    assert!(cli(&["sample", "--as-of", "2025-12-31", "--db", &db_arg(&db), "--seed", "3"]).status.success());
    let before = names_in(dir.path());
    assert!(!before.iter().any(|n| n.ends_with("-wal") || n.ends_with("-shm")), "closed cleanly: {before:?}");
    let bytes = std::fs::read(&db).unwrap();
    for args in [vec!["check", "--db", &db_arg(&db)], vec!["check", "--db", &db_arg(&db), "--json"]] {
        let o = cli(&args);
        assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
        assert_eq!(names_in(dir.path()), before, "no -wal or -shm left behind by {args:?}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the database file is unchanged");
}

#[test]
fn check_reconcile_moves_orphaned_files_aside_and_reports_them_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    assert!(cli(&["init", "--db", &db_arg(&db)]).status.success());
    let name = "0191d0f2-aaaa-7bbb-8ccc-000000000001.png";
    let orphan = dir.path().join("attachments").join("2026").join(name);
    std::fs::create_dir_all(orphan.parent().unwrap()).unwrap();
    std::fs::write(&orphan, b"\x89PNG left by a crash").unwrap();
    // Two hours old: a younger file may be an upload whose row is being saved, and is left.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options().write(true).open(&orphan).unwrap().set_modified(old).unwrap();

    let o = cli(&["check", "--db", &db_arg(&db), "--reconcile", "--json"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let v = json(&o);
    assert_eq!(v["ok"], Value::Bool(true), "{v}");
    assert_eq!(v["db"], serde_json::json!(db_arg(&db)), "{v}");
    assert_eq!(v["report"]["orphanFiles"], serde_json::json!([]), "reconciled before the check: {v}");
    let moved = &v["reconciled"]["moved"];
    assert_eq!(moved[0]["from"], serde_json::json!(format!("attachments/2026/{name}")), "{v}");
    let to = moved[0]["to"].as_str().unwrap();
    assert!(to.starts_with("attachments-orphaned/") && to.ends_with(&format!("/2026/{name}")), "{v}");
    assert_eq!(v["reconciled"]["healed"], serde_json::json!([]));
    assert_eq!(v["reconciled"]["notMoved"], serde_json::json!([]));
    assert!(!orphan.exists());
    assert_eq!(std::fs::read(dir.path().join(to)).unwrap(), b"\x89PNG left by a crash", "moved, byte for byte");

    let plain = json(&cli(&["check", "--db", &db_arg(&db), "--json"]));
    assert!(plain.get("reconciled").is_none(), "only with --reconcile: {plain}");
    let text = stdout(&cli(&["check", "--db", &db_arg(&db), "--reconcile"]));
    assert!(text.contains("没有孤立的附件文件 no orphaned attachment files"), "{text}");
}

#[test]
fn check_of_a_missing_file_is_an_error_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.sqlite3");
    let o = cli(&["check", "--db", &db_arg(&db), "--json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(json(&o)["error"]["code"], Value::String("io".into()));
    assert!(!db.exists(), "check never creates a database");
}

#[test]
fn a_bad_scale_is_a_usage_error() {
    let o = cli(&["sample", "--db", "x.sqlite3", "--scale", "huge"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("huge"));
}

#[test]
fn a_bad_as_of_day_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    for bad in ["2026-02-29", "31.12.2025", "1999-12-31"] {
        let o = cli(&["sample", "--db", &db_arg(&db), "--as-of", bad, "--json"]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let v = json(&o);
        assert_eq!(v["error"]["code"], "validation", "{bad}: {v}");
        assert_eq!(v["error"]["fields"][0]["field"], "asOf", "{bad}: {v}");
        assert!(!db.exists(), "{bad}: no database made");
    }
}

#[test]
fn the_sample_ends_on_its_as_of_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    let o = cli(&["sample", "--db", &db_arg(&db), "--seed", "7", "--as-of", "2026-06-30", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["counts"]["service_records"], 3000);
    let ledger = ledger_core::Ledger::open(&db).unwrap();
    let (first, last): (String, String) = ledger
        .database()
        .read(|c| {
            Ok(c.query_row("SELECT MIN(visit_date), MAX(visit_date) FROM visits", [], |r| Ok((r.get(0)?, r.get(1)?)))?)
        })
        .unwrap();
    assert!(("2026-06-01".."2026-07-01").contains(&last.as_str()), "{last}");
    assert!(first.as_str() >= "2023-06-30", "{first}");
}

/// A small sample database in a temporary folder.
fn sample_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    let o = cli(&["sample", "--as-of", "2025-12-31", "--db", &db_arg(&db), "--seed", "7"]);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, db)
}

/// Files in a folder whose name marks them as partial exports.
fn partial_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect()
}

/// Service records of the sample starting in 2024, optionally of one unit's experts, counted in SQL.
fn services_2024(db: &Path, unit: Option<&str>) -> u64 {
    let ledger = ledger_core::Ledger::open(db).unwrap();
    let sql = "SELECT COUNT(*) FROM service_records s JOIN experts x ON x.id = s.expert_id
               LEFT JOIN organizations o ON o.id = x.organization_id
               WHERE s.deleted_at IS NULL AND s.start_date BETWEEN '2024-01-01' AND '2024-12-31'
                 AND (?1 IS NULL OR o.name = ?1)";
    let n: i64 = ledger.database().read(|c| Ok(c.query_row(sql, [unit], |r| r.get(0))?)).unwrap();
    n as u64
}

#[test]
fn export_writes_a_workbook_and_reports_it_as_json() {
    let (dir, db) = sample_db();
    let out = dir.path().join("服务台账.xlsx");
    let o = cli(&[
        "export",
        "services",
        "--db",
        &db_arg(&db),
        "--out",
        out.to_str().unwrap(),
        "--period",
        "2024",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["ok"], Value::Bool(true));
    let rows = v["report"]["rows"].as_u64().unwrap();
    assert_eq!(rows, services_2024(&db, None));
    assert!(rows > 100, "{v}");
    assert_eq!(v["report"]["sheets"], 1);
    assert_eq!(v["report"]["path"], out.to_str().unwrap());

    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["服务台账"]);
    let range = book.worksheet_range("服务台账").unwrap();
    assert_eq!(range.get_value((0, 0)), Some(&calamine::Data::String("服务台账（2024年）".into())));
    assert_eq!(range.height() as u64, rows + 4, "title, 填报 line, header, rows, totals");
    assert!(partial_files(dir.path()).is_empty());
}

#[test]
fn export_filters_by_unit_name_and_writes_csv_by_extension() {
    let (dir, db) = sample_db();
    let unit = {
        let ledger = ledger_core::Ledger::open(&db).unwrap();
        ledger.list_organizations().unwrap()[0].name.clone()
    };
    let out = dir.path().join("services.csv");
    let o = cli(&[
        "export",
        "services",
        "--db",
        &db_arg(&db),
        "--out",
        out.to_str().unwrap(),
        "--period",
        "2024",
        "--unit",
        &unit,
        "--columns",
        "expert,organization,startDate,contractAmount",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = json(&o)["report"]["rows"].as_u64().unwrap();
    assert_eq!(rows, services_2024(&db, Some(&unit)));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "CSV with a byte-order mark");
    let body = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines[0], "科技专员,派出单位,开始日期,合同金额（万元）");
    assert_eq!(lines.len() as u64, rows + 1);
    assert!(lines[1..].iter().all(|l| l.split(',').nth(1) == Some(unit.as_str())), "{}", lines[1]);
}

#[test]
fn export_pairings_writes_the_list_of_one_batch_with_its_signing_rate() {
    let (dir, db) = sample_db();
    let (batch, pairings, signed) = {
        let ledger = ledger_core::Ledger::open(&db).unwrap();
        // The batch with the most pairings in 2024.
        let sql =
            "SELECT b.name, COUNT(*), TOTAL(a.agreement_signed) FROM assignments a JOIN batches b ON b.id = a.batch_id
                   WHERE a.deleted_at IS NULL AND a.start_date <= '2024-12-31'
                     AND COALESCE(a.end_date, '9999-12-31') >= '2024-01-01'
                   GROUP BY b.id ORDER BY COUNT(*) DESC, b.name LIMIT 1";
        let (name, n, s): (String, i64, f64) =
            ledger.database().read(|c| Ok(c.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)).unwrap();
        (name, n, s as i64)
    };
    assert!(pairings > 1, "the sample pairs experts in 2024");
    let out = dir.path().join("派驻名单.xlsx");
    let o = cli(&[
        "export",
        "pairings",
        "--db",
        &db_arg(&db),
        "--out",
        out.to_str().unwrap(),
        "--period",
        "2024",
        "--batch",
        &batch,
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["report"]["sheets"], 1);

    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["派驻名单"]);
    let range = book.worksheet_range("派驻名单").unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).map(|d| d.to_string()).unwrap_or_default();
    assert!(cell(0, 0).starts_with("派驻名单及三方协议签订情况（2024年"), "{}", cell(0, 0));
    let total_row = 3 + pairings as u32;
    assert_eq!(cell(total_row, 1), format!("合计（{pairings} 条）"), "beside the 序号");
    assert!((3..total_row).all(|r| cell(r, 1) == batch), "every row is of the batch");
    let rate = (total_row + 1..range.height() as u32).find(|r| cell(*r, 1) == "签订率").expect("a 签订率 line");
    let percent = format!("{:.1}%", signed as f64 * 100.0 / pairings as f64);
    assert_eq!(cell(rate, 2), format!("{signed}/{pairings}（{percent}）"));
    assert!(partial_files(dir.path()).is_empty());
}

#[test]
fn export_reviewed_only_counts_the_approved_records_alone() {
    let (dir, db) = sample_db();
    let (all, approved) = {
        let ledger = ledger_core::Ledger::open(&db).unwrap();
        ledger
            .database()
            .write(|c| {
                c.execute(
                    "UPDATE service_records SET review_status = 'pending' WHERE start_date LIKE '2024-03-%'",
                    [],
                )?;
                c.execute(
                    "UPDATE service_records SET review_status = 'returned' WHERE start_date LIKE '2024-07-1%'",
                    [],
                )?;
                Ok(())
            })
            .unwrap();
        let count = |extra: &str| -> u64 {
            let sql = format!(
                "SELECT COUNT(*) FROM service_records WHERE deleted_at IS NULL
                 AND start_date BETWEEN '2024-01-01' AND '2024-12-31' {extra}"
            );
            let n: i64 = ledger.database().read(|c| Ok(c.query_row(&sql, [], |r| r.get(0))?)).unwrap();
            n as u64
        };
        (count(""), count("AND review_status = 'approved'"))
    };
    assert!(approved > 0 && approved < all, "{approved} of {all}");
    for (flag, expected) in [(None, all), (Some("--reviewed-only"), approved)] {
        let out = dir.path().join("services.csv");
        let mut args = vec!["export", "services", "--db", db.to_str().unwrap(), "--out", out.to_str().unwrap()];
        args.extend(["--period", "2024", "--columns", "expert,startDate", "--json"]);
        args.extend(flag);
        let o = cli(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(json(&o)["report"]["rows"].as_u64().unwrap(), expected, "{flag:?}");
    }
}

#[test]
fn export_refuses_unknown_names_and_bad_periods_without_leaving_a_file() {
    let (dir, db) = sample_db();
    let out = dir.path().join("out.xlsx");
    let out_arg = out.to_str().unwrap();
    for (args, expected) in [
        (vec!["--unit", "不存在的大学"], "不存在的大学"),
        (vec!["--batch", "第九十九批"], "第九十九批"),
        (vec!["--period", "2024-13"], "2024-13"),
        (vec!["--columns", "expert,salary"], "salary"),
    ] {
        let mut all = vec!["export", "services", "--db", db.to_str().unwrap(), "--out", out_arg];
        all.extend(args);
        let o = cli(&all);
        assert_eq!(o.status.code(), Some(2), "{all:?}");
        assert!(stderr(&o).contains(expected), "{all:?}: {}", stderr(&o));
        assert!(!out.exists(), "{all:?}");
    }
    let o =
        cli(&["export", "summary", "--db", db.to_str().unwrap(), "--out", out_arg, "--period", "2024-Q5", "--json"]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["error"]["code"], "validation");
    assert!(v["error"]["message"].as_str().unwrap().contains("2024-Q5"), "{v}");
    assert!(!out.exists());

    let missing = dir.path().join("missing.sqlite3");
    let o = cli(&["export", "roster", "--db", missing.to_str().unwrap(), "--out", out_arg]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!missing.exists(), "export never creates a database");
    assert!(!out.exists());
    assert!(partial_files(dir.path()).is_empty());
}

/// A part of an xlsx file as text.
fn xlsx_part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

#[test]
fn export_paper_and_print_columns() {
    let (dir, db) = sample_db();
    let out = dir.path().join("服务台账.xlsx");
    let base = ["export", "services", "--db", db.to_str().unwrap(), "--out", out.to_str().unwrap(), "--period", "2024"];

    // The default: A4, every column (the 序号 first).
    let o = cli(&base);
    assert!(o.status.success(), "{}", stderr(&o));
    let sheet = xlsx_part(&out, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"paperSize="9""#) && sheet.contains(r#"orientation="landscape""#), "{sheet}");
    use calamine::Reader;
    let headers = |out: &Path| -> Vec<String> {
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(out).unwrap();
        let range = book.worksheet_range("服务台账").unwrap();
        (0..range.width() as u32).map(|c| range.get_value((2, c)).unwrap().to_string().replace('\n', "")).collect()
    };
    let all = headers(&out);
    assert_eq!((all[0].as_str(), all[1].as_str(), all.len()), ("序号", "科技专员", 24));

    // --paper a3 --print: A3, the 打印列, one page wide.
    let o = cli(&[&base[..], &["--paper", "a3", "--print"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let sheet = xlsx_part(&out, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"paperSize="8""#) && sheet.contains(r#"orientation="landscape""#), "{sheet}");
    assert!(sheet.contains(r#"fitToHeight="0""#) && !sheet.contains("fitToWidth"), "one page wide: {sheet}");
    let printed = headers(&out);
    assert_eq!(
        printed,
        [
            "序号",
            "科技专员",
            "派出单位",
            "服务企业",
            "开始日期",
            "结束日期",
            "服务天数",
            "服务类型",
            "服务内容",
            "合同金额（万元）",
            "成效简述",
            "满意度"
        ]
    );

    // A paper the CLI does not know, or --print with --columns: exit 2 with the reason, the file untouched.
    let before = std::fs::read(&out).unwrap();
    for (args, expected) in [(vec!["--paper", "a5"], "a5"), (vec!["--print", "--columns", "expert"], "--columns")] {
        let o = cli(&[&base[..], &args[..]].concat());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(expected), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let o = cli(&[&base[..], &["--paper", "a5"]].concat());
    assert!(stderr(&o).contains("a4") && stderr(&o).contains("a3"), "the papers offered: {}", stderr(&o));
}

#[test]
fn export_writes_the_summary_workbook_of_a_quarter() {
    let (dir, db) = sample_db();
    let out = dir.path().join("季度工作台账.xlsx");
    let o = cli(&[
        "export",
        "summary",
        "--db",
        &db_arg(&db),
        "--out",
        out.to_str().unwrap(),
        "--period",
        "2024-Q1",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["report"]["sheets"], 7, "{v}");
    assert!(v["report"]["rows"].as_u64().unwrap() > 23 + 10 + 5 + 11, "{v}");
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["概览", "需求进展", "走访", "专员工作量", "派出单位统计", "地区统计", "成效"]);
    let range = book.worksheet_range("概览").unwrap();
    let title = match range.get_value((0, 0)) {
        Some(calamine::Data::String(s)) => s.clone(),
        other => panic!("no title: {other:?}"),
    };
    assert!(title.ends_with("科技专员服务季度工作台账（2024年第一季度）"), "{title}");
    let ledger = ledger_core::Ledger::open(&db).unwrap();
    let filter = ledger_core::model::ReportFilter {
        period: "2024-Q1".into(),
        region: None,
        organization_id: None,
        batch_id: None,
        origins: None,
        reviewed_only: None,
    };
    let visits = ledger.statistics(&filter).unwrap().visits.visits;
    assert_eq!(range.get_value((3, 1)), Some(&calamine::Data::Float(f64::from(visits))), "走访次数 is the engine's");
    assert!(partial_files(dir.path()).is_empty());
}

#[test]
fn export_defaults_to_the_current_year() {
    let (dir, db) = sample_db();
    let out = dir.path().join("roster.xlsx");
    let o = cli(&["export", "roster", "--db", &db_arg(&db), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("exported"), "{}", stdout(&o));
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let range = book.worksheet_range("花名册").unwrap();
    let year = ledger_core::clock::Clock::system().today().format("%Y").to_string();
    assert_eq!(range.get_value((0, 0)), Some(&calamine::Data::String(format!("花名册（{year}年）"))));
}

/// A roster CSV as people save it: a title line, the header, two good rows, one with a bad phone.
fn roster_csv(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("花名册.csv");
    let text = "\u{feff}2024年科技专员花名册\r\n姓名,职称,手机号码,派出单位\r\n张伟,教授,13800138001,浙江大学\r\n                李娜,高级工程师,138 0013 8002,浙江大学\r\n赵磊,讲师,12345,浙江大学\r\n";
    std::fs::write(&path, text).unwrap();
    path
}

fn count_experts(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT COUNT(*) FROM experts", [], |r| r.get(0)).unwrap()
}

#[test]
fn import_reports_rows_as_the_spreadsheet_numbers_them_and_writes_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    assert!(cli(&["init", "--db", &db_arg(&db)]).status.success());
    let file = roster_csv(dir.path());
    let file = file.to_str().unwrap();

    let dry = cli(&["import", "experts", file, "--db", &db_arg(&db), "--dry-run", "--json"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let v = json(&dry);
    assert_eq!((v["read"].as_u64(), v["imported"].as_u64(), v["written"].as_bool()), (Some(3), Some(2), Some(false)));
    assert_eq!(count_experts(&db), 0, "a dry run writes nothing");

    let stop = cli(&["import", "experts", file, "--db", &db_arg(&db), "--on-error", "stop", "--json"]);
    assert_eq!(stop.status.code(), Some(1), "stopped by a bad row: {}", stdout(&stop));
    assert_eq!((json(&stop)["ok"].as_bool(), json(&stop)["stopped"].as_bool()), (Some(false), Some(true)));
    assert_eq!(count_experts(&db), 0, "遇错停止 writes nothing");

    let rejects = dir.path().join("rejected.xlsx");
    let o = cli(&["import", "experts", file, "--db", &db_arg(&db), "--json", "--rejects", rejects.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["ok"], Value::Bool(true));
    assert_eq!(
        (v["read"].as_u64(), v["imported"].as_u64(), v["updated"].as_u64(), v["skipped"].as_u64()),
        (Some(3), Some(2), Some(0), Some(0))
    );
    let rejected = v["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["row"].as_u64(), Some(5), "the spreadsheet's own row number");
    assert_eq!(rejected[0]["column"].as_str(), Some("手机号码"));
    assert!(rejected[0]["reason"].as_str().unwrap().contains("12345"));
    assert!(v["warnings"].as_array().unwrap().iter().any(|w| w["reason"].as_str().unwrap().contains("浙江大学")));
    assert_eq!(v["rejectsFile"]["rows"].as_u64(), Some(1));
    assert!(rejects.is_file());
    assert_eq!(count_experts(&db), 2);

    let again = cli(&["import", "experts", file, "--db", &db_arg(&db)]);
    assert!(again.status.success());
    assert!(stdout(&again).contains("2 skipped"), "{}", stdout(&again));
}

/// A database with two enterprises, imported from a 企业名录 through the CLI.
fn ledger_with_enterprises(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("ledger.sqlite3");
    assert!(cli(&["init", "--db", &db_arg(&db)]).status.success());
    let list = dir.join("企业名录.csv");
    let codes = ["91330100MA0000001", "91330100MA0000002"]
        .map(|body| format!("{body}{}", ledger_core::validate::credit_code::check_char(body).unwrap()));
    let text = format!("企业名称,统一社会信用代码\n杭州新材料有限公司,{}\n宁波电子有限公司,{}\n", codes[0], codes[1]);
    std::fs::write(&list, text).unwrap();
    let o = cli(&["import", "enterprises", list.to_str().unwrap(), "--db", &db_arg(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

#[test]
fn import_needs_reports_a_missing_enterprise_and_a_bad_budget_and_keeps_the_description() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger_with_enterprises(dir.path());
    let file = dir.path().join("技术需求征集表.csv");
    let text = "2025年企业技术需求征集表\n企业名称,需求名称,需求描述,需求类型,预算（万元）,紧急程度\n\
                杭州新材料有限公司,耐高温涂层,\"涂层开裂\n  需耐 300℃\",技术攻关,50,紧急\n\
                不存在的公司,智能检测,,其他,1,\n\
                宁波电子有限公司,芯片散热,,产品研发,五十万,\n";
    std::fs::write(&file, text).unwrap();
    let o = cli(&["import", "needs", file.to_str().unwrap(), "--db", &db_arg(&db), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!((v["read"].as_u64(), v["imported"].as_u64()), (Some(3), Some(1)), "{v}");
    let rejected = v["rejected"].as_array().unwrap();
    assert_eq!(rejected[0]["row"].as_u64(), Some(4));
    assert_eq!(rejected[0]["column"].as_str(), Some("企业名称"));
    assert_eq!(rejected[1]["row"].as_u64(), Some(5));
    assert_eq!(rejected[1]["column"].as_str(), Some("预算（万元）"));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (text, budget): (String, i64) =
        conn.query_row("SELECT original_text, budget_fen FROM needs", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((text.as_str(), budget), ("涂层开裂\n  需耐 300℃", 50_000_000));
    let firms: i64 = conn.query_row("SELECT COUNT(*) FROM enterprises", [], |r| r.get(0)).unwrap();
    assert_eq!(firms, 2, "no enterprise is created for a need");
}

#[test]
fn import_events_takes_several_enterprises_in_a_cell_and_reports_an_unknown_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger_with_enterprises(dir.path());
    let file = dir.path().join("活动台账.csv");
    let text = "活动类型,活动名称,活动日期,参加企业,参加人数\n\
                供需对接会,新材料对接会,2025-05-20,\"杭州新材料有限公司，宁波电子有限公司\",40\n\
                路演,项目路演,2025-06-02,杭州新材料有限公司、不存在的公司,\n";
    std::fs::write(&file, text).unwrap();
    let o = cli(&["import", "events", file.to_str().unwrap(), "--db", &db_arg(&db), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!((v["read"].as_u64(), v["imported"].as_u64()), (Some(2), Some(1)), "{v}");
    let rejected = v["rejected"].as_array().unwrap();
    assert_eq!((rejected[0]["row"].as_u64(), rejected[0]["column"].as_str()), (Some(3), Some("参加企业")));
    assert!(rejected[0]["reason"].as_str().unwrap().contains("不存在的公司"), "{v}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let links: (i64, i64) = conn
        .query_row("SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM event_enterprises)", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(links, (1, 2), "one event with both enterprises; nothing of the refused row");
}

#[test]
fn template_writes_each_kind_and_refuses_an_unknown_one() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, sheet, first) in [
        ("experts", "科技专员花名册", "*姓名"),
        ("enterprises", "服务企业名录", "*企业名称"),
        ("visits", "走访记录", "*走访日期"),
        ("services", "服务台账", "*科技专员"),
        ("needs", "技术需求征集表", "*企业名称"),
        ("events", "活动台账", "*活动类型"),
    ] {
        let out = dir.path().join(format!("{kind}.xlsx"));
        let o = cli(&["template", kind, "--out", out.to_str().unwrap(), "--json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(json(&o)["kind"].as_str(), Some(kind));
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
        use calamine::Reader;
        assert_eq!(book.sheet_names(), [sheet, "填写说明"]);
        let range = book.worksheet_range(sheet).unwrap();
        assert_eq!(range.get_value((0, 0)).map(|c| c.to_string()).as_deref(), Some(first));
    }
    let o = cli(&["template", "widgets", "--out", dir.path().join("x.xlsx").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "an unknown kind is a usage error");
    assert!(stderr(&o).contains("needs"), "the kinds are listed: {}", stderr(&o));
}

#[test]
fn import_of_a_file_that_is_not_a_spreadsheet_says_so_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    assert!(cli(&["init", "--db", &db_arg(&db)]).status.success());
    let fake = dir.path().join("roster.xlsx");
    std::fs::write(&fake, "just some text, not a workbook").unwrap();
    let o = cli(&["import", "experts", fake.to_str().unwrap(), "--db", &db_arg(&db), "--json"]);
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["error"]["code"].as_str(), Some("import_file"), "{v}");
    assert_eq!(count_experts(&db), 0);
}

/// A database with a few experts (imported, so the CLI made it), and its folder.
fn small_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    assert!(cli(&["init", "--db", &db_arg(&db)]).status.success());
    let o = cli(&["import", "experts", &db_arg(&roster_csv(dir.path())), "--db", &db_arg(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count_experts(&db), 2);
    (dir, db)
}

/// Every file under a folder, recursively, by path relative to it.
fn all_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn backup_writes_a_checked_copy_and_restore_brings_it_back() {
    let (dir, db) = small_db();
    let out = dir.path().join("备份/ledger-copy.sqlite3");
    std::fs::create_dir(out.parent().unwrap()).unwrap();
    let o = cli(&["backup", "--db", &db_arg(&db), "--out", &db_arg(&out), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["ok"], Value::Bool(true));
    assert_eq!(v["backup"]["path"].as_str(), out.to_str());
    assert_eq!(v["backup"]["reason"], "manual");
    assert_eq!(v["backup"]["sizeBytes"].as_u64(), Some(std::fs::metadata(&out).unwrap().len()));
    assert_eq!(count_experts(&out), 2);
    assert!(partial_files(out.parent().unwrap()).is_empty());
    let check = json(&cli(&["check", "--db", &db_arg(&out), "--json"]));
    assert_eq!(check["ok"], Value::Bool(true), "{check}");

    // Without --out: a named backup in backups/ beside the database, its path printed.
    let o = cli(&["backup", "--db", &db_arg(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let listed: Vec<String> = all_files(&dir.path().join("backups"))
        .into_iter()
        .filter(|f| f.contains("-manual-s") && f.ends_with(".zip"))
        .collect();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(stdout(&o).contains(&listed[0]), "{}", stdout(&o));

    // More experts after the backup; the restore takes the database back to it and keeps the current one first.
    let o = cli(&[
        "import",
        "experts",
        &db_arg(&roster_csv(&dir.path().join("备份"))),
        "--db",
        &db_arg(&db),
        "--on-duplicate",
        "skip",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    rusqlite::Connection::open(&db).unwrap().execute_batch("UPDATE experts SET name = '改过的名字'").unwrap();
    let o = cli(&["restore", "--db", &db_arg(&db), "--from", &db_arg(&out), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["ok"], Value::Bool(true), "{v}");
    assert_eq!(v["report"]["safetyBackup"]["reason"], "restore", "{v}");
    // The 恢复前备份 is an archive: its database is looked at extracted.
    let kept = dir.path().join("kept.sqlite3");
    let archive = PathBuf::from(v["report"]["safetyBackup"]["path"].as_str().unwrap());
    ledger_core::data_folder::backup::extract_database(&archive, &kept).unwrap();
    let names = |path: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut stmt = conn.prepare("SELECT name FROM experts ORDER BY name").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(names(&db), ["张伟", "李娜"]);
    assert_eq!(names(&kept), ["改过的名字", "改过的名字"]);

    let human = cli(&["restore", "--db", &db_arg(&db), "--from", &db_arg(&out)]);
    assert!(human.status.success(), "{}", stderr(&human));
    assert!(stdout(&human).contains("已恢复 restored"), "{}", stdout(&human));

    // --out a .zip: the backup archive (database, attachments, manifest of sums), which restores too.
    let zip = dir.path().join("备份/整套备份.zip");
    let o = cli(&["backup", "--db", &db_arg(&db), "--out", &db_arg(&zip), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&zip).unwrap()[..4], *b"PK\x03\x04");
    assert_eq!(json(&o)["backup"]["attachmentFiles"], 0);
    let o = cli(&["restore", "--db", &db_arg(&db), "--from", &db_arg(&zip), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["report"]["missingFiles"], Value::Array(Vec::new()));
    assert_eq!(count_experts(&db), 2);
}

#[test]
fn restore_refuses_a_bad_file_with_exit_2_and_changes_nothing() {
    let (dir, db) = small_db();
    let good = dir.path().join("good.sqlite3");
    assert!(cli(&["backup", "--db", &db_arg(&db), "--out", &db_arg(&good)]).status.success());
    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, "not a database ".repeat(1000)).unwrap();
    let newer = dir.path().join("newer.sqlite3");
    std::fs::copy(&good, &newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 999).unwrap();
    let foreign = dir.path().join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();

    for (from, code) in [
        (garbage.clone(), "damaged_file"),
        (newer.clone(), "schema_too_new"),
        (foreign.clone(), "not_a_ledger"),
        (dir.path().join("missing.sqlite3"), "io"),
    ] {
        let before = all_files(dir.path());
        let o = cli(&["restore", "--db", &db_arg(&db), "--from", &db_arg(&from), "--json"]);
        assert_eq!(o.status.code(), Some(2), "{}", from.display());
        let v = json(&o);
        assert_eq!(v["ok"], Value::Bool(false));
        assert_eq!(v["error"]["code"], code, "{v}");
        assert!(!stderr(&o).is_empty());
        assert_eq!(count_experts(&db), 2, "{}", from.display());
        let scheduled = |f: &String| ["-daily-", "-weekly-", "-monthly-"].iter().any(|r| f.contains(r));
        let after: Vec<String> = all_files(dir.path()).into_iter().filter(|f| !scheduled(f)).collect();
        let before: Vec<String> = before.into_iter().filter(|f| !scheduled(f)).collect();
        let made: Vec<&String> =
            after.iter().filter(|f| !before.contains(f) && !f.ends_with("-wal") && !f.ends_with("-shm")).collect();
        assert!(made.is_empty(), "{}: {made:?}", from.display());
    }
    let o = cli(&["restore", "--db", &db_arg(&db), "--from", &db_arg(&newer)]);
    assert!(stderr(&o).contains("升级程序"), "{}", stderr(&o));

    // A database that does not exist yet is not created by a refused restore: no file, no folder, no lock.
    let elsewhere = dir.path().join("新/ledger.sqlite3");
    let o = cli(&["restore", "--db", &db_arg(&elsewhere), "--from", &db_arg(&garbage)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("新").exists());
    // … and a good backup creates it.
    let o = cli(&["restore", "--db", &db_arg(&elsewhere), "--from", &db_arg(&good), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["report"]["safetyBackup"], Value::Null);
    assert_eq!(count_experts(&elsewhere), 2);
}

#[test]
fn a_damaged_database_is_refused_and_restore_replaces_it() {
    let (dir, db) = small_db();
    let good = dir.path().join("good.sqlite3");
    assert!(cli(&["backup", "--db", &db_arg(&db), "--out", &db_arg(&good)]).status.success());
    // Garbage over the middle of the file (checkpointed first, so the file holds every page).
    rusqlite::Connection::open(&db).unwrap().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    {
        use std::io::{Seek, SeekFrom, Write};
        let len = std::fs::metadata(&db).unwrap().len();
        let mut f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        f.seek(SeekFrom::Start(8192)).unwrap();
        f.write_all(&vec![0x5a; (len / 2) as usize]).unwrap();
    }

    let o = cli(&["init", "--db", &db_arg(&db), "--json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(json(&o)["error"]["code"], "integrity");
    assert!(stderr(&o).contains("备份"), "{}", stderr(&o));

    let out = dir.path().join("copy.sqlite3");
    let o = cli(&["backup", "--db", &db_arg(&db), "--out", &db_arg(&out), "--json"]);
    assert_eq!(o.status.code(), Some(2), "a damaged database makes no backup");
    assert_eq!(json(&o)["error"]["code"], "damaged_file");
    assert!(!out.exists());
    assert!(partial_files(dir.path()).is_empty());

    let o = cli(&["restore", "--db", &db_arg(&db), "--from", &db_arg(&good), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["report"]["safetyBackup"]["reason"], "damaged");
    assert_eq!(count_experts(&db), 2);
    assert_eq!(json(&cli(&["check", "--db", &db_arg(&db), "--json"]))["ok"], Value::Bool(true));
}

#[test]
fn backup_of_a_missing_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.sqlite3");
    let o = cli(&["backup", "--db", &db_arg(&db), "--out", &db_arg(&dir.path().join("b.sqlite3"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不存在"), "{}", stderr(&o));
    assert!(!db.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// Every file in `dir` (the writer's lock file aside) with its bytes.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.to_string_lossy().ends_with(".lock"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn password_set_prints_the_recovery_code_and_every_command_then_needs_the_password_or_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = data.join("ledger.sqlite3");
    let secret_file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        db_arg(&path)
    };
    let pw = secret_file("pw.txt", "台账 password one\n");
    let wrong = secret_file("wrong.txt", "not the password");
    assert!(cli(&["sample", "--as-of", "2025-12-31", "--db", &db_arg(&db), "--seed", "3"]).status.success());

    let set = cli(&["password", "set", "--db", &db_arg(&db), "--new-password-file", &pw, "--json"]);
    assert!(set.status.success(), "{}", stderr(&set));
    let v = json(&set);
    let code = v["recoveryCode"].as_str().unwrap().to_owned();
    assert_eq!(v.as_object().unwrap().len(), 2, "exactly {{recoveryCode, plainBackups}}: {v}");
    assert_eq!(v["plainBackups"], 1, "the day's backup, made as set opened the plain ledger, is left plain: {v}");
    assert!(code.len() == 29 && code.split('-').all(|g| g.len() == 4), "{code}");
    assert!(!std::fs::read(&db).unwrap().starts_with(b"SQLite format 3"), "encrypted");

    let before = files(&data);
    let locked = cli(&["check", "--db", &db_arg(&db), "--json"]);
    assert_eq!(locked.status.code(), Some(2));
    assert_eq!(json(&locked)["error"]["code"], "locked");
    let locked = cli(&["export", "services", "--db", &db_arg(&db), "--out", &db_arg(&dir.path().join("s.csv"))]);
    assert_eq!(locked.status.code(), Some(2));
    assert!(stderr(&locked).contains("[locked]") && stderr(&locked).contains("--password-file"), "{}", stderr(&locked));
    assert!(stderr(&locked).contains("密码"), "in Chinese too: {}", stderr(&locked));
    let refused = cli(&["init", "--db", &db_arg(&db), "--password-file", &wrong, "--json"]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(json(&refused)["error"]["code"], "wrong_password");
    assert_eq!(files(&data), before, "db, WAL and envelope byte for byte unchanged");

    let check = cli(&["check", "--db", &db_arg(&db), "--password-file", &pw]);
    assert!(check.status.success(), "{}{}", stdout(&check), stderr(&check));
    let by_env = Command::new(env!("CARGO_BIN_EXE_ledger-cli"))
        .args([
            "export",
            "roster",
            "--db",
            &db_arg(&db),
            "--out",
            &db_arg(&dir.path().join("r.csv")),
            "--period",
            "2024",
        ])
        .arg("--json")
        .env_remove(ledger_core::data_folder::paths::DATA_DIR_ENV)
        .env("LEDGER_PASSWORD", code.to_lowercase())
        .output()
        .unwrap();
    assert!(by_env.status.success(), "the recovery code in LEDGER_PASSWORD: {}", stderr(&by_env));
    assert!(json(&by_env)["report"]["rows"].as_u64().unwrap() > 0);
    let backup = cli(&["backup", "--db", &db_arg(&db), "--password-file", &pw, "--json"]);
    assert!(backup.status.success(), "{}", stderr(&backup));

    let pw2 = secret_file("pw2.txt", "second password\r\n");
    let change = ["password", "change", "--db", &db_arg(&db), "--password-file", &wrong, "--new-password-file", &pw2];
    let before = files(&data);
    let refused = cli(&[&change[..], &["--json"]].concat());
    assert_eq!(json(&refused)["error"]["code"], "wrong_password");
    assert_eq!(files(&data), before, "a wrong current password changes nothing");
    let change = ["password", "change", "--db", &db_arg(&db), "--password-file", &pw, "--new-password-file", &pw2];
    let changed = cli(&[&change[..], &["--json"]].concat());
    assert!(changed.status.success(), "{}", stderr(&changed));
    let new_code = json(&changed)["recoveryCode"].as_str().unwrap().to_owned();
    assert!(new_code.len() == 29 && new_code != code, "a new recovery code: {new_code}");
    assert_ne!(files(&data)["ledger.sqlite3"], before["ledger.sqlite3"], "the database was re-keyed");
    assert_eq!(cli(&["check", "--db", &db_arg(&db), "--password-file", &pw]).status.code(), Some(2));
    assert!(cli(&["check", "--db", &db_arg(&db), "--password-file", &pw2]).status.success());

    // Without --json the new code is printed as set prints it, and the old one is said to be void.
    let code_file = secret_file("code.txt", &code);
    let new_code_file = secret_file("new-code.txt", &new_code);
    let pw3 = secret_file("pw3.txt", "third password");
    let change = ["password", "change", "--db", &db_arg(&db), "--password-file", &new_code_file];
    let changed = cli(&[&change[..], &["--new-password-file", &pw3]].concat());
    assert!(changed.status.success(), "{}", stderr(&changed));
    let text = stdout(&changed);
    assert!(text.contains("旧恢复码已失效") && text.contains("恢复码 recovery code:"), "{text}");
    let third_code = text.lines().find_map(|l| l.trim().strip_prefix("恢复码 recovery code:")).unwrap().trim();
    let third_code_file = secret_file("third-code.txt", third_code);

    let remove = cli(&["password", "remove", "--db", &db_arg(&db), "--password-file", &code_file, "--json"]);
    assert_eq!(json(&remove)["error"]["code"], "wrong_password", "the first code was made void by the change");
    let remove = cli(&["password", "remove", "--db", &db_arg(&db), "--password-file", &third_code_file]);
    assert!(remove.status.success(), "{}", stderr(&remove));
    assert!(std::fs::read(&db).unwrap().starts_with(b"SQLite format 3"), "plain again");
    let plain = cli(&["check", "--db", &db_arg(&db), "--json"]);
    assert_eq!(json(&plain)["ok"], Value::Bool(true));
}

#[test]
fn password_commands_say_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    let short = dir.path().join("short.txt");
    std::fs::write(&short, "1234").unwrap();
    let missing = cli(&["password", "set", "--db", &db_arg(&db), "--new-password-file", &db_arg(&short)]);
    assert_eq!(missing.status.code(), Some(2), "no database");
    assert!(cli(&["init", "--db", &db_arg(&db)]).status.success());
    let o = cli(&["password", "set", "--db", &db_arg(&db), "--new-password-file", &db_arg(&short), "--json"]);
    assert_eq!(json(&o)["error"]["code"], "validation");
    let none = dir.path().join("none.txt");
    let o = cli(&["password", "set", "--db", &db_arg(&db), "--new-password-file", &db_arg(&none), "--json"]);
    assert_eq!(json(&o)["error"]["code"], "validation", "an unreadable password file");
    let o = cli(&["password", "remove", "--db", &db_arg(&db), "--password-file", &db_arg(&short), "--json"]);
    assert_eq!(json(&o)["error"]["code"], "unsupported", "no password to remove");
    assert!(std::fs::read(&db).unwrap().starts_with(b"SQLite format 3"));
}

#[test]
fn restore_of_an_encrypted_backup_takes_its_password_and_refuses_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let secret_file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        db_arg(&path)
    };
    let pw = secret_file("pw.txt", "备份 password one\n");
    let wrong = secret_file("wrong.txt", "not the password");
    let db = dir.path().join("pc1").join("ledger.sqlite3");
    assert!(cli(&["sample", "--as-of", "2025-12-31", "--db", &db_arg(&db), "--seed", "3"]).status.success());
    assert!(cli(&["password", "set", "--db", &db_arg(&db), "--new-password-file", &pw]).status.success());
    let zip = dir.path().join("usb").join("ledger.zip");
    std::fs::create_dir_all(zip.parent().unwrap()).unwrap();
    let o = cli(&["backup", "--db", &db_arg(&db), "--password-file", &pw, "--out", &db_arg(&zip)]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Into an empty data folder on another PC: locked without the password, refused with a wrong one, nothing made.
    let other = dir.path().join("pc2").join("ledger.sqlite3");
    let o = cli(&["restore", "--db", &db_arg(&other), "--from", &db_arg(&zip), "--json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(json(&o)["error"]["code"], "locked");
    let o = cli(&["restore", "--db", &db_arg(&other), "--from", &db_arg(&zip), "--password-file", &wrong, "--json"]);
    assert_eq!(json(&o)["error"]["code"], "wrong_password");
    assert!(!dir.path().join("pc2").exists(), "nothing written");
    let o = cli(&["restore", "--db", &db_arg(&other), "--from", &db_arg(&zip), "--password-file", &pw, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!std::fs::read(&other).unwrap().starts_with(b"SQLite format 3"), "it keeps the backup's password");
    assert!(cli(&["check", "--db", &db_arg(&other), "--password-file", &pw]).status.success());

    // Into an existing plain ledger: --backup-password-file opens the backup, the ledger stays plain.
    let plain = dir.path().join("pc3").join("ledger.sqlite3");
    assert!(cli(&["init", "--db", &db_arg(&plain)]).status.success());
    // (A command that opens the ledger for writing closes it cleanly: the WAL folded in, no -wal or -shm left.)
    let before = files(plain.parent().unwrap());
    assert_eq!(before.keys().collect::<Vec<_>>(), ["ledger.sqlite3"], "a clean close leaves the database alone");
    let o = cli(&["restore", "--db", &db_arg(&plain), "--from", &db_arg(&zip), "--json"]);
    assert_eq!(json(&o)["error"]["code"], "locked");
    assert_eq!(files(plain.parent().unwrap()), before, "nothing written");
    let o = cli(&["restore", "--db", &db_arg(&plain), "--from", &db_arg(&zip), "--backup-password-file", &pw]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&plain).unwrap().starts_with(b"SQLite format 3"), "still plain");
    assert_eq!(json(&cli(&["check", "--db", &db_arg(&plain), "--json"]))["ok"], Value::Bool(true));
    assert!(count_experts(&plain) > 0);
}

#[test]
fn password_set_re_encrypts_or_removes_the_plain_backups_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let pw = dir.path().join("pw.txt");
    std::fs::write(&pw, "台账 password one\n").unwrap();
    for (choice, left_in_folder) in [("encrypt", 2usize), ("remove", 0)] {
        let db = dir.path().join(choice).join("ledger.sqlite3");
        assert!(cli(&["sample", "--as-of", "2025-12-31", "--db", &db_arg(&db), "--seed", "3"]).status.success());
        assert!(cli(&["backup", "--db", &db_arg(&db)]).status.success());
        let backups = dir.path().join(choice).join("backups");
        assert_eq!(std::fs::read_dir(&backups).unwrap().count(), 1, "a manual one (set adds the day's backup)");
        let set = ["password", "set", "--db", &db_arg(&db), "--new-password-file", &db_arg(&pw)];
        let o = cli(&[&set[..], &["--plain-backups", choice, "--json"]].concat());
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(json(&o)["plainBackups"], 0, "{choice}");
        let left: Vec<PathBuf> = std::fs::read_dir(&backups).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(left.len(), left_in_folder, "{choice}: {left:?}");
        for archive in &left {
            let encrypted = ledger_core::data_folder::backup::is_encrypted_backup(archive);
            assert!(encrypted, "{} is encrypted", archive.display());
        }
    }
    let bad =
        cli(&["password", "set", "--db", "x.sqlite3", "--new-password-file", &db_arg(&pw), "--plain-backups", "shred"]);
    assert_eq!(bad.status.code(), Some(2), "an unknown choice is a usage error");
}

/// A small sample ledger in the folder `data/` of a temporary folder (packages are written beside `data/`).
fn exchange_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/ledger.sqlite3");
    let o = cli(&["sample", "--as-of", "2025-12-31", "--db", &db_arg(&db), "--seed", "7"]);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, db)
}

/// The names of the files in `dir` (not its subfolders), sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn exchange_export_writes_a_full_package_then_the_changes_and_reports_them_as_json() {
    let (dir, db) = exchange_db();
    let first = dir.path().join("第1包.stlx");
    let o = cli(&["exchange", "export", "--db", &db_arg(&db), "--out", &db_arg(&first), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!((v["ok"].as_bool(), v["packageSeq"].as_i64(), v["scope"].as_str()), (Some(true), Some(1), Some("full")));
    assert!(v["sinceSeq"].is_null() && v["encrypted"] == false, "{v}");
    assert!(v["counts"]["service_records"].as_i64().unwrap() > 1000, "{v}");
    let package = ledger_core::exchange::open_package(&first, None).unwrap();
    assert_eq!(package.manifest().content_hash, v["contentHash"].as_str().unwrap());
    assert_eq!(v["bytes"].as_u64().unwrap(), std::fs::metadata(&first).unwrap().len());

    let second = dir.path().join("第2包.stlx");
    let o = cli(&["exchange", "export", "--db", &db_arg(&db), "--out", &db_arg(&second)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("exported package #2") && stdout(&o).contains("changes since #1"), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 条记录 records"), "nothing changed since: {}", stdout(&o));

    let third = dir.path().join("第3包.stlx");
    let o = cli(&["exchange", "export", "--db", &db_arg(&db), "--out", &db_arg(&third), "--full", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!((json(&o)["packageSeq"].as_i64(), json(&o)["scope"].as_str()), (Some(3), Some("full")));
    assert!(partial_files(dir.path()).is_empty());
}

#[test]
fn exchange_export_refusals_exit_2_with_the_reason_and_leave_no_file() {
    let (dir, db) = exchange_db();
    for (out, says) in [
        (dir.path().join("包.xlsx"), "[validation]"),
        (dir.path().join("data/包.stlx"), "[validation]"),
        (dir.path().join("no/such/folder/包.stlx"), "error ["),
    ] {
        let o = cli(&["exchange", "export", "--db", &db_arg(&db), "--out", &db_arg(&out)]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
        assert!(!out.exists());
    }
    let missing = cli(&["exchange", "export", "--db", &db_arg(&dir.path().join("none.sqlite3")), "--out", "x.stlx"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("数据库文件不存在"), "{}", stderr(&missing));
    assert!(names_in(dir.path()).is_empty(), "nothing written: {:?}", names_in(dir.path()));
}

#[test]
fn exchange_export_of_an_encrypted_ledger_is_encrypted_with_its_password_or_the_package_password() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/ledger.sqlite3");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        db_arg(&path)
    };
    let pw = write("pw.txt", "台账口令 one\n");
    let other = write("pkg.txt", "交换包口令\n");
    assert!(cli(&["sample", "--as-of", "2025-12-31", "--db", &db_arg(&db), "--seed", "5"]).status.success());
    assert!(cli(&["password", "set", "--db", &db_arg(&db), "--new-password-file", &pw]).status.success());

    let out = dir.path().join("a.stlx");
    let locked = cli(&["exchange", "export", "--db", &db_arg(&db), "--out", &db_arg(&out), "--json"]);
    assert_eq!(locked.status.code(), Some(2));
    assert_eq!(json(&locked)["error"]["code"], "locked");
    assert!(!out.exists());

    let o =
        cli(&["exchange", "export", "--db", &db_arg(&db), "--out", &db_arg(&out), "--password-file", &pw, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["encrypted"], true);
    let secret = |text: &str| ledger_core::storage::crypto::Secret::new(text);
    assert!(ledger_core::exchange::open_package(&out, Some(&secret("台账口令 one"))).is_ok(), "the ledger's password");

    let out2 = dir.path().join("b.stlx");
    let args = ["exchange", "export", "--db", &db_arg(&db), "--out", &db_arg(&out2), "--password-file", &pw];
    let o = cli(&[&args[..], &["--package-password-file", &other]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("encrypted"), "{}", stdout(&o));
    let wrong = ledger_core::exchange::open_package(&out2, Some(&secret("台账口令 one"))).unwrap_err();
    assert_eq!(wrong.code(), "wrong_password");
    assert!(ledger_core::exchange::open_package(&out2, Some(&secret("交换包口令"))).is_ok());
}

/// A coordinator's small sample ledger (seed `seed`) reporting as `unit`, in a folder of its own under `dir`, and
/// its first exchange package written to `dir/<name>.stlx`; returns the package and the ledger's id.
fn coordinator_package(dir: &Path, name: &str, seed: &str, unit: &str) -> (PathBuf, String) {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).unwrap();
    let db = folder.join("ledger.sqlite3");
    assert!(cli(&["sample", "--as-of", "2025-12-31", "--db", &db_arg(&db), "--seed", seed]).status.success());
    let ledger = ledger_core::Ledger::open(&db).unwrap();
    let settings = ledger_core::model::ReportSettings { reporting_unit: unit.into(), reporter: "专员".into() };
    ledger.save_report_settings(&settings).unwrap();
    let package = dir.join(format!("{name}.stlx"));
    let options = ledger_core::exchange::ExportPackageOptions { full: true, password: None };
    ledger.export_package(&package, &options).unwrap();
    (package, ledger.ledger_identity().unwrap().id)
}

fn merged_rows(db: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn exchange_merge_prints_each_package_and_the_conflicts_and_a_second_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a, a_id) = coordinator_package(dir.path(), "a", "1", "甲县科技局");
    let (b, _) = coordinator_package(dir.path(), "b", "2", "乙县科技局");
    std::fs::create_dir_all(dir.path().join("s")).unwrap();
    let db = dir.path().join("s").join("ledger.sqlite3");
    assert!(cli(&["init", "--db", &db_arg(&db)]).status.success());

    let o = cli(&["exchange", "merge", &db_arg(&a), &db_arg(&b), "--db", &db_arg(&db), "--dry-run", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let preview = json(&o);
    assert_eq!(preview["written"], false);
    assert_eq!(merged_rows(&db, "experts"), 0, "a dry run writes nothing");

    let o = cli(&["exchange", "merge", &db_arg(&a), &db_arg(&b), "--db", &db_arg(&db), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["written"], true);
    let packages = v["packages"].as_array().unwrap();
    assert_eq!(packages.len(), 2);
    assert_eq!(packages[0]["file"], "a.stlx");
    assert_eq!(packages[0]["origin"], serde_json::json!({ "id": a_id, "name": "甲县科技局" }));
    for key in ["new", "updated", "unchanged", "matched", "conflicts"] {
        assert!(packages[1][key].is_u64(), "{key}: {v}");
    }
    assert!(packages[0]["new"].as_u64().unwrap() > 3000);
    assert_eq!(packages[0]["new"], preview["packages"][0]["new"]);
    // The two samples share their units and batches by name: matched, not added twice.
    assert!(packages[1]["matched"].as_u64().unwrap() + packages[1]["conflicts"].as_u64().unwrap() > 0, "{v}");
    for c in v["conflicts"].as_array().unwrap() {
        let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["field", "id", "incoming", "kind", "local"]);
    }
    let experts = merged_rows(&db, "experts");

    let o = cli(&["exchange", "merge", &db_arg(&a), "--db", &db_arg(&db), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let again = json(&o);
    assert_eq!(again["written"], false);
    assert_eq!(again["packages"][0]["new"], 0);
    assert_eq!(merged_rows(&db, "experts"), experts);

    let o = cli(&["exchange", "merge", &db_arg(&b), "--db", &db_arg(&db)]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("乙县科技局"), "{}", stdout(&o));
}

#[test]
fn exchange_merge_refuses_a_file_that_is_not_a_package_a_damaged_one_and_the_ledgers_own_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = coordinator_package(dir.path(), "a", "1", "甲县科技局");
    let own_db = dir.path().join("a").join("ledger.sqlite3");
    let not_a_package = dir.path().join("notes.stlx");
    std::fs::write(&not_a_package, "not a package ".repeat(100)).unwrap();
    let damaged = dir.path().join("damaged.stlx");
    let mut bytes = std::fs::read(&a).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle..middle + 64].iter_mut().for_each(|b| *b ^= 0x5a);
    std::fs::write(&damaged, bytes).unwrap();
    std::fs::create_dir_all(dir.path().join("s")).unwrap();
    let db = dir.path().join("s").join("ledger.sqlite3");
    assert!(cli(&["init", "--db", &db_arg(&db)]).status.success());

    for (db, file, codes, words) in [
        (&db, &not_a_package, &["not_a_package"][..], "不是交换包"),
        (&db, &damaged, &["damaged_package", "not_a_package"][..], "交换包"),
        (&own_db, &a, &["own_package"][..], "这是本台账导出的交换包"),
    ] {
        let experts = merged_rows(db, "experts");
        // The good package first: nothing is merged when any file given is refused.
        let o = cli(&["exchange", "merge", &db_arg(&a), &db_arg(file), "--db", &db_arg(db), "--json"]);
        assert_eq!(o.status.code(), Some(2), "{}: {}", file.display(), stderr(&o));
        let v = json(&o);
        assert!(codes.contains(&v["error"]["code"].as_str().unwrap()), "{v}");
        assert!(stderr(&o).contains(words), "{}", stderr(&o));
        assert_eq!(merged_rows(db, "experts"), experts, "{}", file.display());
        assert_eq!(merged_rows(db, "exchange_merges"), 0);
    }
}

#[test]
fn export_assessment_of_a_year_writes_the_summary_by_the_default_scheme() {
    use calamine::{Data, DataType, Reader};
    let (dir, db) = sample_db();
    let out = dir.path().join("年度考核汇总表.xlsx");
    let o = cli(&["export", "assessment", "--db", &db_arg(&db), "--period", "2025", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已导出"), "{}", stdout(&o));
    let services = dir.path().join("服务台账.xlsx");
    let o = cli(&["export", "services", "--db", &db_arg(&db), "--period", "2025", "--out", services.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    // The service ledger's days per expert name.
    let mut ledger_book: calamine::Xlsx<_> = calamine::open_workbook(&services).unwrap();
    let range = ledger_book.worksheet_range("服务台账").unwrap();
    let mut days = std::collections::HashMap::<String, f64>::new();
    for r in 3..range.height() as u32 {
        // The 序号 first, then 科技专员; 服务天数 is the eighth column.
        if let (Some(Data::String(name)), Some(Data::Float(d))) = (range.get_value((r, 1)), range.get_value((r, 7))) {
            if name.starts_with("合计") {
                continue;
            }
            *days.entry(name.clone()).or_default() += d;
        }
    }

    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["考核汇总", "考核办法"]);
    let sheet = book.worksheet_range("考核汇总").unwrap();
    let title = sheet.get_value((0, 0)).map(|d| d.to_string()).unwrap_or_default();
    assert!(title.ends_with("科技专员年度考核汇总表（2025（2025-01-01至2025-12-31））"), "{title}");
    let ledger = ledger_core::Ledger::open(&db).unwrap();
    let active: i64 = ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM experts WHERE deleted_at IS NULL", [], |r| r.get(0))?))
        .unwrap();
    let mut r = 3;
    let mut listed = 0;
    let mut names = std::collections::HashSet::new();
    while let Some(Data::Float(_)) = sheet.get_value((r, 0)) {
        let name = sheet.get_value((r, 1)).unwrap().to_string();
        let points: f64 = (0..5).map(|i| sheet.get_value((r, 4 + 2 * i)).unwrap().get_float().unwrap()).sum();
        let total = sheet.get_value((r, 14)).unwrap().get_float().unwrap();
        assert!(
            (total - (points.clamp(0.0, 100.0) * 100.0).round() / 100.0).abs() < 1e-9,
            "{name}: {total} vs {points}"
        );
        let served = sheet.get_value((r, 3)).unwrap().get_float().unwrap();
        // Names can repeat in the sample; compare the ones that do not.
        if names.insert(name.clone()) {
            let expected = days.get(&name).copied().unwrap_or(0.0);
            assert!(served <= expected + 1e-9, "{name}: {served} > {expected}");
        }
        listed += 1;
        r += 1;
    }
    assert!(listed > 10 && listed <= active, "{listed} of {active}");
    assert_eq!(sheet.get_value((r, 1)), Some(&Data::String("合计".into())), "beside the 序号");
    // 合计 of 服务天数 is the service ledger's total for the listed experts, i.e. every record of a live expert.
    let in_bin: f64 = ledger
        .database()
        .read(|c| {
            Ok(c.query_row(
                "SELECT TOTAL(s.service_days) FROM service_records s JOIN experts e ON e.id = s.expert_id
                 WHERE s.deleted_at IS NULL AND e.deleted_at IS NOT NULL AND s.start_date BETWEEN '2025-01-01' AND '2025-12-31'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let total_days: f64 = days.values().sum();
    let summed = sheet.get_value((r, 3)).unwrap().get_float().unwrap();
    assert!((summed - (total_days - in_bin)).abs() < 1e-6, "{summed} vs {total_days} − {in_bin}");
    assert!(partial_files(dir.path()).is_empty());

    let o = cli(&["export", "assessment", "--db", &db_arg(&db), "--period", "2025", "--unit", "x", "--out", "a.xlsx"]);
    assert!(!o.status.success() && stderr(&o).contains("--unit"), "{}", stderr(&o));
    let o =
        cli(&["export", "assessment-sheets", "--db", &db_arg(&db), "--period", "明年", "--out", out.to_str().unwrap()]);
    assert!(!o.status.success(), "an unknown period is refused");
    assert!(out.is_file(), "the earlier file stays");
}
