//! Tests of the checksums checked while an archive is extracted, and of its content digest.

use std::io::Read;

use super::*;

/// Rewrites `src` to `dest`, changing, adding and removing entries.
fn tamper(src: &Path, dest: &Path, change: &str, add: &str, remove: &str) {
    let mut zip = zip::ZipArchive::new(fs::File::open(src).unwrap()).unwrap();
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name.ends_with(remove) {
            continue;
        }
        if name.ends_with(change) {
            bytes.extend_from_slice(b"tampered");
        }
        entries.push((name, Kind::File(bytes)));
    }
    let root = entries[0].0.split('/').next().unwrap().to_owned();
    entries.push((format!("{root}/{add}"), file("new")));
    zip_with(dest, &entries);
}

#[test]
fn validate_detects_modified_added_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("d");
    let prov = tmp.path().join("p");
    fs::create_dir_all(&data).unwrap();
    fs::create_dir_all(prov.join("action")).unwrap();
    fs::write(data.join("hits.tsv"), "a\tb\n").unwrap();
    fs::write(prov.join("citations.bib"), "@x{y,}\n").unwrap();
    fs::write(prov.join("action/action.yaml"), "a: 1\n").unwrap();
    let meta = ResultMetadata::artifact(Uuid::new_v4(), "T", "F");
    let good = tmp.path().join("good.qza");
    write_archive(&good, &meta, &data, &prov).unwrap();
    Archive::open(&good).unwrap().validate().unwrap();
    let bad = tmp.path().join("bad.qza");
    tamper(
        &good,
        &bad,
        "data/hits.tsv",
        "data/extra.tsv",
        "provenance/citations.bib",
    );
    match Archive::open(&bad).unwrap_err() {
        ArchiveError::ChecksumMismatch {
            archive,
            added,
            removed,
            changed,
        } => {
            assert_eq!(archive, bad);
            assert_eq!(added, ["data/extra.tsv"]);
            assert_eq!(removed, ["provenance/citations.bib"]);
            assert_eq!(changed, ["data/hits.tsv"]);
        }
        other => panic!("{other}"),
    }
}

#[test]
fn the_content_digest_tells_apart_archives_with_one_uuid() {
    let tmp = tempfile::tempdir().unwrap();
    let open = |name: &str, data: &str| {
        let p = tmp.path().join(name);
        let entries = replace(base(U), "data/x.txt", file(data));
        zip_with(&p, &sealed(entries));
        Archive::open(&p).unwrap()
    };
    let genuine = open("a.qza", "x");
    let again = open("b.qza", "x");
    let rewritten = open("c.qza", "y");
    assert_eq!(genuine.uuid(), rewritten.uuid());
    assert_eq!(genuine.content_digest(), again.content_digest());
    assert_ne!(genuine.content_digest(), rewritten.content_digest());
    assert_eq!(genuine.content_digest().len(), 64);
}

#[test]
fn a_changed_file_is_refused_when_opened_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("changed.qza");
    let entries = replace(sealed(base(U)), "data/x.txt", file("changed"));
    zip_with(&p, &entries);
    let err = Archive::open(&p).unwrap_err();
    assert!(
        matches!(&err, ArchiveError::ChecksumMismatch { changed, .. } if changed == &["data/x.txt"]),
        "{err}"
    );
    assert!(err.to_string().contains("changed.qza"), "{err}");
}
