//! The sample period (2023-01-01 ..= 2025-12-31) as day numbers, their `YYYY-MM-DD` text, and timestamps.
//!
//! Nothing here reads the clock: every date and timestamp is derived from the fixed period, so the same seed gives
//! the same database whenever it runs.

use chrono::NaiveDate;
use rusqlite::types::{ToSql, ToSqlOutput, ValueRef};

/// A day of the sample period: 0 is 2023-01-01.
pub type Day = u16;

/// The last day of the period, 2025-12-31 (the sample's "today").
pub const LAST: Day = 1095;

/// Milliseconds of the UTC day at which the last timestamp of the sample lies: 2025-12-31T10:00:00.000Z (18:00
/// Beijing time). Every other timestamp is earlier.
pub const CLOSING_MS: u32 = 10 * 3_600_000;

/// The day `n` days after `d`, never past [`LAST`].
pub fn later(d: Day, n: u32) -> Day {
    (u32::from(d) + n).min(u32::from(LAST)) as Day
}

/// The dates of the period as text, looked up by [`Day`].
pub struct Calendar {
    first: NaiveDate,
    dates: Vec<String>,
}

impl Calendar {
    /// The calendar of 2023–2025.
    pub fn new() -> Self {
        let first = NaiveDate::from_ymd_opt(2023, 1, 1).expect("valid date");
        let dates: Vec<String> = first.iter_days().take(usize::from(LAST) + 1).map(|d| d.to_string()).collect();
        debug_assert_eq!(dates[usize::from(LAST)], "2025-12-31");
        Self { first, dates }
    }

    /// The day of a calendar date inside the period.
    pub fn day(&self, year: i32, month: u32, day: u32) -> Day {
        let date = NaiveDate::from_ymd_opt(year, month, day).expect("valid date");
        let n = (date - self.first).num_days();
        debug_assert!((0..=i64::from(LAST)).contains(&n), "{date} outside the sample period");
        n as Day
    }

    /// `YYYY-MM-DD`.
    pub fn date(&self, d: Day) -> &str {
        &self.dates[usize::from(d)]
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

    #[test]
    fn days_and_stamps() {
        let cal = Calendar::new();
        assert_eq!(cal.date(0), "2023-01-01");
        assert_eq!(cal.date(LAST), "2025-12-31");
        assert_eq!(cal.day(2024, 3, 1), 425);
        assert_eq!(
            cal.stamp(cal.day(2025, 3, 4), 5 * 3_600_000 + 6 * 60_000 + 7_123).as_str(),
            "2025-03-04T05:06:07.123Z"
        );
        assert_eq!(cal.stamp(LAST, CLOSING_MS).as_str(), "2025-12-31T10:00:00.000Z");
        assert_eq!(later(LAST - 2, 10), LAST);
    }
}
