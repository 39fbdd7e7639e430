//! `--citations` on an action (the BibTeX of the plugin's and the action's citations) and on a
//! plugin (every BibTeX entry the plugin ships).

use qiime2::plugin::{ActionSignature, PluginDescriptor};
use qiime2::provenance::Citations;

/// The BibTeX entries cited by `plugin` and by `action`, each once; `None` when there are none.
pub fn render_citations(
    plugin: &PluginDescriptor,
    action: &ActionSignature,
) -> anyhow::Result<Option<String>> {
    let bib = Citations::parse(
        &plugin.citations_bib,
        &format!("citations of {}", plugin.name),
    )?;
    let mut cited = Citations::new();
    for key in plugin.citations.iter().chain(&action.citations) {
        if let Some(entry) = bib.get(key) {
            cited.insert(entry.clone());
        }
    }
    Ok((!cited.is_empty()).then(|| cited.render()))
}

/// Every BibTeX entry `plugin` ships, each once; `None` when it ships none.
pub fn render_plugin_citations(plugin: &PluginDescriptor) -> anyhow::Result<Option<String>> {
    let bib = Citations::parse(
        &plugin.citations_bib,
        &format!("citations of {}", plugin.name),
    )?;
    Ok((!bib.is_empty()).then(|| bib.render()))
}
