//! People: names (with pinyin, for e-mail addresses), mobile and landline numbers, and resident ID numbers.

use super::dice::Dice;
use super::vocab::{FEMALE_GIVEN, MALE_GIVEN, MOBILE_PREFIXES, SURNAMES};
use crate::model::Gender;
use crate::validate::id_card;

/// A made-up person.
pub struct Person {
    /// 姓名, e.g. 王建国.
    pub name: String,
    /// The name in pinyin without tones or spaces, e.g. `wangjianguo`.
    pub pinyin: String,
    /// 性别.
    pub gender: Gender,
}

/// A person with a common surname and a common given name fitting the gender; men with probability
/// `male_share`.
pub fn person(d: &mut Dice, male_share: f64) -> Person {
    let gender = if d.chance(male_share) { Gender::Male } else { Gender::Female };
    let given = match gender {
        Gender::Male => MALE_GIVEN,
        Gender::Female => FEMALE_GIVEN,
    };
    let (surname, surname_py, _) = SURNAMES[d.weighted_by(SURNAMES, |s| s.2)];
    let (given_name, given_py) = d.pick(given);
    Person { name: format!("{surname}{given_name}"), pinyin: format!("{surname_py}{given_py}"), gender }
}

/// A mobile number: a prefix in use and 8 more digits (11 digits, `1[3-9]…`).
pub fn mobile(d: &mut Dice) -> String {
    let mut s = String::with_capacity(11);
    s.push_str(d.pick(MOBILE_PREFIXES));
    d.digits(&mut s, 8);
    s
}

/// A landline in its stored form `area-number`: 8 digits after a three-digit area code, 7 or 8 after a
/// four-digit one, never starting with 0 or 1.
pub fn landline(d: &mut Dice, area_code: &str) -> String {
    let len = if area_code.len() == 3 || d.chance(0.7) { 8 } else { 7 };
    let mut s = String::with_capacity(13);
    s.push_str(area_code);
    s.push('-');
    s.push(char::from(b'0' + d.range(2, 8) as u8));
    d.digits(&mut s, len - 1);
    s
}

/// A GB 11643 resident ID number: birthplace code, the birth date (a day of `year`-`month`), a sequence whose last
/// digit is odd for men and even for women, and the check character.
pub fn id_card_number(d: &mut Dice, birthplace: &str, year: i32, month: u32, gender: Gender) -> String {
    let day = d.range(1, days_in_month(year, month));
    let odd = u32::from(gender == Gender::Male);
    let sequence = d.range(0, 99) * 10 + d.range(0, 4) * 2 + odd;
    let first17 = format!("{birthplace}{year:04}{month:02}{day:02}{sequence:03}");
    let digits: &[u8; 17] = first17.as_bytes().try_into().expect("17 digits");
    let check = id_card::check_char(digits);
    let mut number = first17;
    number.push(check);
    number
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    let first_of_next = chrono::NaiveDate::from_ymd_opt(y, m, 1).expect("valid month");
    first_of_next.pred_opt().map(|d| chrono::Datelike::day(&d)).expect("a day before")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::phone::normalize_phone;

    #[test]
    fn numbers_are_valid() {
        let mut d = Dice::new(3);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for _ in 0..200 {
            let m = mobile(&mut d);
            assert_eq!(normalize_phone(&m).as_deref(), Ok(m.as_str()));
            for area in ["010", "0574"] {
                let l = landline(&mut d, area);
                assert_eq!(normalize_phone(&l).as_deref(), Ok(l.as_str()));
            }
            let id = id_card_number(&mut d, "330212", 1980, 2, Gender::Female);
            assert_eq!(id_card::normalize_id_card(&id, today).as_deref(), Ok(id.as_str()));
            assert_eq!((id.as_bytes()[16] - b'0') % 2, 0);
        }
        assert_eq!(days_in_month(1980, 2), 29);
        assert_eq!(days_in_month(1981, 12), 31);
    }
}
