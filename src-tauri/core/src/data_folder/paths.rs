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
    let non_empty = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if cfg!(windows) {
        non_empty("APPDATA")
    } else if cfg!(target_os = "macos") {
        non_empty("HOME").map(|h| h.join("Library/Application Support"))
    } else {
        non_empty("XDG_CONFIG_HOME")
            .filter(|p| p.is_absolute())
            .or_else(|| non_empty("HOME").map(|h| h.join(".config")))
    }
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
