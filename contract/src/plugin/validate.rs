//! The rules a plugin descriptor must follow, checked when the plugin is built and when it loads.

use std::collections::BTreeSet;

use super::descriptor::{ActionKind, ActionSignature, ParameterSpec, PluginDescriptor};
use super::usage::{check_examples, check_factories};
use super::value::ParamValue;
use crate::types::{CollectionKind, TypeExpr};

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
    check_factories(&descriptor.example_data).map_err(|err| err.to_string())?;
    for action in &descriptor.actions {
        check_examples(descriptor, action)?;
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
    for input in &action.inputs {
        let ty = parse(&input.name, &input.qiime_type)?;
        if !is_artifact_type(&ty) {
            return Err(format!(
                "input '{}' has type {ty}, which is not an artifact type",
                input.name
            ));
        }
    }
    for parameter in &action.parameters {
        check_parameter(parameter)?;
    }
    for output in &action.outputs {
        let ty = parse(&output.name, &output.qiime_type)?;
        if !(is_artifact_type(&ty) || ty.is_visualization()) {
            return Err(format!(
                "output '{}' has type {ty}, which is not an artifact type",
                output.name
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

fn parse(name: &str, expression: &str) -> Result<TypeExpr, String> {
    TypeExpr::parse(expression).map_err(|err| format!("'{name}': {err}"))
}

/// Semantic types, unions of them, and collections of them.
fn is_artifact_type(ty: &TypeExpr) -> bool {
    match ty {
        TypeExpr::Semantic { .. } => true,
        TypeExpr::Union(members) => members.iter().all(is_artifact_type),
        TypeExpr::Collection { element, .. } => is_artifact_type(element),
        _ => false,
    }
}

fn check_parameter(parameter: &ParameterSpec) -> Result<(), String> {
    let name = &parameter.name;
    let ty = parse(name, &parameter.qiime_type)?;
    let primitive_element = match &ty {
        TypeExpr::Collection {
            kind: CollectionKind::List | CollectionKind::Set,
            element,
        } => element.is_primitive(),
        other => other.is_primitive(),
    };
    if !primitive_element {
        return Err(format!(
            "parameter '{name}' has type {ty}, which is not a primitive or metadata type"
        ));
    }
    let Some(default) = &parameter.default else {
        return Ok(());
    };
    let bad_default =
        |reason: String| format!("the default of parameter '{name}' does not fit {ty}: {reason}");
    match default {
        ParamValue::Null => Ok(()),
        value => value
            .check_against(&ty)
            .map_err(|mismatch| bad_default(mismatch.to_string())),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugin::descriptor::{DESCRIPTOR_VERSION, InputSpec, OutputSpec};

    fn plugin_with(action: ActionSignature) -> PluginDescriptor {
        PluginDescriptor {
            descriptor_version: DESCRIPTOR_VERSION,
            name: "demo".into(),
            version: "1.0".into(),
            website: String::new(),
            description: String::new(),
            short_description: String::new(),
            citations_bib: "@misc{Key2024,\n title = {T}\n}\n".into(),
            citations: vec!["Key2024".into()],
            semantic_types: Vec::new(),
            formats: Vec::new(),
            artifact_classes: Vec::new(),
            transformers: Vec::new(),
            actions: vec![action],
            example_data: Vec::new(),
        }
    }

    fn method() -> ActionSignature {
        ActionSignature {
            id: "split".into(),
            kind: ActionKind::Method,
            name: "Split.".into(),
            description: String::new(),
            inputs: vec![InputSpec {
                name: "seqs".into(),
                qiime_type: "FeatureData[Sequence]".into(),
                description: String::new(),
                optional: false,
                view: None,
            }],
            parameters: vec![ParameterSpec {
                name: "size".into(),
                qiime_type: "Int % Range(1, None)".into(),
                description: String::new(),
                default: Some(ParamValue::Int(5)),
            }],
            outputs: vec![OutputSpec {
                name: "splits".into(),
                qiime_type: "Collection[FeatureData[Sequence]]".into(),
                description: String::new(),
                view: None,
            }],
            citations: vec!["Key2024".into()],
            examples: Vec::new(),
        }
    }

    fn rule_broken(action: ActionSignature) -> String {
        check_descriptor(&plugin_with(action)).unwrap_err()
    }

    #[test]
    fn a_well_formed_action_passes() {
        assert_eq!(check_descriptor(&plugin_with(method())), Ok(()));
    }

    #[test]
    fn a_default_outside_its_range_names_the_action_and_parameter() {
        let mut action = method();
        action.parameters[0].default = Some(ParamValue::Int(0));
        let err = rule_broken(action);
        assert!(
            err.starts_with("action 'split': the default of parameter 'size'"),
            "{err}"
        );
    }

    #[test]
    fn a_default_of_the_wrong_kind_is_refused() {
        let mut action = method();
        action.parameters[0].default = Some(ParamValue::Str("five".into()));
        assert!(rule_broken(action).contains("parameter 'size'"));
    }

    #[test]
    fn a_malformed_type_is_refused() {
        let mut action = method();
        action.inputs[0].qiime_type = "FeatureData[Sequence".into();
        assert!(rule_broken(action).contains("'seqs': invalid type expression"));
    }

    #[test]
    fn names_must_be_unique_across_inputs_parameters_and_outputs() {
        let mut action = method();
        action.outputs[0].name = "seqs".into();
        assert!(rule_broken(action).contains("'seqs' is used twice"));
    }

    #[test]
    fn kinds_of_type_must_fit_their_place() {
        let mut action = method();
        action.inputs[0].qiime_type = "Int".into();
        assert!(rule_broken(action).contains("not an artifact type"));
        let mut action = method();
        action.parameters[0].qiime_type = "FeatureData[Sequence]".into();
        action.parameters[0].default = None;
        assert!(rule_broken(action).contains("not a primitive or metadata type"));
    }

    #[test]
    fn visualizers_output_one_visualization() {
        let mut action = method();
        action.kind = ActionKind::Visualizer;
        assert!(rule_broken(action).contains("exactly one output"));
    }

    #[test]
    fn actions_need_an_output_and_known_citations() {
        let mut action = method();
        action.outputs.clear();
        assert!(rule_broken(action).contains("at least one output"));
        let mut action = method();
        action.citations = vec!["Nobody1999".into()];
        assert!(rule_broken(action).contains("'Nobody1999'"));
    }

    #[test]
    fn ids_are_snake_case_and_unique() {
        let mut action = method();
        action.id = "Split-Seqs".into();
        assert!(rule_broken(action).contains("snake_case"));
        let mut plugin = plugin_with(method());
        plugin.actions.push(method());
        assert_eq!(
            check_descriptor(&plugin).unwrap_err(),
            "action 'split' is registered twice"
        );
    }
}
