//! 整理孤立附件: reconciling the orphaned files of `attachments/` (files no attachment row names) with the rows.
//!
//! A file no row names is **never deleted**. [`reconcile`] does one of two things with each:
//!
//! - **Heal.** When its content is that of an attachment whose stored file is missing (same SHA-256 and size as the
//!   row: the original file's, so a sealed file is compared by its decrypted content), it is put back in that row's
//!   place — renamed there when its bytes are already what the row's place should hold, otherwise written there in
//!   the ledger's protection (sealed with the attachments key and bound to the row's id, or plain) and the orphan
//!   removed. One file heals one row.
//! - **Quarantine.** Every other orphan is moved into `attachments-orphaned/<yyyy-mm-dd>/` of the data folder (the day
//!   by the ledger's clock), its path under `attachments/` kept (`attachments/2024/x.png` →
//!   `attachments-orphaned/2026-12-07/2024/x.png`; a name already taken there gets ` (2)`, ` (3)` … before its
//!   extension). It no longer counts as part of the ledger (the integrity check does not list it, backups do not
//!   carry it) and can be put back by hand. A sealed file stays sealed.
//!
//! A file written less than [`MIN_AGE`] ago by the ledger's clock is left where it is and reported: an upload writes
//! its file before its row, so a young file may be one whose row is being saved. A file that cannot be moved (the
//! operating system refuses) is reported with the reason; the others are reconciled all the same. Partial files are
//! not orphans and are not touched (start-up sweeps them, [`crate::data_folder::backup::sweep_partials`]).
//!
//! It runs on demand ([`Ledger::reconcile_attachments`]: 设置 → 数据安全 → 整理孤立附件, `ledger-cli check
//! --reconcile`) and at the end of a restore ([`crate::data_folder::restore`]), where the files of the replaced
//! database that the restored one does not name become orphans. Nothing is written to the database and no audit entry
//! is made (no row changes: a healed row gets back the file it names).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::clock::Clock;
use crate::data_folder::attachments::{self, ATTACHMENTS_FOLDER};
use crate::error::{CoreError, Result};
use crate::model::{FileLeft, HealedAttachment, MovedFile, ReconcileReport};
use crate::storage::crypto::file as sealed;
use crate::storage::crypto::DerivedKey;
use crate::storage::db;
use crate::storage::fs_atomic;
use crate::Ledger;

/// The folder, inside the data folder, that orphaned attachment files are moved into (one subfolder per day).
pub const QUARANTINE_FOLDER: &str = "attachments-orphaned";

/// How old (by the ledger's clock) an orphaned file must be before it is healed or moved: an upload writes its file
/// before its row commits, and that row may be waiting behind a long write (an import).
pub const MIN_AGE: Duration = Duration::from_secs(60 * 60);

/// A reconciliation that could not start (the folder or the table could not be read), as a report: nothing was done,
/// and why is given for `attachments`.
pub(crate) fn not_started(e: &CoreError) -> ReconcileReport {
    let reason = e.message_en();
    ReconcileReport { not_moved: vec![FileLeft { path: ATTACHMENTS_FOLDER.to_owned(), reason }], ..Default::default() }
}

/// The quarantine folder of `day`, relative to the data folder: `attachments-orphaned/<yyyy-mm-dd>`.
pub fn quarantine_folder(day: NaiveDate) -> String {
    format!("{QUARANTINE_FOLDER}/{}", day.format("%Y-%m-%d"))
}

/// An attachment row whose stored file is missing.
struct Missing {
    id: String,
    stored_path: String,
    target: PathBuf,
    size: u64,
    sha256: String,
}

/// The rows (in the recycle bin or not) whose stored file is not in `data_dir`; a stored path that is refused is left
/// out (nothing may be written there).
fn missing_rows(conn: &Connection, data_dir: &Path) -> Result<Vec<Missing>> {
    let mut stmt = conn.prepare("SELECT id, stored_path, size_bytes, sha256 FROM attachments ORDER BY id")?;
    let rows = db::read_rows(&mut stmt, [], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?))
    })?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, stored_path, size, sha256)| {
            let target = attachments::resolve(data_dir, &stored_path).ok()?;
            (!target.exists()).then(|| Missing { id, stored_path, target, size: size.max(0) as u64, sha256 })
        })
        .collect())
}

/// The content an orphan holds for a missing row, and whether its bytes can go to the row's place as they are.
struct Match {
    row: usize,
    content: Vec<u8>,
    as_is: bool,
}

/// The missing row whose original the file at `path` (`len` bytes) holds: only rows of a fitting size are looked at
/// (the file is read only then); a sealed file is opened with `key`, bound to its own name's id or to one of those
/// rows' ids. `None` when no row matches or the file cannot be read or opened.
fn matching_row(path: &Path, len: u64, missing: &[Missing], key: Option<&DerivedKey>) -> Option<Match> {
    let overhead = sealed::OVERHEAD as u64;
    let fits = |m: &Missing| m.size == len || m.size + overhead == len;
    if !missing.iter().any(fits) {
        return None;
    }
    let bytes = fs::read(path).ok()?;
    let with_key = key.is_some_and(|key| sealed::sealed_with(key, &bytes));
    let (content, bound_to) = if sealed::is_sealed(&bytes) {
        let own = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let contexts = std::iter::once(own).chain(missing.iter().filter(|m| fits(m)).map(|m| m.id.clone()));
        contexts
            .into_iter()
            .find_map(|id| sealed::open(key, id.as_bytes(), &bytes).ok().map(|plain| (plain, Some(id))))?
    } else {
        (bytes, None)
    };
    let sum = attachments::sha256_hex(&content);
    let row = missing.iter().position(|m| m.size == content.len() as u64 && m.sha256 == sum)?;
    let as_is = match (key, &bound_to) {
        (None, None) => true,
        (Some(_), Some(id)) => *id == missing[row].id && with_key,
        _ => false,
    };
    Some(Match { row, content, as_is })
}

/// Puts the orphan at `from` in the place of the missing row `row`. `Ok(Some(reason))`: the row's file is in place,
/// but the orphan it was written from could not be removed.
fn heal(from: &Path, row: &Missing, found: Match, key: Option<&DerivedKey>) -> Result<Option<String>> {
    if let Some(folder) = row.target.parent() {
        fs::create_dir_all(folder)?;
    }
    if found.as_is {
        move_file(from, &row.target)?;
        return Ok(None);
    }
    let stored = match key {
        Some(key) => sealed::seal(key, row.id.as_bytes(), &found.content)?,
        None => found.content,
    };
    fs_atomic::write_bytes(&row.target, &stored)?;
    match fs::remove_file(from).and_then(|()| fs_atomic::sync_folder_of(from)) {
        Ok(()) => Ok(None),
        Err(e) => Ok(Some(format!("put back as {}, but this copy could not be removed: {e}", row.stored_path))),
    }
}

/// Renames `from` to `to` (never over an existing file) and syncs both folders.
fn move_file(from: &Path, to: &Path) -> io::Result<()> {
    if to.exists() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("{} is in the way", to.display())));
    }
    fs::rename(from, to)?;
    fs_atomic::sync_folder_of(to)?;
    fs_atomic::sync_folder_of(from)
}

/// The path, relative to the data folder and `/`-separated, as its absolute place under `data_dir`.
fn place(data_dir: &Path, relative: &str) -> PathBuf {
    relative.split('/').fold(data_dir.to_path_buf(), |path, part| path.join(part))
}

/// A free name for `relative` (an orphan's path under `attachments/`) in the quarantine folder `folder`: the same
/// path, or with ` (2)`, ` (3)` … before the extension when that name is taken.
fn free_quarantine_name(data_dir: &Path, folder: &str, relative: &str) -> String {
    let under = relative.strip_prefix(&format!("{ATTACHMENTS_FOLDER}/")).unwrap_or(relative);
    let first = format!("{folder}/{under}");
    if !place(data_dir, &first).exists() {
        return first;
    }
    let name_at = under.rfind('/').map_or(0, |i| i + 1);
    let (stem, ext) = match under[name_at..].rfind('.') {
        Some(dot) if dot > 0 => under.split_at(name_at + dot),
        _ => (under, ""),
    };
    (2..)
        .map(|n| format!("{folder}/{stem} ({n}){ext}"))
        .find(|name| !place(data_dir, name).exists())
        .expect("unbounded")
}

/// Moves the orphan `relative` into the quarantine folder `folder`; returns where it went (relative).
fn quarantine(data_dir: &Path, folder: &str, relative: &str) -> io::Result<String> {
    let to = free_quarantine_name(data_dir, folder, relative);
    let target = place(data_dir, &to);
    if let Some(parent) = target.parent() {
        crate::data_folder::paths::create_private_dir(parent)?;
    }
    move_file(&place(data_dir, relative), &target)?;
    Ok(to)
}

/// Reconciles the orphaned attachment files of `data_dir` with the rows of `conn` (module documentation): heals the
/// rows whose file is found among them, moves the others into the quarantine folder of today (by `clock`). `key`: the
/// ledger's attachments key (`None`: a plain ledger). Per-file failures are in the report; only a folder or table
/// that cannot be read is an error. No orphans: nothing is done, no folder made.
pub fn reconcile(
    conn: &Connection,
    data_dir: &Path,
    key: Option<&DerivedKey>,
    clock: &Clock,
) -> Result<ReconcileReport> {
    let mut report = ReconcileReport::default();
    let orphans = attachments::orphan_files(conn, data_dir)?;
    if orphans.is_empty() {
        return Ok(report);
    }
    let mut missing = missing_rows(conn, data_dir)?;
    let folder = quarantine_folder(clock.today());
    for relative in orphans {
        let path = place(data_dir, &relative);
        let left = |reason: String| FileLeft { path: relative.clone(), reason };
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => {
                report.not_moved.push(left(e.to_string()));
                continue;
            }
        };
        if meta.modified().map_or(true, |t| clock.age_of(t) < MIN_AGE) {
            report.not_moved.push(left(format!(
                "written less than {} minutes ago (an upload may still be saving its row): left for a later \
                 reconciliation",
                MIN_AGE.as_secs() / 60
            )));
            continue;
        }
        if let Some(found) = matching_row(&path, meta.len(), &missing, key) {
            let row = missing.remove(found.row);
            match heal(&path, &row, found, key) {
                Ok(leftover) => {
                    report.not_moved.extend(leftover.map(left));
                    report.healed.push(HealedAttachment {
                        attachment_id: row.id,
                        path: row.stored_path,
                        from: relative,
                    });
                }
                Err(e) => report.not_moved.push(left(e.message_en())),
            }
            continue;
        }
        match quarantine(data_dir, &folder, &relative) {
            Ok(to) => report.moved.push(MovedFile { from: relative, to }),
            Err(e) => report.not_moved.push(left(e.to_string())),
        }
    }
    Ok(report)
}

impl Ledger {
    /// 整理孤立附件: heals the attachments whose file is found among the orphaned files of the data folder and moves
    /// every other orphan into `attachments-orphaned/<today>/` ([`reconcile`]; nothing is deleted). Holds off every
    /// write while it runs; `unsupported` for a ledger in memory.
    pub fn reconcile_attachments(&self) -> Result<ReconcileReport> {
        let folder = attachments::data_folder(&self.db)?;
        self.db.read_writer(|conn| reconcile(conn, &folder, self.attachments_key(), self.clock()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_quarantine_name_gets_a_number_before_the_extension_of_the_file_only() {
        let dir = tempfile::tempdir().unwrap();
        let day = "attachments-orphaned/2026-12-07";
        let name = |relative: &str| free_quarantine_name(dir.path(), day, relative);
        assert_eq!(name("attachments/2019/scan.pdf"), format!("{day}/2019/scan.pdf"));
        for taken in ["2019/scan.pdf", "2019/scan (2).pdf", "v1.2/readme", "2019/.hidden"] {
            let path = place(dir.path(), &format!("{day}/{taken}"));
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, b"taken").unwrap();
        }
        assert_eq!(name("attachments/2019/scan.pdf"), format!("{day}/2019/scan (3).pdf"));
        assert_eq!(
            name("attachments/v1.2/readme"),
            format!("{day}/v1.2/readme (2)"),
            "a dot in the folder is no extension"
        );
        assert_eq!(name("attachments/2019/.hidden"), format!("{day}/2019/.hidden (2)"));
    }
}
