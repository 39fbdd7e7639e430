//! dwq2's views of sequences: one sequence, or the records of either sequence format.

use std::path::Path;

use q2_types::DnaSequencesDirectoryFormat;
use q2_types::fasta::{self, Record};
use qiime2_plugin::plugin::{ArtifactData, DirectoryFormat, View, ViewError};

use crate::formats::SingleSequenceDirectoryFormat;

/// One DNA sequence (`SingleDNASequence`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleSequence(pub Record);

impl View for SingleSequence {
    const NAME: &'static str = "SingleSequence";

    fn read(data: &ArtifactData) -> Result<Self, ViewError> {
        if data.format != SingleSequenceDirectoryFormat::NAME {
            return Err(ViewError::NoTransformer {
                from: data.format.clone(),
                to: Self::NAME,
            });
        }
        let path = Path::new(&data.data_dir).join(SingleSequenceDirectoryFormat::FILE);
        let record = fasta::read(&path)?.into_iter().next().ok_or_else(|| {
            ViewError::Format(qiime2_plugin::plugin::FormatError {
                file: path.clone(),
                line: None,
                message: "no sequence record".into(),
            })
        })?;
        Ok(Self(record))
    }

    fn write(&self, dir: &Path) -> Result<String, ViewError> {
        fasta::write(
            &dir.join(SingleSequenceDirectoryFormat::FILE),
            std::slice::from_ref(&self.0),
        )?;
        Ok(SingleSequenceDirectoryFormat::NAME.to_owned())
    }
}

/// The records of a `FeatureData[Sequence]` or of a `SingleDNASequence`, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records(pub Vec<Record>);

impl View for Records {
    const NAME: &'static str = "Records";

    fn read(data: &ArtifactData) -> Result<Self, ViewError> {
        let dir = Path::new(&data.data_dir);
        let file = match data.format.as_str() {
            DnaSequencesDirectoryFormat::NAME => DnaSequencesDirectoryFormat::FILE,
            SingleSequenceDirectoryFormat::NAME => SingleSequenceDirectoryFormat::FILE,
            other => {
                return Err(ViewError::NoTransformer {
                    from: other.to_owned(),
                    to: Self::NAME,
                });
            }
        };
        Ok(Self(fasta::read(&dir.join(file))?))
    }

    fn write(&self, dir: &Path) -> Result<String, ViewError> {
        fasta::write(&dir.join(DnaSequencesDirectoryFormat::FILE), &self.0)?;
        Ok(DnaSequencesDirectoryFormat::NAME.to_owned())
    }
}
