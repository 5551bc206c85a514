//! The one clock of the core, and the [`Actor`] every write is stamped with: who does it, and when by that clock.
//!
//! Nothing else in the core reads the time: a ledger's [`Clock`] is the system's by default and a fixed or
//! hand-moved one in tests ([`crate::Ledger::set_clock`], [`crate::data_folder::backup::BackupPolicy::clock`]), so anything that
//! depends on the date — today's default period, overdue follow-ups, "not in the future", backup names — can be
//! tested on a known day.

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Local, NaiveDate, SecondsFormat, TimeZone, Utc};

/// Now, in local time: a "day" is the person's calendar day.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Local> + Send + Sync>);

impl Clock {
    /// The machine's clock.
    pub fn system() -> Self {
        Self(Arc::new(Local::now))
    }

    /// A clock that reads `now` (e.g. one a test moves by hand).
    pub fn new(now: impl Fn() -> DateTime<Local> + Send + Sync + 'static) -> Self {
        Self(Arc::new(now))
    }

    /// A clock stopped at `at`.
    pub fn fixed(at: DateTime<Local>) -> Self {
        Self::new(move || at)
    }

    /// A clock stopped at noon (local time) of `day`.
    pub fn fixed_on(day: NaiveDate) -> Self {
        let noon = day.and_hms_opt(12, 0, 0).expect("noon exists");
        let at = Local.from_local_datetime(&noon).earliest().unwrap_or_else(|| Local.from_utc_datetime(&noon));
        Self::fixed(at)
    }

    /// Now, in local time.
    pub fn now(&self) -> DateTime<Local> {
        (self.0)()
    }

    /// Today's date on the local calendar.
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// Now in UTC as RFC 3339 with milliseconds, e.g. `2026-11-27T08:30:00.123Z`: the form of every stored
    /// timestamp (created, updated, deleted, audit entries).
    pub fn timestamp(&self) -> String {
        self.now().with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    /// How long before this clock's now the file system stamped a file `modified`; zero for a stamp after it (a file
    /// from a clock ahead of this one never counts as old).
    pub fn age_of(&self, modified: SystemTime) -> Duration {
        SystemTime::from(self.now()).duration_since(modified).unwrap_or_default()
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Clock").field(&self.now()).finish()
    }
}

/// Who makes a change, and the clock it is stamped by: the ledger hands one to every write. The name is shared by
/// the actor's clones, so renaming it (设置's 操作人) names every later change.
#[derive(Debug, Clone)]
pub struct Actor {
    name: Arc<RwLock<String>>,
    clock: Clock,
}

impl Actor {
    /// `name` (what audit entries record), stamping by `clock`.
    pub fn new(name: impl Into<String>, clock: Clock) -> Self {
        Self { name: Arc::new(RwLock::new(name.into())), clock }
    }

    /// The name audit entries record.
    pub fn name(&self) -> String {
        self.name.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// Records later changes under `name`.
    pub(crate) fn rename(&self, name: String) {
        *self.name.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = name;
    }

    /// The clock this actor's changes are stamped by.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Now, as a stored timestamp ([`Clock::timestamp`]).
    pub fn now(&self) -> String {
        self.clock.timestamp()
    }

    /// Today on the local calendar ([`Clock::today`]).
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    pub(crate) fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_age_is_measured_on_the_ledgers_clock() {
        let clock = Clock::fixed_on(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        let stamped = SystemTime::from(clock.now()) - Duration::from_secs(7200);
        assert_eq!(clock.age_of(stamped), Duration::from_secs(7200), "two hours before the clock's noon");
        let later = SystemTime::from(clock.now()) + Duration::from_secs(60);
        assert_eq!(clock.age_of(later), Duration::ZERO, "a stamp after the clock's now is not old");
    }

    #[test]
    fn a_fixed_clock_gives_its_day_and_a_utc_timestamp() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let clock = Clock::fixed_on(day);
        assert_eq!(clock.today(), day);
        let stamp = clock.timestamp();
        assert!(stamp.ends_with(".000Z"), "{stamp}");
        let back = DateTime::parse_from_rfc3339(&stamp).unwrap().with_timezone(&Local);
        assert_eq!(back, clock.now());
        let actor = Actor::new("王敏", clock);
        assert_eq!((actor.name().as_str(), actor.today(), actor.now()), ("王敏", day, stamp));
    }

    #[test]
    fn a_hand_moved_clock_is_read_each_time() {
        let at = std::sync::Arc::new(std::sync::Mutex::new(
            Clock::fixed_on(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).now(),
        ));
        let seen = at.clone();
        let clock = Clock::new(move || *seen.lock().unwrap());
        let later = Clock::fixed_on(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()).now();
        *at.lock().unwrap() = later;
        assert_eq!(clock.now(), later);
    }
}
