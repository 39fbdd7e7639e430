//! Local alignment (Smith-Waterman) with traceback: the scalar oracle.

use super::alignment::Alignment;
use super::error::{AlignError, SequenceRole};
use super::matrix::{Matrices, Mode};
use super::scoring::{Scoring, encode};

/// Aligns `query` locally against `reference` with the greedy affine recurrence.
///
/// The alignment ends at the first cell (reference position outer, query position inner) that
/// holds the greatest score, and starts where the traceback meets a restart. With no positive
/// score at all the alignment is empty and scores 0.
///
/// # Examples
/// ```
/// use q2_dwq2::align::{Scoring, local_align};
/// let aln = local_align(b"ACACTCTCCACCCATTTGCT", b"GGACACTCTCCACCCATTTGCTGG", &Scoring::local_default())?;
/// assert_eq!(aln.score, 40.0);
/// assert_eq!(aln.aligned_query, "ACACTCTCCACCCATTTGCT");
/// # Ok::<(), q2_dwq2::align::AlignError>(())
/// ```
pub fn local_align(
    query: &[u8],
    reference: &[u8],
    scoring: &Scoring,
) -> Result<Alignment, AlignError> {
    let q = encode(query, SequenceRole::Query)?;
    let r = encode(reference, SequenceRole::Reference)?;
    let matrices = Matrices::fill(&q, &r, scoring, Mode::Local);
    let end = matrices.first_maximum();
    let (aligned_query, aligned_reference) = matrices.traceback(query, reference, end);
    Ok(Alignment {
        score: matrices.score(end.0, end.1),
        aligned_query,
        aligned_reference,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q1: &[u8] = b"ACACTCTCCACCCATTTGCT";

    fn with_mismatches(positions: &[usize]) -> Vec<u8> {
        let mut r = Q1.to_vec();
        for &p in positions {
            r[p] = if r[p] == b'A' { b'G' } else { b'A' };
        }
        r
    }

    #[test]
    fn spec_oracle_identical_one_and_two_mismatches() {
        let s = Scoring::local_default();
        let aln = local_align(Q1, Q1, &s).unwrap();
        assert_eq!((aln.score, aln.len()), (40.0, 20));
        assert_eq!(aln.aligned_reference, "ACACTCTCCACCCATTTGCT");
        let aln = local_align(Q1, &with_mismatches(&[9]), &s).unwrap();
        assert_eq!((aln.score, aln.len()), (35.0, 20));
        let aln = local_align(Q1, &with_mismatches(&[6, 12]), &s).unwrap();
        assert_eq!((aln.score, aln.len()), (30.0, 20));
    }

    #[test]
    fn empty_and_hopeless_inputs_give_empty_alignments() {
        let s = Scoring::local_default();
        for (q, r) in [
            (&b""[..], &b"ACGT"[..]),
            (b"ACGT", b""),
            (b"", b""),
            (b"AAAA", b"CCCC"),
        ] {
            let aln = local_align(q, r, &s).unwrap();
            assert_eq!(aln.score, 0.0);
            assert!(aln.is_empty());
            assert_eq!(aln.aligned_reference, "");
        }
    }

    #[test]
    fn gaps_open_then_extend() {
        let s = Scoring::local_default();
        // 10 matches, a 2-base deletion from the query (open 5 + extend 2), 10 matches.
        let aln = local_align(b"ACGTACGTAAGGCCTTGGCA", b"ACGTACGTAATTGGCCTTGGCA", &s).unwrap();
        assert_eq!(aln.score, 40.0 - 7.0);
        assert_eq!(aln.aligned_query, "ACGTACGTAA--GGCCTTGGCA");
        assert_eq!(aln.aligned_reference, "ACGTACGTAATTGGCCTTGGCA");
    }

    #[test]
    fn first_maximum_wins_among_equal_scores() {
        // The query matches the reference twice; the earlier reference row ends first.
        let s = Scoring::local_default();
        let aln = local_align(b"GATTACA", b"GATTACATTTTTTGATTACA", &s).unwrap();
        assert_eq!(aln.score, 14.0);
        assert_eq!(aln.aligned_reference, "GATTACA");
    }

    #[test]
    fn invalid_characters_name_role_and_position() {
        let s = Scoring::local_default();
        assert_eq!(
            local_align(b"ACNT", b"ACGT", &s),
            Err(AlignError::InvalidCharacter {
                role: SequenceRole::Query,
                character: 'N',
                position: 3
            })
        );
        assert_eq!(
            local_align(b"ACGT", b"ACGTy", &s),
            Err(AlignError::InvalidCharacter {
                role: SequenceRole::Reference,
                character: 'y',
                position: 5
            })
        );
    }

    #[test]
    fn t_and_u_are_different_letters() {
        let s = Scoring::local_default();
        assert_eq!(local_align(b"U", b"T", &s).unwrap().score, 0.0);
        assert_eq!(local_align(b"U", b"U", &s).unwrap().score, 2.0);
    }
}
