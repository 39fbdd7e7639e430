//! `qiime <plugin> <action> ...`: the generated commands parsed, then help, citations or a run.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{ArgMatches, Command};
use qiime2::plugin::{ActionSignature, LoadedPlugin};
use qiime2::sdk::{FailedStep, PluginManager};
use qiime2::usage::{cli_name, render_cli};

use crate::commands::{
    ActionOptions, CITATIONS, EXAMPLE_DATA, HELP, PLUGIN_CITATIONS_FLAG, PLUGIN_EXAMPLE_DATA,
    PLUGIN_VERSION_FLAG, VERBOSE, action_names, close_matches, no_such_action, plugin_command,
};
use crate::help::{help_width, render_action_help};
use crate::report;
use crate::run_action::{render_citations, render_plugin_citations, run};

/// Runs the command line `args` (program name first) whose first word names `plugin`.
pub fn run_plugin(pm: &PluginManager, plugin: &LoadedPlugin, args: &[OsString]) -> ExitCode {
    let descriptor = &plugin.descriptor;
    if let Some(word) = args.get(2).and_then(|a| a.to_str())
        && !word.starts_with('-')
    {
        let names = action_names(descriptor);
        if !names.iter().any(|n| n == word) {
            let matches = close_matches(word, names.iter().map(String::as_str));
            eprintln!(
                "Error: {}",
                no_such_action(&descriptor.name, word, &matches)
            );
            return ExitCode::from(report::USAGE);
        }
    }
    if args.get(2).is_some_and(|a| a == PLUGIN_VERSION_FLAG) {
        println!(
            "QIIME 2 Plugin '{}' version {} (q2rs framework {})",
            descriptor.name,
            descriptor.version,
            qiime2::archive::FRAMEWORK_VERSION
        );
        return ExitCode::SUCCESS;
    }
    if args.get(2).is_some_and(|a| a == PLUGIN_EXAMPLE_DATA)
        && let Some(dir) = args.get(3)
    {
        return write_plugin_example_data(pm, plugin, std::path::Path::new(dir));
    }
    if args.get(2).is_some_and(|a| a == PLUGIN_CITATIONS_FLAG) {
        return print_citations(render_plugin_citations(descriptor));
    }
    let command = match plugin_command(descriptor) {
        Ok(command) => command,
        Err(err) => return report::failure(&anyhow::Error::new(err)),
    };
    let root = Command::new("qiime")
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .subcommand(command);
    let matches = match root.try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(err) => {
            // q2cli exits 1 for an action's bad command line (an unknown option among it).
            let failed = report::print_clap(&err);
            return ExitCode::from(if failed { report::FAILURE } else { 0 });
        }
    };
    let Some((_, plugin_matches)) = matches.subcommand() else {
        return ExitCode::from(report::USAGE);
    };
    let Some((action_name, action_matches)) = plugin_matches.subcommand() else {
        return ExitCode::from(report::USAGE);
    };
    let Some(signature) = descriptor
        .actions
        .iter()
        .find(|a| cli_name(&a.id) == action_name)
    else {
        return ExitCode::from(report::USAGE);
    };
    run_action_command(pm, plugin, signature, action_matches, args.len() <= 3)
}

fn run_action_command(
    pm: &PluginManager,
    plugin: &LoadedPlugin,
    signature: &ActionSignature,
    matches: &ArgMatches,
    no_arguments: bool,
) -> ExitCode {
    let options = match ActionOptions::new(signature) {
        Ok(options) => options,
        Err(err) => return report::failure(&anyhow::Error::new(err)),
    };
    if no_arguments || matches.get_flag(HELP) {
        let examples = examples(pm, signature);
        print!(
            "{}",
            render_action_help(
                &plugin.descriptor.name,
                signature,
                &options,
                help_width(),
                &examples
            )
        );
        return ExitCode::SUCCESS;
    }
    if matches.get_flag(CITATIONS) {
        return print_citations(render_citations(&plugin.descriptor, signature));
    }
    if let Some(dir) = matches.get_one::<String>(EXAMPLE_DATA) {
        return write_example_data(pm, plugin, signature, std::path::Path::new(dir));
    }
    let action = match pm.action(&plugin.descriptor.name, &signature.id) {
        Ok(action) => action,
        Err(err) => return report::failure(&anyhow::Error::new(err)),
    };
    match run(&action, &options, matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failed) => {
            let code = report::failure(&anyhow::Error::new(failed.error));
            if matches.get_flag(VERBOSE) {
                eprint!("{}", failure_details(plugin, signature, &failed.steps));
            }
            code
        }
    }
}

/// What `--verbose` adds to a failure, in words: the action that failed, the plugin file it
/// came from, and each failed step of a pipeline as its provenance would have recorded it (the
/// error and its causes are printed above it).
fn failure_details(
    plugin: &LoadedPlugin,
    signature: &ActionSignature,
    steps: &[FailedStep],
) -> String {
    let descriptor = &plugin.descriptor;
    let mut details = format!(
        "Details (--verbose):\n  the action: {} {} (a {}, '{}')\n  its plugin: {} version {}, \
         loaded from {}\n",
        descriptor.name,
        cli_name(&signature.id),
        signature.kind.as_str(),
        signature.name.trim_end_matches('.'),
        descriptor.name,
        descriptor.version,
        plugin.path.display()
    );
    for step in steps {
        details.push_str("  the step that failed:\n");
        details.push_str(&step.describe("    "));
    }
    details
}

/// The action's usage examples as q2cli shell commands.
fn examples(pm: &PluginManager, signature: &ActionSignature) -> Vec<String> {
    let lookup = |plugin: &str, action: &str| {
        pm.plugins()
            .iter()
            .find(|p| p.descriptor.name == plugin)
            .and_then(|p| p.descriptor.actions.iter().find(|a| a.id == action))
    };
    signature
        .examples
        .iter()
        .map(|example| {
            render_cli(example, lookup).unwrap_or_else(|err| {
                format!("# example '{}' cannot be shown: {err}\n", example.name)
            })
        })
        .collect()
}

/// `--citations` (of a plugin or of an action): the BibTeX entries, or a note that there are none.
fn print_citations(rendered: anyhow::Result<Option<String>>) -> ExitCode {
    match rendered {
        Ok(Some(bib)) => {
            print!("{bib}");
            ExitCode::SUCCESS
        }
        Ok(None) => {
            println!("No citations found.");
            ExitCode::SUCCESS
        }
        Err(err) => report::failure(&err),
    }
}

/// `qiime <plugin> --example-data DIR`: the data of every usage example of every action, in a
/// folder per action (its command-line name).
fn write_plugin_example_data(
    pm: &PluginManager,
    plugin: &LoadedPlugin,
    dir: &std::path::Path,
) -> ExitCode {
    let mut actions: Vec<&ActionSignature> = plugin
        .descriptor
        .actions
        .iter()
        .filter(|a| !a.examples.is_empty())
        .collect();
    actions.sort_by_key(|a| cli_name(&a.id));
    if actions.is_empty() {
        eprintln!("No example data found.");
        return ExitCode::from(report::FAILURE);
    }
    for signature in actions {
        let code = write_example_data(pm, plugin, signature, &dir.join(cli_name(&signature.id)));
        if code != ExitCode::SUCCESS {
            return code;
        }
    }
    ExitCode::SUCCESS
}

/// `--example-data DIR`: the data of every usage example of the action, one folder each.
fn write_example_data(
    pm: &PluginManager,
    plugin: &LoadedPlugin,
    signature: &ActionSignature,
    dir: &std::path::Path,
) -> ExitCode {
    if signature.examples.is_empty() {
        eprintln!("No example data found.");
        return ExitCode::from(report::FAILURE);
    }
    for example in &signature.examples {
        match qiime2::usage::write_example_data(pm, plugin, example, dir) {
            Ok(written) => {
                for file in written {
                    println!("Saved {} to: {}", file.kind, file.path.display());
                }
            }
            Err(err) => {
                let context = format!("cannot write the data of example '{}'", example.name);
                return report::failure(&anyhow::Error::new(err).context(context));
            }
        }
    }
    ExitCode::SUCCESS
}
