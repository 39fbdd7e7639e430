//! A QIIME 2 result (artifact or visualization) held for Python.

use std::path::PathBuf;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use qiime2::plugin::ValidationLevel;
use qiime2::sdk::Artifact;

use crate::errors::{no_panic, to_py};
use crate::metadata::NativeMetadata;
use crate::plugins;

/// A result loaded from an archive, imported, or made by an action.
#[pyclass(frozen, module = "qiime2._native")]
pub struct NativeResult {
    pub(crate) inner: Artifact,
}

impl NativeResult {
    pub(crate) fn new(inner: Artifact) -> Self {
        Self { inner }
    }
}

#[pymethods]
impl NativeResult {
    /// Loads a `.qza` or `.qzv` file.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        py.detach(|| no_panic(|| Artifact::load(&path).map(Self::new).map_err(to_py)))
    }

    /// Imports the file or folder `path` as an artifact of `semantic_type`, from `format` (by
    /// default the format the type is stored in); the data are validated first.
    #[staticmethod]
    #[pyo3(signature = (semantic_type, path, format=None))]
    fn import_data(
        py: Python<'_>,
        semantic_type: &str,
        path: PathBuf,
        format: Option<&str>,
    ) -> PyResult<Self> {
        let pm = plugins()?;
        py.detach(|| {
            no_panic(|| {
                Artifact::import_data(pm, semantic_type, &path, format)
                    .map(Self::new)
                    .map_err(to_py)
            })
        })
    }

    /// The result's UUID, as text.
    #[getter]
    fn uuid(&self) -> String {
        self.inner.uuid().to_string()
    }

    /// Its semantic type (`Visualization` for a visualization).
    #[getter]
    fn semantic_type(&self) -> &str {
        self.inner.semantic_type()
    }

    /// The directory format its data are stored in (`None` for a visualization).
    #[getter]
    fn format(&self) -> Option<&str> {
        self.inner.format()
    }

    /// Whether it is a visualization.
    #[getter]
    fn is_visualization(&self) -> bool {
        self.inner.is_visualization()
    }

    /// The archive it was loaded from, if it was.
    #[getter]
    fn source(&self) -> Option<PathBuf> {
        self.inner.source().map(PathBuf::from)
    }

    /// The folder holding its data files.
    #[getter]
    fn data_dir(&self) -> PathBuf {
        self.inner.data_dir()
    }

    /// Saves it as an archive at `path` (adding `.qza`/`.qzv`); returns the path written.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<PathBuf> {
        py.detach(|| no_panic(|| self.inner.save(&path).map_err(to_py)))
    }

    /// Copies its data files into the folder `dest`; returns the files written.
    fn export_data(&self, py: Python<'_>, dest: PathBuf) -> PyResult<Vec<PathBuf>> {
        py.detach(|| no_panic(|| self.inner.export_data(&dest).map_err(to_py)))
    }

    /// Validates its data against its format (`level` `min` or `max`); its checksums were
    /// verified when it was loaded.
    fn validate(&self, py: Python<'_>, level: &str) -> PyResult<()> {
        let level = match level {
            "min" => ValidationLevel::Min,
            "max" => ValidationLevel::Max,
            other => {
                return Err(PyValueError::new_err(format!(
                    "level must be 'min' or 'max', not {other:?}"
                )));
            }
        };
        let pm = plugins()?;
        py.detach(|| no_panic(|| self.inner.validate_format(pm, level).map_err(to_py)))
    }

    /// Reads it as metadata, where its type allows.
    fn to_metadata(&self, py: Python<'_>) -> PyResult<NativeMetadata> {
        let pm = plugins()?;
        py.detach(|| {
            no_panic(|| {
                self.inner
                    .to_metadata(pm)
                    .map(NativeMetadata::new)
                    .map_err(to_py)
            })
        })
    }

    /// The text of its own provenance record (`provenance/action/action.yaml`).
    fn action_yaml(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| {
            no_panic(|| {
                let dir = self.inner.provenance_dir().map_err(to_py)?;
                let path = dir.join("action").join("action.yaml");
                std::fs::read_to_string(&path).map_err(|e| {
                    pyo3::exceptions::PyOSError::new_err(format!("{}: {e}", path.display()))
                })
            })
        })
    }
}
