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
    eprintln!("Error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
    ExitCode::from(FAILURE)
}
