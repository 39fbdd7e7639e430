//! The host's watch over a Slurm executor: outcomes delivered to the waiting steps, blocks
//! submitted while work waits, and the steps of blocks that ended failed with the job's state.

use std::time::{Duration, Instant};

use super::jobs::{self, JobState};
use super::script::{WorkerLine, batch_script};
use super::{Block, Inner, Run, Shared};
use crate::sdk::StepFailure;

/// How often the run folder is looked at.
const TICK: Duration = Duration::from_millis(25);

/// How often Slurm is asked about the blocks.
const POLL: Duration = Duration::from_secs(1);

/// Blocks in a row that may end without taking work before the waiting steps fail.
const BARREN_LIMIT: usize = 3;

/// `squeue` failures in a row after which the waiting steps fail.
const POLL_FAILURES: usize = 30;

/// Watches the executor until it stops.
pub(super) fn watch(inner: &Inner) {
    let Some(Ok(run)) = inner.run.get() else {
        return;
    };
    loop {
        if inner.lock().stopping {
            return;
        }
        tick(inner, run);
        std::thread::sleep(TICK);
    }
}

/// One look at the run folder, and at Slurm when due.
fn tick(inner: &Inner, run: &Run) {
    let queued = run.folder.queued();
    deliver_outcomes(inner, run, &queued);
    let claims = run.folder.claims();
    let due = inner.lock().last_poll.is_none_or(|t| t.elapsed() >= POLL);
    if due {
        poll_jobs(inner, run);
    }
    let mut shared = inner.lock();
    for (job, tasks) in &claims {
        if !tasks.is_empty()
            && let Some(block) = shared.blocks.get_mut(job)
        {
            block.claimed_any = true;
        }
    }
    if !shared.stopping {
        scale(inner, run, &mut shared, &queued);
    }
    let running = claims.values().map(Vec::len).sum();
    let mut status = shared.status.clone();
    status.queued = queued.len().min(shared.waiting.len());
    status.running = running;
    status.jobs_pending = shared
        .blocks
        .values()
        .filter(|b| !b.ended && b.state.is_pending())
        .count();
    status.jobs_running = shared
        .blocks
        .values()
        .filter(|b| !b.ended && !b.state.is_pending())
        .count();
    if status != shared.status {
        shared.status = status.clone();
        drop(shared);
        (inner.report)(&status);
    }
}

/// Hands every outcome written by a worker to its waiting step (steps still `queued` have none).
fn deliver_outcomes(inner: &Inner, run: &Run, queued: &[String]) {
    let ids: Vec<String> = inner.lock().waiting.keys().cloned().collect();
    for id in ids
        .into_iter()
        .filter(|id| queued.binary_search(id).is_err())
    {
        if let Some(outcome) = run.folder.outcome(&id) {
            let result = match outcome {
                super::queue::Outcome::Done(outputs) => Ok(outputs),
                super::queue::Outcome::Failed(message) => Err(message),
            };
            finish(inner, &id, result);
        }
    }
}

/// Ends step `id` with `result`.
fn finish(inner: &Inner, id: &str, result: super::StepResult) {
    let mut shared = inner.lock();
    if let Some(sender) = shared.waiting.remove(id) {
        shared.status.done += 1;
        let _ = sender.send(result);
    }
}

/// Asks Slurm for the blocks' states; fails the steps of blocks that ended.
fn poll_jobs(inner: &Inner, run: &Run) {
    let live: Vec<String> = {
        let mut shared = inner.lock();
        shared.last_poll = Some(Instant::now());
        shared
            .blocks
            .iter()
            .filter(|(_, b)| !b.ended)
            .map(|(id, _)| id.clone())
            .collect()
    };
    if live.is_empty() {
        return;
    }
    let states = match jobs::states() {
        Ok(states) => {
            inner.lock().failed_polls = 0;
            states
        }
        Err(message) => {
            let mut shared = inner.lock();
            shared.failed_polls += 1;
            if shared.failed_polls >= POLL_FAILURES {
                let reason = format!("Slurm cannot be asked about the blocks: {message}");
                fail_queued(&mut shared, run, &reason);
            }
            return;
        }
    };
    for job in live {
        let state = states.get(&job).cloned().unwrap_or_else(|| JobState {
            state: "UNKNOWN".to_owned(),
            reason: "no longer known to Slurm".to_owned(),
        });
        let ended = state.has_ended();
        if let Some(block) = inner.lock().blocks.get_mut(&job) {
            block.state = state.clone();
        }
        if ended {
            block_ended(inner, run, &job, &state);
        }
    }
}

/// What a job's end state means, for errors.
fn explain(state: &JobState, walltime: &str) -> String {
    match state.state.as_str() {
        "TIMEOUT" => format!("TIMEOUT: the block's walltime ({walltime}) ran out"),
        "CANCELLED" => "CANCELLED (by scancel or an administrator)".to_owned(),
        "NODE_FAIL" => "NODE_FAIL: its node failed".to_owned(),
        "OUT_OF_MEMORY" => {
            "OUT_OF_MEMORY: the block ran out of memory (see mem_per_node)".to_owned()
        }
        _ => state.describe(),
    }
}

/// A block ended: its workers' outcomes are collected one last time, and the steps it still
/// held fail.
fn block_ended(inner: &Inner, run: &Run, job: &str, state: &JobState) {
    deliver_outcomes(inner, run, &[]);
    let held = run.folder.claims().remove(job).unwrap_or_default();
    let name = inner.job_name();
    let output = run.logs.join(format!("{name}-{job}.out"));
    let kept = match inner.spec.log_dir {
        Some(_) => format!("the job's output: {}", output.display()),
        None => "set the executor's worker_logdir_root to keep the jobs' output files".to_owned(),
    };
    let meaning = explain(state, &inner.spec.walltime);
    for id in &held {
        let reason = format!(
            "Slurm job {job} ({name}) ended with state {meaning} while it ran this step \
             (task {id}); {kept}"
        );
        run.folder.drop_claim(job, id);
        finish(inner, id, Err(StepFailure::Slurm(reason)));
    }
    let mut shared = inner.lock();
    let Some(block) = shared.blocks.get_mut(job) else {
        return;
    };
    block.ended = true;
    if block.claimed_any || !held.is_empty() {
        shared.barren = 0;
    } else if state.state != "COMPLETED" {
        // A worker that found no work and left (COMPLETED) is no sign of trouble; a block that
        // failed before it took any is.
        shared.barren += 1;
        shared.barren_reason = format!(
            "Slurm job {job} ({name}) ended with state {meaning} without running a step; \
             {kept}{}",
            tail(&output)
        );
    }
}

/// The last lines of the file at `path`, as `; its last lines:\n<lines>`, or nothing.
fn tail(path: &std::path::Path) -> String {
    let Ok(text) = std::fs::read_to_string(path) else {
        return String::new();
    };
    let lines: Vec<&str> = text.lines().collect();
    let last = &lines[lines.len().saturating_sub(5)..];
    if last.is_empty() {
        String::new()
    } else {
        format!("; its last lines:\n{}", last.join("\n"))
    }
}

/// Fails every step still in the queue with `reason`.
fn fail_queued(shared: &mut Shared, run: &Run, reason: &str) {
    let ids: Vec<String> = shared.waiting.keys().cloned().collect();
    for id in ids {
        if run.folder.dequeue(&id)
            && let Some(sender) = shared.waiting.remove(&id)
        {
            shared.status.done += 1;
            let _ = sender.send(Err(StepFailure::Slurm(reason.to_owned())));
        }
    }
}

/// Submits blocks while steps wait: `init_blocks`, then (when the strategy scales) one block
/// per `workers per node x nodes` waiting steps, up to `max_blocks`.
fn scale(inner: &Inner, run: &Run, shared: &mut Shared, queued: &[String]) {
    let outstanding = shared.waiting.len();
    if outstanding == 0 {
        return;
    }
    if shared.barren >= BARREN_LIMIT {
        if !queued.is_empty() {
            let reason = format!(
                "{BARREN_LIMIT} Slurm jobs in a row ended without running a step; the last: {}",
                shared.barren_reason
            );
            fail_queued(shared, run, &reason);
        }
        return;
    }
    let spec = &inner.spec;
    let per_block = spec
        .workers_per_node
        .or(spec.cores_per_node)
        .unwrap_or(1)
        .max(1)
        * spec.nodes_per_block.max(1);
    let wanted = if spec.scaling {
        outstanding
            .div_ceil(per_block)
            .max(spec.init_blocks)
            .min(spec.max_blocks)
    } else {
        spec.init_blocks
    }
    .max(1);
    let live = shared.blocks.values().filter(|b| !b.ended).count();
    // A dead block is replaced only while steps wait in the queue.
    if live >= wanted || (live > 0 && queued.is_empty()) {
        return;
    }
    for _ in live..wanted {
        match submit(inner, run) {
            Ok(job) => {
                shared.blocks.insert(
                    job.clone(),
                    Block {
                        state: JobState {
                            state: "PENDING".to_owned(),
                            reason: String::new(),
                        },
                        ended: false,
                        claimed_any: false,
                    },
                );
                shared.status.submitted.push(job);
            }
            Err(message) => {
                let reason = format!(
                    "cannot submit a Slurm job for executor '{}': {message}",
                    inner.label
                );
                fail_queued(shared, run, &reason);
                return;
            }
        }
    }
}

/// Why a block could not be submitted.
#[derive(Debug, thiserror::Error)]
enum SubmitError {
    /// No `qiime` program for the block's workers.
    #[error(transparent)]
    Worker(#[from] crate::sdk::SdkError),
    /// The batch script could not be written.
    #[error("{}: {source}", path.display())]
    Script {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// `sbatch` failed.
    #[error(transparent)]
    Command(#[from] jobs::CommandError),
}

/// Writes a block's batch script and submits it; the job id.
fn submit(inner: &Inner, run: &Run) -> Result<String, SubmitError> {
    let exe = super::super::worker::worker_exe()?;
    let name = inner.job_name();
    let script = batch_script(
        &inner.spec,
        &WorkerLine {
            exe: &exe,
            run: run.folder.root(),
            logs: &run.logs,
            name: &name,
            task_timeout: inner.task_timeout,
        },
    );
    let path = run.folder.root().join(format!("{name}.sbatch"));
    std::fs::write(&path, script).map_err(|source| SubmitError::Script {
        path: path.clone(),
        source,
    })?;
    Ok(jobs::submit(&path, run.folder.root())?)
}
