//! 技术需求: creation (on its own and from a visit), the original wording kept as written, the budget in 万元 stored
//! exactly, validation (every bad field at once, nothing written), editing with revisions, the list (filters, search,
//! sorts, stale needs), the board, and reading what the sample generator writes.

use crate::common::{enterprise, exec, expert, rows};
use chrono::{Days, Local, NaiveDate};
use ledger_core::model::*;
use ledger_core::{fieldwork::needs, CoreError, Ledger};

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn days_ago(n: u64) -> String {
    (today() - Days::new(n)).to_string()
}

/// A minimal self-reported need form.
fn need(enterprise_id: &str, title: &str) -> NeedInput {
    NeedInput {
        enterprise_id: enterprise_id.into(),
        source: Some(NeedSource::SelfReported),
        title: title.into(),
        need_type: Some(NeedType::ProcessImprovement),
        ..Default::default()
    }
}

/// Inserts a visit (the visit API is another module's) and returns its id.
fn visit(ledger: &Ledger, id: &str, enterprise_id: &str, date: &str, deleted: bool) -> String {
    let deleted = if deleted { "'2025-01-01T00:00:00Z'" } else { "NULL" };
    exec(
        ledger,
        &format!(
            "INSERT INTO visits (id, enterprise_id, visit_date, mode, created_at, updated_at, deleted_at)
             VALUES ('{id}', '{enterprise_id}', '{date}', 'on_site', 'n', 'n', {deleted})"
        ),
    );
    id.to_owned()
}

/// Row counts of the tables a need write touches.
fn need_tables(ledger: &Ledger) -> Vec<i64> {
    ["needs", "need_stage_events", "need_matches", "audit_log"].iter().map(|t| rows(ledger, t)).collect()
}

fn fields(err: CoreError) -> Vec<(String, String)> {
    let CoreError::Validation(fields) = err else { panic!("expected a validation error, got {err:?}") };
    fields.into_iter().map(|f| (f.field, f.message)).collect()
}

fn field_names(err: CoreError) -> Vec<String> {
    fields(err).into_iter().map(|(f, _)| f).collect()
}

fn audit_actions(ledger: &Ledger, entity: &str, id: &str) -> Vec<String> {
    ledger.record_history(entity, id).unwrap().into_iter().rev().map(|e| e.action).collect()
}

#[test]
fn a_need_starts_in_discovered_with_its_first_event_and_is_audited() {
    let ledger = Ledger::open_in_memory().unwrap();
    let firm = ledger.create_enterprise(&enterprise("宁波甬达精密模具有限公司", 1)).unwrap().record;
    let original = "  我们公司注塑件  有缩痕，\n客户投诉比较多（急！），ＡＢＣ型号尤其严重。  ";
    let saved = ledger
        .create_need(&NeedInput {
            title: "  注塑件　缩痕问题 ".into(),
            original_text: Some(original.into()),
            discipline: Some(" 机械工程 ".into()),
            budget_wan: Some("12.5".into()),
            ..need(&firm.id, "")
        })
        .unwrap();
    assert_eq!(saved.title, "注塑件 缩痕问题");
    // The enterprise's wording keeps its inner spaces, line break, full-width letters and punctuation.
    assert_eq!(saved.original_text.as_deref(), Some(original.trim()));
    assert_eq!(saved.discipline.as_deref(), Some("机械工程"));
    assert_eq!(saved.budget_fen, Some(12_500_000));
    assert_eq!(
        (saved.urgency, saved.stage, saved.source),
        (Urgency::Normal, NeedStage::Discovered, NeedSource::SelfReported)
    );
    assert_eq!(saved.stage_changed_on, today().to_string());
    assert_eq!((saved.enterprise_name.as_str(), saved.stamps.revision), ("宁波甬达精密模具有限公司", 1));
    assert_eq!(saved.events.len(), 1);
    assert_eq!(saved.events[0].from_stage, None);
    assert_eq!(saved.events[0].to_stage, NeedStage::Discovered);
    assert_eq!(saved.events[0].changed_on, today().to_string());
    assert!(saved.matches.is_empty() && saved.merged_into_id.is_none());
    assert_eq!(ledger.get_need(&saved.id).unwrap(), saved);
    assert_eq!(audit_actions(&ledger, "need", &saved.id), ["create"]);
}

#[test]
fn a_need_found_on_a_visit_is_linked_to_it_and_dated_by_it() {
    let ledger = Ledger::open_in_memory().unwrap();
    let firm = ledger.create_enterprise(&enterprise("宁波甬达精密模具有限公司", 1)).unwrap().record;
    let on = days_ago(3);
    let v = visit(&ledger, "v1", &firm.id, &on, false);
    let saved = ledger
        .create_need(&NeedInput { visit_id: Some(v.clone()), source: None, ..need(&firm.id, "模具寿命") })
        .unwrap();
    assert_eq!((saved.visit_id.as_deref(), saved.visit_date.as_deref()), (Some("v1"), Some(on.as_str())));
    assert_eq!(saved.source, NeedSource::Visit);
    assert_eq!(saved.stage_changed_on, on);
    assert_eq!(saved.events[0].changed_on, on);
    // Saying 走访发现 explicitly is the same.
    let explicit = ledger
        .create_need(&NeedInput {
            visit_id: Some(v), source: Some(NeedSource::Visit), ..need(&firm.id, "模具寿命二")
        })
        .unwrap();
    assert_eq!(explicit.source, NeedSource::Visit);
}

#[test]
fn a_visit_must_exist_be_live_be_at_the_same_enterprise_be_past_and_go_with_the_visit_source() {
    let ledger = Ledger::open_in_memory().unwrap();
    let firm = ledger.create_enterprise(&enterprise("宁波甬达精密模具有限公司", 1)).unwrap().record;
    let other = ledger.create_enterprise(&enterprise("杭州海创电子有限公司", 2)).unwrap().record;
    let elsewhere = visit(&ledger, "v-other", &other.id, &days_ago(1), false);
    let deleted = visit(&ledger, "v-deleted", &firm.id, &days_ago(1), true);
    let own = visit(&ledger, "v-own", &firm.id, &days_ago(1), false);
    let planned = visit(&ledger, "v-planned", &firm.id, &(today() + Days::new(5)).to_string(), false);
    let before = need_tables(&ledger);

    let with_visit =
        |v: &str, source: Option<NeedSource>| NeedInput {
            visit_id: Some(v.into()), source, ..need(&firm.id, "模具")
        };
    let errors = fields(ledger.create_need(&with_visit(&elsewhere, None)).unwrap_err());
    assert_eq!(errors, [("visitId".to_owned(), "所选走访不是对该企业的走访".to_owned())]);
    assert_eq!(field_names(ledger.create_need(&with_visit(&deleted, None)).unwrap_err()), ["visitId"]);
    assert_eq!(field_names(ledger.create_need(&with_visit("nope", None)).unwrap_err()), ["visitId"]);
    let errors = fields(ledger.create_need(&with_visit(&own, Some(NeedSource::SelfReported))).unwrap_err());
    assert_eq!(errors[0].0, "source");
    assert!(errors[0].1.contains("走访发现") && errors[0].1.contains("企业自报"), "{}", errors[0].1);
    let errors = fields(ledger.create_need(&with_visit(&planned, None)).unwrap_err());
    assert_eq!(errors[0].0, "visitId");
    assert!(errors[0].1.contains("晚于今天"), "{}", errors[0].1);
    assert_eq!(need_tables(&ledger), before);
}

#[test]
fn every_bad_field_is_reported_at_once_and_nothing_is_written() {
    let ledger = Ledger::open_in_memory().unwrap();
    let before = need_tables(&ledger);
    let err = ledger
        .create_need(&NeedInput {
            enterprise_id: "missing".into(),
            title: " \u{3000} ".into(),
            budget_wan: Some("十万".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(field_names(err), ["enterpriseId", "source", "title", "needType", "budgetWan"]);

    let firm = ledger.create_enterprise(&enterprise("宁波甬达精密模具有限公司", 1)).unwrap().record;
    let before_long = need_tables(&ledger);
    let err = ledger
        .create_need(&NeedInput {
            original_text: Some("字".repeat(needs::MAX_TEXT_CHARS + 1)),
            refined_problem: Some("问".repeat(needs::MAX_TEXT_CHARS + 1)),
            discipline: Some("学".repeat(needs::MAX_DISCIPLINE_CHARS + 1)),
            ..need(&firm.id, &"题".repeat(needs::MAX_TITLE_CHARS + 1))
        })
        .unwrap_err();
    assert_eq!(field_names(err), ["title", "originalText", "refinedProblem", "discipline"]);
    assert_eq!(need_tables(&ledger), before_long);
    assert_eq!(before[0..3], before_long[0..3]);
}

#[test]
fn budgets_in_wan_are_exact_fen_and_bad_ones_say_why() {
    let ledger = Ledger::open_in_memory().unwrap();
    let firm = ledger.create_enterprise(&enterprise("宁波甬达精密模具有限公司", 1)).unwrap().record;
    let budget = |b: &str| NeedInput { budget_wan: Some(b.into()), ..need(&firm.id, "预算") };
    for (typed, fen) in [("12.5", 12_500_000), ("０.５", 500_000), ("0.000001", 1), ("300", 300_000_000), (" ", -1)] {
        let saved = ledger.create_need(&budget(typed)).unwrap();
        assert_eq!(saved.budget_fen, (fen >= 0).then_some(fen), "{typed:?}");
    }
    let before = need_tables(&ledger);
    for (typed, says) in [("-3", "负数"), ("1.0000001", "6 位小数"), ("abc", "不是有效金额"), ("1,000", "不是有效金额")]
    {
        let errors = fields(ledger.create_need(&budget(typed)).unwrap_err());
        assert_eq!(errors.len(), 1, "{typed}");
        assert_eq!(errors[0].0, "budgetWan");
        assert!(errors[0].1.contains(says), "{typed}: {}", errors[0].1);
    }
    assert_eq!(need_tables(&ledger), before);
}

#[test]
fn an_edit_needs_the_current_revision_changes_the_fields_and_never_the_stage() {
    let ledger = Ledger::open_in_memory().unwrap();
    let firm = ledger.create_enterprise(&enterprise("宁波甬达精密模具有限公司", 1)).unwrap().record;
    let saved = ledger.create_need(&need(&firm.id, "模具寿命")).unwrap();
    let edited = ledger
        .update_need(
            &saved.id,
            1,
            &NeedInput {
                refined_problem: Some("模具钢热处理工艺不稳定".into()),
                urgency: Some(Urgency::High),
                budget_wan: Some("8".into()),
                ..need(&firm.id, "模具寿命提升")
            },
        )
        .unwrap();
    assert_eq!(
        (edited.title.as_str(), edited.stamps.revision, edited.stage),
        ("模具寿命提升", 2, NeedStage::Discovered)
    );
    assert_eq!((edited.urgency, edited.budget_fen), (Urgency::High, Some(8_000_000)));
    assert_eq!(edited.events.len(), 1);
    assert_eq!(edited.stamps.created_at, saved.stamps.created_at);

    let before = need_tables(&ledger);
    let err = ledger.update_need(&saved.id, 1, &need(&firm.id, "过期的表单")).unwrap_err();
    assert!(matches!(err, CoreError::Conflict { expected: 1, actual: 2, .. }), "{err:?}");
    let err = ledger.update_need(&saved.id, 2, &need(&firm.id, " ")).unwrap_err();
    assert_eq!(field_names(err), ["title"]);
    assert!(matches!(ledger.update_need("missing", 1, &need(&firm.id, "x")).unwrap_err(), CoreError::NotFound { .. }));
    assert_eq!(need_tables(&ledger), before);
    assert_eq!(audit_actions(&ledger, "need", &saved.id), ["create", "update"]);
}

#[test]
fn a_refined_need_keeps_its_refined_problem() {
    let ledger = Ledger::open_in_memory().unwrap();
    let firm = ledger.create_enterprise(&enterprise("宁波甬达精密模具有限公司", 1)).unwrap().record;
    let form = NeedInput { refined_problem: Some("热处理工艺不稳定".into()), ..need(&firm.id, "模具寿命") };
    let saved = ledger.create_need(&form).unwrap();
    let refined = ledger
        .change_need_stage(&saved.id, 1, &StageChangeInput { to: Some(NeedStage::Refined), ..Default::default() })
        .unwrap();
    let before = need_tables(&ledger);
    let errors =
        fields(ledger.update_need(&saved.id, refined.stamps.revision, &need(&firm.id, "模具寿命")).unwrap_err());
    assert_eq!(errors[0].0, "refinedProblem");
    assert!(errors[0].1.contains("凝练"), "{}", errors[0].1);
    assert_eq!(need_tables(&ledger), before);
}

/// A small list fixture: three enterprises, two experts, needs in several stages, urgencies, types and ages.
struct ListFixture {
    ledger: Ledger,
    mould: Enterprise,
    chips: Enterprise,
    wang: Expert,
    ids: std::collections::HashMap<&'static str, String>,
}

fn list_fixture() -> ListFixture {
    let ledger = Ledger::open_in_memory().unwrap();
    let mould = ledger.create_enterprise(&enterprise("宁波甬达精密模具有限公司", 1)).unwrap().record;
    let chips = ledger.create_enterprise(&enterprise("杭州海创微电子有限公司", 2)).unwrap().record;
    let wang = ledger.create_expert(&expert("王建国", None)).unwrap();
    let li = ledger.create_expert(&expert("李晓梅", None)).unwrap();
    let mut ids = std::collections::HashMap::new();
    let old_visit = visit(&ledger, "v-old", &mould.id, &days_ago(45), false);
    let recent_visit = visit(&ledger, "v-recent", &mould.id, &days_ago(10), false);

    // 挖掘, found 45 days ago: stale.
    let old = ledger
        .create_need(&NeedInput {
            visit_id: Some(old_visit.clone()),
            source: None,
            urgency: Some(Urgency::Low),
            original_text: Some("注塑件有缩痕，客户投诉多".into()),
            ..need(&mould.id, "注塑模具冷却优化")
        })
        .unwrap();
    ids.insert("old", old.id);
    // 凝练 10 days ago, high urgency, matched to 王建国 and 李晓梅.
    let refined = ledger
        .create_need(&NeedInput {
            visit_id: Some(recent_visit),
            source: None,
            urgency: Some(Urgency::High),
            need_type: Some(NeedType::TechBreakthrough),
            refined_problem: Some("模具钢热处理".into()),
            ..need(&mould.id, "模具钢寿命提升")
        })
        .unwrap();
    let refined = ledger
        .change_need_stage(
            &refined.id,
            1,
            &StageChangeInput {
                to: Some(NeedStage::Refined),
                changed_on: Some(days_ago(10)),
                new_match: Some(MatchInput {
                    expert_id: wang.id.clone(),
                    method: Some(MatchMethod::Recommended),
                    ..Default::default()
                }),
                ..Default::default()
            },
        )
        .unwrap();
    ledger
        .match_expert(
            &refined.id,
            &MatchInput { expert_id: li.id.clone(), method: Some(MatchMethod::Claimed), ..Default::default() },
        )
        .unwrap();
    ids.insert("refined", refined.id);
    // 搁置 40 days ago (not stale: parked on purpose).
    let shelved = ledger
        .create_need(&NeedInput { visit_id: Some(old_visit), source: None, ..need(&mould.id, "车间数字化改造") })
        .unwrap();
    let shelved = ledger
        .change_need_stage(
            &shelved.id,
            1,
            &StageChangeInput { to: Some(NeedStage::Shelved), changed_on: Some(days_ago(40)), ..Default::default() },
        )
        .unwrap();
    ids.insert("shelved", shelved.id);
    // 挖掘 today at the chip maker, normal urgency.
    let chip = ledger.create_need(&need(&chips.id, "芯片封装散热")).unwrap();
    ids.insert("chip", chip.id.clone());
    // A duplicate of the chip need, merged into it.
    let dup = ledger.create_need(&need(&chips.id, "芯片散热（重复）")).unwrap();
    ledger.merge_needs(&dup.id, &chip.id, Some("重复登记")).unwrap();
    ids.insert("dup", dup.id);
    ListFixture { ledger, mould, chips, wang, ids }
}

fn titles(page: &Page<NeedRow>) -> Vec<&str> {
    page.items.iter().map(|r| r.title.as_str()).collect()
}

#[test]
fn the_list_shows_every_stage_but_merged_newest_stage_change_first() {
    let f = list_fixture();
    let page = f.ledger.list_needs(&NeedQuery::default()).unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(titles(&page), ["芯片封装散热", "模具钢寿命提升", "车间数字化改造", "注塑模具冷却优化"]);
    let refined = &page.items[1];
    assert_eq!(refined.expert_names, ["李晓梅", "王建国"]);
    assert_eq!((refined.stage, refined.urgency, refined.stale), (NeedStage::Refined, Urgency::High, false));
    assert_eq!(refined.enterprise_name, "宁波甬达精密模具有限公司");
    assert!(page.items[3].stale, "an open need untouched for 45 days is stale");
    assert!(!page.items[2].stale, "a shelved need is parked, not stale");

    let merged = f.ledger.list_needs(&NeedQuery { stages: vec![NeedStage::Merged], ..Default::default() }).unwrap();
    assert_eq!(titles(&merged), ["芯片散热(重复)"], "titles are cleaned to half-width like every field");
    let oldest_first = f.ledger.list_needs(&NeedQuery { order: SortOrder::Asc, ..Default::default() }).unwrap();
    assert_eq!(titles(&oldest_first)[0], "注塑模具冷却优化");
    let second = f.ledger.list_needs(&NeedQuery { page: 2, page_size: 3, ..Default::default() }).unwrap();
    assert_eq!((second.total, titles(&second)), (4, vec!["注塑模具冷却优化"]));
}

#[test]
fn the_list_filters_by_stage_enterprise_type_urgency_expert_and_staleness() {
    let f = list_fixture();
    let q = |q: NeedQuery| titles(&f.ledger.list_needs(&q).unwrap()).into_iter().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(
        q(NeedQuery { stages: vec![NeedStage::Discovered, NeedStage::Shelved], ..Default::default() }),
        ["芯片封装散热", "车间数字化改造", "注塑模具冷却优化"]
    );
    assert_eq!(q(NeedQuery { enterprise_id: Some(f.chips.id.clone()), ..Default::default() }), ["芯片封装散热"]);
    assert_eq!(q(NeedQuery { need_type: Some(NeedType::TechBreakthrough), ..Default::default() }), ["模具钢寿命提升"]);
    assert_eq!(q(NeedQuery { urgency: Some(Urgency::Low), ..Default::default() }), ["注塑模具冷却优化"]);
    assert_eq!(q(NeedQuery { expert_id: Some(f.wang.id.clone()), ..Default::default() }), ["模具钢寿命提升"]);
    assert_eq!(q(NeedQuery { stale: true, ..Default::default() }), ["注塑模具冷却优化"]);
    assert_eq!(
        q(NeedQuery { enterprise_id: Some(f.mould.id.clone()), urgency: Some(Urgency::High), ..Default::default() }),
        ["模具钢寿命提升"]
    );

    // 25 days from now, the need refined 10 days ago has gone 35 days without a change: stale too.
    let later = today() + Days::new(25);
    let stale_later =
        f.ledger.database().read(|c| needs::list(c, &NeedQuery { stale: true, ..Default::default() }, later)).unwrap();
    assert_eq!(titles(&stale_later), ["模具钢寿命提升", "注塑模具冷却优化"]);
}

#[test]
fn the_search_finds_title_original_wording_and_enterprise_name_literally() {
    let f = list_fixture();
    let q = |s: &str| {
        titles(&f.ledger.list_needs(&NeedQuery { search: Some(s.into()), ..Default::default() }).unwrap())
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(q("冷却"), ["注塑模具冷却优化"]);
    assert_eq!(q("模具钢寿命"), ["模具钢寿命提升"]);
    assert_eq!(q("缩痕"), ["注塑模具冷却优化"]);
    assert_eq!(q("客户投诉"), ["注塑模具冷却优化"]);
    assert_eq!(q("海创微电子"), ["芯片封装散热"]);
    assert_eq!(q("甬达").len(), 3);
    assert!(q("%").is_empty() && q("_").is_empty());
    assert_eq!(q(" 　"), q(""));
}

#[test]
fn the_list_sorts_by_creation_and_by_urgency() {
    let f = list_fixture();
    let by = |sort: NeedSortKey, order: SortOrder| {
        titles(&f.ledger.list_needs(&NeedQuery { sort, order, ..Default::default() }).unwrap())
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        by(NeedSortKey::CreatedAt, SortOrder::Desc),
        ["芯片封装散热", "车间数字化改造", "模具钢寿命提升", "注塑模具冷却优化"]
    );
    assert_eq!(by(NeedSortKey::Urgency, SortOrder::Desc)[0], "模具钢寿命提升");
    assert_eq!(by(NeedSortKey::Urgency, SortOrder::Desc)[3], "注塑模具冷却优化");
    assert_eq!(by(NeedSortKey::Urgency, SortOrder::Asc)[0], "注塑模具冷却优化");
}

#[test]
fn the_board_has_six_columns_in_order_with_counts_and_the_first_cards() {
    let f = list_fixture();
    let extra = f.ledger.create_need(&need(&f.mould.id, "第五个挖掘需求")).unwrap();
    let board = f.ledger.needs_board(&NeedQuery::default(), 2).unwrap();
    let shape: Vec<(NeedStage, u32, usize)> = board.columns.iter().map(|c| (c.stage, c.count, c.cards.len())).collect();
    assert_eq!(
        shape,
        [
            (NeedStage::Discovered, 3, 2),
            (NeedStage::Refined, 1, 1),
            (NeedStage::Matched, 0, 0),
            (NeedStage::Solving, 0, 0),
            (NeedStage::Solved, 0, 0),
            (NeedStage::Shelved, 1, 1),
        ]
    );
    // Newest stage change first within a column; merged needs are on no column.
    let first: Vec<&str> = board.columns[0].cards.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(first, ["第五个挖掘需求", "芯片封装散热"]);
    assert!(board.columns.iter().all(|c| c.cards.iter().all(|n| n.id != f.ids["dup"])));
    assert_eq!(extra.stage, NeedStage::Discovered);

    // Filtered like the list; a stage left out of the filter shows an empty column.
    let mould_only = f
        .ledger
        .needs_board(
            &NeedQuery {
                enterprise_id: Some(f.mould.id.clone()),
                stages: vec![NeedStage::Discovered, NeedStage::Refined],
                ..Default::default()
            },
            10,
        )
        .unwrap();
    let counts: Vec<u32> = mould_only.columns.iter().map(|c| c.count).collect();
    assert_eq!(counts, [2, 1, 0, 0, 0, 0]);
    let stale = f.ledger.needs_board(&NeedQuery { stale: true, ..Default::default() }, 10).unwrap();
    assert_eq!(stale.columns[0].cards.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [f.ids["old"].as_str()]);
}

#[test]
fn the_sample_needs_read_back_with_their_history_list_and_board() {
    let ledger = Ledger::open_in_memory().unwrap();
    ledger_core::sample::generate(
        ledger.database(),
        7,
        ledger_core::sample::Scale::Small,
        ledger_core::sample::FIXED_AS_OF,
    )
    .unwrap();
    let all = ledger.list_needs(&NeedQuery { page_size: 500, ..Default::default() }).unwrap();
    let merged = ledger.list_needs(&NeedQuery { stages: vec![NeedStage::Merged], ..Default::default() }).unwrap();
    assert_eq!(i64::from(all.total + merged.total), rows(&ledger, "needs"));
    let board = ledger.needs_board(&NeedQuery::default(), 5).unwrap();
    assert_eq!(board.columns.iter().map(|c| c.count).sum::<u32>(), all.total);
    assert!(board.columns.iter().all(|c| c.count > 0 && c.cards.len() == c.count.min(5) as usize));
    for row in &all.items {
        let n = ledger.get_need(&row.id).unwrap();
        let last = n.events.last().expect("every sample need has a history");
        assert_eq!((last.to_stage, last.changed_on.as_str()), (n.stage, n.stage_changed_on.as_str()), "{}", n.id);
        assert_eq!(n.events[0].from_stage, None);
        assert_eq!(row.expert_names.len(), n.matches.len());
        if needs_expert(n.stage) {
            assert!(!n.matches.is_empty(), "{} at {:?} without an expert", n.id, n.stage);
        }
    }
}

fn needs_expert(stage: NeedStage) -> bool {
    ledger_core::fieldwork::needs::stages::needs_expert(stage)
}
