//! Usage examples as interfaces show them: q2cli shell commands and the `--example-data` files.
//!
//! Plugins declare examples in their descriptors ([`UsageExample`](crate::plugin::UsageExample));
//! this module turns one into the text of q2cli's `Examples:` help section ([`render_cli`]) and
//! lists the files `--example-data DIR` writes for it ([`example_files`]); [`run_example`] runs
//! one for real.

mod cli;
mod error;
mod example_data;
mod execute;
mod files;
mod python;
mod replay;
mod text;

pub use cli::render_cli;
pub use error::UsageError;
pub use example_data::{ExampleFileWritten, write_example_data};
pub use execute::{ExecuteError, run_example};
pub use files::{ExampleFile, ExampleFileKind, example_dir_name, example_files};
pub use python::render_python;
pub use replay::{Replay, ReplayDriver, ReplayError, replay};
pub use text::{cli_name, shell_quote};
