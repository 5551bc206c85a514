//! Money typed in 万元 (ten thousand yuan), stored as integer fen. 1 万元 = 10,000 yuan = 1,000,000 fen, so a
//! figure with up to six decimals converts exactly; the text is parsed digit by digit, never through a float.

use super::Invalid;
use crate::normalize::to_half_width;

/// Fen in one 万元.
pub const FEN_PER_WAN: i64 = 1_000_000;

/// The most decimals a 万元 figure can have and still be whole fen.
pub const MAX_WAN_DECIMALS: usize = 6;

/// Parses a non-negative amount in 万元 (`12.5`, `０.３`, ` 100 `, `.5`) into fen, exactly. Negative, malformed,
/// finer than a fen, or too large to store → a message saying which.
pub fn parse_wan(raw: &str) -> Result<i64, Invalid> {
    let text = to_half_width(raw);
    let text = text.trim();
    if text.starts_with('-') {
        return Err(Invalid::new("金额不能为负数", "the amount cannot be negative"));
    }
    let bad = || {
        Invalid::new(
            format!("“{text}”不是有效金额（单位：万元，如 12.5）"),
            format!("'{text}' is not a valid amount (in 万元, e.g. 12.5)"),
        )
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits_only(whole) || !digits_only(fraction) {
        return Err(bad());
    }
    if fraction.len() > MAX_WAN_DECIMALS {
        return Err(Invalid::new(
            "金额最多保留 6 位小数（以万元计，精确到分）",
            "the amount can have at most 6 decimals (in 万元, exact to the fen)",
        ));
    }
    let too_large = || Invalid::new("金额过大", "the amount is too large");
    let whole_fen = if whole.is_empty() { 0 } else { whole.parse::<i64>().map_err(|_| too_large())? };
    let fraction_fen = format!("{fraction:0<6}").parse::<i64>().map_err(|_| bad())?;
    whole_fen.checked_mul(FEN_PER_WAN).and_then(|f| f.checked_add(fraction_fen)).ok_or_else(too_large)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wan_becomes_exact_fen() {
        assert_eq!(parse_wan("12.5"), Ok(12_500_000));
        assert_eq!(parse_wan(" 100 "), Ok(100_000_000));
        assert_eq!(parse_wan("0.000001"), Ok(1));
        assert_eq!(parse_wan("0.1"), Ok(100_000));
        assert_eq!(parse_wan(".5"), Ok(500_000));
        assert_eq!(parse_wan("3."), Ok(3_000_000));
        assert_eq!(parse_wan("１２．５"), Ok(12_500_000));
        assert_eq!(parse_wan("0"), Ok(0));
        // 0.1 + 0.2 in floats is 0.30000000000000004; digit by digit it is exact.
        assert_eq!(parse_wan("0.1").unwrap() + parse_wan("0.2").unwrap(), parse_wan("0.3").unwrap());
    }

    #[test]
    fn bad_amounts_say_why() {
        assert!(parse_wan("-1").unwrap_err().zh.contains("负数"));
        assert!(parse_wan("0.0000001").unwrap_err().zh.contains("6 位小数"));
        assert!(parse_wan("99999999999999999").unwrap_err().zh.contains("过大"));
        for bad in ["", ".", "abc", "1.2.3", "1e5", "+5", "1,000", "12万"] {
            assert!(parse_wan(bad).unwrap_err().zh.contains("不是有效金额"), "{bad}");
        }
    }
}
