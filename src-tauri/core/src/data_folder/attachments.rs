//! 附件: files of a visit or a service record, copied into the data folder (the folder of the database file).
//!
//! - **Where:** `attachments/<yyyy>/<id>.<ext>` inside the data folder, the path stored relative to it. The stored
//!   name is the attachment's UUID and its checked extension, never the user's file name, so no name can reach
//!   outside the folder; the user's name (path parts, control and reserved characters removed) is kept for display.
//!   A stored path is only ever used after checking it has exactly that shape ([`resolve`]), so a tampered row
//!   cannot point the system viewer at another file.
//! - **What:** at most [`MAX_ATTACHMENT_BYTES`]; only the types of [`FILE_TYPES`] (photos, scans, PDF, OFD, Office
//!   documents, plain text), decided by the extension, which is also what the system viewer goes by: a file is never
//!   stored under an extension that would run it. The content is not sniffed; the MIME type comes from the
//!   extension.
//! - **How:** the file is written under a temporary name in its final folder, flushed to disk (`fsync`) and renamed;
//!   only then is the row inserted, in one transaction with its audit entry. If the transaction fails, the file is
//!   removed again, so no file is left without a row.
//! - **Removal:** removing an attachment only marks the row (`deleted_at`, so it shows in the recycle bin); the file
//!   stays until the attachment, or the record that owns it, is purged. Files are removed after the purge has
//!   committed; one that cannot be removed (e.g. open in a viewer on Windows) is reported in the [`PurgeReport`],
//!   not an error, because the purge itself is done and cannot be undone for a file.
//! - **In memory:** a ledger opened in memory has no data folder; adding, opening or previewing an attachment fails
//!   with `unsupported`.
//! - **Encrypted ledger** (app password, docs/SECURITY.md): every file is stored sealed with the attachments' key
//!   ([`crate::storage::crypto::file`], bound to the attachment's id, so files cannot be swapped); the row's size and
//!   SHA-256 stay those of the original file (what the person uploaded: the same whether the file is stored sealed
//!   or plain, and what a decrypted file is checked against). A thumbnail is opened in memory only; the system viewer
//!   gets a decrypted copy in a folder of this session in the OS temp folder ([`ViewerCopies`]), removed when the
//!   ledger is locked or closed and swept at the next start. A plain file in an encrypted ledger (a conversion that
//!   stopped half way, a restored plain backup) is still read as it is, and sealed when the ledger next opens
//!   ([`seal_leftovers`]). Turning the password on or off converts every file ([`convert_files`]); changing it
//!   seals every file again under the new key ([`Conversion::Reseal`]).
//! - **Orphaned files:** a file under `attachments/` that no row names (a crash between the file's rename and the
//!   row's commit, a file that could not be removed at a purge, a restore of an older backup) is never deleted by the
//!   app: [`orphan_files`] lists them, the integrity check (`ledger-cli check`) reports them, and
//!   [`crate::data_folder::orphans`] reconciles them (a row's lost file put back, the others moved aside).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use chrono::Datelike;
use rusqlite::{params, Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};

use crate::clock::{Actor, Clock};
use crate::error::{CoreError, FieldError, Result};
use crate::model::Entity;
use crate::model::{Attachment, AttachmentOwnerKind, EvidenceKind, FileLeft, PurgeReport};
use crate::storage::audit::{self, AuditAction};
use crate::storage::crypto::file as sealed;
use crate::storage::crypto::DerivedKey;
use crate::storage::db::{self, Database};
use crate::storage::fs_atomic;
use crate::storage::ids::new_id;
use crate::storage::record;
use crate::Ledger;

/// The largest file accepted, in bytes (20 MiB: a scanned stamped confirmation or a phone photo fits easily).
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;

/// The largest image [`Ledger::attachment_bytes`] returns for a thumbnail; larger ones open in the system viewer.
pub const MAX_PREVIEW_BYTES: i64 = 10 * 1024 * 1024;

/// The folder, inside the data folder, that holds the attachment files.
pub const ATTACHMENTS_FOLDER: &str = "attachments";

/// The longest file name kept for display, in characters.
pub const MAX_FILE_NAME_CHARS: usize = 200;

/// A file type attachments may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileType {
    /// The extension, lower case, without the dot.
    pub extension: &'static str,
    /// Its MIME type.
    pub mime: &'static str,
    /// Whether the app's web view can show it as a thumbnail on every platform.
    pub previewable: bool,
}

const fn file_type(extension: &'static str, mime: &'static str, previewable: bool) -> FileType {
    FileType { extension, mime, previewable }
}

/// The accepted types: photos (HEIC is stored but opened with the system viewer, since the web views of Windows and
/// Linux cannot show it), PDF and OFD (scanned confirmations, official documents), Word and Excel, plain text.
pub const FILE_TYPES: &[FileType] = &[
    file_type("jpg", "image/jpeg", true),
    file_type("jpeg", "image/jpeg", true),
    file_type("png", "image/png", true),
    file_type("gif", "image/gif", true),
    file_type("webp", "image/webp", true),
    file_type("heic", "image/heic", false),
    file_type("pdf", "application/pdf", false),
    file_type("ofd", "application/ofd", false),
    file_type("doc", "application/msword", false),
    file_type("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false),
    file_type("xls", "application/vnd.ms-excel", false),
    file_type("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false),
    file_type("txt", "text/plain", false),
];

fn is_previewable(mime: &str) -> bool {
    FILE_TYPES.iter().any(|t| t.mime == mime && t.previewable)
}

/// The name to show for a file the user chose: its last path part, without control characters, with the characters
/// Windows forbids in names (`<>:"|?*`) replaced by `_`, trimmed, and at most [`MAX_FILE_NAME_CHARS`] characters
/// (the extension kept).
pub fn clean_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') { '_' } else { c })
        .collect();
    let name = cleaned.trim().trim_end_matches(['.', ' ']).trim_start();
    if name.chars().count() <= MAX_FILE_NAME_CHARS {
        return name.to_owned();
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if ext.chars().count() < 10 => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    let keep = MAX_FILE_NAME_CHARS - ext.chars().count();
    format!("{}{ext}", stem.chars().take(keep).collect::<String>())
}

/// The accepted type of a (cleaned) file name, by its extension.
pub fn file_type_of(name: &str) -> Option<&'static FileType> {
    let (_, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    FILE_TYPES.iter().find(|t| t.extension == ext)
}

/// Checks a file before anything is written: a name, an accepted type, not empty, not over the limit. Every problem
/// at once. Returns the cleaned name and the type.
pub fn check_upload(file_name: &str, size: usize) -> Result<(String, &'static FileType)> {
    let mut errors = Vec::new();
    let name = clean_file_name(file_name);
    let kind = file_type_of(&name);
    if name.is_empty() {
        errors.push(FieldError::new("fileName", "文件名为空", "The file has no name"));
    } else if kind.is_none() {
        let ext = name.rsplit_once('.').map(|(_, e)| format!(".{e}")).unwrap_or_default();
        errors.push(FieldError::new(
            "fileName",
            format!(
                "不支持该类型的文件{}；可上传图片（jpg、png、gif、webp、heic）、PDF、OFD、Word、Excel 和 txt 文件",
                if ext.is_empty() { String::new() } else { format!("（{ext}）") }
            ),
            format!(
                "Files of this type{} cannot be attached; allowed are images (jpg, png, gif, webp, heic), PDF, OFD, \
                 Word, Excel and txt",
                if ext.is_empty() { String::new() } else { format!(" ({ext})") }
            ),
        ));
    }
    if size == 0 {
        errors.push(FieldError::new("file", "文件是空的（0 字节）", "The file is empty (0 bytes)"));
    } else if size > MAX_ATTACHMENT_BYTES {
        let mib = size as f64 / (1024.0 * 1024.0);
        let limit = MAX_ATTACHMENT_BYTES / (1024 * 1024);
        errors.push(FieldError::new(
            "file",
            format!("文件大小 {mib:.1} MB 超过上限 {limit} MB，请压缩后再上传"),
            format!("The file is {mib:.1} MB, over the {limit} MB limit; make it smaller first"),
        ));
    }
    match (errors.is_empty(), kind) {
        (true, Some(kind)) => Ok((name, kind)),
        _ => Err(CoreError::Validation(errors)),
    }
}

fn no_data_folder() -> CoreError {
    CoreError::Unsupported {
        message: "此台账没有数据文件夹（在内存中打开），不能保存或打开附件".to_owned(),
        message_en: "This ledger has no data folder (it is open in memory); attachments cannot be stored or opened"
            .to_owned(),
    }
}

/// The data folder: the folder of the database file, as an absolute path; `unsupported` in memory.
pub fn data_folder(db: &Database) -> Result<PathBuf> {
    let file = std::path::absolute(db.path().ok_or_else(no_data_folder)?)?;
    file.parent().map(Path::to_path_buf).ok_or_else(no_data_folder)
}

/// The absolute path of a stored attachment path, refused unless it is exactly `attachments/<yyyy>/<name>` with a
/// plain name (letters, digits, `-`, one `.`), so nothing a row says can lead outside the data folder.
pub fn resolve(data_folder: &Path, stored_path: &str) -> Result<PathBuf> {
    let parts: Vec<&str> = stored_path.split('/').collect();
    let plain_name = |s: &str| {
        !s.starts_with('.')
            && s.matches('.').count() == 1
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    };
    match parts.as_slice() {
        [folder, year, name]
            if *folder == ATTACHMENTS_FOLDER
                && year.len() == 4
                && year.bytes().all(|b| b.is_ascii_digit())
                && plain_name(name) =>
        {
            Ok(data_folder.join(folder).join(year).join(name))
        }
        _ => Err(CoreError::CorruptValue(format!(
            "attachments: the stored path {stored_path:?} is not inside the data folder's attachments; refused"
        ))),
    }
}

/// Writes `bytes` as `folder/name`: first under a temporary name in the same folder, flushed to disk, then renamed,
/// so the file is either complete or absent.
fn write_file(folder: &Path, name: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    fs::create_dir_all(folder)?;
    let target = folder.join(name);
    if let Err(e) = fs_atomic::write_bytes(&target, bytes) {
        // Renamed but the folder not synced: the row will not be written, so neither may the file stay.
        let _ = fs::remove_file(&target);
        return Err(e);
    }
    Ok(target)
}

/// Writes an attachment's content as its file at `stored_path` inside the data folder (checked by [`resolve`]), sealed
/// under `key` when the ledger is encrypted: complete or absent. The caller removes it again when its row is not
/// written (an added attachment, a merged one).
pub(crate) fn write_content(
    data_folder: &Path,
    stored_path: &str,
    id: &str,
    key: Option<&DerivedKey>,
    bytes: &[u8],
) -> Result<PathBuf> {
    let target = resolve(data_folder, stored_path)?;
    let stored = match key {
        Some(key) => Cow::Owned(sealed::seal(key, id.as_bytes(), bytes)?),
        None => Cow::Borrowed(bytes),
    };
    let (Some(folder), Some(name)) = (target.parent(), target.file_name().and_then(|n| n.to_str())) else {
        return Err(CoreError::CorruptValue(format!("attachments: stored path {stored_path:?}")));
    };
    Ok(write_file(folder, name, &stored)?)
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Refuses an owner that does not exist or is in the recycle bin.
fn check_owner(conn: &Connection, kind: AttachmentOwnerKind, id: &str) -> Result<()> {
    if record::is_live(conn, kind.into(), id)? {
        Ok(())
    } else {
        Err(record::not_found(kind.into(), id))
    }
}

const SELECT: &str = "SELECT id, owner_kind, owner_id, file_name, size_bytes, sha256, mime, created_at, stored_path,
     evidence_kind FROM attachments";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(Attachment, String)> {
    let mime: Option<String> = r.get(6)?;
    let mime = mime.unwrap_or_else(|| "application/octet-stream".to_owned());
    Ok((
        Attachment {
            id: r.get(0)?,
            owner_kind: r.get(1)?,
            owner_id: r.get(2)?,
            file_name: r.get(3)?,
            size_bytes: r.get(4)?,
            sha256: r.get(5)?,
            previewable: is_previewable(&mime),
            mime,
            created_at: r.get(7)?,
            evidence_kind: r.get(9)?,
        },
        r.get(8)?,
    ))
}

/// One attachment and its stored path, from the recycle bin (`in_bin`) or not; `NotFound` otherwise.
pub(crate) fn fetch(conn: &Connection, id: &str, in_bin: bool) -> Result<(Attachment, String)> {
    let state = if in_bin { "IS NOT NULL" } else { "IS NULL" };
    conn.query_row(&format!("{SELECT} WHERE id = ?1 AND deleted_at {state}"), [id], from_row)
        .optional()?
        .ok_or_else(|| CoreError::NotFound { entity: Entity::Attachment, id: id.to_owned() })
}

/// The attachments of a live visit or service record that were not removed, oldest first.
pub fn list(conn: &Connection, owner_kind: AttachmentOwnerKind, owner_id: &str) -> Result<Vec<Attachment>> {
    check_owner(conn, owner_kind, owner_id)?;
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE owner_kind = ?1 AND owner_id = ?2 AND deleted_at IS NULL ORDER BY created_at, id"
    ))?;
    let rows = db::read_rows(&mut stmt, params![owner_kind, owner_id], from_row)?;
    Ok(rows.into_iter().map(|(a, _)| a).collect())
}

/// Refuses an evidence mark the owner cannot have: the signed 三方协议 belongs to a pairing, never to a visit or a
/// service record, and a pairing's file is its agreement or unmarked (confirmations and photos are fieldwork's).
fn check_evidence(owner_kind: AttachmentOwnerKind, evidence_kind: Option<EvidenceKind>) -> Result<()> {
    let Some(kind) = evidence_kind else { return Ok(()) };
    let pairing = owner_kind == AttachmentOwnerKind::Assignment;
    if !pairing && kind == EvidenceKind::Agreement {
        return Err(CoreError::field(
            "evidenceKind",
            "三方协议只能附在派驻记录上，走访记录和服务记录的附件可标为确认单或现场照片",
            "Only a pairing's file can be its 三方协议; a visit's or service record's file may be marked as its \
             confirmation or a photo",
        ));
    }
    if pairing && kind != EvidenceKind::Agreement {
        return Err(CoreError::field(
            "evidenceKind",
            "派驻记录的附件只能标为三方协议（确认单和现场照片属于走访记录和服务记录）",
            "A pairing's file can only be marked as its 三方协议 (confirmations and photos belong to visits and service \
             records)",
        ));
    }
    Ok(())
}

/// Sets the evidence mark of a live attachment inside the caller's transaction; audited (before → after) when it
/// changes.
fn set_evidence(conn: &Connection, actor: &Actor, id: &str, evidence_kind: Option<EvidenceKind>) -> Result<Attachment> {
    let (before, _) = fetch(conn, id, false)?;
    check_evidence(before.owner_kind, evidence_kind)?;
    if before.evidence_kind == evidence_kind {
        return Ok(before);
    }
    conn.execute("UPDATE attachments SET evidence_kind = ?2 WHERE id = ?1", params![id, evidence_kind])?;
    let after = Attachment { evidence_kind, ..before.clone() };
    audit::record(conn, actor, AuditAction::Update, Entity::Attachment, id, Some(&before), Some(&after))?;
    Ok(after)
}

/// Inserts the row of a file already written to `stored_path`, inside the caller's transaction; audited.
fn insert(conn: &Connection, actor: &Actor, attachment: &Attachment, stored_path: &str) -> Result<()> {
    check_owner(conn, attachment.owner_kind, &attachment.owner_id)?;
    conn.execute(
        "INSERT INTO attachments (id, owner_kind, owner_id, file_name, stored_path, size_bytes, sha256, mime,
             created_at, evidence_kind)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            attachment.id,
            attachment.owner_kind,
            attachment.owner_id,
            attachment.file_name,
            stored_path,
            attachment.size_bytes,
            attachment.sha256,
            attachment.mime,
            attachment.created_at,
            attachment.evidence_kind
        ],
    )?;
    audit::record::<(), _>(conn, actor, AuditAction::Create, Entity::Attachment, &attachment.id, None, Some(attachment))
}

/// The stored paths of every attachment (removed or not) of a visit or service record, deleting their rows inside the
/// caller's transaction, each with a `purge` audit entry. The files are removed by [`remove_files`] after commit.
pub(crate) fn purge_of_owner(
    conn: &Connection,
    actor: &Actor,
    owner_kind: AttachmentOwnerKind,
    owner_id: &str,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE owner_kind = ?1 AND owner_id = ?2 ORDER BY id"))?;
    let rows = db::read_rows(&mut stmt, params![owner_kind, owner_id], from_row)?;
    let mut paths = Vec::with_capacity(rows.len());
    for (attachment, stored_path) in rows {
        conn.execute("DELETE FROM attachments WHERE id = ?1", [&attachment.id])?;
        audit::record::<_, ()>(
            conn,
            actor,
            AuditAction::Purge,
            Entity::Attachment,
            &attachment.id,
            Some(&attachment),
            None,
        )?;
        paths.push(stored_path);
    }
    Ok(paths)
}

/// Removes the files of purged attachments from the data folder (called after the purge committed). A file already
/// gone counts as removed; one that cannot be removed, or whose stored path is refused, is reported.
pub(crate) fn remove_files(db: &Database, stored_paths: &[String]) -> PurgeReport {
    let mut report = PurgeReport { attachments_purged: stored_paths.len() as u32, files_left: Vec::new() };
    let folder = data_folder(db);
    for stored in stored_paths {
        let removed = folder.as_ref().map_err(CoreError::message_en).and_then(|folder| {
            let path = resolve(folder, stored).map_err(|e| e.message_en())?;
            match fs::remove_file(path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(e.to_string()),
            }
        });
        if let Err(reason) = removed {
            report.files_left.push(FileLeft { path: stored.clone(), reason });
        }
    }
    report
}

/// The stored file of a live attachment, checked to be inside the data folder and present.
fn file_of(ledger: &Ledger, id: &str) -> Result<(Attachment, PathBuf)> {
    let folder = data_folder(&ledger.db)?;
    let (attachment, stored) = ledger.db.read(|c| fetch(c, id, false))?;
    let path = resolve(&folder, &stored)?;
    if !path.is_file() {
        return Err(CoreError::NotFound { entity: Entity::AttachmentFile, id: stored });
    }
    Ok((attachment, path))
}

/// The content of the stored file at `path` of the attachment `id`: a sealed file opened with `key` (the tag bound to
/// the id), a plain file as it is. `shown` names the file in errors.
pub(crate) fn read_content(path: &Path, id: &str, key: Option<&DerivedKey>, shown: &str) -> Result<Vec<u8>> {
    let bytes = fs::read(path)?;
    if !sealed::is_sealed(&bytes) {
        return Ok(bytes);
    }
    sealed::open(key, id.as_bytes(), &bytes)
        .map_err(|problem| CoreError::SealedFile { path: shown.to_owned(), problem })
}

/// Gives the stored file at `path` the protection of the ledger it now belongs to (a restore of a backup made under
/// another key, or none): a file sealed with `to` stays as it is; otherwise its content — opened with `from` when it
/// is sealed — is sealed with `to`, or stored plain when `to` is `None`, through a temporary file renamed onto it.
/// Returns whether the file was rewritten; a sealed file `from` does not open is an error naming it.
pub(crate) fn reseal_file(path: &Path, from: Option<&DerivedKey>, to: Option<&DerivedKey>) -> Result<bool> {
    // The header tells whether the file is already as it should be; only a file to rewrite is read whole.
    let header = head(path, sealed::HEADER_LEN)?;
    let is_sealed = sealed::is_sealed(&header);
    match to {
        Some(key) if sealed::sealed_with(key, &header) => return Ok(false),
        None if !is_sealed => return Ok(false),
        _ => {}
    }
    let bytes = fs::read(path)?;
    let id = id_of_file(path);
    let content = if is_sealed {
        sealed::open(from, id.as_bytes(), &bytes)
            .map_err(|problem| CoreError::SealedFile { path: path.display().to_string(), problem })?
    } else {
        bytes
    };
    let stored = match to {
        Some(key) => sealed::seal(key, id.as_bytes(), &content)?,
        None => content,
    };
    fs_atomic::write_bytes(path, &stored)?;
    Ok(true)
}

/// Whether the file at `path` begins with the sealed-file magic (reads only its first bytes).
fn begins_sealed(path: &Path) -> io::Result<bool> {
    Ok(sealed::is_sealed(&head(path, sealed::MAGIC.len())?))
}

/// The first `len` bytes of the file at `path` (fewer for a shorter file).
fn head(path: &Path, len: usize) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(len);
    fs::File::open(path)?.take(len as u64).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The id a stored file belongs to: its name without the extension (the app names every file `<id>.<ext>`).
fn id_of_file(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A file under `attachments/<folder>/` of the data folder: its path relative to the data folder (`/`-separated,
/// as rows store it), its place, and its length.
struct StoredFile {
    relative: String,
    path: PathBuf,
    len: u64,
}

/// Whether a file name is a partial file of an atomic write (`.<name>.partial-…`) or an old `.part` file: never an
/// attachment (start-up sweeps them, [`crate::data_folder::backup::sweep_partials`]).
fn is_partial(name: &str) -> bool {
    name.starts_with('.') || name.ends_with(".part")
}

/// Every file one folder deep under `attachments/` (where the app puts them: `attachments/<yyyy>/<name>`), partial
/// files left out, in name order.
fn stored_files(data_dir: &Path) -> Result<Vec<StoredFile>> {
    let mut files = Vec::new();
    let folders = match fs::read_dir(data_dir.join(ATTACHMENTS_FOLDER)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(files),
        Err(e) => return Err(e.into()),
    };
    for folder in folders {
        let folder = folder?;
        if !folder.file_type()?.is_dir() {
            continue;
        }
        let folder_name = folder.file_name().to_string_lossy().into_owned();
        for entry in fs::read_dir(folder.path())? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let meta = entry.metadata()?;
            if !meta.is_file() || is_partial(&name) {
                continue;
            }
            files.push(StoredFile {
                relative: format!("{ATTACHMENTS_FOLDER}/{folder_name}/{name}"),
                path: entry.path(),
                len: meta.len(),
            });
        }
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(files)
}

/// The files under `attachments/` of `data_dir` that no attachment row (in the recycle bin or not) names, as paths
/// relative to the data folder: left by a crash between a file's rename and its row's commit, by a purge that could
/// not remove a file (open in a viewer), or by restoring an older backup. Partial files are not listed (start-up
/// sweeps them). Nothing is moved or removed here: they may be the only copy of a photo (docs/SECURITY.md);
/// [`crate::data_folder::orphans::reconcile`] moves them aside on demand.
pub fn orphan_files(conn: &Connection, data_dir: &Path) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT stored_path FROM attachments")?;
    let named: HashSet<String> = db::read_rows(&mut stmt, [], |r| r.get(0))?.into_iter().collect();
    Ok(stored_files(data_dir)?.into_iter().map(|f| f.relative).filter(|r| !named.contains(r)).collect())
}

/// Which way [`convert_files`] converts.
#[derive(Clone, Copy)]
pub(crate) enum Conversion<'k> {
    /// Seal every plain file (the password was turned on).
    Seal,
    /// Open every sealed file and store it plain (the password is being turned off).
    Unseal,
    /// Seal again every file sealed with this previous key (the password was changed: the ledger was re-keyed).
    Reseal(&'k DerivedKey),
}

/// Converts every file under `attachments/` of `data_dir` with `key` ([`Conversion`]), each on its own: the new
/// content written under a temporary name beside it, synced, renamed onto it. A file already in the target state
/// (told by its first bytes) is left alone, so a conversion can be run again after an interruption and finishes the
/// job. `known_sizes` (stored path → original size) lets [`Conversion::Seal`] skip, without opening it, a file
/// whose length is that of its original sealed. `after_each` runs after each converted file (tests stop there as a
/// crash would); its error ends the conversion and is the only error returned. A file that cannot be converted is
/// skipped and returned with why (a folder that cannot be listed, under `attachments`); orphaned files are converted
/// too (their id is their name).
pub(crate) fn convert_files(
    data_dir: &Path,
    key: &DerivedKey,
    way: Conversion<'_>,
    known_sizes: &HashMap<String, i64>,
    mut after_each: impl FnMut() -> Result<()>,
) -> Result<Vec<(String, CoreError)>> {
    let files = match stored_files(data_dir) {
        Ok(files) => files,
        Err(e) => return Ok(vec![(ATTACHMENTS_FOLDER.to_owned(), e)]),
    };
    let mut failed = Vec::new();
    for file in files {
        let sealed_len = known_sizes.get(&file.relative).map(|&size| size as u64 + sealed::OVERHEAD as u64);
        if matches!(way, Conversion::Seal) && sealed_len == Some(file.len) {
            continue;
        }
        match convert_file(&file, key, way) {
            Ok(false) => {}
            Ok(true) => after_each()?,
            Err(e) => failed.push((file.relative.clone(), e)),
        }
    }
    Ok(failed)
}

/// Converts one file; false when it was in the target state already.
fn convert_file(file: &StoredFile, key: &DerivedKey, way: Conversion<'_>) -> Result<bool> {
    // Told by the first bytes alone, so a file in the target state is not read whole.
    match way {
        Conversion::Seal if !begins_sealed(&file.path)? => reseal_file(&file.path, Some(key), Some(key)),
        Conversion::Unseal if begins_sealed(&file.path)? => reseal_file(&file.path, Some(key), None),
        Conversion::Reseal(from) if sealed::sealed_with(from, &head(&file.path, sealed::HEADER_LEN)?) => {
            reseal_file(&file.path, Some(from), Some(key))
        }
        _ => Ok(false),
    }
}

/// The original size of every attachment, by stored path.
fn known_sizes(conn: &Connection) -> Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare("SELECT stored_path, size_bytes FROM attachments")?;
    Ok(db::read_rows(&mut stmt, [], |r| Ok((r.get(0)?, r.get(1)?)))?.into_iter().collect())
}

/// At the opening of an encrypted ledger: seals the plain files a stopped conversion or a restored plain backup left
/// (each is readable meanwhile). Best effort: a file that cannot be sealed now stays plain and readable, and is tried
/// again at the next opening. Returns how many files were sealed.
pub(crate) fn seal_leftovers(ledger: &Ledger) -> usize {
    let (Some(key), Ok(folder)) = (ledger.attachments_key(), data_folder(&ledger.db)) else { return 0 };
    let Ok(sizes) = ledger.db.read(known_sizes) else { return 0 };
    let mut sealed = 0;
    let _ = convert_files(&folder, key, Conversion::Seal, &sizes, || {
        sealed += 1;
        Ok(())
    });
    sealed
}

/// The prefix of the per-session folders of decrypted copies in the OS temp folder.
const VIEWER_FOLDER_PREFIX: &str = "st-ledger-view-";
/// The lock file inside such a folder, held locked while its session lasts.
const VIEWER_LOCK: &str = ".lock";
/// How old an unlocked folder must be before a sweep removes it (one being made right now is younger).
const VIEWER_STALE: Duration = Duration::from_secs(60);

/// The decrypted copies of sealed attachments handed to the system viewer in this session: one folder in the OS temp
/// folder (`st-ledger-view-<uuid>`, 0700 on Linux and macOS, each copy 0600, a `.lock` file inside held locked while
/// the session lasts), made at the first copy and removed with everything in it when the ledger is dropped (locked,
/// closed, the app exits normally). A folder whose session ended without that (a crash, a copy still open in a
/// viewer on Windows) is removed by the next opening of a ledger ([`sweep_viewer_copies`]).
#[derive(Default)]
pub struct ViewerCopies {
    folder: Mutex<Option<(PathBuf, fs::File)>>,
}

impl ViewerCopies {
    /// Writes `content` as a new copy named `name` in a new subfolder of the session's folder; returns its path.
    fn write(&self, name: &str, content: &[u8]) -> Result<PathBuf> {
        let mut folder = self.folder.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if folder.is_none() {
            *folder = Some(new_viewer_folder()?);
        }
        let (root, _lock) = folder.as_ref().expect("made above");
        let sub = root.join(uuid::Uuid::now_v7().simple().to_string());
        private_dir(&sub)?;
        let path = sub.join(name);
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&path)?;
        file.write_all(content)?;
        file.sync_all()?;
        Ok(path)
    }

    /// The session's folder, when a copy was made.
    pub fn folder(&self) -> Option<PathBuf> {
        self.folder.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).as_ref().map(|(p, _)| p.clone())
    }
}

impl Drop for ViewerCopies {
    fn drop(&mut self) {
        let taken = self.folder.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        if let Some((root, lock)) = taken {
            drop(lock);
            let _ = fs::remove_dir_all(root);
        }
    }
}

/// A folder only its owner can enter (0700 on Linux and macOS; the OS temp folder of Windows is the user's own).
fn private_dir(path: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

fn new_viewer_folder() -> Result<(PathBuf, fs::File)> {
    let root = std::env::temp_dir().join(format!("{VIEWER_FOLDER_PREFIX}{}", uuid::Uuid::now_v7().simple()));
    private_dir(&root)?;
    let lock = fs::OpenOptions::new().write(true).create_new(true).open(root.join(VIEWER_LOCK))?;
    lock.try_lock().map_err(|e| io::Error::other(format!("the viewer folder cannot be locked: {e}")))?;
    Ok((root, lock))
}

/// Removes the folders of decrypted copies whose session is over (their `.lock` file can be locked, or is missing,
/// and they are older than a minute by `clock`) from the OS temp folder; returns how many. Runs when a ledger opens.
pub fn sweep_viewer_copies(clock: &Clock) -> usize {
    let Ok(entries) = fs::read_dir(std::env::temp_dir()) else { return 0 };
    let old = |path: &Path| fs::metadata(path).and_then(|m| m.modified()).is_ok_and(|t| clock.age_of(t) > VIEWER_STALE);
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(VIEWER_FOLDER_PREFIX) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let folder = entry.path();
        let lock_path = folder.join(VIEWER_LOCK);
        let ended = match fs::OpenOptions::new().write(true).open(&lock_path) {
            Ok(lock) => lock.try_lock().is_ok() && old(&lock_path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => old(&folder),
            Err(_) => false,
        };
        if ended && fs::remove_dir_all(&folder).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The name of a viewer copy: the name the person gave the file when its extension is the stored file's (the viewer
/// goes by it), else the stored name.
fn viewer_name(attachment: &Attachment, stored: &Path) -> String {
    let stored_name = stored.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stored_ext = stored.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    let shown = clean_file_name(&attachment.file_name);
    match (file_type_of(&shown), stored_ext) {
        (Some(kind), Some(ext)) if kind.extension == ext => shown,
        _ => stored_name,
    }
}

impl Ledger {
    /// Copies a file into the data folder as an attachment of a live visit or service record (sealed with the
    /// attachments' key when the ledger is encrypted; size and SHA-256 are the original file's). Refused, with
    /// nothing written, when the type is not accepted, the file is empty or over [`MAX_ATTACHMENT_BYTES`], the owner
    /// is not found, or the ledger has no data folder.
    pub fn add_attachment(
        &self,
        owner_kind: AttachmentOwnerKind,
        owner_id: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Attachment> {
        self.add_attachment_as(owner_kind, owner_id, file_name, bytes, None)
    }

    /// [`Ledger::add_attachment`] with the file marked as evidence at once (服务确认书/走访记录表, 现场照片); a mark the
    /// owner cannot have is refused like any other problem of the upload, with nothing written.
    pub fn add_attachment_as(
        &self,
        owner_kind: AttachmentOwnerKind,
        owner_id: &str,
        file_name: &str,
        bytes: &[u8],
        evidence_kind: Option<EvidenceKind>,
    ) -> Result<Attachment> {
        check_evidence(owner_kind, evidence_kind)?;
        let (file_name, kind) = check_upload(file_name, bytes.len())?;
        let folder = data_folder(&self.db)?;
        let id = new_id();
        let year = self.today().year();
        let stored_name = format!("{id}.{}", kind.extension);
        let stored_path = format!("{ATTACHMENTS_FOLDER}/{year:04}/{stored_name}");
        let attachment = Attachment {
            id,
            owner_kind,
            owner_id: owner_id.trim().to_owned(),
            file_name,
            size_bytes: bytes.len() as i64,
            sha256: sha256_hex(bytes),
            mime: kind.mime.to_owned(),
            previewable: kind.previewable,
            created_at: self.actor.now(),
            evidence_kind,
        };
        let file = write_content(&folder, &stored_path, &attachment.id, self.attachments_key(), bytes)?;
        match self.db.write(|tx| insert(tx, &self.actor, &attachment, &stored_path)) {
            Ok(()) => Ok(attachment),
            Err(e) => {
                let _ = fs::remove_file(&file);
                Err(e)
            }
        }
    }

    /// The attachments of a visit or service record (not removed), oldest first.
    pub fn list_attachments(&self, owner_kind: AttachmentOwnerKind, owner_id: &str) -> Result<Vec<Attachment>> {
        self.db.read(|c| list(c, owner_kind, owner_id))
    }

    /// Marks a live attachment as evidence (服务确认书/走访记录表, 现场照片) or clears its mark (`None`); audited as an
    /// edit of the attachment. A mark its owner cannot have is refused with nothing written.
    pub fn set_attachment_evidence(&self, id: &str, evidence_kind: Option<EvidenceKind>) -> Result<Attachment> {
        self.db.write(|tx| set_evidence(tx, &self.actor, id, evidence_kind))
    }

    /// Moves an attachment to the recycle bin (its file stays until it, or its owner, is purged).
    pub fn remove_attachment(&self, id: &str) -> Result<()> {
        self.delete_record(crate::model::RecordKind::Attachment, id, false).map(|_| ())
    }

    /// The absolute path of an attachment's stored file, inside the data folder (sealed in an encrypted ledger: give
    /// the system viewer [`Ledger::attachment_for_viewer`] instead).
    pub fn attachment_path(&self, id: &str) -> Result<PathBuf> {
        file_of(self, id).map(|(_, path)| path)
    }

    /// The file to hand the system viewer for an attachment: the stored file itself when it is plain; for a sealed
    /// one, a decrypted copy in this session's folder of the OS temp folder ([`ViewerCopies`]), removed when the
    /// ledger is locked or closed. Edits made to that copy are not taken back into the ledger.
    pub fn attachment_for_viewer(&self, id: &str) -> Result<PathBuf> {
        let (attachment, path) = file_of(self, id)?;
        if !begins_sealed(&path)? {
            return Ok(path);
        }
        let content = read_content(&path, &attachment.id, self.attachments_key(), &path.display().to_string())?;
        self.viewer.write(&viewer_name(&attachment, &path), &content)
    }

    /// The decrypted copies this session handed the system viewer.
    pub fn viewer_copies(&self) -> &ViewerCopies {
        &self.viewer
    }

    /// The content of an image attachment the app can preview (JPEG, PNG, GIF, WebP up to [`MAX_PREVIEW_BYTES`]),
    /// for a thumbnail — a sealed file decrypted in memory only; `unsupported` for other files, which open in the
    /// system viewer. A sealed file that does not open is [`CoreError::SealedFile`] (`damaged_file`).
    pub fn attachment_bytes(&self, id: &str) -> Result<Vec<u8>> {
        let (attachment, path) = file_of(self, id)?;
        if !attachment.previewable || attachment.size_bytes > MAX_PREVIEW_BYTES {
            return Err(CoreError::Unsupported {
                message: format!("附件“{}”不能在此预览，请用系统程序打开", attachment.file_name),
                message_en: format!(
                    "The attachment {} cannot be previewed here; open it with the system viewer",
                    attachment.file_name
                ),
            });
        }
        read_content(&path, &attachment.id, self.attachments_key(), &path.display().to_string())
    }
}
