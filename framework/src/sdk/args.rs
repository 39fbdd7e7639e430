//! The arguments of an action call, and their checks against the action's signature.

use crate::metadata::{ColumnType, Metadata};
use crate::plugin::ParamValue;

use super::artifact::Artifact;

/// One argument of an action call.
#[derive(Debug, Clone)]
pub enum Arg {
    /// An artifact, for an input.
    Artifact(Artifact),
    /// Keyed artifacts, for a `Collection`, `List` or `Set` input.
    Artifacts(Vec<(String, Artifact)>),
    /// A primitive value (or list of them), for a parameter.
    Value(ParamValue),
    /// Metadata, for a `Metadata` or `MetadataColumn[...]` parameter.
    Metadata(Metadata),
}

impl From<Artifact> for Arg {
    fn from(artifact: Artifact) -> Self {
        Self::Artifact(artifact)
    }
}

impl From<&Artifact> for Arg {
    fn from(artifact: &Artifact) -> Self {
        Self::Artifact(artifact.clone())
    }
}

impl From<Metadata> for Arg {
    fn from(metadata: Metadata) -> Self {
        Self::Metadata(metadata)
    }
}

impl From<ParamValue> for Arg {
    fn from(value: ParamValue) -> Self {
        Self::Value(value)
    }
}

/// A parameter value of each primitive type `ParamValue` converts from.
macro_rules! value_args {
    ($($primitive:ty),*) => {$(
        impl From<$primitive> for Arg {
            fn from(value: $primitive) -> Self {
                Self::Value(value.into())
            }
        }
    )*};
}
value_args!(bool, i64, i32, f64, &str, String);

/// The named arguments of an action call.
///
/// ```
/// use qiime2::sdk::Args;
/// let args = Args::new().with("split_size", 1).with("title", "Hits");
/// assert_eq!(args.names().collect::<Vec<_>>(), ["split_size", "title"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Args {
    items: Vec<(String, Arg)>,
}

impl Args {
    /// No arguments.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the argument `name`.
    pub fn with(mut self, name: &str, value: impl Into<Arg>) -> Self {
        self.set(name, value);
        self
    }

    /// Sets the argument `name`.
    pub fn set(&mut self, name: &str, value: impl Into<Arg>) {
        let value = value.into();
        match self.items.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.items.push((name.to_owned(), value)),
        }
    }

    /// The argument `name`, if given.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.items.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }

    /// The names given, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|(n, _)| n.as_str())
    }
}

/// Why metadata does not fit a `MetadataColumn[...]` parameter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ColumnMismatch {
    /// Not exactly one column.
    #[error("expected metadata with exactly one column, got {0} columns")]
    NotOneColumn(usize),
    /// A column of a type the parameter does not take.
    #[error("column '{column}' is {found}, which this parameter does not accept")]
    WrongType {
        /// The column.
        column: String,
        /// Its type.
        found: ColumnType,
    },
}

/// Whether metadata fits a `MetadataColumn[...]` parameter: exactly one column of an allowed kind.
pub(crate) fn fits_column(
    metadata: &Metadata,
    allowed: &[ColumnType],
) -> Result<(), ColumnMismatch> {
    let [column] = metadata.columns() else {
        return Err(ColumnMismatch::NotOneColumn(metadata.columns().len()));
    };
    if allowed.contains(&column.column_type()) {
        Ok(())
    } else {
        Err(ColumnMismatch::WrongType {
            column: column.name().to_owned(),
            found: column.column_type(),
        })
    }
}
