//! `qiime2._native`: the Rust side of the Python package `qiime2`, which gives QIIME 2's Python
//! API (`qiime2.Artifact`, `qiime2.plugins.<plugin>.pipelines`, `qiime2.sdk.parallel_config`)
//! over q2rs's framework. The Python modules around it shape the API; this module loads the
//! plugins, holds results and metadata, checks arguments and runs actions with the GIL released.

mod args;
mod cache;
mod config;
mod describe;
mod errors;
mod metadata;
mod result;
mod run;

use std::path::PathBuf;
use std::sync::OnceLock;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use qiime2::sdk::PluginManager;

static PLUGINS: OnceLock<PluginManager> = OnceLock::new();

/// The plugins of this process, loaded by [`load_plugins`].
pub(crate) fn plugins() -> PyResult<&'static PluginManager> {
    PLUGINS
        .get()
        .ok_or_else(|| PyRuntimeError::new_err("the plugins have not been loaded yet"))
}

/// Loads the plugins found in `dirs` (once per process; later calls keep the first set) and
/// returns a warning for each file that was skipped.
#[pyfunction]
fn load_plugins(py: Python<'_>, dirs: Vec<PathBuf>) -> Vec<String> {
    let pm = py.detach(|| PLUGINS.get_or_init(|| PluginManager::load_from(dirs)));
    pm.skipped().iter().map(ToString::to_string).collect()
}

/// Records `version` (`sys.version`) as the interpreter whose results this process makes.
#[pyfunction]
fn set_python_version(version: &str) {
    qiime2::sdk::set_python_version(version);
}

/// The module `qiime2._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("VERSION", qiime2::VERSION)?;
    m.add_function(wrap_pyfunction!(load_plugins, m)?)?;
    m.add_function(wrap_pyfunction!(set_python_version, m)?)?;
    m.add_function(wrap_pyfunction!(describe::plugins_described, m)?)?;
    m.add_function(wrap_pyfunction!(describe::artifact_classes, m)?)?;
    m.add_function(wrap_pyfunction!(run::call, m)?)?;
    m.add_function(wrap_pyfunction!(run::start, m)?)?;
    m.add_class::<result::NativeResult>()?;
    m.add_class::<metadata::NativeMetadata>()?;
    m.add_class::<config::NativeConfig>()?;
    m.add_class::<run::NativeFuture>()?;
    m.add_class::<cache::NativeCache>()?;
    m.add_class::<cache::NativePool>()?;
    errors::register(m)
}
