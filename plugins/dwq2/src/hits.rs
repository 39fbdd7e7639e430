//! Local alignment search hits and their table (`hits.tsv`).

use std::fmt::Write as _;
use std::path::Path;

use qiime2_plugin::plugin::{DataDir, DirectoryFormat, FormatError, View, ViewError};
use qiime2_plugin::python_repr::float_repr;

use crate::formats::HitsDirectoryFormat;

/// The columns of a hits table, in order.
pub const COLUMNS: [&str; 7] = [
    "query id",
    "reference id",
    "percent similarity",
    "alignment length",
    "score",
    "aligned query",
    "aligned reference",
];

/// One alignment of a query against a reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The query's id.
    pub query_id: String,
    /// The reference's id.
    pub reference_id: String,
    /// 100 × the fraction of alignment columns whose characters are equal.
    pub percent_similarity: f64,
    /// The number of alignment columns.
    pub alignment_length: usize,
    /// The alignment score.
    pub score: f64,
    /// The query's aligned region, with `-` for gaps.
    pub aligned_query: String,
    /// The reference's aligned region, with `-` for gaps.
    pub aligned_reference: String,
}

/// A table of hits, in row order (`LocalAlignmentSearchResults`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hits(pub Vec<Hit>);

impl Hits {
    /// The table as TSV text: the header, then one row per hit; floats as Python writes them.
    pub fn to_tsv(&self) -> String {
        let mut text = COLUMNS.join("\t");
        text.push('\n');
        for hit in &self.0 {
            let _ = writeln!(
                text,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                hit.query_id,
                hit.reference_id,
                float_repr(hit.percent_similarity),
                hit.alignment_length,
                float_repr(hit.score),
                hit.aligned_query,
                hit.aligned_reference
            );
        }
        text
    }

    /// Reads a table written by [`Hits::to_tsv`] (or by the original plugin).
    pub fn from_tsv(text: &str, file: &Path) -> Result<Self, FormatError> {
        let error = |line: usize, message: String| FormatError {
            file: file.to_path_buf(),
            line: Some(line),
            message,
        };
        let mut hits = Vec::new();
        for (index, line) in text.lines().enumerate().skip(1) {
            let number = index + 1;
            let fields: Vec<&str> = line.split('\t').collect();
            let [
                query_id,
                reference_id,
                similarity,
                length,
                score,
                aligned_query,
                aligned_reference,
            ] = fields[..]
            else {
                return Err(error(
                    number,
                    format!(
                        "found {} fields but expected {}",
                        fields.len(),
                        COLUMNS.len()
                    ),
                ));
            };
            let float = |value: &str, column: &str| {
                value
                    .parse::<f64>()
                    .map_err(|_| error(number, format!("{column} '{value}' is not a number")))
            };
            hits.push(Hit {
                query_id: query_id.to_owned(),
                reference_id: reference_id.to_owned(),
                percent_similarity: float(similarity, "percent similarity")?,
                alignment_length: length.parse().map_err(|_| {
                    error(
                        number,
                        format!("alignment length '{length}' is not a whole number"),
                    )
                })?,
                score: float(score, "score")?,
                aligned_query: aligned_query.to_owned(),
                aligned_reference: aligned_reference.to_owned(),
            });
        }
        Ok(Self(hits))
    }
}

impl View for Hits {
    const NAME: &'static str = "Hits";
    const READS: &'static [&'static str] = &[HitsDirectoryFormat::NAME];
    const WRITES: &'static str = HitsDirectoryFormat::NAME;

    fn read_from(dir: DataDir<'_>) -> Result<Self, ViewError> {
        let path = dir.file(HitsDirectoryFormat::FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| ViewError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(Self::from_tsv(&text, &path)?)
    }

    fn write_to(&self, dir: &Path) -> Result<(), ViewError> {
        let path = dir.join(HitsDirectoryFormat::FILE);
        std::fs::write(&path, self.to_tsv()).map_err(|source| ViewError::Io { path, source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(query: &str, score: f64) -> Hit {
        Hit {
            query_id: query.into(),
            reference_id: "r1".into(),
            percent_similarity: 2.0 / 3.0 * 100.0,
            alignment_length: 3,
            score,
            aligned_query: "A-C".into(),
            aligned_reference: "AGC".into(),
        }
    }

    #[test]
    fn tables_round_trip_with_python_floats() {
        let hits = Hits(vec![hit("q1", 40.0), hit("q2", 2.5)]);
        let text = hits.to_tsv();
        assert_eq!(
            text.lines().nth(1).unwrap(),
            "q1\tr1\t66.66666666666666\t3\t40.0\tA-C\tAGC"
        );
        assert_eq!(Hits::from_tsv(&text, Path::new("hits.tsv")).unwrap(), hits);
    }

    #[test]
    fn a_bad_number_names_its_line() {
        let text = format!("{}\nq\tr\tmany\t3\t1.0\tA\tA\n", COLUMNS.join("\t"));
        let err = Hits::from_tsv(&text, Path::new("hits.tsv")).unwrap_err();
        assert_eq!(err.line, Some(2));
    }
}
