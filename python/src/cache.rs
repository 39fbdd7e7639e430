//! The cache for Python: results stored under keys, and recycle pools.

use std::path::PathBuf;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use qiime2::cache::{Cache, CacheError};

use crate::errors::no_panic;
use crate::result::NativeResult;

/// A cache folder in QIIME 2's layout.
#[pyclass(frozen, module = "qiime2._native")]
pub struct NativeCache {
    pub(crate) inner: Cache,
}

fn err(e: CacheError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

#[pymethods]
impl NativeCache {
    /// Opens the cache at `path`, creating it when the folder does not exist (or is empty).
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        py.detach(|| {
            no_panic(|| {
                let exists = Cache::is_cache(&path);
                let inner = if exists {
                    Cache::open(&path)
                } else {
                    Cache::create(&path)
                };
                inner.map(|inner| Self { inner }).map_err(err)
            })
        })
    }

    /// Its folder.
    #[getter]
    fn path(&self) -> PathBuf {
        self.inner.path().to_path_buf()
    }

    /// Stores `result` under `key`.
    fn save(&self, py: Python<'_>, result: &NativeResult, key: &str) -> PyResult<()> {
        py.detach(|| no_panic(|| self.inner.store(&result.inner, key).map_err(err)))
    }

    /// The result stored under `key`.
    fn load(&self, py: Python<'_>, key: &str) -> PyResult<NativeResult> {
        py.detach(|| no_panic(|| self.inner.fetch(key).map(NativeResult::new).map_err(err)))
    }

    /// Removes the key `key` (its data go at the next garbage collection).
    fn remove(&self, py: Python<'_>, key: &str) -> PyResult<()> {
        py.detach(|| no_panic(|| self.inner.remove(key).map_err(err)))
    }

    /// The keys, in name order.
    fn keys(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        py.detach(|| {
            no_panic(|| {
                let keys = self.inner.keys().map_err(err)?;
                Ok(keys.into_iter().map(|(k, _)| k).collect())
            })
        })
    }

    /// Removes what no key or running process holds; returns how many results, pools and process entries went.
    fn garbage_collection(&self, py: Python<'_>) -> PyResult<(usize, usize, usize)> {
        py.detach(|| {
            no_panic(|| {
                self.inner
                    .garbage_collect()
                    .map(|c| (c.data, c.pools, c.processes))
                    .map_err(err)
            })
        })
    }
}
