//! `qiime2-plugin`: the contract between q2rs and its plugins.
//!
//! A plugin depends on this crate alone. It holds what both sides of the plugin boundary must
//! agree on, and nothing else:
//!
//! - [`plugin`]: the SDK authors write against ([`plugin::PluginBuilder`],
//!   [`plugin::ActionContext`], [`plugin::View`], [`export_plugin!`], [`register!`]), the
//!   descriptor a plugin sends, the wire types of calls, and the ABI ([`plugin::abi`]);
//! - [`types`]: QIIME 2 type expressions (`FeatureData[Sequence]`, `Int % Range(1, None)`);
//! - [`metadata`]: QIIME 2 metadata, as actions receive it.
//!
//! The host (the `qiime2` crate: archives, provenance, the cache, the parallel engine, the
//! command line) re-exports this crate under the same paths, and may change freely without
//! rebuilding any plugin.
//!
//! # Compatibility promise
//!
//! This crate's version is the plugin ABI version, independent of the host's. A plugin built
//! against `1.x` loads into every host whose contract is `1.y`, older or newer; a plugin built
//! against another major version is refused, with one line naming both versions. Within a major
//! version:
//!
//! - allowed in a minor version: new items (functions, builder methods, types, trait methods
//!   with defaults), new optional fields of the JSON wire types (read with defaults, so that
//!   either side may lack them), new fields appended after the last prefix field of an ABI
//!   module (the host checks that a plugin has them before using them);
//! - allowed in a patch version: fixes that change no public signature and no wire format;
//! - a new major version for anything else: removing or renaming a public item, changing a
//!   signature, a layout crossing the boundary, or the meaning of a wire field.
//!
//! `abi_stable` is pinned exactly: [`export_plugin!`] writes its loader symbol and header.

// The derives name this crate by its path, which inside it is `crate`.
extern crate self as qiime2_plugin;

pub mod metadata;
pub mod plugin;
pub mod python_repr;
pub mod types;

#[cfg(test)]
#[path = "../../framework/src/test_fixtures.rs"]
mod test_fixtures;

/// The contract (ABI) version: this crate's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the SDK's macros expand to; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use abi_stable;
    pub use inventory;
}
