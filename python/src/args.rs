//! Keyword arguments from Python checked against an action's signature, as the CLI checks its
//! options, before anything runs: a missing or unknown argument, or an artifact of the wrong type,
//! is a `TypeError`; a value outside its parameter's range or choices a `ValueError`.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyString, PyTuple};
use qiime2::plugin::{InputSpec, ParamMismatch, ParamValue, ParameterSpec};
use qiime2::sdk::{Action, Arg, Args, Artifact};
use qiime2::types::{PrimitiveKind, TypeExpr, ValueError};

use crate::metadata::NativeMetadata;
use crate::result::NativeResult;

/// The arguments of a call of `action` from Python's keyword arguments, checked.
pub(crate) fn build(action: &Action<'_>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Args> {
    let signature = action.signature();
    let id = &signature.id;
    let mut args = Args::new();
    let given = |name: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        match kwargs {
            Some(kwargs) => Ok(kwargs.get_item(name)?.filter(|v| !v.is_none())),
            None => Ok(None),
        }
    };
    if let Some(kwargs) = kwargs {
        for key in kwargs.keys() {
            let key: String = key.extract()?;
            let known = signature.inputs.iter().any(|i| i.name == key)
                || signature.parameters.iter().any(|p| p.name == key);
            if !known {
                return Err(PyTypeError::new_err(format!(
                    "{id}() got an unexpected keyword argument '{key}'"
                )));
            }
        }
    }
    for spec in &signature.inputs {
        let ty = parse(&spec.qiime_type)?;
        match given(&spec.name)? {
            Some(value) => args.set(&spec.name, input(spec, &ty, &value)?),
            None if spec.optional => {}
            None => return Err(missing(id, &spec.name, &ty)),
        }
    }
    for spec in &signature.parameters {
        let ty = parse(&spec.qiime_type)?;
        match given(&spec.name)? {
            Some(value) => args.set(&spec.name, parameter(spec, &ty, &value)?),
            None if spec.default.is_some() => {}
            None => return Err(missing(id, &spec.name, &ty)),
        }
    }
    Ok(args)
}

fn missing(id: &str, name: &str, ty: &TypeExpr) -> PyErr {
    PyTypeError::new_err(format!("{id}() missing required argument '{name}' ({ty})"))
}

fn parse(expression: &str) -> PyResult<TypeExpr> {
    TypeExpr::parse(expression).map_err(|e| PyValueError::new_err(e.to_string()))
}

fn invalid(name: &str, reason: impl std::fmt::Display) -> String {
    format!("Invalid value for '{name}': {reason}")
}

/// The type name of a Python value, for messages.
fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |n| n.to_string())
}

/// The result behind `value`: a native result, or an object (`qiime2.Artifact`) holding one.
fn result_of(value: &Bound<'_, PyAny>) -> Option<Artifact> {
    let native = match value.cast::<NativeResult>() {
        Ok(native) => native.clone(),
        Err(_) => value
            .getattr("_native")
            .ok()?
            .cast_into::<NativeResult>()
            .ok()?,
    };
    Some(native.get().inner.clone())
}

/// The metadata behind `value`: native metadata, or an object (`qiime2.Metadata`) holding it.
pub(crate) fn metadata_of(value: &Bound<'_, PyAny>) -> Option<qiime2::metadata::Metadata> {
    let native = match value.cast::<NativeMetadata>() {
        Ok(native) => native.clone(),
        Err(_) => value
            .getattr("_native")
            .ok()?
            .cast_into::<NativeMetadata>()
            .ok()?,
    };
    Some(native.get().inner.clone())
}

fn checked_artifact(name: &str, value: &Bound<'_, PyAny>, ty: &TypeExpr) -> PyResult<Artifact> {
    let artifact = result_of(value).ok_or_else(|| {
        PyTypeError::new_err(invalid(
            name,
            format!(
                "expected an artifact of type {ty}, not a {}",
                type_name(value)
            ),
        ))
    })?;
    let fits = TypeExpr::parse(artifact.semantic_type()).is_ok_and(|t| t.is_subtype(ty));
    if fits {
        Ok(artifact)
    } else {
        Err(PyTypeError::new_err(invalid(
            name,
            format!(
                "Expected an artifact of at least type {ty}. An artifact of type {} was provided.",
                artifact.semantic_type()
            ),
        )))
    }
}

fn input(spec: &InputSpec, ty: &TypeExpr, value: &Bound<'_, PyAny>) -> PyResult<Arg> {
    let name = &spec.name;
    let TypeExpr::Collection { element, .. } = ty else {
        return Ok(Arg::Artifact(checked_artifact(name, value, ty)?));
    };
    // A mapping (a `ResultCollection`, a dict) keeps its keys; a sequence is keyed 0, 1, ...
    let keyed: Vec<(String, Bound<'_, PyAny>)> = if let Ok(items) = value.call_method0("items") {
        items
            .try_iter()?
            .map(|pair| {
                let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair?.extract()?;
                Ok((k.str()?.to_string(), v))
            })
            .collect::<PyResult<_>>()?
    } else if value.is_instance_of::<PyList>()
        || value.is_instance_of::<PyTuple>()
        || value.is_instance_of::<PySet>()
    {
        value
            .try_iter()?
            .enumerate()
            .map(|(i, v)| Ok((i.to_string(), v?)))
            .collect::<PyResult<_>>()?
    } else {
        return Err(PyTypeError::new_err(invalid(
            name,
            format!(
                "expected a collection of artifacts ({ty}), not a {}",
                type_name(value)
            ),
        )));
    };
    let items = keyed
        .iter()
        .map(|(key, v)| Ok((key.clone(), checked_artifact(name, v, element)?)))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Arg::Artifacts(items))
}

fn parameter(spec: &ParameterSpec, ty: &TypeExpr, value: &Bound<'_, PyAny>) -> PyResult<Arg> {
    let name = &spec.name;
    if matches!(ty, TypeExpr::Metadata | TypeExpr::MetadataColumn(_)) {
        return metadata_of(value).map(Arg::Metadata).ok_or_else(|| {
            PyTypeError::new_err(invalid(
                name,
                format!("expected {ty}, not a {}", type_name(value)),
            ))
        });
    }
    let value = param_value(name, ty, value)?;
    check(name, ty, &value)?;
    Ok(Arg::Value(value))
}

/// A Python value as a parameter value of `ty` (an `int` given for a `Float` is a float).
fn param_value(name: &str, ty: &TypeExpr, value: &Bound<'_, PyAny>) -> PyResult<ParamValue> {
    let element = match ty {
        TypeExpr::Collection { element, .. } => element.as_ref(),
        other => other,
    };
    let single = |v: &Bound<'_, PyAny>| -> PyResult<ParamValue> {
        if v.is_instance_of::<PyBool>() {
            Ok(ParamValue::Bool(v.extract()?))
        } else if v.is_instance_of::<PyInt>() {
            let i: i64 = v.extract()?;
            Ok(if wants_float(element) {
                ParamValue::Float(i as f64)
            } else {
                ParamValue::Int(i)
            })
        } else if v.is_instance_of::<PyFloat>() {
            Ok(ParamValue::Float(v.extract()?))
        } else if v.is_instance_of::<PyString>() {
            Ok(ParamValue::Str(v.extract()?))
        } else {
            Err(PyTypeError::new_err(invalid(
                name,
                format!("a {} is not a value of type {ty}", type_name(v)),
            )))
        }
    };
    let is_set = value.is_instance_of::<PySet>() || value.is_instance_of::<PyFrozenSet>();
    if is_set || value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        if !matches!(ty, TypeExpr::Collection { .. }) {
            return Err(PyTypeError::new_err(invalid(
                name,
                format!("a {} is not a value of type {ty}", type_name(value)),
            )));
        }
        let items = value
            .try_iter()?
            .map(|v| single(&v?))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(if is_set {
            ParamValue::Set(items)
        } else {
            ParamValue::List(items)
        });
    }
    single(value)
}

/// Whether an integer given for `ty` is meant as a float (`Float`, or a union with `Float` but
/// no `Int`).
fn wants_float(ty: &TypeExpr) -> bool {
    let kind_of = |t: &TypeExpr| match t {
        TypeExpr::Primitive { kind, .. } => Some(*kind),
        _ => None,
    };
    match ty {
        TypeExpr::Union(members) => {
            let kinds: Vec<_> = members.iter().filter_map(kind_of).collect();
            kinds.contains(&PrimitiveKind::Float) && !kinds.contains(&PrimitiveKind::Int)
        }
        other => kind_of(other) == Some(PrimitiveKind::Float),
    }
}

/// Checks `value` against `ty` as the CLI does: the wrong kind of value is a `TypeError`, a
/// value outside the range or choices a `ValueError`, with the CLI's reason.
fn check(name: &str, ty: &TypeExpr, value: &ParamValue) -> PyResult<()> {
    value.check_against(ty).map_err(|mismatch| match mismatch {
        ParamMismatch::NotPrimitive(_) => {
            PyTypeError::new_err(invalid(name, format!("not a value of type {ty}")))
        }
        ParamMismatch::Value(problem) => {
            let message = invalid(name, &problem);
            match problem {
                ValueError::Unsatisfied { .. } => PyValueError::new_err(message),
                _ => PyTypeError::new_err(message),
            }
        }
    })
}
