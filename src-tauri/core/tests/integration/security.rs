//! 数据安全 → 应用密码: the app password and the encryption at rest of the database — opening an encrypted ledger
//! (locked, wrong password, password, recovery code), setting, changing and removing the password, what an
//! interrupted conversion leaves, and the backups of an encrypted ledger.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ledger_core::data_folder::backup::BackupPolicy;
use ledger_core::data_folder::password::{ConversionStep, PasswordOptions};
use ledger_core::model::*;
use ledger_core::sample::{self, Scale};
use ledger_core::storage::crypto::{envelope_path, KdfParams, Secret};
use ledger_core::{CoreError, ErrorCode, Ledger};
use sha2::{Digest, Sha256};

const PASSWORD: &str = "台账 password 2026";

/// Cheap Argon2 (the envelope's format and every step stay the same) and no backup at opening.
fn options() -> PasswordOptions {
    PasswordOptions {
        kdf: KdfParams::cheap_for_tests(),
        backups: BackupPolicy { daily_at_open: false, ..BackupPolicy::default() },
        stop_after: None,
    }
}

fn open(path: &Path, secret: Option<&str>) -> ledger_core::Result<Ledger> {
    let secret = secret.map(Secret::new);
    Ledger::open_with_secret(path, options().backups, secret.as_ref())
}

/// A ledger file with two experts (searchable by a three-character substring) and an enterprise.
fn small_ledger(dir: &Path) -> PathBuf {
    let path = dir.join("ledger.sqlite3");
    let ledger = open(&path, None).unwrap();
    ledger.create_expert(&common::expert("欧阳明远", Some("13800138000"))).unwrap();
    ledger.create_expert(&common::expert("欧阳明辉", Some("13800138001"))).unwrap();
    ledger.create_enterprise(&common::enterprise("杭州明远科技有限公司", 1)).unwrap();
    path
}

/// Every table's row count.
fn counts(ledger: &Ledger) -> BTreeMap<String, i64> {
    let tables: Vec<String> = ledger
        .database()
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE '%_fts_%'",
            )?;
            ledger_core::storage::db::read_rows(&mut stmt, [], |r| r.get(0))
        })
        .unwrap();
    tables.into_iter().map(|t| (t.clone(), common::rows(ledger, &t))).collect()
}

/// The names the expert list finds for `search` (the FTS5 trigram index for 3+ characters).
fn found(ledger: &Ledger, search: &str) -> Vec<String> {
    let query = ExpertQuery { search: Some(search.into()), page_size: 500, ..Default::default() };
    let mut names: Vec<String> = ledger.list_experts(&query).unwrap().items.into_iter().map(|e| e.name).collect();
    names.sort();
    names
}

fn starts_plain(path: &Path) -> bool {
    std::fs::read(path).unwrap().starts_with(b"SQLite format 3\0")
}

/// The SHA-256 of every file in the folder (the lock file aside), by name.
fn hashes(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.to_string_lossy().ends_with(".lock"))
        .map(|p| {
            let digest = Sha256::digest(std::fs::read(&p).unwrap());
            (p.file_name().unwrap().to_string_lossy().into_owned(), format!("{digest:x}"))
        })
        .collect()
}

fn set(path: &Path) -> String {
    Ledger::set_password_with(path, &Secret::new(PASSWORD), &options()).unwrap().as_str().to_owned()
}

#[test]
fn a_plain_ledger_opens_as_before_and_a_secret_given_to_it_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_ledger(dir.path());
    assert!(!Ledger::needs_password(&path));
    let ledger = open(&path, Some("anything at all")).unwrap();
    assert!(!ledger.is_encrypted() && ledger.attachments_key().is_none());
    assert_eq!(common::rows(&ledger, "experts"), 2);
}

#[test]
fn setting_a_password_encrypts_the_file_and_keeps_every_row_and_search_result() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    let ledger = open(&path, None).unwrap();
    sample::generate(ledger.database(), 3, Scale::Small, sample::FIXED_AS_OF).unwrap();
    let before = counts(&ledger);
    let some_name = found(&ledger, "").first().cloned().unwrap();
    let probe: String = some_name.chars().take(3).collect();
    let found_before = found(&ledger, &probe);
    let records_before = ledger.list_service_records(&ServiceRecordQuery::default()).unwrap();
    drop(ledger);

    let code = set(&path);
    assert_eq!(code.len(), 29, "six groups of four with dashes: {code}");
    assert!(Ledger::needs_password(&path));
    assert!(!starts_plain(&path), "the file no longer begins with SQLite's plain header");
    let bytes = std::fs::read(&path).unwrap();
    assert!(!bytes.windows(some_name.len()).any(|w| w == some_name.as_bytes()), "no name readable in the file");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".lock"))
        .collect();
    assert!(names.iter().all(|n| !n.contains(".partial-") && !n.ends_with("-wal")), "{names:?}");
    assert!(envelope_path(&path).is_file());

    for secret in [PASSWORD.to_owned(), code.clone(), code.to_lowercase().replace('-', " ")] {
        let ledger = open(&path, Some(&secret)).unwrap();
        assert!(ledger.is_encrypted() && ledger.attachments_key().is_some());
        assert_eq!(counts(&ledger), before);
        assert_eq!(found(&ledger, &probe), found_before, "the rebuilt search index finds the same experts");
        let records = ledger.list_service_records(&ServiceRecordQuery::default()).unwrap();
        assert_eq!(records.total, records_before.total);
        assert_eq!(records.items.first().map(|r| &r.id), records_before.items.first().map(|r| &r.id));
        assert!(ledger.check_integrity().unwrap().ok);
    }
}

#[test]
fn an_encrypted_ledger_without_or_with_a_wrong_password_is_refused_and_every_file_stays_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_ledger(dir.path());
    set(&path);
    {
        // Leave a WAL beside the encrypted file, as a running app does.
        let ledger = open(&path, Some(PASSWORD)).unwrap();
        ledger.create_expert(&common::expert("王敏", Some("13900139000"))).unwrap();
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        assert!(wal.is_file());
        std::fs::copy(&wal, dir.path().join("saved-wal")).unwrap();
    }
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    if !wal.exists() {
        std::fs::copy(dir.path().join("saved-wal"), &wal).unwrap();
    }
    let before = hashes(dir.path());
    assert!(before.contains_key("ledger.keys") && before.contains_key("ledger.sqlite3-wal"), "{before:?}");

    let locked = open(&path, None).err().unwrap();
    assert_eq!(locked.code(), ErrorCode::Locked);
    assert!(matches!(locked, CoreError::Locked));
    assert!(locked.message_zh().contains("密码") && locked.message_en().contains("password"));
    let wrong = open(&path, Some("not the password")).err().unwrap();
    assert_eq!(wrong.code(), ErrorCode::WrongPassword);
    let wrong_code = open(&path, Some("ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2")).err().unwrap();
    assert_eq!(wrong_code.code(), ErrorCode::WrongPassword);
    assert_eq!(Ledger::open(&path).err().unwrap().code(), ErrorCode::Locked, "the shell's open is locked too");
    assert_eq!(hashes(dir.path()), before, "db, WAL and envelope byte for byte unchanged");

    let ledger = open(&path, Some(PASSWORD)).unwrap();
    assert_eq!(common::rows(&ledger, "experts"), 3);
}

#[test]
fn changing_the_password_re_keys_the_ledger_and_gives_a_new_recovery_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_ledger(dir.path());
    let code = set(&path);
    let new = Secret::new("新的密码 new password");
    let old_key = ledger_core::storage::crypto::database_key(&path, Some(&Secret::new(PASSWORD))).unwrap().unwrap();

    let before = hashes(dir.path());
    let wrong = Ledger::change_password_with(&path, &Secret::new("wrong password"), &new, &options()).unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::WrongPassword);
    assert_eq!(hashes(dir.path()), before, "a wrong current password changes nothing, byte for byte");
    let short = Ledger::change_password_with(&path, &Secret::new(PASSWORD), &Secret::new("short"), &options());
    assert_eq!(short.unwrap_err().code(), ErrorCode::Validation);
    assert_eq!(hashes(dir.path()), before, "nor does a short new password");

    let new_code = Ledger::change_password_with(&path, &Secret::new(PASSWORD), &new, &options()).unwrap();
    let new_code = new_code.as_str().to_owned();
    assert_ne!(new_code, code, "a new recovery code");
    let after = hashes(dir.path());
    assert_ne!(after["ledger.sqlite3"], before["ledger.sqlite3"], "the database was rewritten");
    assert_ne!(after["ledger.keys"], before["ledger.keys"], "and the envelope");
    assert!(
        after.keys().all(|n| !n.contains(".partial-") && !n.ends_with(".next") && !n.ends_with("-wal")),
        "{after:?}"
    );
    assert!(!std::fs::read_to_string(envelope_path(&path)).unwrap().contains("previousAttachmentsKeys"));

    assert_eq!(open(&path, Some(PASSWORD)).err().unwrap().code(), ErrorCode::WrongPassword);
    assert_eq!(open(&path, Some(&code)).err().unwrap().code(), ErrorCode::WrongPassword, "the old code is void");
    let check = |key| ledger_core::storage::integrity::check_file_keyed(&path, Some(key)).map(|r| r.ok);
    assert!(!check(&old_key).unwrap_or(false), "the old master key no longer opens the database file");
    let new_key = ledger_core::storage::crypto::database_key(&path, Some(&new)).unwrap().unwrap();
    assert!(check(&new_key).unwrap(), "the new one does");
    for secret in ["新的密码 new password", new_code.as_str()] {
        let ledger = open(&path, Some(secret)).unwrap();
        assert_eq!(common::rows(&ledger, "experts"), 2);
        assert_eq!(found(&ledger, "欧阳明"), ["欧阳明辉", "欧阳明远"], "the search indexes were rebuilt");
        assert!(ledger.check_integrity().unwrap().ok);
    }

    // The recovery code stands in for a forgotten password.
    let third =
        Ledger::change_password_with(&path, &Secret::new(&new_code), &Secret::new("third password"), &options());
    let third = third.unwrap();
    assert!(open(&path, Some("third password")).is_ok() && open(&path, Some(third.as_str())).is_ok());
    assert_eq!(open(&path, Some(&new_code)).err().unwrap().code(), ErrorCode::WrongPassword);
}

#[test]
fn a_backup_made_before_a_change_restores_with_the_current_secret_or_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_ledger(dir.path());
    set(&path);
    let archive = PathBuf::from(open(&path, Some(PASSWORD)).unwrap().backup_now(None).unwrap().path);
    let new = "新的密码 new password";
    Ledger::change_password_with(&path, &Secret::new(PASSWORD), &Secret::new(new), &options()).unwrap();

    // Into the re-keyed ledger: the key it had before the change (kept in its envelope) opens the backup, which is
    // copied under the new key; no old password is asked for.
    let ledger = open(&path, Some(new)).unwrap();
    ledger.create_expert(&common::expert("王敏", Some("13900139000"))).unwrap();
    ledger.restore_backup(&archive).unwrap();
    assert_eq!(common::rows(&ledger, "experts"), 2);
    drop(ledger);
    assert_eq!(open(&path, Some(PASSWORD)).err().unwrap().code(), ErrorCode::WrongPassword);
    assert_eq!(common::rows(&open(&path, Some(new)).unwrap(), "experts"), 2, "the ledger keeps the new key");

    // After a second change, the start-up screen's recovery of a damaged file takes that backup with today's
    // password alone (it asks one secret), and the ledger stays under today's key.
    let third = "第三个密码 third one";
    Ledger::change_password_with(&path, &Secret::new(new), &Secret::new(third), &options()).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let mut damaged = bytes.clone();
    for b in &mut damaged[4096..3 * 4096] {
        *b ^= 0x5a;
    }
    std::fs::write(&path, &damaged).unwrap();
    assert_eq!(open(&path, Some(third)).err().unwrap().code(), ErrorCode::Integrity);
    let wrong = Ledger::recover_with_secret(&path, &archive, options().backups, Some(&Secret::new("nicht richtig")));
    assert_eq!(wrong.err().unwrap().code(), ErrorCode::WrongPassword);
    let (recovered, _) =
        Ledger::recover_with_secret(&path, &archive, options().backups, Some(&Secret::new(third))).unwrap();
    assert_eq!(common::rows(&recovered, "experts"), 2);
    drop(recovered);
    assert_eq!(common::rows(&open(&path, Some(third)).unwrap(), "experts"), 2);
    assert_eq!(open(&path, Some(new)).err().unwrap().code(), ErrorCode::WrongPassword);

    // Into an empty data folder: the backup as it is, with the password of its day.
    let elsewhere = dir.path().join("elsewhere").join("ledger.sqlite3");
    let refused = Ledger::recover_with_secret(&elsewhere, &archive, options().backups, Some(&Secret::new(third)));
    assert_eq!(refused.err().unwrap().code(), ErrorCode::WrongPassword, "no ledger there to vouch for the backup");
    let recovered =
        Ledger::recover_with_secret(&elsewhere, &archive, options().backups, Some(&Secret::new(PASSWORD))).unwrap();
    drop(recovered);
    assert_eq!(common::rows(&open(&elsewhere, Some(PASSWORD)).unwrap(), "experts"), 2);
}

#[test]
fn removing_the_password_makes_the_file_plain_again_with_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_ledger(dir.path());
    let code = set(&path);
    let wrong = Ledger::remove_password_with(&path, &Secret::new("not it at all"), &options()).unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::WrongPassword);
    assert!(Ledger::needs_password(&path));

    Ledger::remove_password_with(&path, &Secret::new(&code), &options()).unwrap();
    assert!(starts_plain(&path) && !envelope_path(&path).exists() && !Ledger::needs_password(&path));
    let ledger = open(&path, None).unwrap();
    assert!(!ledger.is_encrypted());
    assert_eq!(found(&ledger, "欧阳明"), ["欧阳明辉", "欧阳明远"]);
    assert!(ledger.check_integrity().unwrap().ok);
    drop(ledger);
    let again = Ledger::remove_password_with(&path, &Secret::new(&code), &options()).unwrap_err();
    assert_eq!(again.code(), ErrorCode::Unsupported, "no password to remove");
}

#[test]
fn a_password_is_refused_when_short_when_set_already_or_while_the_ledger_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_ledger(dir.path());
    let short = Ledger::set_password_with(&path, &Secret::new("1234567"), &options()).unwrap_err();
    assert_eq!(short.code(), ErrorCode::Validation);
    {
        let _open = open(&path, None).unwrap();
        let busy = Ledger::set_password_with(&path, &Secret::new(PASSWORD), &options()).unwrap_err();
        assert_eq!(busy.code(), ErrorCode::InUse);
        assert!(starts_plain(&path) && !envelope_path(&path).exists());
    }
    set(&path);
    let twice = Ledger::set_password_with(&path, &Secret::new(PASSWORD), &options()).unwrap_err();
    assert_eq!(twice.code(), ErrorCode::Unsupported);
    let missing = Ledger::set_password_with(&dir.path().join("none.sqlite3"), &Secret::new(PASSWORD), &options());
    assert_eq!(missing.unwrap_err().code(), ErrorCode::Io);
}

#[test]
fn a_set_stopped_at_any_step_leaves_a_ledger_that_opens() {
    for step in [ConversionStep::CopyMade, ConversionStep::EnvelopeWritten] {
        let dir = tempfile::tempdir().unwrap();
        let path = small_ledger(dir.path());
        let stopped = PasswordOptions { stop_after: Some(step), ..options() };
        assert!(Ledger::set_password_with(&path, &Secret::new(PASSWORD), &stopped).is_err());
        assert!(starts_plain(&path), "{step:?}: the plain file is still the ledger");
        assert!(!Ledger::needs_password(&path), "{step:?}: an envelope beside a plain file does not lock it");
        let ledger = open(&path, None).unwrap();
        assert_eq!(common::rows(&ledger, "experts"), 2, "{step:?}");
        drop(ledger);
        let code = set(&path);
        assert_eq!(common::rows(&open(&path, Some(&code)).unwrap(), "experts"), 2, "{step:?}: set again");
    }
}

#[test]
fn a_remove_stopped_at_any_step_leaves_a_ledger_that_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_ledger(dir.path());
    set(&path);
    let stopped = |step| PasswordOptions { stop_after: Some(step), ..options() };
    assert!(Ledger::remove_password_with(&path, &Secret::new(PASSWORD), &stopped(ConversionStep::CopyMade)).is_err());
    assert!(Ledger::needs_password(&path), "before the rename the encrypted file is the ledger");
    assert_eq!(common::rows(&open(&path, Some(PASSWORD)).unwrap(), "experts"), 2);

    let at_rename = stopped(ConversionStep::FileReplaced);
    assert!(Ledger::remove_password_with(&path, &Secret::new(PASSWORD), &at_rename).is_err());
    assert!(envelope_path(&path).is_file() && starts_plain(&path));
    assert_eq!(common::rows(&open(&path, None).unwrap(), "experts"), 2, "after it the plain file opens as it is");
    let code = set(&path);
    assert!(open(&path, Some(&code)).is_ok(), "the left-over envelope is replaced by the next set");
}

#[test]
fn the_backups_of_an_encrypted_ledger_are_encrypted_and_verified() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_ledger(dir.path());
    set(&path);
    let ledger = open(&path, Some(PASSWORD)).unwrap();
    let entry = ledger.backup_now(None).unwrap();
    let archive = PathBuf::from(&entry.path);
    let backup = dir.path().join("extracted.sqlite3");
    ledger_core::data_folder::backup::extract_database(&archive, &backup).unwrap();
    assert!(!starts_plain(&backup), "the database in a backup of an encrypted ledger is encrypted with it");
    let members = zip_member_names(&archive);
    assert!(members.contains(&"ledger.keys".to_owned()), "the backup carries the key envelope: {members:?}");
    let before_import = ledger.backup_before(BackupReason::Import).unwrap();
    assert!(matches!(before_import, ledger_core::data_folder::backup::BackupOutcome::Made(_)));
    let key = ledger_core::storage::crypto::database_key(&path, Some(&Secret::new(PASSWORD))).unwrap();
    let report = ledger_core::storage::integrity::check_file_keyed(&backup, key.as_ref()).unwrap();
    assert!(report.ok, "{report:?}");
    assert!(!ledger_core::storage::integrity::check_file(&backup).unwrap().ok, "unreadable without the key");
}

/// The member names of a backup archive.
fn zip_member_names(archive: &std::path::Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
    zip.file_names().map(|name| name.unwrap().into_owned()).collect()
}

#[test]
fn an_encrypted_ledger_restores_its_own_backups_and_plain_files_and_stays_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_ledger(dir.path());
    let plain_copy = dir.path().join("before-the-password.sqlite3");
    ledger_core::data_folder::backup::backup_file(&path, &plain_copy, &options().backups, None).unwrap();
    set(&path);
    let ledger = open(&path, Some(PASSWORD)).unwrap();
    let encrypted = PathBuf::from(ledger.backup_now(None).unwrap().path);
    for (from, name) in [(&encrypted, "王敏"), (&plain_copy, "李娜")] {
        ledger.create_expert(&common::expert(name, Some("13900139000"))).unwrap();
        assert_eq!(common::rows(&ledger, "experts"), 3);
        ledger.restore_backup(from).unwrap();
        assert_eq!(common::rows(&ledger, "experts"), 2, "{}", from.display());
        assert_eq!(found(&ledger, "欧阳明"), ["欧阳明辉", "欧阳明远"]);
    }
    drop(ledger);
    assert!(!starts_plain(&path), "still encrypted after restoring a plain file");
    let ledger = open(&path, Some(PASSWORD)).unwrap();
    assert!(ledger.check_integrity().unwrap().ok);
    let backups = dir.path().join("backups");
    let left: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(left.is_empty(), "no staging file left: {left:?}");
}

#[test]
fn the_recovery_of_a_damaged_file_never_replaces_an_encrypted_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_ledger(dir.path());
    let plain_copy = dir.path().join("before-the-password.sqlite3");
    ledger_core::data_folder::backup::backup_file(&path, &plain_copy, &options().backups, None).unwrap();
    set(&path);
    let before = hashes(dir.path());
    let refused = Ledger::recover_with(&path, &plain_copy, options().backups).err().unwrap();
    assert_eq!(refused.code(), ErrorCode::Locked, "a locked ledger is not a damaged one");
    assert_eq!(hashes(dir.path()), before);
}

#[test]
fn moving_the_data_folder_of_an_encrypted_ledger_takes_its_envelope_along() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_ledger(&dir.path().join("old"));
    set(&path);
    let ledger = open(&path, Some(PASSWORD)).unwrap();
    let to = dir.path().join("new");
    let report = ledger.move_data_folder_with(&to, &dir.path().join("data-location.json")).unwrap();
    drop(ledger);
    let moved = PathBuf::from(report.db_path);
    assert!(Ledger::needs_password(&moved) && envelope_path(&moved).is_file());
    assert_eq!(open(&moved, None).err().unwrap().code(), ErrorCode::Locked);
    assert_eq!(common::rows(&open(&moved, Some(PASSWORD)).unwrap(), "experts"), 2);
}

/// Opening a ledger and reading the first page of the service ledger, plain and encrypted (run with `--ignored
/// --nocapture`; a figure, no assertion on time).
#[test]
#[ignore]
fn figure_open_and_list_plain_vs_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite3");
    sample::generate(open(&path, None).unwrap().database(), 1, Scale::Small, sample::FIXED_AS_OF).unwrap();
    let run = |secret: Option<&str>| {
        let rounds = 20;
        let started = std::time::Instant::now();
        for _ in 0..rounds {
            let ledger = open(&path, secret).unwrap();
            let page = ledger.list_service_records(&ServiceRecordQuery::default()).unwrap();
            assert!(page.total > 0);
        }
        started.elapsed() / rounds
    };
    let plain = run(None);
    let list_plain = time_lists(&open(&path, None).unwrap());
    set(&path);
    let encrypted = run(Some(PASSWORD));
    let list_encrypted = time_lists(&open(&path, Some(PASSWORD)).unwrap());
    println!("open + first page of the service ledger: plain {plain:?}, encrypted {encrypted:?} (cheap Argon2)");
    println!("first page of the service ledger on an open ledger: plain {list_plain:?}, encrypted {list_encrypted:?}");
}

fn time_lists(ledger: &Ledger) -> std::time::Duration {
    let rounds = 50;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        ledger.list_service_records(&ServiceRecordQuery::default()).unwrap();
    }
    started.elapsed() / rounds
}
