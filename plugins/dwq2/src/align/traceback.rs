//! The oracle's traceback in memory bounded by the sequence lengths: checkpointed rows and
//! recomputed blocks.
//!
//! The forward pass keeps some rows (checkpoints). The traceback walks the blocks between
//! consecutive checkpoints from the last to the first: each block is recomputed from the
//! checkpoint above it, over the columns the path can still reach (those left of the cell it
//! enters the block at), with the pointers of its cells, and the path is followed through it.
//! A block too large for its pointers is itself split by a forward pass that keeps
//! checkpoints, recursively, so memory stays within a few budgets of rows plus one block of
//! pointers, and the time within a few forward passes. The pointers are the oracle's, so the
//! path is the oracle's path.

use super::recurrence::{Mode, Pointer, Recurrence, Row, Score, blank_row};

/// Memory limits of the traceback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// The most pointers (bytes) one recomputed block may hold.
    pub block_cells: usize,
    /// The most bytes the checkpoints of one forward pass may hold.
    pub checkpoint_bytes: usize,
}

impl Limits {
    /// About 16 MB of pointers and 40 MB of checkpoints per level: long inputs take a few
    /// levels, so that a 100 kb x 100 kb global alignment stays near 150 MB.
    pub const DEFAULT: Limits = Limits {
        block_cells: 1 << 24,
        checkpoint_bytes: 40 << 20,
    };
}

/// The gap character of the aligned rows.
const GAP: u8 = b'-';

impl Limits {
    /// Rows between checkpoints for a pass over `rows` rows of `width + 1` cells, at least
    /// `minimum`, so that their checkpoints fit in the checkpoint budget.
    pub fn checkpoint_step<T: Score>(&self, rows: usize, width: usize, minimum: usize) -> usize {
        let count = (self.checkpoint_bytes / Recurrence::<T>::row_bytes(width)).max(1);
        rows.div_ceil(count).max(minimum).max(1)
    }
}

/// The rows kept by a forward pass: their indices, ascending, the first being the row the
/// pass started from, and a way to obtain each one.
pub(crate) struct Checkpoints<'a, T> {
    /// Row indices, ascending.
    pub indices: Vec<usize>,
    /// The row at `indices[k]`, given `k`.
    pub row: Box<dyn Fn(usize) -> Row<T> + 'a>,
}

impl<'a, T: Score + 'a> Checkpoints<'a, T> {
    /// Checkpoints held in memory: `(index, row)` pairs, ascending.
    pub fn from_rows(kept: Vec<(usize, Row<T>)>) -> Self {
        Checkpoints {
            indices: kept.iter().map(|(index, _)| *index).collect(),
            row: Box::new(move |k| kept[k].1.clone()),
        }
    }
}

/// Where a traced path left the rows it was traced through.
enum Exit {
    /// It met a cell pointing nowhere: the alignment starts there.
    Ended,
    /// It reached this cell of the top row of the rows, or of column 0.
    At((usize, usize)),
}

/// Follows the oracle's pointers; collects the aligned rows back to front.
pub(crate) struct Tracer<'a, T> {
    recurrence: &'a Recurrence<T>,
    /// Coded column letters (query / `seq1`).
    cols: &'a [u8],
    /// Coded row letters (reference / `seq2`).
    rows: &'a [u8],
    /// The column sequence as given, for the output.
    col_text: &'a [u8],
    /// The row sequence as given, for the output.
    row_text: &'a [u8],
    limits: Limits,
    aligned_cols: Vec<u8>,
    aligned_rows: Vec<u8>,
}

impl<'a, T: Score> Tracer<'a, T> {
    /// A tracer over coded `cols` and `rows`, whose texts are `col_text` and `row_text`.
    pub fn new(
        recurrence: &'a Recurrence<T>,
        (cols, col_text): (&'a [u8], &'a [u8]),
        (rows, row_text): (&'a [u8], &'a [u8]),
        limits: Limits,
    ) -> Self {
        Tracer {
            recurrence,
            limits,
            cols,
            rows,
            col_text,
            row_text,
            aligned_cols: Vec::new(),
            aligned_rows: Vec::new(),
        }
    }

    /// Traces from `end` back to the start of the alignment; returns the gapped column and
    /// row sequences.
    pub fn trace(
        mut self,
        checkpoints: &Checkpoints<'_, T>,
        end: (usize, usize),
    ) -> (String, String) {
        if let Exit::At((i, j)) = self.through(checkpoints, end) {
            // Boundary cells: local alignment restarts there; free-ends global alignment runs
            // up column 0 and left along row 0.
            if self.recurrence.mode() == Mode::GlobalFreeEnds {
                for i in (1..=i).rev() {
                    self.push(GAP, self.row_text[i - 1]);
                }
                for j in (1..=j).rev() {
                    self.push(self.col_text[j - 1], GAP);
                }
            }
        }
        self.aligned_cols.reverse();
        self.aligned_rows.reverse();
        (ascii(self.aligned_cols), ascii(self.aligned_rows))
    }

    fn push(&mut self, col: u8, row: u8) {
        self.aligned_cols.push(col);
        self.aligned_rows.push(row);
    }

    /// Traces from `cell` through the blocks below each checkpoint, last block first.
    fn through(&mut self, checkpoints: &Checkpoints<'_, T>, mut cell: (usize, usize)) -> Exit {
        for (k, &index) in checkpoints.indices.iter().enumerate().rev() {
            if cell.0 == 0 || cell.1 == 0 {
                break;
            }
            if cell.0 <= index {
                continue;
            }
            match self.block(&(checkpoints.row)(k), index, cell) {
                Exit::Ended => return Exit::Ended,
                Exit::At(next) => cell = next,
            }
        }
        Exit::At(cell)
    }

    /// Traces from `(i, j)` through rows `top_index + 1 ..= i`, given row `top_index`.
    fn block(&mut self, top: &Row<T>, top_index: usize, (i, j): (usize, usize)) -> Exit {
        let height = i - top_index;
        let width = j;
        if height <= 2 || height * (width + 1) <= self.limits.block_cells {
            return self.direct(top, top_index, (i, j));
        }
        // Split the block: a forward pass over its rows keeping checkpoints.
        let step = self
            .limits
            .checkpoint_step::<T>(height, width, 1)
            .min(height / 2);
        let mut kept = vec![(top_index, top.truncated(width))];
        let mut above = top.truncated(width);
        let mut row = blank_row(width);
        for r in top_index + 1..i {
            self.recurrence
                .step(&above, r, self.rows[r - 1], self.cols, &mut row, None);
            std::mem::swap(&mut above, &mut row);
            if (r - top_index).is_multiple_of(step) {
                kept.push((r, above.clone()));
            }
        }
        self.through(&Checkpoints::from_rows(kept), (i, j))
    }

    /// Recomputes rows `top_index + 1 ..= i` over columns `0..=j` with their pointers, and
    /// follows them from `(i, j)`.
    fn direct(&mut self, top: &Row<T>, top_index: usize, (i, j): (usize, usize)) -> Exit {
        let (height, width) = (i - top_index, j);
        let stride = width + 1;
        let mut pointers = vec![Pointer::End; height * stride];
        let mut above = top.truncated(width);
        let mut row = blank_row(width);
        for (r, pointers) in (top_index + 1..=i).zip(pointers.chunks_exact_mut(stride)) {
            self.recurrence.step(
                &above,
                r,
                self.rows[r - 1],
                self.cols,
                &mut row,
                Some(pointers),
            );
            std::mem::swap(&mut above, &mut row);
        }
        let (mut i, mut j) = (i, j);
        while i > top_index && j > 0 {
            match pointers[(i - top_index - 1) * stride + j] {
                Pointer::End => return Exit::Ended,
                Pointer::Match => {
                    self.push(self.col_text[j - 1], self.row_text[i - 1]);
                    i -= 1;
                    j -= 1;
                }
                Pointer::VerticalGap => {
                    self.push(GAP, self.row_text[i - 1]);
                    i -= 1;
                }
                Pointer::HorizontalGap => {
                    self.push(self.col_text[j - 1], GAP);
                    j -= 1;
                }
            }
        }
        Exit::At((i, j))
    }
}

/// Converts validated alignment bytes (alphabet letters and `-`) to a `String`.
fn ascii(bytes: Vec<u8>) -> String {
    bytes.into_iter().map(char::from).collect()
}
