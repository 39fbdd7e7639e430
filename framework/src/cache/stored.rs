//! Results and pools by key: store, fetch, create a pool, remove a key.

use crate::sdk::Artifact;

use super::error::CacheError;
use super::keys::{KeyTarget, check_key};
use super::root::Cache;

impl Cache {
    /// Stores `artifact` under `key` (replacing what the key held).
    pub fn store(&self, artifact: &Artifact, key: &str) -> Result<(), CacheError> {
        check_key(key)?;
        let _lock = self.shared()?;
        self.put_data(artifact)?;
        self.write_key(key, &KeyTarget::Data(artifact.uuid()))
    }

    /// The result stored under `key`, checked against its checksums.
    pub fn fetch(&self, key: &str) -> Result<Artifact, CacheError> {
        let _lock = self.shared()?;
        match self.read_key(key)? {
            KeyTarget::Data(uuid) => self.open_data(uuid, key),
            KeyTarget::Pool(_) => Err(CacheError::WrongKind {
                cache: self.path().to_path_buf(),
                key: key.to_owned(),
                found: "a pool",
                expected: "a result",
            }),
        }
    }

    /// Creates the pool `name` (with a key of the same name), or reuses it if it exists.
    pub fn create_pool(&self, name: &str) -> Result<(), CacheError> {
        check_key(name)?;
        let _lock = self.shared()?;
        match self.read_key(name) {
            Ok(KeyTarget::Pool(pool)) if pool == name => {}
            Ok(KeyTarget::Pool(_) | KeyTarget::Data(_)) => {
                return Err(CacheError::WrongKind {
                    cache: self.path().to_path_buf(),
                    key: name.to_owned(),
                    found: "something else",
                    expected: "the pool of the same name",
                });
            }
            Err(CacheError::NoSuchKey { .. }) => {
                self.write_key(name, &KeyTarget::Pool(name.to_owned()))?;
            }
            Err(err) => return Err(err),
        }
        let dir = self.dir("pools").join(name);
        std::fs::create_dir_all(&dir).map_err(|e| CacheError::io(&dir, &e))
    }

    /// Removes `key`, then collects garbage (the data or pool it held goes unless something
    /// else holds it).
    pub fn remove(&self, key: &str) -> Result<(), CacheError> {
        check_key(key)?;
        let lock = self.exclusive()?;
        self.read_key(key)?;
        let path = self.dir("keys").join(key);
        std::fs::remove_file(&path).map_err(|e| CacheError::io(&path, &e))?;
        self.collect_locked(&lock).map(drop)
    }
}
