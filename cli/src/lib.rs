//! The `qiime` command line of q2rs: the command tree, its handlers and its error reporting.

mod app;
mod info;
mod metadata_files;
mod report;
mod tools;

pub use app::run;
