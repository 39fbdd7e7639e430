//! Running a pipeline serially: each call it makes runs at once, in this thread.

use std::sync::{Arc, Mutex, PoisonError};

use abi_stable::sabi_trait::TD_Opaque;
use abi_stable::std_types::{RResult, RString};

use crate::metadata::Metadata;
use crate::parallel::ProgressSink;
use crate::parallel::progress::StepTracker;
use crate::plugin::abi::{HostBox, PipelineHost, PipelineHost_TO};
use crate::plugin::{CallInput, CallReply, CallRequest, OutputValue, ParamValue};

use super::args::{Arg, Args};
use super::artifact::Artifact;
use super::error::SdkError;
use super::plugin_manager::PluginManager;
use super::recycle::{Recycler, Recycling};
use super::results::Output;
use super::runner::Session;
use super::step_error::{CallRefused, StepError, StepFailure};

/// The host a serial pipeline calls: results are kept in a table, a handle is a row number.
#[derive(Clone)]
pub(crate) struct SerialHost {
    pm: PluginManager,
    table: Arc<Mutex<Vec<Artifact>>>,
    recycling: Option<Recycling>,
    progress: Option<StepTracker>,
    /// The first step that failed: the run's failure, whatever the pipeline made of it.
    failed: Arc<Mutex<Option<StepError>>>,
}

impl SerialHost {
    /// A host whose table starts with the pipeline's inputs (their handles are their rows).
    pub(crate) fn new(pm: PluginManager, inputs: Vec<Artifact>) -> Self {
        Self {
            pm,
            table: Arc::new(Mutex::new(inputs)),
            recycling: None,
            progress: None,
            failed: Arc::default(),
        }
    }

    /// The same host, reusing and recording its steps through `recycler`.
    pub(crate) fn recycling(self, recycler: Arc<dyn Recycler>) -> Self {
        Self {
            recycling: Some(Recycling::new(recycler)),
            ..self
        }
    }

    /// The same host, reporting each step to `sink` as it starts and ends.
    pub(crate) fn reporting(self, sink: ProgressSink) -> Self {
        Self {
            progress: Some(StepTracker::new(sink)),
            ..self
        }
    }

    fn artifact(&self, handle: &str) -> Result<Artifact, StepFailure> {
        let table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        handle
            .parse::<usize>()
            .ok()
            .and_then(|i| table.get(i).cloned())
            .ok_or_else(|| StepFailure::Input(format!("no result has handle '{handle}'")))
    }

    fn remember(&self, artifact: &Artifact) -> String {
        let mut table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        table.push(artifact.clone());
        (table.len() - 1).to_string()
    }

    /// Runs the step `request`: its reply, or why it failed.
    fn run(&self, request: &CallRequest) -> Result<CallReply, StepFailure> {
        // A host stopping its runs (the Python API on Ctrl-C): no new step starts.
        if crate::interrupt::stopping() {
            return Err(StepFailure::Stopped);
        }
        let args = call_args(request, |handle| self.artifact(handle))?;
        let action = self
            .pm
            .action(&request.plugin, &request.action)
            .map_err(|e| StepFailure::from(&e))?;
        let call = || action.call(&args).map_err(|e| StepFailure::from(&e));
        let step = || match &self.recycling {
            Some(recycling) => {
                let ticket = recycling.counter.ticket(request)?;
                recycling.run(&ticket, request, |h| Ok(self.artifact(h)?.identity()), call)
            }
            None => call(),
        };
        let results = match &self.progress {
            Some(tracker) => tracker.step(request, |h| self.artifact(h).ok(), step)?,
            None => step()?,
        };
        let outputs = results
            .iter()
            .map(|(name, output)| {
                let value = match output {
                    Output::Artifact(artifact) => OutputValue::Handle(self.remember(artifact)),
                    Output::Collection(items) => OutputValue::Handles(
                        items
                            .iter()
                            .map(|(key, artifact)| (key.clone(), self.remember(artifact)))
                            .collect(),
                    ),
                };
                (name.to_owned(), value)
            })
            .collect();
        Ok(CallReply { outputs })
    }

    /// Answers the pipeline's call `request` (JSON); a failed step is kept as the run's failure.
    fn answer(&self, request: &str) -> Result<String, CallRefused> {
        let request: CallRequest = serde_json::from_str(request)?;
        match self.run(&request) {
            Ok(reply) => Ok(serde_json::to_string(&reply)?),
            Err(failure) => {
                let failed = StepError::new(&request.plugin, &request.action, failure);
                let mut first = self.failed.lock().unwrap_or_else(PoisonError::into_inner);
                first.get_or_insert_with(|| failed.clone());
                Err(failed.into())
            }
        }
    }
}

/// The arguments of a pipeline's call: handles looked up with `artifact`, metadata parameters
/// read from the files they name.
pub(crate) fn call_args(
    request: &CallRequest,
    artifact: impl Fn(&str) -> Result<Artifact, StepFailure>,
) -> Result<Args, StepFailure> {
    let mut args = Args::new();
    for (name, input) in &request.inputs {
        let arg = match input {
            CallInput::Handle(handle) => Arg::Artifact(artifact(handle)?),
            CallInput::Handles(handles) => Arg::Artifacts(
                handles
                    .iter()
                    .map(|(key, handle)| Ok((key.clone(), artifact(handle)?)))
                    .collect::<Result<_, StepFailure>>()?,
            ),
        };
        args.set(name, arg);
    }
    for (name, value) in &request.parameters {
        let arg = match value {
            ParamValue::Metadata(path) => Arg::Metadata(
                Metadata::load(std::path::Path::new(path))
                    .map_err(|e| StepFailure::Input(e.to_string()))?,
            ),
            other => Arg::Value(other.clone()),
        };
        args.set(name, arg);
    }
    Ok(args)
}

impl Session for SerialHost {
    fn host(&self) -> HostBox {
        PipelineHost_TO::from_value(self.clone(), TD_Opaque)
    }

    fn finish(self: Box<Self>) -> Result<Vec<Option<Artifact>>, SdkError> {
        if let Some(failed) = self
            .failed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            return Err(SdkError::Step(failed));
        }
        let table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(table.iter().cloned().map(Some).collect())
    }
}

impl PipelineHost for SerialHost {
    fn call(&self, request: RString) -> RResult<RString, RString> {
        self.answer(&request)
            .map(RString::from)
            .map_err(|e| RString::from(e.to_string()))
            .into()
    }

    fn data_dir(&self, handle: RString) -> RResult<RString, RString> {
        let described = match self.artifact(&handle) {
            Ok(artifact) => {
                let data = crate::plugin::ArtifactData {
                    handle: Some(handle.to_string()),
                    ..artifact.as_data()
                };
                serde_json::to_string(&data).map_err(|e| e.to_string())
            }
            Err(failure) => Err(failure.to_string()),
        };
        described.map(RString::from).map_err(RString::from).into()
    }
}
