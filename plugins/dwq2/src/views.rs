//! dwq2's views of sequences: one sequence, or the records of either sequence format.

use std::path::Path;

use q2_types::DnaSequencesDirectoryFormat;
use q2_types::fasta::{self, Record};
use qiime2_plugin::plugin::{DataDir, DirectoryFormat, FormatError, View, ViewError};

use crate::formats::SingleSequenceDirectoryFormat;

/// One DNA sequence (`SingleDNASequence`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleSequence(pub Record);

impl View for SingleSequence {
    const NAME: &'static str = "SingleSequence";
    const READS: &'static [&'static str] = &[SingleSequenceDirectoryFormat::NAME];
    const WRITES: &'static str = SingleSequenceDirectoryFormat::NAME;

    fn read_from(dir: DataDir<'_>) -> Result<Self, ViewError> {
        let path = dir.file(SingleSequenceDirectoryFormat::FILE);
        let record = fasta::read(&path)?.into_iter().next().ok_or_else(|| {
            ViewError::Format(FormatError {
                file: path.clone(),
                line: None,
                message: "no sequence record".into(),
            })
        })?;
        Ok(Self(record))
    }

    fn write_to(&self, dir: &Path) -> Result<(), ViewError> {
        fasta::write(
            &dir.join(SingleSequenceDirectoryFormat::FILE),
            std::slice::from_ref(&self.0),
        )
    }
}

/// The records of a `FeatureData[Sequence]` or of a `SingleDNASequence`, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records(pub Vec<Record>);

impl View for Records {
    const NAME: &'static str = "Records";
    const READS: &'static [&'static str] = &[
        DnaSequencesDirectoryFormat::NAME,
        SingleSequenceDirectoryFormat::NAME,
    ];
    const WRITES: &'static str = DnaSequencesDirectoryFormat::NAME;

    fn read_from(dir: DataDir<'_>) -> Result<Self, ViewError> {
        let file = if dir.format() == SingleSequenceDirectoryFormat::NAME {
            SingleSequenceDirectoryFormat::FILE
        } else {
            DnaSequencesDirectoryFormat::FILE
        };
        Ok(Self(fasta::read(&dir.file(file))?))
    }

    fn write_to(&self, dir: &Path) -> Result<(), ViewError> {
        fasta::write(&dir.join(DnaSequencesDirectoryFormat::FILE), &self.0)
    }
}
