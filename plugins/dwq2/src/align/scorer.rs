//! [`LocalScorer`]: the score-only local alignment of one query against many references.

use std::fmt;

use super::alignment::Alignment;
use super::error::{AlignError, SequenceRole};
use super::scalar::ScalarRow;
use super::scoring::{Scoring, encode, encode_into};
#[cfg(target_arch = "x86_64")]
use super::simd::{
    Avx2, Avx2Bytes, BYTE_MAX_MAGNITUDE, Lanes, Located, MAX_MAGNITUDE, Sse2, Sse41, Striped,
};
use super::smith_waterman::align_scalar;
use super::traceback::Limits;
#[cfg(target_arch = "x86_64")]
use super::{
    recurrence::{Mode, Recurrence},
    smith_waterman::LOCAL_STEP,
    traceback::Tracer,
};

/// The implementation a [`LocalScorer`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// 32 lanes of 8-bit integers, rerun in 16 lanes of 16-bit integers when a score could
    /// overflow 8 bits (x86-64 with AVX2).
    Avx2,
    /// 16 lanes of 16-bit integers only (x86-64 with AVX2).
    Avx2Words,
    /// 8 lanes of 16-bit integers with `pblendvb` (x86-64 with SSE4.1).
    Sse41,
    /// 8 lanes of 16-bit integers (any x86-64).
    Sse2,
    /// One `f64` cell at a time (any CPU, any scoring values).
    Scalar,
}

impl Engine {
    /// The engine's lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Avx2 => "avx2",
            Engine::Avx2Words => "avx2-16bit",
            Engine::Sse41 => "sse4.1",
            Engine::Sse2 => "sse2",
            Engine::Scalar => "scalar",
        }
    }

    /// Whether this CPU can run the engine.
    pub fn is_available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            Engine::Avx2 | Engine::Avx2Words => Avx2::detect().is_some(),
            #[cfg(target_arch = "x86_64")]
            Engine::Sse41 => Sse41::detect().is_some(),
            #[cfg(target_arch = "x86_64")]
            Engine::Sse2 => true,
            #[cfg(not(target_arch = "x86_64"))]
            Engine::Avx2 | Engine::Avx2Words | Engine::Sse41 | Engine::Sse2 => false,
            Engine::Scalar => true,
        }
    }

    /// The fastest engine this CPU can run.
    pub fn best_available() -> Self {
        [Engine::Avx2, Engine::Sse41, Engine::Sse2]
            .into_iter()
            .find(|e| e.is_available())
            .unwrap_or(Engine::Scalar)
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The vector kernel chosen for a query, if any.
enum Kernel {
    #[cfg(target_arch = "x86_64")]
    Avx2 {
        bytes: Option<Box<Striped<Avx2Bytes>>>,
        words: Box<Striped<Avx2>>,
    },
    #[cfg(target_arch = "x86_64")]
    Sse41(Box<Striped<Sse41>>),
    #[cfg(target_arch = "x86_64")]
    Sse2(Box<Striped<Sse2>>),
    Scalar,
}

/// Scores one query against references: the best Smith-Waterman score, no traceback.
///
/// The score equals `local_align(query, reference, scoring)?.score` exactly. Integral
/// scoring values (with non-negative gap penalties, magnitudes up to 1000) run a striped
/// 16-bit SIMD kernel, falling back to the scalar kernel for a pair whose score could
/// overflow 16 bits; with AVX2 and magnitudes up to 24, an 8-bit kernel runs first and
/// the 16-bit kernel only for pairs whose score could overflow 8 bits. Other scoring values
/// run the scalar `f64` kernel. The query profile and
/// all buffers are allocated once per scorer and reused for every reference.
///
/// # Examples
/// ```
/// use q2_dwq2::align::{LocalScorer, Scoring};
/// let mut scorer = LocalScorer::new(b"ACACTCTCCACCCATTTGCT", &Scoring::local_default())?;
/// assert_eq!(scorer.score(b"ACACTCTCCACCCATTTGCT")?, 40.0);
/// assert_eq!(scorer.score(b"ACACTCTCCTCCCATTTGCT")?, 35.0);
/// # Ok::<(), q2_dwq2::align::AlignError>(())
/// ```
pub struct LocalScorer {
    query_text: Vec<u8>,
    query: Vec<u8>,
    scoring: Scoring,
    kernel: Kernel,
    reference: Vec<u8>,
    scalar: ScalarRow,
}

impl LocalScorer {
    /// Validates `query` and prepares the fastest engine this CPU offers.
    pub fn new(query: &[u8], scoring: &Scoring) -> Result<Self, AlignError> {
        Self::with_engine(query, scoring, Engine::best_available())
    }

    /// Like [`LocalScorer::new`], with a chosen engine (for tests and benchmarks).
    ///
    /// A SIMD engine silently becomes [`Engine::Scalar`] when the scoring values do not suit
    /// the integer kernels, and [`Engine::Avx2`] becomes [`Engine::Avx2Words`] when they do
    /// not suit 8-bit lanes; [`LocalScorer::engine`] tells which one runs. Errors with
    /// [`AlignError::EngineUnavailable`] when the CPU lacks the engine.
    pub fn with_engine(
        query: &[u8],
        scoring: &Scoring,
        engine: Engine,
    ) -> Result<Self, AlignError> {
        let query_text = query.to_vec();
        let query = encode(query, SequenceRole::Query)?;
        if !engine.is_available() {
            return Err(AlignError::EngineUnavailable(engine.name()));
        }
        let kernel = Self::kernel(&query, scoring, engine);
        Ok(LocalScorer {
            query_text,
            query,
            scoring: *scoring,
            kernel,
            reference: Vec::new(),
            scalar: ScalarRow::default(),
        })
    }

    #[cfg(target_arch = "x86_64")]
    fn kernel(query: &[u8], scoring: &Scoring, engine: Engine) -> Kernel {
        let Some(int) = scoring
            .as_integers(MAX_MAGNITUDE)
            .filter(|s| s.gap_open >= 0 && s.gap_extend >= 0 && !query.is_empty())
        else {
            return Kernel::Scalar;
        };
        match engine {
            Engine::Avx2 | Engine::Avx2Words => match Avx2::detect() {
                Some(token) => Kernel::Avx2 {
                    bytes: (engine == Engine::Avx2 && int.magnitude() <= BYTE_MAX_MAGNITUDE)
                        .then(|| Box::new(Striped::new(Avx2Bytes::new(token), query, int))),
                    words: Box::new(Striped::new(token, query, int)),
                },
                None => Kernel::Scalar,
            },
            Engine::Sse41 => match Sse41::detect() {
                Some(token) => Kernel::Sse41(Box::new(Striped::new(token, query, int))),
                None => Kernel::Scalar,
            },
            Engine::Sse2 => Kernel::Sse2(Box::new(Striped::new(Sse2, query, int))),
            Engine::Scalar => Kernel::Scalar,
        }
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn kernel(_query: &[u8], _scoring: &Scoring, _engine: Engine) -> Kernel {
        Kernel::Scalar
    }

    /// The engine that scores references.
    pub fn engine(&self) -> Engine {
        match self.kernel {
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 { bytes: Some(_), .. } => Engine::Avx2,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 { bytes: None, .. } => Engine::Avx2Words,
            #[cfg(target_arch = "x86_64")]
            Kernel::Sse41(_) => Engine::Sse41,
            #[cfg(target_arch = "x86_64")]
            Kernel::Sse2(_) => Engine::Sse2,
            Kernel::Scalar => Engine::Scalar,
        }
    }

    /// The best local alignment score of the query against `reference`.
    ///
    /// Errors with [`AlignError::InvalidCharacter`] (role `Reference`) on a byte outside
    /// `ACGTU`.
    pub fn score(&mut self, reference: &[u8]) -> Result<f64, AlignError> {
        encode_into(reference, SequenceRole::Reference, &mut self.reference)?;
        if self.reference.is_empty() {
            return Ok(0.0);
        }
        let fast = match &mut self.kernel {
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 { bytes, words } => bytes
                .as_mut()
                .and_then(|bytes| Lanes::score(bytes, &self.reference))
                .or_else(|| Lanes::score(words, &self.reference)),
            #[cfg(target_arch = "x86_64")]
            Kernel::Sse41(striped) => Lanes::score(striped, &self.reference),
            #[cfg(target_arch = "x86_64")]
            Kernel::Sse2(striped) => Lanes::score(striped, &self.reference),
            Kernel::Scalar => None,
        };
        Ok(match fast {
            Some(score) => f64::from(score),
            None => self
                .scalar
                .local_score(&self.query, &self.reference, &self.scoring),
        })
    }

    /// The best local alignment of the query against `reference`: exactly
    /// [`local_align`](super::local_align)'s (the full-matrix oracle's) score, end, start and
    /// gapped rows, ties included.
    ///
    /// With integral scoring values the scorer's SIMD kernel finds the end cell, running the
    /// query striped over the reference rows up to the first row holding the best score and
    /// keeping every few rows; the traceback then recomputes, in integers, only the rows
    /// between the kept ones that the alignment crosses, over the columns left of it. Other
    /// scoring values run the same scheme in scalar arithmetic. Memory grows with the
    /// sequences' lengths, not their product.
    ///
    /// Errors with [`AlignError::InvalidCharacter`] (role `Reference`) on a byte outside
    /// `ACGTU`.
    ///
    /// # Examples
    /// ```
    /// use q2_dwq2::align::{LocalScorer, Scoring};
    /// let mut scorer = LocalScorer::new(b"ACGTACGTAAGGCCTTGGCA", &Scoring::local_default())?;
    /// let aln = scorer.align(b"ACGTACGTAATTGGCCTTGGCA")?;
    /// assert_eq!(aln.score, 33.0);
    /// assert_eq!(aln.aligned_query, "ACGTACGTAA--GGCCTTGGCA");
    /// # Ok::<(), q2_dwq2::align::AlignError>(())
    /// ```
    pub fn align(&mut self, reference: &[u8]) -> Result<Alignment, AlignError> {
        self.align_within(reference, None, Limits::DEFAULT)
    }

    /// [`LocalScorer::align`] of a reference whose score [`LocalScorer::score`] gave: the
    /// score pass is not run again.
    pub(crate) fn align_scored(
        &mut self,
        reference: &[u8],
        score: f64,
    ) -> Result<Alignment, AlignError> {
        self.align_within(reference, Some(score), Limits::DEFAULT)
    }

    /// [`LocalScorer::align`] within the given memory limits, given the score if known.
    pub(crate) fn align_within(
        &mut self,
        reference: &[u8],
        score: Option<f64>,
        limits: Limits,
    ) -> Result<Alignment, AlignError> {
        encode_into(reference, SequenceRole::Reference, &mut self.reference)?;
        #[cfg(target_arch = "x86_64")]
        if let Some(alignment) = self.align_simd(reference, score, limits) {
            return Ok(alignment);
        }
        Ok(align_scalar(
            (&self.query, &self.query_text),
            (&self.reference, reference),
            &self.scoring,
            limits,
        ))
    }

    /// [`LocalScorer::align`] with the SIMD kernel locating the end, if it can.
    #[cfg(target_arch = "x86_64")]
    fn align_simd(&mut self, text: &[u8], score: Option<f64>, limits: Limits) -> Option<Alignment> {
        let reference = &self.reference;
        if reference.is_empty() {
            return None;
        }
        let step = limits.checkpoint_step::<i32>(reference.len(), self.query.len(), LOCAL_STEP);
        let located = match &mut self.kernel {
            Kernel::Avx2 { bytes, words } => bytes
                .as_mut()
                .and_then(|bytes| locate(bytes, reference, score, step))
                .or_else(|| locate(words, reference, score, step)),
            Kernel::Sse41(striped) => locate(striped, reference, score, step),
            Kernel::Sse2(striped) => locate(striped, reference, score, step),
            Kernel::Scalar => None,
        }?;
        let int = self.scoring.as_integers(MAX_MAGNITUDE)?;
        let recurrence =
            Recurrence::from_integers(int, Mode::Local, reference.len(), self.query.len());
        let checkpoints = located.checkpoints(recurrence.first_row(self.query.len()));
        let (aligned_query, aligned_reference) = Tracer::new(
            &recurrence,
            (&self.query, &self.query_text),
            (reference, text),
            limits,
        )
        .trace(&checkpoints, located.end());
        Some(Alignment {
            score: f64::from(located.score()),
            aligned_query,
            aligned_reference,
        })
    }
}

/// Locates the end of the best alignment with `striped`; `None` if a score may not fit its
/// lanes. Unless the `score` is known, the score pass runs first when it would stripe the
/// reference (the faster layout), so that the locating pass can stop at the first row
/// holding the best score.
#[cfg(target_arch = "x86_64")]
fn locate<L: Lanes>(
    striped: &mut Striped<L>,
    reference: &[u8],
    score: Option<f64>,
    step: usize,
) -> Option<Located> {
    let target = match score {
        // A score the SIMD kernels can give is an integer within `MAX_MAGNITUDE` bounds.
        Some(score) => Some(i32::try_from(score as i64).ok()?),
        None if striped.stripes_reference(reference.len()) => {
            Some(Lanes::score(striped, reference)?)
        }
        None => None,
    };
    Lanes::locate(striped, reference, target, step)
}
