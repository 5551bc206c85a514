//! The app's shared state: the open ledger (or why it could not be opened) and its data folder, and the one way
//! commands reach it. The ledger can be replaced while the app runs: after a recovery from a backup on the start-up
//! screen, and after the data folder moved.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use ledger_core::data_folder::backup::{self, BackupPolicy};
use ledger_core::model::{MoveReport, RestoreReport, StartupStatus};
use ledger_core::{data_folder::paths, ErrorCode, ErrorPayload, Ledger};

/// What every command gets: the ledger, opened at start-up.
pub struct AppState {
    open: RwLock<Opened>,
}

struct Opened {
    ledger: Result<Arc<Ledger>, ErrorPayload>,
    data_dir: PathBuf,
}

impl AppState {
    /// Opens (creating and migrating if needed) the ledger in `data_dir`. A failure is kept and reported to the UI
    /// (the start-up screen offers the newest good backup), rather than closing the app without a word. The day's
    /// backup runs in the background (a blocking task on Tauri's tokio runtime), so the first window does not wait
    /// for it.
    pub fn open(data_dir: &Path) -> Self {
        Self { open: RwLock::new(Opened { ledger: open_ledger(data_dir), data_dir: data_dir.to_owned() }) }
    }

    /// The data folder in use.
    pub fn data_dir(&self) -> PathBuf {
        self.read().data_dir.clone()
    }

    /// Runs `f` on the blocking pool of Tauri's tokio runtime, never on the UI thread, and maps its error to the `{code, message}`
    /// payload the UI receives. No lock is held across the await: the ledger locks inside `f` only.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ErrorPayload>
    where
        T: Send + 'static,
        F: FnOnce(&Ledger) -> ledger_core::Result<T> + Send + 'static,
    {
        let ledger = self.read().ledger.clone()?;
        blocking(move || f(&ledger)).await
    }

    /// Whether the ledger is open, and if not why, with the newest backup that passes its check.
    pub async fn startup_status(&self) -> Result<StartupStatus, ErrorPayload> {
        let (problem, data_dir) = {
            let open = self.read();
            (open.ledger.as_ref().err().cloned(), open.data_dir.clone())
        };
        let dir = data_dir.clone();
        let newest_backup = match problem {
            Some(_) => blocking(move || backup::newest_good_backup(&dir)).await?,
            None => None,
        };
        Ok(StartupStatus { problem, newest_backup, data_dir: data_dir.to_string_lossy().into_owned() })
    }

    /// Replaces a ledger that could not be opened with the backup `from` (the damaged file is kept beside it).
    pub async fn recover(&self, from: PathBuf) -> Result<RestoreReport, ErrorPayload> {
        let db_path = paths::db_path(&self.data_dir());
        let (ledger, report) = blocking(move || Ledger::recover(&db_path, &from)).await?;
        self.write().ledger = Ok(Arc::new(ledger));
        Ok(report)
    }

    /// Moves the data folder to `to` and goes on with the ledger there.
    pub async fn move_data_folder(&self, to: PathBuf) -> Result<MoveReport, ErrorPayload> {
        let report = self.run(move |l| l.move_data_folder(&to)).await?;
        let to = PathBuf::from(&report.to);
        let mut open = self.write();
        // The old ledger lets go of its writer lock when the last command using it finishes.
        open.ledger = open_ledger(&to);
        open.data_dir = to;
        Ok(report)
    }

    fn read(&self) -> RwLockReadGuard<'_, Opened> {
        self.open.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Opened> {
        self.open.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Opens the ledger of `data_dir` and starts the day's backup in the background.
fn open_ledger(data_dir: &Path) -> Result<Arc<Ledger>, ErrorPayload> {
    let policy = BackupPolicy { daily_at_open: false, ..BackupPolicy::default() };
    let ledger =
        Ledger::open_with(&paths::db_path(data_dir), policy).map(Arc::new).map_err(|e| ErrorPayload::from(&e))?;
    let worker = ledger.clone();
    // A task on Tauri's tokio runtime, in its pool for blocking work (the core is synchronous), not awaited: its
    // outcome is kept by the ledger, and a skipped backup becomes a notice the UI asks for (`backup_notices`).
    tauri::async_runtime::spawn_blocking(move || worker.daily_backup());
    Ok(ledger)
}

/// Runs `f` on the blocking pool of Tauri's tokio runtime and maps its error to the UI's payload.
async fn blocking<T, F>(f: F) -> Result<T, ErrorPayload>
where
    T: Send + 'static,
    F: FnOnce() -> ledger_core::Result<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(move || f().map_err(|e| ErrorPayload::from(&e))).await.unwrap_or_else(|e| {
        Err(ErrorPayload {
            code: ErrorCode::Internal,
            message: format!("内部错误：{e}"),
            message_en: format!("internal error: {e}"),
            fields: Vec::new(),
        })
    })
}
