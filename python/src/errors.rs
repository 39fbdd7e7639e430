//! Framework errors as Python exceptions: bad input is a `TypeError` or `ValueError`, a failed
//! run an `ActionError` naming what failed, a file problem an `OSError`.

use pyo3::exceptions::{PyOSError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use qiime2::sdk::SdkError;

pyo3::create_exception!(
    _native,
    ActionError,
    PyRuntimeError,
    "An action (or one step of a pipeline) failed while it ran."
);

/// Adds the exception classes to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ActionError", m.py().get_type::<ActionError>())
}

/// The Python exception for a framework error.
pub(crate) fn to_py(err: SdkError) -> PyErr {
    let message = err.to_string();
    match err {
        SdkError::BadArgument { .. }
        | SdkError::Invalid { .. }
        | SdkError::Archive(_)
        | SdkError::Metadata(_)
        | SdkError::Provenance(_)
        | SdkError::NoSuchPlugin { .. }
        | SdkError::NoSuchAction { .. }
        | SdkError::UnsupportedExecutor { .. } => PyValueError::new_err(message),
        SdkError::UnknownType { .. }
        | SdkError::BadFormat { .. }
        | SdkError::NotMetadata { .. }
        | SdkError::View { .. } => PyTypeError::new_err(message),
        SdkError::Io { .. } => PyOSError::new_err(message),
        SdkError::Step(_) | SdkError::Run(_) | SdkError::Plugin(_) | SdkError::BadOutput { .. } => {
            ActionError::new_err(message)
        }
    }
}

/// Runs `work`, turning a panic into a `RuntimeError`: no Rust panic reaches Python.
pub(crate) fn no_panic<T>(work: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        Err(PyRuntimeError::new_err(format!(
            "internal error in q2rs: {}",
            panic_text(panic.as_ref())
        )))
    })
}

/// What a panic carried.
pub(crate) fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned())
}
