//! The linear-memory aligners against the full-matrix oracle: the whole alignment (score bits,
//! end, start, gapped rows) must be the oracle's, on thousands of seeded random cases.

use super::matrix::{oracle_global, oracle_local};
use super::needleman_wunsch::global_align_within;
use super::test_support::{ALPHABETS, Rng};
use super::traceback::Limits;
use super::*;

/// Limits so small that every pass keeps many checkpoints and blocks split recursively.
const TINY: Limits = Limits {
    block_cells: 40,
    checkpoint_bytes: 300,
};

fn engines() -> Vec<Engine> {
    [
        Engine::Avx2,
        Engine::Avx2Words,
        Engine::Sse41,
        Engine::Sse2,
        Engine::Scalar,
    ]
    .into_iter()
    .filter(|e| e.is_available())
    .collect()
}

fn assert_same(got: &Alignment, expected: &Alignment, context: &dyn Fn() -> String) {
    assert!(
        got.score.to_bits() == expected.score.to_bits()
            && got.aligned_query == expected.aligned_query
            && got.aligned_reference == expected.aligned_reference,
        "got {got:?}\nexpected {expected:?}\n{}",
        context()
    );
}

/// Every engine, with the default and the tiny limits, gives the oracle's local alignment.
fn check_local(query: &[u8], reference: &[u8], scoring: &Scoring) {
    let expected = oracle_local(query, reference, scoring).unwrap();
    let context = || {
        format!(
            "scoring {scoring:?}\nquery {}\nreference {}",
            String::from_utf8_lossy(query),
            String::from_utf8_lossy(reference)
        )
    };
    assert_same(
        &local_align(query, reference, scoring).unwrap(),
        &expected,
        &context,
    );
    for engine in engines() {
        let mut scorer = LocalScorer::with_engine(query, scoring, engine).unwrap();
        for limits in [Limits::DEFAULT, TINY] {
            let got = scorer.align_within(reference, None, limits).unwrap();
            assert_same(&got, &expected, &|| {
                format!("engine {engine}, {}", context())
            });
        }
        let got = scorer.align_scored(reference, expected.score).unwrap();
        assert_same(&got, &expected, &|| {
            format!("engine {engine} with the score, {}", context())
        });
    }
}

/// The default and the tiny limits give the oracle's global alignment.
fn check_global(seq1: &[u8], seq2: &[u8], scoring: &Scoring) {
    let expected = oracle_global(seq1, seq2, scoring).unwrap();
    for limits in [Limits::DEFAULT, TINY] {
        let got = global_align_within(seq1, seq2, scoring, limits).unwrap();
        assert_same(&got, &expected, &|| {
            format!(
                "{limits:?} scoring {scoring:?}\nseq1 {}\nseq2 {}",
                String::from_utf8_lossy(seq1),
                String::from_utf8_lossy(seq2)
            )
        });
    }
}

/// Integral values (including zero penalties and `gap_open < gap_extend`), negative
/// penalties, or halves.
fn random_scoring(rng: &mut Rng, case: usize) -> Scoring {
    let mut s = Scoring {
        gap_open: rng.int(0, 8),
        gap_extend: rng.int(0, 8),
        match_score: rng.int(1, 6),
        mismatch_score: rng.int(-8, 0),
    };
    match case % 6 {
        0 => s = Scoring::local_default(),
        1 => {
            s.gap_open += 0.5;
            s.mismatch_score -= 0.25;
        }
        2 => s.gap_extend = -rng.int(0, 2),
        _ => {}
    }
    s
}

/// A reference holding a mutated copy of `query` between random flanks.
fn homologous(rng: &mut Rng, query: &[u8], alphabet: &[u8], flank: u64) -> Vec<u8> {
    let rate = rng.below(30);
    let (before, after) = (rng.below(flank) as usize, rng.below(flank) as usize);
    let mut r = rng.sequence(alphabet, before);
    r.extend(rng.mutate(query, alphabet, rate));
    r.extend(rng.sequence(alphabet, after));
    r
}

#[test]
fn random_local_alignments_are_the_oracles() {
    let mut rng = Rng(0x5EED_0101);
    for case in 0..1500 {
        let alphabet = ALPHABETS[case % ALPHABETS.len()];
        let scoring = random_scoring(&mut rng, case);
        let query_len = rng.below(if case % 10 == 0 { 200 } else { 60 }) as usize;
        let query = rng.sequence(alphabet, query_len);
        let reference = if case % 2 == 0 {
            homologous(&mut rng, &query, alphabet, 40)
        } else {
            let len = rng.below(if case % 10 == 1 { 300 } else { 70 }) as usize;
            rng.sequence(alphabet, len)
        };
        check_local(&query, &reference, &scoring);
    }
}

#[test]
fn tiny_penalties_with_many_equal_alignments_are_the_oracles() {
    let mut rng = Rng(0x5EED_0102);
    for case in 0..2500 {
        let alphabet = ALPHABETS[case % 3];
        let scoring = rng.tiny_scoring();
        let (query_len, reference_len) = (rng.below(30) as usize, rng.below(30) as usize);
        let query = rng.sequence(alphabet, query_len);
        let reference = rng.sequence(alphabet, reference_len);
        check_local(&query, &reference, &scoring);
        check_global(&query, &reference, &scoring);
    }
}

#[test]
fn long_references_and_repeats_are_the_oracles() {
    let mut rng = Rng(0x5EED_0103);
    let repeat: Vec<u8> = b"ACGACG".iter().copied().cycle().take(900).collect();
    for case in 0..40 {
        let scoring = random_scoring(&mut rng, case);
        let alphabet = ALPHABETS[case % 2];
        let len = 20 + rng.below(100) as usize;
        let query = rng.sequence(alphabet, len);
        let reference = homologous(&mut rng, &query, alphabet, 3000);
        check_local(&query, &reference, &scoring);
        // Low complexity: the query's repeat matches the reference's at many offsets.
        let start = rng.below(100) as usize;
        let query = rng.mutate(&repeat[start..start + 120], b"ACG", 5);
        check_local(&query, &repeat, &scoring);
        check_global(&query, &repeat[..400], &scoring);
    }
}

#[test]
fn a_reference_too_long_to_stripe_is_the_oracles() {
    let mut rng = Rng(0x5EED_0104);
    let query = rng.sequence(b"ACGT", 30);
    let mut reference = rng.sequence(b"ACGT", 70_000);
    reference[66_000..66_030].copy_from_slice(&query);
    check_local(&query, &reference, &Scoring::local_default());
}

#[test]
fn random_global_alignments_are_the_oracles() {
    let mut rng = Rng(0x5EED_0105);
    for case in 0..1500 {
        let alphabet = ALPHABETS[case % ALPHABETS.len()];
        let mut scoring = random_scoring(&mut rng, case);
        if case % 6 == 0 {
            scoring = Scoring::global_default();
        }
        let len = rng.below(if case % 10 == 0 { 150 } else { 50 }) as usize;
        let seq1 = rng.sequence(alphabet, len);
        let seq2 = if case % 2 == 0 {
            let rate = rng.below(40);
            rng.mutate(&seq1, alphabet, rate)
        } else {
            let len = rng.below(60) as usize;
            rng.sequence(alphabet, len)
        };
        check_global(&seq1, &seq2, &scoring);
    }
}

#[test]
fn bad_input_is_refused_before_any_work() {
    let s = Scoring::local_default();
    let mut scorer = LocalScorer::new(b"ACGT", &s).unwrap();
    assert_eq!(
        scorer.align(b"ACXT"),
        Err(AlignError::InvalidCharacter {
            role: SequenceRole::Reference,
            character: 'X',
            position: 3
        })
    );
    assert_eq!(scorer.align(b"ACGT").unwrap().score, 8.0);
}
