//! The enterprises (服务企业) with their credit codes, and their contacts.

use std::collections::HashSet;

use rusqlite::{params, Transaction};

use super::calendar::{later, Day, LAST};
use super::ids::Id;
use super::people::{landline, mobile, person};
use super::vocab::{BRAND_CHARS, CONTACT_POSITIONS, DISCIPLINES, PUBLIC_MAIL, REGIONS, STREETS};
use super::Gen;
use crate::error::Result;
use crate::model::EnterpriseSize;
use crate::validate::credit_code::{self, ALPHABET};

/// An enterprise as later steps need it.
pub struct FirmRef {
    /// Its id.
    pub id: Id,
    /// Index into [`DISCIPLINES`]: the field it works in.
    pub disc: u8,
    /// Index of its main product in the discipline's products.
    pub product: u8,
    /// Index into [`REGIONS`].
    pub region: u8,
    /// The day it entered the ledger.
    pub since: Day,
}

/// Company-size weights (大, 中, 小, 微) and, per size, the chances of 股份有限公司 and of the three flags
/// (高新技术企业, 科技型中小企业, 专精特新).
const SIZE_WEIGHTS: [u32; 4] = [5, 15, 45, 35];
const JOINT_STOCK: [f64; 4] = [0.5, 0.5, 0.08, 0.08];
const HIGH_TECH: [f64; 4] = [0.7, 0.5, 0.25, 0.08];
const TECH_SME: [f64; 4] = [0.0, 0.3, 0.4, 0.3];
const SPECIALIZED: [f64; 4] = [0.05, 0.25, 0.12, 0.03];

/// Inserts `count` enterprises with unique names and unique, check-digit-valid credit codes.
pub fn enterprises(tx: &Transaction<'_>, g: &mut Gen, count: usize) -> Result<Vec<FirmRef>> {
    let code_offset = u64::from(g.dice.range(0, u32::MAX));
    let mut stmt = tx.prepare_cached(
        "INSERT INTO enterprises (id, name, credit_code, province, city, county, region_code, address,
             legal_representative, industry, main_products, size, is_high_tech, is_tech_sme, is_specialized,
             created_at, updated_at, revision)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    let mut names: HashSet<String> = HashSet::with_capacity(count);
    let mut name = String::with_capacity(64);
    let mut products = String::with_capacity(64);
    let mut address = String::with_capacity(96);
    let mut out = Vec::with_capacity(count);
    for serial in 0..count {
        let region_index = g.dice.below(REGIONS.len());
        let region = &REGIONS[region_index];
        let disc_index = g.dice.below(DISCIPLINES.len());
        let disc = &DISCIPLINES[disc_index];
        let s = g.dice.weighted(&SIZE_WEIGHTS);
        let (word, section) = g.dice.pick(disc.firm_words);
        loop {
            name.clear();
            name.push_str(region.short);
            let first = g.dice.below(BRAND_CHARS.len());
            let second = (first + 1 + g.dice.below(BRAND_CHARS.len() - 1)) % BRAND_CHARS.len();
            name.push_str(BRAND_CHARS[first]);
            name.push_str(BRAND_CHARS[second]);
            name.push_str(word);
            name.push_str(if g.dice.chance(JOINT_STOCK[s]) { "股份有限公司" } else { "有限公司" });
            if !names.contains(name.as_str()) {
                names.insert(name.clone());
                break;
            }
        }
        let code = credit_code_for(region.code, serial as u64, code_offset, g.dice.chance(0.75));
        let product = g.dice.below(disc.products.len());
        products.clear();
        products.push_str(disc.products[product]);
        for _ in 0..g.dice.range(0, 2) {
            let more = disc.products[g.dice.below(disc.products.len())];
            if !products.contains(more) {
                products.push('、');
                products.push_str(more);
            }
        }
        address.clear();
        address.push_str(region.province);
        if region.city != region.province {
            address.push_str(region.city);
        }
        address.push_str(region.county.unwrap_or(""));
        address.push_str(g.dice.pick(STREETS));
        address.push_str(&g.dice.range(1, 999).to_string());
        address.push('号');
        let legal = person(&mut g.dice, 0.85).name;
        let since = g.dice.day(0, 540);
        let created = g.cal.stamp(since, g.dice.office_ms());
        let (updated, revision) = if g.dice.chance(0.2) {
            (g.cal.stamp(g.dice.day(since + 1, LAST), g.dice.office_ms()), 2)
        } else {
            (created, 1)
        };
        let id = g.ids.next_id();
        stmt.execute(params![
            id,
            name,
            std::str::from_utf8(&code).expect("ASCII"),
            region.province,
            region.city,
            region.county,
            region.code,
            address,
            legal,
            section,
            products,
            EnterpriseSize::ALL[s],
            g.dice.chance(HIGH_TECH[s]),
            g.dice.chance(TECH_SME[s]),
            g.dice.chance(SPECIALIZED[s]),
            created,
            updated,
            revision
        ])?;
        out.push(FirmRef { id, disc: disc_index as u8, product: product as u8, region: region_index as u8, since });
    }
    Ok(out)
}

/// A unified social credit code (GB 32100): `9` (registered by market regulation), `1` (enterprise), the division
/// code, the 9-character organisation code (GB 11714: 8 characters and their check character) and the check
/// character. The organisation code is a bijective scramble of `serial`, so distinct serials give distinct codes:
/// `MA` + 6 characters of the alphabet for firms registered since 2015, 8 digits for older ones.
fn credit_code_for(division: &str, serial: u64, offset: u64, recent: bool) -> [u8; 18] {
    const MULTIPLIER: u64 = 7_368_787; // coprime to 31 and to 10
    let alphabet = ALPHABET.as_bytes();
    let mut code = [0u8; 18];
    code[0] = b'9';
    code[1] = b'1';
    code[2..8].copy_from_slice(division.as_bytes());
    let body = &mut code[8..16];
    if recent {
        const SPACE: u64 = 31u64.pow(6);
        let mut v = (serial * MULTIPLIER + offset) % SPACE;
        body[0] = b'M';
        body[1] = b'A';
        for slot in body[2..].iter_mut().rev() {
            *slot = alphabet[(v % 31) as usize];
            v /= 31;
        }
    } else {
        const SPACE: u64 = 100_000_000;
        let mut v = (serial * MULTIPLIER + offset) % SPACE;
        for slot in body.iter_mut().rev() {
            *slot = b'0' + (v % 10) as u8;
            v /= 10;
        }
    }
    code[16] = organization_check(&code[8..16]);
    let first17 = std::str::from_utf8(&code[..17]).expect("ASCII");
    code[17] = credit_code::check_char(first17).expect("characters of the alphabet") as u8;
    code
}

/// The GB 11714 check character of an 8-character organisation code.
fn organization_check(body: &[u8]) -> u8 {
    const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, w)| w * if c.is_ascii_digit() { u32::from(c - b'0') } else { u32::from(c - b'A') + 10 })
        .sum();
    match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        v => b'0' + v as u8,
    }
}

/// Inserts one primary contact per enterprise and, with probability `second_share`, a second one.
pub fn contacts(tx: &Transaction<'_>, g: &mut Gen, firms: &[FirmRef], second_share: f64) -> Result<u64> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO enterprise_contacts (id, enterprise_id, name, position, phone, email, is_primary, created_at,
             updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?;
    let mut count = 0;
    for firm in firms {
        let n = if g.dice.chance(second_share) { 2 } else { 1 };
        for k in 0..n {
            let who = person(&mut g.dice, 0.6);
            let position = g.dice.pick(CONTACT_POSITIONS);
            let phone = if g.dice.chance(0.85) {
                mobile(&mut g.dice)
            } else {
                landline(&mut g.dice, REGIONS[usize::from(firm.region)].area_code)
            };
            let email = g.dice.chance(0.5).then(|| {
                let number = if g.dice.chance(0.5) { g.dice.range(1, 999).to_string() } else { String::new() };
                format!("{}{number}@{}", who.pinyin, g.dice.pick(PUBLIC_MAIL))
            });
            let created = g.cal.stamp(later(firm.since, g.dice.range(0, 3 * k)), g.dice.office_ms());
            stmt.execute(params![g.ids.next_id(), firm.id, who.name, position, phone, email, k == 0, created])?;
            count += 1;
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::credit_code::{check_credit_code, CreditCodeCheck};

    #[test]
    fn organisation_check_of_a_published_code() {
        // 91350100M000100Y43: organisation code M000100Y4.
        assert_eq!(organization_check(b"M000100Y"), b'4');
    }

    #[test]
    fn codes_are_valid_and_distinct() {
        let mut seen = HashSet::new();
        for serial in 0..2000 {
            for recent in [false, true] {
                let code = credit_code_for("330212", serial, 12345, recent);
                let text = std::str::from_utf8(&code).unwrap().to_owned();
                assert_eq!(check_credit_code(&text), Ok(CreditCodeCheck::Valid(text.clone())));
                assert!(seen.insert(text[8..17].to_owned()));
            }
        }
    }
}
