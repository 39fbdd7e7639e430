//! Test helpers: a seeded random generator for sequences and scoring values.

use super::scoring::Scoring;

/// Alphabets of the random cases: the DNA letters, low-complexity ones, and `U`, which the
/// aligner scores as a letter of its own.
pub(crate) const ALPHABETS: [&[u8]; 5] = [b"ACGT", b"AC", b"A", b"ACGTU", b"GGGGGGGA"];

/// A small seeded generator (SplitMix64), so the cases are the same on every run.
pub(crate) struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn int(&mut self, low: i64, high: i64) -> f64 {
        (low + self.below((high - low + 1) as u64) as i64) as f64
    }

    /// Scoring with tiny values (gaps 0 to 3, match 1 to 3, mismatch -3 to 0): many equal
    /// candidates, so every tie-breaking rule is exercised.
    pub fn tiny_scoring(&mut self) -> Scoring {
        Scoring {
            gap_open: self.int(0, 3),
            gap_extend: self.int(0, 3),
            match_score: self.int(1, 3),
            mismatch_score: self.int(-3, 0),
        }
    }

    pub fn sequence(&mut self, alphabet: &[u8], len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len() as u64) as usize])
            .collect()
    }

    /// A copy of `seq` with random substitutions, insertions and deletions.
    pub fn mutate(&mut self, seq: &[u8], alphabet: &[u8], rate: u64) -> Vec<u8> {
        let mut out = Vec::new();
        for &b in seq {
            match self.below(100) {
                x if x < rate => out.push(alphabet[self.below(alphabet.len() as u64) as usize]),
                x if x < rate + rate / 2 => {}
                x if x < 2 * rate => {
                    out.push(b);
                    out.push(alphabet[self.below(alphabet.len() as u64) as usize]);
                }
                _ => out.push(b),
            }
        }
        out
    }
}
