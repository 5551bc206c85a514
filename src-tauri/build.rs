//! Build script of the desktop app: declares the app's own commands, so each gets a permission that the capability
//! file in src-tauri/capabilities grants explicitly, and prepares the Tauri context.

/// Every command the UI may invoke; keep in sync with `generate_handler!` in src/lib.rs.
const COMMANDS: &[&str] = &[
    "app_info",
    "list_experts",
    "create_expert",
    "list_organizations",
    "list_batches",
    "create_organization",
    "update_organization",
    "delete_organization",
    "create_batch",
    "update_batch",
    "delete_batch",
    "get_expert",
    "update_expert",
    "list_enterprises",
    "get_enterprise",
    "create_enterprise",
    "update_enterprise",
    "referrers_of_expert",
    "referrers_of_enterprise",
    "delete_expert",
    "delete_enterprise",
    "restore_record",
    "purge_record",
    "list_recycle_bin",
    "referrers_of_record",
    "delete_record",
    "record_history",
    "create_assignment",
    "end_assignment",
    "list_assignments_of_expert",
    "list_assignments_of_enterprise",
    "expert_overview",
    "enterprise_overview",
    "create_visit",
    "update_visit",
    "get_visit",
    "list_visits",
    "add_attachment",
    "list_attachments",
    "remove_attachment",
    "attachment_bytes",
    "open_attachment",
    "create_need",
    "update_need",
    "get_need",
    "list_needs",
    "needs_board",
    "change_need_stage",
    "merge_needs",
    "suggest_experts",
    "match_expert",
    "unmatch_expert",
    "create_service_record",
    "update_service_record",
    "get_service_record",
    "list_service_records",
    "service_totals",
    "last_service_record_template",
    "dashboard",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/*.json")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
