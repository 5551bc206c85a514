//! Where the data lives: the folder named by `LEDGER_DATA_DIR`, else the folder recorded in the location file (after
//! the person moved the data folder), else the OS app-data folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Environment variable that overrides the data folder (tests, scripts, portable use).
pub const DATA_DIR_ENV: &str = "LEDGER_DATA_DIR";

/// The database file's name inside the data folder.
pub const DB_FILE_NAME: &str = "ledger.sqlite3";

/// The app's identifier (as in `tauri.conf.json`): the name of its folder in the OS config folder.
pub const APP_IDENTIFIER: &str = "cn.stledger.desktop";

/// The location file's name inside the app's config folder.
pub const LOCATION_FILE_NAME: &str = "data-location.json";

/// The data folder: `LEDGER_DATA_DIR` when set and not blank, else the folder in the location file
/// ([`location_file`]) when there is one, else `default` (the OS app-data folder the shell knows).
pub fn data_dir(default: impl Into<PathBuf>) -> PathBuf {
    data_dir_with(default, location_file().as_deref())
}

/// [`data_dir`] with the location file given (tests; `None`: no location file).
pub fn data_dir_with(default: impl Into<PathBuf>, location_file: Option<&Path>) -> PathBuf {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => location_file.and_then(read_location).unwrap_or_else(|| default.into()),
    }
}

/// The database file inside a data folder.
pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DB_FILE_NAME)
}

/// The location file: `data-location.json` in the app's folder of the OS config folder — `%APPDATA%` on Windows,
/// `~/Library/Application Support` on macOS, `$XDG_CONFIG_HOME` or `~/.config` elsewhere — the same folder Tauri's
/// `app_config_dir()` names. `None` when the OS gives no such folder.
pub fn location_file() -> Option<PathBuf> {
    Some(config_dir()?.join(APP_IDENTIFIER).join(LOCATION_FILE_NAME))
}

fn config_dir() -> Option<PathBuf> {
    config_dir_for(Os::CURRENT, &|k| std::env::var_os(k))
}

/// The systems whose folder rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Windows,
    MacOs,
    /// Linux and the other Unix systems: the XDG base directories.
    Linux,
}

impl Os {
    /// The system this was built for.
    pub const CURRENT: Os = if cfg!(windows) {
        Os::Windows
    } else if cfg!(target_os = "macos") {
        Os::MacOs
    } else {
        Os::Linux
    };
}

/// The OS config folder by `os`'s rules, from the environment `env` gives (blank values count as unset): `%APPDATA%`
/// on Windows, `$HOME/Library/Application Support` on macOS, `$XDG_CONFIG_HOME` (only when absolute, as the XDG
/// specification says) or `$HOME/.config` elsewhere. Tauri's `app_config_dir()` is this folder joined with
/// [`APP_IDENTIFIER`]; its `app_data_dir()`, the default data folder, is the same on Windows and macOS and
/// `$XDG_DATA_HOME` or `~/.local/share` on Linux.
pub fn config_dir_for(os: Os, env: &dyn Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let non_empty = |k: &str| env(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    match os {
        Os::Windows => non_empty("APPDATA"),
        Os::MacOs => non_empty("HOME").map(|h| h.join("Library").join("Application Support")),
        Os::Linux => non_empty("XDG_CONFIG_HOME")
            .filter(|p| p.has_root())
            .or_else(|| non_empty("HOME").map(|h| h.join(".config"))),
    }
}

/// The longest path Windows opens for SQLite: MAX_PATH (260) less its closing NUL. SQLite's Windows file layer opens
/// files without the `\\?\` long-path prefix, so a database (or its `-journal`, or a backup's copy) deeper than this
/// cannot be opened there, whatever Rust's own file calls manage.
pub const WINDOWS_MAX_PATH: usize = 259;

/// The longest path SQLite's Unix file layer (Linux, macOS) takes, in bytes of UTF-8: its `MAX_PATHNAME` (512) less
/// the closing NUL. A Chinese character is three bytes, so a deep folder of Chinese names meets it at about 170.
pub const UNIX_MAX_PATH_BYTES: usize = 511;

/// The room the ledger needs below its data folder for the SQLite files it makes there: the longest is a restore's
/// or backup's staged copy's journal, `backups/.ledger-restore.partial-<32 hex digits>-journal` (83 characters, all
/// ASCII), with a margin.
pub const ROOM_INSIDE: usize = 100;

/// The length of `folder` (made absolute) as `os` limits it: UTF-16 units on Windows, UTF-8 bytes elsewhere.
pub fn path_len(os: Os, folder: &Path) -> usize {
    let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let text = absolute.as_os_str().to_string_lossy();
    match os {
        Os::Windows => text.encode_utf16().count(),
        Os::MacOs | Os::Linux => text.len(),
    }
}

/// The longest data folder the ledger takes on `os` ([`ROOM_INSIDE`] below SQLite's limit): 159 characters on
/// Windows, 411 bytes elsewhere.
pub fn max_folder_len(os: Os) -> usize {
    match os {
        Os::Windows => WINDOWS_MAX_PATH - ROOM_INSIDE,
        Os::MacOs | Os::Linux => UNIX_MAX_PATH_BYTES - ROOM_INSIDE,
    }
}

/// Whether a data folder is too deep for the ledger on `os` ([`max_folder_len`]).
pub fn too_deep(os: Os, folder: &Path) -> bool {
    path_len(os, folder) > max_folder_len(os)
}

/// Refuses a data folder [`too_deep`] for this system with a message that says the limit, before anything is created
/// in it (SQLite could not open the database there, or a backup's copy beside it).
pub fn check_folder_depth(folder: &Path) -> crate::error::Result<()> {
    let os = Os::CURRENT;
    if !too_deep(os, folder) {
        return Ok(());
    }
    let (len, max) = (path_len(os, folder), max_folder_len(os));
    let (zh, en) = match os {
        Os::Windows => (
            format!("{len} 个字符，Windows 上最多 {max} 个字符"),
            format!("{len} characters; Windows allows at most {max} here"),
        ),
        Os::MacOs | Os::Linux => (
            format!("{len} 字节，最多 {max} 字节，一个汉字占 3 字节"),
            format!("{len} bytes; at most {max} here, a Chinese character takes 3"),
        ),
    };
    Err(crate::error::CoreError::Unsupported {
        message: format!("数据文件夹的路径太长（{zh}），台账无法在其中打开或保存：请选一个层级较浅、名字较短的文件夹"),
        message_en: format!(
            "the data folder's path is too long ({en}), so the ledger cannot be opened or saved in it: choose a \
             folder nearer the top of the disk, with shorter names"
        ),
    })
}

/// The folders beside the database that hold the ledger's own files (attachments and backups), tightened with it.
const LEDGER_FOLDERS: &[&str] = &["attachments", "backups"];

/// On Linux and macOS, makes the data folder `data_dir` readable by its owner only (0700) and tightens the ledger's
/// files in it ([`restrict_ledger_files`]). Does nothing when the folder does not exist, and nothing on Windows
/// (where the folder under the user's profile already inherits owner-only access).
pub fn restrict_data_folder(data_dir: &Path) -> std::io::Result<()> {
    if !data_dir.is_dir() {
        return Ok(());
    }
    owner_only(data_dir, true)?;
    restrict_ledger_files(&db_path(data_dir))
}

/// On Linux and macOS, gives the files of the ledger at `db_path` owner-only permissions: the database, its WAL,
/// shared-memory, journal and lock files, its key envelope (`ledger.keys`) at 0600, and the `attachments/` and
/// `backups/` folders beside it at 0700 with every file under them at 0600. Other files and the folder holding the
/// database are left alone (the CLI may open a ledger in any folder): the app tightens its data folder with
/// [`restrict_data_folder`]. Symbolic links are not followed; missing files are skipped.
pub fn restrict_ledger_files(db_path: &Path) -> std::io::Result<()> {
    let Some(folder) = db_path.parent().filter(|p| !p.as_os_str().is_empty()) else { return Ok(()) };
    let Some(name) = db_path.file_name() else { return Ok(()) };
    let mut files = vec![db_path.to_path_buf(), crate::storage::crypto::envelope_path(db_path)];
    for suffix in ["-wal", "-shm", "-journal", ".lock"] {
        let mut with = name.to_owned();
        with.push(suffix);
        files.push(folder.join(with));
    }
    for file in &files {
        owner_only(file, false)?;
    }
    for sub in LEDGER_FOLDERS {
        owner_only_tree(&folder.join(sub))?;
    }
    Ok(())
}

/// `path` and, for a folder, everything under it, owner-only.
fn owner_only_tree(path: &Path) -> std::io::Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(path) else { return Ok(()) };
    if meta.is_dir() {
        owner_only(path, true)?;
        for entry in std::fs::read_dir(path)? {
            owner_only_tree(&entry?.path())?;
        }
        Ok(())
    } else {
        owner_only(path, false)
    }
}

/// Sets a folder to 0700 or a regular file to 0600 unless it is already; missing paths and symbolic links are left.
#[cfg(unix)]
fn owner_only(path: &Path, folder: bool) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::symlink_metadata(path) else { return Ok(()) };
    let wanted = match (folder, meta.is_dir(), meta.is_file()) {
        (true, true, _) => 0o700,
        (false, _, true) => 0o600,
        _ => return Ok(()),
    };
    if meta.permissions().mode() & 0o777 != wanted {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(wanted))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn owner_only(_path: &Path, _folder: bool) -> std::io::Result<()> {
    Ok(())
}

/// Creates `folder` and its missing parents; on Linux and macOS the folders it creates are owner-only (0700).
pub fn create_private_dir(folder: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)
}

/// What the location file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataLocation {
    /// The data folder (absolute).
    pub data_dir: PathBuf,
    /// The folder it was moved from.
    #[serde(default)]
    pub moved_from: Option<PathBuf>,
    /// When (UTC, RFC 3339).
    #[serde(default)]
    pub moved_at: Option<String>,
}

/// The folder a location file names; `None` when there is no file, or it cannot be read or names no absolute folder
/// (then the default applies: a broken location file never stops the app).
pub fn read_location(location_file: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(location_file).ok()?;
    let location: DataLocation = serde_json::from_str(&text).ok()?;
    Some(location.data_dir).filter(|d| d.is_absolute())
}

/// Writes the location file atomically (never a half-written one), creating its folder.
pub fn write_location(location_file: &Path, location: &DataLocation) -> std::io::Result<()> {
    if let Some(parent) = location_file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let text = serde_json::to_string_pretty(location).map_err(std::io::Error::other)?;
    crate::storage::fs_atomic::write_bytes(location_file, text.as_bytes())
}

/// Why a folder must not hold the data folder: SQLite's file locks do not hold across a sync service or a network
/// file system, so two PCs writing one database file (or a sync client copying it half-written) corrupt it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnsafePlace {
    /// Inside the folder of a cloud-sync service (its name).
    CloudSync(&'static str),
    /// On a network drive (`\\server\share`, or a mount of the file system named).
    Network(String),
}

impl UnsafePlace {
    /// Why, in Chinese.
    pub fn message_zh(&self) -> String {
        let why = "两台电脑同时写同一个数据库文件会损坏它，同步软件也可能复制到写了一半的文件";
        match self {
            Self::CloudSync(service) => {
                format!("所选文件夹在{service}的同步文件夹中，不能存放数据（{why}）；请选择本机磁盘上的普通文件夹")
            }
            Self::Network(what) => {
                format!("所选文件夹在网络驱动器上（{what}），不能存放数据（{why}）；请选择本机磁盘上的文件夹")
            }
        }
    }

    /// Why, in English.
    pub fn message_en(&self) -> String {
        let why = "two PCs writing one database file corrupt it, and a sync client may copy a half-written file";
        match self {
            Self::CloudSync(service) => format!(
                "that folder is inside a {service} sync folder and cannot hold the data ({why}); choose a plain folder \
                 on this computer's disk"
            ),
            Self::Network(what) => format!(
                "that folder is on a network drive ({what}) and cannot hold the data ({why}); choose a folder on this \
                 computer's disk"
            ),
        }
    }
}

/// The cloud-sync service whose folder `path` is in, recognised by a component of the path (either separator, any
/// case): OneDrive (`OneDrive`, `OneDrive - 单位`), iCloud Drive (`iCloud Drive`, `iCloudDrive`, `Mobile Documents`,
/// `com~apple~CloudDocs`), 坚果云 (`Nutstore`, `我的坚果云`), Dropbox (`Dropbox`, `Dropbox (单位)`), Google Drive (`Google Drive`, `My Drive`,
/// `我的云端硬盘`), 百度网盘 (`BaiduSyncdisk`, `百度网盘`), and macOS's `Library/CloudStorage` of every File
/// Provider service.
pub fn cloud_sync_service(path: &Path) -> Option<&'static str> {
    let text = path.to_string_lossy();
    let parts: Vec<String> = text.split(['/', '\\']).map(str::to_lowercase).collect();
    for (i, part) in parts.iter().enumerate() {
        let part = part.as_str();
        let service = if part.starts_with("onedrive") {
            "OneDrive"
        } else if matches!(part, "icloud drive" | "iclouddrive" | "mobile documents" | "com~apple~clouddocs") {
            "iCloud Drive"
        } else if part.starts_with("nutstore") || part.contains("坚果云") {
            "坚果云"
        } else if part == "dropbox" || part.starts_with("dropbox (") {
            "Dropbox"
        } else if part.starts_with("google drive")
            || part.starts_with("googledrive")
            || matches!(part, "my drive" | "我的云端硬盘")
        {
            "Google Drive"
        } else if part.starts_with("baidusyncdisk") || part.contains("百度网盘") || part.contains("百度云同步盘")
        {
            "百度网盘"
        } else if part == "cloudstorage" && i > 0 && parts[i - 1] == "library" {
            "云存储 (CloudStorage)"
        } else {
            continue;
        };
        return Some(service);
    }
    None
}

/// Whether `path` is a UNC path to a network share: `\\server\share\…`, `//server/share/…` or
/// `\\?\UNC\server\share\…` (a local `\\?\C:\…` or device `\\.\…` path is not).
pub fn is_unc(path: &Path) -> bool {
    let text = path.to_string_lossy();
    let upper = text.to_uppercase();
    if upper.starts_with(r"\\?\UNC\") || upper.starts_with("//?/UNC/") {
        return true;
    }
    let two = text.starts_with(r"\\") || text.starts_with(r"\/") || text.starts_with(r"/\") || text.starts_with("//");
    two && !matches!(text.chars().nth(2), Some('?' | '.'))
}

/// File systems that are network file systems (or network-backed FUSE mounts): the types of `/proc/mounts` on Linux,
/// and of statfs's `f_fstypename` on macOS (`smbfs`, `nfs`, `afpfs`, `webdav`).
const NETWORK_FILE_SYSTEMS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "ncpfs",
    "afs",
    "ceph",
    "glusterfs",
    "davfs",
    "fuse.sshfs",
    "fuse.rclone",
    "fuse.davfs2",
    "fuse.gvfsd-fuse",
    // macOS's names (statfs `f_fstypename`); Linux never reports them.
    "afpfs",
    "webdav",
];

/// The network file system `path` (absolute, symbolic links resolved) is on, by the mount table `mounts` (the text
/// of `/proc/mounts`): the type of the longest mount point that contains it, when that is a network file system.
pub fn network_file_system(path: &Path, mounts: &str) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for line in mounts.lines() {
        let mut fields = line.split_whitespace();
        let (Some(_device), Some(point), Some(kind)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        let point = point.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
        if path.starts_with(&point) && best.is_none_or(|(len, _)| point.len() >= len) {
            best = Some((point.len(), kind));
        }
    }
    best.map(|(_, kind)| kind).filter(|kind| NETWORK_FILE_SYSTEMS.contains(kind)).map(str::to_owned)
}

/// Whether `folder` may not hold the data folder: in a cloud-sync folder, a UNC path, or (on Linux, where
/// `/proc/mounts` tells) on a network file system. The nearest existing folder of `folder` is resolved first (a
/// symbolic link into a sync folder counts).
pub fn unsafe_place(folder: &Path) -> Option<UnsafePlace> {
    if is_unc(folder) {
        return Some(UnsafePlace::Network(folder.display().to_string()));
    }
    let mut existing = folder;
    while !existing.exists() {
        match existing.parent() {
            Some(parent) => existing = parent,
            None => break,
        }
    }
    let resolved = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for path in [folder, resolved.as_path()] {
        if let Some(service) = cloud_sync_service(path) {
            return Some(UnsafePlace::CloudSync(service));
        }
    }
    if is_unc(&resolved) {
        return Some(UnsafePlace::Network(folder.display().to_string()));
    }
    #[cfg(windows)]
    if let Some(drive) = windows::remote_drive(folder) {
        return Some(UnsafePlace::Network(drive));
    }
    #[cfg(target_os = "macos")]
    if let Some(kind) = macos::network_file_system(&resolved) {
        return Some(UnsafePlace::Network(kind));
    }
    let mounts = std::fs::read_to_string("/proc/mounts").ok()?;
    network_file_system(&resolved, &mounts).map(UnsafePlace::Network)
}

/// The root of the drive a Windows path names by letter (`Z:\` for `Z:\台账`, `z:/x` or `\\?\Z:\x`); `None` for a
/// path without a drive letter. Plain text, so every platform tests it.
pub fn drive_root(path: &str) -> Option<String> {
    let rest = path.strip_prefix(r"\\?\").or_else(|| path.strip_prefix("//?/")).unwrap_or(path);
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(letter), Some(':')) if letter.is_ascii_alphabetic() => {
            Some(format!("{}:\\", letter.to_ascii_uppercase()))
        }
        _ => None,
    }
}

/// Mapped network drives (`net use Z: \\server\share`): a path on one does not look like a UNC path.
#[cfg(windows)]
mod windows {
    use std::path::Path;

    /// `GetDriveTypeW`'s answer for a network drive (`DRIVE_REMOTE` of `Win32_System_WindowsProgramming`, a feature
    /// of windows-sys this crate does not otherwise need).
    const DRIVE_REMOTE: u32 = 4;

    /// `Z:` when `path` lies on a drive letter Windows reports as a network drive.
    pub(super) fn remote_drive(path: &Path) -> Option<String> {
        let root = super::drive_root(&path.to_string_lossy())?;
        let wide: Vec<u16> = root.encode_utf16().chain(std::iter::once(0)).collect();
        // SAFETY: `wide` is a NUL-terminated UTF-16 string that lives until the call returns.
        let kind = unsafe { windows_sys::Win32::Storage::FileSystem::GetDriveTypeW(wide.as_ptr()) };
        (kind == DRIVE_REMOTE).then(|| root.trim_end_matches('\\').to_owned())
    }
}

/// Network mounts on macOS (`/Volumes/共享` from 前往 → 连接服务器): the file system type statfs reports.
#[cfg(target_os = "macos")]
mod macos {
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    /// The type of the file system `path` (existing) is on, when it is a network file system.
    pub(super) fn network_file_system(path: &Path) -> Option<String> {
        let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
        // SAFETY: statfs is plain old data; all zeroes is a valid value.
        let mut stat: libc::statfs = unsafe { std::mem::zeroed() };
        // SAFETY: a NUL-terminated path and a statfs buffer, both alive for the call.
        if unsafe { libc::statfs(c_path.as_ptr(), &mut stat) } != 0 {
            return None;
        }
        let name: Vec<u8> = stat.f_fstypename.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
        let name = String::from_utf8_lossy(&name).into_owned();
        super::NETWORK_FILE_SYSTEMS.contains(&name.as_str()).then_some(name)
    }
}

/// How a command uses a path the webview gave it ([`check_user_path`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathUse {
    /// The app writes a file or into a folder there (an export, the rejected rows, 备份到… a folder): never inside the
    /// data folder.
    Write,
    /// The app reads a file there (a file to import): never inside the data folder.
    Read,
    /// The app restores from the file: inside the data folder only a backup in its `backups/` folder (the list of
    /// backups offers those), never the database, its WAL or any other file there.
    ReadBackup,
}

/// Checks a path a command received from the webview before the app reads or writes it (the native dialogs give
/// such paths; a webview that was made to call a command must not reach other files):
/// - absolute (a relative path would resolve against wherever the app happens to run);
/// - not a UNC path to a network share (`\\server\share`, `//server/share`, `\\?\UNC\…`: opening one makes
///   Windows send the user's credentials to that server);
/// - a file's extension one of `expected` (any case; an empty `expected` means a folder, any name);
/// - not inside `data_dir` (symbolic links resolved): an export never lands on `ledger.sqlite3`, its WAL or a
///   backup, and an import never reads them; [`PathUse::ReadBackup`] allows the files in `backups/`.
///
/// Answers the path; the refusal is a `validation` error on the field `path` saying which rule, in both languages.
pub fn check_user_path(path: &str, expected: &[&str], data_dir: &Path, usage: PathUse) -> crate::Result<PathBuf> {
    let refuse = |zh: String, en: String| crate::CoreError::field("path", zh, en);
    let given = PathBuf::from(path);
    if is_unc(&given) {
        return Err(refuse(
            "不能使用网络共享路径（\\\\服务器\\共享），请选择本机磁盘上的位置".to_owned(),
            "a network share path (\\\\server\\share) cannot be used; choose a place on this computer's disk"
                .to_owned(),
        ));
    }
    if path.trim().is_empty() || !given.is_absolute() {
        return Err(refuse(
            format!("路径必须是完整路径（从盘符或根目录开始）：{path}"),
            format!("the path must be absolute (from a drive or the root): {path}"),
        ));
    }
    if !expected.is_empty() {
        let ext = given.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        if !expected.iter().any(|want| want.eq_ignore_ascii_case(&ext)) {
            let list = expected.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(" / ");
            return Err(refuse(
                format!("文件类型不对：应为 {list} 文件"),
                format!("wrong file type: a {list} file is expected"),
            ));
        }
    }
    let data_real = resolve(data_dir);
    let target = resolve(&given);
    if target.starts_with(&data_real) {
        let in_backups = target.parent() == Some(data_real.join(super::backup::BACKUP_DIR_NAME).as_path());
        if !(usage == PathUse::ReadBackup && in_backups) {
            return Err(refuse(
                "不能选择数据文件夹中的文件或文件夹（那里存放台账数据库和备份），请选择其他位置".to_owned(),
                "files and folders inside the data folder (the ledger's database and backups) cannot be chosen; choose \
                 another place"
                    .to_owned(),
            ));
        }
    }
    Ok(given)
}

/// `path` with symbolic links resolved as far as it exists: its nearest existing ancestor canonicalised, with the
/// rest of the path appended (a file to be written does not exist yet).
pub fn resolve(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut real = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        real.push(name);
    }
    real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloud_sync_folders_are_recognised_by_a_path_component() {
        for (path, service) in [
            (r"C:\Users\张三\OneDrive\台账", "OneDrive"),
            (r"C:\Users\zs\OneDrive - 科技局\数据", "OneDrive"),
            ("/Users/zs/Library/Mobile Documents/com~apple~CloudDocs/台账", "iCloud Drive"),
            (r"C:\Users\zs\iCloudDrive\台账", "iCloud Drive"),
            (r"D:\Nutstore\台账", "坚果云"),
            (r"C:\Users\zs\我的坚果云\台账", "坚果云"),
            ("/home/zs/Dropbox/ledger", "Dropbox"),
            (r"C:\Users\zs\Dropbox (单位)\ledger", "Dropbox"),
            (r"G:\My Drive\台账", "Google Drive"),
            ("/Users/zs/Google Drive/台账", "Google Drive"),
            (r"D:\BaiduSyncdisk\台账", "百度网盘"),
            (r"D:\百度网盘同步空间\台账", "百度网盘"),
            ("/Users/zs/Library/CloudStorage/Box-Box/台账", "云存储 (CloudStorage)"),
        ] {
            assert_eq!(cloud_sync_service(Path::new(path)), Some(service), "{path}");
        }
        for path in [
            r"D:\台账数据",
            "/home/zs/.local/share/cn.stledger.desktop",
            r"C:\Users\zs\Documents\drive\ledger",
            "/srv/dropboxes-archive-old/x",
            "/Users/zs/CloudStorage/x",
        ] {
            assert_eq!(cloud_sync_service(Path::new(path)), None, "{path}");
        }
    }

    #[test]
    fn unc_paths_are_network_paths_and_local_verbatim_paths_are_not() {
        for path in [r"\\server\share\台账", r"\\192.168.1.5\公共\ledger", r"\\?\UNC\server\share\x", r"\\?\unc\s\x"]
        {
            assert!(is_unc(Path::new(path)), "{path}");
        }
        for path in [r"\\?\C:\台账", r"\\.\PhysicalDrive0", r"C:\台账", "/home/zs/ledger", "relative\\x"] {
            assert!(!is_unc(Path::new(path)), "{path}");
        }
        assert!(matches!(unsafe_place(Path::new(r"\\server\share\台账")), Some(UnsafePlace::Network(_))));
    }

    #[test]
    fn a_folder_on_a_network_mount_is_recognised_from_the_mount_table() {
        let mounts = "\
/dev/sda2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid 0 0
//nas/公共 /mnt/nas cifs rw,vers=3.0 0 0
nas:/export /mnt/nfs nfs4 rw 0 0
/dev/sdb1 /mnt/nas/local ext4 rw 0 0
nas:/x /media/my\\040share nfs rw 0 0
zs@host: /home/zs/remote fuse.sshfs rw 0 0
";
        let fs_of = |p: &str| network_file_system(Path::new(p), mounts);
        assert_eq!(fs_of("/mnt/nas/台账").as_deref(), Some("cifs"));
        assert_eq!(fs_of("/mnt/nfs").as_deref(), Some("nfs4"));
        assert_eq!(fs_of("/media/my share/ledger").as_deref(), Some("nfs"));
        assert_eq!(fs_of("/home/zs/remote/ledger").as_deref(), Some("fuse.sshfs"));
        assert_eq!(fs_of("/mnt/nas/local/台账"), None, "a local disk mounted inside the share");
        assert_eq!(fs_of("/mnt/nasty"), None, "a mount point is a whole component");
        assert_eq!(fs_of("/home/zs/台账"), None);
        assert_eq!(network_file_system(Path::new("/x"), ""), None);
    }

    #[test]
    fn the_reasons_say_why_in_both_languages() {
        let cloud = UnsafePlace::CloudSync("OneDrive");
        assert!(cloud.message_zh().contains("OneDrive") && cloud.message_zh().contains("损坏"));
        assert!(cloud.message_en().contains("corrupt"));
        let net = UnsafePlace::Network("cifs".into());
        assert!(net.message_zh().contains("网络驱动器") && net.message_en().contains("network drive"));
    }
}
