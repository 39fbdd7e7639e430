//! Scoring parameters and the `ACGTU` identity substitution alphabet.

use super::error::{AlignError, SequenceRole};

/// Number of letters in the substitution alphabet `ACGTU`.
pub(crate) const ALPHABET_SIZE: usize = 5;

/// Marks a byte outside the alphabet in [`CODES`].
const INVALID: u8 = u8::MAX;

/// Maps every byte to its alphabet index (`A`=0 .. `U`=4), or [`INVALID`].
const CODES: [u8; 256] = {
    let mut table = [INVALID; 256];
    table[b'A' as usize] = 0;
    table[b'C' as usize] = 1;
    table[b'G' as usize] = 2;
    table[b'T' as usize] = 3;
    table[b'U' as usize] = 4;
    table
};

/// Gap penalties and substitution scores of a pairwise alignment.
///
/// Penalties are subtracted: a gap of length `k` costs `gap_open + (k - 1) * gap_extend`.
///
/// # Examples
/// ```
/// use q2_dwq2::align::Scoring;
/// let s = Scoring::local_default();
/// assert_eq!((s.gap_open, s.gap_extend, s.match_score, s.mismatch_score), (5.0, 2.0, 2.0, -3.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scoring {
    /// Penalty for the first position of a gap.
    pub gap_open: f64,
    /// Penalty for every further position of a gap.
    pub gap_extend: f64,
    /// Score of two identical letters.
    pub match_score: f64,
    /// Score of two different letters.
    pub mismatch_score: f64,
}

impl Scoring {
    /// The defaults of the local alignment search: gap open 5, extend 2, match 2, mismatch -3.
    pub fn local_default() -> Self {
        Scoring {
            gap_open: 5.0,
            gap_extend: 2.0,
            match_score: 2.0,
            mismatch_score: -3.0,
        }
    }

    /// The defaults of `nw_align`: gap open 5, extend 2, match 1, mismatch -2.
    pub fn global_default() -> Self {
        Scoring {
            gap_open: 5.0,
            gap_extend: 2.0,
            match_score: 1.0,
            mismatch_score: -2.0,
        }
    }

    /// Substitution score of two alphabet codes.
    #[inline]
    pub(crate) fn substitution(&self, a: u8, b: u8) -> f64 {
        if a == b {
            self.match_score
        } else {
            self.mismatch_score
        }
    }

    /// The four values as integers, when all of them are integral and at most `bound` in size.
    pub(crate) fn as_integers(&self, bound: i32) -> Option<IntScoring> {
        let int = |x: f64| (x.fract() == 0.0 && x.abs() <= f64::from(bound)).then_some(x as i32);
        Some(IntScoring {
            gap_open: int(self.gap_open)?,
            gap_extend: int(self.gap_extend)?,
            match_score: int(self.match_score)?,
            mismatch_score: int(self.mismatch_score)?,
        })
    }
}

/// [`Scoring`] with integral values, for the integer kernels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IntScoring {
    pub gap_open: i32,
    pub gap_extend: i32,
    pub match_score: i32,
    pub mismatch_score: i32,
}

impl IntScoring {
    /// Substitution score of two alphabet codes.
    #[inline]
    pub fn substitution(&self, a: u8, b: u8) -> i32 {
        if a == b {
            self.match_score
        } else {
            self.mismatch_score
        }
    }

    /// The largest magnitude among the four values.
    pub fn magnitude(&self) -> i32 {
        [
            self.gap_open,
            self.gap_extend,
            self.match_score,
            self.mismatch_score,
        ]
        .into_iter()
        .map(i32::abs)
        .max()
        .unwrap_or(0)
    }
}

/// Translates `seq` into alphabet codes, appending them to `out` (cleared first).
pub(crate) fn encode_into(
    seq: &[u8],
    role: SequenceRole,
    out: &mut Vec<u8>,
) -> Result<(), AlignError> {
    out.clear();
    out.extend(seq.iter().map(|&byte| CODES[usize::from(byte)]));
    match out.iter().position(|&code| code == INVALID) {
        None => Ok(()),
        Some(index) => Err(AlignError::InvalidCharacter {
            role,
            character: char::from(seq[index]),
            position: index + 1,
        }),
    }
}

/// Translates `seq` into alphabet codes.
pub(crate) fn encode(seq: &[u8], role: SequenceRole) -> Result<Vec<u8>, AlignError> {
    let mut out = Vec::new();
    encode_into(seq, role, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_five_letters() {
        assert_eq!(
            encode(b"ACGTU", SequenceRole::Query).unwrap(),
            vec![0, 1, 2, 3, 4]
        );
        assert_eq!(encode(b"", SequenceRole::Query).unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn rejects_other_bytes_with_role_and_position() {
        for (seq, character, position) in [
            (&b"ACGN"[..], 'N', 4),
            (b"acgt", 'a', 1),
            (b"AC-G", '-', 3),
            (b"R", 'R', 1),
            (b"AC\xe9", '\u{e9}', 3),
        ] {
            assert_eq!(
                encode(seq, SequenceRole::Reference),
                Err(AlignError::InvalidCharacter {
                    role: SequenceRole::Reference,
                    character,
                    position
                })
            );
        }
    }

    #[test]
    fn integer_view_requires_integral_bounded_values() {
        let s = Scoring::local_default();
        assert_eq!(
            s.as_integers(100),
            Some(IntScoring {
                gap_open: 5,
                gap_extend: 2,
                match_score: 2,
                mismatch_score: -3
            })
        );
        assert_eq!(s.as_integers(4), None);
        let half = Scoring {
            gap_extend: 0.5,
            ..s
        };
        assert_eq!(half.as_integers(100), None);
        assert_eq!(s.as_integers(100).unwrap().magnitude(), 5);
    }
}
