//! The desktop app's entry point; everything else is in the library so tests can build the app too.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    st_ledger_app::run();
}
