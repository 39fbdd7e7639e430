//! q2rs: the QIIME 2 plugin framework.
pub mod archive;
pub mod metadata;
pub mod provenance;
pub mod types;
