//! FASTA records: reading, writing and validating against an alphabet.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::Path;

use qiime2_plugin::plugin::{FormatError, ValidationLevel, ViewError};

/// One FASTA record: an id, an optional description and the sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The id: the first word after `>`.
    pub id: String,
    /// The rest of the description line, if any.
    pub description: String,
    /// The sequence, with line breaks removed.
    pub sequence: String,
}

/// The IUPAC DNA characters allowed in unaligned sequences.
pub const DNA_ALPHABET: &str = "ACGTRYKMSWBDHVN";
/// The IUPAC DNA characters plus the gap characters allowed in aligned sequences.
pub const ALIGNED_DNA_ALPHABET: &str = "ACGTRYKMSWBDHVN-.";

/// How many lines the `min` validation level looks at.
const MIN_LEVEL_LINES: usize = 100;

/// Reads every record of a FASTA file.
pub fn read(path: &Path) -> Result<Vec<Record>, ViewError> {
    let text = std::fs::read_to_string(path).map_err(|source| ViewError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut records: Vec<Record> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('>') {
            let (id, description) = header
                .split_once(char::is_whitespace)
                .unwrap_or((header, ""));
            records.push(Record {
                id: id.to_owned(),
                description: description.trim().to_owned(),
                sequence: String::new(),
            });
        } else if !line.is_empty() {
            let record = records.last_mut().ok_or_else(|| FormatError {
                file: path.to_path_buf(),
                line: Some(index + 1),
                message: "sequence data before the first '>' description line".to_owned(),
            })?;
            record.sequence.push_str(line);
        }
    }
    Ok(records)
}

/// Writes records as FASTA, one sequence line per record.
pub fn write(path: &Path, records: &[Record]) -> Result<(), ViewError> {
    let mut text = String::new();
    for record in records {
        let _ = write!(text, ">{}", record.id);
        if !record.description.is_empty() {
            let _ = write!(text, " {}", record.description);
        }
        let _ = writeln!(text, "\n{}", record.sequence);
    }
    std::fs::write(path, text).map_err(|source| ViewError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Checks a FASTA file: descriptions, unique ids, characters from `alphabet`, and for aligned
/// files equal lengths. `min` looks at the first 100 lines only.
pub fn validate(
    path: &Path,
    alphabet: &str,
    aligned: bool,
    level: ValidationLevel,
) -> Result<(), FormatError> {
    let error = |line: usize, message: String| FormatError {
        file: path.to_path_buf(),
        line: Some(line),
        message,
    };
    let file = std::fs::File::open(path).map_err(|err| FormatError {
        file: path.to_path_buf(),
        line: None,
        message: format!("cannot be read: {err}"),
    })?;
    let mut ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut previous_was_description = false;
    let mut first_length: Option<(usize, usize)> = None;
    let mut current: Option<(usize, usize)> = None;
    let mut check_length = |current: Option<(usize, usize)>| -> Result<(), FormatError> {
        let Some((start, length)) = current else {
            return Ok(());
        };
        match first_length {
            None => first_length = Some((start, length)),
            Some((first_start, expected)) if aligned && expected != length => {
                return Err(error(
                    start,
                    format!(
                        "the sequence starting here has length {length}, but the one starting on line \
                         {first_start} has length {expected}: aligned sequences must all have the same length"
                    ),
                ));
            }
            Some(_) => {}
        }
        Ok(())
    };
    let mut seen_content = false;
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let number = index + 1;
        if level == ValidationLevel::Min && number > MIN_LEVEL_LINES {
            return Ok(());
        }
        let line = line.map_err(|_| error(number, "is not valid UTF-8 text".to_owned()))?;
        let line = line.trim_start_matches('\u{feff}').trim();
        if !seen_content {
            if line.is_empty() {
                continue;
            }
            seen_content = true;
            if !line.starts_with('>') {
                return Err(error(
                    number,
                    "the first line must be a description starting with '>'".to_owned(),
                ));
            }
        }
        if let Some(header) = line.strip_prefix('>') {
            if previous_was_description {
                return Err(error(
                    number,
                    "two description lines in a row (a record without a sequence)".to_owned(),
                ));
            }
            check_length(current.take())?;
            if header.starts_with(char::is_whitespace) || header.is_empty() {
                return Err(error(
                    number,
                    "the description has no id right after '>'".to_owned(),
                ));
            }
            let id = header
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            if let Some(first) = ids.insert(id.clone(), number) {
                return Err(error(
                    number,
                    format!("id '{id}' was already used on line {first}"),
                ));
            }
            previous_was_description = true;
        } else if !line.is_empty() {
            if let Some((position, character)) = line
                .chars()
                .enumerate()
                .find(|(_, c)| !alphabet.contains(*c))
            {
                return Err(error(
                    number,
                    format!(
                        "invalid character '{}' at position {} (allowed: {alphabet})",
                        character.escape_debug(),
                        position + 1
                    ),
                ));
            }
            let (start, length) = current.unwrap_or((number, 0));
            current = Some((start, length + line.len()));
            previous_was_description = false;
        }
    }
    check_length(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seqs.fasta");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    fn check(text: &str, aligned: bool) -> Result<(), FormatError> {
        let (_dir, path) = file(text);
        let alphabet = if aligned {
            ALIGNED_DNA_ALPHABET
        } else {
            DNA_ALPHABET
        };
        validate(&path, alphabet, aligned, ValidationLevel::Max)
    }

    #[test]
    fn reads_multi_line_records_with_descriptions() {
        let (_dir, path) = file(">s1 first one\nACGT\nAC\n>s2\nGG\n");
        let records = read(&path).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(
            records[0],
            Record {
                id: "s1".into(),
                description: "first one".into(),
                sequence: "ACGTAC".into()
            }
        );
        assert_eq!(records[1].sequence, "GG");
    }

    #[test]
    fn write_then_read_round_trips() {
        let (_dir, path) = file("");
        let records = vec![
            Record {
                id: "a".into(),
                description: "x y".into(),
                sequence: "ACGT".into(),
            },
            Record {
                id: "b".into(),
                description: String::new(),
                sequence: "NNA".into(),
            },
        ];
        write(&path, &records).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            ">a x y\nACGT\n>b\nNNA\n"
        );
        assert_eq!(read(&path).unwrap(), records);
    }

    #[test]
    fn valid_files_pass() {
        assert_eq!(check(">s1\nACGTRYKMSWBDHVN\n>s2\nAC\nGT\n", false), Ok(()));
        assert_eq!(check("", false), Ok(()));
        assert_eq!(check(">a\nAC-G\n>b\nACG.\n", true), Ok(()));
    }

    #[test]
    fn an_invalid_character_names_line_position_and_character() {
        let err = check(">s1\nACGT\n>s2\nACXT\n", false).unwrap_err();
        assert_eq!(err.line, Some(4));
        assert!(err.message.contains("'X' at position 3"), "{err}");
        assert!(err.to_string().contains("seqs.fasta, line 4"), "{err}");
    }

    #[test]
    fn lowercase_and_gaps_are_not_dna() {
        assert_eq!(check(">s1\nacgt\n", false).unwrap_err().line, Some(2));
        assert_eq!(check(">s1\nAC-T\n", false).unwrap_err().line, Some(2));
    }

    #[test]
    fn structural_errors_are_reported() {
        assert_eq!(check("ACGT\n", false).unwrap_err().line, Some(1));
        assert_eq!(check(">a\n>b\nAC\n", false).unwrap_err().line, Some(2));
        assert_eq!(check(">\nAC\n", false).unwrap_err().line, Some(1));
        assert_eq!(check("> a\nAC\n", false).unwrap_err().line, Some(1));
        let dup = check(">a\nAC\n>a\nGG\n", false).unwrap_err();
        assert_eq!(dup.line, Some(3));
        assert!(dup.message.contains("line 1"), "{dup}");
    }

    #[test]
    fn aligned_sequences_must_share_a_length() {
        let err = check(">a\nACGT\n>b\nAC-\n", true).unwrap_err();
        assert_eq!(err.line, Some(4));
    }

    #[test]
    fn min_level_looks_at_the_first_hundred_lines_only() {
        let mut text = String::new();
        for i in 0..60 {
            text.push_str(&format!(">s{i}\nACGT\n"));
        }
        text.push_str(">bad\nXXXX\n");
        let (_dir, path) = file(&text);
        assert_eq!(
            validate(&path, DNA_ALPHABET, false, ValidationLevel::Min),
            Ok(())
        );
        assert!(validate(&path, DNA_ALPHABET, false, ValidationLevel::Max).is_err());
    }
}
