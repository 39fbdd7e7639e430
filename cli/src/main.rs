//! `qiime`: the q2rs command line.

use std::process::ExitCode;

fn main() -> ExitCode {
    q2cli::run(std::env::args_os())
}
