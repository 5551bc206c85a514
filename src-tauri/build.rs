//! Build script of the desktop app: declares the app's own commands, so each gets a permission that the capability
//! file in src-tauri/capabilities grants explicitly, and prepares the Tauri context.

/// Every command the UI may invoke; keep in sync with `generate_handler!` in src/lib.rs.
const COMMANDS: &[&str] = &["app_info", "list_experts", "create_expert", "list_organizations", "list_batches"];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/*.json")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
