//! The command tree and the dispatch of parsed arguments to handlers.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::commands::{close_matches, no_such_plugin, plugin_command, plugin_entry};
use crate::plugin_command::run_plugin;
use crate::{info, report, tools};

/// The q2rs command line: QIIME 2's `qiime`, built in Rust.
#[derive(Debug, Parser)]
#[command(name = "qiime", version = qiime2::VERSION, disable_version_flag = true)]
#[command(about = "QIIME 2 command-line interface (q2rs)")]
struct Cli {
    /// Print the version and exit.
    #[arg(long, action = clap::ArgAction::Version)]
    version: Option<bool>,
    /// Show more detail (e.g. the full report behind a skipped plugin).
    #[arg(long, global = true)]
    verbose: bool,
    /// Load plugin files that are world-writable or owned by another user (also
    /// $QIIME2_ALLOW_INSECURE_PLUGINS=1); they are refused otherwise.
    #[arg(long, global = true)]
    allow_insecure_plugins: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Display information about the framework and the installed plugins.
    Info,
    /// Tools for working with QIIME 2 files.
    #[command(subcommand)]
    Tools(tools::Tools),
    /// Commands for developers and for the framework itself.
    #[command(subcommand, hide = true)]
    Dev(Dev),
}

/// The `qiime dev` subcommands.
#[derive(Debug, Subcommand)]
enum Dev {
    /// Run one step of a parallel pipeline (worker mode of a process executor).
    RunStep {
        /// The step's task file, written by the host.
        task: std::path::PathBuf,
    },
    /// Serve steps from a Slurm run folder (what a Slurm block runs).
    Worker {
        /// The run folder shared with the host.
        run: std::path::PathBuf,
        /// Steps run at once: a number, or `auto` for one per CPU Slurm gave the job.
        #[arg(long, default_value = "auto")]
        slots: String,
        /// Seconds without work after which the worker leaves.
        #[arg(long, default_value_t = 120.0)]
        idle_exit: f64,
        /// Seconds a step may run before it is stopped and fails.
        #[arg(long)]
        task_timeout: Option<f64>,
    },
}

/// `qiime dev worker`: a Slurm block's worker.
fn worker(
    run: &std::path::Path,
    slots: &str,
    idle_exit: f64,
    task_timeout: Option<f64>,
) -> anyhow::Result<()> {
    let slots = match slots {
        "auto" => None,
        n => Some(n.parse::<usize>().map_err(|_| {
            anyhow::anyhow!("--slots must be a number of slots or 'auto', not '{n}'")
        })?),
    };
    let seconds = |name: &str, s: f64| {
        std::time::Duration::try_from_secs_f64(s)
            .map_err(|_| anyhow::anyhow!("--{name} must be a number of seconds, not {s}"))
    };
    let options = qiime2::parallel::WorkerOptions {
        slots,
        idle_exit: seconds("idle-exit", idle_exit)?,
        task_timeout: task_timeout
            .map(|t| seconds("task-timeout", t))
            .transpose()?,
    };
    qiime2::parallel::run_slurm_worker(run, &options).map_err(anyhow::Error::from)
}

/// The whole command tree: the static commands and every installed plugin's commands.
fn full_command() -> anyhow::Result<clap::Command> {
    let plugins = crate::plugins::load();
    let mut command = Cli::command();
    for plugin in plugins.plugins() {
        command = command.subcommand(plugin_command(&plugin.descriptor)?);
    }
    Ok(command)
}

/// The option that loads world-writable plugin files and files owned by another user.
const ALLOW_INSECURE_FLAG: &str = "--allow-insecure-plugins";

/// Parses `args`, runs the chosen command and returns the process exit code.
///
/// Plugins are loaded only when the command line may need them: not for `qiime tools ...`,
/// `qiime info` or `qiime --version`.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // Read before any plugin is loaded; plugin commands do not know the flag, so it is
    // taken out of their arguments (the static commands parse it as a global option).
    if args.iter().any(|a| a == ALLOW_INSECURE_FLAG) {
        qiime2::plugin::allow_insecure_plugins();
    }
    let first_word = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| !a.starts_with('-'))
        .map(str::to_owned);
    let first_word = first_word.as_deref();
    let is_static = |word: &str| {
        Cli::command()
            .get_subcommands()
            .any(|c| c.get_name() == word)
    };
    let needs_plugins = match first_word {
        Some(word) => !is_static(word),
        None => !args.iter().any(|a| a == "--version"),
    };
    let mut command = Cli::command();
    let plugins;
    if needs_plugins {
        plugins = crate::plugins::load();
        args.retain(|a| a != ALLOW_INSECURE_FLAG);
        if let Some(plugin) = first_word.and_then(|w| plugins.plugin(w).ok()) {
            return run_plugin(&plugins, plugin, &args);
        }
        // `qiime help <plugin> [<action>]` is the plugin's (or the action's) `--help`
        let mut words = args.iter().skip(1).filter_map(|a| a.to_str());
        if first_word == Some("help")
            && let Some(plugin) = words.nth(1).and_then(|w| plugins.plugin(w).ok())
        {
            let mut rewritten = args.clone();
            if let Some(at) = rewritten.iter().skip(1).position(|a| a == "help") {
                rewritten.remove(at + 1);
            }
            rewritten.push("--help".into());
            return run_plugin(&plugins, plugin, &rewritten);
        }
        if let Some(word) = first_word
            && word != "help"
        {
            let mut known: Vec<String> = Cli::command()
                .get_subcommands()
                .filter(|c| !c.is_hide_set())
                .map(|c| c.get_name().to_owned())
                .collect();
            known.extend(plugins.plugins().iter().map(|p| p.descriptor.name.clone()));
            let matches = close_matches(word, known.iter().map(String::as_str));
            eprintln!("Error: {}", no_such_plugin(word, &matches));
            return ExitCode::from(report::USAGE);
        }
        command = command.arg_required_else_help(true).subcommands(
            plugins
                .plugins()
                .iter()
                .map(|p| plugin_entry(&p.descriptor)),
        );
    }
    let cli = match command
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(err) => {
            report::print_clap(&err);
            // clap's codes: 0 for --help and --version, 2 for usage errors (as q2cli's click).
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(report::USAGE));
        }
    };
    let outcome = match cli.command {
        Command::Info => info::run(cli.verbose),
        Command::Tools(tool) => tools::run(tool, full_command),
        Command::Dev(Dev::RunStep { task }) => {
            qiime2::parallel::run_step(&task).map_err(anyhow::Error::from)
        }
        Command::Dev(Dev::Worker {
            run,
            slots,
            idle_exit,
            task_timeout,
        }) => worker(&run, &slots, idle_exit, task_timeout),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => report::failure(&err),
    }
}
