//! Local alignment (Smith-Waterman) with the oracle's traceback, in linear memory.

use super::alignment::Alignment;
use super::error::AlignError;
use super::recurrence::{Mode, Recurrence, Score, blank_row};
use super::scorer::LocalScorer;
use super::scoring::Scoring;
use super::traceback::{Checkpoints, Limits, Tracer};

/// Rows between the checkpoints of a local forward pass, at least: the traceback recomputes
/// at most this many rows (over the columns left of the path) besides the alignment's own.
pub(crate) const LOCAL_STEP: usize = 16;

/// Aligns `query` locally against `reference` with the greedy affine recurrence.
///
/// The alignment ends at the first cell (reference position outer, query position inner) that
/// holds the greatest score, and starts where the traceback meets a restart. With no positive
/// score at all the alignment is empty and scores 0. The result is exactly the full-matrix
/// oracle's, computed in memory that grows with the lengths of the sequences, not their
/// product (see [`LocalScorer::align`]).
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
    LocalScorer::new(query, scoring)?.align(reference)
}

/// The local alignment of coded `query` against coded `reference` (each with its text) by the
/// scalar recurrence: `i32` when the scoring values allow, the oracle's `f64` otherwise.
pub(crate) fn align_scalar(
    query: (&[u8], &[u8]),
    reference: (&[u8], &[u8]),
    scoring: &Scoring,
    limits: Limits,
) -> Alignment {
    let (rows, cols) = (reference.0.len(), query.0.len());
    match Recurrence::integral(scoring, Mode::Local, rows, cols) {
        Some(recurrence) => align_with(&recurrence, query, reference, limits),
        None => align_with(
            &Recurrence::exact(scoring, Mode::Local, rows, cols),
            query,
            reference,
            limits,
        ),
    }
}

/// A forward pass finding the first greatest cell and keeping checkpoints; then the traceback.
fn align_with<T: Score>(
    recurrence: &Recurrence<T>,
    query: (&[u8], &[u8]),
    reference: (&[u8], &[u8]),
    limits: Limits,
) -> Alignment {
    let (q, r) = (query.0, reference.0);
    let width = q.len();
    let step = limits.checkpoint_step::<T>(r.len(), width, LOCAL_STEP);
    let mut kept = vec![(0, recurrence.first_row(width))];
    let mut above = recurrence.first_row(width);
    let mut row = blank_row(width);
    let (mut best, mut end) = (T::ZERO, (0, 0));
    for i in 1..=r.len() {
        recurrence.step(&above, i, r[i - 1], q, &mut row, None);
        for (j, &score) in row.score.iter().enumerate() {
            if score > best {
                best = score;
                end = (i, j);
            }
        }
        std::mem::swap(&mut above, &mut row);
        if i.is_multiple_of(step) && i < r.len() {
            kept.push((i, above.clone()));
        }
    }
    let (aligned_query, aligned_reference) =
        Tracer::new(recurrence, query, reference, limits).trace(&Checkpoints::from_rows(kept), end);
    Alignment {
        score: best.to_f64(),
        aligned_query,
        aligned_reference,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::SequenceRole;

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
