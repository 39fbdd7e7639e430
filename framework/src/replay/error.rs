//! The error type of provenance replay.

use std::path::PathBuf;

use crate::archive::ArchiveError;
use crate::provenance::ProvenanceError;
use crate::usage::UsageError;

/// Why provenance could not be read or replayed.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// `--in-fp` names nothing.
    #[error("{path}: no such file or directory")]
    Missing {
        /// The path given.
        path: PathBuf,
    },
    /// A directory holds no archives to parse.
    #[error("no .qza or .qzv files in {path}{hint}")]
    NoArchives {
        /// The directory searched.
        path: PathBuf,
        /// A hint about `--recurse`, or nothing.
        hint: &'static str,
    },
    /// An archive could not be opened.
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    /// A provenance file inside an archive is malformed.
    #[error("{archive}: {source}")]
    Provenance {
        /// The archive read.
        archive: PathBuf,
        /// What is wrong with its provenance.
        source: ProvenanceError,
    },
    /// A record names a metadata file that the archive lacks.
    #[error("{archive}: the record of {uuid} names metadata file '{file}', which is missing")]
    MissingMetadata {
        /// The archive read.
        archive: PathBuf,
        /// The result whose record names the file.
        uuid: uuid::Uuid,
        /// The file named.
        file: String,
    },
    /// Options that cannot go together.
    #[error("{0}")]
    Options(&'static str),
    /// A step of the replay could not be rendered.
    #[error(transparent)]
    Usage(#[from] UsageError),
    /// A file could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system reported.
        source: std::io::Error,
    },
    /// An output path whose folder is missing, or that is a folder.
    #[error("cannot write {path}: {reason}")]
    Destination {
        /// The path given.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

impl ReplayError {
    /// A [`ReplayError::Write`] for `path`.
    pub(crate) fn write(path: &std::path::Path, source: std::io::Error) -> Self {
        Self::Write {
            path: path.to_path_buf(),
            source,
        }
    }
}
