//! The rules a plugin descriptor must follow, checked when the plugin is built and when it loads.

use std::collections::BTreeSet;

use super::descriptor::{ActionKind, ActionSignature, PluginDescriptor};

/// Checks `descriptor`; the error names the action or item at fault and the rule broken.
pub fn check_descriptor(descriptor: &PluginDescriptor) -> Result<(), String> {
    if !is_plugin_name(&descriptor.name) {
        return Err(format!(
            "plugin name '{}' must be lowercase letters, digits, '-' or '_', starting with a letter",
            descriptor.name
        ));
    }
    for key in &descriptor.citations {
        check_citation(descriptor, key, "the plugin")?;
    }
    let mut ids = BTreeSet::new();
    for action in &descriptor.actions {
        if !ids.insert(action.id.as_str()) {
            return Err(format!("action '{}' is registered twice", action.id));
        }
        check_action(descriptor, action)
            .map_err(|rule| format!("action '{}': {rule}", action.id))?;
    }
    Ok(())
}

fn check_action(descriptor: &PluginDescriptor, action: &ActionSignature) -> Result<(), String> {
    if !is_snake_case(&action.id) {
        return Err("action ids must be snake_case (lowercase letters, digits and '_')".to_owned());
    }
    let mut names = BTreeSet::new();
    let all_names = action
        .inputs
        .iter()
        .map(|i| &i.name)
        .chain(action.parameters.iter().map(|p| &p.name))
        .chain(action.outputs.iter().map(|o| &o.name));
    for name in all_names {
        if !is_snake_case(name) {
            return Err(format!("name '{name}' must be snake_case"));
        }
        if !names.insert(name.as_str()) {
            return Err(format!(
                "name '{name}' is used twice among inputs, parameters and outputs"
            ));
        }
    }
    if action.outputs.is_empty() {
        return Err("an action needs at least one output".to_owned());
    }
    let visualizations = action
        .outputs
        .iter()
        .filter(|o| o.qiime_type == "Visualization")
        .count();
    match action.kind {
        ActionKind::Visualizer if action.outputs.len() != 1 || visualizations != 1 => {
            Err("a visualizer has exactly one output, a Visualization".to_owned())
        }
        ActionKind::Method if visualizations > 0 => {
            Err("a method cannot output a Visualization".to_owned())
        }
        _ => action
            .citations
            .iter()
            .try_for_each(|key| check_citation(descriptor, key, "the action")),
    }
}

fn check_citation(descriptor: &PluginDescriptor, key: &str, who: &str) -> Result<(), String> {
    let declared = descriptor
        .citations_bib
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix('@'))
        .filter_map(|rest| rest.split_once('{'))
        .any(|(_, tail)| tail.trim_end().trim_end_matches(',').trim() == key);
    if declared {
        Ok(())
    } else {
        Err(format!(
            "{who} cites '{key}', which is not in the plugin's citations"
        ))
    }
}

fn is_plugin_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn is_snake_case(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
