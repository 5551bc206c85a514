//! 派出单位 and 批次: the two small managed lists experts and assignments point at. Names are unique; a record that
//! anything points at (counting the recycle bin) cannot be deleted, and deleting one nothing points at removes it
//! for good (the audit log keeps what it was).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::model::Entity;
use crate::model::{Batch, BatchInput, Organization, OrganizationInput};
use crate::normalize::{clean_optional, clean_text};
use crate::storage::audit::{self, AuditAction};
use crate::storage::db;
use crate::storage::ids::new_id;
use crate::storage::record;
use crate::validate::date;
use crate::validate::limits::{self, Form};
use crate::Ledger;

const ORG_SELECT: &str = "SELECT o.id, o.name, o.kind, o.region, o.notes, o.revision,
        (SELECT COUNT(*) FROM experts e WHERE e.organization_id = o.id)
    FROM organizations o";

fn org_from_row(r: &Row<'_>) -> rusqlite::Result<Organization> {
    Ok(Organization {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        region: r.get(3)?,
        notes: r.get(4)?,
        revision: r.get(5)?,
        expert_count: r.get(6)?,
    })
}

/// All dispatching organisations, by name.
pub fn list(conn: &Connection) -> Result<Vec<Organization>> {
    let mut stmt = conn.prepare_cached(&format!("{ORG_SELECT} WHERE o.deleted_at IS NULL ORDER BY o.name"))?;
    let rows = db::read_rows(&mut stmt, [], org_from_row)?;
    Ok(rows)
}

/// One dispatching organisation.
pub fn get(conn: &Connection, id: &str) -> Result<Organization> {
    conn.query_row(&format!("{ORG_SELECT} WHERE o.id = ?1 AND o.deleted_at IS NULL"), [id], org_from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: Entity::Organization, id: id.to_owned() })
}

/// The cleaned input, or every field error.
fn validate_org(input: &OrganizationInput) -> Result<OrganizationInput> {
    let name = clean_text(&input.name);
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(FieldError::new("name", "请输入单位名称", "Name is required"));
    }
    if input.kind.is_none() {
        errors.push(FieldError::new("kind", "请选择单位类型", "Kind is required"));
    }
    limits::check(
        Form::Organization,
        &[("name", Some(&name)), ("region", input.region.as_deref()), ("notes", input.notes.as_deref())],
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    Ok(OrganizationInput {
        name,
        kind: input.kind,
        region: clean_optional(input.region.as_deref()),
        notes: clean_optional(input.notes.as_deref()),
    })
}

/// Refuses a name another record of `table` already has.
fn check_unique_name(conn: &Connection, table: &str, name: &str, own_id: Option<&str>) -> Result<()> {
    let sql = format!("SELECT id FROM {table} WHERE name = ?1 AND id IS NOT ?2");
    let existing: Option<String> = conn.query_row(&sql, params![name, own_id], |r| r.get(0)).optional()?;
    let Some(existing_id) = existing else { return Ok(()) };
    let (zh, en) =
        if table == "organizations" { ("派出单位", "dispatching organisation") } else { ("批次", "batch") };
    Err(CoreError::Duplicate {
        existing_id,
        field: "name".to_owned(),
        message: format!("{zh}“{name}”已存在"),
        message_en: format!("The {en} {name} already exists"),
    })
}

/// Creates a dispatching organisation; the name must be new.
pub fn create(conn: &Connection, actor: &Actor, input: &OrganizationInput) -> Result<Organization> {
    let clean = validate_org(input)?;
    check_unique_name(conn, "organizations", &clean.name, None)?;
    let id = new_id();
    let now = actor.now();
    conn.execute(
        "INSERT INTO organizations (id, name, kind, region, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![id, clean.name, clean.kind, clean.region, clean.notes, now],
    )?;
    audit::created(conn, actor, Entity::Organization, &id, get(conn, &id)?)
}

/// Saves an edited dispatching organisation; `conflict` when it changed since `expected_revision` was read.
pub fn update(
    conn: &Connection,
    actor: &Actor,
    id: &str,
    expected_revision: i32,
    input: &OrganizationInput,
) -> Result<Organization> {
    let before = get(conn, id)?;
    record::check_revision(Entity::Organization, id, expected_revision, before.revision)?;
    let clean = validate_org(input)?;
    check_unique_name(conn, "organizations", &clean.name, Some(id))?;
    conn.execute(
        "UPDATE organizations SET name = ?2, kind = ?3, region = ?4, notes = ?5, updated_at = ?6,
             revision = revision + 1
         WHERE id = ?1",
        params![id, clean.name, clean.kind, clean.region, clean.notes, actor.now()],
    )?;
    audit::updated(conn, actor, Entity::Organization, id, &before, get(conn, id)?)
}

/// Removes a dispatching organisation no expert points at (counting the recycle bin).
pub fn delete(conn: &Connection, actor: &Actor, id: &str) -> Result<()> {
    let before = get(conn, id)?;
    if before.expert_count > 0 {
        return Err(CoreError::HasReferences {
            entity: Entity::Organization,
            id: id.to_owned(),
            message: format!("该派出单位仍有 {} 名专员（含回收站），不能删除", before.expert_count),
            message_en: format!(
                "{} experts (counting the recycle bin) belong to this organisation; it cannot be deleted",
                before.expert_count
            ),
        });
    }
    conn.execute("DELETE FROM organizations WHERE id = ?1", [id])?;
    audit::record::<_, ()>(conn, actor, AuditAction::Delete, Entity::Organization, id, Some(&before), None)?;
    Ok(())
}

const BATCH_SELECT: &str = "SELECT b.id, b.name, b.year, b.start_date, b.end_date, b.notes, b.revision,
        (SELECT COUNT(*) FROM experts e WHERE e.batch_id = b.id),
        (SELECT COUNT(*) FROM assignments a WHERE a.batch_id = b.id)
    FROM batches b";

fn batch_from_row(r: &Row<'_>) -> rusqlite::Result<Batch> {
    Ok(Batch {
        id: r.get(0)?,
        name: r.get(1)?,
        year: r.get(2)?,
        start_date: r.get(3)?,
        end_date: r.get(4)?,
        notes: r.get(5)?,
        revision: r.get(6)?,
        expert_count: r.get(7)?,
        assignment_count: r.get(8)?,
    })
}

/// All batches, newest year first.
pub fn list_batches(conn: &Connection) -> Result<Vec<Batch>> {
    let sql = format!("{BATCH_SELECT} WHERE b.deleted_at IS NULL ORDER BY b.year DESC, b.name");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = db::read_rows(&mut stmt, [], batch_from_row)?;
    Ok(rows)
}

/// One batch.
pub fn get_batch(conn: &Connection, id: &str) -> Result<Batch> {
    conn.query_row(&format!("{BATCH_SELECT} WHERE b.id = ?1 AND b.deleted_at IS NULL"), [id], batch_from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: Entity::Batch, id: id.to_owned() })
}

/// The cleaned input, or every field error. Dates must be real days in order; the year between 2000 and 2100.
fn validate_batch(input: &BatchInput, today: NaiveDate) -> Result<BatchInput> {
    let name = clean_text(&input.name);
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(FieldError::new("name", "请输入批次名称", "Name is required"));
    }
    limits::check(Form::Batch, &[("name", Some(&name)), ("notes", input.notes.as_deref())], &mut errors);
    if let Some(year) = input.year.filter(|y| !(2000..=2100).contains(y)) {
        errors.push(FieldError::new(
            "year",
            format!("年度 {year} 超出范围（2000–2100）"),
            format!("The year {year} is out of range (2000–2100)"),
        ));
    }
    let mut day = |raw: Option<&str>, field: &str| -> Option<NaiveDate> {
        let raw = clean_optional(raw)?;
        date::parse_plausible_day(&raw, today).map_err(|e| errors.push(e.on(field))).ok()
    };
    let start = day(input.start_date.as_deref(), "startDate");
    let end = day(input.end_date.as_deref(), "endDate");
    if let (Some(s), Some(e)) = (start, end) {
        if let Err(e) = date::check_order(s, e) {
            errors.push(e.on("endDate"));
        }
    }
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    Ok(BatchInput {
        name,
        year: input.year,
        start_date: start.map(|d| d.to_string()),
        end_date: end.map(|d| d.to_string()),
        notes: clean_optional(input.notes.as_deref()),
    })
}

/// Creates a batch; the name must be new.
pub fn create_batch(conn: &Connection, actor: &Actor, input: &BatchInput, today: NaiveDate) -> Result<Batch> {
    let clean = validate_batch(input, today)?;
    check_unique_name(conn, "batches", &clean.name, None)?;
    let id = new_id();
    conn.execute(
        "INSERT INTO batches (id, name, year, start_date, end_date, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![id, clean.name, clean.year, clean.start_date, clean.end_date, clean.notes, actor.now()],
    )?;
    audit::created(conn, actor, Entity::Batch, &id, get_batch(conn, &id)?)
}

/// Saves an edited batch; `conflict` when it changed since `expected_revision` was read.
pub fn update_batch(
    conn: &Connection,
    actor: &Actor,
    id: &str,
    expected_revision: i32,
    input: &BatchInput,
    today: NaiveDate,
) -> Result<Batch> {
    let before = get_batch(conn, id)?;
    record::check_revision(Entity::Batch, id, expected_revision, before.revision)?;
    let clean = validate_batch(input, today)?;
    check_unique_name(conn, "batches", &clean.name, Some(id))?;
    conn.execute(
        "UPDATE batches SET name = ?2, year = ?3, start_date = ?4, end_date = ?5, notes = ?6, updated_at = ?7,
             revision = revision + 1
         WHERE id = ?1",
        params![id, clean.name, clean.year, clean.start_date, clean.end_date, clean.notes, actor.now()],
    )?;
    audit::updated(conn, actor, Entity::Batch, id, &before, get_batch(conn, id)?)
}

/// Removes a batch no expert or assignment points at (counting the recycle bin).
pub fn delete_batch(conn: &Connection, actor: &Actor, id: &str) -> Result<()> {
    let before = get_batch(conn, id)?;
    if before.expert_count > 0 || before.assignment_count > 0 {
        return Err(CoreError::HasReferences {
            entity: Entity::Batch,
            id: id.to_owned(),
            message: format!(
                "该批次仍有 {} 名专员、{} 条派驻记录（含回收站），不能删除",
                before.expert_count, before.assignment_count
            ),
            message_en: format!(
                "{} experts and {} assignments (counting the recycle bin) belong to this batch; it cannot be deleted",
                before.expert_count, before.assignment_count
            ),
        });
    }
    conn.execute("DELETE FROM batches WHERE id = ?1", [id])?;
    audit::record::<_, ()>(conn, actor, AuditAction::Delete, Entity::Batch, id, Some(&before), None)?;
    Ok(())
}

impl Ledger {
    /// The dispatching organisations.
    pub fn list_organizations(&self) -> Result<Vec<Organization>> {
        self.db.read(list)
    }

    /// Saves a new dispatching organisation.
    pub fn create_organization(&self, input: &OrganizationInput) -> Result<Organization> {
        self.db.write(|tx| create(tx, &self.actor, input))
    }

    /// Saves an edited dispatching organisation.
    pub fn update_organization(
        &self,
        id: &str,
        expected_revision: i32,
        input: &OrganizationInput,
    ) -> Result<Organization> {
        self.db.write(|tx| update(tx, &self.actor, id, expected_revision, input))
    }

    /// Deletes a dispatching organisation no expert points at.
    pub fn delete_organization(&self, id: &str) -> Result<()> {
        self.db.write(|tx| delete(tx, &self.actor, id))
    }

    /// The batches.
    pub fn list_batches(&self) -> Result<Vec<Batch>> {
        self.db.read(list_batches)
    }

    /// Saves a new batch.
    pub fn create_batch(&self, input: &BatchInput) -> Result<Batch> {
        let today = self.today();
        self.db.write(|tx| create_batch(tx, &self.actor, input, today))
    }

    /// Saves an edited batch.
    pub fn update_batch(&self, id: &str, expected_revision: i32, input: &BatchInput) -> Result<Batch> {
        let today = self.today();
        self.db.write(|tx| update_batch(tx, &self.actor, id, expected_revision, input, today))
    }

    /// Deletes a batch nothing points at.
    pub fn delete_batch(&self, id: &str) -> Result<()> {
        self.db.write(|tx| delete_batch(tx, &self.actor, id))
    }
}
