//! 附件 (attachments): files copied into the data folder, owned by a visit, a service record or a pairing (the signed 三方协议).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{AttachmentOwnerKind, EvidenceKind};

/// An attachment as stored (the file itself lies in the data folder, under `attachments/`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// UUIDv7 (also the stored file's name).
    pub id: String,
    /// What the file belongs to.
    pub owner_kind: AttachmentOwnerKind,
    /// The visit or service record.
    pub owner_id: String,
    /// The file's name as the user chose it (path parts and control characters removed), for display.
    pub file_name: String,
    /// Size in bytes.
    #[ts(type = "number")]
    pub size_bytes: i64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    /// MIME type, from the file's extension.
    pub mime: String,
    /// Whether the app can show it as a thumbnail (JPEG, PNG, GIF, WebP); other files open in the system viewer.
    pub previewable: bool,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// What the file proves (服务确认书/走访记录表, 现场照片, 三方协议); `None`: not marked.
    pub evidence_kind: Option<EvidenceKind>,
}

/// The evidence marks of a visit or service record in a list: whether a live attachment is marked as its
/// confirmation (服务确认书 / 走访记录表) and whether one is marked as a 现场照片.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceMarks {
    /// A live attachment is marked `confirmation`.
    pub confirmation: bool,
    /// A live attachment is marked `photo`.
    pub photo: bool,
}

/// What purging a record did beyond the database: files of its attachments that could not be removed from the data
/// folder (the rows are gone; the files can be deleted by hand).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurgeReport {
    /// Attachments removed with the record (rows and files).
    pub attachments_purged: u32,
    /// Files (relative to the data folder) that are still there, with the reason.
    pub files_left: Vec<FileLeft>,
}

/// A file a purge could not remove, or that reconciling the orphaned files could not move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileLeft {
    /// Path relative to the data folder, e.g. `attachments/2026/<id>.jpg`.
    pub path: String,
    /// Why it could not be removed or moved (the operating system's message).
    pub reason: String,
}

/// What reconciling the orphaned attachment files (files under `attachments/` no row names) did: 整理孤立附件, and the
/// end of a restore (`data_folder/orphans.rs`). Nothing is deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReconcileReport {
    /// Attachments whose missing file was found among the orphans and put back in its place.
    pub healed: Vec<HealedAttachment>,
    /// Orphaned files moved into the quarantine folder (`attachments-orphaned/<yyyy-mm-dd>/`).
    pub moved: Vec<MovedFile>,
    /// Orphaned files left where they are, with the reason (too young, or the operating system refused).
    pub not_moved: Vec<FileLeft>,
}

/// An attachment whose file was found under another name and put back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HealedAttachment {
    /// The attachment's id.
    pub attachment_id: String,
    /// Its stored path (relative to the data folder), where the file is now.
    pub path: String,
    /// Where the file was found (relative to the data folder).
    pub from: String,
}

/// An orphaned file moved into the quarantine folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MovedFile {
    /// Where it was, relative to the data folder (`attachments/2024/x.png`).
    pub from: String,
    /// Where it is now, relative to the data folder (`attachments-orphaned/2026-12-07/2024/x.png`).
    pub to: String,
}
