//! A digest of metadata for `qiime tools inspect-metadata`.

use super::{ColumnType, Metadata};

/// Name and type of one column, for a summary table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSummary {
    /// Column name.
    pub name: String,
    /// Categorical or numeric.
    pub column_type: ColumnType,
}

/// What `inspect-metadata` prints: the columns with their types, and the counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataSummary {
    /// Number of IDs.
    pub id_count: usize,
    /// The columns, in order.
    pub columns: Vec<ColumnSummary>,
}

impl Metadata {
    /// Column names and types plus the number of IDs.
    ///
    /// # Examples
    /// ```
    /// use qiime2_plugin::metadata::{ColumnType, Metadata};
    /// let md = Metadata::from_tsv_str("id\tsite\nS1\tgut\nS2\tskin\n", "md.tsv")?;
    /// let summary = md.summary();
    /// assert_eq!(summary.id_count, 2);
    /// assert_eq!(summary.columns[0].column_type, ColumnType::Categorical);
    /// # Ok::<(), qiime2_plugin::metadata::MetadataError>(())
    /// ```
    pub fn summary(&self) -> MetadataSummary {
        MetadataSummary {
            id_count: self.len(),
            columns: self
                .columns()
                .iter()
                .map(|c| ColumnSummary {
                    name: c.name().to_string(),
                    column_type: c.column_type(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lists_columns_in_order_with_types() {
        let md =
            Metadata::from_tsv_str("id\tb\ta\nS1\tx\t1\nS2\ty\t\nS3\tz\t2\n", "t.tsv").unwrap();
        assert_eq!(
            md.summary(),
            MetadataSummary {
                id_count: 3,
                columns: vec![
                    ColumnSummary {
                        name: "b".into(),
                        column_type: ColumnType::Categorical
                    },
                    ColumnSummary {
                        name: "a".into(),
                        column_type: ColumnType::Numeric
                    },
                ],
            }
        );
    }
}
