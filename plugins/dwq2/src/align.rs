//! Pairwise alignment: Smith-Waterman (local) and Needleman-Wunsch (global), exactly as
//! scikit-bio's pure-Python aligner computes them, plus a fast score-only local kernel.
//!
//! # The recurrence
//! Rows are reference (or `seq2`) positions, columns query (or `seq1`) positions. Each cell
//! takes the first strictly greatest of: restart 0 (local only), left neighbour minus a gap
//! penalty, diagonal neighbour plus the substitution score, upper neighbour minus a gap
//! penalty. The gap penalty is `gap_extend` when that neighbour itself chose the same gap
//! direction, else `gap_open`: a greedy rule, not Gotoh's three matrices, so the optimal
//! affine alignment is *not* always found, and the fast kernel must reproduce the greedy
//! choices, ties included. The oracle, kept for the tests, fills full `f64` matrices and
//! traces back (the `matrix` module).
//!
//! # The exact traceback in linear memory
//! [`local_align`], [`LocalScorer::align`] and [`global_align`] give exactly the oracle's
//! alignment (score, end cell, start, gapped rows, ties) without its `O(m x n)` memory. The
//! recurrence is computed a row at a time (in `i32` when the scoring values are integral,
//! else in the oracle's own `f64` operations); a forward pass keeps every few rows as
//! checkpoints, and the traceback recomputes, with pointers, only the block of rows between
//! two checkpoints that the path crosses, over the columns left of it, recursively splitting
//! blocks too large for memory. For a local search with integral scoring, the SIMD kernel
//! does the forward pass: it runs the query striped over the reference rows up to the first
//! row holding the best score (the oracle's end row, known from the score pass), keeping
//! rows, so the traceback's scalar work follows the alignment's size, not the reference's.
//!
//! # The fast kernel
//! [`LocalScorer`] computes only the score, with Farrar's striped layout in SIMD integer
//! lanes: 32 x 8-bit lanes with AVX2 (rerun in 16 x 16-bit lanes when a score could
//! overflow 8 bits), or 8 x 16-bit lanes with SSE4.1 or SSE2, chosen at run time; a scalar
//! `f64` kernel elsewhere and for non-integral scoring values, negative gap penalties and
//! scores that could overflow 16 bits.
//!
//! Why striped rather than anti-diagonal: each kernel row needs only sequential, aligned
//! loads of a precomputed profile and of the previous row, whereas anti-diagonals need
//! unaligned loads of three previous diagonals and per-cell substitution lookups. The
//! longer sequence is the striped one (the query profile is built once per query, a
//! reference profile once per pair when the reference is longer), so the fixed cost of each
//! row, and the correction below, is spread over as many vectors as possible: for 150 nt
//! queries against 1,500 nt references the kernel runs 150 rows of 47 byte vectors.
//!
//! The price of striping is the dependency along the striped sequence: under the greedy
//! rule a cell's gap candidate from its predecessor depends on whether that predecessor
//! chose the same gap. Each row is first computed with every lane starting from a guess
//! (the value the lane below hands on if its last cell did not choose that gap), then lanes
//! are corrected until the chain values produce the same cells. Values at or below 0 are all
//! inert (a gap must beat the restart score 0) and two chain values give the same cell as
//! soon as neither chooses the gap, so corrections are rare and short. The equality with the
//! oracle is proved by seeded random tests over all engines, including low-complexity
//! alphabets, tiny penalties (many ties) and `gap_open < gap_extend`. See the
//! `simd::striped` module for the invariants.

mod alignment;
mod error;
#[cfg(test)]
mod matrix;
mod needleman_wunsch;
mod recurrence;
mod scalar;
mod scorer;
mod scoring;
#[cfg(target_arch = "x86_64")]
mod simd;
mod smith_waterman;
mod traceback;

#[cfg(test)]
mod equivalence_tests;
#[cfg(test)]
mod exactness_tests;
#[cfg(test)]
mod test_support;

pub use alignment::Alignment;
pub use error::{AlignError, SequenceRole};
pub use needleman_wunsch::global_align;
pub use scorer::{Engine, LocalScorer};
pub use scoring::Scoring;
pub use smith_waterman::local_align;
