//! The seeded random source of the generator and the few kinds of draw it needs.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::calendar::Day;

/// Seeded random draws (ChaCha8, portable: the same seed gives the same draws on every platform).
pub struct Dice(ChaCha8Rng);

impl Dice {
    /// The draws of `seed`.
    pub fn new(seed: u64) -> Self {
        Self(ChaCha8Rng::seed_from_u64(seed))
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.0.random_bool(p)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        self.0.random_range(lo..=hi)
    }

    /// An index below `n` (which must be positive).
    pub fn below(&mut self, n: usize) -> usize {
        self.0.random_range(0..n as u32) as usize
    }

    /// One item, uniformly.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index drawn with the given weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        self.weighted_by(weights, |w| *w)
    }

    /// An index of `items` drawn with the weight `weight` gives each.
    pub fn weighted_by<T>(&mut self, items: &[T], weight: impl Fn(&T) -> u32) -> usize {
        let total: u32 = items.iter().map(&weight).sum();
        let mut x = self.0.random_range(0..total);
        for (i, item) in items.iter().enumerate() {
            let w = weight(item);
            if x < w {
                return i;
            }
            x -= w;
        }
        unreachable!("x < total")
    }

    /// A day in `lo..=hi`.
    pub fn day(&mut self, lo: Day, hi: Day) -> Day {
        self.0.random_range(lo..=hi)
    }

    /// A moment of the Beijing working day (09:00–18:00, i.e. 01:00–10:00 UTC) in milliseconds of the UTC day.
    pub fn office_ms(&mut self) -> u32 {
        self.0.random_range(3_600_000..36_000_000)
    }

    /// `n` random decimal digits appended to `out`.
    pub fn digits(&mut self, out: &mut String, n: usize) {
        for _ in 0..n {
            out.push(char::from(b'0' + self.0.random_range(0..10u8)));
        }
    }
}
