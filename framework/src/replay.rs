//! Provenance replay: the commands recorded in results' provenance, as a script to run again.
//!
//! [`ProvDag::load`] reads one archive or a folder of them into one graph; [`Plan::new`] turns
//! the graph into interface-neutral steps (a pipeline is one call, its inner steps are not
//! replayed; imports and results without provenance become placeholders); [`render`] writes the
//! steps as a bash script of `qiime` commands or as a Python script using QIIME 2's Python API.
//! [`render_citations`] gathers every citation, and [`write_supplement`] zips scripts,
//! citations and recorded metadata together.

mod bash;
mod citations;
mod dag;
mod error;
mod framing;
mod metadata;
mod names;
mod plan;
mod python;
mod signature;
mod supplement;

use std::path::{Path, PathBuf};

pub use bash::{DATA_PLACEHOLDER, METADATA_PLACEHOLDER, render_bash};
pub use citations::{NO_CITATIONS, deduplicate, render_citations};
pub use dag::{ParseOptions, ProvDag, ProvNode};
pub use error::ReplayError;
pub use metadata::dump_recorded_metadata;
pub use names::camel_to_snake;
pub use plan::{Arg, CallStep, MetadataArg, MetadataSource, Plan, Step, recorded_metadata};
pub use python::render_python;
pub use supplement::{SupplementOptions, write_supplement};

/// The interface a replay script is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Driver {
    /// A bash script of `qiime` commands.
    Cli,
    /// A Python 3 script using QIIME 2's Python API.
    Python3,
}

impl Driver {
    /// Every driver, in the order a supplement holds their scripts.
    pub const ALL: [Driver; 2] = [Driver::Python3, Driver::Cli];

    /// The name `--usage-driver` takes.
    pub fn name(self) -> &'static str {
        match self {
            Driver::Cli => "cli",
            Driver::Python3 => "python3",
        }
    }

    /// The file name of its script in a supplement.
    pub fn script_name(self) -> &'static str {
        match self {
            Driver::Cli => "cli_replay.sh",
            Driver::Python3 => "python3_replay.py",
        }
    }
}

/// How a plan is rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// The folder the recorded metadata was written to, if it was (named in comments).
    pub metadata_dir: Option<PathBuf>,
    /// Read the recorded metadata (under `metadata_dir`) instead of leaving placeholders.
    pub use_recorded_metadata: bool,
    /// Leave out the header and the footer.
    pub suppress_header: bool,
}

impl RenderOptions {
    /// The folder scripts read recorded metadata from, when they do.
    fn recorded_dir(&self) -> Option<&Path> {
        self.metadata_dir
            .as_deref()
            .filter(|_| self.use_recorded_metadata)
    }
}

/// What to do with the metadata recorded in provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetadataChoice {
    /// The metadata files were read from the archives.
    pub parsed: bool,
    /// Write them out.
    pub dump: bool,
    /// Make the script read them.
    pub use_recorded: bool,
    /// A folder to write them to was given.
    pub out_dir_given: bool,
}

impl MetadataChoice {
    /// Refuses combinations that cannot work: using or writing metadata that was not read, and
    /// using recorded metadata without writing it out.
    pub fn check(self) -> Result<(), ReplayError> {
        if !self.parsed && self.use_recorded {
            return Err(ReplayError::Options(
                "--use-recorded-metadata needs the recorded metadata: drop --no-parse-metadata",
            ));
        }
        if !self.parsed && (self.dump || self.out_dir_given) {
            return Err(ReplayError::Options(
                "the recorded metadata cannot be written without being read: with \
                 --no-parse-metadata, also give --no-dump-recorded-metadata and no \
                 --metadata-out-dir",
            ));
        }
        if self.use_recorded && !self.dump {
            return Err(ReplayError::Options(
                "--use-recorded-metadata makes the script read the metadata written by \
                 --dump-recorded-metadata: drop --no-dump-recorded-metadata",
            ));
        }
        Ok(())
    }
}

/// Renders `plan` for `driver`.
pub fn render(plan: &Plan, driver: Driver, options: &RenderOptions) -> Result<String, ReplayError> {
    match driver {
        Driver::Cli => render_bash(plan, options),
        Driver::Python3 => Ok(render_python(plan, options)),
    }
}

/// Checks, before any work, that `path` can be written: its folder exists and it is not a
/// folder itself.
pub fn check_destination(path: &Path) -> Result<(), ReplayError> {
    let bad = |reason: String| ReplayError::Destination {
        path: path.to_path_buf(),
        reason,
    };
    if path.is_dir() {
        return Err(bad("it is a folder".to_owned()));
    }
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() && !parent.is_dir() => Err(bad(format!(
            "the folder {} does not exist",
            parent.display()
        ))),
        _ => Ok(()),
    }
}

/// Writes `text` to `path` through a temporary file in the same folder, so that a failure
/// leaves no partial file.
pub fn write_atomically(path: &Path, text: &[u8]) -> Result<(), ReplayError> {
    use std::io::Write;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".q2rs-replay-")
        .tempfile_in(parent)
        .map_err(|e| ReplayError::write(path, e))?;
    file.write_all(text)
        .map_err(|e| ReplayError::write(path, e))?;
    file.persist(path)
        .map_err(|e| ReplayError::write(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests;
