//! 派驻/结对: pairing an expert with an enterprise for a period, ending it, and the lists of one expert or one
//! enterprise. The same expert, enterprise and batch cannot have two assignments whose periods overlap (an
//! open-ended one runs forever).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::model::Entity;
use crate::model::Stamps;
use crate::model::{Assignment, AssignmentInput};
use crate::normalize::clean_optional;
use crate::storage::audit::{self, AuditAction};
use crate::storage::db;
use crate::storage::ids::new_id;
use crate::storage::record;
use crate::validate::date;
use crate::validate::limits::{self, Form};
use crate::Ledger;

const SELECT: &str = "SELECT a.id, a.expert_id, e.name, a.enterprise_id, en.name, a.batch_id, b.name, a.start_date,
        a.end_date, a.agreement_signed, a.notes, a.created_at, a.updated_at, a.revision
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
    })
}

/// One live assignment with its names.
pub fn get(conn: &Connection, id: &str) -> Result<Assignment> {
    conn.query_row(&format!("{SELECT} WHERE a.id = ?1 AND a.deleted_at IS NULL"), [id], from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: Entity::Assignment, id: id.to_owned() })
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
        day(&input.start_date, "startDate", today, &mut errors)
    };
    let end = clean_optional(input.end_date.as_deref()).and_then(|d| day(&d, "endDate", today, &mut errors));
    if let (Some(s), Some(e)) = (start, end) {
        if let Err(problem) = date::check_order(s, e) {
            errors.push(problem.on("endDate"));
        }
    }
    limits::check(Form::Assignment, &[("notes", input.notes.as_deref())], &mut errors);
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let start = start.expect("validated");
    let now = actor.now();
    let a = Assignment {
        id: new_id(),
        expert_id,
        expert_name: String::new(),
        enterprise_id,
        enterprise_name: String::new(),
        batch_id,
        batch_name: None,
        start_date: start.to_string(),
        end_date: end.map(|d| d.to_string()),
        agreement_signed: input.agreement_signed,
        notes: clean_optional(input.notes.as_deref()),
        stamps: Stamps::new(now),
    };
    check_overlap(conn, &a, start, end)?;
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
            a.notes,
            a.stamps.created_at
        ],
    )?;
    let saved = get(conn, &a.id)?;
    audit::record::<(), _>(conn, actor, AuditAction::Create, Entity::Assignment, &saved.id, None, Some(&saved))?;
    Ok(saved)
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
