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
    /// Defines an artifact-collection variable made by a collection factory.
    InitArtifactCollection {
        /// The variable's name (`seq_splits`; the folder is `seq-splits/`).
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
    /// Shows what a result variable holds (`qiime tools peek` on the command line).
    Peek {
        /// The variable (an artifact or visualization defined by an earlier step).
        variable: String,
    },
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
    /// An artifact collection: keyed members of one semantic type.
    ArtifactCollection {
        /// The semantic type of each member.
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
    /// An artifact collection written one subfolder per key into the requested folder.
    ArtifactCollection {
        /// The semantic type of each member.
        semantic_type: String,
        /// `(key, directory format)` of each member, in order.
        members: Vec<(String, String)>,
    },
    /// A metadata TSV file written inside the requested folder.
    Metadata {
        /// The file's path.
        file: String,
    },
}

#[cfg(test)]
mod tests {
    use crate::plugin::PluginDescriptor;
    use crate::plugin::demo;

    #[test]
    fn a_descriptor_with_examples_survives_json() {
        let descriptor = demo::build().descriptor().clone();
        let json = serde_json::to_string(&descriptor).unwrap();
        let back: PluginDescriptor = serde_json::from_str(&json).unwrap();
        assert_eq!(back, descriptor);
        assert_eq!(back.actions[0].examples[0].name, "Serial");
        assert_eq!(back.actions[1].examples[0].steps.len(), 5);
    }

    #[test]
    fn the_json_shape_is_flat_and_tagged() {
        let descriptor = demo::build().descriptor().clone();
        let value = serde_json::to_value(&descriptor).unwrap();
        assert_eq!(
            value["example_data"][0],
            serde_json::json!({
                "id": "query_seqs_factory",
                "kind": "artifact",
                "semantic_type": "FeatureData[Sequence]"
            })
        );
        assert_eq!(
            value["example_data"][3],
            serde_json::json!({"id": "metadata_factory", "kind": "metadata"})
        );
        let steps = &value["actions"][0]["examples"][0]["steps"];
        assert_eq!(
            steps[0],
            serde_json::json!({
                "step": "init_artifact",
                "variable": "query_seqs",
                "factory": "query_seqs_factory"
            })
        );
        assert_eq!(steps[5]["step"], "call");
        assert_eq!(steps[5]["plugin"], "demo");
        assert_eq!(
            steps[5]["inputs"][2],
            serde_json::json!(["reference_metadata", {"kind": "metadata", "value": "reference_metadata"}])
        );
        assert_eq!(
            steps[5]["inputs"][3],
            serde_json::json!(["split_size", {"kind": "value", "value": {"kind": "int", "value": 1}}])
        );
        assert_eq!(
            steps[5]["outputs"][1],
            serde_json::json!(["hits_table", "hits_table"])
        );
    }
}
