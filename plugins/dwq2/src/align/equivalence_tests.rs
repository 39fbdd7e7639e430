//! The fast kernels against the oracle: seeded random pairs, edge cases, spec examples.

use super::matrix::oracle_local;
use super::test_support::{ALPHABETS, Rng};
use super::*;

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

/// Asserts every available engine gives the oracle's score for each reference.
fn check(query: &[u8], references: &[Vec<u8>], scoring: &Scoring) {
    for engine in engines() {
        let mut scorer = LocalScorer::with_engine(query, scoring, engine).unwrap();
        for reference in references {
            let expected = oracle_local(query, reference, scoring).unwrap().score;
            let got = scorer.score(reference).unwrap();
            assert_eq!(
                got.to_bits(),
                expected.to_bits(),
                "engine {engine}, scoring {scoring:?}\nquery {}\nreference {}",
                String::from_utf8_lossy(query),
                String::from_utf8_lossy(reference)
            );
        }
    }
}

fn random_scoring(rng: &mut Rng) -> Scoring {
    Scoring {
        gap_open: rng.int(0, 8),
        gap_extend: rng.int(0, 8),
        match_score: rng.int(1, 6),
        mismatch_score: rng.int(-8, 0),
    }
}

#[test]
fn random_pairs_match_the_oracle() {
    let mut rng = Rng(0x5EED_0001);
    for case in 0..400 {
        let alphabet = ALPHABETS[case % ALPHABETS.len()];
        let scoring = if case % 4 == 0 {
            Scoring::local_default()
        } else {
            random_scoring(&mut rng)
        };
        let query_len = rng.below(if case % 10 == 0 { 301 } else { 80 }) as usize;
        let query = rng.sequence(alphabet, query_len);
        let references: Vec<Vec<u8>> = (0..3)
            .map(|k| {
                if k == 0 && !query.is_empty() {
                    let rate = rng.below(30);
                    let (before, after) = (rng.below(20) as usize, rng.below(20) as usize);
                    let mut r = rng.sequence(alphabet, before);
                    r.extend(rng.mutate(&query, alphabet, rate));
                    r.extend(rng.sequence(alphabet, after));
                    r
                } else {
                    let len = rng.below(if case % 10 == 0 { 301 } else { 80 }) as usize;
                    rng.sequence(alphabet, len)
                }
            })
            .collect();
        check(&query, &references, &scoring);
    }
}

#[test]
fn small_pairs_exhaust_tie_patterns() {
    // Thousands of short low-complexity pairs with tiny penalties: many equal candidates.
    let mut rng = Rng(0x5EED_0002);
    for case in 0..3000 {
        let alphabet = ALPHABETS[case % 3];
        let scoring = rng.tiny_scoring();
        let (query_len, reference_len) = (1 + rng.below(40) as usize, rng.below(40) as usize);
        let query = rng.sequence(alphabet, query_len);
        let reference = rng.sequence(alphabet, reference_len);
        check(&query, &[reference], &scoring);
    }
}

#[test]
fn edge_cases_match_the_oracle() {
    let s = Scoring::local_default();
    let long: Vec<u8> = b"ACGGTCA".iter().copied().cycle().take(297).collect();
    let cases: Vec<(Vec<u8>, Vec<u8>)> = vec![
        (vec![], b"ACGT".to_vec()),
        (b"ACGT".to_vec(), vec![]),
        (vec![], vec![]),
        (b"A".to_vec(), b"A".to_vec()),
        (b"A".to_vec(), b"C".to_vec()),
        (
            b"AAAAAAAAAAAAAAAAA".to_vec(),
            b"CCCCCCCCCCCCCCCCCCCCCCCCC".to_vec(),
        ),
        (long.clone(), long.clone()),
        (long[..150].to_vec(), long.clone()),
        (long.clone(), long[100..160].to_vec()),
        (b"U".repeat(33), b"T".repeat(33)),
    ];
    for (q, r) in cases {
        check(&q, &[r], &s);
    }
}

#[test]
fn lane_boundaries_carry_gaps() {
    // Gapped alignments whose horizontal gaps cross the lanes of every vector width.
    let mut rng = Rng(0x5EED_0003);
    let s = Scoring::local_default();
    for query_len in [7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 100] {
        let query = rng.sequence(b"ACGT", query_len);
        // Deletions keep the reference shorter (the query is striped), insertions make it
        // longer (the reference is striped).
        let deleted: Vec<Vec<u8>> = (1..query_len)
            .map(|cut| [&query[..cut], &query[(cut + 3).min(query_len)..]].concat())
            .collect();
        let inserted: Vec<Vec<u8>> = (1..query_len)
            .map(|cut| [&query[..cut], b"GAT", &query[cut..]].concat())
            .collect();
        check(&query, &deleted, &s);
        check(&query, &inserted, &s);
    }
}

#[test]
fn scores_beyond_8_bits_are_rescored_exactly() {
    // 100 identical bases score 200 with the defaults: past the 8-bit lanes.
    let q: Vec<u8> = b"ACGTTGCAAGT".iter().copied().cycle().take(100).collect();
    let mut scorer = LocalScorer::new(&q, &Scoring::local_default()).unwrap();
    assert_eq!(scorer.score(&q).unwrap(), 200.0);
    let longer = [&b"GG"[..], &q, b"TT"].concat();
    assert_eq!(scorer.score(&longer).unwrap(), 200.0);
    check(
        &q,
        &[q.clone(), longer, q[..30].to_vec()],
        &Scoring::local_default(),
    );
}

#[test]
fn spec_scores_from_every_engine() {
    let q = b"ACACTCTCCACCCATTTGCT";
    let s = Scoring::local_default();
    for engine in engines() {
        let mut scorer = LocalScorer::with_engine(q, &s, engine).unwrap();
        assert_eq!(scorer.score(q).unwrap(), 40.0);
        assert_eq!(scorer.score(b"ACACTCTCCGCCCATTTGCT").unwrap(), 35.0);
        assert_eq!(scorer.score(b"ACACTCACCACCAATTTGCT").unwrap(), 30.0);
    }
}

#[test]
fn scores_beyond_16_bits_fall_back_exactly() {
    let s = Scoring {
        gap_open: 10.0,
        gap_extend: 1.0,
        match_score: 1000.0,
        mismatch_score: -1000.0,
    };
    let q: Vec<u8> = b"ACGTTGCA".iter().copied().cycle().take(60).collect();
    let mut scorer = LocalScorer::new(&q, &s).unwrap();
    // Too large for 8-bit lanes: AVX2 runs its 16-bit kernel only.
    let expected = match Engine::best_available() {
        Engine::Avx2 => Engine::Avx2Words,
        other => other,
    };
    assert_eq!(scorer.engine(), expected);
    assert_eq!(scorer.score(&q).unwrap(), 60_000.0);
    check(&q, &[q.clone(), q[..20].to_vec()], &s);
}

#[test]
fn non_integral_or_negative_penalties_use_the_scalar_kernel() {
    let fractional = Scoring {
        gap_extend: 0.5,
        ..Scoring::local_default()
    };
    let negative = Scoring {
        gap_open: -1.0,
        ..Scoring::local_default()
    };
    let huge = Scoring {
        mismatch_score: -5000.0,
        ..Scoring::local_default()
    };
    let mut rng = Rng(0x5EED_0004);
    for s in [fractional, negative, huge] {
        let q = rng.sequence(b"ACGT", 50);
        let scorer = LocalScorer::new(&q, &s).unwrap();
        assert_eq!(scorer.engine(), Engine::Scalar);
        let r = rng.mutate(&q, b"ACGT", 10);
        check(&q, &[r, rng.sequence(b"ACGT", 70)], &s);
    }
}

#[test]
fn invalid_input_is_reported_with_role_and_position() {
    let s = Scoring::local_default();
    assert_eq!(
        LocalScorer::new(b"ACGTN", &s).err(),
        Some(AlignError::InvalidCharacter {
            role: SequenceRole::Query,
            character: 'N',
            position: 5
        })
    );
    let mut scorer = LocalScorer::new(b"ACGT", &s).unwrap();
    assert_eq!(
        scorer.score(b"ACgT"),
        Err(AlignError::InvalidCharacter {
            role: SequenceRole::Reference,
            character: 'g',
            position: 3
        })
    );
    // The scorer stays usable after an error.
    assert_eq!(scorer.score(b"ACGT").unwrap(), 8.0);
}

#[test]
fn unavailable_engines_are_refused() {
    for engine in [Engine::Avx2, Engine::Avx2Words, Engine::Sse41, Engine::Sse2] {
        let result = LocalScorer::with_engine(b"ACGT", &Scoring::local_default(), engine);
        if engine.is_available() {
            assert_eq!(result.unwrap().engine(), engine);
        } else {
            assert_eq!(
                result.err(),
                Some(AlignError::EngineUnavailable(engine.name()))
            );
        }
    }
    assert_eq!(
        LocalScorer::with_engine(b"", &Scoring::local_default(), Engine::Sse2)
            .unwrap()
            .engine(),
        Engine::Scalar
    );
}
