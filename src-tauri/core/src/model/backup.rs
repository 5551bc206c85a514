//! Backups (备份), restore (恢复) and the data folder's move (迁移数据文件夹): what the 数据安全 page shows and gets
//! back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Why a backup was made. Part of the backup's file name (`ledger-20260115-083000-daily-s42.zip`), so a backup
/// keeps its reason for as long as it exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    /// 每日备份: the first start of a day (the last 14 are kept).
    Daily,
    /// 每周备份: the first start of an ISO week, in place of that day's daily backup (the last 8 are kept).
    Weekly,
    /// 每月备份: the first start of a calendar month, in place of that day's daily or weekly backup (the last 12
    /// are kept).
    Monthly,
    /// 升级前备份: before the schema of an existing database was migrated.
    Migration,
    /// 导入前备份: before an import wrote anything.
    Import,
    /// 撤销导入前备份: before an import was undone (its records removed, the records it updated set back).
    Undo,
    /// 恢复前备份: the database as it was before a restore replaced it.
    Restore,
    /// 手动备份: made by the person (备份 button, `ledger-cli backup`).
    Manual,
    /// 损坏的数据库: a damaged database file kept aside, byte for byte, when a backup was restored in its place.
    Damaged,
}

impl BackupReason {
    /// Every reason, in display order.
    pub const ALL: &'static [BackupReason] = &[
        BackupReason::Daily,
        BackupReason::Weekly,
        BackupReason::Monthly,
        BackupReason::Migration,
        BackupReason::Import,
        BackupReason::Undo,
        BackupReason::Restore,
        BackupReason::Manual,
        BackupReason::Damaged,
    ];

    /// The word in the file name (also the serde code).
    pub fn code(self) -> &'static str {
        match self {
            Self::Daily => "daily",
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
            Self::Migration => "migration",
            Self::Import => "import",
            Self::Undo => "undo",
            Self::Restore => "restore",
            Self::Manual => "manual",
            Self::Damaged => "damaged",
        }
    }

    /// The reason with this code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Daily => "每日备份",
            Self::Weekly => "每周备份",
            Self::Monthly => "每月备份",
            Self::Migration => "升级前备份",
            Self::Import => "导入前备份",
            Self::Undo => "撤销导入前备份",
            Self::Restore => "恢复前备份",
            Self::Manual => "手动备份",
            Self::Damaged => "损坏的数据库",
        }
    }

    /// Made by the daily schedule (daily, weekly or monthly), as opposed to an event.
    pub fn is_scheduled(self) -> bool {
        matches!(self, Self::Daily | Self::Weekly | Self::Monthly)
    }
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupEntry {
    /// The file's name, e.g. `ledger-20260115-083000-daily-s42.zip` (a backup archive: the database and its
    /// attachments; `s42` its sequence number), or an older plain database `ledger-20260115-083000-daily.sqlite3`.
    pub file_name: String,
    /// The full path.
    pub path: String,
    /// When it was made (UTC, RFC 3339), read from the file name.
    pub created_at: String,
    /// The file's size in bytes.
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// Why it was made.
    pub reason: BackupReason,
    /// The schema version inside the file (from the archive's manifest or the database's header; 0 when
    /// unreadable).
    pub schema_version: i32,
    /// The attachment files the backup holds (0 for a plain database file).
    pub attachment_files: u32,
    /// Stored paths of attachment files the database names that were missing from the data folder when the backup
    /// was made (they are not in it).
    pub missing_files: Vec<String>,
    /// Whether its database is encrypted (made while the app password was on). A plain backup of a ledger that has
    /// a password now is personal data in the clear: 设置 → 数据安全 tags it and offers to re-encrypt or remove it.
    pub encrypted: bool,
}

/// A backup that was due but not made (e.g. the disk is nearly full), for the UI to show as a warning. The work that
/// asked for it (opening, an import) went on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupNotice {
    /// The backup that was skipped.
    pub reason: BackupReason,
    /// Why, as a stable code: `insufficient_space`, or the error code of what failed.
    pub code: String,
    /// Message in Chinese.
    pub message: String,
    /// The same message in English.
    pub message_en: String,
    /// When (UTC, RFC 3339).
    pub at: String,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoreReport {
    /// The file restored from.
    pub restored_from: String,
    /// The schema version of that file.
    pub from_schema_version: i32,
    /// The schema version of the database now (the file's, migrated when it was older).
    pub schema_version: i32,
    /// The copy of the database as it was before the restore (恢复前备份, or the damaged file kept aside); `None`
    /// only when there was no database before.
    pub safety_backup: Option<BackupEntry>,
    /// Attachment files put back from the backup, or found in place already with the same content.
    pub attachment_files: u32,
    /// Stored paths of attachments the restored database names whose file is neither in the backup nor in the data
    /// folder: those attachments open with "file not found".
    pub missing_files: Vec<String>,
    /// What became of the files in the data folder that the restored database does not name (the replaced
    /// database's, kept in the safety backup too): a file of a row that lost its own put back in its place, the others
    /// moved into `attachments-orphaned/<yyyy-mm-dd>/`, never deleted (`data_folder/orphans.rs`).
    pub reconciled: super::ReconcileReport,
}

/// What moving the data folder did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoveReport {
    /// The old data folder (left as it was: nothing is deleted).
    pub from: String,
    /// The new data folder.
    pub to: String,
    /// The database file in the new folder.
    pub db_path: String,
    /// Attachment files copied (and checked) into the new folder.
    pub attachment_files: u32,
    /// Their bytes.
    #[ts(type = "number")]
    pub attachment_bytes: u64,
    /// Backup files copied (and checked) into the new folder's `backups/`.
    pub backup_files: u32,
    /// The location file that now names the new folder.
    pub location_file: String,
}

/// What the app found when it opened the ledger, for the start-up screen: a problem (a damaged file, a file from a
/// newer version …) and the newest backup that passes its check, to offer in its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartupStatus {
    /// Why the ledger could not be opened; `None` when it is open.
    pub problem: Option<crate::error::ErrorPayload>,
    /// The newest backup that passes its check, offered when there is a problem.
    pub newest_backup: Option<BackupEntry>,
    /// The data folder in use.
    pub data_dir: String,
    /// The start-up check of the open ledger's file still runs in the background (the last session did not close
    /// cleanly, or the file changed since): pages read, saves wait for it; a failed check becomes `problem`.
    pub checking: bool,
}
