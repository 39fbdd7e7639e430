//! `qiime tools inspect-metadata`.

use predicates::prelude::*;

use crate::common::{fixture, qiime};

#[test]
fn inspects_metadata_made_by_qiime2() {
    let Some(tsv) = fixture("reference-metadata.tsv") else {
        return;
    };
    qiime()
        .args(["tools", "inspect-metadata"])
        .arg(&tsv)
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"(?m)^ssu length\s+numeric\s*$").unwrap())
        .stdout(predicate::str::is_match(r"(?m)^gene location\s+categorical\s*$").unwrap())
        .stdout(predicate::str::is_match(r"(?m)^IDS:\s+20\s*$").unwrap())
        .stdout(predicate::str::is_match(r"(?m)^COLUMNS:\s+10\s*$").unwrap());
}

#[test]
fn several_files_are_merged_on_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.tsv");
    let b = dir.path().join("b.tsv");
    std::fs::write(&a, "sample-id\tdepth\ns1\t10\ns2\t20\ns3\t30\n").unwrap();
    std::fs::write(&b, "sample-id\tsite\ns2\tgut\ns3\tskin\ns4\tsoil\n").unwrap();
    qiime()
        .args(["tools", "inspect-metadata"])
        .arg(&a)
        .arg(&b)
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"(?m)^depth\s+numeric\s*$").unwrap())
        .stdout(predicate::str::is_match(r"(?m)^site\s+categorical\s*$").unwrap())
        .stdout(predicate::str::is_match(r"(?m)^IDS:\s+2\s*$").unwrap())
        .stdout(predicate::str::is_match(r"(?m)^COLUMNS:\s+2\s*$").unwrap());
}

#[test]
fn a_bad_value_is_reported_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.tsv");
    std::fs::write(&path, "id\tdepth\n#q2:types\tnumeric\ns1\t10\ns2\tdeep\n").unwrap();
    qiime()
        .args(["tools", "inspect-metadata"])
        .arg(&path)
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("bad.tsv"))
        .stderr(predicate::str::contains("depth"))
        .stderr(predicate::str::contains("deep"));
}

#[test]
fn duplicate_ids_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dup.tsv");
    std::fs::write(&path, "id\tx\ns1\ta\ns1\tb\n").unwrap();
    qiime()
        .args(["tools", "inspect-metadata"])
        .arg(&path)
        .assert()
        .failure()
        .stderr(predicate::str::contains("dup.tsv"))
        .stderr(predicate::str::contains("s1"));
}

/// Imports `tsv` (written into `dir`) as an `Annotations` artifact; returns its path.
fn annotations_artifact(dir: &std::path::Path, tsv: &str) -> std::path::PathBuf {
    std::fs::write(dir.join("annotations.tsv"), tsv).unwrap();
    crate::common::qiime_with_plugins()
        .current_dir(dir)
        .args([
            "tools",
            "import",
            "--type",
            "Annotations",
            "--input-path",
            "annotations.tsv",
        ])
        .args(["--output-path", "annotations.qza"])
        .assert()
        .success();
    dir.join("annotations.qza")
}

#[test]
fn an_artifact_whose_type_is_metadata_can_be_inspected_and_merged() {
    let dir = tempfile::tempdir().unwrap();
    let artifact = annotations_artifact(dir.path(), "sample-id\tsite\ns1\tgut\ns2\tskin\n");
    let tsv = dir.path().join("depth.tsv");
    std::fs::write(&tsv, "sample-id\tdepth\ns1\t10\ns2\t20\n").unwrap();
    crate::common::qiime_with_plugins()
        .args(["tools", "inspect-metadata"])
        .arg(&artifact)
        .arg(&tsv)
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"(?m)^site\s+categorical\s*$").unwrap())
        .stdout(predicate::str::is_match(r"(?m)^depth\s+numeric\s*$").unwrap())
        .stdout(predicate::str::is_match(r"(?m)^IDS:\s+2\s*$").unwrap());
}

#[test]
fn an_artifact_whose_type_is_not_metadata_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::import_ints(dir.path());
    crate::common::qiime_with_plugins()
        .current_dir(dir.path())
        .args(["tools", "inspect-metadata", "ints.qza"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(
            "ints.qza cannot be used as metadata",
        ))
        .stderr(predicate::str::contains("IntSequence1"));
}

#[test]
fn a_device_is_refused_without_being_read() {
    qiime()
        .args(["tools", "inspect-metadata", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("/dev/zero"))
        .stderr(predicate::str::contains("not a regular file"));
}

#[test]
fn binary_data_is_called_binary_and_utf16_text_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let binary: Vec<u8> = (0..2048u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(dir.path().join("binary.tsv"), binary).unwrap();
    let utf16: Vec<u8> = "id\tph\nS1\t7\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(dir.path().join("utf16.tsv"), utf16).unwrap();
    qiime()
        .current_dir(dir.path())
        .args(["tools", "inspect-metadata", "binary.tsv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("binary.tsv: not a text file"))
        .stderr(predicate::str::contains("UTF-16").not());
    qiime()
        .current_dir(dir.path())
        .args(["tools", "inspect-metadata", "utf16.tsv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("encoded as UTF-16"));
}

#[test]
fn sequences_made_by_qiime2_are_metadata_with_a_sequence_column() {
    let Some(seqs) = fixture("query-seqs.qza") else {
        return;
    };
    crate::common::qiime_with_plugins()
        .args(["tools", "inspect-metadata"])
        .arg(&seqs)
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"(?m)^Sequence\s+categorical\s*$").unwrap())
        .stdout(predicate::str::is_match(r"(?m)^IDS:\s+5\s*$").unwrap())
        .stdout(predicate::str::is_match(r"(?m)^COLUMNS:\s+1\s*$").unwrap());
}

#[test]
fn sequences_are_metadata_to_an_action_too() {
    let (_keep, dir) = crate::common::tutorial_example_data();
    crate::common::tutorial_command(&dir, "query-seqs.qza", "seqmeta")
        .args([
            "--m-reference-metadata-file",
            "reference-seqs.qza",
            "--no-recycle",
        ])
        .assert()
        .success();
    assert!(dir.join("seqmeta-hits-table.qzv").is_file());
}
