//! `qiime tools import`, `export`, `validate --level`, `list-types` and `list-formats` with the
//! workspace's plugins (found next to the `qiime` binary).

use predicates::prelude::*;

use crate::common::{fixture, qiime_with_plugins as qiime};

const SEQS: &str = ">s1 first\nACGTACGTAC\n>s2\nGGCCNNRYAA\n";

#[test]
fn import_then_export_gives_back_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let fasta = dir.path().join("seqs.fasta");
    std::fs::write(&fasta, SEQS).unwrap();
    qiime()
        .current_dir(dir.path())
        .args([
            "tools",
            "import",
            "--type",
            "FeatureData[Sequence]",
            "--input-path",
            "seqs.fasta",
        ])
        .args(["--output-path", "seqs"])
        .assert()
        .success()
        .stdout("Imported seqs.fasta as DNASequencesDirectoryFormat to seqs.qza\n");
    qiime()
        .current_dir(dir.path())
        .args([
            "tools",
            "export",
            "--input-path",
            "seqs.qza",
            "--output-path",
            "exported",
        ])
        .assert()
        .success();
    let exported = std::fs::read(dir.path().join("exported/dna-sequences.fasta")).unwrap();
    assert_eq!(exported, SEQS.as_bytes());
    qiime()
        .current_dir(dir.path())
        .args(["tools", "validate", "seqs.qza"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "valid DNASequencesDirectoryFormat",
        ));
    qiime()
        .current_dir(dir.path())
        .args(["tools", "peek", "seqs.qza"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Type:        FeatureData[Sequence]\n",
        ));
}

#[test]
fn a_directory_format_imports_from_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("aligned");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("aligned-dna-sequences.fasta"),
        ">a\nAC-T\n>b\nACGT\n",
    )
    .unwrap();
    qiime()
        .current_dir(dir.path())
        .args([
            "tools",
            "import",
            "--type",
            "FeatureData[AlignedSequence]",
            "--input-path",
            "aligned",
        ])
        .args([
            "--input-format",
            "AlignedDNASequencesDirectoryFormat",
            "--output-path",
            "aln.qza",
        ])
        .assert()
        .success();
    assert!(dir.path().join("aln.qza").is_file());
}

#[test]
fn an_invalid_character_names_the_file_line_and_character_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.fasta"), ">s1\nACGT\n>s2\nACXT\n").unwrap();
    qiime()
        .current_dir(dir.path())
        .args([
            "tools",
            "import",
            "--type",
            "FeatureData[Sequence]",
            "--input-path",
            "bad.fasta",
        ])
        .args(["--output-path", "bad.qza"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(
            "bad.fasta, line 4: invalid character 'X' at position 3",
        ));
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["bad.fasta"]);
}

#[test]
fn an_unknown_type_or_format_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("seqs.fasta"), SEQS).unwrap();
    qiime()
        .current_dir(dir.path())
        .args([
            "tools",
            "import",
            "--type",
            "FeatureData[Taxonomy]",
            "--input-path",
            "seqs.fasta",
        ])
        .args(["--output-path", "x.qza"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("FeatureData[Taxonomy]"))
        .stderr(predicate::str::contains("FeatureData[Sequence]"));
    qiime()
        .current_dir(dir.path())
        .args([
            "tools",
            "import",
            "--type",
            "FeatureData[Sequence]",
            "--input-path",
            "seqs.fasta",
        ])
        .args(["--input-format", "FastqGzFormat", "--output-path", "x.qza"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("DNAFASTAFormat"));
}

#[test]
fn validate_checks_the_data_format_at_both_levels() {
    let Some(reference) = fixture("reference-seqs.qza") else {
        return;
    };
    for level in ["min", "max"] {
        qiime()
            .args(["tools", "validate", "--level", level])
            .arg(&reference)
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("level={level}")));
    }
}

#[test]
fn lists_types_and_formats() {
    qiime()
        .args(["tools", "list-types"])
        .assert()
        .success()
        .stdout(predicate::str::contains("FeatureData[Sequence]\n"))
        .stdout(predicate::str::contains("FeatureData[AlignedSequence]\n"));
    qiime()
        .args(["tools", "list-formats", "--importable"])
        .assert()
        .success()
        .stdout(predicate::str::contains("DNASequencesDirectoryFormat\n"));
}

#[test]
fn a_device_is_not_imported_and_a_nul_byte_is_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    qiime()
        .current_dir(dir.path())
        .args(["tools", "import", "--type", "FeatureData[Sequence]"])
        .args(["--input-path", "/dev/zero", "--output-path", "zero.qza"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .failure()
        .stderr(predicate::str::contains("/dev/zero: not a regular file"));
    std::fs::write(dir.path().join("nul.fasta"), b">a\nAC\0GT\n").unwrap();
    let output = qiime()
        .current_dir(dir.path())
        .args(["tools", "import", "--type", "FeatureData[Sequence]"])
        .args(["--input-path", "nul.fasta", "--output-path", "nul.qza"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!output.stderr.contains(&0), "a raw NUL byte was printed");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(r"invalid character '\0' at position 3"),
        "{stderr}"
    );
    assert!(!dir.path().join("zero.qza").exists() && !dir.path().join("nul.qza").exists());
}
