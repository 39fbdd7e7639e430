//! The cache's lock: a file locked shared by writers and readers, exclusively by garbage
//! collection (`flock`, released by the system when the process dies, so a kill never leaves
//! the cache locked).

use std::fs::{File, OpenOptions};
use std::path::Path;

use super::error::CacheError;

/// The lock file, at the cache's root.
pub(crate) const LOCK_FILE: &str = ".lock";

/// A held lock; released when dropped.
#[derive(Debug)]
pub(crate) struct Held {
    _file: File,
}

fn open(root: &Path) -> Result<File, CacheError> {
    let path = root.join(LOCK_FILE);
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| CacheError::io(&path, &e))
}

/// Waits for and takes a shared lock on the cache at `root`.
pub(crate) fn shared(root: &Path) -> Result<Held, CacheError> {
    let file = open(root)?;
    file.lock_shared()
        .map_err(|e| CacheError::io(&root.join(LOCK_FILE), &e))?;
    Ok(Held { _file: file })
}

/// Waits for and takes the exclusive lock on the cache at `root`.
pub(crate) fn exclusive(root: &Path) -> Result<Held, CacheError> {
    let file = open(root)?;
    file.lock()
        .map_err(|e| CacheError::io(&root.join(LOCK_FILE), &e))?;
    Ok(Held { _file: file })
}
