//! The app's shared state: the open ledger (or why it could not be opened), and the one way commands reach it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ledger_core::{paths, ErrorPayload, Ledger};

/// What every command gets: the ledger, opened once at start-up.
pub struct AppState {
    ledger: Result<Arc<Ledger>, ErrorPayload>,
    data_dir: PathBuf,
}

impl AppState {
    /// Opens (creating and migrating if needed) the ledger in `data_dir`. A failure is kept and reported to the UI
    /// by every command, rather than closing the app without a word.
    pub fn open(data_dir: &Path) -> Self {
        let ledger = Ledger::open(&paths::db_path(data_dir)).map(Arc::new).map_err(|e| ErrorPayload::from(&e));
        Self { ledger, data_dir: data_dir.to_owned() }
    }

    /// The data folder in use.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Runs `f` on a blocking worker thread, never on the UI thread, and maps its error to the `{code, message}`
    /// payload the UI receives. No lock is held across the await: the ledger locks inside `f` only.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ErrorPayload>
    where
        T: Send + 'static,
        F: FnOnce(&Ledger) -> ledger_core::Result<T> + Send + 'static,
    {
        let ledger = self.ledger.clone()?;
        tauri::async_runtime::spawn_blocking(move || f(&ledger).map_err(|e| ErrorPayload::from(&e)))
            .await
            .unwrap_or_else(|e| {
                Err(ErrorPayload {
                    code: "internal".to_owned(),
                    message: format!("内部错误：{e}"),
                    message_en: format!("internal error: {e}"),
                    fields: Vec::new(),
                })
            })
    }
}
