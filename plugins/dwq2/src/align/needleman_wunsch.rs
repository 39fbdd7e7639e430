//! Global alignment (Needleman-Wunsch) with free terminal gaps.

use super::alignment::Alignment;
use super::error::{AlignError, SequenceRole};
use super::matrix::{Matrices, Mode};
use super::scoring::{Scoring, encode};

/// Aligns `seq1` and `seq2` end to end; gaps at either end of either sequence are free.
///
/// `seq1` spans the matrix columns and becomes row 0 (`aligned_query`) of the result, `seq2`
/// spans the rows and becomes row 1 (`aligned_reference`). The traceback starts at the
/// bottom-right cell.
///
/// # Examples
/// ```
/// use q2_dwq2::align::{Scoring, global_align};
/// let aln = global_align(b"AAAATTT", b"AAAAGGTTT", &Scoring::global_default())?;
/// assert_eq!((aln.aligned_query.as_str(), aln.aligned_reference.as_str()), ("--AAAATTT", "AAAAGGTTT"));
/// # Ok::<(), q2_dwq2::align::AlignError>(())
/// ```
pub fn global_align(seq1: &[u8], seq2: &[u8], scoring: &Scoring) -> Result<Alignment, AlignError> {
    let cols = encode(seq1, SequenceRole::Seq1)?;
    let rows = encode(seq2, SequenceRole::Seq2)?;
    let matrices = Matrices::fill(&cols, &rows, scoring, Mode::GlobalFreeEnds);
    let end = (rows.len(), cols.len());
    let (aligned_query, aligned_reference) = matrices.traceback(seq1, seq2, end);
    Ok(Alignment {
        score: matrices.score(end.0, end.1),
        aligned_query,
        aligned_reference,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_oracle_with_defaults() {
        let aln = global_align(b"AAAATTT", b"AAAAGGTTT", &Scoring::global_default()).unwrap();
        assert_eq!(aln.aligned_query, "--AAAATTT");
        assert_eq!(aln.aligned_reference, "AAAAGGTTT");
        assert_eq!(aln.score, 1.0);
    }

    #[test]
    fn spec_oracle_with_match_score_ten() {
        let s = Scoring {
            match_score: 10.0,
            ..Scoring::global_default()
        };
        let aln = global_align(b"AAAATTT", b"AAAAGGTTT", &s).unwrap();
        assert_eq!(aln.aligned_query, "AAAA--TTT");
        assert_eq!(aln.aligned_reference, "AAAAGGTTT");
        assert_eq!(aln.score, 63.0);
    }

    #[test]
    fn rows_cover_both_sequences_entirely() {
        let aln = global_align(b"ACGTTGCA", b"GTT", &Scoring::global_default()).unwrap();
        assert_eq!(aln.aligned_query, "ACGTTGCA");
        assert_eq!(aln.aligned_reference, "--GTT---");
        assert_eq!(aln.score, 3.0);
        let aln = global_align(b"", b"ACG", &Scoring::global_default()).unwrap();
        assert_eq!(
            (aln.aligned_query.as_str(), aln.aligned_reference.as_str()),
            ("---", "ACG")
        );
        assert_eq!(aln.score, 0.0);
        let aln = global_align(b"", b"", &Scoring::global_default()).unwrap();
        assert!(aln.is_empty());
    }

    #[test]
    fn invalid_characters_name_seq1_or_seq2() {
        let s = Scoring::global_default();
        assert_eq!(
            global_align(b"AXG", b"A", &s),
            Err(AlignError::InvalidCharacter {
                role: SequenceRole::Seq1,
                character: 'X',
                position: 2
            })
        );
        assert_eq!(
            global_align(b"A", b"n", &s),
            Err(AlignError::InvalidCharacter {
                role: SequenceRole::Seq2,
                character: 'n',
                position: 1
            })
        );
    }
}
