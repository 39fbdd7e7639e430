//! `qiime tools peek`.

use predicates::prelude::*;

use crate::common::{Entry, fixture, qiime, write_zip};

#[test]
fn peeks_at_archives_made_by_qiime2() {
    let Some(hits) = fixture("serial-hits.qza") else {
        return;
    };
    qiime()
        .args(["tools", "peek"])
        .arg(&hits)
        .assert()
        .success()
        .stdout(
            predicate::str::is_match(r"UUID:\s+f5de3b36-d491-4e37-aaf5-603be5b933d0\n").unwrap(),
        )
        .stdout(predicate::str::is_match(r"Type:\s+LocalAlignmentSearchResults\n").unwrap())
        .stdout(
            predicate::str::is_match(
                r"Data format:\s+LocalAlignmentSearchResultsDirectoryFormat\n",
            )
            .unwrap(),
        );
}

#[test]
fn peeks_at_a_visualization() {
    let Some(table) = fixture("serial-hits-table.qzv") else {
        return;
    };
    qiime()
        .args(["tools", "peek"])
        .arg(&table)
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"Type:\s+Visualization\n").unwrap());
}

#[test]
fn a_file_that_is_not_an_archive_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seqs.fasta.qza");
    std::fs::write(&path, ">a\nACGT\n").unwrap();
    qiime()
        .args(["tools", "peek"])
        .arg(&path)
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("seqs.fasta.qza"))
        .stderr(predicate::str::contains("not a QIIME archive"));
}

#[test]
fn a_missing_file_is_a_clear_error() {
    qiime()
        .args(["tools", "peek", "no-such-file.qza"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("no-such-file.qza"));
}

#[test]
fn an_archive_without_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-version.qza");
    let root = "3a2f2b1c-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    let metadata = format!("uuid: {root}\ntype: Bool\nformat: null\n");
    write_zip(
        &path,
        &[Entry::File(
            &format!("{root}/metadata.yaml"),
            metadata.as_bytes(),
        )],
    );
    qiime()
        .args(["tools", "peek"])
        .arg(&path)
        .assert()
        .failure()
        .stderr(predicate::str::contains("VERSION"));
}
