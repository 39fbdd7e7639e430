//! Opening archives: checking, extracting into a temporary directory, peeking.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{BufReader, Read, Seek, Write};
use std::path::{Path, PathBuf};

use tempfile::TempDir;
use uuid::Uuid;
use zip::ZipArchive;

use sha2::{Digest, Sha256};

use super::checksums::{self, ChecksumKind, Hasher};
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
    /// SHA-256 over every file's path and SHA-256: two archives with the same UUID but other
    /// bytes differ here.
    content_digest: String,
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

/// The digests taken of one archive's files while they are extracted.
#[derive(Default)]
struct Digests {
    /// Each file's checksum of the archive's kind, by path below the root.
    listed: BTreeMap<String, String>,
    /// Each file's SHA-256, by path below the root: the archive's content identity.
    content: BTreeMap<String, String>,
}

impl Digests {
    /// One SHA-256 over every file's path and SHA-256, in path order.
    fn content_digest(&self) -> String {
        let mut all = Sha256::new();
        for (path, hex) in &self.content {
            all.update(hex.as_bytes());
            all.update(b"  ");
            all.update(path.as_bytes());
            all.update(b"\n");
        }
        all.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The digests of one file, fed as its bytes are copied.
struct FileDigests {
    content: Sha256,
    listed: Option<Hasher>,
}

impl FileDigests {
    fn update(&mut self, bytes: &[u8]) {
        self.content.update(bytes);
        if let Some(listed) = self.listed.as_mut() {
            listed.update(bytes);
        }
    }
}

/// Where one entry goes and how it is checked while it is copied.
struct Copy<'a> {
    archive: &'a Path,
    name: &'a str,
    dest: &'a Path,
    declared: u64,
    limit: u64,
}

/// Copies one entry, enforcing its declared size and the running total, feeding its bytes to
/// `digests`.
fn copy_entry(
    reader: &mut dyn Read,
    out: &mut File,
    copy: &Copy<'_>,
    total: &mut u64,
    mut digests: Option<&mut FileDigests>,
) -> Result<(), ArchiveError> {
    let Copy {
        archive,
        name,
        dest,
        declared,
        limit,
    } = *copy;
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
        if let Some(digests) = digests.as_mut() {
            digests.update(&buf[..n]);
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

/// Extracts the checked entries under `base/<root>/`, taking the digests of the files
/// `kind` covers (those of format 5's checksum file when the format has none).
fn extract(
    zip: &mut Zip,
    path: &Path,
    layout: &Layout,
    base: &Path,
    kind: Option<ChecksumKind>,
) -> Result<(PathBuf, Digests), ArchiveError> {
    let root = base.join(&layout.root);
    fs::create_dir(&root).map_err(|e| ArchiveError::io(&root, e))?;
    let mut total = 0u64;
    let mut digests = Digests::default();
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
        let copy = Copy {
            archive: path,
            name: &name,
            dest: &dest,
            declared: planned.size,
            limit: layout.size_limit,
        };
        let covered = kind.unwrap_or(ChecksumKind::Md5).covers(&planned.rel);
        if !covered {
            copy_entry(&mut entry, &mut out, &copy, &mut total, None)?;
            continue;
        }
        let mut file = FileDigests {
            content: Sha256::new(),
            listed: kind.map(Hasher::new),
        };
        copy_entry(&mut entry, &mut out, &copy, &mut total, Some(&mut file))?;
        let hex: String = file
            .content
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        digests.content.insert(planned.rel.clone(), hex);
        if let Some(h) = file.listed {
            digests.listed.insert(planned.rel.clone(), h.finish());
        }
    }
    Ok((root, digests))
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
    /// new directory under the system temporary directory, checking every file against the
    /// archive's checksum file as it is extracted: a file changed, added or removed since the
    /// archive was written is an [`ArchiveError::ChecksumMismatch`] naming it.
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
        let temp = crate::files::private_tempdir("q2rs-archive-", temp_parent).map_err(|e| {
            let parent = temp_parent.map_or_else(tempfile::env::temp_dir, Path::to_path_buf);
            ArchiveError::io(parent, e)
        })?;
        let kind = info.checksum_kind;
        let (root, digests) = extract(&mut zip, path, &layout, temp.path(), kind)?;
        check_layout(&root, path, info.format_version)?;
        if let Some(kind) = kind {
            checksums::compare(&root, kind, path, &digests.listed)?;
        }
        Ok(Self {
            source: path.to_path_buf(),
            info,
            root,
            content_digest: digests.content_digest(),
            _temp: temp,
        })
    }

    /// A SHA-256 over the path and SHA-256 of every file the archive holds (hidden files, the
    /// checksum file and format 7's annotations left out): what tells two archives with one
    /// UUID but other contents apart.
    pub fn content_digest(&self) -> &str {
        &self.content_digest
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
