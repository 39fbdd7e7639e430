//! Metadata parameters: `--m-NAME-file` files merged, and for a column parameter the column
//! picked by `--m-NAME-column`, checked against the kinds the parameter accepts.

use std::path::PathBuf;

use clap::ArgMatches;
use qiime2::sdk::Arg;

use super::error::RunError;
use crate::commands::{ParamOption, ParamShape};
use crate::metadata_files::load_merged;

/// The metadata given for `param` (`None` when left out or not a metadata parameter).
pub fn metadata_value(param: &ParamOption, matches: &ArgMatches) -> Result<Option<Arg>, RunError> {
    let kinds = match &param.shape {
        ParamShape::Metadata => None,
        ParamShape::Column(kinds) => Some(kinds),
        _ => return Ok(None),
    };
    let flag = param.flag();
    let files: Vec<PathBuf> = matches
        .get_many::<String>(&flag)
        .map(|v| v.map(PathBuf::from).collect())
        .unwrap_or_default();
    let column_flag = param.second_flag().unwrap_or_default();
    let column = kinds.and_then(|_| matches.get_one::<String>(&column_flag));
    if files.is_empty() {
        return match (param.is_required(), column) {
            (_, Some(_)) | (true, None) => Err(RunError::Missing { option: flag }),
            (false, None) => Ok(None),
        };
    }
    let bad = |option: &str, reason: String| RunError::BadOption {
        option: option.to_owned(),
        reason,
    };
    let metadata = load_merged(&files).map_err(|e| bad(&flag, format!("{e:#}")))?;
    let Some(kinds) = kinds else {
        return Ok(Some(Arg::Metadata(metadata)));
    };
    let Some(column) = column else {
        return Err(RunError::Missing {
            option: column_flag,
        });
    };
    let found = metadata.column(column).map_err(|_| {
        bad(
            &column_flag,
            format!(
                "'{column}' is not a column of the metadata (its columns: {})",
                metadata.column_names().join(", ")
            ),
        )
    })?;
    if !kinds.contains(&found.column_type()) {
        return Err(bad(
            &column_flag,
            format!(
                "column '{column}' is {}, but the parameter takes {}",
                found.column_type(),
                param.ty
            ),
        ));
    }
    let selected = metadata
        .filter_columns(&[column])
        .map_err(|e| bad(&column_flag, e.to_string()))?;
    Ok(Some(Arg::Metadata(selected)))
}
