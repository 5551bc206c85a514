//! Deterministic UUIDv7 ids: a fixed base instant plus a counter as the timestamp, seeded random bytes for the rest,
//! so ids are unique, time-ordered in generation order, and the same for the same seed.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::types::{ToSql, ToSqlOutput, ValueRef};
use uuid::Builder;

/// The timestamp of the first id as of the reference day 2025-12-31: 2025-12-30T00:00:00Z in Unix milliseconds (the
/// day before the as-of day; another as-of day moves it by as many days). Each id adds one millisecond, so even the
/// large sample's ids stay within that day.
const BASE_MS: u64 = 1_767_052_800_000;

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

/// A UUIDv7 as lowercase hyphenated text, kept on the stack and bound to SQL without allocating.
#[derive(Clone, Copy)]
pub struct Id([u8; 36]);

impl Id {
    /// The text (for tests and look-ups; SQL binds the bytes directly).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII")
    }
}

impl ToSql for Id {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(&self.0)))
    }
}

/// Makes the ids of one generation run.
pub struct IdGen {
    base_ms: u64,
    counter: u64,
    rng: ChaCha8Rng,
}

impl IdGen {
    /// The id sequence of `seed` (its own random stream, so ids do not shift the data's random draws), its
    /// timestamps moved by `shift_days` from the reference as-of day's.
    pub fn new(seed: u64, shift_days: i64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(1);
        let base_ms = u64::try_from(BASE_MS as i64 + shift_days * DAY_MS).expect("an as-of day after 1970");
        Self { base_ms, counter: 0, rng }
    }

    /// The next id.
    pub fn next_id(&mut self) -> Id {
        let mut random = [0u8; 10];
        self.rng.fill(&mut random);
        let uuid = Builder::from_unix_timestamp_millis(self.base_ms + self.counter, &random).into_uuid();
        self.counter += 1;
        let mut text = [0u8; 36];
        uuid.hyphenated().encode_lower(&mut text);
        Id(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_ordered_and_repeatable() {
        let (mut a, mut b) = (IdGen::new(7, 0), IdGen::new(7, 0));
        let first = a.next_id();
        let second = a.next_id();
        assert_eq!(first.as_str(), b.next_id().as_str());
        assert!(first.as_str() < second.as_str());
        let parsed = uuid::Uuid::parse_str(first.as_str()).unwrap();
        assert_eq!(parsed.get_version_num(), 7);
        let (secs, _) = parsed.get_timestamp().unwrap().to_unix();
        assert_eq!(secs * 1000, BASE_MS);
    }

    #[test]
    fn a_later_as_of_day_moves_only_the_timestamp() {
        let (mut a, mut b) = (IdGen::new(7, 0), IdGen::new(7, 2));
        let (first, moved) = (a.next_id(), b.next_id());
        let parse = |id: &Id| uuid::Uuid::parse_str(id.as_str()).unwrap();
        let (secs, _) = parse(&moved).get_timestamp().unwrap().to_unix();
        assert_eq!(secs * 1000, BASE_MS + 2 * DAY_MS as u64);
        assert_eq!(parse(&first).as_bytes()[6..], parse(&moved).as_bytes()[6..], "the same random part");
    }
}
