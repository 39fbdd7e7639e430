//! Results in `data/<uuid>/`, each laid out as an archive's root (`VERSION`, `metadata.yaml`,
//! `data/`, `provenance/`, `checksums.md5`); written once, checked against its checksums
//! whenever it is read back.

use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::archive::{ChecksumKind, VersionFile, compute_checksum_file, verify_checksums};
use crate::sdk::Artifact;

use super::atomic;
use super::error::CacheError;
use super::root::Cache;

impl Cache {
    /// The folder of result `uuid`.
    pub(crate) fn data_path(&self, uuid: Uuid) -> PathBuf {
        self.dir("data").join(uuid.to_string())
    }

    /// Writes `artifact` into `data/` unless it is there already. The caller holds a shared
    /// lock, and names the result in a key or a pool before releasing it (garbage collection,
    /// which needs the exclusive lock, cannot run in between).
    pub(crate) fn put_data(&self, artifact: &Artifact) -> Result<(), CacheError> {
        let dest = self.data_path(artifact.uuid());
        if dest.exists() {
            return Ok(());
        }
        let temp = atomic::temp_path(&self.tmp_dir(), self.process_name());
        let written = (|| {
            artifact.write_dir(&temp)?;
            let version = temp.join("VERSION");
            std::fs::write(&version, VersionFile::current(crate::VERSION).render())
                .map_err(|e| CacheError::io(&version, &e))?;
            let sums = compute_checksum_file(&temp, ChecksumKind::Md5)
                .map_err(crate::sdk::SdkError::from)?;
            let file = temp.join(ChecksumKind::Md5.file_name());
            std::fs::write(&file, sums).map_err(|e| CacheError::io(&file, &e))
        })();
        if let Err(err) = written {
            let _ = std::fs::remove_dir_all(&temp);
            return Err(err);
        }
        match std::fs::rename(&temp, &dest) {
            Ok(()) => Ok(()),
            Err(_) if dest.exists() => {
                // Another process stored the same result at the same time.
                let _ = std::fs::remove_dir_all(&temp);
                Ok(())
            }
            Err(e) => {
                let _ = std::fs::remove_dir_all(&temp);
                Err(CacheError::io(&dest, &e))
            }
        }
    }

    /// Opens result `uuid` after checking it against its checksums; `holder` (a key, a pool
    /// and step) is named in errors. The caller holds a shared lock.
    pub(crate) fn open_data(&self, uuid: Uuid, holder: &str) -> Result<Artifact, CacheError> {
        let corrupt = |reason: String| CacheError::Corrupt {
            cache: self.path().to_path_buf(),
            holder: holder.to_owned(),
            uuid,
            reason,
        };
        let root = self.data_path(uuid);
        if !root.is_dir() {
            return Err(corrupt(format!("{} is missing", root.display())));
        }
        verify_checksums(&root, ChecksumKind::Md5).map_err(|e| corrupt(e.to_string()))?;
        let artifact = Artifact::open_dir(&root).map_err(|e| corrupt(e.to_string()))?;
        if artifact.uuid() != uuid {
            return Err(corrupt(format!(
                "its metadata.yaml names {}",
                artifact.uuid()
            )));
        }
        self.hold(uuid)?;
        Ok(artifact)
    }

    /// Records in this process's entry that it holds `uuid` (garbage collection keeps it).
    fn hold(&self, uuid: Uuid) -> Result<(), CacheError> {
        link(&self.process_dir(), uuid)
    }

    /// Links `uuid` into the pool `name`.
    pub(crate) fn link_into_pool(&self, name: &str, uuid: Uuid) -> Result<(), CacheError> {
        link(&self.dir("pools").join(name), uuid)
    }
}

/// Makes `<dir>/<uuid>` a link to `../../data/<uuid>` (as QIIME 2's pools hold them).
fn link(dir: &Path, uuid: Uuid) -> Result<(), CacheError> {
    let entry = dir.join(uuid.to_string());
    if entry.symlink_metadata().is_ok() {
        return Ok(());
    }
    let target = Path::new("../../data").join(uuid.to_string());
    match make_link(&target, &entry) {
        Ok(()) => Ok(()),
        Err(_) if entry.symlink_metadata().is_ok() => Ok(()),
        Err(e) => Err(CacheError::io(&entry, &e)),
    }
}

#[cfg(unix)]
fn make_link(target: &Path, entry: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, entry)
}

/// Where symbolic links are not available, an empty file named by the UUID marks the member.
#[cfg(not(unix))]
fn make_link(_target: &Path, entry: &Path) -> std::io::Result<()> {
    std::fs::File::create(entry).map(drop)
}
