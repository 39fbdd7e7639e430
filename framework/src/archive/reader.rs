//! Opening archives: checking, extracting into a temporary directory, peeking.

use std::fs::{self, File, OpenOptions};
use std::io::{BufReader, Read, Seek, Write};
use std::path::{Path, PathBuf};

use tempfile::TempDir;
use uuid::Uuid;
use zip::ZipArchive;

use super::checksums::{self, ChecksumKind};
use super::entries::{self, Layout, ReadLimits};
use super::error::ArchiveError;
use super::metadata::ResultMetadata;
use super::version::{ArchiveVersion, VersionFile};

/// Largest `VERSION` or `metadata.yaml` read from a zip.
const SMALL_FILE_LIMIT: u64 = 1 << 20;

/// What [`peek`] learns from `VERSION` and `metadata.yaml` without extracting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeekInfo {
    /// The result's metadata (uuid, type, format).
    pub metadata: ResultMetadata,
    /// The `VERSION` file (archive and framework versions as written).
    pub version: VersionFile,
    /// The known format the archive is read as (e.g. `7.1` for `7.4`).
    pub format_version: ArchiveVersion,
    /// The checksum file kind of that format (`None` before format 5).
    pub checksum_kind: Option<ChecksumKind>,
}

/// An archive extracted into its own temporary directory, removed when this is dropped.
#[derive(Debug)]
pub struct Archive {
    source: PathBuf,
    info: PeekInfo,
    root: PathBuf,
    _temp: TempDir,
}

type Zip = ZipArchive<BufReader<File>>;

/// Opens `path` as a zip, telling a non-zip file from a damaged one.
fn open_zip(path: &Path) -> Result<Zip, ArchiveError> {
    let file = File::open(path).map_err(|e| ArchiveError::io(path, e))?;
    let mut head = [0u8; 4];
    let mut probe = &file;
    let got = probe
        .read(&mut head)
        .map_err(|e| ArchiveError::io(path, e))?;
    let looks_like_zip = got == 4 && (head == *b"PK\x03\x04" || head == *b"PK\x05\x06");
    (&file).rewind().map_err(|e| ArchiveError::io(path, e))?;
    ZipArchive::new(BufReader::new(file)).map_err(|e| {
        if looks_like_zip {
            corrupt(path, e.to_string())
        } else {
            ArchiveError::NotAZip {
                archive: path.to_path_buf(),
            }
        }
    })
}

fn corrupt(path: &Path, detail: String) -> ArchiveError {
    ArchiveError::Corrupt {
        archive: path.to_path_buf(),
        detail,
    }
}

/// Reads a small text file `<root>/<file>` from the zip.
fn read_small(
    zip: &mut Zip,
    path: &Path,
    root: &str,
    file: &str,
    bad: impl Fn(String) -> ArchiveError,
) -> Result<String, ArchiveError> {
    let name = format!("{root}/{file}");
    let index = zip
        .index_for_name(&name)
        .ok_or_else(|| ArchiveError::MissingFile {
            archive: path.to_path_buf(),
            file: file.to_owned(),
            version: "every archive version".to_owned(),
        })?;
    let entry = zip
        .by_index(index)
        .map_err(|e| corrupt(path, format!("entry {name}: {e}")))?;
    let mut bytes = Vec::new();
    entry
        .take(SMALL_FILE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| corrupt(path, format!("entry {name}: {e}")))?;
    if bytes.len() as u64 > SMALL_FILE_LIMIT {
        return Err(bad(format!(
            "{file} is larger than {SMALL_FILE_LIMIT} bytes"
        )));
    }
    String::from_utf8(bytes).map_err(|_| bad(format!("{file} is not UTF-8 text")))
}

/// Reads and checks `VERSION` and `metadata.yaml` of a checked zip.
fn peek_zip(zip: &mut Zip, path: &Path, layout: &Layout) -> Result<PeekInfo, ArchiveError> {
    let bad_version = |detail| ArchiveError::BadVersionFile {
        archive: path.to_path_buf(),
        detail,
    };
    let text = read_small(zip, path, &layout.root, "VERSION", bad_version)?;
    let version = VersionFile::parse(&text, path)?;
    let format = version.readable_version(path)?;
    let bad_meta = |detail| ArchiveError::BadMetadataYaml {
        archive: path.to_path_buf(),
        detail,
    };
    let text = read_small(zip, path, &layout.root, "metadata.yaml", bad_meta)?;
    let metadata = ResultMetadata::parse(&text, path)?;
    let uuid = metadata.uuid.hyphenated().to_string();
    if uuid != layout.root {
        return Err(ArchiveError::UuidMismatch {
            archive: path.to_path_buf(),
            root: layout.root.clone(),
            metadata: uuid,
        });
    }
    Ok(PeekInfo {
        metadata,
        version,
        format_version: format,
        checksum_kind: format.checksum_kind(),
    })
}

/// Reads only `VERSION` and `metadata.yaml` from the zip at `path` (after checking every
/// entry name), with [`ReadLimits::from_env`].
///
/// # Examples
/// ```no_run
/// let info = qiime2::archive::peek("seqs.qza".as_ref())?;
/// println!("{} {}", info.metadata.uuid, info.metadata.semantic_type);
/// # Ok::<(), qiime2::archive::ArchiveError>(())
/// ```
pub fn peek(path: &Path) -> Result<PeekInfo, ArchiveError> {
    let limits = ReadLimits::from_env()?;
    let mut zip = open_zip(path)?;
    let layout = entries::scan(&mut zip, path, &limits)?;
    peek_zip(&mut zip, path, &layout)
}

/// Copies one entry, enforcing its declared size and the running total.
fn copy_entry(
    reader: &mut dyn Read,
    out: &mut File,
    ctx: (&Path, &str, &Path),
    declared: u64,
    total: &mut u64,
    limit: u64,
) -> Result<(), ArchiveError> {
    let (archive, name, dest) = ctx;
    let mut buf = vec![0u8; 64 * 1024];
    let mut written: u64 = 0;
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(|e| corrupt(archive, format!("entry {name}: {e}")))?;
        if n == 0 {
            break;
        }
        written += n as u64;
        *total += n as u64;
        if written > declared {
            return Err(corrupt(
                archive,
                format!("entry {name} holds more than the {declared} bytes its header declares"),
            ));
        }
        if *total > limit {
            return Err(ArchiveError::TooLarge {
                archive: archive.to_path_buf(),
                size: u128::from(*total),
                limit,
            });
        }
        out.write_all(&buf[..n])
            .map_err(|e| ArchiveError::io(dest, e))?;
    }
    if written != declared {
        return Err(corrupt(
            archive,
            format!("entry {name} holds {written} bytes but its header declares {declared}"),
        ));
    }
    Ok(())
}

/// Extracts the checked entries under `base/<root>/`.
fn extract(
    zip: &mut Zip,
    path: &Path,
    layout: &Layout,
    base: &Path,
    limits: &ReadLimits,
) -> Result<PathBuf, ArchiveError> {
    let root = base.join(&layout.root);
    fs::create_dir(&root).map_err(|e| ArchiveError::io(&root, e))?;
    let mut total = 0u64;
    for planned in &layout.entries {
        let dest = if planned.rel.is_empty() {
            root.clone()
        } else {
            root.join(&planned.rel)
        };
        if planned.is_dir {
            fs::create_dir_all(&dest).map_err(|e| ArchiveError::io(&dest, e))?;
            continue;
        }
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| ArchiveError::io(parent, e))?;
        }
        let mut out = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&dest)
            .map_err(|e| ArchiveError::io(&dest, e))?;
        let name = format!("{}/{}", layout.root, planned.rel);
        let mut entry = zip
            .by_index(planned.index)
            .map_err(|e| corrupt(path, format!("entry {name}: {e}")))?;
        copy_entry(
            &mut entry,
            &mut out,
            (path, &name, &dest),
            planned.size,
            &mut total,
            limits.max_total_size,
        )?;
    }
    Ok(root)
}

/// Checks the extracted layout required by `format`.
fn check_layout(root: &Path, path: &Path, format: ArchiveVersion) -> Result<(), ArchiveError> {
    let missing = |file: &str| ArchiveError::MissingFile {
        archive: path.to_path_buf(),
        file: file.to_owned(),
        version: format!("archive version {format}"),
    };
    if !root.join("data").is_dir() {
        return Err(missing("data/"));
    }
    if let Some(kind) = format.checksum_kind()
        && !root.join(kind.file_name()).is_file()
    {
        return Err(missing(kind.file_name()));
    }
    if format.has_provenance() && !root.join("provenance").is_dir() {
        return Err(missing("provenance/"));
    }
    Ok(())
}

impl Archive {
    /// Opens and extracts the archive at `path` with [`ReadLimits::from_env`] into a
    /// new directory under the system temporary directory.
    ///
    /// # Examples
    /// ```no_run
    /// use qiime2::archive::Archive;
    /// let a = Archive::open("seqs.qza".as_ref())?;
    /// a.validate()?;
    /// println!("{} in {}", a.metadata().semantic_type, a.data_dir().display());
    /// # Ok::<(), qiime2::archive::ArchiveError>(())
    /// ```
    pub fn open(path: &Path) -> Result<Self, ArchiveError> {
        Self::open_with(path, &ReadLimits::from_env()?)
    }

    /// As [`Archive::open`], with explicit limits.
    pub fn open_with(path: &Path, limits: &ReadLimits) -> Result<Self, ArchiveError> {
        Self::open_impl(path, limits, None)
    }

    /// As [`Archive::open_with`], extracting under `temp_parent` instead of the system
    /// temporary directory.
    pub fn open_in(
        path: &Path,
        limits: &ReadLimits,
        temp_parent: &Path,
    ) -> Result<Self, ArchiveError> {
        Self::open_impl(path, limits, Some(temp_parent))
    }

    fn open_impl(
        path: &Path,
        limits: &ReadLimits,
        temp_parent: Option<&Path>,
    ) -> Result<Self, ArchiveError> {
        let mut zip = open_zip(path)?;
        let layout = entries::scan(&mut zip, path, limits)?;
        let info = peek_zip(&mut zip, path, &layout)?;
        let mut builder = tempfile::Builder::new();
        builder.prefix("q2rs-archive-");
        let temp = match temp_parent {
            Some(parent) => builder
                .tempdir_in(parent)
                .map_err(|e| ArchiveError::io(parent, e))?,
            None => builder
                .tempdir()
                .map_err(|e| ArchiveError::io(tempfile::env::temp_dir(), e))?,
        };
        let root = extract(&mut zip, path, &layout, temp.path(), limits)?;
        check_layout(&root, path, info.format_version)?;
        Ok(Self {
            source: path.to_path_buf(),
            info,
            root,
            _temp: temp,
        })
    }

    /// The archive file this was read from.
    pub fn source(&self) -> &Path {
        &self.source
    }

    /// The result's UUID.
    pub fn uuid(&self) -> Uuid {
        self.info.metadata.uuid
    }

    /// `VERSION` and `metadata.yaml` as read, plus the format and checksum kind.
    pub fn info(&self) -> &PeekInfo {
        &self.info
    }

    /// The known format the archive is read as.
    pub fn version(&self) -> ArchiveVersion {
        self.info.format_version
    }

    /// The framework version that wrote the archive.
    pub fn framework_version(&self) -> &str {
        &self.info.version.framework
    }

    /// The result's metadata (uuid, semantic type, format).
    pub fn metadata(&self) -> &ResultMetadata {
        &self.info.metadata
    }

    /// The checksum kind of the format (`None` before format 5).
    pub fn checksum_kind(&self) -> Option<ChecksumKind> {
        self.info.checksum_kind
    }

    /// The extracted root directory (`<temp>/<uuid>`).
    pub fn root_dir(&self) -> &Path {
        &self.root
    }

    /// The payload directory (`<root>/data`).
    pub fn data_dir(&self) -> PathBuf {
        self.root.join("data")
    }

    /// The provenance directory (`<root>/provenance`); `None` for format 0.
    pub fn provenance_dir(&self) -> Option<PathBuf> {
        self.info
            .format_version
            .has_provenance()
            .then(|| self.root.join("provenance"))
    }

    /// Verifies the extracted files against the checksum file (a no-op before format 5).
    pub fn validate(&self) -> Result<(), ArchiveError> {
        match self.info.checksum_kind {
            Some(kind) => checksums::verify_named(&self.root, kind, &self.source),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
