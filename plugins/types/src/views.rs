//! The Rust views of the shared sequence types.

use std::path::Path;

use qiime2_plugin::plugin::{DataDir, DirectoryFormat, View, ViewError};

use crate::fasta::{self, Record};
use crate::formats::{AlignedDnaSequencesDirectoryFormat, DnaSequencesDirectoryFormat};

/// Unaligned DNA sequences, in file order (`FeatureData[Sequence]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DnaSequences(pub Vec<Record>);

/// Aligned DNA sequences, all of one length (`FeatureData[AlignedSequence]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlignedDnaSequences(pub Vec<Record>);

impl View for DnaSequences {
    const NAME: &'static str = "DnaSequences";
    const READS: &'static [&'static str] = &[DnaSequencesDirectoryFormat::NAME];
    const WRITES: &'static str = DnaSequencesDirectoryFormat::NAME;

    fn read_from(dir: DataDir<'_>) -> Result<Self, ViewError> {
        fasta::read(&dir.file(DnaSequencesDirectoryFormat::FILE)).map(Self)
    }

    fn write_to(&self, dir: &Path) -> Result<(), ViewError> {
        fasta::write(&dir.join(DnaSequencesDirectoryFormat::FILE), &self.0)
    }
}

impl View for AlignedDnaSequences {
    const NAME: &'static str = "AlignedDnaSequences";
    const READS: &'static [&'static str] = &[AlignedDnaSequencesDirectoryFormat::NAME];
    const WRITES: &'static str = AlignedDnaSequencesDirectoryFormat::NAME;

    fn read_from(dir: DataDir<'_>) -> Result<Self, ViewError> {
        fasta::read(&dir.file(AlignedDnaSequencesDirectoryFormat::FILE)).map(Self)
    }

    fn write_to(&self, dir: &Path) -> Result<(), ViewError> {
        fasta::write(&dir.join(AlignedDnaSequencesDirectoryFormat::FILE), &self.0)
    }
}
