//! Writing archives in format 6, atomically.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use chrono::{Datelike, Timelike};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::checksums::{self, ChecksumKind};
use super::entries::is_uuid4;
use super::error::ArchiveError;
use super::metadata::ResultMetadata;
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
/// disturbs a file already there.
pub fn write_archive_with_framework(
    dest: &Path,
    metadata: &ResultMetadata,
    data_dir: &Path,
    provenance_dir: &Path,
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
    let mut provenance = tree::scan_dir(provenance_dir)?;
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
    let mut tmp = tempfile::Builder::new()
        .prefix(".q2rs-")
        .suffix(".partial")
        .tempfile_in(parent)
        .map_err(io_err)?;
    let mut zip = ZipWriter::new(tmp.as_file_mut());
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
    };
    let opts = options(stamp)
        .unix_permissions(0o644)
        .large_file(size >= u64::from(u32::MAX));
    zip.start_file(name, opts).map_err(|e| zip_err(dest, e))?;
    let mut reader = source
        .open()
        .map_err(|e| ArchiveError::io(source.describe(name), e))?;
    io::copy(&mut reader, zip).map_err(|e| ArchiveError::io(source.describe(name), e))?;
    Ok(())
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
