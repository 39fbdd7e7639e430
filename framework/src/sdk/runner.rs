//! How an action call runs: serially here and now, or as a step of a parallel run.

use crate::plugin::ActionKind;
use crate::plugin::abi::HostBox;
use crate::provenance::ExecutionContext;

use super::artifact::Artifact;
use super::error::SdkError;
use super::plugin_manager::PluginManager;
use super::serial_host::SerialHost;

/// Decides how an action call runs: what its provenance records as the execution context, and
/// which host answers a pipeline's calls.
pub trait Runner: Send + Sync {
    /// The execution context recorded for a call of an action of `kind`.
    fn context(&self, kind: ActionKind) -> ExecutionContext;

    /// Starts the host a pipeline's body calls; its first handles are the pipeline's `inputs`.
    fn session(&self, pm: &PluginManager, inputs: Vec<Artifact>) -> Box<dyn Session>;
}

/// The host of one pipeline run.
pub trait Session {
    /// The host as the plugin receives it.
    fn host(&self) -> HostBox;

    /// Waits for every call the pipeline made; returns every result by handle (`None` for a
    /// handle that names a whole collection rather than one result).
    fn finish(self: Box<Self>) -> Result<Vec<Option<Artifact>>, SdkError>;
}

/// Runs everything at once in the calling thread (`execution_context: synchronous`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Serial;

impl Runner for Serial {
    fn context(&self, _kind: ActionKind) -> ExecutionContext {
        ExecutionContext::Synchronous
    }

    fn session(&self, pm: &PluginManager, inputs: Vec<Artifact>) -> Box<dyn Session> {
        Box::new(SerialHost::new(pm.clone(), inputs))
    }
}
