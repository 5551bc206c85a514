//! Paths the webview gives a command (`paths::check_user_path`): absolute, no network share, the format's extension,
//! never inside the data folder (a restore may read the data folder's backups, nothing else there).

use std::path::{Path, PathBuf};

use ledger_core::data_folder::paths::{check_user_path, db_path, PathUse};
use ledger_core::ErrorCode;

/// A data folder with a database, its WAL and a backup in it, and another folder beside it.
struct Folders {
    _root: tempfile::TempDir,
    data: PathBuf,
    elsewhere: PathBuf,
}

fn folders() -> Folders {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("数据");
    let elsewhere = root.path().join("桌面");
    std::fs::create_dir_all(data.join("backups")).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    for file in ["ledger.sqlite3", "ledger.sqlite3-wal", "backups/ledger-20260101-000000-daily-s1.zip"] {
        std::fs::write(data.join(file), b"x").unwrap();
    }
    Folders { data, elsewhere, _root: root }
}

fn refused(path: &Path, expected: &[&str], data: &Path, usage: PathUse) -> String {
    let err = check_user_path(&path.to_string_lossy(), expected, data, usage).expect_err("refused");
    assert_eq!(err.code(), ErrorCode::Validation, "{err}");
    let fields = err.fields();
    assert_eq!(fields[0].field, "path");
    assert!(!fields[0].message.is_empty() && !fields[0].message_en.is_empty());
    format!("{} | {}", fields[0].message, fields[0].message_en)
}

#[test]
fn a_file_outside_the_data_folder_with_the_formats_extension_is_accepted() {
    let f = folders();
    let out = f.elsewhere.join("服务台账.XLSX");
    let checked = check_user_path(&out.to_string_lossy(), &["xlsx"], &f.data, PathUse::Write).unwrap();
    assert_eq!(checked, out, "the extension's case does not matter");
    let folder = f.elsewhere.join("U盘备份");
    assert_eq!(check_user_path(&folder.to_string_lossy(), &[], &f.data, PathUse::Write).unwrap(), folder);
}

#[test]
fn a_relative_or_empty_path_is_refused() {
    let f = folders();
    for path in ["服务台账.xlsx", "../数据/ledger.sqlite3", "", "  "] {
        let message = refused(Path::new(path), &["xlsx", "sqlite3"], &f.data, PathUse::Write);
        assert!(message.contains("absolute"), "{path}: {message}");
    }
}

#[test]
fn network_share_paths_are_refused_in_every_spelling() {
    let f = folders();
    for path in [r"\\server\share\台账.xlsx", "//server/share/台账.xlsx", r"\\?\UNC\server\share\台账.xlsx"] {
        let message = refused(Path::new(path), &["xlsx"], &f.data, PathUse::Write);
        assert!(message.contains("network share"), "{path}: {message}");
    }
}

#[test]
fn a_file_whose_extension_is_not_the_formats_is_refused() {
    let f = folders();
    for (name, expected) in
        [("报表.sqlite3", &["xlsx"][..]), ("报表", &["csv"][..]), ("名册.exe", &["xlsx", "xls", "csv"][..])]
    {
        let message = refused(&f.elsewhere.join(name), expected, &f.data, PathUse::Write);
        assert!(message.contains("wrong file type") && message.contains(&format!(".{}", expected[0])), "{message}");
    }
}

#[test]
fn nothing_inside_the_data_folder_is_written_or_read() {
    let f = folders();
    let inside = [
        f.data.join("报表.xlsx"),
        f.data.join("backups").join("报表.xlsx"),
        f.data.join("attachments").join("新建").join("报表.xlsx"),
    ];
    for path in &inside {
        for usage in [PathUse::Write, PathUse::Read] {
            let message = refused(path, &["xlsx"], &f.data, usage);
            assert!(message.contains("inside the data folder"), "{}: {message}", path.display());
        }
    }
    // The database and its WAL, whatever the extension list says, and the folder itself as a backup target.
    let db = db_path(&f.data);
    refused(&db, &["sqlite3"], &f.data, PathUse::Read);
    refused(&db, &["sqlite3"], &f.data, PathUse::ReadBackup);
    refused(&f.data.join("ledger.sqlite3-wal"), &["sqlite3-wal"], &f.data, PathUse::Write);
    refused(&f.data, &[], &f.data, PathUse::Write);
    refused(&f.data.join("backups"), &[], &f.data, PathUse::Write);
}

#[test]
fn a_restore_may_read_a_backup_of_the_data_folder_but_not_the_database() {
    let f = folders();
    let backup = f.data.join("backups").join("ledger-20260101-000000-daily-s1.zip");
    let checked = check_user_path(&backup.to_string_lossy(), &["zip", "sqlite3"], &f.data, PathUse::ReadBackup);
    assert_eq!(checked.unwrap(), backup);
    refused(&backup, &["zip"], &f.data, PathUse::Write);
    refused(&backup, &["zip"], &f.data, PathUse::Read);
    refused(&db_path(&f.data), &["zip", "sqlite3"], &f.data, PathUse::ReadBackup);
}

#[test]
#[cfg_attr(
    not(unix),
    ignore = "Unix only: making a symbolic link on Windows needs a privilege (SeCreateSymbolicLinkPrivilege) a runner may lack"
)]
fn a_symbolic_link_into_the_data_folder_is_refused() {
    #[cfg(unix)]
    {
        let f = folders();
        let link = f.elsewhere.join("看起来无害.sqlite3");
        std::os::unix::fs::symlink(db_path(&f.data), &link).unwrap();
        refused(&link, &["sqlite3"], &f.data, PathUse::Write);
        let folder_link = f.elsewhere.join("备份");
        std::os::unix::fs::symlink(&f.data, &folder_link).unwrap();
        refused(&folder_link.join("报表.xlsx"), &["xlsx"], &f.data, PathUse::Write);
        refused(&folder_link.join("ledger.sqlite3"), &["sqlite3"], &f.data, PathUse::ReadBackup);
    }
}

#[test]
fn the_drive_of_a_windows_path_is_read_from_its_text_for_the_mapped_drive_check() {
    use ledger_core::data_folder::paths::drive_root;
    for (path, root) in [(r"Z:\台账", "Z:\\"), ("z:/x", "Z:\\"), (r"\\?\Y:\数据", "Y:\\"), ("C:", "C:\\")] {
        assert_eq!(drive_root(path).as_deref(), Some(root), "{path}");
    }
    for path in [r"\\server\share\x", "/home/zs/台账", "台账", "", r"\\?\UNC\s\x", "1:/x"] {
        assert_eq!(drive_root(path), None, "{path}");
    }
}

#[test]
fn macos_network_file_system_types_count_as_network_mounts() {
    use ledger_core::data_folder::paths::network_file_system;
    // What statfs names on macOS, in a mount table's shape (the Linux reader and the macOS check share one list).
    for kind in ["smbfs", "nfs", "afpfs", "webdav"] {
        let mounts = format!("//zs@nas/共享 /Volumes/共享 {kind} rw 0 0\n");
        assert_eq!(network_file_system(Path::new("/Volumes/共享/台账"), &mounts).as_deref(), Some(kind));
    }
    let local = "/dev/disk3s1 /Volumes/移动硬盘 apfs rw 0 0\n";
    assert_eq!(network_file_system(Path::new("/Volumes/移动硬盘/台账"), local), None);
}
