//! Errors of the Rust API used by interfaces (the CLI, scripts).

use std::path::PathBuf;

use uuid::Uuid;

use crate::archive::ArchiveError;
use crate::metadata::MetadataError;
use crate::plugin::CallError;
use crate::provenance::ProvenanceError;

use super::step_error::StepError;

/// Why a request to the framework failed.
#[derive(Debug, thiserror::Error)]
pub enum SdkError {
    /// No plugin of that name was loaded.
    #[error(
        "no plugin named '{name}' is installed (installed: {})",
        list(available)
    )]
    NoSuchPlugin {
        /// The name asked for.
        name: String,
        /// The plugins that are installed.
        available: Vec<String>,
    },
    /// The plugin has no action of that id.
    #[error(
        "plugin '{plugin}' has no action '{action}' (its actions: {})",
        list(available)
    )]
    NoSuchAction {
        /// The plugin.
        plugin: String,
        /// The action asked for.
        action: String,
        /// The plugin's actions.
        available: Vec<String>,
    },
    /// No installed plugin registers an artifact class for the semantic type.
    #[error(
        "no installed plugin stores data of type {semantic_type} (known types: {})",
        list(known)
    )]
    UnknownType {
        /// The type asked for.
        semantic_type: String,
        /// The artifact classes installed.
        known: Vec<String>,
    },
    /// The format cannot be used for the type (or is unknown).
    #[error("{format} cannot be imported or exported as {semantic_type}: {reason}")]
    BadFormat {
        /// The format asked for.
        format: String,
        /// The semantic type.
        semantic_type: String,
        /// Why, and what would work.
        reason: String,
    },
    /// Data failed its format's validation.
    #[error("{path} is not valid {format}: {reason}", path = .path.display())]
    Invalid {
        /// The file or folder validated.
        path: PathBuf,
        /// The format.
        format: String,
        /// The plugin's account of the problem.
        reason: String,
    },
    /// An argument of an action call is missing, unknown, or does not fit its type.
    #[error("{action}: {reason}")]
    BadArgument {
        /// `plugin action`.
        action: String,
        /// What is wrong and what was expected.
        reason: String,
    },
    /// The artifact's type cannot be viewed as metadata.
    #[error(
        "{artifact} cannot be used as metadata: artifacts of type {semantic_type} are not metadata"
    )]
    NotMetadata {
        /// The artifact (its file, or its uuid).
        artifact: String,
        /// Its semantic type.
        semantic_type: String,
    },
    /// A result could not be read as the view asked for.
    #[error("result {uuid} cannot be read as asked: {reason}")]
    View {
        /// The result.
        uuid: Uuid,
        /// Why.
        reason: String,
    },
    /// The plugin's output does not match its signature.
    #[error("plugin {plugin} broke its signature for {action}: {reason}")]
    BadOutput {
        /// The plugin.
        plugin: String,
        /// The action.
        action: String,
        /// How.
        reason: String,
    },
    /// An executor of the parallel configuration cannot run here.
    #[error("executor '{label}' cannot run: {reason}")]
    UnsupportedExecutor {
        /// The executor's label.
        label: String,
        /// Why, and what would work.
        reason: String,
    },
    /// A step of a pipeline failed.
    #[error(transparent)]
    Step(#[from] StepError),
    /// A run could not start or go on (its configuration, its worker program, a step task).
    #[error("{0}")]
    Run(String),
    /// A call into a plugin failed.
    #[error(transparent)]
    Plugin(#[from] CallError),
    /// Reading or writing an archive failed.
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// Reading or writing provenance failed.
    #[error(transparent)]
    Provenance(#[from] ProvenanceError),
    /// Reading or writing metadata failed.
    #[error(transparent)]
    Metadata(#[from] MetadataError),
    /// A file operation failed.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The system's message.
        message: String,
    },
}

impl SdkError {
    /// An I/O failure on `path`.
    pub(crate) fn io(path: &std::path::Path, err: &std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            message: err.to_string(),
        }
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}
