//! What an action's body sees: its inputs as views, its parameters, and where its outputs go.

use std::collections::BTreeMap;
use std::path::Path;

use super::error::ActionError;
use super::view::View;
use crate::plugin::request::{ExecuteRequest, InputValue, OutputValue};
use crate::plugin::value::FromParam;

/// The running action's inputs, parameters and outputs.
pub struct ActionContext<'a> {
    request: &'a ExecuteRequest,
    outputs: BTreeMap<String, OutputValue>,
}

impl<'a> ActionContext<'a> {
    pub(crate) fn new(request: &'a ExecuteRequest) -> Self {
        Self {
            request,
            outputs: BTreeMap::new(),
        }
    }

    pub(crate) fn into_outputs(self) -> BTreeMap<String, OutputValue> {
        self.outputs
    }

    fn input_value(&self, name: &str) -> Result<&'a InputValue, ActionError> {
        self.request
            .inputs
            .get(name)
            .ok_or_else(|| missing("input", name))
    }

    /// Reads input `name` as the view `V`.
    pub fn input<V: View>(&self, name: &str) -> Result<V, ActionError> {
        match self.input_value(name)? {
            InputValue::Artifact(data) => V::read(data).map_err(|source| ActionError::Input {
                name: name.to_owned(),
                source,
            }),
            _ => Err(missing("input", name)),
        }
    }

    /// Reads an optional input `name` as the view `V`; `None` where it was left out.
    pub fn optional_input<V: View>(&self, name: &str) -> Result<Option<V>, ActionError> {
        match self.input_value(name)? {
            InputValue::None => Ok(None),
            _ => self.input(name).map(Some),
        }
    }

    /// Reads a collection input `name`, each element as the view `V`, in key order.
    pub fn input_collection<V: View>(&self, name: &str) -> Result<Vec<(String, V)>, ActionError> {
        match self.input_value(name)? {
            InputValue::Collection(items) => items
                .iter()
                .map(|(key, data)| {
                    V::read(data)
                        .map(|view| (key.clone(), view))
                        .map_err(|source| ActionError::Input {
                            name: format!("{name}[{key}]"),
                            source,
                        })
                })
                .collect(),
            _ => Err(missing("input", name)),
        }
    }

    /// Reads parameter `name` as `T` (`i64`, `f64`, `String`, `bool`, `Option<_>`, `Vec<_>`).
    pub fn param<T: FromParam>(&self, name: &str) -> Result<T, ActionError> {
        let value = self
            .request
            .parameters
            .get(name)
            .ok_or_else(|| missing("parameter", name))?;
        T::from_param(value).map_err(|expected| ActionError::BadParameter {
            name: name.to_owned(),
            expected,
        })
    }

    /// The empty folder where output `name` is written.
    pub fn output_dir(&self, name: &str) -> Result<&'a Path, ActionError> {
        self.request
            .output_dirs
            .get(name)
            .map(Path::new)
            .ok_or_else(|| missing("output", name))
    }

    /// The folder a visualizer writes its `index.html` (and assets) into.
    pub fn visualization_dir(&mut self) -> Result<&'a Path, ActionError> {
        let dir = self.output_dir("visualization")?;
        self.outputs
            .insert("visualization".to_owned(), OutputValue::Written(None));
        Ok(dir)
    }

    /// Writes output `name` from the view `value`.
    pub fn write_output<V: View>(&mut self, name: &str, value: &V) -> Result<(), ActionError> {
        let dir = self.output_dir(name)?;
        let format = value.write(dir).map_err(|source| ActionError::Output {
            name: name.to_owned(),
            source,
        })?;
        self.outputs
            .insert(name.to_owned(), OutputValue::Written(Some(format)));
        Ok(())
    }

    /// Writes collection output `name`: one element per `(key, view)`, in the order given.
    pub fn write_collection<V: View>(
        &mut self,
        name: &str,
        items: impl IntoIterator<Item = (String, V)>,
    ) -> Result<(), ActionError> {
        let dir = self.output_dir(name)?;
        let mut written = Vec::new();
        for (key, value) in items {
            let element = dir.join(&key);
            std::fs::create_dir_all(&element).map_err(|source| ActionError::Output {
                name: name.to_owned(),
                source: super::error::ViewError::Io {
                    path: element.clone(),
                    source,
                },
            })?;
            let format = value
                .write(&element)
                .map_err(|source| ActionError::Output {
                    name: format!("{name}[{key}]"),
                    source,
                })?;
            written.push((key, format));
        }
        self.outputs
            .insert(name.to_owned(), OutputValue::Collection(written));
        Ok(())
    }
}

fn missing(kind: &'static str, name: &str) -> ActionError {
    ActionError::Missing {
        kind,
        name: name.to_owned(),
    }
}
