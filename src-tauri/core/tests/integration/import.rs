//! Importing spreadsheets as coordinators make them: title rows, merged cells, header synonyms, dates typed many
//! ways, full-width digits, totals rows, GBK CSV — each row's outcome, the all-or-nothing commit, the history and
//! undo, the remembered mapping and the rejected rows' workbook.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crate::common::{code, rows, snapshot};
use calamine::{open_workbook, Data, Reader, Xlsx};
use ledger_core::model::*;
use ledger_core::{CoreError, Ledger};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// What a cell of a fixture holds.
pub(crate) enum V {
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
    E,
}
pub(crate) use V::{D, E, N, S};

/// A workbook with a merged title, a subtitle, the header on row 3 and the rows under it; `merge` merges
/// (first_row, last_row, col) ranges (0-based rows of the sheet) over the data.
pub(crate) fn workbook(dir: &Path, name: &str, header: &[&str], data: &[Vec<V>], merge: &[(u32, u32, u16)]) -> PathBuf {
    let path = dir.join(name);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("花名册").unwrap();
    let plain = Format::new();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    sheet.merge_range(0, 0, 0, header.len() as u16 - 1, "2024年度科技专员花名册", &plain).unwrap();
    sheet.write_string(1, 0, "填报单位：某市科技局").unwrap();
    for (i, h) in header.iter().enumerate() {
        sheet.write_string(2, i as u16, *h).unwrap();
    }
    for (r, row) in data.iter().enumerate() {
        let r = r as u32 + 3;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                S(s) => {
                    sheet.write_string(r, c, *s).unwrap();
                }
                N(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                D(y, m, d) => {
                    sheet.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &day).unwrap();
                }
                E => {}
            }
        }
    }
    for &(first, last, col) in merge {
        let value = match &data[(first - 3) as usize][col as usize] {
            S(s) => *s,
            _ => "",
        };
        sheet.merge_range(first, col, last, col, value, &plain).unwrap();
    }
    book.save(&path).unwrap();
    path
}

/// The FTS5 index `fts` agrees with its content table.
pub(crate) fn fts_intact(ledger: &Ledger, fts: &str) {
    ledger
        .database()
        .write(|tx| Ok(tx.execute_batch(&format!("INSERT INTO {fts}({fts}, rank) VALUES('integrity-check', 1)"))?))
        .unwrap_or_else(|e| panic!("{fts} disagrees with its table: {e}"));
}

pub(crate) fn request(path: &Path, kind: ImportKind) -> ImportRequest {
    ImportRequest { path: path.to_string_lossy().into_owned(), kind, ..ImportRequest::default() }
}

pub(crate) fn commit(ledger: &Ledger, plan: &ledger_core::import::ImportPlan) -> ImportReport {
    ledger.import_commit(plan, &mut |_, _| {}, &AtomicBool::new(false)).unwrap()
}

/// Every preview row's (row number, status).
pub(crate) fn statuses(plan: &ledger_core::import::ImportPlan) -> Vec<(u32, RowStatus)> {
    plan.rows(&PreviewQuery { page_size: 500, ..PreviewQuery::default() })
        .items
        .iter()
        .map(|r| (r.row, r.status))
        .collect()
}

pub(crate) fn issues(plan: &ledger_core::import::ImportPlan, row: u32) -> Vec<ImportIssue> {
    let page = plan.rows(&PreviewQuery { page_size: 500, ..PreviewQuery::default() });
    page.items.into_iter().find(|r| r.row == row).map(|r| r.issues).unwrap_or_default()
}

const ROSTER_HEADER: &[&str] =
    &["序号", "姓 名", "性别", "出生年月", "职称", "派出单位", "手机号码", "专业领域", "服务开始日期"];

fn roster(dir: &Path) -> PathBuf {
    workbook(
        dir,
        "花名册.xlsx",
        ROSTER_HEADER,
        &[
            vec![
                N(1.0),
                S("张伟"),
                S("男"),
                S("1978.05"),
                S("教授"),
                S("浙江大学"),
                N(13800138001.0),
                S("材料"),
                D(2024, 3, 1),
            ],
            vec![
                N(2.0),
                S("李娜"),
                S("女"),
                S("1985年3月"),
                S("高级工程师"),
                E,
                S("+86 138-0013-8002"),
                S("化工"),
                S("2024/3/24"),
            ],
            vec![
                N(3.0),
                S("王芳"),
                S("女"),
                N(198_707.0),
                S("副研究员"),
                E,
                S("１３８００１３８００３"),
                S("电子"),
                S("2024年3月24日"),
            ],
            vec![
                N(4.0),
                S("赵磊"),
                S("男"),
                S("1990-01"),
                S("讲师"),
                S("省农科院"),
                S("12345"),
                S("农业"),
                S("2024.3.24"),
            ],
            vec![N(5.0), S("张伟"), S("男"), S("1978.05"), S("教授"), S("浙江大学"), S("13800138001"), S("材料"), E],
            vec![N(6.0), S("刘洋"), S("男"), E, E, S("省农科院"), S("13800138006"), S("机械"), E],
            vec![E, S("合计"), E, E, E, E, E, E, E],
        ],
        // 浙江大学 merged over rows 4–6 (sheet rows 3..=5, 0-based).
        &[(3, 5, 5)],
    )
}

#[test]
fn a_roster_with_a_title_merged_cells_and_typed_dates_is_judged_row_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let plan = ledger.import_preview(&request(&roster(dir.path()), ImportKind::Experts)).unwrap();
    let preview = plan.preview();
    assert_eq!(preview.header_row, 3, "the header is found below the title and subtitle");
    assert_eq!(preview.sheet, "花名册");
    let fields: Vec<Option<&str>> = preview.columns.iter().map(|c| c.field.as_deref()).collect();
    assert_eq!(
        fields,
        [
            None,
            Some("name"),
            Some("gender"),
            Some("birthMonth"),
            Some("title"),
            Some("organization"),
            Some("phone"),
            Some("discipline"),
            Some("serviceStart")
        ]
    );
    assert!(preview.missing_fields.is_empty());
    // Rows 4–6 new (浙江大学 is new: said once, on the first row naming it), 7 wrong phone, 8 repeats row 4, 9 has no
    // 职称; the 合计 row is not read.
    assert_eq!(
        statuses(&plan),
        [
            (4, RowStatus::Warning),
            (5, RowStatus::New),
            (6, RowStatus::New),
            (7, RowStatus::Error),
            (8, RowStatus::Duplicate),
            (9, RowStatus::Error),
        ]
    );
    assert_eq!(preview.counts, ImportCounts { read: 6, new: 2, update: 0, duplicate: 1, warning: 1, error: 2 });
    assert!(issues(&plan, 4)[0].reason.contains("将新建派出单位“浙江大学”（高校）"), "{:?}", issues(&plan, 4));
    let phone = issues(&plan, 7);
    assert_eq!(phone.len(), 1, "{phone:?}");
    assert_eq!(phone[0].column.as_deref(), Some("手机号码"));
    assert!(phone[0].reason.contains("12345"), "{phone:?}");
    assert!(issues(&plan, 9).iter().any(|i| i.column.as_deref() == Some("职称")), "{:?}", issues(&plan, 9));
    assert!(issues(&plan, 8)[0].reason.contains("第 4 行"));

    let before = snapshot(&ledger);
    let report = commit(&ledger, &plan);
    assert!(report.written);
    assert_eq!((report.read, report.imported, report.updated, report.skipped), (6, 3, 0, 1));
    assert_eq!(report.rejected.iter().map(|i| i.row).collect::<Vec<_>>(), [7, 9]);
    assert_eq!(rows(&ledger, "experts"), before[0] + 3);
    let list = ledger.list_experts(&ExpertQuery { page_size: 50, ..ExpertQuery::default() }).unwrap();
    let li = list.items.iter().find(|e| e.name == "李娜").unwrap();
    assert_eq!(li.phone.as_deref(), Some("13800138002"), "+86 and hyphens stripped");
    assert_eq!(li.title, ExpertTitle::AssociateSenior, "高级工程师 is 副高");
    assert_eq!(li.organization_name.as_deref(), Some("浙江大学"), "the merged cell belongs to every row under it");
    let wang = ledger.get_expert(&list.items.iter().find(|e| e.name == "王芳").unwrap().id).unwrap();
    assert_eq!(wang.phone.as_deref(), Some("13800138003"), "full-width digits");
    assert_eq!(wang.birth_month.as_deref(), Some("1987-07"));
    assert_eq!(wang.service_start.as_deref(), Some("2024-03-24"));
    let zhang = ledger.get_expert(&list.items.iter().find(|e| e.name == "张伟").unwrap().id).unwrap();
    assert_eq!((zhang.birth_month.as_deref(), zhang.service_start.as_deref()), (Some("1978-05"), Some("2024-03-01")));
    // The search index has the imported rows (it is filled in one statement at the end of the import).
    let found =
        ledger.list_experts(&ExpertQuery { search: Some("13800138002".into()), ..ExpertQuery::default() }).unwrap();
    assert_eq!(found.items.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["李娜"]);
    fts_intact(&ledger, "experts_fts");
    let orgs = ledger.list_organizations().unwrap();
    assert_eq!(orgs.len(), 1, "浙江大学 created once; 省农科院 only on rejected rows");
    assert_eq!(orgs[0].kind, OrganizationKind::University);

    // One entry in the history and one import entry in the audit log.
    let history = ledger.list_imports().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].imported, history[0].file_name.as_str()), (3, "花名册.xlsx"));
    let imports: i64 = ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM audit_log WHERE action = 'import'", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(imports, 1);
    let expert_entries: i64 = ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM audit_log WHERE entity = 'expert'", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(expert_entries, 0, "the import is one entry, not one per expert");

    // Undo as a whole: the experts and the unit it created are gone.
    let undone = ledger.undo_import(&history[0].id).unwrap();
    assert!(undone.undone_at.is_some());
    assert_eq!(rows(&ledger, "experts"), before[0]);
    assert!(ledger.list_organizations().unwrap().is_empty());
    fts_intact(&ledger, "experts_fts");
    let trigger: i64 = ledger
        .database()
        .read(|c| {
            Ok(c.query_row("SELECT COUNT(*) FROM sqlite_master WHERE name = 'experts_fts_insert'", [], |r| r.get(0))?)
        })
        .unwrap();
    assert_eq!(trigger, 1, "the index's insert trigger is back after the import");
    let again = ledger.undo_import(&history[0].id).unwrap_err();
    assert_eq!(again.code(), "unsupported");
}

#[test]
fn stop_on_error_writes_nothing_and_cancel_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let before = snapshot(&ledger);
    let mut req = request(&roster(dir.path()), ImportKind::Experts);
    req.on_error = ErrorPolicy::Stop;
    let plan = ledger.import_preview(&req).unwrap();
    let report = commit(&ledger, &plan);
    assert!(!report.written);
    assert_eq!(report.import_id, None);
    assert_eq!(report.rejected.len(), 2);
    assert_eq!(snapshot(&ledger), before);
    assert!(ledger.list_imports().unwrap().is_empty());

    let plan = ledger.import_preview(&request(&roster(dir.path()), ImportKind::Experts)).unwrap();
    let cancelled = ledger.import_commit(&plan, &mut |_, _| {}, &AtomicBool::new(true)).unwrap_err();
    assert!(matches!(cancelled, CoreError::Cancelled));
    assert_eq!(snapshot(&ledger), before);
    assert!(ledger.list_organizations().unwrap().is_empty(), "the unit created before the cancel is rolled back");
}

#[test]
fn a_stored_expert_is_a_duplicate_skipped_or_updated_and_the_update_undone() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let stored = ledger.create_expert(&common::expert("张伟", Some("13800138001"))).unwrap();
    let path = roster(dir.path());
    let plan = ledger.import_preview(&request(&path, ImportKind::Experts)).unwrap();
    assert_eq!(statuses(&plan)[0], (4, RowStatus::Duplicate));
    assert_eq!(plan.rows(&PreviewQuery::default()).items[0].existing_id.as_deref(), Some(stored.id.as_str()));

    let mut req = request(&path, ImportKind::Experts);
    req.on_duplicate = DuplicatePolicy::Update;
    let plan = ledger.import_preview(&req).unwrap();
    assert_eq!(statuses(&plan)[0], (4, RowStatus::Warning), "an update naming a new unit carries its warning");
    let report = commit(&ledger, &plan);
    assert_eq!((report.imported, report.updated), (2, 1));
    let updated = ledger.get_expert(&stored.id).unwrap();
    assert_eq!(updated.birth_month.as_deref(), Some("1978-05"), "filled from the file");
    assert_eq!(updated.discipline.as_deref(), Some("材料"));
    assert!(updated.organization_id.is_some());

    // Changed since: the undo is refused and nothing moves.
    let id = report.import_id.clone().unwrap();
    let mut edit = common::expert("张伟", Some("13800138001"));
    edit.notes = Some("改过".into());
    let edited = ledger.update_expert(&stored.id, updated.stamps.revision, &edit).unwrap();
    let refused = ledger.undo_import(&id).unwrap_err();
    assert_eq!(refused.code(), "unsupported");
    assert!(refused.message_zh().contains("1 条记录已被修改"), "{}", refused.message_zh());
    assert_eq!(ledger.get_expert(&stored.id).unwrap().stamps.revision, edited.stamps.revision);
}

#[test]
fn undo_restores_an_updated_expert() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let stored = ledger.create_expert(&common::expert("张伟", Some("13800138001"))).unwrap();
    let mut req = request(&roster(dir.path()), ImportKind::Experts);
    req.on_duplicate = DuplicatePolicy::Update;
    let report = commit(&ledger, &ledger.import_preview(&req).unwrap());
    ledger.undo_import(report.import_id.as_deref().unwrap()).unwrap();
    let back = ledger.get_expert(&stored.id).unwrap();
    assert_eq!((back.birth_month, back.discipline, back.organization_id), (None, None, None));
    assert_eq!(rows(&ledger, "experts"), 1);
}

#[test]
fn the_mapping_a_person_chose_is_remembered_for_the_same_headers() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let path = roster(dir.path());
    let guessed = ledger.import_preview(&request(&path, ImportKind::Experts)).unwrap().preview();
    assert!(!guessed.mapping_remembered);
    // The person leaves 专业领域 out.
    let mut mapping: Vec<Option<String>> = guessed.columns.iter().map(|c| c.field.clone()).collect();
    mapping[7] = None;
    let mut req = request(&path, ImportKind::Experts);
    req.mapping = Some(mapping.clone());
    commit(&ledger, &ledger.import_preview(&req).unwrap());
    let next = ledger.import_preview(&request(&path, ImportKind::Experts)).unwrap().preview();
    assert!(next.mapping_remembered);
    assert_eq!(next.columns.iter().map(|c| c.field.clone()).collect::<Vec<_>>(), mapping);

    // A mapping naming a field twice or an unknown field is refused with the reason.
    let mut twice = mapping.clone();
    twice[8] = Some("name".into());
    req.mapping = Some(twice);
    let e = ledger.import_preview(&req).err().unwrap();
    assert_eq!(e.code(), "validation");
    assert!(e.message_zh().contains("对应了两列"), "{}", e.message_zh());
}

#[test]
fn a_missing_required_column_rejects_every_row_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let path =
        workbook(dir.path(), "x.xlsx", &["姓名", "手机", "单位"], &[vec![S("张伟"), S("13800138001"), S("浙大")]], &[]);
    let plan = ledger.import_preview(&request(&path, ImportKind::Experts)).unwrap();
    assert_eq!(plan.preview().missing_fields, ["title"]);
    assert_eq!(statuses(&plan), [(4, RowStatus::Error)]);
    assert!(issues(&plan, 4)[0].reason.contains("职称"));
}

#[test]
fn the_rejected_rows_workbook_has_the_original_columns_and_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let plan = ledger.import_preview(&request(&roster(dir.path()), ImportKind::Experts)).unwrap();
    let out = dir.path().join("未导入的行.xlsx");
    assert_eq!(plan.save_rejected(&out).unwrap(), 2);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let range = book.worksheet_range("未导入的行").unwrap();
    let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let mut expected: Vec<String> = ROSTER_HEADER.iter().map(|s| s.to_string()).collect();
    expected.push("原因".into());
    assert_eq!(header, expected);
    let rows: Vec<&[Data]> = range.rows().skip(1).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][1], Data::String("赵磊".into()));
    assert!(rows[0][9].to_string().contains("【手机号码】"), "{}", rows[0][9]);
    assert_eq!(rows[1][1], Data::String("刘洋".into()));
    assert!(rows[1][9].to_string().contains("【职称】"), "{}", rows[1][9]);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty());
}

/// An enterprise list saved by Excel as CSV in GBK.
fn gbk_enterprises(dir: &Path, rows: &[String]) -> PathBuf {
    let mut text = String::from(
        "企业名录\r\n企业名称,统一社会信用代码,所在地区,行业,企业规模,是否高新技术企业,联系人,联系电话\r\n",
    );
    for r in rows {
        text.push_str(r);
        text.push_str("\r\n");
    }
    text.push_str("合计,,,,,,,\r\n");
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    let path = dir.join("企业名录.csv");
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_gbk_enterprise_list_comes_in_with_check_digit_warnings_and_code_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let stored = ledger.create_enterprise(&common::enterprise("杭州旧企业有限公司", 9)).unwrap().record;
    let bad_check = {
        let good = code(2);
        let last = good.chars().last().unwrap();
        format!("{}{}", &good[..17], if last == '0' { '1' } else { '0' })
    };
    let path = gbk_enterprises(
        dir.path(),
        &[
            format!("杭州新材料有限公司,{},浙江省杭州市西湖区,制造业,小型,是,陈静,0571-88886666", code(1)),
            format!("宁波电子科技有限公司,{bad_check},浙江省宁波市,C,中型,否,,"),
            "温州机械有限公司,91330100MA00000O,浙江省温州市,C,小型,否,,".to_owned(),
            format!("杭州旧企业有限公司（更名）,{},浙江省杭州市,C,大型,是,,", code(9)),
            format!("杭州新材料有限公司,{},浙江省杭州市西湖区,C,小型,是,,", code(1).to_lowercase()),
        ],
    );
    let plan = ledger.import_preview(&request(&path, ImportKind::Enterprises)).unwrap();
    let preview = plan.preview();
    assert_eq!(preview.encoding.as_deref(), Some("GB18030"));
    assert_eq!(preview.header_row, 2);
    assert_eq!(
        statuses(&plan),
        [
            (3, RowStatus::New),
            (4, RowStatus::Warning),
            (5, RowStatus::Error),
            (6, RowStatus::Duplicate),
            (7, RowStatus::Duplicate)
        ]
    );
    assert!(issues(&plan, 4)[0].reason.contains("校验位"));
    assert_eq!(issues(&plan, 5)[0].column.as_deref(), Some("统一社会信用代码"));
    assert!(issues(&plan, 7)[0].reason.contains("第 3 行"), "lower case is the same code: {:?}", issues(&plan, 7));

    let report = commit(&ledger, &plan);
    assert_eq!((report.imported, report.updated, report.skipped), (2, 0, 2));
    let list = ledger.list_enterprises(&EnterpriseQuery { page_size: 50, ..EnterpriseQuery::default() }).unwrap();
    let first = list.items.iter().find(|e| e.name == "杭州新材料有限公司").unwrap();
    let first = ledger.get_enterprise(&first.id).unwrap();
    assert_eq!(
        (first.province.as_deref(), first.city.as_deref(), first.county.as_deref()),
        (Some("浙江省"), Some("杭州市"), Some("西湖区"))
    );
    assert_eq!(first.industry.as_deref(), Some("C"));
    assert!(first.is_high_tech);
    assert_eq!(first.contacts[0].phone.as_deref(), Some("0571-88886666"));
    fts_intact(&ledger, "enterprises_fts");
    let second = list.items.iter().find(|e| e.name == "宁波电子科技有限公司").unwrap();
    assert!(ledger.get_enterprise(&second.id).unwrap().credit_code_override.unwrap().contains("导入"));

    // With 更新: the stored enterprise takes the file's values, and undo puts them back.
    let mut req = request(&path, ImportKind::Enterprises);
    req.on_duplicate = DuplicatePolicy::Update;
    let plan = ledger.import_preview(&req).unwrap();
    let report = commit(&ledger, &plan);
    assert_eq!(report.updated, 3, "the two imported a moment ago and the stored one");
    assert_eq!(ledger.get_enterprise(&stored.id).unwrap().name, "杭州旧企业有限公司(更名)", "brackets made half-width");
    ledger.undo_import(report.import_id.as_deref().unwrap()).unwrap();
    assert_eq!(ledger.get_enterprise(&stored.id).unwrap().name, "杭州旧企业有限公司");
}

#[test]
fn visits_and_service_records_link_by_name_and_report_what_they_cannot_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    ledger.create_expert(&common::expert("张伟", Some("13800138001"))).unwrap();
    ledger.create_expert(&common::expert("李娜", Some("13800138002"))).unwrap();
    ledger.create_expert(&common::expert("王芳", Some("13800138003"))).unwrap();
    ledger.create_expert(&common::expert("王芳", Some("13800138004"))).unwrap();
    let firm = ledger.create_enterprise(&common::enterprise("杭州新材料有限公司", 1)).unwrap().record;
    ledger.create_enterprise(&common::enterprise("宁波电子有限公司", 2)).unwrap();

    let visits = workbook(
        dir.path(),
        "走访.xlsx",
        &["走访日期", "企业名称", "参与专员", "走访方式", "走访目的", "发现问题"],
        &[
            vec![D(2024, 3, 5), S("杭州新材料有限公司"), S("张伟、李娜"), S("实地"), S("了解需求"), S("缺少检测设备")],
            vec![S("2024年3月6日"), S("杭州新材料有限公司"), S("张伟"), E, S("回访"), E],
            vec![S("2024-03-07"), S("杭州新材料"), S("张伟"), S("电话"), E, E],
            vec![S("2024-03-08"), S("宁波电子有限公司"), S("赵六"), S("线上"), E, E],
            vec![D(2024, 3, 5), S("杭州新材料有限公司"), S("李娜，张伟"), S("实地"), S("了解需求"), E],
        ],
        &[],
    );
    let plan = ledger.import_preview(&request(&visits, ImportKind::Visits)).unwrap();
    assert_eq!(
        statuses(&plan),
        [
            (4, RowStatus::New),
            (5, RowStatus::Warning),
            (6, RowStatus::Error),
            (7, RowStatus::Error),
            (8, RowStatus::Duplicate)
        ]
    );
    assert!(issues(&plan, 5)[0].reason.contains("实地"), "a missing mode is imported as 实地 and said so");
    assert!(
        issues(&plan, 6)[0].reason.contains("杭州新材料有限公司"),
        "a close name is suggested, not taken: {:?}",
        issues(&plan, 6)
    );
    assert_eq!(issues(&plan, 7)[0].column.as_deref(), Some("参与专员"));
    let report = commit(&ledger, &plan);
    assert_eq!(report.imported, 2);
    let stored = ledger.list_visits(&VisitQuery { page_size: 50, ..VisitQuery::default() }).unwrap();
    assert_eq!(stored.total, 2);
    fts_intact(&ledger, "visits_fts");
    // The same file again: every good row is now a duplicate of a stored visit.
    let again = ledger.import_preview(&request(&visits, ImportKind::Visits)).unwrap();
    assert_eq!(again.preview().counts.duplicate, 3);

    let services = workbook(
        dir.path(),
        "服务台账.xlsx",
        &[
            "专员姓名",
            "专员电话",
            "服务企业",
            "开始日期",
            "结束日期",
            "服务天数",
            "服务类型",
            "服务内容",
            "合同金额（万元）",
            "培训人次",
        ],
        &[
            vec![
                S("张伟"),
                E,
                S("杭州新材料有限公司"),
                S("2024/4/1"),
                S("2024/4/3"),
                N(2.5),
                S("技术咨询"),
                S("工艺诊断"),
                N(12.345678),
                S("30人次"),
            ],
            vec![S("王芳"), E, S("杭州新材料有限公司"), S("2024/4/1"), E, E, S("培训"), S("安全培训"), E, E],
            vec![
                S("王芳"),
                S("13800138004"),
                S("杭州新材料有限公司"),
                S("2024/4/1"),
                S("2024/4/2"),
                E,
                S("培训"),
                S("安全培训"),
                S("0.5"),
                E,
            ],
            vec![
                S("张伟"),
                E,
                S("杭州新材料有限公司"),
                S("2024/4/1"),
                S("2024/4/3"),
                N(9.0),
                S("技术咨询"),
                S("超天数"),
                E,
                E,
            ],
        ],
        &[],
    );
    let plan = ledger.import_preview(&request(&services, ImportKind::Services)).unwrap();
    assert_eq!(
        statuses(&plan),
        [(4, RowStatus::New), (5, RowStatus::Error), (6, RowStatus::Warning), (7, RowStatus::Error)]
    );
    assert!(issues(&plan, 5)[0].reason.contains("2 位专员"), "{:?}", issues(&plan, 5));
    assert_eq!(issues(&plan, 7)[0].column.as_deref(), Some("服务天数"), "{:?}", issues(&plan, 7));
    let report = commit(&ledger, &plan);
    assert_eq!(report.imported, 2);
    let totals = ledger
        .service_totals(&ServiceRecordQuery { enterprise_id: Some(firm.id.clone()), ..ServiceRecordQuery::default() })
        .unwrap();
    assert_eq!(
        totals.outcomes.contract_amount_fen,
        12_345_678 + 500_000,
        "12.345678 万元 and 0.5 万元, exact to the fen"
    );
    assert_eq!(totals.outcomes.people_trained, 30, "30人次 is 30");
    fts_intact(&ledger, "service_records_fts");
}

/// A compound file (the container of .xls and of password-protected .xlsx) holding only an encrypted package.
fn password_protected(dir: &Path) -> PathBuf {
    // Sector 0: the directory (root + two streams); sector 1: the FAT. Streams are empty.
    let mut f = vec![0u8; 512 * 3];
    f[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let put16 = |f: &mut [u8], at: usize, v: u16| f[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 = |f: &mut [u8], at: usize, v: u32| f[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut f, 0x18, 0x003E);
    put16(&mut f, 0x1A, 3);
    put16(&mut f, 0x1C, 0xFFFE);
    put16(&mut f, 0x1E, 9);
    put16(&mut f, 0x20, 6);
    put32(&mut f, 0x2C, 1); // one FAT sector
    put32(&mut f, 0x30, 0); // directory starts at sector 0
    put32(&mut f, 0x38, 4096);
    put32(&mut f, 0x3C, 0xFFFF_FFFE);
    put32(&mut f, 0x44, 0xFFFF_FFFE);
    for i in 0..109 {
        put32(&mut f, 0x4C + i * 4, 0xFFFF_FFFF);
    }
    put32(&mut f, 0x4C, 1); // DIFAT[0] = sector 1
    let dir_at = 512;
    let entry = |f: &mut Vec<u8>, i: usize, name: &str, kind: u8, child: u32, right: u32| {
        let at = dir_at + i * 128;
        let utf16: Vec<u16> = name.encode_utf16().collect();
        for (j, c) in utf16.iter().enumerate() {
            f[at + j * 2..at + j * 2 + 2].copy_from_slice(&c.to_le_bytes());
        }
        f[at + 0x40..at + 0x42].copy_from_slice(&(((utf16.len() + 1) * 2) as u16).to_le_bytes());
        f[at + 0x42] = kind;
        f[at + 0x43] = 1;
        f[at + 0x44..at + 0x48].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        f[at + 0x48..at + 0x4C].copy_from_slice(&right.to_le_bytes());
        f[at + 0x4C..at + 0x50].copy_from_slice(&child.to_le_bytes());
        f[at + 0x74..at + 0x78].copy_from_slice(&(if kind == 5 { 0xFFFF_FFFEu32 } else { 0 }).to_le_bytes());
    };
    entry(&mut f, 0, "Root Entry", 5, 1, 0xFFFF_FFFF);
    entry(&mut f, 1, "EncryptionInfo", 2, 0xFFFF_FFFF, 2);
    entry(&mut f, 2, "EncryptedPackage", 2, 0xFFFF_FFFF, 0xFFFF_FFFF);
    let fat_at = 1024;
    for i in 0..128 {
        put32(&mut f, fat_at + i * 4, 0xFFFF_FFFF);
    }
    put32(&mut f, fat_at, 0xFFFF_FFFE); // the directory: one sector
    put32(&mut f, fat_at + 4, 0xFFFF_FFFD); // the FAT itself
    let path = dir.join("加密花名册.xlsx");
    std::fs::write(&path, f).unwrap();
    path
}

#[test]
fn hostile_files_each_get_a_clear_message_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let before = snapshot(&ledger);
    let save = |name: &str, fill: &dyn Fn(&mut rust_xlsxwriter::Worksheet)| {
        let mut book = Workbook::new();
        fill(book.add_worksheet());
        let path = dir.path().join(name);
        book.save(&path).unwrap();
        path
    };
    let empty = save("空.xlsx", &|_| {});
    let title_only = save("只有标题.xlsx", &|ws| {
        ws.merge_range(0, 0, 0, 5, "2024年科技专员花名册", &Format::new()).unwrap();
    });
    let wide = save("16384列.xlsx", &|ws| {
        ws.write_string(0, 0, "姓名").unwrap();
        ws.write_string(0, 16_383, "职称").unwrap();
    });
    // A sheet whose rows run to 1,000,000 (its last cell is there): refused at row 200,001 without reading the rest.
    let long = save("一百万行.xlsx", &|ws| {
        ws.write_string(0, 0, "姓名").unwrap();
        ws.write_string(0, 1, "职称").unwrap();
        ws.write_string(999_999, 0, "张伟").unwrap();
    });
    let renamed = dir.path().join("其实是文本.xlsx");
    std::fs::write(&renamed, "姓名,职称\n张伟,教授\n").unwrap();
    let cases = [
        (empty, "是空的"),
        (title_only, "没有找到表头"),
        (wide, "256 列"),
        (long, "200,000 行"),
        (renamed, "不是有效的 Excel 工作簿"),
        (password_protected(dir.path()), "密码保护"),
        (dir.path().join("不存在.xlsx"), "无法读取文件"),
    ];
    for (path, says) in cases {
        let e = ledger
            .import_preview(&request(&path, ImportKind::Experts))
            .err()
            .unwrap_or_else(|| panic!("{path:?} read"));
        assert_eq!(e.code(), "import_file", "{path:?}: {e}");
        assert!(e.message_zh().contains(says), "{path:?}: {}", e.message_zh());
        assert!(!e.message_en().is_empty());
    }
    assert_eq!(snapshot(&ledger), before);

    // Formula and error cells: a formula's cached value is read; an error cell is an error of its row.
    let formulas = save("公式.xlsx", &|ws| {
        ws.write_string(0, 0, "姓名").unwrap();
        ws.write_string(0, 1, "职称").unwrap();
        ws.write_string(0, 2, "手机号码").unwrap();
        ws.write_formula(1, 0, rust_xlsxwriter::Formula::new("=\"张\"&\"伟\"").set_result("张伟")).unwrap();
        ws.write_string(1, 1, "教授").unwrap();
        ws.write_string(1, 2, "13800138001").unwrap();
        ws.write_string(2, 0, "李娜").unwrap();
        ws.write_string(2, 1, "教授").unwrap();
        ws.write_formula(2, 2, rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
    });
    let plan = ledger.import_preview(&request(&formulas, ImportKind::Experts)).unwrap();
    assert_eq!(statuses(&plan), [(2, RowStatus::New), (3, RowStatus::Error)]);
    assert_eq!(issues(&plan, 3)[0].column.as_deref(), Some("手机号码"));
    assert_eq!(snapshot(&ledger), before, "a preview writes nothing");
}

#[test]
fn a_record_saved_between_the_preview_and_the_commit_is_seen_by_the_commit() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let plan = ledger.import_preview(&request(&roster(dir.path()), ImportKind::Experts)).unwrap();
    assert_eq!(plan.preview().counts.new + plan.preview().counts.warning, 3);
    // Someone adds 李娜 by hand while the preview is open.
    ledger.create_expert(&common::expert("李娜", Some("13800138002"))).unwrap();
    let report = commit(&ledger, &plan);
    assert_eq!((report.imported, report.skipped), (2, 2), "李娜 is now a duplicate, judged again at the commit");
    let named: i64 = ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM experts WHERE name = '李娜'", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(named, 1);
}

#[test]
fn the_preview_cuts_long_cells_to_a_readable_length_and_the_import_keeps_the_whole_value() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_in_memory().unwrap();
    let notes = "很长的备注".repeat(50); // 250 characters
    let path = dir.path().join("长备注.csv");
    std::fs::write(&path, format!("姓名,职称,手机,备注\n张伟,正高级,13800138001,{notes}\n")).unwrap();
    let plan = ledger.import_preview(&request(&path, ImportKind::Experts)).unwrap();
    let row = &plan.rows(&PreviewQuery { status: None, page: 1, page_size: 10 }).items[0];
    let shown = &row.values[3];
    assert_eq!(shown.chars().count(), ledger_core::import::cell::PREVIEW_CHARS + 1, "{shown}");
    assert!(shown.ends_with('…') && notes.starts_with(shown.trim_end_matches('…')), "{shown}");
    assert_eq!(row.values[0], "张伟", "short cells are shown whole");
    assert_eq!(row.status, RowStatus::New, "{:?}", row.issues);
    commit(&ledger, &plan);
    let experts = ledger.list_experts(&ExpertQuery::default()).unwrap();
    let expert = ledger.get_expert(&experts.items[0].id).unwrap();
    assert_eq!(expert.notes.as_deref(), Some(notes.as_str()), "the whole value is imported");
}

/// Audit entries of `entity` with `action`.
fn audit_count(ledger: &Ledger, entity: &str, action: &str) -> i64 {
    ledger
        .database()
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM audit_log WHERE entity = ?1 AND action = ?2",
                [entity, action],
                |r| r.get(0),
            )?)
        })
        .unwrap()
}

#[test]
fn undoing_an_import_backs_up_first_and_audits_each_removed_record() {
    let dir = tempfile::tempdir().unwrap();
    let policy = ledger_core::data_folder::backup::BackupPolicy { daily_at_open: false, ..Default::default() };
    let ledger = Ledger::open_with(&dir.path().join("ledger.sqlite3"), policy).unwrap();
    let report = commit(&ledger, &ledger.import_preview(&request(&roster(dir.path()), ImportKind::Experts)).unwrap());
    let id = report.import_id.clone().unwrap();
    let imported: Vec<String> = ledger
        .database()
        .read(|c| {
            let mut stmt =
                c.prepare("SELECT entity_id FROM import_items WHERE import_id = ?1 AND entity = 'expert'")?;
            ledger_core::storage::db::read_rows(&mut stmt, [&id], |r| r.get(0))
        })
        .unwrap();
    assert_eq!(imported.len(), 3);
    let reasons = |l: &Ledger| l.list_backups().unwrap().into_iter().map(|b| b.reason).collect::<Vec<_>>();
    assert_eq!(reasons(&ledger), [BackupReason::Import]);

    ledger.undo_import(&id).unwrap();
    assert_eq!(reasons(&ledger), [BackupReason::Undo, BackupReason::Import], "a backup before the undo");
    let undo_backup = &ledger.list_backups().unwrap()[0];
    assert!(undo_backup.file_name.contains("-undo-"), "{}", undo_backup.file_name);
    assert_eq!(audit_count(&ledger, "expert", "delete"), 3, "one entry per removed expert");
    for expert in &imported {
        let history = ledger.record_history("expert", expert).unwrap();
        assert_eq!(history.len(), 1, "{expert}: {history:?}");
        assert!(history[0].before.is_some() && history[0].after.is_none(), "{history:?}");
    }

    // A refused undo (done already) writes nothing: no backup, no audit entry.
    let audit_before = audit_count(&ledger, "expert", "delete") + audit_count(&ledger, "import", "delete");
    assert_eq!(ledger.undo_import(&id).unwrap_err().code(), "unsupported");
    assert_eq!(reasons(&ledger).len(), 2);
    assert_eq!(audit_count(&ledger, "expert", "delete") + audit_count(&ledger, "import", "delete"), audit_before);
}
