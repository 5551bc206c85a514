//! 科技专员: validation of the form, creation, and the paged list.

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::exchange::provenance;
use crate::model::Entity;
use crate::model::Stamps;
use crate::model::{clamp_page, Expert, ExpertInput, ExpertQuery, ExpertRow, ExpertSortKey, ExpertStatus, Page};
use crate::normalize::{clean_optional, clean_person_name, clean_text};
use crate::storage::audit::{self, AuditAction};
use crate::storage::db;
use crate::storage::ids::new_id;
use crate::storage::record;
use crate::storage::search;
use crate::validate::limits::{self, Form};
use crate::validate::{date, email, id_card, phone};
use crate::Ledger;

/// The longest name accepted.
pub const MAX_NAME_CHARS: usize = limits::PERSON_NAME;

/// Normalises and checks a form; returns the cleaned input or every field problem at once.
pub fn validate_input(input: &ExpertInput, today: NaiveDate) -> Result<ExpertInput> {
    let mut errors: Vec<FieldError> = Vec::new();
    let name = clean_person_name(&input.name);
    if name.is_empty() {
        errors.push(FieldError::new("name", "请输入姓名", "Name is required"));
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.push(FieldError::new(
            "name",
            format!("姓名不能超过 {MAX_NAME_CHARS} 个字"),
            format!("Name must be at most {MAX_NAME_CHARS} characters"),
        ));
    }
    if input.title.is_none() {
        errors.push(FieldError::new("title", "请选择职称", "Title is required"));
    }
    let mut check = |field: &str,
                     value: &Option<String>,
                     f: &dyn Fn(&str) -> std::result::Result<String, crate::validate::Invalid>| {
        match clean_optional(value.as_deref()) {
            None => None,
            Some(v) => match f(&v) {
                Ok(ok) => Some(ok),
                Err(e) => {
                    errors.push(e.on(field));
                    None
                }
            },
        }
    };
    let phone = check("phone", &input.phone, &phone::normalize_phone);
    let email = check("email", &input.email, &email::normalize_email);
    let id_card = check("idCard", &input.id_card, &|v| id_card::normalize_id_card(v, today));
    let birth_month = check("birthMonth", &input.birth_month, &|v| date::normalize_month(v, today));
    let service_start =
        check("serviceStart", &input.service_start, &|v| date::parse_plausible_day(v, today).map(|d| d.to_string()));
    let service_end =
        check("serviceEnd", &input.service_end, &|v| date::parse_plausible_day(v, today).map(|d| d.to_string()));
    if let (Some(s), Some(e)) = (&service_start, &service_end) {
        if e < s {
            errors.push(FieldError::new(
                "serviceEnd",
                "服务期结束不能早于开始",
                "The service period cannot end before it starts",
            ));
        }
    }
    let mut specialties: Vec<String> = Vec::new();
    for tag in input.specialties.iter().map(|t| clean_text(t)).filter(|t| !t.is_empty()) {
        if !specialties.contains(&tag) {
            specialties.push(tag);
        }
    }
    if let Some(e) = specialties.iter().find_map(|t| limits::too_long(Form::Expert, "specialties", "specialties", t)) {
        errors.push(e);
    }
    limits::check(
        Form::Expert,
        &[
            ("position", input.position.as_deref()),
            ("discipline", input.discipline.as_deref()),
            ("notes", input.notes.as_deref()),
        ],
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    Ok(ExpertInput {
        name,
        gender: input.gender,
        birth_month,
        education: input.education,
        title: input.title,
        organization_id: clean_optional(input.organization_id.as_deref()),
        position: clean_optional(input.position.as_deref()),
        discipline: clean_optional(input.discipline.as_deref()),
        specialties,
        phone,
        email,
        id_card,
        service_form: input.service_form,
        batch_id: clean_optional(input.batch_id.as_deref()),
        service_start,
        service_end,
        status: Some(input.status.unwrap_or(ExpertStatus::Active)),
        notes: clean_optional(input.notes.as_deref()),
    })
}

/// Creates an expert inside the caller's transaction: validates, refuses a duplicate (same name and phone) and
/// unknown organisation or batch, inserts, and writes the audit entry.
pub fn create(conn: &Connection, actor: &Actor, input: &ExpertInput, today: NaiveDate) -> Result<Expert> {
    let clean = validate_input(input, today)?;
    check_references(conn, &clean)?;
    check_duplicate(conn, &clean.name, clean.phone.as_deref(), None)?;
    let expert = new_record(clean, actor.now());
    insert(conn, &expert)?;
    audit::record::<(), _>(conn, actor, AuditAction::Create, Entity::Expert, &expert.id, None, Some(&expert))?;
    Ok(expert)
}

/// A new expert (fresh id, revision 1) from input that [`validate_input`] cleaned.
pub(crate) fn new_record(clean: ExpertInput, now: String) -> Expert {
    stored(clean, new_id(), Stamps::new(now))
}

/// The expert `clean` describes, as stored under `id` with `stamps`.
fn stored(clean: ExpertInput, id: String, stamps: Stamps) -> Expert {
    Expert {
        id,
        name: clean.name,
        gender: clean.gender,
        birth_month: clean.birth_month,
        education: clean.education,
        title: clean.title.expect("validated"),
        organization_id: clean.organization_id,
        position: clean.position,
        discipline: clean.discipline,
        specialties: clean.specialties,
        phone: clean.phone,
        email: clean.email,
        id_card: clean.id_card,
        service_form: clean.service_form,
        batch_id: clean.batch_id,
        service_start: clean.service_start,
        service_end: clean.service_end,
        status: clean.status.expect("validated"),
        notes: clean.notes,
        stamps,
    }
}

/// Edits an expert inside the caller's transaction: the same validation and duplicate rule as [`create`] (not
/// counting the expert itself), refused when `expected_revision` is not the stored one; audited before → after.
pub fn update(
    conn: &Connection,
    actor: &Actor,
    id: &str,
    expected_revision: i32,
    input: &ExpertInput,
    today: NaiveDate,
) -> Result<Expert> {
    let before = get(conn, id)?;
    record::check_revision(Entity::Expert, id, expected_revision, before.stamps.revision)?;
    let clean = validate_input(input, today)?;
    check_references(conn, &clean)?;
    check_duplicate(conn, &clean.name, clean.phone.as_deref(), Some(id))?;
    let after = stored(clean, before.id.clone(), before.stamps.edited(actor.now()));
    let specialties = serde_json::to_string(&after.specialties).expect("a list of strings serialises");
    conn.execute(
        "UPDATE experts SET name = ?2, gender = ?3, birth_month = ?4, education = ?5, title = ?6,
             organization_id = ?7, position = ?8, discipline = ?9, specialties = ?10, phone = ?11, email = ?12,
             id_card = ?13, service_form = ?14, batch_id = ?15, service_start = ?16, service_end = ?17, status = ?18,
             notes = ?19, updated_at = ?20, revision = ?21
         WHERE id = ?1",
        params![
            after.id,
            after.name,
            after.gender,
            after.birth_month,
            after.education,
            after.title,
            after.organization_id,
            after.position,
            after.discipline,
            specialties,
            after.phone,
            after.email,
            after.id_card,
            after.service_form,
            after.batch_id,
            after.service_start,
            after.service_end,
            after.status,
            after.notes,
            after.stamps.updated_at,
            after.stamps.revision
        ],
    )?;
    audit::record(conn, actor, AuditAction::Update, Entity::Expert, id, Some(&before), Some(&after))?;
    Ok(after)
}

/// Refuses an expert with the same name and phone as another live one (`except` is the expert being edited).
pub(crate) fn check_duplicate(conn: &Connection, name: &str, phone: Option<&str>, except: Option<&str>) -> Result<()> {
    let Some(phone) = phone else { return Ok(()) };
    let existing: Option<String> = conn
        .query_row(
            "SELECT id FROM experts WHERE name = ?1 AND phone = ?2 AND deleted_at IS NULL AND id IS NOT ?3",
            params![name, phone, except],
            |r| r.get(0),
        )
        .optional()?;
    match existing {
        Some(existing_id) => Err(CoreError::Duplicate {
            existing_id,
            field: "phone".to_owned(),
            message: format!("已有同名同电话的专员“{name}”，请勿重复添加"),
            message_en: format!("An expert named {name} with this phone already exists"),
        }),
        None => Ok(()),
    }
}

fn check_references(conn: &Connection, input: &ExpertInput) -> Result<()> {
    let mut errors = Vec::new();
    if let Some(id) = &input.organization_id {
        if !record::is_live(conn, Entity::Organization, id)? {
            errors.push(FieldError::new(
                "organizationId",
                "所选派出单位不存在",
                "The chosen dispatching organisation does not exist",
            ));
        }
    }
    if let Some(id) = &input.batch_id {
        if !record::is_live(conn, Entity::Batch, id)? {
            errors.push(FieldError::new("batchId", "所选批次不存在", "The chosen batch does not exist"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Validation(errors))
    }
}

/// Inserts a complete expert row as given (no validation): the caller has validated it, or generates it.
pub fn insert(conn: &Connection, e: &Expert) -> Result<()> {
    let specialties = serde_json::to_string(&e.specialties).expect("a list of strings serialises");
    conn.prepare_cached(
        "INSERT INTO experts (id, name, gender, birth_month, education, title, organization_id, position, discipline,
            specialties, phone, email, id_card, service_form, batch_id, service_start, service_end, status, notes,
            created_at, updated_at, revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
    )?
    .execute(params![
        e.id,
        e.name,
        e.gender,
        e.birth_month,
        e.education,
        e.title,
        e.organization_id,
        e.position,
        e.discipline,
        specialties,
        e.phone,
        e.email,
        e.id_card,
        e.service_form,
        e.batch_id,
        e.service_start,
        e.service_end,
        e.status,
        e.notes,
        e.stamps.created_at,
        e.stamps.updated_at,
        e.stamps.revision
    ])?;
    Ok(())
}

const EXPERT_COLUMNS: &str = "id, name, gender, birth_month, education, title, organization_id, position, discipline, \
    specialties, phone, email, id_card, service_form, batch_id, service_start, service_end, status, notes, created_at, \
    updated_at, revision";

/// One expert by id (not in the recycle bin), unmasked.
pub fn get(conn: &Connection, id: &str) -> Result<Expert> {
    fetch(conn, id, false)
}

/// One expert by id from the recycle bin (`in_bin`) or from the list (`!in_bin`); `NotFound` otherwise.
pub(crate) fn fetch(conn: &Connection, id: &str, in_bin: bool) -> Result<Expert> {
    let state = if in_bin { "IS NOT NULL" } else { "IS NULL" };
    conn.query_row(
        &format!("SELECT {EXPERT_COLUMNS} FROM experts WHERE id = ?1 AND deleted_at {state}"),
        [id],
        expert_from_row,
    )
    .optional()?
    .ok_or_else(|| CoreError::NotFound { entity: Entity::Expert, id: id.to_owned() })
}

fn expert_from_row(r: &Row<'_>) -> rusqlite::Result<Expert> {
    Ok(Expert {
        id: r.get(0)?,
        name: r.get(1)?,
        gender: r.get(2)?,
        birth_month: r.get(3)?,
        education: r.get(4)?,
        title: r.get(5)?,
        organization_id: r.get(6)?,
        position: r.get(7)?,
        discipline: r.get(8)?,
        specialties: db::json_column(r, 9)?,
        phone: r.get(10)?,
        email: r.get(11)?,
        id_card: r.get(12)?,
        service_form: r.get(13)?,
        batch_id: r.get(14)?,
        service_start: r.get(15)?,
        service_end: r.get(16)?,
        status: r.get(17)?,
        notes: r.get(18)?,
        stamps: Stamps::from_row(r, 19)?,
    })
}

/// 本月未服务, the one rule the 工作台's list (`reporting/dashboard.rs`) and the expert list's filter share: expert `e`
/// is active (在岗) and has no live service record starting in `[?{first}, ?{first + 1})`, the bounds [`month_of`]
/// gives for the ledger's today. Served by the service records' expert index.
pub fn unserved(first: usize) -> String {
    format!(
        "e.status = 'active' AND NOT EXISTS (SELECT 1 FROM service_records s
            WHERE s.expert_id = e.id AND s.start_date >= ?{first} AND s.start_date < ?{} AND s.deleted_at IS NULL)",
        first + 1
    )
}

/// The calendar month holding `today`: its first day and the next month's first day, as [`unserved`]'s arguments.
pub fn month_of(today: NaiveDate) -> (String, String) {
    let start = today.with_day(1).expect("day 1 exists");
    (start.to_string(), (start + Months::new(1)).to_string())
}

/// A page of the expert list, filtered and sorted as asked (`today` places 本月未服务). The resident ID is masked.
pub fn list(conn: &Connection, q: &ExpertQuery, today: NaiveDate) -> Result<Page<ExpertRow>> {
    let (page, page_size, offset) = clamp_page(q.page, q.page_size);
    let mut filters = vec!["e.deleted_at IS NULL".to_owned()];
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some(search) = search::clean_query(q.search.as_deref()) {
        let org = "e.organization_id IN (SELECT id FROM organizations WHERE name LIKE ?L ESCAPE '\\')";
        filters.push(search::condition(&search::EXPERTS, &search, &[org], &mut args));
    }
    if let Some(title) = q.title {
        args.push(Box::new(title));
        filters.push(format!("e.title = ?{}", args.len()));
    }
    if let Some(status) = q.status {
        args.push(Box::new(status));
        filters.push(format!("e.status = ?{}", args.len()));
    }
    if let Some(org) = &q.organization_id {
        args.push(Box::new(org.clone()));
        filters.push(format!("e.organization_id = ?{}", args.len()));
    }
    if let Some(batch) = &q.batch_id {
        args.push(Box::new(batch.clone()));
        filters.push(format!("e.batch_id = ?{}", args.len()));
    }
    if q.unserved {
        let (start, next) = month_of(today);
        filters.push(unserved(args.len() + 1));
        args.push(Box::new(start));
        args.push(Box::new(next));
    }
    if let Some(origins) = provenance::list_filter(conn, q.origins.as_deref(), "experts", "e.id", &mut args)? {
        filters.push(origins);
    }
    let from =
        format!("FROM experts e LEFT JOIN organizations o ON o.id = e.organization_id WHERE {}", filters.join(" AND "));
    let arg_refs: Vec<&dyn ToSql> = args.iter().map(|a| a.as_ref()).collect();
    let total: u32 = conn.query_row(&format!("SELECT COUNT(*) {from}"), arg_refs.as_slice(), |r| r.get(0))?;
    let order = q.order.sql();
    let sort = match q.sort {
        ExpertSortKey::UpdatedAt => format!("e.updated_at {order}"),
        ExpertSortKey::Name => format!("e.name {order}"),
        ExpertSortKey::Title => format!(
            "CASE e.title WHEN 'senior' THEN 1 WHEN 'associate_senior' THEN 2 WHEN 'intermediate' THEN 3 \
             WHEN 'junior' THEN 4 ELSE 5 END {order}"
        ),
        ExpertSortKey::OrganizationName => format!("o.name {order}"),
    };
    let sql = format!(
        "SELECT e.id, e.name, e.gender, e.title, o.name, e.discipline, e.phone, e.id_card, e.status, e.updated_at
         {from} ORDER BY {sort}, e.id {order} LIMIT {page_size} OFFSET {offset}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut items = db::read_rows(&mut stmt, arg_refs.as_slice(), |r| {
        let id_card: Option<String> = r.get(7)?;
        Ok(ExpertRow {
            id: r.get(0)?,
            name: r.get(1)?,
            gender: r.get(2)?,
            title: r.get(3)?,
            organization_name: r.get(4)?,
            discipline: r.get(5)?,
            phone: r.get(6)?,
            id_card_masked: id_card.as_deref().map(id_card::mask_id_card),
            status: r.get(8)?,
            updated_at: r.get(9)?,
            origins: Vec::new(),
        })
    })?;
    provenance::fill_origins(conn, "experts", &mut items, |x| &x.id, |x, o| x.origins = o)?;
    Ok(Page { items, total, page, page_size })
}

impl Ledger {
    /// Saves an edited expert; refused with `conflict` when it changed since `expected_revision` was read.
    pub fn update_expert(&self, id: &str, expected_revision: i32, input: &ExpertInput) -> Result<Expert> {
        let today = self.today();
        self.db.write(|tx| update(tx, &self.actor, id, expected_revision, input, today))
    }
}
