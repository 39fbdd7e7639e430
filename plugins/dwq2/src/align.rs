//! Pairwise alignment: Smith-Waterman (local) and Needleman-Wunsch (global).
//!
//! Interim scalar implementation (the alignment engine with its SIMD kernel replaces this file).

/// Scoring parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scoring {
    /// Gap open penalty.
    pub gap_open: f64,
    /// Gap extend penalty.
    pub gap_extend: f64,
    /// Match score.
    pub match_score: f64,
    /// Mismatch score.
    pub mismatch_score: f64,
}

impl Scoring {
    /// Local defaults.
    pub fn local_default() -> Self {
        Self {
            gap_open: 5.0,
            gap_extend: 2.0,
            match_score: 2.0,
            mismatch_score: -3.0,
        }
    }
}

/// An alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// Score.
    pub score: f64,
    /// Aligned query.
    pub aligned_query: String,
    /// Aligned reference.
    pub aligned_reference: String,
}

/// Alignment error.
#[derive(Debug, thiserror::Error)]
#[error("invalid character {character:?} at position {position}")]
pub struct AlignError {
    character: char,
    position: usize,
}

fn check(seq: &[u8]) -> Result<(), AlignError> {
    match seq.iter().position(|b| !b"ACGTU".contains(b)) {
        Some(i) => Err(AlignError {
            character: seq[i] as char,
            position: i + 1,
        }),
        None => Ok(()),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Dir {
    End,
    H,
    D,
    V,
}

fn fill(q: &[u8], r: &[u8], s: &Scoring, local: bool) -> (Vec<f64>, Vec<Dir>) {
    let w = q.len() + 1;
    let mut sc = vec![0.0; w * (r.len() + 1)];
    let mut tb = vec![Dir::End; w * (r.len() + 1)];
    if !local {
        tb[1..w].fill(Dir::H);
        for i in 1..=r.len() {
            tb[i * w] = Dir::V;
        }
    }
    for i in 1..=r.len() {
        for j in 1..w {
            let sub = if q[j - 1] == r[i - 1] {
                s.match_score
            } else {
                s.mismatch_score
            };
            let diag = sc[(i - 1) * w + j - 1] + sub;
            let up_free = !local && j == q.len();
            let left_free = !local && i == r.len();
            let up_pen = if up_free {
                0.0
            } else if tb[(i - 1) * w + j] == Dir::V {
                s.gap_extend
            } else {
                s.gap_open
            };
            let left_pen = if left_free {
                0.0
            } else if tb[i * w + j - 1] == Dir::H {
                s.gap_extend
            } else {
                s.gap_open
            };
            let up = sc[(i - 1) * w + j] - up_pen;
            let left = sc[i * w + j - 1] - left_pen;
            let mut best = if local {
                (0.0, Dir::End)
            } else {
                (f64::NEG_INFINITY, Dir::End)
            };
            for cand in [(left, Dir::H), (diag, Dir::D), (up, Dir::V)] {
                if cand.0 > best.0 {
                    best = cand;
                }
            }
            sc[i * w + j] = best.0;
            tb[i * w + j] = best.1;
        }
    }
    (sc, tb)
}

fn trace(q: &[u8], r: &[u8], tb: &[Dir], mut i: usize, mut j: usize) -> (String, String) {
    let w = q.len() + 1;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    loop {
        match tb[i * w + j] {
            Dir::End => break,
            Dir::D => {
                a.push(q[j - 1]);
                b.push(r[i - 1]);
                i -= 1;
                j -= 1;
            }
            Dir::H => {
                a.push(q[j - 1]);
                b.push(b'-');
                j -= 1;
            }
            Dir::V => {
                a.push(b'-');
                b.push(r[i - 1]);
                i -= 1;
            }
        }
        if i == 0 && j == 0 {
            break;
        }
    }
    a.reverse();
    b.reverse();
    (
        String::from_utf8(a).unwrap_or_default(),
        String::from_utf8(b).unwrap_or_default(),
    )
}

/// Local alignment.
pub fn local_align(query: &[u8], reference: &[u8], s: &Scoring) -> Result<Alignment, AlignError> {
    check(query)?;
    check(reference)?;
    let (sc, tb) = fill(query, reference, s, true);
    let w = query.len() + 1;
    let mut end = 0;
    for k in 0..sc.len() {
        if sc[k] > sc[end] {
            end = k;
        }
    }
    let (aligned_query, aligned_reference) = trace(query, reference, &tb, end / w, end % w);
    Ok(Alignment {
        score: sc[end],
        aligned_query,
        aligned_reference,
    })
}

/// Global alignment (seq1 = query columns, seq2 = reference rows).
pub fn global_align(seq1: &[u8], seq2: &[u8], s: &Scoring) -> Result<Alignment, AlignError> {
    check(seq1)?;
    check(seq2)?;
    let (sc, tb) = fill(seq1, seq2, s, false);
    let (aligned_query, aligned_reference) = trace(seq1, seq2, &tb, seq2.len(), seq1.len());
    Ok(Alignment {
        score: sc[sc.len() - 1],
        aligned_query,
        aligned_reference,
    })
}

/// Score-only local scorer.
pub struct LocalScorer {
    query: Vec<u8>,
    scoring: Scoring,
}

impl LocalScorer {
    /// New scorer.
    pub fn new(query: &[u8], scoring: &Scoring) -> Result<Self, AlignError> {
        check(query)?;
        Ok(Self {
            query: query.to_vec(),
            scoring: *scoring,
        })
    }

    /// Score.
    pub fn score(&self, reference: &[u8]) -> Result<f64, AlignError> {
        local_align(&self.query, reference, &self.scoring).map(|a| a.score)
    }
}
