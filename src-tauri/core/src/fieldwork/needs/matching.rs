//! 精准特派: suggesting experts for a need, and matching experts to needs (推荐/认领/指派) or taking a match back.
//!
//! # Scoring
//!
//! Every live, 在岗 (active) expert is scored against the need; each part of the score is one reason shown to the
//! coordinator with its points:
//!
//! - 专业领域 (discipline): [`SAME_DISCIPLINE`] when the expert's discipline is the need's; [`RELATED_DISCIPLINE`]
//!   when one contains the other (材料 / 材料科学与工程);
//! - 专长 (specialty): [`PER_SPECIALTY`] for each of the expert's specialty tags (2+ characters) found as a substring
//!   of the need's discipline, title or refined key technology, at most [`MAX_SPECIALTIES`] tags;
//! - 地区 (region): [`SAME_CITY`] when the expert's organisation's region names the enterprise's city, or the expert
//!   is paired with an enterprise in that city; else [`SAME_PROVINCE`] for the province;
//! - 成效 (results): [`PER_SOLVED`] for each solved need of the same type the expert was matched to, at most
//!   [`MAX_SOLVED`];
//! - 负荷 (load): [`LOAD_BASE`] − [`PER_OPEN_NEED`] for each open need the expert is matched to (not counting this
//!   one) − 1 for each [`DAYS_PER_POINT`] service days started in the last [`RECENT_DAYS`] days, not below 0.
//!
//! Region names are compared without their 省/市/自治区 suffix (浙江省杭州市 names 杭州市). Experts with no points
//! from discipline, specialty, region or results are left out (an idle expert is not a match), except those
//! already matched to the need, which are always listed and marked. The list is ordered by score (highest first),
//! then name, then id, so the same data always gives the same order.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::fieldwork::needs;
use crate::fieldwork::needs::stages::{needs_expert, sql_list, OPEN_STAGES};
use crate::model::Entity;
use crate::model::{
    clamp_page, ExpertStatus, ExpertSuggestion, ExpertTitle, MatchInput, MatchReason, MatchReasonKind, Need, NeedMatch,
    NeedStage,
};
use crate::normalize::clean_optional;
use crate::storage::audit::{self, AuditAction};
use crate::storage::db;
use crate::storage::ids::new_id;
use crate::validate::date;
use crate::validate::limits::{self, Form};
use crate::Ledger;

/// Points for the same 专业领域.
pub const SAME_DISCIPLINE: i32 = 30;
/// Points for a 专业领域 that contains the other.
pub const RELATED_DISCIPLINE: i32 = 15;
/// Points per specialty tag found in the need.
pub const PER_SPECIALTY: i32 = 12;
/// The most specialty tags that count.
pub const MAX_SPECIALTIES: usize = 3;
/// Points for the same city.
pub const SAME_CITY: i32 = 20;
/// Points for the same province (and another city).
pub const SAME_PROVINCE: i32 = 10;
/// Points per solved need of the same type.
pub const PER_SOLVED: i32 = 8;
/// The most solved needs that count.
pub const MAX_SOLVED: u32 = 3;
/// Load points of an expert with nothing on hand.
pub const LOAD_BASE: i32 = 20;
/// Load points lost per open need.
pub const PER_OPEN_NEED: i32 = 4;
/// Service days that cost one load point.
pub const DAYS_PER_POINT: f64 = 5.0;
/// The window of recent service, in days up to today.
pub const RECENT_DAYS: u64 = 90;

/// A place name without its administrative suffix (浙江省 → 浙江, 杭州市 → 杭州), kept whole when that would leave
/// fewer than two characters.
fn region_core(name: &str) -> &str {
    for suffix in ["特别行政区", "自治区", "自治州", "地区", "省", "市"] {
        if let Some(core) = name.strip_suffix(suffix) {
            if core.chars().count() >= 2 {
                return core;
            }
        }
    }
    name
}

/// An expert as the scoring reads it.
struct Candidate {
    id: String,
    name: String,
    title: ExpertTitle,
    organization_name: Option<String>,
    organization_region: Option<String>,
    discipline: Option<String>,
    specialties: Vec<String>,
}

fn candidates(conn: &Connection) -> Result<Vec<Candidate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.name, e.title, o.name, o.region, e.discipline, e.specialties
         FROM experts e LEFT JOIN organizations o ON o.id = e.organization_id
         WHERE e.deleted_at IS NULL AND e.status = ?1",
    )?;
    let rows = db::read_rows(&mut stmt, [ExpertStatus::Active], |r| {
        Ok(Candidate {
            id: r.get(0)?,
            name: r.get(1)?,
            title: r.get(2)?,
            organization_name: r.get(3)?,
            organization_region: r.get(4)?,
            discipline: r.get(5)?,
            specialties: db::json_column(r, 6)?,
        })
    })?;
    Ok(rows)
}

/// A per-expert figure from a grouped query.
fn per_expert<T: rusqlite::types::FromSql>(
    conn: &Connection,
    sql: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<HashMap<String, T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(args, |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(rows)
}

fn discipline_reason(need: &Need, expert: &Candidate) -> Option<MatchReason> {
    let (need_d, expert_d) = (need.discipline.as_deref()?, expert.discipline.as_deref()?);
    let (points, zh, en) = if need_d == expert_d {
        (SAME_DISCIPLINE, format!("专业领域一致：{expert_d}"), format!("Same discipline: {expert_d}"))
    } else if need_d.chars().count() >= 2
        && expert_d.chars().count() >= 2
        && (need_d.contains(expert_d) || expert_d.contains(need_d))
    {
        (
            RELATED_DISCIPLINE,
            format!("专业领域相近：专员“{expert_d}”，需求“{need_d}”"),
            format!("Related discipline: expert {expert_d}, need {need_d}"),
        )
    } else {
        return None;
    };
    Some(MatchReason { kind: MatchReasonKind::Discipline, detail: zh, detail_en: en, points })
}

fn specialty_reason(need_text: &str, expert: &Candidate) -> Option<MatchReason> {
    let found: Vec<&str> = expert
        .specialties
        .iter()
        .map(String::as_str)
        .filter(|tag| tag.chars().count() >= 2 && need_text.contains(&tag.to_lowercase()))
        .take(MAX_SPECIALTIES)
        .collect();
    if found.is_empty() {
        return None;
    }
    Some(MatchReason {
        kind: MatchReasonKind::Specialty,
        detail: format!("专长与需求相符：{}", found.join("、")),
        detail_en: format!("Specialties found in the need: {}", found.join(", ")),
        points: PER_SPECIALTY * found.len() as i32,
    })
}

/// The need's enterprise's place and the number of enterprises in its city and province each expert is paired with.
struct Place {
    province: Option<String>,
    city: Option<String>,
    /// Expert → (paired enterprises in the city, in the province).
    paired: HashMap<String, (u32, u32)>,
}

fn place(conn: &Connection, need: &Need) -> Result<Place> {
    let (province, city): (Option<String>, Option<String>) = conn
        .prepare_cached("SELECT province, city FROM enterprises WHERE id = ?1")?
        .query_row([&need.enterprise_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut paired = HashMap::new();
    if province.is_some() || city.is_some() {
        let mut stmt = conn.prepare_cached(
            "SELECT a.expert_id, COUNT(DISTINCT a.enterprise_id) FILTER (WHERE en.city = ?2),
                    COUNT(DISTINCT a.enterprise_id) FILTER (WHERE en.province = ?1)
             FROM assignments a JOIN enterprises en ON en.id = a.enterprise_id
             WHERE a.deleted_at IS NULL AND en.deleted_at IS NULL AND (en.province = ?1 OR en.city = ?2)
             GROUP BY a.expert_id",
        )?;
        let rows = stmt.query_map(params![province, city], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))?;
        for row in rows {
            let (expert, counts) = row?;
            paired.insert(expert, counts);
        }
    }
    Ok(Place { province, city, paired })
}

fn region_reason(place: &Place, expert: &Candidate) -> Option<MatchReason> {
    let org_names = |area: &str| {
        let region = expert.organization_region.as_deref()?;
        region.contains(region_core(area)).then(|| {
            let org = expert.organization_name.as_deref().unwrap_or("派出单位");
            (format!("派出单位{org}（{region}）在{area}"), format!("the organisation {org} ({region}) is in {area}"))
        })
    };
    let (in_city, in_province) = place.paired.get(&expert.id).copied().unwrap_or((0, 0));
    let paired = |area: &str, n: u32| {
        (n > 0).then(|| (format!("在{area}结对服务 {n} 家企业"), format!("paired with {n} enterprises in {area}")))
    };
    for (area, n, points) in [(&place.city, in_city, SAME_CITY), (&place.province, in_province, SAME_PROVINCE)] {
        let Some(area) = area.as_deref() else { continue };
        let parts: Vec<(String, String)> = [org_names(area), paired(area, n)].into_iter().flatten().collect();
        if parts.is_empty() {
            continue;
        }
        let zh: Vec<&str> = parts.iter().map(|(zh, _)| zh.as_str()).collect();
        let en: Vec<&str> = parts.iter().map(|(_, en)| en.as_str()).collect();
        let level_en = if points == SAME_CITY { "Same city" } else { "Same province" };
        let level_zh = if points == SAME_CITY { "同城" } else { "同省" };
        return Some(MatchReason {
            kind: MatchReasonKind::Region,
            detail: format!("{level_zh}：{}", zh.join("；")),
            detail_en: format!("{level_en}: {}", en.join("; ")),
            points,
        });
    }
    None
}

fn results_reason(need: &Need, solved: u32) -> Option<MatchReason> {
    (solved > 0).then(|| {
        let t = need.need_type;
        MatchReason {
            kind: MatchReasonKind::Results,
            detail: format!("已解决同类（{}）需求 {solved} 项", t.label_zh()),
            detail_en: format!("Helped solve {solved} needs of the same type ({})", t.code()),
            points: PER_SOLVED * solved.min(MAX_SOLVED) as i32,
        }
    })
}

fn load_reason(open: u32, days: f64) -> MatchReason {
    let cost = PER_OPEN_NEED * open as i32 + (days / DAYS_PER_POINT).floor() as i32;
    MatchReason {
        kind: MatchReasonKind::Load,
        detail: format!("当前负荷：在办需求 {open} 项，近 {RECENT_DAYS} 天服务 {days} 天"),
        detail_en: format!("Current load: {open} open needs, {days} service days in the last {RECENT_DAYS} days"),
        points: (LOAD_BASE - cost).max(0),
    }
}

/// Service days of the records each candidate started in the last [`RECENT_DAYS`] days up to `today`. Summed here
/// in the order the date index gives, rather than grouped in SQL: the last 90 days of a large ledger hold about
/// 150,000 records, and sorting them by expert for a GROUP BY took longer than the reading.
fn recent_days(conn: &Connection, candidates: &[Candidate], today: NaiveDate) -> Result<HashMap<String, f64>> {
    let mut days: HashMap<String, f64> = candidates.iter().map(|c| (c.id.clone(), 0.0)).collect();
    let since = (today - Days::new(RECENT_DAYS)).to_string();
    let mut stmt = conn.prepare_cached(
        "SELECT expert_id, service_days FROM service_records
         WHERE deleted_at IS NULL AND start_date >= ?1 AND start_date <= ?2",
    )?;
    let mut rows = stmt.query(params![since, today.to_string()])?;
    while let Some(row) = rows.next()? {
        let expert = row.get_ref(0)?.as_str().map_err(|e| CoreError::CorruptValue(format!("service record: {e}")))?;
        if let Some(total) = days.get_mut(expert) {
            *total += row.get::<_, f64>(1)?;
        }
    }
    Ok(days)
}

/// The experts suggested for a need as of `today`, best first, at most `limit` (1–500), each with its reasons.
pub fn suggest(conn: &Connection, need_id: &str, limit: u32, today: NaiveDate) -> Result<Vec<ExpertSuggestion>> {
    let (_, limit, _) = clamp_page(1, limit);
    let need = needs::get(conn, need_id)?;
    let need_text = [need.discipline.as_deref(), Some(need.title.as_str()), need.refined_key_tech.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let place = place(conn, &need)?;
    let open: HashMap<String, u32> = per_expert(
        conn,
        &format!(
            "SELECT m.expert_id, COUNT(DISTINCT m.need_id) FROM need_matches m JOIN needs n ON n.id = m.need_id
             WHERE m.deleted_at IS NULL AND n.deleted_at IS NULL AND n.stage IN ({}) AND m.need_id <> ?1
             GROUP BY m.expert_id",
            sql_list(&OPEN_STAGES)
        ),
        &[&need.id],
    )?;
    let solved: HashMap<String, u32> = per_expert(
        conn,
        "SELECT m.expert_id, COUNT(DISTINCT m.need_id) FROM need_matches m JOIN needs n ON n.id = m.need_id
         WHERE m.deleted_at IS NULL AND n.deleted_at IS NULL AND n.stage = ?1 AND n.need_type = ?2 AND m.need_id <> ?3
         GROUP BY m.expert_id",
        &[&NeedStage::Solved, &need.need_type, &need.id],
    )?;
    let candidates = candidates(conn)?;
    let days = recent_days(conn, &candidates, today)?;
    let mut out: Vec<ExpertSuggestion> = candidates
        .into_iter()
        .filter_map(|expert| {
            let match_id = need.matches.iter().find(|m| m.expert_id == expert.id).map(|m| m.id.clone());
            let mut reasons: Vec<MatchReason> = [
                discipline_reason(&need, &expert),
                specialty_reason(&need_text, &expert),
                region_reason(&place, &expert),
                results_reason(&need, solved.get(&expert.id).copied().unwrap_or(0)),
            ]
            .into_iter()
            .flatten()
            .collect();
            if reasons.is_empty() && match_id.is_none() {
                return None;
            }
            let open_needs = open.get(&expert.id).copied().unwrap_or(0);
            let recent_service_days = days.get(&expert.id).copied().unwrap_or(0.0);
            reasons.push(load_reason(open_needs, recent_service_days));
            Some(ExpertSuggestion {
                score: reasons.iter().map(|r| r.points).sum(),
                reasons,
                expert_id: expert.id,
                name: expert.name,
                title: expert.title,
                organization_name: expert.organization_name,
                discipline: expert.discipline,
                specialties: expert.specialties,
                open_needs,
                recent_service_days,
                match_id,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.score.cmp(&a.score).then_with(|| a.name.cmp(&b.name)).then_with(|| a.expert_id.cmp(&b.expert_id))
    });
    out.truncate(limit as usize);
    Ok(out)
}

fn insert_match(
    conn: &Connection,
    need_id: &str,
    expert_id: &str,
    method: crate::model::MatchMethod,
    matched_on: &str,
    notes: Option<&str>,
    now: &str,
) -> Result<String> {
    let id = new_id();
    conn.prepare_cached(
        "INSERT INTO need_matches (id, need_id, expert_id, method, matched_on, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![id, need_id, expert_id, method, matched_on, notes, now])?;
    Ok(id)
}

/// Matches an expert to a need inside the caller's transaction: the need is not merged, the expert is live and 在岗
/// and not already matched to it (live), the method is given, and the day (default `default_day`) is real and not
/// after `today`; audited.
pub(crate) fn add_match(
    conn: &Connection,
    actor: &Actor,
    need: &Need,
    input: &MatchInput,
    default_day: NaiveDate,
    today: NaiveDate,
) -> Result<NeedMatch> {
    if need.stage == NeedStage::Merged {
        return Err(CoreError::field(
            "expertId",
            "已合并的需求不能再对接专员，请在它合并到的需求上对接",
            "A merged need takes no more experts; match them to the need it was merged into",
        ));
    }
    let mut errors = Vec::new();
    let expert_id = input.expert_id.trim().to_owned();
    let status: Option<ExpertStatus> = if expert_id.is_empty() {
        None
    } else {
        conn.prepare_cached("SELECT status FROM experts WHERE id = ?1 AND deleted_at IS NULL")?
            .query_row([&expert_id], |r| r.get(0))
            .optional()?
    };
    match status {
        None => errors.push(FieldError::new(
            "expertId",
            "请选择科技专员（所选专员不存在或已删除）",
            "Choose an existing expert",
        )),
        Some(ExpertStatus::Active) => {}
        Some(other) => errors.push(FieldError::new(
            "expertId",
            format!("该专员当前状态为“{}”，不能对接新需求", other.label_zh()),
            format!("The expert's status is '{}'; only active experts can be matched", other.code()),
        )),
    }
    if input.method.is_none() {
        errors.push(FieldError::new("method", "请选择对接方式（推荐/认领/指派）", "Choose the method"));
    }
    let matched_on = match clean_optional(input.matched_on.as_deref()) {
        None => Some(default_day),
        Some(raw) => match date::parse_plausible_day(&raw, today) {
            Err(e) => {
                errors.push(e.on("matchedOn"));
                None
            }
            Ok(d) if d > today => {
                errors.push(FieldError::new("matchedOn", "对接日期不能晚于今天", "The date cannot be in the future"));
                None
            }
            Ok(d) => Some(d),
        },
    };
    limits::check(Form::Match, &[("notes", input.notes.as_deref())], &mut errors);
    if !errors.is_empty() {
        return Err(CoreError::Validation(errors));
    }
    if let Some(existing) = need.matches.iter().find(|m| m.expert_id == expert_id) {
        return Err(CoreError::Duplicate {
            existing_id: existing.id.clone(),
            field: "expertId".to_owned(),
            message: format!("专员“{}”已对接该需求", existing.expert_name),
            message_en: format!("{} is already matched to this need", existing.expert_name),
        });
    }
    let notes = clean_optional(input.notes.as_deref());
    let day = matched_on.expect("validated").to_string();
    let id = insert_match(
        conn,
        &need.id,
        &expert_id,
        input.method.expect("validated"),
        &day,
        notes.as_deref(),
        &actor.now(),
    )?;
    audit::created(conn, actor, Entity::NeedMatch, &id, needs::get_match(conn, &id)?)
}

/// Copies a match of a merged need to the need it was merged into (same expert, method, day and notes); audited.
pub(crate) fn copy_match(conn: &Connection, actor: &Actor, m: &NeedMatch, survivor_id: &str) -> Result<()> {
    let id = insert_match(conn, survivor_id, &m.expert_id, m.method, &m.matched_on, m.notes.as_deref(), &actor.now())?;
    let saved = needs::get_match(conn, &id)?;
    audit::record::<(), _>(conn, actor, AuditAction::Create, Entity::NeedMatch, &id, None, Some(&saved))
}

/// Matches an expert to a need (the day defaults to `today`).
pub fn create_match(
    conn: &Connection,
    actor: &Actor,
    need_id: &str,
    input: &MatchInput,
    today: NaiveDate,
) -> Result<NeedMatch> {
    let need = needs::get(conn, need_id)?;
    add_match(conn, actor, &need, input, today, today)
}

/// Takes a match back (soft delete). Refused on a merged need, and when it is the last expert of a need at 对接 or
/// later (move the need back first); audited.
pub fn remove_match(conn: &Connection, actor: &Actor, match_id: &str) -> Result<()> {
    let before = needs::get_match(conn, match_id)?;
    let need = needs::get(conn, &before.need_id)?;
    if need.stage == NeedStage::Merged {
        return Err(CoreError::field(
            "matchId",
            "已合并的需求保留其对接记录，不能取消",
            "A merged need keeps its matches as history; they cannot be removed",
        ));
    }
    if needs_expert(need.stage) && need.matches.len() == 1 {
        return Err(CoreError::field(
            "matchId",
            format!(
                "该需求处于“{}”阶段，至少需保留一名对接专员；如需更换，请先对接新专员，或先把需求退回“凝练”",
                need.stage.label_zh()
            ),
            format!(
                "The need is at stage '{}' and must keep at least one matched expert; match another first, or move \
                 the need back to refined",
                need.stage.code()
            ),
        ));
    }
    conn.execute(
        "UPDATE need_matches SET deleted_at = ?2, updated_at = ?2, revision = revision + 1 WHERE id = ?1",
        params![match_id, actor.now()],
    )?;
    audit::record::<_, ()>(conn, actor, AuditAction::Delete, Entity::NeedMatch, match_id, Some(&before), None)
}

impl Ledger {
    /// Experts suggested for a need, best first, with the reasons.
    pub fn suggest_experts(&self, need_id: &str, limit: u32) -> Result<Vec<ExpertSuggestion>> {
        let today = self.today();
        self.db.read_snapshot(|c| suggest(c, need_id, limit, today))
    }

    /// Matches an expert to a need (推荐/认领/指派).
    pub fn match_expert(&self, need_id: &str, input: &MatchInput) -> Result<NeedMatch> {
        let today = self.today();
        self.db.write(|tx| create_match(tx, &self.actor, need_id, input, today))
    }

    /// Takes a match back.
    pub fn unmatch_expert(&self, match_id: &str) -> Result<()> {
        self.db.write(|tx| remove_match(tx, &self.actor, match_id))
    }
}
