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
