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

#[cfg(test)]
mod properties {
    use super::*;
    use crate::align::test_support::Rng;

    /// The score of an alignment's columns: substitutions, and gaps costing open for their
    /// first column and extend for each further one.
    fn column_score(aln: &Alignment, s: &Scoring) -> f64 {
        let (q, r) = (
            aln.aligned_query.as_bytes(),
            aln.aligned_reference.as_bytes(),
        );
        let mut total = 0.0;
        for k in 0..q.len() {
            total += match (q[k], r[k]) {
                (b'-', _) if k > 0 && q[k - 1] == b'-' => -s.gap_extend,
                (_, b'-') if k > 0 && r[k - 1] == b'-' => -s.gap_extend,
                (b'-', _) | (_, b'-') => -s.gap_open,
                (a, b) if a == b => s.match_score,
                _ => s.mismatch_score,
            };
        }
        total
    }

    fn ungapped(s: &str) -> Vec<u8> {
        s.bytes().filter(|&b| b != b'-').collect()
    }

    #[test]
    fn alignments_are_substrings_scoring_their_columns() {
        let mut rng = Rng(0x5EED_0010);
        for case in 0..300 {
            let alphabet: &[u8] = if case % 3 == 0 { b"AC" } else { b"ACGT" };
            let scoring = Scoring {
                gap_open: rng.int(1, 8),
                gap_extend: rng.int(1, 4),
                match_score: rng.int(1, 5),
                mismatch_score: rng.int(-6, 0),
            };
            let len = 1 + rng.below(120) as usize;
            let query = rng.sequence(alphabet, len);
            let rate = rng.below(25);
            let reference = rng.mutate(&query, alphabet, rate);
            let aln = local_align(&query, &reference, &scoring).unwrap();
            assert_eq!(aln.aligned_query.len(), aln.aligned_reference.len());
            let (q, r) = (
                ungapped(&aln.aligned_query),
                ungapped(&aln.aligned_reference),
            );
            assert!(
                query
                    .windows(q.len().max(1))
                    .any(|w| q.is_empty() || w == q)
            );
            assert!(
                reference
                    .windows(r.len().max(1))
                    .any(|w| r.is_empty() || w == r)
            );
            assert_eq!(
                column_score(&aln, &scoring),
                aln.score,
                "{aln:?} {scoring:?}"
            );
        }
    }

    #[test]
    fn long_sequences_align_end_to_end() {
        let mut rng = Rng(0x5EED_0011);
        let reference = rng.sequence(b"ACGT", 1600);
        let query = rng.mutate(&reference[200..1400], b"ACGT", 5);
        let s = Scoring::local_default();
        let aln = local_align(&query, &reference, &s).unwrap();
        assert_eq!(column_score(&aln, &s), aln.score);
        assert!(aln.len() > 1000);
        let mut scorer = crate::align::LocalScorer::new(&query, &s).unwrap();
        assert_eq!(scorer.score(&reference).unwrap(), aln.score);
    }
}
