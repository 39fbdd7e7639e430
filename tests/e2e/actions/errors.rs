//! Every command-line problem is one `Error:` line, exit code 1, found before the action runs,
//! with nothing written.

use std::path::Path;

use super::{ints, qiime_in, text};

/// Runs `qiime mystery-stew <args>` in `dir`, expecting failure with exactly `message`.
fn fails_with(dir: &Path, args: &[&str], message: &str) {
    let out = qiime_in(dir)
        .arg("mystery-stew")
        .args(args)
        .assert()
        .code(1)
        .stdout("");
    let err = text(&out.get_output().stderr);
    assert_eq!(err.lines().next(), Some(message), "{err}");
    assert!(!err.contains("Usage:"), "no help dump: {err}");
}

#[test]
fn ill_typed_and_out_of_range_values_name_option_value_and_type() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ints(d, "a", "IntSequence1", &[1]);
    let concat = |int1: &'static str, int2: &'static str| {
        vec![
            "concatenate-ints",
            "--i-ints1",
            "a.qza",
            "--i-ints2",
            "a.qza",
            "--p-int1",
            int1,
            "--p-int2",
            int2,
            "--o-concatenated-ints",
            "out.qza",
        ]
    };
    fails_with(
        d,
        &concat("five", "0"),
        "Error: --p-int1 'five' cannot be read as Int",
    );
    fails_with(
        d,
        &concat("1.5", "0"),
        "Error: --p-int1 '1.5' cannot be read as Int",
    );
    fails_with(
        d,
        &concat("1", "-1"),
        "Error: --p-int2 -1 is not in Range(0, None)",
    );
    assert!(!d.join("out.qza").exists());
}

#[test]
fn choices_and_open_ranges_are_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let args = |choice: &'static str, open_end: &'static str| {
        vec![
            "predicate-params",
            "--p-choice",
            choice,
            "--p-closed-range",
            "10",
            "--p-open-start",
            "0",
            "--p-open-end",
            open_end,
            "--o-params",
            "p.qza",
        ]
    };
    fails_with(
        dir.path(),
        &args("pear", "1"),
        "Error: --p-choice 'pear' is not in Choices('apple', 'banana', 'cherry')",
    );
    fails_with(
        dir.path(),
        &args("apple", "0"),
        "Error: --p-open-end 0.0 is not in Range(0, None, inclusive_start=False)",
    );
    qiime_in(dir.path())
        .arg("mystery-stew")
        .args(args("apple", "0.5"))
        .assert()
        .success();
}

#[test]
fn an_input_of_the_wrong_type_is_refused_before_running() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ints(d, "one", "IntSequence1", &[1]);
    ints(d, "two", "IntSequence2", &[2]);
    fails_with(
        d,
        &[
            "concatenate-ints",
            "--i-ints1",
            "one.qza",
            "--i-ints2",
            "two.qza",
            "--p-int1",
            "1",
            "--p-int2",
            "1",
            "--o-concatenated-ints",
            "out.qza",
        ],
        "Error: Invalid value for '--i-ints2': Expected an artifact of at least type \
         IntSequence1. An artifact of type IntSequence2 was provided.",
    );
    std::fs::write(d.join("table.tsv"), "id\tx\na\t1\n").unwrap();
    fails_with(
        d,
        &[
            "summarize-ints",
            "--i-ints",
            "table.tsv",
            "--o-visualization",
            "v.qzv",
        ],
        "Error: invalid value for '--i-ints': cannot load table.tsv",
    );
    assert!(!d.join("out.qza").exists() && !d.join("v.qzv").exists());
}

#[test]
fn missing_options_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ints(d, "one", "IntSequence1", &[1]);
    fails_with(
        d,
        &[
            "concatenate-ints",
            "--i-ints1",
            "one.qza",
            "--p-int1",
            "1",
            "--p-int2",
            "1",
            "--o-concatenated-ints",
            "out.qza",
        ],
        "Error: missing option '--i-ints2'",
    );
    fails_with(
        d,
        &[
            "primitive-params",
            "--p-int-param",
            "1",
            "--p-float-param",
            "1",
            "--p-str-param",
            "x",
            "--o-params",
            "p.qza",
        ],
        "Error: missing option '--p-bool-param/--p-no-bool-param'",
    );
    fails_with(
        d,
        &["summarize-ints", "--i-ints", "one.qza"],
        "Error: missing option '--o-visualization'.  (\"--output-dir\" may also be used)",
    );
}

#[test]
fn a_failing_action_names_the_plugin_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fails_with(
        dir.path(),
        &[
            "fail-on-purpose",
            "--p-message",
            "no stew today",
            "--o-visualization",
            "v",
        ],
        "Error: Plugin error from mystery-stew: no stew today",
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn metadata_columns_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("md.tsv"), "id\tcolor\tsize\ns1\tred\t1\n").unwrap();
    let args = |column: &'static str| {
        vec![
            "metadata-params",
            "--m-metadata-file",
            "md.tsv",
            "--m-column-file",
            "md.tsv",
            "--m-column-column",
            column,
            "--o-report",
            "r.qza",
        ]
    };
    fails_with(
        d,
        &args("size"),
        "Error: invalid value for '--m-column-column': column 'size' is numeric, but the \
         parameter takes MetadataColumn[Categorical]",
    );
    fails_with(
        d,
        &args("shape"),
        "Error: invalid value for '--m-column-column': 'shape' is not a column of the metadata \
         (its columns: color, size)",
    );
}

#[test]
fn every_missing_option_is_named_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = qiime_in(dir.path())
        .args(["mystery-stew", "concatenate-ints", "--p-int1", "1"])
        .assert()
        .code(1);
    let err = text(&out.get_output().stderr);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("Error: missing options: "), "{err}");
    for option in [
        "'--i-ints1'",
        "'--i-ints2'",
        "'--p-int2'",
        "'--o-concatenated-ints'",
    ] {
        assert!(err.contains(option), "{option}: {err}");
    }
    assert!(err.contains("(\"--output-dir\" may also be used)"), "{err}");
}

#[test]
fn verbose_adds_the_details_of_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let out = qiime_in(dir.path())
        .args(["mystery-stew", "fail-on-purpose", "--o-visualization", "v"])
        .arg("--verbose")
        .assert()
        .code(1);
    let err = text(&out.get_output().stderr);
    assert!(
        err.starts_with("Error: Plugin error from mystery-stew: it failed on purpose\n"),
        "{err}"
    );
    assert!(
        err.contains("Details (--verbose):\n  the action: mystery-stew fail-on-purpose (a "),
        "{err}"
    );
    assert!(err.contains("  its plugin: mystery-stew version "), "{err}");
    assert!(!err.contains("Plugin {"), "no Rust debug dump: {err}");
}

#[test]
fn verbose_describes_the_failed_step_of_a_pipeline_serially_and_in_parallel() {
    let dir = tempfile::tempdir().unwrap();
    let input = ints(dir.path(), "ints", "IntSequence1", &[1, 2]);
    let uuid = qiime2::sdk::Artifact::load(&input).unwrap().uuid();
    for parallel in [false, true] {
        let mut command = qiime_in(dir.path());
        command.args(["mystery-stew", "fan-out", "--i-ints", "ints.qza"]);
        command.args([
            "--p-steps",
            "1",
            "--p-millis",
            "60000",
            "--no-recycle",
            "--verbose",
        ]);
        command.args(["--o-stamps", if parallel { "p" } else { "s" }]);
        if parallel {
            command.arg("--parallel");
        }
        let out = command.assert().code(1);
        let err = text(&out.get_output().stderr);
        let step = format!(
            "  the step that failed:\n    mystery-stew stamp-time\n      input ints: \
             IntSequence1 {uuid}\n      parameter millis: 60000\n      failed: "
        );
        assert!(err.contains(&step), "parallel {parallel}: {err}");
        assert!(err.contains("60000 is not in Range(0, 60000)"), "{err}");
    }
}
