//! Garbage collection: removes data no key, pool of a key or live process holds, pools no key
//! or live process names, entries of dead processes and their unfinished writes.

use std::collections::HashSet;
use std::path::Path;

use uuid::Uuid;

use super::data::POOL_HOLD;
use super::error::CacheError;
use super::keys::KeyTarget;
use super::lock::Held;
use super::process::is_alive;
use super::root::Cache;

/// What a garbage collection removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collected {
    /// Results removed from `data/`.
    pub data: usize,
    /// Pools no key named.
    pub pools: usize,
    /// Entries of processes that are gone.
    pub processes: usize,
    /// Unfinished writes of processes that are gone.
    pub temporary: usize,
}

fn names(dir: &Path) -> Result<Vec<String>, CacheError> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| CacheError::io(dir, &e))? {
        let entry = entry.map_err(|e| CacheError::io(dir, &e))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    Ok(names)
}

fn remove_any(path: &Path) -> Result<(), CacheError> {
    let removed = if path.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    removed.map_err(|e| CacheError::io(path, &e))
}

/// The UUIDs among a pool's or a process entry's member names (none when the folder is gone:
/// a process removes its own entry when it ends, without waiting for the lock).
fn members(dir: &Path) -> Result<Vec<Uuid>, CacheError> {
    let names = match names(dir) {
        Ok(names) => names,
        Err(_) if !dir.exists() => return Ok(Vec::new()),
        Err(err) => return Err(err),
    };
    Ok(names
        .iter()
        .filter_map(|n| Uuid::parse_str(n).ok())
        .collect())
}

/// The pools a live process entry holds whole.
fn held_pools(entry: &Path) -> Result<Vec<String>, CacheError> {
    let names = match names(entry) {
        Ok(names) => names,
        Err(_) if !entry.exists() => return Ok(Vec::new()),
        Err(err) => return Err(err),
    };
    Ok(names
        .iter()
        .filter_map(|n| n.strip_prefix(POOL_HOLD).map(str::to_owned))
        .collect())
}

impl Cache {
    /// Runs garbage collection (waits for the exclusive lock).
    pub fn garbage_collect(&self) -> Result<Collected, CacheError> {
        let lock = self.exclusive()?;
        self.collect_locked(&lock)
    }

    /// Removes the pool `name` and its key, then collects garbage, unless a live process
    /// holds the pool: several runs may share a default pool, and the last to finish removes
    /// it. This process must have let go of it ([`Cache::release_pool`]).
    pub(crate) fn remove_unheld_pool(&self, name: &str) -> Result<(), CacheError> {
        let lock = self.exclusive()?;
        let processes = self.dir("processes");
        for entry in names(&processes)? {
            if is_alive(&entry)
                && held_pools(&processes.join(&entry))?
                    .iter()
                    .any(|p| p == name)
            {
                return Ok(());
            }
        }
        match self.read_key(name) {
            Ok(KeyTarget::Pool(pool)) if pool == name => {
                let key = self.dir("keys").join(name);
                std::fs::remove_file(&key).map_err(|e| CacheError::io(&key, &e))?;
            }
            // Removed already (by hand, or by a run that finished while this one did not hold
            // the pool yet), or given to something else: the key is not this pool's to remove.
            Ok(_) | Err(CacheError::NoSuchKey { .. }) => {}
            Err(err) => return Err(err),
        }
        self.collect_locked(&lock).map(drop)
    }

    /// Garbage collection; the caller holds the exclusive lock (`_lock` proves it).
    pub(crate) fn collect_locked(&self, _lock: &Held) -> Result<Collected, CacheError> {
        let mut collected = Collected::default();
        let mut kept: HashSet<Uuid> = HashSet::new();
        let mut pools: HashSet<String> = HashSet::new();
        for (_, target) in self.keys()? {
            match target {
                KeyTarget::Data(uuid) => {
                    kept.insert(uuid);
                }
                KeyTarget::Pool(name) => {
                    pools.insert(name);
                }
            }
        }
        let processes = self.dir("processes");
        let mut live = Vec::new();
        for entry in names(&processes)? {
            if is_alive(&entry) {
                live.push(processes.join(&entry));
            } else {
                remove_any(&processes.join(&entry))?;
                collected.processes += 1;
            }
        }
        for entry in &live {
            kept.extend(members(entry)?);
            pools.extend(held_pools(entry)?);
        }
        let pools_dir = self.dir("pools");
        for pool in names(&pools_dir)? {
            if pools.contains(&pool) {
                kept.extend(members(&pools_dir.join(&pool))?);
            } else {
                remove_any(&pools_dir.join(&pool))?;
                collected.pools += 1;
            }
        }
        let tmp = self.tmp_dir();
        if tmp.is_dir() {
            for entry in names(&tmp)? {
                if !is_alive(&entry) {
                    remove_any(&tmp.join(&entry))?;
                    collected.temporary += 1;
                }
            }
        }
        let data = self.dir("data");
        for entry in names(&data)? {
            let held = Uuid::parse_str(&entry).is_ok_and(|u| kept.contains(&u));
            if !held {
                remove_any(&data.join(&entry))?;
                collected.data += 1;
            }
        }
        Ok(collected)
    }
}
