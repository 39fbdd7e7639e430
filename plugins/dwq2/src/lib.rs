//! `dwq2`: the plugin of the *Developing with QIIME 2* tutorial, in Rust.
//!
//! Pairwise global alignment, local alignment search of queries against references, and the
//! pipelines that split a search into independent steps so they can run in parallel.

pub mod align;
mod example_data;
mod formats;
mod hits;
mod hits_page;
mod html;
mod methods;
mod pipelines;
mod search;
mod views;
mod visualizers;

pub use formats::{HitsDirectoryFormat, SingleSequenceDirectoryFormat};
pub use hits::{COLUMNS, Hit, Hits};
pub use search::{SearchError, percent_similarity, search};
pub use views::{Records, SingleSequence};

use qiime2_plugin::plugin::{ActionBuilder, DirectoryFormat, PluginBuilder, PluginInfo};

/// The plugin's name.
pub const PLUGIN: &str = "dwq2";

qiime2_plugin::export_plugin!(PluginInfo {
    name: PLUGIN,
    version: env!("CARGO_PKG_VERSION"),
    website: "https://cap-lab.bio",
    description: "The plugin of the Developing with QIIME 2 (DWQ2) tutorial: pairwise alignment and \
                  local alignment search, with pipelines that run their steps in parallel.",
    short_description: "Educational plugin.",
    citations_bib: include_str!("citations.bib"),
    citations: &["Caporaso-Bolyen-2024"],
});

const GAP_OPEN: &str = "The penalty for opening a gap; a positive number.";
const GAP_EXTEND: &str = "The penalty for each further position of a gap; a positive number.";
const MATCH: &str = "The score of two equal bases in an alignment column; a positive number.";
const MISMATCH: &str = "The score of two different bases in an alignment column; zero or negative.";
const POSITIVE: &str = "Float % Range(0, None, inclusive_start=False)";
const NOT_POSITIVE: &str = "Float % Range(None, 0, inclusive_end=True)";

/// Defaults of gap open, gap extend, match and mismatch for global alignment (`nw_align`).
const GLOBAL_DEFAULTS: [i32; 4] = [5, 2, 1, -2];
/// Defaults of gap open, gap extend, match and mismatch for local alignment (the search).
const LOCAL_DEFAULTS: [i32; 4] = [5, 2, 2, -3];

/// Adds the inputs of a search: the queries and the references.
fn search_inputs(action: ActionBuilder<'_>) -> ActionBuilder<'_> {
    action
        .input(
            "query_seqs",
            "SingleDNASequence | FeatureData[Sequence]",
            "The sequences to search for.",
        )
        .input(
            "reference_seqs",
            "FeatureData[Sequence]",
            "The sequences to search in.",
        )
}

/// Adds the four scoring parameters, with `defaults`, to an action's signature.
fn scoring_parameters(action: ActionBuilder<'_>, defaults: [i32; 4]) -> ActionBuilder<'_> {
    let [gap_open, gap_extend, match_score, mismatch_score] = defaults;
    action
        .parameter_with_default("gap_open_penalty", POSITIVE, gap_open, GAP_OPEN)
        .parameter_with_default("gap_extend_penalty", POSITIVE, gap_extend, GAP_EXTEND)
        .parameter_with_default("match_score", POSITIVE, match_score, MATCH)
        .parameter_with_default("mismatch_score", NOT_POSITIVE, mismatch_score, MISMATCH)
}

fn register_types(plugin: &mut PluginBuilder) {
    plugin
        .semantic_type("SingleDNASequence", "One DNA sequence.")
        .semantic_type(
            "LocalAlignmentSearchResults",
            "The hits of a local alignment search.",
        )
        .file_format("SingleRecordDNAFASTAFormat")
        .file_format("LocalAlignmentSearchResultsFormat")
        .directory_format::<SingleSequenceDirectoryFormat>()
        .directory_format::<HitsDirectoryFormat>()
        .artifact_class(
            "SingleDNASequence",
            SingleSequenceDirectoryFormat::NAME,
            "A single DNA sequence.",
        )
        .artifact_class(
            "LocalAlignmentSearchResults",
            HitsDirectoryFormat::NAME,
            "Hits of queries against references, best first, with their alignments.",
        );
}
qiime2_plugin::register!(register_types);

fn register_actions(plugin: &mut PluginBuilder) {
    plugin
        .method("nw_align", methods::nw_align)
        .name("Pairwise global sequence alignment.")
        .description(
            "Aligns two DNA sequences end to end with Needleman-Wunsch; gaps at the ends are free.",
        )
        .input("seq1", "SingleDNASequence", "The first sequence.")
        .input("seq2", "SingleDNASequence", "The second sequence.")
        .with(|a| scoring_parameters(a, GLOBAL_DEFAULTS))
        .output(
            "aligned_sequences",
            "FeatureData[AlignedSequence]",
            "The two sequences, aligned.",
        )
        .citations(&["Needleman1970"]);
    plugin
        .method("local_alignment_search", methods::local_alignment_search)
        .name("Local Alignment Search (LAS).")
        .description(
            "Aligns every query to every reference with Smith-Waterman and keeps the best-scoring \
             hits of each query.",
        )
        .with(search_inputs)
        .parameter_with_default(
            "n",
            "Int % Range(0, None)",
            5,
            "How many of the best hits to keep per query; 0 keeps all.",
        )
        .with(|a| scoring_parameters(a, LOCAL_DEFAULTS))
        .output(
            "hits",
            "LocalAlignmentSearchResults",
            "The hits, best first within each query.",
        )
        .citations(&["Altschul1990", "Smith1981", "Caporaso-IAB2"]);
    plugin
        .method("split_sequences", methods::split_sequences)
        .name("Split sequences.")
        .description("Splits sequences into consecutive batches, keyed 0, 1, 2, ...")
        .input("seqs", "FeatureData[Sequence]", "The sequences to split.")
        .parameter_with_default(
            "split_size",
            "Int % Range(1, None)",
            5,
            "How many sequences go in each batch (the last may hold fewer).",
        )
        .output(
            "splits",
            "Collection[FeatureData[Sequence]]",
            "The batches, in order.",
        );
    plugin
        .method("combine_las_reports", methods::combine_las_reports)
        .name("Combine LAS reports.")
        .description("Concatenates local alignment search results in the order given.")
        .input(
            "reports",
            "Collection[LocalAlignmentSearchResults]",
            "The results to combine.",
        )
        .output(
            "report",
            "LocalAlignmentSearchResults",
            "All the hits, in order.",
        );
    plugin
        .visualizer("summarize_alignment", visualizers::summarize_alignment)
        .name("Summarize an alignment.")
        .description("Shows an alignment with each column marked as a match, a mismatch or a gap.")
        .input(
            "msa",
            "FeatureData[AlignedSequence]",
            "The alignment to summarize.",
        );
    plugin
        .visualizer("tabulate_las_results", visualizers::tabulate_las_results)
        .name("Tabulate LAS results.")
        .description("Shows search hits on a page that filters them, sorts them best first, plots each query's best hit and downloads them as TSV, optionally with reference metadata beside each hit.")
        .input("hits", "LocalAlignmentSearchResults", "The hits to show.")
        .parameter_with_default("title", "Str", "Local Alignment Search Results", "The page's title.")
        .optional_parameter("reference_metadata", "Metadata", "Metadata about the references, shown beside each hit.");
    plugin
        .pipeline("align_and_summarize", pipelines::align_and_summarize)
        .name("Pairwise global alignment and summarization.")
        .description("Aligns two sequences with nw_align, then summarizes the alignment.")
        .input("seq1", "SingleDNASequence", "The first sequence.")
        .input("seq2", "SingleDNASequence", "The second sequence.")
        .with(|a| scoring_parameters(a, GLOBAL_DEFAULTS))
        .output(
            "aligned_sequences",
            "FeatureData[AlignedSequence]",
            "The two sequences, aligned.",
        )
        .output(
            "msa_summary",
            "Visualization",
            "A summary of the alignment.",
        );
    plugin
        .pipeline("search_and_summarize", pipelines::search_and_summarize)
        .name("Local alignment search with tabular output report.")
        .description(
            "Searches queries against references in independent batches, combines the hits and \
             tabulates them; the batches run at the same time when run in parallel.",
        )
        .with(search_inputs)
        .optional_parameter(
            "reference_metadata",
            "Metadata",
            "Metadata about the references, shown beside each hit.",
        )
        .parameter_with_default(
            "n",
            "Int % Range(0, None)",
            5,
            "How many of the best hits to keep per query; 0 keeps all.",
        )
        .parameter_with_default(
            "split_size",
            "Int % Range(1, None)",
            5,
            "How many queries each search step takes (the last may take fewer).",
        )
        .parameter_with_default(
            "title",
            "Str",
            "Local Alignment Search Results",
            "The title of the table's page.",
        )
        .with(|a| scoring_parameters(a, LOCAL_DEFAULTS))
        .output(
            "hits",
            "LocalAlignmentSearchResults",
            "The hits, best first within each query.",
        )
        .output("hits_table", "Visualization", "The hits as a table.");
}
qiime2_plugin::register!(register_actions);

fn register_examples(plugin: &mut PluginBuilder) {
    plugin
        .example_data_view(
            "query_seqs_factory",
            "FeatureData[Sequence]",
            example_data::query_seqs,
        )
        .example_data_view(
            "reference_seqs_factory",
            "FeatureData[Sequence]",
            example_data::reference_seqs,
        )
        .example_data_metadata(
            "reference_metadata_factory",
            example_data::reference_metadata,
        )
        .example_data_view("seq1_factory", "SingleDNASequence", example_data::seq1)
        .example_data_view("seq2_factory", "SingleDNASequence", example_data::seq2);
    plugin.usage_example("nw_align", "Align two DNA sequences.", |ex| {
        ex.init_artifact("seq1", "seq1_factory")
            .init_artifact("seq2", "seq2_factory");
        ex.call("nw_align")
            .input("seq1", "seq1")
            .input("seq2", "seq2")
            .output("aligned_sequences", "msa");
    });
    plugin.usage_example(
        "align_and_summarize",
        "Align two sequences and summarize the alignment.",
        |ex| {
            ex.init_artifact("seq1", "seq1_factory")
                .init_artifact("seq2", "seq2_factory");
            ex.call("align_and_summarize")
                .input("seq1", "seq1")
                .input("seq2", "seq2")
                .output("aligned_sequences", "msa")
                .output("msa_summary", "msa_summary");
        },
    );
    plugin.usage_example("search_and_summarize", "Serial", |ex| {
        ex.init_artifact("query_seqs", "query_seqs_factory")
            .init_artifact("reference_seqs", "reference_seqs_factory")
            .init_metadata("reference_metadata", "reference_metadata_factory")
            .comment("This example runs the pipeline serially, one step after another.")
            .comment(
                "To run its independent steps at the same time, add --parallel to the command.",
            );
        ex.call("search_and_summarize")
            .input("query_seqs", "query_seqs")
            .input("reference_seqs", "reference_seqs")
            .metadata("reference_metadata", "reference_metadata")
            .param("split_size", 1)
            .output("hits", "hits")
            .output("hits_table", "hits_table");
    });
}
qiime2_plugin::register!(register_examples);

#[cfg(test)]
mod tests {
    use qiime2_plugin::plugin::BuiltPlugin;

    use super::*;

    #[test]
    fn the_plugin_builds_with_all_eight_actions() {
        let plugin = BuiltPlugin::build(&__Q2RS_PLUGIN_INFO, env!("CARGO_PKG_NAME")).unwrap();
        let ids: Vec<&str> = plugin
            .descriptor()
            .actions
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "nw_align",
                "local_alignment_search",
                "split_sequences",
                "combine_las_reports",
                "summarize_alignment",
                "tabulate_las_results",
                "align_and_summarize",
                "search_and_summarize"
            ]
        );
    }
}
