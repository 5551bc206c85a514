//! Personal data handling (issue 12): ID numbers masked in every history, audit and import view while the record
//! and what an undo needs keep them in full.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use calamine::{open_workbook, Data, Reader, Xlsx};
use ledger_core::model::*;
use ledger_core::validate::id_card::check_char;
use ledger_core::Ledger;

/// A valid ID number born on `birth` (`YYYYMMDD`) with sequence `seq` (3 digits).
pub fn id_number(birth: &str, seq: &str) -> String {
    let first17 = format!("110105{birth}{seq}");
    let check = check_char(first17.as_bytes().try_into().unwrap());
    format!("{first17}{check}")
}

/// The ID number as every view shows it.
pub fn masked(id: &str) -> String {
    format!("{}********{}", &id[..6], &id[14..])
}

/// Every before/after image the audit log holds, as stored.
pub fn audit_images(ledger: &Ledger) -> Vec<String> {
    ledger
        .database()
        .read(|c| {
            let mut stmt =
                c.prepare("SELECT COALESCE(before_json, '') || ' ' || COALESCE(after_json, '') FROM audit_log")?;
            let rows = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
            Ok(rows)
        })
        .unwrap()
}

fn with_id(name: &str, phone: &str, id: &str) -> ExpertInput {
    ExpertInput { id_card: Some(id.into()), ..common::expert(name, Some(phone)) }
}

#[test]
fn history_and_the_audit_log_hold_id_numbers_masked_while_the_record_keeps_them() {
    let ledger = Ledger::open_in_memory().unwrap();
    let (first, second) = (id_number("19491231", "002"), id_number("19800101", "003"));
    let saved = ledger.create_expert(&with_id("李娜", "13800138000", &first)).unwrap();
    let edited =
        ledger.update_expert(&saved.id, saved.stamps.revision, &with_id("李娜", "13800138000", &second)).unwrap();
    assert_eq!(edited.id_card.as_deref(), Some(second.as_str()), "the edit form still gets the full number");

    let history = ledger.record_history("expert", &saved.id).unwrap();
    let id_of = |v: &Option<serde_json::Value>| v.as_ref().unwrap()["idCard"].as_str().unwrap().to_owned();
    assert_eq!(history[0].action, "update");
    assert_eq!((id_of(&history[0].before), id_of(&history[0].after)), (masked(&first), masked(&second)));
    assert_eq!(id_of(&history[1].after), masked(&first));
    for image in audit_images(&ledger) {
        assert!(!image.contains(&first) && !image.contains(&second), "{image}");
    }
}

#[test]
fn an_entry_written_before_masking_is_masked_when_read() {
    let ledger = Ledger::open_in_memory().unwrap();
    let full = id_number("19491231", "002");
    common::exec(
        &ledger,
        &format!(
            "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, after_json)
             VALUES ('a1', '2026-01-01T00:00:00Z', '王敏', 'create', 'expert', 'x1', NULL, '{{\"idCard\":\"{full}\"}}')"
        ),
    );
    let history = ledger.record_history("expert", "x1").unwrap();
    assert_eq!(history[0].after.as_ref().unwrap()["idCard"], masked(&full).as_str());
}

/// A UTF-8 CSV roster of experts with an ID column.
fn roster(dir: &Path, rows: &[[&str; 4]]) -> PathBuf {
    let mut text = String::from("\u{feff}姓名,职称,手机号码,身份证号\r\n");
    for r in rows {
        text.push_str(&r.join(","));
        text.push_str("\r\n");
    }
    let path = dir.join("花名册.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn request(path: &Path) -> ImportRequest {
    ImportRequest { path: path.to_string_lossy().into_owned(), kind: ImportKind::Experts, ..ImportRequest::default() }
}

#[test]
fn the_import_preview_its_reasons_and_the_rejected_rows_workbook_mask_id_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let good = id_number("19491231", "002");
    let wrong_check = format!("{}{}", &good[..17], if good.ends_with('1') { '2' } else { '1' });
    let path = roster(
        dir.path(),
        &[
            ["张伟", "教授", "12345", &good],
            ["李娜", "教授", "13800138002", &wrong_check],
            ["王芳", "教授", "13800138003", ""],
        ],
    );
    let plan = ledger.import_preview(&request(&path)).unwrap();
    let rows = plan.rows(&PreviewQuery { page_size: 50, ..PreviewQuery::default() }).items;
    assert_eq!(rows[0].values[3], masked(&good));
    assert_eq!(rows[1].values[3], masked(&wrong_check));
    assert_eq!(rows[2].values[3], "");
    let reasons: Vec<&str> = rows.iter().flat_map(|r| &r.issues).map(|i| i.reason.as_str()).collect();
    assert!(reasons.iter().any(|r| r.contains(&masked(&wrong_check)) && r.contains("校验位")), "{reasons:?}");
    assert!(reasons.iter().all(|r| !r.contains(&good) && !r.contains(&wrong_check)), "{reasons:?}");

    let out = dir.path().join("未导入的行.xlsx");
    assert_eq!(plan.save_rejected(&out).unwrap(), 2);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let range = book.worksheet_range("未导入的行").unwrap();
    let ids: Vec<Data> = range.rows().skip(1).map(|r| r[3].clone()).collect();
    assert_eq!(ids, [Data::String(masked(&good)), Data::String(masked(&wrong_check))]);
}

#[test]
fn an_import_that_overwrote_an_id_number_is_undone_to_the_full_number_and_audited_masked() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let (old, new) = (id_number("19491231", "002"), id_number("19800101", "003"));
    let stored = ledger.create_expert(&with_id("张伟", "13800138001", &old)).unwrap();
    let mut req = request(&roster(dir.path(), &[["张伟", "教授", "13800138001", &new]]));
    req.on_duplicate = DuplicatePolicy::Update;
    let plan = ledger.import_preview(&req).unwrap();
    let report = ledger.import_commit(&plan, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(report.updated, 1);
    assert_eq!(ledger.get_expert(&stored.id).unwrap().id_card.as_deref(), Some(new.as_str()));

    ledger.undo_import(report.import_id.as_deref().unwrap()).unwrap();
    assert_eq!(ledger.get_expert(&stored.id).unwrap().id_card.as_deref(), Some(old.as_str()), "undone in full");
    for image in audit_images(&ledger) {
        assert!(!image.contains(&old) && !image.contains(&new), "{image}");
    }
}

/// Every image the audit log and the import history keep, as stored.
fn all_images(ledger: &Ledger) -> String {
    let items: Vec<String> = ledger
        .database()
        .read(|c| {
            let mut stmt = c.prepare("SELECT COALESCE(before_json, '') FROM import_items")?;
            let rows = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
            Ok(rows)
        })
        .unwrap();
    format!("{}\n{}", audit_images(ledger).join("\n"), items.join("\n"))
}

#[test]
fn purging_scrubs_the_records_personal_fields_from_its_trail_and_keeps_who_when_and_what() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let id = id_number("19491231", "002");
    let gone = ledger
        .create_expert(&ExpertInput {
            email: Some("ouyang@example.cn".into()),
            ..with_id("欧阳明远", "13800138001", &id)
        })
        .unwrap();
    let kept = ledger.create_expert(&with_id("李娜", "13800138002", &id_number("19800101", "003"))).unwrap();
    // An import overwrites the first expert: its before-image (kept for undo) holds the person too.
    let mut req = request(&roster(dir.path(), &[["欧阳明远", "副教授", "13800138001", ""]]));
    req.on_duplicate = DuplicatePolicy::Update;
    let plan = ledger.import_preview(&req).unwrap();
    assert_eq!(ledger.import_commit(&plan, &mut |_, _| {}, &AtomicBool::new(false)).unwrap().updated, 1);
    let firm = ledger
        .create_enterprise(&EnterpriseInput {
            legal_representative: Some("王强".into()),
            contacts: vec![ContactInput {
                name: "赵六".into(),
                phone: Some("13900139000".into()),
                ..Default::default()
            }],
            ..common::enterprise("丽水竹木有限公司", 2)
        })
        .unwrap()
        .record;
    assert!(all_images(&ledger).contains("欧阳明远") && all_images(&ledger).contains("赵六"));

    ledger.delete_expert(&gone.id, false).unwrap();
    ledger.purge(RecordKind::Expert, &gone.id).unwrap();
    ledger.delete_enterprise(&firm.id, false).unwrap();
    ledger.purge(RecordKind::Enterprise, &firm.id).unwrap();

    let images = all_images(&ledger);
    for personal in ["欧阳明远", "13800138001", "ouyang@example.cn", &masked(&id), "王强", "赵六", "13900139000"]
    {
        assert!(!images.contains(personal), "{personal} is still in the trail");
    }
    let history = ledger.record_history("expert", &gone.id).unwrap();
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["purge", "delete", "update", "create"], "every entry stays");
    assert!(history.iter().all(|h| h.actor == ledger.actor() && !h.at.is_empty()));
    let created = history[3].after.as_ref().unwrap();
    assert_eq!((created["name"].clone(), created["title"].clone()), (serde_json::Value::Null, "senior".into()));
    let purged = ledger.record_history("enterprise", &firm.id).unwrap();
    assert_eq!(purged[0].before.as_ref().unwrap()["name"], "丽水竹木有限公司", "the firm's own name is not personal");

    // Other records keep theirs.
    assert_eq!(ledger.record_history("expert", &kept.id).unwrap()[0].after.as_ref().unwrap()["name"], "李娜");
}

/// The audit entries of exports, oldest first: the `after` image of each.
fn export_entries(ledger: &Ledger) -> Vec<serde_json::Value> {
    ledger
        .database()
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT action, actor, after_json FROM audit_log WHERE entity = 'export' ORDER BY at, rowid",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .unwrap()
        .into_iter()
        .map(|(action, actor, after)| {
            assert_eq!((action.as_str(), actor.as_str()), ("create", ledger.actor().as_str()));
            serde_json::from_str(&after).unwrap()
        })
        .collect()
}

#[test]
fn an_export_with_full_id_numbers_is_audited_with_its_kind_period_rows_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    ledger.create_expert(&with_id("李娜", "13800138002", &id_number("19800101", "003"))).unwrap();
    ledger.create_expert(&common::expert("张伟", Some("13800138001"))).unwrap();
    let mut req = ExportRequest {
        kind: ExportKind::Roster,
        format: ExportFormat::Csv,
        filter: ReportFilter {
            period: "2026".into(),
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
    let export =
        |req: &ExportRequest, name: &str| ledger.export(req, &dir.path().join(name), &mut |_, _| true).unwrap();

    // Masked, or full but without the ID column, or a workbook without IDs: nothing to audit.
    export(&req, "masked.csv");
    req.include_full_id = true;
    req.columns = Some(vec!["name".into(), "phone".into()]);
    export(&req, "no-ids.csv");
    let services = ExportRequest { kind: ExportKind::Services, columns: None, ..req.clone() };
    export(&services, "services.csv");
    assert!(export_entries(&ledger).is_empty());

    req.columns = None;
    let report = export(&req, "花名册-完整身份证号.csv");
    let entries = export_entries(&ledger);
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!((e["kind"].as_str(), e["kindLabel"].as_str()), (Some("roster"), Some("花名册")));
    assert_eq!(e["filter"]["period"], "2026");
    assert_eq!(e["rows"], report.rows);
    assert_eq!(report.rows, 2);
    assert_eq!(e["fileName"], "花名册-完整身份证号.csv");
    assert_eq!(e["fullIdNumbers"], true);

    // The full number stays text in Excel: a leading tab in the CSV, a string cell in the workbook.
    let full = id_number("19800101", "003");
    let body = std::fs::read_to_string(dir.path().join("花名册-完整身份证号.csv")).unwrap();
    assert!(body.contains(&format!(",\t{full},")) || body.contains(&format!(",\t{full}\r\n")), "{body}");
    let xlsx = ExportRequest { format: ExportFormat::Xlsx, ..req.clone() };
    export(&xlsx, "花名册.xlsx");
    let mut book: Xlsx<_> = open_workbook(dir.path().join("花名册.xlsx")).unwrap();
    let range = book.worksheet_range("花名册").unwrap();
    assert!(range.rows().any(|r| r.contains(&Data::String(full.clone()))), "the ID is a string cell");
    assert_eq!(export_entries(&ledger).len(), 2, "the workbook with full numbers is audited too");
}

/// Owner-only modes (0700/0600) do not exist on Windows, where the data folder sits in the user's own profile: there
/// these tests show as ignored with that reason (docs/PLATFORMS.md).
mod permissions {
    #[cfg(unix)]
    use std::os::unix::fs::PermissionsExt;
    #[cfg(unix)]
    use std::path::Path;

    #[cfg(unix)]
    use ledger_core::data_folder::backup::BackupPolicy;
    #[cfg(unix)]
    use ledger_core::data_folder::paths;
    #[cfg(unix)]
    use ledger_core::Ledger;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    fn write(path: &Path, mode: u32) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b"x").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[cfg(unix)]
    fn open(db: &Path) -> Ledger {
        Ledger::open_with(db, BackupPolicy { daily_at_open: false, ..BackupPolicy::default() }).unwrap()
    }

    #[test]
    #[cfg_attr(
        not(unix),
        ignore = "Unix only: owner-only modes (0700/0600) do not exist on Windows, where the data folder sits in the user's own profile"
    )]
    fn a_new_data_folder_and_the_ledgers_files_are_owner_only() {
        #[cfg(unix)]
        {
            let dir = tempfile::tempdir().unwrap();
            let data = dir.path().join("新建").join("数据");
            let db = data.join(paths::DB_FILE_NAME);
            let ledger = open(&db);
            ledger.create_expert(&crate::common::expert("李娜", None)).unwrap();
            assert_eq!((mode(&dir.path().join("新建")), mode(&data)), (0o700, 0o700), "the folders the app made");
            for file in [db.clone(), data.join("ledger.sqlite3-wal"), data.join("ledger.sqlite3-shm")] {
                assert_eq!(mode(&file), 0o600, "{}", file.display());
            }
        }
    }

    #[test]
    #[cfg_attr(
        not(unix),
        ignore = "Unix only: owner-only modes (0700/0600) do not exist on Windows, where the data folder sits in the user's own profile"
    )]
    fn an_existing_data_folder_is_tightened_at_open_and_nothing_else_is_touched() {
        #[cfg(unix)]
        {
            let dir = tempfile::tempdir().unwrap();
            let data = dir.path().join("data");
            let db = data.join(paths::DB_FILE_NAME);
            drop(open(&db));
            std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
            std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
            write(&data.join("ledger.keys"), 0o644);
            write(&data.join("attachments/2026/03/photo.jpg"), 0o644);
            std::fs::set_permissions(data.join("attachments/2026"), std::fs::Permissions::from_mode(0o755)).unwrap();
            write(&data.join("backups/ledger-2026-03-01.zip"), 0o664);
            write(&data.join("笔记.txt"), 0o644);
            let outside = dir.path().join("outside.txt");
            write(&outside, 0o644);
            std::os::unix::fs::symlink(&outside, data.join("attachments/link.txt")).unwrap();

            // The core alone (the CLI opens a ledger in any folder): the ledger's files, not the folder or other files.
            drop(open(&db));
            for file in
                ["ledger.sqlite3", "ledger.keys", "attachments/2026/03/photo.jpg", "backups/ledger-2026-03-01.zip"]
            {
                assert_eq!(mode(&data.join(file)), 0o600, "{file}");
            }
            for folder in ["attachments", "attachments/2026", "attachments/2026/03", "backups"] {
                assert_eq!(mode(&data.join(folder)), 0o700, "{folder}");
            }
            assert_eq!(mode(&data), 0o755);
            assert_eq!(mode(&data.join("笔记.txt")), 0o644, "not the ledger's");
            assert_eq!(mode(&outside), 0o644, "a symbolic link is not followed");

            // The app's data folder: the folder itself too.
            paths::restrict_data_folder(&data).unwrap();
            assert_eq!(mode(&data), 0o700);
            paths::restrict_data_folder(&dir.path().join("missing")).unwrap();
            assert!(!dir.path().join("missing").exists(), "a missing folder is not created");
        }
    }
}
