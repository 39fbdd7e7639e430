//! The builder a plugin's registration functions fill in.

use std::path::Path;

mod action;

pub use action::ActionBuilder;

use super::arguments::Arguments;
use super::body::{ActionFn, Body, erase};
use super::error::{ActionError, FormatError};
use super::field::{Field, ViewInfo};
use super::results::Results;
use super::signature_check::view_conversions;
use super::view::View;
use crate::plugin::descriptor::{
    ActionKind, ActionSignature, ArtifactClassDecl, FormatDecl, FormatFile, FormatKind, OutputSpec,
    SemanticTypeDecl, TransformerDecl,
};
use crate::plugin::usage::{ExampleBuilder, FactoryKind, UsageExample};

/// Checks the files of a format in a folder, at a validation level.
pub type ValidateFn = fn(&Path, ValidationLevel) -> Result<(), FormatError>;

/// Turns the data folder of an artifact into metadata TSV text (see
/// [`PluginBuilder::artifact_class_viewed_as_metadata`]).
pub type MetadataViewFn = fn(&Path) -> Result<String, FormatError>;

/// Writes the data of an example artifact into an empty folder; returns the directory format
/// written (typically `view.write(dir)`).
pub type ArtifactFactory = fn(&Path) -> Result<String, ActionError>;

/// Writes an example metadata TSV file at the path given.
pub type MetadataFactory = fn(&Path) -> Result<(), ActionError>;

/// Writes the members of an example artifact collection into an empty folder, each into its own
/// new subfolder `<key>/`; returns `(key, directory format)` for each, in order.
pub type CollectionFactory = fn(&Path) -> Result<Vec<(String, String)>, ActionError>;

/// How a registered artifact factory writes its data.
type WriteArtifact = Box<dyn Fn(&Path) -> Result<String, ActionError> + Send + Sync>;

/// A registered example-data factory.
pub(crate) enum Factory {
    Artifact {
        semantic_type: String,
        make: WriteArtifact,
    },
    Collection {
        semantic_type: String,
        make: CollectionFactory,
    },
    Metadata(MetadataFactory),
}

impl Factory {
    /// What the factory makes, as the descriptor says it.
    pub(crate) fn kind(&self) -> FactoryKind {
        match self {
            Self::Artifact { semantic_type, .. } => FactoryKind::Artifact {
                semantic_type: semantic_type.clone(),
            },
            Self::Collection { semantic_type, .. } => FactoryKind::ArtifactCollection {
                semantic_type: semantic_type.clone(),
            },
            Self::Metadata(_) => FactoryKind::Metadata,
        }
    }
}

/// How thoroughly a format is validated: `min` looks at a prefix, `max` at everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidationLevel {
    /// A quick check of the start of the data.
    Min,
    /// A full check.
    Max,
}

/// A directory format implemented in Rust: its name, its files and its validation.
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use qiime2_plugin::plugin::{DirectoryFormat, FormatError, ValidationLevel};
///
/// /// `words.txt`: one word per line, no spaces.
/// struct WordsFormat;
///
/// impl DirectoryFormat for WordsFormat {
///     const NAME: &'static str = "WordsFormat";
///     const FILES: &'static [(&'static str, &'static str)] = &[("words.txt", "WordsFileFormat")];
///
///     fn validate(dir: &Path, level: ValidationLevel) -> Result<(), FormatError> {
///         let file = dir.join("words.txt");
///         let text = std::fs::read_to_string(&file).map_err(|e| FormatError {
///             file: file.clone(),
///             line: None,
///             message: e.to_string(),
///         })?;
///         let lines = if level == ValidationLevel::Min { 10 } else { usize::MAX };
///         match text.lines().take(lines).position(|word| word.contains(' ')) {
///             Some(i) => Err(FormatError { file, line: Some(i + 1), message: "a word has a space".into() }),
///             None => Ok(()),
///         }
///     }
/// }
///
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("words.txt"), "hello\nnot one\n").unwrap();
/// let err = WordsFormat::validate(dir.path(), ValidationLevel::Max).unwrap_err();
/// assert_eq!(err.line, Some(2));
/// ```
pub trait DirectoryFormat {
    /// The format's name, e.g. `DNASequencesDirectoryFormat`.
    const NAME: &'static str;
    /// Its files: `(file name, file format name)`.
    const FILES: &'static [(&'static str, &'static str)];
    /// Checks the files in `dir` at `level`.
    fn validate(dir: &Path, level: ValidationLevel) -> Result<(), FormatError>;
}

/// An action as registered: its signature, its body, and the fields the body reads and writes.
pub(crate) struct RegisteredAction {
    pub(crate) signature: ActionSignature,
    pub(crate) body: ActionFn,
    pub(crate) fields: Vec<Field>,
}

/// Everything registered by one plugin, gathered by its registration functions.
///
/// A registration function ([`register!`](crate::register)) receives the builder and declares
/// semantic types, formats, artifact classes, transformers, actions, example-data factories
/// and usage examples. The plugin is checked when it is built: type expressions must parse and
/// fit, defaults must satisfy their predicates, names must be unique, cited keys must exist.
///
/// # Examples
///
/// ```
/// use qiime2_plugin::plugin::{
///     ActionContext, ActionError, Arguments, BuiltPlugin, PluginBuilder, PluginInfo,
/// };
///
/// #[derive(Arguments)]
/// struct Count {
///     #[param]
///     times: usize,
/// }
///
/// fn count(args: Count, ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
///     let page = ctx.visualization_dir()?.join("index.html");
///     std::fs::write(page, "<li>".repeat(args.times)).map_err(ActionError::msg)
/// }
///
/// let info = PluginInfo {
///     name: "counting",
///     version: "1.0.0",
///     website: "https://example.org",
///     description: "Counts.",
///     short_description: "Counts.",
///     citations_bib: "",
///     citations: &[],
/// };
/// let register = |times_type: &'static str| {
///     move |plugin: &mut PluginBuilder| {
///         plugin
///             .visualizer("count", count)
///             .name("Count.")
///             .description("Writes a list item per count.")
///             .parameter_with_default("times", times_type, 1, "How many.");
///     }
/// };
/// let plugin = BuiltPlugin::from_registrations(&info, register("Int % Range(1, None)")).unwrap();
/// assert_eq!(plugin.descriptor().actions[0].parameters[0].name, "times");
/// // The body reads `times` as a usize: a signature that makes it a Float is refused.
/// let refused = BuiltPlugin::from_registrations(&info, register("Float")).err().unwrap();
/// assert_eq!(
///     refused,
///     "plugin 'counting': action 'count', parameter 'times' is Float in the signature, but the \
///      body reads it as usize"
/// );
/// ```
#[derive(Default)]
pub struct PluginBuilder {
    pub(crate) semantic_types: Vec<SemanticTypeDecl>,
    pub(crate) formats: Vec<(FormatDecl, Option<ValidateFn>)>,
    pub(crate) artifact_classes: Vec<ArtifactClassDecl>,
    pub(crate) transformers: Vec<TransformerDecl>,
    pub(crate) actions: Vec<RegisteredAction>,
    /// The plugin's name, which `call` steps of usage examples refer to.
    pub(crate) name: String,
    /// Example-data factories by id, in registration order.
    pub(crate) factories: Vec<(String, Factory)>,
    /// The conversions of artifact classes to metadata, by semantic type.
    pub(crate) metadata_views: Vec<(String, MetadataViewFn)>,
    /// Usage examples with the id of the action each documents.
    pub(crate) examples: Vec<(String, UsageExample)>,
}

impl PluginBuilder {
    /// Declares a plain semantic type, e.g. `SingleDNASequence`.
    pub fn semantic_type(&mut self, name: &str, description: &str) -> &mut Self {
        self.semantic_type_with_fields(name, &[], description)
    }

    /// Declares a semantic type constructor with fields, e.g. `FeatureData` or a field type.
    pub fn semantic_type_with_fields(
        &mut self,
        name: &str,
        fields: &[&str],
        description: &str,
    ) -> &mut Self {
        self.semantic_types.push(SemanticTypeDecl {
            name: name.to_owned(),
            fields: fields.iter().map(|f| (*f).to_owned()).collect(),
            description: description.to_owned(),
        });
        self
    }

    /// Declares a file format (validated as part of the directory formats that hold it).
    pub fn file_format(&mut self, name: &str) -> &mut Self {
        self.formats.push((
            FormatDecl {
                name: name.to_owned(),
                kind: FormatKind::File,
                files: Vec::new(),
                importable: false,
                exportable: false,
            },
            None,
        ));
        self
    }

    /// Declares a directory format implemented by `F`, importable and exportable.
    pub fn directory_format<F: DirectoryFormat>(&mut self) -> &mut Self {
        let files = F::FILES
            .iter()
            .map(|(path, format)| FormatFile {
                path: (*path).to_owned(),
                format: (*format).to_owned(),
            })
            .collect();
        self.formats.push((
            FormatDecl {
                name: F::NAME.to_owned(),
                kind: FormatKind::Directory,
                files,
                importable: true,
                exportable: true,
            },
            Some(F::validate),
        ));
        self
    }

    /// Binds a semantic type to the directory format that stores it.
    pub fn artifact_class(
        &mut self,
        semantic_type: &str,
        format: &str,
        description: &str,
    ) -> &mut Self {
        self.artifact_classes.push(ArtifactClassDecl {
            semantic_type: semantic_type.to_owned(),
            format: format.to_owned(),
            description: description.to_owned(),
            metadata_file: None,
            metadata_view: false,
        });
        self
    }

    /// Binds a semantic type to its directory format, whose data `to_metadata` turns into
    /// metadata TSV text, so that artifacts of the type can also be used as metadata (as QIIME 2
    /// views `FeatureData[Sequence]` as a table of one `Sequence` column).
    pub fn artifact_class_viewed_as_metadata(
        &mut self,
        semantic_type: &str,
        format: &str,
        description: &str,
        to_metadata: MetadataViewFn,
    ) -> &mut Self {
        self.artifact_class(semantic_type, format, description);
        if let Some(class) = self.artifact_classes.last_mut() {
            class.metadata_view = true;
        }
        self.metadata_views
            .push((semantic_type.to_owned(), to_metadata));
        self
    }

    /// Binds a semantic type to its directory format, whose file `metadata_file` is a metadata
    /// TSV, so that artifacts of the type can also be used as metadata.
    pub fn artifact_class_as_metadata(
        &mut self,
        semantic_type: &str,
        format: &str,
        metadata_file: &str,
        description: &str,
    ) -> &mut Self {
        self.artifact_class(semantic_type, format, description);
        if let Some(class) = self.artifact_classes.last_mut() {
            class.metadata_file = Some(metadata_file.to_owned());
        }
        self
    }

    /// Declares the conversions of view `V` (from each format it reads, to the one it writes).
    /// The views of actions' arguments and results and of example-data factories are declared
    /// without it; a library plugin uses it for views that only other plugins' actions read.
    pub fn view<V: View>(&mut self) -> &mut Self {
        for decl in view_conversions(ViewInfo::of::<V>()) {
            if !self.transformers.contains(&decl) {
                self.transformers.push(decl);
            }
        }
        self
    }

    /// Registers a method: an action that makes artifacts. Its body reads an [`Arguments`]
    /// struct and returns a [`Results`] struct of views (see [`Body`]).
    pub fn method<A, R, M>(&mut self, id: &str, body: impl Body<A, R, M>) -> ActionBuilder<'_>
    where
        A: Arguments + 'static,
        R: Results + 'static,
        M: 'static,
    {
        self.action(ActionKind::Method, id, erase(body))
    }

    /// Registers a visualizer: an action that makes one visualization. Its body returns `()`
    /// after writing into [`ActionContext::visualization_dir`](crate::plugin::ActionContext::visualization_dir).
    pub fn visualizer<A, R, M>(&mut self, id: &str, body: impl Body<A, R, M>) -> ActionBuilder<'_>
    where
        A: Arguments + 'static,
        R: Results + 'static,
        M: 'static,
    {
        self.action(ActionKind::Visualizer, id, erase(body))
    }

    /// Registers a pipeline: an action that calls other actions through its context. Its
    /// arguments and results hold [`Handle`](crate::plugin::Handle)s.
    pub fn pipeline<A, R, M>(&mut self, id: &str, body: impl Body<A, R, M>) -> ActionBuilder<'_>
    where
        A: Arguments + 'static,
        R: Results + 'static,
        M: 'static,
    {
        self.action(ActionKind::Pipeline, id, erase(body))
    }

    /// Registers a factory that writes the data of an example artifact of `semantic_type` into
    /// an empty folder and returns the directory format written.
    ///
    /// ```ignore
    /// plugin.example_data_artifact("query_seqs_factory", "FeatureData[Sequence]", |dir| {
    ///     std::fs::write(dir.join("dna-sequences.fasta"), QUERY_FASTA).map_err(ActionError::msg)?;
    ///     Ok(DnaSequencesDirectoryFormat::NAME.to_owned())
    /// });
    /// ```
    pub fn example_data_artifact(
        &mut self,
        id: &str,
        semantic_type: &str,
        factory: ArtifactFactory,
    ) -> &mut Self {
        self.push_artifact_factory(id, semantic_type, Box::new(factory))
    }

    /// Registers a factory that makes an example artifact of `semantic_type` as the view `V`,
    /// written in the format `V` writes.
    ///
    /// ```ignore
    /// plugin.example_data_view("query_seqs_factory", "FeatureData[Sequence]", || {
    ///     Ok(DnaSequences(vec![Record::new("q1", "ACGT")]))
    /// });
    /// ```
    pub fn example_data_view<V: View + 'static>(
        &mut self,
        id: &str,
        semantic_type: &str,
        make: fn() -> Result<V, ActionError>,
    ) -> &mut Self {
        let write = move |dir: &Path| make()?.write(dir).map_err(ActionError::msg);
        self.view::<V>();
        self.push_artifact_factory(id, semantic_type, Box::new(write))
    }

    fn push_artifact_factory(
        &mut self,
        id: &str,
        semantic_type: &str,
        make: WriteArtifact,
    ) -> &mut Self {
        let factory = Factory::Artifact {
            semantic_type: semantic_type.to_owned(),
            make,
        };
        self.factories.push((id.to_owned(), factory));
        self
    }

    /// Registers a factory that writes an example artifact collection whose members are of
    /// `semantic_type`, one subfolder per key (see [`CollectionFactory`]).
    pub fn example_data_collection(
        &mut self,
        id: &str,
        semantic_type: &str,
        factory: CollectionFactory,
    ) -> &mut Self {
        let factory = Factory::Collection {
            semantic_type: semantic_type.to_owned(),
            make: factory,
        };
        self.factories.push((id.to_owned(), factory));
        self
    }

    /// Registers a factory that writes an example metadata TSV file at the path it is given.
    pub fn example_data_metadata(&mut self, id: &str, factory: MetadataFactory) -> &mut Self {
        self.factories
            .push((id.to_owned(), Factory::Metadata(factory)));
        self
    }

    /// Adds usage example `name` to action `action`, its steps written by `steps`.
    ///
    /// # Examples
    ///
    /// A factory making the example's input, and an example calling a method with it:
    ///
    /// ```standalone_crate
    /// use std::path::Path;
    /// use qiime2_plugin::plugin::{
    ///     ActionError, Arguments, BuiltPlugin, DataDir, PluginBuilder, PluginInfo, Results,
    ///     UsageStep, View, ViewError,
    /// };
    ///
    /// /// A number, stored in `number.txt` (format `NumberFormat`).
    /// struct Number(i64);
    ///
    /// impl View for Number {
    ///     const NAME: &'static str = "Number";
    ///     const READS: &'static [&'static str] = &["NumberFormat"];
    ///     const WRITES: &'static str = "NumberFormat";
    ///     fn read_from(dir: DataDir<'_>) -> Result<Self, ViewError> {
    ///         let path = dir.file("number.txt");
    ///         let text = std::fs::read_to_string(&path).map_err(|source| ViewError::Io { path, source })?;
    ///         Ok(Number(text.trim().parse().unwrap_or_default()))
    ///     }
    ///     fn write_to(&self, dir: &Path) -> Result<(), ViewError> {
    ///         let path = dir.join("number.txt");
    ///         std::fs::write(&path, self.0.to_string()).map_err(|source| ViewError::Io { path, source })
    ///     }
    /// }
    ///
    /// #[derive(Arguments)]
    /// struct Double {
    ///     #[input]
    ///     number: Number,
    /// }
    ///
    /// #[derive(Results)]
    /// struct Doubled {
    ///     doubled: Number,
    /// }
    ///
    /// fn double(args: Double) -> Result<Doubled, ActionError> {
    ///     Ok(Doubled { doubled: Number(2 * args.number.0) })
    /// }
    ///
    /// fn register(plugin: &mut PluginBuilder) {
    ///     plugin.semantic_type("Number", "A whole number.");
    ///     plugin
    ///         .method("double", double)
    ///         .name("Double.")
    ///         .description("Doubles a number.")
    ///         .input("number", "Number", "The number.")
    ///         .output("doubled", "Number", "Twice the number.");
    ///     plugin.example_data_view("seven_factory", "Number", || Ok(Number(7)));
    ///     plugin.usage_example("double", "double_seven", |ex| {
    ///         ex.init_artifact("seven", "seven_factory");
    ///         ex.call("double").input("number", "seven").output("doubled", "fourteen");
    ///         ex.peek("fourteen");
    ///     });
    /// }
    /// qiime2_plugin::register!(register);
    ///
    /// fn main() {
    ///     let info = PluginInfo {
    ///         name: "arithmetic",
    ///         version: "1.0.0",
    ///         website: "https://example.org",
    ///         description: "Arithmetic.",
    ///         short_description: "Arithmetic.",
    ///         citations_bib: "",
    ///         citations: &[],
    ///     };
    ///     let plugin = BuiltPlugin::build(&info, env!("CARGO_PKG_NAME")).unwrap();
    ///     let example = &plugin.descriptor().actions[0].examples[0];
    ///     assert_eq!(example.name, "double_seven");
    ///     assert_eq!(example.steps.len(), 3);
    ///     assert!(matches!(&example.steps[1], UsageStep::Call(call) if call.action == "double"));
    /// }
    /// ```
    pub fn usage_example(
        &mut self,
        action: &str,
        name: &str,
        steps: impl FnOnce(&mut ExampleBuilder),
    ) -> &mut Self {
        let mut example = ExampleBuilder::new(&self.name, name);
        steps(&mut example);
        self.examples.push((action.to_owned(), example.finish()));
        self
    }

    fn action(
        &mut self,
        kind: ActionKind,
        id: &str,
        (body, fields): (ActionFn, Vec<Field>),
    ) -> ActionBuilder<'_> {
        let mut signature = ActionSignature {
            id: id.to_owned(),
            kind,
            name: String::new(),
            description: String::new(),
            inputs: Vec::new(),
            parameters: Vec::new(),
            outputs: Vec::new(),
            citations: Vec::new(),
            examples: Vec::new(),
        };
        if kind == ActionKind::Visualizer {
            signature.outputs.push(OutputSpec {
                name: "visualization".to_owned(),
                qiime_type: "Visualization".to_owned(),
                description: "The visualization: a page to open with 'qiime tools view'."
                    .to_owned(),
                view: None,
            });
        }
        self.actions.push(RegisteredAction {
            signature,
            body,
            fields,
        });
        let index = self.actions.len() - 1;
        ActionBuilder {
            signature: &mut self.actions[index].signature,
        }
    }
}
