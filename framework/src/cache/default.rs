//! The cache used when none is named: the user's own, or QIIME 2's per-user cache in the
//! temporary folder where the user has no writable home folder.

use std::path::{Path, PathBuf};

use super::error::CacheError;
use super::root::Cache;

/// Where the cache is when none is named: `qiime2/cache` in the user's cache folder
/// (`~/.cache` on Linux).
pub fn default_cache_path() -> Option<PathBuf> {
    dirs::cache_dir().map(|dir| dir.join("qiime2").join("cache"))
}

/// QIIME 2's own default cache, `qiime2/<user>` in the temporary folder, used when the user's
/// cache folder cannot hold one (no home folder, or a read-only one). The `qiime2` folder is
/// shared by the machine's users: it must be sticky and writable by all (as `/tmp` is, and as
/// QIIME 2 makes it), or this user's alone; a `<user>` folder another user made first is left to
/// them, and `uid=#<uid>` used instead, as QIIME 2 does.
pub fn temp_cache_path() -> Result<PathBuf, CacheError> {
    let base = std::env::temp_dir().join("qiime2");
    match std::fs::create_dir(&base) {
        Ok(()) => set_mode(&base, 0o1777)?,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(CacheError::io(&base, &e)),
    }
    check_shared_parent(&base)?;
    let uid = current_user_id();
    let user = ["USER", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|u| is_plain_name(u)))
        .unwrap_or_else(|| format!("uid=#{uid}"));
    for name in [user, format!("uid=#{uid}")] {
        let dir = base.join(&name);
        match std::fs::symlink_metadata(&dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(dir),
            Err(e) => return Err(CacheError::io(&dir, &e)),
            Ok(meta) if owned_by(&meta, uid) && meta.is_dir() => return Ok(dir),
            Ok(_) => {}
        }
    }
    Err(CacheError::Untrusted {
        path: base.join(format!("uid=#{uid}")),
        reason: "taken by another user".to_owned(),
    })
}

/// Whether `name` can name a folder of its own: not empty, `.` or `..`, and without `/`.
fn is_plain_name(name: &str) -> bool {
    !matches!(name, "" | "." | "..") && !name.contains(['/', '\0'])
}

/// The user id of this process (0 where there are none).
fn current_user_id() -> u32 {
    #[cfg(unix)]
    {
        crate::files::current_uid()
    }
    #[cfg(not(unix))]
    {
        0
    }
}

/// Whether `meta` is owned by the user `uid` (always, where there are no owners).
fn owned_by(meta: &std::fs::Metadata, uid: u32) -> bool {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::uid(meta) == uid
    }
    #[cfg(not(unix))]
    {
        let _ = (meta, uid);
        true
    }
}

fn set_mode(path: &Path, mode: u32) -> Result<(), CacheError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            .map_err(|e| CacheError::io(path, &e))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

/// Checks that the shared `qiime2` folder of the temporary folder is a real folder, either
/// this user's own (and not writable by others) or sticky and writable by all.
fn check_shared_parent(base: &Path) -> Result<(), CacheError> {
    let meta = std::fs::symlink_metadata(base).map_err(|e| CacheError::io(base, &e))?;
    let untrusted = |reason: &str| CacheError::Untrusted {
        path: base.to_path_buf(),
        reason: reason.to_owned(),
    };
    if !meta.is_dir() {
        return Err(untrusted(
            "not a folder (a link or a file planted in its place)",
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mode = meta.mode() & 0o7777;
        let sticky_for_all = mode & 0o1777 == 0o1777;
        let own_private = meta.uid() == current_user_id() && mode & 0o022 == 0;
        if !sticky_for_all && !own_private {
            return Err(untrusted(&format!(
                "shared by the machine's users but not sticky and writable by all (mode \
                 {mode:04o}, owner uid {}); expected mode 1777",
                meta.uid()
            )));
        }
    }
    Ok(())
}

/// Opens the cache used when none is named: the one at [`default_cache_path`], or, where that
/// cannot be made (no home folder, a read-only one), the one at [`temp_cache_path`], which is
/// private to the user.
pub fn default_cache() -> Result<Cache, CacheError> {
    let home = default_cache_path().map(|path| Cache::open(&path));
    match home {
        Some(Ok(cache)) => Ok(cache),
        Some(Err(CacheError::Io { .. })) | None => {
            let path = temp_cache_path()?;
            let fresh = !path.exists();
            let cache = Cache::open(&path)?;
            if fresh {
                set_mode(&path, 0o700)?;
            }
            Ok(cache)
        }
        Some(Err(err)) => Err(err),
    }
}
