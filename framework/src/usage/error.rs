//! Why an example cannot be rendered.

/// An example that refers to something the host does not know.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UsageError {
    /// A call of an action that no loaded plugin has.
    #[error("example '{example}' calls '{plugin} {action}', which is not a loaded action")]
    UnknownAction {
        /// The example.
        example: String,
        /// The plugin named.
        plugin: String,
        /// The action named.
        action: String,
    },
    /// A call naming an input, parameter or output the action does not have.
    #[error("example '{example}' gives '{name}' to '{plugin} {action}', which has no such {kind}")]
    UnknownName {
        /// The example.
        example: String,
        /// The plugin.
        plugin: String,
        /// The action.
        action: String,
        /// `input or parameter` or `output`.
        kind: &'static str,
        /// The name given.
        name: String,
    },
    /// An artifact variable used before any step defines it.
    #[error("example '{example}' uses variable '{variable}' before defining it")]
    UndefinedVariable {
        /// The example.
        example: String,
        /// The variable.
        variable: String,
    },
}

/// The signature of the action `call` makes in `example`, from `lookup(plugin, action)`; an
/// [`UsageError::UnknownAction`] when no loaded plugin has it.
pub(crate) fn signature_of<'a>(
    example: &crate::plugin::UsageExample,
    call: &crate::plugin::UsageCall,
    lookup: impl Fn(&str, &str) -> Option<&'a crate::plugin::ActionSignature>,
) -> Result<&'a crate::plugin::ActionSignature, UsageError> {
    lookup(&call.plugin, &call.action).ok_or_else(|| UsageError::UnknownAction {
        example: example.name.clone(),
        plugin: call.plugin.clone(),
        action: call.action.clone(),
    })
}
