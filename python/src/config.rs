//! Parallel configurations for Python: read from QIIME 2's TOML files or dicts, with the action
//! -> executor mapping kept apart, as QIIME 2's `get_config_from_file` returns it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use qiime2::parallel::{ConfigError, ConfigSource, ParallelConfig};

/// A parallel configuration: executors and run settings (and, once given one, a mapping).
#[pyclass(frozen, module = "qiime2._native")]
pub struct NativeConfig {
    pub(crate) inner: ParallelConfig,
}

/// `{plugin: {action: executor label}}`, QIIME 2's executor mapping.
type Mapping = BTreeMap<String, BTreeMap<String, String>>;

fn config_error(e: ConfigError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// Splits `[parsl.executor_mapping]` off a config document; returns the rest as TOML text, and
/// the mapping, which must be QIIME 2's nested one.
fn split(mut document: toml::Table, origin: &str) -> PyResult<(String, Mapping)> {
    let mapping = document
        .get_mut("parsl")
        .and_then(toml::Value::as_table_mut)
        .and_then(|parsl| parsl.remove("executor_mapping"));
    let mapping: Mapping = match mapping {
        None => Mapping::new(),
        Some(value) => value.try_into().map_err(|_| {
            PyTypeError::new_err(format!(
                "{origin}: [parsl.executor_mapping] must map plugins to tables of actions and \
                 executor labels ([parsl.executor_mapping.<plugin>] <action> = \"<label>\")"
            ))
        })?,
    };
    let text = toml::to_string(&document).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok((text, mapping))
}

#[pymethods]
impl NativeConfig {
    /// Reads a QIIME 2 config file; returns the config and its mapping.
    #[staticmethod]
    fn from_file(path: PathBuf) -> PyResult<(Self, Mapping)> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("{origin}: {e}")))?;
        let document: toml::Table = text
            .parse()
            .map_err(|e| PyValueError::new_err(format!("{origin}: {e}")))?;
        let (rest, mapping) = split(document, &origin)?;
        let inner =
            ParallelConfig::from_toml(&rest, ConfigSource::File(path)).map_err(config_error)?;
        Ok((Self { inner }, mapping))
    }

    /// Reads a config given as a dict (`{"parsl": {...}}`, as JSON text); returns the config and
    /// its mapping.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<(Self, Mapping)> {
        let document: toml::Table =
            serde_json::from_str(text).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let (rest, mapping) = split(document, "the parallel config given")?;
        let inner = ParallelConfig::from_toml(&rest, ConfigSource::InCode).map_err(config_error)?;
        Ok((Self { inner }, mapping))
    }

    /// The configuration in force when none is given, by QIIME 2's precedence: the file named by
    /// `$QIIME2_CONFIG`, the user's `qiime2_config.toml`, else the built-in one.
    #[staticmethod]
    fn load_default() -> PyResult<Self> {
        ParallelConfig::load()
            .map(|inner| Self { inner })
            .map_err(config_error)
    }

    /// This configuration with the executor mapping `mapping` (`{plugin: {action: label}}`);
    /// a label no executor has is an error naming it.
    fn with_mapping(&self, mapping: Mapping) -> PyResult<Self> {
        let triples = mapping.into_iter().flat_map(|(plugin, actions)| {
            actions
                .into_iter()
                .map(move |(action, label)| (plugin.clone(), action, label))
        });
        let inner = ParallelConfig::new(self.inner.executors().to_vec(), triples)
            .map_err(config_error)?
            .with_task_timeout(self.inner.task_timeout())
            .with_retries(self.inner.retries());
        Ok(Self { inner })
    }

    /// Each executor as `(label, kind, workers)`: kind `threads`, `processes` or `slurm`;
    /// workers `None` where Slurm decides.
    fn executors(&self) -> Vec<(String, &'static str, Option<usize>)> {
        self.inner
            .executors()
            .iter()
            .map(|e| (e.label.clone(), e.kind.name(), e.kind.workers()))
            .collect()
    }

    /// Where the configuration came from.
    #[getter]
    fn source(&self) -> String {
        self.inner.source().to_string()
    }

    /// The label of the executor of the action `action_id` of the plugin `plugin`.
    fn executor_for(&self, plugin: &str, action_id: &str) -> String {
        self.inner.executor_for(plugin, action_id).label.clone()
    }
}
