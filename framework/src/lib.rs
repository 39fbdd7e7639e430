//! q2rs: the QIIME 2 plugin framework.
pub mod archive;
pub mod metadata;
pub mod plugin;
pub mod provenance;
pub mod sdk;
pub mod types;

/// What the SDK's macros expand to; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use abi_stable;
    pub use inventory;
}

/// The version of the q2rs framework, as written in the `framework:` line of an archive's `VERSION`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
