//! Plugins: the contract shared with plugin dylibs (the ABI, the descriptor, the author SDK; from
//! the `qiime2-plugin` crate, re-exported here), and the host's side: the loader that finds,
//! checks and loads plugin files, and calls into them.
//!
//! The host loads a dylib with [`load_file`], receives a [`PluginDescriptor`], and runs actions
//! by sending JSON requests.

mod error;
mod host;
mod loader;
mod trust;

pub use qiime2_plugin::plugin::*;

pub use error::LoadError;
pub use host::CallError;
pub use loader::{
    LoadOutcome, LoadedPlugin, PLUGIN_PATH_VAR, candidate_files, load_dirs, load_file, search_path,
};
pub use trust::{
    ALLOW_INSECURE_VAR, FolderInsecurity, Insecurity, allow_insecure_plugins,
    insecure_plugins_allowed,
};

/// The version of the plugin contract (ABI) this host implements: the `qiime2-plugin` crate's.
pub const CONTRACT_VERSION: &str = qiime2_plugin::VERSION;

/// The contract's test plugin with usage examples, for the host's tests of their rendering.
#[cfg(test)]
#[path = "../../contract/src/plugin/usage/demo.rs"]
pub(crate) mod demo;
