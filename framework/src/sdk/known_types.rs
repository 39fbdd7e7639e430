//! Semantic type names checked across plugins: a type a plugin names (in a signature, an
//! artifact class or an example-data factory) must be registered by a loaded plugin, so that a
//! misspelt `FeatureData[Sequences]` is refused when the plugin loads, not when a user runs it.

use std::collections::BTreeSet;

use crate::plugin::{FactoryKind, PluginDescriptor};
use crate::types::TypeExpr;

/// The first semantic type name `plugin` uses that no plugin of `known` registers: where it is
/// used, the name, and the closest registered name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnknownType {
    /// Where: `action 'x', input 'y'`, `artifact class`, `example-data factory 'z'`.
    pub(crate) place: String,
    /// The type expression as written.
    pub(crate) expression: String,
    /// The unknown name.
    pub(crate) name: String,
    /// A registered name it may be a misspelling of.
    pub(crate) suggestion: Option<String>,
}

/// Every semantic type name registered by `plugins`.
pub(crate) fn registered<'a>(
    plugins: impl IntoIterator<Item = &'a PluginDescriptor>,
) -> BTreeSet<String> {
    plugins
        .into_iter()
        .flat_map(|p| p.semantic_types.iter().map(|t| t.name.clone()))
        .collect()
}

/// The first unknown semantic type name of `plugin`, if any.
pub(crate) fn first_unknown(
    plugin: &PluginDescriptor,
    known: &BTreeSet<String>,
) -> Option<UnknownType> {
    uses(plugin).into_iter().find_map(|(place, expression)| {
        let parsed: TypeExpr = expression.parse().ok()?;
        let name = parsed
            .semantic_names()
            .into_iter()
            .find(|name| !known.contains(*name))?
            .to_owned();
        Some(UnknownType {
            suggestion: closest(&name, known),
            place,
            expression,
            name,
        })
    })
}

/// Each type expression `plugin` uses, with where.
fn uses(plugin: &PluginDescriptor) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for class in &plugin.artifact_classes {
        found.push(("artifact class".to_owned(), class.semantic_type.clone()));
    }
    for action in &plugin.actions {
        for input in &action.inputs {
            let place = format!("action '{}', input '{}'", action.id, input.name);
            found.push((place, input.qiime_type.clone()));
        }
        for output in &action.outputs {
            let place = format!("action '{}', output '{}'", action.id, output.name);
            found.push((place, output.qiime_type.clone()));
        }
    }
    for factory in &plugin.example_data {
        if let FactoryKind::Artifact { semantic_type }
        | FactoryKind::ArtifactCollection { semantic_type } = &factory.kind
        {
            let place = format!("example-data factory '{}'", factory.id);
            found.push((place, semantic_type.clone()));
        }
    }
    found
}

/// The registered name closest to `name`, when it is close enough to be a misspelling.
fn closest(name: &str, known: &BTreeSet<String>) -> Option<String> {
    let lower = name.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::levenshtein(&lower, &k.to_lowercase()), k))
        .filter(|(distance, k)| *distance <= (k.len() / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k.clone())
}

impl std::fmt::Display for UnknownType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: unknown semantic type '{}' in {} (no loaded plugin registers it",
            self.place, self.name, self.expression
        )?;
        match &self.suggestion {
            Some(s) => write!(f, "; did you mean '{s}'?)"),
            None => write!(f, ")"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugin::demo;

    #[test]
    fn a_misspelt_type_is_found_with_the_closest_registered_name() {
        let mut plugin = demo::build().descriptor().clone();
        // The demo relies on other plugins' types: take every name it uses as registered.
        let mut known = registered([&plugin]);
        for (_, expression) in uses(&plugin) {
            let parsed: TypeExpr = expression.parse().unwrap();
            known.extend(parsed.semantic_names().into_iter().map(str::to_owned));
        }
        assert_eq!(first_unknown(&plugin, &known), None, "the demo is sound");
        let action = plugin.actions[0].id.clone();
        let input = &mut plugin.actions[0].inputs[0];
        let name = input.name.clone();
        let good = input.qiime_type.clone();
        let misspelt = good.replacen("[Sequence]", "[Sequences]", 1);
        assert_ne!(
            good, misspelt,
            "the demo's first input names FeatureData[Sequence]"
        );
        input.qiime_type = misspelt.clone();
        let unknown = first_unknown(&plugin, &known).unwrap();
        assert_eq!(
            unknown.to_string(),
            format!(
                "action '{action}', input '{name}': unknown semantic type 'Sequences' in \
                 {misspelt} (no loaded plugin registers it; did you mean 'Sequence'?)"
            )
        );
        plugin.actions[0].inputs[0].qiime_type = "Zebra".to_owned();
        let unknown = first_unknown(&plugin, &known).unwrap();
        assert_eq!(unknown.suggestion, None, "nothing close to Zebra");
    }
}
