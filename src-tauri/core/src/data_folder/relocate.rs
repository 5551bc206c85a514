//! 迁移数据文件夹 (moving the data folder), beside [`crate::data_folder::backup`]: [`Ledger::move_data_folder`] copies the
//! database (backup API), `attachments/`, `backups/` and `attachments-orphaned/`, checks every copy, and records the new folder in the
//! location file that [`crate::data_folder::paths::data_dir`] reads. A folder inside a cloud-sync folder or on a
//! network drive is refused ([`paths::unsafe_place`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::data_folder::backup::*;
use crate::data_folder::orphans::QUARANTINE_FOLDER;
use crate::data_folder::paths::{self, DataLocation};
use crate::error::{CoreError, Result};
use crate::ledger::Ledger;
use crate::model::MoveReport;

impl Ledger {
    /// 迁移数据文件夹: copies the database (backup API), `attachments/`, `backups/` and `attachments-orphaned/` into `to` (a new or empty
    /// folder on this computer's disk: not in a cloud-sync folder, not on a network drive), checks every copy, and
    /// records `to` in the location file ([`paths::location_file`]) so the next start opens it.
    /// The old folder is left as it was. From then on this ledger refuses writes
    /// ([`CoreError::DataFolderMoved`]): the app reopens the ledger at the new place. Refused when
    /// `LEDGER_DATA_DIR` names the data folder (it would win over the location file).
    pub fn move_data_folder(&self, to: &Path) -> Result<MoveReport> {
        if std::env::var_os(paths::DATA_DIR_ENV).is_some_and(|v| !v.is_empty()) {
            return Err(CoreError::Unsupported {
                message: format!("数据文件夹由环境变量 {} 指定，不能在程序中迁移", paths::DATA_DIR_ENV),
                message_en: format!(
                    "the data folder is set by {}; it cannot be moved from the app",
                    paths::DATA_DIR_ENV
                ),
            });
        }
        let location_file = paths::location_file().ok_or_else(|| CoreError::Unsupported {
            message: "找不到系统的配置文件夹，无法记录新的数据文件夹位置".to_owned(),
            message_en: "the system has no configuration folder to record the new data folder in".to_owned(),
        })?;
        self.move_data_folder_with(to, &location_file)
    }

    /// [`Ledger::move_data_folder`] with the location file given (tests).
    pub fn move_data_folder_with(&self, to: &Path, location_file: &Path) -> Result<MoveReport> {
        let db_path = self.file_path()?.to_owned();
        let from_dir = std::path::absolute(db_path.parent().unwrap_or(Path::new(".")))?;
        let to = std::path::absolute(to)?;
        paths::check_folder_depth(&to)?;
        check_move_target(&from_dir, &to)?;
        let attachments = files_under(&from_dir.join(crate::data_folder::attachments::ATTACHMENTS_FOLDER))?;
        let backups = files_under(&from_dir.join(BACKUP_DIR_NAME))?;
        // Orphaned attachment files moved aside (整理孤立附件) go along: they are kept so they can be recovered.
        let quarantined = files_under(&from_dir.join(QUARANTINE_FOLDER))?;
        let attachment_bytes: u64 = attachments.iter().map(|f| file_len(f)).sum();
        let backup_bytes: u64 = backups.iter().map(|f| file_len(f)).sum();
        let quarantined_bytes: u64 = quarantined.iter().map(|f| file_len(f)).sum();
        let policy = &self.backups.policy;
        self.db.with_writer(|writer| {
            let needed = needed_for(db_bytes(writer)?)
                .saturating_add(attachment_bytes)
                .saturating_add(backup_bytes)
                .saturating_add(quarantined_bytes);
            ensure_space(policy, &to, needed)?;
            let created = !to.exists();
            fs::create_dir_all(&to)?;
            let new_db = paths::db_path(&to);
            let copied = (|| {
                // An encrypted ledger takes its key envelope along (the copy keeps the database's key).
                if self.db.is_encrypted() {
                    let envelope = crate::storage::crypto::envelope_path(&db_path);
                    copy_file_verified(&envelope, &crate::storage::crypto::envelope_path(&new_db))?;
                }
                copy_verified(writer, &new_db, &db_path, self.db.key())?;
                for file in attachments.iter().chain(&backups).chain(&quarantined) {
                    let relative = file.strip_prefix(&from_dir).map_err(io::Error::other)?;
                    copy_file_verified(file, &to.join(relative))?;
                }
                let location = DataLocation {
                    data_dir: to.clone(),
                    moved_from: Some(from_dir.clone()),
                    moved_at: Some(utc_text(&policy.now())),
                };
                paths::write_location(location_file, &location)?;
                Ok(())
            })();
            if let Err(e) = copied {
                if created {
                    let _ = fs::remove_dir_all(&to);
                } else {
                    let _ = fs::remove_file(&new_db);
                    let _ = fs::remove_dir_all(to.join(crate::data_folder::attachments::ATTACHMENTS_FOLDER));
                    let _ = fs::remove_dir_all(to.join(BACKUP_DIR_NAME));
                    let _ = fs::remove_dir_all(to.join(QUARANTINE_FOLDER));
                }
                return Err(e);
            }
            self.db.mark_moved(to.display().to_string());
            Ok(MoveReport {
                from: from_dir.display().to_string(),
                to: to.display().to_string(),
                db_path: new_db.display().to_string(),
                attachment_files: attachments.len() as u32,
                attachment_bytes,
                backup_files: backups.len() as u32,
                location_file: location_file.display().to_string(),
            })
        })
    }
}

/// Every file under `dir`, recursively (none when it does not exist), without the partial files of a file being
/// written.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e.into()),
        };
        for entry in entries {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() && !entry.file_name().to_string_lossy().contains(".partial") {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The new data folder must be new or empty, neither inside the old one nor around it, and on this computer's disk
/// (not in a cloud-sync folder, not on a network drive).
fn check_move_target(from_dir: &Path, to: &Path) -> Result<()> {
    let field = |zh: &str, en: &str| CoreError::field("folder", zh.to_owned(), en.to_owned());
    if let Some(place) = paths::unsafe_place(to) {
        return Err(field(&place.message_zh(), &place.message_en()));
    }
    let from_real = fs::canonicalize(from_dir).unwrap_or_else(|_| from_dir.to_path_buf());
    let to_real = paths::resolve(to);
    if to_real == from_real {
        return Err(field("这就是当前的数据文件夹", "that is the current data folder"));
    }
    if to_real.starts_with(&from_real) || from_real.starts_with(&to_real) {
        return Err(field(
            "新的数据文件夹不能在当前数据文件夹之内，也不能包含它",
            "the new data folder cannot be inside the current one, nor contain it",
        ));
    }
    if to.exists() {
        if !to.is_dir() {
            return Err(field("所选位置是一个文件，请选择文件夹", "that is a file; choose a folder"));
        }
        if fs::read_dir(to)?.next().is_some() {
            return Err(field(
                "请选择一个空文件夹（所选文件夹中已有文件）",
                "choose an empty folder (this one has files in it)",
            ));
        }
    }
    Ok(())
}
