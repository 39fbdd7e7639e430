//! The tutorial, exactly as a user types it: help, `--example-data`, then the pipeline serially
//! and with `--parallel` (and a config file), from the real binary.

use std::path::Path;

use predicates::prelude::*;

use crate::common::{fixture, qiime_with_plugins as qiime, tutorial_search as search};

const SEARCH: [&str; 2] = ["dwq2", "search-and-summarize"];

fn hits_tsv(path: &Path) -> String {
    let artifact = qiime2::sdk::Artifact::load(path).unwrap();
    std::fs::read_to_string(artifact.data_dir().join("hits.tsv")).unwrap()
}

#[test]
fn the_tutorial_runs_as_written_serially_and_in_parallel() {
    let dir = tempfile::tempdir().unwrap();
    qiime()
        .current_dir(dir.path())
        .args(SEARCH)
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Examples:\n  # ### example: Serial\n",
        ))
        .stdout(predicate::str::contains("--parallel "));
    qiime()
        .current_dir(dir.path())
        .args(SEARCH)
        .args(["--example-data", "ss-usage"])
        .assert()
        .success()
        .stdout(
            "Saved FeatureData[Sequence] to: ss-usage/Serial/query-seqs.qza\n\
             Saved FeatureData[Sequence] to: ss-usage/Serial/reference-seqs.qza\n\
             Saved Metadata to: ss-usage/Serial/reference-metadata.tsv\n",
        );
    let serial_dir = dir.path().join("ss-usage/Serial");
    search(&serial_dir, "serial", &[]).success().stdout(
        "Saved LocalAlignmentSearchResults to: serial-hits.qza\n\
         Saved Visualization to: serial-hits-table.qzv\n",
    );
    search(&serial_dir, "parallel", &["--parallel"])
        .success()
        .stdout(
            "Saved LocalAlignmentSearchResults to: parallel-hits.qza\n\
         Saved Visualization to: parallel-hits-table.qzv\n",
        );
    assert_eq!(
        hits_tsv(&serial_dir.join("serial-hits.qza")),
        hits_tsv(&serial_dir.join("parallel-hits.qza"))
    );
    let config = dir.path().join("workers.toml");
    std::fs::write(
        &config,
        "[parsl]\n\n[[parsl.executors]]\nclass = \"HighThroughputExecutor\"\nlabel = \"default\"\nmax_workers = 2\n\n\
         [parsl.executors.provider]\nclass = \"LocalProvider\"\n",
    )
    .unwrap();
    search(
        &serial_dir,
        "workers",
        &["--parallel-config", config.to_str().unwrap()],
    )
    .success();
    assert_eq!(
        hits_tsv(&serial_dir.join("serial-hits.qza")),
        hits_tsv(&serial_dir.join("workers-hits.qza"))
    );
    for file in [
        "serial-hits.qza",
        "parallel-hits-table.qzv",
        "workers-hits.qza",
    ] {
        qiime()
            .current_dir(&serial_dir)
            .args(["tools", "validate", file])
            .assert()
            .success();
    }
}

#[test]
fn on_the_original_inputs_the_command_line_gives_the_original_hits() {
    let (Some(queries), Some(references), Some(metadata), Some(original)) = (
        fixture("query-seqs.qza"),
        fixture("reference-seqs.qza"),
        fixture("reference-metadata.tsv"),
        fixture("serial-hits.qza"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        (&queries, "query-seqs.qza"),
        (&references, "reference-seqs.qza"),
        (&metadata, "reference-metadata.tsv"),
    ] {
        std::fs::copy(from, dir.path().join(to)).unwrap();
    }
    search(dir.path(), "parallel", &["--parallel"]).success();
    assert_eq!(
        hits_tsv(&dir.path().join("parallel-hits.qza")),
        hits_tsv(&original)
    );
}

#[test]
fn parallel_options_are_refused_on_methods_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    qiime()
        .current_dir(dir.path())
        .args(["dwq2", "nw-align", "--parallel", "--i-seq1", "a.qza", "--i-seq2", "b.qza"])
        .args(["--o-aligned-sequences", "msa.qza"])
        .assert()
        .failure()
        .code(1)
        .stderr("Error: --parallel and --parallel-config apply to pipelines only; 'nw-align' is a method, which runs as one step\n");
}

#[test]
fn a_malformed_parallel_config_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        "[parsl]\n[[parsl.executors]]\nclass = \"DaskExecutor\"\n",
    )
    .unwrap();
    qiime()
        .current_dir(dir.path())
        .args(SEARCH)
        .args(["--parallel-config", "bad.toml", "--i-query-seqs", "q.qza"])
        .args(["--i-reference-seqs", "r.qza", "--o-hits", "h.qza"])
        .args(["--o-hits-table", "t.qzv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("bad.toml"))
        .stderr(predicate::str::contains("DaskExecutor"));
}

#[test]
fn an_action_without_examples_has_no_example_data() {
    let dir = tempfile::tempdir().unwrap();
    qiime()
        .current_dir(dir.path())
        .args(["dwq2", "split-sequences", "--example-data", "out"])
        .assert()
        .failure()
        .code(1)
        .stderr("No example data found.\n");
}

#[test]
fn the_rust_api_example_of_the_guide_runs_under_both_configurations() {
    let dir = tempfile::tempdir().unwrap();
    qiime()
        .current_dir(dir.path())
        .args(SEARCH)
        .args(["--example-data", "ex"])
        .assert()
        .success();
    let serial = dir.path().join("ex/Serial");
    let config = crate::common::threads_config(dir.path(), 2);
    let example = crate::common::workspace_plugin_dir().join("examples/parallel_api");
    let output = std::process::Command::new(example)
        .current_dir(&serial)
        .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path())
        .env_remove("QIIME2_CONFIG")
        .args([
            "query-seqs.qza",
            "reference-seqs.qza",
            "reference-metadata.tsv",
        ])
        .arg(&config)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let counts: Vec<&str> = stdout
        .lines()
        .map(|l| l.rsplit(": ").next().unwrap())
        .collect();
    assert_eq!(counts.len(), 2, "{stdout}");
    assert_eq!(
        counts[0], counts[1],
        "both configurations find the same hits:\n{stdout}"
    );
    assert!(stdout.starts_with("default config: "), "{stdout}");
}

/// What QIIME 2's provenance tools require of a `VERSION` file's framework line.
const QIIME2_FRAMEWORK_LINE: &str =
    r"^framework: (?:20[0-9]{2}|2)\.(?:[1-9][0-2]?|0)\.[0-9](?:\.dev[0-9]?)?(?:\+[.\w]+)?$";

#[test]
fn every_version_file_q2rs_writes_names_a_framework_qiime2s_provenance_tools_accept() {
    let (_keep, dir) = crate::common::tutorial_example_data();
    search(&dir, "serial", &["--no-recycle"]).success();
    let line = regex::Regex::new(QIIME2_FRAMEWORK_LINE).unwrap();
    let mut checked = 0;
    for archive in ["query-seqs.qza", "serial-hits.qza", "serial-hits-table.qzv"] {
        let file = std::fs::File::open(dir.join(archive)).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let name = entry.name().unwrap().into_owned();
            if !name.ends_with("/VERSION") {
                continue;
            }
            let mut text = String::new();
            std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
            let framework = text.lines().nth(2).unwrap_or_default();
            assert!(line.is_match(framework), "{archive}: {name}: {framework:?}");
            checked += 1;
        }
    }
    // The root VERSION and one per provenance record: three archives, several records each.
    assert!(checked >= 10, "only {checked} VERSION files");
}
