//! What a cache holds, for `qiime tools cache-status`.

use uuid::Uuid;

use crate::archive::ResultMetadata;

use super::error::CacheError;
use super::keys::KeyTarget;
use super::root::Cache;

/// One key and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyStatus {
    /// A result: its UUID and type (`None` when its metadata cannot be read).
    Data {
        /// The key.
        key: String,
        /// The result's UUID.
        uuid: Uuid,
        /// Its semantic type, if its `metadata.yaml` reads.
        semantic_type: Option<String>,
    },
    /// A pool: how many results and recorded steps it holds.
    Pool {
        /// The key (the pool's name).
        key: String,
        /// Results linked from the pool.
        results: usize,
        /// Step records (recycle pools).
        steps: usize,
    },
}

/// A summary of a cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Every key, by name.
    pub keys: Vec<KeyStatus>,
    /// Results in `data/`.
    pub data: usize,
    /// Entries in `processes/` of other processes (live, or dead and not yet collected).
    pub processes: usize,
}

impl Cache {
    /// What the cache holds.
    pub fn status(&self) -> Result<Status, CacheError> {
        let _lock = self.shared()?;
        let mut keys = Vec::new();
        for (key, target) in self.keys()? {
            keys.push(match target {
                KeyTarget::Data(uuid) => {
                    let path = self.data_path(uuid).join("metadata.yaml");
                    let semantic_type = std::fs::read_to_string(&path)
                        .ok()
                        .and_then(|t| ResultMetadata::parse(&t, &path).ok())
                        .map(|m| m.semantic_type);
                    KeyStatus::Data {
                        key,
                        uuid,
                        semantic_type,
                    }
                }
                KeyTarget::Pool(name) => {
                    let dir = self.dir("pools").join(&name);
                    let names: Vec<String> = std::fs::read_dir(&dir)
                        .map(|d| {
                            d.filter_map(Result::ok)
                                .map(|e| e.file_name().to_string_lossy().into_owned())
                                .collect()
                        })
                        .unwrap_or_default();
                    KeyStatus::Pool {
                        key,
                        results: names.iter().filter(|n| Uuid::parse_str(n).is_ok()).count(),
                        steps: names.iter().filter(|n| n.starts_with("step-")).count(),
                    }
                }
            });
        }
        let count = |dir: &str| {
            let path = self.dir(dir);
            std::fs::read_dir(&path)
                .map(|d| d.count())
                .map_err(|e| CacheError::io(&path, &e))
        };
        Ok(Status {
            keys,
            data: count("data")?,
            processes: count("processes")?.saturating_sub(1),
        })
    }
}
