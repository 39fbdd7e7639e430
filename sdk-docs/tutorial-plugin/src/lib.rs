// ANCHOR: all
//! `kmers`: the plugin built step by step in the q2rs plugin author's guide.
//!
//! It counts k-mers (words of `k` bases) in DNA sequences, merges counts, and shows the most
//! frequent k-mers on a page; a pipeline splits the work into batches that can run in parallel.

// ANCHOR: modules
mod actions;
mod counts;
mod example_data;
mod format;
mod view;

pub use actions::summary_html;
pub use counts::KmerCounts;
pub use format::KmerCountsDirectoryFormat;

#[cfg(test)]
mod tests;
// ANCHOR_END: modules

// ANCHOR: info
use qiime2_plugin::plugin::{DirectoryFormat, PluginBuilder, PluginInfo};

/// Who the plugin is: `qiime kmers ...`.
pub const PLUGIN_INFO: PluginInfo = PluginInfo {
    name: "kmers",
    version: env!("CARGO_PKG_VERSION"),
    website: "https://example.org/q2-kmers",
    description: "Counts k-mers (short words of DNA) in sequences and shows the most frequent.",
    short_description: "Count k-mers in DNA sequences.",
    citations_bib: include_str!("citations.bib"),
    citations: &["Kmers2026"],
};

qiime2_plugin::export_plugin!(PLUGIN_INFO);
// ANCHOR_END: info

// ANCHOR: register
/// Everything the plugin offers, in the order `qiime` lists it. (Each `register!` adds one
/// registration function; the order in which several run is not specified.)
fn register(plugin: &mut PluginBuilder) {
    register_types(plugin);
    register_methods(plugin);
    register_batch_methods(plugin);
    register_visualizers(plugin);
    register_pipelines(plugin);
    register_examples(plugin);
}
qiime2_plugin::register!(register);
// ANCHOR_END: register

// ANCHOR: register_types
fn register_types(plugin: &mut PluginBuilder) {
    plugin
        .semantic_type(
            "KmerCounts",
            "How often each k-mer occurs in a set of DNA sequences.",
        )
        .file_format("KmerCountsFormat")
        .directory_format::<KmerCountsDirectoryFormat>()
        .artifact_class(
            "KmerCounts",
            KmerCountsDirectoryFormat::NAME,
            "K-mer counts, one row per k-mer.",
        );
}
// ANCHOR_END: register_types

// ANCHOR: register_method
fn register_methods(plugin: &mut PluginBuilder) {
    plugin
        .method("count_kmers", actions::count_kmers)
        .name("Count k-mers.")
        .description(
            "Counts every k-mer of the sequences; windows holding ambiguous bases are skipped.",
        )
        .input(
            "sequences",
            "FeatureData[Sequence]",
            "The sequences to count k-mers in.",
        )
        .parameter_with_default("k", "Int % Range(1, 13)", 4, "The k-mer length.")
        .output("counts", "KmerCounts", "How often each k-mer occurs.")
        .citations(&["Kmers2026"]);
}
// ANCHOR_END: register_method

// ANCHOR: register_collections
fn register_batch_methods(plugin: &mut PluginBuilder) {
    plugin
        .method("split_sequences", actions::split_sequences)
        .name("Split sequences into batches.")
        .description("Splits sequences into consecutive batches, keyed 0, 1, 2, ...")
        .input(
            "sequences",
            "FeatureData[Sequence]",
            "The sequences to split.",
        )
        .parameter_with_default(
            "batch_size",
            "Int % Range(1, None)",
            100,
            "How many sequences go in each batch (the last may hold fewer).",
        )
        .output(
            "batches",
            "Collection[FeatureData[Sequence]]",
            "The batches, in order.",
        );
    plugin
        .method("merge_counts", actions::merge_counts)
        .name("Merge k-mer counts.")
        .description("Adds up k-mer counts of the same k.")
        .input("counts", "Collection[KmerCounts]", "The counts to add up.")
        .output("merged", "KmerCounts", "The sum of the counts.");
}
// ANCHOR_END: register_collections

// ANCHOR: register_visualizer
fn register_visualizers(plugin: &mut PluginBuilder) {
    plugin
        .visualizer("summarize", actions::summarize)
        .name("Summarize k-mer counts.")
        .description("Shows the most frequent k-mers with their counts and share of all k-mers.")
        .input("counts", "KmerCounts", "The counts to summarize.")
        .parameter_with_default(
            "top",
            "Int % Range(1, None)",
            10,
            "How many k-mers to show.",
        );
}
// ANCHOR_END: register_visualizer

// ANCHOR: register_pipeline
fn register_pipelines(plugin: &mut PluginBuilder) {
    plugin
        .pipeline("count_and_summarize", actions::count_and_summarize)
        .name("Count k-mers in batches and summarize them.")
        .description(
            "Splits the sequences into batches, counts the k-mers of each batch, merges the \
             counts and summarizes them; with --parallel the batches are counted at the same time.",
        )
        .input(
            "sequences",
            "FeatureData[Sequence]",
            "The sequences to count k-mers in.",
        )
        .parameter_with_default("k", "Int % Range(1, 13)", 4, "The k-mer length.")
        .parameter_with_default(
            "batch_size",
            "Int % Range(1, None)",
            100,
            "How many sequences each counting step takes.",
        )
        .parameter_with_default(
            "top",
            "Int % Range(1, None)",
            10,
            "How many k-mers to show.",
        )
        .output("counts", "KmerCounts", "How often each k-mer occurs.")
        .output("summary", "Visualization", "The most frequent k-mers.");
}
// ANCHOR_END: register_pipeline

// ANCHOR: register_examples
fn register_examples(plugin: &mut PluginBuilder) {
    plugin
        .example_data_view(
            "sequences_factory",
            "FeatureData[Sequence]",
            example_data::sequences,
        )
        .example_data_view("counts_factory", "KmerCounts", example_data::counts);

    plugin.usage_example("count_kmers", "count_3mers", |ex| {
        ex.init_artifact("sequences", "sequences_factory");
        ex.call("count_kmers")
            .input("sequences", "sequences")
            .param("k", 3)
            .output("counts", "counts");
        ex.peek("counts");
    });
    plugin.usage_example("summarize", "top_five", |ex| {
        ex.init_artifact("counts", "counts_factory");
        ex.call("summarize")
            .input("counts", "counts")
            .param("top", 5)
            .output("visualization", "summary");
    });
    plugin.usage_example("count_and_summarize", "batches", |ex| {
        ex.init_artifact("sequences", "sequences_factory")
            .comment("Count 3-mers in batches of two sequences, then summarize them.")
            .comment("Add --parallel to count the batches at the same time.");
        ex.call("count_and_summarize")
            .input("sequences", "sequences")
            .param("k", 3)
            .param("batch_size", 2)
            .output("counts", "counts")
            .output("summary", "summary");
    });
}
// ANCHOR_END: register_examples
// ANCHOR_END: all
