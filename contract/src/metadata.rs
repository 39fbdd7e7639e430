//! QIIME 2 metadata: the tab-separated metadata file format, typed columns, selection,
//! merging and a summary for `inspect-metadata`.
//!
//! A file has a header row whose first cell names the ID column (`id`, `sample-id`,
//! `#SampleID`, ...), optional `#q2:types` and `#q2:missing` directive rows right after it, and
//! one row per ID. Columns are categorical or numeric, declared or inferred.
//!
//! # Examples
//! ```
//! use qiime2_plugin::metadata::{ColumnKind, Metadata};
//! let text = "sample-id\tsite\tdepth\n#q2:types\tcategorical\tnumeric\nS1\tgut\t1.5\nS2\tskin\t\n";
//! let md = Metadata::from_tsv_str(text, "md.tsv")?;
//! assert_eq!(md.column("depth")?.kind(), &ColumnKind::Numeric(vec![Some(1.5), None]));
//! # Ok::<(), qiime2_plugin::metadata::MetadataError>(())
//! ```

mod column;
mod error;
mod id_header;
mod merge;
mod number;
mod reader;
mod summary;
mod table;
mod typing;
mod writer;

pub use column::{ColumnKind, ColumnType, MetadataColumn, MissingScheme};
pub use error::MetadataError;
pub use summary::{ColumnSummary, MetadataSummary};
pub use table::Metadata;
