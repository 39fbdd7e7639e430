//! What an action call returns: its outputs by name, in signature order.

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
