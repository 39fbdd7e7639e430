//! Farrar's striped layout with a greedy lazy-chain correction, generic over [`Lanes`].
//!
//! Query position `j` lives in lane `j / segments` of vector `j % segments`; each reference
//! position is one matrix row. Per cell the kernel keeps, clamped at 0 (every value <= 0
//! behaves like 0 in the recurrence, because a gap or match must beat the restart score 0):
//! - `S`, the cell score (`s_prev`/`s_cur`);
//! - `U`, the up-candidate the cell offers the cell below: `S - extend` if the cell chose a
//!   vertical gap, else `S - open` (`u_prev`/`u_cur`);
//! - `C`, the left-candidate the cell received from its left neighbour (`chain`).
//!
//! With `M = max(0, diag, up)` the cell chooses the horizontal gap iff `C >= M` and `C > 0`
//! (left wins ties), the vertical gap iff `up > max(0, diag)` and `M > C`. The chain to the
//! right neighbour is `C - extend` after a horizontal gap, else `M - open`. Only the chain
//! runs along the query, so a row is computed in two steps: a pass over the vectors in
//! which every lane starts from an inert chain value, then a correction loop that feeds each
//! lane the chain value leaving the lane below and recomputes cells until, in every lane,
//! the new chain value produces the same cell as the stored one (equal values, or neither
//! chooses the horizontal gap). Outcomes merge at the first cell where neither chain wins,
//! so the loop is short; it is exact for any penalties (it never assumes the chain only
//! grows), and takes at most one lap per lane.

use super::Lanes;
use crate::align::scoring::{ALPHABET_SIZE, IntScoring};

/// The largest magnitude of a scoring value the 16-bit kernel accepts.
pub(crate) const MAX_MAGNITUDE: i32 = 1000;

/// A query profile in striped layout plus the row buffers, reused for every reference.
pub(crate) struct Striped<L: Lanes> {
    lanes: L,
    segments: usize,
    profile: Vec<L::V>,
    s_prev: Vec<L::V>,
    s_cur: Vec<L::V>,
    u_prev: Vec<L::V>,
    u_cur: Vec<L::V>,
    chain: Vec<L::V>,
    open: i16,
    extend: i16,
    limit: i16,
    monotone: bool,
}

impl<L: Lanes> Striped<L> {
    /// Builds the striped profile of coded, non-empty `query`.
    ///
    /// `scoring` must have non-negative gap penalties and magnitudes <= [`MAX_MAGNITUDE`].
    pub fn new(lanes: L, query: &[u8], scoring: IntScoring) -> Self {
        let magnitude = scoring.magnitude();
        assert!(
            !query.is_empty()
                && magnitude <= MAX_MAGNITUDE
                && scoring.gap_open >= 0
                && scoring.gap_extend >= 0,
            "unsupported input for the striped kernel"
        );
        let small = |x: i32| i16::try_from(x).expect("bounded by MAX_MAGNITUDE");
        let segments = query.len().div_ceil(L::WIDTH);
        let mut profile = Vec::with_capacity(ALPHABET_SIZE * segments);
        let mut column = vec![0i16; L::WIDTH];
        for letter in 0..ALPHABET_SIZE as u8 {
            for v in 0..segments {
                for (lane, value) in column.iter_mut().enumerate() {
                    // Padding columns past the query end can never score through the diagonal.
                    *value = query
                        .get(lane * segments + v)
                        .map_or(i16::MIN, |&q| small(scoring.substitution(q, letter)));
                }
                profile.push(lanes.load(&column));
            }
        }
        let zero = lanes.splat(0);
        Striped {
            lanes,
            segments,
            profile,
            s_prev: vec![zero; segments],
            s_cur: vec![zero; segments],
            u_prev: vec![zero; segments],
            u_cur: vec![zero; segments],
            chain: vec![zero; segments],
            open: small(scoring.gap_open),
            extend: small(scoring.gap_extend),
            limit: small(i32::from(i16::MAX) - magnitude),
            monotone: scoring.gap_open >= scoring.gap_extend,
        }
    }

    /// The best local score against coded `reference`, or `None` if it may not fit 16 bits.
    ///
    /// Always inlined, so that it compiles for the instruction set of the caller.
    #[inline(always)]
    pub fn score_inline(&mut self, reference: &[u8]) -> Option<i32> {
        let l = self.lanes;
        let segments = self.segments;
        let zero = l.splat(0);
        let open = l.splat(self.open);
        let extend = l.splat(self.extend);
        self.s_prev.fill(zero);
        self.u_prev.fill(zero);
        let mut best = zero;
        for &letter in reference {
            let profile = &self.profile[usize::from(letter) * segments..][..segments];
            // The diagonal input of vector 0: the last vector of the row above, one lane up;
            // lane 0 gets column 0, a restart cell of score 0.
            let first_diag = l.shift_in_zero(self.s_prev[segments - 1]);
            let mut row_best = zero;

            // Pass 1: every lane starts from an inert chain value (0).
            let mut chain = zero;
            let mut diag_in = first_diag;
            let inputs = profile.iter().zip(&self.u_prev).zip(&self.s_prev);
            let outputs = self
                .s_cur
                .iter_mut()
                .zip(&mut self.u_cur)
                .zip(&mut self.chain);
            for (((&sub, &up), &above), ((s_out, u_out), c_out)) in inputs.zip(outputs) {
                let best_no_gap = l.max(l.adds(diag_in, sub), zero);
                diag_in = above;
                let m = l.max(best_no_gap, up);
                let up_wins = l.gt(up, best_no_gap);
                let no_left = l.gt(m, chain);
                let s = l.max(m, chain);
                let vertical = l.and(up_wins, no_left);
                *u_out = l.subs_clamped(s, l.select(vertical, extend, open));
                *s_out = s;
                *c_out = chain;
                row_best = l.max(row_best, s);
                chain = l.select(
                    no_left,
                    l.subs_clamped(m, open),
                    l.subs_clamped(chain, extend),
                );
            }

            // Correction: carry each lane's outgoing chain into the next lane until stable.
            let mut chain = l.shift_in_zero(chain);
            let mut diag_in = first_diag;
            let mut v = 0;
            let mut corrected = false;
            loop {
                let up = self.u_prev[v];
                let best_no_gap = l.max(l.adds(diag_in, profile[v]), zero);
                let m = l.max(best_no_gap, up);
                let old = self.chain[v];
                let no_left = l.gt(m, chain);
                let same = l.or(l.eq(chain, old), l.and(no_left, l.gt(m, old)));
                if l.all_set(same) {
                    break;
                }
                corrected = true;
                let up_wins = l.gt(up, best_no_gap);
                let s = l.max(m, chain);
                let vertical = l.and(up_wins, no_left);
                self.u_cur[v] = l.subs_clamped(s, l.select(vertical, extend, open));
                self.s_cur[v] = s;
                self.chain[v] = chain;
                row_best = l.max(row_best, s);
                chain = l.select(
                    no_left,
                    l.subs_clamped(m, open),
                    l.subs_clamped(chain, extend),
                );
                diag_in = self.s_prev[v];
                v += 1;
                if v == segments {
                    v = 0;
                    chain = l.shift_in_zero(chain);
                    diag_in = first_diag;
                }
            }
            // A correction only raises scores when open >= extend; otherwise pass-1 scores
            // may have been too high, so the row maximum is taken again from the final row.
            if corrected && !self.monotone {
                row_best = self.s_cur.iter().fold(zero, |acc, &s| l.max(acc, s));
            }
            best = l.max(best, row_best);
            std::mem::swap(&mut self.s_prev, &mut self.s_cur);
            std::mem::swap(&mut self.u_prev, &mut self.u_cur);
        }
        let top = l.max_lane(best);
        (top < self.limit).then_some(i32::from(top))
    }
}
