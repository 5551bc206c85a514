//! 服务台账: service records with the outcomes (成效) of each one — validation of the form (days against the period,
//! 万元 amounts parsed exactly to fen), creation, editing with a revision check, the outcome columns, and the "copy
//! last" template of the fast-entry form. The paged list and its totals are in [`crate::fieldwork::service_record_list`].

use std::sync::LazyLock;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, ToSql};

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::fieldwork::{evaluation, review};
use crate::model::Entity;
use crate::model::{
    Evaluation, NeedStage, Outcomes, ServiceRecord, ServiceRecordInput, ServiceRecordTemplate, ServiceType,
};
use crate::model::{Review, ReviewKind, ReviewStatus, Stamps};
use crate::money::parse_wan;
use crate::normalize::{clean_optional, clean_text};
use crate::storage::audit;
use crate::storage::ids::new_id;
use crate::storage::record;
use crate::validate::date;
use crate::validate::limits;
use crate::Ledger;

pub use crate::fieldwork::service_record_list::{list, totals, SORT_WALK_THRESHOLD};

/// The longest 服务内容 or 成效说明 accepted, in characters.
pub const MAX_TEXT_CHARS: usize = limits::NOTES;

/// The largest count (专利, 培训人次 …) one record may report.
pub const MAX_COUNT: i64 = 1_000_000;

/// The 万元 fields of the form: API name, Chinese and English label.
pub(crate) const MONEY_FIELDS: [(&str, &str, &str); 6] = [
    ("contractAmount", "合同金额", "Contract amount"),
    ("investment", "投资额", "Investment"),
    ("policyFunds", "政策资金", "Policy funds"),
    ("costSaved", "降本", "Cost saved"),
    ("outputValue", "新增产值", "Output value"),
    ("profitTax", "新增利税", "Profit and tax"),
];

/// The count fields of the form: API name, Chinese and English label.
pub(crate) const COUNT_FIELDS: [(&str, &str, &str); 5] = [
    ("patents", "专利", "Patents"),
    ("newProducts", "新产品", "New products"),
    ("newTechnologies", "新技术", "New technologies"),
    ("peopleTrained", "培训人次", "People trained"),
    ("needsSolved", "解决需求", "Needs solved"),
];

/// A validated form, ready to store.
struct Clean {
    expert_id: String,
    enterprise_id: String,
    need_id: Option<String>,
    start_date: String,
    end_date: String,
    service_days: f64,
    service_type: ServiceType,
    content: String,
    outcome_summary: Option<String>,
    outcomes: Outcomes,
    evaluation: Evaluation,
}

/// Days written the way a person would: `3`, `1.5`.
fn days_text(days: f64) -> String {
    format!("{days}")
}

/// Normalises and checks a form, looking up the expert, enterprise and need; every problem at once.
fn validate(conn: &Connection, input: &ServiceRecordInput, today: NaiveDate) -> Result<Clean> {
    let mut errors: Vec<FieldError> = Vec::new();

    let expert_id = clean_optional(input.expert_id.as_deref());
    match &expert_id {
        None => errors.push(FieldError::new("expertId", "请选择服务专员", "Choose the expert who served")),
        Some(id) if !record::is_live(conn, Entity::Expert, id)? => errors.push(FieldError::new(
            "expertId",
            "所选专员不存在（可能已删除）",
            "The chosen expert does not exist (it may have been deleted)",
        )),
        Some(_) => {}
    }
    let enterprise_id = clean_optional(input.enterprise_id.as_deref());
    let mut enterprise_ok = false;
    match &enterprise_id {
        None => errors.push(FieldError::new("enterpriseId", "请选择服务企业", "Choose the enterprise served")),
        Some(id) if !record::is_live(conn, Entity::Enterprise, id)? => errors.push(FieldError::new(
            "enterpriseId",
            "所选企业不存在（可能已删除）",
            "The chosen enterprise does not exist (it may have been deleted)",
        )),
        Some(_) => enterprise_ok = true,
    }
    let need_id = clean_optional(input.need_id.as_deref());
    if let Some(id) = &need_id {
        let need: Option<(String, NeedStage)> = conn
            .prepare_cached("SELECT enterprise_id, stage FROM needs WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match need {
            None => errors.push(FieldError::new(
                "needId",
                "所选技术需求不存在（可能已删除）",
                "The chosen need does not exist (it may have been deleted)",
            )),
            Some((_, NeedStage::Merged)) => errors.push(FieldError::new(
                "needId",
                "所选技术需求已合并到另一条需求，请选择合并后的需求",
                "The chosen need was merged into another one; choose that one",
            )),
            Some((owner, _)) if enterprise_ok && enterprise_id.as_deref() != Some(owner.as_str()) => {
                errors.push(FieldError::new(
                    "needId",
                    "所选技术需求属于另一家企业，与服务企业不一致",
                    "The chosen need belongs to another enterprise than the one served",
                ))
            }
            Some(_) => {}
        }
    }

    let mut day = |raw: &Option<String>, field: &str, zh: &str, en: &str| -> Option<NaiveDate> {
        match clean_optional(raw.as_deref()) {
            None => {
                errors.push(FieldError::new(field, zh, en));
                None
            }
            Some(text) => date::parse_plausible_day(&text, today).map_err(|e| errors.push(e.on(field))).ok(),
        }
    };
    let start = day(&input.start_date, "startDate", "请填写开始日期", "The start date is required");
    let end = day(&input.end_date, "endDate", "请填写结束日期", "The end date is required");
    let ordered = match (start, end) {
        (Some(s), Some(e)) => match date::check_order(s, e) {
            Ok(()) => Some((s, e)),
            Err(invalid) => {
                errors.push(invalid.on("endDate"));
                None
            }
        },
        _ => None,
    };

    let days = input.service_days;
    if days.is_nan() || days <= 0.0 {
        errors.push(FieldError::new("serviceDays", "服务天数必须大于 0", "Service days must be more than 0"));
    } else if (days * 2.0).fract() != 0.0 {
        errors.push(FieldError::new(
            "serviceDays",
            format!("服务天数 {} 须以 0.5 天为单位（如 1、1.5、2）", days_text(days)),
            format!("Service days ({}) must be in steps of 0.5 (e.g. 1, 1.5, 2)", days_text(days)),
        ));
    } else if let Some((s, e)) = ordered {
        let period = (e - s).num_days() + 1;
        if days > period as f64 {
            errors.push(FieldError::new(
                "serviceDays",
                format!("服务天数 {} 超过了服务期 {s} 至 {e} 的 {period} 个自然日", days_text(days)),
                format!(
                    "Service days ({}) exceed the {period} calendar day{} of the period {s} to {e}",
                    days_text(days),
                    if period == 1 { "" } else { "s" }
                ),
            ));
        }
    }

    if input.service_type.is_none() {
        errors.push(FieldError::new("serviceType", "请选择服务类型", "Choose the service type"));
    }
    let content = clean_text(&input.content);
    if content.is_empty() {
        errors.push(FieldError::new("content", "请填写服务内容", "The content of the service is required"));
    } else if content.chars().count() > MAX_TEXT_CHARS {
        errors.push(FieldError::new(
            "content",
            format!("服务内容不能超过 {MAX_TEXT_CHARS} 字"),
            format!("The content must be at most {MAX_TEXT_CHARS} characters"),
        ));
    }
    let outcome_summary = clean_optional(input.outcome_summary.as_deref());
    if outcome_summary.as_ref().is_some_and(|s| s.chars().count() > MAX_TEXT_CHARS) {
        errors.push(FieldError::new(
            "outcomeSummary",
            format!("成效说明不能超过 {MAX_TEXT_CHARS} 字"),
            format!("The outcome summary must be at most {MAX_TEXT_CHARS} characters"),
        ));
    }

    let o = &input.outcomes;
    let texts = [&o.contract_amount, &o.investment, &o.policy_funds, &o.cost_saved, &o.output_value, &o.profit_tax];
    let mut money = [0_i64; 6];
    for ((fen, raw), (field, zh, en)) in money.iter_mut().zip(texts).zip(MONEY_FIELDS) {
        if clean_text(raw).is_empty() {
            continue;
        }
        match parse_wan(raw) {
            Ok(v) => *fen = v,
            Err(e) => errors.push(FieldError::new(field, format!("{zh}：{}", e.zh), format!("{en}: {}", e.en))),
        }
    }
    let evaluation = evaluation::clean(&input.evaluation, start, today, &mut errors);

    let counts = [o.patents, o.new_products, o.new_technologies, o.people_trained, o.needs_solved];
    for (n, (field, zh, en)) in counts.iter().zip(COUNT_FIELDS) {
        if *n < 0 {
            errors.push(FieldError::new(field, format!("{zh}不能为负数"), format!("{en} cannot be negative")));
        } else if *n > MAX_COUNT {
            errors.push(FieldError::new(
                field,
                format!("{zh}不能超过 {MAX_COUNT}"),
                format!("{en} must be at most {MAX_COUNT}"),
            ));
        }
    }

    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    let (start, end) = ordered.expect("validated");
    Ok(Clean {
        expert_id: expert_id.expect("validated"),
        enterprise_id: enterprise_id.expect("validated"),
        need_id,
        start_date: start.to_string(),
        end_date: end.to_string(),
        service_days: days,
        service_type: input.service_type.expect("validated"),
        content,
        outcome_summary,
        outcomes: Outcomes::from_parts(money, counts.map(|n| n as u32)),
        evaluation,
    })
}

const RECORD_SELECT: &str = "SELECT s.id, s.expert_id, x.name, s.enterprise_id, en.name, s.need_id, n.title,
        s.start_date, s.end_date, s.service_days, s.service_type, s.content, s.outcome_summary,
        s.contract_amount_fen, s.investment_fen, s.policy_funds_fen, s.cost_saved_fen, s.output_value_fen,
        s.profit_tax_fen, s.patents, s.new_products, s.new_technologies, s.people_trained, s.needs_solved,
        s.created_at, s.updated_at, s.revision, s.satisfaction, s.evaluator, s.evaluated_on, s.evaluation_opinion,
        s.review_status, s.review_opinion, s.reviewed_by, s.reviewed_at
    FROM service_records s JOIN experts x ON x.id = s.expert_id JOIN enterprises en ON en.id = s.enterprise_id
        LEFT JOIN needs n ON n.id = s.need_id";

fn record_from_row(r: &Row<'_>) -> rusqlite::Result<ServiceRecord> {
    Ok(ServiceRecord {
        id: r.get(0)?,
        expert_id: r.get(1)?,
        expert_name: r.get(2)?,
        enterprise_id: r.get(3)?,
        enterprise_name: r.get(4)?,
        need_id: r.get(5)?,
        need_title: r.get(6)?,
        start_date: r.get(7)?,
        end_date: r.get(8)?,
        service_days: r.get(9)?,
        service_type: r.get(10)?,
        content: r.get(11)?,
        outcome_summary: r.get(12)?,
        outcomes: Outcomes::from_row(r, 13)?,
        review: Review::from_row(r, 31)?,
        stamps: Stamps::from_row(r, 24)?,
        evaluation: Evaluation {
            satisfaction: r.get(27)?,
            evaluator: r.get(28)?,
            evaluated_on: r.get(29)?,
            evaluation_opinion: r.get(30)?,
        },
    })
}

/// One service record (not in the recycle bin), with the names of its expert, enterprise and need.
pub fn get(conn: &Connection, id: &str) -> Result<ServiceRecord> {
    conn.prepare_cached(&format!("{RECORD_SELECT} WHERE s.id = ?1 AND s.deleted_at IS NULL"))?
        .query_row([id], record_from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: Entity::ServiceRecord, id: id.to_owned() })
}

/// Creates a service record inside the caller's transaction: validates (references included), inserts, audits.
pub fn create(conn: &Connection, actor: &Actor, input: &ServiceRecordInput, today: NaiveDate) -> Result<ServiceRecord> {
    let id = insert_new(conn, input, today, &actor.now(), review::entered_status(conn)?)?;
    audit::created(conn, actor, Entity::ServiceRecord, &id, get(conn, &id)?)
}

/// The checks a new service record gets (references included), without writing: the importer's preview.
pub(crate) fn check_new(conn: &Connection, input: &ServiceRecordInput, today: NaiveDate) -> Result<()> {
    validate(conn, input, today).map(drop)
}

/// Validates and inserts a new service record; returns its id (no audit: the caller writes it).
/// Stamped created and updated at `now`, with the 审核 status `review`.
pub(crate) fn insert_new(
    conn: &Connection,
    input: &ServiceRecordInput,
    today: NaiveDate,
    now: &str,
    review: ReviewStatus,
) -> Result<String> {
    let c = validate(conn, input, today)?;
    let id = new_id();
    let mut values = c.params(&id, &now);
    values.push(&review);
    conn.prepare_cached(&INSERT)?.execute(values.as_slice())?;
    Ok(id)
}

/// Edits a service record inside the caller's transaction: the same validation as [`create`], refused with
/// `conflict` when `expected_revision` is not the stored one; audited before → after.
pub fn update(
    conn: &Connection,
    actor: &Actor,
    id: &str,
    expected_revision: i32,
    input: &ServiceRecordInput,
    today: NaiveDate,
) -> Result<ServiceRecord> {
    let before = get(conn, id)?;
    record::check_revision(Entity::ServiceRecord, id, expected_revision, before.stamps.revision)?;
    let c = validate(conn, input, today)?;
    conn.prepare_cached(&UPDATE)?.execute(c.params(&id, &actor.now()).as_slice())?;
    review::after_edit(conn, ReviewKind::ServiceRecord, id)?;
    audit::updated(conn, actor, Entity::ServiceRecord, id, &before, get(conn, id)?)
}

/// The form pre-filled from the most recently created live record (of `expert_id` when given), or `None` when
/// there is none. Copied: expert, enterprise, need, service type and content — each reference only while it is
/// still live (a need also only while not merged), so the form never starts from a record that cannot be saved.
/// Not copied: both dates become `today`; the days become 1 (0.5 when the last record was half a day), which a
/// one-day period allows; the outcome summary, amounts and counts start blank, because outcomes are this record's
/// own figures. The names of the expert, enterprise and need copied come with it. UUIDv7 ids sort by creation time,
/// so the newest record is found on the primary-key index.
pub fn last_template(
    conn: &Connection,
    expert_id: Option<&str>,
    today: NaiveDate,
) -> Result<Option<ServiceRecordTemplate>> {
    let id: Option<String> = match expert_id {
        Some(expert) => conn
            .prepare_cached(
                "SELECT id FROM service_records WHERE expert_id = ?1 AND deleted_at IS NULL ORDER BY id DESC LIMIT 1",
            )?
            .query_row([expert], |r| r.get(0))
            .optional()?,
        None => conn
            .prepare_cached("SELECT id FROM service_records WHERE deleted_at IS NULL ORDER BY id DESC LIMIT 1")?
            .query_row([], |r| r.get(0))
            .optional()?,
    };
    let Some(id) = id else { return Ok(None) };
    let last = get(conn, &id)?;
    let need_usable = match &last.need_id {
        None => false,
        Some(need) => conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM needs WHERE id = ?1 AND deleted_at IS NULL AND stage <> 'merged')",
            )?
            .query_row([need], |r| r.get(0))?,
    };
    let expert_live = record::is_live(conn, Entity::Expert, &last.expert_id)?;
    let enterprise_live = record::is_live(conn, Entity::Enterprise, &last.enterprise_id)?;
    let named = |live: bool, name: String| if live { name } else { String::new() };
    let today = today.to_string();
    Ok(Some(ServiceRecordTemplate {
        expert_name: named(expert_live, last.expert_name),
        enterprise_name: named(enterprise_live, last.enterprise_name),
        need_title: last.need_title.filter(|_| need_usable),
        input: ServiceRecordInput {
            expert_id: expert_live.then_some(last.expert_id),
            enterprise_id: enterprise_live.then_some(last.enterprise_id),
            need_id: last.need_id.filter(|_| need_usable),
            start_date: Some(today.clone()),
            end_date: Some(today),
            service_days: last.service_days.min(1.0),
            service_type: Some(last.service_type),
            content: last.content.unwrap_or_default(),
            ..ServiceRecordInput::default()
        },
    }))
}

/// The outcome columns, in [`Outcomes`] order.
pub(crate) const OUTCOME_COLUMNS: [&str; 11] = [
    "contract_amount_fen",
    "investment_fen",
    "policy_funds_fen",
    "cost_saved_fen",
    "output_value_fen",
    "profit_tax_fen",
    "patents",
    "new_products",
    "new_technologies",
    "people_trained",
    "needs_solved",
];

impl Outcomes {
    /// The six amounts (fen, in the order of [`MONEY_FIELDS`]) and five counts (of [`COUNT_FIELDS`]).
    fn from_parts(money: [i64; 6], counts: [u32; 5]) -> Self {
        let [contract_amount_fen, investment_fen, policy_funds_fen, cost_saved_fen, output_value_fen, profit_tax_fen] =
            money;
        let [patents, new_products, new_technologies, people_trained, needs_solved] = counts;
        Self {
            contract_amount_fen,
            investment_fen,
            policy_funds_fen,
            cost_saved_fen,
            output_value_fen,
            profit_tax_fen,
            patents,
            new_products,
            new_technologies,
            people_trained,
            needs_solved,
        }
    }

    /// The amounts and counts in [`OUTCOME_COLUMNS`] order.
    pub(crate) fn parts(&self) -> ([i64; 6], [u32; 5]) {
        (
            [
                self.contract_amount_fen,
                self.investment_fen,
                self.policy_funds_fen,
                self.cost_saved_fen,
                self.output_value_fen,
                self.profit_tax_fen,
            ],
            [self.patents, self.new_products, self.new_technologies, self.people_trained, self.needs_solved],
        )
    }

    /// Read from a row: [`OUTCOME_COLUMNS`] from column `at` on.
    pub(crate) fn from_row(r: &Row<'_>, at: usize) -> rusqlite::Result<Self> {
        let mut money = [0_i64; 6];
        for (i, fen) in money.iter_mut().enumerate() {
            *fen = r.get(at + i)?;
        }
        let mut counts = [0_u32; 5];
        for (i, n) in counts.iter_mut().enumerate() {
            *n = r.get(at + 6 + i)?;
        }
        Ok(Self::from_parts(money, counts))
    }

    /// Adds `other` to these sums, figure by figure.
    pub fn add(&mut self, other: &Self) {
        let ((mut money, mut counts), (more_money, more_counts)) = (self.parts(), other.parts());
        money.iter_mut().zip(more_money).for_each(|(a, b)| *a += b);
        counts.iter_mut().zip(more_counts).for_each(|(a, b)| *a += b);
        *self = Self::from_parts(money, counts);
    }

    /// Takes `part` (sums of some of the records these sums cover) off these sums, figure by figure.
    pub(crate) fn subtract(&mut self, part: &Self) {
        let ((mut money, mut counts), (less_money, less_counts)) = (self.parts(), part.parts());
        money.iter_mut().zip(less_money).for_each(|(a, b)| *a -= b);
        counts.iter_mut().zip(less_counts).for_each(|(a, b)| *a = a.saturating_sub(b));
        *self = Self::from_parts(money, counts);
    }
}

/// The columns a form writes, in the order of [`Clean::params`] after the id.
const WRITTEN_COLUMNS: [&str; 9] = [
    "expert_id",
    "enterprise_id",
    "need_id",
    "start_date",
    "end_date",
    "service_days",
    "service_type",
    "content",
    "outcome_summary",
];

/// The 服务对象评价 columns, in [`Evaluation`] order.
const EVALUATION_COLUMNS: [&str; 4] = ["satisfaction", "evaluator", "evaluated_on", "evaluation_opinion"];

/// Every written column: the form's, then the outcomes', then the evaluation's.
fn written_columns() -> impl Iterator<Item = &'static str> {
    WRITTEN_COLUMNS.into_iter().chain(OUTCOME_COLUMNS).chain(EVALUATION_COLUMNS)
}

/// `?1` the id, `?2…?25` [`written_columns`], `?26` now (created and updated), `?27` the 审核 status.
static INSERT: LazyLock<String> = LazyLock::new(|| {
    let columns: Vec<&str> = written_columns().collect();
    let slots: Vec<String> = (2..columns.len() + 2).map(|n| format!("?{n}")).collect();
    let now = columns.len() + 2;
    let review = now + 1;
    format!(
        "INSERT INTO service_records (id, {}, created_at, updated_at, review_status)
         VALUES (?1, {}, ?{now}, ?{now}, ?{review})",
        columns.join(", "),
        slots.join(", ")
    )
});

/// The same parameters as [`INSERT`]: `?26` is the update's time; the revision goes up by one.
static UPDATE: LazyLock<String> = LazyLock::new(|| {
    let sets: Vec<String> = written_columns().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 2)).collect();
    let now = sets.len() + 2;
    format!(
        "UPDATE service_records SET {}, updated_at = ?{now}, revision = revision + 1 WHERE id = ?1",
        sets.join(", ")
    )
});

impl Clean {
    /// The parameters of [`INSERT`] and [`UPDATE`]: the id, [`written_columns`], the time.
    fn params<'a>(&'a self, id: &'a dyn ToSql, now: &'a dyn ToSql) -> Vec<&'a dyn ToSql> {
        let o = &self.outcomes;
        vec![
            id,
            &self.expert_id,
            &self.enterprise_id,
            &self.need_id,
            &self.start_date,
            &self.end_date,
            &self.service_days,
            &self.service_type,
            &self.content,
            &self.outcome_summary,
            &o.contract_amount_fen,
            &o.investment_fen,
            &o.policy_funds_fen,
            &o.cost_saved_fen,
            &o.output_value_fen,
            &o.profit_tax_fen,
            &o.patents,
            &o.new_products,
            &o.new_technologies,
            &o.people_trained,
            &o.needs_solved,
            &self.evaluation.satisfaction,
            &self.evaluation.evaluator,
            &self.evaluation.evaluated_on,
            &self.evaluation.evaluation_opinion,
            now,
        ]
    }
}

/// Fills the per-day totals, the per-month and per-year statistics tables (migration 0008) and the content search
/// index again from the service records, for after a bulk load that ran without their triggers, or anything that
/// may renumber rowids (VACUUM).
pub fn rebuild_derived(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM service_record_totals;
         INSERT INTO service_record_totals
         SELECT start_date, service_type, count(*), total(service_days), sum(contract_amount_fen),
                sum(investment_fen), sum(policy_funds_fen), sum(cost_saved_fen), sum(output_value_fen),
                sum(profit_tax_fen), sum(patents), sum(new_products), sum(new_technologies), sum(people_trained),
                sum(needs_solved)
         FROM service_records WHERE deleted_at IS NULL
         GROUP BY start_date, service_type;
         DELETE FROM service_record_months;
         INSERT INTO service_record_months
         SELECT g.month, g.expert_id, g.enterprise_id, n.province, n.city, n.county, g.records, g.service_days,
                g.contract_amount_fen, g.investment_fen, g.policy_funds_fen, g.cost_saved_fen, g.output_value_fen,
                g.profit_tax_fen, g.patents, g.new_products, g.new_technologies, g.people_trained, g.needs_solved
         FROM (SELECT substr(start_date, 1, 7) AS month, expert_id, enterprise_id, count(*) AS records,
                      total(service_days) AS service_days, sum(contract_amount_fen) AS contract_amount_fen,
                      sum(investment_fen) AS investment_fen, sum(policy_funds_fen) AS policy_funds_fen,
                      sum(cost_saved_fen) AS cost_saved_fen, sum(output_value_fen) AS output_value_fen,
                      sum(profit_tax_fen) AS profit_tax_fen, sum(patents) AS patents,
                      sum(new_products) AS new_products, sum(new_technologies) AS new_technologies,
                      sum(people_trained) AS people_trained, sum(needs_solved) AS needs_solved
               FROM service_records WHERE deleted_at IS NULL
               GROUP BY substr(start_date, 1, 7), expert_id, enterprise_id) g
         JOIN enterprises n ON n.id = g.enterprise_id;
         DELETE FROM service_record_years;
         INSERT INTO service_record_years
         SELECT substr(month, 1, 4), expert_id, enterprise_id, province, city, county, sum(records),
                total(service_days), sum(contract_amount_fen), sum(investment_fen), sum(policy_funds_fen),
                sum(cost_saved_fen), sum(output_value_fen), sum(profit_tax_fen), sum(patents), sum(new_products),
                sum(new_technologies), sum(people_trained), sum(needs_solved)
         FROM service_record_months
         GROUP BY substr(month, 1, 4), expert_id, enterprise_id;
         INSERT INTO service_records_fts (service_records_fts) VALUES ('rebuild');",
    )?;
    Ok(())
}

impl Ledger {
    /// Validates and saves a new service record.
    pub fn create_service_record(&self, input: &ServiceRecordInput) -> Result<ServiceRecord> {
        let today = self.today();
        self.db.write(|tx| create(tx, &self.actor, input, today))
    }

    /// Saves an edited service record; refused with `conflict` when it changed since `expected_revision` was read.
    pub fn update_service_record(
        &self,
        id: &str,
        expected_revision: i32,
        input: &ServiceRecordInput,
    ) -> Result<ServiceRecord> {
        let today = self.today();
        self.db.write(|tx| update(tx, &self.actor, id, expected_revision, input, today))
    }

    /// One service record with the names of its expert, enterprise and need.
    pub fn get_service_record(&self, id: &str) -> Result<ServiceRecord> {
        self.db.read(|c| get(c, id))
    }

    /// The fast-entry form pre-filled from the last record created (of `expert_id` when given); see
    /// [`last_template`] for what is copied.
    pub fn last_service_record_template(&self, expert_id: Option<&str>) -> Result<Option<ServiceRecordTemplate>> {
        let today = self.today();
        self.db.read(|c| last_template(c, expert_id, today))
    }
}
