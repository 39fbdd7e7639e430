//! One metadata column: its name, values and missing-value scheme.

use std::fmt;

pub use crate::types::ColumnType;

/// The values of a column, one per metadata ID (in the metadata's ID order); `None` is missing.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnKind {
    /// Text values.
    Categorical(Vec<Option<String>>),
    /// Finite 64-bit float values.
    Numeric(Vec<Option<f64>>),
}

/// How missing values are written in a column, as given by a `#q2:missing` directive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MissingScheme {
    /// Empty cells are missing (the default).
    #[default]
    Blank,
    /// No value may be missing.
    NoMissing,
    /// Empty cells and the INSDC terms (`not applicable`, `missing`, `not collected`,
    /// `not provided`, `restricted access`) are missing.
    InsdcMissing,
}

/// The INSDC vocabulary for missing values (lower case, exact match).
pub(crate) const INSDC_TERMS: [&str; 5] = [
    "not applicable",
    "missing",
    "not collected",
    "not provided",
    "restricted access",
];

impl MissingScheme {
    /// The directive spelling: `blank`, `no-missing` or `INSDC:missing`.
    pub fn as_str(self) -> &'static str {
        match self {
            MissingScheme::Blank => "blank",
            MissingScheme::NoMissing => "no-missing",
            MissingScheme::InsdcMissing => "INSDC:missing",
        }
    }

    /// Parse a `#q2:missing` cell (case-sensitive).
    ///
    /// # Examples
    /// ```
    /// use qiime2_plugin::metadata::MissingScheme;
    /// assert_eq!(MissingScheme::parse("INSDC:missing"), Some(MissingScheme::InsdcMissing));
    /// assert_eq!(MissingScheme::parse("Blank"), None);
    /// ```
    pub fn parse(text: &str) -> Option<MissingScheme> {
        match text {
            "blank" => Some(MissingScheme::Blank),
            "no-missing" => Some(MissingScheme::NoMissing),
            "INSDC:missing" => Some(MissingScheme::InsdcMissing),
            _ => None,
        }
    }

    /// Whether `cell` is a missing-value term of this scheme (empty cells aside).
    pub(crate) fn is_term(self, cell: &str) -> bool {
        self == MissingScheme::InsdcMissing && INSDC_TERMS.contains(&cell)
    }
}

impl fmt::Display for MissingScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named metadata column: typed values aligned with the metadata's IDs.
#[derive(Debug, Clone, PartialEq)]
pub struct MetadataColumn {
    name: String,
    kind: ColumnKind,
    missing_scheme: MissingScheme,
    /// For each value, the INSDC term it was read from when it is missing because of one.
    missing_terms: Vec<Option<String>>,
}

impl MetadataColumn {
    /// Build a column from its parts; `missing_terms` (one entry per value) records the INSDC
    /// term behind a missing value so that it is written back unchanged.
    pub(crate) fn from_parts(
        name: String,
        kind: ColumnKind,
        missing_scheme: MissingScheme,
        missing_terms: Vec<Option<String>>,
    ) -> MetadataColumn {
        MetadataColumn {
            name,
            kind,
            missing_scheme,
            missing_terms,
        }
    }

    /// The column's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The column's values.
    pub fn kind(&self) -> &ColumnKind {
        &self.kind
    }

    /// Categorical or numeric.
    pub fn column_type(&self) -> ColumnType {
        match self.kind {
            ColumnKind::Categorical(_) => ColumnType::Categorical,
            ColumnKind::Numeric(_) => ColumnType::Numeric,
        }
    }

    /// The column's missing-value scheme.
    pub fn missing_scheme(&self) -> MissingScheme {
        self.missing_scheme
    }

    /// The INSDC term that made value `index` missing, if any.
    pub fn missing_term(&self, index: usize) -> Option<&str> {
        self.missing_terms.get(index).and_then(|t| t.as_deref())
    }

    /// Number of values (equal to the metadata's number of IDs).
    pub fn len(&self) -> usize {
        self.missing_terms.len()
    }

    /// Whether the column has no values.
    pub fn is_empty(&self) -> bool {
        self.missing_terms.is_empty()
    }

    /// A copy keeping only the values at `indices`, in that order.
    pub(crate) fn pick(&self, indices: &[usize]) -> MetadataColumn {
        let kind = match &self.kind {
            ColumnKind::Categorical(v) => {
                ColumnKind::Categorical(indices.iter().map(|&i| v[i].clone()).collect())
            }
            ColumnKind::Numeric(v) => ColumnKind::Numeric(indices.iter().map(|&i| v[i]).collect()),
        };
        let missing_terms = indices
            .iter()
            .map(|&i| self.missing_terms[i].clone())
            .collect();
        MetadataColumn {
            name: self.name.clone(),
            kind,
            missing_scheme: self.missing_scheme,
            missing_terms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> MetadataColumn {
        MetadataColumn::from_parts(
            "depth".into(),
            ColumnKind::Numeric(vec![Some(1.0), None, Some(3.0)]),
            MissingScheme::InsdcMissing,
            vec![None, Some("not collected".into()), None],
        )
    }

    #[test]
    fn accessors_report_the_parts() {
        let column = sample();
        assert_eq!(column.name(), "depth");
        assert_eq!(column.column_type(), ColumnType::Numeric);
        assert_eq!(column.missing_scheme(), MissingScheme::InsdcMissing);
        assert_eq!(column.missing_term(1), Some("not collected"));
        assert_eq!(column.missing_term(0), None);
        assert_eq!(column.len(), 3);
        assert!(!column.is_empty());
    }

    #[test]
    fn pick_reorders_values_and_terms() {
        let picked = sample().pick(&[2, 1]);
        assert_eq!(picked.kind(), &ColumnKind::Numeric(vec![Some(3.0), None]));
        assert_eq!(picked.missing_term(1), Some("not collected"));
    }

    #[test]
    fn directive_spellings_round_trip() {
        for t in [ColumnType::Categorical, ColumnType::Numeric] {
            assert_eq!(ColumnType::parse(t.as_str()), Some(t));
            assert_eq!(ColumnType::parse(&t.as_str().to_uppercase()), Some(t));
        }
        for s in [
            MissingScheme::Blank,
            MissingScheme::NoMissing,
            MissingScheme::InsdcMissing,
        ] {
            assert_eq!(MissingScheme::parse(s.as_str()), Some(s));
        }
        assert_eq!(MissingScheme::parse("insdc:missing"), None);
        assert!(MissingScheme::InsdcMissing.is_term("restricted access"));
        assert!(!MissingScheme::Blank.is_term("missing"));
        assert!(!MissingScheme::InsdcMissing.is_term("Missing"));
    }
}
