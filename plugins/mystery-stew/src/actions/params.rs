//! Methods that record the parameters they were given, one `Mapping` entry per parameter.

use std::path::PathBuf;

use qiime2_plugin::metadata::{ColumnKind, Metadata, MetadataColumn};
use qiime2_plugin::plugin::{ActionContext, ActionError, FromParam, ParamValue};

use crate::views::{IntSequence, Mapping};

/// A `Metadata` or `MetadataColumn` parameter: the path of the TSV file the host saved it to.
///
/// The SDK reads primitives only, so the plugin reads metadata parameters through this type.
struct MetadataFile(PathBuf);

impl FromParam for MetadataFile {
    fn from_param(value: &ParamValue) -> Result<Self, &'static str> {
        match value {
            ParamValue::Metadata(path) => Ok(Self(PathBuf::from(path))),
            _ => Err("Metadata"),
        }
    }
}

impl MetadataFile {
    fn load(&self) -> Result<Metadata, ActionError> {
        Metadata::load(&self.0).map_err(ActionError::msg)
    }

    /// The one column of a `MetadataColumn` parameter's file.
    fn load_column(&self, name: &str) -> Result<MetadataColumn, ActionError> {
        let metadata = self.load()?;
        match metadata.columns() {
            [column] => Ok(column.clone()),
            columns => Err(ActionError::msg(format!(
                "parameter '{name}' should hold one metadata column, not {}",
                columns.len()
            ))),
        }
    }
}

fn join<T: ToString>(values: &[T]) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn or_none<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "none".to_owned(), |v| v.to_string())
}

fn column_values(column: &MetadataColumn) -> String {
    let cells: Vec<String> = match column.kind() {
        ColumnKind::Categorical(values) => values
            .iter()
            .map(|v| v.clone().unwrap_or_default())
            .collect(),
        ColumnKind::Numeric(values) => values.iter().map(|v| or_none(*v)).collect(),
    };
    join(&cells)
}

fn write(
    ctx: &mut ActionContext<'_>,
    output: &str,
    pairs: Vec<(&str, String)>,
) -> Result<(), ActionError> {
    let mapping = Mapping(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect());
    ctx.write_output(output, &mapping)
}

/// Records `int_param`, `float_param`, `str_param` and `bool_param`.
pub(super) fn primitive_params(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let pairs = vec![
        ("int_param", ctx.param::<i64>("int_param")?.to_string()),
        ("float_param", ctx.param::<f64>("float_param")?.to_string()),
        ("str_param", ctx.param::<String>("str_param")?),
        ("bool_param", ctx.param::<bool>("bool_param")?.to_string()),
    ];
    write(ctx, "params", pairs)
}

/// Records the parameters restricted by predicates.
pub(super) fn predicate_params(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let pairs = vec![
        ("choice", ctx.param::<String>("choice")?),
        (
            "closed_range",
            ctx.param::<i64>("closed_range")?.to_string(),
        ),
        ("open_start", ctx.param::<f64>("open_start")?.to_string()),
        ("open_end", ctx.param::<f64>("open_end")?.to_string()),
        ("half_open", ctx.param::<i64>("half_open")?.to_string()),
    ];
    write(ctx, "params", pairs)
}

/// Records the List and Set parameters, comma-separated in the order received.
pub(super) fn collection_params(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let pairs = vec![
        ("int_list", join(&ctx.param::<Vec<i64>>("int_list")?)),
        ("str_set", join(&ctx.param::<Vec<String>>("str_set")?)),
        ("fractions", join(&ctx.param::<Vec<f64>>("fractions")?)),
    ];
    write(ctx, "params", pairs)
}

/// Records the required input, and which optional input and parameters were given (`none` if not).
pub(super) fn optional_params(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let IntSequence(ints) = ctx.input("ints")?;
    let optional = ctx.optional_input::<IntSequence>("optional_ints")?;
    let pairs = vec![
        ("ints", join(&ints)),
        (
            "optional_ints",
            or_none(optional.map(|IntSequence(v)| join(&v))),
        ),
        ("num1", or_none(ctx.param::<Option<i64>>("num1")?)),
        ("num2", ctx.param::<i64>("num2")?.to_string()),
        ("text", or_none(ctx.param::<Option<String>>("text")?)),
    ];
    write(ctx, "report", pairs)
}

/// Records the metadata's IDs and column names, and each column parameter's name and values.
pub(super) fn metadata_params(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let metadata = ctx.param::<MetadataFile>("metadata")?.load()?;
    let column = ctx.param::<MetadataFile>("column")?.load_column("column")?;
    let numeric = ctx
        .param::<Option<MetadataFile>>("numeric_column")?
        .map(|file| file.load_column("numeric_column"))
        .transpose()?;
    let pairs = vec![
        ("ids", join(metadata.ids())),
        ("columns", metadata.column_names().join(",")),
        (
            "column",
            format!("{}={}", column.name(), column_values(&column)),
        ),
        (
            "numeric_column",
            or_none(numeric.map(|c| format!("{}={}", c.name(), column_values(&c)))),
        ),
    ];
    write(ctx, "report", pairs)
}
