//! `--use-cache`, `--recycle-pool` and `--no-recycle`: the recycle pool a pipeline run records
//! its steps in and resumes from.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::ArgMatches;
use qiime2::cache::{
    BackgroundRecorder, Cache, DEFAULT_RECORD_DELAY, RecyclePool, default_cache, default_pool_name,
};
use qiime2::parallel::{ParallelRunner, Progress};
use qiime2::plugin::ActionKind;
use qiime2::sdk::{Action, Args, Recycler, Results, SerialRunner};

use super::error::RunError;
use super::progress::Display;
use crate::commands::{NO_RECYCLE, RECYCLE_POOL, USE_CACHE};

/// The environment variable that sets how long a finished step waits before it is recorded
/// (seconds).
const RECORD_DELAY_VAR: &str = "Q2RS_RECORD_DELAY";

/// The recycle pool of a pipeline run, and whether it is the default one (removed on success).
pub struct Recycling {
    recorder: Arc<BackgroundRecorder>,
    default: bool,
}

/// How long a finished step waits before it is recorded: `Q2RS_RECORD_DELAY` seconds, else
/// the default.
fn record_delay() -> Result<Duration, RunError> {
    let Ok(text) = std::env::var(RECORD_DELAY_VAR) else {
        return Ok(DEFAULT_RECORD_DELAY);
    };
    text.trim()
        .parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| {
            RunError::Usage(format!(
                "{RECORD_DELAY_VAR} must be a number of seconds (such as 2 or 0.5), not {text:?}"
            ))
        })
}

/// The cache `--use-cache` names, or the default cache; `None` when no cache was named and the
/// default one cannot be had (the run then records nothing, with a warning saying so).
pub fn cache(matches: &ArgMatches) -> Result<Option<Cache>, RunError> {
    if let Some(path) = matches.get_one::<String>(USE_CACHE) {
        return Ok(Some(Cache::open(&PathBuf::from(path))?));
    }
    match default_cache() {
        Ok(cache) => Ok(Some(cache)),
        Err(err) => {
            eprintln!(
                "Warning: no cache to record the pipeline's steps in ({err}); it runs without \
                 them, so a re-run after a failure starts over. Name one with --use-cache DIR."
            );
            Ok(None)
        }
    }
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
    let delay = record_delay()?;
    let Some(cache) = cache(matches)? else {
        return Ok(None);
    };
    let pool = RecyclePool::open(&cache, &name)?;
    Ok(Some(Recycling {
        recorder: Arc::new(BackgroundRecorder::new(pool, delay)),
        default: named.is_none(),
    }))
}

/// Runs the action: in parallel when `parallel` is given, recycling its steps when `recycling`
/// is, and showing its progress on `display` when there is one.
pub fn run(
    action: &Action<'_>,
    args: &Args,
    parallel: Option<ParallelRunner>,
    recycling: Option<&Recycling>,
    display: Option<&Arc<Display>>,
) -> Result<Results, RunError> {
    let recycler = recycling.map(|r| Arc::clone(&r.recorder) as Arc<dyn Recycler>);
    let sink = display.map(Display::sink);
    let outcome = match parallel {
        Some(mut runner) => {
            if let Some(recycler) = recycler {
                runner = runner.with_recycler(recycler);
            }
            if let Some(sink) = sink {
                runner = runner.with_progress(sink);
            }
            action.run(args, &runner)
        }
        None if action.signature().kind == ActionKind::Pipeline => {
            let mut runner = SerialRunner::new();
            if let Some(recycler) = recycler {
                runner = runner.with_recycler(recycler);
            }
            if let Some(sink) = sink {
                runner = runner.with_progress(sink);
            }
            action.run(args, &runner)
        }
        // A method or visualizer is the run's one step.
        None => {
            let step = action.signature().id.clone();
            let report = |done| {
                if let Some(sink) = &sink {
                    sink(&Progress {
                        total: 1,
                        done,
                        running: if done == 0 {
                            vec![step.clone()]
                        } else {
                            Vec::new()
                        },
                        ..Progress::default()
                    });
                }
            };
            report(0);
            let outcome = action.call(args);
            report(1);
            outcome
        }
    };
    if let Some(display) = display {
        display.finish(
            outcome.is_ok(),
            recycling.map_or(0, |r| r.recorder.reused()),
        );
    }
    outcome.map_err(RunError::from_call)
}

impl Recycling {
    /// After the run: the default pool is removed when the run succeeded (the steps still
    /// waiting to be recorded are dropped), or when it failed before recording any step
    /// (nothing to resume); so is a named pool whose key was removed while the run used it
    /// (`cache-remove`); otherwise every finished step is recorded and the pool kept.
    pub fn finish(self, succeeded: bool) {
        let pool = self.recorder.pool();
        let orphaned = pool.was_removed();
        let remove = (self.default && succeeded) || orphaned;
        if let Err(err) = self.recorder.finish(!remove) {
            eprintln!(
                "Warning: a step could not be recorded in the recycle pool '{}' (a re-run runs \
                 it again): {err}",
                pool.name()
            );
        }
        let resumable = !succeeded && pool.steps().unwrap_or(1) > 0;
        if !orphaned && (!self.default || resumable) {
            return;
        }
        if let Err(err) = pool.remove() {
            eprintln!(
                "Warning: the recycle pool '{}' could not be removed: {err}",
                pool.name()
            );
        }
    }
}
