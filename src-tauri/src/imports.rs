//! Imports in the app: the previews being looked at (each a file read and judged, kept until committed or replaced),
//! the cancel flag 取消 sets on a running commit, and its progress events.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use ledger_core::import::ImportPlan;
use ledger_core::model::{
    CellCorrection, ImportCorrection, ImportPreview, ImportProgress, ImportReport, ImportRequest, Page, PreviewQuery,
    PreviewRow,
};
use ledger_core::{CoreError, ErrorPayload};
use tauri::{AppHandle, Emitter, Runtime};

use crate::jobs::Jobs;
use crate::progress::Throttle;
use crate::state::AppState;

/// The event a running import emits with an [`ImportProgress`] payload.
pub const PROGRESS_EVENT: &str = "import-progress";

/// Previews kept at once: one. A preview holds the whole file read into memory (up to 200,000 rows × 256 columns), and
/// the import page shows one file at a time; a second preview replaces the first, so a few large files previewed in
/// turn never hold several times that memory.
const KEPT_PREVIEWS: usize = 1;

/// The previews kept and the commits running.
#[derive(Default)]
pub struct ImportJobs {
    plans: Mutex<VecDeque<Arc<ImportPlan>>>,
    running: Jobs,
}

impl ImportJobs {
    /// Whether none of these jobs runs (the demo ledger is switched only then).
    pub fn is_idle(&self) -> bool {
        self.running.is_idle()
    }

    /// Reads and judges a file on a worker thread and keeps the preview.
    pub async fn preview(&self, state: &AppState, request: ImportRequest) -> Result<ImportPreview, ErrorPayload> {
        let plan = Arc::new(state.run(move |l| l.import_preview(&request)).await?);
        let preview = plan.preview();
        let mut plans = lock(&self.plans);
        plans.push_back(plan);
        while plans.len() > KEPT_PREVIEWS {
            plans.pop_front();
        }
        Ok(preview)
    }

    /// A kept preview by id.
    pub fn plan(&self, id: &str) -> Result<Arc<ImportPlan>, ErrorPayload> {
        lock(&self.plans).iter().find(|p| p.id() == id).cloned().ok_or_else(|| not_found(id))
    }

    /// Corrects a cell of a kept preview on a worker thread and keeps the corrected preview in its place. A preview is
    /// corrected or committed once at a time (the same job id), so no correction is lost to another or made while its
    /// rows are being written; a preview replaced meanwhile is `not_found`, and the correction dropped.
    pub async fn correct(
        &self,
        state: &AppState,
        id: String,
        correction: CellCorrection,
    ) -> Result<ImportCorrection, ErrorPayload> {
        let plan = self.plan(&id)?;
        let _job = self.running.start(
            &id,
            "id",
            "这个预览正在导入或改正中，请稍候再试",
            "This preview is being imported or corrected; try again in a moment",
        )?;
        let (corrected, result) = state.run(move |l| l.import_correct(&plan, &correction)).await?;
        let mut plans = lock(&self.plans);
        let slot = plans.iter_mut().find(|p| p.id() == id).ok_or_else(|| not_found(&id))?;
        *slot = Arc::new(corrected);
        Ok(result)
    }

    /// A page of a preview's rows.
    pub fn rows(&self, id: &str, query: &PreviewQuery) -> Result<Page<PreviewRow>, ErrorPayload> {
        Ok(self.plan(id)?.rows(query))
    }

    /// Writes a preview on a worker thread, emitting progress, until done or cancelled (then nothing is written).
    pub async fn commit<R: Runtime>(
        &self,
        app: AppHandle<R>,
        state: &AppState,
        id: String,
    ) -> Result<ImportReport, ErrorPayload> {
        let plan = self.plan(&id)?;
        let job = self.running.start(&id, "id", "这次导入已在进行中", "This import is already running")?;
        let mut throttle = Throttle::default();
        let flag = job.cancel_flag();
        state
            .run(move |l| {
                let mut progress = |done: u32, total: u32| {
                    if throttle.due(done.into(), total.into()) {
                        // A window that is gone cannot be told; the import goes on regardless.
                        let _ = app.emit(PROGRESS_EVENT, ImportProgress { id: id.clone(), done, total });
                    }
                };
                l.import_commit(&plan, &mut progress, &flag)
            })
            .await
    }

    /// Asks a running commit to stop; false when none runs.
    pub fn cancel(&self, id: &str) -> bool {
        self.running.cancel(id)
    }

    /// Saves a preview's rejected rows to `path` on a worker thread; the number of rows.
    pub async fn save_rejected(&self, state: &AppState, id: &str, path: PathBuf) -> Result<u32, ErrorPayload> {
        let plan = self.plan(id)?;
        state.run(move |_| plan.save_rejected(&path)).await
    }
}

fn not_found(id: &str) -> ErrorPayload {
    ErrorPayload::from(&CoreError::NotFound { entity: ledger_core::model::Entity::ImportPreview, id: id.to_owned() })
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
