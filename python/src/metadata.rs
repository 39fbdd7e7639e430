//! QIIME 2 metadata held for Python.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use qiime2::metadata::{ColumnKind, Metadata, MetadataError};

use crate::errors::{no_panic, to_py};

/// Metadata: IDs and typed columns, read from TSV files or from an artifact.
#[pyclass(frozen, module = "qiime2._native")]
pub struct NativeMetadata {
    pub(crate) inner: Metadata,
}

impl NativeMetadata {
    pub(crate) fn new(inner: Metadata) -> Self {
        Self { inner }
    }
}

fn err(e: MetadataError) -> PyErr {
    to_py(e.into())
}

#[pymethods]
impl NativeMetadata {
    /// Reads the TSV files `paths` and merges them (on their shared IDs) when there are several.
    #[staticmethod]
    fn load(py: Python<'_>, paths: Vec<PathBuf>) -> PyResult<Self> {
        py.detach(|| {
            no_panic(|| {
                let each = paths
                    .iter()
                    .map(Metadata::load)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(err)?;
                Metadata::merge(&each).map(Self::new).map_err(err)
            })
        })
    }

    /// Reads metadata from TSV `text`; `source` names it in errors.
    #[staticmethod]
    fn from_tsv(text: &str, source: &str) -> PyResult<Self> {
        Metadata::from_tsv_str(text, source)
            .map(Self::new)
            .map_err(err)
    }

    /// This metadata merged with `others`, on the IDs they share.
    fn merge(&self, others: Vec<PyRef<'_, NativeMetadata>>) -> PyResult<Self> {
        let mut all = vec![self.inner.clone()];
        all.extend(others.iter().map(|o| o.inner.clone()));
        Metadata::merge(&all).map(Self::new).map_err(err)
    }

    /// The name of the ID column (`id`, `sample-id`, ...).
    #[getter]
    fn id_header(&self) -> &str {
        self.inner.id_header()
    }

    /// The IDs, in order.
    #[getter]
    fn ids(&self) -> Vec<String> {
        self.inner.ids().to_vec()
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<&str> {
        self.inner.column_names()
    }

    /// Each column as `(name, type, values)`: `categorical` values are text, `numeric` ones
    /// floats; a missing value is `None`.
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyTuple>>> {
        self.inner
            .columns()
            .iter()
            .map(|column| {
                let values = match column.kind() {
                    ColumnKind::Categorical(v) => PyList::new(py, v)?,
                    ColumnKind::Numeric(v) => PyList::new(py, v)?,
                };
                PyTuple::new(
                    py,
                    [
                        column.name().into_pyobject(py)?.into_any(),
                        column.column_type().as_str().into_pyobject(py)?.into_any(),
                        values.into_any(),
                    ],
                )
            })
            .collect()
    }

    /// The metadata with only the column `name`.
    fn select_column(&self, name: &str) -> PyResult<Self> {
        self.inner
            .filter_columns(&[name])
            .map(Self::new)
            .map_err(err)
    }

    /// The metadata as a TSV file's text (with its `#q2:types` row).
    fn to_tsv(&self) -> String {
        self.inner.to_tsv_string()
    }

    /// Writes the metadata to the TSV file `path`.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| no_panic(|| self.inner.save(&path).map_err(err)))
    }
}
