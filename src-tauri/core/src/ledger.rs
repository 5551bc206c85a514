//! [`Ledger`]: the one entry point the app shell and the CLI use. Each method is one user operation, run on the
//! right connection and, for writes, in one transaction.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::clock::{Actor, Clock};
use crate::data_folder::attachments;
use crate::data_folder::backup::{self, BackupOutcome, BackupPolicy, BackupState};
use crate::error::Result;
use crate::model::{Expert, ExpertInput, ExpertQuery, ExpertRow, Page};
use crate::registry::experts;
use crate::storage::crypto::{self, DerivedKey, MasterKey, Secret};
use crate::storage::db::{self, CheckAtOpen, Database, StartupCheck};
use crate::storage::integrity::{self, IntegrityReport};
use crate::storage::migrations;

/// What the 设置 page shows about the installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// The app's version.
    pub version: String,
    /// The data folder.
    pub data_dir: String,
    /// The database file.
    pub db_path: String,
    /// The schema version of the open database.
    pub schema_version: i32,
}

/// An open ledger database and the person using it.
pub struct Ledger {
    pub(crate) db: Database,
    /// The person using it and the clock every change is stamped by (the one clock of the ledger).
    pub(crate) actor: Actor,
    /// The backups' clock, free-space check and rotation, and the warnings of backups that were skipped.
    pub(crate) backups: BackupState,
    /// The key attachment files are sealed with, when the ledger is encrypted.
    attachments_key: Option<DerivedKey>,
    /// The master keys the ledger had before its password changes (the backups made before one are under them).
    pub(crate) retired_keys: Vec<MasterKey>,
    /// The decrypted copies handed to the system viewer, removed when the ledger is dropped.
    pub(crate) viewer: attachments::ViewerCopies,
}

impl Ledger {
    /// Opens (creating and migrating as needed) the ledger at `path`. A damaged file is refused
    /// ([`crate::CoreError::Integrity`]; see [`crate::data_folder::backup::newest_good_backup`] and [`Ledger::recover`]),
    /// and so is a missing file beside a folder of its backups ([`crate::CoreError::LedgerMissing`]); partial files
    /// a crash left in the data folder are removed; an
    /// older schema is backed up before it is migrated; the first opening of a day makes the daily (or weekly)
    /// backup. A backup that cannot be made for lack of space is skipped: see [`Ledger::take_backup_notices`].
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, BackupPolicy::default())
    }

    /// [`Ledger::open`] with the backups' clock and free-space check given (tests). An encrypted ledger is refused
    /// with [`crate::CoreError::Locked`]: see [`Ledger::open_with_secret`].
    pub fn open_with(path: &Path, policy: BackupPolicy) -> Result<Self> {
        Self::open_with_secret(path, policy, None)
    }

    /// Opens the ledger at `path` as [`Ledger::open_with`] does, unlocking an encrypted one with `secret` (the
    /// password or the recovery code; ignored for a plain ledger). Without a secret an encrypted ledger is
    /// [`crate::CoreError::Locked`], with a wrong one [`crate::CoreError::WrongPassword`]; either way nothing is
    /// written, not even the lock file.
    pub fn open_with_secret(path: &Path, policy: BackupPolicy, secret: Option<&Secret>) -> Result<Self> {
        let master = crypto::unlock(path, secret)?;
        Self::open_unlocked(path, policy, master)
    }

    /// Opens the ledger with its master key already unwrapped (`None`: a plain ledger).
    pub(crate) fn open_unlocked(path: &Path, policy: BackupPolicy, master: Option<MasterKey>) -> Result<Self> {
        backup::refuse_missing_ledger(path)?;
        let check = if policy.check_at_open { CheckAtOpen::Now } else { CheckAtOpen::Background };
        let key = master.as_ref().map(MasterKey::database_key);
        let db = Database::open_unmigrated_with(path, db::LOCK_WAIT, key, check)?;
        // Owner-only files (Linux, macOS): a file that cannot be tightened (another owner's) does not stop the opening.
        let _ = crate::data_folder::paths::restrict_ledger_files(path);
        backup::sweep_partials(path, &policy.clock);
        // An existing database of an older schema is backed up (升级前备份) before it is migrated; a backup skipped
        // for lack of space does not stop the opening, it becomes a notice.
        let migration_backup = if db.is_behind()? {
            // A file about to be migrated is checked first, even when the shell would check it in the background.
            db.finish_startup_check()?;
            Some(db.read_writer(|writer| backup::before_migration(writer, path, &policy, db.key()))?)
        } else {
            None
        };
        db.migrate()?;
        let actor = Actor::new(os_user(), policy.clock.clone());
        let attachments_key = master.as_ref().map(MasterKey::attachments_key);
        let retired_keys = master.as_ref().map(|m| crypto::retired_keys(path, m)).unwrap_or_default();
        let ledger = Self {
            db,
            actor,
            backups: BackupState::new(policy),
            attachments_key,
            retired_keys,
            viewer: Default::default(),
        };
        // Decrypted copies of an earlier session that ended without removing them; plain files an encrypted ledger
        // still holds (a stopped conversion, a restored plain backup) are sealed now.
        attachments::sweep_viewer_copies(ledger.clock());
        if let Some(master) = &master {
            // Files a password change did not get to seal again under the new key (best effort, as below).
            let _ = crate::data_folder::password::finish_resealing(path, master, || Ok(()));
        }
        attachments::seal_leftovers(&ledger);
        ledger.name_actor_from_settings()?;
        if let Some(BackupOutcome::Skipped(notice)) = migration_backup {
            ledger.backups.push_notice(notice);
        }
        if ledger.migrated_from() > 0 && ledger.backups.daily_at_open() {
            ledger.daily_backup();
        }
        Ok(ledger)
    }

    /// A fresh in-memory ledger, for tests.
    pub fn open_in_memory() -> Result<Self> {
        Ok(Self {
            db: Database::open_in_memory()?,
            actor: Actor::new(os_user(), Clock::system()),
            backups: BackupState::new(BackupPolicy::default()),
            attachments_key: None,
            retired_keys: Vec::new(),
            viewer: Default::default(),
        })
    }

    /// Closes the ledger cleanly (the app exits, or locks): the writer checkpoints the WAL into the database and
    /// truncates it (`PRAGMA wal_checkpoint(TRUNCATE)`), both connections close, and the writer lock is let go. A
    /// ledger dropped without this is safe too (SQLite checkpoints on the last close, and a WAL left by a crash is
    /// replayed at the next opening); this makes the clean exit leave one self-contained file, and it leaves the
    /// clean-close marker (`storage/clean_close.rs`) by which the next opening skips the full start-up check while
    /// the file is unchanged — only when this session's check passed or was rightly skipped.
    pub fn close(self) -> Result<()> {
        if self.db.path().is_some() {
            self.db.read_writer(|writer| {
                writer.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
                Ok(())
            })?;
        }
        let Ledger { db, .. } = self;
        db.close_clean()
    }

    /// Where the start-up check of the file stands ([`StartupCheck`]): skipped after a clean close of an unchanged
    /// file, passed, pending in the background (writes held), or failed.
    pub fn startup_check(&self) -> StartupCheck {
        self.db.startup_check()
    }

    /// Runs the start-up check an opening with `check_at_open: false` left pending (nothing to do otherwise): Ok
    /// when writes may go ahead, [`crate::CoreError::Integrity`] for a damaged file, whose writes are refused from
    /// then on.
    pub fn finish_startup_check(&self) -> Result<()> {
        self.db.finish_startup_check()
    }

    /// Stops a start-up check running in the background (the app is closing): it stays pending.
    pub fn interrupt_startup_check(&self) {
        self.db.interrupt_startup_check()
    }

    /// Whether the open ledger is encrypted (has an app password).
    pub fn is_encrypted(&self) -> bool {
        self.db.is_encrypted()
    }

    /// The key attachment files are sealed with (derived from the same master key as the database's), when the
    /// ledger is encrypted.
    pub fn attachments_key(&self) -> Option<&DerivedKey> {
        self.attachments_key.as_ref()
    }

    /// The name audit entries record as the actor: 设置's 操作人, else the OS user.
    pub fn actor(&self) -> String {
        self.actor.name()
    }

    /// The ledger's clock: the system's unless a test set another ([`Ledger::set_clock`]).
    pub fn clock(&self) -> &Clock {
        self.actor.clock()
    }

    /// Today on the local calendar, by the ledger's clock: the one "today" of every operation (default periods,
    /// overdue follow-ups, dates that may not lie in the future …).
    pub fn today(&self) -> chrono::NaiveDate {
        self.actor.today()
    }

    /// Sets the clock the ledger dates and stamps everything by, backups included (tests: a fixed day).
    pub fn set_clock(&mut self, clock: Clock) {
        self.backups.set_clock(clock.clone());
        self.actor.set_clock(clock);
    }

    /// The schema version the file had before this open migrated it (0 for a new file).
    pub fn migrated_from(&self) -> i64 {
        self.db.migrated_from()
    }

    /// The underlying database, for modules that need their own queries (sample data, tests).
    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Version, data folder, file and schema version.
    pub fn app_info(&self) -> Result<AppInfo> {
        let db_path = self.db.path().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(":memory:"));
        let data_dir = db_path.parent().map(|p| p.display().to_string()).unwrap_or_default();
        let schema_version = self.db.read(migrations::current_version)? as i32;
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir,
            db_path: db_path.display().to_string(),
            schema_version,
        })
    }

    /// Runs the integrity check on the open database, with the orphaned attachment files of its data folder.
    pub fn check_integrity(&self) -> Result<IntegrityReport> {
        match attachments::data_folder(&self.db) {
            Ok(folder) => self.db.read(|c| integrity::check_with_files(c, &folder)),
            Err(_) => self.db.read(integrity::check),
        }
    }

    /// A page of the expert list (本月未服务 as of today).
    pub fn list_experts(&self, query: &ExpertQuery) -> Result<Page<ExpertRow>> {
        let today = self.today();
        self.db.read(|c| experts::list(c, query, today))
    }

    /// One expert, unmasked (for the edit form).
    pub fn get_expert(&self, id: &str) -> Result<Expert> {
        self.db.read(|c| experts::get(c, id))
    }

    /// Validates and saves a new expert.
    pub fn create_expert(&self, input: &ExpertInput) -> Result<Expert> {
        self.db.write(|tx| experts::create(tx, &self.actor, input, self.today()))
    }
}

/// The OS user's name, the actor when 设置 names no 操作人.
pub(crate) fn os_user() -> String {
    ["USERNAME", "USER", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "coordinator".to_owned())
}
