//! Usage examples as interfaces show them: q2cli shell commands and the `--example-data` files.
//!
//! Plugins declare examples in their descriptors ([`UsageExample`](crate::plugin::UsageExample));
//! this module turns one into the text of q2cli's `Examples:` help section ([`render_cli`]) and
//! lists the files `--example-data DIR` writes for it ([`example_files`]); [`run_example`] runs
//! one for real.

mod cli;
mod error;
mod execute;
mod files;
mod text;

pub use cli::render_cli;
pub(crate) use cli::{Files, UnknownNames, command, comment_lines};
pub use error::UsageError;
pub use execute::{ExecuteError, run_example};
pub use files::{ExampleFile, ExampleFileKind, example_dir_name, example_files};
pub use text::{cli_name, shell_quote};
