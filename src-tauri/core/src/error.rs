//! Errors of the core. Internally rich; every error maps to a stable `code` the UI can branch on and a message in
//! Chinese and English.

use serde::Serialize;
use ts_rs::TS;

use crate::model::Entity;
use crate::storage::crypto::file::OpenProblem;

/// A problem with one field of a form or an imported row, worded for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// The field's name as the API spells it (camelCase), so the UI can put the message beside it.
    pub field: String,
    /// Message in Chinese.
    pub message: String,
    /// The same message in English.
    pub message_en: String,
    /// A `duplicate`: the id of the record that already has this value (the form links to it).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub existing_id: Option<String>,
}

impl FieldError {
    /// A field error with its Chinese and English message.
    pub fn new(field: &str, message: impl Into<String>, message_en: impl Into<String>) -> Self {
        Self { field: field.to_owned(), message: message.into(), message_en: message_en.into(), existing_id: None }
    }
}

/// Every failure the core reports.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// Input failed validation; nothing was written.
    #[error("validation failed: {}", .0.iter().map(|f| format!("{}: {}", f.field, f.message_en)).collect::<Vec<_>>().join("; "))]
    Validation(Vec<FieldError>),
    /// The record would duplicate an existing one.
    #[error("duplicate of existing record {existing_id}: {message_en}")]
    Duplicate { existing_id: String, field: String, message: String, message_en: String },
    /// The record asked for does not exist (or is in the recycle bin).
    #[error("{entity} {id} not found")]
    NotFound { entity: Entity, id: String },
    /// The record was changed (or deleted) by someone else since the form loaded it.
    #[error("{entity} {id} was changed since it was loaded (revision {expected} expected, {actual} found)")]
    Conflict { entity: Entity, id: String, expected: i32, actual: i32 },
    /// Other records still point at this one; the message lists them in both languages.
    #[error("{message_en}")]
    HasReferences { entity: Entity, id: String, message: String, message_en: String },
    /// The database file was written by a newer version of the app.
    #[error("database schema version {found} is newer than this app supports ({supported}); update the app")]
    SchemaTooNew { found: i64, supported: i64 },
    /// The database failed its integrity check at start-up; it was not opened (nothing was written to it). A backup
    /// can be restored in its place (`backup::newest_good_backup`, `backup::recover`).
    #[error("the database is damaged and was not opened (integrity check: {0}); nothing was changed — restore it from a backup")]
    Integrity(String),
    /// A file to restore from (or a backup just made) failed its integrity check; nothing was changed.
    #[error("{path} is damaged (integrity check: {detail}); nothing was changed")]
    DamagedFile { path: String, detail: String },
    /// A file to restore from is not a ledger database (another program's file, an empty database); nothing was
    /// changed.
    #[error("{path} is not a ledger database ({detail}); nothing was changed")]
    NotALedger { path: String, detail: String },
    /// The database file is missing (or empty) beside a `backups/` folder that has backups: the ledger was not
    /// created anew (its daily backups would push the good ones out); restore the newest good backup
    /// (`backup::newest_good_backup`, `Ledger::recover`).
    #[error("the database file {path} is missing, but {backups} backups of it are in its backups folder; nothing was created — restore the newest backup")]
    LedgerMissing { path: String, backups: u32 },
    /// Too little free space for a backup or a copy: it was not made.
    #[error("not enough free space in {folder}: {} needed, {} free; nothing was written", mib(*needed), mib(*available))]
    InsufficientSpace { folder: String, needed: u64, available: u64 },
    /// The data folder was moved to another place; this copy of the ledger no longer takes writes (reopen the
    /// ledger at the new place).
    #[error("the data folder was moved to {0}; restart the app to go on working there (nothing was saved here)")]
    DataFolderMoved(String),
    /// Another process (a second copy of the app, a script) has the database open for writing.
    #[error("the database {0} is open in another copy of the app or another program")]
    InUse(String),
    /// The operation cannot be done here (e.g. attachments in a ledger without a data folder); the message says why.
    #[error("{message_en}")]
    Unsupported { message: String, message_en: String },
    /// A file to import cannot be read as a spreadsheet (wrong type, damaged, protected, too large, no header); the
    /// message says which and what to do.
    #[error("{message_en}")]
    ImportFile { message: String, message_en: String },
    /// The person stopped a long operation (an export) before it finished; nothing was written.
    #[error("cancelled; nothing was written")]
    Cancelled,
    /// A write came while the start-up check of the database file still ran in the background (the last session
    /// did not close cleanly, or the file changed since); it was not made. Its code is `busy`.
    #[error(
        "the database file is still being checked (the start-up check); nothing was saved — try again in a moment"
    )]
    Checking,
    /// The ledger is encrypted and no password (or recovery code) was given; nothing was read or written.
    #[error("the ledger is protected by a password: give the password or the recovery code to open it")]
    Locked,
    /// The password (or recovery code) given opens neither slot of the key envelope; nothing was changed.
    #[error("wrong password or recovery code; nothing was changed")]
    WrongPassword,
    /// An encrypted attachment file does not open (no key, another ledger's key, damaged or swapped, or a newer
    /// format); the file was not changed. Its code is `damaged_file`.
    #[error("{}", sealed_file_en(path, *problem))]
    SealedFile { path: String, problem: OpenProblem },
    /// A file given as an exchange package (`.stlx`) is not one: not SQLite, or without the package's application id
    /// (a ledger database, another program's file); nothing was read from it or written.
    #[error("{path} is not an exchange package ({detail}); nothing was read or written")]
    NotAPackage { path: String, detail: String },
    /// An exchange package fails its checks (content hash, counts, manifest keys, unreadable pages); nothing was
    /// merged or written.
    #[error("the exchange package {path} is damaged ({detail}); nothing was read or written")]
    DamagedPackage { path: String, detail: String },
    /// An exchange package of a newer format, or of a newer ledger schema, than this app knows; nothing was read.
    #[error("the exchange package {path} comes from a newer version of the app (format {format_version}, schema {schema_version}); update this app first")]
    NewerPackage { path: String, format_version: i64, schema_version: i64 },
    /// An exchange package this very ledger exported, given to its own merge; nothing was merged.
    #[error("the exchange package {path} was exported by this ledger itself; nothing was merged")]
    OwnPackage { path: String },
    /// The database folder or file could not be used.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Data in the database could not be read back as the type it should be.
    #[error("corrupt value in {0}")]
    CorruptValue(String),
}

/// The result type of the core.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;

impl CoreError {
    /// A validation error about one field.
    pub fn field(field: &str, message: impl Into<String>, message_en: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message, message_en)])
    }

    /// A file that cannot be imported, with why in both languages.
    pub fn import_file(message: impl Into<String>, message_en: impl Into<String>) -> Self {
        Self::ImportFile { message: message.into(), message_en: message_en.into() }
    }

    /// The stable code the UI and scripts branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Validation(_) => ErrorCode::Validation,
            Self::Duplicate { .. } => ErrorCode::Duplicate,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Conflict { .. } => ErrorCode::Conflict,
            Self::HasReferences { .. } => ErrorCode::HasReferences,
            Self::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Self::Integrity(_) => ErrorCode::Integrity,
            Self::DamagedFile { .. } | Self::SealedFile { .. } => ErrorCode::DamagedFile,
            Self::NotALedger { .. } => ErrorCode::NotALedger,
            Self::InsufficientSpace { .. } => ErrorCode::InsufficientSpace,
            Self::LedgerMissing { .. } => ErrorCode::LedgerMissing,
            Self::DataFolderMoved(_) => ErrorCode::DataFolderMoved,
            Self::InUse(_) => ErrorCode::InUse,
            Self::Unsupported { .. } => ErrorCode::Unsupported,
            Self::ImportFile { .. } => ErrorCode::ImportFile,
            Self::Cancelled => ErrorCode::Cancelled,
            Self::Checking => ErrorCode::Busy,
            Self::Locked => ErrorCode::Locked,
            Self::WrongPassword => ErrorCode::WrongPassword,
            Self::NotAPackage { .. } => ErrorCode::NotAPackage,
            Self::DamagedPackage { .. } => ErrorCode::DamagedPackage,
            Self::NewerPackage { .. } => ErrorCode::NewerPackage,
            Self::OwnPackage { .. } => ErrorCode::OwnPackage,
            _ if self.is_file_in_use() => ErrorCode::FileInUse,
            _ if self.is_disk_full() => ErrorCode::DiskFull,
            _ if self.is_read_only() => ErrorCode::ReadOnly,
            Self::Io(_) => ErrorCode::Io,
            Self::Sqlite(e) if is_busy(e) => ErrorCode::Busy,
            Self::Sqlite(_) => ErrorCode::Database,
            Self::CorruptValue(_) => ErrorCode::CorruptValue,
        }
    }

    /// A short message in Chinese for the person using the app.
    pub fn message_zh(&self) -> String {
        match self {
            Self::Validation(fields) => {
                let first = fields.first().map(|f| f.message.as_str()).unwrap_or("");
                format!("输入有误，未保存：{first}")
            }
            Self::Duplicate { message, .. } => message.clone(),
            Self::NotFound { entity, .. } => format!("未找到该{}（可能已删除）", entity.label_zh()),
            Self::Conflict { entity, .. } => {
                format!("该{}已被修改或删除，请重新打开后再保存（本次修改未保存）", entity.label_zh())
            }
            Self::HasReferences { message, .. } => message.clone(),
            Self::SchemaTooNew { found, supported } => {
                format!("数据库版本（{found}）高于本程序支持的版本（{supported}），请升级程序后再打开")
            }
            Self::Integrity(detail) => {
                format!("数据库文件已损坏，未打开，也未做任何改动（完整性检查：{detail}）。请从备份恢复")
            }
            Self::DamagedFile { path, detail } => {
                format!("文件 {path} 已损坏（完整性检查：{detail}），未做任何更改")
            }
            Self::NotALedger { path, detail } => {
                format!("文件 {path} 不是本程序的台账数据库（{detail}），未做任何更改")
            }
            Self::LedgerMissing { path, backups } => format!(
                "找不到数据库文件 {path}，但备份文件夹中有 {backups} 份备份；程序没有新建空台账，请从最新的备份恢复"
            ),
            Self::InsufficientSpace { folder, needed, available } => {
                format!("{folder} 所在磁盘空间不足：需要 {}，可用 {}，未写入任何文件", mib(*needed), mib(*available))
            }
            Self::DataFolderMoved(to) => {
                format!("数据文件夹已迁移到 {to}，请重新启动程序后在新位置继续工作（本次未保存）")
            }
            Self::InUse(path) => format!("数据库 {path} 正被另一个程序窗口或脚本使用，请先关闭它"),
            Self::Unsupported { message, .. } => message.clone(),
            Self::ImportFile { message, .. } => message.clone(),
            Self::Cancelled => "已取消，未写入任何文件".to_owned(),
            Self::Checking => {
                "正在检查数据文件（启动时的完整性检查），检查通过前不能保存；请稍候再试（本次未保存）".to_owned()
            }
            Self::Locked => "台账已设置密码，请输入密码或恢复码后打开（未读取或改动任何内容）".to_owned(),
            Self::WrongPassword => "密码或恢复码不正确，未做任何改动".to_owned(),
            Self::SealedFile { path, problem } => sealed_file_zh(path, *problem),
            Self::NotAPackage { path, detail } => {
                format!("文件 {path} 不是交换包（{detail}），未读取或写入任何内容")
            }
            Self::DamagedPackage { path, detail } => {
                format!("交换包 {path} 已损坏或被改动（{detail}），未读取或写入任何内容")
            }
            Self::NewerPackage { path, .. } => format!("{path}：来自更新版本的交换包，请先升级本程序"),
            Self::OwnPackage { path } => format!("{path}：这是本台账导出的交换包，不能合并到本台账"),
            _ if self.is_file_in_use() => FILE_IN_USE_ZH.to_owned(),
            _ if self.is_disk_full() => DISK_FULL_ZH.to_owned(),
            _ if self.is_read_only() => READ_ONLY_ZH.to_owned(),
            Self::Io(e) => format!("文件读写失败：{e}"),
            Self::Sqlite(e) if is_busy(e) => "数据库正被其他程序占用，请稍后重试".to_owned(),
            Self::Sqlite(e) => format!("数据库错误：{e}"),
            Self::CorruptValue(what) => format!("数据库中的数据无法识别：{what}"),
        }
    }

    /// The same message in English.
    pub fn message_en(&self) -> String {
        match self {
            Self::Validation(fields) => {
                let first = fields.first().map(|f| f.message_en.as_str()).unwrap_or("");
                format!("Invalid input, nothing was saved: {first}")
            }
            Self::Duplicate { message_en, .. } => message_en.clone(),
            _ if self.is_file_in_use() => FILE_IN_USE_EN.to_owned(),
            _ if self.is_disk_full() => DISK_FULL_EN.to_owned(),
            _ if self.is_read_only() => READ_ONLY_EN.to_owned(),
            Self::Sqlite(e) if is_busy(e) => "The database is in use by another program; try again".to_owned(),
            Self::Cancelled => "Cancelled; nothing was written".to_owned(),
            other => other.to_string(),
        }
    }

    /// The file is open in another program (Excel or WPS holds an export's target): on Windows a sharing or lock
    /// violation ([`is_windows_sharing_violation`]), or the `ResourceBusy` error a replacing rename gives
    /// ([`crate::storage::fs_atomic::commit`] turns Windows' access denied on replacing an existing file into it; on
    /// Linux `EBUSY`). The write it interrupted left the old file as it was and removed its partial file.
    pub fn is_file_in_use(&self) -> bool {
        match self {
            Self::Io(e) => io_file_in_use(e),
            _ => false,
        }
    }

    /// The disk (or the space this process may use) is full: SQLite's `SQLITE_FULL`, or a file write that failed for
    /// want of space. The write it interrupted left nothing behind (the transaction rolled back, the partial file
    /// removed).
    pub fn is_disk_full(&self) -> bool {
        use std::io::ErrorKind;
        match self {
            Self::Sqlite(e) => e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull),
            Self::Io(e) => {
                matches!(e.kind(), ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge)
            }
            _ => false,
        }
    }

    /// The folder or file cannot be written: a read-only disk or mount (`EROFS`), no write permission (`EACCES`), or
    /// SQLite's `SQLITE_READONLY` (the database file could only be opened for reading).
    pub fn is_read_only(&self) -> bool {
        use std::io::ErrorKind;
        match self {
            Self::Sqlite(e) => e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly),
            Self::Io(e) => matches!(e.kind(), ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied),
            _ => false,
        }
    }

    /// The field errors of a validation error (empty for every other error).
    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            Self::Validation(fields) => fields.clone(),
            Self::Duplicate { existing_id, field, message, message_en } => vec![FieldError {
                existing_id: Some(existing_id.clone()),
                ..FieldError::new(field, message.clone(), message_en.clone())
            }],
            _ => Vec::new(),
        }
    }
}

const FILE_IN_USE_ZH: &str = "文件正被其他程序打开，请关闭后重试（原文件未改动）";
const FILE_IN_USE_EN: &str =
    "The file is open in another program; close it and try again (the existing file was left as it was)";
const DISK_FULL_ZH: &str = "磁盘空间不足，本次操作未写入任何内容（已保存的数据不受影响）；请清理磁盘空间后重试";
const DISK_FULL_EN: &str =
    "The disk is full; nothing was written by this operation (what was saved before is intact). Free some disk space and try again";
const READ_ONLY_ZH: &str = "文件夹或文件是只读的（只读磁盘、只读挂载或没有写入权限），未写入任何内容";
const READ_ONLY_EN: &str =
    "The folder or file is read-only (a read-only disk or mount, or no write permission); nothing was written";

fn sealed_file_zh(path: &str, problem: OpenProblem) -> String {
    match problem {
        OpenProblem::NoKey => format!("附件文件 {path} 已加密，但本台账未设置密码，无法读取（文件未改动）"),
        OpenProblem::OtherKey => {
            format!("附件文件 {path} 是用另一个台账的密钥加密的，本台账的密码无法解密（文件未改动）")
        }
        OpenProblem::Damaged => {
            format!("附件文件 {path} 已损坏或被替换（加密校验未通过），无法读取（文件未改动）；请从备份恢复")
        }
        OpenProblem::NewerVersion(v) => {
            format!("附件文件 {path} 由更新版本的程序加密（格式 {v}），请升级程序后再打开")
        }
    }
}

fn sealed_file_en(path: &str, problem: OpenProblem) -> String {
    match problem {
        OpenProblem::NoKey => {
            format!("the attachment file {path} is encrypted but this ledger has no password; it cannot be read (the file was not changed)")
        }
        OpenProblem::OtherKey => format!(
            "the attachment file {path} was encrypted with another ledger's key; this ledger's password cannot read it (the file was not changed)"
        ),
        OpenProblem::Damaged => format!(
            "the attachment file {path} is damaged or was swapped (its encryption check failed) and cannot be read (the file was not changed); restore it from a backup"
        ),
        OpenProblem::NewerVersion(v) => {
            format!("the attachment file {path} was encrypted by a newer app (format {v}); update the app to open it")
        }
    }
}

/// Bytes as MiB with one decimal, for messages.
fn mib(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// Whether a raw OS error code is Windows' `ERROR_SHARING_VIOLATION` (32: another program opened the file without
/// sharing it, as Excel and WPS do with a workbook) or `ERROR_LOCK_VIOLATION` (33: part of it is locked). The codes
/// mean this on Windows only (on Linux and macOS 32 is `EPIPE` and 33 `EDOM`), so [`CoreError::is_file_in_use`] asks
/// only when built for Windows; the function itself is pure, so every platform tests it.
pub fn is_windows_sharing_violation(raw: i32) -> bool {
    matches!(raw, 32 | 33)
}

/// [`CoreError::is_file_in_use`] of an io error.
pub fn io_file_in_use(e: &std::io::Error) -> bool {
    let sharing = cfg!(windows) && e.raw_os_error().is_some_and(is_windows_sharing_violation);
    sharing || e.kind() == std::io::ErrorKind::ResourceBusy
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked))
}

/// Declares [`ErrorCode`] from one list of variants and their wire texts: the enum (serialised as the text), `ALL`
/// and `as_str`.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)+) => {
        /// The stable code of an error as the UI and scripts branch on it, written in snake_case on the wire
        /// (`"not_found"`). Exported to TypeScript as the union of these strings, so a mistyped code fails the UI's
        /// type-check.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
        pub enum ErrorCode {
            $($(#[$doc])* #[serde(rename = $code)] $variant,)+
        }

        impl ErrorCode {
            /// Every code.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The code as it is written on the wire, e.g. `"not_found"`.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code),+ }
            }
        }
    };
}

error_codes! {
    /// Input failed validation ([`CoreError::Validation`]).
    Validation = "validation",
    /// The record would duplicate an existing one.
    Duplicate = "duplicate",
    /// The record does not exist (or is in the recycle bin).
    NotFound = "not_found",
    /// The record changed since the form loaded it.
    Conflict = "conflict",
    /// Other records still point at this one.
    HasReferences = "has_references",
    /// The database was written by a newer app.
    SchemaTooNew = "schema_too_new",
    /// The database failed its integrity check at start-up.
    Integrity = "integrity",
    /// A file to restore from (or a new backup) is damaged.
    DamagedFile = "damaged_file",
    /// A file to restore from is not a ledger database.
    NotALedger = "not_a_ledger",
    /// Too little free space for a backup or a copy.
    InsufficientSpace = "insufficient_space",
    /// The database file is missing beside a folder of its backups.
    LedgerMissing = "ledger_missing",
    /// The data folder was moved elsewhere.
    DataFolderMoved = "data_folder_moved",
    /// Another process has the database open for writing.
    InUse = "in_use",
    /// The operation cannot be done here.
    Unsupported = "unsupported",
    /// A file to import cannot be read as a spreadsheet.
    ImportFile = "import_file",
    /// The person stopped a long operation.
    Cancelled = "cancelled",
    /// The ledger is encrypted and no password was given.
    Locked = "locked",
    /// The password or recovery code is wrong.
    WrongPassword = "wrong_password",
    /// Too many wrong passwords in a row: the app takes the next try after a wait (the message says how long).
    TooManyAttempts = "too_many_attempts",
    /// The file is open in another program (an export's target open in Excel or WPS).
    FileInUse = "file_in_use",
    /// The disk is full.
    DiskFull = "disk_full",
    /// The folder or file is read-only.
    ReadOnly = "read_only",
    /// A file given as an exchange package is not one.
    NotAPackage = "not_a_package",
    /// An exchange package fails its content hash or its other checks.
    DamagedPackage = "damaged_package",
    /// An exchange package from a newer version of the app.
    NewerPackage = "newer_package",
    /// An exchange package this ledger exported, given to its own merge.
    OwnPackage = "own_package",
    /// Another file-system failure.
    Io = "io",
    /// The database is locked by another program for now.
    Busy = "busy",
    /// Another SQLite failure.
    Database = "database",
    /// A stored value could not be read back.
    CorruptValue = "corrupt_value",
    /// A failure outside the core: the shell's argument decoding, a missing command, a worker that panicked.
    Internal = "internal",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares with the wire text, so scripts and tests can check `err.code() == "conflict"`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// The error as it crosses to the UI or a script: `{code, message, messageEn, fields}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorPayload {
    /// Stable machine code, e.g. `validation`, `duplicate`, `not_found`, `database`.
    pub code: ErrorCode,
    /// Message in Chinese.
    pub message: String,
    /// Message in English.
    pub message_en: String,
    /// Field-level problems, for forms.
    pub fields: Vec<FieldError>,
}

impl From<&CoreError> for ErrorPayload {
    fn from(e: &CoreError) -> Self {
        Self { code: e.code(), message: e.message_zh(), message_en: e.message_en(), fields: e.fields() }
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn error_codes_serialise_as_their_wire_text() {
        for &code in ErrorCode::ALL {
            assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{}\"", code.as_str()));
            assert_eq!(code.to_string(), code.as_str());
            assert!(code == code.as_str());
        }
        assert_eq!(ErrorCode::NotFound.as_str(), "not_found");
    }
}
