//! Tests for opening, peeking and validating archives, including hostile zips.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::*;
use crate::archive::{UnsafeReason, compute_checksum_file, write_archive};

const U: &str = "36b26c53-8b66-423e-9764-718ae33113e2";
const U2: &str = "ae3eee82-ae2e-4e06-a1cb-5f7a2da6a594";

enum Kind {
    File(Vec<u8>),
    Dir,
    Symlink(&'static str),
    /// A file with this full unix mode (type bits included).
    Mode(u32),
}

fn file(text: &str) -> Kind {
    Kind::File(text.as_bytes().to_vec())
}

/// Writes a zip with exactly these entries, in order.
fn zip_with(path: &Path, entries: &[(String, Kind)]) {
    let mut zw = ZipWriter::new(fs::File::create(path).unwrap());
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, kind) in entries {
        match kind {
            Kind::File(bytes) => {
                zw.start_file(name.as_str(), opts).unwrap();
                zw.write_all(bytes).unwrap();
            }
            Kind::Dir => zw.add_directory(name.as_str(), opts).unwrap(),
            Kind::Symlink(target) => zw.add_symlink(name.as_str(), *target, opts).unwrap(),
            Kind::Mode(mode) => {
                zw.start_file(name.as_str(), opts.external_attributes(mode << 16))
                    .unwrap();
                zw.write_all(b"x").unwrap();
            }
        }
    }
    zw.finish().unwrap();
}

/// A `VERSION` file of format `v`, from a framework release that wrote that format.
fn version(v: &str) -> String {
    let framework = if v.starts_with(['0', '1', '2', '3', '4']) {
        "2018.2.0"
    } else {
        "2025.4.0"
    };
    format!("QIIME 2\narchive: {v}\nframework: {framework}\n")
}

/// `entries` with the content of their `checksums.md5` entry computed from the other files, as a
/// writer would (hidden files left out).
fn sealed(entries: Vec<(String, Kind)>) -> Vec<(String, Kind)> {
    let mut lines: Vec<(String, String)> = entries
        .iter()
        .filter_map(|(name, kind)| {
            let (_, rel) = name.split_once('/')?;
            let Kind::File(bytes) = kind else { return None };
            ChecksumKind::Md5.covers(rel).then(|| {
                (
                    rel.to_owned(),
                    ChecksumKind::Md5.hex_of(&bytes[..]).unwrap(),
                )
            })
        })
        .collect();
    lines.sort();
    let text = checksums::render(&lines);
    entries
        .into_iter()
        .map(|(name, kind)| match name.ends_with("/checksums.md5") {
            true => (name, file(&text)),
            false => (name, kind),
        })
        .collect()
}

/// A minimal, well-formed format 6 entry list under root `u` (its checksum file empty: see
/// [`sealed`]).
fn base(u: &str) -> Vec<(String, Kind)> {
    vec![
        (format!("{u}/checksums.md5"), file("")),
        (format!("{u}/VERSION"), file(&version("6"))),
        (
            format!("{u}/metadata.yaml"),
            file(&format!("uuid: {u}\ntype: T\nformat: F\n")),
        ),
        (format!("{u}/data/x.txt"), file("x")),
        (format!("{u}/provenance/action/action.yaml"), file("a: 1\n")),
    ]
}

fn with(mut entries: Vec<(String, Kind)>, name: &str, kind: Kind) -> Vec<(String, Kind)> {
    entries.push((name.to_owned(), kind));
    entries
}

fn without(entries: Vec<(String, Kind)>, suffix: &str) -> Vec<(String, Kind)> {
    entries
        .into_iter()
        .filter(|(n, _)| !n.ends_with(suffix))
        .collect()
}

fn replace(entries: Vec<(String, Kind)>, suffix: &str, kind: Kind) -> Vec<(String, Kind)> {
    let mut kind = Some(kind);
    entries
        .into_iter()
        .map(|(n, k)| {
            if n.ends_with(suffix) {
                let k2 = kind.take().unwrap();
                (n, k2)
            } else {
                (n, k)
            }
        })
        .collect()
}

/// Opens `bytes` as an archive inside a sandbox and checks that the failure left nothing
/// behind: the extraction parent is empty and the sandbox holds only the zip and it.
fn open_fails(bytes: &[u8], limits: &ReadLimits) -> ArchiveError {
    let sandbox = tempfile::tempdir().unwrap();
    let zip_path = sandbox.path().join("in/evil.qza");
    fs::create_dir(sandbox.path().join("in")).unwrap();
    fs::write(&zip_path, bytes).unwrap();
    let extract = sandbox.path().join("in/extract");
    fs::create_dir(&extract).unwrap();
    let err = Archive::open_in(&zip_path, limits, &extract).unwrap_err();
    assert_eq!(
        fs::read_dir(&extract).unwrap().count(),
        0,
        "extraction dir not cleaned"
    );
    let mut top: Vec<_> = fs::read_dir(sandbox.path().join("in"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    top.sort();
    assert_eq!(top, ["evil.qza", "extract"]);
    assert_eq!(fs::read_dir(sandbox.path()).unwrap().count(), 1);
    err
}

fn zip_bytes(entries: &[(String, Kind)]) -> Vec<u8> {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("z.zip");
    zip_with(&p, entries);
    fs::read(p).unwrap()
}

fn fails(entries: &[(String, Kind)]) -> ArchiveError {
    open_fails(&zip_bytes(entries), &ReadLimits::default())
}

fn unsafe_reason(err: &ArchiveError) -> Option<(String, UnsafeReason)> {
    match err {
        ArchiveError::UnsafeEntry { entry, reason, .. } => Some((entry.clone(), *reason)),
        _ => None,
    }
}

#[test]
fn well_formed_base_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("ok.qza");
    let mut entries = vec![
        (format!("{U}/"), Kind::Dir),
        (format!("{U}/data/"), Kind::Dir),
    ];
    entries.extend(base(U));
    zip_with(&p, &sealed(entries));
    let a = Archive::open(&p).unwrap();
    assert_eq!(a.metadata().semantic_type, "T");
    assert_eq!(fs::read(a.data_dir().join("x.txt")).unwrap(), b"x");
    let info = peek(&p).unwrap();
    assert_eq!(info.version.framework, "2025.4.0");
    assert_eq!(info.checksum_kind, Some(ChecksumKind::Md5));
    assert_eq!(info.metadata.format.as_deref(), Some("F"));
}

#[test]
fn zip_slip_is_refused() {
    let err = fails(&with(base(U), "../q2rs-slip", file("evil")));
    assert_eq!(
        unsafe_reason(&err),
        Some(("../q2rs-slip".into(), UnsafeReason::ParentDir))
    );
    let inner = format!("{U}/data/../../q2rs-slip");
    let entries = with(base(U), &inner, file("evil"));
    let err = fails(&entries);
    assert_eq!(
        unsafe_reason(&err),
        Some((inner.clone(), UnsafeReason::ParentDir))
    );
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("slip.qza");
    zip_with(&p, &entries);
    let err = peek(&p).unwrap_err();
    assert_eq!(unsafe_reason(&err), Some((inner, UnsafeReason::ParentDir)));
}

#[test]
fn absolute_and_backslash_names_are_refused() {
    let abs = "/tmp/q2rs-archive-test-absolute";
    let err = fails(&with(base(U), abs, file("evil")));
    assert_eq!(
        unsafe_reason(&err),
        Some((abs.into(), UnsafeReason::Absolute))
    );
    assert!(!Path::new(abs).exists());
    let bs = format!("{U}\\..\\q2rs-bs");
    let err = fails(&with(base(U), &bs, file("evil")));
    assert_eq!(unsafe_reason(&err), Some((bs, UnsafeReason::Backslash)));
}

#[test]
fn symlink_entry_is_refused() {
    let name = format!("{U}/data/link");
    let err = fails(&with(base(U), &name, Kind::Symlink("/etc/passwd")));
    assert_eq!(
        unsafe_reason(&err),
        Some((name.clone(), UnsafeReason::Symlink))
    );
    let err = fails(&with(base(U), &name, Kind::Mode(0o120_777)));
    assert_eq!(
        unsafe_reason(&err),
        Some((name.clone(), UnsafeReason::Symlink))
    );
    let err = fails(&with(base(U), &name, Kind::Mode(0o010_644)));
    assert_eq!(unsafe_reason(&err), Some((name, UnsafeReason::SpecialFile)));
}

#[test]
fn entry_outside_root_is_refused() {
    let err = fails(&with(base(U), "stray.txt", file("x")));
    assert_eq!(
        unsafe_reason(&err),
        Some(("stray.txt".into(), UnsafeReason::OutsideRoot))
    );
}

#[test]
fn hidden_top_level_entries_are_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("ok.qza");
    zip_with(&p, &sealed(with(base(U), ".DS_Store", file("x"))));
    let a = Archive::open(&p).unwrap();
    assert!(!a.root_dir().parent().unwrap().join(".DS_Store").exists());
}

#[test]
fn root_problems() {
    let mut two = base(U);
    two.extend(base(U2));
    let err = fails(&two);
    assert!(
        matches!(&err, ArchiveError::MultipleRoots { roots, .. } if roots == &[U.to_owned(), U2.to_owned()]),
        "{err}"
    );
    let err = fails(&base("not-a-uuid"));
    assert!(
        matches!(&err, ArchiveError::InvalidRootUuid { root, .. } if root == "not-a-uuid"),
        "{err}"
    );
    let upper = U.to_uppercase();
    let err = fails(&base(&upper));
    assert!(matches!(err, ArchiveError::InvalidRootUuid { .. }), "{err}");
    let err = fails(&[]);
    assert!(matches!(err, ArchiveError::NoRoot { .. }), "{err}");
    let err = fails(&[(".hidden/x".into(), file("x"))]);
    assert!(matches!(err, ArchiveError::NoRoot { .. }), "{err}");
}

#[test]
fn missing_files_are_named() {
    let cases = [
        ("/VERSION", "VERSION"),
        ("/metadata.yaml", "metadata.yaml"),
        ("/data/x.txt", "data/"),
        ("/checksums.md5", "checksums.md5"),
        ("/provenance/action/action.yaml", "provenance/"),
    ];
    for (suffix, expected) in cases {
        let err = fails(&without(base(U), suffix));
        assert!(
            matches!(&err, ArchiveError::MissingFile { file, .. } if file == expected),
            "{suffix}: {err}"
        );
        assert!(err.to_string().contains("evil.qza is missing"), "{err}");
    }
}

#[test]
fn bad_version_and_metadata() {
    let err = fails(&replace(base(U), "/VERSION", file("QIIME 2\narchive: 6\n")));
    assert!(matches!(err, ArchiveError::BadVersionFile { .. }), "{err}");
    let err = fails(&replace(base(U), "/VERSION", file("hello")));
    assert!(matches!(err, ArchiveError::BadVersionFile { .. }), "{err}");
    let err = fails(&replace(base(U), "/VERSION", file(&version("9.0"))));
    assert!(
        matches!(err, ArchiveError::UnsupportedVersion { .. }),
        "{err}"
    );
    let meta = format!("uuid: {U2}\ntype: T\nformat: F\n");
    let err = fails(&replace(base(U), "/metadata.yaml", file(&meta)));
    assert!(
        matches!(&err, ArchiveError::UuidMismatch { root, metadata, .. } if root == U && metadata == U2),
        "{err}"
    );
    let err = fails(&replace(base(U), "/metadata.yaml", file("type: [")));
    assert!(matches!(err, ArchiveError::BadMetadataYaml { .. }), "{err}");
    let err = fails(&replace(base(U), "/VERSION", Kind::File(vec![0xff, 0xfe])));
    assert!(matches!(err, ArchiveError::BadVersionFile { .. }), "{err}");
}

#[test]
fn truncated_and_non_zip_files() {
    let good = zip_bytes(&base(U));
    for cut in [1, 22, good.len() / 2] {
        let err = open_fails(&good[..good.len() - cut], &ReadLimits::default());
        assert!(
            matches!(err, ArchiveError::Corrupt { .. }),
            "cut {cut}: {err}"
        );
    }
    let err = open_fails(b"hello, this is not a zip file", &ReadLimits::default());
    assert!(matches!(err, ArchiveError::NotAZip { .. }), "{err}");
    assert!(err.to_string().contains("evil.qza is not a QIIME archive"));
    for tiny in [&b""[..], b"PK", b"hello"] {
        let err = open_fails(tiny, &ReadLimits::default());
        assert!(matches!(err, ArchiveError::NotAZip { .. }), "{err}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let err = Archive::open(&tmp.path().join("absent.qza")).unwrap_err();
    assert!(matches!(err, ArchiveError::Io { .. }), "{err}");
}

#[test]
fn limits_on_count_and_size() {
    let bytes = zip_bytes(&base(U));
    let few = ReadLimits {
        max_entries: 3,
        ..ReadLimits::default()
    };
    let err = open_fails(&bytes, &few);
    assert!(
        matches!(
            err,
            ArchiveError::TooManyEntries {
                count: 5,
                limit: 3,
                ..
            }
        ),
        "{err}"
    );
    let small = ReadLimits {
        max_total_size: 10,
        ..ReadLimits::default()
    };
    let err = open_fails(&bytes, &small);
    assert!(
        matches!(err, ArchiveError::TooLarge { limit: 10, .. }),
        "{err}"
    );
}

/// Overwrites the declared uncompressed size of entry `name` in both headers.
fn patch_declared_size(bytes: &mut [u8], name: &str, size: u32) {
    let needle = name.as_bytes();
    let hits: Vec<usize> = (0..bytes.len() - needle.len())
        .filter(|&i| &bytes[i..i + needle.len()] == needle)
        .collect();
    assert_eq!(hits.len(), 2, "local and central header");
    let (local, central) = (hits[0] - 30, hits[1] - 46);
    assert_eq!(&bytes[local..local + 4], b"PK\x03\x04");
    assert_eq!(&bytes[central..central + 4], b"PK\x01\x02");
    bytes[local + 22..local + 26].copy_from_slice(&size.to_le_bytes());
    bytes[central + 24..central + 28].copy_from_slice(&size.to_le_bytes());
}

#[test]
fn lying_size_header_does_not_help() {
    let big = "A".repeat(100_000);
    let name = format!("{U}/data/big.txt");
    let mut bytes = zip_bytes(&with(base(U), &name, file(&big)));
    patch_declared_size(&mut bytes, &name, 10);
    let limits = ReadLimits {
        max_total_size: 1_000,
        ..ReadLimits::default()
    };
    let err = open_fails(&bytes, &limits);
    assert!(
        matches!(
            err,
            ArchiveError::Corrupt { .. } | ArchiveError::TooLarge { .. }
        ),
        "{err}"
    );
}

#[test]
fn duplicate_entries_are_refused() {
    let a = format!("{U}/data/a.txt");
    let b = format!("{U}/data/b.txt");
    let mut bytes = zip_bytes(&with(with(base(U), &a, file("1")), &b, file("2")));
    let needle = b.as_bytes().to_vec();
    let mut i = 0;
    while i + needle.len() <= bytes.len() {
        if bytes[i..i + needle.len()] == needle[..] {
            bytes[i..i + needle.len()].copy_from_slice(a.as_bytes());
        }
        i += 1;
    }
    let err = open_fails(&bytes, &ReadLimits::default());
    assert_eq!(unsafe_reason(&err), Some((a, UnsafeReason::Duplicate)));
}

/// Zips an extracted root directory `dir` (named by its UUID) to `dest`.
fn zip_dir(dir: &Path, dest: &Path) {
    let root = dir.file_name().unwrap().to_str().unwrap().to_owned();
    let mut entries = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            entries.push((
                format!("{root}/{rel}"),
                Kind::File(fs::read(e.path()).unwrap()),
            ));
        }
    }
    zip_with(dest, &entries);
}

/// Builds an extracted archive directory of the given version under `base`.
fn stage(base: &Path, v: &str, kind: Option<ChecksumKind>, provenance: bool) -> PathBuf {
    let root = base.join(U);
    fs::create_dir_all(root.join("data")).unwrap();
    fs::write(root.join("VERSION"), version(v)).unwrap();
    let meta = format!("uuid: {U}\ntype: Visualization\nformat: null\ndata-size: 3.0 B");
    fs::write(root.join("metadata.yaml"), meta).unwrap();
    fs::write(root.join("data/index.html"), "<p>").unwrap();
    if provenance {
        fs::create_dir_all(root.join("provenance/action")).unwrap();
        fs::write(root.join("provenance/action/action.yaml"), "a: 1\n").unwrap();
    }
    if let Some(kind) = kind {
        let text = compute_checksum_file(&root, kind).unwrap();
        fs::write(root.join(kind.file_name()), text).unwrap();
    }
    root
}

#[test]
fn format_7_reads_sha512_and_annotations() {
    for (v, resolved) in [("7.0", "7.0"), ("7.3", "7.1")] {
        let tmp = tempfile::tempdir().unwrap();
        let root = stage(tmp.path(), v, Some(ChecksumKind::Sha512), true);
        fs::create_dir_all(root.join(format!("annotations/{U2}"))).unwrap();
        fs::write(root.join(format!("annotations/{U2}/note.txt")), "hi").unwrap();
        let dest = tmp.path().join("v7.qzv");
        zip_dir(&root, &dest);
        let a = Archive::open(&dest).unwrap();
        assert_eq!(a.version().to_string(), resolved);
        assert_eq!(a.info().version.archive, v);
        assert_eq!(a.checksum_kind(), Some(ChecksumKind::Sha512));
        assert!(a.metadata().is_visualization());
        a.validate().unwrap();
        assert_eq!(
            peek(&dest).unwrap().checksum_kind,
            Some(ChecksumKind::Sha512)
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = stage(tmp.path(), "7.0", None, true);
    let dest = tmp.path().join("v7.qzv");
    zip_dir(&root, &dest);
    let err = open_fails(&fs::read(&dest).unwrap(), &ReadLimits::default());
    assert!(
        matches!(&err, ArchiveError::MissingFile { file, .. } if file == "checksums.sha512"),
        "{err}"
    );
}

#[test]
fn old_formats_open_without_checksums() {
    for (v, prov) in [("0", false), ("4", true)] {
        let tmp = tempfile::tempdir().unwrap();
        let root = stage(tmp.path(), v, None, prov);
        let dest = tmp.path().join("old.qzv");
        zip_dir(&root, &dest);
        let a = Archive::open(&dest).unwrap();
        assert_eq!(a.checksum_kind(), None);
        assert_eq!(a.provenance_dir().is_some(), prov);
        a.validate().unwrap();
    }
}

fn fixtures() -> Option<Vec<PathBuf>> {
    let dir = crate::test_fixtures::fixtures_dir()?;
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "qza" || e == "qzv"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no archives in {}", dir.display());
    Some(files)
}

#[test]
fn every_fixture_opens_peeks_and_validates() {
    let Some(files) = fixtures() else { return };
    for path in files {
        let info = peek(&path).unwrap();
        let a = Archive::open(&path).unwrap();
        assert_eq!(a.info(), &info);
        assert_eq!(info.version.archive, "6", "{}", path.display());
        assert_eq!(info.checksum_kind, Some(ChecksumKind::Md5));
        assert_eq!(
            a.root_dir().file_name().unwrap().to_str().unwrap(),
            info.metadata.uuid.to_string()
        );
        let is_qzv = path.extension().unwrap() == "qzv";
        assert_eq!(a.metadata().is_visualization(), is_qzv);
        assert_eq!(a.metadata().format.is_none(), is_qzv);
        if is_qzv {
            assert!(a.data_dir().join("index.html").is_file());
        }
        assert!(
            a.provenance_dir()
                .unwrap()
                .join("action/action.yaml")
                .is_file()
        );
        a.validate().unwrap();
        let text = compute_checksum_file(a.root_dir(), ChecksumKind::Md5).unwrap();
        let on_disk = fs::read_to_string(a.root_dir().join("checksums.md5")).unwrap();
        assert_eq!(text, on_disk, "{}", path.display());
    }
}

#[test]
fn rewriting_a_fixture_reproduces_its_checksum_file() {
    let Some(files) = fixtures() else { return };
    let tmp = tempfile::tempdir().unwrap();
    for path in files {
        let a = Archive::open(&path).unwrap();
        let dest = tmp.path().join(path.file_name().unwrap());
        crate::archive::write_archive_with_framework(
            &dest,
            a.metadata(),
            &a.data_dir(),
            &a.provenance_dir().unwrap(),
            a.framework_version(),
        )
        .unwrap();
        let b = Archive::open(&dest).unwrap();
        b.validate().unwrap();
        let original = fs::read(a.root_dir().join("checksums.md5")).unwrap();
        let rewritten = fs::read(b.root_dir().join("checksums.md5")).unwrap();
        assert_eq!(original, rewritten, "{}", path.display());
        let mut zip = zip::ZipArchive::new(fs::File::open(&path).unwrap()).unwrap();
        let mut ours = zip::ZipArchive::new(fs::File::open(&dest).unwrap()).unwrap();
        let mut names: Vec<_> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        let mut mine: Vec<_> = ours.file_names().map(|n| n.unwrap().into_owned()).collect();
        assert_eq!(
            names[..3],
            mine[..3],
            "root files first, as QIIME 2 lays them out"
        );
        names.sort();
        mine.sort();
        assert_eq!(names, mine);
        let first = zip.by_index(0).unwrap().name().unwrap().to_string();
        assert!(ours.by_name(&first).is_ok());
    }
}

mod digests;
mod hostile;
