//! The run folder shared by the host and the blocks' workers: a file-based task queue.
//!
//! ```text
//! <run>/tasks/<id>/task.json     the step (written by the host), then its outputs and
//! <run>/tasks/<id>/outcome.json  the worker's outcome (written last, atomically)
//! <run>/inputs/<uuid>/           inputs the host staged where every node sees them
//! <run>/queue/<id>               a task waiting for a worker
//! <run>/claimed/<job>/<id>       a task a worker of Slurm job <job> runs
//! <run>/logs/                    the blocks' job output files (unless kept elsewhere)
//! <run>/stop                     tells the workers to leave
//! ```
//!
//! A worker claims a task by renaming `queue/<id>` into its job's `claimed/` folder: a rename
//! is atomic, so exactly one worker gets each task. It writes `outcome.json` (through a
//! temporary name), then removes its claim.

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::super::worker::StepOutput;
use crate::sdk::StepFailure;

/// What a worker reports for one task: the outputs it made, or why the step failed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Outcome {
    /// The step's outputs.
    Done(BTreeMap<String, StepOutput>),
    /// The step failed: why, typed as the host reports it.
    Failed(StepFailure),
}

/// The paths of one run folder.
#[derive(Debug, Clone)]
pub(crate) struct RunFolder {
    root: PathBuf,
}

impl RunFolder {
    /// The run folder at `root`.
    pub(crate) fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The folder itself.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Makes the control folders of a new run.
    pub(crate) fn create(&self) -> std::io::Result<()> {
        for sub in ["tasks", "inputs", "queue", "claimed", "logs"] {
            std::fs::create_dir_all(self.root.join(sub))?;
        }
        Ok(())
    }

    /// The folder of task `id`.
    pub(crate) fn task(&self, id: &str) -> PathBuf {
        self.root.join("tasks").join(id)
    }

    /// Where an input with `uuid` is staged.
    pub(crate) fn input(&self, uuid: &str) -> PathBuf {
        self.root.join("inputs").join(uuid)
    }

    /// The folder of job output files kept with the run.
    pub(crate) fn logs(&self) -> PathBuf {
        self.root.join("logs")
    }

    /// The stop file.
    pub(crate) fn stop_file(&self) -> PathBuf {
        self.root.join("stop")
    }

    /// Whether the workers were told to leave (or the run folder is gone).
    pub(crate) fn stopped(&self) -> bool {
        self.stop_file().exists() || !self.root.join("queue").is_dir()
    }

    /// Puts task `id` (whose `task.json` is written) in the queue.
    pub(crate) fn enqueue(&self, id: &str) -> std::io::Result<()> {
        std::fs::write(self.root.join("queue").join(id), b"")
    }

    /// Takes task `id` out of the queue; false when a worker claimed it first.
    pub(crate) fn dequeue(&self, id: &str) -> bool {
        std::fs::remove_file(self.root.join("queue").join(id)).is_ok()
    }

    /// The ids of the queued tasks, oldest first.
    pub(crate) fn queued(&self) -> Vec<String> {
        sorted_names(&self.root.join("queue"))
    }

    /// The tasks claimed by each job: `job id -> task ids`.
    pub(crate) fn claims(&self) -> BTreeMap<String, Vec<String>> {
        sorted_names(&self.root.join("claimed"))
            .into_iter()
            .map(|job| {
                let tasks = sorted_names(&self.root.join("claimed").join(&job));
                (job, tasks)
            })
            .collect()
    }

    /// Worker side: claims the oldest queued task for `job`; `None` when the queue is empty.
    pub(crate) fn claim(&self, job: &str) -> std::io::Result<Option<String>> {
        let mine = self.root.join("claimed").join(job);
        std::fs::create_dir_all(&mine)?;
        for id in self.queued() {
            match std::fs::rename(self.root.join("queue").join(&id), mine.join(&id)) {
                Ok(()) => return Ok(Some(id)),
                // Another worker was quicker.
                Err(e) if e.kind() == ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }

    /// Worker side: records the outcome of task `id`, then drops `job`'s claim on it.
    pub(crate) fn finish(&self, job: &str, id: &str, outcome: &Outcome) -> std::io::Result<()> {
        let folder = self.task(id);
        let partial = folder.join("outcome.json.partial");
        let json = serde_json::to_vec(outcome).map_err(std::io::Error::other)?;
        std::fs::write(&partial, json)?;
        std::fs::rename(&partial, folder.join("outcome.json"))?;
        match std::fs::remove_file(self.root.join("claimed").join(job).join(id)) {
            Err(e) if e.kind() != ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Host side: the outcome of task `id`, once its worker wrote it.
    pub(crate) fn outcome(&self, id: &str) -> Option<Outcome> {
        let path = self.task(id).join("outcome.json");
        let text = std::fs::read(&path).ok()?;
        Some(serde_json::from_slice(&text).unwrap_or_else(|e| {
            Outcome::Failed(StepFailure::Slurm(format!(
                "malformed worker outcome {}: {e}",
                path.display()
            )))
        }))
    }

    /// Host side: forgets `job`'s claim on task `id` (the job is gone).
    pub(crate) fn drop_claim(&self, job: &str, id: &str) {
        let _ = std::fs::remove_file(self.root.join("claimed").join(job).join(id));
    }

    /// Host side: tells the workers to leave.
    pub(crate) fn stop(&self) {
        let _ = std::fs::write(self.stop_file(), b"");
    }
}

/// The names in `dir`, sorted; empty when it cannot be read.
fn sorted_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort_unstable();
    names
}
