//! The result of a pairwise alignment.

/// A pairwise alignment: its score and the two gapped rows (`-` marks a gap).
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// The score of the alignment under the scoring that produced it.
    pub score: f64,
    /// The gapped query (local) or `seq1` (global): row 0 of the alignment.
    pub aligned_query: String,
    /// The gapped reference (local) or `seq2` (global): row 1 of the alignment.
    pub aligned_reference: String,
}

impl Alignment {
    /// The empty alignment, scoring 0.
    pub fn empty() -> Self {
        Alignment {
            score: 0.0,
            aligned_query: String::new(),
            aligned_reference: String::new(),
        }
    }

    /// Number of alignment columns.
    pub fn len(&self) -> usize {
        self.aligned_query.len()
    }

    /// Whether the alignment has no columns.
    pub fn is_empty(&self) -> bool {
        self.aligned_query.is_empty()
    }
}
