//! Whose a cache is: a cache (or a pool in it) that another user could have planted results in
//! is refused, unless it is a cache shared with this user's group on purpose (group-writable,
//! of one of this user's groups, and not writable by everyone).

use std::path::Path;
use std::sync::Mutex;

use super::error::CacheError;

/// How a folder of a cache may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ownership {
    /// This user's own.
    Own,
    /// Another user's, shared with this user's group `gid`.
    SharedWithGroup {
        /// The owner.
        owner: u32,
        /// The group it is shared with.
        gid: u32,
    },
}

/// What the folder `path` of a cache is to this user, or why it must not be used: writable by
/// everyone (and not sticky), or owned by another user without being shared with a group of
/// this user's.
#[cfg(unix)]
pub(crate) fn ownership(path: &Path) -> Result<Ownership, CacheError> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).map_err(|e| CacheError::io(path, &e))?;
    let untrusted = |reason: String| CacheError::Untrusted {
        path: path.to_path_buf(),
        reason,
    };
    let mode = meta.mode() & 0o7777;
    if mode & 0o002 != 0 && mode & 0o1000 == 0 {
        return Err(untrusted(format!(
            "writable by every user (mode {mode:04o}), so anyone could plant results in it"
        )));
    }
    let me = crate::files::current_uid();
    let (owner, gid) = (meta.uid(), meta.gid());
    if owner == me {
        return Ok(Ownership::Own);
    }
    if mode & 0o070 == 0o070 && crate::files::in_group(gid) {
        return Ok(Ownership::SharedWithGroup { owner, gid });
    }
    Err(untrusted(format!(
        "owned by another user (uid {owner}; this process runs as uid {me}) and not shared with \
         a group of yours (group-writable, group {gid})"
    )))
}

/// Caches are checked on Unix only.
#[cfg(not(unix))]
pub(crate) fn ownership(_path: &Path) -> Result<Ownership, CacheError> {
    Ok(Ownership::Own)
}

/// Checks the cache folder `path` (see [`ownership`]) and says once per process, on standard
/// error, when it is another user's cache shared with this user's group.
pub(crate) fn check_cache(path: &Path) -> Result<(), CacheError> {
    static NOTED: Mutex<Vec<std::path::PathBuf>> = Mutex::new(Vec::new());
    if let Ownership::SharedWithGroup { owner, gid } = ownership(path)? {
        let mut noted = NOTED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !noted.iter().any(|p| p == path) {
            noted.push(path.to_path_buf());
            tracing::info!(
                "note: using the cache {} of user {owner}, shared with your group {gid}",
                path.display()
            );
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn folder(mode: u32) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(mode)).unwrap();
        dir
    }

    #[test]
    fn an_own_folder_is_used_unless_everyone_may_write_to_it() {
        assert_eq!(ownership(folder(0o755).path()).unwrap(), Ownership::Own);
        assert_eq!(ownership(folder(0o770).path()).unwrap(), Ownership::Own);
        let err = ownership(folder(0o777).path()).unwrap_err();
        assert!(
            err.to_string()
                .contains("writable by every user (mode 0777)"),
            "{err}"
        );
    }

    #[test]
    fn another_users_folder_is_refused_unless_shared_with_a_group_of_ours() {
        if crate::files::current_uid() != 0 {
            eprintln!("note: skipped, changing a folder's owner needs root");
            return;
        }
        let dir = folder(0o755);
        std::os::unix::fs::chown(dir.path(), Some(65534), Some(0)).unwrap();
        let err = ownership(dir.path()).unwrap_err();
        assert!(
            err.to_string().contains("owned by another user (uid 65534"),
            "{err}"
        );
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o2770)).unwrap();
        assert_eq!(
            ownership(dir.path()).unwrap(),
            Ownership::SharedWithGroup {
                owner: 65534,
                gid: 0
            }
        );
        std::os::unix::fs::chown(dir.path(), None, Some(65534)).unwrap();
        assert!(ownership(dir.path()).is_err(), "a group root is not in");
    }
}
