//! Money as the user writes it (万元, ten thousand yuan) and as the ledger stores it (integer fen, 1/100 yuan),
//! converted exactly, without floating point: 1 万元 = 1,000,000 fen, so a 万元 amount has at most 6 decimals.

use crate::normalize::clean_text;
use crate::validate::Invalid;

/// Fen in one 万元.
pub const FEN_PER_WAN: i64 = 1_000_000;

/// Decimals of a 万元 amount that still name a whole fen.
pub const MAX_WAN_DECIMALS: usize = 6;

/// Digits of the whole 万元 part accepted (up to 99,999,999 万元, just under 1 万亿元 per amount), so sums of a
/// million records stay far inside `i64`.
pub const MAX_WAN_INTEGER_DIGITS: usize = 8;

/// Parses a non-negative 万元 amount such as `12.5`, `0.0001`, `３．５` or `.5` into fen, exactly. Full-width digits
/// and surrounding spaces are accepted; a sign, a thousands separator, a unit, more than 6 decimals or more than 8
/// whole digits are refused with a message (without the field's name: the caller adds it). Blank input is the
/// caller's concern (a form treats it as 0).
pub fn parse_wan(raw: &str) -> Result<i64, Invalid> {
    let text = clean_text(raw);
    let malformed = || {
        Invalid::new(
            format!("“{text}”不是有效金额（以万元为单位的数字，如 12.5）"),
            format!("'{text}' is not a valid amount (a number of 万元, e.g. 12.5)"),
        )
    };
    if text.strip_prefix('-').is_some_and(|rest| parse_wan(rest).is_ok()) {
        return Err(Invalid::new(
            format!("金额不能为负数（“{text}”）"),
            format!("the amount cannot be negative ('{text}')"),
        ));
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return Err(malformed());
    }
    if fraction.len() > MAX_WAN_DECIMALS {
        return Err(Invalid::new(
            format!("“{text}”的小数超过 {MAX_WAN_DECIMALS} 位（万元精确到分只需 6 位小数）"),
            format!("'{text}' has more than {MAX_WAN_DECIMALS} decimals (6 decimals of 万元 are one fen)"),
        ));
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > MAX_WAN_INTEGER_DIGITS {
        return Err(Invalid::new(
            format!("“{text}”过大（整数部分最多 {MAX_WAN_INTEGER_DIGITS} 位万元）"),
            format!("'{text}' is too large (at most {MAX_WAN_INTEGER_DIGITS} whole digits of 万元)"),
        ));
    }
    let whole_fen = if whole.is_empty() { 0 } else { whole.parse::<i64>().map_err(|_| malformed())? * FEN_PER_WAN };
    let fraction_fen = if fraction.is_empty() {
        0
    } else {
        let scale = 10_i64.pow((MAX_WAN_DECIMALS - fraction.len()) as u32);
        fraction.parse::<i64>().map_err(|_| malformed())? * scale
    };
    Ok(whole_fen + fraction_fen)
}

/// Writes fen as 万元 text, exactly: at least two decimals (the way amounts are shown), more only when the amount
/// needs them (`12_500_000` → `12.50`, `100` → `0.0001`, `123_456_789` → `123.456789`). [`parse_wan`] reads it back
/// to the same fen.
pub fn format_wan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let per_wan = FEN_PER_WAN as u64;
    let digits = format!("{:06}", abs % per_wan);
    let kept = digits.trim_end_matches('0').len().max(2);
    format!("{sign}{}.{}", abs / per_wan, &digits[..kept])
}

/// Fen as a 万元 number for a spreadsheet cell: the `f64` nearest to the exact amount, the same value a spreadsheet
/// reads from [`format_wan`]'s text (one correctly rounded division of two integers that `f64` holds exactly; amounts
/// stay far below 2^53 fen).
pub fn wan_number(fen: i64) -> f64 {
    fen as f64 / FEN_PER_WAN as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_fen() {
        for (raw, fen) in [
            ("12.5", 12_500_000),
            ("0.0001", 100),
            ("0.000001", 1),
            ("123.456789", 123_456_789),
            ("0", 0),
            ("007", 7_000_000),
            (".5", 500_000),
            ("5.", 5_000_000),
            (" １２．５ ", 12_500_000),
            ("99999999.999999", 99_999_999_999_999),
        ] {
            assert_eq!(parse_wan(raw), Ok(fen), "{raw}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_plain_amount() {
        for raw in ["", ".", "abc", "1,200", "12.5万", "1.2.3", "+5", "1e3", "１２．５元", "-", "--5"] {
            let e = parse_wan(raw).unwrap_err();
            assert!(e.zh.contains("不是有效金额"), "{raw}: {}", e.zh);
        }
        assert!(parse_wan("-5").unwrap_err().zh.contains("负数"));
        assert!(parse_wan("0.0000001").unwrap_err().en.contains("more than 6 decimals"));
        assert!(parse_wan("100000000").unwrap_err().en.contains("too large"));
    }

    #[test]
    fn formats_with_two_decimals_or_as_many_as_exactness_needs() {
        assert_eq!(format_wan(0), "0.00");
        assert_eq!(format_wan(12_500_000), "12.50");
        assert_eq!(format_wan(100), "0.0001");
        assert_eq!(format_wan(1), "0.000001");
        assert_eq!(format_wan(123_456_789), "123.456789");
        assert_eq!(format_wan(-1_230_000), "-1.23");
    }

    #[test]
    fn the_spreadsheet_number_is_the_text_read_as_a_number() {
        for fen in [0, 1, 100, 12_500_000, 123_456_789, 99_999_999_999_999, 1_000_000_000_001] {
            assert_eq!(wan_number(fen), format_wan(fen).parse::<f64>().unwrap(), "{fen}");
        }
        let mut fen: i64 = 1;
        while fen < 99_999_999_999_999 {
            assert_eq!(wan_number(fen), format_wan(fen).parse::<f64>().unwrap(), "{fen}");
            fen = fen * 3 + 7;
        }
    }

    #[test]
    fn fen_to_text_to_fen_is_the_identity() {
        let mut fen: i64 = 0;
        while fen < 99_999_999_999_999 {
            assert_eq!(parse_wan(&format_wan(fen)), Ok(fen), "{fen}");
            fen = fen * 7 + 13;
        }
        for fen in (0..2_000_000).step_by(997).chain([1, 10, 99, 999_999, 1_000_001]) {
            assert_eq!(parse_wan(&format_wan(fen)), Ok(fen), "{fen}");
        }
    }
}
