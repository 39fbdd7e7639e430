//! The Rust views of the shared sequence types.

use std::path::Path;

use qiime2_plugin::plugin::{ArtifactData, DirectoryFormat, View, ViewError};

use crate::fasta::{self, Record};
use crate::formats::{AlignedDnaSequencesDirectoryFormat, DnaSequencesDirectoryFormat};

/// Unaligned DNA sequences, in file order (`FeatureData[Sequence]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DnaSequences(pub Vec<Record>);

/// Aligned DNA sequences, all of one length (`FeatureData[AlignedSequence]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlignedDnaSequences(pub Vec<Record>);

fn unsupported(data: &ArtifactData, to: &'static str) -> ViewError {
    ViewError::NoTransformer {
        from: data.format.clone(),
        to,
    }
}

impl View for DnaSequences {
    const NAME: &'static str = "DnaSequences";

    fn read(data: &ArtifactData) -> Result<Self, ViewError> {
        let dir = Path::new(&data.data_dir);
        match data.format.as_str() {
            DnaSequencesDirectoryFormat::NAME => {
                fasta::read(&dir.join(DnaSequencesDirectoryFormat::FILE)).map(Self)
            }
            _ => Err(unsupported(data, Self::NAME)),
        }
    }

    fn write(&self, dir: &Path) -> Result<String, ViewError> {
        fasta::write(&dir.join(DnaSequencesDirectoryFormat::FILE), &self.0)?;
        Ok(DnaSequencesDirectoryFormat::NAME.to_owned())
    }
}

impl View for AlignedDnaSequences {
    const NAME: &'static str = "AlignedDnaSequences";

    fn read(data: &ArtifactData) -> Result<Self, ViewError> {
        let dir = Path::new(&data.data_dir);
        match data.format.as_str() {
            AlignedDnaSequencesDirectoryFormat::NAME => {
                fasta::read(&dir.join(AlignedDnaSequencesDirectoryFormat::FILE)).map(Self)
            }
            _ => Err(unsupported(data, Self::NAME)),
        }
    }

    fn write(&self, dir: &Path) -> Result<String, ViewError> {
        fasta::write(&dir.join(AlignedDnaSequencesDirectoryFormat::FILE), &self.0)?;
        Ok(AlignedDnaSequencesDirectoryFormat::NAME.to_owned())
    }
}
