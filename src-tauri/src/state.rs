//! The app's shared state: the open ledger (or why it could not be opened) and its data folder, and the one way
//! commands reach it. The ledger can be replaced while the app runs: after a recovery from a backup on the start-up
//! screen, after the data folder moved, and by the app password: an encrypted ledger starts locked (no ledger is
//! open and every data command answers `locked`) until [`AppState::unlock`], and locks again when idle (lock.rs).

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use ledger_core::data_folder::backup::{self, BackupPolicy};
use ledger_core::data_folder::password::PasswordOptions;
use ledger_core::model::{MoveReport, RestoreReport, StartupStatus};
use ledger_core::sample::{self, Scale};
use ledger_core::storage::crypto::{self, KdfParams, Secret};
use ledger_core::storage::db::StartupCheck;
use ledger_core::{data_folder::paths, CoreError, ErrorCode, ErrorPayload, Ledger};

use crate::lock::{Guard, LockStatus};

/// What every command gets: the ledger, opened at start-up (or once unlocked), and the lock's guard.
pub struct AppState {
    open: RwLock<Opened>,
    guard: Guard,
    kdf: KdfParams,
}

struct Opened {
    ledger: Result<Arc<Ledger>, ErrorPayload>,
    data_dir: PathBuf,
    /// The person's own data folder while the demo ledger is open in its `demo/` folder (`data_dir`); `None` when
    /// the ledger open is the person's own.
    real_dir: Option<PathBuf>,
}

/// The demo ledger's folder inside the person's data folder: a ledger of its own (its own backups, clean-close
/// marker, lock and settings), filled with the small sample as of today on first use.
pub const DEMO_FOLDER: &str = "demo";

/// The seed of the demo ledger's sample.
const DEMO_SEED: u64 = 1;

impl AppState {
    /// Opens (creating and migrating if needed) the ledger in `data_dir`. A failure is kept and reported to the UI
    /// (the start-up screen offers the newest good backup), rather than closing the app without a word. The start-up
    /// check of the file (when the last session did not close cleanly or the file changed since) and then the day's
    /// backup run in the background (a blocking task on Tauri's tokio runtime), so the first window waits for
    /// neither; writes are held until the check passes, and a failed check becomes the start-up problem.
    /// An encrypted ledger is not opened: the app starts locked.
    pub fn open(data_dir: &Path) -> Self {
        Self {
            open: RwLock::new(Opened {
                ledger: open_ledger(data_dir, None),
                data_dir: data_dir.to_owned(),
                real_dir: None,
            }),
            guard: Guard::load(data_dir),
            kdf: KdfParams::DEFAULT,
        }
    }

    /// Tests only: the cost of stretching new passwords ([`KdfParams::cheap_for_tests`]) and an idle time shorter
    /// than the settings allow.
    #[doc(hidden)]
    pub fn for_tests(mut self, kdf: KdfParams, idle: Option<Duration>) -> Self {
        self.kdf = kdf;
        self.guard.set_idle(idle);
        self
    }

    pub(crate) fn guard(&self) -> &Guard {
        &self.guard
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
        let ledger = self.ledger()?;
        self.guard.touch();
        blocking(move || f(&ledger)).await
    }

    /// The open ledger, or why there is none. A ledger whose start-up check failed in the background is given up
    /// here: from then on it is the start-up problem (the start-up screen offers the newest good backup), and the
    /// ledger closes once the commands still using it finished.
    fn ledger(&self) -> Result<Arc<Ledger>, ErrorPayload> {
        let ledger = self.read().ledger.clone()?;
        let StartupCheck::Failed(detail) = ledger.startup_check() else { return Ok(ledger) };
        let problem = ErrorPayload::from(&CoreError::Integrity(detail));
        let mut open = self.write();
        if matches!(&open.ledger, Ok(current) if Arc::ptr_eq(current, &ledger)) {
            open.ledger = Err(problem.clone());
            drop(open);
            tauri::async_runtime::spawn_blocking(move || wait_for_last_handle(ledger));
        }
        Err(problem)
    }

    /// Whether a password is set, whether the app is locked, the wait before the next try and the idle time.
    pub fn lock_status(&self) -> LockStatus {
        let (locked, data_dir) = {
            let open = self.read();
            (is_locked(&open.ledger), open.data_dir.clone())
        };
        LockStatus {
            password_set: locked || Ledger::needs_password(&paths::db_path(&data_dir)),
            locked,
            retry_after_seconds: self.guard.retry_after_seconds(),
            idle_lock_minutes: self.guard.idle_minutes(),
        }
    }

    /// Opens the locked ledger with `secret` (the password or the recovery code). A wrong one is `wrong_password`
    /// and changes nothing; from the fifth wrong try in a row, tries wait (`too_many_attempts`). A right one whose
    /// ledger then fails to open (a damaged file …) answers Ok and keeps that failure as the start-up problem, so the
    /// app moves on from the lock screen to the start-up screen and its recovery.
    pub async fn unlock(&self, secret: String) -> Result<(), ErrorPayload> {
        self.guard.check_wait()?;
        let data_dir = self.data_dir();
        if !is_locked(&self.read().ledger) {
            return Ok(());
        }
        let opened = blocking(move || Ok(open_ledger(&data_dir, Some(&Secret::new(secret))))).await?;
        self.guard.record_try(matches!(&opened, Err(e) if e.code == ErrorCode::WrongPassword));
        match opened {
            Ok(ledger) => {
                self.guard.touch();
                self.write().ledger = Ok(ledger);
                Ok(())
            }
            // The secret was right but the ledger does not open (damaged, missing …): that is the problem the
            // start-up screen shows from now on, with the newest good backup; the lock screen has done its part.
            Err(problem) if problem.code != ErrorCode::WrongPassword && problem.code != ErrorCode::Locked => {
                self.write().ledger = Err(problem);
                Ok(())
            }
            Err(refused) => Err(refused),
        }
    }

    /// Closes an open encrypted ledger: the app shows the lock screen until [`AppState::unlock`]. A plain ledger
    /// stays open (there is nothing to unlock it with). True when it locked.
    pub fn lock(&self) -> bool {
        let mut open = self.write();
        match &open.ledger {
            Ok(ledger) if ledger.is_encrypted() => {
                // Commands running now keep their handle until they finish; the last one lets the ledger close
                // cleanly (WAL checkpointed and truncated, writer lock let go) on the blocking pool.
                let ledger = ledger.clone();
                ledger.interrupt_startup_check();
                open.ledger = Err(locked_payload());
                tauri::async_runtime::spawn_blocking(move || wait_for_last_handle(ledger));
                true
            }
            _ => false,
        }
    }

    /// Closes the ledger cleanly — once the commands still using it finished: the WAL checkpointed and truncated,
    /// the writer lock let go ([`Ledger::close`]) — and stops the idle timer. The app calls it on exit
    /// (`RunEvent::Exit`); tests start the app again on the same folder.
    pub fn close(&self) {
        self.guard.close();
        let previous = std::mem::replace(&mut self.write().ledger, Err(locked_payload()));
        if let Ok(ledger) = previous {
            // A start-up check still running stops (and stays pending: no clean-close marker for an unchecked file).
            ledger.interrupt_startup_check();
            wait_for_last_handle(ledger);
        }
    }

    /// Locks when the idle time has run out (the timer of lock.rs).
    pub(crate) fn lock_if_idle(&self) -> bool {
        self.guard.idle_expired() && self.lock()
    }

    /// Saves the idle time (`None` or 0: never lock when idle).
    pub fn set_idle_lock(&self, minutes: Option<u32>) -> Result<(), ErrorPayload> {
        self.guard.save_idle_minutes(&self.data_dir(), minutes)
    }

    /// Turns the app password on: the ledger is closed, converted (on the blocking pool) and reopened with the new
    /// password; returns the recovery code, to be shown once.
    pub async fn set_password(&self, new_password: String) -> Result<String, ErrorPayload> {
        let options = self.password_options();
        self.convert(None, move |db| {
            let new = Secret::new(new_password);
            let code = Ledger::set_password_with(db, &new, &options)?;
            Ok((code.as_str().to_owned(), Some(new)))
        })
        .await
    }

    /// Changes the app password after `secret` (the password or the recovery code): the ledger is closed, re-keyed
    /// (on the blocking pool) and reopened with the new password; returns the new recovery code, to be shown once.
    pub async fn change_password(&self, secret: String, new_password: String) -> Result<String, ErrorPayload> {
        let options = self.password_options();
        let current = secret.clone();
        self.convert(Some(current), move |db| {
            let new = Secret::new(new_password);
            let code = Ledger::change_password_with(db, &Secret::new(secret), &new, &options)?;
            Ok((code.as_str().to_owned(), Some(new)))
        })
        .await
    }

    /// Turns the app password off after `secret`: the ledger is decrypted and reopened without one.
    pub async fn remove_password(&self, secret: String) -> Result<(), ErrorPayload> {
        let options = self.password_options();
        let current = secret.clone();
        self.convert(Some(current), move |db| {
            Ledger::remove_password_with(db, &Secret::new(secret), &options)?;
            Ok(((), None))
        })
        .await
    }

    fn password_options(&self) -> PasswordOptions {
        PasswordOptions { kdf: self.kdf, backups: shell_policy(), ..PasswordOptions::default() }
    }

    /// Runs a password operation `f` on the database with the app's own ledger closed (it holds the writer lock),
    /// then reopens the ledger: with the secret `f` returns (`None`: plain) when it succeeded, with `current` (the
    /// secret that opens it now; `None`: plain) when it failed. `current` is checked first, so a wrong one is
    /// `wrong_password` with the ledger left open and nothing touched.
    async fn convert<T, F>(&self, current: Option<String>, f: F) -> Result<T, ErrorPayload>
    where
        T: Send + 'static,
        F: FnOnce(&Path) -> ledger_core::Result<(T, Option<Secret>)> + Send + 'static,
    {
        let ledger = {
            // One conversion at a time: from here until the ledger is reopened, commands answer `busy`.
            let mut open = self.write();
            let ledger = open.ledger.clone()?;
            open.ledger = Err(busy_payload());
            ledger
        };
        let data_dir = self.data_dir();
        let db = paths::db_path(&data_dir);
        let current = current.map(Secret::new);
        let checked = blocking(move || {
            if let Some(secret) = &current {
                crypto::unlock(&db, Some(secret))?;
            }
            Ok((db, current))
        })
        .await;
        let (db, current) = match checked {
            Ok(checked) => checked,
            Err(e) => {
                self.write().ledger = Ok(ledger);
                return Err(e);
            }
        };
        let dir = data_dir.clone();
        let converted = blocking(move || {
            wait_for_last_handle(ledger);
            let outcome = f(&db);
            let reopened = match &outcome {
                Ok((_, secret)) => open_ledger(&data_dir, secret.as_ref()),
                Err(_) => open_ledger(&data_dir, current.as_ref()),
            };
            Ok((outcome.map(|(value, _)| value), reopened))
        })
        .await;
        let (outcome, reopened) = match converted {
            Ok(converted) => converted,
            Err(panicked) => {
                // The worker died: whatever state the files are in opens (an encrypted ledger at the lock screen).
                self.write().ledger = open_ledger(&dir, None);
                return Err(panicked);
            }
        };
        self.write().ledger = reopened;
        self.guard.touch();
        outcome.map_err(|e| ErrorPayload::from(&e))
    }

    /// Whether the ledger is open, and if not why, with the newest backup that passes its check.
    pub async fn startup_status(&self) -> Result<StartupStatus, ErrorPayload> {
        let checking = self.ledger().is_ok_and(|l| l.startup_check() == StartupCheck::Pending);
        let (problem, data_dir) = {
            let open = self.read();
            (open.ledger.as_ref().err().cloned(), open.data_dir.clone())
        };
        let dir = data_dir.clone();
        let newest_backup = match &problem {
            // Locked is no problem a backup solves: the UI shows the lock screen.
            Some(p) if p.code != ErrorCode::Locked => blocking(move || backup::newest_good_backup(&dir)).await?,
            _ => None,
        };
        Ok(StartupStatus { problem, newest_backup, data_dir: data_dir.to_string_lossy().into_owned(), checking })
    }

    /// Tries again to open a ledger that could not be opened (the start-up screen's 重试, after the person closed the
    /// other program, fixed the folder's permissions or reconnected the disk), in place, without restarting the app;
    /// answers the new status. An open or locked ledger is left as it is.
    pub async fn retry_open(&self) -> Result<StartupStatus, ErrorPayload> {
        let failed = matches!(&self.read().ledger, Err(e) if e.code != ErrorCode::Locked);
        if failed {
            let data_dir = self.data_dir();
            let reopened = blocking(move || Ok(open_ledger(&data_dir, None))).await?;
            let mut open = self.write();
            // Another command may have opened it meanwhile (a recovery): keep an open ledger.
            if open.ledger.is_err() {
                open.ledger = reopened;
            }
        }
        self.startup_status().await
    }

    /// Replaces a ledger that could not be opened with the backup `from` (the damaged file is kept beside it);
    /// `secret` opens an encrypted backup (or the encrypted ledger it replaces): without it such a recovery answers
    /// `locked`, with a wrong one `wrong_password`, and nothing is written.
    pub async fn recover(&self, from: PathBuf, secret: Option<String>) -> Result<RestoreReport, ErrorPayload> {
        let db_path = paths::db_path(&self.data_dir());
        let (ledger, report) = blocking(move || {
            Ledger::recover_with_secret(&db_path, &from, BackupPolicy::default(), secret.map(Secret::new).as_ref())
        })
        .await?;
        self.write().ledger = Ok(Arc::new(ledger));
        Ok(report)
    }

    /// Whether the demo ledger is open (the header marks it 示例数据 and offers 返回我的台账).
    pub fn is_demo(&self) -> bool {
        self.read().real_dir.is_some()
    }

    /// Opens the demo ledger in place of the person's own (先看看示例数据): the own ledger is closed cleanly once the
    /// commands using it finished, the demo's folder (`demo/` inside the data folder) opened — filled with the small
    /// sample as of today when new — and every command from then on reaches the demo until [`AppState::close_demo`].
    /// Refused while the own ledger is not open (locked, failed, busy: its error) or `jobs_idle` is false (a long
    /// job runs: `busy`). Nothing of the own ledger is read or written.
    pub async fn open_demo(&self, jobs_idle: bool) -> Result<(), ErrorPayload> {
        if !jobs_idle {
            return Err(switch_busy_payload());
        }
        let (own, real_dir) = {
            let mut open = self.write();
            if open.real_dir.is_some() {
                return Ok(());
            }
            let own = open.ledger.clone()?;
            open.ledger = Err(switch_busy_payload());
            (own, open.data_dir.clone())
        };
        let demo_dir = real_dir.join(DEMO_FOLDER);
        let dir = demo_dir.clone();
        let demo = blocking(move || {
            std::fs::create_dir_all(&dir).map_err(CoreError::from)?;
            let ledger = Ledger::open_with_secret(&paths::db_path(&dir), shell_policy(), None)?;
            ledger.finish_startup_check()?;
            sample::generate_if_empty(ledger.database(), DEMO_SEED, Scale::Small, ledger.today())?;
            Ok(Arc::new(ledger))
        })
        .await;
        let mut open = self.write();
        match demo {
            Ok(demo) => {
                open.ledger = Ok(demo);
                open.data_dir = demo_dir;
                open.real_dir = Some(real_dir);
                drop(open);
                self.guard.touch();
                // A start-up check still running stops (and stays pending for the next opening).
                own.interrupt_startup_check();
                tauri::async_runtime::spawn_blocking(move || wait_for_last_handle(own));
                Ok(())
            }
            Err(e) => {
                open.ledger = Ok(own);
                Err(e)
            }
        }
    }

    /// Back to the person's own ledger (返回我的台账): the demo closes cleanly once the commands using it finished, and
    /// the own ledger opens as at start-up (an encrypted one at the lock screen). Nothing to do when the demo is not
    /// open; refused while `jobs_idle` is false.
    pub async fn close_demo(&self, jobs_idle: bool) -> Result<(), ErrorPayload> {
        if !jobs_idle {
            return Err(switch_busy_payload());
        }
        let (demo, real_dir) = {
            let mut open = self.write();
            let Some(real_dir) = open.real_dir.take() else { return Ok(()) };
            let demo = std::mem::replace(&mut open.ledger, Err(switch_busy_payload()));
            open.data_dir = real_dir.clone();
            (demo, real_dir)
        };
        let reopened = blocking(move || {
            if let Ok(demo) = demo {
                demo.interrupt_startup_check();
                wait_for_last_handle(demo);
            }
            Ok(open_ledger(&real_dir, None))
        })
        .await;
        self.write().ledger = reopened.unwrap_or_else(Err);
        self.guard.touch();
        Ok(())
    }

    /// Moves the data folder to `to` and goes on with the ledger there (never the demo's folder: refused while the
    /// demo is open).
    pub async fn move_data_folder(&self, to: PathBuf) -> Result<MoveReport, ErrorPayload> {
        if self.is_demo() {
            return Err(ErrorPayload::from(&CoreError::field(
                "to",
                "正在查看示例数据：请先返回我的台账，再移动数据文件夹",
                "The demo ledger is open: go back to your own ledger before moving the data folder",
            )));
        }
        let report = self.run(move |l| l.move_data_folder(&to)).await?;
        let to = PathBuf::from(&report.to);
        let mut open = self.write();
        // The old ledger lets go of its writer lock when the last command using it finishes.
        open.ledger = open_ledger(&to, None);
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

/// The shell's opening: the start-up check (when it cannot be skipped) and the day's backup run after opening, in
/// the background.
fn shell_policy() -> BackupPolicy {
    BackupPolicy { daily_at_open: false, check_at_open: false, ..BackupPolicy::default() }
}

/// Opens the ledger of `data_dir` (an encrypted one with `secret`, else `locked`) and starts, in the background, the
/// start-up check of its file (when the clean-close marker does not spare it) and then, once it passed, the day's
/// backup (never a backup of a file not known to be sound; the two in turn, not competing for the disk).
fn open_ledger(data_dir: &Path, secret: Option<&Secret>) -> Result<Arc<Ledger>, ErrorPayload> {
    let opened = Ledger::open_with_secret(&paths::db_path(data_dir), shell_policy(), secret);
    // The data folder owner-only on Linux and macOS (0700, its files 0600), also while locked; never a reason to stop.
    let _ = paths::restrict_data_folder(data_dir);
    let ledger = opened.map(Arc::new).map_err(|e| ErrorPayload::from(&e))?;
    let worker = ledger.clone();
    // A task on Tauri's tokio runtime, in its pool for blocking work (the core is synchronous), not awaited: its
    // outcome is kept by the ledger, and a skipped backup becomes a notice the UI asks for (`backup_notices`).
    tauri::async_runtime::spawn_blocking(move || {
        if worker.finish_startup_check().is_ok() {
            worker.daily_backup();
        }
    });
    Ok(ledger)
}

fn is_locked(ledger: &Result<Arc<Ledger>, ErrorPayload>) -> bool {
    matches!(ledger, Err(e) if e.code == ErrorCode::Locked)
}

fn locked_payload() -> ErrorPayload {
    ErrorPayload::from(&CoreError::Locked)
}

fn switch_busy_payload() -> ErrorPayload {
    ErrorPayload {
        code: ErrorCode::Busy,
        message: "正在切换台账，或有导出、导入、合并正在进行：请等它完成后再试".to_owned(),
        message_en: "The ledger is being switched, or an export, import or merge is running: try again once it \
                     finished"
            .to_owned(),
        fields: Vec::new(),
    }
}

fn busy_payload() -> ErrorPayload {
    ErrorPayload {
        code: ErrorCode::Busy,
        message: "正在转换台账（应用密码），请稍候".to_owned(),
        message_en: "the ledger is being converted (app password); please wait".to_owned(),
        fields: Vec::new(),
    }
}

/// Waits (up to a minute) until the commands still using `ledger` finished, then closes it cleanly
/// ([`Ledger::close`]: the WAL checkpointed and truncated), letting go of the writer lock. Past the minute the
/// conversion goes on and meets the lock as `in_use` (the ledger then closes with its last user, as any drop does).
fn wait_for_last_handle(mut ledger: Arc<Ledger>) {
    let until = Instant::now() + Duration::from_secs(60);
    loop {
        match Arc::try_unwrap(ledger) {
            Ok(last) => {
                // A failed checkpoint leaves the WAL for the next opening to replay: nothing is lost.
                let _ = last.close();
                return;
            }
            Err(shared) if Instant::now() < until => {
                ledger = shared;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(_) => return,
        }
    }
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
