//! 服务对象评价 on service records: the checks (with nothing written), saving and editing with the audit, the list's
//! and the detail pages' 满意度 and summary (the weighted share against hand counts), the import's columns and words.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crate::common::{enterprise, exec, expert, rows};
use chrono::NaiveDate;
use ledger_core::clock::Clock;
use ledger_core::import::columns::match_field;
use ledger_core::model::*;
use ledger_core::{FieldError, Ledger};

struct Fixture {
    ledger: Ledger,
    li: Expert,
    wang: Expert,
    factory: Enterprise,
    mill: Enterprise,
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Two experts, two enterprises; today is 2026-03-20 by the ledger's clock.
fn fixture() -> Fixture {
    let mut ledger = Ledger::open_in_memory().unwrap();
    ledger.set_clock(Clock::fixed_on(day("2026-03-20")));
    let li = ledger.create_expert(&expert("李娜", Some("13800138001"))).unwrap();
    let wang = ledger.create_expert(&expert("王强", Some("13800138002"))).unwrap();
    let factory = ledger.create_enterprise(&enterprise("湖州电梯有限公司", 1)).unwrap().record;
    let mill = ledger.create_enterprise(&enterprise("安吉竹木制品厂", 2)).unwrap().record;
    Fixture { ledger, li, wang, factory, mill }
}

/// 李娜 at the factory, 2026-03-02 to 03-04, with this evaluation.
fn input(f: &Fixture, evaluation: Evaluation) -> ServiceRecordInput {
    ServiceRecordInput {
        expert_id: Some(f.li.id.clone()),
        enterprise_id: Some(f.factory.id.clone()),
        start_date: Some("2026-03-02".into()),
        end_date: Some("2026-03-04".into()),
        service_days: 3.0,
        service_type: Some(ServiceType::Consulting),
        content: "曳引机噪声诊断".into(),
        evaluation,
        ..Default::default()
    }
}

fn evaluated(satisfaction: Satisfaction, on: &str) -> Evaluation {
    Evaluation { satisfaction: Some(satisfaction), evaluated_on: Some(on.into()), ..Default::default() }
}

fn errors_of(f: &Fixture, evaluation: Evaluation) -> Vec<FieldError> {
    let err = f.ledger.create_service_record(&input(f, evaluation)).unwrap_err();
    assert_eq!(err.code(), "validation", "{err}");
    err.fields()
}

fn only_error(f: &Fixture, evaluation: Evaluation) -> FieldError {
    let errors = errors_of(f, evaluation);
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.into_iter().next().unwrap()
}

#[test]
fn an_evaluation_needs_its_date_within_the_service_and_today_and_nothing_is_written_otherwise() {
    let f = fixture();
    let before = (rows(&f.ledger, "service_records"), rows(&f.ledger, "audit_log"));

    let e = only_error(&f, Evaluation { satisfaction: Some(Satisfaction::Satisfied), ..Default::default() });
    assert_eq!((e.field.as_str(), e.message.as_str()), ("evaluatedOn", "请填写评价日期"));
    let e = only_error(&f, evaluated(Satisfaction::Satisfied, "2026-03-21"));
    assert_eq!(e.field, "evaluatedOn");
    assert!(e.message.contains("晚于今天（2026-03-20）"), "{e:?}");
    let e = only_error(&f, evaluated(Satisfaction::Satisfied, "2026-03-01"));
    assert!(e.message.contains("早于服务开始日期 2026-03-02"), "{e:?}");
    let e = only_error(&f, evaluated(Satisfaction::Satisfied, "2026-02-30"));
    assert_eq!(e.field, "evaluatedOn");
    // An evaluator, date or opinion without a satisfaction is a half-filled evaluation.
    let e = only_error(&f, Evaluation { evaluator: Some("陈经理".into()), ..Default::default() });
    assert_eq!(e.field, "satisfaction");
    // Text limits: 评价人 a person's name (50), 评价意见 notes (2,000).
    let errors = errors_of(
        &f,
        Evaluation {
            evaluator: Some("名".repeat(51)),
            evaluation_opinion: Some("字".repeat(2_001)),
            ..evaluated(Satisfaction::Dissatisfied, "2026-03-04")
        },
    );
    let mut fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    fields.sort();
    assert_eq!(fields, ["evaluationOpinion", "evaluator"]);

    assert_eq!((rows(&f.ledger, "service_records"), rows(&f.ledger, "audit_log")), before);
    // The first day itself and today are fine; blank texts are no evaluation at all.
    f.ledger.create_service_record(&input(&f, evaluated(Satisfaction::Satisfied, "2026-03-02"))).unwrap();
    f.ledger.create_service_record(&input(&f, evaluated(Satisfaction::Satisfied, "2026-03-20"))).unwrap();
    let blank = Evaluation { evaluator: Some("  ".into()), evaluated_on: Some(" ".into()), ..Default::default() };
    let saved = f.ledger.create_service_record(&input(&f, blank)).unwrap();
    assert_eq!(saved.evaluation, Evaluation::default());
}

#[test]
fn an_evaluation_is_saved_edited_cleared_and_audited() {
    let f = fixture();
    let evaluation = Evaluation {
        satisfaction: Some(Satisfaction::BasicallySatisfied),
        evaluator: Some(" 陈经理 ".into()),
        evaluated_on: Some("2026-03-05".into()),
        evaluation_opinion: Some("  响应及时，效果待观察 ".into()),
    };
    let saved = f.ledger.create_service_record(&input(&f, evaluation)).unwrap();
    assert_eq!(
        saved.evaluation,
        Evaluation {
            satisfaction: Some(Satisfaction::BasicallySatisfied),
            evaluator: Some("陈经理".into()),
            evaluated_on: Some("2026-03-05".into()),
            evaluation_opinion: Some("响应及时,效果待观察".into()),
        }
    );
    assert_eq!(f.ledger.get_service_record(&saved.id).unwrap(), saved);
    let json = serde_json::to_value(&saved).unwrap();
    assert_eq!(
        (json["satisfaction"].as_str(), json["evaluatedOn"].as_str()),
        (Some("basically_satisfied"), Some("2026-03-05"))
    );

    let edited = f
        .ledger
        .update_service_record(&saved.id, 1, &input(&f, evaluated(Satisfaction::Satisfied, "2026-03-06")))
        .unwrap();
    assert_eq!((edited.evaluation.satisfaction, edited.evaluation.evaluator), (Some(Satisfaction::Satisfied), None));
    let cleared = f.ledger.update_service_record(&saved.id, 2, &input(&f, Evaluation::default())).unwrap();
    assert_eq!(cleared.evaluation, Evaluation::default());

    let history = f.ledger.record_history("service_record", &saved.id).unwrap();
    assert_eq!(history.iter().map(|h| h.action.as_str()).collect::<Vec<_>>(), ["update", "update", "create"]);
    assert_eq!(history[2].after.as_ref().unwrap()["satisfaction"], "basically_satisfied");
    assert_eq!(history[1].before.as_ref().unwrap()["evaluator"], "陈经理");
    assert_eq!(history[1].after.as_ref().unwrap()["satisfaction"], "satisfied");
    assert!(history[0].after.as_ref().unwrap()["satisfaction"].is_null());

    // The "copy last" template never copies an evaluation: it belongs to that record.
    f.ledger.update_service_record(&saved.id, 3, &input(&f, evaluated(Satisfaction::Satisfied, "2026-03-06"))).unwrap();
    let template = f.ledger.last_service_record_template(None).unwrap().unwrap();
    assert_eq!(template.input.evaluation, Evaluation::default());
}

/// A service record by SQL: (id, expert, enterprise, start, satisfaction or NULL, deleted).
fn service(f: &Fixture, id: &str, x: &Expert, at: &Enterprise, start: &str, satisfaction: Option<&str>, deleted: bool) {
    let (satisfaction, on) = match satisfaction {
        Some(s) => (format!("'{s}'"), format!("'{start}'")),
        None => ("NULL".to_owned(), "NULL".to_owned()),
    };
    let deleted = if deleted { "'2026-03-14T00:00:00Z'" } else { "NULL" };
    exec(
        &f.ledger,
        &format!(
            "INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days,
                 service_type, content, satisfaction, evaluated_on, created_at, updated_at, deleted_at)
             VALUES ('{id}', '{}', '{}', '{start}', '{start}', 1, 'consulting', '服务', {satisfaction}, {on}, 'n',
                 'n', {deleted})",
            x.id, at.id
        ),
    );
}

#[test]
fn the_detail_pages_show_each_records_satisfaction_and_the_weighted_summary() {
    let f = fixture();
    // The factory: 满意 ×2, 基本满意 ×1, 不满意 ×1, one not evaluated, and a deleted 不满意 left out.
    service(&f, "s1", &f.li, &f.factory, "2026-01-05", Some("satisfied"), false);
    service(&f, "s2", &f.li, &f.factory, "2026-01-06", Some("satisfied"), false);
    service(&f, "s3", &f.wang, &f.factory, "2026-01-07", Some("basically_satisfied"), false);
    service(&f, "s4", &f.wang, &f.factory, "2026-01-08", Some("dissatisfied"), false);
    service(&f, "s5", &f.li, &f.factory, "2026-01-09", None, false);
    service(&f, "s6", &f.li, &f.factory, "2026-01-10", Some("dissatisfied"), true);
    // The mill: 王强's one 基本满意.
    service(&f, "s7", &f.wang, &f.mill, "2026-02-01", Some("basically_satisfied"), false);

    let factory = f.ledger.enterprise_overview(&f.factory.id).unwrap();
    // (2 × 1 + 1 × 0.6 + 1 × 0) / 4 = 65 %.
    assert_eq!(
        factory.evaluations,
        EvaluationSummary {
            evaluated: 4,
            satisfied: 2,
            basically_satisfied: 1,
            dissatisfied: 1,
            weighted_percent: Some(65.0)
        }
    );
    let shown: Vec<(&str, Option<Satisfaction>)> =
        factory.service_records.items.iter().map(|s| (s.id.as_str(), s.satisfaction)).collect();
    assert_eq!(
        shown,
        [
            ("s5", None),
            ("s4", Some(Satisfaction::Dissatisfied)),
            ("s3", Some(Satisfaction::BasicallySatisfied)),
            ("s2", Some(Satisfaction::Satisfied)),
            ("s1", Some(Satisfaction::Satisfied))
        ]
    );
    // 李娜: 满意 ×2 (s5 not evaluated, s6 deleted) = 100 %; 王强: 基本满意 ×2 and 不满意 ×1 = 1.2 / 3 = 40 %.
    let li = f.ledger.expert_overview(&f.li.id).unwrap().evaluations;
    assert_eq!((li.evaluated, li.satisfied, li.weighted_percent), (2, 2, Some(100.0)));
    let wang = f.ledger.expert_overview(&f.wang.id).unwrap().evaluations;
    assert_eq!(
        (wang.evaluated, wang.basically_satisfied, wang.dissatisfied, wang.weighted_percent),
        (3, 2, 1, Some(40.0))
    );
    // Nothing evaluated: 无评价.
    exec(&f.ledger, "UPDATE service_records SET satisfaction = NULL, evaluated_on = NULL WHERE id = 's7'");
    assert_eq!(f.ledger.enterprise_overview(&f.mill.id).unwrap().evaluations, EvaluationSummary::default());

    // The service ledger's list carries the 满意度 too.
    let page = f
        .ledger
        .list_service_records(&ServiceRecordQuery { enterprise_id: Some(f.factory.id.clone()), ..Default::default() })
        .unwrap();
    assert_eq!(page.items.iter().filter_map(|r| r.satisfaction).count(), 4);
    assert_eq!(page.items.iter().find(|r| r.id == "s3").unwrap().satisfaction, Some(Satisfaction::BasicallySatisfied));
}

fn csv(dir: &Path, lines: &[&str]) -> PathBuf {
    let path = dir.join("服务台账.csv");
    std::fs::write(&path, lines.join("\r\n")).unwrap();
    path
}

#[test]
fn the_import_reads_satisfaction_words_and_reports_an_unknown_word_on_its_cell() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let path = csv(
        dir.path(),
        &[
            "科技专员,服务企业,开始日期,结束日期,服务天数,服务类型,服务内容,服务对象评价,评价人,评价时间,企业评价意见",
            "李娜,湖州电梯有限公司,2026-03-02,2026-03-03,1,技术咨询,诊断一,非常满意,陈经理,2026-03-05,很好",
            "李娜,湖州电梯有限公司,2026-03-02,2026-03-03,1,技术咨询,诊断二,一般,,2026-03-05,",
            "王强,安吉竹木制品厂,2026-03-02,2026-03-03,1,培训,培训三,不太满意,,2026-03-04,",
            "王强,安吉竹木制品厂,2026-03-02,2026-03-03,1,培训,培训四,优,,2026-03-04,",
            "王强,安吉竹木制品厂,2026-03-02,2026-03-06,1,培训,培训五,满意,,,",
            "王强,安吉竹木制品厂,2026-03-02,2026-03-03,1,培训,培训六,,,2026-03-04,",
        ],
    );
    let request = ImportRequest {
        path: path.to_string_lossy().into_owned(),
        kind: ImportKind::Services,
        ..ImportRequest::default()
    };
    let plan = f.ledger.import_preview(&request).unwrap();
    let page = plan.rows(&PreviewQuery { page_size: 50, ..PreviewQuery::default() });
    let statuses: Vec<(u32, RowStatus)> = page.items.iter().map(|r| (r.row, r.status)).collect();
    assert_eq!(
        statuses,
        [
            (2, RowStatus::New),
            (3, RowStatus::New),
            (4, RowStatus::New),
            (5, RowStatus::Error),
            (6, RowStatus::Warning),
            (7, RowStatus::Error)
        ]
    );
    let issue = |row: u32| page.items.iter().find(|r| r.row == row).unwrap().issues[0].clone();
    let bad = issue(5);
    assert_eq!(bad.column.as_deref(), Some("服务对象评价"));
    assert!(bad.reason.contains("“优”不是可识别的满意度"), "{bad:?}");
    // No date with a satisfaction: the service's last day, said so.
    let dated = issue(6);
    assert_eq!(
        (dated.column.as_deref(), dated.reason.as_str()),
        (Some("评价时间"), "未填评价日期，按 2026-03-06 导入")
    );
    // A date without a satisfaction is refused on the 满意度 column.
    assert_eq!(issue(7).column.as_deref(), Some("服务对象评价"));

    let report = f.ledger.import_commit(&plan, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(report.imported, 4);
    let by_content = |content: &str| -> Evaluation {
        let id: String = f
            .ledger
            .database()
            .read(|c| Ok(c.query_row("SELECT id FROM service_records WHERE content = ?1", [content], |r| r.get(0))?))
            .unwrap();
        f.ledger.get_service_record(&id).unwrap().evaluation
    };
    assert_eq!(
        by_content("诊断一"),
        Evaluation {
            satisfaction: Some(Satisfaction::Satisfied),
            evaluator: Some("陈经理".into()),
            evaluated_on: Some("2026-03-05".into()),
            evaluation_opinion: Some("很好".into()),
        }
    );
    assert_eq!(by_content("诊断二").satisfaction, Some(Satisfaction::BasicallySatisfied));
    assert_eq!(by_content("培训三").satisfaction, Some(Satisfaction::Dissatisfied));
    assert_eq!(by_content("培训五").evaluated_on.as_deref(), Some("2026-03-06"));
}

#[test]
fn the_import_knows_the_evaluation_headers() {
    let kind = ImportKind::Services;
    for (header, field) in [
        ("满意度", "satisfaction"),
        ("服务对象评价", "satisfaction"),
        ("企业满意度（满意/基本满意/不满意）", "satisfaction"),
        ("评价", "satisfaction"),
        ("评价人", "evaluator"),
        ("企业评价人", "evaluator"),
        ("评价日期", "evaluatedOn"),
        ("服务对象评价日期", "evaluatedOn"),
        ("评价意见", "evaluationOpinion"),
        ("服务对象评价意见", "evaluationOpinion"),
        ("意见", "evaluationOpinion"),
    ] {
        assert_eq!(match_field(kind, header), Some(field), "{header}");
    }
    // The enterprise's own column is still the enterprise.
    assert_eq!(match_field(kind, "服务对象"), Some("enterprise"));
}

#[test]
fn an_evaluated_record_merged_into_another_ledger_keeps_its_evaluation_and_a_later_one_follows() {
    let dir = tempfile::tempdir().unwrap();
    let a = crate::exchange_merge::open(dir.path(), "a.sqlite3");
    let li = a.create_expert(&expert("李娜", Some("13800138001"))).unwrap();
    let firm = a.create_enterprise(&enterprise("湖州电梯有限公司", 1)).unwrap().record;
    let record = ServiceRecordInput {
        expert_id: Some(li.id.clone()),
        enterprise_id: Some(firm.id.clone()),
        start_date: Some("2026-05-11".into()),
        end_date: Some("2026-05-12".into()),
        service_days: 2.0,
        service_type: Some(ServiceType::Consulting),
        content: "工艺改进咨询".into(),
        evaluation: Evaluation {
            evaluator: Some("陈经理".into()), ..evaluated(Satisfaction::Satisfied, "2026-05-13")
        },
        ..Default::default()
    };
    let saved = a.create_service_record(&record).unwrap();
    let superior = crate::exchange_merge::open(dir.path(), "s.sqlite3");
    let merge = |name: &str| {
        let package = crate::exchange_merge::package(&a, dir.path(), name);
        superior.merge_package(&package, &mut |_, _| {}, &AtomicBool::new(false)).unwrap()
    };
    merge("a1.stlx");
    assert_eq!(superior.get_service_record(&saved.id).unwrap().evaluation, saved.evaluation);
    assert_eq!(superior.enterprise_overview(&firm.id).unwrap().evaluations.weighted_percent, Some(100.0));

    let changed = ServiceRecordInput { evaluation: evaluated(Satisfaction::Dissatisfied, "2026-05-14"), ..record };
    a.update_service_record(&saved.id, 1, &changed).unwrap();
    merge("a2.stlx");
    let copy = superior.get_service_record(&saved.id).unwrap();
    assert_eq!(
        (copy.evaluation.satisfaction, copy.evaluation.evaluated_on.as_deref()),
        (Some(Satisfaction::Dissatisfied), Some("2026-05-14"))
    );
}
