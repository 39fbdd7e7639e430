//! Why a plugin file was not loaded.

use std::path::PathBuf;

/// A plugin file that was skipped, and why. Each displays as one line naming the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    /// The file could not be opened as a dynamic library.
    #[error("{}: not a loadable library ({reason})", path.display())]
    NotALibrary {
        /// The file.
        path: PathBuf,
        /// What the system loader said.
        reason: String,
    },
    /// A dynamic library without a q2rs root module.
    #[error("{}: not a q2rs plugin (it exports no plugin root module)", path.display())]
    NotAPlugin {
        /// The file.
        path: PathBuf,
    },
    /// A library whose root module could not be read.
    #[error("{}: invalid plugin library ({reason})", path.display())]
    InvalidLibrary {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// A plugin built against an incompatible version of the plugin interface.
    #[error(
        "{}: built against plugin interface {found}, incompatible with this framework's {expected}; rebuild the plugin",
        path.display()
    )]
    IncompatibleVersion {
        /// The file.
        path: PathBuf,
        /// The interface version the plugin was built against.
        found: String,
        /// The host's interface version.
        expected: String,
        /// The full compatibility report (long; shown with `--verbose`).
        detail: String,
    },
    /// The plugin failed to describe itself.
    #[error("{}: the plugin failed to describe itself: {message}", path.display())]
    DescribeFailed {
        /// The file.
        path: PathBuf,
        /// The plugin's error.
        message: String,
    },
    /// The plugin's descriptor is malformed or breaks a rule.
    #[error("{}: invalid plugin descriptor: {reason}", path.display())]
    BadDescriptor {
        /// The file.
        path: PathBuf,
        /// The rule broken.
        reason: String,
    },
    /// A file another user could have changed (or whose safety could not be checked), refused
    /// before it was loaded.
    #[error(
        "{}: refused to load a plugin file that is {reason}; fix its permissions, or load it \
         anyway with --allow-insecure-plugins (or ${} = 1)",
        path.display(), super::trust::ALLOW_INSECURE_VAR
    )]
    Insecure {
        /// The file.
        path: PathBuf,
        /// Why it is insecure, e.g. `world-writable (mode 0666)`.
        reason: super::trust::Insecurity,
    },
    /// A plugin that does not fit the other loaded plugins: it names a semantic type no loaded
    /// plugin registers, or needs a conversion between a format and a view that none declares.
    #[error("{}: plugin '{plugin}', {reason}", path.display())]
    Inconsistent {
        /// The file.
        path: PathBuf,
        /// The plugin's name.
        plugin: String,
        /// Where it names which type or conversion, and what it may have meant.
        reason: String,
    },
    /// A second plugin with a name already loaded.
    #[error("{}: a plugin named '{name}' was already loaded from {}", path.display(), first.display())]
    DuplicateName {
        /// The file skipped.
        path: PathBuf,
        /// The plugin name both use.
        name: String,
        /// The file loaded first.
        first: PathBuf,
    },
}

impl LoadError {
    /// The long report behind the one-line message, if there is one (for `--verbose`).
    pub fn detail(&self) -> Option<&str> {
        match self {
            Self::IncompatibleVersion { detail, .. } if !detail.is_empty() => Some(detail),
            _ => None,
        }
    }
}
