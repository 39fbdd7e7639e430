//! Extreme values: a thread count no machine can run is capped with a warning, and parameters
//! that are not finite numbers are refused before anything runs.

use predicates::prelude::*;

use crate::common::{
    data_file, qiime_with_plugins as qiime, threads_config, tutorial_command,
    tutorial_example_data, tutorial_search,
};

#[test]
fn twenty_thousand_threads_are_capped_with_a_warning_and_the_run_succeeds() {
    let (_keep, dir) = tutorial_example_data();
    let scratch = dir.join("tmp");
    std::fs::create_dir(&scratch).unwrap();
    let config = threads_config(&dir, 20_000);
    let config = config.to_str().unwrap();
    tutorial_search(&dir, "serial", &["--no-recycle"]).success();
    tutorial_command(&dir, "query-seqs.qza", "many")
        .env("TMPDIR", &scratch)
        .args(["--no-recycle", "--parallel-config", config])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "executor 'default' asks for 20000 workers, more than this machine can run at once",
        ));
    assert_eq!(
        data_file(&dir.join("many-hits.qza"), "hits.tsv"),
        data_file(&dir.join("serial-hits.qza"), "hits.tsv")
    );
    let left: Vec<_> = std::fs::read_dir(&scratch).unwrap().collect();
    assert!(left.is_empty(), "scratch left behind: {left:?}");
}

#[test]
fn parameters_that_are_not_finite_numbers_are_refused_before_anything_runs() {
    let (_keep, dir) = tutorial_example_data();
    for (option, value) in [
        ("--p-gap-open-penalty", "inf"),
        ("--p-gap-open-penalty", "1e999"),
        ("--p-match-score", "NaN"),
        ("--p-mismatch-score", "-inf"),
    ] {
        qiime()
            .current_dir(&dir)
            .args(["dwq2", "local-alignment-search"])
            .args(["--i-query-seqs", "query-seqs.qza"])
            .args(["--i-reference-seqs", "reference-seqs.qza"])
            .args([option, value, "--o-hits", "hits.qza"])
            .assert()
            .failure()
            .code(1)
            .stderr(predicate::str::contains(option))
            .stderr(predicate::str::contains("is not a finite number"))
            .stderr(predicate::str::contains("Plugin error").not());
        assert!(!dir.join("hits.qza").exists(), "{option} {value}");
    }
}

#[test]
fn scoring_that_would_overflow_is_refused_with_a_clear_error() {
    let (_keep, dir) = tutorial_example_data();
    qiime()
        .current_dir(&dir)
        .args(["dwq2", "local-alignment-search"])
        .args(["--i-query-seqs", "query-seqs.qza"])
        .args(["--i-reference-seqs", "reference-seqs.qza"])
        .args(["--p-match-score", "1e308", "--o-hits", "hits.qza"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(
            "the scoring parameters are too large",
        ));
    assert!(!dir.join("hits.qza").exists());
}
