//! Running actions from Python: serially or in parallel, on a thread of the framework's, while
//! the caller waits with the GIL released and answers Ctrl-C by stopping the run cleanly (workers
//! stopped, nothing half-written) before `KeyboardInterrupt` is raised.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use pyo3::exceptions::{PyRuntimeError, PyRuntimeWarning};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use qiime2::cache::{BackgroundRecorder, DEFAULT_RECORD_DELAY};
use qiime2::parallel::{ParallelRunner, ResultsFuture};
use qiime2::plugin::ActionKind;
use qiime2::sdk::{Action, Output, Results, SerialRunner};

use crate::args;
use crate::cache::NativePool;
use crate::config::NativeConfig;
use crate::errors::{no_panic, to_py};
use crate::plugins;
use crate::result::NativeResult;

/// How long a wait lasts between two checks for Ctrl-C.
const SLICE: Duration = Duration::from_millis(50);

/// Runs action `action` of plugin `plugin` serially with the keyword arguments `kwargs`, which
/// are checked first (a pipeline records its steps in `pool` when one is given); returns its
/// outputs as `(name, result or [(key, result), ...])`.
#[pyfunction]
#[pyo3(signature = (plugin, action, kwargs=None, pool=None))]
pub(crate) fn call<'py>(
    py: Python<'py>,
    plugin: &str,
    action: &str,
    kwargs: Option<&Bound<'py, PyDict>>,
    pool: Option<&NativePool>,
) -> PyResult<Bound<'py, PyList>> {
    let action = plugins()?.action(plugin, action).map_err(to_py)?;
    let args = args::build(&action, kwargs)?;
    let recorder = recorder(&action, pool);
    let future = no_panic(|| {
        match &recorder {
            Some(recorder) => {
                action.start_with(&args, SerialRunner::new().with_recycler(recorder.clone()))
            }
            None => action.start(&args),
        }
        .map_err(to_py)
    })?;
    let waited = wait(py, &future);
    let outcome = future.result();
    finish(py, recorder.as_deref())?;
    waited?;
    outputs(py, &outcome.map_err(to_py)?)
}

/// Starts action `action` of plugin `plugin` in parallel under `config`, with the keyword
/// arguments `kwargs`, which are checked first (its steps are recorded in `pool` when one is
/// given); returns at once.
#[pyfunction]
#[pyo3(signature = (plugin, action, config, kwargs=None, pool=None))]
pub(crate) fn start(
    plugin: &str,
    action: &str,
    config: &NativeConfig,
    kwargs: Option<&Bound<'_, PyDict>>,
    pool: Option<&NativePool>,
) -> PyResult<NativeFuture> {
    let action = plugins()?.action(plugin, action).map_err(to_py)?;
    let args = args::build(&action, kwargs)?;
    let recorder = recorder(&action, pool);
    let future = no_panic(|| {
        let mut runner = ParallelRunner::new(config.inner.clone()).map_err(to_py)?;
        if let Some(recorder) = &recorder {
            runner = runner.with_recycler(recorder.clone());
        }
        action.start_with(&args, runner).map_err(to_py)
    })?;
    Ok(NativeFuture {
        state: Mutex::new(Pending::Running(Arc::new(future))),
        recorder,
    })
}

/// The recorder of a pipeline run in `pool` (methods and visualizers have no steps).
fn recorder(action: &Action<'_>, pool: Option<&NativePool>) -> Option<Arc<BackgroundRecorder>> {
    let pool = pool.filter(|_| action.signature().kind == ActionKind::Pipeline)?;
    Some(Arc::new(BackgroundRecorder::new(
        pool.pool.clone(),
        DEFAULT_RECORD_DELAY,
    )))
}

/// After a run in a pool: every finished step is recorded (a step that cannot be is a warning:
/// a re-run runs it again).
fn finish(py: Python<'_>, recorder: Option<&BackgroundRecorder>) -> PyResult<()> {
    let Some(recorder) = recorder else {
        return Ok(());
    };
    match py.detach(|| recorder.finish(true)) {
        Ok(_) => Ok(()),
        Err(err) => {
            let message = format!(
                "a step could not be recorded in the recycle pool '{}' (a re-run runs it \
                 again): {err}",
                recorder.pool().name()
            );
            PyErr::warn(
                py,
                &py.get_type::<PyRuntimeWarning>(),
                &std::ffi::CString::new(message).unwrap_or_default(),
                1,
            )
        }
    }
}

/// A run started in parallel.
#[pyclass(frozen, module = "qiime2._native")]
pub struct NativeFuture {
    state: Mutex<Pending>,
    /// The recorder of the run's recycle pool, finished when the run is.
    recorder: Option<Arc<BackgroundRecorder>>,
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
                    Ok(future) => {
                        let outcome = future.result();
                        finish(py, self.recorder.as_deref())?;
                        *state = Pending::Finished(outcome.map_err(to_py)?);
                    }
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
