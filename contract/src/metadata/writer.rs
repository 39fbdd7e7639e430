//! Writing metadata in the TSV format.

use super::number::format_g15;
use super::{ColumnKind, Metadata, MissingScheme};

impl Metadata {
    /// The metadata as TSV text, as QIIME 2 writes it: the header, a `#q2:types` row, a
    /// `#q2:missing` row when some column's scheme is not `blank`, then one row per ID.
    /// Missing values are empty cells (or their INSDC term), numbers use `%.15g`, lines end
    /// with CRLF and cells holding tabs, quotes or line breaks are double-quoted.
    ///
    /// # Examples
    /// ```
    /// use qiime2_plugin::metadata::Metadata;
    /// let md = Metadata::from_tsv_str("id\tdepth\nS1\t42.0\nS2\t\n", "md.tsv")?;
    /// assert_eq!(md.to_tsv_string(), "id\tdepth\r\n#q2:types\tnumeric\r\nS1\t42\r\nS2\t\r\n");
    /// # Ok::<(), qiime2_plugin::metadata::MetadataError>(())
    /// ```
    pub fn to_tsv_string(&self) -> String {
        self.tsv_typed(|column| column.column_type())
    }

    /// The metadata with the columns named in `casts` read again as the type given (as `qiime
    /// tools cast-metadata` does); a value that cannot be read as its new type is an error
    /// naming it.
    ///
    /// # Examples
    /// ```
    /// use std::collections::BTreeMap;
    /// use qiime2_plugin::metadata::{ColumnType, Metadata};
    /// let md = Metadata::from_tsv_str("id\tyear\nS1\t2019\n", "md.tsv")?;
    /// let casts = BTreeMap::from([("year".to_owned(), ColumnType::Categorical)]);
    /// assert_eq!(md.cast(&casts)?.column("year")?.column_type(), ColumnType::Categorical);
    /// # Ok::<(), qiime2_plugin::metadata::MetadataError>(())
    /// ```
    pub fn cast(
        &self,
        casts: &std::collections::BTreeMap<String, super::ColumnType>,
    ) -> Result<Metadata, super::MetadataError> {
        let text = self.tsv_typed(|column| {
            casts
                .get(column.name())
                .copied()
                .unwrap_or_else(|| column.column_type())
        });
        Metadata::from_tsv_str(&text, self.source())
    }

    /// The TSV text, each column's `#q2:types` entry given by `type_of`.
    fn tsv_typed(&self, type_of: impl Fn(&super::MetadataColumn) -> super::ColumnType) -> String {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b'\t')
            .quote(b'"')
            .double_quote(true)
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(Vec::new());
        let mut rows: Vec<Vec<String>> = Vec::with_capacity(self.len() + 3);
        rows.push(
            std::iter::once(self.id_header().to_string())
                .chain(self.column_names().into_iter().map(String::from))
                .collect(),
        );
        rows.push(
            std::iter::once("#q2:types".to_string())
                .chain(
                    self.columns()
                        .iter()
                        .map(|c| type_of(c).as_str().to_string()),
                )
                .collect(),
        );
        if self
            .columns()
            .iter()
            .any(|c| c.missing_scheme() != MissingScheme::Blank)
        {
            rows.push(
                std::iter::once("#q2:missing".to_string())
                    .chain(
                        self.columns()
                            .iter()
                            .map(|c| c.missing_scheme().as_str().to_string()),
                    )
                    .collect(),
            );
        }
        for (index, id) in self.ids().iter().enumerate() {
            let mut row = Vec::with_capacity(self.columns().len() + 1);
            row.push(id.clone());
            for column in self.columns() {
                let value = match column.kind() {
                    ColumnKind::Categorical(values) => values[index].clone(),
                    ColumnKind::Numeric(values) => values[index].map(format_g15),
                };
                row.push(
                    value
                        .or_else(|| column.missing_term(index).map(String::from))
                        .unwrap_or_default(),
                );
            }
            rows.push(row);
        }
        for row in rows {
            writer
                .write_record(&row)
                .expect("writing to memory cannot fail");
        }
        let bytes = writer.into_inner().expect("flushing to memory cannot fail");
        String::from_utf8(bytes).expect("the cells are UTF-8 strings")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_header_types_and_rows() {
        let md = Metadata::from_tsv_str(
            "#SampleID\tsite\tph\tn\nS1\tgut\t7.0\t1e-20\nS2\t\t0.1\t123456789012345678\n",
            "t.tsv",
        )
        .unwrap();
        assert_eq!(
            md.to_tsv_string(),
            "#SampleID\tsite\tph\tn\r\n#q2:types\tcategorical\tnumeric\tnumeric\r\n\
             S1\tgut\t7\t1e-20\r\nS2\t\t0.1\t1.23456789012346e+17\r\n"
        );
    }

    #[test]
    fn writes_missing_row_only_for_non_blank_schemes() {
        let text =
            "id\ta\tb\n#q2:missing\tINSDC:missing\tno-missing\nS1\tnot collected\tx\nS2\t3\ty\n";
        let md = Metadata::from_tsv_str(text, "t.tsv").unwrap();
        assert_eq!(
            md.to_tsv_string(),
            "id\ta\tb\r\n#q2:types\tnumeric\tcategorical\r\n#q2:missing\tINSDC:missing\tno-missing\r\n\
             S1\tnot collected\tx\r\nS2\t3\ty\r\n"
        );
    }

    #[test]
    fn quotes_cells_with_tabs_quotes_or_newlines() {
        let md =
            Metadata::from_tsv_str("id\tnote\nS1\t\"a\tb\"\nS2\t\"say \"\"hi\"\"\"\n", "t.tsv")
                .unwrap();
        assert_eq!(
            md.to_tsv_string(),
            "id\tnote\r\n#q2:types\tcategorical\r\nS1\t\"a\tb\"\r\nS2\t\"say \"\"hi\"\"\"\r\n"
        );
    }

    #[test]
    fn round_trip_preserves_everything() {
        let text = "# a comment\nsample-id\tsite\tdepth\tempty\tflag\n#q2:types\t\t\tcategorical\n\
                    #q2:missing\t\tINSDC:missing\nS1\tgut\t1.5\t\tyes\nS2\t\"a\tb\"\tmissing\t\t\nS3\tskin\t-2e-7\t\tno\n";
        let md = Metadata::from_tsv_str(text, "t.tsv").unwrap();
        let again = Metadata::from_tsv_str(&md.to_tsv_string(), "t.tsv").unwrap();
        assert_eq!(again, md);
        assert_eq!(
            again.column("depth").unwrap().missing_term(1),
            Some("missing")
        );
        assert_eq!(again.to_tsv_string(), md.to_tsv_string());
    }
}
