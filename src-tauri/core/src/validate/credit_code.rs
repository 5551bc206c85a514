//! Unified social credit codes (统一社会信用代码, GB 32100-2015).

use super::Invalid;
use crate::normalize::to_half_width;

/// The 31 characters a code may use: digits and capitals without I, O, S, V, Z.
pub const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// What checking a well-formed code found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditCodeCheck {
    /// Well formed and the check character agrees.
    Valid(String),
    /// Well formed but the check character disagrees: a warning the user may override with a reason.
    CheckDigitMismatch { code: String, expected: char },
}

fn value_of(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

/// The check character of the first 17 characters (which must come from [`ALPHABET`]).
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    let mut count = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value_of(c)? * w;
        count += 1;
    }
    if count != 17 {
        return None;
    }
    let v = (31 - sum % 31) % 31;
    ALPHABET.chars().nth(v as usize)
}

/// Normalises (half-width, no spaces, upper case) and checks a code. A wrong length or character is an error;
/// a failing check character is reported as [`CreditCodeCheck::CheckDigitMismatch`].
pub fn check_credit_code(raw: &str) -> Result<CreditCodeCheck, Invalid> {
    let code: String = to_half_width(raw).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let len = code.chars().count();
    if len != 18 {
        return Err(Invalid::new(
            format!("统一社会信用代码应为 18 位，现为 {len} 位"),
            format!("a unified social credit code has 18 characters, this one has {len}"),
        ));
    }
    if let Some((i, c)) = code.chars().enumerate().find(|(_, c)| value_of(*c).is_none()) {
        return Err(Invalid::new(
            format!("统一社会信用代码第 {} 位“{c}”不是允许的字符（不含 I、O、S、V、Z）", i + 1),
            format!("character {} ('{c}') is not allowed in a credit code (no I, O, S, V, Z)", i + 1),
        ));
    }
    if !code[2..8].bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::new(
            "统一社会信用代码第 3–8 位应为行政区划代码（数字）",
            "characters 3–8 of a credit code are the administrative division code (digits)",
        ));
    }
    let expected = check_char(&code[..17]).expect("17 characters from the alphabet");
    if code.ends_with(expected) {
        Ok(CreditCodeCheck::Valid(code))
    } else {
        Ok(CreditCodeCheck::CheckDigitMismatch { code, expected })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_characters_of_published_codes() {
        // Codes printed on public business licences.
        for code in ["91350100M000100Y43", "91110000600037341L", "91440300708461136T"] {
            assert_eq!(check_credit_code(code), Ok(CreditCodeCheck::Valid(code.to_owned())), "{code}");
        }
    }

    #[test]
    fn normalises_case_and_width() {
        assert_eq!(
            check_credit_code(" ９１３５０１００ｍ０００１００ｙ４３ "),
            Ok(CreditCodeCheck::Valid("91350100M000100Y43".to_owned()))
        );
    }

    #[test]
    fn wrong_check_character_is_a_warning() {
        assert_eq!(
            check_credit_code("91350100M000100Y44"),
            Ok(CreditCodeCheck::CheckDigitMismatch { code: "91350100M000100Y44".to_owned(), expected: '3' })
        );
    }

    #[test]
    fn malformed_codes_are_errors() {
        assert!(check_credit_code("91350100M000100Y4").unwrap_err().zh.contains("18 位"));
        assert!(check_credit_code("91350100M000100I43").unwrap_err().zh.contains("第 16 位"));
        assert!(check_credit_code("913A0100M000100Y43").unwrap_err().zh.contains("3–8"));
    }
}
