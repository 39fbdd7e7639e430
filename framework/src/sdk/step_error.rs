//! Why a step of a pipeline failed: one typed error, the same whether the step ran in this
//! thread, on a worker thread, in a worker process or in a Slurm job (it crosses processes as
//! JSON), so that the same failure reads the same everywhere.

use serde::{Deserialize, Serialize};

use super::error::SdkError;
use crate::plugin::CallError;

/// What went wrong in a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", content = "message", rename_all = "snake_case")]
pub enum StepFailure {
    /// The plugin's own error, or its panic, as the plugin reported it.
    #[error("{0}")]
    Plugin(String),
    /// A step of a pipeline that ran as this step failed.
    #[error("{0}")]
    Step(Box<StepError>),
    /// An input of the step is not a result it can read (one that failed, or names nothing).
    #[error("{0}")]
    Input(String),
    /// The framework refused the call, or could not read or write what it needed.
    #[error("{0}")]
    Framework(String),
    /// The worker process running the step ended without an answer (killed, crashed, timed out).
    #[error("the worker process {0}")]
    Worker(String),
    /// The Slurm executor could not run the step (a job failed or was cancelled, the run folder
    /// could not be used).
    #[error("on Slurm: {0}")]
    Slurm(String),
    /// The run was stopped (an interrupt) before the step could run.
    #[error("the run was stopped")]
    Stopped,
}

/// A failed step: which action, and what went wrong.
///
/// ```
/// use qiime2::sdk::{StepError, StepFailure};
/// let failed = StepError::new("dwq2", "split_sequences", StepFailure::Plugin("no sequences".into()));
/// assert_eq!(failed.to_string(), "step dwq2 split_sequences failed: no sequences");
/// let json = serde_json::to_string(&failed).unwrap();
/// assert_eq!(serde_json::from_str::<StepError>(&json).unwrap(), failed);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("step {plugin} {action} failed: {failure}{}", not_run_note(*.not_run))]
pub struct StepError {
    /// The plugin of the step's action.
    pub plugin: String,
    /// The action's id.
    pub action: String,
    /// What went wrong.
    pub failure: StepFailure,
    /// How many other steps of the run were not run because of it.
    #[serde(default)]
    pub not_run: usize,
}

impl StepError {
    /// Step `action` of `plugin` failed with `failure`.
    pub fn new(plugin: impl Into<String>, action: impl Into<String>, failure: StepFailure) -> Self {
        Self {
            plugin: plugin.into(),
            action: action.into(),
            failure,
            not_run: 0,
        }
    }

    /// The step where it went wrong: this one, or the failed step of a pipeline run as it.
    pub fn innermost(&self) -> &StepError {
        match &self.failure {
            StepFailure::Step(inner) => inner.innermost(),
            _ => self,
        }
    }
}

/// Why the host refused or failed a call a pipeline made; the pipeline receives its message.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CallRefused {
    /// The call was not valid JSON of a call request.
    #[error("malformed call: {0}")]
    Malformed(#[from] serde_json::Error),
    /// The step failed (or could not be asked for).
    #[error(transparent)]
    Step(#[from] StepError),
    /// A handle names no result, or one that is not a single result.
    #[error("{0}")]
    Handle(StepFailure),
}

fn not_run_note(not_run: usize) -> String {
    match not_run {
        0 => String::new(),
        1 => " (1 other step was not run)".to_owned(),
        n => format!(" ({n} other steps were not run)"),
    }
}

/// What a failed call of an action says about the step it was.
impl From<&SdkError> for StepFailure {
    fn from(err: &SdkError) -> Self {
        match err {
            SdkError::Plugin(CallError::Plugin { message, .. }) => Self::Plugin(message.clone()),
            SdkError::Step(step) => Self::Step(Box::new(step.clone())),
            // The step is named already: its reason alone.
            SdkError::BadArgument { reason, .. } => Self::Framework(reason.clone()),
            other => Self::Framework(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_failure_names_the_innermost_step_and_survives_json() {
        let inner = StepError::new(
            "mystery-stew",
            "fail_until",
            StepFailure::Plugin("run 1".into()),
        );
        let mut outer = StepError::new(
            "mystery-stew",
            "retry_until",
            StepFailure::from(&SdkError::Step(inner.clone())),
        );
        outer.not_run = 2;
        assert_eq!(outer.innermost(), &inner);
        assert_eq!(
            outer.to_string(),
            "step mystery-stew retry_until failed: step mystery-stew fail_until failed: run 1 \
             (2 other steps were not run)"
        );
        let json = serde_json::to_string(&outer).unwrap();
        assert_eq!(serde_json::from_str::<StepError>(&json).unwrap(), outer);
        let stopped = serde_json::to_string(&StepFailure::Stopped).unwrap();
        assert_eq!(
            serde_json::from_str::<StepFailure>(&stopped).unwrap(),
            StepFailure::Stopped
        );
    }

    #[test]
    fn a_plugin_error_keeps_the_plugins_message_alone() {
        let err = SdkError::Plugin(CallError::Plugin {
            plugin: "dwq2".into(),
            message: "no queries".into(),
        });
        assert_eq!(
            StepFailure::from(&err),
            StepFailure::Plugin("no queries".into())
        );
        let worker = StepFailure::Worker("was killed by signal 6".into());
        assert_eq!(
            worker.to_string(),
            "the worker process was killed by signal 6"
        );
    }
}
