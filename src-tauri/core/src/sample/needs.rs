//! Technical needs (技术需求) in every stage, the history of their stage changes, and the experts matched to them.

use rusqlite::{params, Transaction};

use super::calendar::{later, Day, CLOSING_MS, LAST};
use super::fieldwork::{Pairing, Visits};
use super::ids::Id;
use super::text::{render, Slots};
use super::vocab::{
    DISCIPLINES, MERGE_NOTE, NEED_KEY_TECHS, NEED_ORIGINALS, NEED_PROBLEMS, NEED_TARGETS, NEED_TITLES, PROBLEMS,
    SHELVE_NOTES,
};
use super::{Gen, World};
use crate::error::Result;
use crate::model::{MatchMethod, NeedSource, NeedStage, NeedType, ServiceType, Urgency};

/// Service an expert owes a need being solved: later turned into service records that carry the need's id.
pub struct Link {
    /// The need.
    pub need: Id,
    /// Index of the need's enterprise.
    pub firm: u32,
    /// First day the service may start.
    pub lo: Day,
    /// Last day the service may end.
    pub hi: Day,
    /// The kind of service the need calls for.
    pub service: ServiceType,
    /// Whether this service solved the need (its record counts one need solved).
    pub closes: bool,
}

/// What the needs step made.
pub struct Needs {
    /// Number of needs.
    pub count: u64,
    /// Number of stage-change events.
    pub events: u64,
    /// Number of expert matches.
    pub matches: u64,
    /// The service each expert owes (by expert index).
    pub links: Vec<Vec<Link>>,
}

/// The main line of stages; shelved and merged needs leave it early.
const PIPELINE: [NeedStage; 5] =
    [NeedStage::Discovered, NeedStage::Refined, NeedStage::Matched, NeedStage::Solving, NeedStage::Solved];
/// Weights of the current stage, in the order of [`NeedStage::ALL`].
const STAGE_WEIGHTS: [u32; 7] = [15, 15, 15, 20, 20, 8, 7];
/// Weights of the need types, in the order of [`NeedType::ALL`].
const TYPE_WEIGHTS: [u32; 6] = [25, 25, 20, 12, 8, 10];
/// Budgets in 万元.
const BUDGETS_WAN: [i64; 10] = [5, 10, 20, 30, 50, 80, 100, 150, 200, 300];

/// A need that is not merged, which a later one may be merged into.
struct Kept {
    id: Id,
    firm: u32,
    day: Day,
    visit: Option<u32>,
}

/// Inserts `count` needs. The first seven take each stage in turn, so every stage occurs; the rest draw theirs.
pub fn needs(
    tx: &Transaction<'_>,
    g: &mut Gen,
    w: &World,
    pairing: &Pairing,
    visits: &Visits,
    count: usize,
) -> Result<Needs> {
    let mut need_stmt = tx.prepare_cached(
        "INSERT INTO needs (id, enterprise_id, visit_id, source, title, original_text, refined_problem,
             refined_key_tech, refined_target, need_type, discipline, budget_fen, urgency, stage, stage_changed_on,
             merged_into_id, created_at, updated_at, revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?;
    let mut event_stmt = tx.prepare_cached(
        "INSERT INTO need_stage_events (id, need_id, from_stage, to_stage, changed_on, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut match_stmt = tx.prepare_cached(
        "INSERT INTO need_matches (id, need_id, expert_id, method, matched_on, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?;
    let mut out = Needs { count: 0, events: 0, matches: 0, links: (0..w.experts.len()).map(|_| Vec::new()).collect() };
    let mut kept: Vec<Kept> = Vec::with_capacity(count);
    let mut path: Vec<NeedStage> = Vec::with_capacity(6);
    let mut dates: Vec<(Day, u32)> = Vec::with_capacity(6);
    let mut candidates: Vec<u16> = Vec::new();
    let mut chosen: Vec<u16> = Vec::with_capacity(2);
    let (mut title, mut original, mut problem, mut key_tech, mut target) =
        (String::new(), String::new(), String::new(), String::new(), String::new());

    for i in 0..count {
        let stage =
            if i < NeedStage::ALL.len() { NeedStage::ALL[i] } else { NeedStage::ALL[g.dice.weighted(&STAGE_WEIGHTS)] };
        path.clear();
        match stage {
            NeedStage::Shelved => {
                path.extend_from_slice(&PIPELINE[..g.dice.range(1, 4) as usize]);
                path.push(stage);
            }
            NeedStage::Merged => {
                path.extend_from_slice(&PIPELINE[..g.dice.range(1, 2) as usize]);
                path.push(stage);
            }
            _ => {
                let reached = PIPELINE.iter().position(|s| *s == stage).expect("a pipeline stage");
                path.extend_from_slice(&PIPELINE[..=reached]);
            }
        }

        // Where the need came from: the need it duplicates, a visit, or the enterprise itself.
        let (firm, first_day, visit, source, merged_into) = if stage == NeedStage::Merged {
            let into = &kept[g.dice.below(kept.len())];
            let visit = into.visit.filter(|_| g.dice.chance(0.3));
            let source = match visit {
                Some(_) => NeedSource::Visit,
                None if g.dice.chance(0.7) => NeedSource::SelfReported,
                None => NeedSource::Other,
            };
            (into.firm, later(into.day, g.dice.range(0, 90)), visit, source, Some(into.id))
        } else {
            match g.dice.weighted(&[60, 30, 10]) {
                0 => {
                    let v = g.dice.below(visits.list.len()) as u32;
                    let visit = &visits.list[v as usize];
                    (visit.firm, visit.day, Some(v), NeedSource::Visit, None)
                }
                other => {
                    let firm = if g.dice.chance(0.6) {
                        let e = g.dice.below(pairing.by_expert.len());
                        g.dice.pick(&pairing.by_expert[e])
                    } else {
                        g.dice.below(w.firms.len()) as u32
                    };
                    let source = if other == 1 { NeedSource::SelfReported } else { NeedSource::Other };
                    (firm, g.dice.day(0, LAST - 60), None, source, None)
                }
            }
        };
        dates.clear();
        let first_ms = g.dice.office_ms();
        dates.push((first_day, first_ms));
        for _ in 1..path.len() {
            let (prev_day, prev_ms) = *dates.last().expect("first date");
            let day = later(prev_day, g.dice.range(3, 40));
            let ms = if day == prev_day {
                (prev_ms + g.dice.range(60_000, 600_000)).min(CLOSING_MS - 1)
            } else {
                g.dice.office_ms()
            };
            dates.push((day, ms));
        }
        let (last_day, last_ms) = *dates.last().expect("first date");

        let firm_ref = &w.firms[firm as usize];
        let disc_index = if g.dice.chance(0.92) { usize::from(firm_ref.disc) } else { g.dice.below(DISCIPLINES.len()) };
        let disc = &DISCIPLINES[disc_index];
        let mut slots = Slots {
            product: DISCIPLINES[usize::from(firm_ref.disc)].products[usize::from(firm_ref.product)],
            topic: g.dice.pick(disc.specialties),
            problem: g.dice.pick(PROBLEMS),
            org: "",
            number: 0,
        };
        let t = g.dice.weighted(&TYPE_WEIGHTS);
        title.clear();
        render(&mut title, g.dice.pick(NEED_TITLES[t]), &slots);
        original.clear();
        render(&mut original, g.dice.pick(NEED_ORIGINALS), &slots);
        let refined = path.contains(&NeedStage::Refined);
        if refined {
            problem.clear();
            render(&mut problem, g.dice.pick(NEED_PROBLEMS), &slots);
            key_tech.clear();
            render(&mut key_tech, g.dice.pick(NEED_KEY_TECHS), &slots);
            let (template, lo, hi) = g.dice.pick(NEED_TARGETS);
            slots.number = g.dice.range(lo, hi);
            target.clear();
            render(&mut target, template, &slots);
        }
        let budget = g.dice.chance(0.6).then(|| g.dice.pick(&BUDGETS_WAN) * 10_000 * 100);

        let id = g.ids.next_id();
        need_stmt.execute(params![
            id,
            firm_ref.id,
            visit.map(|v| visits.list[v as usize].id),
            source,
            title,
            g.dice.chance(0.9).then_some(original.as_str()),
            refined.then_some(problem.as_str()),
            refined.then_some(key_tech.as_str()),
            refined.then_some(target.as_str()),
            NeedType::ALL[t],
            disc.name,
            budget,
            Urgency::ALL[g.dice.weighted(&[25, 50, 25])],
            stage,
            g.cal.date(last_day),
            merged_into,
            g.cal.stamp(first_day, first_ms),
            g.cal.stamp(last_day, last_ms),
            path.len() as i64
        ])?;
        out.count += 1;

        for (k, (&to, &(day, ms))) in path.iter().zip(&dates).enumerate() {
            let note = match to {
                NeedStage::Shelved => Some(g.dice.pick(SHELVE_NOTES)),
                NeedStage::Merged => Some(MERGE_NOTE),
                _ => None,
            };
            let from = k.checked_sub(1).map(|p| path[p]);
            event_stmt.execute(params![g.ids.next_id(), id, from, to, g.cal.date(day), note, g.cal.stamp(day, ms)])?;
            out.events += 1;
        }

        if let Some(m) = path.iter().position(|s| *s == NeedStage::Matched) {
            let (matched_day, matched_ms) = dates[m];
            candidates.clear();
            if let Some(v) = visit {
                candidates.extend_from_slice(visits.list[v as usize].participants());
            }
            if let Some(paired) = pairing.by_firm.get(&firm) {
                candidates.extend_from_slice(paired);
            }
            candidates.retain(|&e| w.experts[usize::from(e)].serves_on(matched_day));
            let wanted = if g.dice.chance(0.3) { 2 } else { 1 };
            chosen.clear();
            for attempt in 0..20 {
                if chosen.len() == wanted {
                    break;
                }
                let same_field = &w.experts_by_disc[disc_index];
                let e = if !candidates.is_empty() && g.dice.chance(0.7) {
                    g.dice.pick(&candidates)
                } else if !same_field.is_empty() && g.dice.chance(0.8) {
                    g.dice.pick(same_field)
                } else {
                    g.dice.below(w.experts.len()) as u16
                };
                if !chosen.contains(&e) && (attempt >= 10 || w.experts[usize::from(e)].serves_on(matched_day)) {
                    chosen.push(e);
                }
            }
            for &e in &chosen {
                let method = MatchMethod::ALL[g.dice.weighted(&[45, 30, 25])];
                let notes = (method == MatchMethod::Assigned && g.dice.chance(0.5)).then_some("科技局根据企业需求指派");
                match_stmt.execute(params![
                    g.ids.next_id(),
                    id,
                    w.experts[usize::from(e)].id,
                    method,
                    g.cal.date(matched_day),
                    notes,
                    g.cal.stamp(matched_day, matched_ms)
                ])?;
                out.matches += 1;
            }
            if matches!(stage, NeedStage::Solving | NeedStage::Solved) {
                let solved = stage == NeedStage::Solved;
                let hi = if solved { last_day } else { LAST };
                let service = service_for(NeedType::ALL[t], g);
                for (j, &e) in chosen.iter().enumerate() {
                    let n = g.dice.range(1, 3);
                    for r in 0..n {
                        let closes = solved && j == 0 && r + 1 == n;
                        let lo = if closes { hi } else { matched_day };
                        out.links[usize::from(e)].push(Link { need: id, firm, lo, hi, service, closes });
                    }
                }
            }
        }

        if stage != NeedStage::Merged {
            kept.push(Kept { id, firm, day: first_day, visit });
        }
    }
    Ok(out)
}

/// The kind of service a need of type `t` calls for.
fn service_for(t: NeedType, g: &mut Gen) -> ServiceType {
    match t {
        NeedType::TechBreakthrough | NeedType::ProductDevelopment => ServiceType::TechBreakthrough,
        NeedType::ProcessImprovement if g.dice.chance(0.5) => ServiceType::TechBreakthrough,
        NeedType::ResultTransfer => ServiceType::ResultTransfer,
        NeedType::Talent => ServiceType::TalentTraining,
        _ => ServiceType::Consulting,
    }
}
