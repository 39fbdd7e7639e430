//! The cache for Python: results stored under keys, and recycle pools.

use std::path::PathBuf;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use qiime2::cache::{Cache, CacheError, RecyclePool};

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
    /// Opens the cache at `path` (by default the user's, as for `qiime`), creating it when the
    /// folder does not exist.
    #[staticmethod]
    #[pyo3(signature = (path=None))]
    fn open(py: Python<'_>, path: Option<PathBuf>) -> PyResult<Self> {
        py.detach(|| {
            no_panic(|| {
                let inner = match &path {
                    Some(path) => Cache::open(path),
                    None => qiime2::cache::default_cache(),
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

    /// The recycle pool `name` (made with its first step); unless `reuse`, a pool of that name
    /// must not exist yet.
    fn create_pool(&self, py: Python<'_>, name: &str, reuse: bool) -> PyResult<NativePool> {
        py.detach(|| {
            no_panic(|| {
                if !reuse && self.inner.keys().map_err(err)?.iter().any(|(k, _)| k == name) {
                    return Err(PyValueError::new_err(format!(
                        "the cache {} has a key '{name}' already; give reuse=True to resume                          the pool",
                        self.inner.path().display()
                    )));
                }
                RecyclePool::open(&self.inner, name)
                    .map(|pool| NativePool { pool })
                    .map_err(err)
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

/// A recycle pool: the pipelines run with it record each finished step in it, and a re-run
/// reuses the steps recorded.
#[pyclass(frozen, module = "qiime2._native")]
pub struct NativePool {
    pub(crate) pool: RecyclePool,
}

#[pymethods]
impl NativePool {
    /// The pool's name (its key in the cache).
    #[getter]
    fn name(&self) -> &str {
        self.pool.name()
    }

    /// How many steps it holds.
    fn steps(&self, py: Python<'_>) -> PyResult<usize> {
        py.detach(|| no_panic(|| self.pool.steps().map_err(err)))
    }

    /// Removes the pool and its key.
    fn remove(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| no_panic(|| self.pool.remove().map_err(err)))
    }
}
