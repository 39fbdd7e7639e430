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

    /// Defines artifact-collection variable `variable`, made by the collection factory `factory`.
    pub fn init_artifact_collection(&mut self, variable: &str, factory: &str) -> &mut Self {
        self.example.steps.push(UsageStep::InitArtifactCollection {
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

    /// Shows what the result `variable` holds (rendered as `qiime tools peek FILE`).
    pub fn peek(&mut self, variable: &str) -> &mut Self {
        self.example.steps.push(UsageStep::Peek {
            variable: variable.to_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_keep_their_order_and_calls_name_this_plugin() {
        let mut ex = ExampleBuilder::new("demo", "Serial");
        ex.init_artifact("seqs", "seqs_factory")
            .init_metadata("md", "md_factory")
            .comment("Run it.");
        ex.call("tabulate")
            .input("hits", "seqs")
            .param("n", 3)
            .metadata("md", "md")
            .metadata_column("group", "md", "phylum")
            .output("visualization", "table");
        ex.call_in("other", "act").output("out", "thing");
        ex.init_artifact_collection("splits", "splits_factory");
        let example = ex.finish();
        assert_eq!(example.name, "Serial");
        assert_eq!(
            example.steps[..3],
            [
                UsageStep::InitArtifact {
                    variable: "seqs".into(),
                    factory: "seqs_factory".into()
                },
                UsageStep::InitMetadata {
                    variable: "md".into(),
                    factory: "md_factory".into()
                },
                UsageStep::Comment {
                    text: "Run it.".into()
                },
            ]
        );
        let UsageStep::Call(call) = &example.steps[3] else {
            panic!("not a call: {:?}", example.steps[3]);
        };
        assert_eq!(
            (call.plugin.as_str(), call.action.as_str()),
            ("demo", "tabulate")
        );
        assert_eq!(
            call.inputs,
            [
                ("hits".to_owned(), UsageArg::Variable("seqs".into())),
                ("n".to_owned(), UsageArg::Value(ParamValue::Int(3))),
                ("md".to_owned(), UsageArg::Metadata("md".into())),
                (
                    "group".to_owned(),
                    UsageArg::MetadataColumn {
                        variable: "md".into(),
                        column: "phylum".into()
                    }
                ),
            ]
        );
        assert_eq!(
            call.outputs,
            [("visualization".to_owned(), "table".to_owned())]
        );
        assert!(matches!(&example.steps[4], UsageStep::Call(c) if c.plugin == "other"));
        assert_eq!(
            example.steps[5],
            UsageStep::InitArtifactCollection {
                variable: "splits".into(),
                factory: "splits_factory".into()
            }
        );
    }
}
