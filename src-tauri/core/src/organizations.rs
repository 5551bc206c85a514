//! 派出单位 and 批次: the managed lists experts point at.

use rusqlite::{params, Connection, OptionalExtension};

use crate::audit::{self, AuditAction};
use crate::error::{CoreError, FieldError, Result};
use crate::ids::{new_id, now_utc};
use crate::model::{Batch, Organization, OrganizationInput};
use crate::normalize::{clean_optional, clean_text};

/// All dispatching organisations not in the recycle bin, by name.
pub fn list(conn: &Connection) -> Result<Vec<Organization>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, kind, region FROM organizations WHERE deleted_at IS NULL ORDER BY name")?;
    let rows = stmt
        .query_map([], |r| Ok(Organization { id: r.get(0)?, name: r.get(1)?, kind: r.get(2)?, region: r.get(3)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Creates a dispatching organisation; the name must be new.
pub fn create(conn: &Connection, actor: &str, input: &OrganizationInput) -> Result<Organization> {
    let name = clean_text(&input.name);
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(FieldError::new("name", "请输入单位名称", "Name is required"));
    }
    if input.kind.is_none() {
        errors.push(FieldError::new("kind", "请选择单位类型", "Kind is required"));
    }
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let existing: Option<String> =
        conn.query_row("SELECT id FROM organizations WHERE name = ?1", [&name], |r| r.get(0)).optional()?;
    if let Some(existing_id) = existing {
        return Err(CoreError::Duplicate {
            existing_id,
            field: "name".to_owned(),
            message: format!("派出单位“{name}”已存在"),
            message_en: format!("The dispatching organisation {name} already exists"),
        });
    }
    let org = Organization {
        id: new_id(),
        name,
        kind: input.kind.expect("checked above"),
        region: clean_optional(input.region.as_deref()),
    };
    let now = now_utc();
    conn.execute(
        "INSERT INTO organizations (id, name, kind, region, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![org.id, org.name, org.kind, org.region, now],
    )?;
    audit::record::<(), _>(conn, actor, AuditAction::Create, "organization", &org.id, None, Some(&org))?;
    Ok(org)
}

/// All batches not in the recycle bin, newest year first.
pub fn list_batches(conn: &Connection) -> Result<Vec<Batch>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, year FROM batches WHERE deleted_at IS NULL ORDER BY year DESC, name")?;
    let rows = stmt
        .query_map([], |r| Ok(Batch { id: r.get(0)?, name: r.get(1)?, year: r.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
