//! Running an action from its parsed command line: every value checked, inputs loaded and
//! type-checked, the action called, then each output saved.

mod cache_keys;
mod citations;
mod error;
mod inputs;
mod metadata;
mod missing;
mod outputs;
mod parallel;
mod progress;
mod recycle;
mod values;

pub use citations::{render_citations, render_plugin_citations};
pub use error::Failed;

use std::path::PathBuf;

use clap::ArgMatches;
use qiime2::sdk::{Action, Args};

use crate::commands::{ActionOptions, QUIET, VERBOSE};

/// Checks the command line of `action`, runs it and saves its outputs.
pub fn run(
    action: &Action<'_>,
    options: &ActionOptions,
    matches: &ArgMatches,
) -> Result<(), Failed> {
    let outcome = run_and_save(action, options, matches);
    cache_keys::close_all();
    outcome
}

fn run_and_save(
    action: &Action<'_>,
    options: &ActionOptions,
    matches: &ArgMatches,
) -> Result<(), Failed> {
    missing::check(options, matches)?;
    let runner = parallel::runner(action, matches)?;
    let mut args = Args::new();
    for param in &options.parameters {
        if let Some(value) = values::param_value(param, matches)? {
            args.set(&param.name, value);
        }
    }
    let destinations = outputs::destinations(&options.outputs, matches)?;
    for input in &options.inputs {
        let paths: Vec<PathBuf> = matches
            .get_many::<String>(&input.flag())
            .map(|v| v.map(PathBuf::from).collect())
            .unwrap_or_default();
        if let Some(value) = inputs::load_input(input, &paths)? {
            args.set(&input.name, value);
        }
    }
    for param in &options.parameters {
        if let Some(value) = metadata::metadata_value(param, matches)? {
            args.set(&param.name, value);
        }
    }
    let recycling = recycle::recycling(action, &args, matches)?;
    let display = progress::Display::new(matches.get_flag(QUIET), matches.get_flag(VERBOSE));
    let saved = recycle::run(action, &args, runner, recycling.as_ref(), display.as_ref())
        .map_err(|error| Failed {
            error,
            steps: display
                .as_ref()
                .map(|d| d.failed_steps())
                .unwrap_or_default(),
        })
        .and_then(|results| {
            outputs::save_all(&results, &destinations, matches.get_flag(QUIET))
                .map_err(Failed::from)
        });
    if let Some(recycling) = recycling {
        recycling.finish(saved.is_ok());
    }
    saved
}
