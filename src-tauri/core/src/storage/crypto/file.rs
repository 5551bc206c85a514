//! The sealed-file format: a whole file encrypted with a key derived from the master key (the attachments' key
//! today), one-shot (an attachment is at most 20 MiB, so it is held in memory whole anyway).
//!
//! ```text
//! offset  size  what
//!      0     8  magic  FF 'S' 'T' 'L' 'E' 'N' 'C' 1A   (not text in UTF-8, GBK or UTF-16: no real file begins so)
//!      8     1  version (1)
//!      9     8  key check: SHA-256("st-ledger/v1/key-check" ‖ key)[..8] — tells "another ledger's key" from damage
//!     17    24  nonce, random (XChaCha20: random nonces never repeat in practice)
//!     41     …  XChaCha20-Poly1305 ciphertext of the whole file, then its 16-byte tag
//! ```
//!
//! The tag covers the 41 header bytes and a context the caller gives — an attachment's id — so a file copied over
//! another attachment's file, or a header edited, does not open. Every file says by its first bytes whether it is
//! sealed ([`is_sealed`]), so plain and sealed files can sit side by side while a conversion is under way.

use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::storage::crypto::keys::{fill_random, DerivedKey};

/// The first bytes of every sealed file.
pub const MAGIC: &[u8; 8] = b"\xFFSTLENC\x1A";
/// The format version this build writes and reads.
pub const VERSION: u8 = 1;
const CHECK_LEN: usize = 8;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
/// The header's length: magic, version, key check, nonce.
pub const HEADER_LEN: usize = MAGIC.len() + 1 + CHECK_LEN + NONCE_LEN;
/// How many bytes sealing adds to a file: the header and the tag.
pub const OVERHEAD: usize = HEADER_LEN + TAG_LEN;

const KEY_CHECK_LABEL: &[u8] = b"st-ledger/v1/key-check";

/// Why a sealed file does not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenProblem {
    /// The file is sealed but no key was given (a ledger without a password).
    NoKey,
    /// The file was sealed with another key (another ledger's, or one whose password was removed and set again).
    OtherKey,
    /// The key is right but the tag does not match: the file was damaged, cut short, edited, or belongs to another
    /// attachment (swapped).
    Damaged,
    /// A format version newer than this app reads.
    NewerVersion(u8),
}

/// Whether `bytes` begin like a sealed file (the magic). Reads nothing else.
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// Whether `bytes` are a sealed file sealed with `key` (by the key check in its header; nothing is decrypted).
pub fn sealed_with(key: &DerivedKey, bytes: &[u8]) -> bool {
    let at = MAGIC.len() + 1;
    is_sealed(bytes) && bytes.len() >= at + CHECK_LEN && bytes[at..at + CHECK_LEN] == key_check(key)
}

/// The key check of `key` written in the header (one way; it tells which key sealed a file, nothing about it).
fn key_check(key: &DerivedKey) -> [u8; CHECK_LEN] {
    let digest = Sha256::new().chain_update(KEY_CHECK_LABEL).chain_update(key.bytes()).finalize();
    let mut check = [0u8; CHECK_LEN];
    check.copy_from_slice(&digest[..CHECK_LEN]);
    check
}

/// What the tag covers beside the ciphertext: the header and the caller's context.
fn associated_data(header: &[u8], context: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(header.len() + context.len());
    aad.extend_from_slice(header);
    aad.extend_from_slice(context);
    aad
}

/// Seals `plain` with `key`, bound to `context` (e.g. the attachment's id): header, ciphertext, tag.
pub fn seal(key: &DerivedKey, context: &[u8], plain: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(plain.len() + OVERHEAD);
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    out.extend_from_slice(&key_check(key));
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce)?;
    out.extend_from_slice(&nonce);
    let aad = associated_data(&out, context);
    out.extend_from_slice(plain);
    let cipher = XChaCha20Poly1305::new(key.bytes().into());
    let tag = cipher
        .encrypt_in_place_detached(XNonce::from_slice(&nonce), &aad, &mut out[HEADER_LEN..])
        .map_err(|_| std::io::Error::other("the file could not be encrypted"))?;
    out.extend_from_slice(&tag);
    Ok(out)
}

/// Opens a sealed file (`sealed` begins with [`MAGIC`]) with `key` and the `context` it was sealed with; returns the
/// original bytes, or why it does not open.
pub fn open(key: Option<&DerivedKey>, context: &[u8], sealed: &[u8]) -> std::result::Result<Vec<u8>, OpenProblem> {
    if !is_sealed(sealed) || sealed.len() < MAGIC.len() + 1 {
        return Err(OpenProblem::Damaged);
    }
    let version = sealed[MAGIC.len()];
    if version > VERSION {
        return Err(OpenProblem::NewerVersion(version));
    }
    if version != VERSION || sealed.len() < OVERHEAD {
        return Err(OpenProblem::Damaged);
    }
    let key = key.ok_or(OpenProblem::NoKey)?;
    let check_at = MAGIC.len() + 1;
    if sealed[check_at..check_at + CHECK_LEN] != key_check(key) {
        return Err(OpenProblem::OtherKey);
    }
    let (header, rest) = sealed.split_at(HEADER_LEN);
    let (ciphertext, tag) = rest.split_at(rest.len() - TAG_LEN);
    let nonce = XNonce::from_slice(&header[HEADER_LEN - NONCE_LEN..]);
    let aad = associated_data(header, context);
    let mut plain = ciphertext.to_vec();
    XChaCha20Poly1305::new(key.bytes().into())
        .decrypt_in_place_detached(nonce, &aad, &mut plain, Tag::from_slice(tag))
        .map_err(|_| OpenProblem::Damaged)?;
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use zeroize::Zeroizing;

    use super::*;
    use crate::storage::crypto::keys::{MasterKey, KEY_LEN};

    fn key(byte: u8) -> DerivedKey {
        MasterKey::from_bytes(Zeroizing::new([byte; KEY_LEN])).attachments_key()
    }

    #[test]
    fn a_sealed_file_opens_with_its_key_and_context_and_hides_its_content() {
        let plain = b"\x89PNG\r\n\x1a\n a photo of a stamped confirmation".repeat(100);
        let sealed = seal(&key(1), b"id-1", &plain).unwrap();
        assert!(is_sealed(&sealed) && !is_sealed(&plain));
        assert_eq!(sealed.len(), plain.len() + OVERHEAD);
        assert!(!sealed.windows(8).any(|w| w == b"\x89PNG\r\n\x1a\n"), "no plaintext signature in the file");
        assert!(!sealed.windows(7).any(|w| w == b"stamped"));
        assert_eq!(open(Some(&key(1)), b"id-1", &sealed).unwrap(), plain);
        assert_ne!(seal(&key(1), b"id-1", &plain).unwrap(), sealed, "a new nonce each time");
        assert_eq!(open(Some(&key(1)), b"", &seal(&key(1), b"", b"").unwrap()).unwrap(), b"");
    }

    #[test]
    fn a_wrong_key_a_wrong_context_damage_and_a_newer_version_each_say_so() {
        let sealed = seal(&key(1), b"id-1", b"content").unwrap();
        assert_eq!(open(Some(&key(2)), b"id-1", &sealed), Err(OpenProblem::OtherKey));
        assert_eq!(open(None, b"id-1", &sealed), Err(OpenProblem::NoKey));
        assert_eq!(open(Some(&key(1)), b"id-2", &sealed), Err(OpenProblem::Damaged), "swapped");
        for at in [HEADER_LEN - 1, HEADER_LEN, sealed.len() - 1] {
            let mut flipped = sealed.clone();
            flipped[at] ^= 1;
            assert_eq!(open(Some(&key(1)), b"id-1", &flipped), Err(OpenProblem::Damaged), "byte {at}");
        }
        assert_eq!(open(Some(&key(1)), b"id-1", &sealed[..sealed.len() - 1]), Err(OpenProblem::Damaged));
        assert_eq!(open(Some(&key(1)), b"id-1", &sealed[..20]), Err(OpenProblem::Damaged));
        let mut newer = sealed.clone();
        newer[MAGIC.len()] = VERSION + 1;
        assert_eq!(open(Some(&key(1)), b"id-1", &newer), Err(OpenProblem::NewerVersion(VERSION + 1)));
        assert_eq!(open(Some(&key(1)), b"id-1", b"plain text"), Err(OpenProblem::Damaged));
    }
}
