//! Integrity under a hostile or careless local user: an archive changed after its checksums is
//! never used (as an action input, for export or for the cache), and an archive rewritten with
//! the genuine one's UUID and fresh checksums never matches the genuine one's recorded steps.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::common::{data_file, qiime_with_plugins as qiime, reseal_entry, rewrite_entry};

/// The tutorial's example data in a new folder: `(folder, its Serial subfolder)`.
fn example_data() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    qiime()
        .current_dir(dir.path())
        .args(["dwq2", "search-and-summarize", "--example-data", "ex"])
        .assert()
        .success();
    let serial = dir.path().join("ex/Serial");
    (dir, serial)
}

/// The query sequences with the first query's sequence replaced by a run of `A`s.
const REWRITTEN: &[u8] =
    b">query-1 rewritten\nACGTTGCAACGTTGCAACGTTGCAACGTTGCAACGTTGCAACGTTGCAACGTTGCA\n";

/// The search on `query` (in `dir`) with `extra` options, writing `<prefix>-hits.qza`.
fn search(dir: &Path, query: &str, prefix: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    qiime()
        .current_dir(dir)
        .args(["dwq2", "search-and-summarize", "--i-query-seqs", query])
        .args(["--i-reference-seqs", "reference-seqs.qza"])
        .args(["--m-reference-metadata-file", "reference-metadata.tsv"])
        .args(["--p-split-size", "1"])
        .args(["--o-hits", &format!("{prefix}-hits.qza")])
        .args(["--o-hits-table", &format!("{prefix}-table.qzv")])
        .args(extra)
        .assert()
}

#[test]
fn a_changed_input_is_refused_as_an_action_input_for_export_and_by_the_cache() {
    let (_keep, dir) = example_data();
    rewrite_entry(
        &dir.join("query-seqs.qza"),
        &dir.join("tampered.qza"),
        "/data/dna-sequences.fasta",
        REWRITTEN,
    );
    let names_the_change = || {
        predicate::str::contains("tampered.qza")
            .and(predicate::str::contains("data/dna-sequences.fasta"))
    };
    search(&dir, "tampered.qza", "t", &["--no-recycle"])
        .failure()
        .code(1)
        .stderr(names_the_change());
    assert!(!dir.join("t-hits.qza").exists() && !dir.join("t-table.qzv").exists());

    qiime()
        .current_dir(&dir)
        .args(["tools", "export", "--input-path", "tampered.qza"])
        .args(["--output-path", "exported"])
        .assert()
        .failure()
        .stderr(names_the_change());
    assert!(!dir.join("exported").exists());

    qiime()
        .current_dir(&dir)
        .args(["tools", "cache-create", "--cache", "cache"])
        .assert()
        .success();
    qiime()
        .current_dir(&dir)
        .args(["tools", "cache-store", "--cache", "cache"])
        .args(["--artifact-path", "tampered.qza", "--key", "laundered"])
        .assert()
        .failure()
        .stderr(names_the_change());
    assert!(!dir.join("cache/keys/laundered").exists());
    assert_eq!(
        std::fs::read_dir(dir.join("cache/data")).unwrap().count(),
        0
    );
}

#[test]
fn a_rewritten_input_with_the_genuine_uuid_never_shares_its_recorded_steps() {
    let (_keep, dir) = example_data();
    reseal_entry(
        &dir.join("query-seqs.qza"),
        &dir.join("rewritten.qza"),
        "/data/dna-sequences.fasta",
        REWRITTEN,
    );
    // The rewritten archive is self-consistent: valid, with the genuine UUID.
    qiime()
        .current_dir(&dir)
        .args(["tools", "validate", "rewritten.qza"])
        .assert()
        .success();
    let uuid = |file: &str| {
        let out = qiime()
            .current_dir(&dir)
            .args(["tools", "peek", file])
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(uuid("query-seqs.qza"), uuid("rewritten.qza"));

    search(&dir, "query-seqs.qza", "genuine", &["--no-recycle"]).success();
    search(&dir, "rewritten.qza", "own", &["--no-recycle"]).success();
    let genuine = data_file(&dir.join("genuine-hits.qza"), "hits.tsv");
    let own = data_file(&dir.join("own-hits.qza"), "hits.tsv");
    assert_ne!(genuine, own, "the rewritten queries must give other hits");

    // Either order, sharing one named pool: each file gets its own hits.
    let cache = ["--use-cache", "cache"];
    for (pool, first, second) in [
        ("a", "rewritten.qza", "query-seqs.qza"),
        ("b", "query-seqs.qza", "rewritten.qza"),
    ] {
        let extra = [&cache[..], &["--recycle-pool", pool]].concat();
        search(&dir, first, &format!("{pool}1"), &extra).success();
        search(&dir, second, &format!("{pool}2"), &extra).success();
        let expected = |file: &str| {
            if file == "rewritten.qza" {
                &own
            } else {
                &genuine
            }
        };
        for (n, file) in [(1, first), (2, second)] {
            let hits = data_file(&dir.join(format!("{pool}{n}-hits.qza")), "hits.tsv");
            assert_eq!(&hits, expected(file), "pool {pool}, run {n} on {file}");
        }
    }
}
