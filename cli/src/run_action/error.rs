//! Why an action could not be run from the command line; each displays as one line.

use std::path::PathBuf;

use qiime2::types::ValueError;

/// A problem with the command line or with running the action.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A required option was not given.
    #[error("missing option '--{option}'")]
    Missing {
        /// The option, without dashes (`p-int1`, `p-flag/--p-no-flag`).
        option: String,
    },
    /// Several required options were left out.
    #[error("missing options: {options}.{hint}")]
    MissingMany {
        /// The options, quoted and comma-separated.
        options: String,
        /// The `--output-dir` hint, when an output is among them.
        hint: &'static str,
    },
    /// An output was given neither its own option nor `--output-dir`.
    #[error("missing option '--{option}'.  (\"--output-dir\" may also be used)")]
    MissingOutput {
        /// The output's option, without dashes (`o-hits`).
        option: String,
    },
    /// A value does not fit its parameter's type.
    #[error("--{option} {problem}")]
    BadValue {
        /// The option.
        option: String,
        /// What is wrong with the value.
        problem: Box<ValueError>,
    },
    /// A file could not be loaded as an artifact.
    #[error("invalid value for '--{option}': cannot load {}", path.display())]
    CannotLoad {
        /// The option.
        option: String,
        /// The file.
        path: PathBuf,
        /// Why.
        source: Box<qiime2::sdk::SdkError>,
    },
    /// An artifact of the wrong semantic type was given.
    #[error(
        "Invalid value for '--{option}': Expected an artifact of at least type {expected}. An artifact of type {actual} was provided."
    )]
    WrongType {
        /// The option.
        option: String,
        /// The type the input accepts.
        expected: String,
        /// The artifact's type.
        actual: String,
    },
    /// A folder given for a collection input holds no `.qza` files.
    #[error("invalid value for '--{option}': the folder {} holds no .qza files", path.display())]
    EmptyFolder {
        /// The option.
        option: String,
        /// The folder.
        path: PathBuf,
    },
    /// A value (metadata, a folder, ...) cannot be used for its option.
    #[error("invalid value for '--{option}': {reason}")]
    BadOption {
        /// The option.
        option: String,
        /// What is wrong.
        reason: String,
    },
    /// An option that does not apply, or a configuration that cannot be used.
    #[error("{0}")]
    Usage(String),
    /// `--output-dir` names something that exists already.
    #[error("--output-dir {} already exists; give a new folder", path.display())]
    OutputDirExists {
        /// The folder.
        path: PathBuf,
    },
    /// An output would be written into a folder that does not exist.
    #[error("invalid value for '--{option}': the folder {} does not exist", path.display())]
    NoFolder {
        /// The option.
        option: String,
        /// The missing folder.
        path: PathBuf,
    },
    /// An output would be written into a folder this user cannot write to.
    #[error(
        "invalid value for '--{option}': cannot write into the folder {}: {reason}",
        path.display()
    )]
    NotWritable {
        /// The option.
        option: String,
        /// The folder.
        path: PathBuf,
        /// The operating system's reason.
        reason: String,
    },
    /// The plugin reported an error.
    #[error("Plugin error from {plugin}: {message}")]
    Plugin {
        /// The plugin.
        plugin: String,
        /// Its message.
        message: String,
    },
    /// The framework refused or failed the call.
    #[error(transparent)]
    Sdk(Box<qiime2::sdk::SdkError>),
    /// The cache (`--use-cache`, `--recycle-pool`, `CACHE:KEY`) could not be used.
    #[error(transparent)]
    Cache(Box<qiime2::cache::CacheError>),
    /// Writing an output failed.
    #[error("cannot write {}: {message}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

impl RunError {
    /// The error a failed action call becomes: the plugin's own errors name the plugin.
    pub fn from_call(err: qiime2::sdk::SdkError) -> Self {
        match err {
            qiime2::sdk::SdkError::Plugin(qiime2::plugin::CallError::Plugin {
                plugin,
                message,
            }) => Self::Plugin { plugin, message },
            // A pipeline's failed step, however it ran: the plugin whose action failed.
            qiime2::sdk::SdkError::Step(failed) => Self::Plugin {
                plugin: failed.innermost().plugin.clone(),
                message: failed.to_string(),
            },
            other => Self::from(other),
        }
    }
}

/// A run that failed: why, and the steps of the pipeline that failed (which `--verbose` shows).
#[derive(Debug)]
pub struct Failed {
    /// Why the run failed.
    pub error: RunError,
    /// The pipeline's failed steps, as their provenance would have recorded them.
    pub steps: Vec<qiime2::sdk::FailedStep>,
}

impl From<RunError> for Failed {
    fn from(error: RunError) -> Self {
        Self {
            error,
            steps: Vec::new(),
        }
    }
}

impl From<qiime2::sdk::SdkError> for RunError {
    fn from(err: qiime2::sdk::SdkError) -> Self {
        Self::Sdk(Box::new(err))
    }
}

impl From<qiime2::cache::CacheError> for RunError {
    fn from(err: qiime2::cache::CacheError) -> Self {
        Self::Cache(Box::new(err))
    }
}
