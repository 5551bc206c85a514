//! The key material: the secret a person types, the random master key, the keys derived from it, and the slow
//! derivation (Argon2id) that turns a secret into the key that wraps the master key.

use std::fmt;

use hkdf::Hkdf;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{CoreError, Result};

/// Bytes of every key here (256 bits).
pub const KEY_LEN: usize = 32;

/// A password or a recovery code as the person gave it. Zeroed when dropped; never printed.
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// The secret `text` (taken as it is: no trimming).
    pub fn new(text: impl Into<String>) -> Self {
        Self(Zeroizing::new(text.into()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// The Argon2id cost of stretching a secret, stored in the envelope beside each wrapped copy of the master key (so
/// a later version can raise the defaults without breaking older envelopes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    /// The app's cost: 64 MiB, 3 passes, 1 lane (about half a second here, debug build under load; each guess of a
    /// stolen envelope costs an attacker the same).
    pub const DEFAULT: KdfParams = KdfParams { memory_kib: 64 * 1024, iterations: 3, parallelism: 1 };

    /// A cheap cost **for tests only**: the format and every code path stay the same, only the stretching is weak.
    pub const fn cheap_for_tests() -> KdfParams {
        KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 }
    }

    /// The key-encryption key for `secret` with `salt` (Argon2id, version 0x13).
    pub(crate) fn stretch(&self, secret: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; KEY_LEN]>> {
        let bad = |e: argon2::Error| CoreError::CorruptValue(format!("key derivation parameters: {e}"));
        let params =
            argon2::Params::new(self.memory_kib, self.iterations, self.parallelism, Some(KEY_LEN)).map_err(bad)?;
        let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        argon.hash_password_into(secret, salt, out.as_mut()).map_err(bad)?;
        Ok(out)
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The random master key of an encrypted ledger. It never leaves memory unwrapped; every key in use is derived from
/// it with its own label, so the database, the attachments and the exchange files never share a key.
pub struct MasterKey(Zeroizing<[u8; KEY_LEN]>);

/// The labels keys are derived with (HKDF-SHA256 info strings). A new use gets a new label, never an old one.
const DATABASE_LABEL: &[u8] = b"st-ledger/v1/database";
const ATTACHMENTS_LABEL: &[u8] = b"st-ledger/v1/attachments";
const EXCHANGE_LABEL: &[u8] = b"st-ledger/v1/exchange";
const KEY_WRAP_LABEL: &[u8] = b"st-ledger/v1/key-wrap";
const KEY_ID_LABEL: &[u8] = b"st-ledger/v1/key-id";

impl MasterKey {
    /// A new random master key.
    pub(crate) fn generate() -> Result<Self> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        fill_random(bytes.as_mut())?;
        Ok(Self(bytes))
    }

    pub(crate) fn from_bytes(bytes: Zeroizing<[u8; KEY_LEN]>) -> Self {
        Self(bytes)
    }

    /// A second copy of this key (zeroized when dropped, like the first).
    pub(crate) fn duplicate(&self) -> Self {
        Self(Zeroizing::new(*self.0))
    }

    pub(crate) fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    fn derive(&self, label: &[u8]) -> Zeroizing<[u8; KEY_LEN]> {
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        Hkdf::<Sha256>::new(None, self.0.as_ref()).expand(label, out.as_mut()).expect("32 bytes is a valid length");
        out
    }

    /// The key SQLCipher encrypts the database (and its WAL) with, given to it raw: no second slow derivation.
    pub fn database_key(&self) -> DbKey {
        DbKey(self.derive(DATABASE_LABEL))
    }

    /// The key attachment files are sealed with ([`crate::storage::crypto::file`]: XChaCha20-Poly1305, a random
    /// nonce per file).
    pub fn attachments_key(&self) -> DerivedKey {
        DerivedKey(self.derive(ATTACHMENTS_LABEL))
    }

    /// The key exchange files (exports, backups to a stick) are to be encrypted with — derived now, used later.
    pub fn exchange_key(&self) -> DerivedKey {
        DerivedKey(self.derive(EXCHANGE_LABEL))
    }

    /// The key that wraps other keys under this one in the envelope during a password change (the new master key
    /// under the old one, the old attachments key under the new one: [`crate::storage::crypto::envelope`]).
    pub(crate) fn wrapping_key(&self) -> DerivedKey {
        DerivedKey(self.derive(KEY_WRAP_LABEL))
    }

    /// A public name of this key (16 hex digits, derived one way): tells which envelope a file belongs to.
    pub fn key_id(&self) -> String {
        hex(&self.derive(KEY_ID_LABEL)[..8])
    }
}

/// A key derived from the master key for one use (attachments, exchange files). Zeroed when dropped.
pub struct DerivedKey(Zeroizing<[u8; KEY_LEN]>);

impl DerivedKey {
    pub(crate) fn from_bytes(bytes: Zeroizing<[u8; KEY_LEN]>) -> Self {
        Self(bytes)
    }

    /// The key's bytes, for an AEAD.
    pub fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

/// The raw 256-bit key of an encrypted database. Zeroed when dropped; never printed.
#[derive(Clone)]
pub struct DbKey(Zeroizing<[u8; KEY_LEN]>);

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(…)")
    }
}

impl DbKey {
    /// The key as SQLCipher's raw-key literal text, `x'<64 hex digits>'` (bound as the value of `ATTACH … KEY ?`).
    pub(crate) fn literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex(self.0.as_ref())))
    }

    /// Keys a connection: must be the first statement on it. A wrong key shows only at the first read, as SQLite's
    /// "file is not a database".
    pub(crate) fn apply(&self, conn: &Connection) -> Result<()> {
        let sql = Zeroizing::new(format!("PRAGMA key = \"{}\";", self.literal().as_str()));
        conn.execute_batch(&sql)?;
        Ok(())
    }
}

/// Keys `conn` with `key` when there is one (a plain database needs nothing).
pub fn apply_key(conn: &Connection, key: Option<&DbKey>) -> Result<()> {
    match key {
        Some(key) => key.apply(conn),
        None => Ok(()),
    }
}

/// Fills `buf` from the operating system's random source.
pub(crate) fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|e| CoreError::Io(std::io::Error::other(format!("no random source: {e}"))))
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of lowercase or uppercase hex; `None` for anything else.
pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_label_gives_its_own_key_and_the_same_master_the_same_keys() {
        let master = MasterKey::from_bytes(Zeroizing::new([7u8; KEY_LEN]));
        let again = MasterKey::from_bytes(Zeroizing::new([7u8; KEY_LEN]));
        let db = master.database_key();
        assert_eq!(db.0.as_ref(), again.database_key().0.as_ref());
        assert_ne!(db.0.as_ref(), master.attachments_key().bytes());
        assert_ne!(master.attachments_key().bytes(), master.exchange_key().bytes());
        assert_ne!(master.wrapping_key().bytes(), master.attachments_key().bytes());
        assert_ne!(db.0.as_ref(), master.bytes());
        assert_eq!(master.key_id().len(), 16);
        assert!(db.literal().starts_with("x'") && db.literal().len() == 67);
        assert_eq!(format!("{db:?} {:?}", Secret::new("geheim")), "DbKey(…) Secret(…)");
    }

    #[test]
    fn stretching_depends_on_the_secret_the_salt_and_the_cost() {
        let cheap = KdfParams::cheap_for_tests();
        let a = cheap.stretch(b"password", b"salt-salt-salt-1").unwrap();
        assert_eq!(*a, *cheap.stretch(b"password", b"salt-salt-salt-1").unwrap());
        assert_ne!(*a, *cheap.stretch(b"passwort", b"salt-salt-salt-1").unwrap());
        assert_ne!(*a, *cheap.stretch(b"password", b"salt-salt-salt-2").unwrap());
        let dearer = KdfParams { iterations: 2, ..cheap };
        assert_ne!(*a, *dearer.stretch(b"password", b"salt-salt-salt-1").unwrap());
        assert!(KdfParams { memory_kib: 1, ..cheap }.stretch(b"p", b"salt-salt-salt-1").is_err());
        assert_eq!(KdfParams::default(), KdfParams { memory_kib: 65536, iterations: 3, parallelism: 1 });
    }

    #[test]
    fn hex_round_trips_and_refuses_other_text() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(unhex("000fFF").unwrap(), [0, 15, 255]);
        assert!(unhex("abc").is_none() && unhex("zz").is_none());
    }
}
