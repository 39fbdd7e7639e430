//! Writing archives in format 6, atomically.

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

use chrono::{Datelike, Timelike};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::checksums::{self, ChecksumKind};
use super::entries::is_uuid4;
use super::error::ArchiveError;
use super::metadata::ResultMetadata;
use super::partial;
use super::sink::Sink;
use super::tree::{self, Node, Source, Tree};
use super::version::{FRAMEWORK_VERSION, VersionFile};

/// Writes a format 6 archive at `dest` from a data directory and a provenance directory,
/// naming this crate's version as the framework version.
///
/// See [`write_archive_with_framework`].
pub fn write_archive(
    dest: &Path,
    metadata: &ResultMetadata,
    data_dir: &Path,
    provenance_dir: &Path,
) -> Result<(), ArchiveError> {
    write_archive_with_framework(dest, metadata, data_dir, provenance_dir, FRAMEWORK_VERSION)
}

/// Writes a format 6 archive at `dest`: `<uuid>/checksums.md5`, `VERSION`, `metadata.yaml`,
/// `data/...` and `provenance/...` (with copies of `VERSION` and `metadata.yaml`, which
/// replace any the caller's provenance directory holds). Hidden files are skipped.
///
/// The zip is written to a hidden temporary file next to `dest` and renamed onto `dest`
/// only once complete, so a failure never leaves a partial archive at `dest` and never
/// disturbs a file already there. Such files left in that folder by a writer that was killed
/// are removed first (see the `partial` module).
pub fn write_archive_with_framework(
    dest: &Path,
    metadata: &ResultMetadata,
    data_dir: &Path,
    provenance_dir: &Path,
    framework_version: &str,
) -> Result<(), ArchiveError> {
    let provenance = tree::scan_dir(provenance_dir)?;
    write_archive_tree(dest, metadata, data_dir, provenance, framework_version)
}

/// Writes a format 6 archive as [`write_archive_with_framework`] does, from a provenance tree
/// that may hold files in memory (a result whose provenance was never written out).
pub(crate) fn write_archive_tree(
    dest: &Path,
    metadata: &ResultMetadata,
    data_dir: &Path,
    mut provenance: Tree,
    framework_version: &str,
) -> Result<(), ArchiveError> {
    let root = metadata.uuid.hyphenated().to_string();
    if !is_uuid4(&root) {
        return Err(ArchiveError::InvalidRootUuid {
            archive: dest.to_path_buf(),
            root,
        });
    }
    let version = VersionFile::current(framework_version)
        .render()
        .into_bytes();
    let meta = metadata.to_yaml().into_bytes();
    provenance.insert("VERSION".into(), Node::File(Source::Bytes(version.clone())));
    provenance.insert(
        "metadata.yaml".into(),
        Node::File(Source::Bytes(meta.clone())),
    );
    let mut top = Tree::new();
    top.insert("VERSION".into(), Node::File(Source::Bytes(version)));
    top.insert("metadata.yaml".into(), Node::File(Source::Bytes(meta)));
    top.insert("data".into(), Node::Dir(tree::scan_dir(data_dir)?));
    top.insert("provenance".into(), Node::Dir(provenance));
    let kind = ChecksumKind::Md5;
    let sums = checksums::render(&checksums::tree_checksums(&top, kind)?);

    let io_err = |e: io::Error| ArchiveError::io(dest, e);
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    partial::remove_stale_once(parent);
    let mut tmp = partial::create(parent).map_err(io_err)?;
    let _partial = crate::interrupt::remove_on_interrupt(tmp.path());
    let mut zip = ZipWriter::new(Sink::new(tmp.as_file_mut()));
    let stamp = now();
    let checksum_source = Source::Bytes(sums.into_bytes());
    add_file(
        &mut zip,
        &format!("{root}/{}", kind.file_name()),
        &checksum_source,
        stamp,
        dest,
    )?;
    for item in tree::walk(&top) {
        let name = format!("{root}/{}", item.path);
        match item.source {
            Some(source) => add_file(&mut zip, &name, source, stamp, dest)?,
            None => zip
                .add_directory(format!("{name}/"), options(stamp).unix_permissions(0o755))
                .map_err(|e| zip_err(dest, e))?,
        }
    }
    zip.finish().map_err(|e| zip_err(dest, e))?;
    tmp.as_file().sync_all().map_err(io_err)?;
    tmp.persist(dest).map_err(|e| io_err(e.error))?;
    Ok(())
}

fn options(stamp: DateTime) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(stamp)
}

fn add_file<W: Write + io::Seek>(
    zip: &mut ZipWriter<W>,
    name: &str,
    source: &Source,
    stamp: DateTime,
    dest: &Path,
) -> Result<(), ArchiveError> {
    let size = match source {
        Source::Bytes(b) => b.len() as u64,
        Source::File(p) => fs::metadata(p).map_err(|e| ArchiveError::io(p, e))?.len(),
        Source::Range { len, .. } => *len,
    };
    let opts = options(stamp)
        .unix_permissions(0o644)
        .large_file(size >= u64::from(u32::MAX));
    zip.start_file(name, opts).map_err(|e| zip_err(dest, e))?;
    let mut reader = source
        .open()
        .map_err(|e| ArchiveError::io(source.describe(name), e))?;
    // Copied by hand to tell a failed read of the source from a failed write of the zip.
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ArchiveError::io(source.describe(name), e)),
        };
        zip.write_all(&buf[..n])
            .map_err(|e| ArchiveError::io(dest, e))?;
    }
}

fn zip_err(dest: &Path, e: zip::result::ZipError) -> ArchiveError {
    let source = match e {
        zip::result::ZipError::Io(io) => io,
        other => io::Error::other(other),
    };
    ArchiveError::io(dest, source)
}

/// The current local time as a zip timestamp (1980-01-01 if out of range).
fn now() -> DateTime {
    let t = chrono::Local::now();
    u16::try_from(t.year())
        .ok()
        .and_then(|year| {
            DateTime::from_date_and_time(
                year,
                t.month() as u8,
                t.day() as u8,
                t.hour() as u8,
                t.minute() as u8,
                t.second() as u8,
            )
            .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{Archive, ArchiveVersion};
    use md5::{Digest, Md5};
    use std::io::Read;
    use uuid::Uuid;

    const ANCESTOR: &str = "ae3eee82-ae2e-4e06-a1cb-5f7a2da6a594";

    /// A data dir and a provenance dir with hidden files that must be skipped.
    fn inputs(base: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
        let data = base.join("data-in");
        let prov = base.join("prov-in");
        let files = [
            (data.join("dna-sequences.fasta"), ">s1\nACGT\n".to_owned()),
            (data.join("sub/x.txt"), "x".to_owned()),
            (data.join(".hidden"), "no".to_owned()),
            (prov.join("citations.bib"), "@article{a,}\n".to_owned()),
            (
                prov.join("action/action.yaml"),
                "execution: {}\n".to_owned(),
            ),
            (prov.join(".DS_Store"), "no".to_owned()),
            (
                prov.join(format!("artifacts/{ANCESTOR}/VERSION")),
                "QIIME 2\narchive: 6\nframework: 2025.4.0\n".to_owned(),
            ),
        ];
        for (path, text) in files {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        (data, prov)
    }

    fn md5_hex(bytes: &[u8]) -> String {
        Md5::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn read_entry(zip: &mut zip::ZipArchive<fs::File>, name: &str) -> Vec<u8> {
        let mut out = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn layout_file_by_file_and_checksums() {
        let tmp = tempfile::tempdir().unwrap();
        let (data, prov) = inputs(tmp.path());
        let uuid = Uuid::new_v4();
        let root = uuid.to_string();
        let meta =
            ResultMetadata::artifact(uuid, "FeatureData[Sequence]", "DNASequencesDirectoryFormat");
        let dest = tmp.path().join("out.qza");
        write_archive_with_framework(&dest, &meta, &data, &prov, "2025.4.0.dev0").unwrap();

        let mut zip = zip::ZipArchive::new(fs::File::open(&dest).unwrap()).unwrap();
        let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        let rel = [
            "checksums.md5",
            "VERSION",
            "metadata.yaml",
            "data/dna-sequences.fasta",
            "data/sub/x.txt",
            "provenance/VERSION",
            "provenance/citations.bib",
            "provenance/metadata.yaml",
            "provenance/action/action.yaml",
            &format!("provenance/artifacts/{ANCESTOR}/VERSION"),
        ];
        let expected: Vec<String> = rel.iter().map(|r| format!("{root}/{r}")).collect();
        assert_eq!(names, expected);
        for i in 0..zip.len() {
            let f = zip.by_index(i).unwrap();
            assert_eq!(f.compression(), CompressionMethod::Deflated);
            assert_eq!(f.unix_mode().unwrap() & 0o777, 0o644);
        }
        let version = "QIIME 2\narchive: 6\nframework: 2025.4.0.dev0\n";
        let meta_text = format!(
            "uuid: {root}\ntype: FeatureData[Sequence]\nformat: DNASequencesDirectoryFormat\n"
        );
        for dir in ["", "provenance/"] {
            assert_eq!(
                read_entry(&mut zip, &format!("{root}/{dir}VERSION")),
                version.as_bytes()
            );
            assert_eq!(
                read_entry(&mut zip, &format!("{root}/{dir}metadata.yaml")),
                meta_text.as_bytes()
            );
        }
        let mut sums = String::new();
        for r in &rel[1..] {
            let bytes = read_entry(&mut zip, &format!("{root}/{r}"));
            sums.push_str(&format!("{}  {r}\n", md5_hex(&bytes)));
        }
        let got =
            String::from_utf8(read_entry(&mut zip, &format!("{root}/checksums.md5"))).unwrap();
        assert_eq!(got, sums);
        assert_eq!(
            read_entry(&mut zip, &format!("{root}/data/dna-sequences.fasta")),
            b">s1\nACGT\n"
        );
    }

    #[test]
    fn write_then_open_round_trip() {
        let tmp = tempfile::tempdir().unwrap();
        let (data, prov) = inputs(tmp.path());
        let meta = ResultMetadata::visualization(Uuid::new_v4());
        let dest = tmp.path().join("v.qzv");
        write_archive(&dest, &meta, &data, &prov).unwrap();
        let a = Archive::open(&dest).unwrap();
        assert_eq!(a.metadata(), &meta);
        assert_eq!(a.uuid(), meta.uuid);
        assert_eq!(a.version(), ArchiveVersion::WRITTEN);
        assert_eq!(a.framework_version(), FRAMEWORK_VERSION);
        assert_eq!(a.checksum_kind(), Some(ChecksumKind::Md5));
        assert_eq!(
            a.root_dir().file_name().unwrap().to_str(),
            Some(&*meta.uuid.to_string())
        );
        assert_eq!(fs::read(a.data_dir().join("sub/x.txt")).unwrap(), b"x");
        assert!(!a.data_dir().join(".hidden").exists());
        let p = a.provenance_dir().unwrap();
        assert_eq!(
            fs::read_to_string(p.join("metadata.yaml")).unwrap(),
            meta.to_yaml()
        );
        assert!(p.join(format!("artifacts/{ANCESTOR}/VERSION")).is_file());
        a.validate().unwrap();
        let root = a.root_dir().to_path_buf();
        drop(a);
        assert!(!root.exists(), "temporary extraction removed on drop");
    }

    #[test]
    fn empty_data_dir_survives() {
        let tmp = tempfile::tempdir().unwrap();
        let (_, prov) = inputs(tmp.path());
        let empty = tmp.path().join("empty");
        fs::create_dir(&empty).unwrap();
        let dest = tmp.path().join("e.qza");
        let meta = ResultMetadata::artifact(Uuid::new_v4(), "T", "F");
        write_archive(&dest, &meta, &empty, &prov).unwrap();
        let a = Archive::open(&dest).unwrap();
        assert!(a.data_dir().is_dir());
        a.validate().unwrap();
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.contains(".partial"))
            .collect()
    }

    #[test]
    fn atomic_write() {
        let tmp = tempfile::tempdir().unwrap();
        let (data, prov) = inputs(tmp.path());
        let meta = ResultMetadata::artifact(Uuid::new_v4(), "T", "F");

        let nowhere = tmp.path().join("no/such/dir/out.qza");
        let err = write_archive(&nowhere, &meta, &data, &prov).unwrap_err();
        assert!(matches!(err, ArchiveError::Io { .. }), "{err}");
        assert!(!tmp.path().join("no").exists());

        let dest = tmp.path().join("keep.qza");
        fs::write(&dest, b"precious").unwrap();
        let err = write_archive(&dest, &meta, &tmp.path().join("missing"), &prov).unwrap_err();
        assert!(matches!(err, ArchiveError::Io { .. }), "{err}");
        let bad = ResultMetadata::artifact(Uuid::nil(), "T", "F");
        let err = write_archive(&dest, &bad, &data, &prov).unwrap_err();
        assert!(matches!(err, ArchiveError::InvalidRootUuid { .. }), "{err}");
        assert_eq!(fs::read(&dest).unwrap(), b"precious");
        assert!(leftovers(tmp.path()).is_empty());

        write_archive(&dest, &meta, &data, &prov).unwrap();
        assert_eq!(Archive::open(&dest).unwrap().metadata(), &meta);
        assert!(leftovers(tmp.path()).is_empty());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let made = fs::metadata(&dest).unwrap().permissions().mode() & 0o777;
            let plain = tmp.path().join("plain");
            fs::write(&plain, b"").unwrap();
            let usual = fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
            assert_eq!(made, usual, "same mode as an ordinary new file");
        }
    }
}
