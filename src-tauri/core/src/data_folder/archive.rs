//! The backup file: one ZIP archive holding the database snapshot, the attachment files it points at and any extra
//! file the ledger keeps beside its database, with a manifest of SHA-256 sums.
//!
//! **Why ZIP:** the `zip` crate is in the lock file already (the spreadsheet reader and writer use it), so the format
//! costs no new dependency; members are written and read as streams (a 20 MB photo is never held in memory); and a
//! person who has only the file can still open it with any unzip tool and find the photos and scans. Written with
//! ZIP64 on (a database over 4 GB is no problem), the database deflated at the fastest level (SQLite pages shrink to
//! a third), attachments stored as they are (photos and PDFs do not compress).
//!
//! **Layout** (format `cn.stledger.backup`, version 1):
//! - `ledger.sqlite3`: the database, a single-file (rollback-journal) snapshot made with SQLite's backup API;
//! - `attachments/<yyyy>/<id>.<ext>`: each attachment file the snapshot's `attachments` rows name, under its stored
//!   path (rows in the recycle bin included: their files stay until purged);
//! - extra files beside the database (e.g. a key envelope), under their own name;
//! - `manifest.json`, written last: [`Manifest`] — the format, the app's version, the backup's sequence number and
//!   reason, when it was made, the database's schema version, and for every member its name, kind, size and SHA-256;
//!   plus the stored paths of attachment files that were missing when the backup was made.
//!
//! **Verified:** [`write`] re-reads the archive it wrote and checks every member's size and SHA-256 against the
//! manifest ([`verify`]) before the file gets its name; a restore verifies the whole file again before it writes
//! anything. ZIP's own CRC-32 is checked on every read too.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::error::{CoreError, Result};

/// The manifest's name inside the archive.
pub const MANIFEST_NAME: &str = "manifest.json";

/// The database's name inside the archive.
pub const DATABASE_MEMBER: &str = "ledger.sqlite3";

/// The format's name in the manifest.
pub const FORMAT: &str = "cn.stledger.backup";

/// The format's version in the manifest; a newer one is refused.
pub const FORMAT_VERSION: u32 = 1;

/// What a member of the archive is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    /// The database snapshot.
    Database,
    /// An attachment file, under its stored path.
    Attachment,
    /// A file kept beside the database (e.g. a key envelope), under its own name.
    Extra,
}

/// One member of the archive, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// Its name in the archive (`/`-separated).
    pub name: String,
    /// What it is.
    pub kind: MemberKind,
    /// Its size in bytes.
    pub size: u64,
    /// The SHA-256 of its bytes, lower-case hex.
    pub sha256: String,
}

/// The manifest of a backup archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The version of the app that made it.
    pub app_version: String,
    /// The backup's sequence number in the folder it was made in: rotation orders by it, never by a clock.
    pub sequence: u64,
    /// Why it was made (the reason's code).
    pub reason: String,
    /// When it was made (UTC, RFC 3339, by the ledger's clock).
    pub created_at: String,
    /// The database's schema version.
    pub schema_version: i32,
    /// Every member but the manifest.
    pub members: Vec<Member>,
    /// Stored paths of attachment files the database names but that were not in the data folder.
    #[serde(default)]
    pub missing_files: Vec<String>,
}

impl Manifest {
    /// The members of one kind.
    pub fn of_kind(&self, kind: MemberKind) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(move |m| m.kind == kind)
    }
}

/// A file to put in the archive.
pub(crate) struct Source<'a> {
    pub name: String,
    pub kind: MemberKind,
    pub path: &'a Path,
}

/// Whether the file at `path` starts like a ZIP archive (`PK\3\4`).
pub fn is_archive(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    File::open(path).and_then(|mut f| f.read_exact(&mut magic)).is_ok() && magic == *b"PK\x03\x04"
}

/// Writes the archive to `path` (a new partial file): every source, streamed and hashed, then the manifest made from
/// `head` with the members filled in; then reads it back and checks every sum ([`verify`]). Returns the manifest.
pub(crate) fn write(path: &Path, sources: &[Source<'_>], mut head: Manifest) -> Result<Manifest> {
    let file = fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    let mut zip = ZipWriter::new(BufWriter::with_capacity(256 * 1024, file));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).large_file(true);
    let deflated = stored.compression_method(CompressionMethod::Deflated).compression_level(Some(1));
    head.members.clear();
    for source in sources {
        let mut input = match File::open(source.path) {
            // An attachment purged since the snapshot was taken: its row is gone too by now, or it is reported.
            Err(e) if e.kind() == io::ErrorKind::NotFound && source.kind == MemberKind::Attachment => {
                head.missing_files.push(source.name.clone());
                continue;
            }
            other => other?,
        };
        let options = if source.kind == MemberKind::Database { deflated } else { stored };
        zip.start_file(source.name.as_str(), options).map_err(zip_error)?;
        let (size, sha256) = copy_hashing(&mut input, &mut zip)?;
        head.members.push(Member { name: source.name.clone(), kind: source.kind, size, sha256 });
    }
    zip.start_file(MANIFEST_NAME, stored).map_err(zip_error)?;
    let text = serde_json::to_vec_pretty(&head).map_err(io::Error::other)?;
    zip.write_all(&text)?;
    let out = zip.finish().map_err(zip_error)?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    let read_back = verify(path, path)?;
    if read_back != head {
        return Err(damaged(path, "the manifest read back differs from the one written".into()));
    }
    Ok(head)
}

/// Reads the manifest of the archive at `path` (checked to be this format, not newer); `shown` names the file in
/// errors.
pub fn read_manifest(path: &Path, shown: &Path) -> Result<Manifest> {
    let mut zip = open(path, shown)?;
    manifest_of(&mut zip, shown)
}

/// Reads every member the manifest lists and checks its size and SHA-256; a missing member, a wrong sum or an
/// unreadable archive is [`CoreError::DamagedFile`]. Returns the manifest.
pub fn verify(path: &Path, shown: &Path) -> Result<Manifest> {
    let mut zip = open(path, shown)?;
    let manifest = manifest_of(&mut zip, shown)?;
    for member in &manifest.members {
        let mut entry =
            zip.by_name(&member.name).map_err(|e| damaged(shown, format!("{}: {}", member.name, zip_error(e))))?;
        let (size, sha256) =
            copy_hashing(&mut entry, &mut io::sink()).map_err(|e| damaged(shown, format!("{}: {e}", member.name)))?;
        check_member(member, size, &sha256, shown)?;
    }
    Ok(manifest)
}

/// Extracts the member `member` of the archive at `path` to the new file `to`, checking its size and SHA-256 on
/// the way (a mismatch is [`CoreError::DamagedFile`]; `to` is then removed).
pub(crate) fn extract(path: &Path, shown: &Path, member: &Member, to: &Path) -> Result<()> {
    let mut zip = open(path, shown)?;
    let result = (|| {
        let mut entry = zip.by_name(&member.name).map_err(|e| damaged(shown, zip_error(e).to_string()))?;
        let file = fs::OpenOptions::new().write(true).create_new(true).open(to)?;
        let mut out = BufWriter::with_capacity(256 * 1024, file);
        let (size, sha256) = copy_hashing(&mut entry, &mut out)?;
        out.into_inner().map_err(|e| e.into_error())?;
        check_member(member, size, &sha256, shown)
    })();
    if result.is_err() {
        let _ = fs::remove_file(to);
    }
    result
}

/// Whether the member `name` of the archive at `path` begins with SQLite's plain header (reads its first 16 bytes):
/// `None` when the archive or the member cannot be read.
pub(crate) fn member_begins_plain(path: &Path, name: &str) -> Option<bool> {
    let mut zip = open(path, path).ok()?;
    let mut entry = zip.by_name(name).ok()?;
    let mut header = [0u8; 16];
    entry.read_exact(&mut header).ok()?;
    Some(&header == b"SQLite format 3\0")
}

/// The SHA-256 of a file, lower-case hex.
pub(crate) fn sha256_file(path: &Path) -> io::Result<String> {
    copy_hashing(&mut File::open(path)?, &mut io::sink()).map(|(_, sum)| sum)
}

fn check_member(member: &Member, size: u64, sha256: &str, shown: &Path) -> Result<()> {
    if size != member.size || sha256 != member.sha256 {
        return Err(damaged(shown, format!("{}: its SHA-256 does not match the manifest", member.name)));
    }
    Ok(())
}

fn open(path: &Path, shown: &Path) -> Result<ZipArchive<BufReader<File>>> {
    let file = File::open(path)?;
    ZipArchive::new(BufReader::new(file)).map_err(|e| damaged(shown, format!("not a readable archive: {e}")))
}

fn manifest_of(zip: &mut ZipArchive<BufReader<File>>, shown: &Path) -> Result<Manifest> {
    let mut text = Vec::new();
    zip.by_name(MANIFEST_NAME)
        .map_err(|e| damaged(shown, format!("{MANIFEST_NAME}: {}", zip_error(e))))?
        .read_to_end(&mut text)
        .map_err(|e| damaged(shown, format!("{MANIFEST_NAME}: {e}")))?;
    let manifest: Manifest =
        serde_json::from_slice(&text).map_err(|e| damaged(shown, format!("{MANIFEST_NAME}: {e}")))?;
    if manifest.format != FORMAT {
        return Err(CoreError::NotALedger {
            path: shown.display().to_string(),
            detail: format!("an archive of format {:?}, not a ledger backup", manifest.format),
        });
    }
    if manifest.format_version > FORMAT_VERSION {
        return Err(CoreError::NotALedger {
            path: shown.display().to_string(),
            detail: format!(
                "a backup of format version {}, this app reads up to {FORMAT_VERSION}; update the app",
                manifest.format_version
            ),
        });
    }
    if manifest.of_kind(MemberKind::Database).count() != 1 {
        return Err(damaged(shown, "the manifest names no single database".into()));
    }
    Ok(manifest)
}

/// Copies `from` into `to` in 256 KiB steps; returns the bytes copied and their SHA-256 (hex).
pub(crate) fn copy_hashing(from: &mut impl Read, to: &mut impl Write) -> io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        to.write_all(&buf[..n])?;
        size += n as u64;
    }
    Ok((size, hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()))
}

fn damaged(shown: &Path, detail: String) -> CoreError {
    CoreError::DamagedFile { path: shown.display().to_string(), detail }
}

fn zip_error(e: zip::result::ZipError) -> io::Error {
    match e {
        zip::result::ZipError::Io(e) => e,
        other => io::Error::new(io::ErrorKind::InvalidData, other.to_string()),
    }
}
