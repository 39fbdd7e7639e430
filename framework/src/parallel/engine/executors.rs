//! Running one step on its executor: on a worker thread of this process, or in a worker process
//! (local or on Slurm) that exchanges the step's inputs and outputs through files.

use std::collections::HashMap;
use std::sync::Arc;

use crate::plugin::ActionKind;
use crate::provenance::ExecutionContext;
use crate::sdk::{Artifact, PluginManager, Results, Runner, Serial, Session, StepFailure};

use super::super::slurm::SlurmExecutor;
use super::super::worker::{StepTask, open_outputs, run_in_process, worker_call};
use super::{PIPELINE_CLASS, State, Task, ready_input};

/// A step of a parallel run: the action runs on a worker and records its executor's class.
pub(super) struct Step {
    pub(super) class: &'static str,
}

impl Runner for Step {
    fn context(&self, kind: ActionKind) -> ExecutionContext {
        match kind {
            ActionKind::Pipeline => ExecutionContext::Parsl {
                parsl_type: PIPELINE_CLASS.to_owned(),
            },
            ActionKind::Method | ActionKind::Visualizer => ExecutionContext::Parsl {
                parsl_type: self.class.to_owned(),
            },
        }
    }

    /// A pipeline nested in a step runs its own calls in this worker, one after another, so that
    /// workers never wait on work queued behind them.
    fn session(&self, pm: &PluginManager, inputs: Vec<Artifact>) -> Box<dyn Session> {
        Serial.session(pm, inputs)
    }
}

impl State {
    /// Runs a task in this process (on a worker thread).
    pub(super) fn run_here(
        &self,
        task: &Task,
        step: &Step,
        inputs: &HashMap<usize, Artifact>,
    ) -> Result<Results, StepFailure> {
        let args =
            crate::sdk::call_args(&task.request, |handle| ready_input(inputs, handle).cloned())?;
        let action = self
            .pm
            .action(&task.request.plugin, &task.request.action)
            .map_err(|e| StepFailure::from(&e))?;
        action.run(&args, step).map_err(|e| StepFailure::from(&e))
    }

    /// Runs a task in a worker process, or in a Slurm block's worker when `slurm` is given;
    /// results come back as folders in the run's work folder (the Slurm run folder).
    pub(super) fn run_in_worker(
        &self,
        task: &Task,
        step: &Step,
        inputs: &HashMap<usize, Artifact>,
        slurm: Option<&SlurmExecutor>,
    ) -> Result<Results, StepFailure> {
        let input = |handle: &str| ready_input(inputs, handle);
        if let Some(slurm) = slurm {
            let (work, folder) = slurm.task_folder()?;
            let call = worker_call(&task.request, |handle| slurm.stage(input(handle)?))?;
            let task = StepTask {
                call,
                class: step.class.to_owned(),
                plugin_dirs: self.pm.search_path().to_vec(),
            };
            return open_outputs(slurm.run(&task, &folder)?, &work);
        }
        let work = self
            .work
            .get_or_init(|| {
                crate::files::private_tempdir("q2rs-work-", None)
                    .map(Arc::new)
                    .map_err(|e| StepFailure::Framework(format!("no work folder: {e}")))
            })
            .clone()?;
        // A step run again (retries) gets a new folder: the last try may have left files.
        let folder = work.path().join(format!(
            "step-{}-{}",
            task.outputs.first().map_or(0, |(_, slot)| *slot),
            task.retried
        ));
        std::fs::create_dir(&folder)
            .map_err(|e| StepFailure::Framework(format!("{}: {e}", folder.display())))?;
        let call = worker_call(&task.request, |handle| {
            let artifact = input(handle)?;
            if let Some(root) = artifact.unzipped_root() {
                return Ok(root.to_string_lossy().into_owned());
            }
            // A worker reads results from disk: write this one with its complete provenance.
            let copy = folder.join(format!("in-{handle}"));
            if !copy.exists() {
                artifact
                    .write_dir(&copy)
                    .map_err(|e| StepFailure::Framework(e.to_string()))?;
            }
            Ok(copy.to_string_lossy().into_owned())
        })?;
        let task = StepTask {
            call,
            class: step.class.to_owned(),
            plugin_dirs: self.pm.search_path().to_vec(),
        };
        let outputs = run_in_process(&task, &folder, self.executors.config.task_timeout())?;
        open_outputs(outputs, &work)
    }
}
