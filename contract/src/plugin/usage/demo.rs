//! A test plugin with usage examples and factories, shaped like dwq2's `search_and_summarize`.

use std::path::Path;

use crate::plugin::{
    ActionError, Arguments, BuiltPlugin, Collection, DataDir, Handle, MetadataFile, PluginBuilder,
    PluginInfo, Results, View, ViewError,
};

/// The demo plugin's identity.
pub(crate) const INFO: PluginInfo = PluginInfo {
    name: "demo",
    version: "0.1.0",
    website: "https://example.org/demo",
    description: "A plugin for testing usage examples.",
    short_description: "Tests usage examples.",
    citations_bib: "",
    citations: &[],
};

/// The first comment of the `Serial` example (short: one line).
pub(crate) const FIRST_COMMENT: &str = "Each query is searched on its own, one after another.";

/// The second comment of the `Serial` example (long enough to wrap at 74 columns).
pub(crate) const SECOND_COMMENT: &str = "Splitting the queries into batches of one makes the \
    pipeline run one search per query, which is slow here but shows how the work divides.";

/// The demo plugin as built from [`register`] plus `extra` (for broken examples).
pub(crate) fn build_with(extra: fn(&mut PluginBuilder)) -> Result<BuiltPlugin, String> {
    BuiltPlugin::from_registrations(&INFO, |plugin| {
        register(plugin);
        extra(plugin);
    })
}

/// The demo plugin as built from [`register`] alone.
pub(crate) fn build() -> BuiltPlugin {
    build_with(|_| {}).expect("the demo plugin builds")
}

/// The body of every demo action: the demo's actions are described, never run.
fn not_run<A, R>(_: A) -> Result<R, ActionError> {
    Err(ActionError::msg("the demo plugin's actions do not run"))
}

// The demo's arguments are declared to be checked against the signatures, never read.
#[allow(dead_code)]
#[derive(Arguments)]
struct SearchArgs {
    #[input]
    query_seqs: Handle,
    #[input]
    reference_seqs: Handle,
    #[param]
    n: i64,
    #[param]
    split_size: i64,
    #[param]
    title: String,
    #[param]
    reference_metadata: Option<MetadataFile>,
}

#[derive(Results)]
struct SearchResults {
    hits: Handle,
    hits_table: Handle,
}

#[allow(dead_code)]
#[derive(Arguments)]
struct TabulateArgs {
    #[input]
    hits: Letters,
    #[param]
    title: String,
    #[param]
    sorted: bool,
    #[param]
    columns: Option<Vec<String>>,
    #[param]
    group_by: Option<MetadataFile>,
    #[param]
    threshold: f64,
}

#[allow(dead_code)]
#[derive(Arguments)]
struct CombineArgs {
    #[input]
    splits: Collection<Letters>,
}

#[allow(dead_code)]
#[derive(Arguments)]
pub(crate) struct SplitArgs {
    #[input]
    seqs: Letters,
}

// Used by the host's tests, which include this file.
#[allow(dead_code)]
#[derive(Results)]
pub(crate) struct Splits {
    splits: Collection<Letters>,
}

/// A `split_seqs` body, for tests that add a method splitting `seqs` into `splits`.
#[allow(dead_code)]
pub(crate) fn split_seqs(args: SplitArgs) -> Result<Splits, ActionError> {
    not_run(args)
}

#[derive(Results)]
struct Combined {
    combined: Letters,
}

fn write_fasta(dir: &Path) -> Result<String, ActionError> {
    std::fs::write(dir.join("dna-sequences.fasta"), ">q1\nACGTACGT\n").map_err(ActionError::msg)?;
    Ok("DNASequencesDirectoryFormat".to_owned())
}

fn write_splits(dir: &Path) -> Result<Vec<(String, String)>, ActionError> {
    ["0", "1"]
        .into_iter()
        .map(|key| {
            std::fs::create_dir(dir.join(key)).map_err(ActionError::msg)?;
            Ok((key.to_owned(), write_fasta(&dir.join(key))?))
        })
        .collect()
}

/// A view for the view-based factory: one line of text.
pub(crate) struct Letters(pub(crate) String);

impl View for Letters {
    const NAME: &'static str = "Letters";
    const READS: &'static [&'static str] = &["LettersDirectoryFormat"];
    const WRITES: &'static str = "LettersDirectoryFormat";

    fn read_from(dir: DataDir<'_>) -> Result<Self, ViewError> {
        let path = dir.file("letters.txt");
        std::fs::read_to_string(&path)
            .map(Letters)
            .map_err(|source| ViewError::Io { path, source })
    }

    fn write_to(&self, dir: &Path) -> Result<(), ViewError> {
        let path = dir.join("letters.txt");
        std::fs::write(&path, &self.0).map_err(|source| ViewError::Io { path, source })
    }
}

fn write_metadata(file: &Path) -> Result<(), ActionError> {
    std::fs::write(file, "id\tphylum\nr1\tBacillota\n").map_err(ActionError::msg)
}

/// Registers two actions, their examples and the factories the examples use.
pub(crate) fn register(plugin: &mut PluginBuilder) {
    plugin
        .pipeline("search_and_summarize", not_run::<SearchArgs, SearchResults>)
        .name("Search and summarize.")
        .input(
            "query_seqs",
            "SingleDNASequence | FeatureData[Sequence]",
            "The queries.",
        )
        .input("reference_seqs", "FeatureData[Sequence]", "The references.")
        .parameter_with_default("n", "Int % Range(1, None)", 5, "Hits per query.")
        .parameter_with_default(
            "split_size",
            "Int % Range(1, None)",
            5,
            "Queries per split.",
        )
        .parameter_with_default("title", "Str", "Hits", "The report's title.")
        .optional_parameter("reference_metadata", "Metadata", "About the references.")
        .output("hits", "LocalAlignmentSearchResults", "The hits.")
        .output("hits_table", "Visualization", "The report.");
    plugin
        .visualizer("tabulate", not_run::<TabulateArgs, ()>)
        .name("Tabulate hits.")
        .input("hits", "LocalAlignmentSearchResults", "The hits.")
        .parameter("title", "Str", "The table's title.")
        .parameter_with_default("sorted", "Bool", true, "Sort by score.")
        .optional_parameter("columns", "List[Str]", "Columns to show.")
        .optional_parameter("group_by", "MetadataColumn[Categorical]", "Groups.")
        .parameter_with_default("threshold", "Float", 0.5, "Least score shown.");
    plugin
        .example_data_artifact("query_seqs_factory", "FeatureData[Sequence]", write_fasta)
        .example_data_artifact(
            "reference_seqs_factory",
            "FeatureData[Sequence]",
            write_fasta,
        )
        .example_data_artifact("one_seq_factory", "SingleDNASequence", write_fasta)
        .example_data_metadata("metadata_factory", write_metadata)
        .example_data_artifact("panicking_factory", "FeatureData[Sequence]", |_| {
            panic!("no sequences today")
        })
        .example_data_artifact("failing_factory", "FeatureData[Sequence]", |_| {
            Err(ActionError::msg("the sequences are missing"))
        })
        .example_data_metadata("lazy_metadata_factory", |_| Ok(()))
        .example_data_collection("seq_splits_factory", "FeatureData[Sequence]", write_splits)
        .example_data_collection("bad_keys_factory", "FeatureData[Sequence]", |_| {
            Ok(vec![(
                "../escape".to_owned(),
                "DNASequencesDirectoryFormat".to_owned(),
            )])
        })
        .example_data_view("letters_factory", "Letters", || Ok(Letters("ACGT".into())));
    plugin
        .method("combine_seqs", not_run::<CombineArgs, Combined>)
        .name("Combine sequences.")
        .input("splits", "Collection[FeatureData[Sequence]]", "The splits.")
        .output("combined", "FeatureData[Sequence]", "All sequences.");
    plugin.usage_example("combine_seqs", "from_splits", |ex| {
        ex.init_artifact_collection("seq_splits", "seq_splits_factory");
        ex.call("combine_seqs")
            .input("splits", "seq_splits")
            .output("combined", "combined_seqs");
    });
    plugin.usage_example("search_and_summarize", "Serial", |ex| {
        ex.init_artifact("query_seqs", "query_seqs_factory")
            .init_artifact("reference_seqs", "reference_seqs_factory")
            .init_metadata("reference_metadata", "metadata_factory")
            .comment(FIRST_COMMENT)
            .comment(SECOND_COMMENT);
        ex.call("search_and_summarize")
            .input("query_seqs", "query_seqs")
            .input("reference_seqs", "reference_seqs")
            .metadata("reference_metadata", "reference_metadata")
            .param("split_size", 1)
            .output("hits", "hits")
            .output("hits_table", "hits_table");
    });
    plugin.usage_example("tabulate", "with_options", |ex| {
        ex.init_artifact("queries", "query_seqs_factory")
            .init_artifact("references", "reference_seqs_factory")
            .init_metadata("reference_metadata", "metadata_factory");
        ex.call("search_and_summarize")
            .input("query_seqs", "queries")
            .input("reference_seqs", "references")
            .output("hits", "all_hits")
            .output("hits_table", "all_hits_table");
        ex.call("tabulate")
            .input("hits", "all_hits")
            .param("title", "Best hits")
            .param("sorted", false)
            .param(
                "columns",
                crate::plugin::ParamValue::List(vec!["score".into(), "percent id".into()]),
            )
            .metadata_column("group_by", "reference_metadata", "phylum")
            .param("threshold", 1.0)
            .output("visualization", "best_hits");
    });
}
