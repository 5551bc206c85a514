//! Pairing experts with enterprises (派驻/结对) and the visits (走访) they make.

use std::collections::HashMap;

use rusqlite::{params, Transaction};

use super::calendar::{later, Day, LAST};
use super::ids::Id;
use super::roster::ExpertRef;
use super::text::{render, Slots};
use super::vocab::{DISCIPLINES, PROBLEMS, VISIT_FINDINGS, VISIT_NEXT_STEPS, VISIT_PURPOSES};
use super::{Gen, World};
use crate::error::Result;
use crate::model::VisitMode;

/// Who is paired with whom.
pub struct Pairing {
    /// Number of assignment rows.
    pub count: u64,
    /// The enterprises (indices) of each expert.
    pub by_expert: Vec<Vec<u32>>,
    /// The experts (indices) of each paired enterprise.
    pub by_firm: HashMap<u32, Vec<u16>>,
}

/// An enterprise for an expert: with probability `own_field` one of the expert's discipline, else any.
fn firm_for(g: &mut Gen, w: &World, expert: &ExpertRef, own_field: f64) -> u32 {
    let pool = &w.firms_by_disc[usize::from(expert.disc)];
    if !pool.is_empty() && g.dice.chance(own_field) {
        g.dice.pick(pool)
    } else {
        g.dice.below(w.firms.len()) as u32
    }
}

/// Pairs every expert with one to five distinct enterprises, mostly of the expert's discipline, within the
/// expert's service period.
pub fn assignments(tx: &Transaction<'_>, g: &mut Gen, w: &World) -> Result<Pairing> {
    let (experts, firms) = (&w.experts, &w.firms);
    let mut stmt = tx.prepare_cached(
        "INSERT INTO assignments (id, expert_id, enterprise_id, batch_id, start_date, end_date, agreement_signed,
             notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?;
    let mut pairing = Pairing { count: 0, by_expert: Vec::with_capacity(experts.len()), by_firm: HashMap::new() };
    for (e, expert) in experts.iter().enumerate() {
        let n = 1 + g.dice.weighted(&[20, 30, 25, 15, 10]);
        let mut mine: Vec<u32> = Vec::with_capacity(n);
        while mine.len() < n.min(firms.len()) {
            let f = firm_for(g, w, expert, 0.7);
            if !mine.contains(&f) {
                mine.push(f);
            }
        }
        for &f in &mine {
            let start = g.dice.day(expert.start, later(expert.start, 45).min(expert.end));
            let ends_early = expert.end < LAST;
            let end = (ends_early || g.dice.chance(0.3)).then(|| g.cal.date(expert.end));
            let notes = g.dice.chance(0.1).then_some("三方协议已报科技局备案");
            let created = g.cal.stamp(start, g.dice.office_ms());
            stmt.execute(params![
                g.ids.next_id(),
                expert.id,
                firms[f as usize].id,
                w.batches[usize::from(expert.batch)].id,
                g.cal.date(start),
                end,
                g.dice.chance(0.88),
                notes,
                created
            ])?;
            pairing.by_firm.entry(f).or_default().push(e as u16);
            pairing.count += 1;
        }
        pairing.by_expert.push(mine);
    }
    Ok(pairing)
}

/// A visit as later steps need it.
pub struct VisitRef {
    /// Its id.
    pub id: Id,
    /// Index of the enterprise visited.
    pub firm: u32,
    /// The day of the visit.
    pub day: Day,
    /// Indices of the participating experts (the first `count` are used).
    pub experts: [u16; 3],
    /// How many experts took part.
    pub count: u8,
}

impl VisitRef {
    /// The participating experts.
    pub fn participants(&self) -> &[u16] {
        &self.experts[..usize::from(self.count)]
    }
}

/// The visits made.
pub struct Visits {
    /// Every visit, in date (and id) order.
    pub list: Vec<VisitRef>,
    /// Number of visit_experts rows.
    pub participations: u64,
    /// The enterprises (indices) each expert visited.
    pub by_expert: Vec<Vec<u32>>,
}

/// Inserts `count` visits in date order, each led by an expert within their service period, mostly to one of the
/// lead's enterprises, with one to three participants.
pub fn visits(tx: &Transaction<'_>, g: &mut Gen, w: &World, pairing: &Pairing, count: usize) -> Result<Visits> {
    let (experts, firms) = (&w.experts, &w.firms);
    let mut plans: Vec<(Day, u16)> = (0..count)
        .map(|_| {
            let lead = g.dice.below(experts.len());
            (g.dice.day(experts[lead].start, experts[lead].end), lead as u16)
        })
        .collect();
    plans.sort_unstable();

    let mut visit_stmt = tx.prepare_cached(
        "INSERT INTO visits (id, enterprise_id, visit_date, mode, purpose, findings, next_step, follow_up_date,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?;
    let mut participant_stmt = tx.prepare_cached("INSERT INTO visit_experts (visit_id, expert_id) VALUES (?1, ?2)")?;
    let mut out =
        Visits { list: Vec::with_capacity(count), participations: 0, by_expert: vec![Vec::new(); experts.len()] };
    let (mut purpose, mut findings, mut next_step) = (String::new(), String::new(), String::new());
    for (day, lead) in plans {
        let lead_ref = &experts[usize::from(lead)];
        let firm = if g.dice.chance(0.6) {
            g.dice.pick(&pairing.by_expert[usize::from(lead)])
        } else {
            firm_for(g, w, lead_ref, 0.5)
        };
        let mut visit = VisitRef { id: g.ids.next_id(), firm, day, experts: [lead, 0, 0], count: 1 };
        let wanted = 1 + g.dice.weighted(&[55, 35, 10]);
        for _ in 0..10 {
            if usize::from(visit.count) == wanted {
                break;
            }
            let other = g.dice.below(experts.len()) as u16;
            if !visit.participants().contains(&other) && experts[usize::from(other)].serves_on(day) {
                visit.experts[usize::from(visit.count)] = other;
                visit.count += 1;
            }
        }

        let firm_ref = &firms[firm as usize];
        let disc = &DISCIPLINES[usize::from(firm_ref.disc)];
        let slots = Slots {
            product: disc.products[usize::from(firm_ref.product)],
            topic: g.dice.pick(disc.specialties),
            problem: g.dice.pick(PROBLEMS),
            org: w.orgs[usize::from(lead_ref.org)].vocab.name,
            number: 0,
        };
        purpose.clear();
        render(&mut purpose, g.dice.pick(VISIT_PURPOSES), &slots);
        findings.clear();
        render(&mut findings, g.dice.pick(VISIT_FINDINGS), &slots);
        next_step.clear();
        render(&mut next_step, g.dice.pick(VISIT_NEXT_STEPS), &slots);
        let follow_up = g.dice.chance(0.4).then(|| g.cal.date(later(day, g.dice.range(7, 45))));
        let created = g.cal.stamp(later(day, g.dice.range(0, 3)), g.dice.office_ms());
        visit_stmt.execute(params![
            visit.id,
            firm_ref.id,
            g.cal.date(day),
            VisitMode::ALL[g.dice.weighted(&[65, 20, 15])],
            purpose,
            g.dice.chance(0.9).then_some(findings.as_str()),
            g.dice.chance(0.85).then_some(next_step.as_str()),
            follow_up,
            created
        ])?;
        for &e in visit.participants() {
            participant_stmt.execute(params![visit.id, experts[usize::from(e)].id])?;
            out.by_expert[usize::from(e)].push(firm);
            out.participations += 1;
        }
        out.list.push(visit);
    }
    Ok(out)
}
