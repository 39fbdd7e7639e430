//! Pipeline resumption in the parallel engine: a ready step whose key the recycler knows is
//! not run (its recorded results are used); a step that runs is recorded when it succeeds.
//! Lookups and records happen on the worker thread, never under the graph's lock.

use std::collections::HashMap;
use std::sync::Arc;

use crate::plugin::CallRequest;
use crate::sdk::{Artifact, Recycler, Results, StepFailure, Ticket};

use super::{ParallelRunner, State, Task, ready_input};

impl ParallelRunner {
    /// Reuses the steps `recycler` recorded in earlier runs and records the steps that run.
    pub fn with_recycler(self, recycler: Arc<dyn Recycler>) -> Self {
        self.reconfigured(|executors| executors.recycler = Some(recycler))
    }
}

impl State {
    /// The ticket of a call the pipeline just made, when steps are recycled.
    pub(super) fn ticket(&self, request: &CallRequest) -> Result<Option<Ticket>, StepFailure> {
        self.recycling
            .as_ref()
            .map(|recycling| recycling.counter.ticket(request))
            .transpose()
    }

    /// The outcome of a ready task: its recorded results, or `run`'s (recorded on success).
    pub(super) fn recycled(
        &self,
        task: &Task,
        inputs: &HashMap<usize, Artifact>,
        run: impl FnOnce() -> Result<Results, StepFailure>,
    ) -> Result<Results, StepFailure> {
        let (Some(recycling), Some(ticket)) = (&self.recycling, &task.ticket) else {
            return run();
        };
        let identity_of = |handle: &str| ready_input(inputs, handle).map(Artifact::identity);
        recycling.run(ticket, &task.request, identity_of, run)
    }
}
