//! Rendering an example as q2cli shows it under `Examples:` in an action's help.

use std::collections::BTreeMap;

use crate::plugin::{ActionSignature, ParamValue, UsageArg, UsageCall, UsageExample, UsageStep};
use crate::python_repr::float_repr;
use crate::types::{PrimitiveKind, TypeExpr};

use super::error::{UsageError, signature_of};
use super::text::{cli_name, shell_quote, wrap};

/// The width q2cli wraps comments to (before the `# ` prefix).
const COMMENT_WIDTH: usize = 74;

/// The indent of an option line under its `qiime` command.
const OPTION_INDENT: &str = "  ";

/// Renders `example` as q2cli does: a `# ### example: <name>` header (`_` shown as spaces), each
/// comment as wrapped `# ` lines, and each call as `qiime <plugin> <action> \` followed by one
/// option per line, indented two spaces, in the order the example gives them (inputs and
/// parameters, then outputs). Every line ends with `\n`; the help indents the lines and separates
/// examples with an empty line.
///
/// Files are named after variables with `_` -> `-`: `--i-NAME var.qza`, `--m-NAME-file var.tsv`
/// (and `--m-NAME-column COLUMN`), `--o-NAME var.qza`, `.qzv` for a `Visualization` output and
/// `var/` (a folder) for a collection output; an input made by an earlier call keeps its name.
/// Parameters print as `--p-NAME VALUE`: a `Bool` as the flag `--p-NAME` or `--p-no-NAME`, a list
/// as its values after one option (a set sorted), text shell-quoted, no value left out.
///
/// `lookup(plugin, action)` finds the signature of each action called.
pub fn render_cli<'a>(
    example: &UsageExample,
    lookup: impl Fn(&str, &str) -> Option<&'a ActionSignature>,
) -> Result<String, UsageError> {
    let mut lines = comment(&format!("### example: {}", example.name.replace('_', " ")));
    // The file name of each artifact variable defined so far.
    let mut files = BTreeMap::new();
    for step in &example.steps {
        match step {
            UsageStep::Comment { text } => lines.extend(comment(text)),
            UsageStep::InitArtifact { variable, .. } => {
                files.insert(variable.as_str(), format!("{}.qza", cli_name(variable)));
            }
            UsageStep::InitArtifactCollection { variable, .. } => {
                files.insert(variable.as_str(), format!("{}/", cli_name(variable)));
            }
            UsageStep::InitMetadata { .. } => {}
            UsageStep::Peek { variable } => {
                let file =
                    files
                        .get(variable.as_str())
                        .ok_or_else(|| UsageError::UndefinedVariable {
                            example: example.name.clone(),
                            variable: variable.clone(),
                        })?;
                lines.push(format!("qiime tools peek {file}"));
            }
            UsageStep::Call(call) => {
                let signature = signature_of(example, call, &lookup)?;
                lines.extend(command(&example.name, call, signature, &mut files)?);
            }
        }
    }
    Ok(lines.iter().map(|line| format!("{line}\n")).collect())
}

fn comment(text: &str) -> Vec<String> {
    wrap(text, COMMENT_WIDTH)
        .into_iter()
        .map(|line| format!("# {line}"))
        .collect()
}

/// The lines of one call: the command, then its options joined by ` \` continuations. Adds the
/// call's outputs to `files`.
fn command<'e>(
    example: &str,
    call: &'e UsageCall,
    signature: &ActionSignature,
    files: &mut BTreeMap<&'e str, String>,
) -> Result<Vec<String>, UsageError> {
    let unknown = |kind, name: &str| UsageError::UnknownName {
        example: example.to_owned(),
        plugin: call.plugin.clone(),
        action: call.action.clone(),
        kind,
        name: name.to_owned(),
    };
    let mut options = Vec::new();
    for (name, arg) in &call.inputs {
        let known = signature.inputs.iter().any(|i| &i.name == name);
        let parameter = signature.parameters.iter().find(|p| &p.name == name);
        if !known && parameter.is_none() {
            return Err(unknown("input or parameter", name));
        }
        let option = cli_name(name);
        match arg {
            UsageArg::Variable(variable) => {
                let file =
                    files
                        .get(variable.as_str())
                        .ok_or_else(|| UsageError::UndefinedVariable {
                            example: example.to_owned(),
                            variable: variable.clone(),
                        })?;
                options.push(format!("--i-{option} {file}"));
            }
            UsageArg::Metadata(variable) => {
                options.push(format!("--m-{option}-file {}.tsv", cli_name(variable)));
            }
            UsageArg::MetadataColumn { variable, column } => {
                options.push(format!("--m-{option}-file {}.tsv", cli_name(variable)));
                options.push(format!("--m-{option}-column {}", shell_quote(column)));
            }
            UsageArg::Value(value) => {
                let is_bool = parameter.is_some_and(|p| is_plain_bool(&p.qiime_type));
                options.extend(parameter_option(&option, value, is_bool));
            }
        }
    }
    for (name, variable) in &call.outputs {
        let output = signature
            .outputs
            .iter()
            .find(|o| &o.name == name)
            .ok_or_else(|| unknown("output", name))?;
        let file = match TypeExpr::parse(&output.qiime_type) {
            Ok(ty) if ty.is_collection() => format!("{}/", cli_name(variable)),
            Ok(ty) if ty.is_visualization() => format!("{}.qzv", cli_name(variable)),
            _ => format!("{}.qza", cli_name(variable)),
        };
        options.push(format!("--o-{} {file}", cli_name(name)));
        files.insert(variable.as_str(), file);
    }
    let mut lines = vec![format!(
        "qiime {} {}",
        cli_name(&call.plugin),
        cli_name(&call.action)
    )];
    lines.extend(options.into_iter().map(|o| format!("{OPTION_INDENT}{o}")));
    let last = lines.len() - 1;
    for line in &mut lines[..last] {
        line.push_str(" \\");
    }
    Ok(lines)
}

fn is_plain_bool(qiime_type: &str) -> bool {
    matches!(
        TypeExpr::parse(qiime_type),
        Ok(TypeExpr::Primitive {
            kind: PrimitiveKind::Bool,
            ..
        })
    )
}

/// The option line of a literal parameter value; none for a value left out.
fn parameter_option(option: &str, value: &ParamValue, is_bool: bool) -> Option<String> {
    match value {
        ParamValue::Null => None,
        ParamValue::Bool(true) if is_bool => Some(format!("--p-{option}")),
        ParamValue::Bool(false) if is_bool => Some(format!("--p-no-{option}")),
        other => Some(format!("--p-{option} {}", value_text(other))),
    }
}

/// A value as q2cli prints it: Python's spelling of numbers and bools, text shell-quoted.
fn value_text(value: &ParamValue) -> String {
    match value {
        ParamValue::Null => "None".to_owned(),
        ParamValue::Bool(true) => "True".to_owned(),
        ParamValue::Bool(false) => "False".to_owned(),
        ParamValue::Int(i) => i.to_string(),
        ParamValue::Float(f) => float_repr(*f),
        ParamValue::Str(s) | ParamValue::Metadata(s) => shell_quote(s),
        ParamValue::List(items) => items.iter().map(value_text).collect::<Vec<_>>().join(" "),
        ParamValue::Set(items) => {
            let mut texts: Vec<_> = items.iter().map(value_text).collect();
            texts.sort();
            texts.join(" ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugin::{PluginDescriptor, UsageCall, UsageExample, UsageStep, demo};

    fn render(descriptor: &PluginDescriptor, action: usize, example: usize) -> String {
        let example = &descriptor.actions[action].examples[example];
        render_cli(example, |plugin, action| {
            (plugin == descriptor.name)
                .then(|| descriptor.actions.iter().find(|a| a.id == action))
                .flatten()
        })
        .unwrap()
    }

    #[test]
    fn the_serial_example_renders_as_q2cli_shows_it() {
        let plugin = demo::build();
        let expected = "\
# ### example: Serial
# Each query is searched on its own, one after another.
# Splitting the queries into batches of one makes the pipeline run one
# search per query, which is slow here but shows how the work divides.
qiime demo search-and-summarize \\
  --i-query-seqs query-seqs.qza \\
  --i-reference-seqs reference-seqs.qza \\
  --m-reference-metadata-file reference-metadata.tsv \\
  --p-split-size 1 \\
  --o-hits hits.qza \\
  --o-hits-table hits-table.qzv
";
        assert_eq!(render(plugin.descriptor(), 0, 0), expected);
    }

    #[test]
    fn a_peek_renders_as_tools_peek_of_the_variable_file() {
        let example = UsageExample {
            name: "peeking".into(),
            steps: vec![
                UsageStep::InitArtifact {
                    variable: "query_seqs".into(),
                    factory: "f".into(),
                },
                UsageStep::Peek {
                    variable: "query_seqs".into(),
                },
            ],
        };
        let rendered = render_cli(&example, |_, _| None).unwrap();
        assert_eq!(
            rendered,
            "# ### example: peeking\nqiime tools peek query-seqs.qza\n"
        );
        let undefined = UsageExample {
            name: "x".into(),
            steps: vec![UsageStep::Peek {
                variable: "y".into(),
            }],
        };
        assert_eq!(
            render_cli(&undefined, |_, _| None),
            Err(UsageError::UndefinedVariable {
                example: "x".into(),
                variable: "y".into()
            })
        );
    }

    #[test]
    fn chained_calls_flags_lists_quoting_columns_and_floats() {
        let plugin = demo::build();
        let expected = "\
# ### example: with options
qiime demo search-and-summarize \\
  --i-query-seqs queries.qza \\
  --i-reference-seqs references.qza \\
  --o-hits all-hits.qza \\
  --o-hits-table all-hits-table.qzv
qiime demo tabulate \\
  --i-hits all-hits.qza \\
  --p-title 'Best hits' \\
  --p-no-sorted \\
  --p-columns score 'percent id' \\
  --m-group-by-file reference-metadata.tsv \\
  --m-group-by-column phylum \\
  --p-threshold 1.0 \\
  --o-visualization best-hits.qzv
";
        assert_eq!(render(plugin.descriptor(), 1, 0), expected);
    }

    #[test]
    fn parameter_values_print_as_python_does() {
        let text = |value: ParamValue, is_bool| parameter_option("x", &value, is_bool);
        assert_eq!(text(ParamValue::Bool(true), true).unwrap(), "--p-x");
        assert_eq!(text(ParamValue::Bool(true), false).unwrap(), "--p-x True");
        assert_eq!(text(ParamValue::Null, false), None);
        assert_eq!(text(ParamValue::Float(0.25), false).unwrap(), "--p-x 0.25");
        assert_eq!(text(ParamValue::Float(2.0), false).unwrap(), "--p-x 2.0");
        assert_eq!(text(ParamValue::Float(1e-5), false).unwrap(), "--p-x 1e-05");
        assert_eq!(text(ParamValue::Float(1e16), false).unwrap(), "--p-x 1e+16");
        assert_eq!(text(ParamValue::Int(-3), false).unwrap(), "--p-x -3");
        assert_eq!(
            text(ParamValue::Str(String::new()), false).unwrap(),
            "--p-x ''"
        );
        let set = ParamValue::Set(vec!["b".into(), "a c".into(), "a".into()]);
        assert_eq!(text(set, false).unwrap(), "--p-x 'a c' a b");
    }

    fn example_calling(call: UsageCall) -> UsageExample {
        let init = UsageStep::InitArtifact {
            variable: "h".into(),
            factory: "hits_factory".into(),
        };
        UsageExample {
            name: "odd_one".into(),
            steps: vec![init, UsageStep::Call(call)],
        }
    }

    #[test]
    fn unknown_actions_and_names_are_errors() {
        let plugin = demo::build();
        let descriptor = plugin.descriptor();
        let lookup = |_: &str, action: &str| descriptor.actions.iter().find(|a| a.id == action);
        let call = UsageCall {
            plugin: "demo".into(),
            action: "tabulate".into(),
            inputs: vec![("hits".into(), UsageArg::Variable("h".into()))],
            outputs: vec![("table".into(), "t".into())],
        };
        assert_eq!(
            render_cli(&example_calling(call.clone()), lookup),
            Err(UsageError::UnknownName {
                example: "odd_one".into(),
                plugin: "demo".into(),
                action: "tabulate".into(),
                kind: "output",
                name: "table".into(),
            })
        );
        let mut bad_input = call.clone();
        bad_input.inputs[0].0 = "hit".into();
        let err = render_cli(&example_calling(bad_input), lookup).unwrap_err();
        assert_eq!(
            err.to_string(),
            "example 'odd_one' gives 'hit' to 'demo tabulate', which has no such input or parameter"
        );
        let mut undefined = example_calling(call.clone());
        undefined.steps.remove(0);
        assert_eq!(
            render_cli(&undefined, lookup),
            Err(UsageError::UndefinedVariable {
                example: "odd_one".into(),
                variable: "h".into(),
            })
        );
        let mut missing = call;
        missing.action = "tabulate_all".into();
        assert_eq!(
            render_cli(&example_calling(missing), lookup),
            Err(UsageError::UnknownAction {
                example: "odd_one".into(),
                plugin: "demo".into(),
                action: "tabulate_all".into(),
            })
        );
    }

    #[test]
    fn collection_variables_are_folders() {
        let plugin = demo::build();
        let expected = "\
# ### example: from splits
qiime demo combine-seqs \\
  --i-splits seq-splits/ \\
  --o-combined combined-seqs.qza
";
        assert_eq!(render(plugin.descriptor(), 2, 0), expected);
    }

    #[test]
    fn collection_outputs_are_folders_and_keep_their_name_as_inputs() {
        let plugin = demo::build_with(|plugin| {
            let collection = "Collection[FeatureData[Sequence]]";
            plugin
                .method("split_seqs", demo::split_seqs)
                .input("seqs", "FeatureData[Sequence]", "")
                .output("splits", collection, "");
            plugin.usage_example("combine_seqs", "round_trip", |ex| {
                ex.init_artifact("seqs", "query_seqs_factory");
                ex.call("split_seqs")
                    .input("seqs", "seqs")
                    .output("splits", "seq_splits");
                ex.call("combine_seqs")
                    .input("splits", "seq_splits")
                    .output("combined", "combined_seqs");
            });
        })
        .unwrap();
        let expected = "\
# ### example: round trip
qiime demo split-seqs \\
  --i-seqs seqs.qza \\
  --o-splits seq-splits/
qiime demo combine-seqs \\
  --i-splits seq-splits/ \\
  --o-combined combined-seqs.qza
";
        assert_eq!(render(plugin.descriptor(), 2, 1), expected);
    }
}
