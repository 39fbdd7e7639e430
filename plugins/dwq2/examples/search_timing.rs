//! Times the stages of dwq2's local alignment search on two FASTA files, in one process (no
//! archives, no framework): the score pass alone (every pair scored, nothing aligned), and the
//! whole search keeping the best `n` hits per query, alignments included.
//!
//! Usage: `search_timing QUERIES.fasta REFERENCES.fasta STAGE...`, stages `score`, `n5`, `n0`
//! (or any `nK`); prints one line per stage: its name, seconds, and hits (pairs for `score`).
//! Used by `bench/search.sh`.

use std::path::Path;
use std::time::Instant;

use q2_dwq2::align::{LocalScorer, Scoring};
use q2_dwq2::search;
use q2_types::fasta;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [queries, references, stages @ ..] = args.as_slice() else {
        return Err("usage: search_timing QUERIES.fasta REFERENCES.fasta STAGE...".into());
    };
    let queries = fasta::read(Path::new(queries))?;
    let references = fasta::read(Path::new(references))?;
    let scoring = Scoring::local_default();
    for stage in stages {
        let start = Instant::now();
        let count = if stage == "score" {
            let mut pairs = 0;
            for query in &queries {
                let mut scorer = LocalScorer::new(query.sequence.as_bytes(), &scoring)?;
                for reference in &references {
                    std::hint::black_box(scorer.score(reference.sequence.as_bytes())?);
                    pairs += 1;
                }
            }
            pairs
        } else {
            let n: usize = stage
                .strip_prefix('n')
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| format!("unknown stage {stage:?}"))?;
            search(&queries, &references, n, &scoring)?.len()
        };
        println!("{stage} {:.3} {count}", start.elapsed().as_secs_f64());
    }
    Ok(())
}
