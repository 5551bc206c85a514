//! The key envelope, `<stem>.keys` beside the database (`ledger.keys` for `ledger.sqlite3`): the master key wrapped
//! twice, once under the password and once under the recovery code, each through Argon2id with its own salt and
//! ChaCha20-Poly1305 with its own nonce. JSON, versioned; it holds nothing readable without one of the two secrets.
//!
//! A password change re-keys the ledger ([`crate::storage::crypto::rekey`]); while it switches keys, two more kinds
//! of wrapped key appear, each sealed under a key derived from a master key (not a secret): the **bridge** of
//! `<stem>.keys.next` (the new master key under the old one) and the **previous attachments keys** (the old
//! attachments key under the new master key, until every attachment file is sealed again). Envelopes without them
//! read as before.

use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{CoreError, Result};
use crate::storage::crypto::keys::{fill_random, hex, unhex, DerivedKey, KdfParams, MasterKey, Secret, KEY_LEN};
use crate::storage::crypto::recovery::{self, RecoveryCode};
use crate::storage::fs_atomic;

/// What the `format` field of every envelope says.
const FORMAT: &str = "st-ledger-keys";
/// The envelope format this build writes and reads.
pub const ENVELOPE_VERSION: u32 = 1;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 12;

/// Which secret a slot is wrapped under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotKind {
    /// The app password.
    Password,
    /// The recovery code.
    Recovery,
}

/// The master key wrapped under one secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    /// Password or recovery code.
    pub kind: SlotKind,
    /// Always `argon2id`.
    pub kdf: String,
    /// Its cost.
    #[serde(flatten)]
    pub params: KdfParams,
    /// Argon2's salt, hex.
    pub salt: String,
    /// ChaCha20-Poly1305's nonce, hex.
    pub nonce: String,
    /// The wrapped master key with its tag, hex.
    pub wrapped: String,
}

/// A key wrapped under a master key (ChaCha20-Poly1305 under [`MasterKey::wrapping_key`], the tag bound to the
/// envelope's format, version and key id and to what the key is for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WrappedKey {
    /// [`MasterKey::key_id`] of the master key it is wrapped under.
    pub under: String,
    /// ChaCha20-Poly1305's nonce, hex.
    pub nonce: String,
    /// The wrapped key with its tag, hex.
    pub wrapped: String,
}

/// The envelope file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    /// `st-ledger-keys`.
    pub format: String,
    /// [`ENVELOPE_VERSION`].
    pub version: u32,
    /// How the database is encrypted: `sqlcipher4-raw-key` (SQLCipher 4 defaults, the key derived from the master
    /// key with the label `st-ledger/v1/database`).
    pub database: String,
    /// [`MasterKey::key_id`] of the wrapped key.
    pub key_id: String,
    /// One slot per secret.
    pub slots: Vec<Slot>,
    /// Only in `<stem>.keys.next`, while a password change switches keys: this envelope's master key wrapped under
    /// the previous one, so that the previous password or recovery code reaches it until the switch is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bridge: Option<WrappedKey>,
    /// After a password change, until every attachment file is sealed again: the previous attachments keys, wrapped
    /// under this envelope's master key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_attachments_keys: Vec<WrappedKey>,
    /// The master keys this ledger had before its password changes, wrapped under this envelope's master key: a
    /// backup made before a change is encrypted under one of them, and whoever opens the ledger today may restore
    /// it (the start-up screen's recovery asks one secret only). They open the old backups, never today's database.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired_keys: Vec<WrappedKey>,
}

const BRIDGE: &str = "bridge";
const PREVIOUS_ATTACHMENTS: &str = "previous-attachments";
const RETIRED: &str = "retired";

/// The envelope of the database at `db_path`: `<stem>.keys` beside it.
pub fn envelope_path(db_path: &Path) -> PathBuf {
    let stem = db_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "ledger".into());
    db_path.with_file_name(format!("{stem}.keys"))
}

impl Envelope {
    /// A new envelope for `master`, wrapped under `password` and under `code`.
    pub(crate) fn new(master: &MasterKey, password: &Secret, code: &RecoveryCode, params: KdfParams) -> Result<Self> {
        let mut envelope = Envelope {
            format: FORMAT.to_owned(),
            version: ENVELOPE_VERSION,
            database: "sqlcipher4-raw-key".to_owned(),
            key_id: master.key_id(),
            slots: Vec::new(),
            bridge: None,
            previous_attachments_keys: Vec::new(),
            retired_keys: Vec::new(),
        };
        let code = recovery::canonical(code.as_str()).expect("a generated code is canonical");
        envelope.slots.push(envelope.wrap(master, SlotKind::Password, password.as_str().as_bytes(), params)?);
        envelope.slots.push(envelope.wrap(master, SlotKind::Recovery, code.as_bytes(), params)?);
        Ok(envelope)
    }

    /// Wraps `new`, this envelope's master key, under `old`: the bridge of `<stem>.keys.next`.
    pub(crate) fn set_bridge(&mut self, old: &MasterKey, new: &MasterKey) -> Result<()> {
        self.bridge = Some(self.wrap_under(old, BRIDGE, new.bytes())?);
        Ok(())
    }

    /// This envelope's master key, reached over the bridge from `old`: `None` when there is no bridge from it.
    pub(crate) fn cross_bridge(&self, old: &MasterKey) -> Result<Option<MasterKey>> {
        let Some(bridge) = &self.bridge else { return Ok(None) };
        let Some(bytes) = self.unwrap_under(old, BRIDGE, bridge)? else { return Ok(None) };
        let master = MasterKey::from_bytes(bytes);
        Ok((master.key_id() == self.key_id).then_some(master))
    }

    /// Replaces the previous attachments keys by `keys`, wrapped under `master` (this envelope's key).
    pub(crate) fn set_previous_attachments_keys(&mut self, master: &MasterKey, keys: &[&DerivedKey]) -> Result<()> {
        self.previous_attachments_keys =
            keys.iter().map(|key| self.wrap_under(master, PREVIOUS_ATTACHMENTS, key.bytes())).collect::<Result<_>>()?;
        Ok(())
    }

    /// The previous attachments keys, unwrapped with `master` (this envelope's key); one that does not open is
    /// [`CoreError::CorruptValue`].
    pub(crate) fn previous_attachments_keys(&self, master: &MasterKey) -> Result<Vec<DerivedKey>> {
        self.previous_attachments_keys
            .iter()
            .map(|wrapped| {
                self.unwrap_under(master, PREVIOUS_ATTACHMENTS, wrapped)?
                    .map(DerivedKey::from_bytes)
                    .ok_or_else(|| CoreError::CorruptValue("key envelope: a previous attachments key".to_owned()))
            })
            .collect()
    }

    /// Replaces the retired master keys by `keys`, wrapped under `master` (this envelope's key).
    pub(crate) fn set_retired_keys(&mut self, master: &MasterKey, keys: &[&MasterKey]) -> Result<()> {
        self.retired_keys =
            keys.iter().map(|key| self.wrap_under(master, RETIRED, key.bytes())).collect::<Result<_>>()?;
        Ok(())
    }

    /// The retired master keys, unwrapped with `master` (this envelope's key); one that does not open is
    /// [`CoreError::CorruptValue`].
    pub(crate) fn retired_keys(&self, master: &MasterKey) -> Result<Vec<MasterKey>> {
        self.retired_keys
            .iter()
            .map(|wrapped| {
                self.unwrap_under(master, RETIRED, wrapped)?
                    .map(MasterKey::from_bytes)
                    .ok_or_else(|| CoreError::CorruptValue("key envelope: a retired master key".to_owned()))
            })
            .collect()
    }

    /// The master key, unwrapped with `secret`: the recovery slot when `secret` reads as a recovery code, then the
    /// password slot. `None` when neither opens (a wrong secret): one Argon2 run per slot tried.
    pub(crate) fn unwrap(&self, secret: &Secret) -> Result<Option<MasterKey>> {
        let mut tries: Vec<(SlotKind, Zeroizing<Vec<u8>>)> = Vec::new();
        if let Some(code) = recovery::canonical(secret.as_str()) {
            tries.push((SlotKind::Recovery, Zeroizing::new(code.as_bytes().to_vec())));
        }
        tries.push((SlotKind::Password, Zeroizing::new(secret.as_str().as_bytes().to_vec())));
        for (kind, bytes) in &tries {
            for slot in self.slots.iter().filter(|s| s.kind == *kind) {
                if let Some(master) = self.open_slot(slot, bytes)? {
                    return Ok(Some(master));
                }
            }
        }
        Ok(None)
    }

    /// Reads the envelope at `path`: `None` when there is none; a file that is not an envelope of this format is
    /// [`CoreError::DamagedFile`].
    pub(crate) fn read(path: &Path) -> Result<Option<Self>> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let damaged = |detail: String| CoreError::DamagedFile { path: path.display().to_string(), detail };
        let envelope: Envelope =
            serde_json::from_str(&text).map_err(|e| damaged(format!("not a key envelope: {e}")))?;
        if envelope.format != FORMAT || envelope.version != ENVELOPE_VERSION {
            return Err(damaged(format!(
                "key envelope {} version {}, this app reads {FORMAT} version {ENVELOPE_VERSION}",
                envelope.format, envelope.version
            )));
        }
        Ok(Some(envelope))
    }

    /// Writes the envelope to `path` atomically (a partial file, synced, renamed).
    pub(crate) fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
        fs_atomic::write_bytes(path, text.as_bytes())?;
        Ok(())
    }

    /// What the tag binds each slot to: the format, version, key id and the slot's kind (a slot moved to another
    /// envelope or relabelled does not open).
    fn associated_data(&self, kind: SlotKind) -> Vec<u8> {
        format!("{FORMAT}/{}/{}/{kind:?}", self.version, self.key_id).into_bytes()
    }

    fn wrap_under(&self, under: &MasterKey, what: &str, key: &[u8; KEY_LEN]) -> Result<WrappedKey> {
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce)?;
        let cipher = ChaCha20Poly1305::new(Key::from_slice(under.wrapping_key().bytes()));
        let aad = format!("{FORMAT}/{}/{}/{what}", self.version, self.key_id).into_bytes();
        let wrapped = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: key, aad: &aad })
            .map_err(|_| CoreError::Io(std::io::Error::other("a key could not be wrapped")))?;
        Ok(WrappedKey { under: under.key_id(), nonce: hex(&nonce), wrapped: hex(&wrapped) })
    }

    /// The key `wrapped` holds, opened with `under`: `None` when it is wrapped under another key.
    fn unwrap_under(
        &self,
        under: &MasterKey,
        what: &str,
        wrapped: &WrappedKey,
    ) -> Result<Option<Zeroizing<[u8; KEY_LEN]>>> {
        if wrapped.under != under.key_id() {
            return Ok(None);
        }
        let corrupt = || CoreError::CorruptValue(format!("key envelope: the wrapped key {what}"));
        let (Some(nonce), Some(sealed)) = (unhex(&wrapped.nonce), unhex(&wrapped.wrapped)) else {
            return Err(corrupt());
        };
        if nonce.len() != NONCE_LEN {
            return Err(corrupt());
        }
        let cipher = ChaCha20Poly1305::new(Key::from_slice(under.wrapping_key().bytes()));
        let aad = format!("{FORMAT}/{}/{}/{what}", self.version, self.key_id).into_bytes();
        let Ok(plain) = cipher.decrypt(Nonce::from_slice(&nonce), Payload { msg: &sealed, aad: &aad }) else {
            return Ok(None);
        };
        let plain = Zeroizing::new(plain);
        if plain.len() != KEY_LEN {
            return Err(corrupt());
        }
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        bytes.copy_from_slice(&plain);
        Ok(Some(bytes))
    }

    fn wrap(&self, master: &MasterKey, kind: SlotKind, secret: &[u8], params: KdfParams) -> Result<Slot> {
        let mut salt = [0u8; SALT_LEN];
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut salt)?;
        fill_random(&mut nonce)?;
        let kek = params.stretch(secret, &salt)?;
        let cipher = ChaCha20Poly1305::new(Key::from_slice(kek.as_ref()));
        let aad = self.associated_data(kind);
        let wrapped = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: master.bytes(), aad: &aad })
            .map_err(|_| CoreError::Io(std::io::Error::other("the master key could not be wrapped")))?;
        Ok(Slot {
            kind,
            kdf: "argon2id".to_owned(),
            params,
            salt: hex(&salt),
            nonce: hex(&nonce),
            wrapped: hex(&wrapped),
        })
    }

    fn open_slot(&self, slot: &Slot, secret: &[u8]) -> Result<Option<MasterKey>> {
        let corrupt = || CoreError::CorruptValue(format!("key envelope slot {:?}", slot.kind));
        let (Some(salt), Some(nonce), Some(wrapped)) = (unhex(&slot.salt), unhex(&slot.nonce), unhex(&slot.wrapped))
        else {
            return Err(corrupt());
        };
        if slot.kdf != "argon2id" || nonce.len() != NONCE_LEN {
            return Err(corrupt());
        }
        let kek = slot.params.stretch(secret, &salt)?;
        let cipher = ChaCha20Poly1305::new(Key::from_slice(kek.as_ref()));
        let aad = self.associated_data(slot.kind);
        let Ok(plain) = cipher.decrypt(Nonce::from_slice(&nonce), Payload { msg: &wrapped, aad: &aad }) else {
            return Ok(None);
        };
        let plain = Zeroizing::new(plain);
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        if plain.len() != KEY_LEN {
            return Err(corrupt());
        }
        bytes.copy_from_slice(&plain);
        let master = MasterKey::from_bytes(bytes);
        Ok((master.key_id() == self.key_id).then_some(master))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> (MasterKey, RecoveryCode, Envelope) {
        let master = MasterKey::generate().unwrap();
        let code = RecoveryCode::generate().unwrap();
        let envelope =
            Envelope::new(&master, &Secret::new("甲乙丙丁 password"), &code, KdfParams::cheap_for_tests()).unwrap();
        (master, code, envelope)
    }

    #[test]
    fn the_password_and_the_code_each_unwrap_the_master_key_and_nothing_else_does() {
        let (master, code, envelope) = fixture();
        let by_password = envelope.unwrap(&Secret::new("甲乙丙丁 password")).unwrap().unwrap();
        assert_eq!(by_password.bytes(), master.bytes());
        let typed = code.as_str().to_lowercase().replace('-', " ");
        assert_eq!(envelope.unwrap(&Secret::new(typed)).unwrap().unwrap().bytes(), master.bytes());
        assert!(envelope.unwrap(&Secret::new("甲乙丙丁 passwort")).unwrap().is_none());
        assert!(envelope.unwrap(&Secret::new("")).unwrap().is_none());
        let other = RecoveryCode::generate().unwrap();
        assert!(envelope.unwrap(&Secret::new(other.as_str())).unwrap().is_none());
    }

    #[test]
    fn the_file_holds_neither_secret_nor_key_and_reads_back_the_same() {
        let (master, code, envelope) = fixture();
        let dir = tempfile::tempdir().unwrap();
        let path = envelope_path(&dir.path().join("ledger.sqlite3"));
        assert_eq!(path.file_name().unwrap(), "ledger.keys");
        envelope.write(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains(&hex(master.bytes())) && !text.contains(code.as_str()) && !text.contains("甲乙"));
        assert!(text.contains("\"memoryKib\": 64") && text.contains("argon2id"), "{text}");
        assert_eq!(Envelope::read(&path).unwrap().unwrap(), envelope);
        assert!(Envelope::read(&dir.path().join("none.keys")).unwrap().is_none());
    }

    #[test]
    fn a_slot_moved_or_changed_does_not_open() {
        let (_, _, mut envelope) = fixture();
        let password = Secret::new("甲乙丙丁 password");
        let (_, _, other) = fixture();
        envelope.key_id = other.key_id.clone();
        assert!(envelope.unwrap(&password).unwrap().is_none(), "bound to its key id");
        let (_, _, mut envelope) = fixture();
        envelope.slots[0].kind = SlotKind::Recovery;
        envelope.slots[1].kind = SlotKind::Password;
        assert!(envelope.unwrap(&password).unwrap().is_none(), "bound to its kind");
        let (_, _, mut envelope) = fixture();
        envelope.slots[0].salt = "zz".into();
        assert!(matches!(envelope.unwrap(&password), Err(CoreError::CorruptValue(_))));
    }

    #[test]
    fn the_bridge_and_the_previous_attachments_keys_open_with_their_master_key_only() {
        let (old, _, _) = fixture();
        let (new, _, mut next) = fixture();
        next.set_bridge(&old, &new).unwrap();
        next.set_previous_attachments_keys(&new, &[&old.attachments_key()]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.keys.next");
        next.write(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains(&hex(new.bytes())) && !text.contains(&hex(old.attachments_key().bytes())), "{text}");
        let next = Envelope::read(&path).unwrap().unwrap();
        assert_eq!(next.cross_bridge(&old).unwrap().unwrap().bytes(), new.bytes());
        assert!(next.cross_bridge(&new).unwrap().is_none(), "no bridge from the new key itself");
        let previous = next.previous_attachments_keys(&new).unwrap();
        assert_eq!(previous.len(), 1);
        assert_eq!(previous[0].bytes(), old.attachments_key().bytes());
        assert!(next.previous_attachments_keys(&old).is_err(), "not wrapped under the old key");
        let mut moved = next.clone();
        moved.key_id = old.key_id();
        assert!(moved.cross_bridge(&old).unwrap().is_none(), "bound to the envelope's key id");

        let (_, _, plain) = fixture();
        let text = serde_json::to_string(&plain).unwrap();
        assert!(!text.contains("bridge") && !text.contains("previous"), "an envelope without them reads as before");
    }

    #[test]
    fn a_file_that_is_not_an_envelope_is_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.keys");
        std::fs::write(&path, "{ not json").unwrap();
        assert!(matches!(Envelope::read(&path), Err(CoreError::DamagedFile { .. })));
        let (_, _, mut envelope) = fixture();
        envelope.version = 99;
        envelope.write(&path).unwrap();
        assert!(matches!(Envelope::read(&path), Err(CoreError::DamagedFile { .. })));
    }
}
