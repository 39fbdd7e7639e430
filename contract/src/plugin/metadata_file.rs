//! A `Metadata` or `MetadataColumn` parameter as an action receives it: the TSV file the host
//! saved it to.

use std::path::{Path, PathBuf};

use super::value::{FromParam, ParamValue};
use crate::metadata::{Metadata, MetadataColumn, MetadataError};
use crate::types::TypeExpr;

/// The metadata TSV file of a `Metadata` or `MetadataColumn[...]` parameter. Load it to read
/// it, or pass it on unread to an action a pipeline calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataFile(PathBuf);

impl MetadataFile {
    /// The file.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Reads the metadata.
    pub fn load(&self) -> Result<Metadata, MetadataError> {
        Metadata::load(&self.0)
    }

    /// Reads the one column of a `MetadataColumn[...]` parameter's file.
    pub fn load_column(&self) -> Result<MetadataColumn, MetadataError> {
        let metadata = self.load()?;
        match metadata.columns() {
            [column] => Ok(column.clone()),
            columns => Err(MetadataError::NotOneColumn {
                file: self.0.display().to_string(),
                found: columns.len(),
            }),
        }
    }
}

impl FromParam for MetadataFile {
    fn rust_name() -> String {
        "MetadataFile".to_owned()
    }

    fn accepts(ty: &TypeExpr) -> bool {
        matches!(ty, TypeExpr::Metadata | TypeExpr::MetadataColumn(_))
    }

    fn from_param(value: &ParamValue) -> Result<Self, &'static str> {
        match value {
            ParamValue::Metadata(path) => Ok(Self(PathBuf::from(path))),
            _ => Err("Metadata"),
        }
    }
}

impl From<MetadataFile> for ParamValue {
    fn from(file: MetadataFile) -> Self {
        Self::Metadata(file.0.display().to_string())
    }
}
