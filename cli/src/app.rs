//! The command tree and the dispatch of parsed arguments to handlers.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
}

/// Parses `args`, runs the chosen command and returns the process exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            // clap's codes: 0 for --help and --version, 2 for usage errors (as q2cli's click).
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(report::USAGE));
        }
    };
    let outcome = match cli.command {
        Command::Info => info::run(cli.verbose),
        Command::Tools(tool) => tools::run(tool),
        Command::Dev(Dev::RunStep { task }) => {
            qiime2::parallel::run_step(&task).map_err(anyhow::Error::from)
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => report::failure(&err),
    }
}
