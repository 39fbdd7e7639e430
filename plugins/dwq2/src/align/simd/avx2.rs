//! 16 lanes of `i16` in AVX2 registers.

use std::arch::x86_64::*;

use super::{Lanes, Located, Striped};

/// Proof that the CPU supports AVX2 (only [`Avx2::detect`] creates it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Avx2(());

impl Avx2 {
    /// The token, if this CPU supports AVX2.
    pub fn detect() -> Option<Self> {
        is_x86_feature_detected!("avx2").then_some(Avx2(()))
    }
}

/// The same proof, selecting 32 lanes of `i8` instead of 16 lanes of `i16`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Avx2Bytes(Avx2);

impl Avx2Bytes {
    /// The 8-bit view of an AVX2 token.
    pub fn new(token: Avx2) -> Self {
        Avx2Bytes(token)
    }
}

/// The striped kernel in 8-bit lanes, compiled with AVX2 enabled.
#[target_feature(enable = "avx2")]
fn score_avx2_bytes(striped: &mut Striped<Avx2Bytes>, reference: &[u8]) -> Option<i32> {
    striped.score_inline(reference)
}

/// The striped kernel compiled with AVX2 enabled.
#[target_feature(enable = "avx2")]
fn score_avx2(striped: &mut Striped<Avx2>, reference: &[u8]) -> Option<i32> {
    striped.score_inline(reference)
}

/// The locating kernel in 8-bit lanes, compiled with AVX2 enabled.
#[target_feature(enable = "avx2")]
fn locate_avx2_bytes(
    striped: &mut Striped<Avx2Bytes>,
    reference: &[u8],
    target: Option<i32>,
    step: usize,
) -> Option<Located> {
    striped.locate_inline(reference, target, step)
}

/// The locating kernel compiled with AVX2 enabled.
#[target_feature(enable = "avx2")]
fn locate_avx2(
    striped: &mut Striped<Avx2>,
    reference: &[u8],
    target: Option<i32>,
    step: usize,
) -> Option<Located> {
    striped.locate_inline(reference, target, step)
}

// SAFETY (for every `unsafe` block in this impl): the methods take an `Avx2` token, which
// exists only when `is_x86_feature_detected!("avx2")` returned true, so the AVX2 intrinsics
// called here are supported by the running CPU.
impl Lanes for Avx2 {
    type V = __m256i;
    const WIDTH: usize = 16;
    const MAX: i16 = i16::MAX;

    #[inline(always)]
    fn load(self, values: &[i16]) -> __m256i {
        assert_eq!(values.len(), Self::WIDTH);
        // SAFETY: AVX2 is available (token) and `values` holds exactly 32 readable bytes;
        // `loadu` has no alignment requirement.
        unsafe { _mm256_loadu_si256(values.as_ptr().cast()) }
    }
    #[inline(always)]
    fn splat(self, x: i16) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_set1_epi16(x) }
    }
    #[inline(always)]
    fn adds(self, a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_adds_epi16(a, b) }
    }
    #[inline(always)]
    fn subs_clamped(self, a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_subs_epu16(a, b) }
    }
    #[inline(always)]
    fn max(self, a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_max_epi16(a, b) }
    }
    #[inline(always)]
    fn gt(self, a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_cmpgt_epi16(a, b) }
    }
    #[inline(always)]
    fn eq(self, a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_cmpeq_epi16(a, b) }
    }
    #[inline(always)]
    fn and(self, a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_and_si256(a, b) }
    }
    #[inline(always)]
    fn or(self, a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_or_si256(a, b) }
    }
    #[inline(always)]
    fn select(self, mask: __m256i, yes: __m256i, no: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_blendv_epi8(no, yes, mask) }
    }
    #[inline(always)]
    fn shift_in_zero(self, a: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token). The permute puts the low half of `a` in the high
        // half over a zero low half; the byte-align then shifts each half up by one lane,
        // carrying lane 7 into lane 8.
        unsafe { _mm256_alignr_epi8::<14>(a, _mm256_permute2x128_si256::<0x08>(a, a)) }
    }
    #[inline(always)]
    fn all_set(self, mask: __m256i) -> bool {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_movemask_epi8(mask) == -1 }
    }
    #[inline(always)]
    fn max_lane(self, a: __m256i) -> i16 {
        let mut lanes = [0i16; 16];
        // SAFETY: AVX2 is available (token) and `lanes` is 32 writable bytes; `storeu` has no
        // alignment requirement.
        unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), a) };
        lanes.into_iter().max().unwrap_or(0)
    }
    #[inline(always)]
    fn store(self, v: __m256i, out: &mut [i16]) {
        assert_eq!(out.len(), Self::WIDTH);
        // SAFETY: AVX2 is available (token) and `out` holds exactly 32 writable bytes;
        // `storeu` has no alignment requirement.
        unsafe { _mm256_storeu_si256(out.as_mut_ptr().cast(), v) }
    }
    fn score(striped: &mut Striped<Self>, reference: &[u8]) -> Option<i32> {
        // SAFETY: `striped` holds an `Avx2` token, so the CPU supports AVX2.
        unsafe { score_avx2(striped, reference) }
    }
    fn locate(
        striped: &mut Striped<Self>,
        reference: &[u8],
        target: Option<i32>,
        step: usize,
    ) -> Option<Located> {
        // SAFETY: `striped` holds an `Avx2` token, so the CPU supports AVX2.
        unsafe { locate_avx2(striped, reference, target, step) }
    }
}

// SAFETY (for every `unsafe` block in this impl): an `Avx2Bytes` wraps an `Avx2` token, which
// exists only when `is_x86_feature_detected!("avx2")` returned true.
impl Lanes for Avx2Bytes {
    type V = __m256i;
    const WIDTH: usize = 32;
    const MAX: i16 = i8::MAX as i16;

    #[inline(always)]
    fn load(self, values: &[i16]) -> __m256i {
        assert_eq!(values.len(), Self::WIDTH);
        let (low, high) = values.split_at(16);
        let (low, high) = (self.0.load(low), self.0.load(high));
        // SAFETY: AVX2 is available (token). `packs` saturates to `i8` but interleaves the
        // 128-bit halves (low[0..8], high[0..8], low[8..16], high[8..16]); the permutation
        // puts the four quarters back in order.
        unsafe { _mm256_permute4x64_epi64::<0b11_01_10_00>(_mm256_packs_epi16(low, high)) }
    }
    #[inline(always)]
    fn splat(self, x: i16) -> __m256i {
        let x = x.clamp(i16::from(i8::MIN), i16::from(i8::MAX)) as i8;
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_set1_epi8(x) }
    }
    #[inline(always)]
    fn adds(self, a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_adds_epi8(a, b) }
    }
    #[inline(always)]
    fn subs_clamped(self, a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_subs_epu8(a, b) }
    }
    #[inline(always)]
    fn max(self, a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_max_epi8(a, b) }
    }
    #[inline(always)]
    fn gt(self, a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_cmpgt_epi8(a, b) }
    }
    #[inline(always)]
    fn eq(self, a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token).
        unsafe { _mm256_cmpeq_epi8(a, b) }
    }
    #[inline(always)]
    fn and(self, a: __m256i, b: __m256i) -> __m256i {
        self.0.and(a, b)
    }
    #[inline(always)]
    fn or(self, a: __m256i, b: __m256i) -> __m256i {
        self.0.or(a, b)
    }
    #[inline(always)]
    fn select(self, mask: __m256i, yes: __m256i, no: __m256i) -> __m256i {
        self.0.select(mask, yes, no)
    }
    #[inline(always)]
    fn shift_in_zero(self, a: __m256i) -> __m256i {
        // SAFETY: AVX2 is available (token). As for 16-bit lanes, shifting by one byte.
        unsafe { _mm256_alignr_epi8::<15>(a, _mm256_permute2x128_si256::<0x08>(a, a)) }
    }
    #[inline(always)]
    fn all_set(self, mask: __m256i) -> bool {
        self.0.all_set(mask)
    }
    #[inline(always)]
    fn max_lane(self, a: __m256i) -> i16 {
        let mut lanes = [0i8; 32];
        // SAFETY: AVX2 is available (token) and `lanes` is 32 writable bytes; `storeu` has no
        // alignment requirement.
        unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), a) };
        lanes.into_iter().max().map_or(0, i16::from)
    }
    #[inline(always)]
    fn store(self, v: __m256i, out: &mut [i16]) {
        assert_eq!(out.len(), Self::WIDTH);
        let mut lanes = [0i8; 32];
        // SAFETY: AVX2 is available (token) and `lanes` is 32 writable bytes; `storeu` has no
        // alignment requirement.
        unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), v) };
        for (slot, lane) in out.iter_mut().zip(lanes) {
            *slot = i16::from(lane);
        }
    }
    fn score(striped: &mut Striped<Self>, reference: &[u8]) -> Option<i32> {
        // SAFETY: `striped` holds an `Avx2Bytes` token, so the CPU supports AVX2.
        unsafe { score_avx2_bytes(striped, reference) }
    }
    fn locate(
        striped: &mut Striped<Self>,
        reference: &[u8],
        target: Option<i32>,
        step: usize,
    ) -> Option<Located> {
        // SAFETY: `striped` holds an `Avx2Bytes` token, so the CPU supports AVX2.
        unsafe { locate_avx2_bytes(striped, reference, target, step) }
    }
}
