//! 加密: the app password and the encryption at rest of the database (docs/SECURITY.md).
//!
//! A random 256-bit **master key** is wrapped twice in the **envelope** beside the database (`ledger.keys`): under
//! the password and under the recovery code, each stretched by Argon2id ([`KdfParams`], stored per slot) and sealed
//! with ChaCha20-Poly1305. The keys in use are derived from the master key with HKDF-SHA256, one label each: the
//! database's ([`MasterKey::database_key`], handed to SQLCipher raw, so connections open fast), the attachments'
//! (attachment files are sealed with it, [`file`]) and the exchange files' (for the changes to come). Changing the
//! password re-keys: a new master key, the database copied under it, the attachment files sealed again, a new
//! recovery code ([`rekey`] says how an interrupted change is finished or undone when the ledger is next unlocked).
//!
//! A ledger is **encrypted** when its envelope is there and the database file does not begin with SQLite's plain
//! header. An envelope beside a plain file is left over from a conversion that stopped half way (before the
//! encrypted copy replaced the plain file, or after the plain copy replaced the encrypted one): the plain file is
//! the ledger, and it opens without a password.

pub mod convert;
pub mod envelope;
pub mod file;
pub mod keys;
pub mod recovery;
pub mod rekey;

use std::io::Read;
use std::path::Path;

pub use envelope::{envelope_path, Envelope};
pub use keys::{apply_key, DbKey, DerivedKey, KdfParams, MasterKey, Secret};
pub use recovery::RecoveryCode;
pub use rekey::next_envelope_path;

use crate::error::{CoreError, Result};

/// The first 16 bytes of every plain SQLite database; an SQLCipher file begins with its random salt instead.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the database file at `db_path` is encrypted: its envelope is there and the file (present, not empty)
/// does not begin with SQLite's plain header. Reads only.
pub fn is_encrypted(db_path: &Path) -> bool {
    envelope_path(db_path).is_file() && !begins_plain(db_path)
}

/// Whether the file is missing, empty, or begins with SQLite's plain header (a new or a plain database).
pub(crate) fn begins_plain(db_path: &Path) -> bool {
    let mut header = [0u8; 16];
    match std::fs::File::open(db_path) {
        Err(_) => true,
        Ok(mut file) => match file.read_exact(&mut header) {
            Ok(()) => &header == PLAIN_HEADER,
            Err(_) => std::fs::metadata(db_path).map(|m| m.len() == 0).unwrap_or(true),
        },
    }
}

/// The master key of the database at `db_path`, unwrapped with `secret`: `None` for a plain ledger (any secret is
/// then ignored); [`CoreError::Locked`] for an encrypted one without a secret, [`CoreError::WrongPassword`] when
/// the secret opens neither slot; nothing is written in these cases. A password change that was interrupted
/// (`<stem>.keys.next` is there) is finished, or its leftover removed, once the secret proved right
/// ([`rekey::unlock_switching`]): the old secret and the new one each open whatever state it stopped in.
pub fn unlock(db_path: &Path, secret: Option<&Secret>) -> Result<Option<MasterKey>> {
    if !is_encrypted(db_path) {
        return Ok(None);
    }
    let Some(envelope) = Envelope::read(&envelope_path(db_path))? else { return Ok(None) };
    let Some(secret) = secret else { return Err(CoreError::Locked) };
    if let Some(next) = rekey::read_next(db_path) {
        return rekey::unlock_switching(db_path, &envelope, &next, secret).map(Some);
    }
    match envelope.unwrap(secret)? {
        Some(master) => Ok(Some(master)),
        None => Err(CoreError::WrongPassword),
    }
}

/// The raw database key for `db_path` ([`unlock`], then [`MasterKey::database_key`]): for the tools that open the
/// file without a ledger (the integrity check, a backup of a file).
pub fn database_key(db_path: &Path, secret: Option<&Secret>) -> Result<Option<DbKey>> {
    Ok(unlock(db_path, secret)?.map(|m| m.database_key()))
}

/// The master keys the encrypted ledger at `db_path` had before its password changes ([`Envelope::retired_keys`]),
/// unwrapped with `master`, its current key. None when its envelope does not read or holds none: they only spare the
/// person typing an old password to restore an old backup, so a fault here must not stop the opening.
pub(crate) fn retired_keys(db_path: &Path, master: &MasterKey) -> Vec<MasterKey> {
    Envelope::read(&envelope_path(db_path)).ok().flatten().and_then(|e| e.retired_keys(master).ok()).unwrap_or_default()
}
