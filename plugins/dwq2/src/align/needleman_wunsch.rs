//! Global alignment (Needleman-Wunsch) with free terminal gaps, in linear memory.

use super::alignment::Alignment;
use super::error::{AlignError, SequenceRole};
use super::recurrence::{Mode, Recurrence, Score, blank_row};
use super::scoring::{Scoring, encode};
use super::traceback::{Checkpoints, Limits, Tracer};

/// Aligns `seq1` and `seq2` end to end; gaps at either end of either sequence are free.
///
/// `seq1` spans the matrix columns and becomes row 0 (`aligned_query`) of the result, `seq2`
/// spans the rows and becomes row 1 (`aligned_reference`). The traceback starts at the
/// bottom-right cell. The result is exactly the full-matrix oracle's, computed in memory that
/// grows with the lengths of the sequences, not their product: a forward pass keeps some rows,
/// and the traceback recomputes the blocks between them.
///
/// # Examples
/// ```
/// use q2_dwq2::align::{Scoring, global_align};
/// let aln = global_align(b"AAAATTT", b"AAAAGGTTT", &Scoring::global_default())?;
/// assert_eq!((aln.aligned_query.as_str(), aln.aligned_reference.as_str()), ("--AAAATTT", "AAAAGGTTT"));
/// # Ok::<(), q2_dwq2::align::AlignError>(())
/// ```
pub fn global_align(seq1: &[u8], seq2: &[u8], scoring: &Scoring) -> Result<Alignment, AlignError> {
    global_align_within(seq1, seq2, scoring, Limits::DEFAULT)
}

/// [`global_align`] within the given memory limits.
pub(crate) fn global_align_within(
    seq1: &[u8],
    seq2: &[u8],
    scoring: &Scoring,
    limits: Limits,
) -> Result<Alignment, AlignError> {
    let cols = encode(seq1, SequenceRole::Seq1)?;
    let rows = encode(seq2, SequenceRole::Seq2)?;
    let (m, n) = (rows.len(), cols.len());
    let (cols, rows) = ((&cols[..], seq1), (&rows[..], seq2));
    Ok(
        match Recurrence::integral(scoring, Mode::GlobalFreeEnds, m, n) {
            Some(recurrence) => align_with(&recurrence, cols, rows, limits),
            None => align_with(
                &Recurrence::exact(scoring, Mode::GlobalFreeEnds, m, n),
                cols,
                rows,
                limits,
            ),
        },
    )
}

/// A forward pass keeping checkpoints, then the traceback from the bottom-right cell.
fn align_with<T: Score>(
    recurrence: &Recurrence<T>,
    cols: (&[u8], &[u8]),
    rows: (&[u8], &[u8]),
    limits: Limits,
) -> Alignment {
    let (m, n) = (rows.0.len(), cols.0.len());
    let step = limits.checkpoint_step::<T>(m, n, 1);
    let mut kept = vec![(0, recurrence.first_row(n))];
    let mut above = recurrence.first_row(n);
    let mut row = blank_row(n);
    for i in 1..=m {
        recurrence.step(&above, i, rows.0[i - 1], cols.0, &mut row, None);
        std::mem::swap(&mut above, &mut row);
        if i.is_multiple_of(step) && i < m {
            kept.push((i, above.clone()));
        }
    }
    let score = above.score[n].to_f64();
    let (aligned_query, aligned_reference) =
        Tracer::new(recurrence, cols, rows, limits).trace(&Checkpoints::from_rows(kept), (m, n));
    Alignment {
        score,
        aligned_query,
        aligned_reference,
    }
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
