//! Errors raised inside a plugin, reported to the host as text.

use std::path::PathBuf;

/// Why an action failed.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// The request lacks an input, parameter or output the action asked for.
    #[error("the request has no {kind} named '{name}'")]
    Missing {
        /// `input`, `parameter` or `output`.
        kind: &'static str,
        /// The name asked for.
        name: String,
    },
    /// The action read a parameter as another kind of value than the one it holds: the
    /// plugin's code and its signature disagree.
    #[error(
        "parameter '{name}' is {given}, but the plugin reads it as {expected}: the plugin's code \
         and its signature disagree"
    )]
    BadParameter {
        /// The parameter.
        name: String,
        /// What the plugin's code asked for.
        expected: &'static str,
        /// The value it holds, with its kind: `an Int (5)`.
        given: String,
    },
    /// An input could not be read as the view the action asked for.
    #[error("input '{name}' could not be read: {source}")]
    Input {
        /// The input.
        name: String,
        /// Why.
        source: ViewError,
    },
    /// An output could not be written.
    #[error("output '{name}' could not be written: {source}")]
    Output {
        /// The output.
        name: String,
        /// Why.
        source: ViewError,
    },
    /// A call to another action (pipelines only) failed.
    #[error("{0}")]
    Call(String),
    /// The action's own error.
    #[error("{0}")]
    Failed(String),
}

impl ActionError {
    /// An action's own failure, with a message for the user.
    pub fn msg(message: impl std::fmt::Display) -> Self {
        Self::Failed(message.to_string())
    }
}

/// Why a view could not be read from, or written to, a format's files.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    /// The stored format has no conversion to the view asked for.
    #[error("no transformer from {from} to {to}")]
    NoTransformer {
        /// The stored format.
        from: String,
        /// The view.
        to: &'static str,
    },
    /// The files do not hold valid data of the format.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
}

/// Why files are not valid data of a format: names the file, the line where known, and the rule.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{}: {message}", file.display(), line.map(|l| format!(", line {l}")).unwrap_or_default())]
pub struct FormatError {
    /// The file at fault.
    pub file: PathBuf,
    /// The 1-based line, where one is at fault.
    pub line: Option<usize>,
    /// What was expected.
    pub message: String,
}
