//! The switch of a password change from the old master key to a new one (docs/SECURITY.md, "Set, change, remove"),
//! as [`super::unlock`] finds it when a change was interrupted.
//!
//! A change writes `<stem>.keys.next` — the new envelope (the new master key under the new password and the new
//! recovery code) with a **bridge** (the new master key wrapped under the old one) — before the copy under the new
//! key is renamed onto the database, and replaces `<stem>.keys` by it (without the bridge) after. So while
//! `.keys.next` is there, the database is under the old key (the rename did not happen: the next file is stale) or
//! under the new one (the envelope was not replaced yet: the switch is finished here). Which one is told by reading
//! the database with each key, after the secret proved right; nothing is written for a wrong secret.

use std::path::{Path, PathBuf};

use crate::error::{CoreError, Result};
use crate::storage::crypto::convert::reads_with;
use crate::storage::crypto::envelope::{envelope_path, Envelope};
use crate::storage::crypto::keys::{MasterKey, Secret};
use crate::storage::db;
use crate::storage::fs_atomic;

/// The envelope a password change switches to, `<stem>.keys.next` beside `<stem>.keys`, there only while the change
/// runs (or after it was interrupted, until the next unlocking).
pub fn next_envelope_path(db_path: &Path) -> PathBuf {
    let mut name = envelope_path(db_path).into_os_string();
    name.push(".next");
    PathBuf::from(name)
}

/// The next envelope, when there is one that reads (a file that does not read as one is ignored: the ledger must not
/// become unreadable because of it).
pub(crate) fn read_next(db_path: &Path) -> Option<Envelope> {
    Envelope::read(&next_envelope_path(db_path)).ok().flatten()
}

/// Puts the new envelope `next` (read from `<stem>.keys.next`) in place of `<stem>.keys`, without its bridge, then
/// removes `<stem>.keys.next`. The caller holds the writer lock, and the database is under `next`'s key.
pub(crate) fn finish_switch(db_path: &Path, next: &Envelope) -> Result<()> {
    let mut envelope = next.clone();
    envelope.bridge = None;
    envelope.write(&envelope_path(db_path))?;
    remove_next(db_path)
}

fn remove_next(db_path: &Path) -> Result<()> {
    fs_atomic::remove_if_exists(&next_envelope_path(db_path))?;
    fs_atomic::sync_folder_of(db_path)?;
    Ok(())
}

/// [`super::unlock`] of a ledger whose `<stem>.keys.next` is there: the master key `secret` opens, the switch finished
/// or the stale next envelope removed on the way (with the writer lock held; [`CoreError::InUse`] while another
/// program holds it, e.g. the change itself still running). The old secret opens the old envelope and, over the
/// bridge, the new key; the new secret opens the next envelope, and counts only once the database is under its key.
pub(crate) fn unlock_switching(
    db_path: &Path,
    current: &Envelope,
    next: &Envelope,
    secret: &Secret,
) -> Result<MasterKey> {
    let old = current.unwrap(secret)?;
    let new = match &old {
        Some(old) => next.cross_bridge(old)?,
        None => next.unwrap(secret)?,
    };
    if old.is_none() && new.is_none() {
        return Err(CoreError::WrongPassword);
    }
    let lock = db::acquire_writer_lock(db_path, db::LOCK_WAIT)?;
    // The state may have moved on while the lock was awaited: start again from what is on disk now.
    let (Some(current_now), next_now) = (Envelope::read(&envelope_path(db_path))?, read_next(db_path)) else {
        return Err(CoreError::WrongPassword);
    };
    if current_now != *current || next_now.as_ref() != Some(next) {
        drop(lock);
        return super::unlock(db_path, Some(secret))?.ok_or(CoreError::WrongPassword);
    }
    if current.key_id == next.key_id {
        // The envelope was replaced already; only the next file was left.
        remove_next(db_path)?;
        return old.ok_or(CoreError::WrongPassword);
    }
    if let Some(new) = new {
        if reads_with(db_path, Some(&new.database_key())) {
            finish_switch(db_path, next)?;
            return Ok(new);
        }
    }
    match old {
        Some(old) => {
            if reads_with(db_path, Some(&old.database_key())) {
                // The copy was never put in place: the change did not happen.
                remove_next(db_path)?;
            }
            Ok(old)
        }
        // The new password before the new database was in place: the change did not happen.
        None => Err(CoreError::WrongPassword),
    }
}
