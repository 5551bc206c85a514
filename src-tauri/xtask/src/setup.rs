//! Installs what the build and the tests need and is missing: Debian packages, the UI's npm packages,
//! and tauri-driver.

use std::path::Path;
use std::process::Command;

use crate::steps::{root, run, Result};

/// Debian/Ubuntu packages Tauri needs to build and the end-to-end test needs to run (a CJK font, or Chinese shows
/// as boxes).
pub const APT_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "fonts-noto-cjk",
];

/// Debian packages only the end-to-end test needs: xdotool answers the native save dialog (a GTK window WebDriver
/// cannot reach).
pub const TEST_APT_PACKAGES: &[&str] = &["xdotool"];

/// The tauri-driver release line that matches Tauri 2.
const TAURI_DRIVER_VERSION: &str = "2.1.0";
/// The oldest Node.js the UI tool chain (Vite) runs on.
const MIN_NODE_MAJOR: u32 = 20;

/// Everything; `for_tests` adds the test-only tools.
pub fn all(for_tests: bool) -> Result {
    system_packages(for_tests)?;
    node()?;
    ui_packages()?;
    if for_tests {
        tauri_driver()?;
    }
    Ok(())
}

fn system_packages(for_tests: bool) -> Result {
    if !cfg!(target_os = "linux") {
        return Ok(());
    }
    if !Path::new("/usr/bin/dpkg-query").exists() {
        println!("• not a Debian-based Linux: install the equivalents of {} yourself", APT_PACKAGES.join(" "));
        return Ok(());
    }
    let wanted = APT_PACKAGES.iter().chain(if for_tests { TEST_APT_PACKAGES } else { &[] });
    let missing: Vec<&str> = wanted.copied().filter(|p| !dpkg_installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let is_root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let sudo: &[&str] = if is_root {
        &[]
    } else if Command::new("sudo").args(["-n", "true"]).status().is_ok_and(|s| s.success()) {
        &["sudo", "-n"]
    } else {
        return Err(format!(
            "missing system packages; run:\n  sudo apt-get update && sudo apt-get install -y {}",
            missing.join(" ")
        ));
    };
    println!("• installing system packages: {}", missing.join(" "));
    let apt = |args: &[&str]| {
        let mut argv: Vec<&str> = sudo.to_vec();
        argv.extend(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        argv.extend(args);
        run(argv[0], &argv[1..])
    };
    apt(&["update", "-q"])?;
    let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
    install.extend(&missing);
    apt(&install)
}

fn dpkg_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn node() -> Result {
    let out = Command::new("node").arg("--version").output().map_err(|_| {
        format!("Node.js {MIN_NODE_MAJOR}+ and npm are needed to build the UI: install them from nodejs.org or your package manager")
    })?;
    let version = String::from_utf8_lossy(&out.stdout);
    let major: u32 = version.trim().trim_start_matches('v').split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    if major < MIN_NODE_MAJOR {
        return Err(format!("Node.js {MIN_NODE_MAJOR}+ is needed, found {}", version.trim()));
    }
    Ok(())
}

/// `npm ci` in ui/ when node_modules is missing or older than the lock file.
pub fn ui_packages() -> Result {
    let ui = root().join("ui");
    let marker = ui.join("node_modules/.package-lock.json");
    let fresh = match (modified(&marker), modified(&ui.join("package-lock.json"))) {
        (Some(installed), Some(lock)) => installed >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    println!("• installing the UI's npm packages");
    run("npm", &["ci", "--prefix", "ui", "--no-audit", "--no-fund"])
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The tauri-driver binary, installed with cargo into ~/.cargo/bin when missing or of another version.
pub fn tauri_driver() -> Result {
    if !cfg!(target_os = "linux") {
        return Ok(());
    }
    // tauri-driver has no --version; cargo's list of installed binaries says which version is there.
    let installed = Command::new("cargo").args(["install", "--list"]).output();
    let wanted = format!("tauri-driver v{TAURI_DRIVER_VERSION}:");
    if installed.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l == wanted)) {
        return Ok(());
    }
    println!("• installing tauri-driver {TAURI_DRIVER_VERSION}");
    run("cargo", &["install", "tauri-driver", "--locked", "--force", "--version", TAURI_DRIVER_VERSION])
}
