// ANCHOR: all
//! The data the usage examples start from: a few short invented DNA sequences.

use q2_types::DnaSequences;
use q2_types::fasta::Record;
use qiime2_plugin::plugin::ActionError;

use crate::counts::KmerCounts;

/// Invented sequences: no real organism's.
const SEQUENCES: [(&str, &str); 6] = [
    ("s1", "ACGTACGTTAGCATGCAAGT"),
    ("s2", "TTGACCGTAGGCATACGTAA"),
    ("s3", "GGCATGCAAGTACGTACGTT"),
    ("s4", "ACGTTAGCNNGCATGCAAGT"),
    ("s5", "CATGCATGCATGCATGCATG"),
    ("s6", "AAGTTGACCGTAGGCATACG"),
];

// ANCHOR: factories
/// `sequences_factory`: the example sequences.
pub fn sequences() -> Result<DnaSequences, ActionError> {
    let records = SEQUENCES
        .iter()
        .map(|(id, sequence)| Record {
            id: (*id).to_owned(),
            description: String::new(),
            sequence: (*sequence).to_owned(),
        })
        .collect();
    Ok(DnaSequences(records))
}

/// `counts_factory`: the 3-mer counts of the example sequences.
pub fn counts() -> Result<KmerCounts, ActionError> {
    let DnaSequences(records) = sequences()?;
    Ok(KmerCounts::count(
        3,
        records.iter().map(|r| r.sequence.as_str()),
    ))
}
// ANCHOR_END: factories
// ANCHOR_END: all
