//! `types`: the semantic types, formats and views shared by q2rs plugins.
//!
//! Registers `FeatureData`, `Sequence` and `AlignedSequence`, the DNA FASTA directory formats that
//! store `FeatureData[Sequence]` and `FeatureData[AlignedSequence]`, and their Rust views. Other
//! plugins name these types in their signatures and link this crate for the views.
//!
//! This crate is a library only: the plugin dylib is the thin crate `q2-types-plugin`, which
//! exports [`PLUGIN_INFO`] and [`register`]. (A library linked by other plugin dylibs must not
//! export a plugin root module itself, or each of them would export it twice.)

pub mod fasta;
mod formats;
mod metadata;
mod views;

pub use formats::{AlignedDnaSequencesDirectoryFormat, DnaSequencesDirectoryFormat};
pub use views::{AlignedDnaSequences, DnaSequences};

use qiime2_plugin::plugin::{DirectoryFormat, PluginBuilder, PluginInfo};

/// The identity of the `types` plugin.
pub const PLUGIN_INFO: PluginInfo = PluginInfo {
    name: "types",
    version: env!("CARGO_PKG_VERSION"),
    website: "https://github.com/q2rs/q2rs",
    description: "The semantic types, formats and views shared by q2rs plugins.",
    short_description: "Shared types and formats.",
    citations_bib: include_str!("citations.bib"),
    citations: &["Bolyen2019"],
};

/// Registers the types, formats, artifact classes and transformers of the `types` plugin.
pub fn register(plugin: &mut PluginBuilder) {
    plugin
        .semantic_type_with_fields(
            "FeatureData",
            &["type"],
            "Data about the features of a study.",
        )
        .semantic_type(
            "Sequence",
            "Unaligned DNA sequences (a field of FeatureData).",
        )
        .semantic_type(
            "AlignedSequence",
            "Aligned DNA sequences (a field of FeatureData).",
        )
        .file_format("DNAFASTAFormat")
        .file_format("AlignedDNAFASTAFormat")
        .directory_format::<DnaSequencesDirectoryFormat>()
        .directory_format::<AlignedDnaSequencesDirectoryFormat>()
        .artifact_class_viewed_as_metadata(
            "FeatureData[Sequence]",
            DnaSequencesDirectoryFormat::NAME,
            "Unaligned DNA sequences.",
            metadata::sequences,
        )
        .artifact_class_viewed_as_metadata(
            "FeatureData[AlignedSequence]",
            AlignedDnaSequencesDirectoryFormat::NAME,
            "Aligned DNA sequences.",
            metadata::aligned_sequences,
        )
        .view::<DnaSequences>()
        .view::<AlignedDnaSequences>();
}
#[cfg(test)]
qiime2_plugin::register!(register);

#[cfg(test)]
mod tests {
    use qiime2_plugin::plugin::BuiltPlugin;

    use super::*;

    #[test]
    fn the_plugin_builds_and_declares_its_types() {
        let plugin = BuiltPlugin::build(&PLUGIN_INFO, env!("CARGO_PKG_NAME")).unwrap();
        let descriptor = plugin.descriptor();
        assert_eq!(descriptor.name, "types");
        let classes: Vec<_> = descriptor
            .artifact_classes
            .iter()
            .map(|c| c.semantic_type.as_str())
            .collect();
        assert_eq!(
            classes,
            ["FeatureData[Sequence]", "FeatureData[AlignedSequence]"]
        );
        assert!(
            descriptor
                .formats
                .iter()
                .any(|f| f.name == DnaSequencesDirectoryFormat::NAME && f.importable)
        );
    }
}
