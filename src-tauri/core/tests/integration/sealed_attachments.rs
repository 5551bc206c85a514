//! 附件加密: the attachment files of an encrypted ledger are sealed at rest (storage/crypto/file.rs) — read back in
//! memory for thumbnails and as a temporary decrypted copy for the system viewer, refused clearly with another
//! ledger's key or when swapped, converted by setting and removing the password (an interruption leaves every file
//! readable), carried sealed by backups — and the orphaned files of the attachments folder are reported.

use crate::common;

use std::path::{Path, PathBuf};

use ledger_core::data_folder::attachments::sweep_viewer_copies;
use ledger_core::data_folder::backup::BackupPolicy;
use ledger_core::data_folder::password::Stopped;
use ledger_core::data_folder::password::{ConversionStep, PasswordOptions};
use ledger_core::model::*;
use ledger_core::storage::crypto::file::{sealed_with, MAGIC};
use ledger_core::storage::crypto::{envelope_path, next_envelope_path};
use ledger_core::storage::crypto::{KdfParams, Secret};
use ledger_core::{CoreError, ErrorCode, Ledger};

pub(crate) const PASSWORD: &str = "附件 password 2026";
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn options() -> PasswordOptions {
    PasswordOptions {
        kdf: KdfParams::cheap_for_tests(),
        backups: BackupPolicy { daily_at_open: false, ..BackupPolicy::default() },
        stop_after: None,
    }
}

fn stopped(step: ConversionStep) -> PasswordOptions {
    PasswordOptions { stop_after: Some(step), ..options() }
}

pub(crate) fn open(path: &Path, secret: Option<&str>) -> Ledger {
    let secret = secret.map(Secret::new);
    Ledger::open_with_secret(path, options().backups, secret.as_ref()).unwrap()
}

fn set(path: &Path) -> String {
    Ledger::set_password_with(path, &Secret::new(PASSWORD), &options()).unwrap().as_str().to_owned()
}

/// A photo's bytes: the PNG signature, then text that must not show in a sealed file.
pub(crate) fn photo(n: u8) -> Vec<u8> {
    let mut bytes = PNG_SIGNATURE.to_vec();
    bytes.extend_from_slice(format!("盖章确认单 photo {n} ").repeat(50).as_bytes());
    bytes
}

/// A ledger file in `dir` with one visit; answers its path and the visit's id.
pub(crate) fn ledger_with_visit(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("ledger.sqlite3");
    let ledger = open(&path, None);
    let x = ledger.create_expert(&common::expert("李明", None)).unwrap();
    let f = ledger.create_enterprise(&common::enterprise("宁波精密机械有限公司", 1)).unwrap().record;
    let visit = ledger
        .create_visit(&VisitInput {
            visit_date: "2024-03-05".into(),
            enterprise_id: f.id,
            expert_ids: vec![x.id],
            mode: Some(VisitMode::OnSite),
            ..Default::default()
        })
        .unwrap();
    (path, visit.id)
}

/// [`ledger_with_visit`] with the password set, opened with it.
pub(crate) fn encrypted_ledger_with_visit(dir: &Path) -> (PathBuf, String, Ledger) {
    let (path, visit) = ledger_with_visit(dir);
    set(&path);
    let ledger = open(&path, Some(PASSWORD));
    (path, visit, ledger)
}

pub(crate) fn add(ledger: &Ledger, visit: &str, n: u8) -> Attachment {
    ledger.add_attachment(AttachmentOwnerKind::Visit, visit, &format!("现场照片{n}.png"), &photo(n)).unwrap()
}

pub(crate) fn is_sealed(file: &Path) -> bool {
    std::fs::read(file).unwrap().starts_with(MAGIC)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Three photos (1, 2, 3) added to the visit in the ledger at `path` (opened with `secret`), and their stored files.
fn three_photos(path: &Path, visit: &str, secret: Option<&str>) -> (Vec<Attachment>, Vec<PathBuf>) {
    let ledger = open(path, secret);
    let files: Vec<Attachment> = (1..=3).map(|n| add(&ledger, visit, n)).collect();
    let stored = files.iter().map(|a| ledger.attachment_path(&a.id).unwrap()).collect();
    (files, stored)
}

/// How many of the files are sealed.
fn sealed_count(stored: &[PathBuf]) -> usize {
    stored.iter().filter(|f| is_sealed(f)).count()
}

/// Each photo of [`three_photos`] reads back as it was added.
fn assert_readable(ledger: &Ledger, files: &[Attachment]) {
    for (n, a) in files.iter().enumerate() {
        assert_eq!(ledger.attachment_bytes(&a.id).unwrap(), photo(n as u8 + 1), "{n}: readable");
    }
}

#[test]
fn an_encrypted_ledger_stores_attachments_sealed_and_gives_the_original_back() {
    let dir = tempfile::tempdir().unwrap();
    let (path, visit, ledger) = encrypted_ledger_with_visit(dir.path());
    let a = add(&ledger, &visit, 1);
    let stored = std::fs::read(ledger.attachment_path(&a.id).unwrap()).unwrap();
    assert!(stored.starts_with(MAGIC), "the file says it is sealed");
    assert!(!contains(&stored, PNG_SIGNATURE) && !contains(&stored, "盖章确认单".as_bytes()), "no plaintext on disk");
    assert_eq!(a.size_bytes as usize, photo(1).len(), "the size is the original's");
    let original_sum = {
        use sha2::{Digest, Sha256};
        Sha256::digest(photo(1)).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    assert_eq!(a.sha256, original_sum, "the SHA-256 is the original's");
    assert_eq!(ledger.attachment_bytes(&a.id).unwrap(), photo(1), "the thumbnail is decrypted in memory");
    drop(ledger);
    let again = open(&path, Some(PASSWORD));
    assert_eq!(again.attachment_bytes(&a.id).unwrap(), photo(1), "and after opening again");
}

#[test]
fn a_plain_ledger_stores_attachments_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let (path, visit) = ledger_with_visit(dir.path());
    let ledger = open(&path, None);
    let a = add(&ledger, &visit, 1);
    assert_eq!(std::fs::read(ledger.attachment_path(&a.id).unwrap()).unwrap(), photo(1));
    assert_eq!(ledger.attachment_for_viewer(&a.id).unwrap(), ledger.attachment_path(&a.id).unwrap());
    assert!(ledger.viewer_copies().folder().is_none(), "no decrypted copy for a plain file");
}

#[test]
fn another_ledger_s_key_a_swapped_file_and_a_plain_ledger_each_fail_clearly() {
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let (path_a, visit_a) = ledger_with_visit(dir_a.path());
    let (path_b, visit_b) = ledger_with_visit(dir_b.path());
    set(&path_a);
    set(&path_b);
    let a = open(&path_a, Some(PASSWORD));
    let b = open(&path_b, Some(PASSWORD));
    let in_a = add(&a, &visit_a, 1);
    let in_b = add(&b, &visit_b, 2);
    let second_in_b = add(&b, &visit_b, 3);

    std::fs::copy(a.attachment_path(&in_a.id).unwrap(), b.attachment_path(&in_b.id).unwrap()).unwrap();
    let err = b.attachment_bytes(&in_b.id).unwrap_err();
    assert_eq!(err.code(), "damaged_file");
    assert!(err.message_zh().contains("另一个台账的密钥"), "{}", err.message_zh());
    assert!(err.message_en().contains("another ledger's key"), "{}", err.message_en());

    std::fs::copy(b.attachment_path(&second_in_b.id).unwrap(), b.attachment_path(&in_b.id).unwrap()).unwrap();
    let err = b.attachment_bytes(&in_b.id).unwrap_err();
    assert_eq!(err.code(), "damaged_file", "a file copied over another attachment's does not open");
    assert!(err.message_zh().contains("损坏或被替换"), "{}", err.message_zh());
    assert!(b.attachment_for_viewer(&in_b.id).is_err(), "nor for the viewer");
    assert_eq!(b.attachment_bytes(&second_in_b.id).unwrap(), photo(3), "the other one is untouched");

    let dir_c = tempfile::tempdir().unwrap();
    let (path_c, visit_c) = ledger_with_visit(dir_c.path());
    let c = open(&path_c, None);
    let in_c = add(&c, &visit_c, 4);
    std::fs::copy(b.attachment_path(&second_in_b.id).unwrap(), c.attachment_path(&in_c.id).unwrap()).unwrap();
    let err = c.attachment_bytes(&in_c.id).unwrap_err();
    assert!(err.message_zh().contains("未设置密码"), "{}", err.message_zh());
}

#[test]
fn setting_the_password_seals_every_file_and_removing_it_opens_them_again() {
    let dir = tempfile::tempdir().unwrap();
    let (path, visit) = ledger_with_visit(dir.path());
    let (files, stored) = three_photos(&path, &visit, None);
    open(&path, None).remove_attachment(&files[2].id).unwrap();

    let code = set(&path);
    let ledger = open(&path, Some(&code));
    assert_eq!(sealed_count(&stored), 3, "every file, the one in the recycle bin too");
    assert_readable(&ledger, &files[..2]);
    drop(ledger);

    let sealed_before: Vec<Vec<u8>> = stored.iter().map(|f| std::fs::read(f).unwrap()).collect();
    Ledger::change_password_with(&path, &Secret::new(PASSWORD), &Secret::new("another password"), &options()).unwrap();
    let ledger = open(&path, Some("another password"));
    assert_readable(&ledger, &files[..2]);
    let key = ledger.attachments_key().unwrap();
    for (file, before) in stored.iter().zip(&sealed_before) {
        let now = std::fs::read(file).unwrap();
        assert!(sealed_with(key, &now) && !sealed_with(key, before), "sealed again under the new key");
    }
    drop(ledger);

    Ledger::remove_password_with(&path, &Secret::new("another password"), &options()).unwrap();
    for (n, file) in stored.iter().enumerate() {
        assert_eq!(std::fs::read(file).unwrap(), photo(n as u8 + 1), "plain again");
    }
    assert_eq!(open(&path, None).attachment_bytes(&files[0].id).unwrap(), photo(1));
}

#[test]
fn a_set_stopped_among_the_files_leaves_every_file_readable_and_the_next_opening_seals_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let (path, visit) = ledger_with_visit(dir.path());
    let (files, stored) = three_photos(&path, &visit, None);

    let stop = stopped(ConversionStep::AttachmentConverted);
    assert!(Ledger::set_password_with(&path, &Secret::new(PASSWORD), &stop).is_err());
    assert!(Ledger::needs_password(&path), "the database was converted before the files");
    assert_eq!(sealed_count(&stored), 1, "stopped after the first file");

    assert_readable(&open(&path, Some(PASSWORD)), &files);
    assert_eq!(sealed_count(&stored), 3, "the opening sealed the plain ones");
}

#[test]
fn a_remove_stopped_among_the_files_leaves_every_file_readable_and_the_ledger_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let (path, visit) = ledger_with_visit(dir.path());
    set(&path);
    let (files, stored) = three_photos(&path, &visit, Some(PASSWORD));

    let stop = stopped(ConversionStep::AttachmentConverted);
    assert!(Ledger::remove_password_with(&path, &Secret::new(PASSWORD), &stop).is_err());
    assert!(Ledger::needs_password(&path), "the files come first: the ledger is still encrypted");
    assert_eq!(sealed_count(&stored), 2, "stopped after the first file");

    assert_readable(&open(&path, Some(PASSWORD)), &files);
    Ledger::remove_password_with(&path, &Secret::new(PASSWORD), &options()).unwrap();
    assert_eq!(sealed_count(&stored), 0, "the next remove finishes the job");
    let ledger = open(&path, None);
    assert_eq!(ledger.attachment_bytes(&files[1].id).unwrap(), photo(2));
}

/// The recovery code a change had made when a test stopped it.
fn code_at_stop(err: &CoreError) -> Option<String> {
    let CoreError::Io(e) = err else { panic!("not a test's stop: {err}") };
    e.get_ref().and_then(|e| e.downcast_ref::<Stopped>()).expect("a test's stop").recovery_code.clone()
}

/// The SHA-256 of every file of the data folder (the lock file aside), by path.
fn hashes(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    use sha2::{Digest, Sha256};
    let mut all = std::collections::BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                folders.push(p);
            } else if !p.to_string_lossy().ends_with(".lock") {
                all.insert(p.display().to_string(), Sha256::digest(std::fs::read(&p).unwrap()).to_vec());
            }
        }
    }
    all
}

#[test]
fn a_change_stopped_at_any_step_opens_with_the_old_or_the_new_secret_and_every_photo_reads() {
    use ConversionStep::*;
    const NEW: &str = "新的密码 new password";
    // Which secrets open after a stop at each step: (old password and code, new password and code).
    let steps = [
        (CopyMade, true, false),
        (NextEnvelopeWritten, true, false),
        (FileReplaced, true, true),
        (EnvelopeReplaced, false, true),
        (AttachmentConverted, false, true),
    ];
    for (step, old_opens, new_opens) in steps {
        for which in ["old password", "old code", "new password", "new code"] {
            let dir = tempfile::tempdir().unwrap();
            let (path, visit) = ledger_with_visit(dir.path());
            let old_code = set(&path);
            let (files, stored) = three_photos(&path, &visit, Some(PASSWORD));
            let sealed_before: Vec<Vec<u8>> = stored.iter().map(|f| std::fs::read(f).unwrap()).collect();
            let err = Ledger::change_password_with(&path, &Secret::new(PASSWORD), &Secret::new(NEW), &stopped(step))
                .unwrap_err();
            let resealed = stored.iter().zip(&sealed_before).filter(|(f, b)| std::fs::read(f).unwrap() != **b).count();
            assert_eq!(resealed, usize::from(step == AttachmentConverted), "{step:?}: files sealed again by then");
            let new_code = code_at_stop(&err);
            assert_eq!(new_code.is_some(), new_opens, "{step:?}: the new code exists once it opens");
            let (secret, opens) = match which {
                "old password" => (PASSWORD.to_owned(), old_opens),
                "old code" => (old_code, old_opens),
                "new password" => (NEW.to_owned(), new_opens),
                _ => match new_code {
                    Some(code) => (code, true),
                    None => continue,
                },
            };
            let context = format!("{step:?}, {which}");
            let before = hashes(dir.path());
            let opened = Ledger::open_with_secret(&path, options().backups, Some(&Secret::new(&secret)));
            if !opens {
                assert_eq!(opened.err().unwrap().code(), ErrorCode::WrongPassword, "{context}");
                assert_eq!(hashes(dir.path()), before, "{context}: a refused secret writes nothing");
                continue;
            }
            let ledger = opened.unwrap_or_else(|e| panic!("{context}: {e}"));
            assert_readable(&ledger, &files);
            assert_eq!(common::rows(&ledger, "experts"), 1, "{context}");
            let key = ledger.attachments_key().unwrap();
            assert!(stored.iter().all(|f| sealed_with(key, &std::fs::read(f).unwrap())), "{context}: one key");
            drop(ledger);
            assert!(!next_envelope_path(&path).exists(), "{context}: the switch is finished or undone");
            let envelope = std::fs::read_to_string(envelope_path(&path)).unwrap();
            assert!(!envelope.contains("previousAttachmentsKeys") && !envelope.contains("bridge"), "{context}");
            // Undone before the rename, finished after it: from now on one password opens, the other does not.
            let (opens_now, refused_now) = if new_opens { (NEW, PASSWORD) } else { (PASSWORD, NEW) };
            assert_readable(&open(&path, Some(opens_now)), &files);
            let refused = Ledger::open_with_secret(&path, options().backups, Some(&Secret::new(refused_now)));
            assert_eq!(refused.err().unwrap().code(), ErrorCode::WrongPassword, "{context}: {refused_now}");
        }
    }
}

#[test]
fn a_file_a_change_cannot_seal_again_keeps_the_old_key_until_an_opening_can() {
    let dir = tempfile::tempdir().unwrap();
    let (path, visit) = ledger_with_visit(dir.path());
    set(&path);
    let (files, stored) = three_photos(&path, &visit, Some(PASSWORD));
    // The third file damaged for the time of the change (a copy kept to put it back).
    let good = std::fs::read(&stored[2]).unwrap();
    let mut damaged = good.clone();
    *damaged.last_mut().unwrap() ^= 1;
    std::fs::write(&stored[2], &damaged).unwrap();

    let new = "新的密码 new password";
    let code = Ledger::change_password_with(&path, &Secret::new(PASSWORD), &Secret::new(new), &options()).unwrap();
    assert!(!code.as_str().is_empty(), "the change succeeded: its recovery code is there to be shown");
    let envelope = || std::fs::read_to_string(envelope_path(&path)).unwrap();
    assert!(envelope().contains("previousAttachmentsKeys"), "the old key is kept for the file left under it");
    assert_eq!(std::fs::read(&stored[2]).unwrap(), damaged, "the file is left as it was");
    let ledger = open(&path, Some(new));
    assert_readable(&ledger, &files[..2]);
    drop(ledger);

    std::fs::write(&stored[2], &good).unwrap();
    let ledger = open(&path, Some(code.as_str()));
    assert_readable(&ledger, &files);
    assert!(sealed_with(ledger.attachments_key().unwrap(), &std::fs::read(&stored[2]).unwrap()));
    assert!(!envelope().contains("previousAttachmentsKeys"), "dropped once no file needs it");
}

#[test]
fn a_file_that_does_not_open_stops_the_remove_and_the_ledger_stays_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let (path, visit, ledger) = encrypted_ledger_with_visit(dir.path());
    let good = add(&ledger, &visit, 1);
    let bad = add(&ledger, &visit, 2);
    let bad_file = ledger.attachment_path(&bad.id).unwrap();
    drop(ledger);
    let mut bytes = std::fs::read(&bad_file).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&bad_file, &bytes).unwrap();

    let err = Ledger::remove_password_with(&path, &Secret::new(PASSWORD), &options()).unwrap_err();
    assert_eq!(err.code(), "damaged_file", "{err}");
    assert!(Ledger::needs_password(&path), "without the key the damaged file could never be read again");
    let ledger = open(&path, Some(PASSWORD));
    assert_eq!(ledger.attachment_bytes(&good.id).unwrap(), photo(1));
}

#[test]
#[cfg_attr(not(unix), ignore = "Unix only: file modes; the OS temp folder of Windows is the user's own")]
fn the_viewers_decrypted_copy_is_readable_by_its_owner_only() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (_, visit, ledger) = encrypted_ledger_with_visit(dir.path());
        let a = add(&ledger, &visit, 1);
        let copy = ledger.attachment_for_viewer(&a.id).unwrap();
        let folder = ledger.viewer_copies().folder().unwrap();
        assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777, 0o700);
    }
}

#[test]
fn the_viewer_gets_a_private_decrypted_copy_removed_with_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let (_, visit, ledger) = encrypted_ledger_with_visit(dir.path());
    let a = add(&ledger, &visit, 1);
    let copy = ledger.attachment_for_viewer(&a.id).unwrap();
    assert!(copy.starts_with(std::env::temp_dir()), "{}", copy.display());
    assert!(!copy.starts_with(dir.path()), "never inside the data folder");
    assert_eq!(copy.file_name().unwrap(), "现场照片1.png", "the name the person gave it");
    assert_eq!(std::fs::read(&copy).unwrap(), photo(1));
    let folder = ledger.viewer_copies().folder().unwrap();
    let second = ledger.attachment_for_viewer(&a.id).unwrap();
    assert_ne!(second, copy, "each opening gets its own copy");
    assert!(second.starts_with(&folder));
    sweep_viewer_copies(&ledger_core::clock::Clock::system());
    assert!(folder.is_dir(), "a sweep leaves a live session's folder");
    common::exec(&ledger, &format!("UPDATE attachments SET file_name = 'run-me.exe' WHERE id = '{}'", a.id));
    let renamed = ledger.attachment_for_viewer(&a.id).unwrap();
    assert_eq!(renamed.file_name().unwrap().to_string_lossy(), format!("{}.png", a.id), "never another extension");
    drop(ledger);
    assert!(!folder.exists(), "locking or closing the ledger removes the copies");
}

#[test]
fn the_folder_of_a_session_that_ended_without_removing_it_is_swept_at_the_next_opening() {
    let stale = std::env::temp_dir().join(format!("st-ledger-view-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("left.png"), photo(1)).unwrap();
    let lock = std::fs::File::create(stale.join(".lock")).unwrap();
    lock.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600)).unwrap();
    drop(lock);
    let live_dir = tempfile::tempdir().unwrap();
    let (path, visit) = ledger_with_visit(live_dir.path());
    set(&path);
    let live = open(&path, Some(PASSWORD));
    let a = add(&live, &visit, 1);
    live.attachment_for_viewer(&a.id).unwrap();
    let live_folder = live.viewer_copies().folder().unwrap();
    // Made a minute ago and never locked: the sweep goes by the lock, not by the age alone.
    let live_lock = std::fs::File::options().write(true).open(live_folder.join(".lock")).unwrap();
    live_lock.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600)).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let (other, _) = ledger_with_visit(dir.path());
    drop(open(&other, None));
    assert!(!stale.exists(), "the ended session's copies are gone");
    assert!(live_folder.is_dir(), "the live session's folder stays");
}

#[test]
fn backups_carry_the_sealed_files_and_a_restore_keeps_them_readable() {
    let dir = tempfile::tempdir().unwrap();
    let (_, visit, ledger) = encrypted_ledger_with_visit(dir.path());
    let a = add(&ledger, &visit, 1);
    let archive = PathBuf::from(ledger.backup_now(None).unwrap().path);
    let member = {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
        let name: String =
            zip.file_names().map(|n| n.unwrap().into_owned()).find(|n| n.starts_with("attachments/")).unwrap();
        let mut bytes = Vec::new();
        zip.by_name(&name).unwrap().read_to_end(&mut bytes).unwrap();
        bytes
    };
    assert!(member.starts_with(MAGIC) && !contains(&member, PNG_SIGNATURE), "the backup holds the sealed file");

    std::fs::remove_file(ledger.attachment_path(&a.id).unwrap()).unwrap();
    let report = ledger.restore_backup(&archive).unwrap();
    assert_eq!(report.attachment_files, 1);
    assert!(report.missing_files.is_empty(), "{report:?}");
    assert_eq!(ledger.attachment_bytes(&a.id).unwrap(), photo(1), "restored into the same ledger, readable");
    drop(ledger);

    // The archive alone, unpacked on another computer: its envelope's key opens the database and the files.
    let elsewhere = tempfile::tempdir().unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
    zip.extract(elsewhere.path()).unwrap();
    std::fs::remove_file(elsewhere.path().join("manifest.json")).unwrap();
    let moved = open(&elsewhere.path().join("ledger.sqlite3"), Some(PASSWORD));
    assert_eq!(moved.attachment_bytes(&a.id).unwrap(), photo(1));
}

#[test]
fn a_backup_restored_into_a_ledger_under_another_key_or_none_brings_its_photos_readable_under_that_ledger() {
    // The backup: an encrypted ledger with one photo.
    let source = tempfile::tempdir().unwrap();
    let (_, visit, ledger) = encrypted_ledger_with_visit(source.path());
    let a = add(&ledger, &visit, 1);
    let encrypted_archive = PathBuf::from(ledger.backup_now(None).unwrap().path);
    drop(ledger);
    let secret = Secret::new(PASSWORD);

    // Into another encrypted ledger (its own master key): the photo is sealed again under that ledger's key.
    let other = tempfile::tempdir().unwrap();
    let (other_path, _, other_ledger) = encrypted_ledger_with_visit(other.path());
    let report = other_ledger.restore_backup_with(&encrypted_archive, Some(&secret)).unwrap();
    assert!(report.missing_files.is_empty(), "{report:?}");
    assert_eq!(other_ledger.attachment_bytes(&a.id).unwrap(), photo(1), "readable with this ledger's key");
    let stored = other_ledger.attachment_path(&a.id).unwrap();
    assert!(is_sealed(&stored), "still sealed at rest");
    drop(other_ledger);
    assert_eq!(open(&other_path, Some(PASSWORD)).attachment_bytes(&a.id).unwrap(), photo(1), "and after reopening");

    // Into a plain ledger: the photo is stored plain, as every file of a plain ledger.
    let plain = tempfile::tempdir().unwrap();
    let (_, _) = ledger_with_visit(plain.path());
    let plain_ledger = open(&plain.path().join("ledger.sqlite3"), None);
    plain_ledger.restore_backup_with(&encrypted_archive, Some(&secret)).unwrap();
    assert_eq!(plain_ledger.attachment_bytes(&a.id).unwrap(), photo(1));
    assert!(!is_sealed(&plain_ledger.attachment_path(&a.id).unwrap()), "plain in a plain ledger");

    // And a plain backup restored into an encrypted ledger: sealed at once, not left plain until the next opening.
    let plain_archive = PathBuf::from(plain_ledger.backup_now(None).unwrap().path);
    drop(plain_ledger);
    let third = tempfile::tempdir().unwrap();
    let (_, _, third_ledger) = encrypted_ledger_with_visit(third.path());
    third_ledger.restore_backup_with(&plain_archive, None).unwrap();
    assert!(is_sealed(&third_ledger.attachment_path(&a.id).unwrap()), "sealed under this ledger's key");
    assert_eq!(third_ledger.attachment_bytes(&a.id).unwrap(), photo(1));
}

#[test]
fn orphaned_files_are_reported_by_the_check_and_left_where_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let (path, visit) = ledger_with_visit(dir.path());
    let ledger = open(&path, None);
    let a = add(&ledger, &visit, 1);
    let year = ledger.attachment_path(&a.id).unwrap().parent().unwrap().to_owned();
    let orphan = year.join("0191d0f2-aaaa-7bbb-8ccc-000000000001.png");
    std::fs::write(&orphan, photo(2)).unwrap();
    std::fs::write(year.join(".x.png.partial-0123"), b"half").unwrap();
    std::fs::write(year.join("old.png.part"), b"half").unwrap();
    std::fs::create_dir_all(dir.path().join("attachments/2019")).unwrap();
    std::fs::write(dir.path().join("attachments/2019/scan.pdf"), b"%PDF-1.7").unwrap();

    let report = ledger.check_integrity().unwrap();
    assert!(report.ok, "orphans are no failure of the check: {report:?}");
    let year_name = year.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        report.orphan_files,
        [
            "attachments/2019/scan.pdf".to_owned(),
            format!("attachments/{year_name}/0191d0f2-aaaa-7bbb-8ccc-000000000001.png")
        ],
        "partial files are not orphans (start-up sweeps them)"
    );
    drop(ledger);
    let by_file = ledger_core::storage::integrity::check_file(&path).unwrap();
    assert_eq!(by_file.orphan_files, report.orphan_files, "the check of the file (ledger-cli check) says the same");
    assert!(orphan.is_file(), "reported, never removed");
    let purged = open(&path, None);
    purged.remove_attachment(&a.id).unwrap();
    assert_eq!(purged.check_integrity().unwrap().orphan_files.len(), 2, "a file in the recycle bin is no orphan");
}

#[test]
fn a_file_that_cannot_be_sealed_does_not_fail_the_set_and_stays_readable() {
    let dir = tempfile::tempdir().unwrap();
    let (path, visit) = ledger_with_visit(dir.path());
    let (files, stored) = three_photos(&path, &visit, None);
    // A name so long that its temporary name beside it cannot be made (the file system's name limit): sealing it
    // fails whoever runs the test, root included.
    let stuck = stored[0].with_file_name(format!("{}.png", "a".repeat(240)));
    std::fs::write(&stuck, photo(9)).unwrap();

    let code = set(&path);
    assert!(!code.is_empty(), "the set succeeded and the recovery code is there to be shown");
    assert_eq!(sealed_count(&stored), 3);
    assert!(!is_sealed(&stuck), "the file that could not be sealed is left as it was");
    assert_eq!(std::fs::read(&stuck).unwrap(), photo(9));
    assert_readable(&open(&path, Some(PASSWORD)), &files);
}

/// Opening an encrypted ledger with 500 sealed attachments against one without (the look for plain leftovers), and
/// setting and removing the password on them (run with `--ignored --nocapture`; a figure, no assertion on time).
#[test]
#[ignore]
fn figure_opening_and_converting_with_500_attachments() {
    let dir = tempfile::tempdir().unwrap();
    let (path, visit) = ledger_with_visit(dir.path());
    let time_opening = |path: &Path| {
        let rounds = 10;
        let started = std::time::Instant::now();
        for _ in 0..rounds {
            drop(open(path, Some(PASSWORD)));
        }
        started.elapsed() / rounds
    };
    let empty_dir = tempfile::tempdir().unwrap();
    let (empty, _) = ledger_with_visit(empty_dir.path());
    set(&empty);
    let without = time_opening(&empty);
    let ledger = open(&path, None);
    let photo = vec![0x5Au8; 200 * 1024];
    for n in 0..500 {
        ledger.add_attachment(AttachmentOwnerKind::Visit, &visit, &format!("照片{n}.jpg"), &photo).unwrap();
    }
    drop(ledger);
    let started = std::time::Instant::now();
    set(&path);
    let setting = started.elapsed();
    let with = time_opening(&path);
    let started = std::time::Instant::now();
    Ledger::remove_password_with(&path, &Secret::new(PASSWORD), &options()).unwrap();
    let removing = started.elapsed();
    println!("opening an encrypted ledger (cheap Argon2): no attachments {without:?}, 500 sealed {with:?}");
    println!("500 attachments of 200 KiB: set password {setting:?}, remove password {removing:?}");
}
