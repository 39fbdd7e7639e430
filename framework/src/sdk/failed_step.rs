//! A step of a pipeline that failed, described as its provenance would have recorded it: the
//! action, the results it was given and its parameters.

use crate::plugin::{CallInput, CallRequest};

use super::artifact::Artifact;

/// A failed step of a pipeline run, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedStep {
    /// The plugin of the step's action.
    pub plugin: String,
    /// The action's id.
    pub action: String,
    /// Each input: its name, and the result given (type and UUID), or the collection's.
    pub inputs: Vec<(String, String)>,
    /// Each parameter given: its name and value.
    pub parameters: Vec<(String, String)>,
    /// Why it failed.
    pub reason: String,
}

impl FailedStep {
    /// The step `request` that failed for `reason`; `artifact` gives the result of an input
    /// handle, where it is known.
    pub(crate) fn new(
        request: &CallRequest,
        reason: &str,
        artifact: impl Fn(&str) -> Option<Artifact>,
    ) -> Self {
        let describe = |handle: &str| match artifact(handle) {
            Some(a) => format!("{} {}", a.semantic_type(), a.uuid()),
            None => "a result not made yet".to_owned(),
        };
        let inputs = request
            .inputs
            .iter()
            .map(|(name, input)| {
                let given = match input {
                    CallInput::Handle(handle) => describe(handle),
                    CallInput::Handles(items) => {
                        let members: Vec<String> = items
                            .iter()
                            .map(|(key, handle)| format!("{key}: {}", describe(handle)))
                            .collect();
                        format!("a collection of {} ({})", items.len(), members.join("; "))
                    }
                };
                (name.clone(), given)
            })
            .collect();
        let parameters = request
            .parameters
            .iter()
            .map(|(name, value)| (name.clone(), value.to_string()))
            .collect();
        Self {
            plugin: request.plugin.clone(),
            action: request.action.clone(),
            inputs,
            parameters,
            reason: reason.to_owned(),
        }
    }

    /// Indented lines: the action, each input and parameter, and why it failed.
    ///
    /// ```
    /// use qiime2::sdk::FailedStep;
    /// let step = FailedStep {
    ///     plugin: "dwq2".into(),
    ///     action: "local_alignment_search".into(),
    ///     inputs: vec![("query_seqs".into(), "FeatureData[Sequence] 8c1f...".into())],
    ///     parameters: vec![("n".into(), "5".into())],
    ///     reason: "out of memory".into(),
    /// };
    /// assert_eq!(
    ///     step.describe("  "),
    ///     "  dwq2 local-alignment-search\n    input query_seqs: FeatureData[Sequence] 8c1f...\n    \
    ///      parameter n: 5\n    failed: out of memory\n"
    /// );
    /// ```
    pub fn describe(&self, indent: &str) -> String {
        let mut text = format!(
            "{indent}{} {}\n",
            self.plugin,
            self.action.replace('_', "-")
        );
        for (name, given) in &self.inputs {
            text.push_str(&format!("{indent}  input {name}: {given}\n"));
        }
        for (name, value) in &self.parameters {
            text.push_str(&format!("{indent}  parameter {name}: {value}\n"));
        }
        text.push_str(&format!("{indent}  failed: {}\n", self.reason));
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugin::ParamValue;

    #[test]
    fn a_request_is_described_with_its_values_and_unknown_results() {
        let request = CallRequest {
            plugin: "mystery-stew".into(),
            action: "stamp_time".into(),
            inputs: [
                ("ints".to_owned(), CallInput::Handle("3".into())),
                (
                    "many".to_owned(),
                    CallInput::Handles(vec![("a".into(), "4".into())]),
                ),
            ]
            .into(),
            parameters: [
                ("millis".to_owned(), ParamValue::Int(60000)),
                (
                    "names".to_owned(),
                    ParamValue::List(vec![ParamValue::Str("x".into()), ParamValue::Null]),
                ),
            ]
            .into(),
        };
        let step = FailedStep::new(&request, "too long", |_| None);
        assert_eq!(
            step.describe(""),
            "mystery-stew stamp-time\n  input ints: a result not made yet\n  input many: a \
             collection of 1 (a: a result not made yet)\n  parameter millis: 60000\n  parameter \
             names: [\"x\", None]\n  failed: too long\n"
        );
    }
}
