//! How a pipeline calls other actions: a request built with [`Call`], answered with handles.

use std::collections::BTreeMap;

use super::error::ActionError;
use super::handle::{Collection, Handle};
use crate::plugin::request::{CallInput, CallReply, OutputValue};
use crate::plugin::value::ParamValue;

/// The arguments of a call to another action, built by a pipeline.
///
/// ```
/// use qiime2_plugin::plugin::{Call, Collection, Handle};
///
/// fn split(seqs: &Handle, split_size: usize) -> Call {
///     Call::new().input("seqs", seqs).param("split_size", split_size)
/// }
/// fn combine(reports: &Collection<Handle>) -> Call {
///     Call::new().inputs("reports", reports)
/// }
/// # let _ = (split, combine);
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
    pub fn input(mut self, name: &str, handle: &Handle) -> Self {
        self.inputs
            .insert(name.to_owned(), CallInput::Handle(handle.id().to_owned()));
        self
    }

    /// Gives collection input `name` the keyed results behind `handles`, in order.
    pub fn inputs(mut self, name: &str, handles: &Collection<Handle>) -> Self {
        let handles = handles
            .iter()
            .map(|(key, handle)| (key.to_owned(), handle.id().to_owned()))
            .collect();
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
    pub fn handle(&self, name: &str) -> Result<Handle, ActionError> {
        match self.reply.outputs.get(name) {
            Some(OutputValue::Handle(handle)) => Ok(Handle::new(handle.clone(), None)),
            _ => Err(ActionError::Call(format!(
                "{} has no single output named '{name}'",
                self.label
            ))),
        }
    }

    /// The keyed handles of collection output `name`, in order.
    pub fn collection(&self, name: &str) -> Result<Collection<Handle>, ActionError> {
        match self.reply.outputs.get(name) {
            Some(OutputValue::Handles(handles)) => Ok(handles
                .iter()
                .map(|(key, handle)| (key.clone(), Handle::new(handle.clone(), None)))
                .collect()),
            _ => Err(ActionError::Call(format!(
                "{} has no collection output named '{name}'",
                self.label
            ))),
        }
    }
}
