//! Exports running in the background: each has a job id the UI chose, a cancel flag the 取消 button sets, and
//! progress events the progress bar follows. The files written this session are remembered, so "open folder" can
//! only ever show a file the app itself exported.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use ledger_core::model::{ExportProgress, ExportReport, ExportRequest};
use ledger_core::{CoreError, ErrorPayload, Ledger};
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_opener::OpenerExt;

use crate::jobs::Jobs;
use crate::progress::Throttle;
use crate::state::AppState;

/// The event a running export emits with an [`ExportProgress`] payload.
pub const PROGRESS_EVENT: &str = "export-progress";

/// The exports running now and the files written this session.
#[derive(Default)]
pub struct ExportJobs {
    running: Jobs,
    written: Mutex<HashSet<PathBuf>>,
}

impl ExportJobs {
    /// Whether none of these jobs runs (the demo ledger is switched only then).
    pub fn is_idle(&self) -> bool {
        self.running.is_idle()
    }

    /// Asks a running job to stop; false when no such job runs (it may have just finished).
    pub fn cancel(&self, job_id: &str) -> bool {
        self.running.cancel(job_id)
    }

    /// Whether this session exported `path`.
    pub fn was_written(&self, path: &Path) -> bool {
        lock(&self.written).contains(path)
    }
}

/// Runs one export as job `job_id` on a worker thread, reporting progress and honouring 取消; the file is
/// remembered for [`reveal`] once written.
pub async fn run<R: Runtime>(
    app: AppHandle<R>,
    state: &AppState,
    jobs: &ExportJobs,
    request: ExportRequest,
    out: PathBuf,
    job_id: String,
) -> Result<ExportReport, ErrorPayload> {
    run_with(app, state, jobs, out, job_id, move |l, target, progress| l.export(&request, target, progress)).await
}

/// Runs `write(ledger, out, progress)` — any export that writes one file with a progress callback answering whether
/// to go on (a ledger, an exchange package) — as [`run`] runs an export: job `job_id`, `export-progress` events,
/// 取消, the file remembered for [`reveal`] once written.
pub async fn run_with<R, T, W>(
    app: AppHandle<R>,
    state: &AppState,
    jobs: &ExportJobs,
    out: PathBuf,
    job_id: String,
    write: W,
) -> Result<T, ErrorPayload>
where
    R: Runtime,
    T: Send + 'static,
    W: FnOnce(&Ledger, &Path, &mut dyn FnMut(u64, u64) -> bool) -> ledger_core::Result<T> + Send + 'static,
{
    let job = jobs.running.start(&job_id, "jobId", "这项导出已在进行中", "This export is already running")?;
    let mut progress = progress_reporter(app, job_id, job.cancel_flag());
    let target = out.clone();
    let result = state.run(move |l| write(l, &target, &mut progress)).await;
    drop(job);
    if result.is_ok() {
        lock(&jobs.written).insert(out);
    }
    result
}

/// Shows `path` in the system's file manager, if this session exported it.
pub fn reveal<R: Runtime>(app: &AppHandle<R>, jobs: &ExportJobs, path: &Path) -> Result<(), ErrorPayload> {
    let refused = |message: &str, message_en: &str| ErrorPayload::from(&CoreError::field("path", message, message_en));
    if !jobs.was_written(path) {
        return Err(refused("只能打开本次导出的文件所在的文件夹", "Only files exported in this session can be shown"));
    }
    app.opener()
        .reveal_item_in_dir(path)
        .map_err(|e| refused(&format!("无法打开所在文件夹：{e}"), &format!("cannot show the folder: {e}")))
}

/// The progress callback of one export: emits [`PROGRESS_EVENT`] (throttled, the final figure always) and answers
/// whether to go on.
pub fn progress_reporter<R: Runtime>(
    app: AppHandle<R>,
    job_id: String,
    cancelled: Arc<AtomicBool>,
) -> impl FnMut(u64, u64) -> bool + Send + 'static {
    let mut throttle = Throttle::default();
    move |done, total| {
        if throttle.due(done, total) {
            // A window that is gone cannot be told; the export goes on regardless.
            let _ = app.emit(PROGRESS_EVENT, ExportProgress { job_id: job_id.clone(), done, total });
        }
        !cancelled.load(Ordering::SeqCst)
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
