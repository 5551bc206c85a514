//! 审核 (review) of visits and service records: the one table of legal decisions ([`TRANSITIONS`]), the decision on
//! one or many records (批量通过, all or nothing), the status a new or edited record gets, and the review queue.
//!
//! How records arrive:
//! - typed by the coordinator: 已通过, or 待审核 when 设置 → 审核 says 录入的记录需要审核 ([`entered_status`]);
//! - imported from a file: 待审核 (`import::records`);
//! - merged from an exchange package: 待审核 when new or taken (a newer revision overwrote ours: its content changed,
//!   so our earlier decision no longer covers it); an unchanged or matched record keeps its status
//!   (`exchange::merge::apply`).
//!
//! Editing a 退回 record puts it back to 待审核 (the coordinator corrected it, the reviewer looks again); editing a
//! pending or approved record keeps its status. A decision does not change the record's revision (its content is
//! unchanged, so an open form can still be saved), only the four review columns, and writes one audit entry per
//! record (entity visit / service_record, the review before → after), with the reviewer (the actor) and the time of
//! the ledger's clock.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};

use crate::clock::Actor;
use crate::error::{CoreError, Result};
use crate::model::{
    clamp_page, Entity, Page, Review, ReviewDecision, ReviewInput, ReviewKind, ReviewQueueQuery, ReviewQueueRow,
    ReviewStatus, ReviewTarget,
};
use crate::normalize::{clean_multiline, clean_optional};
use crate::reporting::settings;
use crate::storage::audit::{self, AuditAction};
use crate::storage::db;
use crate::validate::date;
use crate::Ledger;

use ReviewDecision::{Approve, Return};
use ReviewStatus::{Approved, Pending, Returned};

/// Every legal decision `(from, decision, to)`; anything not listed is refused.
///
/// - 待审核 → 通过 → 已通过; 待审核 → 退回 (opinion required) → 退回;
/// - 退回 → 通过 → 已通过 (the reviewer accepts it as it is, e.g. after a word with the commissioner);
/// - 已通过 → 退回 (opinion required): an approval taken back when something is found wrong later;
/// - a record is never approved or returned twice in a row, and nothing moves back to 待审核 by a decision: only an
///   edit of a returned record does ([`after_edit`]).
pub const TRANSITIONS: &[(ReviewStatus, ReviewDecision, ReviewStatus)] = &[
    (Pending, Approve, Approved),
    (Pending, Return, Returned),
    (Returned, Approve, Approved),
    (Approved, Return, Returned),
];

/// The longest 审核意见 accepted, in characters.
pub const MAX_OPINION_CHARS: usize = 500;

/// The status a decision moves `from` to, if the table allows it.
pub fn next_status(from: ReviewStatus, decision: ReviewDecision) -> Option<ReviewStatus> {
    TRANSITIONS.iter().find(|(f, d, _)| *f == from && *d == decision).map(|(_, _, to)| *to)
}

fn table(kind: ReviewKind) -> &'static str {
    match kind {
        ReviewKind::Visit => "visits",
        ReviewKind::ServiceRecord => "service_records",
    }
}

fn entity(kind: ReviewKind) -> Entity {
    match kind {
        ReviewKind::Visit => Entity::Visit,
        ReviewKind::ServiceRecord => Entity::ServiceRecord,
    }
}

/// The review of a live record, or `NotFound`.
pub fn read(conn: &Connection, kind: ReviewKind, id: &str) -> Result<Review> {
    let sql =
        format!("SELECT {} FROM {} t WHERE t.id = ?1 AND t.deleted_at IS NULL", Review::columns("t"), table(kind));
    conn.prepare_cached(&sql)?
        .query_row([id], |r| Review::from_row(r, 0))
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: entity(kind), id: id.to_owned() })
}

/// The status a record typed by the coordinator starts with: 待审核 when 设置 asks for review, else 已通过.
pub fn entered_status(conn: &Connection) -> Result<ReviewStatus> {
    Ok(if settings::review_settings(conn)?.review_entered { Pending } else { Approved })
}

/// After the coordinator edited a record: a 退回 one goes back to 待审核 (its opinion and reviewer kept, so the
/// reviewer sees what was asked); any other status stays. Inside the edit's transaction, before its audit entry,
/// which then shows the change.
pub(crate) fn after_edit(conn: &Connection, kind: ReviewKind, id: &str) -> Result<()> {
    let sql =
        format!("UPDATE {} SET review_status = 'pending' WHERE id = ?1 AND review_status = 'returned'", table(kind));
    conn.prepare_cached(&sql)?.execute([id])?;
    Ok(())
}

/// Marks a record 待审核 (a merged record that is new or changed), its earlier decision cleared.
pub(crate) fn mark_pending(conn: &Connection, kind: ReviewKind, id: &str) -> Result<()> {
    let sql = format!(
        "UPDATE {} SET review_status = 'pending', review_opinion = NULL, reviewed_by = NULL, reviewed_at = NULL
         WHERE id = ?1",
        table(kind)
    );
    conn.prepare_cached(&sql)?.execute([id])?;
    Ok(())
}

/// Applies one decision to every named record inside the caller's transaction: all or nothing (an unknown id, a
/// record in the recycle bin or a decision the table refuses fails the whole call). Returns the records' new
/// reviews, in the order named.
pub fn decide(conn: &Connection, actor: &Actor, input: &ReviewInput) -> Result<Vec<Review>> {
    let opinion = clean_multiline(input.opinion.as_deref());
    if input.decision == Return && opinion.is_none() {
        return Err(CoreError::field("opinion", "退回时请填写审核意见", "Give an opinion to return a record"));
    }
    if opinion.as_ref().is_some_and(|o| o.chars().count() > MAX_OPINION_CHARS) {
        return Err(CoreError::field(
            "opinion",
            format!("审核意见不能超过 {MAX_OPINION_CHARS} 个字"),
            format!("The opinion must be at most {MAX_OPINION_CHARS} characters"),
        ));
    }
    if input.targets.is_empty() {
        return Err(CoreError::field("targets", "请选择要审核的记录", "Choose the records to review"));
    }
    let now = actor.now();
    let mut saved = Vec::with_capacity(input.targets.len());
    for ReviewTarget { kind, id } in &input.targets {
        let id = id.trim();
        let before = read(conn, *kind, id)?;
        let Some(to) = next_status(before.review_status, input.decision) else {
            return Err(refused(*kind, before.review_status, input.decision));
        };
        let after = Review {
            review_status: to,
            // An approval without words keeps the opinion of an earlier return, so its history stays readable.
            review_opinion: opinion.clone().or_else(|| before.review_opinion.clone()),
            reviewed_by: Some(actor.name().to_owned()),
            reviewed_at: Some(now.clone()),
        };
        let sql = format!(
            "UPDATE {} SET review_status = ?2, review_opinion = ?3, reviewed_by = ?4, reviewed_at = ?5 WHERE id = ?1",
            table(*kind)
        );
        conn.prepare_cached(&sql)?.execute(rusqlite::params![
            id,
            after.review_status,
            after.review_opinion,
            after.reviewed_by,
            after.reviewed_at
        ])?;
        audit::record(conn, actor, AuditAction::Update, entity(*kind), id, Some(&before), Some(&after))?;
        saved.push(after);
    }
    Ok(saved)
}

fn refused(kind: ReviewKind, from: ReviewStatus, decision: ReviewDecision) -> CoreError {
    let (verb, verb_en) = match decision {
        Approve => ("通过", "approved"),
        Return => ("退回", "returned"),
    };
    CoreError::field(
        "decision",
        format!("{}当前为“{}”，不能{verb}", kind.label_zh(), from.label_zh()),
        format!("The {} is {}; it cannot be {verb_en}", kind.code().replace('_', " "), from.code()),
    )
}

/// The filter of one branch of the queue (`alias` a visit or a service record) and its values.
fn branch_filter(
    kind: ReviewKind,
    q: &ReviewQueueQuery,
    from: &Option<String>,
    to: &Option<String>,
) -> (String, Vec<Value>) {
    let (alias, day) = match kind {
        ReviewKind::Visit => ("v", "v.visit_date"),
        ReviewKind::ServiceRecord => ("s", "s.start_date"),
    };
    let mut conditions = vec![format!("{alias}.deleted_at IS NULL"), format!("{alias}.review_status <> 'approved'")];
    let mut values = Vec::new();
    if let Some(status) = q.status {
        conditions.push(format!("{alias}.review_status = ?"));
        values.push(Value::Text(status.code().to_owned()));
    }
    if let Some(id) = clean_optional(q.enterprise_id.as_deref()) {
        conditions.push(format!("{alias}.enterprise_id = ?"));
        values.push(Value::Text(id));
    }
    if let Some(id) = clean_optional(q.expert_id.as_deref()) {
        conditions.push(match kind {
            ReviewKind::Visit => "v.id IN (SELECT visit_id FROM visit_experts WHERE expert_id = ?)".to_owned(),
            ReviewKind::ServiceRecord => "s.expert_id = ?".to_owned(),
        });
        values.push(Value::Text(id));
    }
    for (op, bound) in [(">=", from), ("<=", to)] {
        if let Some(day_value) = bound {
            conditions.push(format!("{day} {op} ?"));
            values.push(Value::Text(day_value.clone()));
        }
    }
    (conditions.join(" AND "), values)
}

/// A page of the review queue: the live visits and service records not yet approved, newest first.
pub fn queue(conn: &Connection, q: &ReviewQueueQuery) -> Result<Page<ReviewQueueRow>> {
    let (page, page_size, offset) = clamp_page(q.page, q.page_size);
    let mut errors = Vec::new();
    let mut bound = |raw: &Option<String>, field: &str| -> Option<String> {
        let text = clean_optional(raw.as_deref())?;
        date::parse_day(&text).map(|d| d.to_string()).map_err(|e| errors.push(e.on(field))).ok()
    };
    let from = bound(&q.date_from, "dateFrom");
    let to = bound(&q.date_to, "dateTo");
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let review = Review::columns("q");
    let mut branches = Vec::new();
    let mut values = Vec::new();
    if q.kind != Some(ReviewKind::ServiceRecord) {
        let (filter, v) = branch_filter(ReviewKind::Visit, q, &from, &to);
        branches.push(format!(
            "SELECT 'visit' AS kind, v.id, v.visit_date AS day, v.enterprise_id, v.purpose AS summary,
                    NULL AS days, (SELECT json_group_array(name) FROM
                        (SELECT x.name FROM visit_experts vx JOIN experts x ON x.id = vx.expert_id
                         WHERE vx.visit_id = v.id ORDER BY x.name, x.id)) AS experts,
                    {} FROM visits v WHERE {filter}",
            Review::columns("v")
        ));
        values.extend(v);
    }
    if q.kind != Some(ReviewKind::Visit) {
        let (filter, v) = branch_filter(ReviewKind::ServiceRecord, q, &from, &to);
        branches.push(format!(
            "SELECT 'service_record' AS kind, s.id, s.start_date AS day, s.enterprise_id, s.content AS summary,
                    s.service_days AS days, (SELECT json_array(x.name) FROM experts x WHERE x.id = s.expert_id) AS experts,
                    {} FROM service_records s WHERE {filter}",
            Review::columns("s")
        ));
        values.extend(v);
    }
    let union = branches.join(" UNION ALL ");
    let total: u32 =
        conn.query_row(&format!("SELECT COUNT(*) FROM ({union})"), params_from_iter(values.iter()), |r| r.get(0))?;
    let sql = format!(
        "SELECT q.kind, q.id, q.day, q.enterprise_id, en.name, q.summary, q.days, q.experts, {review}
         FROM ({union}) q JOIN enterprises en ON en.id = q.enterprise_id
         ORDER BY q.day DESC, q.id DESC LIMIT {page_size} OFFSET {offset}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let items = db::read_rows(&mut stmt, params_from_iter(values.iter()), |r| {
        Ok(ReviewQueueRow {
            kind: r.get(0)?,
            id: r.get(1)?,
            date: r.get(2)?,
            enterprise_id: r.get(3)?,
            enterprise_name: r.get(4)?,
            summary: r.get(5)?,
            service_days: r.get(6)?,
            expert_names: db::json_column(r, 7)?,
            review: Review::from_row(r, 8)?,
        })
    })?;
    Ok(Page { items, total, page, page_size })
}

impl Ledger {
    /// 通过 or 退回 one or many visits and service records (批量通过), all or nothing.
    pub fn review_records(&self, input: &ReviewInput) -> Result<Vec<Review>> {
        self.db.write(|tx| decide(tx, &self.actor, input))
    }

    /// A page of the review queue (待审核 and 退回).
    pub fn review_queue(&self, query: &ReviewQueueQuery) -> Result<Page<ReviewQueueRow>> {
        self.db.read(|c| queue(c, query))
    }
}
