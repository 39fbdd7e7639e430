//! Actions that fail on purpose: one panics, one aborts the process, one returns an error.

use qiime2_plugin::plugin::{ActionError, Arguments, Call, Results};

use crate::views::IntSequence;

/// Always panics.
pub(super) fn panic_on_purpose(_: ()) -> Result<(), ActionError> {
    panic!("this action always panics")
}

#[derive(Arguments)]
pub(super) struct FailOnPurpose {
    #[param]
    message: String,
}

/// Always returns an error carrying its `message` parameter.
pub(super) fn fail_on_purpose(args: FailOnPurpose) -> Result<(), ActionError> {
    Err(ActionError::msg(args.message))
}

/// Aborts the whole process: only a worker process can survive this (its host reports it).
pub(super) fn abort_on_purpose(_: ()) -> Result<(), ActionError> {
    std::process::abort()
}

/// The arguments of `fail_until`, and of `retry_until`, which passes them on.
#[derive(Arguments)]
pub(super) struct FailUntil {
    #[param]
    counter: String,
    #[param]
    failures: i64,
}

impl FailUntil {
    /// A call of `fail_until` with these arguments.
    pub(super) fn call(self) -> Call {
        Call::new()
            .param("counter", self.counter)
            .param("failures", self.failures)
    }
}

/// How many runs it took.
#[derive(Results)]
pub(super) struct Runs {
    runs: IntSequence,
}

/// Fails until it has been run `failures` times, counting its runs in the file `counter`; then
/// writes how many runs it took. For testing retries.
pub(super) fn fail_until(FailUntil { counter, failures }: FailUntil) -> Result<Runs, ActionError> {
    let runs = std::fs::read_to_string(&counter)
        .ok()
        .and_then(|t| t.trim().parse::<i64>().ok())
        .unwrap_or(0)
        + 1;
    std::fs::write(&counter, runs.to_string())
        .map_err(|e| ActionError::msg(format!("{counter}: {e}")))?;
    if runs <= failures {
        return Err(ActionError::msg(format!("run {runs} fails on purpose")));
    }
    Ok(Runs {
        runs: IntSequence(vec![runs]),
    })
}
