//! What a replay does, whatever the interface: the steps that remake the parsed results.
//!
//! Only the results outside pipelines are replayed: a pipeline's outputs record the pipeline's
//! inputs as their parents, so walking parents from the parsed results never enters a pipeline,
//! and the pipeline is replayed as one call. The outputs of one call (one execution) become one
//! step. Imported results become import steps; results without provenance become placeholders.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use uuid::Uuid;

use crate::plugin::ActionSignature;
use crate::provenance::{Action, ActionRecord, CallAction, InputValue, OutputName, ParamValue};

use super::dag::{ProvDag, ProvNode};
use super::names::{Namespace, camel_to_snake};
use super::signature::inferred_signature;

/// A replay as steps in running order, with what its footer lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The steps.
    pub steps: Vec<Step>,
    /// The UUIDs of the archives parsed, sorted.
    pub parsed: Vec<Uuid>,
}

/// One step of a replay.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A result with no recorded provenance: the user supplies it.
    NoProvenance {
        /// Its UUID.
        uuid: Uuid,
        /// Its variable.
        variable: String,
    },
    /// Data imported from outside QIIME: the user supplies the data.
    Import {
        /// The variable of the imported artifact.
        variable: String,
        /// Its semantic type.
        semantic_type: String,
    },
    /// One member of a collection made by an earlier call.
    Member {
        /// The member's variable.
        variable: String,
        /// The collection's variable.
        collection: String,
        /// The member's key.
        key: String,
    },
    /// A collection assembled from results made separately.
    Collection {
        /// The collection's variable.
        variable: String,
        /// `(key, member variable)` in order.
        members: Vec<(String, String)>,
    },
    /// An action call.
    Call(Box<CallStep>),
}

/// One replayed action call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallStep {
    /// The plugin.
    pub plugin: String,
    /// The action id.
    pub action: String,
    /// `<plugin>_<action>_<n>`, unique: names the folder of the call's recorded metadata.
    pub label: String,
    /// The installed action's signature, or one inferred from the record.
    pub signature: ActionSignature,
    /// Whether `signature` is the installed action's.
    pub installed: bool,
    /// Inputs and parameters in recorded order (inputs first); unset ones are left out.
    pub args: Vec<(String, Arg)>,
    /// Each output of the signature with its variable, `None` when the parsed results do not
    /// include it; then recorded outputs the signature lacks.
    pub outputs: Vec<(String, Option<String>)>,
}

/// What a call is given for one input or parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// One artifact (or collection) variable.
    Artifact(String),
    /// A list or set of artifact variables.
    Artifacts(Vec<String>),
    /// A primitive value as recorded.
    Value(ParamValue),
    /// Metadata.
    Metadata(MetadataArg),
}

/// A `Metadata` or `MetadataColumn` argument.
#[derive(Debug, Clone, PartialEq)]
pub struct MetadataArg {
    /// The metadata's variable (and file stem when dumped).
    pub variable: String,
    /// Whether the parameter takes one column.
    pub column: bool,
    /// Where it came from.
    pub source: MetadataSource,
}

/// Where replayed metadata comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum MetadataSource {
    /// A metadata file; its recorded content when parsed.
    File(Option<Vec<u8>>),
    /// Artifacts viewed as metadata (merged when several), by variable.
    Artifacts(Vec<String>),
}

impl Plan {
    /// Plans the replay of everything `dag` parsed; `lookup(plugin, action)` gives the installed
    /// signature of an action.
    pub fn new<'a>(
        dag: &ProvDag,
        lookup: impl Fn(&str, &str) -> Option<&'a ActionSignature>,
    ) -> Self {
        let order = outer_order(dag);
        let mut builder = Builder {
            dag,
            names: Namespace::default(),
            variables: HashMap::new(),
            members: HashMap::new(),
            collections: Vec::new(),
            labels: Namespace::default(),
            steps: Vec::new(),
        };
        for uuid in order.iter().filter(|u| !has_record(dag, u)) {
            builder.no_provenance(*uuid);
        }
        let mut done = BTreeSet::new();
        for uuid in &order {
            let Some(ProvNode {
                record: Some(record),
                semantic_type,
                ..
            }) = dag.node(uuid)
            else {
                continue;
            };
            match &record.action {
                Action::Import(_) => builder.import(*uuid, semantic_type),
                Action::Call(_) if done.insert(record.execution.uuid) => {
                    let outputs: Vec<&ProvNode> = order
                        .iter()
                        .filter_map(|u| dag.node(u))
                        .filter(|n| {
                            n.record
                                .as_ref()
                                .is_some_and(|r| r.execution.uuid == record.execution.uuid)
                        })
                        .collect();
                    builder.call(&outputs, &lookup);
                }
                Action::Call(_) => {}
            }
        }
        Plan {
            steps: builder.steps,
            parsed: dag.parsed().iter().copied().collect(),
        }
    }

    /// The calls of the plan.
    pub fn calls(&self) -> impl Iterator<Item = &CallStep> {
        self.steps.iter().filter_map(|s| match s {
            Step::Call(call) => Some(call.as_ref()),
            _ => None,
        })
    }
}

fn has_record(dag: &ProvDag, uuid: &Uuid) -> bool {
    dag.node(uuid).is_some_and(|n| n.record.is_some())
}

/// The parsed results and their ancestors outside pipelines, parents before children.
fn outer_order(dag: &ProvDag) -> Vec<Uuid> {
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    for root in dag.parsed() {
        // Iterative depth-first walk: (node, whether its parents were pushed).
        let mut stack = vec![(*root, false)];
        while let Some((uuid, expanded)) = stack.pop() {
            if expanded {
                order.push(uuid);
                continue;
            }
            if !seen.insert(uuid) {
                continue;
            }
            stack.push((uuid, true));
            let parents = dag.node(&uuid).map(ProvNode::parents).unwrap_or_default();
            for parent in parents.into_iter().rev() {
                if !seen.contains(&parent) {
                    stack.push((parent, false));
                }
            }
        }
    }
    order
}

struct Builder<'d> {
    dag: &'d ProvDag,
    names: Namespace,
    /// The variable of each replayed result.
    variables: HashMap<Uuid, String>,
    /// Collection outputs' members: uuid -> (collection variable, key).
    members: HashMap<Uuid, (String, String)>,
    /// Collection outputs: variable and `(key, uuid)` members in order.
    collections: Vec<(String, Vec<(String, Uuid)>)>,
    labels: Namespace,
    steps: Vec<Step>,
}

impl Builder<'_> {
    fn no_provenance(&mut self, uuid: Uuid) {
        let base = self.dag.node(&uuid).map_or_else(
            || "no_provenance_node".to_owned(),
            |n| camel_to_snake(&n.semantic_type),
        );
        let variable = self.names.unique(&base);
        self.variables.insert(uuid, variable.clone());
        self.steps.push(Step::NoProvenance { uuid, variable });
    }

    fn import(&mut self, uuid: Uuid, semantic_type: &str) {
        let variable = self.names.unique(&camel_to_snake(semantic_type));
        self.variables.insert(uuid, variable.clone());
        self.steps.push(Step::Import {
            variable,
            semantic_type: semantic_type.to_owned(),
        });
    }

    /// The call that made `outputs` (all of one execution, at least one).
    fn call<'a>(
        &mut self,
        outputs: &[&ProvNode],
        lookup: &impl Fn(&str, &str) -> Option<&'a ActionSignature>,
    ) {
        let first = outputs[0];
        let Some(ActionRecord {
            action: Action::Call(call),
            ..
        }) = &first.record
        else {
            unreachable!("call() is given the outputs of a call");
        };
        let (signature, installed) = match lookup(&call.plugin, &call.action) {
            Some(signature) => (signature.clone(), true),
            None => (inferred_signature(call, outputs), false),
        };
        let mut args = Vec::new();
        for (name, value) in &call.inputs {
            if let Some(arg) = self.input(name, value) {
                args.push((name.clone(), arg));
            }
        }
        let recorded = self.outputs(outputs);
        let mut named: Vec<(String, Option<String>)> = signature
            .outputs
            .iter()
            .map(|o| (o.name.clone(), None))
            .collect();
        for (name, variable) in recorded {
            match named.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = Some(variable),
                None => named.push((name, Some(variable))),
            }
        }
        for (name, value) in &call.parameters {
            let arg = match value {
                ParamValue::Null => continue,
                ParamValue::Metadata { artifacts, .. } => {
                    Arg::Metadata(self.metadata(first, &signature, name, artifacts))
                }
                other => Arg::Value(other.clone()),
            };
            args.push((name.clone(), arg));
        }
        let label = self.labels.unique(&format!(
            "{}_{}",
            call.plugin.replace('-', "_"),
            call.action
        ));
        self.steps.push(Step::Call(Box::new(CallStep {
            plugin: call.plugin.clone(),
            action: call.action.clone(),
            label,
            signature,
            installed,
            args,
            outputs: named,
        })));
    }

    /// Names the recorded outputs of a call: `(output name, variable)`, one per collection.
    fn outputs(&mut self, outputs: &[&ProvNode]) -> Vec<(String, String)> {
        let mut named: Vec<(String, String)> = Vec::new();
        for node in outputs {
            let Some(call) = call_of(node) else { continue };
            match &call.output_name {
                OutputName::Plain(name) => {
                    let variable = self.names.unique(name);
                    self.variables.insert(node.uuid, variable.clone());
                    named.push((name.clone(), variable));
                }
                OutputName::Element { name, key, .. } => {
                    let existing = named
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.clone());
                    let variable = existing.unwrap_or_else(|| {
                        let variable = self.names.unique(name);
                        named.push((name.clone(), variable.clone()));
                        self.collections.push((variable.clone(), Vec::new()));
                        variable
                    });
                    if let Some((_, members)) =
                        self.collections.iter_mut().find(|(v, _)| *v == variable)
                    {
                        members.push((key.clone(), node.uuid));
                    }
                    self.members.insert(node.uuid, (variable, key.clone()));
                }
            }
        }
        named
    }

    fn input(&mut self, name: &str, value: &InputValue) -> Option<Arg> {
        match value {
            InputValue::None => None,
            InputValue::Uuid(u) | InputValue::NoProvenance(u) => {
                Some(Arg::Artifact(self.variable_of(name, *u)))
            }
            InputValue::List(us) | InputValue::Set(us) => {
                let wanted: BTreeSet<Uuid> = us.iter().copied().collect();
                let whole = self.collections.iter().find(|(_, members)| {
                    members.iter().map(|(_, u)| *u).collect::<BTreeSet<_>>() == wanted
                });
                Some(match whole {
                    Some((variable, _)) => Arg::Artifact(variable.clone()),
                    None => Arg::Artifacts(us.iter().map(|u| self.variable_of(name, *u)).collect()),
                })
            }
            InputValue::Collection(pairs) => {
                let wanted: BTreeSet<(String, Uuid)> = pairs.iter().cloned().collect();
                let whole = self.collections.iter().find(|(_, members)| {
                    members.iter().cloned().collect::<BTreeSet<_>>() == wanted
                });
                if let Some((variable, _)) = whole {
                    return Some(Arg::Artifact(variable.clone()));
                }
                let members = pairs
                    .iter()
                    .map(|(key, u)| (key.clone(), self.variable_of(name, *u)))
                    .collect();
                let variable = self.names.unique(name);
                self.steps.push(Step::Collection {
                    variable: variable.clone(),
                    members,
                });
                Some(Arg::Artifact(variable))
            }
        }
    }

    /// The variable of a replayed result; a member of a collection output gets its own
    /// (named after the input it is given to) on first use.
    fn variable_of(&mut self, input: &str, uuid: Uuid) -> String {
        if let Some(variable) = self.variables.get(&uuid) {
            return variable.clone();
        }
        let variable = self.names.unique(input);
        self.variables.insert(uuid, variable.clone());
        match self.members.get(&uuid).cloned() {
            Some((collection, key)) => self.steps.push(Step::Member {
                variable: variable.clone(),
                collection,
                key,
            }),
            // Not reached through the walk (it always visits parents first); kept as a placeholder.
            None => self.steps.push(Step::NoProvenance {
                uuid,
                variable: variable.clone(),
            }),
        }
        variable
    }

    fn metadata(
        &mut self,
        node: &ProvNode,
        signature: &ActionSignature,
        name: &str,
        artifacts: &[Uuid],
    ) -> MetadataArg {
        let column = signature
            .parameters
            .iter()
            .find(|p| p.name == name)
            .is_some_and(|p| p.qiime_type.contains("MetadataColumn"));
        let source = if artifacts.is_empty() {
            MetadataSource::File(node.metadata.get(name).cloned())
        } else {
            MetadataSource::Artifacts(
                artifacts
                    .iter()
                    .map(|u| self.variable_of(name, *u))
                    .collect(),
            )
        };
        MetadataArg {
            variable: self.names.unique(&camel_to_snake(name)),
            column,
            source,
        }
    }
}

/// The call section of a node's record.
pub(crate) fn call_of(node: &ProvNode) -> Option<&CallAction> {
    match &node.record {
        Some(ActionRecord {
            action: Action::Call(call),
            ..
        }) => Some(call),
        _ => None,
    }
}

/// The recorded metadata files of a plan, as `(call label, metadata variable, content)`.
pub fn recorded_metadata(plan: &Plan) -> BTreeMap<(String, String), &[u8]> {
    let mut files = BTreeMap::new();
    for call in plan.calls() {
        for (_, arg) in &call.args {
            if let Arg::Metadata(MetadataArg {
                variable,
                source: MetadataSource::File(Some(bytes)),
                ..
            }) = arg
            {
                files.insert((call.label.clone(), variable.clone()), bytes.as_slice());
            }
        }
    }
    files
}
