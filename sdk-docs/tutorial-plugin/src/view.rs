// ANCHOR: all
//! `KmerCounts` as a view: read from, and written to, `KmerCountsDirectoryFormat`.

use std::path::Path;

use qiime2_plugin::plugin::{DataDir, DirectoryFormat, FormatError, View, ViewError};

use crate::counts::KmerCounts;
use crate::format::{KmerCountsDirectoryFormat, parse};

// ANCHOR: view
impl View for KmerCounts {
    const NAME: &'static str = "KmerCounts";
    // The conversions, declared once: from the one format this type is stored in, and back.
    const READS: &'static [&'static str] = &[KmerCountsDirectoryFormat::NAME];
    const WRITES: &'static str = KmerCountsDirectoryFormat::NAME;

    fn read_from(dir: DataDir<'_>) -> Result<Self, ViewError> {
        let file = dir.file(KmerCountsDirectoryFormat::FILE);
        let text = std::fs::read_to_string(&file).map_err(|source| ViewError::Io {
            path: file.clone(),
            source,
        })?;
        let (k, rows) = parse(&text, usize::MAX).map_err(|(line, message)| FormatError {
            file,
            line: Some(line),
            message,
        })?;
        Ok(Self {
            k,
            counts: rows.into_iter().collect(),
        })
    }

    fn write_to(&self, dir: &Path) -> Result<(), ViewError> {
        let path = dir.join(KmerCountsDirectoryFormat::FILE);
        std::fs::write(&path, self.to_tsv()).map_err(|source| ViewError::Io { path, source })
    }
}
// ANCHOR_END: view

#[cfg(test)]
mod tests {
    use qiime2_plugin::plugin::ArtifactData;

    use super::*;

    fn data(dir: &Path, format: &str) -> ArtifactData {
        ArtifactData {
            data_dir: dir.display().to_string(),
            semantic_type: "KmerCounts".to_owned(),
            format: format.to_owned(),
            handle: None,
        }
    }

    #[test]
    fn counts_round_trip_through_their_format() {
        let dir = tempfile::tempdir().unwrap();
        let counts = KmerCounts::count(3, ["ACGTAC"]);
        let format = counts.write(dir.path()).unwrap();
        assert_eq!(format, KmerCountsDirectoryFormat::NAME);
        let read = KmerCounts::read(&data(dir.path(), &format)).unwrap();
        assert_eq!(read, counts);
    }

    #[test]
    fn another_format_has_no_transformer() {
        let dir = tempfile::tempdir().unwrap();
        let err = KmerCounts::read(&data(dir.path(), "DNASequencesDirectoryFormat")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no transformer from DNASequencesDirectoryFormat to KmerCounts"
        );
    }
}
// ANCHOR_END: all
