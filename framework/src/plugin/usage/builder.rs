//! The builder an author fills in to write one usage example.

use super::example::{UsageArg, UsageCall, UsageExample, UsageStep};
use crate::plugin::value::ParamValue;

/// Writes the steps of one usage example; handed to
/// [`PluginBuilder::usage_example`](crate::plugin::PluginBuilder::usage_example).
pub struct ExampleBuilder {
    plugin: String,
    example: UsageExample,
}

impl ExampleBuilder {
    /// An empty example named `name` whose `call` steps call actions of `plugin`.
    pub(crate) fn new(plugin: &str, name: &str) -> Self {
        Self {
            plugin: plugin.to_owned(),
            example: UsageExample {
                name: name.to_owned(),
                steps: Vec::new(),
            },
        }
    }

    pub(crate) fn finish(self) -> UsageExample {
        self.example
    }

    /// Adds a line of explanation.
    pub fn comment(&mut self, text: &str) -> &mut Self {
        self.example.steps.push(UsageStep::Comment {
            text: text.to_owned(),
        });
        self
    }

    /// Defines artifact variable `variable`, made by the artifact factory `factory`.
    pub fn init_artifact(&mut self, variable: &str, factory: &str) -> &mut Self {
        self.example.steps.push(UsageStep::InitArtifact {
            variable: variable.to_owned(),
            factory: factory.to_owned(),
        });
        self
    }

    /// Defines metadata variable `variable`, made by the metadata factory `factory`.
    pub fn init_metadata(&mut self, variable: &str, factory: &str) -> &mut Self {
        self.example.steps.push(UsageStep::InitMetadata {
            variable: variable.to_owned(),
            factory: factory.to_owned(),
        });
        self
    }

    /// Calls `action` of this plugin; name its inputs, parameters and outputs on the result.
    pub fn call(&mut self, action: &str) -> CallBuilder<'_> {
        let plugin = self.plugin.clone();
        self.call_in(&plugin, action)
    }

    /// Calls `action` of another plugin, `plugin`.
    pub fn call_in(&mut self, plugin: &str, action: &str) -> CallBuilder<'_> {
        self.example.steps.push(UsageStep::Call(UsageCall {
            plugin: plugin.to_owned(),
            action: action.to_owned(),
            inputs: Vec::new(),
            outputs: Vec::new(),
        }));
        match self.example.steps.last_mut() {
            Some(UsageStep::Call(call)) => CallBuilder { call },
            _ => unreachable!("a call step was just pushed"),
        }
    }
}

/// Names the inputs, parameters and outputs of one call; returned by [`ExampleBuilder::call`].
pub struct CallBuilder<'a> {
    call: &'a mut UsageCall,
}

impl CallBuilder<'_> {
    fn arg(self, name: &str, arg: UsageArg) -> Self {
        self.call.inputs.push((name.to_owned(), arg));
        self
    }

    /// Passes artifact variable `variable` to input `name`.
    pub fn input(self, name: &str, variable: &str) -> Self {
        self.arg(name, UsageArg::Variable(variable.to_owned()))
    }

    /// Passes the literal `value` to parameter `name`.
    pub fn param(self, name: &str, value: impl Into<ParamValue>) -> Self {
        self.arg(name, UsageArg::Value(value.into()))
    }

    /// Passes metadata variable `variable` to `Metadata` parameter `name`.
    pub fn metadata(self, name: &str, variable: &str) -> Self {
        self.arg(name, UsageArg::Metadata(variable.to_owned()))
    }

    /// Passes column `column` of metadata variable `variable` to `MetadataColumn` parameter `name`.
    pub fn metadata_column(self, name: &str, variable: &str, column: &str) -> Self {
        self.arg(
            name,
            UsageArg::MetadataColumn {
                variable: variable.to_owned(),
                column: column.to_owned(),
            },
        )
    }

    /// Names the variable that output `name` defines.
    pub fn output(self, name: &str, variable: &str) -> Self {
        self.call
            .outputs
            .push((name.to_owned(), variable.to_owned()));
        self
    }
}
