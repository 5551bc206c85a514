//! Chinese phone numbers: mobiles `1[3-9]` + 9 digits, landlines with an area code.

use super::Invalid;
use crate::normalize::to_half_width;

/// Normalises and checks a phone number. Spaces, hyphens, dots and brackets are dropped, and a `+86`/`0086`/`86`
/// country prefix before a mobile is removed. Mobiles are stored as 11 digits, landlines as `area-number`
/// (`010-62751234`, `0571-88886666`).
pub fn normalize_phone(raw: &str) -> Result<String, Invalid> {
    let half = to_half_width(raw);
    let mut digits = String::with_capacity(half.len());
    for (i, c) in half.trim().chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => {}
            ' ' | '-' | '(' | ')' | '.' | '\u{2014}' | '\u{2013}' => {}
            _ => {
                return Err(Invalid::new(
                    format!("电话号码含有无效字符“{c}”"),
                    format!("the phone number contains an invalid character '{c}'"),
                ))
            }
        }
    }
    let national = strip_country_prefix(&digits);
    if national.starts_with('1') {
        return check_mobile(national);
    }
    if national.starts_with('0') {
        return check_landline(national);
    }
    Err(invalid_format())
}

fn strip_country_prefix(digits: &str) -> &str {
    for prefix in ["0086", "86"] {
        if let Some(rest) = digits.strip_prefix(prefix) {
            if rest.len() == 11 && rest.starts_with('1') {
                return rest;
            }
        }
    }
    digits
}

fn check_mobile(d: &str) -> Result<String, Invalid> {
    let second = d.as_bytes().get(1).copied().unwrap_or(b'0');
    if d.len() == 11 && (b'3'..=b'9').contains(&second) {
        Ok(d.to_owned())
    } else if d.len() != 11 {
        Err(Invalid::new(
            format!("手机号码应为 11 位数字，现为 {} 位", d.len()),
            format!("a mobile number has 11 digits, this one has {}", d.len()),
        ))
    } else {
        Err(Invalid::new("手机号码第二位应为 3–9", "the second digit of a mobile number must be 3–9"))
    }
}

fn check_landline(d: &str) -> Result<String, Invalid> {
    // Area codes starting 01 or 02 have three digits (010 Beijing, 020–029); the others have four.
    let area_len = if d.starts_with("01") || d.starts_with("02") { 3 } else { 4 };
    if d.len() <= area_len {
        return Err(invalid_format());
    }
    let (area, local) = d.split_at(area_len);
    if !(7..=8).contains(&local.len()) || local.starts_with('0') || local.starts_with('1') {
        return Err(Invalid::new(
            "座机号码应为区号加 7–8 位号码，如 010-62751234",
            "a landline is an area code and a 7–8 digit number, e.g. 010-62751234",
        ));
    }
    Ok(format!("{area}-{local}"))
}

fn invalid_format() -> Invalid {
    Invalid::new(
        "电话号码格式不正确：手机号为 1 开头的 11 位数字，座机需带区号",
        "invalid phone number: a mobile has 11 digits starting with 1, a landline needs its area code",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_numbers_normalise() {
        for (raw, want) in [
            ("13800138000", "13800138000"),
            ("138 0013 8000", "13800138000"),
            ("138-0013-8000", "13800138000"),
            ("+86 138 0013 8000", "13800138000"),
            ("0086-13800138000", "13800138000"),
            ("8613800138000", "13800138000"),
            ("１９９１２３４５６７８", "19912345678"),
            ("010-62751234", "010-62751234"),
            ("(0571) 8888 6666", "0571-88886666"),
            ("02088886666", "020-88886666"),
            ("0755-2345678", "0755-2345678"),
        ] {
            assert_eq!(normalize_phone(raw).as_deref(), Ok(want), "{raw}");
        }
    }

    #[test]
    fn bad_numbers_are_refused() {
        for raw in
            ["", "12800138000", "1380013800", "138001380001", "13800l38000", "62751234", "010-0123456", "0571-123"]
        {
            assert!(normalize_phone(raw).is_err(), "{raw} should be refused");
        }
    }

    #[test]
    fn messages_are_in_both_languages() {
        let e = normalize_phone("1380013800").unwrap_err();
        assert!(e.zh.contains("11 位"), "{}", e.zh);
        assert!(e.en.contains("11 digits"), "{}", e.en);
    }
}
