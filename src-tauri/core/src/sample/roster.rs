//! The roster side: dispatching organisations, batches and the experts (科技专员) themselves.

use std::collections::HashSet;

use rusqlite::{params, Transaction};

use super::calendar::{later, Calendar, Day, LAST};
use super::ids::Id;
use super::people::{id_card_number, mobile, person};
use super::vocab::{Org, DISCIPLINES, EXPERT_NOTES, EXPERT_POSITIONS, ORGANIZATIONS, PUBLIC_MAIL, REGIONS};
use super::Gen;
use crate::error::Result;
use crate::model::{Education, ExpertStatus, ExpertTitle, OrganizationKind, ServiceForm};

/// An organisation as later steps need it.
pub struct OrgRef {
    /// Its id.
    pub id: Id,
    /// Its vocabulary entry.
    pub vocab: &'static Org,
}

/// A batch as later steps need it.
pub struct BatchRef {
    /// Its id.
    pub id: Id,
    /// First day of its service period.
    pub start: Day,
    /// Last day of its service period.
    pub end: Day,
}

/// An expert as later steps need it.
pub struct ExpertRef {
    /// Its id.
    pub id: Id,
    /// Index into the organisations.
    pub org: u16,
    /// Index into the batches.
    pub batch: u8,
    /// Index into [`DISCIPLINES`].
    pub disc: u8,
    /// First day of service.
    pub start: Day,
    /// Last day of service (the sample's last day for experts still serving).
    pub end: Day,
}

impl ExpertRef {
    /// Whether the expert serves on day `d`.
    pub fn serves_on(&self, d: Day) -> bool {
        (self.start..=self.end).contains(&d)
    }
}

/// Inserts `count` organisations: all of [`ORGANIZATIONS`] when `count` covers them, else a seeded choice kept in
/// list order.
pub fn organizations(tx: &Transaction<'_>, g: &mut Gen, count: usize) -> Result<Vec<OrgRef>> {
    let mut chosen: Vec<usize> = (0..ORGANIZATIONS.len()).collect();
    while chosen.len() > count {
        let drop = g.dice.below(chosen.len());
        chosen.remove(drop);
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO organizations (id, name, kind, region, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?;
    let mut out = Vec::with_capacity(chosen.len());
    for i in chosen {
        let vocab = &ORGANIZATIONS[i];
        let id = g.ids.next_id();
        let created = g.cal.stamp(g.dice.day(0, 40), g.dice.office_ms());
        stmt.execute(params![id, vocab.name, vocab.kind, vocab.region, created])?;
        out.push(OrgRef { id, vocab });
    }
    Ok(out)
}

/// The names of a year's batches in order.
const ORDINALS: [&str; 3] = ["第一批", "第二批", "第三批"];

/// Inserts the six batches. As of 2025-12-31 they are 2023年第一批 … 2025年第二批: the first of a year starts on
/// 1 March, the second on 1 September. At another as-of day their first days move with every other date, and each
/// is named by the year it then starts in and its place among that year's batches. All serve until the programme's
/// end, the last day of the sample period.
pub fn batches(tx: &Transaction<'_>, g: &mut Gen) -> Result<Vec<BatchRef>> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO batches (id, name, year, start_date, end_date, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?;
    let end = LAST;
    let until = g.cal.calendar_date(end).format("%Y年%-m月%-d日").to_string();
    let mut out = Vec::with_capacity(6);
    let mut place = (0, 0usize);
    for reference_year in 2023..=2025 {
        for month in [3, 9] {
            let id = g.ids.next_id();
            let start = Calendar::reference_day(reference_year, month, 1);
            let year = g.cal.year(start);
            place = if place.0 == year { (year, place.1 + 1) } else { (year, 0) };
            let name = format!("{year}年{}", ORDINALS[place.1]);
            let notes = (place.1 == 0).then(|| format!("{year}年度科技专员选派，服务期至{until}"));
            let created = g.cal.stamp(start.saturating_sub(g.dice.range(10, 30) as Day), g.dice.office_ms());
            stmt.execute(params![id, name, year, g.cal.date(start), g.cal.date(end), notes, created])?;
            out.push(BatchRef { id, start, end });
        }
    }
    Ok(out)
}

/// Kinds as indices of the tables below: 高校, 科研院所, 企业, 其他.
fn kind_index(kind: OrganizationKind) -> usize {
    match kind {
        OrganizationKind::University => 0,
        OrganizationKind::Institute => 1,
        OrganizationKind::Enterprise => 2,
        OrganizationKind::Other => 3,
    }
}

/// How often an organisation of each kind dispatches an expert.
const ORG_WEIGHTS: [u32; 4] = [10, 8, 3, 2];
/// Title weights (正高, 副高, 中级, 初级, 其他) by kind of organisation.
const TITLE_WEIGHTS: [[u32; 5]; 4] = [[35, 40, 20, 3, 2], [25, 40, 28, 5, 2], [10, 35, 40, 10, 5], [10, 30, 40, 12, 8]];
/// Education weights (博士, 硕士, 本科, 专科, 其他) for academic organisations, by title.
const ACADEMIC_EDUCATION: [[u32; 5]; 5] =
    [[80, 17, 3, 0, 0], [70, 25, 5, 0, 0], [55, 40, 5, 0, 0], [0, 60, 40, 0, 0], [0, 50, 40, 10, 0]];
/// Education weights for enterprises and other organisations, by title.
const PRACTICE_EDUCATION: [[u32; 5]; 5] =
    [[30, 45, 25, 0, 0], [20, 45, 35, 0, 0], [10, 45, 40, 5, 0], [0, 20, 60, 15, 5], [0, 20, 60, 15, 5]];
/// Birth years by title.
const BIRTH_YEARS: [(u32, u32); 5] = [(1960, 1982), (1966, 1988), (1975, 1993), (1985, 1995), (1965, 1995)];
/// Batch weights: the later batches are larger.
const BATCH_WEIGHTS: [u32; 6] = [20, 15, 20, 15, 20, 10];

/// Inserts `count` experts and returns them in insertion (= id) order.
pub fn experts(
    tx: &Transaction<'_>,
    g: &mut Gen,
    orgs: &[OrgRef],
    batches: &[BatchRef],
    count: usize,
) -> Result<Vec<ExpertRef>> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO experts (id, name, gender, birth_month, education, title, organization_id, position,
             discipline, specialties, phone, email, id_card, service_form, batch_id, service_start, service_end,
             status, notes, created_at, updated_at, revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
    )?;
    let mut phones = HashSet::with_capacity(count);
    let mut emails = HashSet::with_capacity(count);
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let who = person(&mut g.dice, 0.72);
        let org_index = g.dice.weighted_by(orgs, |o| ORG_WEIGHTS[kind_index(o.vocab.kind)]);
        let org = orgs[org_index].vocab;
        let kind = kind_index(org.kind);
        let disc = if g.dice.chance(0.75) {
            let name = g.dice.pick(org.fields);
            DISCIPLINES.iter().position(|d| d.name == name).expect("organisation fields are disciplines")
        } else {
            g.dice.below(DISCIPLINES.len())
        };
        let t = g.dice.weighted(&TITLE_WEIGHTS[kind]);
        let title = ExpertTitle::ALL[t];
        let education_weights = if kind < 2 { &ACADEMIC_EDUCATION[t] } else { &PRACTICE_EDUCATION[t] };
        let education = Education::ALL[g.dice.weighted(education_weights)];
        let (born_from, born_to) = BIRTH_YEARS[t];
        let (birth_year, birth_month) = (g.dice.range(born_from, born_to) as i32, g.dice.range(1, 12));
        let position = g.dice.pick(EXPERT_POSITIONS[kind][t]);
        let specialties = serde_json::to_string(&specialties(g, disc)).expect("strings serialise");

        let mut phone = mobile(&mut g.dice);
        while !phones.insert(phone.clone()) {
            phone = mobile(&mut g.dice);
        }
        let email = g.dice.chance(0.85).then(|| {
            let domain = if kind < 2 && g.dice.chance(0.75) { org.domain } else { g.dice.pick(PUBLIC_MAIL) };
            let mut address = format!("{}@{domain}", who.pinyin);
            while !emails.insert(address.clone()) {
                address = format!("{}{}@{domain}", who.pinyin, g.dice.range(1, 99));
            }
            address
        });
        let id_card = g.dice.chance(0.3).then(|| {
            let birthplace = REGIONS[g.dice.below(REGIONS.len())].code;
            id_card_number(&mut g.dice, birthplace, birth_year, birth_month, who.gender)
        });

        let form = ServiceForm::ALL[g.dice.weighted(&[25, 55, 20])];
        let b = g.dice.weighted(&BATCH_WEIGHTS);
        let batch = &batches[b];
        let start = later(batch.start, g.dice.range(0, 20)).min(batch.end);
        let mut status = ExpertStatus::ALL[g.dice.weighted(&[85, 5, 10])];
        let end = match status {
            ExpertStatus::Ended if start + 150 < LAST - 30 => g.dice.day(start + 150, LAST - 30),
            ExpertStatus::Ended => {
                status = ExpertStatus::Active;
                batch.end
            }
            _ => batch.end,
        };
        let notes = g.dice.chance(0.1).then(|| g.dice.pick(EXPERT_NOTES));
        let created_day = start.saturating_sub(g.dice.range(5, 30) as Day);
        let created = g.cal.stamp(created_day, g.dice.office_ms());
        let (updated, revision) = if g.dice.chance(0.25) {
            (g.cal.stamp(g.dice.day(created_day + 1, LAST), g.dice.office_ms()), g.dice.range(2, 4))
        } else {
            (created, 1)
        };

        let id = g.ids.next_id();
        stmt.execute(params![
            id,
            who.name,
            who.gender,
            format!("{birth_year:04}-{birth_month:02}"),
            education,
            title,
            orgs[org_index].id,
            position,
            DISCIPLINES[disc].name,
            specialties,
            phone,
            email,
            id_card,
            form,
            batch.id,
            g.cal.date(start),
            g.cal.date(end),
            status,
            notes,
            created,
            updated,
            revision
        ])?;
        out.push(ExpertRef { id, org: org_index as u16, batch: b as u8, disc: disc as u8, start, end });
    }
    Ok(out)
}

/// Two or three specialties of the discipline, and now and then one of another.
fn specialties(g: &mut Gen, disc: usize) -> Vec<&'static str> {
    let own = DISCIPLINES[disc].specialties;
    let mut tags: Vec<&'static str> = Vec::with_capacity(4);
    let want = g.dice.range(2, 3) as usize;
    while tags.len() < want {
        let tag = g.dice.pick(own);
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if g.dice.chance(0.15) {
        let other = &DISCIPLINES[g.dice.below(DISCIPLINES.len())];
        let tag = g.dice.pick(other.specialties);
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}
