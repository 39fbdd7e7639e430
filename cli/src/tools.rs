//! `qiime tools`: commands that work on QIIME 2 files without any plugin.

mod citations;
mod inspect_metadata;
mod peek;
mod validate;

use std::path::PathBuf;

use clap::Subcommand;

/// The `qiime tools` subcommands.
#[derive(Debug, Subcommand)]
pub enum Tools {
    /// Take a peek at a QIIME 2 Artifact or Visualization.
    Peek {
        /// The archive (.qza or .qzv) to look at.
        path: PathBuf,
    },
    /// Check that a QIIME 2 Artifact or Visualization is intact: its layout and its checksums.
    Validate {
        /// The archive (.qza or .qzv) to check.
        path: PathBuf,
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
}

/// Runs one `qiime tools` subcommand.
pub fn run(tool: Tools) -> anyhow::Result<()> {
    match tool {
        Tools::Peek { path } => peek::run(&path),
        Tools::Validate { path } => validate::run(&path),
        Tools::Citations { path } => citations::run(&path),
        Tools::InspectMetadata { paths } => inspect_metadata::run(&paths),
    }
}
