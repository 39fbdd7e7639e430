//! The command-line replay: a bash script of `qiime` commands.

use std::collections::BTreeSet;

use crate::plugin::{self, UsageArg, UsageCall};
use crate::provenance::ParamValue;
use crate::usage::{Files, UnknownNames, cli_name, command, comment_lines, shell_quote};

use super::RenderOptions;
use super::error::ReplayError;
use super::framing::{footer, header};
use super::metadata::MetadataUse;
use super::plan::{Arg, CallStep, MetadataArg, MetadataSource, Plan, Step};

const BOUNDARY: &str =
    "###############################################################################";

/// The placeholder for data to import.
pub const DATA_PLACEHOLDER: &str = "<your data here>";

/// The placeholder for a metadata file.
pub const METADATA_PLACEHOLDER: &str = "<your metadata filepath>";

const HOW_TO: &[&str] = &[
    "#",
    "# How to use this script:",
    "# - Put the data that was imported in place of each '<your data here>', and",
    "#   each metadata file in place of '<your metadata filepath>' (the metadata",
    "#   recorded in provenance can be used instead: see --use-recorded-metadata).",
    "# - Results that had no provenance are listed near the top; put them next to",
    "#   this script under the names given there.",
    "# - Options marked FIXME were recorded by another version of a plugin than",
    "#   the one installed: correct them before running.",
    "# - Then run it with bash in a folder where its outputs can be written.",
];

/// Renders `plan` as a bash script of `qiime` commands.
pub fn render_bash(plan: &Plan, options: &RenderOptions) -> Result<String, ReplayError> {
    let mut script = Script::default();
    for step in &plan.steps {
        script.step(step, options)?;
    }
    let mut lines = Vec::new();
    if !options.suppress_header {
        lines.extend(header(Some("#!/usr/bin/env bash"), BOUNDARY, HOW_TO));
        lines.push(String::new());
    }
    lines.push("# Stop at the first command that fails (-e) and show each one (-x).".into());
    lines.push("set -e -x".into());
    lines.push(String::new());
    lines.extend(script.lines);
    if !options.suppress_header {
        lines.extend(footer(&plan.parsed, BOUNDARY));
    }
    Ok(lines.iter().map(|l| format!("{l}\n")).collect())
}

#[derive(Default)]
struct Script {
    lines: Vec<String>,
    files: Files,
    missing_outputs: BTreeSet<String>,
    no_provenance_noted: bool,
    metadata_noted: bool,
}

impl Script {
    fn comment(&mut self, text: &str) {
        self.lines.extend(comment_lines(text));
    }

    fn step(&mut self, step: &Step, options: &RenderOptions) -> Result<(), ReplayError> {
        match step {
            Step::NoProvenance { uuid, variable } => {
                if !self.no_provenance_noted {
                    self.no_provenance_noted = true;
                    self.comment(
                        "Some results have no recorded provenance, so the commands that made \
                         them cannot be replayed. The commands below use them as given: put \
                         each one next to this script under the file name listed here.",
                    );
                    self.lines
                        .push("# Original UUID                          File".into());
                }
                let file = format!("{}.qza", cli_name(variable));
                self.lines.push(format!("# {uuid}   {file}"));
                self.lines.push(String::new());
                self.files.artifact(variable, file);
            }
            Step::Import {
                variable,
                semantic_type,
            } => {
                let file = format!("{}.qza", cli_name(variable));
                self.lines.extend([
                    "qiime tools import \\".to_owned(),
                    format!("  --type {} \\", shell_quote(semantic_type)),
                    format!("  --input-path {DATA_PLACEHOLDER} \\"),
                    format!("  --output-path {file}"),
                    String::new(),
                ]);
                self.files.artifact(variable, file);
            }
            Step::Member {
                variable,
                collection,
                key,
            } => {
                let folder = cli_name(collection);
                self.files.artifact(variable, format!("{folder}/{key}.qza"));
            }
            Step::Collection { variable, members } => {
                let folder = cli_name(variable);
                self.comment(&format!(
                    "Assemble the collection {folder}/ from its members."
                ));
                self.lines.push(format!("mkdir -p {folder}"));
                let mut keys = Vec::new();
                for (key, member) in members {
                    let file = file_of(&self.files, member);
                    self.lines.push(format!(
                        "cp {file} {}",
                        shell_quote(&format!("{folder}/{key}.qza"))
                    ));
                    keys.push(shell_quote(key));
                }
                self.lines.push(format!(
                    "printf '%s\\n' {} > {folder}/.order",
                    keys.join(" ")
                ));
                self.lines.push(String::new());
                self.files.artifact(variable, format!("{folder}/"));
            }
            Step::Call(call) => self.call(call, options)?,
        }
        Ok(())
    }

    fn call(&mut self, call: &CallStep, options: &RenderOptions) -> Result<(), ReplayError> {
        if !call.installed {
            self.comment(&format!(
                "NOTE: '{} {}' is not installed, so its options are inferred from provenance: \
                 check them before running.",
                cli_name(&call.plugin),
                cli_name(&call.action)
            ));
        }
        let mut inputs = Vec::new();
        let mut placeholder_metadata = false;
        for (name, arg) in &call.args {
            let usage = match arg {
                Arg::Artifact(variable) => UsageArg::Variable(variable.clone()),
                Arg::Artifacts(variables) => {
                    let list = format!("{}:{name}", call.label);
                    let files: Vec<String> =
                        variables.iter().map(|v| file_of(&self.files, v)).collect();
                    self.files.artifact(&list, files.join(" "));
                    UsageArg::Variable(list)
                }
                Arg::Value(value) => UsageArg::Value(plain_value(value)),
                Arg::Metadata(metadata) => {
                    let (usage, placeholder) = self.metadata(call, metadata, options);
                    placeholder_metadata |= placeholder;
                    usage
                }
            };
            inputs.push((name.clone(), usage));
        }
        if placeholder_metadata {
            self.metadata_note(call, options);
        }
        let mut outputs = Vec::new();
        for (name, variable) in &call.outputs {
            let variable = variable
                .clone()
                .unwrap_or_else(|| self.missing_output(name));
            outputs.push((name.clone(), variable));
        }
        let usage = UsageCall {
            plugin: call.plugin.clone(),
            action: call.action.clone(),
            inputs,
            outputs,
        };
        let lines = command(
            "replay",
            &usage,
            &call.signature,
            &mut self.files,
            UnknownNames::Flag,
        )?;
        self.lines.extend(lines);
        self.lines.push(String::new());
        Ok(())
    }

    /// The argument for a metadata parameter, and whether it is a placeholder.
    fn metadata(
        &mut self,
        call: &CallStep,
        arg: &MetadataArg,
        options: &RenderOptions,
    ) -> (UsageArg, bool) {
        let used = MetadataUse::of(arg, &call.label, options.recorded_dir());
        let (file, placeholder) = match (&arg.source, &used.recorded) {
            (MetadataSource::Artifacts(variables), _) => {
                let files: Vec<String> =
                    variables.iter().map(|v| file_of(&self.files, v)).collect();
                (files.join(" "), false)
            }
            (_, Some(path)) => (shell_quote(&path.to_string_lossy()), false),
            (_, None) => (METADATA_PLACEHOLDER.to_owned(), true),
        };
        self.files.metadata(&arg.variable, file);
        let usage = if arg.column {
            UsageArg::MetadataColumn {
                variable: arg.variable.clone(),
                column: used.column.unwrap_or_else(|| "<column name>".to_owned()),
            }
        } else {
            UsageArg::Metadata(arg.variable.clone())
        };
        (usage, placeholder)
    }

    fn metadata_note(&mut self, call: &CallStep, options: &RenderOptions) {
        if !self.metadata_noted {
            self.metadata_noted = true;
            self.comment(
                "Metadata files are not recorded as files: provenance keeps the metadata each \
                 command was given, merged into one table when several files were. Give the \
                 commands below the metadata you mean to use.",
            );
        }
        if let Some(dir) = &options.metadata_dir {
            self.comment(&format!(
                "The metadata recorded for the next command is in '{}'.",
                dir.join(&call.label).display()
            ));
        }
    }

    /// A variable for an output the parsed results do not include (made, but not kept).
    fn missing_output(&mut self, name: &str) -> String {
        let mut variable = format!("XX_{name}");
        let mut n = 1;
        while !self.missing_outputs.insert(variable.clone()) {
            variable = format!("XX_{name}_{n}");
            n += 1;
        }
        variable
    }
}

/// The file of a variable defined by an earlier step.
fn file_of(files: &Files, variable: &str) -> String {
    files
        .artifact_text(variable)
        .map_or_else(|| format!("{}.qza", cli_name(variable)), str::to_owned)
}

/// A recorded value as the command line takes it (a collection as `key:value` items).
fn plain_value(value: &ParamValue) -> plugin::ParamValue {
    match value {
        ParamValue::Null | ParamValue::Metadata { .. } => plugin::ParamValue::Null,
        ParamValue::Bool(b) => plugin::ParamValue::Bool(*b),
        ParamValue::Int(i) => plugin::ParamValue::Int(*i),
        ParamValue::Float(f) => plugin::ParamValue::Float(*f),
        ParamValue::Str(s) | ParamValue::Color(s) => plugin::ParamValue::Str(s.clone()),
        ParamValue::List(items) => {
            plugin::ParamValue::List(items.iter().map(plain_value).collect())
        }
        ParamValue::Set(items) => plugin::ParamValue::Set(items.iter().map(plain_value).collect()),
        ParamValue::Collection(pairs) => plugin::ParamValue::List(
            pairs
                .iter()
                .map(|(key, value)| plugin::ParamValue::Str(format!("{key}:{}", item_text(value))))
                .collect(),
        ),
    }
}

/// One collection item's value as text.
fn item_text(value: &ParamValue) -> String {
    match value {
        ParamValue::Bool(true) => "True".into(),
        ParamValue::Bool(false) => "False".into(),
        ParamValue::Int(i) => i.to_string(),
        ParamValue::Float(f) => crate::python_repr::float_repr(*f),
        ParamValue::Str(s) | ParamValue::Color(s) => s.clone(),
        _ => "None".into(),
    }
}
