//! 活动: an event with several enterprises and experts at once (a 供需对接会, 培训会 or 路演), recorded once —
//! validation, creation, editing with a revision check (the enterprises and experts are replaced), one event, and the
//! paged list with its filters. Deleting, restoring and purging go through the recycle bin like a visit's.
//!
//! The rules: a type, a title and a date (not after the ledger's today: an event is recorded once it happened); at
//! least one enterprise; experts optional; 参加人数 optional, and when given at least the number of experts chosen
//! (they were there). A new event needs live enterprises and experts; an edited one may keep those it already has even
//! if they have since gone to the recycle bin (as a visit does).

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, ToSql};

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::fieldwork::visits::unusable;
use crate::model::{clamp_page, Entity, Event, EventInput, EventParty, EventQuery, EventRow, EventType, Page, Stamps};
use crate::normalize::{clean_multiline, clean_optional, clean_text};
use crate::storage::audit;
use crate::storage::db;
use crate::storage::ids::new_id;
use crate::storage::record;
use crate::storage::search;
use crate::validate::date;
use crate::validate::limits::{self, Form};
use crate::Ledger;

/// The most people an event can record (a typo guard, not a rule of the programme).
pub const MAX_ATTENDANCE: u32 = 100_000;

/// A validated form.
struct Clean {
    event_type: EventType,
    title: String,
    event_date: String,
    place: Option<String>,
    attendance: Option<u32>,
    enterprise_ids: Vec<String>,
    expert_ids: Vec<String>,
    content: Option<String>,
    notes: Option<String>,
}

/// The ids of a multiple choice, trimmed, each once; a repeat or a record that cannot be used is an error on `field`.
/// `kept` are the ids the edited event already has (allowed even in the recycle bin).
fn chosen_ids(
    conn: &Connection,
    raw_ids: &[String],
    kept: &HashSet<&str>,
    (table, field, noun_zh, noun_en): (&str, &str, &str, &str),
    errors: &mut Vec<FieldError>,
) -> Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    for raw in raw_ids {
        let id = raw.trim().to_owned();
        if id.is_empty() {
            continue;
        }
        if ids.contains(&id) {
            errors.push(FieldError::new(
                field,
                format!("同一{noun_zh}选择了两次"),
                format!("The same {noun_en} is chosen twice"),
            ));
            continue;
        }
        if !kept.contains(id.as_str()) {
            errors.extend(unusable(conn, table, &id, |in_bin| match in_bin {
                Some(name) => FieldError::new(
                    field,
                    format!("{noun_zh}“{name}”已在回收站中，请先恢复或另选"),
                    format!("The {noun_en} {name} is in the recycle bin; restore it or choose another"),
                ),
                None => FieldError::new(
                    field,
                    format!("所选{noun_zh}不存在，请重新选择"),
                    format!("A chosen {noun_en} does not exist"),
                ),
            })?);
        }
        ids.push(id);
    }
    Ok(ids)
}

/// Normalises and checks a form against the database; `before` is the event being edited. Every problem at once.
fn validate(conn: &Connection, input: &EventInput, before: Option<&Event>, today: NaiveDate) -> Result<Clean> {
    let mut errors: Vec<FieldError> = Vec::new();
    if input.event_type.is_none() {
        errors.push(FieldError::new("eventType", "请选择活动类型", "Choose the type of event"));
    }
    let title = clean_text(&input.title);
    if title.is_empty() {
        errors.push(FieldError::new("title", "请填写活动名称", "The event's title is required"));
    }
    let event_day = if input.event_date.trim().is_empty() {
        errors.push(FieldError::new("eventDate", "请填写活动日期", "The event's date is required"));
        None
    } else {
        match date::parse_plausible_day(&input.event_date, today) {
            Ok(day) if day > today => {
                errors.push(FieldError::new(
                    "eventDate",
                    "活动日期不能晚于今天（活动举办后再登记）",
                    "The event's date cannot be after today (record an event once it took place)",
                ));
                None
            }
            Ok(day) => Some(day),
            Err(e) => {
                errors.push(e.on("eventDate"));
                None
            }
        }
    };

    let kept_enterprises: HashSet<&str> =
        before.map(|b| b.enterprises.iter().map(|p| p.id.as_str()).collect()).unwrap_or_default();
    let enterprise_ids = chosen_ids(
        conn,
        &input.enterprise_ids,
        &kept_enterprises,
        ("enterprises", "enterpriseIds", "企业", "enterprise"),
        &mut errors,
    )?;
    if enterprise_ids.is_empty() && !errors.iter().any(|e| e.field == "enterpriseIds") {
        errors.push(FieldError::new(
            "enterpriseIds",
            "请至少选择一家参加活动的企业",
            "Choose at least one enterprise that took part",
        ));
    }
    let kept_experts: HashSet<&str> =
        before.map(|b| b.experts.iter().map(|p| p.id.as_str()).collect()).unwrap_or_default();
    let expert_ids =
        chosen_ids(conn, &input.expert_ids, &kept_experts, ("experts", "expertIds", "专员", "expert"), &mut errors)?;
    if let Some(n) = input.attendance {
        if n > MAX_ATTENDANCE {
            errors.push(FieldError::new(
                "attendance",
                format!("参加人数不能超过 {MAX_ATTENDANCE}"),
                format!("The attendance cannot exceed {MAX_ATTENDANCE}"),
            ));
        } else if (n as usize) < expert_ids.len() {
            errors.push(FieldError::new(
                "attendance",
                format!("参加人数（{n}）少于所选专员人数（{}）", expert_ids.len()),
                format!("The attendance ({n}) is less than the number of experts chosen ({})", expert_ids.len()),
            ));
        }
    }
    limits::check(
        Form::Event,
        &[
            ("title", Some(title.as_str())),
            ("place", input.place.as_deref()),
            ("content", input.content.as_deref()),
            ("notes", input.notes.as_deref()),
        ],
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    Ok(Clean {
        event_type: input.event_type.expect("validated"),
        title,
        event_date: event_day.expect("validated").to_string(),
        place: clean_optional(input.place.as_deref()),
        attendance: input.attendance,
        enterprise_ids,
        expert_ids,
        content: clean_multiline(input.content.as_deref()),
        notes: clean_multiline(input.notes.as_deref()),
    })
}

impl Clean {
    /// The parameters of the INSERT and the UPDATE: `?1` the id, the form's columns, then the time.
    fn params<'a>(&'a self, id: &'a dyn ToSql, now: &'a dyn ToSql) -> [&'a dyn ToSql; 9] {
        [
            id,
            &self.event_type,
            &self.title,
            &self.event_date,
            &self.place,
            &self.attendance,
            &self.content,
            &self.notes,
            now,
        ]
    }
}

/// Writes the event's links (after removing the old ones on an edit).
fn insert_links(conn: &Connection, event_id: &str, c: &Clean) -> Result<()> {
    let mut stmt = conn.prepare_cached("INSERT INTO event_enterprises (event_id, enterprise_id) VALUES (?1, ?2)")?;
    for id in &c.enterprise_ids {
        stmt.execute(params![event_id, id])?;
    }
    let mut stmt = conn.prepare_cached("INSERT INTO event_experts (event_id, expert_id) VALUES (?1, ?2)")?;
    for id in &c.expert_ids {
        stmt.execute(params![event_id, id])?;
    }
    Ok(())
}

/// Checks a new event by the form's rules without writing it (the importer judges its rows with it).
pub(crate) fn check_new(conn: &Connection, input: &EventInput, today: NaiveDate) -> Result<()> {
    validate(conn, input, None, today).map(|_| ())
}

/// Validates and inserts a new event with its links; returns its id (no audit: the caller writes it — the form's
/// create, or an import, which is one audit entry of its own).
pub(crate) fn insert_new(conn: &Connection, input: &EventInput, today: NaiveDate, now: &str) -> Result<String> {
    let c = validate(conn, input, None, today)?;
    let id = new_id();
    conn.prepare_cached(
        "INSERT INTO events (id, event_type, title, event_date, place, attendance, content, notes, created_at,
             updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(c.params(&id, &now).as_slice())?;
    insert_links(conn, &id, &c)?;
    Ok(id)
}

/// Creates an event inside the caller's transaction; audited.
pub fn create(conn: &Connection, actor: &Actor, input: &EventInput, today: NaiveDate) -> Result<Event> {
    let id = insert_new(conn, input, today, &actor.now())?;
    audit::created(conn, actor, Entity::Event, &id, get(conn, &id)?)
}

/// Edits an event inside the caller's transaction; its enterprises and experts are replaced by the form's. Refused
/// with `conflict` when `expected_revision` is not the stored one. Audited before → after.
pub fn update(
    conn: &Connection,
    actor: &Actor,
    id: &str,
    expected_revision: i32,
    input: &EventInput,
    today: NaiveDate,
) -> Result<Event> {
    let before = get(conn, id)?;
    record::check_revision(Entity::Event, id, expected_revision, before.stamps.revision)?;
    let c = validate(conn, input, Some(&before), today)?;
    conn.execute(
        "UPDATE events SET event_type = ?2, title = ?3, event_date = ?4, place = ?5, attendance = ?6, content = ?7,
             notes = ?8, updated_at = ?9, revision = revision + 1
         WHERE id = ?1",
        c.params(&id, &actor.now()).as_slice(),
    )?;
    remove_links(conn, id)?;
    insert_links(conn, id, &c)?;
    audit::updated(conn, actor, Entity::Event, id, &before, get(conn, id)?)
}

/// Removes an event's links (an edit replaces them; a purge removes them with the event).
pub(crate) fn remove_links(conn: &Connection, id: &str) -> Result<()> {
    conn.execute("DELETE FROM event_enterprises WHERE event_id = ?1", [id])?;
    conn.execute("DELETE FROM event_experts WHERE event_id = ?1", [id])?;
    Ok(())
}

/// One event (not in the recycle bin) with its enterprises and experts.
pub fn get(conn: &Connection, id: &str) -> Result<Event> {
    fetch(conn, id, false)
}

/// One event from the recycle bin (`in_bin`) or from the list (`!in_bin`); `NotFound` otherwise.
pub(crate) fn fetch(conn: &Connection, id: &str, in_bin: bool) -> Result<Event> {
    let state = if in_bin { "IS NOT NULL" } else { "IS NULL" };
    let mut event = conn
        .query_row(
            &format!(
                "SELECT id, event_type, title, event_date, place, attendance, content, notes, created_at, updated_at,
                        revision
                 FROM events WHERE id = ?1 AND deleted_at {state}"
            ),
            [id],
            |r| {
                Ok(Event {
                    id: r.get(0)?,
                    event_type: r.get(1)?,
                    title: r.get(2)?,
                    event_date: r.get(3)?,
                    place: r.get(4)?,
                    attendance: r.get(5)?,
                    content: r.get(6)?,
                    notes: r.get(7)?,
                    enterprises: Vec::new(),
                    experts: Vec::new(),
                    stamps: Stamps::from_row(r, 8)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| record::not_found(Entity::Event, id))?;
    let party = |r: &rusqlite::Row<'_>| Ok(EventParty { id: r.get(0)?, name: r.get(1)? });
    let mut stmt = conn.prepare_cached(
        "SELECT en.id, en.name FROM event_enterprises ee JOIN enterprises en ON en.id = ee.enterprise_id
         WHERE ee.event_id = ?1 ORDER BY en.name, en.id",
    )?;
    event.enterprises = db::read_rows(&mut stmt, [id], party)?;
    let mut stmt = conn.prepare_cached(
        "SELECT x.id, x.name FROM event_experts ex JOIN experts x ON x.id = ex.expert_id
         WHERE ex.event_id = ?1 ORDER BY x.name, x.id",
    )?;
    event.experts = db::read_rows(&mut stmt, [id], party)?;
    Ok(event)
}

/// The columns of an [`EventRow`] of the event `e` (read by [`row_from`]).
pub(crate) const ROW_COLUMNS: &str = "e.id, e.event_type, e.title, e.event_date, e.place, e.attendance,
    (SELECT json_group_array(name) FROM
        (SELECT en.name FROM event_enterprises ee JOIN enterprises en ON en.id = ee.enterprise_id
         WHERE ee.event_id = e.id ORDER BY en.name, en.id)),
    (SELECT json_group_array(name) FROM
        (SELECT x.name FROM event_experts ex JOIN experts x ON x.id = ex.expert_id
         WHERE ex.event_id = e.id ORDER BY x.name, x.id)),
    (SELECT COUNT(*) FROM attachments a WHERE a.owner_kind = 'event' AND a.owner_id = e.id AND a.deleted_at IS NULL)";

/// An [`EventRow`] from [`ROW_COLUMNS`].
pub(crate) fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        id: r.get(0)?,
        event_type: r.get(1)?,
        title: r.get(2)?,
        event_date: r.get(3)?,
        place: r.get(4)?,
        attendance: r.get(5)?,
        enterprise_names: db::json_column(r, 6)?,
        expert_names: db::json_column(r, 7)?,
        attachment_count: r.get(8)?,
    })
}

/// A day of a list filter, or the field error saying why it is not one.
fn filter_day(raw: Option<&str>, field: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let raw = clean_optional(raw)?;
    date::parse_day(&raw).map(|d| d.to_string()).map_err(|e| errors.push(e.on(field))).ok()
}

/// A page of the event list (events not in the recycle bin), filtered and sorted by date as asked. Events are few
/// (tens a year), so the search is one escaped LIKE over the title, the place, the content and the enterprises' names.
pub fn list(conn: &Connection, q: &EventQuery) -> Result<Page<EventRow>> {
    let (page, page_size, offset) = clamp_page(q.page, q.page_size);
    let mut errors = Vec::new();
    let date_from = filter_day(q.date_from.as_deref(), "dateFrom", &mut errors);
    let date_to = filter_day(q.date_to.as_deref(), "dateTo", &mut errors);
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let mut filters = vec!["e.deleted_at IS NULL".to_owned()];
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some(text) = search::clean_query(q.search.as_deref()) {
        args.push(Box::new(format!("%{}%", search::escape_like(&text))));
        let n = args.len();
        filters.push(format!(
            "(e.title LIKE ?{n} ESCAPE '\\' OR e.place LIKE ?{n} ESCAPE '\\' OR e.content LIKE ?{n} ESCAPE '\\'
              OR e.id IN (SELECT ee.event_id FROM event_enterprises ee JOIN enterprises en ON en.id = ee.enterprise_id
                          WHERE en.name LIKE ?{n} ESCAPE '\\'))"
        ));
    }
    if let Some(t) = q.event_type {
        args.push(Box::new(t));
        filters.push(format!("e.event_type = ?{}", args.len()));
    }
    if let Some(id) = clean_optional(q.enterprise_id.as_deref()) {
        args.push(Box::new(id));
        filters.push(format!("e.id IN (SELECT event_id FROM event_enterprises WHERE enterprise_id = ?{})", args.len()));
    }
    if let Some(id) = clean_optional(q.expert_id.as_deref()) {
        args.push(Box::new(id));
        filters.push(format!("e.id IN (SELECT event_id FROM event_experts WHERE expert_id = ?{})", args.len()));
    }
    for (condition, value) in [("e.event_date >=", date_from), ("e.event_date <=", date_to)] {
        if let Some(day) = value {
            args.push(Box::new(day));
            filters.push(format!("{condition} ?{}", args.len()));
        }
    }
    let filter = filters.join(" AND ");
    let arg_refs: Vec<&dyn ToSql> = args.iter().map(|a| a.as_ref()).collect();
    let total: u32 =
        conn.query_row(&format!("SELECT COUNT(*) FROM events e WHERE {filter}"), arg_refs.as_slice(), |r| r.get(0))?;
    let order = q.order.sql();
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM events e WHERE {filter}
         ORDER BY e.event_date {order}, e.id {order} LIMIT {page_size} OFFSET {offset}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = db::read_rows(&mut stmt, arg_refs.as_slice(), row_from)?;
    Ok(Page { items, total, page, page_size })
}

impl Ledger {
    /// Validates and saves a new event with its enterprises and experts.
    pub fn create_event(&self, input: &EventInput) -> Result<Event> {
        let today = self.today();
        self.db.write(|tx| create(tx, &self.actor, input, today))
    }

    /// Saves an edited event (enterprises and experts replaced); refused with `conflict` when it changed since
    /// `expected_revision` was read.
    pub fn update_event(&self, id: &str, expected_revision: i32, input: &EventInput) -> Result<Event> {
        let today = self.today();
        self.db.write(|tx| update(tx, &self.actor, id, expected_revision, input, today))
    }

    /// One event with its enterprises and experts (for the detail and the edit form).
    pub fn get_event(&self, id: &str) -> Result<Event> {
        self.db.read(|c| get(c, id))
    }

    /// A page of the event list.
    pub fn list_events(&self, query: &EventQuery) -> Result<Page<EventRow>> {
        self.db.read(|c| list(c, query))
    }
}
