//! The plugin's directory formats: integers in `ints.txt`, key/value pairs in `mapping.tsv`,
//! metadata in `annotations.tsv`.

use std::path::{Path, PathBuf};

use qiime2_plugin::plugin::{DirectoryFormat, FormatError, ValidationLevel};

/// How many lines the `min` validation level looks at.
const MIN_LEVEL_LINES: usize = 10;

/// `IntSequenceDirectoryFormat`: one integer per line in `ints.txt`.
pub struct IntSequenceDirectoryFormat;

impl IntSequenceDirectoryFormat {
    /// The file holding the integers.
    pub const FILE: &'static str = "ints.txt";
}

impl DirectoryFormat for IntSequenceDirectoryFormat {
    const NAME: &'static str = "IntSequenceDirectoryFormat";
    const FILES: &'static [(&'static str, &'static str)] = &[(Self::FILE, "IntSequenceFormat")];

    fn validate(dir: &Path, level: ValidationLevel) -> Result<(), FormatError> {
        parse_ints(&dir.join(Self::FILE), level).map(drop)
    }
}

/// `MappingDirectoryFormat`: `key<TAB>value` lines with unique keys in `mapping.tsv`.
pub struct MappingDirectoryFormat;

impl MappingDirectoryFormat {
    /// The file holding the pairs.
    pub const FILE: &'static str = "mapping.tsv";
}

impl DirectoryFormat for MappingDirectoryFormat {
    const NAME: &'static str = "MappingDirectoryFormat";
    const FILES: &'static [(&'static str, &'static str)] = &[(Self::FILE, "MappingFormat")];

    fn validate(dir: &Path, level: ValidationLevel) -> Result<(), FormatError> {
        parse_mapping(&dir.join(Self::FILE), level).map(drop)
    }
}

/// `AnnotationsDirectoryFormat`: a QIIME 2 metadata TSV in `annotations.tsv`, so that artifacts
/// stored in it can also be used as metadata.
pub struct AnnotationsDirectoryFormat;

impl AnnotationsDirectoryFormat {
    /// The metadata file.
    pub const FILE: &'static str = "annotations.tsv";
}

impl DirectoryFormat for AnnotationsDirectoryFormat {
    const NAME: &'static str = "AnnotationsDirectoryFormat";
    const FILES: &'static [(&'static str, &'static str)] = &[(Self::FILE, "AnnotationsFormat")];

    fn validate(dir: &Path, _level: ValidationLevel) -> Result<(), FormatError> {
        let path = dir.join(Self::FILE);
        qiime2_plugin::metadata::Metadata::load(&path)
            .map(drop)
            .map_err(|err| FormatError {
                file: path.clone(),
                line: None,
                message: err.to_string(),
            })
    }
}

fn read_text(path: &Path) -> Result<String, FormatError> {
    std::fs::read_to_string(path).map_err(|err| FormatError {
        file: path.to_path_buf(),
        line: None,
        message: format!("cannot be read ({err})"),
    })
}

fn line_error(file: &Path, index: usize, message: String) -> FormatError {
    FormatError {
        file: PathBuf::from(file),
        line: Some(index + 1),
        message,
    }
}

fn lines_at(text: &str, level: ValidationLevel) -> impl Iterator<Item = (usize, &str)> {
    let limit = match level {
        ValidationLevel::Min => MIN_LEVEL_LINES,
        ValidationLevel::Max => usize::MAX,
    };
    text.lines().enumerate().take(limit)
}

/// Reads the integers of an `ints.txt` file (at `Max`, all of them; at `Min`, the first lines).
pub fn parse_ints(path: &Path, level: ValidationLevel) -> Result<Vec<i64>, FormatError> {
    let text = read_text(path)?;
    lines_at(&text, level)
        .map(|(index, line)| {
            line.trim().parse::<i64>().map_err(|_| {
                line_error(path, index, format!("expected an integer, found {line:?}"))
            })
        })
        .collect()
}

/// Reads the pairs of a `mapping.tsv` file, in file order.
pub fn parse_mapping(
    path: &Path,
    level: ValidationLevel,
) -> Result<Vec<(String, String)>, FormatError> {
    let text = read_text(path)?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (index, line) in lines_at(&text, level) {
        let Some((key, value)) = line.split_once('\t').filter(|(_, v)| !v.contains('\t')) else {
            return Err(line_error(
                path,
                index,
                "expected two tab-separated fields, a key and a value".to_owned(),
            ));
        };
        if pairs.iter().any(|(k, _)| k == key) {
            return Err(line_error(path, index, format!("key {key:?} is repeated")));
        }
        pairs.push((key.to_owned(), value.to_owned()));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(name: &str, text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        dir
    }

    #[test]
    fn ints_parse_one_per_line() {
        let dir = dir_with("ints.txt", "1\n-2\n 30 \n");
        assert_eq!(
            parse_ints(&dir.path().join("ints.txt"), ValidationLevel::Max),
            Ok(vec![1, -2, 30])
        );
        assert_eq!(
            IntSequenceDirectoryFormat::validate(dir.path(), ValidationLevel::Min),
            Ok(())
        );
    }

    #[test]
    fn a_bad_integer_names_the_file_and_line() {
        let dir = dir_with("ints.txt", "1\n2\nthree\n");
        let err =
            IntSequenceDirectoryFormat::validate(dir.path(), ValidationLevel::Max).unwrap_err();
        assert_eq!(err.file, dir.path().join("ints.txt"));
        assert_eq!(err.line, Some(3));
        assert_eq!(err.message, "expected an integer, found \"three\"");
    }

    #[test]
    fn the_min_level_looks_only_at_the_first_lines() {
        let text = format!("{}oops\n", "1\n".repeat(MIN_LEVEL_LINES));
        let dir = dir_with("ints.txt", &text);
        assert_eq!(
            IntSequenceDirectoryFormat::validate(dir.path(), ValidationLevel::Min),
            Ok(())
        );
        let err =
            IntSequenceDirectoryFormat::validate(dir.path(), ValidationLevel::Max).unwrap_err();
        assert_eq!(err.line, Some(MIN_LEVEL_LINES + 1));
    }

    #[test]
    fn a_missing_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let err =
            IntSequenceDirectoryFormat::validate(dir.path(), ValidationLevel::Max).unwrap_err();
        assert_eq!((err.file, err.line), (dir.path().join("ints.txt"), None));
        assert!(err.message.starts_with("cannot be read"), "{}", err.message);
    }

    #[test]
    fn mappings_parse_in_order_and_reject_bad_lines() {
        let dir = dir_with("mapping.tsv", "b\t2\na\t1\n");
        let file = dir.path().join("mapping.tsv");
        assert_eq!(
            parse_mapping(&file, ValidationLevel::Max),
            Ok(vec![("b".into(), "2".into()), ("a".into(), "1".into())])
        );
        std::fs::write(&file, "a\t1\nb\n").unwrap();
        let err = MappingDirectoryFormat::validate(dir.path(), ValidationLevel::Max).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.starts_with("expected two tab-separated fields"));
        std::fs::write(&file, "a\t1\tx\n").unwrap();
        let err = MappingDirectoryFormat::validate(dir.path(), ValidationLevel::Max).unwrap_err();
        assert_eq!(err.line, Some(1));
        std::fs::write(&file, "a\t1\na\t2\n").unwrap();
        let err = MappingDirectoryFormat::validate(dir.path(), ValidationLevel::Max).unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (Some(2), "key \"a\" is repeated")
        );
    }
}
