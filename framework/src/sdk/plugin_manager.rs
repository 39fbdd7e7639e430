//! The plugins available to this process, found once and kept.

use std::path::PathBuf;
use std::sync::Arc;

use crate::plugin::{
    ArtifactClassDecl, FormatDecl, LoadError, LoadedPlugin, load_dirs, search_path,
};

use super::action::Action;
use super::conversions::Declared;
use super::error::SdkError;
use super::known_types;

/// Every plugin found on the plugin search path, with the files that were skipped.
///
/// Cheap to clone: clones share the loaded plugins.
#[derive(Debug, Clone)]
pub struct PluginManager {
    inner: Arc<Loaded>,
}

#[derive(Debug)]
struct Loaded {
    search_path: Vec<PathBuf>,
    plugins: Vec<LoadedPlugin>,
    skipped: Vec<LoadError>,
}

impl PluginManager {
    /// Loads the plugins of the default search path ([`search_path`]).
    pub fn load() -> Self {
        Self::load_from(search_path())
    }

    /// Loads the plugins found in `dirs`, in order. A plugin naming a semantic type that no
    /// loaded plugin registers (a misspelling, or a plugin it needs that is missing), or whose
    /// action reads an input in a format its view has no conversion from, is skipped with
    /// [`LoadError::Inconsistent`], which names the action, the name and what is missing.
    pub fn load_from(dirs: Vec<PathBuf>) -> Self {
        let outcome = load_dirs(&dirs);
        let (mut plugins, mut skipped) = (outcome.plugins, outcome.skipped);
        // Skipping a plugin may leave another without a type or conversion it needs: until
        // nothing changes.
        loop {
            let known = known_types::registered(plugins.iter().map(|p| &p.descriptor));
            let declared = Declared::of(plugins.iter().map(|p| &p.descriptor));
            let Some((index, reason)) = plugins.iter().enumerate().find_map(|(i, p)| {
                let unknown = known_types::first_unknown(&p.descriptor, &known);
                let problem = unknown
                    .map(|u| u.to_string())
                    .or_else(|| declared.first_missing(&p.descriptor));
                problem.map(|reason| (i, reason))
            }) else {
                break;
            };
            let plugin = plugins.remove(index);
            skipped.push(LoadError::Inconsistent {
                path: plugin.path,
                plugin: plugin.descriptor.name,
                reason,
            });
        }
        let inner = Loaded {
            search_path: dirs,
            plugins,
            skipped,
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The folders that were searched.
    pub fn search_path(&self) -> &[PathBuf] {
        &self.inner.search_path
    }

    /// The plugins that loaded, in discovery order.
    pub fn plugins(&self) -> &[LoadedPlugin] {
        &self.inner.plugins
    }

    /// The files that were skipped, each with why.
    pub fn skipped(&self) -> &[LoadError] {
        &self.inner.skipped
    }

    /// The plugin named `name`.
    pub fn plugin(&self, name: &str) -> Result<&LoadedPlugin, SdkError> {
        self.inner
            .plugins
            .iter()
            .find(|p| p.descriptor.name == name)
            .ok_or_else(|| SdkError::NoSuchPlugin {
                name: name.to_owned(),
                available: self
                    .plugins()
                    .iter()
                    .map(|p| p.descriptor.name.clone())
                    .collect(),
            })
    }

    /// Action `action` (its id, `snake_case`) of plugin `plugin`, ready to be called.
    pub fn action(&self, plugin: &str, action: &str) -> Result<Action<'_>, SdkError> {
        let loaded = self.plugin(plugin)?;
        loaded
            .descriptor
            .actions
            .iter()
            .find(|a| a.id == action)
            .map(|signature| Action {
                pm: self,
                plugin: loaded,
                signature,
            })
            .ok_or_else(|| SdkError::NoSuchAction {
                plugin: plugin.to_owned(),
                action: action.to_owned(),
                available: loaded
                    .descriptor
                    .actions
                    .iter()
                    .map(|a| a.id.clone())
                    .collect(),
            })
    }

    /// Every artifact class, with the plugin that registered it.
    pub fn artifact_classes(&self) -> impl Iterator<Item = (&LoadedPlugin, &ArtifactClassDecl)> {
        self.inner
            .plugins
            .iter()
            .flat_map(|p| p.descriptor.artifact_classes.iter().map(move |c| (p, c)))
    }

    /// Every format, with the plugin that registered it.
    pub fn formats(&self) -> impl Iterator<Item = (&LoadedPlugin, &FormatDecl)> {
        self.inner
            .plugins
            .iter()
            .flat_map(|p| p.descriptor.formats.iter().map(move |f| (p, f)))
    }

    /// The format named `name`, with the plugin that validates it.
    pub fn format(&self, name: &str) -> Option<(&LoadedPlugin, &FormatDecl)> {
        self.formats().find(|(_, f)| f.name == name)
    }
}
