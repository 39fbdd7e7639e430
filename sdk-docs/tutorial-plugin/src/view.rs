// ANCHOR: all
//! `KmerCounts` as a view: read from, and written to, `KmerCountsDirectoryFormat`.

use std::path::Path;

use qiime2_plugin::plugin::{ArtifactData, DirectoryFormat, FormatError, View, ViewError};

use crate::counts::KmerCounts;
use crate::format::{KmerCountsDirectoryFormat, parse};

// ANCHOR: view
impl View for KmerCounts {
    const NAME: &'static str = "KmerCounts";

    fn read(data: &ArtifactData) -> Result<Self, ViewError> {
        // The transformer from the one format this type is stored in.
        if data.format != KmerCountsDirectoryFormat::NAME {
            return Err(ViewError::NoTransformer {
                from: data.format.clone(),
                to: Self::NAME,
            });
        }
        let file = Path::new(&data.data_dir).join(KmerCountsDirectoryFormat::FILE);
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

    fn write(&self, dir: &Path) -> Result<String, ViewError> {
        let path = dir.join(KmerCountsDirectoryFormat::FILE);
        std::fs::write(&path, self.to_tsv()).map_err(|source| ViewError::Io { path, source })?;
        Ok(KmerCountsDirectoryFormat::NAME.to_owned())
    }
}
// ANCHOR_END: view

#[cfg(test)]
mod tests {
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
