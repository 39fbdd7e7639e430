//! Atomic writes: everything is written under a temporary name in the cache's `tmp/`, then
//! renamed into place (a rename within one file system is atomic), so a killed process leaves
//! an item whole or absent.
//!
//! Small files that commit something (keys, step records) are synced before the rename, so that
//! they survive a system crash too. The files of results are not synced one by one (a sync costs
//! milliseconds, and a result has dozens of files: it tripled the run time of the tutorial's
//! pipeline); a result damaged by a system crash fails its checksums, which are verified
//! whenever it is read, and is reported, never used.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::CacheError;

/// A fresh temporary path in `tmp`, named after this process so that garbage collection can
/// tell litter of dead processes from writes in progress.
pub(crate) fn temp_path(tmp: &Path, process: &str) -> PathBuf {
    tmp.join(format!("{process}.{}", uuid::Uuid::new_v4().simple()))
}

/// A new temporary file in `tmp` holding `contents`, synced.
fn synced_temp(tmp: &Path, process: &str, contents: &[u8]) -> Result<PathBuf, CacheError> {
    let temp = temp_path(tmp, process);
    let written = File::create(&temp)
        .and_then(|mut f| f.write_all(contents).and_then(|()| f.sync_data()))
        .map_err(|e| CacheError::io(&temp, &e));
    match written {
        Ok(()) => Ok(temp),
        Err(err) => {
            let _ = std::fs::remove_file(&temp);
            Err(err)
        }
    }
}

/// Writes `contents` to `dest` atomically (via `tmp`), its contents synced before the rename.
pub(crate) fn write_file(
    tmp: &Path,
    process: &str,
    dest: &Path,
    contents: &[u8],
) -> Result<(), CacheError> {
    let temp = synced_temp(tmp, process, contents)?;
    std::fs::rename(&temp, dest).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        CacheError::io(dest, &e)
    })
}

/// Writes `contents` to `dest` atomically (via `tmp`, synced) unless `dest` exists: `false`
/// when it does (another process wrote it first), which is left as it is.
pub(crate) fn write_new_file(
    tmp: &Path,
    process: &str,
    dest: &Path,
    contents: &[u8],
) -> Result<bool, CacheError> {
    if dest.exists() {
        return Ok(false);
    }
    let temp = synced_temp(tmp, process, contents)?;
    // A hard link is made only where no file is: of two writers, exactly one wins.
    let linked = match std::fs::hard_link(&temp, dest) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        // A file system without hard links: the rename still makes the write atomic.
        Err(_) => std::fs::rename(&temp, dest)
            .map(|()| true)
            .map_err(|e| CacheError::io(dest, &e)),
    };
    let _ = std::fs::remove_file(&temp);
    linked
}

/// Syncs every file and folder under `dir` (before it is renamed into place).
pub(crate) fn sync_tree(dir: &Path) -> Result<(), CacheError> {
    for entry in walkdir::WalkDir::new(dir).contents_first(true) {
        let entry = entry.map_err(|e| CacheError::Io {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        if entry.file_type().is_dir() {
            sync_dir(entry.path())?;
        } else if entry.file_type().is_file() {
            File::open(entry.path())
                .and_then(|f| f.sync_all())
                .map_err(|e| CacheError::io(entry.path(), &e))?;
        }
    }
    Ok(())
}

/// Syncs a folder's entries (so that a rename into it is durable).
pub(crate) fn sync_dir(dir: &Path) -> Result<(), CacheError> {
    File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| CacheError::io(dir, &e))
}
