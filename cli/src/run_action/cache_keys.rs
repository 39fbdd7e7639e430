//! `CACHE_DIR:KEY` in place of a file: an input read from a cache key, an output stored under
//! one. Caches opened here stay open until the process ends, so that garbage collection keeps
//! what this run reads from them.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use qiime2::cache::{Cache, CacheError, check_key};
use qiime2::sdk::Artifact;

/// A key of a cache, as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheKey {
    /// The cache folder.
    pub cache: PathBuf,
    /// The key.
    pub key: String,
}

/// Reads `CACHE_DIR:KEY`: a file that exists, or text whose part before the last `:` is not a
/// cache, is a plain path (`None`).
pub fn parse(text: &Path) -> Option<CacheKey> {
    if text.exists() {
        return None;
    }
    let (cache, key) = text.to_str()?.rsplit_once(':')?;
    let cache = PathBuf::from(cache);
    (Cache::is_cache(&cache) && check_key(key).is_ok()).then(|| CacheKey {
        cache,
        key: key.to_owned(),
    })
}

/// The caches this process opened (kept open so that their process entries hold what it reads).
static OPEN: Mutex<Vec<Cache>> = Mutex::new(Vec::new());

fn open(path: &Path) -> Result<Cache, CacheError> {
    let mut open = OPEN.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(cache) = open.iter().find(|c| c.path() == path) {
        return Ok(cache.clone());
    }
    let cache = Cache::open(path)?;
    open.push(cache.clone());
    Ok(cache)
}

impl CacheKey {
    /// The result stored under the key.
    pub fn fetch(&self) -> Result<Artifact, CacheError> {
        open(&self.cache)?.fetch(&self.key)
    }

    /// Stores `artifact` under the key.
    pub fn store(&self, artifact: &Artifact) -> Result<(), CacheError> {
        open(&self.cache)?.store(artifact, &self.key)
    }
}

impl std::fmt::Display for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.cache.display(), self.key)
    }
}

/// Closes the caches opened here (their process entries go); at the end of the run.
pub fn close_all() {
    OPEN.lock().unwrap_or_else(PoisonError::into_inner).clear();
}
