//! 8 lanes of `i16` in SSE registers: SSE2 (the x86-64 baseline) and SSE4.1 (adds `pblendvb`).

use std::arch::x86_64::*;

use super::{Lanes, Located, Striped};

/// The SSE2 instruction set, always present on x86-64.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sse2;

/// Proof that the CPU supports SSE4.1 (only [`Sse41::detect`] creates it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sse41(());

impl Sse41 {
    /// The token, if this CPU supports SSE4.1.
    pub fn detect() -> Option<Self> {
        is_x86_feature_detected!("sse4.1").then_some(Sse41(()))
    }
}

/// The striped kernel compiled with SSE4.1 enabled.
#[target_feature(enable = "sse4.1")]
fn score_sse41(striped: &mut Striped<Sse41>, reference: &[u8]) -> Option<i32> {
    striped.score_inline(reference)
}

/// The locating kernel compiled with SSE4.1 enabled.
#[target_feature(enable = "sse4.1")]
fn locate_sse41(
    striped: &mut Striped<Sse41>,
    reference: &[u8],
    target: Option<i32>,
    step: usize,
) -> Option<Located> {
    striped.locate_inline(reference, target, step)
}

impl Lanes for Sse2 {
    type V = __m128i;
    const WIDTH: usize = 8;
    const MAX: i16 = i16::MAX;

    #[inline(always)]
    fn load(self, values: &[i16]) -> __m128i {
        assert_eq!(values.len(), Self::WIDTH);
        // SAFETY: `values` holds exactly 16 readable bytes; `loadu` has no alignment
        // requirement.
        unsafe { _mm_loadu_si128(values.as_ptr().cast()) }
    }
    #[inline(always)]
    fn splat(self, x: i16) -> __m128i {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
        unsafe { _mm_set1_epi16(x) }
    }
    #[inline(always)]
    fn adds(self, a: __m128i, b: __m128i) -> __m128i {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
        unsafe { _mm_adds_epi16(a, b) }
    }
    #[inline(always)]
    fn subs_clamped(self, a: __m128i, b: __m128i) -> __m128i {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
        unsafe { _mm_subs_epu16(a, b) }
    }
    #[inline(always)]
    fn max(self, a: __m128i, b: __m128i) -> __m128i {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
        unsafe { _mm_max_epi16(a, b) }
    }
    #[inline(always)]
    fn gt(self, a: __m128i, b: __m128i) -> __m128i {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
        unsafe { _mm_cmpgt_epi16(a, b) }
    }
    #[inline(always)]
    fn eq(self, a: __m128i, b: __m128i) -> __m128i {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
        unsafe { _mm_cmpeq_epi16(a, b) }
    }
    #[inline(always)]
    fn and(self, a: __m128i, b: __m128i) -> __m128i {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
        unsafe { _mm_and_si128(a, b) }
    }
    #[inline(always)]
    fn or(self, a: __m128i, b: __m128i) -> __m128i {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
        unsafe { _mm_or_si128(a, b) }
    }
    #[inline(always)]
    fn select(self, mask: __m128i, yes: __m128i, no: __m128i) -> __m128i {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
        unsafe { _mm_or_si128(_mm_and_si128(mask, yes), _mm_andnot_si128(mask, no)) }
    }
    #[inline(always)]
    fn shift_in_zero(self, a: __m128i) -> __m128i {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
        unsafe { _mm_slli_si128::<2>(a) }
    }
    #[inline(always)]
    fn all_set(self, mask: __m128i) -> bool {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
        unsafe { _mm_movemask_epi8(mask) == 0xFFFF }
    }
    #[inline(always)]
    fn max_lane(self, a: __m128i) -> i16 {
        let mut lanes = [0i16; 8];
        // SAFETY: `lanes` is 16 writable bytes; `storeu` has no alignment requirement.
        unsafe { _mm_storeu_si128(lanes.as_mut_ptr().cast(), a) };
        lanes.into_iter().max().unwrap_or(0)
    }
    #[inline(always)]
    fn store(self, v: __m128i, out: &mut [i16]) {
        assert_eq!(out.len(), Self::WIDTH);
        // SAFETY: `out` holds exactly 16 writable bytes; `storeu` has no alignment
        // requirement.
        unsafe { _mm_storeu_si128(out.as_mut_ptr().cast(), v) }
    }
    fn score(striped: &mut Striped<Self>, reference: &[u8]) -> Option<i32> {
        striped.score_inline(reference)
    }
    fn locate(
        striped: &mut Striped<Self>,
        reference: &[u8],
        target: Option<i32>,
        step: usize,
    ) -> Option<Located> {
        striped.locate_inline(reference, target, step)
    }
}

// Everything but `select` is the SSE2 operation; `select` uses SSE4.1's `pblendvb`.
impl Lanes for Sse41 {
    type V = __m128i;
    const WIDTH: usize = 8;
    const MAX: i16 = i16::MAX;

    #[inline(always)]
    fn load(self, values: &[i16]) -> __m128i {
        Sse2.load(values)
    }
    #[inline(always)]
    fn splat(self, x: i16) -> __m128i {
        Sse2.splat(x)
    }
    #[inline(always)]
    fn adds(self, a: __m128i, b: __m128i) -> __m128i {
        Sse2.adds(a, b)
    }
    #[inline(always)]
    fn subs_clamped(self, a: __m128i, b: __m128i) -> __m128i {
        Sse2.subs_clamped(a, b)
    }
    #[inline(always)]
    fn max(self, a: __m128i, b: __m128i) -> __m128i {
        Sse2.max(a, b)
    }
    #[inline(always)]
    fn gt(self, a: __m128i, b: __m128i) -> __m128i {
        Sse2.gt(a, b)
    }
    #[inline(always)]
    fn eq(self, a: __m128i, b: __m128i) -> __m128i {
        Sse2.eq(a, b)
    }
    #[inline(always)]
    fn and(self, a: __m128i, b: __m128i) -> __m128i {
        Sse2.and(a, b)
    }
    #[inline(always)]
    fn or(self, a: __m128i, b: __m128i) -> __m128i {
        Sse2.or(a, b)
    }
    #[inline(always)]
    fn select(self, mask: __m128i, yes: __m128i, no: __m128i) -> __m128i {
        // SAFETY: SSE4.1 is available (the token exists only after runtime detection).
        unsafe { _mm_blendv_epi8(no, yes, mask) }
    }
    #[inline(always)]
    fn shift_in_zero(self, a: __m128i) -> __m128i {
        Sse2.shift_in_zero(a)
    }
    #[inline(always)]
    fn all_set(self, mask: __m128i) -> bool {
        Sse2.all_set(mask)
    }
    #[inline(always)]
    fn max_lane(self, a: __m128i) -> i16 {
        Sse2.max_lane(a)
    }
    #[inline(always)]
    fn store(self, v: __m128i, out: &mut [i16]) {
        Sse2.store(v, out)
    }
    fn score(striped: &mut Striped<Self>, reference: &[u8]) -> Option<i32> {
        // SAFETY: `striped` holds an `Sse41` token, so the CPU supports SSE4.1.
        unsafe { score_sse41(striped, reference) }
    }
    fn locate(
        striped: &mut Striped<Self>,
        reference: &[u8],
        target: Option<i32>,
        step: usize,
    ) -> Option<Located> {
        // SAFETY: `striped` holds an `Sse41` token, so the CPU supports SSE4.1.
        unsafe { locate_sse41(striped, reference, target, step) }
    }
}
