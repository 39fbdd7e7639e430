//! Methods that record the parameters they were given, one `Mapping` entry per parameter.

use qiime2_plugin::metadata::{ColumnKind, MetadataColumn};
use qiime2_plugin::plugin::{ActionError, Arguments, MetadataFile, Results};

use crate::views::{IntSequence, Mapping};

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

/// The values recorded, as a `Mapping` of name to value.
fn mapping(pairs: Vec<(&str, String)>) -> Mapping {
    Mapping(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// Each parameter's value by name.
#[derive(Results)]
pub(super) struct Params {
    params: Mapping,
}

#[derive(Arguments)]
pub(super) struct PrimitiveParams {
    #[param]
    int_param: i64,
    #[param]
    float_param: f64,
    #[param]
    str_param: String,
    #[param]
    bool_param: bool,
}

/// Records `int_param`, `float_param`, `str_param` and `bool_param`.
pub(super) fn primitive_params(args: PrimitiveParams) -> Result<Params, ActionError> {
    let pairs = vec![
        ("int_param", args.int_param.to_string()),
        ("float_param", args.float_param.to_string()),
        ("str_param", args.str_param),
        ("bool_param", args.bool_param.to_string()),
    ];
    Ok(Params {
        params: mapping(pairs),
    })
}

#[derive(Arguments)]
pub(super) struct PredicateParams {
    #[param]
    choice: String,
    #[param]
    closed_range: i64,
    #[param]
    open_start: f64,
    #[param]
    open_end: f64,
    #[param]
    half_open: i64,
}

/// Records the parameters restricted by predicates.
pub(super) fn predicate_params(args: PredicateParams) -> Result<Params, ActionError> {
    let pairs = vec![
        ("choice", args.choice),
        ("closed_range", args.closed_range.to_string()),
        ("open_start", args.open_start.to_string()),
        ("open_end", args.open_end.to_string()),
        ("half_open", args.half_open.to_string()),
    ];
    Ok(Params {
        params: mapping(pairs),
    })
}

#[derive(Arguments)]
pub(super) struct CollectionParams {
    #[param]
    int_list: Vec<i64>,
    #[param]
    str_set: Vec<String>,
    #[param]
    fractions: Vec<f64>,
}

/// Records the List and Set parameters, comma-separated in the order received.
pub(super) fn collection_params(args: CollectionParams) -> Result<Params, ActionError> {
    let pairs = vec![
        ("int_list", join(&args.int_list)),
        ("str_set", join(&args.str_set)),
        ("fractions", join(&args.fractions)),
    ];
    Ok(Params {
        params: mapping(pairs),
    })
}

/// What was given.
#[derive(Results)]
pub(super) struct Report {
    report: Mapping,
}

#[derive(Arguments)]
pub(super) struct OptionalParams {
    #[input]
    ints: IntSequence,
    #[input]
    optional_ints: Option<IntSequence>,
    #[param]
    num1: Option<i64>,
    #[param]
    num2: i64,
    #[param]
    text: Option<String>,
}

/// Records the required input, and which optional input and parameters were given (`none` if not).
pub(super) fn optional_params(args: OptionalParams) -> Result<Report, ActionError> {
    let pairs = vec![
        ("ints", join(&args.ints.0)),
        (
            "optional_ints",
            or_none(args.optional_ints.map(|IntSequence(v)| join(&v))),
        ),
        ("num1", or_none(args.num1)),
        ("num2", args.num2.to_string()),
        ("text", or_none(args.text)),
    ];
    Ok(Report {
        report: mapping(pairs),
    })
}

#[derive(Arguments)]
pub(super) struct MetadataParams {
    #[param]
    metadata: MetadataFile,
    #[param]
    column: MetadataFile,
    #[param]
    numeric_column: Option<MetadataFile>,
}

/// Records the metadata's IDs and column names, and each column parameter's name and values.
pub(super) fn metadata_params(args: MetadataParams) -> Result<Report, ActionError> {
    let metadata = args.metadata.load().map_err(ActionError::msg)?;
    let column = args.column.load_column().map_err(ActionError::msg)?;
    let numeric = args.numeric_column.map(|file| file.load_column());
    let numeric = numeric.transpose().map_err(ActionError::msg)?;
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
    Ok(Report {
        report: mapping(pairs),
    })
}
