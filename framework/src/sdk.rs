//! The Rust API for interfaces: find plugins, load and save results, run actions.

mod error;
mod plugin_manager;

pub use error::SdkError;
pub use plugin_manager::PluginManager;
