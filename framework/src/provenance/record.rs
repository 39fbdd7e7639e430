//! The data model of one `action.yaml` record.

use chrono::{DateTime, FixedOffset};
use indexmap::IndexMap;
use uuid::Uuid;

mod conversions;

pub use conversions::NotRepeatable;

/// One provenance record: the content of a `provenance/action/action.yaml` file.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRecord {
    /// The `execution` section.
    pub execution: Execution,
    /// The `action` section.
    pub action: Action,
    /// The `transformers` section; `None` omits it (pipelines never have one).
    pub transformers: Option<Transformers>,
    /// The `environment` section.
    pub environment: Environment,
}

/// When and how an action ran.
#[derive(Debug, Clone, PartialEq)]
pub struct Execution {
    /// The execution uuid (shared by all outputs of one run, distinct from result uuids).
    pub uuid: Uuid,
    /// Start and end time.
    pub runtime: Runtime,
    /// How it ran; absent for imports and for records older than format 6.
    pub execution_context: Option<ExecutionContext>,
}

/// Start and end timestamps of an execution; the duration text is derived from them.
#[derive(Debug, Clone, PartialEq)]
pub struct Runtime {
    /// When the action started.
    pub start: DateTime<FixedOffset>,
    /// When the action ended.
    pub end: DateTime<FixedOffset>,
}

/// The `execution_context` of a format-6 record.
#[derive(Debug, Clone, PartialEq)]
pub enum ExecutionContext {
    /// Run directly in the calling process.
    Synchronous,
    /// Run in the background, returning a future.
    Asynchronous,
    /// Run through a Parsl-style executor.
    Parsl {
        /// The executor class name (`DFK` for pipelines).
        parsl_type: String,
    },
}

/// The `action` section.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Data imported from outside QIIME.
    Import(ImportAction),
    /// A method, visualizer or pipeline call.
    Call(CallAction),
}

/// The `action` section of an import.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportAction {
    /// The format the data was imported from.
    pub format: Option<String>,
    /// The imported files with their md5 sums, when recorded.
    pub manifest: Option<Vec<ManifestEntry>>,
}

/// One imported file.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestEntry {
    /// Path of the file relative to the import source.
    pub name: String,
    /// Its md5 hex digest.
    pub md5sum: String,
}

/// Which kind of action was called: the plugin descriptor's kind, recorded as its `as_str`.
pub use crate::plugin::ActionKind;

/// The `action` section of a method, visualizer or pipeline call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallAction {
    /// Method, visualizer or pipeline.
    pub kind: ActionKind,
    /// The plugin name (written as `!ref 'environment:plugins:NAME'`).
    pub plugin: String,
    /// The action id, e.g. `local_alignment_search`.
    pub action: String,
    /// Inputs in signature order.
    pub inputs: Vec<(String, InputValue)>,
    /// Parameters in the order they were recorded.
    pub parameters: Vec<(String, ParamValue)>,
    /// Which output of the action this result is.
    pub output_name: OutputName,
    /// For pipeline outputs: the uuid of the inner result this one aliases.
    pub alias_of: Option<Uuid>,
    /// Citation keys of the action (written as `!cite 'KEY'`).
    pub citations: Vec<String>,
}

/// The value of one input.
#[derive(Debug, Clone, PartialEq)]
pub enum InputValue {
    /// Optional input not given.
    None,
    /// One artifact.
    Uuid(Uuid),
    /// An ancestor without provenance (`!no-provenance 'uuid'`).
    NoProvenance(Uuid),
    /// A `List[...]` input.
    List(Vec<Uuid>),
    /// A `Set[...]` input (`!set`).
    Set(Vec<Uuid>),
    /// A `Collection[...]` input: ordered (key, artifact) pairs.
    Collection(Vec<(String, Uuid)>),
}

/// The value of one parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// `None` / not given.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string.
    Str(String),
    /// A list of values.
    List(Vec<ParamValue>),
    /// A set of values (`!set`).
    Set(Vec<ParamValue>),
    /// A legacy `Color` parameter (`!color '#rrggbb'`).
    Color(String),
    /// A Metadata or MetadataColumn parameter saved as `action/<file>`.
    Metadata {
        /// The TSV file name inside `action/`, e.g. `reference_metadata.tsv`.
        file: String,
        /// Artifacts viewed as metadata that contributed to it.
        artifacts: Vec<Uuid>,
    },
    /// A `Collection[...]` parameter: ordered (key, value) pairs.
    Collection(Vec<(String, ParamValue)>),
}

/// The `output-name` key.
#[derive(Debug, Clone, PartialEq)]
pub enum OutputName {
    /// An ordinary output, e.g. `hits`.
    Plain(String),
    /// One element of a collection output, written `[name, key, 'i/size']`.
    Element {
        /// The collection output's name.
        name: String,
        /// The element's key.
        key: String,
        /// 1-based position of the element.
        index: usize,
        /// Number of elements.
        size: usize,
    },
}

/// The `transformers` section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Transformers {
    /// Conversions applied to each input, by input name.
    pub inputs: IndexMap<String, Vec<TransformerStep>>,
    /// Conversions applied to produce the output.
    pub output: Vec<TransformerStep>,
}

/// One transformation between views.
#[derive(Debug, Clone, PartialEq)]
pub struct TransformerStep {
    /// Source view (format name or `module:Class`).
    pub from: String,
    /// Target view.
    pub to: String,
    /// Plugin that registered the transformer, if recorded.
    pub plugin: Option<String>,
    /// Citation keys.
    pub citations: Vec<String>,
}

/// Version, website and citations of the framework or of one plugin.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageInfo {
    /// Version text.
    pub version: String,
    /// Home page.
    pub website: String,
    /// Citation keys (omitted from the YAML when empty).
    pub citations: Vec<String>,
}

/// The `environment` section.
///
/// q2rs is not a Python program, so records it creates carry no `python`
/// interpreter string and no `python-packages` map (both are `None` and the keys
/// are omitted); nothing is invented to look like CPython. The versions of the
/// Rust packages that built q2rs go in `rust_packages`, written under the key
/// `rust-packages`. Records read from archives made by QIIME 2 keep their
/// `python` and `python-packages` values so they can be written back unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    /// Platform string, e.g. `linux-x86_64`.
    pub platform: String,
    /// The Python `sys.version` text of a record made by QIIME 2 (never set by q2rs).
    pub python: Option<String>,
    /// The framework.
    pub framework: PackageInfo,
    /// The plugins involved, in order.
    pub plugins: IndexMap<String, PackageInfo>,
    /// Python distributions and versions of a record made by QIIME 2.
    pub python_packages: Option<IndexMap<String, String>>,
    /// Rust packages and versions of a record made by q2rs.
    pub rust_packages: Option<IndexMap<String, String>>,
}
