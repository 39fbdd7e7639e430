//! Actions that fail on purpose: one panics, one returns an error.

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
