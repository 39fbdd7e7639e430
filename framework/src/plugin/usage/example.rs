//! Usage examples and example-data factories as the descriptor carries them.

use serde::{Deserialize, Serialize};

use crate::plugin::value::ParamValue;

/// One usage example of an action: named steps that make example data and call actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageExample {
    /// The example's key, e.g. `Serial`; names its folder under `--example-data`.
    pub name: String,
    /// The steps, in order.
    pub steps: Vec<UsageStep>,
}

/// One step of a usage example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum UsageStep {
    /// A line of explanation, rendered as a shell comment.
    Comment {
        /// The text (wrapped when rendered).
        text: String,
    },
    /// Defines an artifact variable made by an artifact factory.
    InitArtifact {
        /// The variable's name (`query_seqs`; the file is `query-seqs.qza`).
        variable: String,
        /// The id of the factory that makes it.
        factory: String,
    },
    /// Defines a metadata variable made by a metadata factory.
    InitMetadata {
        /// The variable's name (`reference_metadata`; the file is `reference-metadata.tsv`).
        variable: String,
        /// The id of the factory that makes it.
        factory: String,
    },
    /// Calls an action; its outputs define new variables.
    Call(UsageCall),
}

/// An action call inside a usage example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageCall {
    /// The plugin that owns the action.
    pub plugin: String,
    /// The action's id.
    pub action: String,
    /// Inputs and parameters given, in the order they are rendered.
    pub inputs: Vec<(String, UsageArg)>,
    /// `(output name, variable name)` for each output, in the order they are rendered.
    pub outputs: Vec<(String, String)>,
}

/// What an example passes to one input or parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum UsageArg {
    /// An artifact variable (an input).
    Variable(String),
    /// A literal value (a primitive parameter).
    Value(ParamValue),
    /// A metadata variable (a `Metadata` parameter).
    Metadata(String),
    /// One column of a metadata variable (a `MetadataColumn[...]` parameter).
    MetadataColumn {
        /// The metadata variable.
        variable: String,
        /// The column's name.
        column: String,
    },
}

/// An example-data factory a plugin offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactoryDecl {
    /// The factory's id, used by `init_artifact` and `init_metadata` steps.
    pub id: String,
    /// What it makes (flattened: `{"id": .., "kind": "artifact", "semantic_type": ..}`).
    #[serde(flatten)]
    pub kind: FactoryKind,
}

/// What an example-data factory makes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactoryKind {
    /// The data of an artifact of a semantic type.
    Artifact {
        /// The semantic type, e.g. `FeatureData[Sequence]`.
        semantic_type: String,
    },
    /// A metadata TSV file.
    Metadata,
}

/// A plugin's reply to an example-data service request: what the factory wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExampleDataReply {
    /// Artifact data written into the requested folder.
    Artifact {
        /// The semantic type the data has.
        semantic_type: String,
        /// The directory format written.
        format: String,
    },
    /// A metadata TSV file written inside the requested folder.
    Metadata {
        /// The file's path.
        file: String,
    },
}
