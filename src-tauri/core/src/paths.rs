//! Where the data lives: the OS app-data folder, or the folder named by `LEDGER_DATA_DIR`.

use std::path::{Path, PathBuf};

/// Environment variable that overrides the data folder (tests, scripts, portable use).
pub const DATA_DIR_ENV: &str = "LEDGER_DATA_DIR";

/// The database file's name inside the data folder.
pub const DB_FILE_NAME: &str = "ledger.sqlite3";

/// The data folder: `LEDGER_DATA_DIR` when set and not blank, else `default` (the OS app-data folder the shell
/// knows).
pub fn data_dir(default: impl Into<PathBuf>) -> PathBuf {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => default.into(),
    }
}

/// The database file inside a data folder.
pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DB_FILE_NAME)
}
