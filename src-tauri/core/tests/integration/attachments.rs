//! 附件: files copied into the data folder with their size and SHA-256, the accepted types and the size limit (a
//! refused file leaves nothing behind, row or file), stored paths that would lead outside the data folder, previews,
//! removal to the recycle bin, files removed with their owner's purge, and the in-memory ledger.

use std::path::{Path, PathBuf};

use crate::common::{enterprise, exec, expert, rows};
use ledger_core::data_folder::attachments::{check_upload, clean_file_name, resolve, MAX_ATTACHMENT_BYTES};
use ledger_core::model::*;
use ledger_core::Ledger;
use tempfile::TempDir;

/// A ledger in a temporary data folder with one visit and one service record.
struct Fixture {
    ledger: Ledger,
    dir: TempDir,
    visit: Visit,
    record_id: String,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(&dir.path().join("ledger.sqlite3")).unwrap();
    let x = ledger.create_expert(&expert("李明", None)).unwrap();
    let f = ledger.create_enterprise(&enterprise("宁波精密机械有限公司", 1)).unwrap().record;
    let visit = ledger
        .create_visit(&VisitInput {
            visit_date: "2024-03-05".into(),
            enterprise_id: f.id.clone(),
            expert_ids: vec![x.id.clone()],
            mode: Some(VisitMode::OnSite),
            ..Default::default()
        })
        .unwrap();
    exec(
        &ledger,
        &format!(
            "INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days,
                 service_type, created_at, updated_at)
             VALUES ('s1', '{}', '{}', '2024-03-05', '2024-03-06', 2, 'consulting', 'n', 'n')",
            x.id, f.id
        ),
    );
    Fixture { ledger, dir, visit, record_id: "s1".into() }
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn attachment_files(f: &Fixture) -> Vec<PathBuf> {
    files_under(&f.dir.path().join("attachments"))
}

fn fields(err: &ledger_core::CoreError) -> Vec<String> {
    err.fields().into_iter().map(|e| e.field).collect()
}

#[test]
fn a_file_is_copied_into_the_data_folder_with_its_size_and_sha256() {
    let f = fixture();
    let a = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &f.visit.id, "现场照片.JPG", b"abc").unwrap();
    assert_eq!(a.file_name, "现场照片.JPG", "the user's name is kept for display");
    assert_eq!((a.size_bytes, a.mime.as_str(), a.previewable), (3, "image/jpeg", true));
    assert_eq!(a.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_eq!((a.owner_kind, a.owner_id.as_str()), (AttachmentOwnerKind::Visit, f.visit.id.as_str()));

    let path = f.ledger.attachment_path(&a.id).unwrap();
    let year = chrono::Local::now().format("%Y").to_string();
    let data = f.dir.path().canonicalize().unwrap();
    assert_eq!(path.canonicalize().unwrap(), data.join("attachments").join(&year).join(format!("{}.jpg", a.id)));
    assert!(path.is_absolute());
    assert_eq!(std::fs::read(&path).unwrap(), b"abc");
    assert_eq!(attachment_files(&f), std::slice::from_ref(&path), "no temporary file left beside it");
    let stored: String = f
        .ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT stored_path FROM attachments", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(stored, format!("attachments/{year}/{}.jpg", a.id), "stored relative to the data folder");

    assert_eq!(f.ledger.attachment_bytes(&a.id).unwrap(), b"abc");
    assert_eq!(f.ledger.list_attachments(AttachmentOwnerKind::Visit, &f.visit.id).unwrap(), std::slice::from_ref(&a));
    assert!(f.ledger.list_attachments(AttachmentOwnerKind::ServiceRecord, &f.record_id).unwrap().is_empty());
    let row = &f.ledger.list_visits(&VisitQuery::default()).unwrap().items[0];
    assert_eq!(row.attachment_count, 1);
    let history = f.ledger.record_history("attachment", &a.id).unwrap();
    assert_eq!(history[0].action, "create");
    assert_eq!(history[0].after.as_ref().unwrap()["fileName"], "现场照片.JPG");

    // A PDF of a service record: stored, listed, opened by path, but not previewed.
    let pdf = f
        .ledger
        .add_attachment(AttachmentOwnerKind::ServiceRecord, &f.record_id, "盖章确认单.pdf", b"%PDF-1.4")
        .unwrap();
    assert_eq!((pdf.mime.as_str(), pdf.previewable), ("application/pdf", false));
    assert_eq!(
        f.ledger.list_attachments(AttachmentOwnerKind::ServiceRecord, &f.record_id).unwrap(),
        std::slice::from_ref(&pdf)
    );
    assert!(f.ledger.attachment_path(&pdf.id).unwrap().ends_with(format!("{}.pdf", pdf.id)));
    let err = f.ledger.attachment_bytes(&pdf.id).unwrap_err();
    assert_eq!(err.code(), "unsupported");
    assert!(err.message_zh().contains("盖章确认单.pdf"), "{}", err.message_zh());
}

#[test]
fn file_names_are_cleaned_and_never_used_as_paths() {
    assert_eq!(clean_file_name(r"C:\Users\me\Desktop\报告<终稿>.pdf"), "报告_终稿_.pdf");
    assert_eq!(clean_file_name("../../etc/passwd.txt"), "passwd.txt");
    assert_eq!(clean_file_name(" 扫描件\u{0}\n.pdf. "), "扫描件.pdf");
    let long = format!("{}.docx", "长".repeat(300));
    assert_eq!(clean_file_name(&long), format!("{}.docx", "长".repeat(195)));

    let f = fixture();
    let a = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &f.visit.id, "../../../outside.txt", b"x").unwrap();
    assert_eq!(a.file_name, "outside.txt");
    assert!(f.ledger.attachment_path(&a.id).unwrap().starts_with(f.dir.path().join("attachments")));
    assert!(!f.dir.path().parent().unwrap().join("outside.txt").exists());
}

#[test]
fn an_oversized_empty_or_disallowed_file_is_refused_and_nothing_is_written() {
    let f = fixture();
    let before = (rows(&f.ledger, "attachments"), rows(&f.ledger, "audit_log"));
    let big = vec![0u8; MAX_ATTACHMENT_BYTES + 1];
    let err = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &f.visit.id, "大照片.jpg", &big).unwrap_err();
    assert_eq!(err.code(), "validation");
    assert_eq!(fields(&err), ["file"]);
    assert!(err.fields()[0].message.contains("超过上限 20 MB"), "{}", err.fields()[0].message);
    // Exactly at the limit is accepted (and removed again below).
    let at_limit = vec![0u8; MAX_ATTACHMENT_BYTES];
    assert!(check_upload("a.png", at_limit.len()).is_ok());

    let err = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &f.visit.id, "setup.exe", b"MZ").unwrap_err();
    assert_eq!(fields(&err), ["fileName"]);
    assert!(err.fields()[0].message.contains("（.exe）") && err.fields()[0].message.contains("PDF"));
    assert!(err.fields()[0].message_en.contains("(.exe)"));
    for name in ["README", "archive.tar.gz", "page.html", "script.js", "photo.jpg.exe"] {
        let err = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &f.visit.id, name, b"x").unwrap_err();
        assert_eq!(fields(&err), ["fileName"], "{name}");
    }
    let err = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &f.visit.id, " ", &[]).unwrap_err();
    assert_eq!(fields(&err), ["fileName", "file"], "every problem at once");
    assert_eq!((rows(&f.ledger, "attachments"), rows(&f.ledger, "audit_log")), before);
    assert!(attachment_files(&f).is_empty(), "no file left behind");
}

#[test]
fn an_owner_not_found_or_in_the_bin_leaves_no_file_behind() {
    let f = fixture();
    let err = f.ledger.add_attachment(AttachmentOwnerKind::Visit, "no-such-visit", "a.jpg", b"abc").unwrap_err();
    assert_eq!(err.code(), "not_found");
    let err = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &f.record_id, "a.jpg", b"abc").unwrap_err();
    assert_eq!(err.code(), "not_found", "a service record's id is not a visit");
    f.ledger.delete_record(RecordKind::Visit, &f.visit.id, false).unwrap();
    let err = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &f.visit.id, "a.jpg", b"abc").unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert!(err.message_zh().contains("走访记录"), "{}", err.message_zh());
    assert_eq!(f.ledger.list_attachments(AttachmentOwnerKind::Visit, &f.visit.id).unwrap_err().code(), "not_found");
    assert_eq!(rows(&f.ledger, "attachments"), 0);
    assert!(attachment_files(&f).is_empty(), "the file written before the transaction was removed again");
}

#[test]
fn a_stored_path_leading_outside_the_data_folder_is_refused() {
    let data = Path::new("/data");
    assert_eq!(
        resolve(data, "attachments/2026/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.pdf").unwrap(),
        data.join("attachments").join("2026").join("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.pdf")
    );
    for bad in [
        "../ledger.sqlite3",
        "/etc/passwd",
        "attachments/2026/../../ledger.sqlite3",
        "attachments/../../outside.pdf",
        "attachments/2026/..",
        "attachments/2026/.hidden",
        r"attachments\2026\..\..\x.pdf",
        "attachments/2026/sub/x.pdf",
        "attachments/26/x.pdf",
        "other/2026/x.pdf",
        "attachments/2026/C:x.pdf",
        "",
    ] {
        assert_eq!(resolve(data, bad).unwrap_err().code(), "corrupt_value", "{bad:?}");
    }

    let f = fixture();
    let a = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &f.visit.id, "a.png", b"png").unwrap();
    exec(&f.ledger, &format!("UPDATE attachments SET stored_path = '../ledger.sqlite3' WHERE id = '{}'", a.id));
    assert_eq!(f.ledger.attachment_path(&a.id).unwrap_err().code(), "corrupt_value");
    assert_eq!(f.ledger.attachment_bytes(&a.id).unwrap_err().code(), "corrupt_value");
    // Purging it removes the row but never touches the file the row names; the refusal is reported.
    f.ledger.remove_attachment(&a.id).unwrap();
    let report = f.ledger.purge(RecordKind::Attachment, &a.id).unwrap();
    assert_eq!(report.files_left.len(), 1);
    assert_eq!(report.files_left[0].path, "../ledger.sqlite3");
    assert!(f.dir.path().join("ledger.sqlite3").exists());
}

#[test]
fn a_missing_file_is_a_clear_not_found() {
    let f = fixture();
    let a = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &f.visit.id, "a.png", b"png").unwrap();
    std::fs::remove_file(f.ledger.attachment_path(&a.id).unwrap()).unwrap();
    let err = f.ledger.attachment_path(&a.id).unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert!(err.message_zh().contains("附件文件"), "{}", err.message_zh());
}

#[test]
fn a_removed_attachment_goes_to_the_bin_and_comes_back() {
    let f = fixture();
    let a = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &f.visit.id, "照片.webp", b"riff").unwrap();
    f.ledger.remove_attachment(&a.id).unwrap();
    assert!(f.ledger.list_attachments(AttachmentOwnerKind::Visit, &f.visit.id).unwrap().is_empty());
    assert_eq!(f.ledger.list_visits(&VisitQuery::default()).unwrap().items[0].attachment_count, 0);
    assert_eq!(f.ledger.attachment_path(&a.id).unwrap_err().code(), "not_found");
    let path = f.dir.path().join(format!("attachments/{}/{}.webp", chrono::Local::now().format("%Y"), a.id));
    assert!(path.exists(), "the file stays until purged");
    let bin = f.ledger.list_recycle_bin(1, 20).unwrap();
    assert_eq!((bin.items[0].kind, bin.items[0].name.as_str()), (RecordKind::Attachment, "照片.webp"));
    assert_eq!(f.ledger.remove_attachment(&a.id).unwrap_err().code(), "not_found", "already removed");

    f.ledger.restore(RecordKind::Attachment, &a.id).unwrap();
    assert_eq!(f.ledger.list_attachments(AttachmentOwnerKind::Visit, &f.visit.id).unwrap(), std::slice::from_ref(&a));
    let actions: Vec<String> =
        f.ledger.record_history("attachment", &a.id).unwrap().into_iter().map(|h| h.action).collect();
    assert_eq!(actions, ["restore", "delete", "create"]);

    f.ledger.remove_attachment(&a.id).unwrap();
    let report = f.ledger.purge(RecordKind::Attachment, &a.id).unwrap();
    assert_eq!((report.attachments_purged, report.files_left.len()), (1, 0));
    assert!(!path.exists());
    assert_eq!(rows(&f.ledger, "attachments"), 0);
}

#[test]
fn purging_the_owner_removes_its_attachments_rows_and_files() {
    let f = fixture();
    let add = |kind, owner: &str, name: &str| f.ledger.add_attachment(kind, owner, name, name.as_bytes()).unwrap();
    let photo = add(AttachmentOwnerKind::Visit, &f.visit.id, "照片.jpg");
    let removed = add(AttachmentOwnerKind::Visit, &f.visit.id, "作废.pdf");
    let receipt = add(AttachmentOwnerKind::ServiceRecord, &f.record_id, "确认单.pdf");
    f.ledger.remove_attachment(&removed.id).unwrap();
    assert_eq!(attachment_files(&f).len(), 3);

    f.ledger.delete_record(RecordKind::Visit, &f.visit.id, false).unwrap();
    let bin = f.ledger.list_recycle_bin(1, 20).unwrap();
    let names: Vec<(RecordKind, &str)> = bin.items.iter().map(|r| (r.kind, r.name.as_str())).collect();
    assert!(names.contains(&(RecordKind::Visit, "2024-03-05 宁波精密机械有限公司")), "{names:?}");
    assert_eq!(attachment_files(&f).len(), 3, "deleting keeps the files");
    f.ledger.restore(RecordKind::Visit, &f.visit.id).unwrap();
    assert_eq!(
        f.ledger.list_attachments(AttachmentOwnerKind::Visit, &f.visit.id).unwrap(),
        std::slice::from_ref(&photo)
    );

    f.ledger.delete_record(RecordKind::Visit, &f.visit.id, false).unwrap();
    let report = f.ledger.purge(RecordKind::Visit, &f.visit.id).unwrap();
    assert_eq!(report, PurgeReport { attachments_purged: 2, files_left: Vec::new() });
    assert_eq!(rows(&f.ledger, "attachments"), 1);
    let left = attachment_files(&f);
    assert_eq!(left.len(), 1);
    assert!(left[0].ends_with(format!("{}.pdf", receipt.id)), "only the service record's file is left");
    let purged: Vec<String> =
        f.ledger.record_history("attachment", &photo.id).unwrap().into_iter().map(|h| h.action).collect();
    assert_eq!(purged, ["purge", "create"]);

    f.ledger.delete_record(RecordKind::ServiceRecord, &f.record_id, false).unwrap();
    let report = f.ledger.purge(RecordKind::ServiceRecord, &f.record_id).unwrap();
    assert_eq!(report.attachments_purged, 1);
    assert!(attachment_files(&f).is_empty());
    assert_eq!(rows(&f.ledger, "attachments"), 0);
}

#[test]
fn a_file_that_cannot_be_removed_is_reported_and_the_purge_stands() {
    let f = fixture();
    let a = f.ledger.add_attachment(AttachmentOwnerKind::Visit, &f.visit.id, "照片.png", b"png").unwrap();
    // Put something that cannot be removed as a file where the file was: a folder with content.
    let path = f.ledger.attachment_path(&a.id).unwrap();
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("inside"), b"x").unwrap();

    f.ledger.delete_record(RecordKind::Visit, &f.visit.id, false).unwrap();
    let report = f.ledger.purge(RecordKind::Visit, &f.visit.id).unwrap();
    assert_eq!(report.attachments_purged, 1);
    assert_eq!(report.files_left.len(), 1);
    assert_eq!(report.files_left[0].path, format!("attachments/{}/{}.png", chrono::Local::now().format("%Y"), a.id));
    assert!(!report.files_left[0].reason.is_empty());
    assert_eq!(rows(&f.ledger, "attachments"), 0, "the purge itself stands");
    assert_eq!(f.ledger.get_visit(&f.visit.id).unwrap_err().code(), "not_found");
    assert_eq!(f.ledger.restore(RecordKind::Visit, &f.visit.id).unwrap_err().code(), "not_found");
}

#[test]
fn an_in_memory_ledger_has_no_data_folder_for_attachments() {
    let ledger = Ledger::open_in_memory().unwrap();
    let x = ledger.create_expert(&expert("李明", None)).unwrap();
    let f = ledger.create_enterprise(&enterprise("宁波精密机械有限公司", 1)).unwrap().record;
    let visit = ledger
        .create_visit(&VisitInput {
            visit_date: "2024-03-05".into(),
            enterprise_id: f.id.clone(),
            expert_ids: vec![x.id.clone()],
            mode: Some(VisitMode::OnSite),
            ..Default::default()
        })
        .unwrap();
    let audit = rows(&ledger, "audit_log");
    let err = ledger.add_attachment(AttachmentOwnerKind::Visit, &visit.id, "a.jpg", b"abc").unwrap_err();
    assert_eq!(err.code(), "unsupported");
    assert!(err.message_zh().contains("没有数据文件夹"), "{}", err.message_zh());
    assert!(err.message_en().contains("no data folder"), "{}", err.message_en());
    assert_eq!((rows(&ledger, "attachments"), rows(&ledger, "audit_log")), (0, audit));
    assert!(ledger.list_attachments(AttachmentOwnerKind::Visit, &visit.id).unwrap().is_empty());
    assert_eq!(ledger.attachment_path("any").unwrap_err().code(), "unsupported");
    assert_eq!(ledger.attachment_bytes("any").unwrap_err().code(), "unsupported");
}
