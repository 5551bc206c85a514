//! The desktop shell of 科技专员服务台账: a Tauri 2 app whose commands are thin adapters over `ledger-core`.

mod commands;
mod exports;
mod imports;
mod progress;
mod state;
mod upload;

use tauri::{Manager, Runtime};

pub use exports::ExportJobs;
pub use imports::ImportJobs;
pub use state::AppState;

/// Registers the app's commands, and the opener plugin they use to show attachments in the system viewer (the
/// window is granted no opener permission: only `open_attachment` opens, and only files inside the data folder), on
/// a builder. Shared by [`run`] and the tests, which build the app on Tauri's mock runtime.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(ExportJobs::default())
        .manage(ImportJobs::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_experts,
            commands::create_expert,
            commands::list_organizations,
            commands::list_batches,
            commands::create_organization,
            commands::update_organization,
            commands::delete_organization,
            commands::create_batch,
            commands::update_batch,
            commands::delete_batch,
            commands::get_expert,
            commands::update_expert,
            commands::list_enterprises,
            commands::get_enterprise,
            commands::create_enterprise,
            commands::update_enterprise,
            commands::referrers_of_expert,
            commands::referrers_of_enterprise,
            commands::delete_expert,
            commands::delete_enterprise,
            commands::restore_record,
            commands::purge_record,
            commands::list_recycle_bin,
            commands::referrers_of_record,
            commands::delete_record,
            commands::record_history,
            commands::create_assignment,
            commands::end_assignment,
            commands::list_assignments_of_expert,
            commands::list_assignments_of_enterprise,
            commands::expert_overview,
            commands::enterprise_overview,
            commands::create_visit,
            commands::update_visit,
            commands::get_visit,
            commands::list_visits,
            commands::add_attachment,
            commands::list_attachments,
            commands::remove_attachment,
            commands::attachment_bytes,
            commands::open_attachment,
            commands::create_need,
            commands::update_need,
            commands::get_need,
            commands::list_needs,
            commands::needs_board,
            commands::change_need_stage,
            commands::merge_needs,
            commands::suggest_experts,
            commands::match_expert,
            commands::unmatch_expert,
            commands::create_service_record,
            commands::update_service_record,
            commands::get_service_record,
            commands::list_service_records,
            commands::service_totals,
            commands::last_service_record_template,
            commands::dashboard,
            commands::statistics,
            commands::report_settings,
            commands::save_report_settings,
            commands::export_columns,
            commands::export_file,
            commands::cancel_export,
            commands::reveal_export,
            commands::import_preview,
            commands::import_rows,
            commands::import_commit,
            commands::cancel_import,
            commands::save_import_rejects,
            commands::list_imports,
            commands::undo_import,
            commands::startup_status,
            commands::list_backups,
            commands::backup_now,
            commands::restore_backup,
            commands::recover_from_backup,
            commands::move_data_folder,
            commands::backup_notices,
        ])
}

/// Starts the app: one instance per user (a second launch focuses the first window), the ledger opened in the
/// app-data folder (or `LEDGER_DATA_DIR`).
pub fn run() {
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| focus_main_window(app)))
        .setup(|app| {
            let data_dir = ledger_core::paths::data_dir(app.path().app_data_dir()?);
            app.manage(AppState::open(&data_dir));
            Ok(())
        });
    with_commands(builder).run(tauri::generate_context!()).expect("error while running the app");
}

fn focus_main_window<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
