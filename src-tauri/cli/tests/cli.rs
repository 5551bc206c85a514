//! `ledger-cli` as scripts use it: exit codes, human and JSON output, and nothing half-written on errors.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ledger-cli"))
        .args(args)
        .env_remove(ledger_core::paths::DATA_DIR_ENV)
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
    for sub in ["init", "sample", "check"] {
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
        .env(ledger_core::paths::DATA_DIR_ENV, dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join(ledger_core::paths::DB_FILE_NAME).is_file());
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
    let o = cli(&["sample", "--db", &db_arg(&db), "--seed", "7", "--scale", "small", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let experts = v["counts"]["experts"].as_u64().unwrap();
    let services = v["counts"]["service_records"].as_u64().unwrap();
    assert!((40..=60).contains(&experts), "{v}");
    assert!((2_500..=3_500).contains(&services), "{v}");

    let check = cli(&["check", "--db", &db_arg(&db)]);
    assert!(check.status.success(), "{}{}", stdout(&check), stderr(&check));
    assert!(stdout(&check).contains("passed"));

    let again = cli(&["sample", "--db", &db_arg(&db), "--seed", "7"]);
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
