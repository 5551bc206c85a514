//! The sample period as day numbers, their `YYYY-MM-DD` text, and timestamps.
//!
//! The generator works on day numbers 0 ..= [`LAST`] (1,096 days, three years); a [`Calendar`] places them so that
//! [`LAST`] is the as-of day: day `d` is `as_of − (LAST − d)` days. Every draw is made on day numbers, so the same
//! seed gives the same records at any as-of day, their dates shifted by whole days; as of 2025-12-31 the period is
//! 2023-01-01 ..= 2025-12-31, the sample's fixed period before `--as-of` existed. A leap day needs no care: the
//! shift is in days, so 2024-02-29 moves to whatever day lies the same number of days away, and an as-of 02-29 is a
//! day like any other.
//!
//! Nothing here reads the clock: the as-of day is given.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::{ToSql, ToSqlOutput, ValueRef};

/// A day of the sample period: 0 is its first day, [`LAST`] the as-of day.
pub type Day = u16;

/// The last day of the period, the as-of day (the sample's "today").
pub const LAST: Day = 1095;

/// Milliseconds of the UTC day at which the last timestamp of the sample lies: 10:00:00.000Z of the as-of day (18:00
/// Beijing time). Every other timestamp is earlier.
pub const CLOSING_MS: u32 = 10 * 3_600_000;

/// 2025-12-31, the as-of day of the sample before `--as-of` existed (its period 2023-01-01 ..= 2025-12-31): the
/// fixed sample of the tests, the benchmarks and their cached file.
pub const FIXED_AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(2025, 12, 31) {
    Some(day) => day,
    None => panic!("a real day"),
};

/// The day `n` days after `d`, never past [`LAST`].
pub fn later(d: Day, n: u32) -> Day {
    (u32::from(d) + n).min(u32::from(LAST)) as Day
}

/// The dates of the period as text, looked up by [`Day`].
pub struct Calendar {
    dates: Vec<NaiveDate>,
    texts: Vec<String>,
}

impl Calendar {
    /// The calendar of the three years that end on `as_of`.
    pub fn new(as_of: NaiveDate) -> Self {
        let first = as_of - chrono::Days::new(u64::from(LAST));
        let dates: Vec<NaiveDate> = first.iter_days().take(usize::from(LAST) + 1).collect();
        let texts = dates.iter().map(NaiveDate::to_string).collect();
        Self { dates, texts }
    }

    /// Days between the reference as-of day (2025-12-31) and this calendar's: what every date moved by.
    pub fn shift_days(&self) -> i64 {
        (self.calendar_date(LAST) - FIXED_AS_OF).num_days()
    }

    /// The day that lies where `year-month-day` lay in the reference period (2023-01-01 ..= 2025-12-31): the
    /// generator's fixed points (the batches' first days) are named by their reference dates.
    pub fn reference_day(year: i32, month: u32, day: u32) -> Day {
        let date = NaiveDate::from_ymd_opt(year, month, day).expect("valid date");
        let n = (FIXED_AS_OF - date).num_days();
        debug_assert!((0..=i64::from(LAST)).contains(&n), "{date} outside the reference period");
        LAST - n as Day
    }

    /// `YYYY-MM-DD`.
    pub fn date(&self, d: Day) -> &str {
        &self.texts[usize::from(d)]
    }

    /// The calendar date of day `d`.
    pub fn calendar_date(&self, d: Day) -> NaiveDate {
        self.dates[usize::from(d)]
    }

    /// The year day `d` falls in.
    pub fn year(&self, d: Day) -> i32 {
        self.calendar_date(d).year()
    }

    /// The instant `ms` milliseconds into UTC day `d`, as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    pub fn stamp(&self, d: Day, ms: u32) -> Stamp {
        let mut b = [0u8; 24];
        b[..10].copy_from_slice(self.date(d).as_bytes());
        let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
        b[10] = b'T';
        put_digits(&mut b[11..13], h);
        b[13] = b':';
        put_digits(&mut b[14..16], m);
        b[16] = b':';
        put_digits(&mut b[17..19], s);
        b[19] = b'.';
        put_digits(&mut b[20..23], milli);
        b[23] = b'Z';
        Stamp(b)
    }
}

fn put_digits(out: &mut [u8], mut v: u32) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// An RFC 3339 UTC timestamp with milliseconds, kept on the stack and bound to SQL without allocating.
#[derive(Clone, Copy)]
pub struct Stamp([u8; 24]);

impl Stamp {
    /// The text (for tests; SQL binds the bytes directly).
    #[cfg(test)]
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII")
    }
}

impl ToSql for Stamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(&self.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn days_and_stamps() {
        let cal = Calendar::new(FIXED_AS_OF);
        assert_eq!(cal.date(0), "2023-01-01");
        assert_eq!(cal.date(LAST), "2025-12-31");
        assert_eq!(Calendar::reference_day(2024, 3, 1), 425);
        assert_eq!(cal.date(425), "2024-03-01");
        assert_eq!(cal.shift_days(), 0);
        assert_eq!(
            cal.stamp(Calendar::reference_day(2025, 3, 4), 5 * 3_600_000 + 6 * 60_000 + 7_123).as_str(),
            "2025-03-04T05:06:07.123Z"
        );
        assert_eq!(cal.stamp(LAST, CLOSING_MS).as_str(), "2025-12-31T10:00:00.000Z");
        assert_eq!(later(LAST - 2, 10), LAST);
    }

    #[test]
    fn the_reference_calendar_is_the_fixed_period_day_by_day() {
        let cal = Calendar::new(FIXED_AS_OF);
        let first = day(2023, 1, 1);
        for d in 0..=LAST {
            assert_eq!(cal.calendar_date(d), first + chrono::Days::new(u64::from(d)));
        }
    }

    #[test]
    fn leap_days_shift_like_any_other_day() {
        // As of a leap day: the period ends on it.
        let cal = Calendar::new(day(2028, 2, 29));
        assert_eq!(cal.date(LAST), "2028-02-29");
        assert_eq!(cal.date(0), "2025-03-01");
        // The reference period's 2024-02-29 moves by the same number of days as every other day.
        let leap = Calendar::reference_day(2024, 2, 29);
        let cal = Calendar::new(day(2026, 12, 31));
        assert_eq!(cal.shift_days(), 365);
        assert_eq!(cal.date(leap - 1), "2025-02-27");
        assert_eq!(cal.date(leap), "2025-02-28");
        assert_eq!(cal.date(leap + 1), "2025-03-01");
    }
}
