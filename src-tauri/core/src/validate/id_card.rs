//! Resident identity card numbers (GB 11643-1999): 17 digits, a check character, a real birth date.

use chrono::NaiveDate;

use super::Invalid;
use crate::normalize::to_half_width;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The GB 11643 check character of the first 17 digits.
pub fn check_char(first17: &[u8; 17]) -> char {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Normalises (half-width, trimmed, upper-case `X`) and checks an ID number; `today` bounds the birth date.
pub fn normalize_id_card(raw: &str, today: NaiveDate) -> Result<String, Invalid> {
    let s: String = to_half_width(raw).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if s.chars().count() != 18 {
        return Err(Invalid::new(
            format!("身份证号应为 18 位，现为 {} 位", s.chars().count()),
            format!("an ID number has 18 characters, this one has {}", s.chars().count()),
        ));
    }
    let bytes = s.as_bytes();
    let first17: &[u8; 17] = bytes[..17].try_into().expect("18 ASCII checked by length of chars only if ASCII");
    if !first17.iter().all(u8::is_ascii_digit) || !(bytes[17].is_ascii_digit() || bytes[17] == b'X') {
        return Err(Invalid::new(
            "身份证号前 17 位应为数字，末位为数字或 X",
            "an ID number is 17 digits and a digit or X",
        ));
    }
    let birth = NaiveDate::parse_from_str(&s[6..14], "%Y%m%d").ok().filter(|d| {
        use chrono::Datelike;
        d.year() >= 1900 && *d <= today
    });
    if birth.is_none() {
        return Err(Invalid::new(
            "身份证号中的出生日期无效",
            "the birth date inside the ID number is not a real past date",
        ));
    }
    if check_char(first17) != bytes[17] as char {
        return Err(Invalid::new(
            "身份证号校验位不正确，请核对",
            "the ID number's check character is wrong; please check it",
        ));
    }
    Ok(s)
}

/// The number as lists and exports show it: the first 6 and last 4 kept, the rest starred (110105********002X).
pub fn mask_id_card(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    let tail = chars.len() - 4;
    chars.iter().enumerate().map(|(i, &c)| if i < 6 || i >= tail { c } else { '*' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn known_good_numbers() {
        // GB 11643's published example, and the same birth date with other sequence numbers.
        assert_eq!(normalize_id_card("11010519491231002X", today()).as_deref(), Ok("11010519491231002X"));
        assert_eq!(normalize_id_card(" 11010519491231002x ", today()).as_deref(), Ok("11010519491231002X"));
        assert!(normalize_id_card("440524188001010014", today()).is_err(), "born before 1900");
        assert_eq!(check_char(b"11010519491231002"), 'X');
    }

    #[test]
    fn bad_numbers() {
        let t = today();
        assert!(normalize_id_card("110105194912310021", t).unwrap_err().zh.contains("校验位"));
        assert!(normalize_id_card("11010519491331002X", t).unwrap_err().zh.contains("出生日期"));
        assert!(normalize_id_card("1101051949123100", t).unwrap_err().zh.contains("18 位"));
        assert!(normalize_id_card("11010519491231002Y", t).is_err());
        assert!(normalize_id_card("中文中文中文中文中文中文中文中文中文", t).is_err());
    }

    #[test]
    fn masking_keeps_six_and_four() {
        assert_eq!(mask_id_card("11010519491231002X"), "110105********002X");
        assert_eq!(mask_id_card("123"), "***");
    }
}
