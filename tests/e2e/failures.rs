//! Plugins that fail: the `qiime` process reports the failure and writes nothing.

use predicates::prelude::*;

use crate::common::qiime_with_plugins as qiime;

/// Writes `fasta` as `{name}.fasta` in `dir` and imports it as `{name}.qza`.
fn import(dir: &std::path::Path, name: &str, fasta: &str) -> assert_cmd::assert::Assert {
    std::fs::write(dir.join(format!("{name}.fasta")), fasta).unwrap();
    qiime()
        .current_dir(dir)
        .args(["tools", "import", "--type", "FeatureData[Sequence]"])
        .args([
            "--input-path",
            &format!("{name}.fasta"),
            "--output-path",
            &format!("{name}.qza"),
        ])
        .assert()
}

#[test]
fn a_panicking_action_is_a_plugin_error_and_the_host_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    qiime()
        .current_dir(dir.path())
        .args([
            "mystery-stew",
            "panic-on-purpose",
            "--o-visualization",
            "never.qzv",
        ])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::starts_with(
            "Error: Plugin error from mystery-stew: the plugin panicked at ",
        ))
        .stderr(predicate::str::contains("this action always panics"))
        .stderr(predicate::str::contains("stack backtrace").not());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing is written"
    );
}

#[test]
fn a_failing_action_reports_its_message() {
    let dir = tempfile::tempdir().unwrap();
    qiime()
        .current_dir(dir.path())
        .args([
            "mystery-stew",
            "fail-on-purpose",
            "--p-message",
            "no stew today",
        ])
        .args(["--o-visualization", "never.qzv"])
        .assert()
        .failure()
        .code(1)
        .stderr("Error: Plugin error from mystery-stew: no stew today\n");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing is written"
    );
}

#[test]
fn a_bad_fasta_in_a_search_is_a_clear_error_with_no_output() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), "q", ">q1\nACGTACGTAC\n").success();
    import(dir.path(), "r", ">r1\nACGTXCGTAC\n")
        .failure()
        .code(1);
    // The reference with an X cannot even be imported; the search refuses a split size of 0.
    qiime()
        .current_dir(dir.path())
        .args([
            "dwq2",
            "search-and-summarize",
            "--i-query-seqs",
            "q.qza",
            "--i-reference-seqs",
            "q.qza",
        ])
        .args([
            "--p-split-size",
            "0",
            "--o-hits",
            "h.qza",
            "--o-hits-table",
            "t.qzv",
        ])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("--p-split-size 0"));
    assert!(!dir.path().join("h.qza").exists() && !dir.path().join("t.qzv").exists());
}

#[test]
fn metadata_lacking_a_hit_reference_names_the_missing_ids() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("md.tsv"), "id\tgenus\nr1\tExemplia\n").unwrap();
    import(dir.path(), "q", ">q1\nACGTACGTACGGTACCA\n").success();
    import(
        dir.path(),
        "r",
        ">r1\nACGTACGTACGGTACCA\n>r2\nACGTACGTTCGGTACCA\n",
    )
    .success();
    qiime()
        .current_dir(dir.path())
        .args([
            "dwq2",
            "search-and-summarize",
            "--i-query-seqs",
            "q.qza",
            "--i-reference-seqs",
            "r.qza",
        ])
        .args([
            "--m-reference-metadata-file",
            "md.tsv",
            "--o-hits",
            "h.qza",
            "--o-hits-table",
            "t.qzv",
        ])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(
            "the following 1 IDs are missing from reference metadata: r2",
        ));
    assert!(!dir.path().join("h.qza").exists() && !dir.path().join("t.qzv").exists());
}

#[test]
fn an_empty_query_set_is_a_clear_error_with_no_output() {
    let dir = tempfile::tempdir().unwrap();
    import(dir.path(), "empty", "").success();
    import(dir.path(), "r", ">r1\nACGTACGTAC\n").success();
    qiime()
        .current_dir(dir.path())
        .args([
            "dwq2",
            "search-and-summarize",
            "--i-query-seqs",
            "empty.qza",
            "--i-reference-seqs",
            "r.qza",
        ])
        .args(["--o-hits", "h.qza", "--o-hits-table", "t.qzv"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(
            "at least one query sequence and one reference sequence must be provided",
        ));
    assert!(!dir.path().join("h.qza").exists() && !dir.path().join("t.qzv").exists());
}

/// A pipeline step that fails on purpose reads the same, whether the step ran in this process,
/// on a worker thread (`--parallel`) or in a worker process: the plugin whose step failed, the
/// step, and the plugin's own message, once.
#[test]
fn a_failed_pipeline_step_reads_the_same_serially_on_threads_and_in_worker_processes() {
    let dir = tempfile::tempdir().unwrap();
    let config = crate::common::processes_config(dir.path(), 1, "");
    let config = config.to_str().unwrap();
    let modes: [&[&str]; 3] = [&[], &["--parallel"], &["--parallel-config", config]];
    let mut seen = Vec::new();
    for (i, mode) in modes.into_iter().enumerate() {
        let counter = dir.path().join(format!("counter-{i}"));
        let output = qiime()
            .current_dir(dir.path())
            .args(["mystery-stew", "retry-until", "--p-failures", "3"])
            .args([
                "--p-counter",
                counter.to_str().unwrap(),
                "--o-runs",
                "runs.qza",
            ])
            .args(mode)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{mode:?}");
        assert!(!dir.path().join("runs.qza").exists(), "{mode:?}");
        seen.push(String::from_utf8(output.stderr).unwrap());
    }
    assert_eq!(
        seen[0],
        "Error: Plugin error from mystery-stew: step mystery-stew fail_until failed: run 1 fails \
         on purpose\n"
    );
    assert_eq!(seen[1], seen[0], "threads");
    assert_eq!(seen[2], seen[0], "worker processes");
}
