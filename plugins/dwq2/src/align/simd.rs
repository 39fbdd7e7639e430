//! The striped SIMD kernel for score-only local alignment (x86-64 only).
//!
//! The unsafe code of the alignment engine lives in this module and its children: calling
//! `std::arch` intrinsics outside a function compiled for their target feature, and unaligned
//! vector loads from slices. Every unsafe block says why it is sound; the instruction-set
//! tokens ([`Avx2`], [`Sse41`]) can only be created after runtime feature detection.
#![allow(unsafe_code)]

mod avx2;
mod located;
mod sse;
mod striped;

pub(crate) use avx2::{Avx2, Avx2Bytes};
pub(crate) use located::Located;
pub(crate) use sse::{Sse2, Sse41};
pub(crate) use striped::{BYTE_MAX_MAGNITUDE, MAX_MAGNITUDE, Striped};

/// A vector of signed integer lanes (8 or 16 bits) and the operations the striped kernel
/// needs.
///
/// Implementors are zero-sized tokens proving that the instruction set is available.
/// All methods are `#[inline(always)]`, so that the generic kernel compiles to straight
/// vector code inside each instruction set's `#[target_feature]` entry point.
pub(crate) trait Lanes: Copy {
    /// The vector type.
    type V: Copy;
    /// Number of lanes per vector.
    const WIDTH: usize;
    /// The largest value a lane holds.
    const MAX: i16;
    /// Loads `values` (exactly `WIDTH` of them, saturated to the lane type) into a vector.
    fn load(self, values: &[i16]) -> Self::V;
    /// A vector with every lane set to `x` (saturated to the lane type).
    fn splat(self, x: i16) -> Self::V;
    /// Lane-wise signed saturating addition.
    fn adds(self, a: Self::V, b: Self::V) -> Self::V;
    /// Lane-wise unsigned saturating subtraction (clamps at 0 for non-negative lanes).
    fn subs_clamped(self, a: Self::V, b: Self::V) -> Self::V;
    /// Lane-wise signed maximum.
    fn max(self, a: Self::V, b: Self::V) -> Self::V;
    /// Lane-wise `a > b` (signed) as an all-ones/all-zeros mask.
    fn gt(self, a: Self::V, b: Self::V) -> Self::V;
    /// Lane-wise `a == b` as a mask.
    fn eq(self, a: Self::V, b: Self::V) -> Self::V;
    /// Bitwise and.
    fn and(self, a: Self::V, b: Self::V) -> Self::V;
    /// Bitwise or.
    fn or(self, a: Self::V, b: Self::V) -> Self::V;
    /// Lane-wise `if mask { yes } else { no }`.
    fn select(self, mask: Self::V, yes: Self::V, no: Self::V) -> Self::V;
    /// Moves every lane up by one (lane `k` takes lane `k - 1`); lane 0 becomes 0.
    fn shift_in_zero(self, a: Self::V) -> Self::V;
    /// Whether every lane of `mask` is set.
    fn all_set(self, mask: Self::V) -> bool;
    /// The greatest lane.
    fn max_lane(self, a: Self::V) -> i16;
    /// Writes the `WIDTH` lanes of `v` to `out`, widened to `i16`.
    fn store(self, v: Self::V, out: &mut [i16]);
    /// Runs [`Striped::score_inline`] compiled for this instruction set.
    fn score(striped: &mut Striped<Self>, reference: &[u8]) -> Option<i32>;
    /// Runs [`Striped::locate_inline`] compiled for this instruction set.
    fn locate(
        striped: &mut Striped<Self>,
        reference: &[u8],
        target: Option<i32>,
        step: usize,
    ) -> Option<Located>;
}
