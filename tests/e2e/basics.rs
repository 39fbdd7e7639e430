//! `qiime --version`, `qiime info` and the command tree.

use predicates::prelude::*;

use crate::common::qiime;

#[test]
fn version_names_the_framework_version() {
    qiime()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(qiime2::VERSION));
}

#[test]
fn info_reports_the_framework() {
    qiime()
        .arg("info")
        .assert()
        .success()
        .stdout(predicate::str::contains(qiime2::VERSION));
}

#[test]
fn tools_lists_its_commands() {
    let assert = qiime().args(["tools", "--help"]).assert().success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for command in ["peek", "validate", "citations", "inspect-metadata"] {
        assert!(
            out.contains(command),
            "`qiime tools --help` lacks {command}:\n{out}"
        );
    }
}

#[test]
fn an_unknown_command_fails_with_a_message() {
    qiime()
        .args(["tools", "peak", "x.qza"])
        .assert()
        .failure()
        .code(2)
        .stderr(predicate::str::contains("peak"));
}

#[test]
fn every_error_starts_with_the_same_prefix() {
    for args in [
        &["tools", "peak", "x.qza"][..],
        &["tools", "validate", "nope.qza"][..],
        &["tools", "import", "--type", "X"][..],
    ] {
        let out = qiime().args(args).assert().failure();
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(stderr.starts_with("Error: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("error:"), "{args:?}: {stderr}");
    }
}
