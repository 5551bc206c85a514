//! Storage: connection settings, migrations from every earlier version, and the refusal of newer files.

use std::time::Duration;

use ledger_core::storage::db::Database;
use ledger_core::storage::migrations::{current_version, migrate, migrate_to, LATEST_VERSION, MIGRATIONS};
use ledger_core::{CoreError, Ledger};
use rusqlite::Connection;

#[test]
fn a_file_database_uses_wal_full_sync_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/ledger.sqlite3");
    let db = Database::open(&path).expect("opens, creating the folders");
    assert!(path.is_file());
    db.write(|tx| {
        let mode: String = tx.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        assert_eq!(mode, "wal", "WAL lets the reader run beside the writer");
        let sync: i64 = tx.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        assert_eq!(sync, 2, "synchronous=FULL so a saved record survives power loss");
        let fk: i64 = tx.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        assert_eq!(fk, 1, "foreign keys are enforced");
        let limit: i64 = tx.query_row("PRAGMA journal_size_limit", [], |r| r.get(0))?;
        assert_eq!(limit, ledger_core::storage::db::JOURNAL_SIZE_LIMIT, "the WAL is truncated after checkpoints");
        assert_hardened(tx);
        Ok(())
    })
    .unwrap();
    db.read(|c| {
        let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        assert_eq!(fk, 1, "the reader enforces foreign keys too");
        assert_hardened(c);
        let cache: i64 = c.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        assert_eq!(
            cache,
            -ledger_core::storage::db::READER_CACHE_KIB,
            "the reader keeps what it read in a large cache"
        );
        Ok(())
    })
    .unwrap();
    db.read_apart(|c| {
        assert_hardened(c);
        let cache: i64 = c.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        assert_eq!(cache, -ledger_core::storage::db::APART_CACHE_KIB, "an export's own connection has its own cache");
        Ok(())
    })
    .unwrap();
}

#[test]
fn closing_a_ledger_folds_its_wal_into_the_file_and_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    let ledger = Ledger::open(&path).unwrap();
    let id = ledger.create_expert(&crate::common::expert("王芳", Some("13900000001"))).unwrap().id;
    assert_eq!(
        ledger.list_experts(&ledger_core::model::ExpertQuery::default()).unwrap().total,
        1,
        "the reader has read the WAL"
    );
    let wal = dir.path().join("ledger.sqlite3-wal");
    assert!(wal.is_file(), "a WAL while the ledger is open");
    drop(ledger);
    assert!(!wal.exists(), "the WAL is checkpointed and removed when the ledger closes");
    let plain = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let name: String = plain.query_row("SELECT name FROM experts WHERE id = ?1", [&id], |r| r.get(0)).unwrap();
    assert_eq!(name, "王芳", "the saved record is in the file itself");
}

/// `trusted_schema` off and `secure_delete` on, as every connection of the ledger has them.
fn assert_hardened(c: &Connection) {
    let trusted: i64 = c.query_row("PRAGMA trusted_schema", [], |r| r.get(0)).unwrap();
    assert_eq!(trusted, 0, "no function runs from a schema object a file brought with it");
    let secure: i64 = c.query_row("PRAGMA secure_delete", [], |r| r.get(0)).unwrap();
    assert_eq!(secure, 1, "deleted personal data is overwritten");
}

#[test]
fn foreign_keys_refuse_a_dangling_reference() {
    let db = Database::open_in_memory().unwrap();
    let err = db
        .write(|tx| {
            tx.execute(
                "INSERT INTO visits (id, enterprise_id, visit_date, mode, created_at, updated_at)
                 VALUES ('v1', 'no-such-enterprise', '2024-01-01', 'on_site', 'now', 'now')",
                [],
            )?;
            Ok(())
        })
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let db = Database::open_in_memory().unwrap();
    let result: ledger_core::Result<()> = db.write(|tx| {
        tx.execute("INSERT INTO settings (key, value) VALUES ('unit', '某某市科技局')", [])?;
        Err(CoreError::field("x", "测试", "test"))
    });
    assert!(result.is_err());
    let n: i64 = db.read(|c| Ok(c.query_row("SELECT COUNT(*) FROM settings", [], |r| r.get(0))?)).unwrap();
    assert_eq!(n, 0, "the transaction was rolled back");
}

#[test]
fn migrates_from_empty_and_from_every_earlier_version() {
    for start in 0..=LATEST_VERSION {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, start).unwrap();
        assert_eq!(current_version(&conn).unwrap(), start);
        let from = migrate(&mut conn).unwrap();
        assert_eq!(from, start);
        assert_eq!(current_version(&conn).unwrap(), LATEST_VERSION, "from version {start}");
        let report = ledger_core::storage::integrity::check(&conn).unwrap();
        assert!(report.ok, "from version {start}: {:?}", report.problems);
        assert_eq!(migrate(&mut conn).unwrap(), LATEST_VERSION, "a second run does nothing");
    }
    assert_eq!(MIGRATIONS.len() as i64, LATEST_VERSION);
}

#[test]
fn migrating_a_file_keeps_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    {
        let ledger = Ledger::open(&path).unwrap();
        assert_eq!(ledger.migrated_from(), 0);
        ledger
            .create_expert(&ledger_core::model::ExpertInput {
                name: "赵敏".into(),
                title: Some(ledger_core::model::ExpertTitle::Senior),
                ..Default::default()
            })
            .unwrap();
    }
    let reopened = Ledger::open(&path).unwrap();
    assert_eq!(reopened.migrated_from(), LATEST_VERSION);
    assert_eq!(reopened.list_experts(&Default::default()).unwrap().total, 1);
}

#[test]
fn opening_unmigrated_leaves_an_older_schema_to_the_caller_and_makes_no_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate_to(&mut conn, 1).unwrap();
    }
    let db = Database::open_unmigrated(&path, Duration::from_millis(200)).unwrap();
    assert_eq!(db.migrated_from(), 1);
    assert!(db.is_behind().unwrap(), "an existing file of an older schema waits for its backup and migration");
    assert_eq!(db.read(current_version).unwrap(), 1, "nothing migrated yet");
    db.migrate().unwrap();
    assert!(!db.is_behind().unwrap());
    assert_eq!(db.read(current_version).unwrap(), LATEST_VERSION);
    assert!(!dir.path().join("backups").exists(), "the database layer never backs up (the ledger does)");
    drop(db);

    let fresh = Database::open_unmigrated(&dir.path().join("new.sqlite3"), Duration::from_millis(200)).unwrap();
    assert!(!fresh.is_behind().unwrap(), "a new file has nothing to back up");
}

#[test]
fn a_database_from_a_newer_app_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;").unwrap();
    }
    let err = Database::open(&path).err().expect("a newer schema is refused");
    assert!(matches!(err, CoreError::SchemaTooNew { found: 999, .. }), "{err}");
    assert_eq!(err.code(), "schema_too_new");
    assert!(err.message_zh().contains("请升级程序"));
    let conn = Connection::open(&path).unwrap();
    assert_eq!(current_version(&conn).unwrap(), 999, "the file was not touched");
}

#[test]
fn integrity_check_of_a_missing_file_and_a_non_database() {
    let dir = tempfile::tempdir().unwrap();
    let missing = ledger_core::storage::integrity::check_file(&dir.path().join("nope.sqlite3")).unwrap_err();
    assert_eq!(missing.code(), "io");
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, vec![0x42u8; 8192]).unwrap();
    let report =
        ledger_core::storage::integrity::check_file(&junk).expect("a damaged file is a failed check, not an error");
    assert!(!report.ok);
    assert!(report.problems[0].contains("not a readable ledger database"), "{:?}", report.problems);
}

#[test]
fn integrity_check_finds_a_dangling_reference() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    drop(Database::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO visits (id, enterprise_id, visit_date, mode, created_at, updated_at)
             VALUES ('v1', 'gone', '2024-01-01', 'on_site', 'now', 'now');",
        )
        .unwrap();
    }
    let report = ledger_core::storage::integrity::check_file(&path).unwrap();
    assert!(!report.ok);
    assert!(report.problems.iter().any(|p| p.contains("visits")), "{:?}", report.problems);
}

#[test]
fn a_second_writer_is_refused_while_the_first_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    let first = Database::open(&path).unwrap();
    let err =
        Database::open_with_lock_wait(&path, Duration::from_millis(200)).err().expect("a second writer is refused");
    assert_eq!(err.code(), "in_use");
    assert!(err.message_zh().contains("正被另一个"), "{}", err.message_zh());
    drop(first);
    Database::open(&path).expect("after the first closes, the file opens again");
}

#[test]
fn opening_waits_for_a_writer_that_is_letting_go() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    let first = Database::open(&path).unwrap();
    // The first holder closes a moment later, as a window that is still shutting down does.
    let closer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(first);
    });
    let second = Database::open(&path).expect("the second open waits for the lock instead of failing");
    closer.join().unwrap();
    assert!(second.path().is_some());
}
