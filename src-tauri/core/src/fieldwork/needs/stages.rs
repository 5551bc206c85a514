//! The stage machine of needs: which stage changes are legal ([`TRANSITIONS`], the one table), what each stage
//! requires, the stage change itself (with an expert matched in the same step), and merging a duplicate need into
//! the need it repeats.

use chrono::NaiveDate;

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::fieldwork::needs::matching;
use crate::fieldwork::needs::{self, check_revision, insert_event};
use crate::model::Entity;
use crate::model::{Need, NeedStage, StageChangeInput};
use crate::normalize::clean_optional;
use crate::storage::audit::{self, AuditAction};
use crate::validate::date;
use crate::validate::limits::{self, Form};
use crate::Ledger;

use NeedStage::{Discovered, Matched, Merged, Refined, Shelved, Solved, Solving};

/// What kind of move a legal stage change is; the kind decides its extra condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// One step forward on 挖掘 → 凝练 → 对接 → 解决中 → 已解决.
    Forward,
    /// One step back, to correct a move made too early (对接 → 凝练).
    Back,
    /// From an open stage to 搁置.
    Shelve,
    /// From 搁置 back to 挖掘, or to the stage the need was shelved from (the `from_stage` of the event into 搁置).
    Resume,
    /// From 已解决 back to 解决中; a note saying why is required.
    Reopen,
}

/// Every legal stage change `(from, to, kind)`; anything not listed is refused.
///
/// - forward one step: 挖掘 → 凝练 → 对接 → 解决中 → 已解决;
/// - back one step for a correction: 凝练 → 挖掘, 对接 → 凝练, 解决中 → 对接;
/// - any open stage (挖掘, 凝练, 对接, 解决中) → 搁置;
/// - 搁置 → 挖掘, or → the stage it was shelved from (checked against the history: the table lists the candidates);
/// - 已解决 is final except reopening to 解决中 with a note;
/// - 已合并 is final, and is reached only by merging ([`merge`]), never by a stage change.
///
/// Besides the move itself, the stage moved to has its requirements: 凝练 and every later stage need a refined
/// problem ([`needs_refined_problem`]); 对接, 解决中 and 已解决 need at least one matched expert ([`needs_expert`]).
pub const TRANSITIONS: &[(NeedStage, NeedStage, Move)] = &[
    (Discovered, Refined, Move::Forward),
    (Refined, Matched, Move::Forward),
    (Matched, Solving, Move::Forward),
    (Solving, Solved, Move::Forward),
    (Refined, Discovered, Move::Back),
    (Matched, Refined, Move::Back),
    (Solving, Matched, Move::Back),
    (Discovered, Shelved, Move::Shelve),
    (Refined, Shelved, Move::Shelve),
    (Matched, Shelved, Move::Shelve),
    (Solving, Shelved, Move::Shelve),
    (Shelved, Discovered, Move::Resume),
    (Shelved, Refined, Move::Resume),
    (Shelved, Matched, Move::Resume),
    (Shelved, Solving, Move::Resume),
    (Solved, Solving, Move::Reopen),
];

/// The stages still being worked on (a need in one of them counts towards an expert's load and can be stale).
pub const OPEN_STAGES: [NeedStage; 4] = [Discovered, Refined, Matched, Solving];

/// The columns of the board, in order (merged needs are not on it).
pub const BOARD_STAGES: [NeedStage; 6] = [Discovered, Refined, Matched, Solving, Solved, Shelved];

/// The stages as an SQL list of their codes (`'discovered', 'refined'`), for `IN (...)`.
pub(crate) fn sql_list(stages: &[NeedStage]) -> String {
    stages.iter().map(|s| format!("'{}'", s.code())).collect::<Vec<_>>().join(", ")
}

/// Whether `stage` is still being worked on.
pub fn is_open(stage: NeedStage) -> bool {
    OPEN_STAGES.contains(&stage)
}

/// Whether a need in `stage` must have a refined problem (凝练 and later).
pub fn needs_refined_problem(stage: NeedStage) -> bool {
    matches!(stage, Refined | Matched | Solving | Solved)
}

/// Whether a need in `stage` must have at least one matched expert (对接 and later).
pub fn needs_expert(stage: NeedStage) -> bool {
    matches!(stage, Matched | Solving | Solved)
}

/// The kind of the move `from → to`, when the table lists it.
pub fn move_kind(from: NeedStage, to: NeedStage) -> Option<Move> {
    TRANSITIONS.iter().find(|(f, t, _)| *f == from && *t == to).map(|(_, _, m)| *m)
}

/// The stages a need in `from` may move to now; for 搁置, `shelved_from` (the stage it was shelved from) narrows the
/// resumptions to 挖掘 and that stage. In [`NeedStage::ALL`] order.
pub fn allowed_next(from: NeedStage, shelved_from: Option<NeedStage>) -> Vec<NeedStage> {
    NeedStage::ALL
        .iter()
        .copied()
        .filter(|&to| match move_kind(from, to) {
            Some(Move::Resume) => to == Discovered || Some(to) == shelved_from,
            Some(_) => true,
            None => false,
        })
        .collect()
}

fn label(stage: NeedStage) -> String {
    format!("{} ({})", stage.label_zh(), stage.code())
}

/// The message refusing `from → to`, naming both stages and the stages allowed next.
fn illegal(from: NeedStage, to: NeedStage, shelved_from: Option<NeedStage>) -> FieldError {
    let next = allowed_next(from, shelved_from);
    let next_zh = if next.is_empty() {
        "（无，该阶段为最终阶段）".to_owned()
    } else {
        next.iter().map(|s| s.label_zh()).collect::<Vec<_>>().join("、")
    };
    let next_en = if next.is_empty() {
        "none (it is final)".to_owned()
    } else {
        next.iter().map(|s| label(*s)).collect::<Vec<_>>().join(", ")
    };
    let (mut zh, mut en) = if from == to {
        (format!("该需求已处于“{}”阶段", from.label_zh()), format!("The need is already at stage {}", label(from)))
    } else {
        (
            format!("不能从“{}”直接改为“{}”", from.label_zh(), to.label_zh()),
            format!("A need cannot move from {} to {}", label(from), label(to)),
        )
    };
    zh.push_str(&format!("；“{}”之后可改为：{next_zh}", from.label_zh()));
    en.push_str(&format!("; from {} it can move to: {next_en}", label(from)));
    if let Some(s) = shelved_from.filter(|_| from == Shelved) {
        zh.push_str(&format!("（搁置前为“{}”，只能恢复到该阶段或“挖掘”）", s.label_zh()));
        en.push_str(&format!(" (it was shelved from {}; it resumes there or at 挖掘 (discovered))", label(s)));
    }
    if to == Merged {
        zh.push_str("。“已合并”只能通过“合并需求”进入");
        en.push_str(". A need becomes merged only by merging it into another need");
    }
    FieldError::new("to", zh, en)
}

/// The stage a shelved need was shelved from: the `from_stage` of its latest event into 搁置.
fn shelved_from(need: &Need) -> Option<NeedStage> {
    need.events.iter().rev().find(|e| e.to_stage == Shelved).and_then(|e| e.from_stage)
}

/// Moves a need to another stage on a day (default `today`; not before its last change, not after `today`),
/// optionally matching an expert in the same step; writes the stage event and the audit entry. Every rule of
/// [`TRANSITIONS`] and of the stage's requirements is checked; on any error nothing is written.
pub fn change_stage(
    conn: &rusqlite::Connection,
    actor: &Actor,
    id: &str,
    expected_revision: i32,
    input: &StageChangeInput,
    today: NaiveDate,
) -> Result<Need> {
    let before = needs::get(conn, id)?;
    check_revision(&before, expected_revision)?;
    let from = before.stage;
    let shelved_from = if from == Shelved { shelved_from(&before) } else { None };
    let note = clean_optional(input.note.as_deref());
    let mut errors = Vec::new();
    limits::check(Form::StageChange, &[("note", note.as_deref())], &mut errors);
    match input.to {
        None => errors.push(FieldError::new("to", "请选择要改为的阶段", "Choose the stage to move to")),
        Some(to) => match move_kind(from, to) {
            None => errors.push(illegal(from, to, shelved_from)),
            Some(Move::Resume) if to != Discovered && Some(to) != shelved_from => {
                errors.push(illegal(from, to, shelved_from))
            }
            Some(Move::Reopen) if note.is_none() => errors.push(FieldError::new(
                "note",
                "重新打开已解决的需求，请填写原因",
                "Reopening a solved need requires a note saying why",
            )),
            Some(_) => {}
        },
    }
    let last_change = date::parse_day(&before.stage_changed_on)
        .map_err(|_| CoreError::CorruptValue(format!("need {id} stage_changed_on")))?;
    let changed_on = match clean_optional(input.changed_on.as_deref()) {
        None => Some(today),
        Some(raw) => match date::parse_plausible_day(&raw, today) {
            Err(e) => {
                errors.push(e.on("changedOn"));
                None
            }
            Ok(d) if d > today => {
                errors.push(FieldError::new("changedOn", "变更日期不能晚于今天", "The date cannot be in the future"));
                None
            }
            Ok(d) => Some(d),
        },
    };
    if let Some(d) = changed_on.filter(|d| *d < last_change) {
        errors.push(FieldError::new(
            "changedOn",
            format!("变更日期 {d} 不能早于上一次阶段变更（{last_change}）"),
            format!("The date {d} cannot be before the previous stage change ({last_change})"),
        ));
    }
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let (to, changed_on) = (input.to.expect("validated"), changed_on.expect("validated"));
    // An expert already matched is kept as is: choosing them in the move is not a second match.
    if let Some(m) =
        input.new_match.as_ref().filter(|m| !before.matches.iter().any(|x| x.expert_id == m.expert_id.trim()))
    {
        matching::add_match(conn, actor, &before, m, changed_on, today)?;
    }
    let mut unmet = Vec::new();
    if needs_refined_problem(to) && before.refined_problem.is_none() {
        unmet.push(FieldError::new(
            "refinedProblem",
            format!("改为“{}”前，请先填写凝练问题", to.label_zh()),
            format!("Write the refined problem before moving the need to {}", label(to)),
        ));
    }
    if needs_expert(to) && needs::matches_of(conn, id)?.is_empty() {
        unmet.push(FieldError::new(
            "expertId",
            format!("改为“{}”需要至少一名对接专员，请同时选择专员", to.label_zh()),
            format!("Moving the need to {} requires at least one matched expert; choose one", label(to)),
        ));
    }
    if !unmet.is_empty() {
        return Err(CoreError::Validation(unmet));
    }
    conn.execute(
        "UPDATE needs SET stage = ?2, stage_changed_on = ?3, updated_at = ?4, revision = revision + 1 WHERE id = ?1",
        rusqlite::params![id, to, changed_on.to_string(), actor.now()],
    )?;
    insert_event(conn, id, Some(from), to, changed_on, note.as_deref(), &actor.now())?;
    audit::updated(conn, actor, Entity::Need, id, &before, needs::get(conn, id)?)
}

/// Merges `duplicate_id` into `survivor_id` (both live, of the same enterprise, neither merged, not the same need):
/// the duplicate moves to 已合并 on `today` pointing at the survivor and keeps its history, and each expert matched
/// to the duplicate and not yet to the survivor is matched to the survivor too (same method, day and notes).
/// Audited; returns the survivor.
pub fn merge(
    conn: &rusqlite::Connection,
    actor: &Actor,
    duplicate_id: &str,
    survivor_id: &str,
    note: Option<&str>,
    today: NaiveDate,
) -> Result<Need> {
    if duplicate_id == survivor_id {
        return Err(CoreError::field("survivorId", "需求不能合并到自身", "A need cannot be merged into itself"));
    }
    let duplicate = needs::get(conn, duplicate_id)?;
    let survivor = needs::get(conn, survivor_id)?;
    let mut errors = Vec::new();
    if duplicate.stage == Merged {
        errors.push(FieldError::new(
            "duplicateId",
            "该需求已经合并过，不能再次合并",
            "This need has already been merged",
        ));
    }
    if survivor.stage == Merged {
        errors.push(FieldError::new(
            "survivorId",
            "不能合并到一个已合并的需求，请选择它合并到的需求",
            "A need cannot be merged into a merged need; choose the need that one was merged into",
        ));
    }
    if duplicate.enterprise_id != survivor.enterprise_id {
        errors.push(FieldError::new(
            "survivorId",
            format!(
                "只能合并同一企业的需求（“{}”与“{}”不是同一企业）",
                duplicate.enterprise_name, survivor.enterprise_name
            ),
            format!(
                "Only needs of the same enterprise can be merged ({} and {} differ)",
                duplicate.enterprise_name, survivor.enterprise_name
            ),
        ));
    }
    let last_change = date::parse_day(&duplicate.stage_changed_on)
        .map_err(|_| CoreError::CorruptValue(format!("need {duplicate_id} stage_changed_on")))?;
    if today < last_change {
        errors.push(FieldError::new(
            "duplicateId",
            format!("该需求的上一次阶段变更在 {last_change}，晚于今天"),
            format!("The need's last stage change ({last_change}) is after today"),
        ));
    }
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let note = clean_optional(note);
    conn.execute(
        "UPDATE needs SET stage = ?2, merged_into_id = ?3, stage_changed_on = ?4, updated_at = ?5,
             revision = revision + 1
         WHERE id = ?1",
        rusqlite::params![duplicate_id, Merged, survivor_id, today.to_string(), actor.now()],
    )?;
    insert_event(conn, duplicate_id, Some(duplicate.stage), Merged, today, note.as_deref(), &actor.now())?;
    for m in &duplicate.matches {
        if !survivor.matches.iter().any(|s| s.expert_id == m.expert_id) {
            matching::copy_match(conn, actor, m, survivor_id)?;
        }
    }
    let merged = needs::get(conn, duplicate_id)?;
    audit::record(conn, actor, AuditAction::Update, Entity::Need, duplicate_id, Some(&duplicate), Some(&merged))?;
    needs::get(conn, survivor_id)
}

impl Ledger {
    /// Moves a need to another stage (optionally matching an expert in the same step).
    pub fn change_need_stage(&self, id: &str, expected_revision: i32, input: &StageChangeInput) -> Result<Need> {
        let today = self.today();
        self.db.write(|tx| change_stage(tx, &self.actor, id, expected_revision, input, today))
    }

    /// Merges a duplicate need into the need it repeats; returns the survivor.
    pub fn merge_needs(&self, duplicate_id: &str, survivor_id: &str, note: Option<&str>) -> Result<Need> {
        let today = self.today();
        self.db.write(|tx| merge(tx, &self.actor, duplicate_id, survivor_id, note, today))
    }
}
