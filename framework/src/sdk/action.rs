//! Calling an action: arguments checked against the signature, the plugin run in a scratch
//! folder, outputs checked and turned into results with full provenance.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use tempfile::TempDir;
use uuid::Uuid;

use crate::archive::ResultMetadata;
use crate::plugin::{
    ActionKind, ActionSignature, ArtifactData, ExecuteReply, ExecuteRequest, InputSpec, InputValue,
    LoadedPlugin, OutputSpec, OutputValue, ParamValue, ParameterSpec,
};
use crate::provenance::{self, ActionRecord, CallAction, Execution, OutputName, record_files};
use crate::types::{CollectionKind, PrimitiveValue, TypeExpr};

use super::args::{Arg, Args, fits_column};
use super::artifact::Artifact;
use super::environment::{action_citations, environment};
use super::error::SdkError;
use super::import::create_dir;
use super::plugin_manager::PluginManager;
use super::results::{Output, Results};
use super::runner::{Runner, Serial};

/// An action of an installed plugin, ready to be called.
#[derive(Debug, Clone, Copy)]
pub struct Action<'a> {
    pub(crate) pm: &'a PluginManager,
    pub(crate) plugin: &'a LoadedPlugin,
    pub(crate) signature: &'a ActionSignature,
}

/// A call whose arguments passed their checks.
struct Prepared {
    /// Kept alive by the results made in it.
    scratch: Arc<TempDir>,
    request: ExecuteRequest,
    inputs: Vec<(String, provenance::InputValue)>,
    parameters: Vec<(String, provenance::ParamValue)>,
    /// The metadata parameters' files (`<name>.tsv`), shared by every output's record.
    metadata_tsvs: Vec<(String, Arc<str>)>,
    ancestors: Vec<Artifact>,
    /// The input artifacts; an input's handle is its index here.
    made: Vec<Artifact>,
}

impl<'a> Action<'a> {
    /// The action's signature.
    pub fn signature(&self) -> &'a ActionSignature {
        self.signature
    }

    /// The plugin that provides it.
    pub fn plugin(&self) -> &'a LoadedPlugin {
        self.plugin
    }

    fn label(&self) -> String {
        format!("{} {}", self.plugin.descriptor.name, self.signature.id)
    }

    fn bad(&self, reason: impl Into<String>) -> SdkError {
        SdkError::BadArgument {
            action: self.label(),
            reason: reason.into(),
        }
    }

    /// Runs the action with `args`, which are checked against its signature first.
    pub fn call(&self, args: &Args) -> Result<Results, SdkError> {
        self.run(args, &Serial)
    }

    /// Runs the action with `args` as `runner` says (serially, or as a step of a parallel run).
    pub fn run(&self, args: &Args, runner: &dyn Runner) -> Result<Results, SdkError> {
        let mut execution = Execution::begin(Some(runner.context(self.signature.kind)));
        let prepared = self.prepare(args)?;
        let (reply, made) = match self.signature.kind {
            ActionKind::Pipeline => {
                let session = runner.session(self.pm, prepared.made.clone());
                let reply = self.plugin.execute_with(&prepared.request, session.host());
                let made = session.finish()?;
                (reply?, made)
            }
            ActionKind::Method | ActionKind::Visualizer => {
                (self.plugin.execute(&prepared.request)?, Vec::new())
            }
        };
        execution.finish();
        self.collect(execution, &prepared, &reply, &made)
    }

    /// Checks `args` against the signature and lays out the request and its scratch folder.
    fn prepare(&self, args: &Args) -> Result<Prepared, SdkError> {
        let known = |name: &str| {
            self.signature.inputs.iter().any(|i| i.name == name)
                || self.signature.parameters.iter().any(|p| p.name == name)
        };
        if let Some(unknown) = args.names().find(|n| !known(n)) {
            return Err(self.bad(format!("no input or parameter is named '{unknown}'")));
        }
        let scratch = crate::files::private_temp("q2rs-action-")?;
        let scratch = Arc::new(scratch);
        let mut prepared = Prepared {
            request: ExecuteRequest {
                action: self.signature.id.clone(),
                inputs: BTreeMap::new(),
                parameters: BTreeMap::new(),
                output_dirs: BTreeMap::new(),
            },
            scratch,
            inputs: Vec::new(),
            parameters: Vec::new(),
            metadata_tsvs: Vec::new(),
            ancestors: Vec::new(),
            made: Vec::new(),
        };
        for spec in &self.signature.inputs {
            self.prepare_input(spec, args.get(&spec.name), &mut prepared)?;
        }
        for spec in &self.signature.parameters {
            self.prepare_parameter(spec, args.get(&spec.name), &mut prepared)?;
        }
        for spec in &self.signature.outputs {
            // Beside the metadata files (`<parameter>.tsv`): an output's name has no dot.
            let dir = prepared.scratch.path().join(&spec.name);
            create_dir(&dir)?;
            prepared
                .request
                .output_dirs
                .insert(spec.name.clone(), dir.to_string_lossy().into_owned());
        }
        Ok(prepared)
    }

    fn prepare_input(
        &self,
        spec: &InputSpec,
        arg: Option<&Arg>,
        prepared: &mut Prepared,
    ) -> Result<(), SdkError> {
        let name = &spec.name;
        let ty = parse_type(&spec.qiime_type)?;
        let (value, recorded) = match (arg, &ty) {
            (None, _) if spec.optional => (InputValue::None, provenance::InputValue::None),
            (None, _) => return Err(self.bad(format!("input '{name}' ({ty}) is required"))),
            (Some(Arg::Artifact(artifact)), _) => {
                self.check_artifact_type(name, artifact, &ty)?;
                (
                    InputValue::Artifact(register(prepared, artifact)),
                    provenance::InputValue::Uuid(artifact.uuid()),
                )
            }
            (Some(Arg::Artifacts(items)), TypeExpr::Collection { kind, element }) => {
                for (key, artifact) in items {
                    self.check_artifact_type(&format!("{name}[{key}]"), artifact, element)?;
                }
                let uuids = items.iter().map(|(_, a)| a.uuid());
                let recorded = match kind {
                    CollectionKind::List => provenance::InputValue::List(uuids.collect()),
                    CollectionKind::Set => provenance::InputValue::Set(uuids.collect()),
                    CollectionKind::Collection => provenance::InputValue::Collection(
                        items.iter().map(|(k, a)| (k.clone(), a.uuid())).collect(),
                    ),
                };
                let data = items
                    .iter()
                    .map(|(k, a)| (k.clone(), register(prepared, a)))
                    .collect();
                (InputValue::Collection(data), recorded)
            }
            (Some(_), _) => {
                return Err(self.bad(format!("input '{name}' expects an artifact of type {ty}")));
            }
        };
        prepared.request.inputs.insert(name.clone(), value);
        prepared.inputs.push((name.clone(), recorded));
        Ok(())
    }

    fn check_artifact_type(
        &self,
        name: &str,
        artifact: &Artifact,
        expected: &TypeExpr,
    ) -> Result<(), SdkError> {
        let actual = parse_type(artifact.semantic_type())?;
        if actual.is_subtype(expected) {
            Ok(())
        } else {
            Err(self.bad(format!(
                "input '{name}' expects an artifact of at least type {expected}; an artifact of type {actual} was given"
            )))
        }
    }

    fn prepare_parameter(
        &self,
        spec: &ParameterSpec,
        arg: Option<&Arg>,
        prepared: &mut Prepared,
    ) -> Result<(), SdkError> {
        let name = &spec.name;
        let ty = parse_type(&spec.qiime_type)?;
        let value = match arg {
            Some(Arg::Metadata(metadata)) => {
                match &ty {
                    TypeExpr::Metadata => {}
                    TypeExpr::MetadataColumn(kinds) => fits_column(metadata, kinds)
                        .map_err(|r| self.bad(format!("parameter '{name}': {r}")))?,
                    other => {
                        return Err(
                            self.bad(format!("parameter '{name}' expects {other}, not metadata"))
                        );
                    }
                }
                let file = format!("{name}.tsv");
                let text = metadata.to_tsv_string();
                let path = prepared.scratch.path().join(&file);
                std::fs::write(&path, &text).map_err(|e| SdkError::io(&path, &e))?;
                prepared.metadata_tsvs.push((name.clone(), text.into()));
                let value = ParamValue::Metadata(path.to_string_lossy().into());
                prepared
                    .parameters
                    .push((name.clone(), provenance::ParamValue::from(&value)));
                prepared.request.parameters.insert(name.clone(), value);
                return Ok(());
            }
            Some(Arg::Value(value)) => value.clone(),
            Some(_) => {
                return Err(self.bad(format!("parameter '{name}' expects a value of type {ty}")));
            }
            None => spec
                .default
                .clone()
                .ok_or_else(|| self.bad(format!("parameter '{name}' ({ty}) is required")))?,
        };
        self.check_value(name, &ty, &value)?;
        prepared
            .parameters
            .push((name.clone(), provenance::ParamValue::from(&value)));
        prepared.request.parameters.insert(name.clone(), value);
        Ok(())
    }

    fn check_value(&self, name: &str, ty: &TypeExpr, value: &ParamValue) -> Result<(), SdkError> {
        let incompatible = |detail: String| {
            self.bad(format!(
                "parameter '{name}' received {} as an argument, which is incompatible with parameter type: {ty} ({detail})",
                describe(value)
            ))
        };
        match value {
            ParamValue::Null => Ok(()),
            ParamValue::Metadata(_) => Err(incompatible(
                "metadata must be given as Metadata".to_owned(),
            )),
            value => value
                .check_against(ty)
                .map_err(|mismatch| incompatible(mismatch.to_string())),
        }
    }

    /// Turns the plugin's reply into results, checking it against the signature. A method or
    /// visualizer wrote its outputs into the scratch folders; a pipeline returned handles on
    /// results in `made`, which become aliases.
    fn collect(
        &self,
        execution: Execution,
        prepared: &Prepared,
        reply: &ExecuteReply,
        made: &[Option<Artifact>],
    ) -> Result<Results, SdkError> {
        let recorder = Recorder::new(self, execution, prepared)?;
        let lookup = |handle: &str| -> Result<&Artifact, SdkError> {
            handle
                .parse::<usize>()
                .ok()
                .and_then(|i| made.get(i))
                .and_then(Option::as_ref)
                .ok_or_else(|| {
                    self.broken(format!("it returned an unknown result handle '{handle}'"))
                })
        };
        let mut results = Results::default();
        for spec in &self.signature.outputs {
            let dir = Path::new(&prepared.request.output_dirs[&spec.name]).to_path_buf();
            let value = reply
                .outputs
                .get(&spec.name)
                .ok_or_else(|| self.broken(format!("output '{}' was not written", spec.name)))?;
            let ty = parse_type(&spec.qiime_type)?;
            let plain = || OutputName::Plain(spec.name.clone());
            let element = |index: usize, key: &str, size: usize| OutputName::Element {
                name: spec.name.clone(),
                key: key.to_owned(),
                index: index + 1,
                size,
            };
            let output = match (&ty, value) {
                (TypeExpr::Visualization, OutputValue::Written(None)) => {
                    if !dir.join("index.html").is_file() {
                        return Err(self.broken("the visualization has no index.html".to_owned()));
                    }
                    let metadata = ResultMetadata::visualization(Uuid::new_v4());
                    Output::Artifact(recorder.make(&dir, metadata, plain())?)
                }
                (
                    TypeExpr::Collection {
                        element: element_type,
                        ..
                    },
                    OutputValue::Collection(items),
                ) => {
                    let mut elements = Vec::with_capacity(items.len());
                    for (index, (key, format)) in items.iter().enumerate() {
                        let semantic_type = self.check_format(spec, element_type, format)?;
                        let metadata =
                            ResultMetadata::artifact(Uuid::new_v4(), &semantic_type, format);
                        let name = element(index, key, items.len());
                        elements
                            .push((key.clone(), recorder.make(&dir.join(key), metadata, name)?));
                    }
                    Output::Collection(elements)
                }
                (ty, OutputValue::Written(Some(format))) if ty.is_semantic() => {
                    let semantic_type = self.check_format(spec, ty, format)?;
                    let metadata = ResultMetadata::artifact(Uuid::new_v4(), &semantic_type, format);
                    Output::Artifact(recorder.make(&dir, metadata, plain())?)
                }
                (ty, OutputValue::Handle(handle))
                    if self.signature.kind == ActionKind::Pipeline =>
                {
                    let inner = lookup(handle)?;
                    self.check_alias_type(spec, ty, inner)?;
                    Output::Artifact(recorder.alias(inner, plain())?)
                }
                (
                    TypeExpr::Collection {
                        element: element_type,
                        ..
                    },
                    OutputValue::Handles(handles),
                ) if self.signature.kind == ActionKind::Pipeline => {
                    let mut elements = Vec::with_capacity(handles.len());
                    for (index, (key, handle)) in handles.iter().enumerate() {
                        let inner = lookup(handle)?;
                        self.check_alias_type(spec, element_type, inner)?;
                        elements.push((
                            key.clone(),
                            recorder.alias(inner, element(index, key, handles.len()))?,
                        ));
                    }
                    Output::Collection(elements)
                }
                _ => {
                    return Err(self.broken(format!(
                        "output '{}' does not match its type {ty}",
                        spec.name
                    )));
                }
            };
            results.push(&spec.name, output);
        }
        Ok(results)
    }

    /// Checks that `format` is the one `ty` is stored in; returns the type's canonical name.
    fn check_format(
        &self,
        spec: &OutputSpec,
        ty: &TypeExpr,
        format: &str,
    ) -> Result<String, SdkError> {
        let semantic_type = ty.to_string();
        let expected = self
            .pm
            .artifact_classes()
            .find(|(_, c)| c.semantic_type == semantic_type)
            .map(|(_, c)| c.format.as_str());
        match expected {
            Some(expected) if expected == format => Ok(semantic_type),
            Some(expected) => Err(self.broken(format!(
                "output '{}' was written as {format}, but {semantic_type} is stored as {expected}",
                spec.name
            ))),
            None => Err(self.broken(format!(
                "output '{}' has type {semantic_type}, which no installed plugin registers",
                spec.name
            ))),
        }
    }

    /// Checks that a pipeline returned a result of the output's type.
    fn check_alias_type(
        &self,
        spec: &OutputSpec,
        ty: &TypeExpr,
        inner: &Artifact,
    ) -> Result<(), SdkError> {
        let actual = parse_type(inner.semantic_type())?;
        if actual.is_subtype(ty) {
            Ok(())
        } else {
            Err(self.broken(format!(
                "output '{}' should be {ty}, but a {actual} was returned",
                spec.name
            )))
        }
    }

    fn broken(&self, reason: String) -> SdkError {
        SdkError::BadOutput {
            plugin: self.plugin.descriptor.name.clone(),
            action: self.signature.id.clone(),
            reason,
        }
    }
}

/// Writes the results of one action call with their provenance.
struct Recorder<'p> {
    execution: Execution,
    environment: provenance::Environment,
    /// `citations.bib`, rendered once: every output of the call shares it.
    citations: Arc<str>,
    call: CallAction,
    prepared: &'p Prepared,
}

impl<'p> Recorder<'p> {
    fn new(
        action: &Action<'_>,
        execution: Execution,
        prepared: &'p Prepared,
    ) -> Result<Self, SdkError> {
        let (environment, mut citations) = environment(&[&action.plugin.descriptor])?;
        let keys = action_citations(&action.plugin.descriptor, action.signature, &mut citations)?;
        let call = CallAction {
            kind: action.signature.kind,
            plugin: action.plugin.descriptor.name.clone(),
            action: action.signature.id.clone(),
            inputs: prepared.inputs.clone(),
            parameters: prepared.parameters.clone(),
            output_name: OutputName::Plain(String::new()),
            alias_of: None,
            citations: keys,
        };
        Ok(Self {
            execution,
            environment,
            citations: citations.render().into(),
            call,
            prepared,
        })
    }

    /// The record of one output.
    fn record(
        &self,
        output_name: OutputName,
        alias_of: Option<&Artifact>,
    ) -> Result<Vec<(String, Arc<str>)>, SdkError> {
        let call = CallAction {
            output_name,
            alias_of: alias_of.map(Artifact::uuid),
            ..self.call.clone()
        };
        let record =
            ActionRecord::action(self.execution.clone(), call, None, self.environment.clone());
        Ok(record_files(
            &record,
            &self.citations,
            &self.prepared.metadata_tsvs,
        )?)
    }

    /// A new result whose data are the folder `data`, in the call's scratch folder. Its
    /// provenance is held in memory with its ancestors' until it is written.
    fn make(
        &self,
        data: &Path,
        metadata: ResultMetadata,
        output_name: OutputName,
    ) -> Result<Artifact, SdkError> {
        Ok(Artifact::made(
            metadata,
            data.to_path_buf(),
            self.record(output_name, None)?,
            Arc::clone(&self.prepared.scratch),
            self.prepared.ancestors.clone(),
        ))
    }

    /// A pipeline output: a new result with the data of `inner`, recorded as its alias.
    fn alias(&self, inner: &Artifact, output_name: OutputName) -> Result<Artifact, SdkError> {
        let metadata = ResultMetadata {
            uuid: Uuid::new_v4(),
            ..inner.metadata().clone()
        };
        let mut ancestors = self.prepared.ancestors.clone();
        ancestors.push(inner.clone());
        Ok(Artifact::alias_of(
            inner,
            metadata,
            self.record(output_name, Some(inner))?,
            ancestors,
        ))
    }
}

fn parse_type(expression: &str) -> Result<TypeExpr, SdkError> {
    TypeExpr::parse(expression).map_err(|err| SdkError::UnknownType {
        semantic_type: expression.to_owned(),
        known: vec![err.to_string()],
    })
}

/// Records an input artifact as an ancestor and gives it a handle; returns what the plugin sees.
fn register(prepared: &mut Prepared, artifact: &Artifact) -> ArtifactData {
    if !prepared
        .ancestors
        .iter()
        .any(|a| a.uuid() == artifact.uuid())
    {
        prepared.ancestors.push(artifact.clone());
    }
    prepared.made.push(artifact.clone());
    ArtifactData {
        handle: Some((prepared.made.len() - 1).to_string()),
        ..artifact.as_data()
    }
}

/// A value as a user would write it in Python, for error messages: `5`, `'a'`, `[1, 'a']`.
fn describe(value: &ParamValue) -> String {
    let all = |items: &[ParamValue]| items.iter().map(describe).collect::<Vec<_>>().join(", ");
    match value {
        ParamValue::List(items) => format!("[{}]", all(items)),
        ParamValue::Set(items) => format!("{{{}}}", all(items)),
        other => PrimitiveValue::try_from(other)
            .map_or_else(|_| format!("{other:?}"), |primitive| primitive.to_string()),
    }
}
