// ANCHOR: all
//! The plugin's data: how often each k-mer occurs, and the arithmetic on it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use qiime2_plugin::plugin::Collection;

// ANCHOR: counts
/// How often each k-mer (a word of `k` bases) occurs in a set of DNA sequences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KmerCounts {
    /// The word length.
    pub k: usize,
    /// Each k-mer seen, with how often it was seen, in alphabetical order.
    pub counts: BTreeMap<String, u64>,
}

impl KmerCounts {
    /// Counts every k-mer of `sequences`; windows holding anything but `A`, `C`, `G` or `T`
    /// (e.g. the ambiguity code `N`) are skipped.
    pub fn count<'a>(k: usize, sequences: impl IntoIterator<Item = &'a str>) -> Self {
        let mut counts = BTreeMap::new();
        for sequence in sequences {
            let bases = sequence.as_bytes();
            for window in bases.windows(k) {
                if window.iter().all(|b| b"ACGT".contains(b)) {
                    let kmer = String::from_utf8_lossy(window).into_owned();
                    *counts.entry(kmer).or_insert(0) += 1;
                }
            }
        }
        Self { k, counts }
    }
}
// ANCHOR_END: counts

impl KmerCounts {
    /// The sum of `parts`, which must all count k-mers of the same length.
    pub fn merge(parts: &Collection<KmerCounts>) -> Result<Self, String> {
        let Some(first) = parts.values().next() else {
            return Err("there are no counts to merge".to_owned());
        };
        let mut merged = Self {
            k: first.k,
            counts: BTreeMap::new(),
        };
        for (key, part) in parts.iter() {
            if part.k != merged.k {
                return Err(format!(
                    "member '{key}' counts {}-mers but the first member counts {}-mers",
                    part.k, merged.k
                ));
            }
            for (kmer, n) in &part.counts {
                *merged.counts.entry(kmer.clone()).or_insert(0) += n;
            }
        }
        Ok(merged)
    }

    /// The number of k-mers counted.
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// The `n` most frequent k-mers, most frequent first (ties in alphabetical order).
    pub fn top(&self, n: usize) -> Vec<(&str, u64)> {
        let mut ranked: Vec<(&str, u64)> =
            self.counts.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        ranked.truncate(n);
        ranked
    }

    /// The table as the text of `kmer-counts.tsv`: a header, then one `kmer<TAB>count` row per k-mer.
    pub fn to_tsv(&self) -> String {
        let mut text = String::from("kmer\tcount\n");
        for (kmer, n) in &self.counts {
            let _ = writeln!(text, "{kmer}\t{n}");
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_words_are_counted_and_ambiguous_windows_skipped() {
        let counts = KmerCounts::count(2, ["ACACN", "GT"]);
        let expected = [("AC", 2), ("CA", 1), ("GT", 1)];
        assert_eq!(
            counts.counts,
            expected.map(|(k, n)| (k.to_owned(), n)).into()
        );
        assert_eq!(counts.total(), 4);
        assert_eq!(counts.top(2), [("AC", 2), ("CA", 1)]);
    }

    #[test]
    fn a_sequence_shorter_than_k_has_no_kmers() {
        assert!(KmerCounts::count(5, ["ACG"]).counts.is_empty());
    }

    #[test]
    fn merging_adds_the_counts_and_refuses_mixed_lengths() {
        let a = KmerCounts::count(2, ["AAC"]);
        let b = KmerCounts::count(2, ["AAG"]);
        let merged = KmerCounts::merge(&[("0", a), ("1", b)].into_iter().collect()).unwrap();
        assert_eq!(merged.counts["AA"], 2);
        assert_eq!(merged.to_tsv(), "kmer\tcount\nAA\t2\nAC\t1\nAG\t1\n");

        let three = KmerCounts::count(3, ["AAC"]);
        let two = KmerCounts::count(2, ["AAC"]);
        let err = KmerCounts::merge(&[("0", two), ("1", three)].into_iter().collect()).unwrap_err();
        assert_eq!(
            err,
            "member '1' counts 3-mers but the first member counts 2-mers"
        );
        assert_eq!(
            KmerCounts::merge(&Collection::default()).unwrap_err(),
            "there are no counts to merge"
        );
    }
}
// ANCHOR_END: all
