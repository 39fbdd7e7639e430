//! How failures reach the user: one `Error:` line, the causes, and the exit code.

use std::process::ExitCode;

/// Exit code of a failed command (bad input, unreadable file, failed action).
pub const FAILURE: u8 = 1;

/// Exit code of a command line that could not be parsed, and (as in q2cli) of an unknown plugin
/// or action.
pub const USAGE: u8 = 2;

/// Prints an error and its chain of causes to stderr and returns the failure exit code.
///
/// An error caused by an interrupt is not reported: the interrupt handler, which is then
/// cleaning up, reports the interrupt and ends the process (this call waits for it).
pub fn failure(err: &anyhow::Error) -> ExitCode {
    qiime2::interrupt::wait_if_interrupted();
    if crate::closed_pipe::is_closed_pipe_error(err) {
        return crate::closed_pipe::closed_pipe_exit();
    }
    eprintln!("Error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
    ExitCode::from(FAILURE)
}

/// Prints a command-line error of clap's with the one prefix every error of `qiime` has
/// (`Error:`), or the help or version clap was asked for; returns whether it was an error.
pub fn print_clap(err: &clap::Error) -> bool {
    if !err.use_stderr() {
        let _ = err.print();
        return false;
    }
    let text = err.render().to_string();
    let text = text
        .strip_prefix("error:")
        .map_or(text.clone(), |rest| format!("Error:{rest}"));
    eprint!("{text}");
    true
}
