//! The rules a plugin's usage examples and example-data factories follow.

use std::collections::{BTreeMap, BTreeSet};

use super::error::ExampleError;
use super::example::{FactoryDecl, FactoryKind, UsageArg, UsageCall, UsageExample, UsageStep};
use crate::plugin::descriptor::{ActionSignature, ParameterSpec, PluginDescriptor};
use crate::plugin::value::ParamValue;
use crate::types::{CollectionKind, TypeExpr};

/// Checks that factory ids are unique and that artifact factories make one semantic type.
pub(crate) fn check_factories(factories: &[FactoryDecl]) -> Result<(), ExampleError> {
    let mut ids = BTreeSet::new();
    for factory in factories {
        if !ids.insert(factory.id.as_str()) {
            return Err(ExampleError::DuplicateFactory(factory.id.clone()));
        }
        if let FactoryKind::Artifact { semantic_type }
        | FactoryKind::ArtifactCollection { semantic_type } = &factory.kind
        {
            let one_type = TypeExpr::parse(semantic_type).is_ok_and(|ty| ty.is_semantic());
            if !one_type {
                return Err(ExampleError::BadFactoryType {
                    factory: factory.id.clone(),
                    semantic_type: semantic_type.clone(),
                });
            }
        }
    }
    Ok(())
}

/// Checks the examples of one action: names folder-safe and unique as folders (`--example-data`
/// writes each into `<name with _ as ->/`, so `a_b` and `a-b` would share one), each example's
/// steps sound. The error names the action and the example.
pub(crate) fn check_examples(
    plugin: &PluginDescriptor,
    action: &ActionSignature,
) -> Result<(), String> {
    let mut folders = BTreeSet::new();
    for example in &action.examples {
        let result = if !is_example_name(&example.name) {
            Err(ExampleError::BadExampleName(example.name.clone()))
        } else if !folders.insert(example.name.replace('_', "-")) {
            Err(ExampleError::DuplicateExample(example.name.clone()))
        } else {
            check_example(plugin, example)
        };
        result.map_err(|err| {
            format!(
                "action '{}', usage example '{}': {err}",
                action.id, example.name
            )
        })?;
    }
    Ok(())
}

/// What a variable holds, as far as the checks know.
#[derive(Debug, Clone)]
enum Var {
    Artifact(TypeExpr),
    Visualization,
    Metadata,
    /// An output of another plugin's action, whose signature is not known here.
    Foreign,
}

impl Var {
    fn describe(&self) -> &'static str {
        match self {
            Self::Artifact(_) => "an artifact",
            Self::Visualization => "a visualization",
            Self::Metadata => "metadata",
            Self::Foreign => "a result of another plugin",
        }
    }
}

/// Checks one example's steps in order: factories exist, variables are defined once before use,
/// and calls of this plugin's actions fit their signatures.
fn check_example(plugin: &PluginDescriptor, example: &UsageExample) -> Result<(), ExampleError> {
    let mut vars: BTreeMap<&str, Var> = BTreeMap::new();
    for step in &example.steps {
        match step {
            UsageStep::Comment { .. } => {}
            UsageStep::Peek { variable } => {
                if matches!(lookup(&vars, variable)?, Var::Metadata) {
                    return Err(ExampleError::NotAResult(variable.clone()));
                }
            }
            UsageStep::InitArtifact { variable, factory } => {
                let kind = factory_kind(plugin, factory)?;
                let FactoryKind::Artifact { semantic_type } = kind else {
                    return Err(wrong_factory(factory, "an artifact"));
                };
                let ty =
                    TypeExpr::parse(semantic_type).map_err(|_| ExampleError::BadFactoryType {
                        factory: factory.clone(),
                        semantic_type: semantic_type.clone(),
                    })?;
                define(&mut vars, variable, Var::Artifact(ty))?;
            }
            UsageStep::InitArtifactCollection { variable, factory } => {
                let kind = factory_kind(plugin, factory)?;
                let FactoryKind::ArtifactCollection { semantic_type } = kind else {
                    return Err(wrong_factory(factory, "an artifact collection"));
                };
                let element =
                    TypeExpr::parse(semantic_type).map_err(|_| ExampleError::BadFactoryType {
                        factory: factory.clone(),
                        semantic_type: semantic_type.clone(),
                    })?;
                let ty = TypeExpr::Collection {
                    kind: CollectionKind::Collection,
                    element: Box::new(element),
                };
                define(&mut vars, variable, Var::Artifact(ty))?;
            }
            UsageStep::InitMetadata { variable, factory } => {
                if factory_kind(plugin, factory)? != &FactoryKind::Metadata {
                    return Err(wrong_factory(factory, "metadata"));
                }
                define(&mut vars, variable, Var::Metadata)?;
            }
            UsageStep::Call(call) if call.plugin == plugin.name => {
                let action = plugin
                    .actions
                    .iter()
                    .find(|a| a.id == call.action)
                    .ok_or_else(|| ExampleError::UnknownCallAction(call.action.clone()))?;
                check_call(&vars, call, action)?;
                for (output, variable) in &call.outputs {
                    let spec = action.outputs.iter().find(|o| &o.name == output);
                    let var = match spec.map(|o| TypeExpr::parse(&o.qiime_type)) {
                        Some(Ok(ty)) if ty.is_visualization() => Var::Visualization,
                        Some(Ok(ty)) => Var::Artifact(ty),
                        _ => Var::Foreign,
                    };
                    define(&mut vars, variable, var)?;
                }
            }
            UsageStep::Call(call) => {
                for (_, arg) in &call.inputs {
                    match arg {
                        UsageArg::Variable(variable) => {
                            expect_artifact(&vars, variable)?;
                        }
                        UsageArg::Metadata(variable)
                        | UsageArg::MetadataColumn { variable, .. } => {
                            expect_metadata(&vars, variable)?;
                        }
                        UsageArg::Value(_) => {}
                    }
                }
                for (_, variable) in &call.outputs {
                    define(&mut vars, variable, Var::Foreign)?;
                }
            }
        }
    }
    Ok(())
}

fn factory_kind<'a>(
    plugin: &'a PluginDescriptor,
    id: &str,
) -> Result<&'a FactoryKind, ExampleError> {
    plugin
        .example_data
        .iter()
        .find(|f| f.id == id)
        .map(|f| &f.kind)
        .ok_or_else(|| ExampleError::UnknownFactory(id.to_owned()))
}

fn wrong_factory(factory: &str, expected: &'static str) -> ExampleError {
    ExampleError::WrongFactoryKind {
        factory: factory.to_owned(),
        expected,
    }
}

fn define<'a>(
    vars: &mut BTreeMap<&'a str, Var>,
    variable: &'a str,
    var: Var,
) -> Result<(), ExampleError> {
    if !is_variable_name(variable) {
        return Err(ExampleError::BadVariableName(variable.to_owned()));
    }
    if vars.insert(variable, var).is_some() {
        return Err(ExampleError::RedefinedVariable(variable.to_owned()));
    }
    Ok(())
}

fn lookup<'v>(vars: &'v BTreeMap<&str, Var>, variable: &str) -> Result<&'v Var, ExampleError> {
    vars.get(variable)
        .ok_or_else(|| ExampleError::UndefinedVariable(variable.to_owned()))
}

/// The variable's type when it is a known artifact, `None` for another plugin's result.
fn expect_artifact<'v>(
    vars: &'v BTreeMap<&str, Var>,
    variable: &str,
) -> Result<Option<&'v TypeExpr>, ExampleError> {
    match lookup(vars, variable)? {
        Var::Artifact(ty) => Ok(Some(ty)),
        Var::Foreign => Ok(None),
        other => Err(ExampleError::WrongVariable {
            variable: variable.to_owned(),
            found: other.describe(),
            expected: "an artifact",
        }),
    }
}

fn expect_metadata(vars: &BTreeMap<&str, Var>, variable: &str) -> Result<(), ExampleError> {
    match lookup(vars, variable)? {
        Var::Metadata => Ok(()),
        other => Err(ExampleError::WrongVariable {
            variable: variable.to_owned(),
            found: other.describe(),
            expected: "metadata",
        }),
    }
}

/// Checks a call of one of this plugin's actions against its signature.
fn check_call(
    vars: &BTreeMap<&str, Var>,
    call: &UsageCall,
    action: &ActionSignature,
) -> Result<(), ExampleError> {
    let id = &action.id;
    let mut given = BTreeSet::new();
    for (name, arg) in &call.inputs {
        if !given.insert(name.as_str()) {
            return Err(given_twice(id, name));
        }
        if let Some(input) = action.inputs.iter().find(|i| &i.name == name) {
            let UsageArg::Variable(variable) = arg else {
                return Err(wrong_argument(id, name, "an artifact variable"));
            };
            let expected = TypeExpr::parse(&input.qiime_type);
            if let (Some(found), Ok(expected)) = (expect_artifact(vars, variable)?, expected)
                && !found.is_subtype(&expected)
            {
                return Err(ExampleError::IncompatibleType {
                    action: id.clone(),
                    name: name.clone(),
                    variable: variable.clone(),
                    found: found.to_string(),
                    expected: expected.to_string(),
                });
            }
        } else if let Some(parameter) = action.parameters.iter().find(|p| &p.name == name) {
            check_parameter_arg(vars, id, parameter, arg)?;
        } else {
            return Err(ExampleError::UnknownArgument {
                action: id.clone(),
                name: name.clone(),
            });
        }
    }
    let missing = |kind, name: &str| ExampleError::MissingArgument {
        action: id.clone(),
        kind,
        name: name.to_owned(),
    };
    if let Some(input) = action
        .inputs
        .iter()
        .find(|i| !i.optional && !given.contains(i.name.as_str()))
    {
        return Err(missing("input", &input.name));
    }
    if let Some(parameter) = action
        .parameters
        .iter()
        .find(|p| p.default.is_none() && !given.contains(p.name.as_str()))
    {
        return Err(missing("parameter", &parameter.name));
    }
    let mut named = BTreeSet::new();
    for (output, _) in &call.outputs {
        if !named.insert(output.as_str()) {
            return Err(given_twice(id, output));
        }
        if !action.outputs.iter().any(|o| &o.name == output) {
            return Err(ExampleError::UnknownOutput {
                action: id.clone(),
                name: output.clone(),
            });
        }
    }
    match action
        .outputs
        .iter()
        .find(|o| !named.contains(o.name.as_str()))
    {
        Some(output) => Err(ExampleError::MissingOutput {
            action: id.clone(),
            name: output.name.clone(),
        }),
        None => Ok(()),
    }
}

fn check_parameter_arg(
    vars: &BTreeMap<&str, Var>,
    action: &str,
    parameter: &ParameterSpec,
    arg: &UsageArg,
) -> Result<(), ExampleError> {
    let name = &parameter.name;
    let Ok(ty) = TypeExpr::parse(&parameter.qiime_type) else {
        // The action's own checks report a malformed type.
        return Ok(());
    };
    match (&ty, arg) {
        (TypeExpr::Metadata, UsageArg::Metadata(variable)) => expect_metadata(vars, variable),
        (TypeExpr::Metadata, _) => Err(wrong_argument(action, name, "a metadata variable")),
        (TypeExpr::MetadataColumn(_), UsageArg::MetadataColumn { variable, .. }) => {
            expect_metadata(vars, variable)
        }
        (TypeExpr::MetadataColumn(_), _) => Err(wrong_argument(
            action,
            name,
            "a column of a metadata variable",
        )),
        (_, UsageArg::Value(value)) => {
            check_value(parameter, &ty, value).map_err(|reason| ExampleError::BadValue {
                action: action.to_owned(),
                name: name.clone(),
                expected: ty.to_string(),
                reason,
            })
        }
        _ => Err(wrong_argument(action, name, "a value")),
    }
}

fn check_value(parameter: &ParameterSpec, ty: &TypeExpr, value: &ParamValue) -> Result<(), String> {
    match (value, ty) {
        (ParamValue::Null, _) if parameter.default.is_some() => Ok(()),
        (ParamValue::Null, _) => Err("a required parameter needs a value".to_owned()),
        (value, ty) => value
            .check_against(ty)
            .map_err(|mismatch| mismatch.to_string()),
    }
}

fn given_twice(action: &str, name: &str) -> ExampleError {
    ExampleError::GivenTwice {
        action: action.to_owned(),
        name: name.to_owned(),
    }
}

fn wrong_argument(action: &str, name: &str, expected: &'static str) -> ExampleError {
    ExampleError::WrongArgument {
        action: action.to_owned(),
        name: name.to_owned(),
        expected,
    }
}

/// Whether `name` can name a folder: a key like `Serial` or a sentence like
/// `Align two sequences.`, but no path separator, control character or `.`/`..`.
fn is_example_name(name: &str) -> bool {
    !name.trim().is_empty()
        && name != "."
        && name != ".."
        && !name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
}

fn is_variable_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests;
