//! Long jobs that run in the background and can be cancelled — an export, an import's commit, and the merge and
//! password conversion of later issues: each has an id the UI chose, at most one job runs under an id, and 取消 sets
//! the job's cancel flag, which the synchronous core polls between rows.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use ledger_core::{CoreError, ErrorPayload};

/// The jobs of one kind running now, by id.
#[derive(Default)]
pub struct Jobs {
    running: Mutex<HashMap<String, Arc<AtomicBool>>>,
}

/// One running job: its cancel flag, and its place in [`Jobs`] until it is dropped (finished, failed or panicked
/// alike), after which its id may run again.
pub struct Job<'a> {
    jobs: &'a Jobs,
    id: String,
    cancelled: Arc<AtomicBool>,
}

impl Jobs {
    /// Starts job `id`; refused (a `validation` error on `field`, with `message`/`message_en`) while a job of that id
    /// runs.
    pub fn start(&self, id: &str, field: &str, message: &str, message_en: &str) -> Result<Job<'_>, ErrorPayload> {
        let mut running = lock(&self.running);
        if running.contains_key(id) {
            return Err(ErrorPayload::from(&CoreError::field(field, message, message_en)));
        }
        let cancelled = Arc::new(AtomicBool::new(false));
        running.insert(id.to_owned(), cancelled.clone());
        Ok(Job { jobs: self, id: id.to_owned(), cancelled })
    }

    /// Asks job `id` to stop; false when no such job runs (it may have just finished).
    pub fn cancel(&self, id: &str) -> bool {
        lock(&self.running).get(id).map(|flag| flag.store(true, Ordering::SeqCst)).is_some()
    }

    /// Whether no job of this kind runs.
    pub fn is_idle(&self) -> bool {
        lock(&self.running).is_empty()
    }

    /// Whether job `id` is running.
    #[cfg(test)]
    pub fn is_running(&self, id: &str) -> bool {
        lock(&self.running).contains_key(id)
    }
}

impl Job<'_> {
    /// The cancel flag, to hand to the worker (the core reads it as `&AtomicBool`).
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancelled.clone()
    }
}

impl Drop for Job<'_> {
    fn drop(&mut self) {
        lock(&self.jobs.running).remove(&self.id);
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start<'a>(jobs: &'a Jobs, id: &str) -> Result<Job<'a>, ErrorPayload> {
        jobs.start(id, "jobId", "已在进行中", "already running")
    }

    #[test]
    fn an_id_runs_once_at_a_time_and_is_free_again_when_its_job_ends() {
        let jobs = Jobs::default();
        let first = start(&jobs, "a").expect("a new id starts");
        let refused = start(&jobs, "a").err().expect("the same id is refused while it runs");
        assert_eq!(refused.fields[0].field, "jobId");
        assert_eq!(refused.fields[0].message, "已在进行中");
        let other = start(&jobs, "b").expect("another id runs beside it");
        assert!(jobs.is_running("a") && jobs.is_running("b"));
        drop(first);
        assert!(!jobs.is_running("a"), "a finished job leaves the registry");
        assert!(jobs.is_running("b"));
        drop(start(&jobs, "a").expect("the id may run again"));
        drop(other);
        assert!(!jobs.is_running("b"));
    }

    #[test]
    fn cancel_sets_the_flag_of_that_job_only() {
        let jobs = Jobs::default();
        let a = start(&jobs, "a").unwrap();
        let b = start(&jobs, "b").unwrap();
        let flag = a.cancel_flag();
        assert!(!flag.load(Ordering::SeqCst));
        assert!(jobs.cancel("a"));
        assert!(flag.load(Ordering::SeqCst), "the worker sees 取消");
        assert!(!b.cancel_flag().load(Ordering::SeqCst), "the other job goes on");
        drop(a);
        assert!(!jobs.cancel("a"), "a finished job cannot be cancelled");
        assert!(!jobs.cancel("nope"));
    }

    #[test]
    fn a_job_whose_worker_panics_still_leaves_the_registry() {
        let jobs = Jobs::default();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _job = start(&jobs, "a").unwrap();
            panic!("the worker failed");
        }));
        assert!(outcome.is_err());
        assert!(!jobs.is_running("a"));
        drop(start(&jobs, "a").expect("the id is free again"));
    }

    #[test]
    fn a_worker_on_the_runtime_stops_when_another_task_cancels_its_job() {
        tauri::async_runtime::block_on(async {
            let jobs = Arc::new(Jobs::default());
            let job = start(&jobs, "a").unwrap();
            let flag = job.cancel_flag();
            let worker = tauri::async_runtime::spawn_blocking(move || {
                while !flag.load(Ordering::SeqCst) {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                "stopped"
            });
            let canceller = jobs.clone();
            tauri::async_runtime::spawn(async move { assert!(canceller.cancel("a")) }).await.unwrap();
            assert_eq!(worker.await.unwrap(), "stopped");
            drop(job);
            assert!(!jobs.is_running("a"));
        });
    }
}
