//! The error type of the archive module.

use std::fmt;
use std::path::PathBuf;

use super::entries::{MAX_NAME_BYTES, MAX_NAME_DEPTH};

/// Why a zip entry was refused before extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsafeReason {
    /// The name starts with `/` or a drive letter.
    Absolute,
    /// The name has a `..` component.
    ParentDir,
    /// The name has an empty or `.` component.
    NonNormalComponent,
    /// The name contains a backslash.
    Backslash,
    /// The name contains a NUL byte.
    NulByte,
    /// The entry is a symbolic link (unix mode `S_IFLNK`).
    Symlink,
    /// The entry is a device, fifo or socket.
    SpecialFile,
    /// The entry is a file at the top of the zip, outside the root directory.
    OutsideRoot,
    /// Another entry has the same name.
    Duplicate,
    /// The name has more components than any real archive needs.
    TooDeep,
    /// The name is longer than any real archive needs.
    TooLong,
}

impl fmt::Display for UnsafeReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Absolute => "absolute path; expected a path relative to the archive",
            Self::ParentDir => "'..' component; expected a path that stays inside the root",
            Self::NonNormalComponent => "empty or '.' path component",
            Self::Backslash => "backslash in name; expected '/' separators only",
            Self::NulByte => "NUL byte in name",
            Self::Symlink => "symbolic link; expected regular files and directories only",
            Self::SpecialFile => "device, fifo or socket; expected regular files only",
            Self::OutsideRoot => "file outside the root directory",
            Self::Duplicate => "duplicate entry name",
            Self::TooDeep => {
                return write!(
                    f,
                    "nested too deeply (more than {MAX_NAME_DEPTH} path components)"
                );
            }
            Self::TooLong => {
                return write!(f, "name too long (more than {MAX_NAME_BYTES} bytes)");
            }
        })
    }
}

/// Everything that can go wrong reading, validating or writing an archive.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The file is not a zip file at all.
    #[error("{} is not a QIIME archive: expected a zip file", .archive.display())]
    NotAZip {
        /// The archive file.
        archive: PathBuf,
    },
    /// The zip file is truncated or damaged.
    #[error("{} is a damaged or truncated zip file: {detail}", .archive.display())]
    Corrupt {
        /// The archive file.
        archive: PathBuf,
        /// What was wrong.
        detail: String,
    },
    /// No visible top-level directory.
    #[error(
        "{} does not have a visible root directory; expected one folder named by the result's UUID",
        .archive.display()
    )]
    NoRoot {
        /// The archive file.
        archive: PathBuf,
    },
    /// More than one visible top-level directory.
    #[error(
        "{} has multiple root directories ({}); expected exactly one",
        .archive.display(), .roots.join(", ")
    )]
    MultipleRoots {
        /// The archive file.
        archive: PathBuf,
        /// The top-level names found, sorted.
        roots: Vec<String>,
    },
    /// The root directory is not named by a canonical version 4 UUID.
    #[error(
        "{}: root directory name {root:?} is not a valid version 4 UUID (lowercase, hyphenated)",
        .archive.display()
    )]
    InvalidRootUuid {
        /// The archive file.
        archive: PathBuf,
        /// The root directory name.
        root: String,
    },
    /// A zip entry that must not be extracted.
    #[error("{}: unsafe entry {entry:?}: {reason}", .archive.display())]
    UnsafeEntry {
        /// The archive file.
        archive: PathBuf,
        /// The entry name as stored in the zip.
        entry: String,
        /// Why it was refused.
        reason: UnsafeReason,
    },
    /// Two entries share compressed bytes (the overlapping-entries zip bomb).
    #[error(
        "{}: entries share compressed data (a zip bomb or a crafted zip); expected each entry \
         to have its own data",
        .archive.display()
    )]
    OverlappingEntries {
        /// The archive file.
        archive: PathBuf,
    },
    /// The uncompressed contents exceed the size limit.
    #[error(
        "{} holds at least {size} bytes uncompressed; the limit is {limit} bytes (100 times the \
         zip's size, at least 1 GiB: set $QIIME2_ARCHIVE_MAX_RATIO or $QIIME2_ARCHIVE_MAX_SIZE \
         to change it)",
        .archive.display()
    )]
    TooLarge {
        /// The archive file.
        archive: PathBuf,
        /// The size declared or seen so far.
        size: u128,
        /// The limit in force.
        limit: u64,
    },
    /// A limit set in the environment is not a whole number.
    #[error("${variable} is {value:?}; expected a whole number")]
    InvalidLimit {
        /// The environment variable.
        variable: &'static str,
        /// Its value.
        value: String,
    },
    /// The zip has more entries than allowed.
    #[error("{} has {count} entries; the limit is {limit}", .archive.display())]
    TooManyEntries {
        /// The archive file.
        archive: PathBuf,
        /// The number of entries.
        count: usize,
        /// The limit in force.
        limit: usize,
    },
    /// A file or directory required by the archive version is absent.
    #[error("{} is missing {file} (required in {version})", .archive.display())]
    MissingFile {
        /// The archive file (or extracted root).
        archive: PathBuf,
        /// The missing path, relative to the root directory.
        file: String,
        /// Which versions require it, e.g. `archive version 6` or `every archive version`.
        version: String,
    },
    /// `VERSION` is not the expected three lines.
    #[error(
        "{} does not contain a correctly formatted VERSION file: {detail}; expected \
         'QIIME 2', 'archive: <version>', 'framework: <version>', each on its own line",
        .archive.display()
    )]
    BadVersionFile {
        /// The archive file.
        archive: PathBuf,
        /// What was wrong.
        detail: String,
    },
    /// A format without checksums that the named framework release never wrote.
    #[error(
        "{}: VERSION says archive format {version}, which has no checksums, but names framework \
         {framework}, whose releases write checksums (format 5 and later): the archive was \
         altered and its contents cannot be trusted",
        .archive.display()
    )]
    DowngradedVersion {
        /// The archive file.
        archive: PathBuf,
        /// The archive version as written.
        version: String,
        /// The framework version as written.
        framework: String,
    },
    /// The archive version is not one this framework reads.
    #[error(
        "{} was created by 'QIIME {framework}'; this framework cannot interpret archive \
         version '{version}' (it reads 0 to 6 and 7.x)",
        .archive.display()
    )]
    UnsupportedVersion {
        /// The archive file.
        archive: PathBuf,
        /// The archive version text.
        version: String,
        /// The framework version that wrote it.
        framework: String,
    },
    /// `metadata.yaml` names another UUID than the root directory.
    #[error(
        "{}: metadata.yaml has uuid {metadata} but the root directory is {root}; expected them equal",
        .archive.display()
    )]
    UuidMismatch {
        /// The archive file.
        archive: PathBuf,
        /// The root directory name.
        root: String,
        /// The uuid in metadata.yaml.
        metadata: String,
    },
    /// `metadata.yaml` is not valid.
    #[error(
        "{}: metadata.yaml is malformed: {detail}; expected keys uuid, type and format",
        .archive.display()
    )]
    BadMetadataYaml {
        /// The archive file (or the metadata file).
        archive: PathBuf,
        /// What was wrong.
        detail: String,
    },
    /// A line of the checksum file cannot be parsed.
    #[error("{}: line {line} of {file} is malformed: {detail}", .archive.display())]
    BadChecksumFile {
        /// The archive file (or extracted root).
        archive: PathBuf,
        /// The checksum file name.
        file: String,
        /// The 1-based line number.
        line: usize,
        /// What was wrong.
        detail: String,
    },
    /// The files do not match the checksum file.
    #[error(
        "{}: contents do not match the checksum file (added: [{}], removed: [{}], changed: [{}])",
        .archive.display(), .added.join(", "), .removed.join(", "), .changed.join(", ")
    )]
    ChecksumMismatch {
        /// The archive file (or extracted root).
        archive: PathBuf,
        /// Files present but not listed.
        added: Vec<String>,
        /// Files listed but absent.
        removed: Vec<String>,
        /// Files whose checksum differs.
        changed: Vec<String>,
    },
    /// An operating-system error on a path (said once: it is not repeated as a cause).
    #[error("{}: {}", .path.display(), describe_io(.error))]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        error: std::io::Error,
    },
}

/// An operating-system error in words: a missing file "does not exist".
fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "does not exist".to_owned(),
        _ => format!("i/o error: {error}"),
    }
}

impl ArchiveError {
    /// Wraps an `std::io::Error` with the path it concerns.
    pub(crate) fn io(path: impl Into<PathBuf>, error: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            error,
        }
    }
}
