//! Usage examples as Python 3 scripts of QIIME 2's Python API: artifacts and metadata as
//! variables, each call through `qiime2.plugins.<plugin id>.actions`, its results unpacked and
//! saved under the names the command line would give them.

use std::collections::BTreeSet;

use super::error::{UsageError, signature_of};
use super::text::cli_name;
use crate::plugin::{ActionSignature, ParamValue, UsageArg, UsageCall, UsageExample, UsageStep};
use crate::types::TypeExpr;

/// The Python 3 lines of `example` after `preamble` (lines that define its artifacts), each
/// ending with `\n`: the imports, then its metadata loaded and its calls made and saved.
/// `lookup(plugin, action)` finds the signature of each action called.
pub fn render_python<'a>(
    example: &UsageExample,
    preamble: &[String],
    lookup: impl Fn(&str, &str) -> Option<&'a ActionSignature>,
) -> Result<String, UsageError> {
    let plugins: BTreeSet<&str> = example
        .steps
        .iter()
        .filter_map(|s| match s {
            UsageStep::Call(call) => Some(call.plugin.as_str()),
            _ => None,
        })
        .collect();
    let mut lines = vec!["from qiime2 import Artifact, Metadata".to_owned()];
    for plugin in &plugins {
        let id = plugin_id(plugin);
        lines.push(format!(
            "import qiime2.plugins.{id}.actions as {id}_actions"
        ));
    }
    lines.push(String::new());
    lines.extend(preamble.iter().cloned());
    for step in &example.steps {
        match step {
            UsageStep::Comment { text } => lines.push(format!("# {text}")),
            UsageStep::InitMetadata { variable, .. } => lines.push(format!(
                "{variable} = Metadata.load({})",
                py_str(&format!("{}.tsv", cli_name(variable)))
            )),
            UsageStep::Call(call) => {
                let signature = signature_of(example, call, &lookup)?;
                lines.push(String::new());
                lines.extend(call_lines(call, signature));
            }
            UsageStep::InitArtifact { .. }
            | UsageStep::InitArtifactCollection { .. }
            | UsageStep::Peek { .. } => {}
        }
    }
    Ok(lines.iter().map(|line| format!("{line}\n")).collect())
}

/// A plugin's id in QIIME 2's Python names: its name with `_` for `-`.
fn plugin_id(plugin: &str) -> String {
    plugin.replace('-', "_")
}

/// `a, b = plugin_actions.action(...)` and the saves of its results.
fn call_lines(call: &UsageCall, signature: &ActionSignature) -> Vec<String> {
    let results: Vec<&str> = call.outputs.iter().map(|(_, v)| v.as_str()).collect();
    let mut lines = vec![format!(
        "{}, = {}_actions.{}(",
        results.join(", "),
        plugin_id(&call.plugin),
        call.action
    )];
    for (name, arg) in &call.inputs {
        let value = match arg {
            UsageArg::Variable(variable) | UsageArg::Metadata(variable) => variable.clone(),
            UsageArg::MetadataColumn { variable, column } => {
                format!("{variable}.get_column({})", py_str(column))
            }
            UsageArg::Value(value) => py_value(value),
        };
        lines.push(format!("    {name}={value},"));
    }
    lines.push(")".to_owned());
    for (name, variable) in &call.outputs {
        let ty = signature
            .outputs
            .iter()
            .find(|o| &o.name == name)
            .and_then(|o| TypeExpr::parse(&o.qiime_type).ok());
        let file = match ty {
            Some(ty) if ty.is_collection() => format!("{}/", cli_name(variable)),
            Some(ty) if ty.is_visualization() => format!("{}.qzv", cli_name(variable)),
            _ => format!("{}.qza", cli_name(variable)),
        };
        lines.push(format!("{variable}.save({})", py_str(&file)));
    }
    lines
}

/// A parameter value as a Python literal.
fn py_value(value: &ParamValue) -> String {
    match value {
        ParamValue::Null => "None".to_owned(),
        ParamValue::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        ParamValue::Int(i) => i.to_string(),
        ParamValue::Float(f) => crate::python_repr::float_repr(*f),
        ParamValue::Str(s) | ParamValue::Metadata(s) => py_str(s),
        ParamValue::List(items) => {
            format!(
                "[{}]",
                items.iter().map(py_value).collect::<Vec<_>>().join(", ")
            )
        }
        ParamValue::Set(items) if items.is_empty() => "set()".to_owned(),
        ParamValue::Set(items) => {
            format!(
                "{{{}}}",
                items.iter().map(py_value).collect::<Vec<_>>().join(", ")
            )
        }
    }
}

/// `text` as a single-quoted Python string literal.
pub(crate) fn py_str(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_python_literals() {
        assert_eq!(py_value(&ParamValue::Bool(true)), "True");
        assert_eq!(py_value(&ParamValue::Float(5.0)), "5.0");
        assert_eq!(py_value(&ParamValue::Null), "None");
        assert_eq!(py_str("it's a\\b\n"), "'it\\'s a\\\\b\\n'");
        assert_eq!(
            py_value(&ParamValue::List(vec![
                ParamValue::Int(1),
                ParamValue::Int(2)
            ])),
            "[1, 2]"
        );
        assert_eq!(py_value(&ParamValue::Set(Vec::new())), "set()");
    }
}
