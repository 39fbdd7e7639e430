//! `qiime tools validate`: layout and checksums, and hostile archives refused without side effects.

use std::path::Path;

use predicates::prelude::*;

use crate::common::{Entry, fixture, fixture_archives, qiime, rewrite_entry, write_zip};

const ROOT: &str = "3a2f2b1c-4d5e-4f60-8a7b-9c0d1e2f3a4b";

#[test]
fn archives_made_by_qiime2_are_valid() {
    for archive in fixture_archives() {
        qiime()
            .args(["tools", "validate"])
            .arg(&archive)
            .assert()
            .success()
            .stdout(predicate::str::contains("appears to be valid"));
    }
}

#[test]
fn a_changed_data_file_fails_its_checksum() {
    let Some(hits) = fixture("serial-hits.qza") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let tampered = dir.path().join("tampered.qza");
    rewrite_entry(
        &hits,
        &tampered,
        "/data/hits.tsv",
        b"query id\treference id\n",
    );
    qiime()
        .args(["tools", "validate"])
        .arg(&tampered)
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("tampered.qza"))
        .stderr(predicate::str::contains("data/hits.tsv"));
}

/// Runs `validate` on a zip of `entries` in an empty folder; asserts failure, the message, and that
/// nothing appeared in the folder or next to it.
fn refused(entries: &[Entry<'_>], message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let path = work.join("hostile.qza");
    write_zip(&path, entries);
    qiime()
        .current_dir(&work)
        .args(["tools", "validate", "hostile.qza"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("hostile.qza"))
        .stderr(predicate::str::contains(message));
    assert_eq!(listing(dir.path()), ["work", "work/hostile.qza"]);
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        found.push(path.clone());
        if path.is_dir() {
            found.extend(walk(&path));
        }
    }
    found
}

fn version() -> &'static [u8] {
    b"QIIME 2\narchive: 6\nframework: 2025.4.0\n"
}

#[test]
fn a_zip_slip_entry_is_refused() {
    refused(
        &[
            Entry::File(&format!("{ROOT}/VERSION"), version()),
            Entry::File(&format!("{ROOT}/../../escaped.txt"), b"gotcha"),
        ],
        "..",
    );
}

#[test]
fn an_absolute_entry_is_refused() {
    refused(
        &[
            Entry::File(&format!("{ROOT}/VERSION"), version()),
            Entry::File("/tmp/q2rs-absolute-entry.txt", b"gotcha"),
        ],
        "absolute",
    );
    assert!(!Path::new("/tmp/q2rs-absolute-entry.txt").exists());
}

#[test]
fn a_symlink_entry_is_refused() {
    refused(
        &[
            Entry::File(&format!("{ROOT}/VERSION"), version()),
            Entry::Symlink(&format!("{ROOT}/data/link"), "/etc/passwd"),
        ],
        "symbolic link",
    );
}

#[test]
fn two_root_folders_are_refused() {
    refused(
        &[
            Entry::File(&format!("{ROOT}/VERSION"), version()),
            Entry::File("5b3c2d1e-6f70-4a81-9b2c-3d4e5f607182/VERSION", version()),
        ],
        "root",
    );
}

#[test]
fn a_root_that_is_not_a_uuid_is_refused() {
    refused(&[Entry::File("not-a-uuid/VERSION", version())], "UUID");
}

#[test]
fn a_truncated_archive_is_refused() {
    let Some(hits) = fixture("serial-hits.qza") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("truncated.qza");
    let bytes = std::fs::read(&hits).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    qiime()
        .args(["tools", "validate"])
        .arg(&path)
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("truncated.qza"));
}

#[test]
fn an_archive_over_the_size_limit_is_refused_before_extraction() {
    let Some(hits) = fixture("serial-hits.qza") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    qiime()
        .env("QIIME2_ARCHIVE_MAX_SIZE", "4096")
        .env("TMPDIR", dir.path())
        .args(["tools", "validate"])
        .arg(&hits)
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("the limit is 4096 bytes"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "something was extracted"
    );
}

#[test]
fn an_archive_over_the_entry_limit_is_refused() {
    let Some(hits) = fixture("serial-hits.qza") else {
        return;
    };
    qiime()
        .env("QIIME2_ARCHIVE_MAX_ENTRIES", "10")
        .args(["tools", "peek"])
        .arg(&hits)
        .assert()
        .failure()
        .stderr(predicate::str::contains("the limit is 10"));
}

#[test]
fn a_malformed_limit_is_a_clear_error() {
    let Some(hits) = fixture("serial-hits.qza") else {
        return;
    };
    qiime()
        .env("QIIME2_ARCHIVE_MAX_SIZE", "lots")
        .args(["tools", "validate"])
        .arg(&hits)
        .assert()
        .failure()
        .stderr(predicate::str::contains("QIIME2_ARCHIVE_MAX_SIZE"));
}
