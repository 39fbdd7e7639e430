//! Running actions end to end: methods, a visualizer, a pipeline, every option kind.

use predicates::prelude::*;

use super::{archive_entry, data_file, ints, qiime_in, text};

#[test]
fn a_method_runs_and_records_its_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ints(d, "one", "IntSequence2", &[1, 2]);
    ints(d, "two", "IntSequence1", &[3]);
    qiime_in(d)
        .args(["mystery-stew", "concatenate-ints", "--i-ints1", "one.qza"])
        .args(["--i-ints2", "two.qza", "--p-int1", "-7", "--p-int2", "4"])
        .args(["--o-concatenated-ints", "joined"])
        .assert()
        .success()
        .stdout("Saved IntSequence1 to: joined.qza\n");
    let joined = d.join("joined.qza");
    assert_eq!(data_file(&joined, "ints.txt"), "1\n2\n3\n-7\n4\n");
    qiime_in(d)
        .args(["tools", "peek", "joined.qza"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Type:        IntSequence1"));
    let action = archive_entry(&joined, "/provenance/action/action.yaml");
    for expected in ["action: concatenate_ints", "int1: -7", "int2: 4"] {
        assert!(action.contains(expected), "no {expected:?} in:\n{action}");
    }
}

#[test]
fn a_visualizer_runs_and_output_dir_names_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ints(d, "one", "IntSequence1", &[5, 6]);
    qiime_in(d)
        .args(["mystery-stew", "summarize-ints", "--i-ints", "one.qza"])
        .args(["--p-title", "Six", "--output-dir", "out"])
        .assert()
        .success()
        .stdout("Saved Visualization to: out/visualization.qzv\n");
    let page = d.join("out/visualization.qzv");
    assert!(data_file(&page, "index.html").contains("<h1>Six</h1>"));
    qiime_in(d)
        .args(["tools", "peek", "out/visualization.qzv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Type:        Visualization"));
    // an existing folder is not reused
    qiime_in(d)
        .args(["mystery-stew", "summarize-ints", "--i-ints", "one.qza"])
        .args(["--output-dir", "out"])
        .assert()
        .code(1)
        .stderr("Error: --output-dir out already exists; give a new folder\n");
}

#[test]
fn quiet_prints_nothing_and_citations_print_bibtex() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ints(d, "one", "IntSequence1", &[1]);
    qiime_in(d)
        .args(["mystery-stew", "summarize-ints", "--i-ints", "one.qza"])
        .args(["--o-visualization", "v", "--quiet"])
        .assert()
        .success()
        .stdout("");
    assert!(d.join("v.qzv").is_file());
    qiime_in(d)
        .args(["mystery-stew", "concatenate-ints", "--citations"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("@misc{q2rs-mystery-stew,"));
}

#[test]
fn collections_take_repeated_paths_or_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ints(d, "seq", "IntSequence1", &[1, 2, 3]);
    ints(d, "other", "IntSequence2", &[9]);
    qiime_in(d)
        .args(["mystery-stew", "split-ints", "--i-ints", "seq.qza"])
        .args(["--o-halves", "halves", "--o-singles", "singles"])
        .assert()
        .success()
        .stdout(
            "Saved Collection[IntSequence1] to: halves\nSaved List[IntSequence2] to: singles\n",
        );
    assert_eq!(data_file(&d.join("halves/first.qza"), "ints.txt"), "1\n2\n");
    assert_eq!(
        std::fs::read_to_string(d.join("singles/.order")).unwrap(),
        "0\n1\n2\n"
    );
    // a folder for the collection, repeated flags (and several values) for the list
    qiime_in(d)
        .args([
            "mystery-stew",
            "merge-collections",
            "--i-collection",
            "singles",
        ])
        .args(["--i-list", "halves/second.qza", "other.qza"])
        .args(["--o-merged", "merged"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Expected an artifact of at least type IntSequence1. An artifact of type \
             IntSequence2 was provided.",
        ));
    qiime_in(d)
        .args([
            "mystery-stew",
            "merge-collections",
            "--i-collection",
            "singles",
        ])
        .args(["--i-list", "halves/second.qza", "--i-list", "seq.qza"])
        .args(["--o-merged", "merged"])
        .assert()
        .success();
    assert_eq!(
        data_file(&d.join("merged.qza"), "ints.txt"),
        "1\n2\n3\n3\n1\n2\n3\n"
    );
    let action = archive_entry(&d.join("merged.qza"), "/provenance/action/action.yaml");
    assert!(action.contains("collection:"), "{action}");
}

#[test]
fn metadata_files_are_merged_and_columns_picked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("a.tsv"),
        "id\tcolor\tsize\ns1\tred\t1\ns2\tblue\t2\n",
    )
    .unwrap();
    std::fs::write(d.join("b.tsv"), "id\tshape\ns1\tround\ns2\tflat\n").unwrap();
    qiime_in(d)
        .args(["mystery-stew", "metadata-params"])
        .args(["--m-metadata-file", "a.tsv", "--m-metadata-file", "b.tsv"])
        .args(["--m-column-file", "b.tsv", "--m-column-column", "shape"])
        .args(["--m-numeric-column-file", "a.tsv"])
        .args(["--m-numeric-column-column", "size", "--o-report", "report"])
        .assert()
        .success();
    let report = data_file(&d.join("report.qza"), "mapping.tsv");
    for line in [
        "ids\ts1,s2",
        "columns\tcolor,size,shape",
        "column\tshape=round,flat",
        "numeric_column\tsize=1,2",
    ] {
        assert!(
            report.lines().any(|l| l == line),
            "no {line:?} in:\n{report}"
        );
    }
}

#[test]
fn flags_lists_sets_and_optional_values() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (flag, shown) in [("--p-bool-param", "true"), ("--p-no-bool-param", "false")] {
        qiime_in(d)
            .args(["mystery-stew", "primitive-params", "--p-int-param", "-3"])
            .args(["--p-float-param", "2", "--p-str-param", "-x y", flag])
            .args(["--o-params", shown])
            .assert()
            .success();
        let params = data_file(&d.join(format!("{shown}.qza")), "mapping.tsv");
        assert!(
            params.contains(&format!("bool_param\t{shown}\n")),
            "{params}"
        );
        assert!(params.contains("int_param\t-3\n") && params.contains("str_param\t-x y\n"));
    }
    qiime_in(d)
        .args([
            "mystery-stew",
            "collection-params",
            "--p-int-list",
            "3",
            "-1",
        ])
        .args(["--p-int-list", "9", "--p-str-set", "b", "a", "b"])
        .args(["--o-params", "lists"])
        .assert()
        .success();
    let lists = data_file(&d.join("lists.qza"), "mapping.tsv");
    assert!(lists.contains("int_list\t3,-1,9\n"), "{lists}");
    assert!(lists.contains("str_set\tb,a\n"), "{lists}");
    assert!(lists.contains("fractions\t0.5\n"), "{lists}");
    ints(d, "seq", "IntSequence1", &[4]);
    qiime_in(d)
        .args(["mystery-stew", "optional-params", "--i-ints", "seq.qza"])
        .args(["--p-text", "y", "--o-report", "opt"])
        .assert()
        .success();
    let report = data_file(&d.join("opt.qza"), "mapping.tsv");
    assert!(
        report.contains("num1\tnone\n") && report.contains("text\ty\n"),
        "{report}"
    );
    assert!(report.contains("num2\t10\n"), "{report}");
}

#[test]
fn a_pipeline_saves_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ints(d, "seq", "IntSequence1", &[1, 2]);
    let out = qiime_in(d)
        .args(["mystery-stew", "split-and-rejoin", "--i-ints", "seq.qza"])
        .args(["--p-int1", "5", "--output-dir", "results"])
        .assert()
        .success();
    assert_eq!(
        text(&out.get_output().stdout),
        "Saved Collection[IntSequence1] to: results/halves\n\
         Saved IntSequence1 to: results/rejoined.qza\n"
    );
    assert_eq!(
        data_file(&d.join("results/rejoined.qza"), "ints.txt"),
        "1\n2\n1\n2\n1\n2\n5\n0\n"
    );
}
