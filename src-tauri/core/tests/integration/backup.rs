//! 数据安全: backups (consistent, verified, rotated, never filling the disk), restore (checked first, the current
//! database kept), the start-up checks, the hooks (daily, before a migration, before an import) and moving the data
//! folder.

use crate::common;

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Datelike, Duration, Local, NaiveDate, TimeZone, Weekday};
use ledger_core::clock::Clock;
use ledger_core::data_folder::backup::{self, BackupOutcome, BackupPolicy, FreeSpace, Retention, SPACE_MARGIN};
use ledger_core::model::*;
use ledger_core::storage::crypto::Secret;
use ledger_core::storage::migrations::{self, LATEST_VERSION};
use ledger_core::{data_folder::paths, CoreError, ErrorCode, Ledger};
use rusqlite::{Connection, OpenFlags};

/// A clock the test moves by hand.
#[derive(Clone)]
struct TestClock(Arc<Mutex<DateTime<Local>>>);

impl TestClock {
    fn at(date: NaiveDate, hour: u32) -> Self {
        let clock = Self(Arc::new(Mutex::new(Local::now())));
        clock.set(date, hour);
        clock
    }

    fn set(&self, date: NaiveDate, hour: u32) {
        let t = Local.from_local_datetime(&date.and_hms_opt(hour, 0, 0).unwrap()).earliest().unwrap();
        *self.0.lock().unwrap() = t;
    }
}

/// A disk whose free space the test sets.
#[derive(Clone)]
struct TestDisk(Arc<AtomicU64>);

impl TestDisk {
    fn roomy() -> Self {
        Self(Arc::new(AtomicU64::new(u64::MAX / 2)))
    }

    fn set(&self, bytes: u64) {
        self.0.store(bytes, Ordering::SeqCst);
    }
}

impl FreeSpace for TestDisk {
    fn available(&self, _folder: &Path) -> std::io::Result<u64> {
        Ok(self.0.load(Ordering::SeqCst))
    }
}

fn policy(clock: &TestClock, disk: &TestDisk) -> BackupPolicy {
    let c = clock.clone();
    BackupPolicy {
        clock: Clock::new(move || *c.0.lock().unwrap()),
        free_space: Arc::new(disk.clone()),
        retention: Retention::default(),
        daily_at_open: true,
        check_at_open: true,
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A file ledger in `dir` with experts (some removed physically, so the tables' rowids have gaps) and enterprises.
fn filled(dir: &Path, policy: BackupPolicy) -> Ledger {
    let ledger = Ledger::open_with(&dir.join(paths::DB_FILE_NAME), policy).unwrap();
    for i in 0..30u32 {
        let name = if i % 2 == 0 { format!("欧阳建国{i}") } else { format!("司马光明{i}") };
        ledger.create_expert(&common::expert(&name, Some(&format!("1380000{i:04}")))).unwrap();
        ledger.create_enterprise(&common::enterprise(&format!("杭州新材料科技{i}有限公司"), i + 1)).unwrap();
    }
    common::exec(&ledger, "DELETE FROM experts WHERE name IN ('欧阳建国2', '司马光明5', '欧阳建国10');");
    ledger
}

fn names_found(ledger: &Ledger, search: &str) -> Vec<String> {
    let query = ExpertQuery { search: Some(search.into()), page_size: 100, ..Default::default() };
    let mut names: Vec<String> = ledger.list_experts(&query).unwrap().items.into_iter().map(|r| r.name).collect();
    names.sort();
    names
}

/// Row counts of every table of a database file.
fn table_counts(path: &Path) -> Vec<(String, i64)> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let n = conn.query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get(0)).unwrap();
            (t, n)
        })
        .collect()
}

fn db_size(ledger: &Ledger) -> u64 {
    ledger
        .database()
        .read(|c| {
            let pages: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            let size: i64 = c.query_row("PRAGMA page_size", [], |r| r.get(0))?;
            Ok((pages * size) as u64)
        })
        .unwrap()
}

fn reasons(ledger: &Ledger) -> Vec<BackupReason> {
    ledger.list_backups().unwrap().into_iter().map(|b| b.reason).collect()
}

fn partials(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries.flatten().map(|e| e.path()).filter(|p| p.to_string_lossy().contains("partial")).collect()
}

/// Writes `len` bytes of garbage at `offset` of a file.
fn scribble(path: &Path, offset: u64, len: usize) {
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(offset)).unwrap();
    let garbage: Vec<u8> = (0..len).map(|i| (i * 7919 % 251) as u8).collect();
    f.write_all(&garbage).unwrap();
    f.sync_all().unwrap();
}

/// The database inside a backup archive, extracted (every sum checked) into a folder of its own.
struct Extracted {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl std::ops::Deref for Extracted {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

fn db_of(backup: impl AsRef<Path>) -> Extracted {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(paths::DB_FILE_NAME);
    backup::extract_database(backup.as_ref(), &path).unwrap();
    Extracted { _dir: dir, path }
}

fn set_user_version(path: &Path, version: i64) {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "user_version", version).unwrap();
}

#[test]
fn a_backup_equals_its_source_is_verified_and_its_search_index_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let ledger = filled(dir.path(), policy(&clock, &TestDisk::roomy()));
    let usb = dir.path().join("U盘");
    std::fs::create_dir(&usb).unwrap();

    let entry = ledger.backup_now(Some(&usb)).unwrap();
    let path = PathBuf::from(&entry.path);
    assert_eq!(path.parent().unwrap(), usb);
    assert_eq!(entry.file_name, "ledger-20260302-090000-manual-s1.zip");
    assert_eq!(entry.reason, BackupReason::Manual);
    assert_eq!(entry.schema_version as i64, LATEST_VERSION);
    assert_eq!(entry.size_bytes, std::fs::metadata(&path).unwrap().len());
    assert!(partials(&usb).is_empty());

    // The same rows in every table, and a database that passes the full check on its own (no -wal beside it needed).
    let inside = db_of(&path);
    assert_eq!(table_counts(&inside), table_counts(&dir.path().join(paths::DB_FILE_NAME)));
    let header = std::fs::read(&*inside).unwrap();
    assert_eq!((header[18], header[19]), (1, 1), "a single-file database, not WAL");
    assert!(ledger_core::storage::integrity::check_file(&inside).unwrap().ok);

    // The FTS5 trigram index (keyed by rowid) answers the same in the copy: pages were copied, rowids kept.
    let copy_dir = dir.path().join("copy");
    std::fs::create_dir(&copy_dir).unwrap();
    std::fs::copy(&*inside, copy_dir.join(paths::DB_FILE_NAME)).unwrap();
    let copy = Ledger::open_with(&copy_dir.join(paths::DB_FILE_NAME), policy(&clock, &TestDisk::roomy())).unwrap();
    for search in ["欧阳建", "司马光明1", "138000000"] {
        let found = names_found(&ledger, search);
        assert!(!found.is_empty(), "{search}");
        assert_eq!(names_found(&copy, search), found, "{search}");
    }
    for fts in ["experts_fts", "enterprises_fts"] {
        copy.database()
            .write(|tx| Ok(tx.execute(&format!("INSERT INTO {fts}({fts}) VALUES('integrity-check')"), [])?))
            .unwrap_or_else(|e| panic!("{fts} agrees with its table in the copy: {e}"));
    }
}

#[test]
fn the_free_space_must_exceed_twice_the_database_plus_a_margin() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let disk = TestDisk::roomy();
    let ledger = filled(dir.path(), policy(&clock, &disk));
    let needed = 2 * db_size(&ledger) + SPACE_MARGIN;

    disk.set(needed);
    let err = ledger.backup_now(None).unwrap_err();
    assert_eq!(err.code(), "insufficient_space");
    assert!(err.message_zh().contains("空间不足"), "{}", err.message_zh());
    assert!(ledger.list_backups().unwrap().is_empty());
    assert!(partials(&backup::backups_dir(&dir.path().join(paths::DB_FILE_NAME))).is_empty());
    match ledger.backup_before(BackupReason::Migration).unwrap() {
        BackupOutcome::Skipped(notice) => {
            assert_eq!(notice.reason, BackupReason::Migration);
            assert_eq!(notice.code, "insufficient_space");
        }
        other => panic!("skipped, not {other:?}"),
    }
    assert!(matches!(ledger.daily_backup(), BackupOutcome::Skipped(_)));
    assert_eq!(ledger.take_backup_notices().len(), 2, "both skips are kept for the UI");
    assert!(ledger.take_backup_notices().is_empty(), "taking them clears them");
    assert!(ledger.list_backups().unwrap().is_empty());

    disk.set(needed + 1);
    assert_eq!(ledger.backup_now(None).unwrap().reason, BackupReason::Manual);
    assert!(matches!(ledger.daily_backup(), BackupOutcome::Made(_)));
}

#[test]
fn an_import_goes_on_without_its_backup_when_space_is_short_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let disk = TestDisk::roomy();
    let ledger = filled(dir.path(), policy(&clock, &disk));
    let roster = |n: u32| {
        let path = dir.path().join(format!("roster{n}.csv"));
        std::fs::write(
            &path,
            format!("姓名,职称,手机号码\n新专员甲{n},正高,1390000{n:04}\n新专员乙{n},副高,1390001{n:04}\n"),
        )
        .unwrap();
        ImportRequest { path: path.to_string_lossy().into_owned(), kind: ImportKind::Experts, ..Default::default() }
    };
    let commit = |req: &ImportRequest| {
        let plan = ledger.import_preview(req).unwrap();
        ledger.import_commit(&plan, &mut |_, _| {}, &AtomicBool::new(false)).unwrap()
    };

    disk.set(1024);
    let before = common::rows(&ledger, "experts");
    assert_eq!(commit(&roster(1)).imported, 2, "the import is not blocked");
    assert_eq!(common::rows(&ledger, "experts"), before + 2);
    assert!(ledger.list_backups().unwrap().is_empty());
    let notices = ledger.take_backup_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!((notices[0].reason, notices[0].code.as_str()), (BackupReason::Import, "insufficient_space"));
    assert!(notices[0].message.contains("导入前备份"), "{}", notices[0].message);

    disk.set(u64::MAX / 2);
    commit(&roster(2));
    let backups = ledger.list_backups().unwrap();
    assert_eq!(reasons(&ledger), [BackupReason::Import]);
    let inside = db_of(&backups[0].path);
    let conn = Connection::open_with_flags(&*inside, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let in_backup: i64 = conn.query_row("SELECT COUNT(*) FROM experts", [], |r| r.get(0)).unwrap();
    assert_eq!(in_backup, before + 2, "the backup holds the database as it was before the import");
    assert!(ledger.take_backup_notices().is_empty());
}

#[test]
fn rotation_keeps_the_last_14_daily_8_weekly_and_12_monthly_backups() {
    let dir = tempfile::tempdir().unwrap();
    let start = day(2026, 1, 1);
    let clock = TestClock::at(start, 8);
    let ledger = filled(dir.path(), policy(&clock, &TestDisk::roomy()));
    // 120 days; some days the app is not opened (so some weeks start on a Tuesday or a Wednesday).
    let mut opened = Vec::new();
    for offset in 0..120 {
        let date = start + Duration::days(offset);
        if offset % 9 == 4 || (date.weekday() == Weekday::Mon && offset % 3 == 0) {
            continue;
        }
        clock.set(date, 8);
        assert!(matches!(ledger.daily_backup(), BackupOutcome::Made(_)), "{date}");
        clock.set(date, 17);
        assert_eq!(ledger.daily_backup(), BackupOutcome::NotNeeded, "once a day: {date}");
        opened.push(date);
    }
    // The model: the first opening of a month is its monthly backup, the first other one of an ISO week its weekly
    // backup, the others daily ones.
    let mut monthly: Vec<NaiveDate> = Vec::new();
    let mut weekly: Vec<NaiveDate> = Vec::new();
    let mut daily = Vec::new();
    for date in &opened {
        if monthly.last().is_none_or(|m| (m.year(), m.month()) != (date.year(), date.month())) {
            monthly.push(*date);
        } else if weekly.last().is_none_or(|w| w.iso_week() != date.iso_week()) {
            weekly.push(*date);
        } else {
            daily.push(*date);
        }
    }
    let kept = |reason: BackupReason| -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = ledger
            .list_backups()
            .unwrap()
            .into_iter()
            .filter(|b| b.reason == reason)
            .map(|b| NaiveDate::parse_from_str(&b.file_name[7..15], "%Y%m%d").unwrap())
            .collect();
        dates.sort();
        dates
    };
    assert_eq!(kept(BackupReason::Daily), daily[daily.len() - 14..]);
    assert_eq!(kept(BackupReason::Weekly), weekly[weekly.len() - 8..]);
    assert_eq!(kept(BackupReason::Monthly), monthly, "four months: every monthly backup is kept");
    assert_eq!(monthly.len(), 4);
    assert_eq!(ledger.list_backups().unwrap().len(), 26, "nothing else is left in backups/");

    // Event backups are bounded too.
    for _ in 0..13 {
        ledger.backup_now(None).unwrap();
    }
    assert_eq!(reasons(&ledger).iter().filter(|r| **r == BackupReason::Manual).count(), Retention::default().per_event);
    let entries = std::fs::read_dir(backup::backups_dir(&dir.path().join(paths::DB_FILE_NAME))).unwrap().count();
    assert_eq!(entries, 26 + Retention::default().per_event);
}

#[test]
fn the_daily_backup_is_made_once_a_day_when_the_ledger_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(paths::DB_FILE_NAME);
    let monday = day(2026, 3, 2);
    let clock = TestClock::at(monday, 8);
    let disk = TestDisk::roomy();
    drop(filled(dir.path(), policy(&clock, &disk)));
    assert!(backup::list_backups(dir.path()).unwrap().is_empty(), "a new database is not backed up");

    let open = || Ledger::open_with(&db, policy(&clock, &disk)).unwrap();
    drop(open());
    assert_eq!(reasons(&open()), [BackupReason::Monthly], "the first of the month (a Monday too), once");
    clock.set(monday, 20);
    assert_eq!(reasons(&open()).len(), 1, "still once on the same day");
    clock.set(monday + Duration::days(1), 7);
    let ledger = open();
    assert_eq!(reasons(&ledger), [BackupReason::Weekly, BackupReason::Monthly], "then the first of the week");
    assert_eq!(ledger.list_backups().unwrap()[0].file_name, "ledger-20260303-070000-weekly-s2.zip");
    drop(ledger);
    clock.set(monday + Duration::days(2), 7);
    let ledger = open();
    assert_eq!(reasons(&ledger), [BackupReason::Daily, BackupReason::Weekly, BackupReason::Monthly]);
    drop(ledger);

    // A shell that runs the day's backup on a worker thread opens without it, then asks for it.
    clock.set(monday + Duration::days(3), 7);
    let ledger = Ledger::open_with(&db, BackupPolicy { daily_at_open: false, ..policy(&clock, &disk) }).unwrap();
    assert_eq!(reasons(&ledger).len(), 3);
    assert!(matches!(ledger.daily_backup(), BackupOutcome::Made(ref b) if b.reason == BackupReason::Daily));
}

#[test]
fn an_older_database_is_backed_up_at_its_version_before_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(paths::DB_FILE_NAME);
    let old = LATEST_VERSION - 2;
    {
        let mut conn = Connection::open(&db).unwrap();
        migrations::migrate_to(&mut conn, old).unwrap();
        conn.execute_batch(
            "INSERT INTO organizations (id, name, kind, created_at, updated_at)
             VALUES ('o1', '浙江大学', 'university', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')",
        )
        .unwrap();
    }
    let clock = TestClock::at(day(2026, 3, 4), 10);
    let ledger = Ledger::open_with(&db, policy(&clock, &TestDisk::roomy())).unwrap();
    assert_eq!(ledger.migrated_from(), old);
    let backups = ledger.list_backups().unwrap();
    let migration: Vec<_> = backups.iter().filter(|b| b.reason == BackupReason::Migration).collect();
    assert_eq!(migration.len(), 1, "{backups:?}");
    assert_eq!(migration[0].schema_version as i64, old, "the backup holds the old version");
    let inside = db_of(&migration[0].path);
    let conn = Connection::open_with_flags(&*inside, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    assert_eq!(migrations::current_version(&conn).unwrap(), old);
    let units: i64 = conn.query_row("SELECT COUNT(*) FROM organizations", [], |r| r.get(0)).unwrap();
    assert_eq!(units, 1);
    assert!(ledger_core::storage::integrity::check(&conn)
        .unwrap()
        .problems
        .iter()
        .all(|p| p.contains("schema version")));
    drop(ledger);

    // When space is short the migration still runs, and the skip is told.
    let other = tempfile::tempdir().unwrap();
    let db = other.path().join(paths::DB_FILE_NAME);
    migrations::migrate_to(&mut Connection::open(&db).unwrap(), old).unwrap();
    let disk = TestDisk::roomy();
    disk.set(0);
    let ledger = Ledger::open_with(&db, policy(&clock, &disk)).unwrap();
    assert_eq!(ledger.app_info().unwrap().schema_version as i64, LATEST_VERSION);
    let reasons: Vec<_> = ledger.take_backup_notices().into_iter().map(|n| n.reason).collect();
    assert_eq!(reasons, [BackupReason::Migration, BackupReason::Monthly]);
}

#[test]
fn restore_brings_the_data_back_after_keeping_the_current_database() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let ledger = filled(dir.path(), policy(&clock, &TestDisk::roomy()));
    let experts = common::rows(&ledger, "experts");
    let saved = ledger.backup_now(None).unwrap();

    clock.set(day(2026, 3, 3), 9);
    ledger.create_expert(&common::expert("诸葛新来", Some("13912345678"))).unwrap();
    common::exec(&ledger, "DELETE FROM experts WHERE name = '欧阳建国4'");
    assert_eq!(common::rows(&ledger, "experts"), experts);
    assert!(names_found(&ledger, "欧阳建国4").is_empty());

    let report = ledger.restore_backup(Path::new(&saved.path)).unwrap();
    assert_eq!(report.restored_from, saved.path);
    assert_eq!(report.schema_version as i64, LATEST_VERSION);
    assert_eq!(common::rows(&ledger, "experts"), experts);
    assert_eq!(names_found(&ledger, "欧阳建国4"), ["欧阳建国4"], "the reader and the search see the restored data");
    assert!(names_found(&ledger, "诸葛新来").is_empty());

    // The database as it was before the restore was kept, and holds the expert added since the backup.
    let safety = report.safety_backup.expect("a 恢复前备份");
    assert_eq!(safety.reason, BackupReason::Restore);
    let inside = db_of(&safety.path);
    let conn = Connection::open_with_flags(&*inside, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let kept: i64 = conn.query_row("SELECT COUNT(*) FROM experts WHERE name = '诸葛新来'", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, 1);

    // The restored ledger takes writes, and a backup of an older schema is migrated as it comes in.
    ledger.create_expert(&common::expert("恢复之后", Some("13912345679"))).unwrap();
    let older = dir.path().join("older.sqlite3");
    migrations::migrate_to(&mut Connection::open(&older).unwrap(), LATEST_VERSION - 1).unwrap();
    let report = ledger.restore_backup(&older).unwrap();
    assert_eq!(report.from_schema_version as i64, LATEST_VERSION - 1);
    assert_eq!(report.schema_version as i64, LATEST_VERSION);
    assert_eq!(common::rows(&ledger, "experts"), 0);
    assert!(ledger.check_integrity().unwrap().ok);
    assert!(partials(&backup::backups_dir(&dir.path().join(paths::DB_FILE_NAME))).is_empty());
}

#[test]
fn restore_refuses_a_damaged_a_foreign_and_a_newer_file_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let ledger = filled(dir.path(), policy(&clock, &TestDisk::roomy()));
    let good = PathBuf::from(ledger.backup_now(None).unwrap().path);
    ledger.create_expert(&common::expert("未备份的人", Some("13912345678"))).unwrap();

    let damaged = dir.path().join("damaged.sqlite3");
    std::fs::copy(&good, &damaged).unwrap();
    let len = std::fs::metadata(&damaged).unwrap().len();
    scribble(&damaged, 4096 * 2, (len / 2 - 4096 * 2) as usize);

    let foreign = dir.path().join("other-program.sqlite3");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x');")
        .unwrap();
    let numbered = dir.path().join("numbered-but-foreign.sqlite3");
    Connection::open(&numbered).unwrap().execute_batch("CREATE TABLE experts (x); PRAGMA user_version = 3;").unwrap();

    let newer = dir.path().join("newer.sqlite3");
    backup::extract_database(&good, &newer).unwrap();
    set_user_version(&newer, LATEST_VERSION + 1);

    let text = dir.path().join("notes.sqlite3");
    std::fs::write(&text, "这不是数据库 this is not a database".repeat(200)).unwrap();

    let before = table_counts(&dir.path().join(paths::DB_FILE_NAME));
    let backups_before = ledger.list_backups().unwrap();
    for (file, code) in [
        (&damaged, "damaged_file"),
        (&foreign, "not_a_ledger"),
        (&numbered, "not_a_ledger"),
        (&newer, "schema_too_new"),
        (&text, "damaged_file"),
    ] {
        let bytes = std::fs::read(file).unwrap();
        let err = ledger.restore_backup(file).unwrap_err();
        assert_eq!(err.code(), code, "{}: {err}", file.display());
        assert!(!err.message_zh().is_empty() && !err.message_en().is_empty());
        if code != "schema_too_new" {
            assert!(err.message_zh().contains("未做任何更改"), "{}", err.message_zh());
        }
        assert_eq!(ledger.database().read(|c| Ok(table_counts_conn(c))).unwrap(), before, "{}", file.display());
        assert_eq!(ledger.list_backups().unwrap(), backups_before, "no 恢复前备份 was made for a refused file");
        assert!(partials(&backup::backups_dir(&dir.path().join(paths::DB_FILE_NAME))).is_empty());
        assert!(std::fs::read(file).unwrap() == bytes, "the file restored from is only read");
    }
    assert_eq!(names_found(&ledger, "未备份的人"), ["未备份的人"]);
    let err = ledger.restore_backup(&dir.path().join("missing.sqlite3")).unwrap_err();
    assert_eq!(err.code(), "io");
    let err = ledger.restore_backup(&dir.path().join(paths::DB_FILE_NAME)).unwrap_err();
    assert_eq!(err.code(), "validation", "the database in use itself");
}

fn table_counts_conn(conn: &Connection) -> Vec<(String, i64)> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let n = conn.query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get(0)).unwrap();
            (t, n)
        })
        .collect()
}

#[test]
fn a_damaged_database_is_refused_at_open_untouched_and_recovered_from_the_newest_good_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(paths::DB_FILE_NAME);
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let disk = TestDisk::roomy();
    let experts;
    {
        let ledger = filled(dir.path(), policy(&clock, &disk));
        experts = common::rows(&ledger, "experts");
        ledger.backup_now(None).unwrap();
        clock.set(day(2026, 3, 2), 10);
        let newest = ledger.backup_now(None).unwrap();
        // The newest backup is damaged too: the start-up screen must offer the one before.
        scribble(Path::new(&newest.path), 4096, 4096 * 3);
    }
    let len = std::fs::metadata(&db).unwrap().len();
    assert!(len > 8 * 4096);
    scribble(&db, 4096 * 2, (len / 2) as usize - 4096 * 2);
    let bytes = std::fs::read(&db).unwrap();
    let backups = backup::list_backups(dir.path()).unwrap();

    clock.set(day(2026, 3, 3), 9);
    let err = Ledger::open_with(&db, policy(&clock, &disk)).err().expect("a damaged file is refused");
    assert!(matches!(err, CoreError::Integrity(_)), "{err}");
    assert_eq!(err.code(), "integrity");
    assert!(err.message_zh().contains("从备份恢复") && err.message_en().contains("restore it from a backup"));
    let after = std::fs::read(&db).unwrap();
    assert!(after == bytes, "nothing was written to the damaged file");
    assert_eq!(backup::list_backups(dir.path()).unwrap(), backups, "no backup of a damaged file");

    let good = backup::newest_good_backup(dir.path()).unwrap().expect("a good backup");
    assert_eq!(good.file_name, "ledger-20260302-090000-manual-s1.zip");

    let (ledger, report) = Ledger::recover_with(&db, Path::new(&good.path), policy(&clock, &disk)).unwrap();
    assert_eq!(common::rows(&ledger, "experts"), experts);
    assert!(ledger.check_integrity().unwrap().ok);
    let kept = report.safety_backup.expect("the damaged file is kept");
    assert_eq!(kept.reason, BackupReason::Damaged);
    assert!(std::fs::read(&kept.path).unwrap() == bytes, "kept byte for byte");
    assert!(!reasons(&ledger).is_empty());
    assert!(backup::newest_good_backup(dir.path()).unwrap().is_some());
}

#[test]
fn a_database_from_a_newer_app_is_refused_at_open_and_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(paths::DB_FILE_NAME);
    {
        let mut conn = Connection::open(&db).unwrap();
        migrations::migrate(&mut conn).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
    }
    let bytes = std::fs::read(&db).unwrap();
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let err = Ledger::open_with(&db, policy(&clock, &TestDisk::roomy())).err().expect("refused");
    assert!(
        matches!(err, CoreError::SchemaTooNew { found, supported } if found == LATEST_VERSION + 1 && supported == LATEST_VERSION)
    );
    assert!(err.message_zh().contains("请升级程序"));
    assert!(std::fs::read(&db).unwrap() == bytes, "not touched, not even switched to WAL");
    assert!(!backup::backups_dir(&db).exists(), "no backup, no migration");
}

#[test]
fn the_data_folder_moves_with_its_attachments_and_the_location_file_is_honoured() {
    let root = tempfile::tempdir().unwrap();
    let old_dir = root.path().join("旧数据");
    std::fs::create_dir(&old_dir).unwrap();
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let ledger = filled(&old_dir, policy(&clock, &TestDisk::roomy()));
    let experts = common::rows(&ledger, "experts");
    let found = names_found(&ledger, "欧阳建");
    let files = [
        ("attachments/2026/a.pdf", vec![1u8; 70_000]),
        ("attachments/2025/b 照片.jpg", vec![2u8; 1234]),
        // An orphan moved aside by 整理孤立附件 goes along too: it is kept to be recovered by hand.
        ("attachments-orphaned/2026-03-01/2024/c.png", vec![3u8; 99]),
    ];
    for (name, bytes) in &files {
        let path = old_dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let location = root.path().join("config/cn.stledger.desktop/data-location.json");

    // Refused targets: the folder itself, inside it, a folder with files.
    let busy = root.path().join("有文件");
    std::fs::create_dir(&busy).unwrap();
    std::fs::write(busy.join("x.txt"), "x").unwrap();
    for bad in [old_dir.clone(), old_dir.join("sub"), busy] {
        let err = ledger.move_data_folder_with(&bad, &location).unwrap_err();
        assert_eq!(err.code(), "validation", "{}", bad.display());
    }
    assert!(!location.exists());

    let new_dir = root.path().join("新位置/台账数据");
    let report = ledger.move_data_folder_with(&new_dir, &location).unwrap();
    assert_eq!(report.to, new_dir.display().to_string());
    assert_eq!((report.attachment_files, report.attachment_bytes), (2, 71_234));
    for (name, bytes) in &files {
        assert_eq!(&std::fs::read(new_dir.join(name)).unwrap(), bytes, "{name}");
        assert!(old_dir.join(name).is_file(), "the old folder is left as it was");
    }
    assert_eq!(
        table_counts(&new_dir.join(paths::DB_FILE_NAME)),
        table_counts(&old_dir.join(paths::DB_FILE_NAME)),
        "the database copy has every row"
    );
    // This ledger takes no more writes: they would be lost at the new place.
    let err = ledger.create_expert(&common::expert("迁移之后", Some("13912345678"))).unwrap_err();
    assert_eq!(err.code(), "data_folder_moved");
    drop(ledger);

    // The location file names the new folder; LEDGER_DATA_DIR still wins over it (a blank one counts as unset).
    let default = root.path().join("default");
    std::env::remove_var(paths::DATA_DIR_ENV);
    assert_eq!(paths::data_dir_with(&default, Some(&location)), new_dir);
    assert_eq!(paths::data_dir_with(&default, None), default);
    assert_eq!(paths::data_dir_with(&default, Some(&root.path().join("no-such.json"))), default);
    std::env::set_var(paths::DATA_DIR_ENV, root.path().join("env"));
    assert_eq!(paths::data_dir_with(&default, Some(&location)), root.path().join("env"));
    std::env::set_var(paths::DATA_DIR_ENV, "");
    assert_eq!(paths::data_dir_with(&default, Some(&location)), new_dir);
    std::env::remove_var(paths::DATA_DIR_ENV);

    let moved = Ledger::open_with(&paths::db_path(&new_dir), policy(&clock, &TestDisk::roomy())).unwrap();
    assert_eq!(common::rows(&moved, "experts"), experts);
    assert_eq!(names_found(&moved, "欧阳建"), found);
    moved.create_expert(&common::expert("迁移之后", Some("13912345678"))).unwrap();
}

#[test]
fn a_database_with_a_rollback_journal_left_by_a_crash_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(paths::DB_FILE_NAME);
    {
        // A single-file (rollback-journal) ledger, as a restored backup is before its first opening.
        let mut conn = Connection::open(&db).unwrap();
        migrations::migrate(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO organizations (id, name, kind, created_at, updated_at)
             VALUES ('o1', '浙江大学', 'university', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')",
        )
        .unwrap();
    }
    // The files as a crash in the middle of a transaction leaves them: the database and its hot journal.
    let crashed = dir.path().join("crashed");
    std::fs::create_dir(&crashed).unwrap();
    {
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA cache_size = 1; BEGIN; UPDATE organizations SET name = '半截的修改';").unwrap();
        conn.execute_batch(
            &"INSERT INTO settings (key, value) VALUES ('k', 'v'); DELETE FROM settings WHERE key = 'k';".repeat(50),
        )
        .unwrap();
        std::fs::copy(&db, crashed.join(paths::DB_FILE_NAME)).unwrap();
        let journal = dir.path().join(format!("{}-journal", paths::DB_FILE_NAME));
        assert!(journal.is_file(), "a rollback journal during the transaction");
        std::fs::copy(&journal, crashed.join(format!("{}-journal", paths::DB_FILE_NAME))).unwrap();
    }
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let ledger = Ledger::open_with(&crashed.join(paths::DB_FILE_NAME), policy(&clock, &TestDisk::roomy())).unwrap();
    let name: String =
        ledger.database().read(|c| Ok(c.query_row("SELECT name FROM organizations", [], |r| r.get(0))?)).unwrap();
    assert_eq!(name, "浙江大学", "the unfinished transaction was rolled back");
    assert!(ledger.check_integrity().unwrap().ok);
}

// ---------------------------------------------------------------------------------------------------------------
// Backups that keep everything: attachments inside, sums checked, sequence order, a missing database, partial
// files.

/// A visit of a new expert at a new enterprise, to own attachments.
fn a_visit(ledger: &Ledger) -> String {
    let x = ledger.create_expert(&common::expert("附件专员", None)).unwrap();
    let f = ledger.create_enterprise(&common::enterprise("宁波附件机械有限公司", 99)).unwrap().record;
    let input = VisitInput {
        visit_date: "2026-03-01".into(),
        enterprise_id: f.id,
        expert_ids: vec![x.id],
        mode: Some(VisitMode::OnSite),
        ..Default::default()
    };
    ledger.create_visit(&input).unwrap().id
}

/// `n` bytes of a pattern of its own for each seed (no 64 bytes of one appear in another's).
fn bytes_of(n: usize, seed: u8) -> Vec<u8> {
    let step = 31 * (2 * seed as u32 + 1);
    (0..n).map(|i| (i as u32 * step + seed as u32) as u8).collect()
}

fn sha_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn stored_path(ledger: &Ledger, id: &str) -> String {
    ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT stored_path FROM attachments WHERE id = ?1", [id], |r| r.get(0))?))
        .unwrap()
}

/// Every file under `dir`, recursively, relative to it, with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// A ledger with a visit and four attachments: a photo and a PDF, a text file in the recycle bin (its file stays),
/// and a scan whose file was lost from the data folder. Returns the ledger and the attachments.
fn with_attachments(dir: &Path, policy: BackupPolicy) -> (Ledger, Vec<Attachment>) {
    let ledger = filled(dir, policy);
    let visit = a_visit(&ledger);
    let add =
        |name: &str, bytes: Vec<u8>| ledger.add_attachment(AttachmentOwnerKind::Visit, &visit, name, &bytes).unwrap();
    let photo = add("现场照片.jpg", bytes_of(300_000, 1));
    let pdf = add("确认单（盖章）.pdf", bytes_of(120_000, 2));
    let note = add("备注.txt", "走访记录".repeat(100).into_bytes());
    let lost = add("丢失的扫描件.png", bytes_of(5_000, 3));
    ledger.remove_attachment(&note.id).unwrap();
    std::fs::remove_file(dir.join(stored_path(&ledger, &lost.id))).unwrap();
    (ledger, vec![photo, pdf, note, lost])
}

#[test]
fn a_backup_holds_the_attachments_with_a_manifest_of_sums_and_restores_them_on_another_pc() {
    use ledger_core::data_folder::archive::{self, MemberKind};
    let root = tempfile::tempdir().unwrap();
    let pc1 = root.path().join("电脑一/数据");
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let (ledger, files) = with_attachments(&pc1, policy(&clock, &TestDisk::roomy()));
    let [photo, pdf, note, lost] = [&files[0], &files[1], &files[2], &files[3]];
    let usb = root.path().join("U盘");
    std::fs::create_dir(&usb).unwrap();

    let entry = ledger.backup_now(Some(&usb)).unwrap();
    assert_eq!(entry.attachment_files, 3, "the photo, the PDF and the file of the attachment in the recycle bin");
    assert_eq!(entry.missing_files, [stored_path(&ledger, &lost.id)], "the lost scan is reported");
    let path = PathBuf::from(&entry.path);
    assert!(archive::is_archive(&path));
    assert!(partials(&usb).is_empty());

    // The manifest lists the database and every attachment file with its SHA-256, and the sums hold.
    let manifest = archive::verify(&path, &path).unwrap();
    assert_eq!((manifest.format.as_str(), manifest.sequence, manifest.reason.as_str()), (archive::FORMAT, 1, "manual"));
    assert_eq!(manifest.schema_version as i64, LATEST_VERSION);
    for a in [photo, pdf, note] {
        let stored = stored_path(&ledger, &a.id);
        let member = manifest.members.iter().find(|m| m.name == stored).unwrap_or_else(|| panic!("{stored}"));
        assert_eq!(member.kind, MemberKind::Attachment);
        let on_disk = std::fs::read(pc1.join(&stored)).unwrap();
        assert_eq!((member.size, member.sha256.as_str()), (on_disk.len() as u64, sha_hex(&on_disk).as_str()));
    }
    assert_eq!(manifest.of_kind(MemberKind::Database).count(), 1);
    assert_eq!(table_counts(&db_of(&path)), table_counts(&pc1.join(paths::DB_FILE_NAME)));

    // Another PC: an empty data folder gets the database and the files, and is told of the one that is missing.
    let pc2 = root.path().join("电脑二/数据");
    let db2 = pc2.join(paths::DB_FILE_NAME);
    let (restored, report) = Ledger::recover_with(&db2, &path, policy(&clock, &TestDisk::roomy())).unwrap();
    assert_eq!(report.attachment_files, 3);
    assert_eq!(report.missing_files, [stored_path(&ledger, &lost.id)]);
    assert_eq!(report.safety_backup, None);
    for a in [photo, pdf] {
        let stored = stored_path(&ledger, &a.id);
        assert_eq!(std::fs::read(pc2.join(&stored)).unwrap(), std::fs::read(pc1.join(&stored)).unwrap());
    }
    assert_eq!(restored.attachment_bytes(&photo.id).unwrap(), bytes_of(300_000, 1), "the photo shows on PC 2");
    assert_eq!(common::rows(&restored, "experts"), common::rows(&ledger, "experts"));
    assert_eq!(restored.attachment_path(&lost.id).unwrap_err().code(), "not_found");
    drop(restored);

    // In place: a photo lost since the backup comes back; an attachment added since stays a file of the 恢复前备份.
    std::fs::remove_file(pc1.join(stored_path(&ledger, &photo.id))).unwrap();
    let visit = ledger.list_attachments(AttachmentOwnerKind::Visit, &photo.owner_id).unwrap()[0].owner_id.clone();
    let later = ledger.add_attachment(AttachmentOwnerKind::Visit, &visit, "后来的.jpg", &bytes_of(999, 9)).unwrap();
    let report = ledger.restore_backup(&path).unwrap();
    assert_eq!(report.attachment_files, 3);
    assert_eq!(report.missing_files, [stored_path(&ledger, &lost.id)]);
    assert_eq!(ledger.attachment_bytes(&photo.id).unwrap(), bytes_of(300_000, 1));
    assert_eq!(ledger.attachment_path(&later.id).unwrap_err().code(), "not_found", "not in the restored ledger");
    let safety = report.safety_backup.unwrap();
    assert_eq!(safety.attachment_files, 3, "the 恢复前备份 holds the later file (and not the lost photo)");
    assert_eq!(safety.missing_files.len(), 2);
}

#[test]
fn a_damaged_backup_is_refused_with_a_clear_error_and_nothing_is_written() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("数据");
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let (ledger, files) = with_attachments(&data, policy(&clock, &TestDisk::roomy()));
    let good = PathBuf::from(ledger.backup_now(None).unwrap().path);
    std::fs::remove_file(data.join(stored_path(&ledger, &files[1].id))).unwrap();

    // One byte of the PDF inside the archive is changed (stored, not compressed: its bytes are there as they are).
    let damaged = root.path().join("damaged.zip");
    let mut bytes = std::fs::read(&good).unwrap();
    let pdf = bytes_of(120_000, 2);
    let at = bytes.windows(64).position(|w| w == &pdf[1000..1064]).expect("the PDF's bytes in the archive");
    bytes[at + 10] ^= 0xff;
    std::fs::write(&damaged, &bytes).unwrap();
    // And one cut short.
    let cut = root.path().join("cut.zip");
    std::fs::write(&cut, &std::fs::read(&good).unwrap()[..bytes.len() / 2]).unwrap();

    let before = tree(&data);
    for file in [&damaged, &cut] {
        let err = ledger.restore_backup(file).unwrap_err();
        assert_eq!(err.code(), "damaged_file", "{}: {err}", file.display());
        assert!(
            err.message_zh().contains("已损坏") && err.message_zh().contains("未做任何更改"),
            "{}",
            err.message_zh()
        );
        assert_eq!(tree(&data), before, "nothing written: no file, no 恢复前备份, no partial file");
        let elsewhere = root.path().join("新电脑");
        let err = Ledger::recover_with(&elsewhere.join(paths::DB_FILE_NAME), file, policy(&clock, &TestDisk::roomy()))
            .err()
            .expect("refused");
        assert_eq!(err.code(), "damaged_file");
        assert!(!elsewhere.exists(), "nothing created for a refused recovery");
    }
    let err = ledger.restore_backup(&damaged).unwrap_err();
    assert!(err.message_en().contains(&stored_path(&ledger, &files[1].id)), "names the member: {err}");

    // The start-up screen never offers a damaged backup.
    std::fs::copy(
        &damaged,
        backup::backups_dir(&data.join(paths::DB_FILE_NAME)).join("ledger-20260302-100000-manual-s9.zip"),
    )
    .unwrap();
    assert_eq!(backup::newest_good_backup(&data).unwrap().unwrap().path, good.display().to_string());
}

#[test]
fn an_older_plain_database_backup_still_lists_rotates_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(paths::DB_FILE_NAME);
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let ledger = filled(dir.path(), policy(&clock, &TestDisk::roomy()));
    let experts = common::rows(&ledger, "experts");
    // A plain copy as older versions made them, named as they named them (dated after the archives to come).
    let plain = backup::backups_dir(&db).join("ledger-20270101-080000-manual.sqlite3");
    std::fs::create_dir_all(plain.parent().unwrap()).unwrap();
    let copy =
        backup::backup_file(&db, &dir.path().join("copy.sqlite3"), &policy(&clock, &TestDisk::roomy()), None).unwrap();
    assert_eq!(std::fs::read(&copy.path).unwrap()[..16], *b"SQLite format 3\0", "a .sqlite3 copy is a database");
    std::fs::rename(&copy.path, &plain).unwrap();
    assert_eq!(backup::newest_good_backup(dir.path()).unwrap().unwrap().path, plain.display().to_string());

    ledger.create_expert(&common::expert("之后加的", Some("13912345678"))).unwrap();
    let report = ledger.restore_backup(&plain).unwrap();
    assert_eq!((report.attachment_files, report.missing_files.len()), (0, 0));
    assert_eq!(common::rows(&ledger, "experts"), experts);

    // Numbered archives count as newer than the plain file (its date notwithstanding); it is the first to go.
    let listed = ledger.list_backups().unwrap();
    assert_eq!(listed.last().unwrap().path, plain.display().to_string(), "{listed:?}");
    for _ in 0..Retention::default().per_event {
        ledger.backup_now(None).unwrap();
    }
    assert!(!plain.exists(), "the oldest manual backup by sequence was the plain one");
}

/// The dates in the names of the backups of one reason, in sequence order (oldest first).
fn dates_of(ledger: &Ledger, reason: BackupReason) -> Vec<NaiveDate> {
    let mut found: Vec<BackupEntry> =
        ledger.list_backups().unwrap().into_iter().filter(|b| b.reason == reason).collect();
    found.reverse();
    found.iter().map(|b| NaiveDate::parse_from_str(&b.file_name[7..15], "%Y%m%d").unwrap()).collect()
}

#[test]
fn rotation_follows_the_sequence_so_a_wrong_clock_never_deletes_the_newest_backups() {
    let dir = tempfile::tempdir().unwrap();
    let future = day(2031, 6, 1);
    let clock = TestClock::at(future, 8);
    let ledger = filled(dir.path(), policy(&clock, &TestDisk::roomy()));
    // Three weeks with the clock five years ahead.
    for offset in 0..21 {
        clock.set(future + Duration::days(offset), 8);
        assert!(matches!(ledger.daily_backup(), BackupOutcome::Made(_)));
    }
    assert_eq!(dates_of(&ledger, BackupReason::Daily).len(), 14);

    // The clock put right: every backup made now is kept, and the future-dated ones leave in turn.
    let today = day(2026, 3, 2);
    for offset in 0..20 {
        let date = today + Duration::days(offset);
        clock.set(date, 8);
        let BackupOutcome::Made(made) = ledger.daily_backup() else { panic!("{date}: made") };
        assert!(Path::new(&made.path).is_file(), "{date}: the backup just made is kept");
        assert_eq!(ledger.list_backups().unwrap()[0], made, "{date}: listed first");
    }
    let daily = dates_of(&ledger, BackupReason::Daily);
    assert_eq!(daily.len(), 14);
    assert!(daily.iter().all(|d| d.year() == 2026), "no future-dated daily backup holds a slot: {daily:?}");
    assert_eq!(daily.last(), Some(&(today + Duration::days(19))));
    assert_eq!(dates_of(&ledger, BackupReason::Monthly), [future, today], "in sequence order");

    // A clock far behind: the backup it makes is the newest by sequence, and an older one leaves instead.
    for _ in 0..Retention::default().per_event {
        ledger.backup_now(None).unwrap();
    }
    let oldest = ledger.list_backups().unwrap().into_iter().rfind(|b| b.reason == BackupReason::Manual).unwrap();
    clock.set(day(2001, 1, 1), 8);
    let made = ledger.backup_now(None).unwrap();
    assert!(Path::new(&made.path).is_file());
    assert!(!Path::new(&oldest.path).exists(), "the oldest by sequence left");
    assert_eq!(dates_of(&ledger, BackupReason::Manual).last(), Some(&day(2001, 1, 1)));
    assert_eq!(ledger.list_backups().unwrap()[0], made);
}

#[test]
fn a_missing_database_beside_its_backups_is_a_problem_to_show_never_a_new_empty_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(paths::DB_FILE_NAME);
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let experts;
    {
        let ledger = filled(dir.path(), policy(&clock, &TestDisk::roomy()));
        experts = common::rows(&ledger, "experts");
        ledger.backup_now(None).unwrap();
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let backups = backup::list_backups(dir.path()).unwrap();

    let err = Ledger::open_with(&db, policy(&clock, &TestDisk::roomy())).err().expect("refused");
    assert_eq!(err.code(), "ledger_missing");
    assert!(err.message_zh().contains("找不到数据库文件") && err.message_zh().contains("备份"), "{}", err.message_zh());
    assert!(!db.exists(), "no new empty ledger");
    assert_eq!(backup::list_backups(dir.path()).unwrap(), backups, "and no daily backup of one");
    // An empty file counts as missing too.
    std::fs::write(&db, b"").unwrap();
    assert_eq!(Ledger::open_with(&db, policy(&clock, &TestDisk::roomy())).err().unwrap().code(), "ledger_missing");
    std::fs::remove_file(&db).unwrap();

    // What the start-up screen offers, and the recovery it runs.
    let newest = backup::newest_good_backup(dir.path()).unwrap().expect("offered");
    let (ledger, report) =
        Ledger::recover_with(&db, Path::new(&newest.path), policy(&clock, &TestDisk::roomy())).unwrap();
    assert_eq!(report.safety_backup, None);
    assert_eq!(common::rows(&ledger, "experts"), experts);

    // Without backups a missing file is a first start.
    let fresh = tempfile::tempdir().unwrap();
    assert!(Ledger::open_with(&fresh.path().join(paths::DB_FILE_NAME), policy(&clock, &TestDisk::roomy())).is_ok());
}

#[test]
fn partial_files_left_by_a_crash_are_swept_when_the_ledger_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(paths::DB_FILE_NAME);
    let now = Local::now();
    let clock = Clock::new(move || now);
    let real =
        |clock: Clock| BackupPolicy { clock, ..BackupPolicy { daily_at_open: false, ..BackupPolicy::default() } };
    let (ledger, _) = with_attachments(dir.path(), real(clock.clone()));
    let year = std::fs::read_dir(dir.path().join("attachments")).unwrap().next().unwrap().unwrap().path();
    let kept_files = tree(dir.path());
    drop(ledger);
    let left = [
        dir.path().join(".ledger.sqlite3.partial-0190"),
        dir.path().join("backups/.ledger-20260302-090000-daily-s3.zip.partial-0191"),
        dir.path().join("backups/.ledger-20260302-090000-daily-s3.zip.partial-0191-db"),
        dir.path().join("backups/.ledger-restore.partial-0192"),
        year.join(".0190abcd.jpg.partial-0193"),
        year.join("0190abcd.jpg.part"),
    ];
    std::fs::create_dir_all(dir.path().join("backups")).unwrap();
    for file in &left {
        std::fs::write(file, b"half").unwrap();
    }

    // Fresh ones may belong to work in progress (a backup the CLI is making): kept.
    drop(Ledger::open_with(&db, real(clock.clone())).unwrap());
    assert!(left.iter().all(|f| f.exists()));
    // An hour and more later by the ledger's clock, they go; nothing else does.
    let later = now + Duration::minutes(61);
    drop(Ledger::open_with(&db, real(Clock::new(move || later))).unwrap());
    for file in &left {
        assert!(!file.exists(), "{}", file.display());
    }
    let after: Vec<String> = tree(dir.path()).into_iter().map(|(n, _)| n).collect();
    for (name, _) in kept_files.iter().filter(|(n, _)| !n.ends_with("-shm") && !n.ends_with("-wal")) {
        assert!(after.contains(name), "{name} kept");
    }
}

#[test]
fn moving_the_data_folder_takes_the_backups_along_and_refuses_a_sync_folder() {
    let root = tempfile::tempdir().unwrap();
    let old_dir = root.path().join("旧数据");
    let clock = TestClock::at(day(2026, 3, 2), 9);
    let (ledger, files) = with_attachments(&old_dir, policy(&clock, &TestDisk::roomy()));
    ledger.backup_now(None).unwrap();
    ledger.backup_before(BackupReason::Import).unwrap();
    let location = root.path().join("config/data-location.json");

    for (bad, service) in [
        (root.path().join("OneDrive - 科技局/台账"), "OneDrive"),
        (root.path().join("Dropbox/台账"), "Dropbox"),
        (root.path().join("我的坚果云/台账"), "坚果云"),
    ] {
        let err = ledger.move_data_folder_with(&bad, &location).unwrap_err();
        assert_eq!(err.code(), "validation", "{}", bad.display());
        assert!(err.fields()[0].message.contains(service), "{}", err.fields()[0].message);
        assert!(err.fields()[0].message_en.contains("two PCs"), "{}", err.fields()[0].message_en);
        assert!(!bad.exists() && !location.exists());
    }

    let new_dir = root.path().join("新位置");
    let made = ledger.list_backups().unwrap().len();
    assert!(made >= 2);
    let report = ledger.move_data_folder_with(&new_dir, &location).unwrap();
    assert_eq!(report.backup_files as usize, made);
    assert_eq!(tree(&new_dir.join("backups")), tree(&old_dir.join("backups")), "every backup, byte for byte");
    drop(ledger);
    let quiet = BackupPolicy { daily_at_open: false, ..policy(&clock, &TestDisk::roomy()) };
    let moved = Ledger::open_with(&paths::db_path(&new_dir), quiet).unwrap();
    let backups = moved.list_backups().unwrap();
    assert_eq!(backups.len(), made);
    let report = moved.restore_backup(Path::new(&backups[0].path)).unwrap();
    assert_eq!(report.missing_files, [stored_path(&moved, &files[3].id)]);
}

// ---------------------------------------------------------------------------------------------------------------
// Backups of an encrypted ledger, restored anywhere.

const BACKUP_PASSWORD: &str = "备份的密码 backup-2026";
const OTHER_PASSWORD: &str = "另一台电脑 other-2026";

fn quiet() -> BackupPolicy {
    BackupPolicy { daily_at_open: false, ..BackupPolicy::default() }
}

fn cheap_password(path: &Path, password: &str) -> String {
    let options = ledger_core::data_folder::password::PasswordOptions {
        kdf: ledger_core::storage::crypto::KdfParams::cheap_for_tests(),
        backups: quiet(),
        stop_after: None,
    };
    Ledger::set_password_with(path, &Secret::new(password), &options).unwrap().as_str().to_owned()
}

fn open_secret(path: &Path, secret: Option<&str>) -> ledger_core::Result<Ledger> {
    Ledger::open_with_secret(path, quiet(), secret.map(Secret::new).as_ref())
}

/// The SHA-256 of every file under `dir` but SQLite's shared-memory index (which an open ledger's readers touch).
fn sums(dir: &Path) -> Vec<(String, String)> {
    tree(dir).into_iter().filter(|(name, _)| !name.ends_with("-shm")).map(|(n, b)| (n, sha_hex(&b))).collect()
}

fn starts_plain(path: &Path) -> bool {
    std::fs::read(path).unwrap().starts_with(b"SQLite format 3\0")
}

/// An encrypted ledger (30 experts less 3) in `dir`, its backup to a folder apart (a USB stick) and its recovery
/// code.
fn encrypted_backup(dir: &Path) -> (PathBuf, String, i64) {
    let ledger = filled(&dir.join("pc1"), quiet());
    let experts = common::rows(&ledger, "experts");
    drop(ledger);
    let code = cheap_password(&dir.join("pc1").join(paths::DB_FILE_NAME), BACKUP_PASSWORD);
    let ledger = open_secret(&dir.join("pc1").join(paths::DB_FILE_NAME), Some(BACKUP_PASSWORD)).unwrap();
    let entry = ledger.backup_now(Some(&dir.join("usb"))).unwrap();
    (PathBuf::from(entry.path), code, experts)
}

#[test]
fn an_encrypted_backup_recovers_into_an_empty_folder_with_its_password_and_nothing_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let (archive, code, experts) = encrypted_backup(dir.path());
    let target = dir.path().join("pc2").join(paths::DB_FILE_NAME);

    for (secret, expected) in [(None, ErrorCode::Locked), (Some("不对的密码 wrong"), ErrorCode::WrongPassword)] {
        let refused =
            Ledger::recover_with_secret(&target, &archive, quiet(), secret.map(Secret::new).as_ref()).err().unwrap();
        assert_eq!(refused.code(), expected);
        assert!(!dir.path().join("pc2").exists(), "nothing written for {secret:?}");
    }

    let (ledger, report) =
        Ledger::recover_with_secret(&target, &archive, quiet(), Some(&Secret::new(BACKUP_PASSWORD))).unwrap();
    assert!(ledger.is_encrypted(), "the recovered ledger keeps the backup's password");
    assert_eq!(common::rows(&ledger, "experts"), experts);
    assert_eq!(names_found(&ledger, "欧阳建国4"), ["欧阳建国4"]);
    assert!(report.safety_backup.is_none());
    drop(ledger);
    assert!(!starts_plain(&target) && Ledger::needs_password(&target));
    assert_eq!(open_secret(&target, None).err().unwrap().code(), ErrorCode::Locked);
    assert_eq!(common::rows(&open_secret(&target, Some(&code)).unwrap(), "experts"), experts, "the code opens it");
    assert!(partials(&backup::backups_dir(&target)).is_empty());
}

#[test]
fn an_encrypted_backup_restores_into_a_plain_ledger_plain_and_into_another_encrypted_one_under_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let (archive, _, experts) = encrypted_backup(dir.path());

    // Into a plain ledger: the backup's password is asked for, the restored database is plain.
    let plain_dir = dir.path().join("plain");
    let plain = Ledger::open_with(&plain_dir.join(paths::DB_FILE_NAME), quiet()).unwrap();
    plain.create_expert(&common::expert("本机专家", Some("13900001111"))).unwrap();
    let before = sums(&plain_dir);
    for (secret, expected) in [(None, ErrorCode::Locked), (Some("不对的密码 wrong"), ErrorCode::WrongPassword)] {
        let refused = plain.restore_backup_with(&archive, secret.map(Secret::new).as_ref()).unwrap_err();
        assert_eq!(refused.code(), expected);
        assert_eq!(sums(&plain_dir), before, "nothing written for {secret:?}");
    }
    assert_eq!(plain.restore_backup(&archive).unwrap_err().code(), ErrorCode::Locked);
    plain.restore_backup_with(&archive, Some(&Secret::new(BACKUP_PASSWORD))).unwrap();
    assert_eq!(common::rows(&plain, "experts"), experts);
    assert_eq!(names_found(&plain, "司马光明7"), ["司马光明7"], "the rebuilt search index finds the rows");
    assert!(plain.check_integrity().unwrap().ok);
    drop(plain);
    let plain_db = plain_dir.join(paths::DB_FILE_NAME);
    assert!(starts_plain(&plain_db) && !Ledger::needs_password(&plain_db));
    assert!(!ledger_core::storage::crypto::envelope_path(&plain_db).exists(), "no envelope beside a plain ledger");

    // Into a ledger encrypted under another password and key: re-keyed, its own password still opens it.
    let other_dir = dir.path().join("other");
    drop(Ledger::open_with(&other_dir.join(paths::DB_FILE_NAME), quiet()).unwrap());
    let other_db = other_dir.join(paths::DB_FILE_NAME);
    cheap_password(&other_db, OTHER_PASSWORD);
    let envelope = std::fs::read(ledger_core::storage::crypto::envelope_path(&other_db)).unwrap();
    let other = open_secret(&other_db, Some(OTHER_PASSWORD)).unwrap();
    let refused = other.restore_backup_with(&archive, Some(&Secret::new(OTHER_PASSWORD))).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::WrongPassword, "this ledger's password does not open the backup");
    other.restore_backup_with(&archive, Some(&Secret::new(BACKUP_PASSWORD))).unwrap();
    assert_eq!(common::rows(&other, "experts"), experts);
    drop(other);
    assert_eq!(std::fs::read(ledger_core::storage::crypto::envelope_path(&other_db)).unwrap(), envelope);
    assert_eq!(open_secret(&other_db, Some(BACKUP_PASSWORD)).err().unwrap().code(), ErrorCode::WrongPassword);
    let reopened = open_secret(&other_db, Some(OTHER_PASSWORD)).unwrap();
    assert_eq!(common::rows(&reopened, "experts"), experts);
    assert!(reopened.check_integrity().unwrap().ok);

    // And a plain backup into the encrypted ledger is encrypted with its key (as before).
    let plain_backup = backup::backup_to_data_folder(&plain_db, &quiet(), None).unwrap();
    reopened.restore_backup(Path::new(&plain_backup.path)).unwrap();
    drop(reopened);
    assert!(!starts_plain(&other_db));
}

#[test]
fn the_newest_good_backup_may_be_encrypted_and_is_checked_by_its_sums() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("pc1");
    let (_, _, _) = encrypted_backup(dir.path());
    let ledger = open_secret(&paths::db_path(&data), Some(BACKUP_PASSWORD)).unwrap();
    let older = ledger.backup_now(None).unwrap();
    let newest = ledger.backup_now(None).unwrap();
    drop(ledger);
    assert!(backup::is_encrypted_backup(Path::new(&newest.path)));
    assert_eq!(backup::newest_good_backup(&data).unwrap().unwrap().path, newest.path, "offered without its password");

    // Damage inside the encrypted database shows in its sum: that backup is passed over for the one before.
    let bytes = std::fs::read(&newest.path).unwrap();
    let at = bytes.windows(14).position(|w| w == b"ledger.sqlite3").unwrap() + 200;
    scribble(Path::new(&newest.path), at as u64, 64);
    assert_eq!(backup::newest_good_backup(&data).unwrap().unwrap().path, older.path);

    // Recovery in place of the encrypted ledger's lost file takes the backup's key and envelope.
    std::fs::remove_file(paths::db_path(&data)).unwrap();
    let refused = Ledger::recover_with_secret(&paths::db_path(&data), Path::new(&older.path), quiet(), None);
    assert_eq!(refused.err().unwrap().code(), ErrorCode::Locked);
    let (ledger, _) = Ledger::recover_with_secret(
        &paths::db_path(&data),
        Path::new(&older.path),
        quiet(),
        Some(&Secret::new(BACKUP_PASSWORD)),
    )
    .unwrap();
    assert!(ledger.is_encrypted() && ledger.check_integrity().unwrap().ok);
}

// ---------------------------------------------------------------------------------------------------------------
// Plain backups made before the password was set.

/// A plain ledger with a plain backup archive and an older version's plain `.sqlite3` backup, then encrypted.
fn encrypted_with_plain_backups(dir: &Path) -> PathBuf {
    let db = dir.join(paths::DB_FILE_NAME);
    let ledger = filled(dir, quiet());
    let visit = a_visit(&ledger);
    ledger.add_attachment(AttachmentOwnerKind::Visit, &visit, "现场照片.jpg", &bytes_of(3_000, 7)).unwrap();
    ledger.backup_now(None).unwrap();
    drop(ledger);
    let old_style = backup::backups_dir(&db).join("ledger-20250101-120000-manual.sqlite3");
    backup::backup_file(&db, &old_style, &quiet(), None).unwrap();
    cheap_password(&db, BACKUP_PASSWORD);
    db
}

#[test]
fn plain_backups_left_from_before_the_password_are_re_encrypted_verified_and_still_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = encrypted_with_plain_backups(dir.path());
    let ledger = open_secret(&db, Some(BACKUP_PASSWORD)).unwrap();
    let experts = common::rows(&ledger, "experts");
    ledger.backup_now(None).unwrap();
    let plain = ledger.plain_backups().unwrap();
    assert_eq!(plain.len(), 2, "the archive and the old .sqlite3; the new backup is encrypted");
    assert!(plain.iter().all(|e| !e.encrypted));
    assert_eq!(backup::plain_backups_of(&db).unwrap(), plain);

    let left = ledger.encrypt_plain_backups().unwrap();
    assert!(left.is_empty(), "{left:?}");
    let all = ledger.list_backups().unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|e| e.encrypted && e.file_name.ends_with(".zip")), "{all:?}");
    assert!(all.iter().any(|e| e.file_name == "ledger-20250101-120000-manual.zip"), "the old name, as an archive");
    assert!(partials(&backup::backups_dir(&db)).is_empty(), "no scratch left");
    // Every photo in every archive is sealed: the one re-encrypted from the plain archive, and the new backup's.
    let photos = |archive: &str| -> Vec<Vec<u8>> {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
        let names: Vec<String> =
            zip.file_names().map(|n| n.unwrap().into_owned()).filter(|n| n.starts_with("attachments/")).collect();
        names
            .iter()
            .map(|name| {
                let mut bytes = Vec::new();
                zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
                bytes
            })
            .collect()
    };
    let all_photos: Vec<Vec<u8>> = all.iter().flat_map(|e| photos(&e.path)).collect();
    assert_eq!(all_photos.len(), 2, "the first backup's photo (re-encrypted) and the new backup's");
    assert!(all_photos.iter().all(|p| p.starts_with(ledger_core::storage::crypto::file::MAGIC)), "all sealed");
    for entry in &all {
        assert!(!starts_plain(&db_of(&entry.path)), "{}", entry.file_name);
        ledger.create_expert(&common::expert("恢复前新增", Some("13900009999"))).unwrap();
        ledger.restore_backup(Path::new(&entry.path)).unwrap();
        assert_eq!(common::rows(&ledger, "experts"), experts, "{}", entry.file_name);
    }
    // Restored elsewhere with the password, like every encrypted backup.
    let other = dir.path().join("elsewhere").join(paths::DB_FILE_NAME);
    let from = Path::new(&all.last().unwrap().path);
    let (moved, _) = Ledger::recover_with_secret(&other, from, quiet(), Some(&Secret::new(BACKUP_PASSWORD))).unwrap();
    assert_eq!(common::rows(&moved, "experts"), experts);
}

#[test]
fn plain_backups_can_be_removed_instead_and_a_plain_ledger_has_none_to_ask_about() {
    let dir = tempfile::tempdir().unwrap();
    let db = encrypted_with_plain_backups(&dir.path().join("a"));
    let ledger = open_secret(&db, Some(BACKUP_PASSWORD)).unwrap();
    assert_eq!(ledger.remove_plain_backups().unwrap(), 2);
    assert!(ledger.plain_backups().unwrap().is_empty());
    assert!(ledger.list_backups().unwrap().is_empty());

    let plain = filled(&dir.path().join("b"), quiet());
    plain.backup_now(None).unwrap();
    assert!(plain.plain_backups().unwrap().is_empty(), "a plain ledger's backups are not a question");
    let before = sums(&dir.path().join("b"));
    assert_eq!(plain.encrypt_plain_backups().unwrap_err().code(), ErrorCode::Unsupported);
    assert_eq!(plain.remove_plain_backups().unwrap(), 0);
    assert_eq!(sums(&dir.path().join("b")), before, "nothing written or removed");
}

// ---------------------------------------------------------------------------------------------------------------
// Foreign schema objects.

#[test]
fn restore_refuses_a_backup_whose_schema_has_a_foreign_trigger_view_or_altered_table() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = filled(dir.path(), quiet());
    let experts = common::rows(&ledger, "experts");
    let good = PathBuf::from(ledger.backup_now(None).unwrap().path);
    let db = dir.path().join(paths::DB_FILE_NAME);
    let cases = [
        (
            "trigger",
            "CREATE TRIGGER leak AFTER INSERT ON experts BEGIN UPDATE settings SET value = NEW.phone; END;",
            "触发器“leak”",
        ),
        ("view", "CREATE VIEW experts_all AS SELECT * FROM experts;", "视图“experts_all”"),
        (
            "index",
            "DROP INDEX experts_name; CREATE INDEX experts_name ON experts (phone);",
            "索引“experts_name”的定义与本程序不同",
        ),
    ];
    for (what, sql, named) in cases {
        // The backup's database with the foreign object, as a plain file and inside an archive.
        let plain = dir.path().join(format!("foreign-{what}.sqlite3"));
        backup::extract_database(&good, &plain).unwrap();
        Connection::open(&plain).unwrap().execute_batch(sql).unwrap();
        let before = sums(dir.path());
        let err = ledger.restore_backup(&plain).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotALedger, "{what}: {err}");
        assert!(err.message_zh().contains(named), "{what}: {}", err.message_zh());
        assert!(err.message_zh().contains("拒绝恢复"), "{}", err.message_zh());
        assert_eq!(sums(dir.path()), before, "{what}: nothing written");
        assert_eq!(common::rows(&ledger, "experts"), experts);
    }
    // Nor is such a backup offered at start-up, nor recovered in place of a lost database.
    drop(ledger);
    let plain = dir.path().join("foreign-trigger.sqlite3");
    for entry in backup::list_backups(dir.path()).unwrap() {
        std::fs::remove_file(&entry.path).unwrap();
    }
    std::fs::copy(&plain, backup::backups_dir(&db).join("ledger-20260101-090000-manual.sqlite3")).unwrap();
    assert_eq!(backup::newest_good_backup(dir.path()).unwrap(), None);
    std::fs::remove_file(&db).unwrap();
    let refused = Ledger::recover_with(&db, &plain, quiet()).err().unwrap();
    assert_eq!(refused.code(), ErrorCode::NotALedger);
    assert!(!db.exists());
}
