//! The clean-close marker: `<database>.clean`, a few lines written by [`crate::Ledger::close`] once the WAL has been
//! folded into the database and both connections closed, naming the state the file was left in. The next opening
//! takes it (reads it and removes it, before anything else) and skips the full start-up check (`quick_check`, which
//! reads every page) when the file is still in exactly that state.
//!
//! The marker is only a hint to skip a check, never a reason to trust a file more than the check would:
//! - it is removed at every opening, so a session that ends without a clean close (a crash, a kill, a power cut)
//!   leaves none, and the opening after it checks the whole file;
//! - it names the file by its length, modification time (nanoseconds), inode where the system has one, and a
//!   SHA-256 over the first and the last page (the header with SQLite's file change counter and schema cookie is in
//!   the first), and it holds only while the file has no WAL or rollback journal beside it; a file written,
//!   replaced or restored since no longer matches;
//! - of an encrypted ledger it holds nothing readable: the hash is over the encrypted bytes, and SQLCipher still
//!   authenticates every page it reads (HMAC), so a page changed behind the marker's back fails as it is read.

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::storage::fs_atomic;

/// The first line of a marker (its format; another first line is no marker).
const FORMAT: &str = "st-ledger clean close 1";

/// How many bytes at each end of the file the marker hashes (the largest page size SQLite allows is 64 KiB; the
/// ledger's pages are 4 KiB).
const ENDS: u64 = 4096;

/// The marker of the database at `db`: `<db>.clean`.
pub fn marker_path(db: &Path) -> PathBuf {
    fs_atomic::sidecar(db, ".clean")
}

/// Records that the database at `db` was closed cleanly in the state it is in now. Nothing is recorded while a WAL
/// with content or a rollback journal lies beside it (the close did not fold everything in).
pub(crate) fn record(db: &Path) -> io::Result<bool> {
    let Some(state) = file_state(db)? else { return Ok(false) };
    fs_atomic::write_bytes(&marker_path(db), format!("{FORMAT}\n{state}\n").as_bytes())?;
    Ok(true)
}

/// Takes the marker of the database at `db`: removes it (synced, so a crash from here on leaves none) and answers
/// whether it named the file's present state. A missing, unreadable or stale marker answers false.
pub(crate) fn take(db: &Path) -> bool {
    let marker = marker_path(db);
    let written = match fs::read_to_string(&marker) {
        Ok(text) => text,
        Err(_) => return false,
    };
    if fs_atomic::remove_if_exists(&marker).and_then(|()| fs_atomic::sync_folder_of(&marker)).is_err() {
        // A marker that cannot be removed could outlive a crash: never trust it.
        return false;
    }
    let mut lines = written.lines();
    if lines.next() != Some(FORMAT) {
        return false;
    }
    match (lines.next(), file_state(db)) {
        (Some(recorded), Ok(Some(now))) => recorded == now,
        _ => false,
    }
}

/// The state of the database file as one line (`None` when a WAL with content or a rollback journal lies beside it,
/// or the file is empty).
fn file_state(db: &Path) -> io::Result<Option<String>> {
    let wal = fs::metadata(fs_atomic::sidecar(db, "-wal")).map(|m| m.len()).unwrap_or(0);
    let journal = fs_atomic::sidecar(db, "-journal").exists();
    let meta = fs::metadata(db)?;
    if wal > 0 || journal || meta.len() == 0 {
        return Ok(None);
    }
    let modified = meta.modified()?.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0u64;
    let mut hash = Sha256::new();
    let mut file = File::open(db)?;
    let mut buf = vec![0u8; ENDS.min(meta.len()) as usize];
    file.read_exact(&mut buf)?;
    hash.update(&buf);
    file.seek(SeekFrom::Start(meta.len() - buf.len() as u64))?;
    file.read_exact(&mut buf)?;
    hash.update(&buf);
    let digest: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(Some(format!("len={} mtime={modified} inode={inode} ends={digest}", meta.len())))
}
