//! 整理孤立附件: orphaned attachment files (no row names them) are never deleted — a file holding the content of an
//! attachment that lost its file is put back in that attachment's place (plain and sealed ledgers), every other one
//! is moved byte for byte into `attachments-orphaned/<day>/`; young files, and files that cannot be moved, are
//! reported and left; a restore reconciles the files the restored database does not name.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::model::*;
use ledger_core::Ledger;

use crate::sealed_attachments::{add, encrypted_ledger_with_visit, is_sealed, ledger_with_visit, open, photo};

/// The day the tests' ledgers live on: every file written by the test is hours older than its noon.
const DAY: &str = "2030-01-15";

fn later_clock() -> Clock {
    Clock::fixed_on(NaiveDate::parse_from_str(DAY, "%Y-%m-%d").unwrap())
}

/// A plain ledger with one visit, its clock on [`DAY`].
fn plain(dir: &Path) -> (Ledger, String) {
    let (path, visit) = ledger_with_visit(dir);
    let mut ledger = open(&path, None);
    ledger.set_clock(later_clock());
    (ledger, visit)
}

/// Writes `bytes` at `relative` (inside the data folder `dir`), making its folder.
fn put(dir: &Path, relative: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

/// The stored path of an attachment's file, relative to the data folder `dir`.
fn stored(ledger: &Ledger, dir: &Path, a: &Attachment) -> String {
    let path = ledger.attachment_path(&a.id).unwrap();
    path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/")
}

#[test]
fn orphans_are_moved_byte_for_byte_into_the_quarantine_folder_of_the_day_and_no_longer_listed() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, visit) = plain(dir.path());
    let kept = add(&ledger, &visit, 1);
    let orphan = "attachments/2030/0191d0f2-aaaa-7bbb-8ccc-000000000001.png";
    put(dir.path(), orphan, &photo(2));
    put(dir.path(), "attachments/2019/scan.pdf", b"%PDF-1.7 scan");
    let partial = put(dir.path(), "attachments/2030/.x.png.partial-0123", b"half");
    assert_eq!(ledger.check_integrity().unwrap().orphan_files.len(), 2);

    let report = ledger.reconcile_attachments().unwrap();
    let day = format!("attachments-orphaned/{DAY}");
    assert_eq!(
        report.moved,
        [
            MovedFile { from: "attachments/2019/scan.pdf".into(), to: format!("{day}/2019/scan.pdf") },
            MovedFile { from: orphan.into(), to: format!("{day}/2030/0191d0f2-aaaa-7bbb-8ccc-000000000001.png") },
        ]
    );
    assert!(report.healed.is_empty() && report.not_moved.is_empty(), "{report:?}");
    assert_eq!(fs::read(dir.path().join(&report.moved[0].to)).unwrap(), b"%PDF-1.7 scan");
    assert_eq!(fs::read(dir.path().join(&report.moved[1].to)).unwrap(), photo(2), "byte for byte");
    assert!(!dir.path().join(orphan).exists(), "moved, not copied");
    assert!(partial.is_file(), "partial files are not orphans: start-up sweeps them");
    let check = ledger.check_integrity().unwrap();
    assert!(check.ok && check.orphan_files.is_empty(), "{check:?}");
    assert_eq!(ledger.attachment_bytes(&kept.id).unwrap(), photo(1), "the ledger's own files stay");

    // A second file of the same name the same day does not replace the first.
    put(dir.path(), "attachments/2019/scan.pdf", b"%PDF-1.7 another");
    let again = ledger.reconcile_attachments().unwrap();
    assert_eq!(again.moved[0].to, format!("{day}/2019/scan (2).pdf"));
    assert_eq!(fs::read(dir.path().join(&report.moved[0].to)).unwrap(), b"%PDF-1.7 scan");
}

#[test]
fn nothing_is_moved_when_there_are_no_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, visit) = plain(dir.path());
    add(&ledger, &visit, 1);
    assert_eq!(ledger.reconcile_attachments().unwrap(), ReconcileReport::default());
    assert!(!dir.path().join("attachments-orphaned").exists(), "no folder made for nothing");
}

#[test]
fn a_young_file_is_left_and_reported_since_its_row_may_be_being_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = ledger_with_visit(dir.path());
    let ledger = open(&path, None);
    let orphan = put(dir.path(), "attachments/2026/0191d0f2-aaaa-7bbb-8ccc-000000000009.png", &photo(9));
    let report = ledger.reconcile_attachments().unwrap();
    assert!(report.moved.is_empty() && report.healed.is_empty(), "{report:?}");
    assert_eq!(report.not_moved.len(), 1);
    assert!(report.not_moved[0].reason.contains("less than 60 minutes"), "{report:?}");
    assert!(orphan.is_file());
}

#[test]
fn a_file_that_cannot_be_moved_is_reported_and_the_others_are_moved() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, _) = plain(dir.path());
    put(dir.path(), "attachments/2019/scan.pdf", b"%PDF-1.7 scan");
    put(dir.path(), "attachments/2020/photo.jpg", b"\xFF\xD8 photo");
    // A file where the quarantine needs the folder `2019`: that move fails whoever runs the test (root included).
    put(dir.path(), &format!("attachments-orphaned/{DAY}/2019"), b"in the way");

    let report = ledger.reconcile_attachments().unwrap();
    assert_eq!(report.not_moved.len(), 1, "{report:?}");
    assert_eq!(report.not_moved[0].path, "attachments/2019/scan.pdf");
    assert!(!report.not_moved[0].reason.is_empty());
    assert_eq!(report.moved.len(), 1, "the other file is moved all the same: {report:?}");
    assert_eq!(report.moved[0].from, "attachments/2020/photo.jpg");
    assert!(dir.path().join("attachments/2019/scan.pdf").is_file(), "left where it was");
    assert_eq!(ledger.check_integrity().unwrap().orphan_files, ["attachments/2019/scan.pdf"]);
}

#[test]
fn a_file_holding_an_attachment_that_lost_its_file_heals_it_in_a_plain_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, visit) = plain(dir.path());
    let a = add(&ledger, &visit, 1);
    let place = stored(&ledger, dir.path(), &a);
    fs::rename(dir.path().join(&place), dir.path().join("attachments/2030/renamed by hand.png")).unwrap();
    // The same content twice: one file heals the one row, the other is moved.
    put(dir.path(), "attachments/2019/copy.png", &photo(1));
    assert!(ledger.attachment_bytes(&a.id).is_err(), "the attachment lost its file");

    let report = ledger.reconcile_attachments().unwrap();
    assert_eq!(
        report.healed,
        [HealedAttachment {
            attachment_id: a.id.clone(),
            path: place.clone(),
            from: "attachments/2019/copy.png".into()
        }]
    );
    assert_eq!(report.moved.len(), 1, "{report:?}");
    assert_eq!(report.moved[0].from, "attachments/2030/renamed by hand.png");
    assert_eq!(ledger.attachment_bytes(&a.id).unwrap(), photo(1));
    assert!(!is_sealed(&dir.path().join(&place)));
    let check = ledger.check_integrity().unwrap();
    assert!(check.orphan_files.is_empty(), "{check:?}");
}

#[test]
fn a_sealed_or_plain_file_holding_an_attachment_that_lost_its_file_heals_it_in_an_encrypted_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let (_, visit, mut ledger) = encrypted_ledger_with_visit(dir.path());
    ledger.set_clock(later_clock());
    let a = add(&ledger, &visit, 1);
    let b = add(&ledger, &visit, 2);
    let (a_place, b_place) = (stored(&ledger, dir.path(), &a), stored(&ledger, dir.path(), &b));
    // a's sealed file under another attachment's name; b's file gone, its original photo put back plain by hand.
    let a_sealed = fs::read(dir.path().join(&a_place)).unwrap();
    fs::rename(dir.path().join(&a_place), dir.path().join("attachments/2030/0191d0f2-aaaa-7bbb-8ccc-00000000000a.png"))
        .unwrap();
    fs::remove_file(dir.path().join(&b_place)).unwrap();
    put(dir.path(), "attachments/2019/现场照片2.png", &photo(2));
    // A sealed file of this ledger that matches no row is moved, sealed as it is.
    let c = add(&ledger, &visit, 3);
    let c_place = stored(&ledger, dir.path(), &c);
    let c_sealed = fs::read(dir.path().join(&c_place)).unwrap();
    fs::rename(dir.path().join(&c_place), dir.path().join("attachments/2019/c.png")).unwrap();
    // Its row gone (as a purge that could not remove the file leaves it).
    crate::common::exec(&ledger, &format!("DELETE FROM attachments WHERE id = '{}'", c.id));

    let report = ledger.reconcile_attachments().unwrap();
    let mut healed: Vec<_> = report.healed.iter().map(|h| h.attachment_id.clone()).collect();
    healed.sort();
    let mut expected = vec![a.id.clone(), b.id.clone()];
    expected.sort();
    assert_eq!(healed, expected, "{report:?}");
    assert_eq!(
        fs::read(dir.path().join(&a_place)).unwrap(),
        a_sealed,
        "a sealed file bound to its row goes back as it is"
    );
    assert!(is_sealed(&dir.path().join(&b_place)), "a plain file is sealed in an encrypted ledger");
    assert_eq!(ledger.attachment_bytes(&a.id).unwrap(), photo(1));
    assert_eq!(ledger.attachment_bytes(&b.id).unwrap(), photo(2));
    assert_eq!(
        report.moved,
        [MovedFile { from: "attachments/2019/c.png".into(), to: format!("attachments-orphaned/{DAY}/2019/c.png") }]
    );
    assert_eq!(fs::read(dir.path().join(&report.moved[0].to)).unwrap(), c_sealed);
    assert!(ledger.check_integrity().unwrap().orphan_files.is_empty());
}

#[test]
fn a_restore_of_an_older_backup_moves_the_files_it_does_not_name_and_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    let (path, visit) = ledger_with_visit(dir.path());
    let ledger = open(&path, None);
    let a = add(&ledger, &visit, 1);
    let backup = PathBuf::from(ledger.backup_now(None).unwrap().path);
    let b = add(&ledger, &visit, 2);
    let b_place = stored(&ledger, dir.path(), &b);
    // Written two hours ago (the ledger keeps the system's clock here: a clock moved ahead would make the restore's
    // own staging file look like a stale partial file).
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    fs::File::options().write(true).open(dir.path().join(&b_place)).unwrap().set_modified(two_hours_ago).unwrap();

    let report = ledger.restore_backup(&backup).unwrap();
    let day = ledger.today().format("%Y-%m-%d");
    let to = format!("attachments-orphaned/{day}/{}", b_place.strip_prefix("attachments/").unwrap());
    assert_eq!(report.reconciled.moved, [MovedFile { from: b_place.clone(), to: to.clone() }]);
    assert!(report.missing_files.is_empty());
    assert_eq!(fs::read(dir.path().join(&to)).unwrap(), photo(2), "kept, byte for byte");
    assert_eq!(ledger.attachment_bytes(&a.id).unwrap(), photo(1));
    assert!(ledger.check_integrity().unwrap().orphan_files.is_empty());
}
