//! How an action call runs: serially here and now, or as a step of a parallel run.

use std::sync::Arc;

use crate::parallel::ProgressSink;
use crate::plugin::ActionKind;
use crate::plugin::abi::HostBox;
use crate::provenance::ExecutionContext;

use super::artifact::Artifact;
use super::error::SdkError;
use super::plugin_manager::PluginManager;
use super::recycle::Recycler;
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

/// Runs pipelines serially, as [`Serial`] does, and optionally reuses the steps a recycler
/// recorded (recording the others) and reports each step to a progress display.
///
/// ```
/// use std::sync::Arc;
/// use qiime2::parallel::Progress;
/// use qiime2::sdk::SerialRunner;
/// let runner = SerialRunner::new().with_progress(Arc::new(|p: &Progress| {
///     eprintln!("{} of {} steps done", p.done, p.total)
/// }));
/// ```
#[derive(Clone, Default)]
pub struct SerialRunner {
    recycler: Option<Arc<dyn Recycler>>,
    progress: Option<ProgressSink>,
}

impl SerialRunner {
    /// A serial runner that neither recycles nor reports.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same runner, reusing and recording its pipelines' steps through `recycler`.
    pub fn with_recycler(self, recycler: Arc<dyn Recycler>) -> Self {
        Self {
            recycler: Some(recycler),
            ..self
        }
    }

    /// The same runner, reporting each step of its pipelines to `sink` as it starts and ends.
    pub fn with_progress(self, sink: ProgressSink) -> Self {
        Self {
            progress: Some(sink),
            ..self
        }
    }
}

impl std::fmt::Debug for SerialRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SerialRunner")
            .field("recycles", &self.recycler.is_some())
            .field("reports", &self.progress.is_some())
            .finish()
    }
}

impl Runner for SerialRunner {
    fn context(&self, _kind: ActionKind) -> ExecutionContext {
        ExecutionContext::Synchronous
    }

    fn session(&self, pm: &PluginManager, inputs: Vec<Artifact>) -> Box<dyn Session> {
        let mut host = SerialHost::new(pm.clone(), inputs);
        if let Some(recycler) = &self.recycler {
            host = host.recycling(Arc::clone(recycler));
        }
        if let Some(sink) = &self.progress {
            host = host.reporting(Arc::clone(sink));
        }
        Box::new(host)
    }
}
