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
//!
//! [`types`], [`metadata`] and the plugin side of [`plugin`] come from the contract crate,
//! `qiime2-plugin`, re-exported here under the same paths: plugins depend on that crate alone.
// The framework reports through `tracing` (the host shows it as it likes), never by printing.
#![cfg_attr(not(test), deny(clippy::print_stderr, clippy::print_stdout))]

pub mod archive;
pub mod cache;
mod files;
pub mod interrupt;
pub mod parallel;
pub mod plugin;
pub mod provenance;
pub mod sdk;
pub mod usage;
mod yaml_budget;

pub use qiime2_plugin::{export_plugin, metadata, python_repr, register, types};

#[cfg(test)]
mod layering_tests;
#[cfg(test)]
mod test_fixtures;

/// The version of the q2rs framework (the host), as written in the `framework:` line of an
/// archive's `VERSION`; the plugin contract has its own ([`plugin::CONTRACT_VERSION`]).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
