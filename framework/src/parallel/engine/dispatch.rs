//! The dispatcher: a pipeline's calls become tasks of the graph; a task whose inputs are ready
//! goes to its executor, and its outcome fills the results that tasks after it wait for.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, MutexGuard, PoisonError};

use crate::plugin::{CallInput, CallReply, CallRequest, OutputValue};
use crate::sdk::{Artifact, CallRefused, FailedStep, Output, Results, StepError, StepFailure};
use crate::types::TypeExpr;

use super::super::config::ExecutorKind;
use super::{Graph, Slot, State, Step, Task, class_of, handle_of};

impl State {
    pub(super) fn lock(&self) -> MutexGuard<'_, Graph> {
        self.graph.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn wait<'g>(&self, graph: MutexGuard<'g, Graph>) -> MutexGuard<'g, Graph> {
        self.changed
            .wait(graph)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds a call to the graph; returns the handles of its outputs (waiting for the task to
    /// finish when an output is a collection, whose keys only the task knows).
    pub(super) fn call(self: &Arc<Self>, request: CallRequest) -> Result<CallReply, CallRefused> {
        let known = self
            .pm
            .action(&request.plugin, &request.action)
            .map_err(|e| StepFailure::from(&e))
            .and_then(|action| Ok((action, self.ticket(&request)?)));
        let (action, ticket) = match known {
            Ok(known) => known,
            // The step cannot even be asked for: it fails the run as a failed step would.
            Err(failure) => {
                let failed = StepError::new(&request.plugin, &request.action, failure);
                self.lock().failure.get_or_insert_with(|| failed.clone());
                return Err(failed.into());
            }
        };
        let outputs: Vec<(String, bool)> = action
            .signature()
            .outputs
            .iter()
            .map(|o| {
                (
                    o.name.clone(),
                    TypeExpr::parse(&o.qiime_type).is_ok_and(|t| t.is_collection()),
                )
            })
            .collect();
        let mut graph = self.lock();
        let mut slots = Vec::with_capacity(outputs.len());
        for (name, _) in &outputs {
            graph.slots.push(Slot::Pending);
            slots.push((name.clone(), graph.slots.len() - 1));
        }
        graph.progress.total += 1;
        let inputs = input_handles(&request).map(handle_of).collect();
        graph.waiting.push(Task {
            request,
            outputs: slots.clone(),
            inputs,
            ready: 0,
            retried: 0,
            ticket,
        });
        self.dispatch(&mut graph);
        let mut reply = BTreeMap::new();
        for ((name, is_collection), (_, slot)) in outputs.iter().zip(&slots) {
            let value = if *is_collection {
                loop {
                    match &graph.slots[*slot] {
                        Slot::Pending => graph = self.wait(graph),
                        Slot::Collection(items) => {
                            break OutputValue::Handles(
                                items
                                    .iter()
                                    .map(|(k, h)| (k.clone(), h.to_string()))
                                    .collect(),
                            );
                        }
                        Slot::Failed(failed) => return Err(failed.clone().into()),
                        Slot::Ready(_) => {
                            return Err(CallRefused::Handle(StepFailure::Framework(format!(
                                "output '{name}' is not a collection"
                            ))));
                        }
                    }
                }
            } else {
                OutputValue::Handle(slot.to_string())
            };
            reply.insert(name.clone(), value);
        }
        Ok(CallReply { outputs: reply })
    }

    /// Starts every waiting task whose inputs are all ready; fails those with a failed input.
    pub(super) fn dispatch(self: &Arc<Self>, graph: &mut Graph) {
        let waiting = std::mem::take(&mut graph.waiting);
        for mut task in waiting {
            // An interrupted run ends here: nothing new starts.
            crate::interrupt::wait_if_interrupted();
            if crate::interrupt::stopping() {
                graph.failure.get_or_insert_with(|| {
                    let request = &task.request;
                    StepError::new(&request.plugin, &request.action, StepFailure::Stopped)
                });
            }
            let readiness = match &graph.failure {
                // The run has failed: what has not started yet never will.
                Some(failed) => Readiness::Skipped(failed.clone()),
                None => readiness(graph, &mut task),
            };
            match readiness {
                Readiness::Waiting => graph.waiting.push(task),
                Readiness::Skipped(failed) => {
                    graph.skipped += 1;
                    graph.progress.done += 1;
                    for (_, slot) in &task.outputs {
                        graph.slots[*slot] = Slot::Failed(failed.clone());
                    }
                }
                Readiness::Failed(failure) => {
                    graph.skipped += 1;
                    graph.progress.done += 1;
                    let (plugin, action) = (&task.request.plugin, &task.request.action);
                    let failed = StepError::new(plugin, action, failure);
                    for (_, slot) in &task.outputs {
                        graph.slots[*slot] = Slot::Failed(failed.clone());
                    }
                }
                Readiness::Ready => {
                    graph.running += 1;
                    graph.progress.running.push(task.request.action.clone());
                    let spec = self
                        .executors
                        .config
                        .executor_for(&task.request.plugin, &task.request.action)
                        .clone();
                    let state = Arc::clone(self);
                    let step = Step {
                        class: class_of(&spec.kind),
                    };
                    let inputs = inputs_of(graph, &task.request);
                    let in_process = matches!(spec.kind, ExecutorKind::Threads { .. });
                    tracing::debug!(
                        "step {} {} is ready: it goes to the executor '{}'",
                        task.request.plugin,
                        task.request.action,
                        spec.label
                    );
                    self.executors.pools[&spec.label].submit(move || {
                        // The run may have failed while this step waited for a worker.
                        let failure = state.lock().failure.clone();
                        let outcome = match failure {
                            Some(failed) => Outcome::Skipped(failed),
                            None => state
                                .recycled(&task, &inputs, || {
                                    if in_process {
                                        state.run_here(&task, &step, &inputs)
                                    } else {
                                        let slurm = state.slurm.get(&spec.label);
                                        state.run_in_worker(&task, &step, &inputs, slurm)
                                    }
                                })
                                .into(),
                        };
                        state.record(task, outcome);
                    });
                }
            }
        }
        if let Some(sink) = &self.executors.progress {
            sink(&graph.progress);
        }
    }
    /// Records a finished task's outputs (or its failure) and starts what became ready.
    fn record(self: &Arc<Self>, mut task: Task, outcome: Outcome) {
        let mut graph = self.lock();
        graph.running -= 1;
        let retry =
            matches!(outcome, Outcome::Failed(_)) && task.retried < self.executors.config.retries();
        graph.progress.stopped(&task.request.action, !retry);
        if let (Outcome::Failed(failure), false) = (&outcome, retry) {
            let step = FailedStep::new(&task.request, &failure.to_string(), |handle| {
                match graph.slots.get(handle_of(handle).ok()?) {
                    Some(Slot::Ready(artifact)) => Some(artifact.clone()),
                    _ => None,
                }
            });
            graph.progress.failed.push(step);
        }
        if retry {
            // The configuration's `retries`: the step runs again, as Parsl would.
            task.retried += 1;
            graph.waiting.push(task);
            self.dispatch(&mut graph);
            self.changed.notify_all();
            return;
        }
        match outcome {
            Outcome::Done(results) => {
                for (name, slot) in &task.outputs {
                    graph.slots[*slot] = match results.get(name) {
                        Some(Output::Artifact(artifact)) => Slot::Ready(artifact.clone()),
                        Some(Output::Collection(items)) => {
                            let mut handles = Vec::with_capacity(items.len());
                            for (key, artifact) in items {
                                graph.slots.push(Slot::Ready(artifact.clone()));
                                handles.push((key.clone(), graph.slots.len() - 1));
                            }
                            Slot::Collection(handles)
                        }
                        None => Slot::Failed(StepError::new(
                            &task.request.plugin,
                            &task.request.action,
                            StepFailure::Framework(format!("it gave no output '{name}'")),
                        )),
                    };
                }
            }
            Outcome::Failed(failure) => {
                let failed = StepError::new(&task.request.plugin, &task.request.action, failure);
                graph.failure.get_or_insert_with(|| failed.clone());
                for (_, slot) in &task.outputs {
                    graph.slots[*slot] = Slot::Failed(failed.clone());
                }
            }
            Outcome::Skipped(failed) => {
                graph.skipped += 1;
                for (_, slot) in &task.outputs {
                    graph.slots[*slot] = Slot::Failed(failed.clone());
                }
            }
        }
        self.dispatch(&mut graph);
        self.changed.notify_all();
    }
}

/// How a step that was started ended.
enum Outcome {
    Done(Results),
    Failed(StepFailure),
    /// Not run: the run had failed (this failure) before a worker took the step.
    Skipped(StepError),
}

impl From<Result<Results, StepFailure>> for Outcome {
    fn from(result: Result<Results, StepFailure>) -> Self {
        result.map_or_else(Self::Failed, Self::Done)
    }
}

/// The handles a call names as inputs.
fn input_handles(request: &CallRequest) -> impl Iterator<Item = &str> {
    request.inputs.values().flat_map(|input| match input {
        CallInput::Handle(h) => vec![h.as_str()],
        CallInput::Handles(items) => items.iter().map(|(_, h)| h.as_str()).collect(),
    })
}

/// The ready results a task reads, by handle (so that the worker needs no lock while it runs).
fn inputs_of(graph: &Graph, request: &CallRequest) -> HashMap<usize, Artifact> {
    input_handles(request)
        .filter_map(|h| handle_of(h).ok())
        .filter_map(|i| match graph.slots.get(i) {
            Some(Slot::Ready(artifact)) => Some((i, artifact.clone())),
            _ => None,
        })
        .collect()
}

enum Readiness {
    Ready,
    Waiting,
    /// An input failed.
    Failed(StepFailure),
    /// Another step failed, so this one is not run.
    Skipped(StepError),
}

/// Whether `task` can start: its inputs are checked from the first not known to be ready, so a
/// step that waits for many results (a collate) costs little to check again and again.
fn readiness(graph: &Graph, task: &mut Task) -> Readiness {
    while let Some(input) = task.inputs.get(task.ready) {
        let slot = input.as_ref().map(|i| graph.slots.get(*i));
        match slot {
            Ok(Some(Slot::Ready(_))) => task.ready += 1,
            Ok(Some(Slot::Pending)) => return Readiness::Waiting,
            Ok(Some(Slot::Failed(failed))) => {
                return Readiness::Failed(StepFailure::Input(failed.to_string()));
            }
            Ok(Some(Slot::Collection(_)) | None) => {
                return Readiness::Failed(StepFailure::Input(format!(
                    "'{}' is not a result that can be passed on",
                    input_handles(&task.request)
                        .nth(task.ready)
                        .unwrap_or_default()
                )));
            }
            Err(reason) => return Readiness::Failed(reason.clone()),
        }
    }
    Readiness::Ready
}
