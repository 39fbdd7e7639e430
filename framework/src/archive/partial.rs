//! The hidden file an archive is written to before it is renamed onto its final name, and the
//! removal of such files left behind by a writer that died (`SIGKILL`, a power cut).
//!
//! The writer holds an exclusive lock (`flock`) on its partial file for as long as it writes;
//! the kernel releases the lock when the writer's process ends, however it ends. So a partial
//! file that can be locked has no writer left, and is removed the next time an archive is
//! written in that folder; one that cannot be locked (its writer is alive, or the file system
//! has no locks) is left alone. Because on some shared file systems locks are only seen by
//! the host that took them, a partial file is named after the host that writes it, and only
//! this host's partial files are considered.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::files::same_file;

/// What every partial file's name ends with.
const SUFFIX: &str = ".partial";

/// Creates a locked partial file in `parent`, named after this host.
pub(super) fn create(parent: &Path) -> io::Result<tempfile::NamedTempFile> {
    let prefix = own_prefix();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(SUFFIX);
    // A temporary file is private (0600) by default; an archive gets the usual 0666 & !umask.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    loop {
        let tmp = builder.tempfile_in(parent)?;
        if tmp.as_file().lock().is_err() {
            // No locks on this file system: nobody can lock the file to remove it either.
            return Ok(tmp);
        }
        let named = fs::symlink_metadata(tmp.path()).ok();
        let opened = tmp.as_file().metadata()?;
        if named.is_some_and(|named| same_file(&named, &opened)) {
            return Ok(tmp);
        }
        // Another writer's clean-up took the new file for a dead writer's between its creation
        // and the lock, and removed it: leave whatever now has that name, and make another.
        drop(tmp.keep());
    }
}

/// Removes the partial files in `parent` whose writer is gone, once per folder and process
/// (an output folder may hold thousands of results). Best effort and silent: a file that
/// cannot be checked or removed is left.
pub(super) fn remove_stale_once(parent: &Path) {
    static CLEANED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let key = fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
    let first = CLEANED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get_or_insert_with(HashSet::new)
        .insert(key);
    if first {
        remove_stale(parent);
    }
}

/// Removes the partial files in `parent` named after this host that no live writer holds.
fn remove_stale(parent: &Path) {
    let prefix = own_prefix();
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_str().is_some_and(|n| is_own_partial(n, &prefix)) {
            remove_if_stale(&entry.path());
        }
    }
}

/// Whether `name` is a partial file's name made with `prefix`: the prefix, the random
/// letters and digits `tempfile` adds, and the suffix.
fn is_own_partial(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(SUFFIX))
        .is_some_and(|random| {
            !random.is_empty() && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Removes the regular file at `path` if it can be locked, holding the lock meanwhile.
fn remove_if_stale(path: &Path) {
    let Ok(named) = fs::symlink_metadata(path) else {
        return;
    };
    if !named.file_type().is_file() {
        return;
    }
    let Ok(file) = File::open(path) else {
        return;
    };
    if file.try_lock().is_err() {
        return; // A live writer holds it (or this file system has no locks).
    }
    let still_named = fs::symlink_metadata(path).ok();
    let Ok(opened) = file.metadata() else {
        return;
    };
    // The file locked is the one the name still refers to, not one swapped in meanwhile.
    if same_file(&named, &opened) && still_named.is_some_and(|n| same_file(&n, &opened)) {
        let _ = fs::remove_file(path);
    }
}

/// `.q2rs-<host>-`: the start of this host's partial files' names.
fn own_prefix() -> String {
    format!(".q2rs-{}-", crate::files::host())
}

#[cfg(all(test, unix))]
mod tests {
    use std::io::Write;

    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_partial_file_is_named_after_this_host_and_locked() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = create(dir.path()).unwrap();
        let name = tmp.path().file_name().unwrap().to_str().unwrap().to_owned();
        assert!(is_own_partial(&name, &own_prefix()), "{name}");
        assert!(name.starts_with(".q2rs-") && name.ends_with(".partial"));
        let other = File::open(tmp.path()).unwrap();
        assert!(other.try_lock().is_err(), "the writer holds the lock");
    }

    #[test]
    fn a_live_writers_partial_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut tmp = create(dir.path()).unwrap();
        tmp.write_all(b"half an archive").unwrap();
        remove_stale(dir.path());
        assert!(tmp.path().is_file(), "removed while its writer lives");
        assert_eq!(fs::read(tmp.path()).unwrap(), b"half an archive");
        // The writer finishes and renames it as usual.
        let dest = dir.path().join("out.qza");
        tmp.persist(&dest).unwrap();
        assert_eq!(names(dir.path()), ["out.qza"]);
    }

    #[test]
    fn a_dead_writers_partial_is_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        // A writer that died: its file stays, its lock went with its process.
        let (file, dead) = create(dir.path()).unwrap().keep().unwrap();
        drop(file);
        let prefix = own_prefix();
        let kept = [
            ".q2rs-another-host-Ab12Cd.partial".to_owned(),
            format!("{prefix}Ab12Cd.partial.qza"),
            format!("{prefix}not-random.partial"),
            format!("{prefix}.partial"),
            "result.qza".to_owned(),
        ];
        for name in &kept {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        let folder = dir.path().join(format!("{prefix}Folder.partial"));
        fs::create_dir(&folder).unwrap();
        let link = dir.path().join(format!("{prefix}Link12.partial"));
        std::os::unix::fs::symlink(dir.path().join("result.qza"), &link).unwrap();
        remove_stale(dir.path());
        assert!(!dead.exists(), "the dead writer's partial file is removed");
        let mut expected: Vec<String> = kept.to_vec();
        expected.push(format!("{prefix}Folder.partial"));
        expected.push(format!("{prefix}Link12.partial"));
        expected.sort();
        assert_eq!(names(dir.path()), expected);
    }

    #[test]
    fn each_folder_is_cleaned_once_per_process() {
        let dir = tempfile::tempdir().unwrap();
        remove_stale_once(dir.path());
        let (file, dead) = create(dir.path()).unwrap().keep().unwrap();
        drop(file);
        remove_stale_once(dir.path());
        assert!(dead.exists(), "a folder already cleaned is not read again");
        remove_stale(dir.path());
        assert!(!dead.exists());
    }

    #[test]
    fn a_missing_folder_is_no_error() {
        remove_stale(Path::new("/nonexistent/q2rs/folder"));
        assert!(create(Path::new("/nonexistent/q2rs/folder")).is_err());
    }
}
