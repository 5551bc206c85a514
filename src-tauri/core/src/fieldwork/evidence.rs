//! 证明材料 in the lists of visits and service records: the marks of a page's rows (a live attachment marked as the
//! record's confirmation — 服务确认书 / 走访记录表 — or as a 现场照片) and the filter "缺确认单".
//!
//! Both read the few marked files through the partial index `attachments_evidence` (migration 0012), never the
//! attachments of every record: the marks seek it once per kind and row of the page, the filter reads the owners of
//! the live confirmations once.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::Result;
use crate::model::{AttachmentOwnerKind, EvidenceKind, EvidenceMarks};

/// The SQL condition "no live attachment of the record whose id is `id_column` is marked as its confirmation", for
/// records of `owner_kind`.
pub(crate) fn missing_confirmation(owner_kind: AttachmentOwnerKind, id_column: &str) -> String {
    format!(
        "{id_column} NOT IN (SELECT a.owner_id FROM attachments a INDEXED BY attachments_evidence
             WHERE a.evidence_kind = '{confirmation}' AND a.owner_kind = '{owner}' AND a.deleted_at IS NULL)",
        confirmation = EvidenceKind::Confirmation.code(),
        owner = owner_kind.code(),
    )
}

/// The records of `table` (aliased `alias`) that have a live confirmation, as a `FROM` clause driven by the few
/// confirmed owners (one seek of the table's id per owner): "缺确认单" counts are the filter's count less these
/// records' count under the same filter, never a scan of every record.
pub(crate) fn confirmed_records(owner_kind: AttachmentOwnerKind, table: &str, alias: &str) -> String {
    format!(
        "(SELECT DISTINCT a.owner_id AS id FROM attachments a INDEXED BY attachments_evidence
              WHERE a.evidence_kind = '{confirmation}' AND a.owner_kind = '{owner}' AND a.deleted_at IS NULL) confirmed
         CROSS JOIN {table} {alias} ON {alias}.id = confirmed.id",
        confirmation = EvidenceKind::Confirmation.code(),
        owner = owner_kind.code(),
    )
}

/// Sets the evidence marks of every row of a page: `id` gives a row's record id, `set` stores its marks. One query,
/// driven by the page's ids.
pub(crate) fn fill_marks<T>(
    conn: &Connection,
    owner_kind: AttachmentOwnerKind,
    rows: &mut [T],
    id: impl Fn(&T) -> &str,
    set: impl Fn(&mut T, EvidenceMarks),
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = rows.iter().map(&id).collect();
    let list = serde_json::to_string(&ids).expect("ids serialise");
    // The page's ids stay outermost (CROSS JOIN): per id and kind, one seek of the evidence index.
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT a.owner_id, a.evidence_kind
         FROM json_each(?2) page CROSS JOIN attachments a INDEXED BY attachments_evidence
             ON a.evidence_kind IN ('confirmation', 'photo') AND a.owner_kind = ?1 AND a.owner_id = page.value
         WHERE a.deleted_at IS NULL",
    )?;
    let mut found: HashMap<String, EvidenceMarks> = HashMap::new();
    let mut found_rows = stmt.query(rusqlite::params![owner_kind, list])?;
    while let Some(r) = found_rows.next()? {
        let marks = found.entry(r.get(0)?).or_default();
        match r.get::<_, EvidenceKind>(1)? {
            EvidenceKind::Confirmation => marks.confirmation = true,
            EvidenceKind::Photo => marks.photo = true,
            EvidenceKind::Agreement => {}
        }
    }
    for row in rows.iter_mut() {
        let marks = found.get(id(row)).copied().unwrap_or_default();
        set(row, marks);
    }
    Ok(())
}
