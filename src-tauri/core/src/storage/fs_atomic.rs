//! Writing a file so that it appears complete or not at all: written under a hidden temporary name beside the
//! target, synced, renamed onto the target, and the folder synced so the rename survives a power loss. Attachments,
//! exports, backups, restores, the rejected rows and the data-location file all write this way.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A hidden temporary name beside `target`, unique to this call: `.<name>.partial-<uuid>`.
pub(crate) fn partial_path(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.partial-{}", uuid::Uuid::now_v7().simple()))
}

/// Puts a fully written `partial` in place: syncs its content, renames it onto `target`, syncs the folder. A rename
/// refused because another program has `target` open is a `ResourceBusy` error ([`replace_refused`]), which the
/// core reports as `file_in_use`.
pub(crate) fn commit(partial: &Path, target: &Path) -> io::Result<()> {
    OpenOptions::new().write(true).open(partial)?.sync_all()?;
    fs::rename(partial, target).map_err(|e| replace_refused(e, cfg!(windows) && target.exists()))?;
    sync_folder_of(target)
}

/// The error of a rename onto an existing file: on Windows, replacing a file that Excel or WPS holds open fails with
/// a sharing violation or with access denied (the program opened it without delete sharing). Access denied onto an
/// existing target there (`onto_existing_on_windows`) means that, so it becomes `ResourceBusy` (as does a sharing
/// violation, [`crate::error::io_file_in_use`]); any other error is kept.
pub fn replace_refused(e: io::Error, onto_existing_on_windows: bool) -> io::Error {
    if onto_existing_on_windows && e.kind() == io::ErrorKind::PermissionDenied {
        io::Error::new(io::ErrorKind::ResourceBusy, e)
    } else {
        e
    }
}

/// Runs `write` on a temporary file beside `target` (the path it is given), then [`commit`]s it. On any error the
/// temporary file is removed (it may not exist yet) and `target` is left as it was.
pub(crate) fn write_atomically<T, E: From<io::Error>>(
    target: &Path,
    write: impl FnOnce(&Path) -> Result<T, E>,
) -> Result<T, E> {
    let partial = partial_path(target);
    let result = write(&partial).and_then(|value| {
        commit(&partial, target)?;
        Ok(value)
    });
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    result
}

/// Writes `bytes` to `target` atomically ([`write_atomically`]).
pub(crate) fn write_bytes(target: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically(target, |partial| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(partial)?;
        file.write_all(bytes)
    })
}

/// A file beside `path` named by a suffix: `<db>-wal`, `<db>-shm`, `<db>-journal`.
pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes a file; one that is not there is no error.
pub(crate) fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Removes a database file and its `-journal`, `-wal` and `-shm` companions, as far as they exist (a partial copy
/// that is given up).
pub(crate) fn remove_with_sidecars(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let _ = fs::remove_file(sidecar(path, suffix));
    }
}

/// Flushes the entries of the folder `path` is in (a rename) to disk. Windows has no such call and commits renames
/// itself; a file system that cannot sync a folder (some network and FAT mounts say so) is taken at its word.
pub(crate) fn sync_folder_of(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        match fs::File::open(folder).and_then(|d| d.sync_all()) {
            Err(e) if matches!(e.kind(), io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported) => Ok(()),
            other => other,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_written_file_replaces_the_target_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("报表.xlsx");
        fs::write(&target, b"old").unwrap();
        write_bytes(&target, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["报表.xlsx"]);
    }

    #[test]
    fn a_failed_write_leaves_the_target_as_it_was_and_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.csv");
        fs::write(&target, b"old").unwrap();
        let failed: io::Result<()> = write_atomically(&target, |partial| {
            assert!(partial.file_name().unwrap().to_string_lossy().starts_with(".a.csv.partial-"));
            fs::write(partial, b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&target).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["a.csv"]);
    }

    #[test]
    fn a_write_that_made_no_file_fails_without_touching_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.csv");
        let result: io::Result<()> = write_atomically(&target, |_| Ok(()));
        assert!(result.is_err(), "nothing was written to commit");
        assert!(names(dir.path()).is_empty());
    }
}
