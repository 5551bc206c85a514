//! 技术需求: validation of the need form, creation (from a visit in one step or on its own), editing, the record
//! with its matched experts and stage history, the paged list and the board. Stage changes and merging are in
//! [`crate::fieldwork::needs::stages`], matching experts in [`crate::fieldwork::needs::matching`].

use chrono::{Days, NaiveDate};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, ToSql};

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::exchange::provenance;
use crate::fieldwork::needs::stages::{is_open, needs_refined_problem, sql_list, BOARD_STAGES, OPEN_STAGES};
use crate::model::Entity;
use crate::model::Stamps;
use crate::model::{
    clamp_page, Need, NeedBoard, NeedBoardColumn, NeedInput, NeedMatch, NeedQuery, NeedRow, NeedSortKey, NeedSource,
    NeedStage, NeedStageEvent, NeedType, Page, Urgency, STALE_DAYS,
};
use crate::money;
use crate::normalize::{clean_optional, clean_text};
use crate::storage::audit;
use crate::storage::db;
use crate::storage::ids::new_id;
use crate::storage::record;
use crate::storage::search;
use crate::validate::date;
use crate::validate::limits;
use crate::Ledger;

/// The longest title accepted.
pub const MAX_TITLE_CHARS: usize = limits::LINE;
/// The longest original wording or refined statement accepted.
pub const MAX_TEXT_CHARS: usize = limits::LONG;
/// The longest 专业领域 accepted.
pub const MAX_DISCIPLINE_CHARS: usize = limits::TAG;

/// A need form after cleaning and checking.
struct Clean {
    enterprise_id: String,
    visit_id: Option<String>,
    /// The visit's date, when the need comes from a visit.
    visit_day: Option<NaiveDate>,
    source: NeedSource,
    title: String,
    original_text: Option<String>,
    refined_problem: Option<String>,
    refined_key_tech: Option<String>,
    refined_target: Option<String>,
    need_type: NeedType,
    discipline: Option<String>,
    budget_fen: Option<i64>,
    urgency: Urgency,
}

impl Clean {
    /// The form's columns, `enterprise_id` through `urgency`, as the INSERT and the UPDATE both bind them (`?2`…`?13`).
    fn form_values(&self) -> [&dyn ToSql; 12] {
        [
            &self.enterprise_id,
            &self.visit_id,
            &self.source,
            &self.title,
            &self.original_text,
            &self.refined_problem,
            &self.refined_key_tech,
            &self.refined_target,
            &self.need_type,
            &self.discipline,
            &self.budget_fen,
            &self.urgency,
        ]
    }
}

fn too_long(field: &str, label_zh: &str, label_en: &str, max: usize) -> FieldError {
    FieldError::new(
        field,
        format!("{label_zh}不能超过 {max} 个字"),
        format!("{label_en} must be at most {max} characters"),
    )
}

/// Cleans and checks a need form against the database (enterprise, visit); every problem at once.
fn validate(conn: &Connection, input: &NeedInput) -> Result<Clean> {
    let mut errors = Vec::new();
    let enterprise_id = input.enterprise_id.trim().to_owned();
    let enterprise_ok = !enterprise_id.is_empty() && record::is_live(conn, Entity::Enterprise, &enterprise_id)?;
    if !enterprise_ok {
        errors.push(FieldError::new(
            "enterpriseId",
            "请选择服务企业（所选企业不存在或已删除）",
            "Choose an existing enterprise",
        ));
    }
    let visit_id = clean_optional(input.visit_id.as_deref());
    let mut visit_day = None;
    if let Some(v) = &visit_id {
        let visit: Option<(String, String)> = conn
            .prepare_cached("SELECT enterprise_id, visit_date FROM visits WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row([v], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match visit {
            None => errors.push(FieldError::new(
                "visitId",
                "所选走访记录不存在或已删除",
                "The chosen visit does not exist or is in the recycle bin",
            )),
            Some((visit_enterprise, _)) if enterprise_ok && visit_enterprise != enterprise_id => {
                errors.push(FieldError::new(
                    "visitId",
                    "所选走访不是对该企业的走访",
                    "The chosen visit was not a visit to this enterprise",
                ))
            }
            Some((_, day)) => {
                visit_day = Some(date::parse_day(&day).map_err(|_| CoreError::CorruptValue(format!("visit {v} date")))?)
            }
        }
    }
    let source = match (input.source, &visit_id) {
        (None | Some(NeedSource::Visit), Some(_)) => Some(NeedSource::Visit),
        (Some(other), Some(_)) => {
            errors.push(FieldError::new(
                "source",
                format!("由走访发现的需求，来源应为“走访发现”，不能是“{}”", other.label_zh()),
                format!("A need found on a visit has the source 'visit', not '{}'", other.code()),
            ));
            None
        }
        (None, None) => {
            errors.push(FieldError::new("source", "请选择需求来源", "The source is required"));
            None
        }
        (Some(s), None) => Some(s),
    };
    let title = clean_text(&input.title);
    if title.is_empty() {
        errors.push(FieldError::new("title", "请输入需求名称", "The title is required"));
    } else if title.chars().count() > MAX_TITLE_CHARS {
        errors.push(too_long("title", "需求名称", "The title", MAX_TITLE_CHARS));
    }
    // The enterprise's wording is evidence: only the ends are trimmed, nothing inside is changed.
    let original_text = input.original_text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
    let mut long_text = |field: &str, label_zh: &str, label_en: &str, value: Option<String>| {
        if value.as_ref().is_some_and(|v| v.chars().count() > MAX_TEXT_CHARS) {
            errors.push(too_long(field, label_zh, label_en, MAX_TEXT_CHARS));
        }
        value
    };
    let original_text = long_text("originalText", "原始描述", "The original wording", original_text);
    let refined_problem = long_text(
        "refinedProblem",
        "凝练问题",
        "The refined problem",
        clean_optional(input.refined_problem.as_deref()),
    );
    let refined_key_tech = long_text(
        "refinedKeyTech",
        "关键技术",
        "The key technology",
        clean_optional(input.refined_key_tech.as_deref()),
    );
    let refined_target =
        long_text("refinedTarget", "预期目标", "The target", clean_optional(input.refined_target.as_deref()));
    if input.need_type.is_none() {
        errors.push(FieldError::new("needType", "请选择需求类型", "The need type is required"));
    }
    let discipline = clean_optional(input.discipline.as_deref());
    if discipline.as_ref().is_some_and(|d| d.chars().count() > MAX_DISCIPLINE_CHARS) {
        errors.push(too_long("discipline", "专业领域", "The discipline", MAX_DISCIPLINE_CHARS));
    }
    let budget_fen = match clean_optional(input.budget_wan.as_deref()) {
        None => None,
        Some(text) => money::parse_wan(&text).map_err(|e| errors.push(e.on("budgetWan"))).ok(),
    };
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    Ok(Clean {
        enterprise_id,
        visit_id,
        visit_day,
        source: source.expect("validated"),
        title,
        original_text,
        refined_problem,
        refined_key_tech,
        refined_target,
        need_type: input.need_type.expect("validated"),
        discipline,
        budget_fen,
        urgency: input.urgency.unwrap_or(Urgency::Normal),
    })
}

/// Writes one stage event of a need.
pub(crate) fn insert_event(
    conn: &Connection,
    need_id: &str,
    from: Option<NeedStage>,
    to: NeedStage,
    changed_on: NaiveDate,
    note: Option<&str>,
    now: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO need_stage_events (id, need_id, from_stage, to_stage, changed_on, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![new_id(), need_id, from, to, changed_on.to_string(), note, now])?;
    Ok(())
}

/// Creates a need in stage 挖掘 with its first stage event, dated the day of its visit (when found on one) or
/// `today`; audited.
pub fn create(conn: &Connection, actor: &Actor, input: &NeedInput, today: NaiveDate) -> Result<Need> {
    let id = insert_new(conn, input, today, &actor.now())?;
    audit::created(conn, actor, Entity::Need, &id, get(conn, &id)?)
}

/// Checks a new need as [`create`] would, writing nothing (the import's preview).
pub(crate) fn check_new(conn: &Connection, input: &NeedInput) -> Result<()> {
    validate(conn, input).map(drop)
}

/// Validates and inserts a new need in stage 挖掘 with its first stage event; returns its id (no audit: the caller
/// writes it). Stamped created and updated at `now`.
pub(crate) fn insert_new(conn: &Connection, input: &NeedInput, today: NaiveDate, now: &str) -> Result<String> {
    let clean = validate(conn, input)?;
    let found_on = clean.visit_day.unwrap_or(today);
    if found_on > today {
        return Err(CoreError::field(
            "visitId",
            format!("该走访日期（{found_on}）晚于今天，不能据此登记已发现的需求"),
            format!("The visit is dated {found_on}, after today; a need cannot have been found on it yet"),
        ));
    }
    let id = new_id();
    conn.execute(
        "INSERT INTO needs (id, enterprise_id, visit_id, source, title, original_text, refined_problem,
             refined_key_tech, refined_target, need_type, discipline, budget_fen, urgency, stage, stage_changed_on,
             created_at, updated_at, revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, 1)",
        params_from_iter([&id as &dyn ToSql].into_iter().chain(clean.form_values()).chain([
            &NeedStage::Discovered as &dyn ToSql,
            &found_on.to_string(),
            &now,
        ])),
    )?;
    insert_event(conn, &id, None, NeedStage::Discovered, found_on, None, now)?;
    Ok(id)
}

/// Fails with `conflict` unless the stored revision is the one the form was loaded with.
pub(crate) fn check_revision(need: &Need, expected: i32) -> Result<()> {
    record::check_revision(Entity::Need, &need.id, expected, need.stamps.revision)
}

/// Saves an edited need (never its stage: that is [`crate::fieldwork::needs::stages::change_stage`]). Refused for a merged need;
/// a need other needs were merged into keeps its enterprise (a merge joins needs of one enterprise); a need already
/// refined keeps a refined problem; audited before → after.
pub fn update(conn: &Connection, actor: &Actor, id: &str, expected_revision: i32, input: &NeedInput) -> Result<Need> {
    let before = get(conn, id)?;
    check_revision(&before, expected_revision)?;
    if before.stage == NeedStage::Merged {
        return Err(CoreError::field(
            "stage",
            "已合并的需求不能再编辑，请编辑它合并到的需求",
            "A merged need cannot be edited; edit the need it was merged into",
        ));
    }
    let clean = validate(conn, input)?;
    if clean.enterprise_id != before.enterprise_id {
        let merged_in: u32 = conn
            .prepare_cached("SELECT COUNT(*) FROM needs WHERE merged_into_id = ?1 AND deleted_at IS NULL")?
            .query_row([id], |r| r.get(0))?;
        if merged_in > 0 {
            return Err(CoreError::field(
                "enterpriseId",
                format!("已有 {merged_in} 项需求合并到该需求，不能更换企业"),
                format!("{merged_in} needs were merged into this one; its enterprise cannot change"),
            ));
        }
    }
    if needs_refined_problem(before.stage) && clean.refined_problem.is_none() {
        return Err(CoreError::field(
            "refinedProblem",
            format!("该需求已在“{}”阶段，凝练问题不能为空", before.stage.label_zh()),
            format!("The need is at stage '{}'; the refined problem cannot be empty", before.stage.code()),
        ));
    }
    conn.execute(
        "UPDATE needs SET enterprise_id = ?2, visit_id = ?3, source = ?4, title = ?5, original_text = ?6,
             refined_problem = ?7, refined_key_tech = ?8, refined_target = ?9, need_type = ?10, discipline = ?11,
             budget_fen = ?12, urgency = ?13, updated_at = ?14, revision = revision + 1
         WHERE id = ?1",
        params_from_iter(
            [&id as &dyn ToSql].into_iter().chain(clean.form_values()).chain([&actor.now() as &dyn ToSql]),
        ),
    )?;
    audit::updated(conn, actor, Entity::Need, id, &before, get(conn, id)?)
}

const NEED_SELECT: &str = "SELECT n.id, n.enterprise_id, en.name, n.visit_id, v.visit_date, n.source, n.title,
        n.original_text, n.refined_problem, n.refined_key_tech, n.refined_target, n.need_type, n.discipline,
        n.budget_fen, n.urgency, n.stage, n.stage_changed_on, n.merged_into_id, n.created_at, n.updated_at, n.revision
    FROM needs n JOIN enterprises en ON en.id = n.enterprise_id LEFT JOIN visits v ON v.id = n.visit_id";

fn need_from_row(r: &Row<'_>) -> rusqlite::Result<Need> {
    Ok(Need {
        id: r.get(0)?,
        enterprise_id: r.get(1)?,
        enterprise_name: r.get(2)?,
        visit_id: r.get(3)?,
        visit_date: r.get(4)?,
        source: r.get(5)?,
        title: r.get(6)?,
        original_text: r.get(7)?,
        refined_problem: r.get(8)?,
        refined_key_tech: r.get(9)?,
        refined_target: r.get(10)?,
        need_type: r.get(11)?,
        discipline: r.get(12)?,
        budget_fen: r.get(13)?,
        urgency: r.get(14)?,
        stage: r.get(15)?,
        stage_changed_on: r.get(16)?,
        merged_into_id: r.get(17)?,
        matches: Vec::new(),
        events: Vec::new(),
        stamps: Stamps::from_row(r, 18)?,
    })
}

const MATCH_SELECT: &str = "SELECT m.id, m.need_id, m.expert_id, x.name, m.method, m.matched_on, m.notes,
        m.created_at, m.revision
    FROM need_matches m JOIN experts x ON x.id = m.expert_id";

fn match_from_row(r: &Row<'_>) -> rusqlite::Result<NeedMatch> {
    Ok(NeedMatch {
        id: r.get(0)?,
        need_id: r.get(1)?,
        expert_id: r.get(2)?,
        expert_name: r.get(3)?,
        method: r.get(4)?,
        matched_on: r.get(5)?,
        notes: r.get(6)?,
        created_at: r.get(7)?,
        revision: r.get(8)?,
    })
}

/// One live match by id.
pub(crate) fn get_match(conn: &Connection, match_id: &str) -> Result<NeedMatch> {
    conn.prepare_cached(&format!("{MATCH_SELECT} WHERE m.id = ?1 AND m.deleted_at IS NULL"))?
        .query_row([match_id], match_from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: Entity::NeedMatch, id: match_id.to_owned() })
}

/// The live matches of a need, in the order they were made.
pub(crate) fn matches_of(conn: &Connection, need_id: &str) -> Result<Vec<NeedMatch>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{MATCH_SELECT} WHERE m.need_id = ?1 AND m.deleted_at IS NULL ORDER BY m.matched_on, m.created_at, m.id"
    ))?;
    let rows = db::read_rows(&mut stmt, [need_id], match_from_row)?;
    Ok(rows)
}

fn events_of(conn: &Connection, need_id: &str) -> Result<Vec<NeedStageEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, from_stage, to_stage, changed_on, note, created_at FROM need_stage_events
         WHERE need_id = ?1 ORDER BY changed_on, created_at, rowid",
    )?;
    let rows = db::read_rows(&mut stmt, [need_id], |r| {
        Ok(NeedStageEvent {
            id: r.get(0)?,
            from_stage: r.get(1)?,
            to_stage: r.get(2)?,
            changed_on: r.get(3)?,
            note: r.get(4)?,
            created_at: r.get(5)?,
        })
    })?;
    Ok(rows)
}

/// One live need with its enterprise's name, its live matches and its stage history.
pub fn get(conn: &Connection, id: &str) -> Result<Need> {
    let mut need = conn
        .prepare_cached(&format!("{NEED_SELECT} WHERE n.id = ?1 AND n.deleted_at IS NULL"))?
        .query_row([id], need_from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: Entity::Need, id: id.to_owned() })?;
    need.matches = matches_of(conn, id)?;
    need.events = events_of(conn, id)?;
    Ok(need)
}

/// The WHERE clause of a list or board query, its arguments, and the common table it reads.
struct Filter {
    /// The needs table as a statement that reads every match reads it: a short (LIKE) search reads every row
    /// anyway, and one pass over the table beats walking an index and fetching each row from it (measured on 20,000
    /// needs: about 4 times faster).
    table: &'static str,
    /// When searching: the body of the `firms` table, the enterprises whose name matches, computed once per
    /// statement however many times the statement reads it.
    firms: Option<String>,
    condition: String,
    args: Vec<Box<dyn ToSql>>,
}

impl Filter {
    /// The `WITH` clause of a statement over this filter, ending with the statement's own common tables `more`.
    fn with(&self, more: &[String]) -> String {
        let tables: Vec<String> = self
            .firms
            .iter()
            .map(|body| format!("firms AS MATERIALIZED ({body})"))
            .chain(more.iter().cloned())
            .collect();
        if tables.is_empty() {
            String::new()
        } else {
            format!("WITH {}", tables.join(", "))
        }
    }

    fn args(&self) -> Vec<&dyn ToSql> {
        self.args.iter().map(|a| a.as_ref()).collect()
    }
}

/// The last day of a stage change that makes an open need stale as of `today`.
fn stale_cutoff(today: NaiveDate) -> String {
    (today - Days::new(STALE_DAYS as u64)).to_string()
}

/// Needs whose title, original wording or (live) enterprise's name contains `text`: the condition, and the body of
/// the `firms` table it reads. Three or more characters go through the trigram indexes (`needs_fts`, and the `name`
/// column of `enterprises_fts`); shorter text through escaped LIKE (the names then from the covering index
/// `enterprises_live_name`).
fn search_condition(text: &str, args: &mut Vec<Box<dyn ToSql>>) -> (String, String) {
    if search::uses_like(text) {
        args.push(Box::new(format!("%{}%", search::escape_like(text))));
        let n = args.len();
        (
            format!(
                "(n.title LIKE ?{n} ESCAPE '\\' OR n.original_text LIKE ?{n} ESCAPE '\\' OR n.enterprise_id IN firms)"
            ),
            format!("SELECT id FROM enterprises WHERE deleted_at IS NULL AND name LIKE ?{n} ESCAPE '\\'"),
        )
    } else {
        args.push(Box::new(search::fts_literal(text)));
        args.push(Box::new(format!("name : {}", search::fts_literal(text))));
        let (needs, names) = (args.len() - 1, args.len());
        (
            format!(
                "(n.rowid IN (SELECT rowid FROM needs_fts WHERE needs_fts MATCH ?{needs}) OR n.enterprise_id IN firms)"
            ),
            format!(
                "SELECT id FROM enterprises WHERE deleted_at IS NULL
                 AND rowid IN (SELECT rowid FROM enterprises_fts WHERE enterprises_fts MATCH ?{names})"
            ),
        )
    }
}

/// The filter of `q`, restricted to `stages` (empty: every stage but 已合并).
fn filter(conn: &Connection, q: &NeedQuery, stages: &[NeedStage], today: NaiveDate) -> Result<Filter> {
    let mut conditions = vec!["n.deleted_at IS NULL".to_owned()];
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    if stages.is_empty() {
        conditions.push(format!("n.stage <> '{}'", NeedStage::Merged.code()));
    } else {
        conditions.push(format!("n.stage IN ({})", sql_list(stages)));
    }
    let (mut firms, mut table) = (None, "needs n");
    if let Some(text) = search::clean_query(q.search.as_deref()) {
        if search::uses_like(&text) {
            table = "needs n NOT INDEXED";
        }
        let (condition, firms_body) = search_condition(&text, &mut args);
        conditions.push(condition);
        firms = Some(firms_body);
    }
    if let Some(enterprise) = clean_optional(q.enterprise_id.as_deref()) {
        args.push(Box::new(enterprise));
        conditions.push(format!("n.enterprise_id = ?{}", args.len()));
    }
    if let Some(t) = q.need_type {
        args.push(Box::new(t));
        conditions.push(format!("n.need_type = ?{}", args.len()));
    }
    if let Some(u) = q.urgency {
        args.push(Box::new(u));
        conditions.push(format!("n.urgency = ?{}", args.len()));
    }
    if let Some(expert) = clean_optional(q.expert_id.as_deref()) {
        args.push(Box::new(expert));
        conditions.push(format!(
            "n.id IN (SELECT need_id FROM need_matches WHERE expert_id = ?{} AND deleted_at IS NULL)",
            args.len()
        ));
    }
    if q.stale {
        args.push(Box::new(stale_cutoff(today)));
        conditions.push(format!("n.stage IN ({}) AND n.stage_changed_on <= ?{}", sql_list(&OPEN_STAGES), args.len()));
    }
    conditions.extend(provenance::list_filter(conn, q.origins.as_deref(), "needs", "n.id", &mut args)?);
    Ok(Filter { table, firms, condition: conditions.join(" AND "), args })
}

fn count(conn: &Connection, f: &Filter) -> Result<u32> {
    let sql = format!("{} SELECT COUNT(*) FROM {} WHERE {}", f.with(&[]), f.table, f.condition);
    Ok(conn.prepare_cached(&sql)?.query_row(f.args().as_slice(), |r| r.get(0))?)
}

/// Which of the needs that match a filter [`rows`] returns.
enum Pick {
    /// One page in the query's order.
    Page { limit: u32, offset: u64 },
    /// The first `n` of each of these stages in the query's order.
    FirstOfEachStage(u32, Vec<NeedStage>),
}

/// The rows `pick` chooses among those of `f`, in the order of `q`. The needs are chosen first (from the indexes),
/// and only they are joined with their enterprise and matched experts.
fn rows(conn: &Connection, f: &Filter, q: &NeedQuery, pick: Pick, today: NaiveDate) -> Result<Vec<NeedRow>> {
    let order = q.order.sql();
    let sort = match q.sort {
        NeedSortKey::StageChangedOn => format!("n.stage_changed_on {order}, n.id {order}"),
        NeedSortKey::CreatedAt => format!("n.created_at {order}, n.id {order}"),
        // The expression of the index needs_live_urgency (migration 0006), so the sort can walk it.
        NeedSortKey::Urgency => format!(
            "(CASE urgency WHEN 'high' THEN 3 WHEN 'normal' THEN 2 ELSE 1 END) {order}, n.stage_changed_on {order}, \
             n.id {order}"
        ),
    };
    let condition = &f.condition;
    let chosen = match pick {
        Pick::Page { limit, offset } => {
            format!(
                "SELECT n.rowid AS row FROM {table} WHERE {condition} ORDER BY {sort} LIMIT {limit} OFFSET {offset}",
                table = f.table
            )
        }
        // One LIMIT per stage, each walking its stage in the stage index (even when searching: the rows of one
        // stage, not the whole table), rather than ranking every need.
        Pick::FirstOfEachStage(first, stages) => stages
            .iter()
            .map(|stage| {
                format!(
                    "SELECT row FROM (SELECT n.rowid AS row FROM needs n WHERE n.stage = '{}' AND {condition}
                     ORDER BY {sort} LIMIT {first})",
                    stage.code()
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL "),
    };
    let sql = format!(
        "{with}
         SELECT n.id, n.title, n.enterprise_id, en.name, n.source, n.need_type, n.discipline, n.budget_fen, n.urgency,
                n.stage, n.stage_changed_on, n.created_at,
                (SELECT json_group_array(name) FROM
                    (SELECT x.name FROM need_matches m JOIN experts x ON x.id = m.expert_id
                     WHERE m.need_id = n.id AND m.deleted_at IS NULL ORDER BY x.name, x.id))
         FROM chosen JOIN needs n ON n.rowid = chosen.row JOIN enterprises en ON en.id = n.enterprise_id
         ORDER BY {sort}",
        with = f.with(&[format!("chosen AS ({chosen})")]),
    );
    let cutoff = stale_cutoff(today);
    let args = f.args();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = db::read_rows(&mut stmt, args.as_slice(), |r| {
        let stage: NeedStage = r.get(9)?;
        let stage_changed_on: String = r.get(10)?;
        Ok(NeedRow {
            id: r.get(0)?,
            title: r.get(1)?,
            enterprise_id: r.get(2)?,
            enterprise_name: r.get(3)?,
            source: r.get(4)?,
            need_type: r.get(5)?,
            discipline: r.get(6)?,
            budget_fen: r.get(7)?,
            urgency: r.get(8)?,
            stale: is_open(stage) && stage_changed_on <= cutoff,
            stage,
            stage_changed_on,
            expert_names: db::json_column(r, 12)?,
            created_at: r.get(11)?,
            origins: Vec::new(),
        })
    })?;
    provenance::fill_origins(conn, "needs", &mut rows, |x| &x.id, |x, o| x.origins = o)?;
    Ok(rows)
}

/// A page of the need list, filtered and sorted as asked; `today` decides which needs are stale.
pub fn list(conn: &Connection, q: &NeedQuery, today: NaiveDate) -> Result<Page<NeedRow>> {
    let (page, page_size, offset) = clamp_page(q.page, q.page_size);
    let f = filter(conn, q, &q.stages, today)?;
    let total = count(conn, &f)?;
    let items = rows(conn, &f, q, Pick::Page { limit: page_size, offset }, today)?;
    Ok(Page { items, total, page, page_size })
}

/// The board: for each stage in board order, the number of needs that match `q` and the first `per_column` of them
/// in the order of `q` (its paging is ignored). A stage `q.stages` leaves out shows an empty column. Two statements
/// in all (the counts by stage, the first cards of every stage), so a search reads the enterprise names twice, not
/// twice a column.
pub fn board(conn: &Connection, q: &NeedQuery, per_column: u32, today: NaiveDate) -> Result<NeedBoard> {
    let (_, per_column, _) = clamp_page(1, per_column);
    let stages: Vec<NeedStage> =
        BOARD_STAGES.into_iter().filter(|s| q.stages.is_empty() || q.stages.contains(s)).collect();
    let mut columns: Vec<NeedBoardColumn> =
        BOARD_STAGES.into_iter().map(|stage| NeedBoardColumn { stage, count: 0, cards: Vec::new() }).collect();
    if stages.is_empty() {
        return Ok(NeedBoard { columns });
    }
    let f = filter(conn, q, &stages, today)?;
    let args = f.args();
    let sql =
        format!("{} SELECT n.stage, COUNT(*) FROM {} WHERE {} GROUP BY n.stage", f.with(&[]), f.table, f.condition);
    let mut stmt = conn.prepare_cached(&sql)?;
    let counts = stmt.query_map(args.as_slice(), |r| Ok((r.get::<_, NeedStage>(0)?, r.get::<_, u32>(1)?)))?;
    for row in counts {
        let (stage, count) = row?;
        if let Some(column) = columns.iter_mut().find(|c| c.stage == stage) {
            column.count = count;
        }
    }
    for card in rows(conn, &f, q, Pick::FirstOfEachStage(per_column, stages), today)? {
        if let Some(column) = columns.iter_mut().find(|c| c.stage == card.stage) {
            column.cards.push(card);
        }
    }
    Ok(NeedBoard { columns })
}

impl Ledger {
    /// Saves a new need (stage 挖掘), found on a visit or on its own.
    pub fn create_need(&self, input: &NeedInput) -> Result<Need> {
        let today = self.today();
        self.db.write(|tx| create(tx, &self.actor, input, today))
    }

    /// Saves an edited need (not its stage).
    pub fn update_need(&self, id: &str, expected_revision: i32, input: &NeedInput) -> Result<Need> {
        self.db.write(|tx| update(tx, &self.actor, id, expected_revision, input))
    }

    /// One need with its matched experts and stage history.
    pub fn get_need(&self, id: &str) -> Result<Need> {
        self.db.read_snapshot(|c| get(c, id))
    }

    /// A page of the need list.
    pub fn list_needs(&self, query: &NeedQuery) -> Result<Page<NeedRow>> {
        let today = self.today();
        self.db.read_snapshot(|c| list(c, query, today))
    }

    /// The needs board: six columns with their counts and first `per_column` cards.
    pub fn needs_board(&self, query: &NeedQuery, per_column: u32) -> Result<NeedBoard> {
        let today = self.today();
        self.db.read_snapshot(|c| board(c, query, per_column, today))
    }
}

pub mod matching;
pub mod stages;
