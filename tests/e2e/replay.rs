//! `qiime tools replay-provenance` and `replay-citations`: a result's provenance replayed as a
//! script that, run with the same inputs, makes the same data again.

use std::path::Path;

use predicates::prelude::*;

use crate::common::{
    data_file, fixture, qiime_with_plugins as qiime, tutorial_example_data, tutorial_search,
};

/// Replays `result` (in `dir`) into `dir/replay/replay.sh` with the recorded metadata; puts the
/// archives `inputs` (by the file name each import writes) in place of the script's imports,
/// runs it there, and returns the data file `hits.tsv` it made.
fn replay_and_run(dir: &Path, result: &Path, inputs: &[(&str, &Path)]) -> String {
    let out = dir.join("replay");
    std::fs::create_dir_all(&out).unwrap();
    qiime()
        .current_dir(dir)
        .args(["tools", "replay-provenance", "--in-fp"])
        .arg(result)
        .args(["--out-fp", "replay/replay.sh", "--use-recorded-metadata"])
        .assert()
        .success();
    let script = std::fs::read_to_string(out.join("replay.sh")).unwrap();
    assert!(script.starts_with("#!/usr/bin/env bash\n"), "{script}");
    let imports: Vec<&str> = script
        .lines()
        .filter(|l| l.starts_with("qiime tools import"))
        .collect();
    assert_eq!(imports.len(), inputs.len(), "{script}");
    for (name, archive) in inputs {
        assert!(
            imports
                .iter()
                .any(|l| l.ends_with(&format!("--output-path {name}"))),
            "no import of {name}: {script}"
        );
        std::fs::copy(archive, out.join(name)).unwrap();
    }
    let runnable: String = script
        .lines()
        .filter(|l| !l.starts_with("qiime tools import"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(out.join("run.sh"), runnable).unwrap();
    let bin = Path::new(crate::common::qiime_exe()).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = std::process::Command::new("bash")
        .arg("run.sh")
        .current_dir(&out)
        .env("PATH", path)
        .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path())
        .status()
        .unwrap();
    assert!(status.success(), "{script}");
    data_file(&out.join("hits.qza"), "hits.tsv")
}

#[test]
fn replaying_a_q2rs_run_makes_the_same_hits() {
    let (_keep, dir) = tutorial_example_data();
    tutorial_search(&dir, "serial", &["--no-recycle"]).success();
    let hits = replay_and_run(
        &dir,
        &dir.join("serial-hits.qza"),
        &[
            ("query-seqs.qza", &dir.join("query-seqs.qza")),
            ("reference-seqs.qza", &dir.join("reference-seqs.qza")),
        ],
    );
    assert_eq!(hits, data_file(&dir.join("serial-hits.qza"), "hits.tsv"));
    assert!(
        dir.join("replay/recorded_metadata/reference-metadata.tsv")
            .is_file()
    );
}

#[test]
fn replaying_a_qiime2_run_makes_the_same_hits() {
    let (Some(hits), Some(query), Some(reference)) = (
        fixture("serial-hits.qza"),
        fixture("query-seqs.qza"),
        fixture("reference-seqs.qza"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let replayed = replay_and_run(
        dir.path(),
        &hits,
        &[
            ("query-seqs.qza", &query),
            ("reference-seqs.qza", &reference),
        ],
    );
    assert_eq!(replayed, data_file(&hits, "hits.tsv"));
}

#[test]
fn replay_citations_and_the_supplement_hold_the_bibtex_and_both_scripts() {
    let (_keep, dir) = tutorial_example_data();
    tutorial_search(&dir, "serial", &["--no-recycle"]).success();
    qiime()
        .current_dir(&dir)
        .args(["tools", "replay-citations", "--in-fp", "serial-hits.qza"])
        .args(["--out-fp", "refs.bib"])
        .assert()
        .success();
    let bib = std::fs::read_to_string(dir.join("refs.bib")).unwrap();
    assert!(
        bib.contains("@") && bib.contains("framework|qiime2:"),
        "{bib}"
    );
    qiime()
        .current_dir(&dir)
        .args(["tools", "replay-supplement", "--in-fp", "serial-hits.qza"])
        .args(["--out-fp", "supplement.zip"])
        .assert()
        .success();
    let zip =
        zip::ZipArchive::new(std::fs::File::open(dir.join("supplement.zip")).unwrap()).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "citations.bib",
            "cli_replay.sh",
            "python3_replay.py",
            "recorded_metadata/reference-metadata.tsv"
        ]
    );
}

#[test]
fn the_python3_driver_writes_a_script_of_qiime2s_python_api() {
    let (_keep, dir) = tutorial_example_data();
    tutorial_search(&dir, "serial", &["--no-recycle"]).success();
    qiime()
        .current_dir(&dir)
        .args(["tools", "replay-provenance", "--in-fp", "serial-hits.qza"])
        .args(["--out-fp", "replay.py", "--usage-driver", "python3"])
        .assert()
        .success();
    let script = std::fs::read_to_string(dir.join("replay.py")).unwrap();
    for expected in [
        "from qiime2 import Artifact, Metadata\n",
        "import qiime2.plugins.dwq2.actions as dwq2_actions\n",
        "query_seqs = Artifact.import_data('FeatureData[Sequence]', '<your data here>')\n",
        "reference_metadata = Metadata.load('reference-metadata.tsv')\n",
        "hits, hits_table, = dwq2_actions.search_and_summarize(\n",
        "    split_size=1,\n",
        "hits.save('hits.qza')\n",
    ] {
        assert!(script.contains(expected), "{expected}: {script}");
    }
    let compiled = std::process::Command::new("python3")
        .args(["-m", "py_compile", "replay.py"])
        .current_dir(&dir)
        .status();
    match compiled {
        Ok(status) => assert!(status.success(), "{script}"),
        Err(_) => crate::common::skip("no python3 to compile the script with"),
    }
}

#[test]
fn a_folder_of_results_is_replayed_once_for_what_they_share() {
    let (_keep, dir) = tutorial_example_data();
    tutorial_search(&dir, "serial", &["--no-recycle"]).success();
    std::fs::create_dir_all(dir.join("results/sub")).unwrap();
    std::fs::copy(
        dir.join("serial-hits-table.qzv"),
        dir.join("results/table.qzv"),
    )
    .unwrap();
    std::fs::copy(
        dir.join("serial-hits.qza"),
        dir.join("results/sub/hits.qza"),
    )
    .unwrap();
    for recurse in [false, true] {
        let mut command = qiime();
        command
            .current_dir(&dir)
            .args(["tools", "replay-provenance", "--in-fp", "results"])
            .args(["--out-fp", "folder.sh"]);
        if recurse {
            command.arg("--recurse");
        }
        command.assert().success();
        let script = std::fs::read_to_string(dir.join("folder.sh")).unwrap();
        assert_eq!(
            script.matches("qiime dwq2 search-and-summarize").count(),
            1,
            "one run of the pipeline made both: {script}"
        );
        assert_eq!(script.matches("qiime tools import").count(), 2, "{script}");
    }
    qiime()
        .current_dir(&dir)
        .args([
            "tools",
            "replay-citations",
            "--in-fp",
            "results",
            "--recurse",
        ])
        .args(["--out-fp", "all.bib"])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(dir.join("all.bib"))
            .unwrap()
            .contains('@')
    );
    std::fs::create_dir(dir.join("empty")).unwrap();
    qiime()
        .current_dir(&dir)
        .args([
            "tools",
            "replay-provenance",
            "--in-fp",
            "empty",
            "--out-fp",
            "e.sh",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("holds no results"));
}

#[test]
fn q2clis_replay_options_are_taken() {
    let (_keep, dir) = tutorial_example_data();
    tutorial_search(&dir, "serial", &["--no-recycle"]).success();
    std::fs::create_dir(dir.join("out")).unwrap();
    qiime()
        .current_dir(&dir)
        .args(["tools", "replay-provenance", "--in-fp", "serial-hits.qza"])
        .args([
            "--out-fp",
            "out/r.sh",
            "--no-validate-checksums",
            "--validate-checksums",
        ])
        .args([
            "--no-recurse",
            "--no-suppress-header",
            "--no-use-recorded-metadata",
        ])
        .args(["--no-parse-metadata", "--dump-recorded-metadata"])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(dir.join("out/r.sh"))
            .unwrap()
            .contains("# The commands")
    );
    assert!(
        !dir.join("out/recorded_metadata").exists(),
        "--no-parse-metadata"
    );
    qiime()
        .current_dir(&dir)
        .args(["tools", "replay-citations", "--in-fp", "serial-hits.qza"])
        .args(["--out-fp", "out/refs.bib", "--deduplicate", "--no-recurse"])
        .assert()
        .success();
}
