//! `mystery-stew`: a test plugin that exercises the plugin system.
//!
//! It defines its own semantic types (`IntSequence1`, `IntSequence2`, `Mapping`), two small
//! directory formats (`ints.txt`, `mapping.tsv`) with views, and actions that take every parameter
//! kind, union and optional inputs, collections in and out, a visualizer, and two actions that
//! fail on purpose (one panics, one returns an error).
//!
//! This crate is a library only, so that a user's `qiime` never loads it: the tests build its
//! dylib from the thin crate `tests/mystery-stew-plugin` (outside the workspace) and add it
//! through `QIIME2_PLUGIN_PATH`.

mod actions;
mod examples;
mod formats;
mod views;

pub use formats::{AnnotationsDirectoryFormat, IntSequenceDirectoryFormat, MappingDirectoryFormat};
pub use views::{IntSequence, Mapping};

use qiime2_plugin::plugin::{DirectoryFormat, PluginBuilder, PluginInfo};

/// The plugin's name.
pub const PLUGIN: &str = "mystery-stew";

/// The identity of the `mystery-stew` plugin.
pub const PLUGIN_INFO: PluginInfo = PluginInfo {
    name: PLUGIN,
    version: env!("CARGO_PKG_VERSION"),
    website: "https://github.com/q2rs/q2rs",
    description: "A plugin for testing q2rs: every parameter kind, collections, unions, and actions that fail.",
    short_description: "Tests the plugin system.",
    citations_bib: include_str!("citations.bib"),
    citations: &["q2rs-mystery-stew"],
};

/// Registers the types, formats, actions and usage examples of `mystery-stew`.
pub fn register(plugin: &mut PluginBuilder) {
    plugin
        .semantic_type("IntSequence1", "A sequence of integers.")
        .semantic_type(
            "IntSequence2",
            "Another sequence of integers, stored alike.",
        )
        .semantic_type("Mapping", "Text values under unique text keys.")
        .semantic_type(
            "Annotations",
            "Metadata about samples or features, kept as an artifact.",
        )
        .file_format("IntSequenceFormat")
        .file_format("MappingFormat")
        .file_format("AnnotationsFormat")
        .directory_format::<AnnotationsDirectoryFormat>()
        .directory_format::<IntSequenceDirectoryFormat>()
        .directory_format::<MappingDirectoryFormat>()
        .artifact_class(
            "IntSequence1",
            IntSequenceDirectoryFormat::NAME,
            "Integers.",
        )
        .artifact_class(
            "IntSequence2",
            IntSequenceDirectoryFormat::NAME,
            "Integers.",
        )
        .artifact_class("Mapping", MappingDirectoryFormat::NAME, "Key/value pairs.")
        .artifact_class_as_metadata(
            "Annotations",
            AnnotationsDirectoryFormat::NAME,
            AnnotationsDirectoryFormat::FILE,
            "Metadata kept as an artifact; usable wherever metadata is.",
        );
    actions::register(plugin);
    examples::register(plugin);
}
#[cfg(test)]
qiime2_plugin::register!(register);

#[cfg(test)]
mod tests;
