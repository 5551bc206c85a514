//! 汇总交换 in the app: the packages opened and previewed while the person looks at them (kept, with the password
//! each needed, until they are merged or previewed again), and the merge of several packages on [`Jobs`] — each
//! package all or nothing, in the order given, with throttled `exchange-progress` events over all of them and 取消.
//! Exporting a package runs as any export does (exports.rs: `export-progress`, `cancel_export`, `reveal_export`).

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use ledger_core::exchange::{open_package, OpenedPackage};
use ledger_core::model::{ConflictResolution, ExportProgress, MergeConflict, MergeReport};
use ledger_core::storage::crypto::Secret;
use ledger_core::{CoreError, ErrorPayload, Ledger};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Runtime};

use crate::jobs::Jobs;
use crate::progress::Throttle;
use crate::state::AppState;

/// The event a running merge emits with an [`ExportProgress`] payload (rows judged over every package of the job).
pub const PROGRESS_EVENT: &str = "exchange-progress";

/// A package the person chose, with the password they gave for it (an encrypted package needs one). The
/// TypeScript twin is `PackageSource` in ui/src/api/exchange.ts.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageSource {
    /// The file (checked by the command before it gets here).
    pub path: String,
    /// Its password, when it is encrypted.
    #[serde(default)]
    pub password: Option<String>,
}

/// What became of one package: its preview or merge report, or why it could not be read or merged (not a package,
/// damaged, newer, this ledger's own, locked: a password is needed, wrong password, cancelled …). Neither: a merge
/// stopped before this package. The TypeScript twin is `PackageOutcome` in ui/src/api/exchange.ts.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageOutcome {
    /// The file as the UI gave it.
    pub path: String,
    /// The preview (or, after a merge, the report).
    pub report: Option<MergeReport>,
    /// Why there is no report.
    pub error: Option<ErrorPayload>,
}

impl PackageOutcome {
    fn of(path: String, result: ledger_core::Result<MergeReport>) -> Self {
        match result {
            Ok(report) => Self { path, report: Some(report), error: None },
            Err(e) => Self { path, report: None, error: Some(ErrorPayload::from(&e)) },
        }
    }
}

/// The packages opened for a merge and the merges running.
#[derive(Default)]
pub struct ExchangeJobs {
    /// Opened and checked packages by the path the UI gave.
    opened: Mutex<HashMap<String, Arc<OpenedPackage>>>,
    running: Jobs,
}

impl ExchangeJobs {
    /// Whether none of these jobs runs (the demo ledger is switched only then).
    pub fn is_idle(&self) -> bool {
        self.running.is_idle()
    }

    /// Opens and checks each package and previews its merge into the ledger as it is now, one after the other on a
    /// worker thread; those that open are kept for [`ExchangeJobs::merge`].
    pub async fn preview(
        &self,
        state: &AppState,
        sources: Vec<PackageSource>,
    ) -> Result<Vec<PackageOutcome>, ErrorPayload> {
        let previews = state
            .run(move |l| {
                Ok(sources
                    .into_iter()
                    .map(|source| match open(&source) {
                        Ok(package) => {
                            let report = l.preview_merge(package.as_ref());
                            (source.path, Some(package), report)
                        }
                        Err(e) => (source.path, None, Err(e)),
                    })
                    .collect::<Vec<_>>())
            })
            .await?;
        let mut kept = lock(&self.opened);
        Ok(previews
            .into_iter()
            .map(|(path, opened, report)| {
                match opened {
                    Some(package) => kept.insert(path.clone(), package),
                    None => kept.remove(&path),
                };
                PackageOutcome::of(path, report)
            })
            .collect())
    }

    /// Merges the previewed packages at `paths` in that order as job `job_id`, each all or nothing, emitting
    /// [`PROGRESS_EVENT`]; the first that fails or is cancelled stops the job (the packages after it are not tried,
    /// those before it stay merged). A merged package is forgotten (merging it again changes nothing anyway).
    pub async fn merge<R: Runtime>(
        &self,
        app: AppHandle<R>,
        state: &AppState,
        paths: Vec<String>,
        job_id: String,
    ) -> Result<Vec<PackageOutcome>, ErrorPayload> {
        let packages = {
            let kept = lock(&self.opened);
            paths
                .iter()
                .map(|path| {
                    kept.get(path).cloned().ok_or_else(|| {
                        ErrorPayload::from(&CoreError::field(
                            "paths",
                            "该交换包尚未预览，请重新选择",
                            "This package was not previewed; choose it again",
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?
        };
        let job = self.running.start(&job_id, "jobId", "合并已在进行中", "This merge is already running")?;
        let flag = job.cancel_flag();
        let outcomes = state.run(move |l| Ok(merge_all(l, &app, &job_id, &paths, &packages, &flag))).await;
        drop(job);
        let outcomes = outcomes?;
        let mut kept = lock(&self.opened);
        for outcome in outcomes.iter().filter(|o| o.report.is_some()) {
            kept.remove(&outcome.path);
        }
        Ok(outcomes)
    }

    /// Asks a running merge to stop (the package being merged is not written); false when none runs.
    pub fn cancel(&self, job_id: &str) -> bool {
        self.running.cancel(job_id)
    }
}

fn open(source: &PackageSource) -> ledger_core::Result<Arc<OpenedPackage>> {
    let password = source.password.as_deref().filter(|p| !p.is_empty()).map(Secret::new);
    open_package(std::path::Path::new(&source.path), password.as_ref()).map(Arc::new)
}

/// Merges `packages` one after the other, stopping at the first failure; the progress is over all of them (each
/// package's rows as its manifest counts them).
fn merge_all<R: Runtime>(
    ledger: &Ledger,
    app: &AppHandle<R>,
    job_id: &str,
    paths: &[String],
    packages: &[Arc<OpenedPackage>],
    cancel: &AtomicBool,
) -> Vec<PackageOutcome> {
    let rows = |p: &OpenedPackage| p.manifest().counts.values().map(|&n| n.max(0).unsigned_abs()).sum::<u64>();
    let total: u64 = packages.iter().map(|p| rows(p)).sum();
    let mut throttle = Throttle::default();
    let mut before = 0;
    let mut outcomes = Vec::new();
    for (path, package) in paths.iter().zip(packages) {
        let mut progress = |done: u64, _: u64| {
            let done = (before + done).min(total);
            if throttle.due(done, total) {
                // A window that is gone cannot be told; the merge goes on regardless.
                let _ = app.emit(PROGRESS_EVENT, ExportProgress { job_id: job_id.to_owned(), done, total });
            }
        };
        let result = ledger.merge_package(package.as_ref(), &mut progress, cancel);
        before += rows(package);
        let failed = result.is_err();
        outcomes.push(PackageOutcome::of(path.clone(), result));
        if failed {
            break;
        }
    }
    outcomes
}

/// The conflicts decided one after the other, each in its own transaction; the first refusal stops (those before it
/// stay decided).
pub fn resolve_all(
    ledger: &Ledger,
    ids: &[String],
    resolution: ConflictResolution,
) -> ledger_core::Result<Vec<MergeConflict>> {
    ids.iter().map(|id| ledger.resolve_conflict(id, resolution)).collect()
}

/// A conflict of 待处理冲突 with the name of its record as the lists show it, for the list grouped by record. The
/// TypeScript twin is `OpenConflict` in ui/src/api/exchange.ts.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenConflict {
    /// The conflict.
    #[serde(flatten)]
    pub conflict: MergeConflict,
    /// The record's name (an expert's, an enterprise's, a need's title, a visit's or service record's day and
    /// names); `None` for the kinds without one of their own (contacts, participants …) or a record gone since.
    pub record_name: Option<String>,
}

/// The open conflicts, each with its record's name (looked up once per record through the ledger's own getters).
pub fn open_conflicts(ledger: &Ledger) -> ledger_core::Result<Vec<OpenConflict>> {
    let conflicts = ledger.list_conflicts()?;
    let mut names: HashMap<(String, String), Option<String>> = HashMap::new();
    let mut rosters: Option<HashMap<String, String>> = None;
    let mut out = Vec::with_capacity(conflicts.len());
    for conflict in conflicts {
        let key = (conflict.kind.clone(), conflict.entity_id.clone());
        if !names.contains_key(&key) {
            let name = record_name(ledger, &conflict.kind, &conflict.entity_id, &mut rosters)?;
            names.insert(key.clone(), name);
        }
        out.push(OpenConflict { record_name: names[&key].clone(), conflict });
    }
    Ok(out)
}

/// The name of record `id` of table `kind`, `None` when it has none of its own or is gone.
fn record_name(
    ledger: &Ledger,
    kind: &str,
    id: &str,
    rosters: &mut Option<HashMap<String, String>>,
) -> ledger_core::Result<Option<String>> {
    let found = match kind {
        "experts" => ledger.get_expert(id).map(|e| e.name),
        "enterprises" => ledger.get_enterprise(id).map(|e| e.name),
        "needs" => ledger.get_need(id).map(|n| format!("{}（{}）", n.title, n.enterprise_name)),
        "visits" => ledger.get_visit(id).map(|v| format!("{} {}", v.visit_date, v.enterprise_name)),
        "service_records" => {
            ledger.get_service_record(id).map(|s| format!("{} {} → {}", s.start_date, s.expert_name, s.enterprise_name))
        }
        "organizations" | "batches" => {
            if rosters.is_none() {
                let units = ledger.list_organizations()?.into_iter().map(|o| (o.id, o.name));
                let batches = ledger.list_batches()?.into_iter().map(|b| (b.id, b.name));
                *rosters = Some(units.chain(batches).collect());
            }
            return Ok(rosters.as_ref().and_then(|r| r.get(id).cloned()));
        }
        _ => return Ok(None),
    };
    match found {
        Ok(name) => Ok(Some(name)),
        // In the recycle bin, or purged since: the list shows the kind and id instead.
        Err(CoreError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
