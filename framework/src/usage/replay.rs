//! Replaying provenance: the commands that made a result, read from its provenance and written
//! as a q2cli shell script, as `qiime tools replay-provenance` does. A pipeline is replayed as
//! one call (its inner steps are its own business); data imported, or made without provenance,
//! become the script's starting files; recorded metadata can be written beside the script.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::cli::render_cli;
use super::python::{py_str, render_python};
use super::text::{cli_name, shell_quote};
use crate::plugin::{ActionSignature, ParamValue, UsageArg, UsageCall, UsageExample, UsageStep};
use crate::provenance::{
    Action, ActionRecord, CallAction, InputValue, OutputName, ParamValue as Recorded,
    read_action_yaml,
};
use crate::sdk::PluginManager;

/// Why provenance could not be replayed.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// A provenance file is missing or malformed.
    #[error(transparent)]
    Provenance(#[from] crate::provenance::ProvenanceError),
    /// A record's metadata.yaml cannot be read.
    #[error("{}: {reason}", path.display())]
    Metadata {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The provenance holds what the replay cannot write yet.
    #[error("cannot replay {what}")]
    Unsupported {
        /// What.
        what: String,
    },
    /// The script could not be rendered (an action no installed plugin has).
    #[error(transparent)]
    Usage(#[from] super::UsageError),
}

/// The interface a replay script is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayDriver {
    /// A q2cli shell script.
    Cli,
    /// A Python 3 script of QIIME 2's Python API.
    Python3,
}

/// A file the script starts from: imported data, or a result without provenance.
enum Start {
    Import {
        variable: String,
        semantic_type: String,
    },
    Missing {
        variable: String,
        uuid: Uuid,
    },
}

/// A replay script, and the recorded metadata files it names (file name -> recorded copy).
#[derive(Debug)]
pub struct Replay {
    /// The shell script.
    pub script: String,
    /// The metadata files the script reads, by file name, with the recorded copy of each.
    pub metadata: Vec<(String, PathBuf)>,
}

/// One result of the provenance: its record and where its record lies.
struct Node {
    record: ActionRecord,
    dir: PathBuf,
}

/// What the replay gathers while it walks the provenance.
#[derive(Default)]
struct Walk {
    nodes: HashMap<Uuid, Node>,
    /// Results in an order where every result comes after its inputs.
    order: Vec<Uuid>,
    /// Results given to the first action that used them under this input name.
    first_use: HashMap<Uuid, String>,
    /// Results without provenance.
    missing: Vec<Uuid>,
}

/// The replay script for `driver` of the results `roots`, each given by its (unzipped)
/// provenance folder and its UUID; what they share is replayed once. `title` names them in the
/// script's header (unless `suppress_header`).
pub fn replay(
    pm: &PluginManager,
    roots: &[(&Path, Uuid)],
    title: &str,
    suppress_header: bool,
    driver: ReplayDriver,
) -> Result<Replay, ReplayError> {
    let mut walk = Walk::default();
    for (provenance, root) in roots {
        visit(provenance, *root, *root, &mut walk)?;
    }
    let mut names = Names::default();
    let mut steps = Vec::new();
    let mut imports = Vec::new();
    let mut metadata = Vec::new();
    let mut done_executions = HashSet::new();
    for uuid in &walk.missing {
        let variable = names.artifact(*uuid, walk.first_use.get(uuid).map_or("input", |s| s));
        imports.push(Start::Missing {
            variable: variable.clone(),
            uuid: *uuid,
        });
        steps.push(UsageStep::InitArtifact {
            variable,
            factory: String::new(),
        });
    }
    for uuid in &walk.order {
        let node = &walk.nodes[uuid];
        match &node.record.action {
            Action::Import(_) => {
                let hint = walk.first_use.get(uuid).map_or("imported", |s| s);
                let variable = names.artifact(*uuid, hint);
                let semantic_type = semantic_type(&node.dir)?;
                imports.push(Start::Import {
                    variable: variable.clone(),
                    semantic_type,
                });
                steps.push(UsageStep::InitArtifact {
                    variable,
                    factory: String::new(),
                });
            }
            Action::Call(call) => {
                let execution = node.record.execution.uuid;
                if !done_executions.insert(execution) {
                    continue;
                }
                let signature = pm
                    .action(&call.plugin, &call.action)
                    .map(|a| a.signature().clone())
                    .map_err(|_| super::UsageError::UnknownAction {
                        example: title.to_owned(),
                        plugin: call.plugin.clone(),
                        action: call.action.clone(),
                    })?;
                let outputs: Vec<(String, Uuid)> = walk
                    .order
                    .iter()
                    .filter(|u| walk.nodes[u].record.execution.uuid == execution)
                    .filter_map(|u| match &walk.nodes[u].record.action {
                        Action::Call(c) => match &c.output_name {
                            OutputName::Plain(name) => Some((name.clone(), *u)),
                            OutputName::Element { .. } => None,
                        },
                        Action::Import(_) => None,
                    })
                    .collect();
                let step = call_step(
                    call,
                    &signature,
                    &outputs,
                    &node.dir,
                    &mut names,
                    &mut metadata,
                    &mut steps,
                )?;
                steps.push(step);
            }
        }
    }
    let example = UsageExample {
        name: "replay".to_owned(),
        steps,
    };
    let lookup_plugins: Vec<_> = pm.plugins().to_vec();
    let lookup = |plugin: &str, action: &str| {
        lookup_plugins
            .iter()
            .find(|p| p.descriptor.name == plugin)
            .and_then(|p| p.descriptor.actions.iter().find(|a| a.id == action))
    };
    let script = match driver {
        ReplayDriver::Cli => cli_script(&example, &imports, lookup, title, suppress_header)?,
        ReplayDriver::Python3 => {
            let mut script = header(title, suppress_header, "#!/usr/bin/env python3\n", "run");
            script.push_str(&render_python(&example, &python_starts(&imports), lookup)?);
            script
        }
    };
    Ok(Replay { script, metadata })
}

/// The first lines of a script: the interpreter line and, unless suppressed, what it is.
fn header(title: &str, suppress: bool, interpreter: &str, verb: &str) -> String {
    let mut script = interpreter.to_owned();
    if !suppress {
        script.push_str(&format!(
            "# The commands that made {title}, replayed from its provenance by q2rs.\n\
             # Put the data of each import where it says <your data here> (and each file whose\n\
             # provenance was not recorded where it says so), then {verb} this script.\n"
        ));
    }
    script
}

/// The q2cli shell script: the imports, then the commands.
fn cli_script<'a>(
    example: &UsageExample,
    starts: &[Start],
    lookup: impl Fn(&str, &str) -> Option<&'a ActionSignature>,
    title: &str,
    suppress_header: bool,
) -> Result<String, ReplayError> {
    let commands = render_cli(example, lookup)?;
    let mut script = header(title, suppress_header, "#!/usr/bin/env bash\n", "run");
    script.push_str("set -e\n\n");
    for start in starts {
        let line = match start {
            Start::Import {
                variable,
                semantic_type,
            } => format!(
                "qiime tools import --type {} --input-path '<your data here>' --output-path \
                 {}.qza",
                shell_quote(semantic_type),
                cli_name(variable)
            ),
            Start::Missing { variable, uuid } => format!(
                "# {}.qza: result {uuid}, whose provenance was not recorded: put it here",
                cli_name(variable)
            ),
        };
        script.push_str(&line);
        script.push('\n');
    }
    if !starts.is_empty() {
        script.push('\n');
    }
    script.push_str(
        commands
            .lines()
            .skip_while(|l| l.starts_with("# ### example"))
            .collect::<Vec<_>>()
            .join("\n")
            .as_str(),
    );
    script.push('\n');
    Ok(script)
}

/// The Python lines that define the script's starting artifacts.
fn python_starts(starts: &[Start]) -> Vec<String> {
    starts
        .iter()
        .map(|start| match start {
            Start::Import {
                variable,
                semantic_type,
            } => format!(
                "{variable} = Artifact.import_data({}, '<your data here>')",
                py_str(semantic_type)
            ),
            Start::Missing { variable, uuid } => format!(
                "{variable} = Artifact.load({})  # result {uuid}: its provenance was not recorded",
                py_str(&format!("{}.qza", cli_name(variable)))
            ),
        })
        .collect()
}

/// The call step of one execution of `call`, naming its outputs (`recorded`: the outputs the
/// provenance holds, by output name) and its metadata files.
fn call_step(
    call: &CallAction,
    signature: &ActionSignature,
    recorded: &[(String, Uuid)],
    dir: &Path,
    names: &mut Names,
    metadata: &mut Vec<(String, PathBuf)>,
    steps: &mut Vec<UsageStep>,
) -> Result<UsageStep, ReplayError> {
    let mut inputs = Vec::new();
    for (name, value) in &call.inputs {
        let variable = match value {
            InputValue::None => continue,
            InputValue::Uuid(u) | InputValue::NoProvenance(u) => names.of(*u),
            InputValue::List(_) | InputValue::Set(_) | InputValue::Collection(_) => {
                return Err(ReplayError::Unsupported {
                    what: format!(
                        "the input '{name}' of {}: a list or collection",
                        call.action
                    ),
                });
            }
        };
        inputs.push((name.clone(), UsageArg::Variable(variable)));
    }
    for (name, value) in &call.parameters {
        let arg = match value {
            Recorded::Null => continue,
            Recorded::Metadata { file, .. } => {
                let variable = names.fresh(name);
                let file_name = format!("{}.tsv", cli_name(&variable));
                metadata.push((file_name, dir.join("action").join(file)));
                steps.push(UsageStep::InitMetadata {
                    variable: variable.clone(),
                    factory: String::new(),
                });
                let is_column = signature
                    .parameters
                    .iter()
                    .find(|p| &p.name == name)
                    .is_some_and(|p| p.qiime_type.starts_with("MetadataColumn"));
                if is_column {
                    let column = metadata_column(&dir.join("action").join(file))?;
                    UsageArg::MetadataColumn { variable, column }
                } else {
                    UsageArg::Metadata(variable)
                }
            }
            other => UsageArg::Value(parameter(other, name, &call.action)?),
        };
        inputs.push((name.clone(), arg));
    }
    let outputs = signature
        .outputs
        .iter()
        .map(|output| {
            let variable = match recorded.iter().find(|(n, _)| n == &output.name) {
                Some((_, uuid)) => names.artifact(*uuid, &output.name),
                None => names.fresh(&output.name),
            };
            (output.name.clone(), variable)
        })
        .collect();
    Ok(UsageStep::Call(UsageCall {
        plugin: call.plugin.clone(),
        action: call.action.clone(),
        inputs,
        outputs,
    }))
}

/// A recorded parameter as a value to pass again.
fn parameter(value: &Recorded, name: &str, action: &str) -> Result<ParamValue, ReplayError> {
    ParamValue::try_from(value).map_err(|_| ReplayError::Unsupported {
        what: format!("the parameter '{name}' of {action}"),
    })
}

/// Walks the provenance from `uuid` back to its sources, putting inputs before what used them.
fn visit(provenance: &Path, root: Uuid, uuid: Uuid, walk: &mut Walk) -> Result<(), ReplayError> {
    if walk.nodes.contains_key(&uuid) || walk.missing.contains(&uuid) {
        return Ok(());
    }
    let dir = if uuid == root {
        provenance.to_path_buf()
    } else {
        provenance.join("artifacts").join(uuid.to_string())
    };
    let record = read_action_yaml(&dir.join("action").join("action.yaml"))?;
    if let Action::Call(call) = &record.action {
        for (name, value) in &call.inputs {
            let uuids: Vec<(Uuid, bool)> = match value {
                InputValue::None => Vec::new(),
                InputValue::Uuid(u) => vec![(*u, true)],
                InputValue::NoProvenance(u) => vec![(*u, false)],
                InputValue::List(us) | InputValue::Set(us) => {
                    us.iter().map(|u| (*u, true)).collect()
                }
                InputValue::Collection(items) => items.iter().map(|(_, u)| (*u, true)).collect(),
            };
            for (input, recorded) in uuids {
                walk.first_use.entry(input).or_insert_with(|| name.clone());
                if recorded {
                    visit(provenance, root, input, walk)?;
                } else if !walk.missing.contains(&input) {
                    walk.missing.push(input);
                }
            }
        }
    }
    walk.nodes.insert(uuid, Node { record, dir });
    walk.order.push(uuid);
    Ok(())
}

/// The semantic type in the `metadata.yaml` of the record folder `dir`.
fn semantic_type(dir: &Path) -> Result<String, ReplayError> {
    let path = dir.join("metadata.yaml");
    let text = std::fs::read_to_string(&path).map_err(|e| ReplayError::Metadata {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    crate::archive::ResultMetadata::parse(&text, &path)
        .map(|m| m.semantic_type)
        .map_err(|e| ReplayError::Metadata {
            path,
            reason: e.to_string(),
        })
}

/// The one column of a recorded `MetadataColumn` file.
fn metadata_column(path: &Path) -> Result<String, ReplayError> {
    let metadata = crate::metadata::Metadata::load(path).map_err(|e| ReplayError::Metadata {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    metadata
        .column_names()
        .first()
        .map(|c| (*c).to_owned())
        .ok_or_else(|| ReplayError::Metadata {
            path: path.to_path_buf(),
            reason: "a metadata column file without a column".to_owned(),
        })
}

/// The script's variable names: one per result, unique.
#[derive(Default)]
struct Names {
    by_uuid: BTreeMap<Uuid, String>,
    taken: HashSet<String>,
}

impl Names {
    /// The name of the result `uuid`, made from `hint` the first time.
    fn artifact(&mut self, uuid: Uuid, hint: &str) -> String {
        if let Some(name) = self.by_uuid.get(&uuid) {
            return name.clone();
        }
        let name = self.fresh(hint);
        self.by_uuid.insert(uuid, name.clone());
        name
    }

    /// The name given to `uuid` (a fresh one for a result not seen before).
    fn of(&mut self, uuid: Uuid) -> String {
        self.artifact(uuid, "input")
    }

    /// `hint`, or `hint_1`, `hint_2`, ... when taken.
    fn fresh(&mut self, hint: &str) -> String {
        let mut name = hint.to_owned();
        let mut n = 0;
        while self.taken.contains(&name) {
            n += 1;
            name = format!("{hint}_{n}");
        }
        self.taken.insert(name.clone());
        name
    }
}
