//! `--use-cache`, `--recycle-pool` and `--no-recycle`: the recycle pool a pipeline run records
//! its steps in and resumes from.

use std::path::PathBuf;
use std::sync::Arc;

use clap::ArgMatches;
use qiime2::cache::{Cache, RecyclePool, default_cache_path, default_pool_name};
use qiime2::parallel::ParallelRunner;
use qiime2::plugin::ActionKind;
use qiime2::sdk::{Action, Args, Results, SerialRecycling};

use super::error::RunError;
use crate::commands::{NO_RECYCLE, RECYCLE_POOL, USE_CACHE};

/// The recycle pool of a pipeline run, and whether it is the default one (removed on success).
pub struct Recycling {
    pool: RecyclePool,
    default: bool,
}

/// The cache `--use-cache` names, or the default cache.
pub fn cache(matches: &ArgMatches) -> Result<Cache, RunError> {
    let path = matches
        .get_one::<String>(USE_CACHE)
        .map_or_else(default_cache_path, PathBuf::from);
    Ok(Cache::open(&path)?)
}

/// The recycle pool of this run: none for a method or visualizer, or with `--no-recycle`.
pub fn recycling(
    action: &Action<'_>,
    args: &Args,
    matches: &ArgMatches,
) -> Result<Option<Recycling>, RunError> {
    let signature = action.signature();
    if signature.kind != ActionKind::Pipeline || matches.get_flag(NO_RECYCLE) {
        return Ok(None);
    }
    let named = matches.get_one::<String>(RECYCLE_POOL);
    let name = match named {
        Some(name) => name.clone(),
        None => default_pool_name(&action.plugin().descriptor.name, &signature.id, args),
    };
    let cache = cache(matches)?;
    Ok(Some(Recycling {
        pool: RecyclePool::open(&cache, &name)?,
        default: named.is_none(),
    }))
}

/// Runs the action: in parallel when `parallel` is given, recycling its steps when `recycling`
/// is.
pub fn run(
    action: &Action<'_>,
    args: &Args,
    parallel: Option<ParallelRunner>,
    recycling: Option<&Recycling>,
) -> Result<Results, RunError> {
    let recycler = recycling.map(|r| Arc::new(r.pool.clone()));
    match (parallel, recycler) {
        (Some(runner), Some(recycler)) => action.run(args, &runner.with_recycler(recycler)),
        (Some(runner), None) => action.run(args, &runner),
        (None, Some(recycler)) => action.run(args, &SerialRecycling::new(recycler)),
        (None, None) => action.call(args),
    }
    .map_err(RunError::from_call)
}

impl Recycling {
    /// After the run: the default pool is removed when the run succeeded, or when it failed
    /// before recording any step (nothing to resume); a named pool is kept.
    pub fn finish(self, succeeded: bool) {
        if !self.default || (!succeeded && self.pool.steps().unwrap_or(1) > 0) {
            return;
        }
        if let Err(err) = self.pool.remove() {
            eprintln!(
                "Warning: the recycle pool '{}' could not be removed: {err}",
                self.pool.name()
            );
        }
    }
}
