//! Running actions from Python: serially or in parallel, on a thread of the framework's, while
//! the caller waits with the GIL released and answers Ctrl-C by stopping the run cleanly (workers
//! stopped, nothing half-written) before `KeyboardInterrupt` is raised.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use qiime2::parallel::ResultsFuture;
use qiime2::sdk::{Output, Results};

use crate::args;
use crate::config::NativeConfig;
use crate::errors::{no_panic, to_py};
use crate::plugins;
use crate::result::NativeResult;

/// How long a wait lasts between two checks for Ctrl-C.
const SLICE: Duration = Duration::from_millis(50);

/// Runs action `action` of plugin `plugin` serially with the keyword arguments `kwargs`, which
/// are checked first; returns its outputs as `(name, result or [(key, result), ...])`.
#[pyfunction]
#[pyo3(signature = (plugin, action, kwargs=None))]
pub(crate) fn call<'py>(
    py: Python<'py>,
    plugin: &str,
    action: &str,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyList>> {
    let action = plugins()?.action(plugin, action).map_err(to_py)?;
    let args = args::build(&action, kwargs)?;
    let future = no_panic(|| action.start(&args).map_err(to_py))?;
    wait(py, &future)?;
    outputs(py, &future.result().map_err(to_py)?)
}

/// Starts action `action` of plugin `plugin` in parallel under `config`, with the keyword
/// arguments `kwargs`, which are checked first; returns at once.
#[pyfunction]
#[pyo3(signature = (plugin, action, config, kwargs=None))]
pub(crate) fn start(
    plugin: &str,
    action: &str,
    config: &NativeConfig,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<NativeFuture> {
    let action = plugins()?.action(plugin, action).map_err(to_py)?;
    let args = args::build(&action, kwargs)?;
    let future = no_panic(|| {
        let _in_force = config
            .inner
            .clone()
            .enter()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        action.parallel(&args).map_err(to_py)
    })?;
    Ok(NativeFuture {
        state: Mutex::new(Pending::Running(Arc::new(future))),
    })
}

/// A run started in parallel.
#[pyclass(frozen, module = "qiime2._native")]
pub struct NativeFuture {
    state: Mutex<Pending>,
}

enum Pending {
    /// Shared with whoever waits for it, so that the state's lock is never held while waiting.
    Running(Arc<ResultsFuture>),
    Finished(Results),
    Failed,
}

#[pymethods]
impl NativeFuture {
    /// Whether the run has finished.
    fn done(&self) -> bool {
        match &*self.lock() {
            Pending::Running(future) => future.is_finished(),
            Pending::Finished(_) | Pending::Failed => true,
        }
    }

    /// Waits for the run (answering Ctrl-C) and returns its outputs as `call` does. A run that
    /// failed raises its error the first time, and `RuntimeError` after.
    fn result<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        loop {
            let running = match &*self.lock() {
                Pending::Running(future) => Arc::clone(future),
                Pending::Finished(results) => return outputs(py, results),
                Pending::Failed => {
                    return Err(PyRuntimeError::new_err(
                        "the run failed; its error was raised already",
                    ));
                }
            };
            wait(py, &running)?;
            drop(running);
            let mut state = self.lock();
            if let Pending::Running(future) = std::mem::replace(&mut *state, Pending::Failed) {
                match Arc::try_unwrap(future) {
                    Ok(future) => *state = Pending::Finished(future.result().map_err(to_py)?),
                    // Another thread waits for it too: look again once that one has let go.
                    Err(shared) => *state = Pending::Running(shared),
                }
            }
        }
    }
}

impl NativeFuture {
    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Waits for `future` in slices, with the GIL released, checking for Ctrl-C between slices. On
/// an interrupt the framework stops the run (worker processes killed, files being written
/// removed, no new step started), the run is waited for, and `KeyboardInterrupt` is raised.
///
/// A terminal's Ctrl-C also reaches the worker processes, which stop at once and fail the run:
/// a run that ended while an interrupt was pending raises `KeyboardInterrupt` too.
fn wait(py: Python<'_>, future: &ResultsFuture) -> PyResult<()> {
    loop {
        let finished = py.detach(|| future.wait_for(SLICE));
        if finished {
            return py.check_signals();
        }
        if let Err(interrupt) = py.check_signals() {
            let stopping = qiime2::interrupt::stop_registered();
            py.detach(|| while !future.wait_for(SLICE) {});
            drop(stopping);
            return Err(interrupt);
        }
    }
}

/// The outputs as `[(name, result or [(key, result), ...]), ...]`, in signature order.
fn outputs<'py>(py: Python<'py>, results: &Results) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for (name, output) in results.iter() {
        let value = match output {
            Output::Artifact(artifact) => {
                Bound::new(py, NativeResult::new(artifact.clone()))?.into_any()
            }
            Output::Collection(items) => {
                let elements = PyList::empty(py);
                for (key, artifact) in items {
                    let native = Bound::new(py, NativeResult::new(artifact.clone()))?;
                    elements.append(PyTuple::new(
                        py,
                        [key.into_pyobject(py)?.into_any(), native.into_any()],
                    )?)?;
                }
                elements.into_any()
            }
        };
        list.append(PyTuple::new(
            py,
            [name.into_pyobject(py)?.into_any(), value],
        )?)?;
    }
    Ok(list)
}
