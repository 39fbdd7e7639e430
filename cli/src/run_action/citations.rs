//! `--citations` on an action (the BibTeX of the plugin's and the action's citations) and on a
//! plugin (the plugin's own).

use qiime2::plugin::{ActionSignature, PluginDescriptor};
use qiime2::provenance::Citations;

/// The BibTeX entries cited by `plugin` and by `action`, each once; `None` when there are none.
pub fn render_citations(
    plugin: &PluginDescriptor,
    action: &ActionSignature,
) -> anyhow::Result<Option<String>> {
    let keys: Vec<String> = plugin
        .citations
        .iter()
        .chain(&action.citations)
        .cloned()
        .collect();
    render_cited(plugin, &keys)
}

/// The BibTeX entries of the plugin's own citations (not its actions'), as q2cli prints for
/// `qiime <plugin> --citations`; `None` when it has none.
pub fn render_plugin_citations(plugin: &PluginDescriptor) -> anyhow::Result<Option<String>> {
    render_cited(plugin, &plugin.citations)
}

/// The entries of `plugin`'s BibTeX named by `keys`, each once; `None` when there are none.
fn render_cited(plugin: &PluginDescriptor, keys: &[String]) -> anyhow::Result<Option<String>> {
    let bib = Citations::parse(
        &plugin.citations_bib,
        &format!("citations of {}", plugin.name),
    )?;
    let mut cited = Citations::new();
    for key in keys {
        if let Some(entry) = bib.get(key) {
            cited.insert(entry.clone());
        }
    }
    Ok((!cited.is_empty()).then(|| cited.render()))
}
