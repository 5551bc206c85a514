//! How often a long job (an export, an import) tells the UI how far it is.

use std::time::{Duration, Instant};

/// At most this often a running job sends its progress (the last figure is always sent).
const INTERVAL: Duration = Duration::from_millis(100);

/// Decides which progress figures are worth an event: the first, then at most one per [`INTERVAL`], and the last.
#[derive(Default)]
pub struct Throttle {
    last: Option<Instant>,
}

impl Throttle {
    /// Whether `done` of `total` should be sent now (and, if so, counts it as sent).
    pub fn due(&mut self, done: u64, total: u64) -> bool {
        let due = self.last.is_none_or(|t| t.elapsed() >= INTERVAL) || done >= total;
        if due {
            self.last = Some(Instant::now());
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_and_the_last_figure_are_sent_and_the_rest_thinned() {
        let mut throttle = Throttle::default();
        assert!(throttle.due(0, 10), "the first");
        assert!(!throttle.due(1, 10), "one right after is held back");
        assert!(throttle.due(10, 10), "the last always goes");
    }
}
