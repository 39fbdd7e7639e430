//! `Artifact::view` reads a result's data as a Rust view of this crate.

use std::path::Path;

use q2_types::{AlignedDnaSequences, DnaSequences};
use qiime2::sdk::Artifact;

#[test]
fn an_artifact_made_by_qiime2_is_read_as_dna_sequences() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/query-seqs.qza");
    if !path.exists() {
        eprintln!("note: skipped, fixture {} is absent", path.display());
        return;
    }
    let DnaSequences(records) = Artifact::load(&path)
        .unwrap()
        .view::<DnaSequences>()
        .unwrap();
    assert_eq!(records.len(), 5);
    assert!(records.iter().all(|r| r.sequence.len() == 250));
}

#[test]
fn a_view_the_format_cannot_give_is_a_clear_error() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/query-seqs.qza");
    if !path.exists() {
        eprintln!("note: skipped, fixture {} is absent", path.display());
        return;
    }
    let err = Artifact::load(&path)
        .unwrap()
        .view::<AlignedDnaSequences>()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("no transformer from DNASequencesDirectoryFormat to AlignedDnaSequences"),
        "{err}"
    );
}
