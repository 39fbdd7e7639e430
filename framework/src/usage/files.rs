//! The files `--example-data DIR` writes for an example.

use crate::plugin::{UsageExample, UsageStep};

use super::text::cli_name;

/// What an example-data file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleFileKind {
    /// An artifact (`.qza`).
    Artifact,
    /// An artifact collection: a folder holding one `<key>.qza` per member.
    ArtifactCollection,
    /// A metadata TSV file (`.tsv`).
    Metadata,
}

/// One file written under `DIR/<example folder>/` by `--example-data DIR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFile {
    /// The example's variable (`query_seqs`).
    pub variable: String,
    /// The factory that makes its data.
    pub factory: String,
    /// The file's name in the example's folder (`query-seqs.qza`; `seq-splits/` for a collection).
    pub file_name: String,
    /// What the file holds.
    pub kind: ExampleFileKind,
}

/// The folder of `example` under an `--example-data` directory: its name with `_` -> `-`.
pub fn example_dir_name(example: &UsageExample) -> String {
    cli_name(&example.name)
}

/// The files of `example`'s example data, in the order its steps define them: artifacts as
/// `<variable>.qza`, artifact collections as folders `<variable>/`, metadata as
/// `<variable>.tsv`, with `_` -> `-` in the variable.
///
/// # Examples
/// ```
/// use qiime2::plugin::{UsageExample, UsageStep};
/// use qiime2::usage::example_files;
/// let example = UsageExample {
///     name: "Serial".into(),
///     steps: vec![UsageStep::InitMetadata {
///         variable: "reference_metadata".into(),
///         factory: "metadata_factory".into(),
///     }],
/// };
/// assert_eq!(example_files(&example)[0].file_name, "reference-metadata.tsv");
/// ```
pub fn example_files(example: &UsageExample) -> Vec<ExampleFile> {
    let file = |variable: &str, factory: &str, kind| ExampleFile {
        variable: variable.to_owned(),
        factory: factory.to_owned(),
        file_name: format!(
            "{}{}",
            cli_name(variable),
            match kind {
                ExampleFileKind::Artifact => ".qza",
                ExampleFileKind::ArtifactCollection => "/",
                ExampleFileKind::Metadata => ".tsv",
            }
        ),
        kind,
    };
    example
        .steps
        .iter()
        .filter_map(|step| match step {
            UsageStep::InitArtifact { variable, factory } => {
                Some(file(variable, factory, ExampleFileKind::Artifact))
            }
            UsageStep::InitArtifactCollection { variable, factory } => {
                Some(file(variable, factory, ExampleFileKind::ArtifactCollection))
            }
            UsageStep::InitMetadata { variable, factory } => {
                Some(file(variable, factory, ExampleFileKind::Metadata))
            }
            UsageStep::Comment { .. } | UsageStep::Call(_) | UsageStep::Peek { .. } => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugin::demo;

    #[test]
    fn the_serial_example_writes_two_artifacts_and_a_metadata_file() {
        let plugin = demo::build();
        let example = &plugin.descriptor().actions[0].examples[0];
        assert_eq!(example_dir_name(example), "Serial");
        let files: Vec<_> = example_files(example)
            .into_iter()
            .map(|f| (f.variable, f.factory, f.file_name, f.kind))
            .collect();
        let file = |v: &str, f: &str, n: &str, k| (v.to_owned(), f.to_owned(), n.to_owned(), k);
        assert_eq!(
            files,
            [
                file(
                    "query_seqs",
                    "query_seqs_factory",
                    "query-seqs.qza",
                    ExampleFileKind::Artifact
                ),
                file(
                    "reference_seqs",
                    "reference_seqs_factory",
                    "reference-seqs.qza",
                    ExampleFileKind::Artifact
                ),
                file(
                    "reference_metadata",
                    "metadata_factory",
                    "reference-metadata.tsv",
                    ExampleFileKind::Metadata
                ),
            ]
        );
    }

    #[test]
    fn example_folders_replace_underscores_only() {
        let plugin = demo::build();
        let example = &plugin.descriptor().actions[1].examples[0];
        assert_eq!(example_dir_name(example), "with-options");
        assert_eq!(example_files(example).len(), 3);
        let sentence = UsageExample {
            name: "Align two_DNA sequences.".into(),
            steps: Vec::new(),
        };
        assert_eq!(example_dir_name(&sentence), "Align two-DNA sequences.");
        assert!(example_files(&sentence).is_empty());
    }

    #[test]
    fn a_collection_is_a_folder() {
        let plugin = demo::build();
        let example = &plugin.descriptor().actions[2].examples[0];
        let files = example_files(example);
        assert_eq!(files[0].file_name, "seq-splits/");
        assert_eq!(files[0].kind, ExampleFileKind::ArtifactCollection);
        assert_eq!(files[0].factory, "seq_splits_factory");
    }
}
