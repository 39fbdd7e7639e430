//! QIIME 2 archives (`.qza` / `.qzv`): safe reading, checksums and atomic writing.
//!
//! An archive is a zip file whose single visible top folder is named by the result's
//! UUID and holds `VERSION`, `metadata.yaml`, a checksum file (format 5 and later),
//! `data/` and `provenance/`. This module reads formats 0 to 6 and 7.x and writes format 6.
//! Every zip entry is checked (names, types, counts, sizes) before anything is extracted,
//! and extraction only ever happens inside a fresh temporary directory.

mod checksums;
mod entries;
mod error;
mod metadata;
mod partial;
mod reader;
mod sink;
mod tree;
mod version;
mod writer;

pub use checksums::{ChecksumKind, compute_checksum_file, verify_checksums};
pub use entries::{MAX_ENTRIES_VAR, MAX_RATIO_VAR, MAX_SIZE_VAR, RATIO_FLOOR, ReadLimits};
pub use error::{ArchiveError, UnsafeReason};
pub use metadata::ResultMetadata;
pub use reader::{Archive, PeekInfo, peek};
pub use version::{ArchiveVersion, FRAMEWORK_VERSION, VersionFile};
pub use writer::{write_archive, write_archive_with_framework};

pub(crate) use checksums::{render as render_checksums, tree_checksums};
pub(crate) use tree::{Node, Source, Tree, scan_dir, write_tree};
pub(crate) use writer::write_archive_tree;
