//! The host a pipeline run in parallel calls: its calls go to the dispatcher, its waits for a
//! result block until the result's task has finished.

use abi_stable::sabi_trait::TD_Opaque;
use abi_stable::std_types::{RResult, RString};

use crate::plugin::CallRequest;
use crate::plugin::abi::{HostBox, PipelineHost, PipelineHost_TO};
use crate::sdk::{Artifact, SdkError, Session};

use super::{ParallelSession, Slot, handle_of};

impl PipelineHost for ParallelSession {
    fn call(&self, request: RString) -> RResult<RString, RString> {
        let reply = serde_json::from_str::<CallRequest>(&request)
            .map_err(|e| format!("malformed call: {e}"))
            .and_then(|request| self.state.call(request))
            .and_then(|reply| serde_json::to_string(&reply).map_err(|e| e.to_string()));
        reply.map(RString::from).map_err(RString::from).into()
    }

    fn data_dir(&self, handle: RString) -> RResult<RString, RString> {
        let described = handle_of(&handle).and_then(|index| {
            let mut graph = self.state.lock();
            loop {
                match graph.slots.get(index).cloned() {
                    Some(Slot::Pending) => graph = self.state.wait(graph),
                    Some(Slot::Ready(artifact)) => {
                        let data = crate::plugin::ArtifactData {
                            handle: Some(handle.to_string()),
                            ..artifact.as_data()
                        };
                        break serde_json::to_string(&data).map_err(|e| e.to_string());
                    }
                    Some(Slot::Failed(reason)) => break Err(reason),
                    Some(Slot::Collection(_)) | None => {
                        break Err(format!("no single result has handle '{handle}'"));
                    }
                }
            }
        });
        described.map(RString::from).map_err(RString::from).into()
    }
}

impl Session for ParallelSession {
    fn host(&self) -> HostBox {
        PipelineHost_TO::from_value(self.clone(), TD_Opaque)
    }

    fn finish(self: Box<Self>) -> Result<Vec<Option<Artifact>>, SdkError> {
        let mut graph = self.state.lock();
        while graph.running > 0 {
            graph = self.state.wait(graph);
        }
        if !self.state.slurm.is_empty() {
            drop(graph);
            for slurm in self.state.slurm.values() {
                slurm.shutdown();
            }
            graph = self.state.lock();
        }
        if let Some(reason) = &graph.failure {
            let reason = match graph.skipped {
                0 => reason.clone(),
                1 => format!("{reason} (1 other step was not run)"),
                n => format!("{reason} ({n} other steps were not run)"),
            };
            return Err(SdkError::StepFailed(reason));
        }
        Ok(graph
            .slots
            .iter()
            .map(|slot| match slot {
                Slot::Ready(artifact) => Some(artifact.clone()),
                _ => None,
            })
            .collect())
    }
}
