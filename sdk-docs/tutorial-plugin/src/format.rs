// ANCHOR: all
//! `KmerCountsDirectoryFormat`: how a `KmerCounts` artifact stores its data, and its checks.

use std::path::Path;

use qiime2_plugin::plugin::{DirectoryFormat, FormatError, ValidationLevel};

// ANCHOR: format
/// A folder holding one file, `kmer-counts.tsv`: the header `kmer<TAB>count`, then one row per
/// k-mer, all k-mers of one length and made of `A`, `C`, `G`, `T` only, counts above zero.
pub struct KmerCountsDirectoryFormat;

impl KmerCountsDirectoryFormat {
    /// The file holding the table.
    pub const FILE: &'static str = "kmer-counts.tsv";
    /// How many rows the quick (`min`) validation looks at.
    const MIN_ROWS: usize = 20;
}

impl DirectoryFormat for KmerCountsDirectoryFormat {
    const NAME: &'static str = "KmerCountsDirectoryFormat";
    const FILES: &'static [(&'static str, &'static str)] = &[(Self::FILE, "KmerCountsFormat")];

    fn validate(dir: &Path, level: ValidationLevel) -> Result<(), FormatError> {
        let file = dir.join(Self::FILE);
        let text = std::fs::read_to_string(&file).map_err(|e| FormatError {
            file: file.clone(),
            line: None,
            message: format!("cannot be read: {e}"),
        })?;
        let rows = match level {
            ValidationLevel::Min => Self::MIN_ROWS,
            ValidationLevel::Max => usize::MAX,
        };
        parse(&text, rows)
            .map(|_| ())
            .map_err(|(line, message)| FormatError {
                file,
                line: Some(line),
                message,
            })
    }
}
// ANCHOR_END: format

/// The rows of a table read by [`parse`], and the length of their k-mers.
pub type Table = (usize, Vec<(String, u64)>);

/// Reads up to `rows` rows of a table: `(k, rows)`, or the 1-based line at fault and why.
pub fn parse(text: &str, rows: usize) -> Result<Table, (usize, String)> {
    let mut lines = text.lines();
    match lines.next() {
        Some("kmer\tcount") => {}
        Some(other) => {
            return Err((
                1,
                format!("found header '{other}' but expected 'kmer<TAB>count'"),
            ));
        }
        None => {
            return Err((
                1,
                "the file is empty; expected the header 'kmer<TAB>count'".to_owned(),
            ));
        }
    }
    let mut k = None;
    let mut parsed = Vec::new();
    for (index, line) in lines.enumerate().take(rows) {
        let number = index + 2;
        let Some((kmer, count)) = line.split_once('\t') else {
            return Err((
                number,
                format!("expected 'kmer<TAB>count' but found '{line}'"),
            ));
        };
        if kmer.is_empty() || !kmer.bytes().all(|b| b"ACGT".contains(&b)) {
            return Err((
                number,
                format!("k-mer '{kmer}' is not made of A, C, G and T"),
            ));
        }
        let expected = *k.get_or_insert(kmer.len());
        if kmer.len() != expected {
            return Err((
                number,
                format!(
                    "k-mer '{kmer}' has {} bases but the first has {expected}",
                    kmer.len()
                ),
            ));
        }
        match count.parse::<u64>() {
            Ok(n) if n > 0 => parsed.push((kmer.to_owned(), n)),
            _ => {
                return Err((
                    number,
                    format!("count '{count}' is not a whole number above zero"),
                ));
            }
        }
    }
    // A table without rows counts words of an unknown length: call it 1.
    Ok((k.unwrap_or(1), parsed))
}

// ANCHOR: format_tests
#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, level: ValidationLevel) -> Result<(), FormatError> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(KmerCountsDirectoryFormat::FILE), text).unwrap();
        KmerCountsDirectoryFormat::validate(dir.path(), level)
    }

    #[test]
    fn a_table_of_equal_length_kmers_is_valid() {
        assert_eq!(
            check("kmer\tcount\nAC\t3\nGT\t1\n", ValidationLevel::Max),
            Ok(())
        );
        assert_eq!(check("kmer\tcount\n", ValidationLevel::Max), Ok(()));
    }

    #[test]
    fn errors_name_the_line_and_the_rule() {
        let bad = [
            (
                "kmer count\n",
                1,
                "found header 'kmer count' but expected 'kmer<TAB>count'",
            ),
            (
                "",
                1,
                "the file is empty; expected the header 'kmer<TAB>count'",
            ),
            (
                "kmer\tcount\nAC\t3\nACG\t1\n",
                3,
                "k-mer 'ACG' has 3 bases but the first has 2",
            ),
            (
                "kmer\tcount\nAN\t3\n",
                2,
                "k-mer 'AN' is not made of A, C, G and T",
            ),
            (
                "kmer\tcount\nAC\t0\n",
                2,
                "count '0' is not a whole number above zero",
            ),
            (
                "kmer\tcount\nAC 3\n",
                2,
                "expected 'kmer<TAB>count' but found 'AC 3'",
            ),
        ];
        for (text, line, message) in bad {
            let err = check(text, ValidationLevel::Max).unwrap_err();
            assert_eq!(
                (err.line, err.message.as_str()),
                (Some(line), message),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_quick_level_reads_only_the_first_rows() {
        let mut text = String::from("kmer\tcount\n");
        for _ in 0..KmerCountsDirectoryFormat::MIN_ROWS {
            text.push_str("AC\t1\n");
        }
        text.push_str("AC\tmany\n");
        assert_eq!(check(&text, ValidationLevel::Min), Ok(()));
        assert_eq!(
            check(&text, ValidationLevel::Max).unwrap_err().line,
            Some(22)
        );
    }

    #[test]
    fn a_missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let err =
            KmerCountsDirectoryFormat::validate(dir.path(), ValidationLevel::Min).unwrap_err();
        assert_eq!(err.file, dir.path().join("kmer-counts.tsv"));
        assert!(
            err.message.starts_with("cannot be read: "),
            "{}",
            err.message
        );
    }
}
// ANCHOR_END: format_tests
// ANCHOR_END: all
