//! The installed plugins, loaded the same way by every command that needs them: once per
//! process, with one warning for each plugin file refused for its permissions (without it,
//! the plugin would just be missing).

use std::sync::OnceLock;

use qiime2::plugin::LoadError;
use qiime2::sdk::PluginManager;

static LOADED: OnceLock<PluginManager> = OnceLock::new();

/// The installed plugins, loaded on the first call (after `--allow-insecure-plugins` was
/// read); the first call also warns about each plugin file refused as insecure.
pub fn load() -> PluginManager {
    LOADED
        .get_or_init(|| {
            let plugins = PluginManager::load();
            for skipped in plugins.skipped().iter().filter(|s| is_insecure(s)) {
                eprintln!("warning: skipped {skipped}");
            }
            plugins
        })
        .clone()
}

/// Whether `skipped` was refused for its permissions ([`load`] has warned about it).
pub fn is_insecure(skipped: &LoadError) -> bool {
    matches!(skipped, LoadError::Insecure { .. })
}
