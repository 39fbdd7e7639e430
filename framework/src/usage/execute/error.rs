//! Why a usage example could not be run.

use std::path::PathBuf;

use crate::metadata::MetadataError;
use crate::sdk::SdkError;

/// A usage example that failed when run for real.
#[derive(Debug, thiserror::Error)]
pub enum ExecuteError {
    /// Its example data could not be written or read back.
    #[error("example '{example}': cannot make its example data")]
    ExampleData {
        /// The example.
        example: String,
        /// Why.
        #[source]
        source: Box<SdkError>,
    },
    /// A metadata file of the example could not be read, or a column picked from it.
    #[error("example '{example}': bad metadata")]
    Metadata {
        /// The example.
        example: String,
        /// Why.
        #[source]
        source: Box<MetadataError>,
    },
    /// A call of the example failed (or its outputs could not be saved).
    #[error("example '{example}': the call of '{plugin} {action}' failed")]
    Call {
        /// The example.
        example: String,
        /// The plugin called.
        plugin: String,
        /// The action called.
        action: String,
        /// Why.
        #[source]
        source: Box<SdkError>,
    },
    /// A call did not return an output the example names.
    #[error("example '{example}': '{action}' returned no output '{output}'")]
    MissingOutput {
        /// The example.
        example: String,
        /// The action called.
        action: String,
        /// The output named by the example.
        output: String,
    },
    /// A variable used before any step defines it.
    #[error("example '{example}' uses variable '{variable}' before defining it")]
    UndefinedVariable {
        /// The example.
        example: String,
        /// The variable.
        variable: String,
    },
    /// An artifact variable passed where metadata is expected.
    #[error("example '{example}' passes '{variable}' as metadata, but it is an artifact")]
    NotMetadata {
        /// The example.
        example: String,
        /// The variable.
        variable: String,
    },
    /// A folder or file of the example could not be read or written.
    #[error("example '{example}': cannot use {path}: {message}")]
    Io {
        /// The example.
        example: String,
        /// The path.
        path: PathBuf,
        /// The system's message.
        message: String,
    },
}
