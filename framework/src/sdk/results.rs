//! What an action call returns: its outputs by name, in signature order.

use super::args::Arg;
use super::artifact::Artifact;

/// One output of an action call.
#[derive(Debug, Clone)]
pub enum Output {
    /// An artifact or visualization.
    Artifact(Artifact),
    /// A collection output: keyed artifacts in order.
    Collection(Vec<(String, Artifact)>),
}

impl Output {
    /// Every result in the output (one, or each element of a collection).
    pub fn artifacts(&self) -> Vec<&Artifact> {
        match self {
            Self::Artifact(a) => vec![a],
            Self::Collection(items) => items.iter().map(|(_, a)| a).collect(),
        }
    }
}

/// An output passed on to another call: an artifact as an input, a collection as a collection
/// input.
impl From<Output> for Arg {
    fn from(output: Output) -> Self {
        match output {
            Output::Artifact(artifact) => Self::Artifact(artifact),
            Output::Collection(items) => Self::Artifacts(items),
        }
    }
}

/// The outputs of an action call, in the order of the action's signature.
#[derive(Debug, Clone, Default)]
pub struct Results {
    outputs: Vec<(String, Output)>,
}

impl Results {
    /// Adds output `name` (outputs keep the order they are added in).
    pub fn push(&mut self, name: &str, output: Output) {
        self.outputs.push((name.to_owned(), output));
    }

    /// The output `name`.
    pub fn get(&self, name: &str) -> Option<&Output> {
        self.outputs.iter().find(|(n, _)| n == name).map(|(_, o)| o)
    }

    /// The single artifact (or visualization) output `name`.
    pub fn artifact(&self, name: &str) -> Option<&Artifact> {
        match self.get(name)? {
            Output::Artifact(a) => Some(a),
            Output::Collection(_) => None,
        }
    }

    /// The collection output `name`.
    pub fn collection(&self, name: &str) -> Option<&[(String, Artifact)]> {
        match self.get(name)? {
            Output::Collection(items) => Some(items),
            Output::Artifact(_) => None,
        }
    }

    /// The outputs with their names, in signature order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Output)> {
        self.outputs.iter().map(|(n, o)| (n.as_str(), o))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use uuid::Uuid;

    use super::*;
    use crate::archive::ResultMetadata;

    fn artifact() -> Artifact {
        let folder = Arc::new(tempfile::tempdir().unwrap());
        let metadata =
            ResultMetadata::artifact(Uuid::new_v4(), "IntSequence1", "IntSequenceFormat");
        let data = folder.path().join("data");
        Artifact::made(
            metadata,
            data,
            Vec::<(String, String)>::new(),
            folder,
            Vec::new(),
        )
    }

    #[test]
    fn outputs_pass_on_as_the_arguments_of_their_shape() {
        let one = artifact();
        let Arg::Artifact(passed) = Arg::from(Output::Artifact(one.clone())) else {
            panic!("an artifact output is not an artifact argument");
        };
        assert_eq!(passed.uuid(), one.uuid());
        let items = vec![("b".to_owned(), artifact()), ("a".to_owned(), one)];
        let Arg::Artifacts(passed) = Arg::from(Output::Collection(items.clone())) else {
            panic!("a collection output is not a collection argument");
        };
        let keyed = |items: &[(String, Artifact)]| -> Vec<(String, Uuid)> {
            items.iter().map(|(k, a)| (k.clone(), a.uuid())).collect()
        };
        assert_eq!(keyed(&passed), keyed(&items));
    }
}
