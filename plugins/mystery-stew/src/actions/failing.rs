//! Actions that fail on purpose: one panics, one aborts the process, one returns an error.

use qiime2_plugin::plugin::{ActionContext, ActionError};

/// Always panics.
pub(super) fn panic_on_purpose(_: &mut ActionContext<'_>) -> Result<(), ActionError> {
    panic!("this action always panics")
}

/// Always returns an error carrying its `message` parameter.
pub(super) fn fail_on_purpose(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let message: String = ctx.param("message")?;
    Err(ActionError::msg(message))
}

/// Aborts the whole process: only a worker process can survive this (its host reports it).
pub(super) fn abort_on_purpose(_: &mut ActionContext<'_>) -> Result<(), ActionError> {
    std::process::abort()
}

/// Fails until it has been run `failures` times, counting its runs in the file `counter`; then
/// writes how many runs it took. For testing retries.
pub(super) fn fail_until(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let counter: String = ctx.param("counter")?;
    let failures: i64 = ctx.param("failures")?;
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
    ctx.write_output("runs", &crate::views::IntSequence(vec![runs]))
}
