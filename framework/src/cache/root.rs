//! A cache folder: created in QIIME 2's layout or opened after checking it is one.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::atomic;
use super::error::CacheError;
use super::lock::{self, Held};
use super::owner;
use super::process;

/// The cache format this version writes (the `cache:` line of `VERSION`).
const CACHE_FORMAT: &str = "1";

/// The folders every cache has.
const FOLDERS: [&str; 4] = ["data", "keys", "pools", "processes"];

/// A cache folder in use by this process (cheap to clone).
///
/// While it is open, this process has an entry in `processes/` that keeps the data it uses
/// from garbage collection (made when it first holds something); the entry is removed when the
/// last clone is dropped.
#[derive(Debug, Clone)]
pub struct Cache {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    root: PathBuf,
    /// This process's entry name in `processes/` (also the prefix of its temporary files).
    process: String,
    /// Whether the entry was made.
    entry_made: AtomicBool,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if *self.entry_made.get_mut() {
            let _ = std::fs::remove_dir_all(self.root.join("processes").join(&self.process));
        }
    }
}

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

impl Cache {
    /// Creates a new, empty cache at `path`, which must not exist.
    pub fn create(path: &Path) -> Result<Self, CacheError> {
        if path.exists() {
            return Err(CacheError::Exists {
                path: path.to_path_buf(),
            });
        }
        Self::open(path)
    }

    /// Opens the cache at `path`, creating it when `path` does not exist; fails when `path`
    /// exists and is not a cache, or is a cache another user could have planted results in
    /// (see [`CacheError::Untrusted`]; a cache shared with the user's group is used, with a
    /// note).
    pub fn open(path: &Path) -> Result<Self, CacheError> {
        if !path.exists() {
            make(path)?;
        } else if !Self::is_cache(path) {
            return Err(CacheError::NotACache {
                path: path.to_path_buf(),
            });
        }
        owner::check_cache(path)?;
        let cache = Self {
            inner: Arc::new(Inner {
                root: path.to_path_buf(),
                process: format!(
                    "{}.{}",
                    process::this_process(),
                    &uuid::Uuid::new_v4().simple().to_string()[..8]
                ),
                entry_made: AtomicBool::new(false),
            }),
        };
        let tmp = cache.tmp_dir();
        std::fs::create_dir_all(&tmp).map_err(|e| CacheError::io(&tmp, &e))?;
        Ok(cache)
    }

    /// Whether `path` is a cache: it holds the cache folders and a cache `VERSION` file.
    pub fn is_cache(path: &Path) -> bool {
        FOLDERS.iter().all(|f| path.join(f).is_dir())
            && std::fs::read_to_string(path.join("VERSION")).is_ok_and(|v| {
                let mut lines = v.lines();
                lines.next() == Some("QIIME 2")
                    && lines.next().is_some_and(|l| l.starts_with("cache: "))
                    && lines.next().is_some_and(|l| l.starts_with("framework: "))
            })
    }

    /// The cache folder.
    pub fn path(&self) -> &Path {
        &self.inner.root
    }

    pub(crate) fn dir(&self, name: &str) -> PathBuf {
        self.inner.root.join(name)
    }

    pub(crate) fn tmp_dir(&self) -> PathBuf {
        self.dir("tmp")
    }

    pub(crate) fn process_dir(&self) -> PathBuf {
        self.dir("processes").join(&self.inner.process)
    }

    /// This process's entry in `processes/`, made on first use.
    pub(crate) fn process_entry(&self) -> Result<PathBuf, CacheError> {
        let dir = self.process_dir();
        if !self.inner.entry_made.load(Ordering::Acquire) {
            std::fs::create_dir_all(&dir).map_err(|e| CacheError::io(&dir, &e))?;
            self.inner.entry_made.store(true, Ordering::Release);
        }
        Ok(dir)
    }

    pub(crate) fn process_name(&self) -> &str {
        &self.inner.process
    }

    /// A shared lock on the cache (writers and readers).
    pub(crate) fn shared(&self) -> Result<Held, CacheError> {
        lock::shared(self.path())
    }

    /// The exclusive lock on the cache (garbage collection).
    pub(crate) fn exclusive(&self) -> Result<Held, CacheError> {
        lock::exclusive(self.path())
    }

    /// Writes `contents` to `dest` (inside the cache) atomically.
    pub(crate) fn write_atomic(&self, dest: &Path, contents: &[u8]) -> Result<(), CacheError> {
        atomic::write_file(&self.tmp_dir(), self.process_name(), dest, contents)
    }

    /// Writes `contents` to `dest` (inside the cache) atomically unless it exists; `false`
    /// when another process wrote it first.
    pub(crate) fn write_new(&self, dest: &Path, contents: &[u8]) -> Result<bool, CacheError> {
        atomic::write_new_file(&self.tmp_dir(), self.process_name(), dest, contents)
    }
}

/// Lays out a new cache at `path`: built under a temporary name beside it, then renamed, so that
/// two processes creating the same cache at once both end with one complete cache.
fn make(path: &Path) -> Result<(), CacheError> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| CacheError::io(parent, &e))?;
    let name = path
        .file_name()
        .map_or_else(|| "cache".to_owned(), |n| n.to_string_lossy().into_owned());
    let temp = parent.join(format!(".{name}.{}", uuid::Uuid::new_v4().simple()));
    let built = (|| {
        for dir in FOLDERS.iter().chain(&["tmp"]) {
            let dir = temp.join(dir);
            std::fs::create_dir_all(&dir).map_err(|e| CacheError::io(&dir, &e))?;
        }
        let version = format!(
            "QIIME 2\ncache: {CACHE_FORMAT}\nframework: {}\n",
            crate::archive::FRAMEWORK_VERSION
        );
        let file = temp.join("VERSION");
        std::fs::write(&file, version).map_err(|e| CacheError::io(&file, &e))?;
        atomic::sync_tree(&temp)
    })();
    if let Err(err) = built {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(err);
    }
    match std::fs::rename(&temp, path) {
        Ok(()) => atomic::sync_dir(parent),
        Err(_) if Cache::is_cache(path) => {
            // Another process made it first.
            let _ = std::fs::remove_dir_all(&temp);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&temp);
            Err(CacheError::io(path, &e))
        }
    }
}
