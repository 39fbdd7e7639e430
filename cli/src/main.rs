//! `qiime`: the q2rs command line.

use std::process::ExitCode;

fn main() -> ExitCode {
    q2cli::exit_quietly_on_closed_pipe();
    // The framework's reports; `--verbose` anywhere on the command line adds its details.
    q2cli::install_log(std::env::args_os().any(|arg| arg == "--verbose"));
    // Ctrl-C stops the run's workers and removes its scratch folder and partial outputs.
    let scratch = qiime2::interrupt::install()
        .inspect_err(|e| eprintln!("Warning: {e}; an interrupted run may leave files behind."))
        .ok();
    let code = q2cli::run(std::env::args_os());
    drop(scratch);
    code
}
