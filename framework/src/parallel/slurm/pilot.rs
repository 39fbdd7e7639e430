//! The worker side of a block: `qiime dev worker <run folder>` pulls tasks from the run folder's
//! queue and runs each exactly as `qiime dev run-step` does (in a child process, so that a step
//! that crashes fails that step only), until it is told to stop or has been idle too long.

// A block's log is its Slurm job's output file, which Slurm fills from the worker's standard
// output: the lines below are that log, read by people and by the tests, not reports of a host.
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::sdk::SdkError;

use super::super::worker::run_task_file;
use super::queue::{Outcome, RunFolder};

/// How often an idle worker looks at the queue.
const POLL: Duration = Duration::from_millis(25);

/// How a block's worker runs.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerOptions {
    /// Steps run at once; `None`: one per CPU Slurm gave the job on this node.
    pub slots: Option<usize>,
    /// How long a slot waits for work before it leaves.
    pub idle_exit: Duration,
    /// A step running longer than this is stopped and fails.
    pub task_timeout: Option<Duration>,
}

/// Runs a block's worker on the run folder `run` until it is told to stop, the run folder
/// disappears, or no task came for `options.idle_exit`. Progress lines go to stdout (the job's
/// output file).
pub fn run_slurm_worker(run: &Path, options: &WorkerOptions) -> Result<(), SdkError> {
    let folder = RunFolder::new(run);
    if !run.join("queue").is_dir() {
        return Err(SdkError::Run(format!(
            "{} is not the run folder of a Slurm executor (it has no queue/)",
            run.display()
        )));
    }
    let job =
        std::env::var("SLURM_JOB_ID").unwrap_or_else(|_| format!("local-{}", std::process::id()));
    let slots = options.slots.unwrap_or_else(cpus_on_node).max(1);
    let host = std::env::var("SLURMD_NODENAME").unwrap_or_else(|_| "this node".to_owned());
    println!(
        "q2rs worker: Slurm job {job} on {host}, {slots} slot(s), run folder {}",
        run.display()
    );
    std::thread::scope(|scope| {
        for slot in 0..slots {
            let (folder, job) = (&folder, job.as_str());
            scope.spawn(move || serve(folder, job, slot, options));
        }
    });
    println!("q2rs worker: Slurm job {job} leaves");
    Ok(())
}

/// One slot: claims and runs tasks until stopped or idle for too long.
fn serve(folder: &RunFolder, job: &str, slot: usize, options: &WorkerOptions) {
    let mut idle_since = Instant::now();
    while !folder.stopped() {
        match folder.claim(job) {
            Ok(Some(id)) => {
                run_one(folder, job, slot, &id, options.task_timeout);
                idle_since = Instant::now();
            }
            Ok(None) if idle_since.elapsed() >= options.idle_exit => {
                println!(
                    "q2rs worker: slot {slot} idle for {:?}, leaving",
                    options.idle_exit
                );
                return;
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => {
                // The run folder went away (the host cleaned up) or cannot be written.
                println!("q2rs worker: slot {slot} stops: cannot claim work: {e}");
                return;
            }
        }
    }
}

/// How long a failed step waits for its worker's own interrupt before its failure is recorded.
const INTERRUPT_GRACE: Duration = Duration::from_secs(1);

/// Runs task `id` and records its outcome.
fn run_one(folder: &RunFolder, job: &str, slot: usize, id: &str, timeout: Option<Duration>) {
    let task_folder = folder.task(id);
    let task_file: PathBuf = task_folder.join("task.json");
    let what = step_name(&task_file);
    println!("q2rs worker: slot {slot} runs task {id} ({what})");
    let started = Instant::now();
    let outcome = match run_task_file(&task_file, &task_folder, timeout) {
        Ok(outputs) => Outcome::Done(outputs),
        Err(message) => {
            // When the job is cancelled, its step and this worker are signalled together, in no
            // set order: the step's failure is then the job's end, which the host reads from
            // Slurm. So a failure waits a moment for this worker's own interrupt, which ends it
            // here without recording the failure.
            let deadline = Instant::now() + INTERRUPT_GRACE;
            while Instant::now() < deadline {
                crate::interrupt::wait_if_interrupted();
                std::thread::sleep(Duration::from_millis(20));
            }
            Outcome::Failed(message)
        }
    };
    let verdict = match &outcome {
        Outcome::Done(_) => "done".to_owned(),
        Outcome::Failed(message) => format!("failed: {message}"),
    };
    println!(
        "q2rs worker: slot {slot} task {id} ({what}) {verdict} in {:.2}s",
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = folder.finish(job, id, &outcome) {
        println!("q2rs worker: cannot record the outcome of task {id}: {e}");
    }
}

/// `plugin action` of the task file at `path`, for the log.
fn step_name(path: &Path) -> String {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str::<super::super::worker::StepTask>(&text).ok())
        .map_or_else(
            || "unreadable task".to_owned(),
            |task| format!("{} {}", task.call.plugin, task.call.action),
        )
}

/// The CPUs Slurm gave this job on this node, else this machine's.
fn cpus_on_node() -> usize {
    std::env::var("SLURM_CPUS_ON_NODE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}
