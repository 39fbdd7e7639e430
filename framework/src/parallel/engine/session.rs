//! The host a pipeline run in parallel calls: its calls go to the dispatcher, its waits for a
//! result block until the result's task has finished.

use abi_stable::sabi_trait::TD_Opaque;
use abi_stable::std_types::{RResult, RString};

use crate::plugin::CallRequest;
use crate::plugin::abi::{HostBox, PipelineHost, PipelineHost_TO};
use crate::sdk::{Artifact, CallRefused, SdkError, Session, StepFailure};

use super::{ParallelSession, Slot, handle_of};

impl PipelineHost for ParallelSession {
    fn call(&self, request: RString) -> RResult<RString, RString> {
        let reply = serde_json::from_str::<CallRequest>(&request)
            .map_err(CallRefused::from)
            .and_then(|request| self.state.call(request))
            .and_then(|reply| Ok(serde_json::to_string(&reply)?));
        reply
            .map(RString::from)
            .map_err(|e| RString::from(e.to_string()))
            .into()
    }

    fn data_dir(&self, handle: RString) -> RResult<RString, RString> {
        let described = handle_of(&handle)
            .map_err(CallRefused::Handle)
            .and_then(|index| {
                let mut graph = self.state.lock();
                loop {
                    match graph.slots.get(index).cloned() {
                        Some(Slot::Pending) => graph = self.state.wait(graph),
                        Some(Slot::Ready(artifact)) => {
                            let data = crate::plugin::ArtifactData {
                                handle: Some(handle.to_string()),
                                ..artifact.as_data()
                            };
                            break Ok(serde_json::to_string(&data)?);
                        }
                        Some(Slot::Failed(failed)) => break Err(failed.into()),
                        Some(Slot::Collection(_)) | None => {
                            let message = format!("no single result has handle '{handle}'");
                            break Err(CallRefused::Handle(StepFailure::Input(message)));
                        }
                    }
                }
            });
        described
            .map(RString::from)
            .map_err(|e| RString::from(e.to_string()))
            .into()
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
        if let Some(failed) = &graph.failure {
            let mut failed = failed.clone();
            failed.not_run = graph.skipped;
            return Err(SdkError::Step(failed));
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
