//! The formats of dwq2's own types: one DNA sequence, and a table of search hits.

use std::path::Path;

use qiime2_plugin::plugin::{DirectoryFormat, FormatError, ValidationLevel};

use crate::hits::COLUMNS;

/// `SingleRecordDNAFASTADirectoryFormat`: exactly one DNA sequence in `sequence.fasta`.
pub struct SingleSequenceDirectoryFormat;

impl SingleSequenceDirectoryFormat {
    /// The file holding the sequence.
    pub const FILE: &'static str = "sequence.fasta";
    /// How many positions the `min` level checks.
    const MIN_POSITIONS: usize = 50;
}

impl DirectoryFormat for SingleSequenceDirectoryFormat {
    const NAME: &'static str = "SingleRecordDNAFASTADirectoryFormat";
    const FILES: &'static [(&'static str, &'static str)] =
        &[(Self::FILE, "SingleRecordDNAFASTAFormat")];

    fn validate(dir: &Path, level: ValidationLevel) -> Result<(), FormatError> {
        let path = dir.join(Self::FILE);
        let error = |message: String| FormatError {
            file: path.clone(),
            line: None,
            message,
        };
        let records = q2_types::fasta::read(&path).map_err(|err| error(err.to_string()))?;
        let record = match records.as_slice() {
            [] => {
                return Err(error(
                    "at least one sequence record must be present, but none were found".into(),
                ));
            }
            [only] => only,
            _ => {
                return Err(error(
                    "at most one sequence record must be present, but more than one record was found".into(),
                ));
            }
        };
        let checked = match level {
            ValidationLevel::Min => Self::MIN_POSITIONS.min(record.sequence.len()),
            ValidationLevel::Max => record.sequence.len(),
        };
        let invalid = record
            .sequence
            .bytes()
            .take(checked)
            .filter(|b| !b"ACGT".contains(b))
            .count();
        if invalid > 0 {
            return Err(error(format!(
                "{invalid} non-ACGT characters detected during validation of {checked} positions"
            )));
        }
        Ok(())
    }
}

/// `LocalAlignmentSearchResultsDirectoryFormat`: a table of hits in `hits.tsv`.
pub struct HitsDirectoryFormat;

impl HitsDirectoryFormat {
    /// The file holding the table.
    pub const FILE: &'static str = "hits.tsv";
    /// How many data rows the `min` level checks.
    const MIN_ROWS: usize = 5;
}

impl DirectoryFormat for HitsDirectoryFormat {
    const NAME: &'static str = "LocalAlignmentSearchResultsDirectoryFormat";
    const FILES: &'static [(&'static str, &'static str)] =
        &[(Self::FILE, "LocalAlignmentSearchResultsFormat")];

    fn validate(dir: &Path, level: ValidationLevel) -> Result<(), FormatError> {
        let path = dir.join(Self::FILE);
        let error = |line: Option<usize>, message: String| FormatError {
            file: path.clone(),
            line,
            message,
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| error(None, format!("cannot be read: {e}")))?;
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        for (found, expected) in header.split('\t').zip(COLUMNS) {
            if found != expected {
                return Err(error(
                    Some(1),
                    format!("found header '{found}' but expected header '{expected}'"),
                ));
            }
        }
        let rows = match level {
            ValidationLevel::Min => Self::MIN_ROWS,
            ValidationLevel::Max => usize::MAX,
        };
        for (index, line) in lines.enumerate().take(rows) {
            let fields = line.split('\t').count();
            if fields != COLUMNS.len() {
                return Err(error(
                    Some(index + 2),
                    format!("found {fields} fields but expected {}", COLUMNS.len()),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(file: &str, text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(file), text).unwrap();
        dir
    }

    fn single(text: &str, level: ValidationLevel) -> Result<(), String> {
        let dir = dir_with(SingleSequenceDirectoryFormat::FILE, text);
        SingleSequenceDirectoryFormat::validate(dir.path(), level).map_err(|e| e.message)
    }

    fn hits(text: &str, level: ValidationLevel) -> Result<(), FormatError> {
        let dir = dir_with(HitsDirectoryFormat::FILE, text);
        HitsDirectoryFormat::validate(dir.path(), level)
    }

    #[test]
    fn one_acgt_record_is_a_single_sequence() {
        assert_eq!(
            single(">s1 a sequence\nACGTACGT\nAC\n", ValidationLevel::Max),
            Ok(())
        );
    }

    #[test]
    fn no_record_or_two_records_are_refused() {
        assert!(
            single("", ValidationLevel::Max)
                .unwrap_err()
                .contains("none were found")
        );
        assert!(
            single(">a\nAC\n>b\nGT\n", ValidationLevel::Max)
                .unwrap_err()
                .contains("more than one record")
        );
    }

    #[test]
    fn non_acgt_characters_are_counted_within_the_level() {
        let late = format!(">s\n{}NN\n", "A".repeat(60));
        assert_eq!(single(&late, ValidationLevel::Min), Ok(()));
        assert_eq!(
            single(&late, ValidationLevel::Max).unwrap_err(),
            "2 non-ACGT characters detected during validation of 62 positions"
        );
        assert_eq!(
            single(">s\nACGRYA\n", ValidationLevel::Min).unwrap_err(),
            "2 non-ACGT characters detected during validation of 6 positions"
        );
    }

    const HEADER: &str = "query id\treference id\tpercent similarity\talignment length\tscore\taligned query\taligned reference\n";

    #[test]
    fn a_hits_table_with_seven_fields_per_row_is_valid() {
        let text = format!("{HEADER}q1\tr1\t100.0\t5\t20.0\tAAAAA\tAAAAA\n");
        assert_eq!(hits(&text, ValidationLevel::Max), Ok(()));
    }

    #[test]
    fn a_wrong_header_names_found_and_expected() {
        let err = hits("query id\treference\tx\n", ValidationLevel::Max).unwrap_err();
        assert_eq!(err.line, Some(1));
        assert_eq!(
            err.message,
            "found header 'reference' but expected header 'reference id'"
        );
    }

    #[test]
    fn a_short_row_names_its_line_within_the_level() {
        let mut text = HEADER.to_owned();
        for _ in 0..5 {
            text.push_str("q1\tr1\t100.0\t5\t20.0\tAAAAA\tAAAAA\n");
        }
        text.push_str("q1\tr1\t100.0\n");
        assert_eq!(hits(&text, ValidationLevel::Min), Ok(()));
        let err = hits(&text, ValidationLevel::Max).unwrap_err();
        assert_eq!(err.line, Some(7));
        assert_eq!(err.message, "found 3 fields but expected 7");
    }
}
