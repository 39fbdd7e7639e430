//! What a provenance record says about the software that made a result, and whom to cite.

use indexmap::IndexMap;

use crate::plugin::{ActionSignature, PluginDescriptor};
use crate::provenance::{BibEntry, Citations, Environment, PackageInfo};

use super::error::SdkError;

/// The framework's website, recorded in provenance.
pub const FRAMEWORK_WEBSITE: &str = "https://github.com/q2rs/q2rs";

/// The environment variable that hands a worker process the Python version of the interpreter
/// whose run it serves ([`set_python_version`]).
pub const PYTHON_VERSION_VAR: &str = "Q2RS_PYTHON_VERSION";

static PYTHON_VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Records `version` (Python's `sys.version`) as the interpreter driving this process, as the
/// Python API does: results made here then record it as `python:`, as QIIME 2's do, and so do
/// the steps this process hands to worker processes. The first call wins.
pub fn set_python_version(version: &str) {
    let _ = PYTHON_VERSION.set(version.to_owned());
}

/// The Python version results record: the one set in this process, else the one a worker was
/// handed by its host.
pub fn python_version() -> Option<String> {
    PYTHON_VERSION.get().cloned().or_else(|| {
        std::env::var(PYTHON_VERSION_VAR)
            .ok()
            .filter(|v| !v.is_empty())
    })
}

/// The BibTeX of the paper describing QIIME 2, cited for the framework.
const FRAMEWORK_BIB: &str = include_str!("framework.bib");

/// The platform as QIIME 2 records it, e.g. `linux-x86_64`.
pub fn platform() -> String {
    format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH)
}

/// The citation key QIIME 2 gives the framework's citation.
fn framework_key() -> String {
    format!("framework|qiime2:{}|0", crate::archive::FRAMEWORK_VERSION)
}

/// The environment section for a result made with the given plugins, and the citations of the
/// framework and those plugins under QIIME 2's keys.
pub fn environment(plugins: &[&PluginDescriptor]) -> Result<(Environment, Citations), SdkError> {
    let mut citations = Citations::new();
    for entry in parse_bib(FRAMEWORK_BIB, "the framework's citations")?.entries() {
        citations.insert(rekeyed(entry, framework_key()));
    }
    let mut plugin_infos = IndexMap::new();
    for plugin in plugins {
        let bib = parse_bib(&plugin.citations_bib, &plugin.name)?;
        let mut keys = Vec::new();
        for (index, key) in plugin.citations.iter().enumerate() {
            let new_key = format!("plugin|{}:{}|{index}", plugin.name, plugin.version);
            if let Some(entry) = bib.get(key) {
                citations.insert(rekeyed(entry, new_key.clone()));
                keys.push(new_key);
            }
        }
        plugin_infos.insert(
            plugin.name.clone(),
            PackageInfo {
                version: plugin.version.clone(),
                website: plugin.website.clone(),
                citations: keys,
            },
        );
    }
    let environment = Environment {
        platform: platform(),
        python: python_version(),
        framework: PackageInfo {
            version: crate::archive::FRAMEWORK_VERSION.to_owned(),
            website: FRAMEWORK_WEBSITE.to_owned(),
            citations: vec![framework_key()],
        },
        plugins: plugin_infos,
        python_packages: None,
        rust_packages: Some(IndexMap::from([(
            "qiime2".to_owned(),
            crate::VERSION.to_owned(),
        )])),
    };
    Ok((environment, citations))
}

/// The citations of one action under QIIME 2's keys (`action|plugin:version|kind:id|i`), added to
/// `citations`; returns the keys.
pub fn action_citations(
    plugin: &PluginDescriptor,
    action: &ActionSignature,
    citations: &mut Citations,
) -> Result<Vec<String>, SdkError> {
    let bib = parse_bib(&plugin.citations_bib, &plugin.name)?;
    let mut keys = Vec::new();
    for (index, key) in action.citations.iter().enumerate() {
        let new_key = format!(
            "action|{}:{}|{}:{}|{index}",
            plugin.name,
            plugin.version,
            action.kind.as_str(),
            action.id
        );
        if let Some(entry) = bib.get(key) {
            citations.insert(rekeyed(entry, new_key.clone()));
            keys.push(new_key);
        }
    }
    Ok(keys)
}

fn parse_bib(text: &str, owner: &str) -> Result<Citations, SdkError> {
    Citations::parse(text, &format!("citations of {owner}")).map_err(SdkError::from)
}

fn rekeyed(entry: &BibEntry, key: String) -> BibEntry {
    BibEntry {
        key,
        ..entry.clone()
    }
}
