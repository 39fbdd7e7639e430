//! [`Located`]: what the locating kernel found, read back in column order.

use super::Lanes;
use super::striped::RowSink;
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

/// The row sink of the locating kernel: tracks the first row holding the best score, keeps
/// every `step`-th row, stops at `target` or when a score may not fit the lanes.
pub(crate) struct Locator {
    located: Located,
    limit: i16,
    target: Option<i32>,
    step: usize,
    best: i16,
    index: usize,
    overflow: bool,
}

impl Locator {
    /// A sink filling `located`, for lanes holding scores below `limit`.
    pub fn new(located: Located, limit: i16, target: Option<i32>, step: usize) -> Self {
        Locator {
            located,
            limit,
            target,
            step,
            best: 0,
            index: 0,
            overflow: false,
        }
    }

    /// What was found, unless a score may not have fit the lanes.
    pub fn finish(self) -> Option<Located> {
        (!self.overflow).then_some(self.located)
    }
}

/// The lanes of `vectors`, in order, widened to `i16`.
#[inline(always)]
fn stripes<L: Lanes>(l: L, vectors: &[L::V]) -> Vec<i16> {
    let mut out = vec![0i16; vectors.len() * L::WIDTH];
    for (v, chunk) in vectors.iter().zip(out.chunks_exact_mut(L::WIDTH)) {
        l.store(*v, chunk);
    }
    out
}

impl<L: Lanes> RowSink<L> for Locator {
    #[inline(always)]
    fn row(&mut self, l: L, scores: &[L::V], cross: &[L::V], row_best: L::V) -> bool {
        self.index += 1;
        let top = l.max_lane(row_best);
        if top >= self.limit {
            self.overflow = true;
            return false;
        }
        if top > self.best {
            self.best = top;
            self.located.improve(self.index, top, stripes(l, scores));
        }
        let more = self.target.is_none_or(|t| i32::from(top) < t);
        if more && self.index.is_multiple_of(self.step) {
            self.located
                .keep(self.index, stripes(l, scores), stripes(l, cross));
        }
        more
    }
}
