//! The Slurm executor: pipeline steps run on Slurm allocations, in pilot jobs ("blocks").
//!
//! # Dispatch model
//!
//! Like Parsl's `HighThroughputExecutor` with a `SlurmProvider`, which QIIME 2 users configure,
//! q2rs submits *blocks*, not one job per step. A block is one `sbatch` job named
//! `q2rs-<executor label>` (blocks serve every action mapped to the executor, so they are named
//! after the executor, not an action) whose script runs `qiime dev worker <run folder>`: the
//! worker pulls step tasks from a queue of files in the shared run folder, runs each exactly as a
//! local worker process does (`qiime dev run-step`, so a crashing step fails only itself), and
//! writes the outputs and an outcome file next to the task. Claiming a task is one atomic
//! `rename`, so the cost of a step over Slurm is a file rename and a poll, not a submission and
//! a scheduling cycle (about 1.5 s each on an idle one-node cluster).
//!
//! The host keeps up to `max_blocks` blocks while work waits (`init_blocks` at first, more as
//! the queue grows when `strategy` scales, as Parsl's `simple` strategy does; with
//! `strategy = "None"` it keeps `init_blocks`). It polls `squeue` about once a second: a block
//! that ends while it holds tasks (`scancel`, a failed node, its walltime) fails those steps
//! with an error naming the job, its state and the step, or they run again per the config's
//! `retries`; blocks that end while work waits are replaced. Three blocks in a row that fail
//! without taking any work (a broken `worker_init`, a missing `qiime` on the nodes) fail the
//! waiting steps with the last job's state and output file. At the end of a run (success or
//! failure) the workers are told to stop and every job still in Slurm's queue is `scancel`led;
//! [`cancel_slurm_jobs`] does the same at once, for a host interrupted by a signal.
//!
//! The run folder is `<working_dir>/.q2rs-slurm-XXXXXX` (the executor's `working_dir`, default the
//! current folder, which the compute nodes must see); it is removed when the run's results are
//! dropped. Job output files go to `worker_logdir_root` if set (and stay), else into the run
//! folder.

mod jobs;
mod monitor;
mod pilot;
mod queue;
mod script;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::sdk::{Artifact, StepFailure};

use super::config::SlurmSpec;
use super::worker::{StepOutput, StepTask, write_task};
use jobs::JobState;
use queue::RunFolder;

pub use pilot::{WorkerOptions, run_slurm_worker};

/// What a Slurm executor is doing, for progress displays.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlurmStatus {
    /// Steps waiting in the queue for a worker.
    pub queued: usize,
    /// Steps a worker runs now.
    pub running: usize,
    /// Steps finished (successfully or not).
    pub done: usize,
    /// Blocks (Slurm jobs) waiting to start.
    pub jobs_pending: usize,
    /// Blocks running.
    pub jobs_running: usize,
    /// The id of every job submitted so far, in order.
    pub submitted: Vec<String>,
}

/// Where an executor reports its status.
pub(crate) type StatusSink = Box<dyn Fn(&SlurmStatus) + Send + Sync>;

/// The outcome of one step, as the engine wants it.
type StepResult = Result<BTreeMap<String, StepOutput>, StepFailure>;

/// A failure of the Slurm executor itself.
fn slurm(message: String) -> StepFailure {
    StepFailure::Slurm(message)
}

/// The failure of a step sent after the executor stopped.
fn stopped() -> StepFailure {
    slurm("the executor has stopped".to_owned())
}

/// A Slurm executor of one parallel run.
pub(crate) struct SlurmExecutor {
    inner: Arc<Inner>,
    _interrupt: crate::interrupt::Registration,
}

struct Inner {
    label: String,
    spec: SlurmSpec,
    task_timeout: Option<Duration>,
    report: StatusSink,
    run: OnceLock<Result<Run, StepFailure>>,
    shared: Mutex<Shared>,
    next_task: AtomicUsize,
    next_partial: AtomicUsize,
}

/// The run folder, made when the first step is sent.
struct Run {
    /// Held until the run ends; then only the results made in it keep it (the last one to go
    /// removes it).
    dir: Mutex<Option<Arc<TempDir>>>,
    folder: RunFolder,
    logs: PathBuf,
}

/// A submitted block.
struct Block {
    state: JobState,
    ended: bool,
    /// Whether a worker of the block ever claimed a task.
    claimed_any: bool,
}

#[derive(Default)]
struct Shared {
    /// Steps sent and not finished: task id -> where their outcome goes.
    waiting: BTreeMap<String, Sender<StepResult>>,
    blocks: BTreeMap<String, Block>,
    status: SlurmStatus,
    stopping: bool,
    monitor: bool,
    /// Blocks in a row that ended without claiming a task, and the last one's description.
    barren: usize,
    barren_reason: String,
    last_poll: Option<Instant>,
    failed_polls: usize,
}

/// The executors of this process whose jobs [`cancel_slurm_jobs`] cancels.
static LIVE: Mutex<Vec<Weak<Inner>>> = Mutex::new(Vec::new());

impl SlurmExecutor {
    /// An executor for the executor labelled `label`; nothing is submitted before the first step.
    pub(crate) fn new(
        label: &str,
        spec: &SlurmSpec,
        task_timeout: Option<Duration>,
        report: StatusSink,
    ) -> Self {
        let inner = Arc::new(Inner {
            label: label.to_owned(),
            spec: spec.clone(),
            task_timeout,
            report,
            run: OnceLock::new(),
            shared: Mutex::new(Shared::default()),
            next_task: AtomicUsize::new(0),
            next_partial: AtomicUsize::new(0),
        });
        let mut live = lock(&LIVE);
        live.retain(|w| w.strong_count() > 0);
        live.push(Arc::downgrade(&inner));
        // An interrupted host (see `crate::interrupt`) cancels the jobs before it exits.
        let weak = Arc::downgrade(&inner);
        let interrupt = crate::interrupt::on_interrupt(move || {
            if let Some(jobs) = weak.upgrade().map(|inner| inner.cancel())
                && !jobs.is_empty()
            {
                tracing::info!("Cancelled Slurm job(s) {}.", jobs.join(", "));
            }
        });
        Self {
            inner,
            _interrupt: interrupt,
        }
    }

    /// A new task folder in the run folder, and the run folder that keeps it.
    pub(crate) fn task_folder(&self) -> Result<(Arc<TempDir>, PathBuf), StepFailure> {
        let run = self.inner.run()?;
        let dir = lock(&run.dir).clone().ok_or_else(stopped)?;
        let n = self.inner.next_task.fetch_add(1, Ordering::Relaxed);
        let folder = run.folder.task(&format!("t{n:06}"));
        std::fs::create_dir_all(&folder)
            .map_err(|e| slurm(format!("{}: {e}", folder.display())))?;
        Ok((dir, folder))
    }

    /// The folder of `artifact` that every node sees: its own when it is complete and in the
    /// run folder, else a copy staged once per run in the run folder.
    pub(crate) fn stage(&self, artifact: &Artifact) -> Result<String, StepFailure> {
        let run = self.inner.run()?;
        if let Some(root) = artifact.unzipped_root()
            && root.starts_with(run.folder.root())
        {
            return Ok(root.to_string_lossy().into_owned());
        }
        let target = run.folder.input(&artifact.uuid().to_string());
        if !target.exists() {
            let n = self.inner.next_partial.fetch_add(1, Ordering::Relaxed);
            let partial = run.folder.input(&format!(".partial-{n}"));
            artifact
                .write_dir(&partial)
                .map_err(|e| slurm(e.to_string()))?;
            if std::fs::rename(&partial, &target).is_err() {
                // Another step staged it meanwhile.
                let _ = std::fs::remove_dir_all(&partial);
            }
        }
        Ok(target.to_string_lossy().into_owned())
    }

    /// Runs `task` (its inputs staged) in a block's worker, in the task folder `folder`; waits
    /// for its outcome.
    pub(crate) fn run(&self, task: &StepTask, folder: &Path) -> StepResult {
        let run = self.inner.run()?;
        write_task(task, folder)?;
        let id = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| slurm(format!("{} is not a task folder", folder.display())))?;
        let (sender, outcome) = channel();
        {
            let mut shared = self.inner.lock();
            if shared.stopping {
                return Err(stopped());
            }
            shared.waiting.insert(id.clone(), sender);
            if !shared.monitor {
                shared.monitor = true;
                let inner = Arc::clone(&self.inner);
                std::thread::Builder::new()
                    .name(format!("q2rs-slurm-{}", self.inner.label))
                    .spawn(move || monitor::watch(&inner))
                    .map_err(|e| slurm(format!("cannot start the Slurm monitor: {e}")))?;
            }
        }
        if let Err(e) = run.folder.enqueue(&id) {
            self.inner.lock().waiting.remove(&id);
            return Err(slurm(format!(
                "cannot queue the step in {}: {e}",
                run.folder.root().display()
            )));
        }
        outcome
            .recv()
            .unwrap_or_else(|_| Err(slurm("the executor stopped before the step ran".to_owned())))
    }

    /// Ends the run: the workers are told to stop, jobs still queued are cancelled, steps still
    /// waiting fail. Called when the run finishes (and on drop).
    pub(crate) fn shutdown(&self) {
        self.inner.shutdown();
    }
}

impl Drop for SlurmExecutor {
    fn drop(&mut self) {
        self.inner.shutdown();
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, Shared> {
        lock(&self.shared)
    }

    /// The run folder, made on first use.
    fn run(&self) -> Result<&Run, StepFailure> {
        self.run
            .get_or_init(|| {
                let base = match &self.spec.working_dir {
                    Some(dir) => dir.clone(),
                    None => std::env::current_dir()
                        .map_err(|e| slurm(format!("no current folder for the run folder: {e}")))?,
                };
                std::fs::create_dir_all(&base)
                    .map_err(|e| slurm(format!("{}: {e}", base.display())))?;
                // Private: on a shared scratch file system, another user must not read the
                // inputs nor plant steps in the queue.
                let dir =
                    crate::files::private_tempdir(".q2rs-slurm-", Some(&base)).map_err(|e| {
                        slurm(format!(
                            "cannot make the run folder in {}: {e}",
                            base.display()
                        ))
                    })?;
                let folder = RunFolder::new(dir.path());
                folder
                    .create()
                    .map_err(|e| slurm(format!("{}: {e}", dir.path().display())))?;
                let logs = match &self.spec.log_dir {
                    Some(dir) => {
                        let failed = |e: std::io::Error| slurm(format!("{}: {e}", dir.display()));
                        std::fs::create_dir_all(dir).map_err(failed)?;
                        std::path::absolute(dir).map_err(failed)?
                    }
                    None => folder.logs(),
                };
                Ok(Run {
                    dir: Mutex::new(Some(Arc::new(dir))),
                    folder,
                    logs,
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The job name of this executor's blocks.
    fn job_name(&self) -> String {
        format!("q2rs-{}", self.label)
    }

    fn shutdown(&self) {
        let live: Vec<String> = {
            let mut shared = self.lock();
            if shared.stopping {
                return;
            }
            shared.stopping = true;
            for (_, sender) in std::mem::take(&mut shared.waiting) {
                let _ = sender.send(Err(slurm("the run ended before this step ran".to_owned())));
            }
            shared
                .blocks
                .iter()
                .filter(|(_, b)| !b.ended)
                .map(|(id, _)| id.clone())
                .collect()
        };
        let Some(Ok(run)) = self.run.get() else {
            return;
        };
        run.folder.stop();
        // Idle workers see the stop file within a poll; give their jobs a moment to end on
        // their own (COMPLETED), then cancel what is left.
        let deadline = Instant::now() + Duration::from_secs(3);
        let mut left = live;
        while !left.is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
            match jobs::states() {
                Ok(states) => left.retain(|id| states.get(id).is_some_and(|s| !s.has_ended())),
                Err(_) => break,
            }
        }
        let _ = jobs::cancel(&left);
        for sub in ["queue", "claimed", "inputs"] {
            let _ = std::fs::remove_dir_all(run.folder.root().join(sub));
        }
        // The folder goes when the last result made in it does (now, if there is none).
        lock(&run.dir).take();
    }
}

/// Cancels every Slurm job this process submitted that may still run, and removes the run
/// folders; returns the ids of the jobs cancelled. For a host that is interrupted (Ctrl-C,
/// SIGTERM) and exits without unwinding.
pub fn cancel_slurm_jobs() -> Vec<String> {
    let executors: Vec<Arc<Inner>> = lock(&LIVE).iter().filter_map(Weak::upgrade).collect();
    executors.iter().flat_map(|inner| inner.cancel()).collect()
}

impl Inner {
    /// Cancels the executor's jobs that may still run and removes its run folder; returns the
    /// ids of the jobs cancelled.
    fn cancel(&self) -> Vec<String> {
        let live: Vec<String> = {
            let mut shared = self.lock();
            shared.stopping = true;
            shared
                .blocks
                .iter()
                .filter(|(_, b)| !b.ended)
                .map(|(id, _)| id.clone())
                .collect()
        };
        if let Some(Ok(run)) = self.run.get() {
            run.folder.stop();
            let _ = jobs::cancel(&live);
            let _ = std::fs::remove_dir_all(run.folder.root());
        } else {
            let _ = jobs::cancel(&live);
        }
        live
    }
}

impl SlurmSpec {
    /// How many steps the host hands to Slurm at a time: twice what the blocks may run at once
    /// (workers per node, else cores per node, else 32, times nodes and blocks), so that a worker
    /// finds the next step queued when it finishes one; at least 64.
    pub(crate) fn capacity(&self) -> usize {
        let per_node = self.workers_per_node.or(self.cores_per_node).unwrap_or(32);
        let slots = per_node * self.nodes_per_block * self.max_blocks.max(self.init_blocks);
        (2 * slots).clamp(64, 4096)
    }
}

/// Whether Slurm's commands are on `PATH` (checked before a run uses a Slurm executor).
pub(crate) fn slurm_available() -> bool {
    jobs::sbatch_available()
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests;
