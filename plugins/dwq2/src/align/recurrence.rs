//! The greedy affine recurrence of the oracle, one matrix row at a time, in an exact score type.
//!
//! A row is computed from the row above it alone, so any row kept aside (a *checkpoint*) lets
//! the recurrence restart there: this is what bounds the memory of the aligners. The
//! operations, their order and the tie-breaking are the oracle's, so `f64` rows are
//! bit-identical to the oracle's matrix, and `i32` rows (integral scoring values, with
//! magnitudes small enough that no sum can overflow) are exactly equal to it.

use std::ops::{Add, Sub};

use super::scoring::{IntScoring, Scoring};

/// An exact score type: `i32` for integral scoring values, `f64` (the oracle's own arithmetic)
/// otherwise.
pub(crate) trait Score: Copy + PartialOrd + Add<Output = Self> + Sub<Output = Self> {
    /// The restart score of local alignment, and the boundary cells' score.
    const ZERO: Self;
    /// Below every score a cell can hold: global alignment's "restart", which never wins.
    const FLOOR: Self;
    /// The score as the oracle's `f64`.
    fn to_f64(self) -> f64;
}

impl Score for i32 {
    const ZERO: Self = 0;
    const FLOOR: Self = i32::MIN;
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

impl Score for f64 {
    const ZERO: Self = 0.0;
    const FLOOR: Self = f64::NEG_INFINITY;
    fn to_f64(self) -> f64 {
        self
    }
}

/// The direction a cell points to in the traceback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pointer {
    /// The alignment starts here.
    End,
    /// Came from the diagonal: both sequences advance.
    Match,
    /// Came from above: a gap in the column sequence.
    VerticalGap,
    /// Came from the left: a gap in the row sequence.
    HorizontalGap,
}

/// Which variant of the recurrence to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Smith-Waterman: restarts allowed, first row and column are zero restarts.
    Local,
    /// Needleman-Wunsch without terminal gap penalties.
    GlobalFreeEnds,
}

/// One matrix row, columns `0..=width`: each cell's score and the vertical-gap candidate it
/// offers the cell below (its score minus `gap_extend` if it chose a vertical gap, else minus
/// `gap_open`; the score itself in the last column of a free-ends global alignment).
///
/// Rows restored from the SIMD kernel hold candidates clamped at 0; a candidate at or below 0
/// never beats a local restart, so they behave exactly like the unclamped ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Row<T> {
    pub score: Vec<T>,
    pub up: Vec<T>,
}

impl<T: Score> Row<T> {
    /// The number of columns after column 0.
    pub fn width(&self) -> usize {
        self.score.len() - 1
    }

    /// A copy of columns `0..=width`.
    pub fn truncated(&self, width: usize) -> Row<T> {
        Row {
            score: self.score[..=width].to_vec(),
            up: self.up[..=width].to_vec(),
        }
    }
}

/// The scoring values in the score type `T`, the mode, and the matrix shape.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Recurrence<T> {
    open: T,
    extend: T,
    matched: T,
    mismatched: T,
    mode: Mode,
    /// Rows of the whole matrix (the length of the row sequence).
    rows: usize,
    /// Columns of the whole matrix (the length of the column sequence).
    cols: usize,
}

impl Recurrence<f64> {
    /// The recurrence in the oracle's `f64` arithmetic.
    pub fn exact(scoring: &Scoring, mode: Mode, rows: usize, cols: usize) -> Self {
        Recurrence {
            open: scoring.gap_open,
            extend: scoring.gap_extend,
            matched: scoring.match_score,
            mismatched: scoring.mismatch_score,
            mode,
            rows,
            cols,
        }
    }
}

impl Recurrence<i32> {
    /// The recurrence in `i32`, when every scoring value is integral and small enough that no
    /// score of a `rows x cols` matrix can leave `i32`.
    pub fn integral(scoring: &Scoring, mode: Mode, rows: usize, cols: usize) -> Option<Self> {
        // Every cell moves at most one magnitude away from a neighbour (or from 0), along a
        // path of at most rows + cols cells.
        let steps = i32::try_from(rows + cols + 2).ok()?;
        scoring
            .as_integers((1 << 29) / steps)
            .map(|int| Self::from_integers(int, mode, rows, cols))
    }

    /// The recurrence for integral scoring values already known to be in range.
    pub fn from_integers(int: IntScoring, mode: Mode, rows: usize, cols: usize) -> Self {
        Recurrence {
            open: int.gap_open,
            extend: int.gap_extend,
            matched: int.match_score,
            mismatched: int.mismatch_score,
            mode,
            rows,
            cols,
        }
    }
}

impl<T: Score> Recurrence<T> {
    /// The mode of the recurrence.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Bytes one stored row of `width + 1` cells occupies.
    pub fn row_bytes(width: usize) -> usize {
        2 * (width + 1) * std::mem::size_of::<T>()
    }

    /// Row 0, columns `0..=width`: the boundary.
    pub fn first_row(&self, width: usize) -> Row<T> {
        let free_ends = self.mode == Mode::GlobalFreeEnds;
        Row {
            score: vec![T::ZERO; width + 1],
            up: (0..=width)
                .map(|j| {
                    if free_ends && j == self.cols {
                        T::ZERO
                    } else {
                        T::ZERO - self.open
                    }
                })
                .collect(),
        }
    }

    /// Computes row `i` (1-based, row letter `letter`) over the columns `0..=out.width()` from
    /// row `i - 1` (`above`, at least as wide); `cols` are the coded column letters. When
    /// `pointers` is given, cell `j`'s pointer is written to `pointers[j]`.
    pub fn step(
        &self,
        above: &Row<T>,
        i: usize,
        letter: u8,
        cols: &[u8],
        out: &mut Row<T>,
        pointers: Option<&mut [Pointer]>,
    ) {
        match pointers {
            Some(pointers) => self.step_keeping::<true>(above, i, letter, cols, out, pointers),
            None => self.step_keeping::<false>(above, i, letter, cols, out, &mut []),
        }
    }

    /// [`Recurrence::step`], writing pointers if `KEEP`.
    #[inline(always)]
    fn step_keeping<const KEEP: bool>(
        &self,
        above: &Row<T>,
        i: usize,
        letter: u8,
        cols: &[u8],
        out: &mut Row<T>,
        pointers: &mut [Pointer],
    ) {
        let free_ends = self.mode == Mode::GlobalFreeEnds;
        let restart = if free_ends { T::FLOOR } else { T::ZERO };
        let last_row = free_ends && i == self.rows;
        let free_column = if free_ends { self.cols } else { usize::MAX };
        let (open, extend) = (self.open, self.extend);
        let width = out.width();
        // Exact lengths, so that the loop needs no bounds checks.
        let cols = &cols[..width];
        let (above_score, above_up) = (&above.score[..=width], &above.up[..=width]);
        let (score, up_out) = (&mut out.score[..=width], &mut out.up[..=width]);
        let pointers = if KEEP {
            &mut pointers[..=width]
        } else {
            pointers
        };
        // Column 0 is a boundary cell of score 0 that never chose a horizontal gap.
        score[0] = T::ZERO;
        up_out[0] = T::ZERO - open;
        let mut left = T::ZERO;
        let mut left_horizontal = false;
        let mut diagonal = above_score[0];
        for j in 1..=width {
            let substitution = if cols[j - 1] == letter {
                self.matched
            } else {
                self.mismatched
            };
            let diag = diagonal + substitution;
            let gap_left = if last_row {
                left
            } else if left_horizontal {
                left - extend
            } else {
                left - open
            };
            let up = above_up[j];
            let (mut best, mut pointer) = (restart, Pointer::End);
            if gap_left > best {
                best = gap_left;
                pointer = Pointer::HorizontalGap;
            }
            if diag > best {
                best = diag;
                pointer = Pointer::Match;
            }
            if up > best {
                best = up;
                pointer = Pointer::VerticalGap;
            }
            diagonal = above_score[j];
            score[j] = best;
            up_out[j] = if j == free_column {
                best
            } else if pointer == Pointer::VerticalGap {
                best - extend
            } else {
                best - open
            };
            left = best;
            left_horizontal = pointer == Pointer::HorizontalGap;
            if KEEP {
                pointers[j] = pointer;
            }
        }
    }
}

/// A new row of `width + 1` cells to compute into.
pub(crate) fn blank_row<T: Score>(width: usize) -> Row<T> {
    Row {
        score: vec![T::ZERO; width + 1],
        up: vec![T::ZERO; width + 1],
    }
}
