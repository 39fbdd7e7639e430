//! The loaded plugins described for Python: the modules `qiime2.plugins.<plugin>.*` and the
//! actions' docstrings are generated from this.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList};
use qiime2::plugin::{ActionSignature, ParamValue};
use serde_json::{Value, json};

use crate::plugins;

/// Every loaded plugin and its actions' signatures, as Python lists and dicts.
#[pyfunction]
pub(crate) fn plugins_described(py: Python<'_>) -> PyResult<Py<PyAny>> {
    let described: Vec<Value> = plugins()?
        .plugins()
        .iter()
        .map(|p| {
            let d = &p.descriptor;
            json!({
                "name": d.name,
                "version": d.version,
                "website": d.website,
                "description": d.description,
                "short_description": d.short_description,
                "path": p.path,
                "actions": d.actions.iter().map(action).collect::<Vec<_>>(),
            })
        })
        .collect();
    to_python(py, &Value::Array(described))
}

/// A JSON value as the Python object `json.loads` would give.
fn to_python(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into_pyobject(py)?.into_any().unbind(),
            None => n
                .as_f64()
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_python(py, item)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

fn action(signature: &ActionSignature) -> Value {
    json!({
        "id": signature.id,
        "kind": signature.kind.as_str(),
        "name": signature.name,
        "description": signature.description,
        "inputs": signature.inputs.iter().map(|i| json!({
            "name": i.name, "type": i.qiime_type, "description": i.description,
            "optional": i.optional,
        })).collect::<Vec<_>>(),
        "parameters": signature.parameters.iter().map(|p| json!({
            "name": p.name, "type": p.qiime_type, "description": p.description,
            "has_default": p.default.is_some(),
            "default": p.default.as_ref().map(value),
        })).collect::<Vec<_>>(),
        "outputs": signature.outputs.iter().map(|o| json!({
            "name": o.name, "type": o.qiime_type, "description": o.description,
        })).collect::<Vec<_>>(),
    })
}

/// A default value as JSON (a set becomes a list, as JSON has no sets).
fn value(v: &ParamValue) -> Value {
    match v {
        ParamValue::Null => Value::Null,
        ParamValue::Bool(b) => json!(b),
        ParamValue::Int(i) => json!(i),
        ParamValue::Float(f) => json!(f),
        ParamValue::Str(s) | ParamValue::Metadata(s) => json!(s),
        ParamValue::List(items) | ParamValue::Set(items) => items.iter().map(value).collect(),
    }
}

/// An artifact class: `(semantic type, directory format, metadata file or None, plugin)`.
type ClassRow = (String, String, Option<String>, String);

/// Every artifact class.
#[pyfunction]
pub(crate) fn artifact_classes() -> PyResult<Vec<ClassRow>> {
    Ok(plugins()?
        .artifact_classes()
        .map(|(p, c)| {
            (
                c.semantic_type.clone(),
                c.format.clone(),
                c.metadata_file.clone(),
                p.descriptor.name.clone(),
            )
        })
        .collect())
}
