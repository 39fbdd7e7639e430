//! The `qiime` command line of q2rs: the command tree, its handlers and its error reporting.

mod app;
mod closed_pipe;
mod commands;
mod help;
mod info;
mod log;
mod metadata_files;
mod plugin_command;
mod plugins;
mod report;
mod run_action;
mod tools;

pub use app::run;
pub use closed_pipe::exit_quietly_on_closed_pipe;
pub use log::install as install_log;
