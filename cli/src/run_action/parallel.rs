//! `--parallel` and `--parallel-config FILE`: the runner of a pipeline run in parallel.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};

use clap::ArgMatches;
use qiime2::parallel::{ParallelConfig, ParallelRunner, Progress, ProgressSink};
use qiime2::plugin::ActionKind;
use qiime2::sdk::Action;

use super::error::RunError;
use crate::commands::{PARALLEL, PARALLEL_CONFIG};

/// The parallel runner the command line asks for, if any: `--parallel-config FILE` (implies
/// `--parallel`), else `--parallel` with the configuration in force (`$QIIME2_CONFIG`, the user
/// config file, or the built-in one).
pub fn runner(
    action: &Action<'_>,
    matches: &ArgMatches,
) -> Result<Option<ParallelRunner>, RunError> {
    let file = matches.get_one::<String>(PARALLEL_CONFIG);
    if file.is_none() && !matches.get_flag(PARALLEL) {
        return Ok(None);
    }
    let signature = action.signature();
    if signature.kind != ActionKind::Pipeline {
        return Err(RunError::Usage(format!(
            "--parallel and --parallel-config apply to pipelines only; '{}' is a {}, which runs as one step",
            signature.id.replace('_', "-"),
            signature.kind.as_str()
        )));
    }
    let config = match file {
        Some(path) => ParallelConfig::from_file(Path::new(path)),
        None => ParallelConfig::load(),
    }
    .map_err(|err| RunError::Usage(err.to_string()))?;
    let runner = ParallelRunner::new(config).map_err(RunError::from_call)?;
    Ok(Some(match progress_bar() {
        Some(bar) => runner.with_progress(bar),
        None => runner,
    }))
}

/// A progress line on stderr (steps done / asked for, what runs now), only on a terminal.
fn progress_bar() -> Option<ProgressSink> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{spinner} [{pos}/{len} steps] {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(Arc::new(move |progress: &Progress| {
        bar.set_length(progress.total as u64);
        bar.set_position(progress.done as u64);
        if progress.done == progress.total && progress.running.is_empty() {
            bar.finish_and_clear();
        } else {
            bar.set_message(format!("running: {}", progress.running.join(", ")));
        }
    }))
}
