//! Build script of the desktop app: declares the app's own commands (the list in src/command_list.rs), so each gets a
//! permission that the capability file in src-tauri/capabilities grants explicitly, and prepares the Tauri context.

include!("src/command_list.rs");

/// Every command the UI may invoke: the one list in src/command_list.rs.
const COMMANDS: &[&str] = command_list!(command_names);

fn main() {
    // tauri-build does not ask to rerun when a capability file changes, and then the app (and the tests) would keep
    // the old permissions.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/*.json")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
