//! Actions that fail on purpose: one panics, one aborts the process, one returns an error.

use qiime2::plugin::{ActionContext, ActionError};

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
