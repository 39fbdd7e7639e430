//! The `qiime` command line of q2rs: the command tree, its handlers and its error reporting.

mod app;
mod commands;
mod help;
mod info;
mod metadata_files;
mod plugin_command;
mod plugins;
mod report;
mod run_action;
mod tools;

pub use app::run;
