//! `FeatureData[Sequence]` and `FeatureData[AlignedSequence]` as metadata, as QIIME 2 views them:
//! one `Sequence` column, indexed by the feature ids.

use std::fmt::Write as _;
use std::path::Path;

use qiime2_plugin::plugin::FormatError;

use crate::fasta;
use crate::formats::{AlignedDnaSequencesDirectoryFormat, DnaSequencesDirectoryFormat};

/// The metadata TSV of the unaligned sequences in the data folder `dir`.
pub(crate) fn sequences(dir: &Path) -> Result<String, FormatError> {
    table(&dir.join(DnaSequencesDirectoryFormat::FILE))
}

/// The metadata TSV of the aligned sequences in the data folder `dir`.
pub(crate) fn aligned_sequences(dir: &Path) -> Result<String, FormatError> {
    table(&dir.join(AlignedDnaSequencesDirectoryFormat::FILE))
}

/// `Feature ID` and `Sequence` columns, a row per record of the FASTA file at `path`.
fn table(path: &Path) -> Result<String, FormatError> {
    let records = fasta::read(path).map_err(|err| FormatError {
        file: path.to_path_buf(),
        line: None,
        message: err.to_string(),
    })?;
    let mut tsv = String::from("Feature ID\tSequence\n");
    for record in records {
        let _ = writeln!(tsv, "{}\t{}", record.id, record.sequence);
    }
    Ok(tsv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_become_one_column_indexed_by_feature_id() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(DnaSequencesDirectoryFormat::FILE);
        std::fs::write(&file, ">s1 first\nACGT\nAC\n>s2\nGGCC\n").unwrap();
        let tsv = sequences(dir.path()).unwrap();
        assert_eq!(tsv, "Feature ID\tSequence\ns1\tACGTAC\ns2\tGGCC\n");
        let md = qiime2_plugin::metadata::Metadata::from_tsv_str(&tsv, "seqs").unwrap();
        assert_eq!(md.ids(), ["s1", "s2"]);
        assert!(sequences(tempfile::tempdir().unwrap().path()).is_err());
    }
}
