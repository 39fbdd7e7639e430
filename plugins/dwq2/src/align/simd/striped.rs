//! Farrar's striped layout with a greedy lazy-chain correction, generic over [`Lanes`].
//!
//! One sequence is *striped*: its position `p` lives in lane `p / segments` of vector
//! `p % segments`; each position of the other sequence is one kernel row. The striped
//! sequence is the longer of the two (the query profile is built once per query; a
//! reference profile is built per reference when the reference is longer), so the fixed
//! cost of each row is spread over as many vectors as possible.
//!
//! Along the striped direction runs the *chain*: the gap candidate a cell hands to its
//! successor in the same row (the left candidate when the query is striped, the up candidate
//! when the reference is striped). Across rows runs the *cross* candidate, and the diagonal.
//! Per cell the kernel keeps, clamped at 0 (every value <= 0 behaves like 0 in the
//! recurrence, because a gap must beat the restart score 0 to be chosen):
//! - `S`, the cell score;
//! - `K`, the cross candidate the cell offers the next row: `S - extend` if the cell chose
//!   the cross gap, else `S - open`;
//! - the chain candidate it hands on: `C - extend` if it chose the chain gap (with incoming
//!   chain candidate `C`), else `max(diag, cross) - open`.
//!
//! A row is computed in two steps. Pass 1 starts every lane from a guess: the chain value
//! the last cell of the lane below would hand on if it did not choose the chain gap (exact
//! unless it did). The correction loop then feeds each lane the value actually leaving the
//! lane below and recomputes cells while, in some lane, the new chain value yields a
//! different cell than the one that produced the stored cell (different values of which at
//! least one chooses the chain gap). Outcomes merge at the first cell where neither value
//! chooses the chain gap, so the loop is short; it takes at most one lap per lane and does
//! not assume the chain only grows. When `open >= extend` corrections only raise scores and
//! the row maximum can include pass-1 values; otherwise the row maximum is re-read.

use super::Lanes;
use super::located::{Located, Locator};
use crate::align::scoring::{ALPHABET_SIZE, IntScoring};

/// The largest magnitude of a scoring value the 16-bit kernels accept.
pub(crate) const MAX_MAGNITUDE: i32 = 1000;

/// The largest magnitude of a scoring value the 8-bit kernel accepts.
pub(crate) const BYTE_MAX_MAGNITUDE: i32 = 24;

/// The longest reference the kernel stripes; a longer one is run as rows of the striped query,
/// so that the kernel's buffers follow the query's length, not the reference's.
pub(crate) const MAX_STRIPED_REFERENCE: usize = 1 << 16;

/// Marks a padding lane in the striped reference codes.
const PADDING: i16 = -1;

/// Per-query state: the coded query, its striped profile, and buffers reused across pairs.
pub(crate) struct Striped<L: Lanes> {
    lanes: L,
    query: Vec<u8>,
    query_segments: usize,
    query_profile: Vec<L::V>,
    reference_codes: Vec<i16>,
    reference_profile: Vec<L::V>,
    scores: Vec<L::V>,
    cross: Vec<L::V>,
    scoring: IntScoring,
    limit: i16,
}

impl<L: Lanes> Striped<L> {
    /// Builds the striped profile of coded, non-empty `query`.
    ///
    /// `scoring` must have non-negative gap penalties and magnitudes <= [`MAX_MAGNITUDE`]
    /// (16-bit lanes) or [`BYTE_MAX_MAGNITUDE`] (8-bit lanes).
    pub fn new(lanes: L, query: &[u8], scoring: IntScoring) -> Self {
        let magnitude = scoring.magnitude();
        let bound = if L::MAX > i16::from(i8::MAX) {
            MAX_MAGNITUDE
        } else {
            BYTE_MAX_MAGNITUDE
        };
        assert!(
            !query.is_empty()
                && magnitude <= bound
                && scoring.gap_open >= 0
                && scoring.gap_extend >= 0,
            "unsupported input for the striped kernel"
        );
        let segments = query.len().div_ceil(L::WIDTH);
        let mut query_profile = Vec::with_capacity(ALPHABET_SIZE * segments);
        let mut column = vec![0i16; L::WIDTH];
        for letter in 0..ALPHABET_SIZE as u8 {
            for v in 0..segments {
                for (lane, value) in column.iter_mut().enumerate() {
                    // Padding positions past the end can never score through the diagonal.
                    *value = query
                        .get(lane * segments + v)
                        .map_or(i16::MIN, |&q| small(scoring.substitution(q, letter)));
                }
                query_profile.push(lanes.load(&column));
            }
        }
        Striped {
            lanes,
            query: query.to_vec(),
            query_segments: segments,
            query_profile,
            reference_codes: Vec::new(),
            reference_profile: Vec::new(),
            scores: Vec::new(),
            cross: Vec::new(),
            scoring,
            limit: small(i32::from(L::MAX) - magnitude),
        }
    }

    /// The best local score against coded, non-empty `reference`, or `None` if it may not
    /// fit the lanes.
    ///
    /// Always inlined, so that it compiles for the instruction set of the caller.
    #[inline(always)]
    pub fn score_inline(&mut self, reference: &[u8]) -> Option<i32> {
        let mut sink = Saturation(self.lanes.splat(self.limit));
        let top = if self.stripes_reference(reference.len()) {
            let segments = self.build_reference_profile(reference);
            let rows = Rows {
                profile: &self.reference_profile,
                segments,
                letters: &self.query,
            };
            run::<L, false>(
                self.lanes,
                rows,
                &mut self.scores,
                &mut self.cross,
                self.scoring,
                &mut sink,
            )
        } else {
            let rows = Rows {
                profile: &self.query_profile,
                segments: self.query_segments,
                letters: reference,
            };
            run::<L, true>(
                self.lanes,
                rows,
                &mut self.scores,
                &mut self.cross,
                self.scoring,
                &mut sink,
            )
        };
        (top < self.limit).then_some(i32::from(top))
    }

    /// Whether [`Striped::score_inline`] stripes a reference of `len` positions (rather than
    /// the query).
    pub fn stripes_reference(&self, len: usize) -> bool {
        len > self.query.len() && len <= MAX_STRIPED_REFERENCE
    }

    /// Runs the kernel with the query striped (one row per position of coded, non-empty
    /// `reference`) up to the first row holding the greatest score, or `target` when it is
    /// known; keeps every `step`-th row. `None` if a score may not fit the lanes.
    ///
    /// Always inlined, so that it compiles for the instruction set of the caller.
    #[inline(always)]
    pub fn locate_inline(
        &mut self,
        reference: &[u8],
        target: Option<i32>,
        step: usize,
    ) -> Option<Located> {
        if target.is_some_and(|t| t >= i32::from(self.limit)) {
            return None;
        }
        let segments = self.query_segments;
        let mut locator = Locator::new(
            Located::new(self.query.len(), segments, L::WIDTH),
            self.limit,
            target,
            step,
        );
        let rows = Rows {
            profile: &self.query_profile,
            segments,
            letters: reference,
        };
        run::<L, true>(
            self.lanes,
            rows,
            &mut self.scores,
            &mut self.cross,
            self.scoring,
            &mut locator,
        );
        locator.finish()
    }

    /// Fills `reference_profile` with the striped profile of `reference`; returns its
    /// number of segments.
    #[inline(always)]
    fn build_reference_profile(&mut self, reference: &[u8]) -> usize {
        let l = self.lanes;
        let segments = reference.len().div_ceil(L::WIDTH);
        let codes = &mut self.reference_codes;
        codes.clear();
        codes.resize(segments * L::WIDTH, PADDING);
        // Lane `k` holds positions `k * segments ..`, one per vector.
        for (lane, chunk) in reference.chunks(segments).enumerate() {
            for (slot, &letter) in codes[lane..].iter_mut().step_by(L::WIDTH).zip(chunk) {
                *slot = i16::from(letter);
            }
        }
        let s = self.scoring;
        let (matched, mismatched) = (
            l.splat(small(s.match_score)),
            l.splat(small(s.mismatch_score)),
        );
        let (padding, never) = (l.splat(PADDING), l.splat(i16::MIN));
        let profile = &mut self.reference_profile;
        profile.clear();
        profile.resize(ALPHABET_SIZE * segments, never);
        for (v, column) in codes.chunks_exact(L::WIDTH).enumerate() {
            let column = l.load(column);
            let base = l.select(l.eq(column, padding), never, mismatched);
            for letter in 0..ALPHABET_SIZE {
                let same = l.eq(column, l.splat(letter as i16));
                profile[letter * segments + v] = l.select(same, matched, base);
            }
        }
        segments
    }
}

/// What the kernel does with each finished row.
pub(crate) trait RowSink<L: Lanes> {
    /// Sees a row's final cell scores and cross values (striped) and a vector whose greatest
    /// lane is the row's greatest score; the kernel stops when it returns `false`.
    fn row(&mut self, l: L, scores: &[L::V], cross: &[L::V], row_best: L::V) -> bool;
}

/// The score pass keeps nothing; it stops as soon as a row reaches the limit (every lane
/// of the vector), since the score will be refused anyway.
struct Saturation<V>(V);

impl<L: Lanes> RowSink<L> for Saturation<L::V> {
    #[inline(always)]
    fn row(&mut self, l: L, _: &[L::V], _: &[L::V], row_best: L::V) -> bool {
        l.all_set(l.gt(self.0, row_best))
    }
}

/// A bounded scoring value as `i16`.
fn small(x: i32) -> i16 {
    i16::try_from(x).expect("bounded by MAX_MAGNITUDE")
}

/// The striped sequence's profile and the letters of the row sequence.
struct Rows<'a, V> {
    profile: &'a [V],
    segments: usize,
    letters: &'a [u8],
}

/// The decision of one cell about the chain gap.
#[derive(Clone, Copy)]
struct Cell<V> {
    /// max(diag, cross), never below 0 as `cross` is clamped.
    best_other: V,
    /// Mask: the cell does not choose the chain gap.
    chain_loses: V,
}

/// Precomputed per-kernel constants.
#[derive(Clone, Copy)]
struct Penalties<V> {
    open: V,
    extend: V,
}

/// Decides whether a cell chooses the chain gap, given `best_other = max(diag, cross)`.
///
/// `CHAIN_LEFT`: the chain is the left (horizontal) candidate, which wins ties; otherwise it
/// is the up (vertical) candidate, which must be strictly greater than the others.
#[inline(always)]
fn cell<L: Lanes, const CHAIN_LEFT: bool>(l: L, best_other: L::V, chain: L::V) -> Cell<L::V> {
    let chain_loses = if CHAIN_LEFT {
        l.gt(best_other, chain)
    } else {
        // Not (chain > best_other), as a mask: equal lanes of max(best_other, chain) and
        // best_other.
        l.eq(l.max(best_other, chain), best_other)
    };
    Cell {
        best_other,
        chain_loses,
    }
}

/// The cross value handed to the next row by a cell scoring `score`.
#[inline(always)]
fn cross_out<L: Lanes, const CHAIN_LEFT: bool>(
    l: L,
    p: Penalties<L::V>,
    c: Cell<L::V>,
    diag: L::V,
    cross: L::V,
    score: L::V,
) -> L::V {
    let cross_wins = if CHAIN_LEFT {
        // The up gap wins iff up > diag (and up > 0) and the chain loses.
        l.and(l.gt(cross, diag), c.chain_loses)
    } else {
        // The left gap wins iff left >= diag, left >= up (and left > 0): iff the score is
        // the left value. (With left = score = 0 both penalties give 0 after clamping.)
        l.eq(score, cross)
    };
    l.subs_clamped(score, l.select(cross_wins, p.extend, p.open))
}

/// The chain value handed to the next cell of the striped sequence by a cell scoring
/// `score`: the chain gap extends only if the cell chose it.
#[inline(always)]
fn chain_out<L: Lanes>(l: L, p: Penalties<L::V>, c: Cell<L::V>, score: L::V) -> L::V {
    l.subs_clamped(score, l.select(c.chain_loses, p.open, p.extend))
}

/// Runs the kernel over the rows; returns the greatest cell score (saturating).
///
/// After each row, `sink` sees the row's final cells.
#[inline(always)]
fn run<L: Lanes, const CHAIN_LEFT: bool>(
    l: L,
    rows: Rows<'_, L::V>,
    scores: &mut Vec<L::V>,
    cross: &mut Vec<L::V>,
    scoring: IntScoring,
    sink: &mut impl RowSink<L>,
) -> i16 {
    let segments = rows.segments;
    let zero = l.splat(0);
    let p = Penalties {
        open: l.splat(small(scoring.gap_open)),
        extend: l.splat(small(scoring.gap_extend)),
    };
    let monotone = scoring.gap_open >= scoring.gap_extend;
    scores.clear();
    scores.resize(2 * segments, zero);
    cross.clear();
    cross.resize(2 * segments, zero);
    let (mut s_prev, mut s_cur) = scores.split_at_mut(segments);
    let (mut k_prev, mut k_cur) = cross.split_at_mut(segments);
    let mut best = zero;
    for &letter in rows.letters {
        let profile = &rows.profile[usize::from(letter) * segments..][..segments];
        // The diagonal input of vector 0: the last vector of the previous row, one lane up;
        // lane 0 gets the boundary, a restart cell of score 0.
        let first_diag = l.shift_in_zero(s_prev[segments - 1]);
        // The guess for each lane's incoming chain: what the last cell of the lane below
        // hands on unless it chooses the chain gap itself.
        let last_diag = if segments > 1 {
            l.adds(s_prev[segments - 2], profile[segments - 1])
        } else {
            l.adds(first_diag, profile[0])
        };
        let last_other = l.max(last_diag, k_prev[segments - 1]);
        let guess = l.shift_in_zero(l.subs_clamped(last_other, p.open));
        let mut row_best = zero;

        // Pass 1.
        let mut chain = guess;
        let mut diag_in = first_diag;
        let inputs = profile.iter().zip(k_prev.iter()).zip(s_prev.iter());
        let outputs = s_cur.iter_mut().zip(k_cur.iter_mut());
        for (((&sub, &k), &above), (s_out, k_out)) in inputs.zip(outputs) {
            let diag = l.adds(diag_in, sub);
            diag_in = above;
            let c = cell::<L, CHAIN_LEFT>(l, l.max(diag, k), chain);
            let s = l.max(c.best_other, chain);
            *k_out = cross_out::<L, CHAIN_LEFT>(l, p, c, diag, k, s);
            *s_out = s;
            row_best = l.max(row_best, s);
            chain = chain_out(l, p, c, s);
        }

        // Correction: carry each lane's outgoing chain into the next lane until stable.
        // `old` replays the chain that produced the stored cells.
        let mut chain = l.shift_in_zero(chain);
        let mut start = chain;
        let mut old = guess;
        let mut diag_in = first_diag;
        let mut v = 0;
        let mut corrected = false;
        loop {
            let k = k_prev[v];
            let diag = l.adds(diag_in, profile[v]);
            let best_other = l.max(diag, k);
            let c = cell::<L, CHAIN_LEFT>(l, best_other, chain);
            let was = cell::<L, CHAIN_LEFT>(l, best_other, old);
            let same = l.or(l.eq(chain, old), l.and(c.chain_loses, was.chain_loses));
            if l.all_set(same) {
                break;
            }
            corrected = true;
            let s = l.max(best_other, chain);
            k_cur[v] = cross_out::<L, CHAIN_LEFT>(l, p, c, diag, k, s);
            s_cur[v] = s;
            row_best = l.max(row_best, s);
            chain = chain_out(l, p, c, s);
            old = chain_out(l, p, was, l.max(best_other, old));
            diag_in = s_prev[v];
            v += 1;
            if v == segments {
                v = 0;
                chain = l.shift_in_zero(chain);
                // Every cell stored in this lap came from this lap's starts: they are what
                // the next lap compares against.
                old = start;
                start = chain;
                diag_in = first_diag;
            }
        }
        if corrected && !monotone {
            row_best = s_cur.iter().fold(zero, |acc, &s| l.max(acc, s));
        }
        best = l.max(best, row_best);
        if !sink.row(l, s_cur, k_cur, row_best) {
            break;
        }
        std::mem::swap(&mut s_prev, &mut s_cur);
        std::mem::swap(&mut k_prev, &mut k_cur);
    }
    l.max_lane(best)
}
