//! The parallel engine: a pipeline's calls become tasks of a graph whose edges are the results
//! they consume; ready tasks run on their executor's workers while the pipeline body goes on.
//!
//! This module holds the runner and the graph's types; [`dispatch`] turns calls into tasks and
//! starts the ready ones, [`executors`] runs a step on a thread or in a worker process,
//! [`session`] is the host the pipeline calls, and [`recycling`] reuses recorded steps.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

use tempfile::TempDir;

use crate::plugin::{ActionKind, CallRequest};
use crate::provenance::ExecutionContext;
use crate::sdk::{Artifact, PluginManager, Runner, SdkError, Session, StepError, StepFailure};

use super::config::{ExecutorKind, ParallelConfig};
use super::pool::Pool;
use super::progress::{Progress, ProgressSink};
use super::slurm::{SlurmExecutor, SlurmStatus};

mod dispatch;
mod executors;
mod recycling;
mod session;

use executors::Step;

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
                        tracing::warn!(
                            "executor '{}' asks for {workers} workers, more than this machine \
                             can run at once; using {cap}",
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
    Failed(StepError),
}

/// A call waiting for its inputs.
struct Task {
    request: CallRequest,
    outputs: Vec<(String, usize)>,
    /// The handles of its inputs, in order (`Err` for a handle that names no result).
    inputs: Vec<Result<usize, StepFailure>>,
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
    /// The first step that failed: the run's failure.
    failure: Option<StepError>,
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
    work: OnceLock<Result<Arc<TempDir>, StepFailure>>,
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

fn handle_of(text: &str) -> Result<usize, StepFailure> {
    text.parse()
        .map_err(|_| StepFailure::Input(format!("no result has handle '{text}'")))
}

/// The ready result behind `handle` among a task's `inputs`.
fn ready_input<'a>(
    inputs: &'a HashMap<usize, Artifact>,
    handle: &str,
) -> Result<&'a Artifact, StepFailure> {
    inputs
        .get(&handle_of(handle)?)
        .ok_or_else(|| StepFailure::Input(format!("result '{handle}' is not ready")))
}
