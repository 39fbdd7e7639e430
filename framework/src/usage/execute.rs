//! Running a usage example for real through the Rust API: its data written as `--example-data`
//! writes it, then each call of the example, with its outputs saved under the example's names.

mod error;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::metadata::Metadata;
use crate::plugin::{LoadedPlugin, UsageArg, UsageCall, UsageExample, UsageStep};
use crate::sdk::{Arg, Args, Artifact, Output, PluginManager};

use super::example_data::{ExampleFileWritten, write_example_data};
use super::files::{ExampleFileKind, example_dir_name, example_files};
use super::text::cli_name;

pub use error::ExecuteError;

/// The file listing the keys of a saved collection folder in order (as the CLI writes it).
const ORDER_FILE: &str = ".order";

/// Runs `example` (of `plugin`) for real: writes its data into `dir/<example folder>/` as
/// `--example-data DIR` does, then runs each of its calls with
/// [`Action::call`](crate::sdk::Action::call), saving every output in that folder under the
/// name the example gives it (`<variable>.qza`, `.qzv`, or a folder `<variable>/` of `.qza`
/// files for a collection). Returns the outputs saved, in order.
pub fn run_example(
    pm: &PluginManager,
    plugin: &LoadedPlugin,
    example: &UsageExample,
    dir: &Path,
) -> Result<Vec<ExampleFileWritten>, ExecuteError> {
    let name = &example.name;
    write_example_data(pm, plugin, example, dir).map_err(|source| ExecuteError::ExampleData {
        example: name.clone(),
        source: Box::new(source),
    })?;
    let folder = dir.join(example_dir_name(example));
    // Each variable of the example, as the argument it is when a call takes it.
    let mut values = HashMap::new();
    for file in example_files(example) {
        let path = folder.join(file.file_name.trim_end_matches('/'));
        let value = match file.kind {
            ExampleFileKind::Artifact => Arg::Artifact(load(name, &path)?),
            ExampleFileKind::ArtifactCollection => Arg::Artifacts(load_folder(name, &path)?),
            ExampleFileKind::Metadata => Arg::Metadata(Metadata::load(&path).map_err(
                |source| ExecuteError::Metadata {
                    example: name.clone(),
                    source: Box::new(source),
                },
            )?),
        };
        values.insert(file.variable, value);
    }
    let mut saved = Vec::new();
    for step in &example.steps {
        if let UsageStep::Call(call) = step {
            saved.extend(run_call(pm, example, call, &folder, &mut values)?);
        }
    }
    Ok(saved)
}

/// Runs one call and saves its outputs, which become variables of the example.
fn run_call(
    pm: &PluginManager,
    example: &UsageExample,
    call: &UsageCall,
    folder: &Path,
    values: &mut HashMap<String, Arg>,
) -> Result<Vec<ExampleFileWritten>, ExecuteError> {
    let name = &example.name;
    let failed = |source| ExecuteError::Call {
        example: name.clone(),
        plugin: call.plugin.clone(),
        action: call.action.clone(),
        source: Box::new(source),
    };
    let mut args = Args::new();
    for (input, arg) in &call.inputs {
        args.set(input, argument(name, arg, values)?);
    }
    let results = pm
        .action(&call.plugin, &call.action)
        .and_then(|action| action.call(&args))
        .map_err(failed)?;
    let mut saved = Vec::new();
    for (output, variable) in &call.outputs {
        let missing = || ExecuteError::MissingOutput {
            example: name.clone(),
            action: call.action.clone(),
            output: output.clone(),
        };
        let target = folder.join(cli_name(variable));
        let value = results.get(output).ok_or_else(missing)?;
        match value {
            Output::Artifact(artifact) => {
                saved.push(ExampleFileWritten {
                    path: artifact.save(&target).map_err(failed)?,
                    kind: artifact.semantic_type().to_owned(),
                });
            }
            Output::Collection(items) => {
                let io = |source: std::io::Error| ExecuteError::Io {
                    example: name.clone(),
                    path: target.clone(),
                    message: source.to_string(),
                };
                std::fs::create_dir_all(&target).map_err(io)?;
                let mut order = String::new();
                for (key, artifact) in items {
                    let path = artifact
                        .save(&target.join(format!("{key}.qza")))
                        .map_err(failed)?;
                    saved.push(ExampleFileWritten {
                        path,
                        kind: artifact.semantic_type().to_owned(),
                    });
                    order.push_str(key);
                    order.push('\n');
                }
                std::fs::write(target.join(ORDER_FILE), order).map_err(io)?;
            }
        }
        values.insert(variable.clone(), Arg::from(value.clone()));
    }
    Ok(saved)
}

/// The argument an example passes, from its variables or a literal.
fn argument(
    example: &str,
    arg: &UsageArg,
    values: &HashMap<String, Arg>,
) -> Result<Arg, ExecuteError> {
    let value = |variable: &str| {
        values
            .get(variable)
            .ok_or_else(|| ExecuteError::UndefinedVariable {
                example: example.to_owned(),
                variable: variable.to_owned(),
            })
    };
    let metadata = |variable: &str| match value(variable)? {
        Arg::Metadata(metadata) => Ok(metadata),
        _ => Err(ExecuteError::NotMetadata {
            example: example.to_owned(),
            variable: variable.to_owned(),
        }),
    };
    Ok(match arg {
        UsageArg::Value(literal) => Arg::Value(literal.clone()),
        UsageArg::Variable(variable) => value(variable)?.clone(),
        UsageArg::Metadata(variable) => Arg::Metadata(metadata(variable)?.clone()),
        UsageArg::MetadataColumn { variable, column } => Arg::Metadata(
            metadata(variable)?
                .filter_columns(&[column])
                .map_err(|source| ExecuteError::Metadata {
                    example: example.to_owned(),
                    source: Box::new(source),
                })?,
        ),
    })
}

fn load(example: &str, path: &Path) -> Result<Artifact, ExecuteError> {
    Artifact::load(path).map_err(|source| ExecuteError::ExampleData {
        example: example.to_owned(),
        source: Box::new(source),
    })
}

/// The `.qza` files of a collection folder, keyed by their stems, in name order.
fn load_folder(example: &str, folder: &Path) -> Result<Vec<(String, Artifact)>, ExecuteError> {
    let entries = std::fs::read_dir(folder).map_err(|e| ExecuteError::Io {
        example: example.to_owned(),
        path: folder.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "qza"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let key = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok((key, load(example, &path)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugin::ParamValue;

    fn metadata() -> Metadata {
        Metadata::from_tsv_str("id\tphylum\tdepth\na\tFirm\t1\nb\tBact\t2\n", "m.tsv").unwrap()
    }

    #[test]
    fn literals_and_metadata_columns_become_arguments() {
        let values = HashMap::from([("m".to_owned(), Arg::Metadata(metadata()))]);
        let literal = argument("ex", &UsageArg::Value(ParamValue::Int(3)), &values).unwrap();
        assert!(matches!(literal, Arg::Value(ParamValue::Int(3))));
        let column = UsageArg::MetadataColumn {
            variable: "m".into(),
            column: "phylum".into(),
        };
        let Arg::Metadata(picked) = argument("ex", &column, &values).unwrap() else {
            panic!("not metadata");
        };
        assert_eq!(picked.column_names(), ["phylum"]);
        let Arg::Metadata(all) = argument("ex", &UsageArg::Metadata("m".into()), &values).unwrap()
        else {
            panic!("not metadata");
        };
        assert_eq!(all.column_names(), ["phylum", "depth"]);
    }

    #[test]
    fn undefined_variables_and_missing_columns_are_errors() {
        let values = HashMap::from([("m".to_owned(), Arg::Metadata(metadata()))]);
        let err = argument("ex", &UsageArg::Variable("seqs".into()), &values).unwrap_err();
        assert!(matches!(
            err,
            ExecuteError::UndefinedVariable { ref example, ref variable }
                if example == "ex" && variable == "seqs"
        ));
        let column = UsageArg::MetadataColumn {
            variable: "m".into(),
            column: "absent".into(),
        };
        assert!(matches!(
            argument("ex", &column, &values),
            Err(ExecuteError::Metadata { .. })
        ));
    }

    #[test]
    fn a_missing_collection_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let absent = dir.path().join("splits");
        let Err(ExecuteError::Io { example, path, .. }) = load_folder("ex", &absent) else {
            panic!("expected an io error");
        };
        assert_eq!((example.as_str(), path), ("ex", absent));
    }
}
