//! What a plugin tells the host about itself: the descriptor, serialized as JSON across the ABI.

use serde::{Deserialize, Serialize};

use super::usage::{FactoryDecl, UsageExample};
use super::value::ParamValue;

/// The version of the descriptor and request schemas; bumped on any incompatible change.
pub const DESCRIPTOR_VERSION: u32 = 1;

/// Everything a plugin offers: its identity, types, formats and actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PluginDescriptor {
    /// The schema version this descriptor follows ([`DESCRIPTOR_VERSION`]).
    pub descriptor_version: u32,
    /// The plugin's name, e.g. `dwq2` (`qiime dwq2 ...`).
    pub name: String,
    /// The plugin's version.
    pub version: String,
    /// The plugin's website.
    pub website: String,
    /// A paragraph describing the plugin.
    pub description: String,
    /// A one-line description, shown in `qiime --help`.
    pub short_description: String,
    /// The BibTeX text of every citation the plugin may refer to.
    pub citations_bib: String,
    /// The keys (in `citations_bib`) cited for the plugin itself.
    pub citations: Vec<String>,
    /// Semantic types the plugin defines.
    pub semantic_types: Vec<SemanticTypeDecl>,
    /// Formats the plugin defines.
    pub formats: Vec<FormatDecl>,
    /// Semantic types bound to the directory format that stores them.
    pub artifact_classes: Vec<ArtifactClassDecl>,
    /// Conversions between formats and the plugin's Rust views.
    pub transformers: Vec<TransformerDecl>,
    /// The plugin's methods, visualizers and pipelines.
    pub actions: Vec<ActionSignature>,
    /// The factories that write the data its usage examples start from.
    pub example_data: Vec<FactoryDecl>,
}

/// A semantic type (or type constructor taking fields) that a plugin defines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SemanticTypeDecl {
    /// The type's name, e.g. `SingleDNASequence` or `FeatureData`.
    pub name: String,
    /// The names of its fields, empty for a plain type.
    pub fields: Vec<String>,
    /// What values of the type are.
    pub description: String,
}

/// A file or directory format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormatDecl {
    /// The format's name, e.g. `DNASequencesDirectoryFormat`.
    pub name: String,
    /// Whether the format is a single file or a directory of files.
    pub kind: FormatKind,
    /// For a directory format: the files it holds.
    pub files: Vec<FormatFile>,
    /// Whether `qiime tools import` can read it.
    pub importable: bool,
    /// Whether `qiime tools export` can write it.
    pub exportable: bool,
}

/// Whether a format is one file or a directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatKind {
    /// A single file.
    File,
    /// A directory of files.
    Directory,
}

/// One file of a directory format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormatFile {
    /// The file's name inside the directory, e.g. `dna-sequences.fasta`.
    pub path: String,
    /// The file format of its contents.
    pub format: String,
}

/// A semantic type stored in a directory format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtifactClassDecl {
    /// The semantic type expression, e.g. `FeatureData[Sequence]`.
    pub semantic_type: String,
    /// The directory format its data is stored in.
    pub format: String,
    /// What the artifact class holds.
    pub description: String,
    /// The file of the directory format that is a QIIME 2 metadata TSV, when artifacts of this
    /// class can be used as metadata (`--m-NAME-file x.qza`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_file: Option<String>,
    /// Whether the plugin turns data of this class into metadata itself (the `metadata` service),
    /// as QIIME 2's transformers to `Metadata` do (`FeatureData[Sequence]`: a `Sequence` column).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub metadata_view: bool,
}

/// A conversion from one format or view to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransformerDecl {
    /// The source format or view.
    pub from: String,
    /// The target format or view.
    pub to: String,
    /// Citation keys for the conversion.
    pub citations: Vec<String>,
}

/// Whether an action is a method, a visualizer or a pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Takes artifacts and parameters, makes artifacts.
    Method,
    /// Takes artifacts and parameters, makes one visualization.
    Visualizer,
    /// Calls other actions.
    Pipeline,
}

impl ActionKind {
    /// The word QIIME 2 uses in provenance (`method`, `visualizer`, `pipeline`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Method => "method",
            Self::Visualizer => "visualizer",
            Self::Pipeline => "pipeline",
        }
    }

    /// The kind a provenance word names: the reverse of [`as_str`](Self::as_str).
    ///
    /// ```
    /// use qiime2_plugin::plugin::ActionKind;
    /// assert_eq!(ActionKind::parse("pipeline"), Some(ActionKind::Pipeline));
    /// assert_eq!(ActionKind::parse("import"), None);
    /// ```
    pub fn parse(text: &str) -> Option<ActionKind> {
        [Self::Method, Self::Visualizer, Self::Pipeline]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// The signature and documentation of one action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionSignature {
    /// The action's id, `snake_case` (`search_and_summarize`).
    pub id: String,
    /// Method, visualizer or pipeline.
    pub kind: ActionKind,
    /// A one-line name, e.g. "Local alignment search."
    pub name: String,
    /// A paragraph describing what the action does.
    pub description: String,
    /// Artifact inputs, in order.
    pub inputs: Vec<InputSpec>,
    /// Parameters (primitives and metadata), in order.
    pub parameters: Vec<ParameterSpec>,
    /// Outputs, in order.
    pub outputs: Vec<OutputSpec>,
    /// Citation keys for the action.
    pub citations: Vec<String>,
    /// Usage examples, in the order they were registered.
    pub examples: Vec<UsageExample>,
}

/// One artifact input of an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputSpec {
    /// The input's name.
    pub name: String,
    /// Its semantic type expression.
    pub qiime_type: String,
    /// What it is for.
    pub description: String,
    /// Whether the input may be left out.
    pub optional: bool,
    /// The view the action's body reads it as (none for a pipeline, which passes it on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
}

/// One parameter of an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParameterSpec {
    /// The parameter's name.
    pub name: String,
    /// Its primitive type expression, with predicate (`Int % Range(1, None)`, `Metadata`).
    pub qiime_type: String,
    /// What it is for.
    pub description: String,
    /// Its default, if it has one (`Some(ParamValue::Null)` for an optional parameter).
    pub default: Option<ParamValue>,
}

/// One output of an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputSpec {
    /// The output's name.
    pub name: String,
    /// Its semantic type expression (`Visualization` for a visualizer).
    pub qiime_type: String,
    /// What it holds.
    pub description: String,
    /// The view the action's body writes it from (none for a pipeline or a visualization).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
}
