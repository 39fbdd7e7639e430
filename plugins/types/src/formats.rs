//! The directory formats of the shared sequence types.

use std::path::Path;

use qiime2_plugin::plugin::{DirectoryFormat, FormatError, ValidationLevel};

use crate::fasta::{self, ALIGNED_DNA_ALPHABET, DNA_ALPHABET};

/// `DNASequencesDirectoryFormat`: unaligned DNA in `dna-sequences.fasta`.
pub struct DnaSequencesDirectoryFormat;

impl DnaSequencesDirectoryFormat {
    /// The file holding the sequences.
    pub const FILE: &'static str = "dna-sequences.fasta";
}

impl DirectoryFormat for DnaSequencesDirectoryFormat {
    const NAME: &'static str = "DNASequencesDirectoryFormat";
    const FILES: &'static [(&'static str, &'static str)] = &[(Self::FILE, "DNAFASTAFormat")];

    fn validate(dir: &Path, level: ValidationLevel) -> Result<(), FormatError> {
        fasta::validate(&dir.join(Self::FILE), DNA_ALPHABET, false, level)
    }
}

/// `AlignedDNASequencesDirectoryFormat`: aligned DNA in `aligned-dna-sequences.fasta`.
pub struct AlignedDnaSequencesDirectoryFormat;

impl AlignedDnaSequencesDirectoryFormat {
    /// The file holding the alignment.
    pub const FILE: &'static str = "aligned-dna-sequences.fasta";
}

impl DirectoryFormat for AlignedDnaSequencesDirectoryFormat {
    const NAME: &'static str = "AlignedDNASequencesDirectoryFormat";
    const FILES: &'static [(&'static str, &'static str)] = &[(Self::FILE, "AlignedDNAFASTAFormat")];

    fn validate(dir: &Path, level: ValidationLevel) -> Result<(), FormatError> {
        fasta::validate(&dir.join(Self::FILE), ALIGNED_DNA_ALPHABET, true, level)
    }
}
