//! Typing one column: missing-value scheme, declared or inferred type, number parsing.

use std::collections::BTreeSet;

use super::number::is_numeric;
use super::{ColumnKind, ColumnType, MetadataColumn, MetadataError, MissingScheme};

/// The number a cell holds, if it reads as one in a metadata file.
fn parse_number(cell: &str) -> Option<f64> {
    if is_numeric(cell) {
        cell.parse().ok()
    } else {
        None
    }
}

/// Type one column: apply the missing scheme, then the declared or inferred type.
pub(super) fn build_column(
    name: &str,
    cells: &[(usize, &str)],
    declared: Option<ColumnType>,
    scheme: MissingScheme,
    file: &str,
) -> Result<MetadataColumn, MetadataError> {
    let terms: Vec<Option<String>> = cells
        .iter()
        .map(|&(_, cell)| scheme.is_term(cell).then(|| cell.to_string()))
        .collect();
    let present = |i: usize| !cells[i].1.is_empty() && terms[i].is_none();

    let mut bad: BTreeSet<&str> = BTreeSet::new();
    let mut first_bad_line = None;
    for (i, &(line, cell)) in cells.iter().enumerate() {
        if present(i) && parse_number(cell).is_none() {
            bad.insert(cell);
            first_bad_line.get_or_insert(line);
        }
    }
    let column_type = match declared {
        Some(ColumnType::Numeric) => {
            if let Some(line) = first_bad_line {
                return Err(MetadataError::NotNumeric {
                    file: file.to_string(),
                    line,
                    column: name.to_string(),
                    values: bad.into_iter().map(String::from).collect(),
                });
            }
            ColumnType::Numeric
        }
        Some(ColumnType::Categorical) => ColumnType::Categorical,
        None if bad.is_empty() => ColumnType::Numeric,
        None => ColumnType::Categorical,
    };

    if scheme == MissingScheme::NoMissing
        && let Some(&(line, _)) = cells.iter().find(|(_, cell)| cell.is_empty())
    {
        return Err(MetadataError::MissingNotAllowed {
            file: file.to_string(),
            line,
            column: name.to_string(),
        });
    }

    let kind = match column_type {
        ColumnType::Categorical => ColumnKind::Categorical(
            (0..cells.len())
                .map(|i| present(i).then(|| cells[i].1.to_string()))
                .collect(),
        ),
        ColumnType::Numeric => {
            let mut values = Vec::with_capacity(cells.len());
            for (i, &(line, cell)) in cells.iter().enumerate() {
                let value = if present(i) { parse_number(cell) } else { None };
                if value.is_some_and(f64::is_infinite) {
                    return Err(MetadataError::Infinite {
                        file: file.to_string(),
                        line,
                        column: name.to_string(),
                        value: cell.to_string(),
                    });
                }
                values.push(value);
            }
            ColumnKind::Numeric(values)
        }
    };
    Ok(MetadataColumn::from_parts(
        name.to_string(),
        kind,
        scheme,
        terms,
    ))
}
