//! 精准特派: the ranking of experts for a need on a small fixed fixture, with every reason and its points, the
//! deterministic order (ties by name, then id), who is left out or marked, and matching/unmatching experts.

use crate::common::{enterprise, exec, expert, rows};
use chrono::{Days, Local};
use ledger_core::model::*;
use ledger_core::{CoreError, Ledger};

fn org(ledger: &Ledger, name: &str, region: &str) -> Organization {
    ledger
        .create_organization(&OrganizationInput {
            name: name.into(),
            kind: Some(OrganizationKind::University),
            region: Some(region.into()),
            notes: None,
        })
        .unwrap()
}

fn specialist(
    ledger: &Ledger,
    name: &str,
    discipline: &str,
    specialties: &[&str],
    org: Option<&Organization>,
    status: ExpertStatus,
) -> Expert {
    ledger
        .create_expert(&ExpertInput {
            discipline: Some(discipline.into()),
            specialties: specialties.iter().map(|s| s.to_string()).collect(),
            organization_id: org.map(|o| o.id.clone()),
            status: Some(status),
            ..expert(name, None)
        })
        .unwrap()
}

fn firm(ledger: &Ledger, name: &str, n: u32, province: &str, city: &str) -> Enterprise {
    ledger
        .create_enterprise(&EnterpriseInput {
            province: Some(province.into()),
            city: Some(city.into()),
            ..enterprise(name, n)
        })
        .unwrap()
        .record
}

fn need_form(enterprise_id: &str, title: &str, key_tech: Option<&str>) -> NeedInput {
    NeedInput {
        enterprise_id: enterprise_id.into(),
        source: Some(NeedSource::SelfReported),
        title: title.into(),
        need_type: Some(NeedType::TechBreakthrough),
        discipline: Some("材料科学与工程".into()),
        refined_problem: Some("循环寿命不足".into()),
        refined_key_tech: key_tech.map(Into::into),
        ..Default::default()
    }
}

fn pick(expert: &Expert, method: MatchMethod) -> MatchInput {
    MatchInput { expert_id: expert.id.clone(), method: Some(method), ..Default::default() }
}

fn step(ledger: &Ledger, need: &Need, stage: NeedStage) -> Need {
    ledger
        .change_need_stage(&need.id, need.stamps.revision, &StageChangeInput { to: Some(stage), ..Default::default() })
        .unwrap()
}

struct Fixture {
    ledger: Ledger,
    need: Need,
    zhang: Expert,
    qian: Expert,
    li: Expert,
    wang: Expert,
}

/// The need: 材料科学与工程, "锂电池材料循环寿命提升", key technology "复合材料界面改性", at a 杭州 enterprise.
/// - 张三: same discipline, three specialties of which two appear in the need, organisation in 杭州;
/// - 钱七: same discipline, no specialties, organisation in 杭州, already matched to the need;
/// - 陈一, 陈二: same discipline only (a tie, broken by name);
/// - 李四: discipline 材料 (related), organisation in 南京 but paired with a 宁波 enterprise (same province), one
///   solved need of the same type, one open need and 12 service days in the last 90 days;
/// - 王五: 机械工程, nothing in common (left out); 赵六: same discipline but paused (left out).
fn fixture() -> Fixture {
    let ledger = Ledger::open_in_memory().unwrap();
    let zju = org(&ledger, "浙江大学", "浙江省杭州市");
    let seu = org(&ledger, "东南大学", "江苏省南京市");
    let hz = firm(&ledger, "杭州锂想新能源科技有限公司", 1, "浙江省", "杭州市");
    let nb = firm(&ledger, "宁波甬达精密模具有限公司", 2, "浙江省", "宁波市");
    let active = ExpertStatus::Active;
    let zhang =
        specialist(&ledger, "张三", "材料科学与工程", &["锂电池材料", "复合材料", "磁性材料"], Some(&zju), active);
    let qian = specialist(&ledger, "钱七", "材料科学与工程", &[], Some(&zju), active);
    specialist(&ledger, "陈二", "材料科学与工程", &[], None, active);
    specialist(&ledger, "陈一", "材料科学与工程", &[], None, active);
    let li = specialist(&ledger, "李四", "材料", &["高分子材料"], Some(&seu), active);
    let wang = specialist(&ledger, "王五", "机械工程", &["数控加工"], None, active);
    specialist(&ledger, "赵六", "材料科学与工程", &["锂电池材料"], Some(&zju), ExpertStatus::Paused);

    ledger
        .create_assignment(&AssignmentInput {
            expert_id: li.id.clone(),
            enterprise_id: nb.id.clone(),
            start_date: "2024-01-01".into(),
            ..Default::default()
        })
        .unwrap();
    // 李四's results: a solved need of the same type (技术攻关) at 宁波.
    let solved = ledger.create_need(&need_form(&nb.id, "模具钢热处理", None)).unwrap();
    ledger.match_expert(&solved.id, &pick(&li, MatchMethod::Assigned)).unwrap();
    let solved = ledger.get_need(&solved.id).unwrap();
    let solved = [NeedStage::Refined, NeedStage::Matched, NeedStage::Solving, NeedStage::Solved]
        .into_iter()
        .fold(solved, |n, s| step(&ledger, &n, s));
    assert_eq!(solved.stage, NeedStage::Solved);
    // 李四's load: one open need, and 12 service days started 10 days ago (plus an old record that does not count).
    let open = ledger.create_need(&NeedInput { title: "注塑件缩痕".into(), ..need_form(&nb.id, "x", None) }).unwrap();
    ledger.match_expert(&open.id, &pick(&li, MatchMethod::Claimed)).unwrap();
    let recent = (Local::now().date_naive() - Days::new(10)).to_string();
    let old = (Local::now().date_naive() - Days::new(200)).to_string();
    for (id, start, days) in [("s1", &recent, 12.0), ("s2", &old, 30.0)] {
        exec(
            &ledger,
            &format!(
                "INSERT INTO service_records (id, expert_id, enterprise_id, start_date, end_date, service_days,
                     service_type, created_at, updated_at)
                 VALUES ('{id}', '{}', '{}', '{start}', '{start}', {days}, 'consulting', 'n', 'n')",
                li.id, nb.id
            ),
        );
    }

    let need = ledger.create_need(&need_form(&hz.id, "锂电池材料循环寿命提升", Some("复合材料界面改性"))).unwrap();
    ledger.match_expert(&need.id, &pick(&qian, MatchMethod::Claimed)).unwrap();
    let need = ledger.get_need(&need.id).unwrap();
    Fixture { ledger, need, zhang, qian, li, wang }
}

fn reasons(s: &ExpertSuggestion) -> Vec<(MatchReasonKind, i32)> {
    s.reasons.iter().map(|r| (r.kind, r.points)).collect()
}

#[test]
fn experts_are_ranked_by_score_then_name_with_their_reasons_and_points() {
    let f = fixture();
    let list = f.ledger.suggest_experts(&f.need.id, 20).unwrap();
    let ranking: Vec<(&str, i32)> = list.iter().map(|s| (s.name.as_str(), s.score)).collect();
    assert_eq!(ranking, [("张三", 94), ("钱七", 70), ("陈一", 50), ("陈二", 50), ("李四", 47)]);

    use MatchReasonKind::*;
    assert_eq!(reasons(&list[0]), [(Discipline, 30), (Specialty, 24), (Region, 20), (Load, 20)]);
    assert_eq!(reasons(&list[1]), [(Discipline, 30), (Region, 20), (Load, 20)]);
    assert_eq!(reasons(&list[2]), [(Discipline, 30), (Load, 20)]);
    assert_eq!(reasons(&list[4]), [(Discipline, 15), (Region, 10), (Results, 8), (Load, 14)]);
    for s in &list {
        assert_eq!(s.score, s.reasons.iter().map(|r| r.points).sum::<i32>(), "{}", s.name);
    }

    let zhang = &list[0];
    assert_eq!(zhang.expert_id, f.zhang.id);
    assert_eq!(zhang.reasons[0].detail, "专业领域一致：材料科学与工程");
    assert_eq!(zhang.reasons[1].detail, "专长与需求相符：锂电池材料、复合材料");
    assert_eq!(zhang.reasons[1].detail_en, "Specialties found in the need: 锂电池材料, 复合材料");
    assert_eq!(zhang.reasons[2].detail, "同城：派出单位浙江大学（浙江省杭州市）在杭州市");
    assert_eq!(zhang.organization_name.as_deref(), Some("浙江大学"));

    let li = &list[4];
    assert_eq!(li.expert_id, f.li.id);
    assert_eq!((li.open_needs, li.recent_service_days), (1, 12.0));
    assert_eq!(li.reasons[0].detail, "专业领域相近：专员“材料”，需求“材料科学与工程”");
    assert_eq!(li.reasons[1].detail, "同省：在浙江省结对服务 1 家企业");
    assert_eq!(li.reasons[2].detail, "已解决同类（技术攻关）需求 1 项");
    assert_eq!(li.reasons[3].detail, "当前负荷：在办需求 1 项，近 90 天服务 12 天");
    assert!(li.reasons.iter().all(|r| !r.detail_en.is_empty()));
}

#[test]
fn matched_experts_are_marked_and_unrelated_or_inactive_ones_left_out() {
    let f = fixture();
    let list = f.ledger.suggest_experts(&f.need.id, 20).unwrap();
    let qian = list.iter().find(|s| s.expert_id == f.qian.id).unwrap();
    assert_eq!(qian.match_id.as_deref(), Some(f.need.matches[0].id.as_str()));
    assert!(list.iter().filter(|s| s.expert_id != f.qian.id).all(|s| s.match_id.is_none()));
    assert!(list.iter().all(|s| s.name != "王五" && s.name != "赵六"));

    // A matched expert with nothing in common is still listed, marked, with only the load reason.
    f.ledger.match_expert(&f.need.id, &pick(&f.wang, MatchMethod::Assigned)).unwrap();
    let list = f.ledger.suggest_experts(&f.need.id, 20).unwrap();
    let wang = list.iter().find(|s| s.expert_id == f.wang.id).expect("a matched expert is not hidden");
    assert!(wang.match_id.is_some());
    assert_eq!(reasons(wang), [(MatchReasonKind::Load, 20)]);
    assert_eq!(list.last().unwrap().expert_id, f.wang.id);
}

#[test]
fn the_ranking_is_deterministic_and_the_limit_cuts_it() {
    let f = fixture();
    let first = f.ledger.suggest_experts(&f.need.id, 20).unwrap();
    assert_eq!(f.ledger.suggest_experts(&f.need.id, 20).unwrap(), first);
    let top = f.ledger.suggest_experts(&f.need.id, 2).unwrap();
    assert_eq!(top, first[..2]);
    assert_eq!(f.ledger.suggest_experts(&f.need.id, 0).unwrap().len(), 1, "the limit is at least 1");
    assert!(matches!(f.ledger.suggest_experts("missing", 5).unwrap_err(), CoreError::NotFound { .. }));
}

#[test]
fn an_expert_is_matched_once_with_a_method_and_a_past_day_and_every_match_is_audited() {
    let f = fixture();
    let before = (rows(&f.ledger, "need_matches"), rows(&f.ledger, "audit_log"));
    let err = f.ledger.match_expert(&f.need.id, &pick(&f.qian, MatchMethod::Assigned)).unwrap_err();
    let CoreError::Duplicate { existing_id, field, .. } = err else { panic!("{err:?}") };
    assert_eq!((existing_id.as_str(), field.as_str()), (f.need.matches[0].id.as_str(), "expertId"));

    let paused = f.ledger.list_experts(&ExpertQuery { search: Some("赵六".into()), ..Default::default() }).unwrap();
    let err = f.ledger.match_expert(&f.need.id, &pick_id(&paused.items[0].id)).unwrap_err();
    let CoreError::Validation(fields) = err else { panic!() };
    assert!(fields[0].message.contains("暂停"), "{}", fields[0].message);

    let tomorrow = (Local::now().date_naive() + Days::new(1)).to_string();
    let err = f
        .ledger
        .match_expert(
            &f.need.id,
            &MatchInput { expert_id: f.zhang.id.clone(), method: None, matched_on: Some(tomorrow), notes: None },
        )
        .unwrap_err();
    let CoreError::Validation(fields) = err else { panic!() };
    assert_eq!(fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["method", "matchedOn"]);
    assert!(matches!(
        f.ledger.match_expert("missing", &pick(&f.zhang, MatchMethod::Claimed)).unwrap_err(),
        CoreError::NotFound { .. }
    ));
    assert_eq!((rows(&f.ledger, "need_matches"), rows(&f.ledger, "audit_log")), before);

    let m = f
        .ledger
        .match_expert(
            &f.need.id,
            &MatchInput {
                expert_id: f.zhang.id.clone(),
                method: Some(MatchMethod::Recommended),
                matched_on: Some("2025-06-01".into()),
                notes: Some(" 科技局推荐 ".into()),
            },
        )
        .unwrap();
    assert_eq!(
        (m.expert_name.as_str(), m.method, m.matched_on.as_str()),
        ("张三", MatchMethod::Recommended, "2025-06-01")
    );
    assert_eq!(m.notes.as_deref(), Some("科技局推荐"));
    let history = f.ledger.record_history("need_match", &m.id).unwrap();
    assert_eq!(history.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["create"]);
}

fn pick_id(expert_id: &str) -> MatchInput {
    MatchInput { expert_id: expert_id.into(), method: Some(MatchMethod::Assigned), ..Default::default() }
}

#[test]
fn a_match_is_taken_back_softly_but_a_matched_need_keeps_one_expert() {
    let f = fixture();
    let matched = step(&f.ledger, &step(&f.ledger, &f.need, NeedStage::Refined), NeedStage::Matched);
    assert_eq!(matched.matches.len(), 1);
    let only = matched.matches[0].id.clone();
    let before = (rows(&f.ledger, "need_matches"), rows(&f.ledger, "audit_log"));
    let err = f.ledger.unmatch_expert(&only).unwrap_err();
    let CoreError::Validation(fields) = err else { panic!() };
    assert!(fields[0].message.contains("至少需保留一名对接专员"), "{}", fields[0].message);
    assert_eq!((rows(&f.ledger, "need_matches"), rows(&f.ledger, "audit_log")), before);

    let second = f.ledger.match_expert(&f.need.id, &pick(&f.zhang, MatchMethod::Recommended)).unwrap();
    f.ledger.unmatch_expert(&only).unwrap();
    let after = f.ledger.get_need(&f.need.id).unwrap();
    assert_eq!(after.matches.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), [second.id.as_str()]);
    assert_eq!(rows(&f.ledger, "need_matches"), before.0 + 1, "taken back, not deleted");
    let history = f.ledger.record_history("need_match", &only).unwrap();
    assert_eq!(history.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["delete", "create"]);
    assert!(matches!(f.ledger.unmatch_expert(&only).unwrap_err(), CoreError::NotFound { .. }));

    // Taken back, the expert can be matched again; the suggestions no longer mark them.
    let list = f.ledger.suggest_experts(&f.need.id, 20).unwrap();
    assert!(list.iter().find(|s| s.expert_id == f.qian.id).unwrap().match_id.is_none());
    f.ledger.match_expert(&f.need.id, &pick(&f.qian, MatchMethod::Claimed)).unwrap();
}

#[test]
fn suggestions_over_the_sample_are_ordered_and_add_up() {
    let ledger = Ledger::open_in_memory().unwrap();
    ledger_core::sample::generate(
        ledger.database(),
        7,
        ledger_core::sample::Scale::Small,
        ledger_core::sample::FIXED_AS_OF,
    )
    .unwrap();
    let page = ledger.list_needs(&NeedQuery { stages: vec![NeedStage::Refined], ..Default::default() }).unwrap();
    let need = &page.items[0];
    let list = ledger.suggest_experts(&need.id, 10).unwrap();
    assert!(!list.is_empty());
    assert!(list.windows(2).all(|w| {
        w[0].score > w[1].score
            || (w[0].score == w[1].score && (&w[0].name, &w[0].expert_id) <= (&w[1].name, &w[1].expert_id))
    }));
    let active: i64 = ledger
        .database()
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM experts WHERE status = 'active'", [], |r| r.get(0))?))
        .unwrap();
    assert!(list.len() as i64 <= active);
    for s in &list {
        assert_eq!(s.score, s.reasons.iter().map(|r| r.points).sum::<i32>());
        assert_eq!(s.reasons.last().unwrap().kind, MatchReasonKind::Load);
        assert!(s.reasons.len() > 1 || s.match_id.is_some(), "{} has no reason besides load", s.name);
    }
}
