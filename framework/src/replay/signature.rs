//! A signature inferred from a record, for replaying an action that is not installed.

use crate::plugin::{ActionKind, ActionSignature, InputSpec, OutputSpec, ParameterSpec};
use crate::provenance::{self, CallAction, OutputName, ParamValue};

use super::dag::ProvNode;
use super::plan::call_of;

/// The signature `call` implies: its recorded inputs, its parameters (typed `Bool` or `Metadata`
/// where the value says so, which is what rendering needs) and the outputs among `outputs`.
pub(crate) fn inferred_signature(call: &CallAction, outputs: &[&ProvNode]) -> ActionSignature {
    let inputs = call
        .inputs
        .iter()
        .map(|(name, _)| InputSpec {
            name: name.clone(),
            qiime_type: String::new(),
            description: String::new(),
            optional: true,
        })
        .collect();
    let parameters = call
        .parameters
        .iter()
        .map(|(name, value)| ParameterSpec {
            name: name.clone(),
            qiime_type: match value {
                ParamValue::Bool(_) => "Bool",
                ParamValue::Metadata { .. } => "Metadata",
                _ => "",
            }
            .to_owned(),
            description: String::new(),
            default: None,
        })
        .collect();
    let mut specs: Vec<OutputSpec> = Vec::new();
    for node in outputs {
        let Some(own) = call_of(node) else { continue };
        let (name, qiime_type) = match &own.output_name {
            OutputName::Plain(name) => (name, node.semantic_type.clone()),
            OutputName::Element { name, .. } => {
                (name, format!("Collection[{}]", node.semantic_type))
            }
        };
        if !specs.iter().any(|s| &s.name == name) {
            specs.push(OutputSpec {
                name: name.clone(),
                qiime_type,
                description: String::new(),
            });
        }
    }
    ActionSignature {
        id: call.action.clone(),
        kind: match call.kind {
            provenance::ActionKind::Method => ActionKind::Method,
            provenance::ActionKind::Visualizer => ActionKind::Visualizer,
            provenance::ActionKind::Pipeline => ActionKind::Pipeline,
        },
        name: String::new(),
        description: String::new(),
        inputs,
        parameters,
        outputs: specs,
        citations: Vec::new(),
        examples: Vec::new(),
    }
}
