//! The stage machine: every one of the 7 × 7 stage pairs tried on a real need (legal ones move and write their
//! event, illegal ones are refused naming both stages and what is allowed, writing nothing), the requirements of
//! the stages (refined problem, a matched expert given in the same step), reopening, resuming a shelved need,
//! the dates of changes, revisions, the audit, and merging duplicates.

use crate::common::{enterprise, exec, expert, rows};
use chrono::{Days, Local, NaiveDate};
use ledger_core::fieldwork::needs::stages::{allowed_next, TRANSITIONS};
use ledger_core::model::*;
use ledger_core::{CoreError, Ledger};

use NeedStage::{Discovered, Matched, Merged, Refined, Shelved, Solved, Solving};

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn days_ago(n: u64) -> String {
    (today() - Days::new(n)).to_string()
}

struct Fixture {
    ledger: Ledger,
    firm: Enterprise,
    wang: Expert,
    li: Expert,
}

fn fixture() -> Fixture {
    let ledger = Ledger::open_in_memory().unwrap();
    let firm = ledger.create_enterprise(&enterprise("宁波甬达精密模具有限公司", 1)).unwrap().record;
    let wang = ledger.create_expert(&expert("王建国", None)).unwrap();
    let li = ledger.create_expert(&expert("李晓梅", None)).unwrap();
    Fixture { ledger, firm, wang, li }
}

fn form(enterprise_id: &str, title: &str, refined: bool) -> NeedInput {
    NeedInput {
        enterprise_id: enterprise_id.into(),
        source: Some(NeedSource::SelfReported),
        title: title.into(),
        need_type: Some(NeedType::TechBreakthrough),
        refined_problem: refined.then(|| "模具钢热处理工艺不稳定".into()),
        ..Default::default()
    }
}

fn to(stage: NeedStage) -> StageChangeInput {
    StageChangeInput { to: Some(stage), ..Default::default() }
}

fn matching(expert: &Expert, method: MatchMethod) -> MatchInput {
    MatchInput { expert_id: expert.id.clone(), method: Some(method), ..Default::default() }
}

fn mv(f: &Fixture, need: &Need, stage: NeedStage) -> Need {
    f.ledger
        .change_need_stage(&need.id, need.stamps.revision, &StageChangeInput { note: Some("推进".into()), ..to(stage) })
        .unwrap_or_else(|e| panic!("{:?} → {stage:?}: {e:?}", need.stage))
}

/// A need in `stage` with a refined problem and 王建国 matched, reached through legal moves only; a shelved need is
/// shelved from 对接, a merged one merged into a fresh need of the same enterprise.
fn need_at(f: &Fixture, stage: NeedStage, title: &str) -> Need {
    let need = f.ledger.create_need(&form(&f.firm.id, title, true)).unwrap();
    f.ledger.match_expert(&need.id, &matching(&f.wang, MatchMethod::Recommended)).unwrap();
    let need = f.ledger.get_need(&need.id).unwrap();
    let path: &[NeedStage] = match stage {
        Discovered => &[],
        Refined => &[Refined],
        Matched => &[Refined, Matched],
        Solving => &[Refined, Matched, Solving],
        Solved => &[Refined, Matched, Solving, Solved],
        Shelved => &[Refined, Matched, Shelved],
        Merged => {
            let survivor = f.ledger.create_need(&form(&f.firm.id, &format!("{title}（保留）"), true)).unwrap();
            f.ledger.merge_needs(&need.id, &survivor.id, Some("重复")).unwrap();
            return f.ledger.get_need(&need.id).unwrap();
        }
    };
    path.iter().fold(need, |n, s| mv(f, &n, *s))
}

/// The legal pairs, written out by hand from the rules (not read from the table under test). A shelved need here
/// was shelved from 对接, so it resumes at 挖掘 or 对接.
fn expected_legal(from: NeedStage, to: NeedStage) -> bool {
    matches!(
        (from, to),
        (Discovered, Refined | Shelved)
            | (Refined, Matched | Discovered | Shelved)
            | (Matched, Solving | Refined | Shelved)
            | (Solving, Solved | Matched | Shelved)
            | (Solved, Solving)
            | (Shelved, Discovered | Matched)
    )
}

#[test]
fn every_pair_of_stages_is_legal_or_refused_exactly_as_the_rules_say() {
    let f = fixture();
    let mut tried = 0;
    for from in NeedStage::ALL.iter().copied() {
        for target in NeedStage::ALL.iter().copied() {
            let need = need_at(&f, from, &format!("{from:?}→{target:?}"));
            assert_eq!(need.stage, from);
            let events_before = need.events.len();
            let audit_before = rows(&f.ledger, "audit_log");
            let result = f.ledger.change_need_stage(
                &need.id,
                need.stamps.revision,
                &StageChangeInput { note: Some("阶段调整".into()), ..to(target) },
            );
            if expected_legal(from, target) {
                let after = result.unwrap_or_else(|e| panic!("{from:?} → {target:?} should be legal: {e:?}"));
                assert_eq!(
                    (after.stage, after.stamps.revision),
                    (target, need.stamps.revision + 1),
                    "{from:?} → {target:?}"
                );
                assert_eq!(after.stage_changed_on, today().to_string());
                let event = after.events.last().unwrap();
                assert_eq!(after.events.len(), events_before + 1);
                assert_eq!((event.from_stage, event.to_stage), (Some(from), target));
                assert_eq!(event.note.as_deref(), Some("阶段调整"));
                assert_eq!(rows(&f.ledger, "audit_log"), audit_before + 1);
            } else {
                let err = result.expect_err(&format!("{from:?} → {target:?} should be refused"));
                let CoreError::Validation(fields) = err else { panic!("{from:?} → {target:?}: {err:?}") };
                assert_eq!(fields.len(), 1, "{from:?} → {target:?}: {fields:?}");
                let (field, zh, en) = (&fields[0].field, &fields[0].message, &fields[0].message_en);
                assert_eq!(field, "to");
                assert!(zh.contains(from.label_zh()) && zh.contains(target.label_zh()), "{zh}");
                assert!(en.contains(from.code()) && en.contains(target.code()), "{en}");
                for next in NeedStage::ALL.iter().filter(|n| expected_legal(from, **n)) {
                    assert!(zh.contains(next.label_zh()) && en.contains(next.code()), "{zh} / {en} lacks {next:?}");
                }
                let unchanged = f.ledger.get_need(&need.id).unwrap();
                assert_eq!(unchanged, need, "{from:?} → {target:?} wrote something");
                assert_eq!(rows(&f.ledger, "audit_log"), audit_before);
            }
            tried += 1;
        }
    }
    assert_eq!(tried, 49);
}

#[test]
fn the_table_and_the_allowed_next_stages_agree_with_the_rules() {
    for from in NeedStage::ALL.iter().copied() {
        let shelved_from = (from == Shelved).then_some(Matched);
        let expected: Vec<NeedStage> = NeedStage::ALL.iter().copied().filter(|t| expected_legal(from, *t)).collect();
        assert_eq!(allowed_next(from, shelved_from), expected, "{from:?}");
    }
    // No move into 已合并, none out of it, no stage to itself.
    assert!(TRANSITIONS.iter().all(|(f, t, _)| *t != Merged && *f != Merged && f != t));
    assert_eq!(allowed_next(Shelved, Some(Solving)), [Discovered, Solving]);
    assert_eq!(allowed_next(Shelved, Some(Discovered)), [Discovered]);
}

#[test]
fn a_shelved_need_resumes_at_discovered_or_where_it_was_shelved_from() {
    let f = fixture();
    let solving = need_at(&f, Solving, "解决中搁置");
    let shelved = mv(&f, &solving, Shelved);
    assert_eq!(shelved.events.last().unwrap().from_stage, Some(Solving), "the event records where it was shelved from");
    let err = f.ledger.change_need_stage(&shelved.id, shelved.stamps.revision, &to(Matched)).unwrap_err();
    let CoreError::Validation(fields) = err else { panic!() };
    assert!(fields[0].message.contains("搁置前为“解决中”"), "{}", fields[0].message);
    let resumed = mv(&f, &shelved, Solving);
    assert_eq!(resumed.stage, Solving);

    let again = mv(&f, &mv(&f, &resumed, Shelved), Discovered);
    assert_eq!(again.stage, Discovered);
}

#[test]
fn refined_needs_a_refined_problem_and_matched_needs_an_expert_given_in_the_same_step() {
    let f = fixture();
    let bare = f.ledger.create_need(&form(&f.firm.id, "未凝练", false)).unwrap();
    let err = f.ledger.change_need_stage(&bare.id, 1, &to(Refined)).unwrap_err();
    let CoreError::Validation(fields) = err else { panic!() };
    assert_eq!(fields[0].field, "refinedProblem");

    let need = f.ledger.create_need(&form(&f.firm.id, "待对接", true)).unwrap();
    let refined = f.ledger.change_need_stage(&need.id, 1, &to(Refined)).unwrap();
    let (needs, matches, audit) =
        (rows(&f.ledger, "need_stage_events"), rows(&f.ledger, "need_matches"), rows(&f.ledger, "audit_log"));
    let err = f.ledger.change_need_stage(&need.id, refined.stamps.revision, &to(Matched)).unwrap_err();
    let CoreError::Validation(fields) = err else { panic!() };
    assert_eq!(fields[0].field, "expertId");
    assert!(fields[0].message.contains("对接专员"), "{}", fields[0].message);
    // A bad expert in the same step: refused, and neither the match nor the stage change is written.
    let err = f
        .ledger
        .change_need_stage(
            &need.id,
            refined.stamps.revision,
            &StageChangeInput {
                new_match: Some(MatchInput { expert_id: "nobody".into(), method: None, ..Default::default() }),
                ..to(Matched)
            },
        )
        .unwrap_err();
    let CoreError::Validation(fields) = err else { panic!() };
    assert_eq!(fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["expertId", "method"]);
    assert_eq!(
        (rows(&f.ledger, "need_stage_events"), rows(&f.ledger, "need_matches"), rows(&f.ledger, "audit_log")),
        (needs, matches, audit)
    );

    let matched = f
        .ledger
        .change_need_stage(
            &need.id,
            refined.stamps.revision,
            &StageChangeInput {
                changed_on: Some(today().to_string()),
                note: Some("推荐王建国".into()),
                new_match: Some(matching(&f.wang, MatchMethod::Recommended)),
                ..to(Matched)
            },
        )
        .unwrap();
    assert_eq!(matched.stage, Matched);
    assert_eq!(matched.matches.len(), 1);
    let m = &matched.matches[0];
    assert_eq!(
        (m.expert_name.as_str(), m.method, m.matched_on.as_str()),
        ("王建国", MatchMethod::Recommended, today().to_string().as_str())
    );
    assert_eq!(
        f.ledger.record_history("need_match", &m.id).unwrap().iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["create"]
    );
}

#[test]
fn choosing_an_expert_already_matched_in_a_move_keeps_the_one_match() {
    let f = fixture();
    let need = f.ledger.create_need(&form(&f.firm.id, "已推荐专家", true)).unwrap();
    let first = f.ledger.match_expert(&need.id, &matching(&f.wang, MatchMethod::Claimed)).unwrap();
    let refined = f.ledger.change_need_stage(&need.id, 1, &to(Refined)).unwrap();
    let matched = f
        .ledger
        .change_need_stage(
            &need.id,
            refined.stamps.revision,
            &StageChangeInput { new_match: Some(matching(&f.wang, MatchMethod::Assigned)), ..to(Matched) },
        )
        .unwrap();
    assert_eq!(matched.stage, Matched);
    assert_eq!(matched.matches, [first], "the existing match is kept, not doubled or changed");
}

#[test]
fn reopening_a_solved_need_requires_a_note() {
    let f = fixture();
    let solved = need_at(&f, Solved, "已解决");
    let err = f.ledger.change_need_stage(&solved.id, solved.stamps.revision, &to(Solving)).unwrap_err();
    let CoreError::Validation(fields) = err else { panic!() };
    assert_eq!(fields[0].field, "note");
    let reopened = f
        .ledger
        .change_need_stage(
            &solved.id,
            solved.stamps.revision,
            &StageChangeInput { note: Some("企业反馈问题复现".into()), ..to(Solving) },
        )
        .unwrap();
    assert_eq!(reopened.stage, Solving);
    assert_eq!(reopened.events.last().unwrap().note.as_deref(), Some("企业反馈问题复现"));
}

#[test]
fn a_change_is_dated_on_or_after_the_previous_one_and_not_in_the_future() {
    let f = fixture();
    let visit_day = days_ago(20);
    exec(
        &f.ledger,
        &format!(
            "INSERT INTO visits (id, enterprise_id, visit_date, mode, created_at, updated_at)
             VALUES ('v1', '{}', '{visit_day}', 'on_site', 'n', 'n')",
            f.firm.id
        ),
    );
    let need = f
        .ledger
        .create_need(&NeedInput { visit_id: Some("v1".into()), source: None, ..form(&f.firm.id, "走访发现", true) })
        .unwrap();
    assert_eq!(need.stage_changed_on, visit_day);
    let before = (rows(&f.ledger, "need_stage_events"), rows(&f.ledger, "audit_log"));
    for (day, says) in [
        (days_ago(21), "不能早于上一次阶段变更"),
        ((today() + Days::new(1)).to_string(), "不能晚于今天"),
        ("2025-02-30".to_owned(), "不是有效日期"),
    ] {
        let err = f
            .ledger
            .change_need_stage(&need.id, 1, &StageChangeInput { changed_on: Some(day.clone()), ..to(Refined) })
            .unwrap_err();
        let CoreError::Validation(fields) = err else { panic!() };
        assert_eq!(fields[0].field, "changedOn", "{day}");
        assert!(fields[0].message.contains(says), "{day}: {}", fields[0].message);
    }
    assert_eq!((rows(&f.ledger, "need_stage_events"), rows(&f.ledger, "audit_log")), before);

    let refined = f
        .ledger
        .change_need_stage(&need.id, 1, &StageChangeInput { changed_on: Some(days_ago(5)), ..to(Refined) })
        .unwrap();
    assert_eq!((refined.stage_changed_on.clone(), refined.events[1].changed_on.clone()), (days_ago(5), days_ago(5)));
    let same_day = f
        .ledger
        .change_need_stage(
            &need.id,
            refined.stamps.revision,
            &StageChangeInput { changed_on: Some(days_ago(5)), ..to(Shelved) },
        )
        .unwrap();
    assert_eq!(same_day.stage, Shelved);
}

#[test]
fn a_stale_revision_is_a_conflict_and_each_change_is_audited() {
    let f = fixture();
    let need = f.ledger.create_need(&form(&f.firm.id, "并发", true)).unwrap();
    let refined = f.ledger.change_need_stage(&need.id, 1, &to(Refined)).unwrap();
    let err = f.ledger.change_need_stage(&need.id, 1, &to(Shelved)).unwrap_err();
    assert!(matches!(err, CoreError::Conflict { expected: 1, actual: 2, .. }), "{err:?}");
    let err = f.ledger.change_need_stage(&need.id, 2, &StageChangeInput::default()).unwrap_err();
    let CoreError::Validation(fields) = err else { panic!() };
    assert_eq!(fields[0].field, "to");
    assert!(matches!(f.ledger.change_need_stage("missing", 1, &to(Refined)).unwrap_err(), CoreError::NotFound { .. }));
    let history = f.ledger.record_history("need", &need.id).unwrap();
    assert_eq!(history.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["update", "create"]);
    assert_eq!(history[0].after.as_ref().unwrap()["stage"], "refined");
    assert_eq!(history[0].before.as_ref().unwrap()["stage"], "discovered");
    assert_eq!(refined.stamps.revision, 2);
}

#[test]
fn a_merged_need_points_at_the_survivor_keeps_its_history_and_hands_over_its_experts() {
    let f = fixture();
    let survivor = need_at(&f, Matched, "模具寿命"); // 王建国 matched
    let duplicate = need_at(&f, Refined, "模具寿命（重复）"); // 王建国 matched too
    f.ledger
        .match_expert(
            &duplicate.id,
            &MatchInput { notes: Some("认领".into()), ..matching(&f.li, MatchMethod::Claimed) },
        )
        .unwrap();
    let duplicate = f.ledger.get_need(&duplicate.id).unwrap();

    let after = f.ledger.merge_needs(&duplicate.id, &survivor.id, Some(" 同一需求重复登记 ")).unwrap();
    assert_eq!(after.id, survivor.id);
    let experts: Vec<(&str, MatchMethod, Option<&str>)> =
        after.matches.iter().map(|m| (m.expert_name.as_str(), m.method, m.notes.as_deref())).collect();
    assert_eq!(experts, [("王建国", MatchMethod::Recommended, None), ("李晓梅", MatchMethod::Claimed, Some("认领"))]);

    let merged = f.ledger.get_need(&duplicate.id).unwrap();
    assert_eq!((merged.stage, merged.merged_into_id.as_deref()), (Merged, Some(survivor.id.as_str())));
    assert_eq!(merged.events.len(), duplicate.events.len() + 1);
    assert_eq!(merged.events[..duplicate.events.len()], duplicate.events[..], "the history is kept");
    let last = merged.events.last().unwrap();
    assert_eq!(
        (last.from_stage, last.to_stage, last.note.as_deref()),
        (Some(Refined), Merged, Some("同一需求重复登记"))
    );
    assert_eq!(merged.matches.len(), 2, "the duplicate keeps its own matches");
    let actions = |entity: &str, id: &str| {
        f.ledger.record_history(entity, id).unwrap().iter().map(|e| e.action.clone()).collect::<Vec<_>>()
    };
    assert_eq!(actions("need", &duplicate.id)[0], "update");
    assert_eq!(actions("need_match", &after.matches[1].id), ["create"]);

    // The survivor keeps its enterprise while a need is merged into it.
    let elsewhere = f.ledger.create_enterprise(&enterprise("杭州海创电子有限公司", 2)).unwrap().record;
    let err =
        f.ledger.update_need(&after.id, after.stamps.revision, &form(&elsewhere.id, "模具寿命", true)).unwrap_err();
    let CoreError::Validation(fields) = err else { panic!() };
    assert_eq!(fields[0].field, "enterpriseId");
    assert!(fields[0].message.contains("合并到该需求"), "{}", fields[0].message);
    let renamed =
        f.ledger.update_need(&after.id, after.stamps.revision, &form(&f.firm.id, "模具寿命提升", true)).unwrap();
    assert_eq!(renamed.title, "模具寿命提升");

    // Final: no stage change, no edit, no new expert, no second merge.
    let err = f.ledger.change_need_stage(&merged.id, merged.stamps.revision, &to(Discovered)).unwrap_err();
    let CoreError::Validation(fields) = err else { panic!() };
    assert!(fields[0].message.contains("最终阶段"), "{}", fields[0].message);
    assert!(f.ledger.update_need(&merged.id, merged.stamps.revision, &form(&f.firm.id, "改", true)).is_err());
    let other = f.ledger.create_expert(&expert("赵志强", None)).unwrap();
    assert!(f.ledger.match_expert(&merged.id, &matching(&other, MatchMethod::Assigned)).is_err());
    assert_eq!(f.ledger.get_need(&merged.id).unwrap(), merged);
}

#[test]
fn merging_is_refused_into_itself_into_a_merged_need_across_enterprises_and_twice() {
    let f = fixture();
    let other_firm = f.ledger.create_enterprise(&enterprise("杭州海创电子有限公司", 2)).unwrap().record;
    let a = f.ledger.create_need(&form(&f.firm.id, "甲", true)).unwrap();
    let b = f.ledger.create_need(&form(&f.firm.id, "乙", true)).unwrap();
    let c = f.ledger.create_need(&form(&f.firm.id, "丙", true)).unwrap();
    let elsewhere = f.ledger.create_need(&form(&other_firm.id, "丁", true)).unwrap();
    f.ledger.merge_needs(&b.id, &a.id, None).unwrap();
    let before = (rows(&f.ledger, "need_stage_events"), rows(&f.ledger, "need_matches"), rows(&f.ledger, "audit_log"));
    let refused = |dup: &str, into: &str, field: &str, says: &str| {
        let err = f.ledger.merge_needs(dup, into, None).unwrap_err();
        let CoreError::Validation(fields) = err else { panic!("{err:?}") };
        assert_eq!(fields[0].field, field, "{fields:?}");
        assert!(fields[0].message.contains(says), "{}", fields[0].message);
    };
    refused(&a.id, &a.id, "survivorId", "自身");
    refused(&c.id, &b.id, "survivorId", "已合并");
    refused(&b.id, &c.id, "duplicateId", "已经合并");
    refused(&c.id, &elsewhere.id, "survivorId", "同一企业");
    assert!(matches!(f.ledger.merge_needs("missing", &a.id, None).unwrap_err(), CoreError::NotFound { .. }));
    assert_eq!(
        (rows(&f.ledger, "need_stage_events"), rows(&f.ledger, "need_matches"), rows(&f.ledger, "audit_log")),
        before
    );
}
