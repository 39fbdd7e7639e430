//! q2rs: the QIIME 2 plugin framework.
pub mod archive;
pub mod metadata;
pub mod provenance;
pub mod types;

/// The version of the q2rs framework, as written in the `framework:` line of an archive's `VERSION`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
