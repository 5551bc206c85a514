//! 回收站: soft delete of experts and enterprises (after showing what points at them), restore, purge for good,
//! and the list of what is in the bin.

use rusqlite::{params, Connection};

use crate::audit::{self, AuditAction};
use crate::error::{CoreError, Result};
use crate::ids::now_utc;
use crate::model::{clamp_page, Page, RecordKind, RecycleBinRow, Referrers};
use crate::{enterprises, experts, Ledger};

fn count(conn: &Connection, sql: &str, id: &str) -> Result<u32> {
    Ok(conn.prepare_cached(sql)?.query_row([id], |r| r.get(0))?)
}

/// The live records that point at an expert or enterprise.
pub fn referrers(conn: &Connection, kind: RecordKind, id: &str) -> Result<Referrers> {
    Ok(match kind {
        RecordKind::Expert => Referrers {
            assignments: count(
                conn,
                "SELECT COUNT(*) FROM assignments WHERE expert_id = ?1 AND deleted_at IS NULL",
                id,
            )?,
            visits: count(
                conn,
                "SELECT COUNT(*) FROM visit_experts ve JOIN visits v ON v.id = ve.visit_id
                 WHERE ve.expert_id = ?1 AND v.deleted_at IS NULL",
                id,
            )?,
            needs: count(
                conn,
                "SELECT COUNT(DISTINCT m.need_id) FROM need_matches m JOIN needs n ON n.id = m.need_id
                 WHERE m.expert_id = ?1 AND m.deleted_at IS NULL AND n.deleted_at IS NULL",
                id,
            )?,
            need_matches: count(
                conn,
                "SELECT COUNT(*) FROM need_matches WHERE expert_id = ?1 AND deleted_at IS NULL",
                id,
            )?,
            service_records: count(
                conn,
                "SELECT COUNT(*) FROM service_records WHERE expert_id = ?1 AND deleted_at IS NULL",
                id,
            )?,
        },
        RecordKind::Enterprise => Referrers {
            assignments: count(
                conn,
                "SELECT COUNT(*) FROM assignments WHERE enterprise_id = ?1 AND deleted_at IS NULL",
                id,
            )?,
            visits: count(conn, "SELECT COUNT(*) FROM visits WHERE enterprise_id = ?1 AND deleted_at IS NULL", id)?,
            needs: count(conn, "SELECT COUNT(*) FROM needs WHERE enterprise_id = ?1 AND deleted_at IS NULL", id)?,
            need_matches: count(
                conn,
                "SELECT COUNT(*) FROM need_matches m JOIN needs n ON n.id = m.need_id
                 WHERE n.enterprise_id = ?1 AND m.deleted_at IS NULL AND n.deleted_at IS NULL",
                id,
            )?,
            service_records: count(
                conn,
                "SELECT COUNT(*) FROM service_records WHERE enterprise_id = ?1 AND deleted_at IS NULL",
                id,
            )?,
        },
    })
}

/// Every row, live or in the recycle bin, that still points at the record (what keeps it from being purged).
fn all_referrers(conn: &Connection, kind: RecordKind, id: &str) -> Result<Referrers> {
    Ok(match kind {
        RecordKind::Expert => Referrers {
            assignments: count(conn, "SELECT COUNT(*) FROM assignments WHERE expert_id = ?1", id)?,
            visits: count(conn, "SELECT COUNT(*) FROM visit_experts WHERE expert_id = ?1", id)?,
            needs: 0,
            need_matches: count(conn, "SELECT COUNT(*) FROM need_matches WHERE expert_id = ?1", id)?,
            service_records: count(conn, "SELECT COUNT(*) FROM service_records WHERE expert_id = ?1", id)?,
        },
        RecordKind::Enterprise => Referrers {
            assignments: count(conn, "SELECT COUNT(*) FROM assignments WHERE enterprise_id = ?1", id)?,
            visits: count(conn, "SELECT COUNT(*) FROM visits WHERE enterprise_id = ?1", id)?,
            needs: count(conn, "SELECT COUNT(*) FROM needs WHERE enterprise_id = ?1", id)?,
            need_matches: 0,
            service_records: count(conn, "SELECT COUNT(*) FROM service_records WHERE enterprise_id = ?1", id)?,
        },
    })
}

fn has_references(kind: RecordKind, id: &str, refs: &Referrers, purge: bool) -> CoreError {
    let (zh, en) = refs.describe();
    let (message, message_en) = if purge {
        (
            format!("该{}仍被 {zh} 引用（含回收站中的记录），不能彻底删除", kind.label_zh()),
            format!("This {} is still referenced by {en} (counting the recycle bin); it cannot be purged", kind.code()),
        )
    } else {
        (
            format!("该{}仍被 {zh} 引用；确认后仍可移入回收站", kind.label_zh()),
            format!("This {} is referenced by {en}; confirm to move it to the recycle bin anyway", kind.code()),
        )
    };
    CoreError::HasReferences { entity: kind.code(), id: id.to_owned(), message, message_en }
}

fn table(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Expert => "experts",
        RecordKind::Enterprise => "enterprises",
    }
}

/// The record as JSON, for the audit log.
fn snapshot(conn: &Connection, kind: RecordKind, id: &str, in_bin: bool) -> Result<serde_json::Value> {
    let value = match kind {
        RecordKind::Expert => serde_json::to_value(experts::fetch(conn, id, in_bin)?),
        RecordKind::Enterprise => serde_json::to_value(enterprises::fetch(conn, id, in_bin)?),
    };
    value.map_err(|e| CoreError::CorruptValue(format!("{} {id}: {e}", kind.code())))
}

/// Moves a record to the recycle bin. When live records point at it, `confirm` must be true (else `has_references`
/// listing them). Returns what pointed at it.
pub fn delete(conn: &Connection, actor: &str, kind: RecordKind, id: &str, confirm: bool) -> Result<Referrers> {
    let before = snapshot(conn, kind, id, false)?;
    let refs = referrers(conn, kind, id)?;
    if !refs.is_empty() && !confirm {
        return Err(has_references(kind, id, &refs, false));
    }
    let now = now_utc();
    conn.execute(
        &format!("UPDATE {} SET deleted_at = ?2, updated_at = ?2, revision = revision + 1 WHERE id = ?1", table(kind)),
        params![id, now],
    )?;
    audit::record::<_, ()>(conn, actor, AuditAction::Delete, kind.code(), id, Some(&before), None)?;
    Ok(refs)
}

/// Brings a record back from the recycle bin. An expert is refused when a live expert now has the same name and
/// phone. (An enterprise's credit code is unique over the bin too, so it cannot clash.)
pub fn restore(conn: &Connection, actor: &str, kind: RecordKind, id: &str) -> Result<()> {
    if kind == RecordKind::Expert {
        let e = experts::fetch(conn, id, true)?;
        experts::check_duplicate(conn, &e.name, e.phone.as_deref(), Some(id))?;
    } else {
        enterprises::fetch(conn, id, true)?;
    }
    conn.execute(
        &format!(
            "UPDATE {} SET deleted_at = NULL, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
            table(kind)
        ),
        params![id, now_utc()],
    )?;
    let after = snapshot(conn, kind, id, false)?;
    audit::record::<(), _>(conn, actor, AuditAction::Restore, kind.code(), id, None, Some(&after))?;
    Ok(())
}

/// Removes a record in the recycle bin for good (an enterprise with its contacts). Refused with `has_references`
/// while any row, live or deleted, still points at it. Audited with the record before.
pub fn purge(conn: &Connection, actor: &str, kind: RecordKind, id: &str) -> Result<()> {
    let before = snapshot(conn, kind, id, true)?;
    let refs = all_referrers(conn, kind, id)?;
    if !refs.is_empty() {
        return Err(has_references(kind, id, &refs, true));
    }
    if kind == RecordKind::Enterprise {
        conn.execute("DELETE FROM enterprise_contacts WHERE enterprise_id = ?1", [id])?;
    }
    conn.execute(&format!("DELETE FROM {} WHERE id = ?1", table(kind)), [id])?;
    audit::record::<_, ()>(conn, actor, AuditAction::Purge, kind.code(), id, Some(&before), None)?;
    Ok(())
}

/// A page of the recycle bin, most recently deleted first.
pub fn list(conn: &Connection, page: u32, page_size: u32) -> Result<Page<RecycleBinRow>> {
    let (page, page_size, offset) = clamp_page(page, page_size);
    let union = "SELECT 'expert' AS kind, id, name, deleted_at FROM experts WHERE deleted_at IS NOT NULL
                 UNION ALL
                 SELECT 'enterprise', id, name, deleted_at FROM enterprises WHERE deleted_at IS NOT NULL";
    let total: u32 = conn.query_row(&format!("SELECT COUNT(*) FROM ({union})"), [], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT kind, id, name, deleted_at FROM ({union}) ORDER BY deleted_at DESC, id DESC
         LIMIT {page_size} OFFSET {offset}"
    ))?;
    let items = stmt
        .query_map([], |r| {
            Ok(RecycleBinRow { kind: r.get(0)?, id: r.get(1)?, name: r.get(2)?, deleted_at: r.get(3)? })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Page { items, total, page, page_size })
}

impl Ledger {
    /// What points at an expert (shown before deleting it).
    pub fn referrers_of_expert(&self, id: &str) -> Result<Referrers> {
        self.db.read(|c| {
            experts::get(c, id)?;
            referrers(c, RecordKind::Expert, id)
        })
    }

    /// What points at an enterprise (shown before deleting it).
    pub fn referrers_of_enterprise(&self, id: &str) -> Result<Referrers> {
        self.db.read(|c| {
            enterprises::get(c, id)?;
            referrers(c, RecordKind::Enterprise, id)
        })
    }

    /// Moves an expert to the recycle bin; `confirm` must be true when records point at it.
    pub fn delete_expert(&self, id: &str, confirm: bool) -> Result<Referrers> {
        self.db.write(|tx| delete(tx, &self.actor, RecordKind::Expert, id, confirm))
    }

    /// Moves an enterprise to the recycle bin; `confirm` must be true when records point at it.
    pub fn delete_enterprise(&self, id: &str, confirm: bool) -> Result<Referrers> {
        self.db.write(|tx| delete(tx, &self.actor, RecordKind::Enterprise, id, confirm))
    }

    /// Brings a record back from the recycle bin.
    pub fn restore(&self, kind: RecordKind, id: &str) -> Result<()> {
        self.db.write(|tx| restore(tx, &self.actor, kind, id))
    }

    /// Removes a record from the recycle bin for good, if nothing references it.
    pub fn purge(&self, kind: RecordKind, id: &str) -> Result<()> {
        self.db.write(|tx| purge(tx, &self.actor, kind, id))
    }

    /// A page of the recycle bin, most recently deleted first.
    pub fn list_recycle_bin(&self, page: u32, page_size: u32) -> Result<Page<RecycleBinRow>> {
        self.db.read(|c| list(c, page, page_size))
    }
}
