//! The plugin's Rust views: a sequence of integers and an ordered key/value mapping.

use std::fmt::Write as _;
use std::path::Path;

use qiime2_plugin::plugin::{DataDir, DirectoryFormat, ValidationLevel, View, ViewError};

use crate::formats::{self, IntSequenceDirectoryFormat, MappingDirectoryFormat};

/// Integers in order (`IntSequence1`, `IntSequence2`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntSequence(pub Vec<i64>);

/// Key/value pairs in order, keys unique (`Mapping`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping(pub Vec<(String, String)>);

impl Mapping {
    /// The value stored under `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), ViewError> {
    std::fs::write(path, text).map_err(|source| ViewError::Io {
        path: path.to_path_buf(),
        source,
    })
}

impl View for IntSequence {
    const NAME: &'static str = "IntSequence";
    const READS: &'static [&'static str] = &[IntSequenceDirectoryFormat::NAME];
    const WRITES: &'static str = IntSequenceDirectoryFormat::NAME;

    fn read_from(dir: DataDir<'_>) -> Result<Self, ViewError> {
        let file = dir.file(IntSequenceDirectoryFormat::FILE);
        Ok(Self(formats::parse_ints(&file, ValidationLevel::Max)?))
    }

    fn write_to(&self, dir: &Path) -> Result<(), ViewError> {
        let text = self.0.iter().fold(String::new(), |mut text, value| {
            let _ = writeln!(text, "{value}");
            text
        });
        write_file(&dir.join(IntSequenceDirectoryFormat::FILE), &text)
    }
}

impl View for Mapping {
    const NAME: &'static str = "Mapping";
    const READS: &'static [&'static str] = &[MappingDirectoryFormat::NAME];
    const WRITES: &'static str = MappingDirectoryFormat::NAME;

    fn read_from(dir: DataDir<'_>) -> Result<Self, ViewError> {
        let file = dir.file(MappingDirectoryFormat::FILE);
        Ok(Self(formats::parse_mapping(&file, ValidationLevel::Max)?))
    }

    fn write_to(&self, dir: &Path) -> Result<(), ViewError> {
        let text = self.0.iter().fold(String::new(), |mut text, (key, value)| {
            let _ = writeln!(text, "{key}\t{value}");
            text
        });
        write_file(&dir.join(MappingDirectoryFormat::FILE), &text)
    }
}

#[cfg(test)]
mod tests {
    use qiime2_plugin::plugin::ArtifactData;

    use super::*;

    fn data(dir: &Path, format: &str) -> ArtifactData {
        ArtifactData {
            data_dir: dir.display().to_string(),
            semantic_type: "IntSequence1".into(),
            format: format.into(),
            handle: None,
        }
    }

    #[test]
    fn views_round_trip_through_their_formats() {
        let dir = tempfile::tempdir().unwrap();
        let ints = IntSequence(vec![3, -1, 4]);
        assert_eq!(
            ints.write(dir.path()).unwrap(),
            IntSequenceDirectoryFormat::NAME
        );
        let read = IntSequence::read(&data(dir.path(), IntSequenceDirectoryFormat::NAME));
        assert_eq!(read.unwrap(), ints);

        let mapping = Mapping(vec![("z".into(), "1".into()), ("a".into(), "x y".into())]);
        assert_eq!(
            mapping.write(dir.path()).unwrap(),
            MappingDirectoryFormat::NAME
        );
        let read = Mapping::read(&data(dir.path(), MappingDirectoryFormat::NAME)).unwrap();
        assert_eq!(read, mapping);
        assert_eq!(read.get("a"), Some("x y"));
        assert_eq!(read.get("b"), None);
    }

    #[test]
    fn a_view_of_another_format_has_no_transformer() {
        let dir = tempfile::tempdir().unwrap();
        let err = IntSequence::read(&data(dir.path(), MappingDirectoryFormat::NAME)).unwrap_err();
        assert!(
            matches!(&err, ViewError::NoTransformer { from, to: "IntSequence" } if from == "MappingDirectoryFormat"),
            "{err:?}"
        );
    }
}
