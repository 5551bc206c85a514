//! 派驻/结对: pairing an expert with an enterprise for a period, editing it (dates, batch, 三方协议 and its signing
//! date, targets, notes — never the expert or the enterprise: a mistaken pairing is deleted to the recycle bin),
//! ending it, and the lists of one expert or one enterprise. The same expert, enterprise and batch cannot have two
//! assignments whose periods overlap (an open-ended one runs forever). A signing date means the agreement is signed
//! (a date on an unsigned agreement is refused on the field); a signed one may have no date.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::model::Entity;
use crate::model::Stamps;
use crate::model::{Assignment, AssignmentInput, AssignmentTargets, AssignmentTargetsInput};
use crate::money::parse_wan;
use crate::normalize::clean_optional;
use crate::storage::audit::{self, AuditAction};
use crate::storage::db;
use crate::storage::ids::new_id;
use crate::storage::record;
use crate::validate::date;
use crate::validate::limits::{self, Form};
use crate::Ledger;

const SELECT: &str = "SELECT a.id, a.expert_id, e.name, a.enterprise_id, en.name, a.batch_id, b.name, a.start_date,
        a.end_date, a.agreement_signed, a.notes, a.created_at, a.updated_at, a.revision, a.agreement_signed_on,
        a.target_service_days, a.target_visits, a.target_needs_solved, a.target_contract_fen, a.target_other
    FROM assignments a
    JOIN experts e ON e.id = a.expert_id
    JOIN enterprises en ON en.id = a.enterprise_id
    LEFT JOIN batches b ON b.id = a.batch_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Assignment> {
    Ok(Assignment {
        id: r.get(0)?,
        expert_id: r.get(1)?,
        expert_name: r.get(2)?,
        enterprise_id: r.get(3)?,
        enterprise_name: r.get(4)?,
        batch_id: r.get(5)?,
        batch_name: r.get(6)?,
        start_date: r.get(7)?,
        end_date: r.get(8)?,
        agreement_signed: r.get(9)?,
        notes: r.get(10)?,
        stamps: Stamps::from_row(r, 11)?,
        agreement_signed_on: r.get(14)?,
        targets: AssignmentTargets {
            target_service_days: r.get(15)?,
            target_visits: r.get(16)?,
            target_needs_solved: r.get(17)?,
            target_contract_fen: r.get(18)?,
            target_other: r.get(19)?,
        },
    })
}

/// One live assignment with its names.
pub fn get(conn: &Connection, id: &str) -> Result<Assignment> {
    fetch(conn, id, false)
}

/// One assignment, live or (`in_bin`) in the recycle bin.
pub fn fetch(conn: &Connection, id: &str, in_bin: bool) -> Result<Assignment> {
    let state = if in_bin { "IS NOT NULL" } else { "IS NULL" };
    conn.query_row(&format!("{SELECT} WHERE a.id = ?1 AND a.deleted_at {state}"), [id], from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: Entity::Assignment, id: id.to_owned() })
}

/// Refuses to bring back from the recycle bin an assignment whose period now overlaps a live one of the same
/// expert, enterprise and batch.
pub(crate) fn check_restorable(conn: &Connection, id: &str) -> Result<()> {
    let a = fetch(conn, id, true)?;
    let day = |d: &str| date::parse_day(d).map_err(|_| CoreError::CorruptValue(format!("assignment {id}")));
    let end = a.end_date.as_deref().map(day).transpose()?;
    check_overlap(conn, &a, day(&a.start_date)?, end)
}

fn day(raw: &str, field: &str, today: NaiveDate, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    date::parse_plausible_day(raw, today).map_err(|e| errors.push(e.on(field))).ok()
}

/// Refuses a period overlapping another live assignment of the same expert, enterprise and batch.
fn check_overlap(conn: &Connection, a: &Assignment, start: NaiveDate, end: Option<NaiveDate>) -> Result<()> {
    let clash: Option<(String, String, Option<String>)> = conn
        .query_row(
            "SELECT id, start_date, end_date FROM assignments
             WHERE expert_id = ?1 AND enterprise_id = ?2 AND batch_id IS ?3 AND deleted_at IS NULL AND id <> ?4
               AND start_date <= COALESCE(?6, '9999-12-31') AND COALESCE(end_date, '9999-12-31') >= ?5
             LIMIT 1",
            params![a.expert_id, a.enterprise_id, a.batch_id, a.id, start.to_string(), end.map(|d| d.to_string())],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((existing_id, s, e)) = clash else { return Ok(()) };
    let (until_zh, until_en) = match &e {
        Some(e) => (e.clone(), e.clone()),
        None => ("至今".to_owned(), "open-ended".to_owned()),
    };
    Err(CoreError::Duplicate {
        existing_id,
        field: "startDate".to_owned(),
        message: format!("该专员在同一批次已派驻该企业（{s} ～ {until_zh}），期间不能重叠"),
        message_en: format!(
            "This expert is already assigned to this enterprise in the same batch ({s} – {until_en}); periods \
             cannot overlap"
        ),
    })
}

/// An input checked: the fields of the row an insert or an update writes.
struct Checked {
    batch_id: Option<String>,
    start: NaiveDate,
    end: Option<NaiveDate>,
    agreement_signed_on: Option<String>,
    notes: Option<String>,
    targets: AssignmentTargets,
}

/// Checks everything of `input` but the expert and the enterprise, adding every problem to `errors`.
fn check(
    conn: &Connection,
    input: &AssignmentInput,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Result<Option<Checked>> {
    let batch_id = clean_optional(input.batch_id.as_deref());
    if let Some(b) = &batch_id {
        if !record::is_live(conn, Entity::Batch, b)? {
            errors.push(FieldError::new("batchId", "所选批次不存在", "The chosen batch does not exist"));
        }
    }
    let start = if input.start_date.trim().is_empty() {
        errors.push(FieldError::new("startDate", "请填写开始日期", "The start date is required"));
        None
    } else {
        day(&input.start_date, "startDate", today, errors)
    };
    let end = clean_optional(input.end_date.as_deref()).and_then(|d| day(&d, "endDate", today, errors));
    if let (Some(s), Some(e)) = (start, end) {
        if let Err(problem) = date::check_order(s, e) {
            errors.push(problem.on("endDate"));
        }
    }
    let signed_on = clean_optional(input.agreement_signed_on.as_deref());
    let signed_on = signed_on.and_then(|d| day(&d, "agreementSignedOn", today, errors));
    if let Some(d) = signed_on {
        if !input.agreement_signed {
            errors.push(FieldError::new(
                "agreementSignedOn",
                "填写了签订日期，三方协议应为“已签”",
                "A signing date means the agreement is signed: mark it signed or clear the date",
            ));
        } else if d > today {
            errors.push(FieldError::new(
                "agreementSignedOn",
                "签订日期不能晚于今天",
                "The signing date cannot be in the future",
            ));
        }
    }
    let targets = check_targets(&input.targets, errors);
    limits::check(
        Form::Assignment,
        &[("notes", input.notes.as_deref()), ("targetOther", input.targets.target_other.as_deref())],
        errors,
    );
    Ok(start.filter(|_| errors.is_empty()).map(|start| Checked {
        batch_id,
        start,
        end,
        agreement_signed_on: signed_on.map(|d| d.to_string()),
        notes: clean_optional(input.notes.as_deref()),
        targets,
    }))
}

/// The targets: days ≥ 0 in steps of 0.5, counts ≥ 0, the contract amount as 万元 text (blank: no target).
fn check_targets(t: &AssignmentTargetsInput, errors: &mut Vec<FieldError>) -> AssignmentTargets {
    if let Some(days) = t.target_service_days {
        if !days.is_finite() || days < 0.0 || (days * 2.0).fract() != 0.0 || days > 3660.0 {
            errors.push(FieldError::new(
                "targetServiceDays",
                "目标服务天数须为不小于 0 的数，以 0.5 天为单位",
                "The target service days must be a number ≥ 0 in steps of 0.5",
            ));
        }
    }
    for (value, field, zh, en) in [
        (t.target_visits, "targetVisits", "目标走访次数", "The target visits"),
        (t.target_needs_solved, "targetNeedsSolved", "目标解决需求数", "The target needs solved"),
    ] {
        if value.is_some_and(|n| !(0..=1_000_000).contains(&n)) {
            errors.push(FieldError::new(
                field,
                format!("{zh}须为不小于 0 的整数"),
                format!("{en} must be a whole number ≥ 0"),
            ));
        }
    }
    let contract = clean_optional(t.target_contract.as_deref()).and_then(|raw| match parse_wan(&raw) {
        Ok(fen) => Some(fen),
        Err(e) => {
            errors.push(FieldError::new(
                "targetContract",
                format!("目标合同金额：{}", e.zh),
                format!("Target contract amount: {}", e.en),
            ));
            None
        }
    });
    AssignmentTargets {
        target_service_days: t.target_service_days,
        target_visits: t.target_visits,
        target_needs_solved: t.target_needs_solved,
        target_contract_fen: contract,
        target_other: clean_optional(t.target_other.as_deref()),
    }
}

/// Creates an assignment inside the caller's transaction: the expert, enterprise and batch must exist (not in the
/// recycle bin), end ≥ start, and no overlapping assignment of the same three; audited.
pub fn create(conn: &Connection, actor: &Actor, input: &AssignmentInput, today: NaiveDate) -> Result<Assignment> {
    let mut errors = Vec::new();
    let expert_id = input.expert_id.trim().to_owned();
    let enterprise_id = input.enterprise_id.trim().to_owned();
    if expert_id.is_empty() || !record::is_live(conn, Entity::Expert, &expert_id)? {
        errors.push(FieldError::new(
            "expertId",
            "请选择科技专员（所选专员不存在或已删除）",
            "Choose an existing expert",
        ));
    }
    if enterprise_id.is_empty() || !record::is_live(conn, Entity::Enterprise, &enterprise_id)? {
        errors.push(FieldError::new(
            "enterpriseId",
            "请选择服务企业（所选企业不存在或已删除）",
            "Choose an existing enterprise",
        ));
    }
    let checked = check(conn, input, today, &mut errors)?;
    let Some(c) = checked.filter(|_| errors.is_empty()) else {
        return Err(CoreError::Validation(errors));
    };
    let now = actor.now();
    let a = Assignment {
        id: new_id(),
        expert_id,
        expert_name: String::new(),
        enterprise_id,
        enterprise_name: String::new(),
        batch_id: c.batch_id.clone(),
        batch_name: None,
        start_date: c.start.to_string(),
        end_date: c.end.map(|d| d.to_string()),
        agreement_signed: input.agreement_signed,
        agreement_signed_on: None,
        notes: None,
        targets: AssignmentTargets::default(),
        stamps: Stamps::new(now),
    };
    check_overlap(conn, &a, c.start, c.end)?;
    conn.execute(
        "INSERT INTO assignments (id, expert_id, enterprise_id, batch_id, start_date, end_date, agreement_signed,
             notes, created_at, updated_at, revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, 1)",
        params![
            a.id,
            a.expert_id,
            a.enterprise_id,
            a.batch_id,
            a.start_date,
            a.end_date,
            a.agreement_signed,
            c.notes,
            a.stamps.created_at
        ],
    )?;
    write_agreement(conn, &a.id, &c)?;
    let saved = get(conn, &a.id)?;
    audit::record::<(), _>(conn, actor, AuditAction::Create, Entity::Assignment, &saved.id, None, Some(&saved))?;
    Ok(saved)
}

/// The signing date and the targets of a row just inserted or updated.
fn write_agreement(conn: &Connection, id: &str, c: &Checked) -> Result<()> {
    let t = &c.targets;
    conn.execute(
        "UPDATE assignments SET agreement_signed_on = ?2, target_service_days = ?3, target_visits = ?4,
             target_needs_solved = ?5, target_contract_fen = ?6, target_other = ?7
         WHERE id = ?1",
        params![
            id,
            c.agreement_signed_on,
            t.target_service_days,
            t.target_visits,
            t.target_needs_solved,
            t.target_contract_fen,
            t.target_other
        ],
    )?;
    Ok(())
}

/// Edits an assignment: its dates, batch, 三方协议 and signing date, notes and targets, checked as on creation (the
/// same overlap rule), from the revision the form loaded; audited. The expert and the enterprise stay: an input
/// naming others is refused on those fields.
pub fn update(
    conn: &Connection,
    actor: &Actor,
    id: &str,
    expected_revision: i32,
    input: &AssignmentInput,
    today: NaiveDate,
) -> Result<Assignment> {
    let before = get(conn, id)?;
    record::check_revision(Entity::Assignment, id, expected_revision, before.stamps.revision)?;
    let mut errors = Vec::new();
    for (given, stored, field, zh, en) in [
        (&input.expert_id, &before.expert_id, "expertId", "专员", "expert"),
        (&input.enterprise_id, &before.enterprise_id, "enterpriseId", "企业", "enterprise"),
    ] {
        if !given.trim().is_empty() && given.trim() != stored {
            errors.push(FieldError::new(
                field,
                format!("派驻记录的{zh}不能更改（删除后重新新增）"),
                format!("The {en} of a pairing cannot be changed (delete it and add a new one)"),
            ));
        }
    }
    let checked = check(conn, input, today, &mut errors)?;
    let Some(c) = checked.filter(|_| errors.is_empty()) else {
        return Err(CoreError::Validation(errors));
    };
    let probe = Assignment { batch_id: c.batch_id.clone(), ..before.clone() };
    check_overlap(conn, &probe, c.start, c.end)?;
    conn.execute(
        "UPDATE assignments SET batch_id = ?2, start_date = ?3, end_date = ?4, agreement_signed = ?5, notes = ?6,
             updated_at = ?7, revision = revision + 1
         WHERE id = ?1",
        params![
            id,
            c.batch_id,
            c.start.to_string(),
            c.end.map(|d| d.to_string()),
            input.agreement_signed,
            c.notes,
            actor.now()
        ],
    )?;
    write_agreement(conn, id, &c)?;
    audit::updated(conn, actor, Entity::Assignment, id, &before, get(conn, id)?)
}

/// Sets (or changes) the end date of an assignment: not before its start, and not so late that it runs into another
/// assignment of the same expert, enterprise and batch; audited.
pub fn end(conn: &Connection, actor: &Actor, id: &str, end_date: &str, today: NaiveDate) -> Result<Assignment> {
    let before = get(conn, id)?;
    let mut errors = Vec::new();
    let end = day(end_date, "endDate", today, &mut errors);
    let start = date::parse_day(&before.start_date).map_err(|_| CoreError::CorruptValue(format!("assignment {id}")))?;
    if let Some(e) = end {
        if let Err(problem) = date::check_order(start, e) {
            errors.push(problem.on("endDate"));
        }
    }
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    check_overlap(conn, &before, start, end)?;
    conn.execute(
        "UPDATE assignments SET end_date = ?2, updated_at = ?3, revision = revision + 1 WHERE id = ?1",
        params![id, end.map(|d| d.to_string()), actor.now()],
    )?;
    audit::updated(conn, actor, Entity::Assignment, id, &before, get(conn, id)?)
}

/// The live assignments of one expert, latest start first.
pub fn of_expert(conn: &Connection, expert_id: &str) -> Result<Vec<Assignment>> {
    list_of(conn, "expert_id", expert_id)
}

/// The live assignments at one enterprise, latest start first.
pub fn of_enterprise(conn: &Connection, enterprise_id: &str) -> Result<Vec<Assignment>> {
    list_of(conn, "enterprise_id", enterprise_id)
}

fn list_of(conn: &Connection, column: &str, id: &str) -> Result<Vec<Assignment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.{column} = ?1 AND a.deleted_at IS NULL ORDER BY a.start_date DESC, a.id DESC"
    ))?;
    let rows = db::read_rows(&mut stmt, [id], from_row)?;
    Ok(rows)
}

impl Ledger {
    /// Pairs an expert with an enterprise for a period.
    pub fn create_assignment(&self, input: &AssignmentInput) -> Result<Assignment> {
        let today = self.today();
        self.db.write(|tx| create(tx, &self.actor, input, today))
    }

    /// Edits an assignment (not its expert or enterprise), from the revision the form loaded.
    pub fn update_assignment(&self, id: &str, expected_revision: i32, input: &AssignmentInput) -> Result<Assignment> {
        let today = self.today();
        self.db.write(|tx| update(tx, &self.actor, id, expected_revision, input, today))
    }

    /// One assignment with its names.
    pub fn get_assignment(&self, id: &str) -> Result<Assignment> {
        self.db.read(|c| get(c, id))
    }

    /// Sets the end date of an assignment.
    pub fn end_assignment(&self, id: &str, end_date: &str) -> Result<Assignment> {
        let today = self.today();
        self.db.write(|tx| end(tx, &self.actor, id, end_date, today))
    }

    /// The assignments of one expert, with the enterprise names.
    pub fn list_assignments_of_expert(&self, expert_id: &str) -> Result<Vec<Assignment>> {
        self.db.read(|c| of_expert(c, expert_id))
    }

    /// The assignments at one enterprise, with the expert names.
    pub fn list_assignments_of_enterprise(&self, enterprise_id: &str) -> Result<Vec<Assignment>> {
        self.db.read(|c| of_enterprise(c, enterprise_id))
    }
}
