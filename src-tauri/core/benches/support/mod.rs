//! What the bench binaries share: the large sample and this process's memory figures.

use std::path::{Path, PathBuf};
use std::time::Instant;

use ledger_core::sample::{self, Scale};
use ledger_core::Ledger;

/// The environment variable naming a large sample kept between runs (generated there when missing; never changed:
/// the benches work on a copy).
pub const SAMPLE_CACHE_ENV: &str = "LEDGER_BENCH_SAMPLE";

/// Puts the large sample at `path`: a copy of the cached one, or generated (and cached when
/// [`SAMPLE_CACHE_ENV`] names a file that does not exist yet). Returns a line describing what was done.
#[allow(dead_code)] // the ledger bench keeps its own (it reports the generation)
pub fn large_sample_at(path: &Path) -> String {
    let cache = std::env::var_os(SAMPLE_CACHE_ENV).map(PathBuf::from);
    if let Some(cached) = cache.as_deref().filter(|c| c.is_file()) {
        std::fs::copy(cached, path).expect("copies the cached sample");
        return format!("copied from {}", cached.display());
    }
    let ledger = Ledger::open(path).expect("opens");
    let started = Instant::now();
    let summary = sample::generate(ledger.database(), 1, Scale::Large, sample::FIXED_AS_OF).expect("sample data");
    drop(ledger);
    if let Some(cache) = &cache {
        std::fs::copy(path, cache).expect("caches the sample");
    }
    format!(
        "generated ({} experts, {} enterprises, {} service records) in {:.1} s",
        summary.experts,
        summary.enterprises,
        summary.service_records,
        started.elapsed().as_secs_f64()
    )
}

/// Peak resident memory of this process so far (Linux; 0 elsewhere).
#[allow(dead_code)] // not every bench binary reports it
pub fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

/// Resets this process's peak-memory mark to its current resident memory (Linux) and returns that, in MB.
#[allow(dead_code)]
pub fn reset_peak_rss_mb() -> f64 {
    // Writing 5 to clear_refs resets VmHWM (Linux ≥ 4.0); elsewhere the mark simply is not reset.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    status_mb("VmRSS:")
}

/// A line of /proc/self/status in MB (0 where there is none).
fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(key)).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The load average over the last minute (Linux; 0 elsewhere), to say how busy the machine was.
#[allow(dead_code)]
pub fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|l| l.parse().ok()))
        .unwrap_or(0.0)
}
