//! Importing a 技术需求征集表 as enterprises fill it in: a title above the header, an enterprise merged over its rows,
//! an enterprise not on file, a budget that is not an amount, the same need twice in the file and once in the
//! ledger — each row's outcome and reason, the description kept as written, the contact added to the enterprise,
//! nothing written for a refused row, the rejected rows' workbook and undo.

use calamine::{open_workbook, Data, Reader, Xlsx};
use ledger_core::model::*;
use ledger_core::Ledger;

use crate::common::{self, code, rows};
use crate::import::{commit, fts_intact, issues, request, statuses, workbook, E, N, S};

const HEADER: &[&str] = &[
    "序号",
    "企业名称",
    "统一社会信用代码",
    "需求名称",
    "需求描述",
    "需求类型",
    "专业领域",
    "预算（万元）",
    "紧急程度",
    "联系人",
    "联系电话",
];

const DESCRIPTION: &str = "现有涂层在 300℃ 以上开裂。\n  希望：\n1) 提高耐温；\n2)  降低成本";

/// A ledger with two enterprises and one need on file.
fn ledger() -> (Ledger, Enterprise, Enterprise) {
    let ledger = Ledger::open_in_memory().unwrap();
    let firm = ledger.create_enterprise(&common::enterprise("杭州新材料有限公司", 1)).unwrap().record;
    let other = ledger.create_enterprise(&common::enterprise("宁波电子有限公司", 2)).unwrap().record;
    ledger
        .create_need(&NeedInput {
            enterprise_id: other.id.clone(),
            source: Some(NeedSource::SelfReported),
            title: "已有需求".into(),
            need_type: Some(NeedType::Other),
            ..NeedInput::default()
        })
        .unwrap();
    (ledger, firm, other)
}

fn needs_file(dir: &std::path::Path) -> std::path::PathBuf {
    let other_code = code(2);
    let other_code: &'static str = Box::leak(other_code.into_boxed_str());
    workbook(
        dir,
        "技术需求征集表.xlsx",
        HEADER,
        &[
            vec![
                N(1.0),
                S("杭州新材料有限公司"),
                E,
                S("耐高温涂层研发"),
                S(DESCRIPTION),
                S("技术攻关"),
                S("新材料"),
                N(50.0),
                S("紧急"),
                S("王经理"),
                S("13900001111"),
            ],
            vec![
                N(2.0),
                S("杭州新材料有限公司"),
                E,
                S("废水处理工艺改进"),
                S("废水 COD 超标"),
                S("工艺改造"),
                S("环保"),
                S("12.5万元"),
                S("较急"),
                S("王经理"),
                S("13900001111"),
            ],
            vec![N(3.0), S("不存在的公司"), E, S("智能检测"), E, S("其他"), E, N(1.0), E, E, E],
            vec![N(4.0), S("宁波电子有限公司"), E, S("芯片散热"), E, S("产品研发"), E, S("五十万"), E, E, E],
            vec![N(5.0), S("杭州新材料有限公司"), E, S("耐高温涂层研发"), S("重复一行"), S("技术攻关"), E, E, E, E, E],
            vec![N(6.0), E, S(other_code), S("已有需求"), E, S("其他"), E, E, E, E, E],
            vec![N(7.0), S("宁波电子有限公司"), E, S("人才引进"), E, E, E, E, S("一般"), S("李工"), E],
        ],
        // 企业名称 merged over the first two rows, as a form grouped by enterprise has it.
        &[(3, 4, 1)],
    )
}

fn need_count(ledger: &Ledger) -> i64 {
    rows(ledger, "needs")
}

#[test]
fn a_messy_needs_form_is_judged_row_by_row_and_only_good_rows_come_in() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, firm, other) = ledger();
    let path = needs_file(dir.path());
    let plan = ledger.import_preview(&request(&path, ImportKind::Needs)).unwrap();
    let preview = plan.preview();
    assert_eq!(preview.header_row, 3, "the title rows are skipped");
    assert!(preview.missing_fields.is_empty());
    assert_eq!(
        statuses(&plan),
        [
            (4, RowStatus::Warning),
            (5, RowStatus::Warning),
            (6, RowStatus::Error),
            (7, RowStatus::Error),
            (8, RowStatus::Duplicate),
            (9, RowStatus::Duplicate),
            (10, RowStatus::Warning),
        ]
    );
    assert!(issues(&plan, 4)[0].reason.contains("王经理"), "the new contact is announced: {:?}", issues(&plan, 4));
    let missing = issues(&plan, 6);
    assert_eq!(missing[0].column.as_deref(), Some("企业名称"));
    assert!(missing[0].reason.contains("不存在的公司") && missing[0].reason.contains("请先导入或添加"), "{missing:?}");
    let budget = issues(&plan, 7);
    assert_eq!(budget[0].column.as_deref(), Some("预算（万元）"), "{budget:?}");
    assert!(budget[0].reason.contains("五十万"), "{budget:?}");
    assert!(issues(&plan, 8)[0].reason.contains("第 4 行"), "{:?}", issues(&plan, 8));
    assert!(issues(&plan, 9)[0].reason.contains("已有同名"), "{:?}", issues(&plan, 9));
    let type_warning = issues(&plan, 10);
    assert!(type_warning.iter().any(|i| i.reason.contains("其他")), "{type_warning:?}");

    let enterprises_before = rows(&ledger, "enterprises");
    let report = commit(&ledger, &plan);
    assert_eq!((report.read, report.imported, report.skipped, report.rejected.len()), (7, 3, 2, 2));
    assert_eq!(need_count(&ledger), 4, "three new beside the one on file");
    assert_eq!(rows(&ledger, "enterprises"), enterprises_before, "a missing enterprise is never created");
    fts_intact(&ledger, "needs_fts");

    let stored = |title: &str| -> Need {
        let id: String = ledger
            .database()
            .read(|c| Ok(c.query_row("SELECT id FROM needs WHERE title = ?1", [title], |r| r.get(0))?))
            .unwrap();
        ledger.get_need(&id).unwrap()
    };
    let coating = stored("耐高温涂层研发");
    assert_eq!(coating.enterprise_id, firm.id, "the merged enterprise cell is filled down");
    assert_eq!(coating.original_text.as_deref(), Some(DESCRIPTION), "the description is kept exactly as written");
    assert_eq!(coating.need_type, NeedType::TechBreakthrough);
    assert_eq!(coating.discipline.as_deref(), Some("新材料"));
    assert_eq!(coating.budget_fen, Some(50 * 10_000 * 100));
    assert_eq!(coating.urgency, Urgency::High);
    assert_eq!(coating.source, NeedSource::SelfReported);
    assert_eq!(coating.stage, NeedStage::Discovered);
    let water = stored("废水处理工艺改进");
    assert_eq!(
        (water.need_type, water.budget_fen, water.urgency),
        (NeedType::ProcessImprovement, Some(12_500_000), Urgency::Normal)
    );
    let talent = stored("人才引进");
    assert_eq!(
        (talent.enterprise_id.as_str(), talent.need_type, talent.urgency),
        (other.id.as_str(), NeedType::Other, Urgency::Low)
    );

    let contacts = |id: &str| -> Vec<(String, Option<String>)> {
        ledger.get_enterprise(id).unwrap().contacts.into_iter().map(|c| (c.name, c.phone)).collect()
    };
    assert_eq!(contacts(&firm.id), [("王经理".to_owned(), Some("13900001111".to_owned()))], "added once");
    assert_eq!(contacts(&other.id), [("李工".to_owned(), None)]);

    // The rejected rows, under the file's header with their reasons.
    let rejects = dir.path().join("未导入.xlsx");
    assert_eq!(plan.save_rejected(&rejects).unwrap(), 2);
    let mut book: Xlsx<_> = open_workbook(&rejects).unwrap();
    let sheet = book.worksheet_range("未导入的行").unwrap();
    assert_eq!(sheet.get_value((0, 11)), Some(&Data::String("原因".into())));
    assert_eq!(sheet.get_value((1, 1)), Some(&Data::String("不存在的公司".into())));
    assert!(matches!(sheet.get_value((2, 11)), Some(Data::String(r)) if r.contains("【预算（万元）】")));

    // Undo takes the needs, their stage events and the added contacts back.
    let id = report.import_id.unwrap();
    ledger.undo_import(&id).unwrap();
    assert_eq!(need_count(&ledger), 1);
    assert_eq!(rows(&ledger, "need_stage_events"), 1);
    assert!(contacts(&firm.id).is_empty() && contacts(&other.id).is_empty());
    fts_intact(&ledger, "needs_fts");
    let history = ledger.list_imports().unwrap();
    assert_eq!((history[0].kind, history[0].undone_at.is_some()), (ImportKind::Needs, true));
}

#[test]
fn a_needs_file_without_a_title_column_names_it_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, _, _) = ledger();
    let path = workbook(
        dir.path(),
        "无名称.xlsx",
        &["企业名称", "需求描述", "预算"],
        &[vec![S("杭州新材料有限公司"), S("想要一台设备"), N(3.0)]],
        &[],
    );
    let plan = ledger.import_preview(&request(&path, ImportKind::Needs)).unwrap();
    assert_eq!(plan.preview().missing_fields, ["title"]);
    assert!(issues(&plan, 4)[0].reason.contains("需求名称"));
    let report = commit(&ledger, &plan);
    assert!(!report.written);
    assert_eq!(need_count(&ledger), 1);
}
