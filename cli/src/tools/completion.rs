//! `qiime tools completion SHELL`: a completion script for every command, plugins included.

use clap::Command;
use clap_complete::Shell;

/// Prints the completion script of `command` (the whole `qiime` tree) for `shell`.
pub fn run(shell: Shell, mut command: Command) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut command, "qiime", &mut out);
    Ok(())
}
