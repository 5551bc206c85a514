//! The app password as the shell keeps it (docs/SECURITY.md): the count of wrong tries at the lock screen and the
//! wait they earn, the last activity and the idle time after which the app locks again, and the timer that locks it
//! (a task on Tauri's tokio runtime, started by the `idle-lock` plugin of [`crate::with_commands`]).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use ledger_core::{ErrorCode, ErrorPayload, FieldError};
use serde::{Deserialize, Serialize};
use tauri::{Emitter, Manager, Runtime};

use crate::state::AppState;

/// The event that tells the UI the app locked itself (idle time over): it shows the lock screen.
pub const LOCKED_EVENT: &str = "app-locked";

/// Wrong tries in a row allowed before the next one waits.
pub const FREE_TRIES: u32 = 5;

/// The wait after the [`FREE_TRIES`]th wrong try in a row; each further wrong try adds as much, up to [`MAX_WAIT`].
const WAIT_STEP: Duration = Duration::from_secs(30);
const MAX_WAIT: Duration = Duration::from_secs(5 * 60);

/// The idle time of a new data folder, in minutes (设置 → 数据安全 changes it).
pub const DEFAULT_IDLE_MINUTES: u32 = 15;

/// The file in the data folder that keeps the idle time (outside the database, so it is read before unlocking).
const SETTINGS_FILE: &str = "app-lock.json";

/// The lock screen's and 设置's view of the app password. The TypeScript twin is `LockStatus` in
/// ui/src/api/security.ts.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LockStatus {
    /// The ledger has an app password (its database is encrypted).
    pub password_set: bool,
    /// No ledger is open because it waits for the password.
    pub locked: bool,
    /// Seconds before the lock screen takes another try (0: now).
    pub retry_after_seconds: u64,
    /// Minutes without activity after which the app locks; `None`: never.
    pub idle_lock_minutes: Option<u32>,
}

/// What is kept in [`SETTINGS_FILE`].
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LockSettings {
    idle_lock_minutes: Option<u32>,
}

/// Wrong tries, activity and the idle time, behind one mutex.
pub struct Guard {
    inner: Mutex<GuardState>,
}

struct GuardState {
    wrong_tries: u32,
    wait_until: Option<Instant>,
    last_activity: Instant,
    idle: Option<Duration>,
    closed: bool,
}

impl Guard {
    /// The guard of `data_dir`, with the idle time saved there (or the default).
    pub fn load(data_dir: &Path) -> Self {
        let minutes = std::fs::read(settings_path(data_dir))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<LockSettings>(&bytes).ok())
            .map_or(Some(DEFAULT_IDLE_MINUTES), |s| s.idle_lock_minutes);
        Self {
            inner: Mutex::new(GuardState {
                wrong_tries: 0,
                wait_until: None,
                last_activity: Instant::now(),
                idle: minutes_to_idle(minutes),
                closed: false,
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, GuardState> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The app is closing: the timer stops.
    pub fn close(&self) {
        self.state().closed = true;
    }

    /// Whether [`Guard::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.state().closed
    }

    /// Someone used the app now.
    pub fn touch(&self) {
        self.state().last_activity = Instant::now();
    }

    /// Whether the idle time has run out since the last activity.
    pub fn idle_expired(&self) -> bool {
        let s = self.state();
        s.idle.is_some_and(|idle| s.last_activity.elapsed() >= idle)
    }

    /// How often the timer looks: a quarter of the idle time, between 10 ms and 5 s.
    pub fn tick(&self) -> Duration {
        let idle = self.state().idle.unwrap_or(Duration::from_secs(60));
        (idle / 4).clamp(Duration::from_millis(10), Duration::from_secs(5))
    }

    /// The idle time in minutes (`None`: never).
    pub fn idle_minutes(&self) -> Option<u32> {
        self.state().idle.map(|d| u32::try_from(d.as_secs().div_ceil(60)).unwrap_or(u32::MAX))
    }

    /// Sets the idle time (not saved: tests use times shorter than a minute).
    pub fn set_idle(&self, idle: Option<Duration>) {
        let mut s = self.state();
        s.idle = idle;
        s.last_activity = Instant::now();
    }

    /// Sets the idle time to `minutes` (`None` or 0: never) and saves it in `data_dir`.
    pub fn save_idle_minutes(&self, data_dir: &Path, minutes: Option<u32>) -> Result<(), ErrorPayload> {
        let minutes = minutes.filter(|&m| m > 0);
        let bytes = serde_json::to_vec_pretty(&LockSettings { idle_lock_minutes: minutes }).unwrap_or_default();
        let path = settings_path(data_dir);
        let partial = data_dir.join(format!(".{SETTINGS_FILE}.partial"));
        std::fs::write(&partial, bytes)
            .and_then(|()| std::fs::rename(&partial, &path))
            .map_err(|e| ErrorPayload::from(&ledger_core::CoreError::from(e)))?;
        self.set_idle(minutes_to_idle(minutes));
        Ok(())
    }

    /// Refuses a try while the wait earned by wrong tries lasts: `too_many_attempts`, with the seconds to wait.
    pub fn check_wait(&self) -> Result<(), ErrorPayload> {
        match self.retry_after_seconds() {
            0 => Ok(()),
            seconds => Err(too_many_attempts(seconds)),
        }
    }

    /// Seconds before another try is taken (0: now).
    pub fn retry_after_seconds(&self) -> u64 {
        let s = self.state();
        s.wait_until.map_or(0, |until| until.saturating_duration_since(Instant::now()).as_millis().div_ceil(1000))
            as u64
    }

    /// Counts the outcome of a try: a wrong one adds to the count (and from the [`FREE_TRIES`]th on, a wait), any
    /// other clears it.
    pub fn record_try(&self, wrong: bool) {
        let mut s = self.state();
        if !wrong {
            s.wrong_tries = 0;
            s.wait_until = None;
            return;
        }
        s.wrong_tries += 1;
        if s.wrong_tries >= FREE_TRIES {
            let wait = (WAIT_STEP * (s.wrong_tries - FREE_TRIES + 1)).min(MAX_WAIT);
            s.wait_until = Some(Instant::now() + wait);
        }
    }
}

fn settings_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SETTINGS_FILE)
}

fn minutes_to_idle(minutes: Option<u32>) -> Option<Duration> {
    minutes.filter(|&m| m > 0).map(|m| Duration::from_secs(u64::from(m) * 60))
}

/// The answer to a try during the wait.
fn too_many_attempts(seconds: u64) -> ErrorPayload {
    let message = format!("连续输错 {FREE_TRIES} 次，请 {seconds} 秒后再试");
    let message_en = format!("{FREE_TRIES} wrong tries in a row; try again in {seconds} s");
    ErrorPayload {
        code: ErrorCode::TooManyAttempts,
        fields: vec![FieldError::new("secret", message.clone(), message_en.clone())],
        message,
        message_en,
    }
}

/// The plugin that starts the idle timer when the app is built: a loop on Tauri's tokio runtime that, each
/// [`Guard::tick`], locks an open encrypted ledger whose idle time ran out and emits [`LOCKED_EVENT`]; it ends when
/// the app state is closed ([`AppState::close`]).
pub fn idle_lock_plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("idle-lock")
        .setup(|app, _api| {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                loop {
                    let tick = app.try_state::<AppState>().map_or(Duration::from_secs(1), |s| s.guard().tick());
                    tokio::time::sleep(tick).await;
                    if let Some(state) = app.try_state::<AppState>() {
                        if state.guard().is_closed() {
                            break;
                        }
                        if state.lock_if_idle() {
                            let _ = app.emit(LOCKED_EVENT, ());
                        }
                    }
                }
            });
            Ok(())
        })
        .build()
}
