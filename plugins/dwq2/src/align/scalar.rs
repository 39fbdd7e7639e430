//! Score-only local alignment in one row of `f64` cells: the portable kernel.
//!
//! It evaluates exactly the recurrence of the oracle (same operations in the same order), so
//! its result is bit-identical to `local_align(..).score`, but keeps only one matrix row.

use super::scoring::Scoring;

/// One matrix row of scores and "this cell chose a vertical gap" flags, reused across pairs.
#[derive(Debug, Default)]
pub(crate) struct ScalarRow {
    score: Vec<f64>,
    vertical: Vec<bool>,
}

impl ScalarRow {
    /// The best local score of coded `query` (columns) against coded `reference` (rows).
    pub fn local_score(&mut self, query: &[u8], reference: &[u8], scoring: &Scoring) -> f64 {
        let n = query.len();
        self.score.clear();
        self.score.resize(n + 1, 0.0);
        self.vertical.clear();
        self.vertical.resize(n + 1, false);
        let (open, extend) = (scoring.gap_open, scoring.gap_extend);
        let mut best = 0.0;
        for &r in reference {
            // Column 0 is a restart cell with score 0.
            let mut diagonal = 0.0;
            let mut left = 0.0;
            let mut left_horizontal = false;
            for j in 1..=n {
                let above = self.score[j];
                let diag = diagonal + scoring.substitution(query[j - 1], r);
                let up = above - if self.vertical[j] { extend } else { open };
                let gap_left = left - if left_horizontal { extend } else { open };
                let mut cell = 0.0;
                let mut horizontal = false;
                let mut vertical = false;
                if gap_left > cell {
                    cell = gap_left;
                    horizontal = true;
                }
                if diag > cell {
                    cell = diag;
                    horizontal = false;
                }
                if up > cell {
                    cell = up;
                    horizontal = false;
                    vertical = true;
                }
                diagonal = above;
                self.score[j] = cell;
                self.vertical[j] = vertical;
                left = cell;
                left_horizontal = horizontal;
                if cell > best {
                    best = cell;
                }
            }
        }
        best
    }
}
