//! The run's scratch folder under the system's temporary folder: private to the user (0700),
//! named after this host, and holding a lock file that its process keeps locked while it lives.
//! A process killed outright (`kill -9`, an abort) cannot remove its folder, so each new run
//! removes this user's folders on this host whose lock nobody holds any more.

use std::fs::{self, File};
use std::io;
use std::path::Path;
use std::time::{Duration, SystemTime};

use tempfile::TempDir;

/// What every scratch folder's name starts with, before the host's name.
const PREFIX: &str = "q2rs-run-";
/// The lock file inside a scratch folder.
const LOCK: &str = ".alive";
/// How old a scratch folder without a lock file must be before it counts as abandoned (its
/// process may be between making the folder and its lock file).
const UNLOCKED_GRACE: Duration = Duration::from_secs(60);

/// A scratch folder, and the lock that tells other runs its process is alive.
#[derive(Debug)]
pub(super) struct Scratch {
    pub(super) folder: TempDir,
    _alive: File,
}

/// `q2rs-run-<host>-`: the start of this host's scratch folders' names.
fn own_prefix() -> String {
    format!("{PREFIX}{}-", crate::files::host())
}

/// Makes a private scratch folder in `parent`, locked for as long as this process lives.
pub(super) fn make(parent: &Path) -> io::Result<Scratch> {
    let prefix = own_prefix();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let folder = builder.tempdir_in(parent)?;
    let alive = File::create(folder.path().join(LOCK))?;
    // Where the file system has no locks, the folder is never taken for abandoned: a held
    // lock and a missing one both keep it.
    let _ = alive.try_lock();
    Ok(Scratch {
        folder,
        _alive: alive,
    })
}

/// Removes the scratch folders of this user on this host in `parent` whose process is gone.
/// Best effort and silent: what cannot be checked or removed is left.
pub(super) fn remove_abandoned(parent: &Path) {
    let prefix = own_prefix();
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let is_ours = entry
            .file_name()
            .to_str()
            .is_some_and(|name| name.starts_with(&prefix));
        if is_ours && abandoned(&entry.path()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether the folder at `path` is this user's (a real folder, not a link) and no live process
/// holds its lock.
fn abandoned(path: &Path) -> bool {
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
    if !meta.is_dir() {
        return false;
    }
    match File::open(path.join(LOCK)) {
        Ok(lock) => lock.try_lock().is_ok(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => meta
            .modified()
            .ok()
            .and_then(|at| SystemTime::now().duration_since(at).ok())
            .is_some_and(|age| age > UNLOCKED_GRACE),
        Err(_) => false,
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_scratch_folder_is_private_and_locked() {
        let parent = tempfile::tempdir().unwrap();
        let scratch = make(parent.path()).unwrap();
        let mode = fs::metadata(scratch.folder.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
        let name = scratch.folder.path().file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with(&own_prefix()), "{name}");
        assert!(!abandoned(scratch.folder.path()), "its process lives");
        remove_abandoned(parent.path());
        assert!(scratch.folder.path().is_dir());
    }

    #[test]
    fn an_abandoned_folder_is_removed_and_nothing_else() {
        let parent = tempfile::tempdir().unwrap();
        let dead = make(parent.path()).unwrap();
        // Its process died: the lock went with it, the folder stayed.
        let dead = {
            let Scratch { folder, _alive } = dead;
            drop(_alive);
            folder.keep()
        };
        fs::write(dead.join("input.fasta"), ">a\nACGT\n").unwrap();
        let fresh_unlocked = parent.path().join(format!("{}fresh", own_prefix()));
        fs::create_dir(&fresh_unlocked).unwrap();
        let other_host = parent.path().join("q2rs-run-another-host-abc");
        fs::create_dir(&other_host).unwrap();
        let live = make(parent.path()).unwrap();
        remove_abandoned(parent.path());
        assert!(!dead.exists(), "the dead run's folder stays");
        assert!(
            fresh_unlocked.is_dir(),
            "a folder in its grace time was removed"
        );
        assert!(other_host.is_dir(), "another host's folder was removed");
        assert!(
            live.folder.path().is_dir(),
            "a live run's folder was removed"
        );
    }
}
