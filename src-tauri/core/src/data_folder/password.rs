//! 数据安全 → 应用密码: turning the app password on, changing it and turning it off (docs/SECURITY.md).
//!
//! Each works on the ledger's files with the writer lock held, so the ledger must not be open elsewhere (the app
//! closes its own ledger first and reopens it with the password afterwards; a ledger open in another program is
//! [`CoreError::InUse`]). The conversions make a verified copy beside the database and put it in place only when it
//! is complete ([`crate::storage::crypto::convert`]); whatever step is interrupted, the ledger opens afterwards:
//!
//! - **set**: copy (encrypted) → envelope written → copy renamed onto the plain file → each attachment file sealed.
//!   Stopped before the rename, the plain file is still the ledger (an envelope beside a plain file is ignored) and
//!   the recovery code was never shown; after it, the ledger is encrypted. Attachment files are sealed one by one
//!   (each written beside itself and renamed); stopped among them, the encrypted ledger reads its plain files as they
//!   are and seals them when it next opens. A file that cannot be sealed now (e.g. open in another program) does not
//!   fail the set (the recovery code must be shown): the next opening seals it.
//! - **remove**: each attachment file decrypted → copy (plain) → copy renamed onto the encrypted file → envelope
//!   removed. The files come first, while the key is still there: stopped among them, the encrypted ledger reads the
//!   plain ones as they are (and seals them again when it next opens); a file that cannot be decrypted (damaged,
//!   another ledger's key) stops the remove with that error, the ledger still encrypted, because without the key it
//!   could never be read again. Stopped before the rename, the encrypted ledger opens with its password; after it,
//!   the plain file opens without one.
//! - **change** re-keys: a new master key, the database copied under it (the same verified copy as the set), every
//!   attachment file sealed again under the new attachments key, and a new recovery code (the old one wrapped the old
//!   key). Copy (under the new key) → `<stem>.keys.next` written (the new envelope, and a bridge: the new master key
//!   wrapped under the old one) → copy renamed onto the database → `<stem>.keys` replaced by the new envelope, which
//!   keeps the old attachments key (wrapped under the new master key) → each attachment file sealed again → the
//!   envelope written without the old key. Stopped before the rename, the old password and code open the old ledger
//!   (the copy is swept as a partial file, the next envelope removed at unlocking); after it, the old secret reaches
//!   the new key over the bridge and the new one directly, and the unlocking finishes the switch
//!   ([`crate::storage::crypto::rekey`]); stopped among the files, the opening seals the rest again
//!   ([`finish_resealing`]) and drops the old key. Once the rename is done the change has happened: a later step
//!   that fails (the envelope cannot be written, a file cannot be sealed again) is left to the next unlocking and
//!   opening, and the change still returns the new recovery code.

use std::collections::HashMap;
use std::path::Path;

use crate::data_folder::attachments::{self, Conversion};
use crate::data_folder::backup::{data_dir_of, BackupPolicy};
use crate::error::{CoreError, Result};
use crate::ledger::Ledger;
use crate::storage::crypto::{self, convert, envelope_path, Envelope, KdfParams, MasterKey, RecoveryCode, Secret};
use crate::storage::fs_atomic::{self, partial_path, remove_with_sidecars};

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// How a password operation runs: the Argon2id cost of newly wrapped keys and the backups' policy of the opening
/// it makes. [`PasswordOptions::default`] is the app's.
#[derive(Clone, Default)]
pub struct PasswordOptions {
    /// The cost of stretching the new secrets ([`KdfParams::DEFAULT`]; tests use [`KdfParams::cheap_for_tests`]).
    pub kdf: KdfParams,
    /// The policy of the opening the conversion makes (migration, the day's backup).
    pub backups: BackupPolicy,
    /// Tests only: stop right after this step as a crash would (no clean-up), to show the ledger still opens.
    #[doc(hidden)]
    pub stop_after: Option<ConversionStep>,
}

/// The steps of a conversion after which a test can stop it ([`PasswordOptions::stop_after`]).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversionStep {
    /// The verified copy exists beside the database.
    CopyMade,
    /// (set) The envelope was written; the plain file is still in place.
    EnvelopeWritten,
    /// (change) `<stem>.keys.next` was written; the database is still under the old key.
    NextEnvelopeWritten,
    /// (remove) The plain copy replaced the encrypted file; the envelope is still there. (change) The copy under the
    /// new key replaced the database; `<stem>.keys` is still the old envelope.
    FileReplaced,
    /// (change) `<stem>.keys` is the new envelope, still holding the old attachments key; no file resealed yet.
    EnvelopeReplaced,
    /// (set, remove, change) One attachment file was converted (sealed, decrypted, or sealed again under the new
    /// key); the others not yet.
    AttachmentConverted,
}

/// The error of a test's stop ([`PasswordOptions::stop_after`]), inside [`CoreError::Io`]: the step, and the
/// recovery code a change had made by then (a test opens the ledger with it).
#[doc(hidden)]
#[derive(Debug)]
pub struct Stopped {
    /// Where the conversion stopped.
    pub step: ConversionStep,
    /// The new recovery code of a change.
    pub recovery_code: Option<String>,
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stopped after {:?} (test)", self.step)
    }
}

impl std::error::Error for Stopped {}

impl PasswordOptions {
    fn stop(&self, step: ConversionStep) -> Result<()> {
        self.stop_showing(step, None)
    }

    fn stop_showing(&self, step: ConversionStep, code: Option<&RecoveryCode>) -> Result<()> {
        match self.stop_after {
            Some(at) if at == step => {
                let recovery_code = code.map(|c| c.as_str().to_owned());
                Err(std::io::Error::other(Stopped { step, recovery_code }).into())
            }
            _ => Ok(()),
        }
    }
}

impl Ledger {
    /// Whether the ledger at `db_path` has an app password (its database is encrypted): the app shows the lock
    /// screen before opening it. Reads only.
    pub fn needs_password(db_path: &Path) -> bool {
        crypto::is_encrypted(db_path)
    }

    /// Turns the app password on ([`Ledger::set_password_with`] with the app's options).
    pub fn set_password(db_path: &Path, new_password: &Secret) -> Result<RecoveryCode> {
        Self::set_password_with(db_path, new_password, &PasswordOptions::default())
    }

    /// Turns the app password on for the plain ledger at `db_path`: opens it (migrating it if need be), makes an
    /// encrypted, verified copy, writes the key envelope, puts the copy in place of the plain file and seals every
    /// attachment file. Returns the recovery code, to be shown once.
    pub fn set_password_with(db_path: &Path, new_password: &Secret, options: &PasswordOptions) -> Result<RecoveryCode> {
        check_new_password(new_password)?;
        if crypto::is_encrypted(db_path) {
            return Err(CoreError::Unsupported {
                message: "台账已设置密码；如需更换，请使用“修改密码”".to_owned(),
                message_en: "the ledger has a password already; change it instead".to_owned(),
            });
        }
        require_file(db_path)?;
        let ledger = Ledger::open_unlocked(db_path, options.backups.clone(), None)?;
        let master = MasterKey::generate()?;
        let code = RecoveryCode::generate()?;
        let envelope = Envelope::new(&master, new_password, &code, options.kdf)?;
        let copy = partial_path(db_path);
        let lock = ledger.convert_into(&copy, Some(&master.database_key()))?;
        options.stop(ConversionStep::CopyMade)?;
        let envelope_file = envelope_path(db_path);
        let placed = envelope.write(&envelope_file).and_then(|()| {
            options.stop(ConversionStep::EnvelopeWritten)?;
            convert::replace(&copy, db_path)
        });
        if let Err(e) = placed {
            // The envelope goes only while the plain file is still the ledger (see the change below).
            if !matches!(options.stop_after, Some(ConversionStep::EnvelopeWritten)) && crypto::begins_plain(db_path) {
                remove_with_sidecars(&copy);
                let _ = fs_atomic::remove_if_exists(&envelope_file);
            }
            return Err(e);
        }
        // Files that cannot be sealed now stay plain and readable; the next opening seals them. (The only error is
        // a test's stop.)
        let _unsealed = attachments::convert_files(
            data_dir_of(db_path),
            &master.attachments_key(),
            Conversion::Seal,
            &HashMap::new(),
            || options.stop(ConversionStep::AttachmentConverted),
        )?;
        drop(lock);
        Ok(code)
    }

    /// Changes the app password ([`Ledger::change_password_with`] with the app's options).
    pub fn change_password(db_path: &Path, secret: &Secret, new_password: &Secret) -> Result<RecoveryCode> {
        Self::change_password_with(db_path, secret, new_password, &PasswordOptions::default())
    }

    /// Changes the app password of the encrypted ledger at `db_path` and re-keys it: `secret` (the current password
    /// or the recovery code) opens it; a new master key is made, the database copied under it (verified, as the set
    /// does) and put in place, every attachment file sealed again under the new key, and the envelope replaced by
    /// one under `new_password` and a new recovery code, which is returned to be shown once (the old code no longer
    /// opens anything written from now on). A wrong `secret` is [`CoreError::WrongPassword`] and changes nothing.
    /// Interrupted anywhere, the ledger opens with the old secret or the new one (the module's doc).
    pub fn change_password_with(
        db_path: &Path,
        secret: &Secret,
        new_password: &Secret,
        options: &PasswordOptions,
    ) -> Result<RecoveryCode> {
        check_new_password(new_password)?;
        if !crypto::is_encrypted(db_path) {
            return Err(no_password());
        }
        let old = crypto::unlock(db_path, Some(secret))?.ok_or_else(no_password)?;
        let new = MasterKey::generate()?;
        let code = RecoveryCode::generate()?;
        let mut next = Envelope::new(&new, new_password, &code, options.kdf)?;
        let current = Envelope::read(&envelope_path(db_path))?;
        // Files an earlier change could not seal again keep their key too, until they are.
        let mut previous = current.as_ref().map(|c| c.previous_attachments_keys(&old)).transpose()?.unwrap_or_default();
        previous.push(old.attachments_key());
        next.set_previous_attachments_keys(&new, &previous.iter().collect::<Vec<_>>())?;
        // The backups made so far are under the old key (or older ones): the new envelope keeps them all, so whoever
        // opens the ledger from now on can still restore those backups.
        let mut retired = current.as_ref().map(|c| c.retired_keys(&old)).transpose()?.unwrap_or_default();
        retired.push(old.duplicate());
        next.set_retired_keys(&new, &retired.iter().collect::<Vec<_>>())?;
        let mut bridged = next.clone();
        bridged.set_bridge(&old, &new)?;

        let ledger = Ledger::open_unlocked(db_path, options.backups.clone(), Some(old))?;
        let copy = partial_path(db_path);
        let lock = ledger.convert_into(&copy, Some(&new.database_key()))?;
        options.stop(ConversionStep::CopyMade)?;
        let next_path = crypto::next_envelope_path(db_path);
        let placed = bridged.write(&next_path).and_then(|()| {
            options.stop(ConversionStep::NextEnvelopeWritten)?;
            convert::replace(&copy, db_path)
        });
        if let Err(e) = placed {
            // Undone only while the database is still under the old key (a rename that went through but whose
            // folder could not be synced leaves the new key in place: the next unlocking finishes the switch).
            let stopped = matches!(options.stop_after, Some(ConversionStep::NextEnvelopeWritten));
            if !stopped && !convert::reads_with(db_path, Some(&new.database_key())) {
                remove_with_sidecars(&copy);
                let _ = fs_atomic::remove_if_exists(&next_path);
            }
            return Err(e);
        }
        options.stop_showing(ConversionStep::FileReplaced, Some(&code))?;
        // The database is under the new key: the change has happened, and the new recovery code must be shown. What
        // is left is finished by the next unlocking (the envelope) and opening (the files) when it fails here, so it
        // no longer fails the change (a test's stop aside).
        if crypto::rekey::finish_switch(db_path, &bridged).is_ok() {
            options.stop_showing(ConversionStep::EnvelopeReplaced, Some(&code))?;
            let resealed = finish_resealing(db_path, &new, || {
                options.stop_showing(ConversionStep::AttachmentConverted, Some(&code))
            });
            if options.stop_after == Some(ConversionStep::AttachmentConverted) {
                resealed?;
            }
        }
        drop(lock);
        Ok(code)
    }

    /// Turns the app password off ([`Ledger::remove_password_with`] with the app's options).
    pub fn remove_password(db_path: &Path, secret: &Secret) -> Result<()> {
        Self::remove_password_with(db_path, secret, &PasswordOptions::default())
    }

    /// Turns the app password off: after `secret` (password or recovery code) opens the ledger, every attachment file
    /// is decrypted, a plain, verified copy takes the place of the encrypted file, then the envelope is removed.
    pub fn remove_password_with(db_path: &Path, secret: &Secret, options: &PasswordOptions) -> Result<()> {
        if !crypto::is_encrypted(db_path) {
            return Err(no_password());
        }
        let master = crypto::unlock(db_path, Some(secret))?.ok_or_else(no_password)?;
        let ledger = Ledger::open_unlocked(db_path, options.backups.clone(), Some(master))?;
        if let Some(key) = ledger.attachments_key() {
            let failed =
                attachments::convert_files(data_dir_of(db_path), key, Conversion::Unseal, &HashMap::new(), || {
                    options.stop(ConversionStep::AttachmentConverted)
                })?;
            if let Some((_, e)) = failed.into_iter().next() {
                return Err(e);
            }
        }
        let copy = partial_path(db_path);
        let lock = ledger.convert_into(&copy, None)?;
        options.stop(ConversionStep::CopyMade)?;
        if let Err(e) = convert::replace(&copy, db_path) {
            remove_with_sidecars(&copy);
            return Err(e);
        }
        options.stop(ConversionStep::FileReplaced)?;
        fs_atomic::remove_if_exists(&envelope_path(db_path))?;
        fs_atomic::sync_folder_of(db_path)?;
        drop(lock);
        Ok(())
    }

    /// Makes the verified copy of this ledger's database at `copy` (encrypted with `key`, or plain), then closes the
    /// ledger and hands back its writer lock, still held, for putting the copy in place.
    fn convert_into(self, copy: &Path, key: Option<&crypto::DbKey>) -> Result<Option<std::fs::File>> {
        self.db.read_writer(|writer| convert::export_verified(writer, copy, key))?;
        self.db.close().inspect_err(|_| remove_with_sidecars(copy))
    }
}

/// After a password change (or a change stopped half way): seals every attachment file still sealed with a previous
/// attachments key (kept in the envelope, wrapped under `master`) again under `master`'s, then writes the envelope
/// without the keys no file needs any more. Files already resealed, plain, or sealed with another key are left as
/// they are (told by the key check in their header); a file that cannot be sealed again now (open in another program,
/// damaged) keeps its key in the envelope, to be tried again at the next opening. The caller holds the writer lock;
/// `after_each` runs after each resealed file (tests stop there), and its error is the only one returned.
pub(crate) fn finish_resealing(
    db_path: &Path,
    master: &MasterKey,
    mut after_each: impl FnMut() -> Result<()>,
) -> Result<()> {
    let path = envelope_path(db_path);
    let Some(mut envelope) = Envelope::read(&path)? else { return Ok(()) };
    if envelope.previous_attachments_keys.is_empty() || envelope.key_id != master.key_id() {
        return Ok(());
    }
    let previous = envelope.previous_attachments_keys(master)?;
    let key = master.attachments_key();
    let mut still_needed = Vec::new();
    for from in &previous {
        let failed = attachments::convert_files(
            data_dir_of(db_path),
            &key,
            Conversion::Reseal(from),
            &HashMap::new(),
            &mut after_each,
        )?;
        if !failed.is_empty() {
            still_needed.push(from);
        }
    }
    envelope.set_previous_attachments_keys(master, &still_needed)?;
    envelope.write(&path)
}

/// A new password must have at least [`MIN_PASSWORD_CHARS`] characters.
fn check_new_password(password: &Secret) -> Result<()> {
    if password.as_str().chars().count() < MIN_PASSWORD_CHARS {
        return Err(CoreError::field(
            "newPassword",
            format!("密码至少需要 {MIN_PASSWORD_CHARS} 个字符"),
            format!("the password needs at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    Ok(())
}

fn no_password() -> CoreError {
    CoreError::Unsupported {
        message: "台账未设置密码".to_owned(), message_en: "the ledger has no password".to_owned()
    }
}

fn require_file(db_path: &Path) -> Result<()> {
    if db_path.is_file() {
        return Ok(());
    }
    Err(std::io::Error::new(std::io::ErrorKind::NotFound, format!("no database file at {}", db_path.display())).into())
}
