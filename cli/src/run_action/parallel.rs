//! `--parallel` and `--parallel-config FILE`: the runner of a pipeline run in parallel.

use std::path::Path;

use clap::ArgMatches;
use qiime2::parallel::{ParallelConfig, ParallelRunner};
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
    ParallelRunner::new(config)
        .map(Some)
        .map_err(RunError::from_call)
}
