//! The merge rules per record table (docs/EXCHANGE.md, "Merge rules"): which columns point at which table (and go
//! through the id map), how a record from another origin is matched to one already here, which kind of audit entry
//! its changes make.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use super::row::Row;
use crate::clock::Actor;
use crate::error::Result;
use crate::model::Entity;
use crate::storage::audit::{self, AuditAction};

/// How the rows of a table are told apart and merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A record with an id, a revision and `deleted_at`: the revision rules apply.
    Revised,
    /// A record with an id that never changes once written (a need's stage event): added when new.
    Immutable,
    /// An attachment: an id, a file, `deleted_at` and no revision; added when new, moved to the recycle bin when the
    /// package says it was deleted.
    Attachment,
    /// A visit's participant (`visit_id`, `expert_id`): follows its visit when the visit is added or taken.
    VisitLink,
}

/// What the merge knows of one record table.
#[derive(Debug)]
pub(crate) struct TableRule {
    pub table: &'static str,
    pub shape: Shape,
    /// Columns holding another record's id, and that record's table.
    pub references: &'static [(&'static str, &'static str)],
    /// The audit entries of its changes name this kind, and the record given by `audit_id` (the row's own id, or
    /// the record it belongs to: a contact's enterprise, a stage event's need).
    pub audit: Entity,
    pub audit_id: &'static str,
    /// Whether the table has a search index (`<table>_fts`, kept by triggers).
    pub searched: bool,
}

/// The rules of every record table, in the order of [`crate::exchange::RECORD_TABLES`].
pub(crate) const RULES: &[TableRule] = &[
    TableRule {
        table: "organizations",
        shape: Shape::Revised,
        references: &[],
        audit: Entity::Organization,
        audit_id: "id",
        searched: false,
    },
    TableRule {
        table: "batches",
        shape: Shape::Revised,
        references: &[],
        audit: Entity::Batch,
        audit_id: "id",
        searched: false,
    },
    TableRule {
        table: "experts",
        shape: Shape::Revised,
        references: &[("organization_id", "organizations"), ("batch_id", "batches")],
        audit: Entity::Expert,
        audit_id: "id",
        searched: true,
    },
    TableRule {
        table: "enterprises",
        shape: Shape::Revised,
        references: &[],
        audit: Entity::Enterprise,
        audit_id: "id",
        searched: true,
    },
    TableRule {
        table: "enterprise_contacts",
        shape: Shape::Revised,
        references: &[("enterprise_id", "enterprises")],
        audit: Entity::Enterprise,
        audit_id: "enterprise_id",
        searched: false,
    },
    TableRule {
        table: "assignments",
        shape: Shape::Revised,
        references: &[("expert_id", "experts"), ("enterprise_id", "enterprises"), ("batch_id", "batches")],
        audit: Entity::Assignment,
        audit_id: "id",
        searched: false,
    },
    TableRule {
        table: "visits",
        shape: Shape::Revised,
        references: &[("enterprise_id", "enterprises")],
        audit: Entity::Visit,
        audit_id: "id",
        searched: true,
    },
    TableRule {
        table: "visit_experts",
        shape: Shape::VisitLink,
        references: &[("visit_id", "visits"), ("expert_id", "experts")],
        audit: Entity::Visit,
        audit_id: "visit_id",
        searched: false,
    },
    TableRule {
        table: "needs",
        shape: Shape::Revised,
        references: &[("enterprise_id", "enterprises"), ("visit_id", "visits"), ("merged_into_id", "needs")],
        audit: Entity::Need,
        audit_id: "id",
        searched: true,
    },
    TableRule {
        table: "need_stage_events",
        shape: Shape::Immutable,
        references: &[("need_id", "needs")],
        audit: Entity::Need,
        audit_id: "need_id",
        searched: false,
    },
    TableRule {
        table: "need_matches",
        shape: Shape::Revised,
        references: &[("need_id", "needs"), ("expert_id", "experts")],
        audit: Entity::NeedMatch,
        audit_id: "id",
        searched: false,
    },
    TableRule {
        table: "service_records",
        shape: Shape::Revised,
        references: &[("expert_id", "experts"), ("enterprise_id", "enterprises"), ("need_id", "needs")],
        audit: Entity::ServiceRecord,
        audit_id: "id",
        searched: true,
    },
    TableRule {
        table: "attachments",
        shape: Shape::Attachment,
        references: &[],
        audit: Entity::Attachment,
        audit_id: "id",
        searched: false,
    },
];

/// The rule of a record table.
pub(crate) fn rule_of(table: &str) -> Option<&'static TableRule> {
    RULES.iter().find(|r| r.table == table)
}

/// The table a tombstone's `entity` names: a record table's name, or the kind as audit entries name it
/// (`expert`, `service_record`, …).
pub(crate) fn tombstone_table(entity: &str) -> Option<&'static TableRule> {
    rule_of(entity).or_else(|| {
        let kind = Entity::from_code(entity)?;
        RULES.iter().find(|r| r.shape != Shape::VisitLink && Some(r.table) == kind.table())
    })
}

/// Columns never compared (nor reported as conflicts): who the row is and when it was written.
pub(crate) const STAMP_COLUMNS: &[&str] = &["id", "created_at", "updated_at", "revision"];

/// The 审核 of visits and service records: this ledger's own decision, never taken from a package nor compared (a
/// record merged new or taken arrives 待审核, `fieldwork::review`; a matched or unchanged one keeps its status).
pub(crate) const REVIEW_COLUMNS: &[&str] = &["review_status", "review_opinion", "reviewed_by", "reviewed_at"];

/// A record already here that an incoming record of another origin is the same as: enterprises by credit code,
/// experts by ID number (else by name and phone), organisations and batches by name. Live records first.
pub(crate) fn match_existing(
    conn: &Connection,
    table: &str,
    row: &dyn Fn(&str) -> Option<Value>,
) -> Result<Option<String>> {
    let text = |column: &str| match row(column) {
        Some(Value::Text(t)) if !t.trim().is_empty() => Some(t),
        _ => None,
    };
    let order = "ORDER BY deleted_at IS NOT NULL, id LIMIT 1";
    let found = match table {
        "enterprises" => match text("credit_code") {
            Some(code) => one(conn, &format!("SELECT id FROM enterprises WHERE credit_code = ?1 {order}"), &[code])?,
            None => None,
        },
        "experts" => {
            let id_card = text("id_card");
            let by_id = match &id_card {
                Some(id_card) => one(
                    conn,
                    &format!("SELECT id FROM experts WHERE id_card = ?1 {order}"),
                    std::slice::from_ref(id_card),
                )?,
                None => None,
            };
            match (by_id, text("name"), text("phone")) {
                (Some(id), _, _) => Some(id),
                // Two different ID numbers are two people, whatever their names and phones.
                (None, Some(name), Some(phone)) => {
                    let other_id = if id_card.is_some() { "AND id_card IS NULL" } else { "" };
                    one(
                        conn,
                        &format!("SELECT id FROM experts WHERE name = ?1 AND phone = ?2 {other_id} {order}"),
                        &[name, phone],
                    )?
                }
                _ => None,
            }
        }
        "organizations" | "batches" => match text("name") {
            Some(name) => one(conn, &format!("SELECT id FROM {table} WHERE name = ?1 {order}"), &[name])?,
            None => None,
        },
        _ => None,
    };
    Ok(found)
}

fn one(conn: &Connection, sql: &str, params: &[String]) -> Result<Option<String>> {
    Ok(conn.prepare_cached(sql)?.query_row(rusqlite::params_from_iter(params), |r| r.get(0)).optional()?)
}

/// The audit entry of one change a merge (or its undo, or a decided conflict) made to a row of `rule`'s table: the
/// kind and record the rule names, the rows before and after as images.
pub(crate) fn audit(
    conn: &Connection,
    actor: &Actor,
    rule: &TableRule,
    action: AuditAction,
    before: Option<&Row<'_>>,
    after: Option<&Row<'_>>,
) -> Result<()> {
    let id = after.or(before).and_then(|r| r.text(rule.audit_id)).unwrap_or_default().to_owned();
    audit::record(
        conn,
        actor,
        action,
        rule.audit,
        &id,
        before.map(Row::audit_image).as_ref(),
        after.map(Row::audit_image).as_ref(),
    )
}
