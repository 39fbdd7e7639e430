//! The check of an action's body against its signature, run when the plugin is built: every
//! field of the body's arguments and results must be an input, parameter or output of the
//! signature, of a fitting kind, and every one of those must be a field.

use super::field::{Field, FieldKind, Shape, ViewInfo};
use crate::plugin::descriptor::{ActionKind, ActionSignature, TransformerDecl};
use crate::plugin::value::ParamValue;
use crate::types::TypeExpr;

/// The output every visualizer has, written through the context rather than a field.
const VISUALIZATION: &str = "visualization";

/// Checks `fields` against `signature`, and records in it the view each input and output is
/// read as or written from. The error is one line naming the action, the name and the mismatch.
pub(crate) fn check_fields(
    signature: &mut ActionSignature,
    fields: &[Field],
) -> Result<(), String> {
    let action = signature.id.clone();
    let refuse = |what: String| format!("action '{action}', {what}");
    let mut seen: Vec<&str> = Vec::new();
    for field in fields {
        if seen.contains(&field.name) {
            return Err(refuse(format!(
                "'{}': the body's fields name it twice",
                field.name
            )));
        }
        seen.push(field.name);
        match field.kind {
            FieldKind::Input { shape, view } => check_input(signature, field.name, shape, view),
            FieldKind::Param {
                rust,
                accepts,
                optional,
            } => check_param(signature, field.name, rust(), accepts, optional),
            FieldKind::Output { shape, view } => check_output(signature, field.name, shape, view),
        }
        .map_err(refuse)?;
    }
    let declared = signature
        .inputs
        .iter()
        .map(|i| ("input", &i.name))
        .chain(signature.parameters.iter().map(|p| ("parameter", &p.name)))
        .chain(signature.outputs.iter().map(|o| ("output", &o.name)))
        .filter(|(kind, name)| !(*kind == "output" && is_visualization(signature.kind, name)));
    for (kind, name) in declared {
        if !seen.contains(&name.as_str()) {
            return Err(refuse(format!(
                "{kind} '{name}': the signature declares it, but the body has no field '{name}'"
            )));
        }
    }
    Ok(())
}

fn is_visualization(kind: ActionKind, name: &str) -> bool {
    kind == ActionKind::Visualizer && name == VISUALIZATION
}

/// Where `name` is declared instead, for a field of the wrong role.
fn declared_as(signature: &ActionSignature, name: &str) -> Option<&'static str> {
    if signature.inputs.iter().any(|i| i.name == name) {
        Some("an input (mark the field #[input])")
    } else if signature.parameters.iter().any(|p| p.name == name) {
        Some("a parameter (mark the field #[param])")
    } else if signature.outputs.iter().any(|o| o.name == name) {
        Some("an output (a field of the results)")
    } else {
        None
    }
}

fn undeclared(signature: &ActionSignature, role: &str, name: &str) -> String {
    match declared_as(signature, name) {
        Some(place) => format!("{role} '{name}': the signature declares '{name}' as {place}"),
        None => {
            let names: Vec<&str> = match role {
                "input" => signature.inputs.iter().map(|i| i.name.as_str()).collect(),
                "parameter" => signature
                    .parameters
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect(),
                _ => signature.outputs.iter().map(|o| o.name.as_str()).collect(),
            };
            let names = if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            };
            format!(
                "{role} '{name}': the body has a field '{name}', but the signature declares no \
                 {role} of that name (its {role}s: {names})"
            )
        }
    }
}

/// The parsed type of a declared expression; `None` leaves the fault to the descriptor check.
fn parsed(expression: &str) -> Option<TypeExpr> {
    expression.parse().ok()
}

fn check_shape(
    role: &str,
    name: &str,
    expression: &str,
    optional: bool,
    shape: Shape,
) -> Result<(), String> {
    let collection = parsed(expression).is_some_and(|t| t.is_collection());
    let wanted = match (collection, optional) {
        (true, _) => Shape::Collection,
        (false, true) => Shape::Optional,
        (false, false) => Shape::One,
    };
    if shape == wanted {
        return Ok(());
    }
    let read_it = match wanted {
        Shape::Collection => "a Collection",
        Shape::Optional => "an Option, since it may be left out",
        Shape::One => "one value, neither an Option nor a Collection",
    };
    Err(format!(
        "{role} '{name}' is {expression}{}: the body's field must be {read_it}",
        if optional { " (optional)" } else { "" }
    ))
}

fn check_handle(
    kind: ActionKind,
    role: &str,
    name: &str,
    view: Option<ViewInfo>,
) -> Result<(), String> {
    match (kind, view) {
        (ActionKind::Pipeline, Some(view)) if role == "output" => Err(format!(
            "output '{name}': a pipeline returns the Handle of a result it called for, not a view \
             ({})",
            view.name
        )),
        (ActionKind::Method | ActionKind::Visualizer, None) => Err(format!(
            "{role} '{name}': a Handle is for pipelines; a {} reads and writes views",
            kind.as_str()
        )),
        _ => Ok(()),
    }
}

fn check_input(
    signature: &mut ActionSignature,
    name: &str,
    shape: Shape,
    view: Option<ViewInfo>,
) -> Result<(), String> {
    check_handle(signature.kind, "input", name, view)?;
    let Some(spec) = signature.inputs.iter_mut().find(|i| i.name == name) else {
        return Err(undeclared(signature, "input", name));
    };
    check_shape("input", name, &spec.qiime_type, spec.optional, shape)?;
    spec.view = view.map(|v| v.name.to_owned());
    Ok(())
}

fn check_param(
    signature: &ActionSignature,
    name: &str,
    rust: String,
    accepts: fn(&TypeExpr) -> bool,
    optional: bool,
) -> Result<(), String> {
    let Some(spec) = signature.parameters.iter().find(|p| p.name == name) else {
        return Err(undeclared(signature, "parameter", name));
    };
    if parsed(&spec.qiime_type).is_some_and(|t| !accepts(&t)) {
        return Err(format!(
            "parameter '{name}' is {} in the signature, but the body reads it as {rust}",
            spec.qiime_type
        ));
    }
    let may_be_left_out = spec.default == Some(ParamValue::Null);
    if may_be_left_out && !optional {
        return Err(format!(
            "parameter '{name}' may be left out (its default is None), but the body reads it as \
             {rust}: read it as an Option"
        ));
    }
    if optional && !may_be_left_out {
        return Err(format!(
            "parameter '{name}' always has a value, but the body reads it as {rust}: read it \
             without Option"
        ));
    }
    Ok(())
}

fn check_output(
    signature: &mut ActionSignature,
    name: &str,
    shape: Shape,
    view: Option<ViewInfo>,
) -> Result<(), String> {
    check_handle(signature.kind, "output", name, view)?;
    let kind = signature.kind;
    let Some(spec) = signature
        .outputs
        .iter_mut()
        .find(|o| o.name == name && !is_visualization(kind, &o.name))
    else {
        return Err(undeclared(signature, "output", name));
    };
    check_shape("output", name, &spec.qiime_type, false, shape)?;
    spec.view = view.map(|v| v.name.to_owned());
    Ok(())
}

/// The conversions the views of `fields` declare: from each format a view reads, and to the
/// format it writes.
pub(crate) fn conversions(fields: &[Field]) -> Vec<TransformerDecl> {
    let mut found: Vec<TransformerDecl> = Vec::new();
    let views = fields.iter().filter_map(|field| match field.kind {
        FieldKind::Input { view, .. } | FieldKind::Output { view, .. } => view,
        FieldKind::Param { .. } => None,
    });
    for view in views {
        for decl in view_conversions(view) {
            if !found.contains(&decl) {
                found.push(decl);
            }
        }
    }
    found
}

/// The transformers one view declares.
pub(crate) fn view_conversions(view: ViewInfo) -> Vec<TransformerDecl> {
    let decl = |from: &str, to: &str| TransformerDecl {
        from: from.to_owned(),
        to: to.to_owned(),
        citations: Vec::new(),
    };
    view.reads
        .iter()
        .map(|format| decl(format, view.name))
        .chain(std::iter::once(decl(view.name, view.writes)))
        .collect()
}

#[cfg(test)]
mod tests;
