//! q2rs: the QIIME 2 plugin framework.
//!
//! - [`types`]: QIIME 2 type expressions (`FeatureData[Sequence]`, `Int % Range(1, None)`), their
//!   parsing, printing and subtyping.
//! - [`archive`]: `.qza`/`.qzv` files: safe reading, checksums, atomic writing.
//! - [`provenance`]: the records of how every result was made, and their citations.
//! - [`metadata`]: QIIME 2 metadata TSV files.
//! - [`plugin`]: the ABI shared with plugin dylibs, the SDK plugin authors use, and the loader.
//! - [`sdk`]: the API interfaces use to find plugins and run their actions.
//! - [`parallel`]: running pipelines' steps in parallel; [`interrupt`]: stopping a run cleanly.
//! - [`cache`]: results kept unzipped by key, and the recycle pools that resume pipelines.
//! - [`replay`]: provenance replay: scripts, citations and supplements from results' provenance.
pub mod archive;
pub mod cache;
mod files;
pub mod interrupt;
pub mod metadata;
pub mod parallel;
pub mod plugin;
pub mod provenance;
pub mod python_repr;
pub mod replay;
pub mod sdk;
pub mod types;
pub mod usage;
mod yaml_budget;

/// The version of the q2rs framework, as written in the `framework:` line of an archive's `VERSION`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the SDK's macros expand to; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use abi_stable;
    pub use inventory;
}
