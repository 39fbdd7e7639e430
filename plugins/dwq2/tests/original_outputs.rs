//! The search reproduces, byte for byte, the hits the original plugin wrote for the tutorial.

use std::path::{Path, PathBuf};

use q2_dwq2::align::Scoring;
use q2_dwq2::{Hits, search};
use q2_types::fasta;
use qiime2::archive::Archive;

fn fixture(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("note: skipped, fixture {} is absent", path.display());
        None
    }
}

#[test]
fn the_tutorial_search_gives_the_original_hits() {
    let (Some(queries), Some(references), Some(hits)) = (
        fixture("query-seqs.qza"),
        fixture("reference-seqs.qza"),
        fixture("serial-hits.qza"),
    ) else {
        return;
    };
    let read = |path: &Path| {
        let archive = Archive::open(path).unwrap();
        fasta::read(&archive.data_dir().join("dna-sequences.fasta")).unwrap()
    };
    let (queries, references) = (read(&queries), read(&references));
    // split_size = 1: one search per query, concatenated in query order.
    let mut rows = Vec::new();
    for query in &queries {
        rows.extend(
            search(
                std::slice::from_ref(query),
                &references,
                5,
                &Scoring::local_default(),
            )
            .unwrap(),
        );
    }
    let expected =
        std::fs::read_to_string(Archive::open(&hits).unwrap().data_dir().join("hits.tsv")).unwrap();
    let produced = Hits(rows).to_tsv();
    for (line, (ours, theirs)) in produced.lines().zip(expected.lines()).enumerate() {
        assert_eq!(ours, theirs, "line {}", line + 1);
    }
    assert_eq!(produced.lines().count(), expected.lines().count());
}
