//! Issue 16: the 1,000,000-row 服务台账 export against its two references, in one run, and the times of the other
//! large workbooks. Run with:
//!
//! ```sh
//! LEDGER_BENCH_SAMPLE=/work/bench-large.sqlite3 cargo bench -p ledger-core --bench export_floor
//! LEDGER_BENCH_SAMPLE=/work/bench-large.sqlite3 cargo bench -p ledger-core --bench export_floor -- services  # or others
//! ```
//!
//! `services` times, on a copy of the large sample (migrated when opened):
//! - **the export**: `Ledger::export` of the 服务台账 for 2023-01-01..2025-12-31, everything the app does (the count,
//!   the query on its own read-only connection, labels, the workbook with its formats, widths, 合计 row and page
//!   setup, the partial file synced and renamed), with the peak memory of this process while it runs;
//! - **the floor**: the workbook the export wrote, read back with calamine, written again cell for cell into a bare
//!   rust_xlsxwriter constant-memory sheet — numbers as numbers, text as text, dates as their serial numbers, no
//!   formats, no widths, no page setup — and saved (the same crate and features as the app; the read-back is not
//!   timed). The least any writer on this crate can take for these cells;
//! - **the peer**: `tests/bench/export_peer.py`, a straightforward Python script (sqlite3 + XlsxWriter in
//!   constant-memory mode) writing the same ledger; skipped with a note when `python3 -c 'import xlsxwriter'` fails
//!   (`pip install XlsxWriter`).
//!
//! The export and the floor alternate, `EXPORT_BENCH_RUNS` times each (default 5), and the medians are compared. The floor is written twice a run: with the crate's default deflate level (6) and with
//! the level the app uses for a ledger (1), and the export is compared with both. The peer runs once.
//!
//! `others` times the 企业名录 (100,000 enterprises), the 走访记录台账 and the summary workbook of 2024.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use calamine::{open_workbook, DataRef, Reader, Xlsx};
use ledger_core::data_folder::backup::BackupPolicy;
use ledger_core::model::{ExportFormat, ExportKind, ExportRequest, ReportFilter};
use ledger_core::Ledger;
use rust_xlsxwriter::Workbook;

/// The period of the timed ledgers: every service record of the large sample.
const FROM: &str = "2023-01-01";
const TO: &str = "2025-12-31";

fn main() {
    let groups: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let wants = |group: &str| groups.is_empty() || groups.iter().any(|g| g == group);
    let runs: usize = std::env::var("EXPORT_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("ledger.sqlite3");
    let sample = support::large_sample_at(&path);
    // Opened as the benches open a copy: no daily backup of the 1 GB file, no start-up check (neither is timed, and
    // both take minutes on a busy machine); an older sample is still migrated (with its backup) first.
    let policy = BackupPolicy { daily_at_open: false, check_at_open: false, ..BackupPolicy::default() };
    let ledger = Ledger::open_with(&path, policy).expect("opens (and migrates) the copy");
    println!("| measure | result |");
    println!("|---|---|");
    println!("| large sample | {sample} |");
    println!("| load average (1 min) at the start | {:.1} |", support::load_average());
    if wants("services") {
        services(&ledger, &path, dir.path(), runs);
    }
    if wants("others") {
        others(&ledger, dir.path(), runs);
    }
    println!("| load average (1 min) at the end | {:.1} |", support::load_average());
}

fn request(kind: ExportKind, period: &str) -> ExportRequest {
    ExportRequest {
        kind,
        format: ExportFormat::Xlsx,
        filter: ReportFilter {
            period: period.into(),
            region: None,
            organization_id: None,
            batch_id: None,
            origins: None,
            reviewed_only: None,
        },
        columns: None,
        include_full_id: false,
        paper: None,
    }
}

/// The export, the floor and the peer of the 服务台账.
fn services(ledger: &Ledger, db: &Path, dir: &Path, runs: usize) {
    let request = request(ExportKind::Services, &format!("{FROM}..{TO}"));
    let out = dir.join("服务台账.xlsx");
    let export = || {
        let started = Instant::now();
        let report = ledger.export(&request, &out, &mut |_, _| true).expect("exports");
        (started.elapsed(), report.rows)
    };
    let before = support::reset_peak_rss_mb();
    let (first, rows) = export();
    let peak = support::peak_rss_mb();
    let file_mb = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;

    let cells = Cells::read(&out);
    let floor_out = dir.join("floor.xlsx");
    let mut floors = vec![cells.write(dir, &floor_out, None)];
    let mut fast_floors = vec![cells.write(dir, &floor_out, Some(1))];
    let mut exports = vec![first];
    for _ in 1..runs {
        exports.push(export().0);
        floors.push(cells.write(dir, &floor_out, None));
        fast_floors.push(cells.write(dir, &floor_out, Some(1)));
    }
    let peer = peer(db, &dir.join("peer.xlsx"));

    // The median of the runs (the issue's measure); with an even count, the faster of the middle two.
    let median = |d: &[Duration]| {
        let mut sorted = d.to_vec();
        sorted.sort();
        sorted[(sorted.len() - 1) / 2].as_secs_f64()
    };
    let export_s = median(&exports);
    let floor_s = median(&floors);
    println!(
        "| export of the 服务台账 ({rows} rows, {file_mb:.0} MB .xlsx), median of {runs} | {export_s:.1} s (runs {}) |",
        all(&exports)
    );
    println!(
        "| floor: the same {} cells, bare rust_xlsxwriter constant-memory, median of {runs} | {floor_s:.1} s (runs {}) |",
        cells.cells.len(),
        all(&floors)
    );
    let fast_floor_s = median(&fast_floors);
    println!(
        "| the floor deflated at level 1, as the app deflates a ledger (the default is 6), median of {runs} | {fast_floor_s:.1} s (runs {}) |",
        all(&fast_floors)
    );
    println!("| export ÷ floor at level 1 | {:.2} × |", export_s / fast_floor_s);
    match peer {
        Ok(peer) => {
            let peer_s = peer.as_secs_f64();
            println!("| peer: tests/bench/export_peer.py (sqlite3 + XlsxWriter constant_memory) | {peer_s:.1} s |");
            println!("| export ÷ floor (bar ≤ 1.25 ×) | {:.2} × |", export_s / floor_s);
            println!("| peer ÷ export (bar ≥ 8 ×) | {:.1} × |", peer_s / export_s);
        }
        Err(why) => {
            println!("| peer | skipped: {why} |");
            println!("| export ÷ floor (bar ≤ 1.25 ×) | {:.2} × |", export_s / floor_s);
        }
    }
    println!(
        "| peak memory during the first export (this process: {before:.0} MB before) | {peak:.0} MB (+{:.0} MB) |",
        peak - before
    );
}

/// Runs the Python peer on `db` into `out` and returns its wall time, or why it could not run.
fn peer(db: &Path, out: &Path) -> Result<Duration, String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bench/export_peer.py");
    let has_xlsxwriter = Command::new("python3").args(["-c", "import xlsxwriter"]).output();
    if !has_xlsxwriter.is_ok_and(|o| o.status.success()) {
        return Err("python3 with XlsxWriter not found (`pip install XlsxWriter`)".into());
    }
    let started = Instant::now();
    let run = Command::new("python3")
        .arg(&script)
        .arg("--db")
        .arg(db)
        .arg("--out")
        .arg(out)
        .args(["--from", FROM, "--to", TO])
        .output()
        .map_err(|e| e.to_string())?;
    let elapsed = started.elapsed();
    if !run.status.success() {
        return Err(format!("the script failed: {}", String::from_utf8_lossy(&run.stderr).trim()));
    }
    Ok(elapsed)
}

/// The 企业名录, the 走访记录台账 and the summary workbook, each `runs` times after one warm-up.
fn others(ledger: &Ledger, dir: &Path, runs: usize) {
    let period = format!("{FROM}..{TO}");
    for (kind, period, what) in [
        (ExportKind::Enterprises, period.as_str(), "企业名录"),
        (ExportKind::Visits, period.as_str(), "走访记录台账"),
        (ExportKind::Summary, "2024", "年度工作台账 of 2024 (summary workbook)"),
    ] {
        let request = request(kind, period);
        let out = dir.join(format!("{what}.xlsx"));
        let mut rows = 0;
        let mut times: Vec<Duration> = (0..=runs)
            .map(|_| {
                let started = Instant::now();
                rows = ledger.export(&request, &out, &mut |_, _| true).expect("exports").rows;
                started.elapsed()
            })
            .skip(1)
            .collect();
        times.sort();
        let file_mb = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;
        println!(
            "| export of the {what} ({rows} rows, {file_mb:.1} MB), median of {runs} | {:.2} s (runs {}) |",
            times[(times.len() - 1) / 2].as_secs_f64(),
            all(&times)
        );
    }
}

fn all(times: &[Duration]) -> String {
    times.iter().map(|t| format!("{:.1}", t.as_secs_f64())).collect::<Vec<_>>().join(", ") + " s"
}

/// One cell read back: text in [`Cells::text`] or a number.
enum Value {
    Text { at: u32, len: u32 },
    Number(f64),
}

/// Every non-empty cell of a workbook's first sheet, in the order read (row by row), text in one arena.
struct Cells {
    sheet: String,
    text: String,
    cells: Vec<(u32, u16, Value)>,
}

impl Cells {
    fn read(path: &Path) -> Self {
        let mut book: Xlsx<_> = open_workbook(path).expect("opens the export");
        let sheet = book.sheet_names().first().cloned().expect("a sheet");
        let mut out = Cells { sheet: sheet.clone(), text: String::new(), cells: Vec::new() };
        let mut reader = book.worksheet_cells_reader(&sheet).expect("reads the sheet");
        while let Some(cell) = reader.next_cell().expect("a cell") {
            let (row, col) = cell.get_position();
            let mut text = |s: &str| {
                let at = out.text.len() as u32;
                out.text.push_str(s);
                Value::Text { at, len: s.len() as u32 }
            };
            let value = match cell.get_value() {
                DataRef::Empty | DataRef::Error(_) => continue,
                DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text(s),
                DataRef::SharedString(s) => text(s),
                DataRef::Float(n) => Value::Number(*n),
                DataRef::Int(n) => Value::Number(*n as f64),
                DataRef::Bool(b) => text(if *b { "TRUE" } else { "FALSE" }),
                DataRef::DateTime(d) => Value::Number(d.as_f64()),
            };
            out.cells.push((row, col as u16, value));
        }
        out
    }

    /// Writes the cells into one bare constant-memory sheet and saves (deflated at `level`, the crate's default when
    /// `None`); returns the time taken.
    fn write(&self, temp_dir: &Path, out: &Path, level: Option<u8>) -> Duration {
        let started = Instant::now();
        let mut workbook = Workbook::new();
        workbook.set_tempdir(temp_dir).expect("a temporary folder");
        if let Some(level) = level {
            workbook.set_zip_compression_level(level);
        }
        let sheet = workbook.add_worksheet_with_constant_memory().expect("a sheet");
        sheet.set_name(&self.sheet).expect("a name");
        for (row, col, value) in &self.cells {
            match value {
                Value::Text { at, len } => {
                    sheet.write_string(*row, *col, &self.text[*at as usize..(*at + *len) as usize])
                }
                Value::Number(n) => sheet.write_number(*row, *col, *n),
            }
            .expect("writes");
        }
        workbook.save(out).expect("saves");
        started.elapsed()
    }
}
