//! [`Located`]: what the locating kernel found, read back in column order.

use crate::align::recurrence::Row;
use crate::align::traceback::Checkpoints;

/// The rows the locating kernel kept, in its striped layout, and the end of the alignment.
///
/// Query position `p` of a striped row lives in lane `p / segments` of vector
/// `p % segments`, i.e. at index `(p % segments) * lanes + p / segments`.
pub(crate) struct Located {
    query_len: usize,
    segments: usize,
    lanes: usize,
    /// The greatest cell score.
    score: i32,
    /// The first reference row (1-based) holding it, and that row's scores (striped).
    end: Option<(usize, Vec<i16>)>,
    /// Every kept row: its index, cell scores and cross values (striped).
    kept: Vec<(usize, Vec<i16>, Vec<i16>)>,
}

impl Located {
    /// Nothing found yet for a query of `query_len` positions in `segments` vectors of `lanes`.
    pub fn new(query_len: usize, segments: usize, lanes: usize) -> Self {
        Located {
            query_len,
            segments,
            lanes,
            score: 0,
            end: None,
            kept: Vec::new(),
        }
    }

    /// Keeps row `index`.
    pub fn keep(&mut self, index: usize, scores: Vec<i16>, cross: Vec<i16>) {
        self.kept.push((index, scores, cross));
    }

    /// Records row `index`, of scores `scores`, as the first holding the best score `score`.
    pub fn improve(&mut self, index: usize, score: i16, scores: Vec<i16>) {
        self.score = i32::from(score);
        self.end = Some((index, scores));
    }

    /// The greatest cell score.
    pub fn score(&self) -> i32 {
        self.score
    }

    /// The oracle's end cell: the first cell, row by row, holding the greatest score (the
    /// corner `(0, 0)` when no score is positive).
    pub fn end(&self) -> (usize, usize) {
        match &self.end {
            Some((row, scores)) => {
                let column = (0..self.query_len)
                    .find(|&p| i32::from(scores[self.index(p)]) == self.score)
                    .expect("the end row holds the best score");
                (*row, column + 1)
            }
            None => (0, 0),
        }
    }

    /// The kept rows as checkpoints, after `first` (row 0).
    pub fn checkpoints(&self, first: Row<i32>) -> Checkpoints<'_, i32> {
        let indices = std::iter::once(0)
            .chain(self.kept.iter().map(|(index, _, _)| *index))
            .collect();
        Checkpoints {
            indices,
            row: Box::new(move |k| {
                if k == 0 {
                    return first.clone();
                }
                let (_, scores, cross) = &self.kept[k - 1];
                let mut row = Row {
                    score: vec![0; self.query_len + 1],
                    up: vec![0; self.query_len + 1],
                };
                for p in 0..self.query_len {
                    let at = self.index(p);
                    row.score[p + 1] = i32::from(scores[at]);
                    row.up[p + 1] = i32::from(cross[at]);
                }
                row
            }),
        }
    }

    fn index(&self, p: usize) -> usize {
        (p % self.segments) * self.lanes + p / self.segments
    }
}
