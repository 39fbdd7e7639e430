//! The run's scratch folder under the system's temporary folder: private to the user (0700),
//! named after this host, and locked (`flock` on the folder itself) for as long as its process
//! lives. A process killed outright (`kill -9`, an abort) cannot remove its folder, so each new
//! run removes this user's folders on this host whose lock nobody holds any more.
//!
//! A folder is made under a hidden name, locked, then renamed to its visible name: a visible
//! folder is locked from its first moment, so a run starting meanwhile never takes a live
//! folder for an abandoned one.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// What every scratch folder's name starts with, before the host's name.
const PREFIX: &str = "q2rs-run-";
/// How old a hidden folder must be before it counts as abandoned (its process died between
/// making and renaming it).
const STAGING_GRACE: Duration = Duration::from_secs(60);

/// A scratch folder, and the lock that tells other runs its process is alive; the folder is
/// removed when this is dropped.
#[derive(Debug)]
pub(super) struct Scratch {
    path: PathBuf,
    _alive: File,
}

impl Scratch {
    /// The folder.
    pub(super) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// `q2rs-run-<host>-`: the start of this host's scratch folders' names.
fn own_prefix() -> String {
    format!("{PREFIX}{}-", crate::files::host())
}

/// Makes a private scratch folder in `parent`, locked for as long as this process lives.
pub(super) fn make(parent: &Path) -> io::Result<Scratch> {
    let staging = crate::files::private_tempdir(&format!(".{}", own_prefix()), Some(parent))?;
    let alive = File::open(staging.path())?;
    // Where the file system has no locks, no folder is ever taken for abandoned.
    let _ = alive.try_lock();
    let name = staging
        .path()
        .file_name()
        .unwrap_or_default()
        .to_string_lossy();
    let path = parent.join(name.trim_start_matches('.'));
    fs::rename(staging.path(), &path)?;
    // Renamed: nothing left for the staging guard to remove.
    let _ = staging.keep();
    Ok(Scratch {
        path,
        _alive: alive,
    })
}

/// Removes the scratch folders of this user on this host in `parent` whose process is gone.
/// Best effort and silent: what cannot be checked or removed is left.
pub(super) fn remove_abandoned(parent: &Path) {
    let prefix = own_prefix();
    let staging = format!(".{prefix}");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let path = entry.path();
        let gone = if name.starts_with(&prefix) {
            own_folder(&path) && unlocked(&path)
        } else if name.starts_with(&staging) {
            own_folder(&path) && older_than(&path, STAGING_GRACE)
        } else {
            false
        };
        if gone {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Whether `path` is a folder of this user's (a real folder, not a link).
fn own_folder(path: &Path) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != crate::files::current_uid() {
            return false;
        }
    }
    meta.is_dir()
}

/// Whether no live process holds the lock of the folder `path`.
fn unlocked(path: &Path) -> bool {
    File::open(path).is_ok_and(|folder| folder.try_lock().is_ok())
}

/// Whether `path` was last changed longer than `age` ago.
fn older_than(path: &Path, age: Duration) -> bool {
    fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|at| SystemTime::now().duration_since(at).ok())
        .is_some_and(|elapsed| elapsed > age)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_scratch_folder_is_private_locked_and_visible_only_once_locked() {
        let parent = tempfile::tempdir().unwrap();
        let scratch = make(parent.path()).unwrap();
        let mode = fs::metadata(scratch.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        let name = scratch.path().file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with(&own_prefix()), "{name}");
        assert_eq!(
            fs::read_dir(parent.path()).unwrap().count(),
            1,
            "no staging left"
        );
        assert!(!unlocked(scratch.path()), "its process lives");
        remove_abandoned(parent.path());
        assert!(scratch.path().is_dir());
        let path = scratch.path().to_path_buf();
        drop(scratch);
        assert!(!path.exists(), "removed when dropped");
    }

    #[test]
    fn an_abandoned_folder_is_removed_and_nothing_else() {
        let parent = tempfile::tempdir().unwrap();
        // A run that died: its lock went with its process, its folder stayed.
        let dead_path = parent.path().join(format!("{}dead", own_prefix()));
        fs::create_dir(&dead_path).unwrap();
        fs::write(dead_path.join("input.fasta"), ">a\nACGT\n").unwrap();
        let young_staging = parent.path().join(format!(".{}young", own_prefix()));
        fs::create_dir(&young_staging).unwrap();
        let other_host = parent.path().join("q2rs-run-another-host-abc");
        fs::create_dir(&other_host).unwrap();
        let live = make(parent.path()).unwrap();
        remove_abandoned(parent.path());
        assert!(!dead_path.exists(), "the dead run's folder stays");
        assert!(young_staging.is_dir(), "a folder being made was removed");
        assert!(other_host.is_dir(), "another host's folder was removed");
        assert!(live.path().is_dir(), "a live run's folder was removed");
    }
}
