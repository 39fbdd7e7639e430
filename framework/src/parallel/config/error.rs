//! The single error type of the parallel configuration.

use thiserror::Error;

/// Everything that can be wrong with a parallel configuration.
///
/// `file` names where the configuration came from (a path, or a phrase for one built in code);
/// `key` is the dotted key path inside it, e.g. `parsl.executors[1].provider.class`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{file}: cannot read the parallel config file: {message}")]
    Io {
        /// The file.
        file: String,
        /// The operating system's message.
        message: String,
    },
    /// The file is not valid TOML.
    #[error(
        "{file}, line {line}, column {column}: the parallel config is not valid TOML: {message}"
    )]
    Toml {
        /// The file.
        file: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (in characters) of the problem.
        column: usize,
        /// The TOML parser's message.
        message: String,
    },
    /// A key q2rs does not support (nor knows to be harmless to ignore).
    #[error("{file}: key '{key}' is not supported by q2rs; expected one of: {expected}")]
    UnsupportedKey {
        /// The file.
        file: String,
        /// The key path.
        key: String,
        /// The keys accepted at that place, comma-separated.
        expected: String,
    },
    /// A required key is absent.
    #[error("{file}: key '{key}' is missing; expected {expected}")]
    MissingKey {
        /// The file.
        file: String,
        /// The key path.
        key: String,
        /// What should be there.
        expected: String,
    },
    /// A value of the wrong TOML type.
    #[error("{file}: key '{key}' is {found}, but {expected} is expected")]
    WrongType {
        /// The file.
        file: String,
        /// The key path.
        key: String,
        /// The expected type, e.g. "a positive integer".
        expected: String,
        /// The TOML type found, e.g. "a string".
        found: String,
    },
    /// A value of the right type that is not allowed.
    #[error("{file}: key '{key}' has the value {found}, but {expected} is expected")]
    InvalidValue {
        /// The file.
        file: String,
        /// The key path.
        key: String,
        /// What is allowed.
        expected: String,
        /// The value found, as written.
        found: String,
    },
    /// An executor `class` other than `ThreadPoolExecutor` or `HighThroughputExecutor`.
    #[error(
        "{file}: key '{key}' names the executor class '{class}', which q2rs does not support; \
         expected ThreadPoolExecutor or HighThroughputExecutor"
    )]
    UnknownExecutorClass {
        /// The file.
        file: String,
        /// The key path of the `class` key.
        key: String,
        /// The class found.
        class: String,
    },
    /// A provider `class` other than `LocalProvider` or `SlurmProvider`.
    #[error(
        "{file}: key '{key}' names the provider class '{class}', which q2rs does not support; \
         expected LocalProvider or SlurmProvider"
    )]
    UnknownProviderClass {
        /// The file.
        file: String,
        /// The key path of the `class` key.
        key: String,
        /// The class found.
        class: String,
    },
    /// Two executors share a label.
    #[error("{file}: key '{key}' repeats the executor label '{label}'; labels must be unique")]
    DuplicateLabel {
        /// The file.
        file: String,
        /// The key path of the second `label`.
        key: String,
        /// The repeated label.
        label: String,
    },
    /// No executor is labelled `default`, which runs every action not mapped elsewhere.
    #[error(
        "{file}: no executor is labelled 'default' (the labels are: {labels}); QIIME 2 runs every \
         action the mapping does not name on the executor labelled 'default', so one must be"
    )]
    NoDefault {
        /// The file.
        file: String,
        /// The executors' labels, comma-separated.
        labels: String,
    },
    /// The mapping is a flat table of actions, not QIIME 2's table of plugins.
    #[error(
        "{file}: key '{key}' maps an action straight to the executor '{label}', but the mapping \
         names the plugin first, as {{'plugin': {{'action': 'executor'}}}}: write \
         [parsl.executor_mapping.<plugin id>] with <action> = \"<label>\" in it"
    )]
    FlatMapping {
        /// The file.
        file: String,
        /// The key path of the entry.
        key: String,
        /// The label given.
        label: String,
    },
    /// The action mapping names a label no executor has.
    #[error(
        "{file}: key '{key}' maps to the executor label '{label}', but the executors are labelled: \
         {labels}"
    )]
    UnknownLabel {
        /// The file.
        file: String,
        /// The key path of the mapping entry.
        key: String,
        /// The unknown label.
        label: String,
        /// The executors' labels, comma-separated.
        labels: String,
    },
    /// An executor would have no worker.
    #[error("{file}: key '{key}' gives an executor no workers; at least 1 is expected")]
    ZeroWorkers {
        /// The file.
        file: String,
        /// The key path of the worker count.
        key: String,
    },
    /// The configuration defines no executor.
    #[error("{file}: no executors are defined; expected at least one [[parsl.executors]] table")]
    NoExecutors {
        /// The file.
        file: String,
    },
}
