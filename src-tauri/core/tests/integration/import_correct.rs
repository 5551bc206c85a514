//! 改正 in the import preview: a rejected row's cell typed again, the row judged again at once by the same rules and
//! duplicate checks, the value typed imported (the file untouched), the rejected rows' workbook and the audit entry
//! following the corrections, and every refusal leaving the preview as it was.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use calamine::{open_workbook, Reader, Xlsx};
use ledger_core::import::ImportPlan;
use ledger_core::model::*;
use ledger_core::Ledger;

const HEADER: &str = "姓名,性别,职称,派出单位,手机号码,身份证号";

/// A roster CSV: row 1 is the header, row `n + 2` is `rows[n]`.
fn roster(dir: &Path, rows: &[&str]) -> PathBuf {
    let path = dir.join("花名册.csv");
    std::fs::write(&path, format!("{HEADER}\n{}\n", rows.join("\n"))).unwrap();
    path
}

fn preview(ledger: &Ledger, path: &Path) -> ImportPlan {
    let request = ImportRequest {
        path: path.to_string_lossy().into_owned(),
        kind: ImportKind::Experts,
        ..ImportRequest::default()
    };
    ledger.import_preview(&request).unwrap()
}

fn statuses(plan: &ImportPlan) -> Vec<(u32, RowStatus)> {
    plan.rows(&PreviewQuery::default()).items.iter().map(|r| (r.row, r.status)).collect()
}

fn fix(row: u32, column: u32, value: &str) -> CellCorrection {
    CellCorrection { row, column, value: value.to_owned() }
}

/// Column indexes of the CSV above.
const PHONE: u32 = 4;
const ID_CARD: u32 = 5;

#[test]
fn a_corrected_cell_is_judged_again_at_once_and_the_value_typed_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let path = roster(
        dir.path(),
        &["张伟,男,教授,,13800138001,", "李娜,女,副教授,,1380013800,", "王芳,女,讲师,,13800138003,"],
    );
    let file_before = std::fs::read(&path).unwrap();
    let plan = preview(&ledger, &path);
    assert_eq!(statuses(&plan), [(2, RowStatus::New), (3, RowStatus::Error), (4, RowStatus::New)]);

    let (plan, result) = ledger.import_correct(&plan, &fix(3, PHONE, "13800138002")).unwrap();
    assert_eq!(result.row.row, 3);
    assert_eq!(result.row.status, RowStatus::New, "{:?}", result.row.issues);
    assert!(result.row.issues.is_empty());
    assert_eq!(result.row.values[PHONE as usize], "13800138002");
    assert_eq!(result.row.corrected, [PHONE]);
    assert!(result.changed.is_empty(), "no other row is judged differently: {:?}", result.changed);
    assert_eq!(result.counts, ImportCounts { read: 3, new: 3, ..ImportCounts::default() });
    assert_eq!(plan.preview().counts, result.counts);
    assert_eq!(std::fs::read(&path).unwrap(), file_before, "the file is never touched");

    let out = dir.path().join("未导入的行.xlsx");
    assert_eq!(plan.save_rejected(&out).unwrap(), 0, "the corrected row is no longer rejected");

    let report = ledger.import_commit(&plan, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!((report.imported, report.rejected.len()), (3, 0));
    let experts = ledger.list_experts(&ExpertQuery { search: Some("李娜".into()), ..Default::default() }).unwrap();
    let li = ledger.get_expert(&experts.items[0].id).unwrap();
    assert_eq!(li.phone.as_deref(), Some("13800138002"), "the value typed in the preview is stored");

    // The import's audit entry names the corrected cell, without its value.
    let id = report.import_id.unwrap();
    let history = ledger.record_history("import", &id).unwrap();
    let after = history[0].after.as_ref().unwrap();
    assert_eq!(
        after["corrections"],
        serde_json::json!([{ "row": 3, "column": "E", "header": "手机号码", "field": "phone" }])
    );
    assert!(!after.to_string().contains("13800138002"), "no value in the audit entry: {after}");

    // Undo removes everything the import wrote, the corrected row too.
    ledger.undo_import(&id).unwrap();
    assert_eq!(ledger.list_experts(&ExpertQuery::default()).unwrap().total, 0);
}

#[test]
fn a_correction_is_checked_against_the_other_rows_and_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    ledger.create_expert(&crate::common::expert("赵磊", Some("13900139000"))).unwrap();
    let path =
        roster(dir.path(), &["李娜,女,副教授,,1380013800,", "李娜,女,副教授,,13800138002,", "赵磊,男,教授,,139,"]);
    let plan = preview(&ledger, &path);
    assert_eq!(statuses(&plan), [(2, RowStatus::Error), (3, RowStatus::New), (4, RowStatus::Error)]);

    // Row 2 corrected to row 3's phone: row 2 comes in, and row 3 now repeats it.
    let (plan, result) = ledger.import_correct(&plan, &fix(2, PHONE, "13800138002")).unwrap();
    assert_eq!(result.row.status, RowStatus::New);
    assert_eq!(result.changed.iter().map(|r| (r.row, r.status)).collect::<Vec<_>>(), [(3, RowStatus::Duplicate)]);
    assert!(result.changed[0].issues[0].reason.contains("第 2 行"), "{:?}", result.changed[0].issues);

    // Row 4 corrected to the stored expert's phone: a duplicate of the stored record, as the preview would say.
    let (plan, result) = ledger.import_correct(&plan, &fix(4, PHONE, "13900139000")).unwrap();
    assert_eq!(result.row.status, RowStatus::Duplicate);
    assert!(result.row.existing_id.is_some());
    assert_eq!(result.counts, ImportCounts { read: 3, new: 1, duplicate: 2, ..ImportCounts::default() });

    // Still wrong after a correction: the new reason, on the cell.
    let (plan, result) = ledger.import_correct(&plan, &fix(4, PHONE, "12345")).unwrap();
    assert_eq!(result.row.status, RowStatus::Error);
    assert_eq!(result.row.issues[0].column.as_deref(), Some("手机号码"));

    // Typed back as the file has it: the file's cell again, no correction left.
    let (plan, result) = ledger.import_correct(&plan, &fix(4, PHONE, "139")).unwrap();
    assert!(result.row.corrected.is_empty());
    assert_eq!(result.row.status, RowStatus::Error);
    let out = dir.path().join("未导入的行.xlsx");
    assert_eq!(plan.save_rejected(&out).unwrap(), 1, "only the row still rejected");
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let range = book.worksheet_range("未导入的行").unwrap();
    assert_eq!(range.rows().nth(1).unwrap()[0].to_string(), "赵磊");
}

#[test]
fn an_id_number_corrected_stays_masked_in_the_preview_and_is_stored_whole() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let path = roster(dir.path(), &["张伟,男,教授,,13800138001,110105194912310021"]);
    let plan = preview(&ledger, &path);
    let issues = &plan.rows(&PreviewQuery::default()).items[0].issues;
    assert_eq!(issues[0].column.as_deref(), Some("身份证号"), "{issues:?}");

    let (plan, result) = ledger.import_correct(&plan, &fix(2, ID_CARD, "11010519491231002X")).unwrap();
    assert_eq!(result.row.status, RowStatus::New, "{:?}", result.row.issues);
    assert_eq!(result.row.values[ID_CARD as usize], "110105********002X");
    let report = ledger.import_commit(&plan, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(report.imported, 1);
    let id = &ledger.list_experts(&ExpertQuery::default()).unwrap().items[0].id;
    assert_eq!(ledger.get_expert(id).unwrap().id_card.as_deref(), Some("11010519491231002X"));
}

#[test]
fn a_correction_of_no_data_row_or_no_mapped_column_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let path = dir.path().join("花名册.csv");
    std::fs::write(&path, format!("{HEADER},附注\n李娜,女,副教授,,1380013800,,x\n王芳,,,,,,\n")).unwrap();
    let plan = preview(&ledger, &path);
    let before = plan.rows(&PreviewQuery::default());
    for (bad, field) in [
        (fix(1, PHONE, "13800138002"), "row"),
        (fix(9, PHONE, "13800138002"), "row"),
        (fix(2, 40, "13800138002"), "column"),
        (fix(2, 6, "13800138002"), "column"),
        (fix(3, 0, " "), "value"),
    ] {
        let err = match ledger.import_correct(&plan, &bad) {
            Err(e) => e,
            Ok(_) => panic!("{bad:?} should be refused"),
        };
        assert_eq!(err.code(), "validation", "{bad:?}");
        assert_eq!(err.fields()[0].field, field, "{bad:?}: {err}");
    }
    assert_eq!(plan.rows(&PreviewQuery::default()), before, "the preview is as it was");
}
