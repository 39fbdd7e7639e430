//! `qiime tools citations`.

use predicates::prelude::*;

use crate::common::{fixture, qiime};

#[test]
fn cites_every_unique_entry_of_the_provenance() {
    let Some(table) = fixture("serial-hits-table.qzv") else {
        return;
    };
    let assert = qiime()
        .args(["tools", "citations"])
        .arg(&table)
        .assert()
        .success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let keys: Vec<&str> = out
        .lines()
        .filter(|line| line.starts_with('@'))
        .map(|line| &line[line.find('{').unwrap() + 1..line.len() - 1])
        .collect();
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(keys.len(), unique.len(), "duplicated entries:\n{out}");
    assert_eq!(keys.len(), 6, "{out}");
    assert!(keys.contains(&"framework|qiime2:2025.4.0.dev0|0"));
    assert!(keys.contains(&"action|dwq2:0+untagged.13.gc7cdf95|method:local_alignment_search|0"));
    assert!(
        out.contains("Reproducible, interactive, scalable and extensible microbiome data science")
    );
}

#[test]
fn citing_a_missing_file_fails() {
    qiime()
        .args(["tools", "citations", "absent.qzv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("absent.qzv"));
}
