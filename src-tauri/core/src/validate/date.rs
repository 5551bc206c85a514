//! Dates: ISO `YYYY-MM-DD` days and `YYYY-MM` months, real and within sensible bounds.

use chrono::{Datelike, NaiveDate};

use super::Invalid;
use crate::normalize::to_half_width;

/// Parses a real calendar day written `YYYY-MM-DD` (the form the UI's date pickers send).
pub fn parse_day(raw: &str) -> Result<NaiveDate, Invalid> {
    let s = to_half_width(raw);
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Invalid::new(
            format!("“{}”不是有效日期（应为 年-月-日）", s.trim()),
            format!("'{}' is not a real date (YYYY-MM-DD)", s.trim()),
        )
    })
}

/// A day no earlier than 1949 and no later than five years after `today`.
pub fn parse_plausible_day(raw: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let d = parse_day(raw)?;
    if d.year() < 1949 || d > today + chrono::Months::new(60) {
        return Err(Invalid::new("日期超出合理范围", "the date is out of the plausible range"));
    }
    Ok(d)
}

/// Checks that `end` is not before `start`.
pub fn check_order(start: NaiveDate, end: NaiveDate) -> Result<(), Invalid> {
    if end < start {
        Err(Invalid::new("结束日期不能早于开始日期", "the end date cannot be before the start date"))
    } else {
        Ok(())
    }
}

/// Normalises a birth month `YYYY-MM` (also `YYYY.MM`, `YYYY/MM`, `YYYY年MM月`); between 1920 and `today`.
pub fn normalize_month(raw: &str, today: NaiveDate) -> Result<String, Invalid> {
    let s = to_half_width(raw);
    let bad = || {
        Invalid::new(
            format!("“{}”不是有效年月（应为 年-月）", s.trim()),
            format!("'{}' is not a valid month (YYYY-MM)", s.trim()),
        )
    };
    let cleaned: String = s.trim().trim_end_matches('月').replace(['年', '.', '/'], "-");
    let (y, m) = cleaned.split_once('-').ok_or_else(bad)?;
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u32 = m.parse().map_err(|_| bad())?;
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
    if year < 1920 || first > today {
        return Err(bad());
    }
    Ok(format!("{year:04}-{month:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn days() {
        assert_eq!(parse_day("2024-02-29").unwrap(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert!(parse_day("2023-02-29").is_err());
        assert!(parse_day("2023/02/01").is_err());
        assert!(parse_plausible_day("2099-01-01", today()).is_err());
        assert!(parse_plausible_day("1900-01-01", today()).is_err());
        assert!(parse_plausible_day("2031-11-27", today()).is_ok());
    }

    #[test]
    fn order() {
        let a = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let b = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        assert!(check_order(a, b).is_ok());
        assert!(check_order(a, a).is_ok());
        assert!(check_order(b, a).is_err());
    }

    #[test]
    fn months() {
        assert_eq!(normalize_month("1978-5", today()).as_deref(), Ok("1978-05"));
        assert_eq!(normalize_month("1978.05", today()).as_deref(), Ok("1978-05"));
        assert_eq!(normalize_month("1978年5月", today()).as_deref(), Ok("1978-05"));
        assert_eq!(normalize_month("１９７８／０５", today()).as_deref(), Ok("1978-05"));
        for bad in ["1978-13", "1978", "2027-01", "1900-01", "abc"] {
            assert!(normalize_month(bad, today()).is_err(), "{bad}");
        }
    }
}
