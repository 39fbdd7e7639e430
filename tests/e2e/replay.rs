//! `qiime tools replay-provenance`, `replay-citations` and `replay-supplement`: the tutorial's
//! hits replayed byte for byte, QIIME 2's own archives, folders of archives, and bad input.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::common::{
    Entry, data_file, fixture, fixture_archives, qiime_with_plugins as qiime, rewrite_entry,
    tutorial_search as search, write_zip,
};

/// The tutorial's example data and its serial run, in `<dir>/ss-usage/Serial`.
fn tutorial(dir: &Path) -> PathBuf {
    qiime()
        .current_dir(dir)
        .args(["dwq2", "search-and-summarize", "--example-data", "ss-usage"])
        .assert()
        .success();
    let serial = dir.join("ss-usage/Serial");
    search(&serial, "serial", &[]).success();
    serial
}

/// `qiime tools replay-provenance` in `dir` with `args`, returning the script written.
fn replay(dir: &Path, args: &[&str]) -> String {
    qiime()
        .current_dir(dir)
        .args(["tools", "replay-provenance"])
        .args(args)
        .args(["--out-fp", "replay.out"])
        .assert()
        .success()
        .stdout(predicate::str::contains("replay script written to "));
    std::fs::read_to_string(dir.join("replay.out")).unwrap()
}

/// The bytes of the zip entry of `archive` whose name ends with `suffix`.
fn entry(archive: &Path, suffix: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
    let name = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
        .find(|n| n.ends_with(suffix))
        .unwrap();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name(&name).unwrap(), &mut bytes).unwrap();
    bytes
}

/// Gives each import of `script`, in turn, the next of `paths`.
fn fill_in(script: &str, paths: &[&Path]) -> String {
    let placeholder = "--input-path <your data here>";
    let mut filled = script.to_owned();
    for path in paths {
        filled = filled.replacen(placeholder, &format!("--input-path {}", path.display()), 1);
    }
    assert!(!filled.contains(placeholder), "{filled}");
    filled
}

#[test]
fn replaying_the_tutorial_with_q2rs_gives_the_same_hits_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let serial = tutorial(dir.path());
    let work = dir.path().join("replayed");
    std::fs::create_dir(&work).unwrap();
    std::fs::copy(serial.join("serial-hits.qza"), work.join("serial-hits.qza")).unwrap();
    let script = replay(
        &work,
        &["--in-fp", "serial-hits.qza", "--use-recorded-metadata"],
    );
    // The pipeline is one command: its inner steps (split, search, combine, tabulate) are not
    // replayed, and its inputs are imports whose data the user supplies.
    assert!(script.starts_with("#!/usr/bin/env bash\n"), "{script}");
    assert_eq!(
        script.matches("qiime tools import \\").count(),
        2,
        "{script}"
    );
    assert_eq!(script.matches("qiime dwq2 ").count(), 1, "{script}");
    assert!(
        script.contains(
            "qiime dwq2 search-and-summarize \\\n  --i-query-seqs feature-data-sequence-0.qza \\\n  \
             --i-reference-seqs feature-data-sequence-1.qza \\\n"
        ),
        "{script}"
    );
    assert!(script.contains("  --p-split-size 1 \\\n"), "{script}");
    assert!(script.contains("  --o-hits hits-0.qza \\\n  --o-hits-table XX-hits-table.qzv\n"));
    let recorded =
        work.join("recorded_metadata/dwq2_search_and_summarize_0/reference_metadata_0.tsv");
    assert!(script.contains(&format!(
        "--m-reference-metadata-file {} \\\n",
        recorded.display()
    )));
    assert_eq!(
        std::fs::read(&recorded).unwrap(),
        entry(
            &serial.join("serial-hits.qza"),
            "/provenance/action/reference_metadata.tsv"
        )
    );
    // The imported data, exported again, in the order the script imports it.
    for (archive, folder) in [
        ("query-seqs.qza", "queries"),
        ("reference-seqs.qza", "references"),
    ] {
        qiime()
            .current_dir(&work)
            .args(["tools", "export", "--input-path"])
            .arg(serial.join(archive))
            .args(["--output-path", folder])
            .assert()
            .success();
    }
    let filled = fill_in(&script, &[&work.join("queries"), &work.join("references")]);
    std::fs::write(work.join("replay.sh"), filled).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_qiime")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = std::process::Command::new("bash")
        .arg("replay.sh")
        .current_dir(&work)
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let original = data_file(&serial.join("serial-hits.qza"), "hits.tsv");
    assert_eq!(data_file(&work.join("hits-0.qza"), "hits.tsv"), original);
    assert!(work.join("XX-hits-table.qzv").is_file());
}

#[test]
fn the_python_script_compiles_and_calls_qiime2s_python_api() {
    let dir = tempfile::tempdir().unwrap();
    let serial = tutorial(dir.path());
    let script = replay(
        &serial,
        &["--in-fp", "serial-hits.qza", "--usage-driver", "PYTHON3"],
    );
    for expected in [
        "#!/usr/bin/env python3\n",
        "\nfrom qiime2 import Artifact\nfrom qiime2 import Metadata\nimport qiime2.plugins.dwq2.actions as dwq2_actions\n",
        "feature_data_sequence_0 = Artifact.import_data(\n    'FeatureData[Sequence]',\n    '<your data here>',\n)\n",
        "reference_metadata_0_md = Metadata.load('<your metadata filepath>')\n",
        "hits_0, _ = dwq2_actions.search_and_summarize(\n    query_seqs=feature_data_sequence_0,\n    reference_seqs=feature_data_sequence_1,\n    reference_metadata=reference_metadata_0_md,\n",
        "    split_size=1,\n",
        "    title='Local Alignment Search Results',\n",
        "hits_0.save('hits_0')\n",
    ] {
        assert!(
            script.contains(expected),
            "missing {expected:?} in:\n{script}"
        );
    }
    assert!(!script.contains("split_sequences"), "{script}");
    std::fs::write(serial.join("replay.py"), &script).unwrap();
    py_compile(&serial.join("replay.py"));
}

/// `python3 -m py_compile` on `file` (skipped, with a note, without python3).
fn py_compile(file: &Path) {
    match std::process::Command::new("python3")
        .args(["-m", "py_compile"])
        .arg(file)
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!(
            "note: python3 is absent, {} was not compiled",
            file.display()
        ),
    }
}

#[test]
fn qiime2s_own_archives_replay_alone_and_as_a_folder() {
    let archives = fixture_archives();
    if archives.len() < 4 {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hits = fixture("serial-hits.qza").unwrap();
    let alone = replay(
        dir.path(),
        &[
            "--in-fp",
            hits.to_str().unwrap(),
            "--no-dump-recorded-metadata",
            "--suppress-header",
        ],
    );
    assert!(
        alone.starts_with("# Stop at the first command that fails"),
        "{alone}"
    );
    assert!(alone.contains("  --m-reference-metadata-file <your metadata filepath> \\\n"));
    assert!(alone.contains("  --o-hits hits-0.qza \\\n  --o-hits-table XX-hits-table.qzv\n"));
    assert!(!dir.path().join("recorded_metadata").exists());
    // The folder holds both outputs of the pipeline run and its two inputs.
    let fixtures = archives[0].parent().unwrap();
    let folder = replay(
        dir.path(),
        &["--in-fp", fixtures.to_str().unwrap(), "--verbose"],
    );
    assert!(
        folder.contains("  --o-hits hits-0.qza \\\n  --o-hits-table hits-table-0.qzv\n"),
        "{folder}"
    );
    assert_eq!(folder.matches("qiime dwq2 ").count(), 1, "{folder}");
    for uuid in [
        "f5de3b36-d491-4e37-aaf5-603be5b933d0",
        "02bee7ce-dbd2-4bfe-b624-e977d010ee42",
    ] {
        assert!(folder.contains(uuid), "footer lists {uuid}: {folder}");
    }
    let python = replay(
        dir.path(),
        &[
            "--in-fp",
            fixtures.to_str().unwrap(),
            "--usage-driver",
            "python3",
            "--use-recorded-metadata",
        ],
    );
    assert!(
        python.contains("hits_0, hits_table_0 = dwq2_actions.search_and_summarize(\n"),
        "{python}"
    );
    let recorded = dir
        .path()
        .join("recorded_metadata/dwq2_search_and_summarize_0/reference_metadata_0.tsv");
    assert!(
        python.contains(&format!("Metadata.load('{}')", recorded.display())),
        "{python}"
    );
    assert!(recorded.is_file());
    std::fs::write(dir.path().join("fixtures.py"), &python).unwrap();
    py_compile(&dir.path().join("fixtures.py"));
}

#[test]
fn folders_are_searched_below_only_with_recurse_and_any_framework_line_is_read() {
    let Some(hits) = fixture("serial-hits.qza") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("runs/first");
    std::fs::create_dir_all(&nested).unwrap();
    // The framework line q2rs writes once it names the QIIME 2 release it follows.
    let version = b"QIIME 2\narchive: 6\nframework: 2025.4.0+q2rs.0.1.0\n";
    rewrite_entry(&hits, &nested.join("hits.qza"), "/VERSION", version);
    qiime()
        .current_dir(dir.path())
        .args([
            "tools",
            "replay-provenance",
            "--in-fp",
            "runs",
            "--out-fp",
            "r.sh",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no .qza or .qzv files in runs"))
        .stderr(predicate::str::contains("--recurse"));
    assert!(!dir.path().join("r.sh").exists());
    let script = replay(
        dir.path(),
        &["--in-fp", "runs", "--recurse", "--no-validate-checksums"],
    );
    assert!(
        script.contains("qiime dwq2 search-and-summarize \\\n"),
        "{script}"
    );
    // With checksums checked, the rewritten VERSION files are reported, and replay goes on.
    qiime()
        .current_dir(dir.path())
        .args([
            "tools",
            "replay-provenance",
            "--in-fp",
            "runs",
            "--recurse",
            "--out-fp",
            "r.sh",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Parsed runs/first/hits.qza"))
        .stderr(predicate::str::contains("warning: "));
}

#[test]
fn an_archive_without_provenance_is_a_placeholder_and_has_nothing_to_cite() {
    let dir = tempfile::tempdir().unwrap();
    let uuid = "3f2b6c8e-4f6a-4d2b-9c1e-7a5d8e9f0a1b";
    let metadata =
        format!("uuid: {uuid}\ntype: FeatureData[Sequence]\nformat: DNASequencesDirectoryFormat\n");
    write_zip(
        &dir.path().join("old.qza"),
        &[
            Entry::File(
                &format!("{uuid}/VERSION"),
                b"QIIME 2\narchive: 0\nframework: 2.0.5\n",
            ),
            Entry::File(&format!("{uuid}/metadata.yaml"), metadata.as_bytes()),
            Entry::File(&format!("{uuid}/data/dna-sequences.fasta"), b">s1\nACGT\n"),
        ],
    );
    let script = replay(dir.path(), &["--in-fp", "old.qza"]);
    assert!(
        script.contains(&format!("# {uuid}   feature-data-sequence-0.qza\n")),
        "{script}"
    );
    assert!(!script.contains("qiime tools import"), "{script}");
    let python = replay(
        dir.path(),
        &["--in-fp", "old.qza", "--usage-driver", "python3"],
    );
    assert!(
        python.contains("feature_data_sequence_0 = Artifact.load('feature_data_sequence_0.qza')\n"),
        "{python}"
    );
    qiime()
        .current_dir(dir.path())
        .args([
            "tools",
            "replay-citations",
            "--in-fp",
            "old.qza",
            "--out-fp",
            "refs.bib",
        ])
        .assert()
        .success();
    let bib = std::fs::read_to_string(dir.path().join("refs.bib")).unwrap();
    assert_eq!(
        bib,
        "No citations were recorded for the actions in this provenance.\n"
    );
}

#[test]
fn citations_of_q2rs_and_qiime2_runs_are_gathered_and_deduplicated() {
    let Some(original) = fixture("serial-hits.qza") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let serial = tutorial(dir.path());
    let both = dir.path().join("both");
    std::fs::create_dir(&both).unwrap();
    std::fs::copy(&original, both.join("qiime2-hits.qza")).unwrap();
    std::fs::copy(serial.join("serial-hits.qza"), both.join("q2rs-hits.qza")).unwrap();
    let cite = |extra: &[&str]| {
        qiime()
            .current_dir(dir.path())
            .args([
                "tools",
                "replay-citations",
                "--in-fp",
                "both",
                "--out-fp",
                "refs.bib",
            ])
            .args(extra)
            .assert()
            .success()
            .stdout(predicate::str::contains("Citations (BibTeX) written to "));
        std::fs::read_to_string(dir.path().join("refs.bib")).unwrap()
    };
    let deduplicated = cite(&[]);
    assert!(deduplicated.starts_with("####"), "{deduplicated}");
    // One framework citation for both frameworks, one entry per work for both dwq2 versions.
    assert_eq!(
        deduplicated.matches("\n@article{framework|qiime2:").count(),
        1,
        "{deduplicated}"
    );
    assert_eq!(
        deduplicated.matches("{Developing with QIIME 2}").count(),
        1,
        "{deduplicated}"
    );
    assert!(deduplicated.contains("{action|dwq2:"), "{deduplicated}");
    let every = cite(&["--suppress-header", "--no-deduplicate"]);
    assert!(every.starts_with('@'), "{every}");
    assert_eq!(every.matches("{framework|qiime2:").count(), 2, "{every}");
    assert_eq!(
        every.matches("{Developing with QIIME 2}").count(),
        2,
        "{every}"
    );
}

#[test]
fn the_supplement_zips_both_scripts_the_citations_and_the_metadata() {
    let Some(hits) = fixture("serial-hits.qza") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    qiime()
        .current_dir(dir.path())
        .args(["tools", "replay-supplement", "--in-fp"])
        .arg(&hits)
        .args(["--out-fp", "supplement", "--use-recorded-metadata"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Added cli_replay.sh\n"))
        .stdout(predicate::str::contains(
            "Reproducibility supplement written to ",
        ));
    let zip_path = dir.path().join("supplement.zip");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "supplement/citations.bib",
            "supplement/cli_replay.sh",
            "supplement/python3_replay.py",
            "supplement/recorded_metadata/dwq2_search_and_summarize_0/reference_metadata_0.tsv",
        ]
    );
    let mut script = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("supplement/cli_replay.sh").unwrap(),
        &mut script,
    )
    .unwrap();
    // Inside the supplement the scripts read the metadata next to them.
    assert!(script.contains(
        "--m-reference-metadata-file recorded_metadata/dwq2_search_and_summarize_0/reference_metadata_0.tsv \\\n"
    ), "{script}");
}

#[test]
fn bad_input_and_impossible_options_fail_clearly_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.qza"), "not a zip").unwrap();
    let fail = |args: &[&str], message: &str| {
        qiime()
            .current_dir(dir.path())
            .args(args)
            .args(["--out-fp", "out.txt"])
            .assert()
            .failure()
            .code(1)
            .stderr(predicate::str::contains(message));
        assert!(!dir.path().join("out.txt").exists());
    };
    fail(
        &["tools", "replay-provenance", "--in-fp", "notes.qza"],
        "notes.qza",
    );
    fail(
        &["tools", "replay-citations", "--in-fp", "missing.qza"],
        "missing.qza: no such file or directory",
    );
    fail(
        &[
            "tools",
            "replay-provenance",
            "--in-fp",
            "notes.qza",
            "--no-parse-metadata",
        ],
        "--no-dump-recorded-metadata",
    );
    fail(
        &[
            "tools",
            "replay-supplement",
            "--in-fp",
            "notes.qza",
            "--use-recorded-metadata",
            "--no-dump-recorded-metadata",
        ],
        "--use-recorded-metadata",
    );
    qiime()
        .args([
            "tools",
            "replay-provenance",
            "--in-fp",
            "x.qza",
            "--out-fp",
            "y",
            "--usage-driver",
            "r",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cli").and(predicate::str::contains("python3")));
}
