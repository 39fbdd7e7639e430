//! Conversions between the values a plugin receives and the values provenance records: the
//! one place where each kind of value maps to the other.

use std::path::Path;

use super::ParamValue;
use crate::plugin;

/// A value a plugin received, as provenance records it: a metadata file by its name inside the
/// result's `action/` folder.
impl From<&plugin::ParamValue> for ParamValue {
    fn from(value: &plugin::ParamValue) -> Self {
        let all = |items: &[plugin::ParamValue]| items.iter().map(Self::from).collect();
        match value {
            plugin::ParamValue::Null => Self::Null,
            plugin::ParamValue::Bool(b) => Self::Bool(*b),
            plugin::ParamValue::Int(i) => Self::Int(*i),
            plugin::ParamValue::Float(f) => Self::Float(*f),
            plugin::ParamValue::Str(s) => Self::Str(s.clone()),
            plugin::ParamValue::List(items) => Self::List(all(items)),
            plugin::ParamValue::Set(items) => Self::Set(all(items)),
            plugin::ParamValue::Metadata(path) => Self::Metadata {
                file: Path::new(path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                artifacts: Vec::new(),
            },
        }
    }
}

/// A recorded value that cannot be passed to a plugin again as it stands: metadata (only its
/// file name is recorded) or a collection of parameter values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a recorded {0} cannot be passed again as it was recorded")]
pub struct NotRepeatable(pub &'static str);

/// A recorded value as a plugin receives it again (a legacy `Color` as its text).
impl TryFrom<&ParamValue> for plugin::ParamValue {
    type Error = NotRepeatable;

    fn try_from(value: &ParamValue) -> Result<Self, NotRepeatable> {
        let all = |items: &[ParamValue]| -> Result<Vec<Self>, NotRepeatable> {
            items.iter().map(Self::try_from).collect()
        };
        Ok(match value {
            ParamValue::Null => Self::Null,
            ParamValue::Bool(b) => Self::Bool(*b),
            ParamValue::Int(i) => Self::Int(*i),
            ParamValue::Float(f) => Self::Float(*f),
            ParamValue::Str(s) | ParamValue::Color(s) => Self::Str(s.clone()),
            ParamValue::List(items) => Self::List(all(items)?),
            ParamValue::Set(items) => Self::Set(all(items)?),
            ParamValue::Metadata { .. } => return Err(NotRepeatable("metadata")),
            ParamValue::Collection(_) => return Err(NotRepeatable("collection")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values_go_to_provenance_and_back_unchanged() {
        let given = plugin::ParamValue::List(vec![
            plugin::ParamValue::Int(5),
            plugin::ParamValue::Float(0.5),
            plugin::ParamValue::Str("x".into()),
            plugin::ParamValue::Null,
        ]);
        let recorded = ParamValue::from(&given);
        assert_eq!(plugin::ParamValue::try_from(&recorded), Ok(given));
    }

    #[test]
    fn metadata_is_recorded_by_its_file_name_and_not_repeated() {
        let given = plugin::ParamValue::Metadata("/tmp/q2/reference_metadata.tsv".into());
        let recorded = ParamValue::from(&given);
        assert_eq!(
            recorded,
            ParamValue::Metadata {
                file: "reference_metadata.tsv".into(),
                artifacts: Vec::new()
            }
        );
        assert_eq!(
            plugin::ParamValue::try_from(&recorded),
            Err(NotRepeatable("metadata"))
        );
    }
}
