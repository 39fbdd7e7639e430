//! How a pipeline calls other actions: a request built with [`Call`], answered with handles.

use std::collections::BTreeMap;

use super::error::ActionError;
use crate::plugin::request::{CallInput, CallReply, OutputValue};
use crate::plugin::value::ParamValue;

/// The arguments of a call to another action, built by a pipeline.
///
/// ```
/// use qiime2_plugin::plugin::Call;
/// let call = Call::new().input("seqs", "h1").param("split_size", 5);
/// # let _ = call;
/// ```
#[derive(Debug, Clone, Default)]
pub struct Call {
    pub(crate) inputs: BTreeMap<String, CallInput>,
    pub(crate) parameters: BTreeMap<String, ParamValue>,
}

impl Call {
    /// No arguments yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Gives input `name` the result behind `handle`.
    pub fn input(mut self, name: &str, handle: &str) -> Self {
        self.inputs
            .insert(name.to_owned(), CallInput::Handle(handle.to_owned()));
        self
    }

    /// Gives collection input `name` the keyed results behind `handles`, in order.
    pub fn inputs(mut self, name: &str, handles: Vec<(String, String)>) -> Self {
        self.inputs
            .insert(name.to_owned(), CallInput::Handles(handles));
        self
    }

    /// Gives parameter `name` a value (metadata is passed on as the pipeline received it).
    pub fn param(mut self, name: &str, value: impl Into<ParamValue>) -> Self {
        self.parameters.insert(name.to_owned(), value.into());
        self
    }
}

/// The outputs of a call: handles the pipeline passes on or returns.
#[derive(Debug, Clone)]
pub struct Called {
    pub(crate) label: String,
    pub(crate) reply: CallReply,
}

impl Called {
    /// The handle of output `name`.
    pub fn handle(&self, name: &str) -> Result<String, ActionError> {
        match self.reply.outputs.get(name) {
            Some(OutputValue::Handle(handle)) => Ok(handle.clone()),
            _ => Err(ActionError::Call(format!(
                "{} has no single output named '{name}'",
                self.label
            ))),
        }
    }

    /// The keyed handles of collection output `name`, in order.
    pub fn handles(&self, name: &str) -> Result<Vec<(String, String)>, ActionError> {
        match self.reply.outputs.get(name) {
            Some(OutputValue::Handles(handles)) => Ok(handles.clone()),
            _ => Err(ActionError::Call(format!(
                "{} has no collection output named '{name}'",
                self.label
            ))),
        }
    }
}
