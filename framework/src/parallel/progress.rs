//! How far a pipeline run has come, reported to a display after every change.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::plugin::CallRequest;
use crate::sdk::{Artifact, FailedStep};

use super::slurm::SlurmStatus;

/// Where a run reports its progress.
pub type ProgressSink = Arc<dyn Fn(&Progress) + Send + Sync>;

/// How far a pipeline run has come: its steps so far, serial or parallel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Steps the pipeline has asked for so far.
    pub total: usize,
    /// Steps finished (successfully or not).
    pub done: usize,
    /// The actions of the steps running now.
    pub running: Vec<String>,
    /// What each Slurm executor is doing, by label (its steps are among `running`).
    pub slurm: BTreeMap<String, SlurmStatus>,
    /// The steps that failed (after their retries), in the order they failed.
    pub failed: Vec<FailedStep>,
}

impl Progress {
    /// Counts a step of `action` as started (asked for and running at once).
    pub(crate) fn started(&mut self, action: &str) {
        self.total += 1;
        self.running.push(action.to_owned());
    }

    /// Counts the running step of `action` as no longer running; `done` says whether it is over
    /// (not to be retried).
    pub(crate) fn stopped(&mut self, action: &str, done: bool) {
        if let Some(i) = self.running.iter().position(|a| a == action) {
            self.running.remove(i);
        }
        if done {
            self.done += 1;
        }
    }
}

/// The progress of a serial run, whose steps run one at a time as the pipeline asks for them.
#[derive(Clone)]
pub(crate) struct StepTracker {
    progress: Arc<Mutex<Progress>>,
    sink: ProgressSink,
}

impl StepTracker {
    /// A tracker reporting to `sink`.
    pub(crate) fn new(sink: ProgressSink) -> Self {
        Self {
            progress: Arc::default(),
            sink,
        }
    }

    /// Runs `step`, the call `request`, reporting it started, then finished (or failed: then
    /// `artifact` gives the results its input handles name).
    pub(crate) fn step<T, E: std::fmt::Display>(
        &self,
        request: &CallRequest,
        artifact: impl Fn(&str) -> Option<Artifact>,
        step: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        let action = request.action.as_str();
        self.update(|p| p.started(action));
        let outcome = step();
        self.update(|p| {
            p.stopped(action, true);
            if let Err(reason) = &outcome {
                p.failed
                    .push(FailedStep::new(request, &reason.to_string(), artifact));
            }
        });
        outcome
    }

    fn update(&self, change: impl FnOnce(&mut Progress)) {
        let mut progress = self.progress.lock().unwrap_or_else(PoisonError::into_inner);
        change(&mut progress);
        (self.sink)(&progress);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_is_reported_running_then_done() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink: ProgressSink = {
            let seen = Arc::clone(&seen);
            Arc::new(move |p: &Progress| seen.lock().unwrap().push(p.clone()))
        };
        let tracker = StepTracker::new(sink);
        let call = |action: &str| CallRequest {
            plugin: "dwq2".into(),
            action: action.into(),
            inputs: Default::default(),
            parameters: Default::default(),
        };
        let none = |_: &str| None;
        let inner = tracker.step(&call("split"), none, || {
            tracker.step(&call("search"), none, || Err::<(), _>("no".to_owned()))
        });
        assert_eq!(inner, Err("no".to_owned()));
        let seen = seen.lock().unwrap();
        let summary: Vec<_> = seen
            .iter()
            .map(|p| (p.total, p.done, p.running.join(",")))
            .collect();
        assert_eq!(
            summary,
            [
                (1, 0, "split".to_owned()),
                (2, 0, "split,search".to_owned()),
                (2, 1, "split".to_owned()),
                (2, 2, String::new()),
            ]
        );
        let failed: Vec<_> = seen[3].failed.iter().map(|f| f.action.as_str()).collect();
        assert_eq!(
            failed,
            ["search", "split"],
            "both failed, the inner one first"
        );
    }
}
