//! The Python replay: a script for QIIME 2's Python API (`qiime2.Artifact`,
//! `qiime2.plugins.<plugin>.actions`).

use std::collections::BTreeSet;

use crate::provenance::ParamValue;

use super::RenderOptions;
use super::framing::{footer, header};
use super::metadata::MetadataUse;
use super::plan::{Arg, CallStep, MetadataArg, MetadataSource, Plan, Step};

const BOUNDARY: &str =
    "# -----------------------------------------------------------------------------";

const INDENT: &str = "    ";

/// The most outputs unpacked into a tuple; an action with more returns one `action_results`.
const MAX_UNPACKED: usize = 2;

const HOW_TO: &[&str] = &[
    "#",
    "# How to use this script:",
    "# - Put the path of the data that was imported in place of each",
    "#   '<your data here>', and of each metadata file in place of",
    "#   '<your metadata filepath>' (the metadata recorded in provenance can be used",
    "#   instead: see --use-recorded-metadata).",
    "# - Results that had no provenance are loaded from the files named where they",
    "#   are loaded: put them there.",
    "# - Arguments marked FIXME were recorded by another version of a plugin than",
    "#   the one installed: correct them before running.",
    "# - Each result is saved next to the script; comment out a save to skip it.",
];

/// Renders `plan` as a Python script using QIIME 2's Python API.
pub fn render_python(plan: &Plan, options: &RenderOptions) -> String {
    let mut script = Script::default();
    for step in &plan.steps {
        script.step(step, options);
    }
    let mut lines = Vec::new();
    if !options.suppress_header {
        lines.extend(header(Some("#!/usr/bin/env python3"), BOUNDARY, HOW_TO));
        lines.push(String::new());
    }
    lines.extend(script.imports.iter().cloned());
    if !script.imports.is_empty() {
        lines.push(String::new());
    }
    lines.extend(script.lines);
    if !options.suppress_header {
        lines.extend(footer(&plan.parsed, BOUNDARY));
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}

#[derive(Default)]
struct Script {
    imports: BTreeSet<String>,
    lines: Vec<String>,
    no_provenance_noted: bool,
    metadata_noted: bool,
}

impl Script {
    fn comment(&mut self, text: &str) {
        self.lines.extend(crate::usage::comment_lines(text));
    }

    fn import(&mut self, line: &str) {
        self.imports.insert(line.to_owned());
    }

    fn save(&mut self, variable: &str) {
        self.lines
            .push(format!("{variable}.save({})", py_str(variable)));
    }

    fn step(&mut self, step: &Step, options: &RenderOptions) {
        match step {
            Step::NoProvenance { uuid, variable } => {
                if !self.no_provenance_noted {
                    self.no_provenance_noted = true;
                    self.comment(
                        "Some results have no recorded provenance, so the actions that made \
                         them cannot be replayed. They are loaded from the files named below.",
                    );
                }
                self.import("from qiime2 import Artifact");
                self.lines.push(format!("# {uuid}"));
                self.lines.push(format!(
                    "{variable} = Artifact.load({})",
                    py_str(&format!("{variable}.qza"))
                ));
                self.lines.push(String::new());
            }
            Step::Import {
                variable,
                semantic_type,
            } => {
                self.import("from qiime2 import Artifact");
                self.lines.extend([
                    format!("{variable} = Artifact.import_data("),
                    format!("{INDENT}{},", py_str(semantic_type)),
                    format!("{INDENT}{},", py_str(super::bash::DATA_PLACEHOLDER)),
                    ")".to_owned(),
                ]);
                self.save(variable);
                self.lines.push(String::new());
            }
            Step::Member {
                variable,
                collection,
                key,
            } => {
                self.lines
                    .push(format!("{variable} = {collection}[{}]", py_str(key)));
                self.lines.push(String::new());
            }
            Step::Collection { variable, members } => {
                self.import("from qiime2 import ResultCollection");
                self.lines.push(format!("{variable} = ResultCollection({{"));
                for (key, member) in members {
                    self.lines
                        .push(format!("{INDENT}{}: {member},", py_str(key)));
                }
                self.lines.push("})".to_owned());
                self.lines.push(String::new());
            }
            Step::Call(call) => self.call(call, options),
        }
    }

    fn call(&mut self, call: &CallStep, options: &RenderOptions) {
        let module = format!("{}_actions", call.plugin.replace('-', "_"));
        self.import(&format!(
            "import qiime2.plugins.{}.actions as {module}",
            call.plugin.replace('-', "_")
        ));
        if !call.installed {
            self.comment(&format!(
                "NOTE: '{}.{}' is not installed, so its arguments are taken from provenance \
                 alone: check them before running.",
                call.plugin, call.action
            ));
        }
        let mut arguments = Vec::new();
        for (name, arg) in &call.args {
            let known = call.signature.inputs.iter().any(|i| &i.name == name)
                || call.signature.parameters.iter().any(|p| &p.name == name);
            if !known {
                arguments.push(format!(
                    "{INDENT}# FIXME: the installed action has no input or parameter '{name}' \
                     (the recorded plugin version may differ)."
                ));
            }
            let value = match arg {
                Arg::Artifact(variable) => variable.clone(),
                Arg::Artifacts(variables) => format!("[{}]", variables.join(", ")),
                Arg::Value(value) => py_value(value),
                Arg::Metadata(metadata) => self.metadata(call, metadata, options),
            };
            arguments.push(format!("{INDENT}{name}={value},"));
        }
        let kept: Vec<(&String, &String)> = call
            .outputs
            .iter()
            .filter_map(|(name, variable)| variable.as_ref().map(|v| (name, v)))
            .collect();
        let unpacked = call.outputs.len() <= MAX_UNPACKED;
        let target = if unpacked {
            let names: Vec<&str> = call
                .outputs
                .iter()
                .map(|(_, v)| v.as_deref().unwrap_or("_"))
                .collect();
            match names.as_slice() {
                [one] => format!("{one},"),
                _ => names.join(", "),
            }
        } else {
            "action_results".to_owned()
        };
        self.lines
            .push(format!("{target} = {module}.{}(", call.action));
        self.lines.extend(arguments);
        self.lines.push(")".to_owned());
        if !unpacked {
            for (name, variable) in &kept {
                self.lines
                    .push(format!("{variable} = action_results.{name}"));
            }
        }
        for (_, variable) in kept {
            self.save(variable);
        }
        self.lines.push(String::new());
    }

    /// Defines the metadata of `arg` before the call; returns the expression passed.
    fn metadata(&mut self, call: &CallStep, arg: &MetadataArg, options: &RenderOptions) -> String {
        self.import("from qiime2 import Metadata");
        let used = MetadataUse::of(arg, &call.label, options.recorded_dir());
        let name = format!("{}_md", arg.variable);
        match &arg.source {
            MetadataSource::Artifacts(variables) => {
                let viewed: Vec<String> = variables
                    .iter()
                    .map(|v| format!("{v}.view(Metadata)"))
                    .collect();
                let merged = match viewed.split_first() {
                    Some((first, rest)) if !rest.is_empty() => {
                        format!("{first}.merge({})", rest.join(", "))
                    }
                    _ => viewed.concat(),
                };
                self.lines.push(format!("{name} = {merged}"));
            }
            MetadataSource::File(_) => {
                let path = match &used.recorded {
                    Some(path) => path.to_string_lossy().into_owned(),
                    None => {
                        self.metadata_note(call, options);
                        super::bash::METADATA_PLACEHOLDER.to_owned()
                    }
                };
                self.lines
                    .push(format!("{name} = Metadata.load({})", py_str(&path)));
            }
        }
        if !arg.column {
            return name;
        }
        let column = used.column.unwrap_or_else(|| "<column name>".to_owned());
        let column_name = format!("{}_mdc", arg.variable);
        self.lines.push(format!(
            "{column_name} = {name}.get_column({})",
            py_str(&column)
        ));
        column_name
    }

    fn metadata_note(&mut self, call: &CallStep, options: &RenderOptions) {
        if !self.metadata_noted {
            self.metadata_noted = true;
            self.comment(
                "Metadata files are not recorded as files: provenance keeps the metadata each \
                 action was given, merged into one table when several files were. Load the \
                 metadata you mean to use.",
            );
        }
        if let Some(dir) = &options.metadata_dir {
            self.comment(&format!(
                "The metadata recorded for the next action is in '{}'.",
                dir.join(&call.label).display()
            ));
        }
    }
}

/// A Python string literal (single-quoted, as `repr` writes most strings).
fn py_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A recorded value as a Python literal.
fn py_value(value: &ParamValue) -> String {
    let join = |items: &[ParamValue]| items.iter().map(py_value).collect::<Vec<_>>().join(", ");
    match value {
        ParamValue::Null | ParamValue::Metadata { .. } => "None".into(),
        ParamValue::Bool(true) => "True".into(),
        ParamValue::Bool(false) => "False".into(),
        ParamValue::Int(i) => i.to_string(),
        ParamValue::Float(f) if f.is_finite() => crate::python_repr::float_repr(*f),
        ParamValue::Float(f) => format!("float('{f}')"),
        ParamValue::Str(s) | ParamValue::Color(s) => py_str(s),
        ParamValue::List(items) => format!("[{}]", join(items)),
        ParamValue::Set(items) if items.is_empty() => "set()".into(),
        ParamValue::Set(items) => format!("{{{}}}", join(items)),
        ParamValue::Collection(pairs) => {
            let items: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}: {}", py_str(k), py_value(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_python_literals() {
        assert_eq!(py_str("it's\n"), r"'it\'s\n'");
        assert_eq!(py_value(&ParamValue::Float(5.0)), "5.0");
        assert_eq!(
            py_value(&ParamValue::Float(f64::NEG_INFINITY)),
            "float('-inf')"
        );
        assert_eq!(py_value(&ParamValue::Bool(false)), "False");
        assert_eq!(
            py_value(&ParamValue::List(vec![
                ParamValue::Int(1),
                ParamValue::Str("a".into())
            ])),
            "[1, 'a']"
        );
        assert_eq!(py_value(&ParamValue::Set(vec![])), "set()");
        assert_eq!(
            py_value(&ParamValue::Collection(vec![(
                "k".into(),
                ParamValue::Int(2)
            )])),
            "{'k': 2}"
        );
    }
}
