//! The requests and replies that cross the ABI as JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::value::ParamValue;

/// An artifact given to an action: the folder of its unzipped `data/` and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtifactData {
    /// The `data/` folder.
    pub data_dir: String,
    /// The semantic type, e.g. `FeatureData[Sequence]`.
    pub semantic_type: String,
    /// The directory format the data is stored in.
    pub format: String,
    /// The host's handle on this result, for passing it on to other actions (pipelines only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
}

/// An input's value: one artifact, or a collection of them in key order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum InputValue {
    /// An optional input left out.
    None,
    /// One artifact.
    Artifact(ArtifactData),
    /// A `Collection[...]`, `List[...]` or `Set[...]` of artifacts, keyed.
    Collection(Vec<(String, ArtifactData)>),
}

/// Asks a plugin to run one of its actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExecuteRequest {
    /// The action's id.
    pub action: String,
    /// Every input of the signature, by name.
    pub inputs: BTreeMap<String, InputValue>,
    /// Every parameter of the signature, by name (defaults already applied).
    pub parameters: BTreeMap<String, ParamValue>,
    /// For each output, an empty folder to write it into (methods, visualizers).
    pub output_dirs: BTreeMap<String, String>,
}

/// What an action produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum OutputValue {
    /// An artifact written in a directory format (the name), or a visualization (`None`).
    Written(Option<String>),
    /// A collection written as one subfolder per key, in order, each with its format.
    Collection(Vec<(String, String)>),
    /// A pipeline output: a handle on a result the host holds.
    Handle(String),
    /// A pipeline collection output: handles in key order.
    Handles(Vec<(String, String)>),
}

/// A plugin's reply to an [`ExecuteRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExecuteReply {
    /// Every output of the signature, by name.
    pub outputs: BTreeMap<String, OutputValue>,
}

/// An input of a call a pipeline makes: one result, or keyed results, by handle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum CallInput {
    /// One result.
    Handle(String),
    /// A collection (or list) of results, in key order.
    Handles(Vec<(String, String)>),
}

/// A pipeline's request to run another action (of any installed plugin).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallRequest {
    /// The plugin, e.g. `dwq2`.
    pub plugin: String,
    /// The action's id.
    pub action: String,
    /// Inputs given, by name (optional inputs may be left out).
    pub inputs: BTreeMap<String, CallInput>,
    /// Parameters given, by name (others take their defaults).
    pub parameters: BTreeMap<String, ParamValue>,
}

/// The host's reply to a [`CallRequest`]: a handle on each output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallReply {
    /// Every output of the called action, by name: `Handle` or `Handles`.
    pub outputs: BTreeMap<String, OutputValue>,
}
