//! The oracle: the full score and traceback matrices of the greedy affine recurrence, and the
//! traceback, exactly as scikit-bio computes them (in `O(rows x cols)` memory). The tests
//! hold the fast aligners to it.
//!
//! Rows are positions of the row sequence (the reference, or `seq2`), columns positions of the
//! column sequence (the query, or `seq1`). For cell `(i, j)` the candidates are, in this order,
//! a restart (local only), a horizontal gap (from the left), a match (from the diagonal) and a
//! vertical gap (from above); the first candidate with the strictly greatest score wins. A gap
//! extends (costs `gap_extend`) only when the neighbour it comes from chose the same gap
//! direction, otherwise it opens (costs `gap_open`).

use super::alignment::Alignment;
use super::error::{AlignError, SequenceRole};
use super::recurrence::{Mode, Pointer};
use super::scoring::{Scoring, encode};

/// The oracle's local alignment: the full matrices, the first maximum, the traceback.
pub(crate) fn oracle_local(
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

/// The oracle's global alignment with free end gaps: the full matrices, traced back from the
/// bottom-right cell.
pub(crate) fn oracle_global(
    seq1: &[u8],
    seq2: &[u8],
    scoring: &Scoring,
) -> Result<Alignment, AlignError> {
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

/// Score and traceback matrices, row-major, `(rows + 1) x (cols + 1)`.
pub(crate) struct Matrices {
    width: usize,
    score: Vec<f64>,
    pointer: Vec<Pointer>,
}

impl Matrices {
    /// Fills both matrices for alphabet-coded `cols` (query/seq1) and `rows` (reference/seq2).
    pub fn fill(cols: &[u8], rows: &[u8], scoring: &Scoring, mode: Mode) -> Self {
        let (n, m) = (cols.len(), rows.len());
        let width = n + 1;
        let mut score = vec![0.0; width * (m + 1)];
        let mut pointer = vec![Pointer::End; width * (m + 1)];
        let (restart, free_ends) = match mode {
            Mode::Local => (0.0, false),
            Mode::GlobalFreeEnds => {
                pointer[1..width].fill(Pointer::HorizontalGap);
                for i in 1..=m {
                    pointer[i * width] = Pointer::VerticalGap;
                }
                (f64::NEG_INFINITY, true)
            }
        };
        let (open, extend) = (scoring.gap_open, scoring.gap_extend);
        for i in 1..=m {
            let row = i * width;
            let above = row - width;
            for j in 1..=n {
                let diag = score[above + j - 1] + scoring.substitution(cols[j - 1], rows[i - 1]);
                let up = if free_ends && j == n {
                    score[above + j]
                } else if pointer[above + j] == Pointer::VerticalGap {
                    score[above + j] - extend
                } else {
                    score[above + j] - open
                };
                let left = if free_ends && i == m {
                    score[row + j - 1]
                } else if pointer[row + j - 1] == Pointer::HorizontalGap {
                    score[row + j - 1] - extend
                } else {
                    score[row + j - 1] - open
                };
                let mut best = (restart, Pointer::End);
                for candidate in [
                    (left, Pointer::HorizontalGap),
                    (diag, Pointer::Match),
                    (up, Pointer::VerticalGap),
                ] {
                    if candidate.0 > best.0 {
                        best = candidate;
                    }
                }
                score[row + j] = best.0;
                pointer[row + j] = best.1;
            }
        }
        Matrices {
            width,
            score,
            pointer,
        }
    }

    /// The score at cell `(i, j)`.
    pub fn score(&self, i: usize, j: usize) -> f64 {
        self.score[i * self.width + j]
    }

    /// The first cell holding the greatest score, scanning rows outer and columns inner.
    pub fn first_maximum(&self) -> (usize, usize) {
        let mut best = 0;
        for (index, &value) in self.score.iter().enumerate() {
            if value > self.score[best] {
                best = index;
            }
        }
        (best / self.width, best % self.width)
    }

    /// Follows the pointers from `(i, j)` to an `End` cell; returns the gapped column and row
    /// sequences, built from the original (uncoded) bytes.
    pub fn traceback(
        &self,
        cols: &[u8],
        rows: &[u8],
        (mut i, mut j): (usize, usize),
    ) -> (String, String) {
        let mut col_out = Vec::new();
        let mut row_out = Vec::new();
        loop {
            match self.pointer[i * self.width + j] {
                Pointer::End => break,
                Pointer::Match => {
                    col_out.push(cols[j - 1]);
                    row_out.push(rows[i - 1]);
                    i -= 1;
                    j -= 1;
                }
                Pointer::VerticalGap => {
                    col_out.push(b'-');
                    row_out.push(rows[i - 1]);
                    i -= 1;
                }
                Pointer::HorizontalGap => {
                    col_out.push(cols[j - 1]);
                    row_out.push(b'-');
                    j -= 1;
                }
            }
        }
        col_out.reverse();
        row_out.reverse();
        (ascii_string(col_out), ascii_string(row_out))
    }
}

/// Converts validated alignment bytes (alphabet letters and `-`) to a `String`.
fn ascii_string(bytes: Vec<u8>) -> String {
    bytes.into_iter().map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_boundaries_are_zero_restarts() {
        let m = Matrices::fill(&[0, 1], &[2], &Scoring::local_default(), Mode::Local);
        assert_eq!(m.pointer, vec![Pointer::End; 6]);
        assert!(m.score.iter().all(|&s| s == 0.0));
        assert_eq!(m.first_maximum(), (0, 0));
    }

    #[test]
    fn global_boundaries_are_free_gaps() {
        let m = Matrices::fill(
            &[0, 1],
            &[2, 3],
            &Scoring::global_default(),
            Mode::GlobalFreeEnds,
        );
        assert_eq!(m.pointer[0], Pointer::End);
        assert_eq!(&m.pointer[1..3], &[Pointer::HorizontalGap; 2]);
        assert_eq!(m.pointer[3], Pointer::VerticalGap);
        assert_eq!(m.pointer[6], Pointer::VerticalGap);
        assert_eq!((m.score(0, 2), m.score(2, 0)), (0.0, 0.0));
    }

    #[test]
    fn ties_prefer_left_then_diagonal_then_up() {
        // Open = extend = 0 makes left, diagonal and up all 0 + something; with match 0 every
        // candidate of cell (1,1) in global mode is 0, and left comes first.
        let flat = Scoring {
            gap_open: 0.0,
            gap_extend: 0.0,
            match_score: 0.0,
            mismatch_score: 0.0,
        };
        let m = Matrices::fill(&[0], &[0], &flat, Mode::GlobalFreeEnds);
        assert_eq!(m.pointer[3], Pointer::HorizontalGap);
        // In local mode a zero never beats the restart.
        let m = Matrices::fill(&[0], &[0], &flat, Mode::Local);
        assert_eq!(m.pointer[3], Pointer::End);
    }
}
