//! Results in `data/<uuid>/`, each laid out as an archive's root (`VERSION`, `metadata.yaml`,
//! `data/`, `provenance/`, `checksums.md5`); written once, checked against its checksums
//! whenever it is read back.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::archive::{
    ChecksumKind, Node, Source, Tree, VersionFile, compute_checksum_file, render_checksums,
    scan_dir, tree_checksums, verify_checksums, write_tree,
};
use crate::sdk::Artifact;

use super::atomic;
use super::error::CacheError;
use super::root::Cache;

/// What holds a result being opened, for error messages: its key (or its pool's) and a label
/// (`key 'k'`, `pool 'p', step ...`).
pub(crate) struct Holder<'a> {
    /// The key whose removal removes the result.
    pub(crate) key: &'a str,
    /// How errors name the holder.
    pub(crate) label: String,
}

/// The prefix of a process entry's member that holds a whole pool (`pool-<name>`).
pub(crate) const POOL_HOLD: &str = "pool-";

/// The file of a pooled result listing its ancestors whose provenance is not in its own.
const ANCESTORS_FILE: &str = "ancestors";

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
            std::fs::write(
                &version,
                VersionFile::current(crate::archive::FRAMEWORK_VERSION).render(),
            )
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

    /// Opens result `uuid` of the key `key` after checking it against its checksums. The
    /// caller holds a shared lock.
    pub(crate) fn open_data(&self, uuid: Uuid, key: &str) -> Result<Artifact, CacheError> {
        let holder = Holder {
            key,
            label: format!("key '{key}'"),
        };
        self.open_pooled(uuid, &holder, &mut HashMap::new())
    }

    /// Opens result `uuid` (checked against its checksums) with the ancestors its `ancestors`
    /// file names, each opened the same way; `opened` remembers what was opened already.
    pub(crate) fn open_pooled(
        &self,
        uuid: Uuid,
        holder: &Holder<'_>,
        opened: &mut HashMap<Uuid, Artifact>,
    ) -> Result<Artifact, CacheError> {
        if let Some(artifact) = opened.get(&uuid) {
            return Ok(artifact.clone());
        }
        let corrupt = |reason: String| CacheError::Corrupt {
            holder: holder.label.clone(),
            uuid,
            reason,
            remedy: format!(
                "qiime tools cache-remove --cache {} --key {}",
                self.path().display(),
                holder.key
            ),
        };
        let root = self.data_path(uuid);
        if !root.is_dir() {
            return Err(corrupt(format!("{} is missing", root.display())));
        }
        verify_checksums(&root, ChecksumKind::Md5).map_err(|e| corrupt(e.to_string()))?;
        let listed = root.join(ANCESTORS_FILE);
        let artifact = if listed.is_file() {
            let text = std::fs::read_to_string(&listed).map_err(|e| CacheError::io(&listed, &e))?;
            let mut ancestors = Vec::new();
            for line in text.lines().filter(|l| !l.is_empty()) {
                let ancestor = Uuid::parse_str(line)
                    .map_err(|_| corrupt(format!("its {ANCESTORS_FILE} file lists {line:?}")))?;
                ancestors.push(self.open_pooled(ancestor, holder, opened)?);
            }
            Artifact::open_dir_with_ancestors(&root, ancestors)
        } else {
            Artifact::open_dir(&root)
        }
        .map_err(|e| corrupt(e.to_string()))?;
        if artifact.uuid() != uuid {
            return Err(corrupt(format!(
                "its metadata.yaml names {}",
                artifact.uuid()
            )));
        }
        self.hold(uuid)?;
        opened.insert(uuid, artifact.clone());
        Ok(artifact)
    }

    /// Puts `artifact` into `data/` for the pool `pool`, with every ancestor whose provenance
    /// is in memory (each linked from the pool, so that they live as long as it does). A
    /// result made in this process keeps only its own provenance record and lists its
    /// ancestors in an `ancestors` file: far fewer files than flattened provenance.
    ///
    /// A `fresh` result (a step's output no other thread has seen yet) made in this process is
    /// moved into the cache rather than copied: its folder is renamed, and a link left in its
    /// place, through which the result reads on. The caller holds a shared lock.
    pub(crate) fn put_pooled(
        &self,
        pool: &str,
        artifact: &Artifact,
        fresh: bool,
        done: &mut HashSet<Uuid>,
    ) -> Result<(), CacheError> {
        if !done.insert(artifact.uuid()) {
            return Ok(());
        }
        for ancestor in artifact.ancestors_in_memory() {
            self.put_pooled(pool, ancestor, false, done)?;
        }
        let dest = self.data_path(artifact.uuid());
        if !dest.exists() {
            // Data that moved into a cache already (a link in their place) are copied.
            let movable = fresh && artifact.owns_data() && !artifact.data_dir().is_symlink();
            let moved = cfg!(unix) && movable && self.move_in(artifact, &dest)?;
            if !moved {
                self.copy_in(artifact, &dest)?;
            }
        }
        self.link_into_pool(pool, artifact.uuid())
    }

    /// Moves the data folder of `artifact` into the result `dest` (its own provenance record
    /// written beside), leaving a link in its place; `false` when the folder cannot be renamed
    /// there (another file system): it is then copied.
    fn move_in(&self, artifact: &Artifact, dest: &Path) -> Result<bool, CacheError> {
        let data = artifact.data_dir();
        let dest = std::path::absolute(dest).map_err(|e| CacheError::io(dest, &e))?;
        let mut tree = cached_tree(artifact)?;
        tree.remove("data");
        let temp = atomic::temp_path(&self.tmp_dir(), self.process_name());
        write_tree(&tree, &temp).map_err(|e| discard(&temp, e.into()))?;
        if std::fs::rename(&data, temp.join("data")).is_err() {
            let _ = std::fs::remove_dir_all(&temp);
            return Ok(false);
        }
        let written = std::fs::rename(&temp, &dest)
            .map_err(|e| CacheError::io(&dest, &e))
            .and_then(|()| {
                make_link(&dest.join("data"), &data).map_err(|e| CacheError::io(&data, &e))
            });
        if let Err(err) = written {
            // Put the data back where the result reads them.
            let _ = std::fs::remove_file(&data);
            let moved = [temp.join("data"), dest.join("data")];
            if let Some(from) = moved.iter().find(|p| p.is_dir()) {
                let _ = std::fs::rename(from, &data);
            }
            let _ = std::fs::remove_dir_all(&temp);
            return Err(err);
        }
        Ok(true)
    }

    /// Copies `artifact` (its own provenance record, its ancestors listed, its data files
    /// hard-linked where possible) to `dest` via `tmp/`.
    fn copy_in(&self, artifact: &Artifact, dest: &Path) -> Result<(), CacheError> {
        let temp = atomic::temp_path(&self.tmp_dir(), self.process_name());
        let tree = cached_tree(artifact)?;
        write_tree(&tree, &temp).map_err(|e| discard(&temp, e.into()))?;
        match std::fs::rename(&temp, dest) {
            Ok(()) => Ok(()),
            Err(_) if dest.exists() => {
                let _ = std::fs::remove_dir_all(&temp);
                Ok(())
            }
            Err(e) => Err(discard(&temp, CacheError::io(dest, &e))),
        }
    }

    /// Records in this process's entry that it holds `uuid` (garbage collection keeps it).
    fn hold(&self, uuid: Uuid) -> Result<(), CacheError> {
        link(&self.process_entry()?, uuid)
    }

    /// Records in this process's entry that it holds the pool `name` and all it holds (garbage
    /// collection keeps them, even when the pool's key is removed).
    pub(crate) fn hold_pool(&self, name: &str) -> Result<(), CacheError> {
        let entry = self.process_entry()?.join(format!("{POOL_HOLD}{name}"));
        if entry.symlink_metadata().is_ok() {
            return Ok(());
        }
        let made = make_link(&Path::new("../../pools").join(name), &entry);
        match made {
            Err(e) if entry.symlink_metadata().is_err() => Err(CacheError::io(&entry, &e)),
            _ => Ok(()),
        }
    }

    /// Stops holding the pool `name` (see [`Cache::hold_pool`]).
    pub(crate) fn release_pool(&self, name: &str) -> Result<(), CacheError> {
        let entry = self.process_dir().join(format!("{POOL_HOLD}{name}"));
        match std::fs::remove_file(&entry) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(CacheError::io(&entry, &e)),
            _ => Ok(()),
        }
    }

    /// Links `uuid` into the pool `name`.
    pub(crate) fn link_into_pool(&self, name: &str, uuid: Uuid) -> Result<(), CacheError> {
        link(&self.dir("pools").join(name), uuid)
    }
}

/// Removes the unfinished write `temp`, passing `err` on.
fn discard(temp: &Path, err: CacheError) -> CacheError {
    let _ = std::fs::remove_dir_all(temp);
    err
}

/// Everything a result kept in the cache holds, as one tree: its data (the files on disk),
/// `metadata.yaml`, its own provenance record, its `ancestors` file (when its ancestors'
/// provenance is in memory), `VERSION` and `checksums.md5`, whose sums of the small files are
/// computed from memory.
fn cached_tree(artifact: &Artifact) -> Result<Tree, CacheError> {
    let mut tree = artifact.own_root_tree()?;
    let data = artifact.data_dir();
    tree.insert("data".into(), Node::Dir(scan_dir(&data)?));
    let ancestors = artifact.ancestors_in_memory();
    if !ancestors.is_empty() {
        let list: String = ancestors
            .iter()
            .map(|a| format!("{}\n", a.uuid()))
            .collect();
        tree.insert(ANCESTORS_FILE.into(), bytes(list));
    }
    let version = VersionFile::current(crate::archive::FRAMEWORK_VERSION).render();
    tree.insert("VERSION".into(), bytes(version));
    let sums = render_checksums(&tree_checksums(&tree, ChecksumKind::Md5)?);
    tree.insert(ChecksumKind::Md5.file_name().into(), bytes(sums));
    Ok(tree)
}

fn bytes(text: String) -> Node {
    Node::File(Source::Bytes(text.into_bytes()))
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
