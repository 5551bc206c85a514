//! 回收站: soft delete of experts, enterprises, 派驻/结对, visits, 活动 (events), needs, service records and attachments (after
//! showing what points at them), restore, purge for good, and the list of what is in the bin.
//!
//! Purging follows one rule for every kind: it is refused with `has_references` while any row, live or in the bin,
//! still points at the record. So a visit that a need was found on cannot be purged while that need exists (the need
//! keeps where it came from; clearing the link would silently change a live record), and a need that service records
//! or merged needs point at cannot be purged either. What a record owns goes with it: an enterprise's contacts, a
//! visit's participants, a need's stage history and expert matches, and the attachments of a visit, a service record or a
//! pairing, whose files are removed from the data folder once the purge has committed (see [`crate::data_folder::attachments`]).

use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::Actor;
use crate::error::{CoreError, Result};
use crate::model::{clamp_page, AttachmentOwnerKind, Entity, Page, PurgeReport, RecordKind, RecycleBinRow, Referrers};
use crate::registry::{assignments, enterprises, experts};
use crate::storage::audit::{self, AuditAction};
use crate::storage::db;
use crate::{data_folder::attachments, fieldwork::events, fieldwork::visits, Ledger};

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
            events: count(
                conn,
                "SELECT COUNT(*) FROM event_experts ex JOIN events e ON e.id = ex.event_id
                 WHERE ex.expert_id = ?1 AND e.deleted_at IS NULL",
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
            events: count(
                conn,
                "SELECT COUNT(*) FROM event_enterprises ee JOIN events e ON e.id = ee.event_id
                 WHERE ee.enterprise_id = ?1 AND e.deleted_at IS NULL",
                id,
            )?,
        },
        RecordKind::Visit => Referrers {
            needs: count(conn, "SELECT COUNT(*) FROM needs WHERE visit_id = ?1 AND deleted_at IS NULL", id)?,
            ..Referrers::default()
        },
        RecordKind::Need => Referrers {
            needs: count(conn, "SELECT COUNT(*) FROM needs WHERE merged_into_id = ?1 AND deleted_at IS NULL", id)?,
            service_records: count(
                conn,
                "SELECT COUNT(*) FROM service_records WHERE need_id = ?1 AND deleted_at IS NULL",
                id,
            )?,
            ..Referrers::default()
        },
        RecordKind::ServiceRecord | RecordKind::Attachment | RecordKind::Assignment | RecordKind::Event => {
            Referrers::default()
        }
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
            events: count(conn, "SELECT COUNT(*) FROM event_experts WHERE expert_id = ?1", id)?,
        },
        RecordKind::Enterprise => Referrers {
            assignments: count(conn, "SELECT COUNT(*) FROM assignments WHERE enterprise_id = ?1", id)?,
            visits: count(conn, "SELECT COUNT(*) FROM visits WHERE enterprise_id = ?1", id)?,
            needs: count(conn, "SELECT COUNT(*) FROM needs WHERE enterprise_id = ?1", id)?,
            need_matches: 0,
            service_records: count(conn, "SELECT COUNT(*) FROM service_records WHERE enterprise_id = ?1", id)?,
            events: count(conn, "SELECT COUNT(*) FROM event_enterprises WHERE enterprise_id = ?1", id)?,
        },
        RecordKind::Visit => Referrers {
            needs: count(conn, "SELECT COUNT(*) FROM needs WHERE visit_id = ?1", id)?,
            ..Referrers::default()
        },
        RecordKind::Need => Referrers {
            needs: count(conn, "SELECT COUNT(*) FROM needs WHERE merged_into_id = ?1", id)?,
            service_records: count(conn, "SELECT COUNT(*) FROM service_records WHERE need_id = ?1", id)?,
            ..Referrers::default()
        },
        RecordKind::ServiceRecord | RecordKind::Attachment | RecordKind::Assignment | RecordKind::Event => {
            Referrers::default()
        }
    })
}

fn has_references(kind: RecordKind, id: &str, refs: &Referrers, purge: bool) -> CoreError {
    let (zh, en) = refs.describe();
    let what = kind.code().replace('_', " ");
    let (message, message_en) = if purge {
        (
            format!("该{}仍被 {zh} 引用（含回收站中的记录），不能彻底删除", kind.label_zh()),
            format!("This {what} is still referenced by {en} (counting the recycle bin); it cannot be purged"),
        )
    } else {
        (
            format!("该{}仍被 {zh} 引用；确认后仍可移入回收站", kind.label_zh()),
            format!("This {what} is referenced by {en}; confirm to move it to the recycle bin anyway"),
        )
    };
    CoreError::HasReferences { entity: kind.into(), id: id.to_owned(), message, message_en }
}

fn table(kind: RecordKind) -> &'static str {
    Entity::from(kind).stored_in()
}

/// Sets or clears `deleted_at`; every kind but attachments (which have no revision) also counts it as an edit.
fn set_deleted_at(conn: &Connection, kind: RecordKind, id: &str, deleted_at: Option<&str>, now: &str) -> Result<()> {
    match kind {
        RecordKind::Attachment => {
            conn.execute("UPDATE attachments SET deleted_at = ?2 WHERE id = ?1", params![id, deleted_at])?
        }
        _ => conn.execute(
            &format!(
                "UPDATE {} SET deleted_at = ?2, updated_at = ?3, revision = revision + 1 WHERE id = ?1",
                table(kind)
            ),
            params![id, deleted_at, now],
        )?,
    };
    Ok(())
}

/// A row as a JSON object with camelCase keys (for the audit log of kinds without a record type in this crate).
fn row_json(conn: &Connection, kind: RecordKind, id: &str, in_bin: bool) -> Result<serde_json::Value> {
    let state = if in_bin { "IS NOT NULL" } else { "IS NULL" };
    let mut stmt =
        conn.prepare_cached(&format!("SELECT * FROM {} WHERE id = ?1 AND deleted_at {state}", table(kind)))?;
    let names: Vec<String> = stmt.column_names().map(camel_case).collect();
    let row = stmt
        .query_row([id], |r| {
            let mut object = serde_json::Map::new();
            for (i, name) in names.iter().enumerate() {
                let value = match r.get_ref(i)? {
                    ValueRef::Null => serde_json::Value::Null,
                    ValueRef::Integer(n) => n.into(),
                    ValueRef::Real(x) => x.into(),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                    ValueRef::Blob(b) => b.len().into(),
                };
                object.insert(name.clone(), value);
            }
            Ok(serde_json::Value::Object(object))
        })
        .optional()?;
    row.ok_or_else(|| CoreError::NotFound { entity: kind.into(), id: id.to_owned() })
}

fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// The record as JSON, for the audit log.
fn snapshot(conn: &Connection, kind: RecordKind, id: &str, in_bin: bool) -> Result<serde_json::Value> {
    let value = match kind {
        RecordKind::Expert => serde_json::to_value(experts::fetch(conn, id, in_bin)?),
        RecordKind::Enterprise => serde_json::to_value(enterprises::fetch(conn, id, in_bin)?),
        RecordKind::Visit => serde_json::to_value(visits::fetch(conn, id, in_bin)?),
        RecordKind::Event => serde_json::to_value(events::fetch(conn, id, in_bin)?),
        RecordKind::Attachment => serde_json::to_value(attachments::fetch(conn, id, in_bin)?.0),
        RecordKind::Assignment => serde_json::to_value(assignments::fetch(conn, id, in_bin)?),
        RecordKind::Need | RecordKind::ServiceRecord => return row_json(conn, kind, id, in_bin),
    };
    value.map_err(|e| CoreError::CorruptValue(format!("{} {id}: {e}", kind.code())))
}

/// Moves a record to the recycle bin. When live records point at it, `confirm` must be true (else `has_references`
/// listing them). Returns what pointed at it.
pub fn delete(conn: &Connection, actor: &Actor, kind: RecordKind, id: &str, confirm: bool) -> Result<Referrers> {
    let before = snapshot(conn, kind, id, false)?;
    let refs = referrers(conn, kind, id)?;
    if !refs.is_empty() && !confirm {
        return Err(has_references(kind, id, &refs, false));
    }
    let now = actor.now();
    set_deleted_at(conn, kind, id, Some(&now), &now)?;
    audit::record::<_, ()>(conn, actor, AuditAction::Delete, kind.into(), id, Some(&before), None)?;
    Ok(refs)
}

/// Brings a record back from the recycle bin. An expert is refused when a live expert now has the same name and
/// phone, an assignment when a live one of the same expert, enterprise and batch now overlaps its period. (An enterprise's credit code is unique over the bin too, so it cannot clash; the other kinds have no
/// uniqueness rule.)
pub fn restore(conn: &Connection, actor: &Actor, kind: RecordKind, id: &str) -> Result<()> {
    if kind == RecordKind::Expert {
        let e = experts::fetch(conn, id, true)?;
        experts::check_duplicate(conn, &e.name, e.phone.as_deref(), Some(id))?;
    } else if kind == RecordKind::Assignment {
        assignments::check_restorable(conn, id)?;
    } else {
        snapshot(conn, kind, id, true)?;
    }
    set_deleted_at(conn, kind, id, None, &actor.now())?;
    let after = snapshot(conn, kind, id, false)?;
    audit::record::<(), _>(conn, actor, AuditAction::Restore, kind.into(), id, None, Some(&after))?;
    Ok(())
}

/// Removes a record in the recycle bin for good, with what it owns (an enterprise's contacts; a visit's participants;
/// a need's stage history and matches; the attachments of a visit or service record). Refused with
/// `has_references` while any row, live or deleted, still points at it. Audited with the record before; then every
/// image the audit log and the import history keep of it loses its personal fields ([`audit::scrub`]). Returns the
/// stored paths of the attachment files to remove once the transaction has committed.
pub fn purge(conn: &Connection, actor: &Actor, kind: RecordKind, id: &str) -> Result<Vec<String>> {
    let before = snapshot(conn, kind, id, true)?;
    let refs = all_referrers(conn, kind, id)?;
    if !refs.is_empty() {
        return Err(has_references(kind, id, &refs, true));
    }
    let mut files = Vec::new();
    match kind {
        RecordKind::Expert => {}
        RecordKind::Enterprise => {
            conn.execute("DELETE FROM enterprise_contacts WHERE enterprise_id = ?1", [id])?;
        }
        RecordKind::Visit => {
            conn.execute("DELETE FROM visit_experts WHERE visit_id = ?1", [id])?;
            files = attachments::purge_of_owner(conn, actor, AttachmentOwnerKind::Visit, id)?;
        }
        RecordKind::Need => {
            conn.execute("DELETE FROM need_stage_events WHERE need_id = ?1", [id])?;
            conn.execute("DELETE FROM need_matches WHERE need_id = ?1", [id])?;
        }
        RecordKind::Event => {
            events::remove_links(conn, id)?;
            files = attachments::purge_of_owner(conn, actor, AttachmentOwnerKind::Event, id)?;
        }
        RecordKind::ServiceRecord => {
            files = attachments::purge_of_owner(conn, actor, AttachmentOwnerKind::ServiceRecord, id)?;
        }
        RecordKind::Assignment => {
            files = attachments::purge_of_owner(conn, actor, AttachmentOwnerKind::Assignment, id)?;
        }
        RecordKind::Attachment => files.push(attachments::fetch(conn, id, true)?.1),
    }
    conn.execute(&format!("DELETE FROM {} WHERE id = ?1", table(kind)), [id])?;
    audit::record::<_, ()>(conn, actor, AuditAction::Purge, kind.into(), id, Some(&before), None)?;
    // Gone for good means the person too: the record's trail keeps who, when and what kind of change.
    audit::scrub(conn, kind.into(), id)?;
    Ok(files)
}

/// A page of the recycle bin, most recently deleted first.
pub fn list(conn: &Connection, page: u32, page_size: u32) -> Result<Page<RecycleBinRow>> {
    let (page, page_size, offset) = clamp_page(page, page_size);
    let union = "SELECT 'expert' AS kind, id, name, deleted_at FROM experts WHERE deleted_at IS NOT NULL
                 UNION ALL
                 SELECT 'enterprise', id, name, deleted_at FROM enterprises WHERE deleted_at IS NOT NULL
                 UNION ALL
                 SELECT 'visit', v.id, v.visit_date || ' ' || en.name, v.deleted_at
                 FROM visits v JOIN enterprises en ON en.id = v.enterprise_id WHERE v.deleted_at IS NOT NULL
                 UNION ALL
                 SELECT 'event', id, event_date || ' ' || title, deleted_at FROM events WHERE deleted_at IS NOT NULL
                 UNION ALL
                 SELECT 'need', id, title, deleted_at FROM needs WHERE deleted_at IS NOT NULL
                 UNION ALL
                 SELECT 'service_record', s.id, s.start_date || ' ' || x.name || ' → ' || en.name, s.deleted_at
                 FROM service_records s JOIN experts x ON x.id = s.expert_id
                 JOIN enterprises en ON en.id = s.enterprise_id WHERE s.deleted_at IS NOT NULL
                 UNION ALL
                 SELECT 'attachment', id, file_name, deleted_at FROM attachments WHERE deleted_at IS NOT NULL
                 UNION ALL
                 SELECT 'assignment', a.id, x.name || ' → ' || en.name || ' ' || a.start_date, a.deleted_at
                 FROM assignments a JOIN experts x ON x.id = a.expert_id
                 JOIN enterprises en ON en.id = a.enterprise_id WHERE a.deleted_at IS NOT NULL";
    let total: u32 = conn.query_row(&format!("SELECT COUNT(*) FROM ({union})"), [], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT kind, id, name, deleted_at FROM ({union}) ORDER BY deleted_at DESC, id DESC
         LIMIT {page_size} OFFSET {offset}"
    ))?;
    let items = db::read_rows(&mut stmt, [], |r| {
        Ok(RecycleBinRow { kind: r.get(0)?, id: r.get(1)?, name: r.get(2)?, deleted_at: r.get(3)? })
    })?;
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

    /// What points at a record of any kind (shown before deleting it).
    pub fn referrers_of_record(&self, kind: RecordKind, id: &str) -> Result<Referrers> {
        self.db.read(|c| {
            snapshot(c, kind, id, false)?;
            referrers(c, kind, id)
        })
    }

    /// Moves a record of any kind to the recycle bin; `confirm` must be true when records point at it. Returns what
    /// pointed at it.
    pub fn delete_record(&self, kind: RecordKind, id: &str, confirm: bool) -> Result<Referrers> {
        self.db.write(|tx| delete(tx, &self.actor, kind, id, confirm))
    }

    /// Brings a record back from the recycle bin.
    pub fn restore(&self, kind: RecordKind, id: &str) -> Result<()> {
        self.db.write(|tx| restore(tx, &self.actor, kind, id))
    }

    /// Removes a record from the recycle bin for good, if nothing references it, with its attachments: their rows in
    /// the transaction, their files after it committed. Files that could not be removed are listed in the report.
    pub fn purge(&self, kind: RecordKind, id: &str) -> Result<PurgeReport> {
        let files = self.db.write(|tx| purge(tx, &self.actor, kind, id))?;
        Ok(attachments::remove_files(&self.db, &files))
    }

    /// A page of the recycle bin, most recently deleted first.
    pub fn list_recycle_bin(&self, page: u32, page_size: u32) -> Result<Page<RecycleBinRow>> {
        self.db.read(|c| list(c, page, page_size))
    }
}
