//! Archives written by q2rs: their layout file by file, and the core tools reading them back.

use std::io::Read;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use predicates::prelude::*;
use qiime2::archive::{ResultMetadata, write_archive};
use qiime2::provenance::{
    ActionKind, ActionRecord, CallAction, Citations, Environment, Execution, ExecutionContext,
    ImportAction, InputValue, OutputName, PackageInfo, ParamValue, record_files,
};
use uuid::Uuid;

use crate::common::qiime;

const FRAMEWORK_BIB: &str =
    "@article{framework|qiime2:0.1.0|0,\n title = {A framework},\n year = {2019}\n}\n";
const PLUGIN_BIB: &str = "@misc{plugin|demo:1.0|0,\n title = {A demo plugin},\n year = {2026}\n}\n";

fn environment() -> Environment {
    let framework = PackageInfo {
        version: qiime2::VERSION.to_owned(),
        website: "https://github.com/q2rs/q2rs".to_owned(),
        citations: vec!["framework|qiime2:0.1.0|0".to_owned()],
    };
    let mut plugins = IndexMap::new();
    plugins.insert(
        "demo".to_owned(),
        PackageInfo {
            version: "1.0".into(),
            website: String::new(),
            citations: vec!["plugin|demo:1.0|0".into()],
        },
    );
    Environment {
        platform: "linux-x86_64".to_owned(),
        python: None,
        framework,
        plugins,
        python_packages: None,
        rust_packages: Some(IndexMap::from([(
            "qiime2".to_owned(),
            qiime2::VERSION.to_owned(),
        )])),
    }
}

/// Writes the files of `record` into the provenance folder `dir`.
fn write_record(dir: &Path, record: &ActionRecord, citations: &Citations) {
    for (path, text) in record_files(record, &citations.render().into(), &[]).unwrap() {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text.as_bytes()).unwrap();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Writes an artifact of imported sequences into `dir`; returns its path and uuid.
fn write_import(dir: &Path) -> (PathBuf, Uuid) {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("dna-sequences.fasta"), ">s1\nACGT\n>s2\nGGCC\n").unwrap();
    let provenance = work.path().join("provenance");
    std::fs::create_dir(&provenance).unwrap();
    let mut execution = Execution::begin(None);
    execution.finish();
    let record = ActionRecord::import(
        execution,
        ImportAction {
            format: Some("DNASequencesDirectoryFormat".into()),
            manifest: None,
        },
        None,
        environment(),
    );
    let citations = Citations::parse(FRAMEWORK_BIB, "framework.bib").unwrap();
    write_record(&provenance, &record, &citations);
    let uuid = Uuid::new_v4();
    let path = dir.join("seqs.qza");
    let metadata =
        ResultMetadata::artifact(uuid, "FeatureData[Sequence]", "DNASequencesDirectoryFormat");
    write_archive(&path, &metadata, &data, &provenance).unwrap();
    (path, uuid)
}

/// Writes a method's result derived from `input` (extracted at `input_root`).
fn write_derived(dir: &Path, input: Uuid, input_root: &Path) -> (PathBuf, Uuid) {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("dna-sequences.fasta"), ">s1\nACGT\n").unwrap();
    let provenance = work.path().join("provenance");
    std::fs::create_dir(&provenance).unwrap();
    let mut execution = Execution::begin(Some(ExecutionContext::Synchronous));
    execution.finish();
    let call = CallAction {
        kind: ActionKind::Method,
        plugin: "demo".into(),
        action: "keep_first".into(),
        inputs: vec![("seqs".into(), InputValue::Uuid(input))],
        parameters: vec![("n".into(), ParamValue::Int(1))],
        output_name: OutputName::Plain("kept".into()),
        alias_of: None,
        citations: Vec::new(),
    };
    let record = ActionRecord::action(execution, call, None, environment());
    let mut citations = Citations::parse(FRAMEWORK_BIB, "framework.bib").unwrap();
    citations.merge(&Citations::parse(PLUGIN_BIB, "plugin.bib").unwrap());
    write_record(&provenance, &record, &citations);
    // The input's provenance (an import: no ancestors of its own) joins as `artifacts/<uuid>/`.
    copy_dir(
        &input_root.join("provenance"),
        &provenance.join("artifacts").join(input.to_string()),
    );
    let uuid = Uuid::new_v4();
    let path = dir.join("kept.qza");
    let metadata =
        ResultMetadata::artifact(uuid, "FeatureData[Sequence]", "DNASequencesDirectoryFormat");
    write_archive(&path, &metadata, &data, &provenance).unwrap();
    (path, uuid)
}

fn entries(path: &Path) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    names.sort();
    names
}

fn read_entry(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn an_imported_artifact_has_qiime2_layout_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, uuid) = write_import(dir.path());
    let expected: Vec<String> = [
        "VERSION",
        "checksums.md5",
        "data/dna-sequences.fasta",
        "metadata.yaml",
        "provenance/VERSION",
        "provenance/action/action.yaml",
        "provenance/citations.bib",
        "provenance/metadata.yaml",
    ]
    .iter()
    .map(|name| format!("{uuid}/{name}"))
    .collect();
    let files: Vec<String> = entries(&path)
        .into_iter()
        .filter(|n| !n.ends_with('/'))
        .collect();
    assert_eq!(files, expected);
    assert_eq!(
        read_entry(&path, &format!("{uuid}/VERSION")),
        format!(
            "QIIME 2\narchive: 6\nframework: {}\n",
            qiime2::archive::FRAMEWORK_VERSION
        )
    );
    assert_eq!(
        read_entry(&path, &format!("{uuid}/metadata.yaml")),
        format!("uuid: {uuid}\ntype: FeatureData[Sequence]\nformat: DNASequencesDirectoryFormat\n")
    );
    let action = read_entry(&path, &format!("{uuid}/provenance/action/action.yaml"));
    assert!(action.starts_with("execution:\n    uuid: "), "{action}");
    assert!(
        action.contains("action:\n    type: import\n    format: DNASequencesDirectoryFormat\n"),
        "{action}"
    );
    let checksums = read_entry(&path, &format!("{uuid}/checksums.md5"));
    let listed: Vec<&str> = checksums
        .lines()
        .map(|l| l.split_once("  ").unwrap().1)
        .collect();
    assert_eq!(
        listed,
        [
            "VERSION",
            "metadata.yaml",
            "data/dna-sequences.fasta",
            "provenance/VERSION",
            "provenance/citations.bib",
            "provenance/metadata.yaml",
            "provenance/action/action.yaml",
        ]
    );
}

#[test]
fn the_core_tools_read_what_q2rs_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, uuid) = write_import(dir.path());
    qiime()
        .args(["tools", "peek"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("UUID:        {uuid}\n")))
        .stdout(predicate::str::contains(
            "Type:        FeatureData[Sequence]\n",
        ))
        .stdout(predicate::str::contains(
            "Data format: DNASequencesDirectoryFormat\n",
        ));
    qiime()
        .args(["tools", "validate"])
        .arg(&path)
        .assert()
        .success();
    qiime()
        .args(["tools", "citations"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "@article{framework|qiime2:0.1.0|0,",
        ));
}

#[test]
fn a_derived_result_carries_its_ancestors_and_all_their_citations() {
    let dir = tempfile::tempdir().unwrap();
    let (input, input_uuid) = write_import(dir.path());
    let input_root = tempfile::tempdir().unwrap();
    zip::ZipArchive::new(std::fs::File::open(&input).unwrap())
        .unwrap()
        .extract(input_root.path())
        .unwrap();
    let (path, uuid) = write_derived(
        dir.path(),
        input_uuid,
        &input_root.path().join(input_uuid.to_string()),
    );
    let names = entries(&path);
    for file in [
        "VERSION",
        "metadata.yaml",
        "citations.bib",
        "action/action.yaml",
    ] {
        let name = format!("{uuid}/provenance/artifacts/{input_uuid}/{file}");
        assert!(names.contains(&name), "missing {name} in {names:#?}");
    }
    let action = read_entry(&path, &format!("{uuid}/provenance/action/action.yaml"));
    assert!(
        action.contains(&format!("    -   seqs: {input_uuid}\n")),
        "{action}"
    );
    qiime()
        .args(["tools", "validate"])
        .arg(&path)
        .assert()
        .success();
    let assert = qiime()
        .args(["tools", "citations"])
        .arg(&path)
        .assert()
        .success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(
        out.matches("@article{framework|qiime2:0.1.0|0,").count(),
        1,
        "{out}"
    );
    assert_eq!(out.matches("@misc{plugin|demo:1.0|0,").count(), 1, "{out}");
}
