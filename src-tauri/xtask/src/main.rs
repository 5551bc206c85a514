//! Project automation, so a fresh machine needs two commands:
//!
//! - `cargo xtask run`: install what is missing, build the UI, start the app on the default database;
//! - `cargo xtask test`: install what is missing, then rustfmt, clippy, the Rust tests, UI type-check and Vitest,
//!   actionlint, and the end-to-end test of the real app under Xvfb.
//!
//! Also `cargo xtask bundle` (a Linux .deb here) and `cargo xtask bindings` (rewrite the generated TypeScript types).

mod setup;
mod steps;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <run|test|bundle|bindings|setup>
  run       install what is missing, build the UI and start the app
  test      install what is missing and run every check (what CI runs)
  bundle    build the installable bundle for this OS (.deb on Linux)
  bindings  regenerate ui/src/api/bindings from the Rust types and the command list
  setup     only install what is missing";

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "run" => steps::run_app(),
        "test" => steps::test_all(),
        "bundle" => steps::bundle(),
        "bindings" => steps::bindings(),
        "setup" => setup::all(true),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask {task} failed: {e}");
            ExitCode::FAILURE
        }
    }
}
