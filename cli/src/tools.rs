//! `qiime tools`: commands that work on QIIME 2 files.

mod cache;
mod citations;
mod completion;
mod export;
mod import;
mod inspect_metadata;
mod list_formats;
mod list_types;
mod peek;
mod replay;
mod validate;
mod view;

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use qiime2::plugin::ValidationLevel;

/// The `qiime tools` subcommands.
#[derive(Debug, Subcommand)]
pub enum Tools {
    /// Import data into a new QIIME 2 Artifact.
    Import {
        /// The semantic type of the artifact to create, e.g. 'FeatureData[Sequence]'.
        #[arg(long = "type", value_name = "TEXT")]
        semantic_type: String,
        /// The file or folder to import.
        #[arg(long, value_name = "PATH")]
        input_path: PathBuf,
        /// The format of the data; by default, what the type is stored in.
        #[arg(long, value_name = "TEXT")]
        input_format: Option<String>,
        /// Where to write the artifact (.qza is added when missing).
        #[arg(long, value_name = "ARTIFACT")]
        output_path: PathBuf,
    },
    /// Export the data of a QIIME 2 Artifact or Visualization.
    Export {
        /// The artifact or visualization to export.
        #[arg(long, value_name = "ARTIFACT/VISUALIZATION")]
        input_path: PathBuf,
        /// Where to write the data (a folder, or a file for types stored as one file).
        #[arg(long, value_name = "PATH")]
        output_path: PathBuf,
        /// The format to export as; only the stored format is supported.
        #[arg(long, value_name = "TEXT")]
        output_format: Option<String>,
    },
    /// Take a peek at a QIIME 2 Artifact or Visualization.
    Peek {
        /// The archive (.qza or .qzv) to look at.
        path: PathBuf,
    },
    /// Check that a QIIME 2 Artifact or Visualization is intact: layout, checksums and data format.
    Validate {
        /// The archive (.qza or .qzv) to check.
        path: PathBuf,
        /// How thoroughly the data are checked against their format.
        #[arg(long, value_enum, default_value_t = Level::Max)]
        level: Level,
    },
    /// Print the BibTeX citations of everything in a result's provenance.
    Citations {
        /// The archive (.qza or .qzv) whose provenance is cited.
        path: PathBuf,
    },
    /// Inspect the columns of metadata files; several files are merged.
    InspectMetadata {
        /// Metadata TSV files (merged when several are given).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Serve a QIIME 2 Visualization on 127.0.0.1 for a web browser (until Ctrl-C).
    View {
        /// The visualization (.qzv) to show.
        path: PathBuf,
        /// Only extract it and print the path of its index.html.
        #[arg(long)]
        index_only: bool,
    },
    /// Print a shell completion script for qiime, its tools and the installed plugins.
    Completion {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// List the semantic types that can be imported.
    ListTypes,
    #[command(flatten)]
    #[allow(
        missing_docs,
        reason = "the flattened subcommands carry their own docs"
    )]
    Cache(cache::CacheTool),
    #[command(flatten)]
    #[allow(
        missing_docs,
        reason = "the flattened subcommands carry their own docs"
    )]
    Replay(replay::ReplayTool),
    /// List the formats the installed plugins define.
    ListFormats {
        /// Only formats that can be imported.
        #[arg(long, conflicts_with = "exportable")]
        importable: bool,
        /// Only formats that can be exported.
        #[arg(long)]
        exportable: bool,
    },
}

/// How thoroughly data are validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// A quick check of the start of the data.
    Min,
    /// A check of all the data.
    Max,
}

impl From<Level> for ValidationLevel {
    fn from(level: Level) -> Self {
        match level {
            Level::Min => Self::Min,
            Level::Max => Self::Max,
        }
    }
}

/// Runs one `qiime tools` subcommand; `full_command` builds the whole command tree, plugins
/// included (only `completion` needs it).
pub fn run(
    tool: Tools,
    full_command: impl FnOnce() -> anyhow::Result<clap::Command>,
) -> anyhow::Result<()> {
    match tool {
        Tools::Import {
            semantic_type,
            input_path,
            input_format,
            output_path,
        } => import::run(
            &semantic_type,
            &input_path,
            input_format.as_deref(),
            &output_path,
        ),
        Tools::Export {
            input_path,
            output_path,
            output_format,
        } => export::run(&input_path, &output_path, output_format.as_deref()),
        Tools::Peek { path } => peek::run(&path),
        Tools::Validate { path, level } => validate::run(&path, level.into()),
        Tools::Citations { path } => citations::run(&path),
        Tools::InspectMetadata { paths } => inspect_metadata::run(&paths),
        Tools::View { path, index_only } => view::run(&path, index_only),
        Tools::Completion { shell } => completion::run(shell, full_command()?),
        Tools::ListTypes => list_types::run(),
        Tools::Cache(tool) => cache::run(tool),
        Tools::Replay(tool) => replay::run(tool),
        Tools::ListFormats {
            importable,
            exportable,
        } => list_formats::run(importable, exportable),
    }
}
