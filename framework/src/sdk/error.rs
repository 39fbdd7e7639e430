//! Errors of the Rust API used by interfaces (the CLI, scripts).

/// Why a request to the framework failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SdkError {
    /// No plugin of that name was loaded.
    #[error(
        "no plugin named '{name}' is installed (installed: {})",
        list(available)
    )]
    NoSuchPlugin {
        /// The name asked for.
        name: String,
        /// The plugins that are installed.
        available: Vec<String>,
    },
    /// The plugin has no action of that id.
    #[error(
        "plugin '{plugin}' has no action '{action}' (its actions: {})",
        list(available)
    )]
    NoSuchAction {
        /// The plugin.
        plugin: String,
        /// The action asked for.
        action: String,
        /// The plugin's actions.
        available: Vec<String>,
    },
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}
