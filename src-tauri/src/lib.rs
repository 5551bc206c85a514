//! The desktop shell of 科技专员服务台账: a Tauri 2 app whose commands are thin adapters over `ledger-core`.

#[macro_use]
mod command_list;
mod commands;
mod exchange;
mod exports;
mod imports;
mod jobs;
mod lock;
mod navigation;
mod progress;
mod state;
mod upload;

use tauri::{Manager, Runtime};

pub use exchange::ExchangeJobs;
pub use exports::ExportJobs;
pub use imports::ImportJobs;
pub use lock::LOCKED_EVENT;
pub use navigation::is_app_url;
pub use state::AppState;

/// `tauri::generate_handler!` over the commands given, each found in [`commands`].
macro_rules! handler {
    ($($name:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$name),*]
    };
}

/// The name of every command the UI may invoke, from the one list in command_list.rs (which also makes the handler
/// below and, in build.rs, the commands' permissions). The tests check the capability file and the TypeScript
/// `Command` type against it.
pub const COMMANDS: &[&str] = command_list!(command_names);

/// Registers the app's commands, the idle-lock timer (lock.rs), the navigation guard (navigation.rs: the webview
/// stays on the app's own pages), and the opener plugin they use to show attachments in the system viewer (the
/// window is granted no opener permission: only `open_attachment` opens, and only files inside the data folder), on
/// a builder. Shared by [`run`] and the tests, which build the app on Tauri's mock runtime.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(lock::idle_lock_plugin())
        .plugin(navigation::plugin())
        .manage(ExportJobs::default())
        .manage(ImportJobs::default())
        .manage(ExchangeJobs::default())
        .invoke_handler(command_list!(handler))
}

/// Starts the app: one instance per user (a second launch focuses the first window), the ledger opened in the
/// app-data folder (or `LEDGER_DATA_DIR`).
pub fn run() {
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| focus_main_window(app)))
        .setup(|app| {
            let data_dir = ledger_core::data_folder::paths::data_dir(app.path().app_data_dir()?);
            app.manage(AppState::open(&data_dir));
            Ok(())
        });
    let app = with_commands(builder).build(tauri::generate_context!()).expect("error while building the app");
    app.run(|app, event| {
        // A clean exit closes the ledger: the WAL checkpointed into the database and truncated, the lock let go, and
        // the decrypted copies given to the system viewer removed (docs/SECURITY.md, "Attachments").
        if let tauri::RunEvent::Exit = event {
            if let Some(state) = app.try_state::<AppState>() {
                state.close();
            }
        }
    });
}

fn focus_main_window<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
