//! The cache: results kept unzipped on disk in QIIME 2's layout, named by keys, grouped in
//! pools; a pipeline's recycle pool records each finished step so that a re-run resumes.
//!
//! ```text
//! <cache>/VERSION               "QIIME 2 / cache: 1 / framework: ..."
//! <cache>/data/<uuid>/          a result, laid out as an archive's root (with checksums.md5)
//! <cache>/keys/<key>            YAML naming the data or the pool the key holds
//! <cache>/pools/<pool>/<uuid>   links to the pool's data
//! <cache>/pools/<pool>/step-<digest>.json   a recycle pool's record of one pipeline step
//! <cache>/processes/<pid>-<start>@<user>/<uuid>   data a running process holds
//! <cache>/tmp/                  writes in progress (renamed into place when complete)
//! ```
//!
//! A result stored under a key holds its complete provenance. A result recorded in a recycle
//! pool holds only its own provenance record when its ancestors are in the pool too: its
//! `ancestors` file lists them, and reading it back rebuilds the complete provenance (this saves
//! most of the files, and the time, of recording a step).
//!
//! A pipeline run records its steps through a [`BackgroundRecorder`]: each finished step is
//! written by a background thread once it has been finished for a delay, so that short runs,
//! whose default pool is removed when they succeed, write nothing, and long ones record off
//! their critical path.
//!
//! Every write is made under a temporary name inside the cache, synced, then renamed, so a
//! process killed at any moment leaves either the whole item or nothing (plus litter in `tmp/`
//! that garbage collection removes). Writers hold a shared lock on the cache, garbage
//! collection an exclusive one; no lock is held while waiting on anything else.
//!
//! ```no_run
//! use qiime2::cache::Cache;
//! use qiime2::sdk::Artifact;
//! let cache = Cache::open("my-cache".as_ref())?;
//! cache.store(&Artifact::load("seqs.qza".as_ref())?, "seqs")?;
//! let seqs = cache.fetch("seqs")?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod atomic;
mod background;
mod data;
mod default;
mod error;
mod gc;
mod keys;
mod lock;
mod owner;
mod process;
mod recycle;
mod root;
mod status;
mod stored;

pub use background::{BackgroundRecorder, DEFAULT_RECORD_DELAY};
pub use default::{default_cache, default_cache_path, temp_cache_path};
pub use error::CacheError;
pub use gc::Collected;
pub use keys::{KeyTarget, check_key};
pub use recycle::{RecyclePool, default_pool_name};
pub use root::Cache;
pub use status::{KeyStatus, Status};

#[cfg(test)]
mod tests;
