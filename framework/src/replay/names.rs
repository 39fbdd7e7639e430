//! Variable names of a replay: unique, derived from types, outputs and parameters.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

/// `FeatureData[Sequence]` -> `feature_data_sequence`: brackets dropped, words split at case
/// changes (an acronym stays one word: `EMPSingleEndSequences` -> `emp_single_end_sequences`), any
/// run of other characters (or of `_`) replaced by one `_`.
pub fn camel_to_snake(name: &str) -> String {
    static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new("(.)([A-Z][a-z]+)").unwrap());
    static TAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new("([a-z0-9])([A-Z])").unwrap());
    static OTHER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^A-Za-z0-9]+").unwrap());
    let plain = name.replace(['[', ']'], "");
    let split = WORD.replace_all(&plain, "${1}_${2}");
    let split = TAIL.replace_all(&split, "${1}_${2}");
    OTHER
        .replace_all(&split, "_")
        .trim_matches('_')
        .to_lowercase()
}

/// The names given so far; each new one is `<base>_<n>` with the smallest free `n`.
#[derive(Debug, Default)]
pub(crate) struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A new unique name from `base`.
    pub(crate) fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "result" } else { base };
        let mut n = 0;
        loop {
            let name = format!("{base}_{n}");
            if self.taken.insert(name.clone()) {
                return name;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_become_snake_case_words() {
        assert_eq!(
            camel_to_snake("FeatureData[Sequence]"),
            "feature_data_sequence"
        );
        assert_eq!(
            camel_to_snake("EMPSingleEndSequences"),
            "emp_single_end_sequences"
        );
        assert_eq!(
            camel_to_snake("LocalAlignmentSearchResults"),
            "local_alignment_search_results"
        );
        assert_eq!(
            camel_to_snake("SampleData[PairedEndSequencesWithQuality]"),
            "sample_data_paired_end_sequences_with_quality"
        );
        assert_eq!(camel_to_snake("Collection[Foo]"), "collection_foo");
        assert_eq!(camel_to_snake("Foo | Bar"), "foo_bar");
    }

    #[test]
    fn names_are_numbered_from_zero_and_never_reused() {
        let mut ns = Namespace::default();
        assert_eq!(ns.unique("hits"), "hits_0");
        assert_eq!(ns.unique("hits"), "hits_1");
        assert_eq!(ns.unique("hits_0"), "hits_0_0");
        assert_eq!(ns.unique(""), "result_0");
    }
}
