//! Refusing plugin files that another user could have changed: world-writable files, files in a
//! world-writable folder (unless sticky, as `/tmp` is), and files or folders owned by someone
//! other than this process's user or root. A plugin is code the user chose to install, but
//! loading it runs that code, so a file anyone may rewrite or replace is not loaded unless the
//! user says so. The file is opened once, checked through that handle and loaded through it,
//! so it cannot be swapped between the check and the load.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

/// The environment variable that, set to `1`, `true` or `yes`, loads such files anyway
/// (the command line's `--allow-insecure-plugins` sets it for the worker processes it starts).
pub const ALLOW_INSECURE_VAR: &str = "QIIME2_ALLOW_INSECURE_PLUGINS";

static ALLOWED: AtomicBool = AtomicBool::new(false);

/// Loads world-writable plugin files and files owned by another user in this process from now
/// on, and in the worker processes it starts (the command line's `--allow-insecure-plugins`).
pub fn allow_insecure_plugins() {
    ALLOWED.store(true, Ordering::Relaxed);
}

/// Whether [`allow_insecure_plugins`] was called in this process.
fn allowed_in_process() -> bool {
    ALLOWED.load(Ordering::Relaxed)
}

/// Whether insecure plugin files are loaded: [`allow_insecure_plugins`] was called, or
/// `$QIIME2_ALLOW_INSECURE_PLUGINS` is `1`, `true` or `yes`.
pub fn insecure_plugins_allowed() -> bool {
    allowed_in_process()
        || std::env::var(ALLOW_INSECURE_VAR)
            .is_ok_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes"))
}

/// A plugin file opened once and checked through that handle: `load_path` names the very file
/// that was checked (`/proc/self/fd/N` on Linux), so swapping files at the original path between
/// the check and the load changes nothing.
#[derive(Debug)]
pub(crate) struct OpenedPlugin {
    /// The path to give the dynamic linker.
    pub(crate) load_path: PathBuf,
}

/// The plugin files opened so far in this process, by device and inode, with the name each was
/// loaded by. Their handles stay open for the life of the process, as the libraries are never
/// unloaded: the dynamic linker knows each library by its `/proc/self/fd/N` name, which must not
/// come to name another file.
#[cfg(target_os = "linux")]
static OPENED: Mutex<BTreeMap<(u64, u64), (File, PathBuf)>> = Mutex::new(BTreeMap::new());

/// Why a plugin file is refused before it is loaded: another user could have changed it, or
/// that could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Insecurity {
    /// Its path, the file or its folder could not be examined.
    #[error("{what} cannot be checked ({reason})")]
    Unchecked {
        /// `its path`, `the file`, `its folder`.
        what: &'static str,
        /// The system's reason.
        reason: String,
    },
    /// Not a regular file.
    #[error("not a regular file")]
    NotAFile,
    /// Any user may write it.
    #[error("world-writable (mode {mode:04o})")]
    WorldWritable {
        /// Its permission bits.
        mode: u32,
    },
    /// Owned by a user other than this process's and root.
    #[error(
        "owned by another user (uid {owner}; this process runs as uid {me}, and root's files are \
         trusted)"
    )]
    OtherOwner {
        /// The file's owner.
        owner: u32,
        /// This process's user.
        me: u32,
    },
    /// Its folder lets another user replace it.
    #[error("in the folder {}, which is {reason}", folder.display())]
    Folder {
        /// The folder.
        folder: PathBuf,
        /// How.
        reason: FolderInsecurity,
    },
}

/// How a plugin's folder lets another user replace the files in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FolderInsecurity {
    /// Owned by a user other than this process's and root.
    #[error("owned by another user (uid {owner})")]
    OtherOwner {
        /// The folder's owner.
        owner: u32,
    },
    /// Any user may add or replace files in it (and it is not sticky).
    #[error("world-writable (mode {mode:04o})")]
    WorldWritable {
        /// Its permission bits.
        mode: u32,
    },
}

/// Opens the plugin file at `path` and, when `check`, refuses it (with the reason) if another
/// user could have changed it: it or its folder world-writable (a folder may be when sticky and
/// owned by root or this user, as `/tmp` is), or either owned by someone other than this user or
/// root. What cannot be checked is refused too.
#[cfg(unix)]
pub(crate) fn open_plugin(path: &Path, check: bool) -> Result<OpenedPlugin, Insecurity> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    let cannot = |what: &'static str, e: std::io::Error| Insecurity::Unchecked {
        what,
        reason: e.to_string(),
    };
    let real = std::fs::canonicalize(path).map_err(|e| cannot("its path", e))?;
    let folder = real.parent().unwrap_or(Path::new("/"));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(&real)
        .map_err(|e| cannot("the file", e))?;
    let meta = file.metadata().map_err(|e| cannot("the file", e))?;
    if !meta.is_file() {
        return Err(Insecurity::NotAFile);
    }
    if check {
        let me = crate::files::current_uid();
        let mode = meta.mode() & 0o7777;
        if mode & 0o002 != 0 {
            return Err(Insecurity::WorldWritable { mode });
        }
        let owner = meta.uid();
        if owner != me && owner != 0 {
            return Err(Insecurity::OtherOwner { owner, me });
        }
        let dir = std::fs::symlink_metadata(folder).map_err(|e| cannot("its folder", e))?;
        folder_insecurity(dir.mode() & 0o7777, dir.uid(), me).map_err(|reason| {
            Insecurity::Folder {
                folder: folder.to_path_buf(),
                reason,
            }
        })?;
    }
    Ok(load_path(file, &meta, real))
}

/// Plugin file permissions are checked on Unix only.
#[cfg(not(unix))]
pub(crate) fn open_plugin(path: &Path, _check: bool) -> Result<OpenedPlugin, Insecurity> {
    Ok(OpenedPlugin {
        load_path: path.to_path_buf(),
    })
}

/// Why a folder of `mode` owned by `owner` lets a user other than `me` (or root) replace the
/// files in it.
#[cfg(unix)]
fn folder_insecurity(mode: u32, owner: u32, me: u32) -> Result<(), FolderInsecurity> {
    let sticky = mode & 0o1000 != 0;
    if owner != me && owner != 0 {
        return Err(FolderInsecurity::OtherOwner { owner });
    }
    if mode & 0o002 != 0 && !sticky {
        return Err(FolderInsecurity::WorldWritable { mode });
    }
    Ok(())
}

/// The name to load the opened `file` by: its `/proc/self/fd/N` link, kept open (one per
/// file) for the life of the process.
#[cfg(target_os = "linux")]
fn load_path(file: File, meta: &std::fs::Metadata, _real: PathBuf) -> OpenedPlugin {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::io::AsRawFd;
    let mut opened = OPENED.lock().unwrap_or_else(PoisonError::into_inner);
    let (_, load_path) = opened.entry((meta.dev(), meta.ino())).or_insert_with(|| {
        let name = PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
        (file, name)
    });
    OpenedPlugin {
        load_path: load_path.clone(),
    }
}

/// Where no `/proc/self/fd` names an open file, the checked file is loaded by its real path.
#[cfg(all(unix, not(target_os = "linux")))]
fn load_path(_file: File, _meta: &std::fs::Metadata, real: PathBuf) -> OpenedPlugin {
    OpenedPlugin { load_path: real }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn with_mode(mode: u32) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("libplugin.so");
        std::fs::write(&path, b"not really a library").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        (dir, path)
    }

    fn refused(path: &Path) -> String {
        open_plugin(path, true).unwrap_err().to_string()
    }

    #[test]
    fn world_writable_files_are_insecure() {
        let (_dir, path) = with_mode(0o666);
        assert_eq!(refused(&path), "world-writable (mode 0666)");
        let (_dir, path) = with_mode(0o757);
        assert_eq!(refused(&path), "world-writable (mode 0757)");
        assert!(open_plugin(&path, false).is_ok(), "loaded when allowed");
    }

    #[test]
    fn own_files_with_usual_modes_are_fine() {
        for mode in [0o755, 0o644, 0o700, 0o775] {
            let (_dir, path) = with_mode(mode);
            assert!(open_plugin(&path, true).is_ok(), "{mode:o}");
        }
    }

    #[test]
    fn a_file_in_a_world_writable_folder_is_insecure_unless_the_folder_is_sticky() {
        let (dir, path) = with_mode(0o755);
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let reason = refused(&path);
        assert!(
            reason.contains("which is world-writable (mode 0777)"),
            "{reason}"
        );
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
        assert!(open_plugin(&path, true).is_ok());
    }

    #[test]
    fn files_and_folders_of_another_user_are_insecure_unless_root_owns_them() {
        let me = crate::files::current_uid();
        let (dir, path) = with_mode(0o755);
        if me != 0 {
            eprintln!("note: skipped, changing a file's owner needs root");
            return;
        }
        std::os::unix::fs::chown(&path, Some(65534), None).unwrap();
        let reason = refused(&path);
        assert!(
            reason.starts_with("owned by another user (uid 65534"),
            "{reason}"
        );
        std::os::unix::fs::chown(&path, Some(0), None).unwrap();
        assert!(open_plugin(&path, true).is_ok());
        std::os::unix::fs::chown(dir.path(), Some(65534), None).unwrap();
        let reason = refused(&path);
        assert!(
            reason.contains("owned by another user (uid 65534)"),
            "{reason}"
        );
    }

    #[test]
    fn what_cannot_be_checked_is_refused() {
        let reason = refused(Path::new("/nonexistent/libplugin.so"));
        assert!(reason.starts_with("its path cannot be checked"), "{reason}");
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(refused(dir.path()), "not a regular file");
    }

    #[test]
    fn one_file_opened_twice_keeps_one_name() {
        let (_dir, path) = with_mode(0o644);
        let first = open_plugin(&path, true).unwrap();
        let again = open_plugin(&path, true).unwrap();
        assert_eq!(first.load_path, again.load_path);
        assert_eq!(
            std::fs::read(&first.load_path).unwrap(),
            b"not really a library"
        );
    }
}
