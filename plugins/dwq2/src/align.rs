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
//! choices, ties included. [`local_align`] and [`global_align`] fill full matrices in `f64`
//! and trace back; they are the oracle.
//!
//! # The fast kernel
//! [`LocalScorer`] computes only the score, with Farrar's striped layout over the query in
//! 16-bit lanes (AVX2, SSE4.1 or SSE2, chosen at run time; scalar elsewhere). Why striped
//! rather than anti-diagonal: the query profile is built once per query and each row needs
//! only aligned, sequential loads, whereas anti-diagonals need unaligned loads of three
//! previous diagonals and per-cell substitution lookups. The price is the left-to-right
//! dependency inside a row: under the greedy rule a cell's left candidate depends on whether
//! its left neighbour chose a horizontal gap. The kernel first runs each row with every lane
//! starting from an inert chain value, then corrects lane by lane until the chain values
//! produce the same cells; values at or below 0 are all inert (a gap must beat the restart),
//! so chains merge as soon as neither chooses the horizontal gap, and the correction stays
//! short. See the `simd::striped` module for the invariants. Scores that could overflow 16
//! bits, non-integral scoring values and negative gap penalties use the scalar `f64` kernel.

mod alignment;
mod error;
mod matrix;
mod needleman_wunsch;
mod scalar;
mod scorer;
mod scoring;
#[cfg(target_arch = "x86_64")]
mod simd;
mod smith_waterman;

#[cfg(test)]
mod equivalence_tests;

pub use alignment::Alignment;
pub use error::{AlignError, SequenceRole};
pub use needleman_wunsch::global_align;
pub use scorer::{Engine, LocalScorer};
pub use scoring::Scoring;
pub use smith_waterman::local_align;
