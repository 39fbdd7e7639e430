//! Local alignment search: every query against every reference, the best hits per query.
//!
//! The hits kept, their multiplicity and their order follow the original plugin exactly: per
//! query id, the `n` largest scores are taken (ties keep the earlier row); then every row whose
//! score equals one of those is kept, once per equal score among them (so tied scores repeat
//! rows); rows are ordered by query id, then by descending score, ties in input order.

use std::collections::HashMap;

use q2_types::fasta::Record;

use crate::align::{AlignError, Alignment, LocalScorer, Scoring};
use crate::hits::Hit;

/// Why a search could not run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// There was nothing to search.
    #[error("at least one query sequence and one reference sequence must be provided")]
    Empty,
    /// A sequence holds a character the aligner does not score.
    #[error("sequence '{id}': {source}")]
    Sequence {
        /// The sequence's id.
        id: String,
        /// What is wrong with it.
        source: AlignError,
    },
}

/// One candidate row: where it came from, for ordering and for the traceback.
#[derive(Debug, Clone, Copy)]
struct Row {
    order: usize,
    query: usize,
    reference: usize,
    score: f64,
    /// The index of its alignment, when it was aligned while scoring.
    aligned: Option<usize>,
}

/// The rows of one query id that can still be among its best `n`.
#[derive(Debug, Default)]
struct Best {
    rows: Vec<Row>,
}

impl Best {
    fn push(&mut self, row: Row, n: usize) {
        self.rows.push(row);
        if n > 0 && self.rows.len() >= 4 * n {
            let threshold = nth_largest(&self.rows, n);
            self.rows.retain(|r| r.score >= threshold);
        }
    }

    /// The rows to report, each repeated once per equal score among the `n` largest.
    fn reported(mut self, n: usize) -> Vec<Row> {
        if n == 0 {
            return self.rows;
        }
        self.rows.sort_by_key(|r| r.order);
        let mut ranked = self.rows.clone();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.order.cmp(&b.order)));
        ranked.truncate(n);
        self.rows
            .iter()
            .flat_map(|row| {
                let copies = ranked.iter().filter(|top| top.score == row.score).count();
                std::iter::repeat_n(*row, copies)
            })
            .collect()
    }
}

/// The `n`-th largest score among `rows` (`rows.len() >= n > 0`).
fn nth_largest(rows: &[Row], n: usize) -> f64 {
    let mut scores: Vec<f64> = rows.iter().map(|r| r.score).collect();
    scores.sort_by(|a, b| b.total_cmp(a));
    scores[n - 1]
}

/// Searches every query against every reference; keeps the best `n` per query (all when `n` is 0).
pub fn search(
    queries: &[Record],
    references: &[Record],
    n: usize,
    scoring: &Scoring,
) -> Result<Vec<Hit>, SearchError> {
    if queries.is_empty() || references.is_empty() {
        return Err(SearchError::Empty);
    }
    let mut best: HashMap<&str, Best> = HashMap::new();
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut order = 0;
    for (qi, query) in queries.iter().enumerate() {
        let mut scorer = scorer(query, scoring)?;
        let accumulator = best.entry(query.id.as_str()).or_default();
        for (ri, reference) in references.iter().enumerate() {
            let reference_error = |source| SearchError::Sequence {
                id: reference.id.clone(),
                source,
            };
            // With every pair reported, each is aligned at once (the alignment carries the
            // score); otherwise only the reported ones are, once the best are known.
            let (score, aligned) = if n == 0 {
                let alignment = scorer
                    .align(reference.sequence.as_bytes())
                    .map_err(reference_error)?;
                alignments.push(alignment);
                (
                    alignments[alignments.len() - 1].score,
                    Some(alignments.len() - 1),
                )
            } else {
                let score = scorer
                    .score(reference.sequence.as_bytes())
                    .map_err(reference_error)?;
                (score, None)
            };
            accumulator.push(
                Row {
                    order,
                    query: qi,
                    reference: ri,
                    score,
                    aligned,
                },
                n,
            );
            order += 1;
        }
    }
    let mut rows: Vec<Row> = best.into_values().flat_map(|b| b.reported(n)).collect();
    rows.sort_by(|a, b| {
        queries[a.query]
            .id
            .cmp(&queries[b.query].id)
            .then(b.score.total_cmp(&a.score))
            .then(a.order.cmp(&b.order))
    });
    let mut hits: Vec<Hit> = Vec::with_capacity(rows.len());
    let mut previous: Option<(usize, usize)> = None;
    let mut current: Option<(usize, LocalScorer)> = None;
    for row in rows {
        if previous == Some((row.query, row.reference)) {
            let again = hits.last().expect("a previous row was aligned").clone();
            hits.push(again);
            continue;
        }
        let (query, reference) = (&queries[row.query], &references[row.reference]);
        let alignment = match row.aligned {
            Some(index) => std::mem::replace(&mut alignments[index], Alignment::empty()),
            None => {
                if current.as_ref().is_none_or(|(qi, _)| *qi != row.query) {
                    current = Some((row.query, scorer(query, scoring)?));
                }
                let (_, scorer) = current.as_mut().expect("a scorer for this query");
                scorer
                    .align_scored(reference.sequence.as_bytes(), row.score)
                    .map_err(|source| SearchError::Sequence {
                        id: reference.id.clone(),
                        source,
                    })?
            }
        };
        hits.push(Hit {
            query_id: query.id.clone(),
            reference_id: reference.id.clone(),
            percent_similarity: percent_similarity(
                &alignment.aligned_query,
                &alignment.aligned_reference,
            ),
            alignment_length: alignment.aligned_query.len(),
            score: alignment.score,
            aligned_query: alignment.aligned_query,
            aligned_reference: alignment.aligned_reference,
        });
        previous = Some((row.query, row.reference));
    }
    Ok(hits)
}

/// The scorer of `query`, or the error naming it.
fn scorer(query: &Record, scoring: &Scoring) -> Result<LocalScorer, SearchError> {
    LocalScorer::new(query.sequence.as_bytes(), scoring).map_err(|source| SearchError::Sequence {
        id: query.id.clone(),
        source,
    })
}

/// 100 × the fraction of columns whose characters are equal (NaN for an empty alignment).
pub fn percent_similarity(a: &str, b: &str) -> f64 {
    let columns = a.len();
    let differing = a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count();
    100.0 * (1.0 - differing as f64 / columns as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, sequence: &str) -> Record {
        Record {
            id: id.into(),
            description: String::new(),
            sequence: sequence.into(),
        }
    }

    const Q1: &str = "ACACTCTCCACCCATTTGCT";

    #[test]
    fn the_spec_oracle_ranks_exact_then_one_then_two_mismatches() {
        let queries = [record("q1", Q1)];
        let references = [
            record("r1", "ACACTGTCCTCCCATTTGCT"),
            record("r2", Q1),
            record("r3", "ACACTCTCCTCCCATTTGCT"),
        ];
        let hits = search(&queries, &references, 5, &Scoring::local_default()).unwrap();
        let summary: Vec<_> = hits
            .iter()
            .map(|h| {
                (
                    h.reference_id.as_str(),
                    h.percent_similarity,
                    h.alignment_length,
                    h.score,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("r2", 100.0, 20, 40.0),
                ("r3", 95.0, 20, 35.0),
                ("r1", 90.0, 20, 30.0)
            ]
        );
    }

    #[test]
    fn tied_scores_repeat_rows_as_the_original_does() {
        // Two references score the same; with n = 2 both scores in the top two are equal, so
        // each of the two rows is reported twice.
        let queries = [record("q", "ACGTACGTAC")];
        let references = [
            record("a", "ACGTACGTAC"),
            record("b", "ACGTACGTAC"),
            record("c", "TTTTTTTTTT"),
        ];
        let hits = search(&queries, &references, 2, &Scoring::local_default()).unwrap();
        let ids: Vec<_> = hits.iter().map(|h| h.reference_id.as_str()).collect();
        assert_eq!(ids, ["a", "a", "b", "b"]);
    }

    #[test]
    fn n_zero_keeps_every_pair_sorted_by_query_then_score() {
        let queries = [record("q2", Q1), record("q1", "ACACTCTCCA")];
        let references = [record("r1", "ACACTCTCCACCCATATGCA"), record("r2", Q1)];
        let hits = search(&queries, &references, 0, &Scoring::local_default()).unwrap();
        let keys: Vec<_> = hits
            .iter()
            .map(|h| (h.query_id.as_str(), h.reference_id.as_str()))
            .collect();
        assert_eq!(
            keys,
            [("q1", "r1"), ("q1", "r2"), ("q2", "r2"), ("q2", "r1")]
        );
    }

    #[test]
    fn the_best_n_survive_pruning_of_many_references() {
        let queries = [record("q", Q1)];
        let mut references: Vec<Record> = (0..50)
            .map(|i| record(&format!("noise{i}"), "TTTTGGGGTTTTGGGG"))
            .collect();
        references.insert(17, record("best", Q1));
        let hits = search(&queries, &references, 1, &Scoring::local_default()).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].reference_id, "best");
    }

    #[test]
    fn nothing_to_search_is_an_error() {
        let err = search(&[], &[record("r", "ACGT")], 5, &Scoring::local_default()).unwrap_err();
        assert!(matches!(err, SearchError::Empty));
    }

    #[test]
    fn a_bad_character_names_the_sequence() {
        let err = search(
            &[record("q", "ACGN")],
            &[record("r", "ACGT")],
            5,
            &Scoring::local_default(),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("sequence 'q':"), "{err}");
    }
}
