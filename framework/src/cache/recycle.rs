//! Recycle pools: a pipeline run records each finished step in a pool (its results in `data/`,
//! linked from the pool, and a step record `step-<digest>.json` naming them); a later run of
//! the same pipeline with the same pool reuses them instead of running the steps again.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::sdk::{Arg, Args, Artifact, Output, RecycleError, Recycler, Results, StepKey};

use super::data::Holder;
use super::error::CacheError;
use super::keys::{KeyTarget, check_key};
use super::root::Cache;

/// A recycle pool of a cache, ready to record and reuse pipeline steps.
#[derive(Debug, Clone)]
pub struct RecyclePool {
    cache: Cache,
    name: String,
    /// The results opened so far (each checked once), by UUID.
    opened: Arc<Mutex<HashMap<Uuid, Artifact>>>,
    /// Whether the pool exists and this process holds it (it is made when the first step is
    /// recorded).
    made: Arc<AtomicBool>,
}

/// One output of a recorded step.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct RecordedOutput {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    uuid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    collection: Option<Vec<(String, String)>>,
}

/// A step record: the step and its outputs, in signature order.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct StepRecord {
    plugin: String,
    action: String,
    outputs: Vec<RecordedOutput>,
}

/// The pool name QIIME 2 derives when none is given: `recycle_<plugin>_<action>_<digest>`, the
/// digest covering the inputs' identities (UUIDs and content, collections in order) and the
/// parameters' values, so that
/// running the same command again finds the same pool.
pub fn default_pool_name(plugin: &str, action: &str, args: &Args) -> String {
    let mut identity = Vec::new();
    for name in args.names() {
        let value = match args.get(name) {
            Some(Arg::Artifact(a)) => serde_json::json!(a.identity()),
            Some(Arg::Artifacts(items)) => serde_json::json!(
                items
                    .iter()
                    .map(|(k, a)| (k.clone(), a.identity()))
                    .collect::<Vec<_>>()
            ),
            Some(Arg::Value(v)) => serde_json::to_value(v).unwrap_or_default(),
            Some(Arg::Metadata(m)) => {
                serde_json::json!(hex(&Sha256::digest(m.to_tsv_string().as_bytes())))
            }
            None => serde_json::Value::Null,
        };
        identity.push((name.to_owned(), value));
    }
    identity.sort_by(|a, b| a.0.cmp(&b.0));
    let digest = Sha256::digest(serde_json::json!(identity).to_string().as_bytes());
    let digest = hex(&digest[..12]);
    let clean = |s: &str| s.replace(|c: char| !c.is_alphanumeric(), "_");
    format!("recycle_{}_{}_{digest}", clean(plugin), clean(action))
}

impl RecyclePool {
    /// The pool `name` of `cache`. It is created, with its key, when the first step is
    /// recorded; from then on this process holds it (garbage collection keeps it and its
    /// results) while the cache is open. Fails when `name` is a key that holds something else,
    /// or when the pool exists and another user could have planted steps in it.
    pub fn open(cache: &Cache, name: &str) -> Result<Self, CacheError> {
        check_key(name)?;
        match cache.read_key(name) {
            Ok(KeyTarget::Pool(pool)) if pool == name => {}
            Err(CacheError::NoSuchKey { .. }) => {}
            Ok(_) => {
                return Err(CacheError::WrongKind {
                    cache: cache.path().to_path_buf(),
                    key: name.to_owned(),
                    found: "something else",
                    expected: "the pool of the same name",
                });
            }
            Err(err) => return Err(err),
        }
        let folder = cache.dir("pools").join(name);
        if folder.exists() {
            super::owner::ownership(&folder)?;
        }
        Ok(Self {
            cache: cache.clone(),
            name: name.to_owned(),
            opened: Arc::default(),
            made: Arc::default(),
        })
    }

    /// Creates the pool (and its key) unless this process did already, and holds it.
    fn make(&self) -> Result<(), CacheError> {
        if !self.made.load(Ordering::Acquire) {
            // Held before it is made, so that a run sharing it cannot remove it in between.
            self.cache.hold_pool(&self.name)?;
            if let Err(err) = self.cache.create_pool(&self.name) {
                let _ = self.cache.release_pool(&self.name);
                return Err(err);
            }
            self.made.store(true, Ordering::Release);
        }
        Ok(())
    }

    /// The pool's name (also its key).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The cache it belongs to.
    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// Whether this process made the pool and its key was removed since (by `cache-remove`,
    /// while the run used it): the pool is then left to be removed when the run lets go.
    pub fn was_removed(&self) -> bool {
        self.made.load(Ordering::Acquire)
            && matches!(
                self.cache.read_key(&self.name),
                Err(CacheError::NoSuchKey { .. })
            )
    }

    /// How many steps the pool has recorded (none when it does not exist).
    pub fn steps(&self) -> Result<usize, CacheError> {
        let dir = self.cache.dir("pools").join(&self.name);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(CacheError::io(&dir, &e)),
        };
        Ok(entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("step-"))
            .count())
    }

    /// Lets go of the pool; unless another live process still holds it (a run sharing it),
    /// removes it and its key, then collects garbage: its data go unless a key holds them. Call
    /// it when done with the results it gave: this process stops holding them. Nothing happens
    /// when the pool was never made.
    pub fn remove(&self) -> Result<(), CacheError> {
        let dir = self.cache.dir("pools").join(&self.name);
        let members = match std::fs::read_dir(&dir) {
            Ok(members) => members
                .filter_map(Result::ok)
                .map(|m| m.file_name())
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if !self.made.load(Ordering::Acquire)
                    && matches!(
                        self.cache.read_key(&self.name),
                        Err(CacheError::NoSuchKey { .. })
                    )
                {
                    // Never made, by this run or another: nothing to remove or collect.
                    return Ok(());
                }
                Vec::new()
            }
            Err(e) => return Err(CacheError::io(&dir, &e)),
        };
        for member in members {
            let held = self.cache.process_dir().join(member);
            if held.symlink_metadata().is_ok() {
                std::fs::remove_file(&held).map_err(|e| CacheError::io(&held, &e))?;
            }
        }
        self.cache.release_pool(&self.name)?;
        self.cache.remove_unheld_pool(&self.name)
    }

    fn record_path(&self, step: &StepKey) -> std::path::PathBuf {
        self.cache
            .dir("pools")
            .join(&self.name)
            .join(format!("step-{}.json", step.digest))
    }

    /// The results recorded for `step`, if any.
    pub fn lookup_step(&self, step: &StepKey) -> Result<Option<Results>, CacheError> {
        let _lock = self.cache.shared()?;
        let path = self.record_path(step);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(CacheError::io(&path, &e)),
        };
        let bad = |reason: String| CacheError::BadFile {
            path: path.clone(),
            reason,
        };
        let record: StepRecord = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        if record.plugin != step.plugin || record.action != step.action {
            return Err(bad(format!(
                "it records {} {}, not {} {}",
                record.plugin, record.action, step.plugin, step.action
            )));
        }
        let holder = Holder {
            key: &self.name,
            label: format!(
                "pool '{}', step {} {} {}",
                self.name, step.plugin, step.action, step.digest
            ),
        };
        let mut opened = self.opened.lock().unwrap_or_else(PoisonError::into_inner);
        let mut open = |uuid: String| {
            let uuid =
                Uuid::parse_str(&uuid).map_err(|_| bad(format!("{uuid:?} is not a UUID")))?;
            self.cache.open_pooled(uuid, &holder, &mut opened)
        };
        let mut results = Results::default();
        for output in record.outputs {
            let value = match (output.uuid, output.collection) {
                (Some(uuid), None) => Output::Artifact(open(uuid)?),
                (None, Some(items)) => Output::Collection(
                    items
                        .into_iter()
                        .map(|(key, uuid)| Ok((key, open(uuid)?)))
                        .collect::<Result<_, CacheError>>()?,
                ),
                _ => {
                    return Err(bad(format!(
                        "output '{}' names neither one result nor a collection",
                        output.name
                    )));
                }
            };
            results.push(&output.name, value);
        }
        Ok(Some(results))
    }

    /// Records the results of `step`: each result (moved, when it was made in this process) in
    /// `data/` and linked from the pool with its ancestors, then the step record (the step
    /// counts as recorded only once its record is in place). The results read on from the cache.
    ///
    /// When another run sharing the pool recorded the step first, its record stays and its
    /// results are returned, for the caller to use instead of `results` (see
    /// [`Recycler::store`]).
    pub fn store_step(
        &self,
        step: &StepKey,
        results: &Results,
    ) -> Result<Option<Results>, CacheError> {
        if self.record_step(step, results, true)? {
            Ok(None)
        } else {
            self.lookup_step(step)
        }
    }

    /// Records the results of `step` as [`RecyclePool::store_step`] does, copying the results
    /// (their files hard-linked where possible) instead of moving them: others may be reading
    /// them. A record made first by another run sharing the pool stays.
    pub(crate) fn store_step_copied(
        &self,
        step: &StepKey,
        results: &Results,
    ) -> Result<(), CacheError> {
        self.record_step(step, results, false).map(drop)
    }

    /// Records `step`, moving `fresh` results into the cache; `false` when its record was there
    /// first (then `results` are not put in the pool, unless the other record came meanwhile).
    fn record_step(
        &self,
        step: &StepKey,
        results: &Results,
        fresh: bool,
    ) -> Result<bool, CacheError> {
        self.make()?;
        let _lock = self.cache.shared()?;
        if self.record_path(step).exists() {
            return Ok(false);
        }
        let mut outputs = Vec::new();
        let mut done = HashSet::new();
        let mut keep = |artifact: &Artifact| -> Result<String, CacheError> {
            self.cache
                .put_pooled(&self.name, artifact, fresh, &mut done)?;
            Ok(artifact.uuid().to_string())
        };
        for (name, output) in results.iter() {
            let (uuid, collection) = match output {
                Output::Artifact(artifact) => (Some(keep(artifact)?), None),
                Output::Collection(items) => (
                    None,
                    Some(
                        items
                            .iter()
                            .map(|(key, a)| Ok((key.clone(), keep(a)?)))
                            .collect::<Result<Vec<_>, CacheError>>()?,
                    ),
                ),
            };
            outputs.push(RecordedOutput {
                name: name.to_owned(),
                uuid,
                collection,
            });
        }
        let record = StepRecord {
            plugin: step.plugin.clone(),
            action: step.action.clone(),
            outputs,
        };
        let text = serde_json::to_string_pretty(&record).map_err(|e| CacheError::BadFile {
            path: self.record_path(step),
            reason: e.to_string(),
        })?;
        self.cache
            .write_new(&self.record_path(step), text.as_bytes())
    }
}

impl Recycler for RecyclePool {
    fn lookup(&self, step: &StepKey) -> Result<Option<Results>, RecycleError> {
        Ok(self.lookup_step(step)?)
    }

    fn store(&self, step: &StepKey, results: &Results) -> Result<Option<Results>, RecycleError> {
        Ok(self.store_step(step, results)?)
    }
}

/// Lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
