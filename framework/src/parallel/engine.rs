//! The parallel engine: a pipeline's calls become tasks of a graph whose edges are the results
//! they consume; ready tasks run on their executor's workers while the pipeline body goes on.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};

use tempfile::TempDir;

use abi_stable::sabi_trait::TD_Opaque;
use abi_stable::std_types::{RResult, RString};

use crate::plugin::abi::{HostBox, PipelineHost, PipelineHost_TO};
use crate::plugin::{ActionKind, CallInput, CallReply, CallRequest, OutputValue};
use crate::provenance::ExecutionContext;
use crate::sdk::{
    Artifact, FailedStep, Output, PluginManager, Results, Runner, SdkError, Serial, Session,
};
use crate::types::TypeExpr;

use super::config::{ExecutorKind, ParallelConfig};
use super::pool::Pool;
use super::progress::{Progress, ProgressSink};
use super::slurm::{SlurmExecutor, SlurmStatus};
use super::worker::{StepTask, open_outputs, run_in_process, worker_call};

mod recycling;

/// The executor class QIIME 2 records in provenance for the pipeline itself.
const PIPELINE_CLASS: &str = "DFK";

/// Runs pipelines in parallel: each executor of the configuration is a pool of workers.
pub struct ParallelRunner {
    shared: Arc<Executors>,
}

struct Executors {
    config: ParallelConfig,
    pools: BTreeMap<String, Pool>,
    progress: Option<ProgressSink>,
    /// Records and reuses pipeline steps (pipeline resumption), if asked for.
    recycler: Option<Arc<dyn crate::sdk::Recycler>>,
}

impl ParallelRunner {
    /// Starts the workers of every executor of `config`.
    pub fn new(config: ParallelConfig) -> Result<Self, SdkError> {
        if let Some(timeout) = config.task_timeout()
            && let Some(spec) = config
                .executors()
                .iter()
                .find(|e| matches!(e.kind, ExecutorKind::Threads { .. }))
        {
            return Err(SdkError::UnsupportedExecutor {
                label: spec.label.clone(),
                reason: format!(
                    "a task timeout ({timeout:?}) needs worker processes (HighThroughputExecutor with a \
                     LocalProvider): a step running on a thread cannot be stopped"
                ),
            });
        }
        let pools = config
            .executors()
            .iter()
            .map(|spec| match &spec.kind {
                ExecutorKind::Threads { workers } | ExecutorKind::Processes { workers } => {
                    let workers = super::pool::capped(*workers).unwrap_or_else(|cap| {
                        eprintln!(
                            "warning: executor '{}' asks for {workers} workers, more than this \
                             machine can run at once; using {cap}",
                            spec.label
                        );
                        cap
                    });
                    Ok((spec.label.clone(), Pool::new(&spec.label, workers)))
                }
                // Slurm: the pool's threads only wait for the blocks' workers.
                ExecutorKind::Slurm(slurm) => match super::slurm::slurm_available() {
                    true => Ok((spec.label.clone(), Pool::new(&spec.label, slurm.capacity()))),
                    false => Err(SdkError::UnsupportedExecutor {
                        label: spec.label.clone(),
                        reason: "it runs on Slurm (SlurmProvider), but Slurm's `sbatch` is not \
                                 on PATH"
                            .to_owned(),
                    }),
                },
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            shared: Arc::new(Executors {
                config,
                pools,
                progress: None,
                recycler: None,
            }),
        })
    }

    /// Reports progress to `sink` after every change (a step asked for, started or finished).
    pub fn with_progress(self, sink: ProgressSink) -> Self {
        self.reconfigured(|executors| executors.progress = Some(sink))
    }

    /// The runner with `change` made to its settings (a new runner has no other owner).
    fn reconfigured(self, change: impl FnOnce(&mut Executors)) -> Self {
        let mut executors = Arc::try_unwrap(self.shared)
            .unwrap_or_else(|_| unreachable!("a new runner has no other owner"));
        change(&mut executors);
        Self {
            shared: Arc::new(executors),
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &ParallelConfig {
        &self.shared.config
    }
}

/// The Parsl class name QIIME 2 records for an executor kind.
fn class_of(kind: &ExecutorKind) -> &'static str {
    match kind {
        ExecutorKind::Threads { .. } => "ThreadPoolExecutor",
        ExecutorKind::Processes { .. } | ExecutorKind::Slurm(_) => "HighThroughputExecutor",
    }
}

impl Runner for ParallelRunner {
    fn context(&self, kind: ActionKind) -> ExecutionContext {
        let parsl_type = match kind {
            ActionKind::Pipeline => PIPELINE_CLASS.to_owned(),
            ActionKind::Method | ActionKind::Visualizer => {
                class_of(&self.shared.config.executors()[0].kind).to_owned()
            }
        };
        ExecutionContext::Parsl { parsl_type }
    }

    fn session(&self, pm: &PluginManager, inputs: Vec<Artifact>) -> Box<dyn Session> {
        let graph = Graph {
            slots: inputs.into_iter().map(Slot::Ready).collect(),
            ..Graph::default()
        };
        Box::new(ParallelSession {
            state: Arc::new_cyclic(|state| State {
                pm: pm.clone(),
                slurm: slurm_executors(&self.shared.config, state),
                executors: Arc::clone(&self.shared),
                graph: Mutex::new(graph),
                changed: Condvar::new(),
                work: OnceLock::new(),
                recycling: self.shared.recycler.clone().map(crate::sdk::Recycling::new),
            }),
        })
    }
}

/// The Slurm executors of one run, by label; each reports its status into the run's progress.
fn slurm_executors(
    config: &ParallelConfig,
    state: &std::sync::Weak<State>,
) -> BTreeMap<String, SlurmExecutor> {
    let mut executors = BTreeMap::new();
    for spec in config.executors() {
        if let ExecutorKind::Slurm(slurm) = &spec.kind {
            let (state, label) = (state.clone(), spec.label.clone());
            let report = Box::new(move |status: &SlurmStatus| {
                if let Some(state) = state.upgrade() {
                    let mut graph = state.lock();
                    graph.progress.slurm.insert(label.clone(), status.clone());
                    if let Some(sink) = &state.executors.progress {
                        sink(&graph.progress);
                    }
                }
            });
            let executor = SlurmExecutor::new(&spec.label, slurm, config.task_timeout(), report);
            executors.insert(spec.label.clone(), executor);
        }
    }
    executors
}

/// A step of a parallel run: the action runs on a worker and records its executor's class.
struct Step {
    class: &'static str,
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

/// A result of the graph, by handle (its index).
#[derive(Debug, Clone)]
enum Slot {
    /// Its task has not finished.
    Pending,
    /// The result.
    Ready(Artifact),
    /// A collection output: its elements' handles.
    Collection(Vec<(String, usize)>),
    /// Its task (or one it depended on) failed.
    Failed(String),
}

/// A call waiting for its inputs.
struct Task {
    request: CallRequest,
    outputs: Vec<(String, usize)>,
    /// The handles of its inputs, in order (`Err` for a handle that names no result).
    inputs: Vec<Result<usize, String>>,
    /// How many of `inputs` are known to be ready (results never stop being ready).
    ready: usize,
    /// How many times the task failed and was tried again.
    retried: usize,
    /// Its place among the pipeline's identical calls, when steps are recycled.
    ticket: Option<crate::sdk::Ticket>,
}

#[derive(Default)]
struct Graph {
    slots: Vec<Slot>,
    waiting: Vec<Task>,
    running: usize,
    failure: Option<String>,
    /// Steps not run because another (or one of their inputs) had failed.
    skipped: usize,
    progress: Progress,
}

struct State {
    pm: PluginManager,
    executors: Arc<Executors>,
    graph: Mutex<Graph>,
    changed: Condvar,
    /// The folder where worker processes exchange results (made when first needed).
    work: OnceLock<Result<Arc<TempDir>, String>>,
    /// The run's Slurm executors, by label.
    slurm: BTreeMap<String, SlurmExecutor>,
    /// Reuses the steps recorded by an earlier run and records the others.
    recycling: Option<crate::sdk::Recycling>,
}

/// The host of one parallel pipeline run.
#[derive(Clone)]
struct ParallelSession {
    state: Arc<State>,
}

fn handle_of(text: &str) -> Result<usize, String> {
    text.parse()
        .map_err(|_| format!("no result has handle '{text}'"))
}

impl State {
    fn lock(&self) -> MutexGuard<'_, Graph> {
        self.graph.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'g>(&self, graph: MutexGuard<'g, Graph>) -> MutexGuard<'g, Graph> {
        self.changed
            .wait(graph)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds a call to the graph; returns the handles of its outputs (waiting for the task to
    /// finish when an output is a collection, whose keys only the task knows).
    fn call(self: &Arc<Self>, request: CallRequest) -> Result<CallReply, String> {
        let action = self
            .pm
            .action(&request.plugin, &request.action)
            .map_err(|e| e.to_string())?;
        let ticket = self.ticket(&request)?;
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
                        Slot::Failed(reason) => return Err(reason.clone()),
                        Slot::Ready(_) => {
                            return Err(format!("output '{name}' is not a collection"));
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
    fn dispatch(self: &Arc<Self>, graph: &mut Graph) {
        let waiting = std::mem::take(&mut graph.waiting);
        for mut task in waiting {
            // An interrupted run ends here: nothing new starts.
            crate::interrupt::wait_if_interrupted();
            if crate::interrupt::stopping() {
                graph
                    .failure
                    .get_or_insert_with(|| crate::interrupt::STOPPED.to_owned());
            }
            let readiness = match &graph.failure {
                // The run has failed: what has not started yet never will.
                Some(reason) => Readiness::Skipped(reason.clone()),
                None => readiness(graph, &mut task),
            };
            match readiness {
                Readiness::Waiting => graph.waiting.push(task),
                Readiness::Skipped(reason) => {
                    graph.skipped += 1;
                    graph.progress.done += 1;
                    for (_, slot) in &task.outputs {
                        graph.slots[*slot] = Slot::Failed(reason.clone());
                    }
                }
                Readiness::Failed(reason) => {
                    graph.skipped += 1;
                    graph.progress.done += 1;
                    for (_, slot) in &task.outputs {
                        graph.slots[*slot] = Slot::Failed(reason.clone());
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
                    self.executors.pools[&spec.label].submit(move || {
                        // The run may have failed while this step waited for a worker.
                        let failure = state.lock().failure.clone();
                        let outcome = match failure {
                            Some(reason) => Outcome::Skipped(reason),
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

    /// Runs a task in this process (on a worker thread).
    fn run_here(
        &self,
        task: &Task,
        step: &Step,
        inputs: &HashMap<usize, Artifact>,
    ) -> Result<Results, String> {
        let args = crate::sdk::call_args(&task.request, |handle| {
            inputs
                .get(&handle_of(handle)?)
                .cloned()
                .ok_or_else(|| format!("result '{handle}' is not ready"))
        })?;
        let action = self
            .pm
            .action(&task.request.plugin, &task.request.action)
            .map_err(|e| e.to_string())?;
        action.run(&args, step).map_err(|e| e.to_string())
    }

    /// Runs a task in a worker process, or in a Slurm block's worker when `slurm` is given;
    /// results come back as folders in the run's work folder (the Slurm run folder).
    fn run_in_worker(
        &self,
        task: &Task,
        step: &Step,
        inputs: &HashMap<usize, Artifact>,
        slurm: Option<&SlurmExecutor>,
    ) -> Result<Results, String> {
        let input = |handle: &str| -> Result<&Artifact, String> {
            inputs
                .get(&handle_of(handle)?)
                .ok_or_else(|| format!("result '{handle}' is not ready"))
        };
        if let Some(slurm) = slurm {
            let (work, folder) = slurm.task_folder()?;
            let call = worker_call(&task.request, |handle| slurm.stage(input(handle)?))?;
            let task = StepTask {
                call,
                class: step.class.to_owned(),
            };
            return open_outputs(slurm.run(&task, &folder)?, &work);
        }
        let work = self
            .work
            .get_or_init(|| {
                crate::files::private_tempdir("q2rs-work-", None)
                    .map(Arc::new)
                    .map_err(|e| format!("no work folder: {e}"))
            })
            .clone()?;
        // A step run again (retries) gets a new folder: the last try may have left files.
        let folder = work.path().join(format!(
            "step-{}-{}",
            task.outputs.first().map_or(0, |(_, slot)| *slot),
            task.retried
        ));
        std::fs::create_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        let call = worker_call(&task.request, |handle| {
            let artifact = input(handle)?;
            if let Some(root) = artifact.unzipped_root() {
                return Ok(root.to_string_lossy().into_owned());
            }
            // A worker reads results from disk: write this one with its complete provenance.
            let copy = folder.join(format!("in-{handle}"));
            if !copy.exists() {
                artifact.write_dir(&copy).map_err(|e| e.to_string())?;
            }
            Ok(copy.to_string_lossy().into_owned())
        })?;
        let task = StepTask {
            call,
            class: step.class.to_owned(),
        };
        let outputs = run_in_process(&task, &folder, self.executors.config.task_timeout())?;
        open_outputs(outputs, &work)
    }

    /// Records a finished task's outputs (or its failure) and starts what became ready.
    fn record(self: &Arc<Self>, mut task: Task, outcome: Outcome) {
        let mut graph = self.lock();
        graph.running -= 1;
        let retry =
            matches!(outcome, Outcome::Failed(_)) && task.retried < self.executors.config.retries();
        graph.progress.stopped(&task.request.action, !retry);
        if let (Outcome::Failed(reason), false) = (&outcome, retry) {
            let step = FailedStep::new(&task.request, reason, |handle| {
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
                        None => {
                            Slot::Failed(format!("{} gave no output '{name}'", task.request.action))
                        }
                    };
                }
            }
            Outcome::Failed(reason) => {
                let reason = format!(
                    "{} {} failed: {reason}",
                    task.request.plugin, task.request.action
                );
                graph.failure.get_or_insert_with(|| reason.clone());
                for (_, slot) in &task.outputs {
                    graph.slots[*slot] = Slot::Failed(reason.clone());
                }
            }
            Outcome::Skipped(reason) => {
                graph.skipped += 1;
                for (_, slot) in &task.outputs {
                    graph.slots[*slot] = Slot::Failed(reason.clone());
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
    Failed(String),
    /// Not run: the run had failed before a worker took the step.
    Skipped(String),
}

impl From<Result<Results, String>> for Outcome {
    fn from(result: Result<Results, String>) -> Self {
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
    Failed(String),
    /// Another step failed, so this one is not run.
    Skipped(String),
}

/// Whether `task` can start: its inputs are checked from the first not known to be ready, so a
/// step that waits for many results (a collate) costs little to check again and again.
fn readiness(graph: &Graph, task: &mut Task) -> Readiness {
    while let Some(input) = task.inputs.get(task.ready) {
        let slot = input.as_ref().map(|i| graph.slots.get(*i));
        match slot {
            Ok(Some(Slot::Ready(_))) => task.ready += 1,
            Ok(Some(Slot::Pending)) => return Readiness::Waiting,
            Ok(Some(Slot::Failed(reason))) => return Readiness::Failed(reason.clone()),
            Ok(Some(Slot::Collection(_)) | None) => {
                return Readiness::Failed(format!(
                    "'{}' is not a result that can be passed on",
                    input_handles(&task.request)
                        .nth(task.ready)
                        .unwrap_or_default()
                ));
            }
            Err(reason) => return Readiness::Failed(reason.clone()),
        }
    }
    Readiness::Ready
}

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
