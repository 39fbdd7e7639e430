//! Checking every zip entry before anything is extracted.

use std::collections::{BTreeSet, HashSet};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use uuid::Uuid;
use zip::ZipArchive;

use super::error::{ArchiveError, UnsafeReason};

/// Bounds on what an archive may hold, checked against the central directory and again
/// while extracting.
///
/// # Examples
/// ```
/// use qiime2::archive::ReadLimits;
/// let tight = ReadLimits { max_total_size: 1 << 20, ..ReadLimits::default() };
/// assert_eq!(tight.max_entries, 1_000_000);
/// // A 4 MB zip may hold up to 1 GiB; a 100 MB one up to 10 GB.
/// assert_eq!(ReadLimits::default().size_limit(4 << 20), 1 << 30);
/// assert_eq!(ReadLimits::default().size_limit(100_000_000), 10_000_000_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Largest total uncompressed size in bytes (default 64 GiB).
    pub max_total_size: u64,
    /// Largest number of zip entries (default 1,000,000).
    pub max_entries: usize,
    /// Largest ratio of the uncompressed size to the zip file's size past
    /// [`RATIO_FLOOR`] (default 100: real data compresses far less; a zip bomb far more).
    pub max_ratio: u64,
}

/// The uncompressed size any archive may have, whatever its ratio (1 GiB).
pub const RATIO_FLOOR: u64 = 1 << 30;

impl Default for ReadLimits {
    fn default() -> Self {
        Self {
            max_total_size: 64 << 30,
            max_entries: 1_000_000,
            max_ratio: 100,
        }
    }
}

/// The environment variable that overrides [`ReadLimits::max_total_size`] (bytes).
pub const MAX_SIZE_VAR: &str = "QIIME2_ARCHIVE_MAX_SIZE";
/// The environment variable that overrides [`ReadLimits::max_entries`].
pub const MAX_ENTRIES_VAR: &str = "QIIME2_ARCHIVE_MAX_ENTRIES";
/// The environment variable that overrides [`ReadLimits::max_ratio`].
pub const MAX_RATIO_VAR: &str = "QIIME2_ARCHIVE_MAX_RATIO";

impl ReadLimits {
    /// The default limits with the overrides of `$QIIME2_ARCHIVE_MAX_SIZE` (bytes),
    /// `$QIIME2_ARCHIVE_MAX_ENTRIES` and `$QIIME2_ARCHIVE_MAX_RATIO` applied; a value that is not
    /// a whole number is an error.
    pub fn from_env() -> Result<Self, ArchiveError> {
        let mut limits = Self::default();
        if let Some(size) = env_limit(MAX_SIZE_VAR)? {
            limits.max_total_size = size;
        }
        if let Some(ratio) = env_limit(MAX_RATIO_VAR)? {
            limits.max_ratio = ratio;
        }
        if let Some(entries) = env_limit(MAX_ENTRIES_VAR)? {
            limits.max_entries = usize::try_from(entries).unwrap_or(usize::MAX);
        }
        Ok(limits)
    }
}

impl ReadLimits {
    /// The largest uncompressed size of a zip file of `compressed` bytes: `max_ratio` times its
    /// size, at least [`RATIO_FLOOR`], at most `max_total_size`.
    pub fn size_limit(&self, compressed: u64) -> u64 {
        RATIO_FLOOR
            .max(compressed.saturating_mul(self.max_ratio))
            .min(self.max_total_size)
    }
}

fn env_limit(variable: &'static str) -> Result<Option<u64>, ArchiveError> {
    let Some(value) = std::env::var_os(variable) else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    text.trim()
        .parse::<u64>()
        .map(Some)
        .map_err(|_| ArchiveError::InvalidLimit {
            variable,
            value: text.into_owned(),
        })
}

/// An entry to extract: its index and its path below the root directory.
pub(crate) struct Planned {
    /// Index in the zip.
    pub(crate) index: usize,
    /// Path below the root, `/`-separated; empty for the root directory entry itself.
    pub(crate) rel: String,
    /// Whether it is a directory entry.
    pub(crate) is_dir: bool,
    /// The uncompressed size the central directory declares.
    pub(crate) size: u64,
}

/// The checked layout of a zip: its root directory name and entries to extract.
pub(crate) struct Layout {
    /// The root directory name (a canonical version 4 UUID).
    pub(crate) root: String,
    /// Entries under the root, in zip order.
    pub(crate) entries: Vec<Planned>,
    /// The largest total uncompressed size allowed for this zip file.
    pub(crate) size_limit: u64,
}

const S_IFMT: u32 = 0o170_000;
const S_IFLNK: u32 = 0o120_000;
const S_IFREG: u32 = 0o100_000;
const S_IFDIR: u32 = 0o040_000;

/// Longest entry name, in bytes: well under `PATH_MAX` once placed in the temporary folder.
pub(crate) const MAX_NAME_BYTES: usize = 1024;
/// Most `/`-separated components in an entry name (real archives use fewer than ten).
pub(crate) const MAX_NAME_DEPTH: usize = 64;

/// Whether `s` is a canonical (lowercase, hyphenated) version 4 UUID.
pub(crate) fn is_uuid4(s: &str) -> bool {
    Uuid::parse_str(s).is_ok_and(|u| {
        u.get_version_num() == 4
            && u.get_variant() == uuid::Variant::RFC4122
            && u.hyphenated().to_string() == s
    })
}

/// Checks one entry name; returns its `/`-separated components (no trailing empty one).
fn check_name(name: &str) -> Result<Vec<&str>, UnsafeReason> {
    if name.contains('\0') {
        return Err(UnsafeReason::NulByte);
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(UnsafeReason::TooLong);
    }
    if name.contains('\\') {
        return Err(UnsafeReason::Backslash);
    }
    let drive =
        name.len() >= 2 && name.as_bytes()[1] == b':' && name.as_bytes()[0].is_ascii_alphabetic();
    if name.starts_with('/') || drive {
        return Err(UnsafeReason::Absolute);
    }
    let trimmed = name.strip_suffix('/').unwrap_or(name);
    let parts: Vec<&str> = trimmed.split('/').collect();
    if parts.contains(&"..") {
        return Err(UnsafeReason::ParentDir);
    }
    if parts.iter().any(|p| p.is_empty() || *p == ".") {
        return Err(UnsafeReason::NonNormalComponent);
    }
    if parts.len() > MAX_NAME_DEPTH {
        return Err(UnsafeReason::TooDeep);
    }
    Ok(parts)
}

/// Finds a name listed twice in the central directory by reading its raw records (the
/// zip crate keeps only one entry per name).
fn duplicate_name(archive: &Path, cd_start: u64) -> Option<String> {
    let mut file = std::io::BufReader::new(std::fs::File::open(archive).ok()?);
    file.seek(SeekFrom::Start(cd_start)).ok()?;
    let mut seen = HashSet::new();
    loop {
        let mut header = [0u8; 46];
        file.read_exact(&mut header).ok()?;
        if header[..4] != [0x50, 0x4b, 0x01, 0x02] {
            return None;
        }
        let le = |i: usize| u64::from(u16::from_le_bytes([header[i], header[i + 1]]));
        let mut name = vec![0u8; usize::try_from(le(28)).ok()?];
        file.read_exact(&mut name).ok()?;
        let name = String::from_utf8_lossy(&name).into_owned();
        if !seen.insert(name.clone()) {
            return Some(name);
        }
        file.seek(SeekFrom::Current(i64::try_from(le(30) + le(32)).ok()?))
            .ok()?;
    }
}

/// Checks all entries of `zip` (names, types, count, declared sizes, single UUID root)
/// and returns what to extract. Nothing is read but the central directory.
pub(crate) fn scan<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    archive: &Path,
    limits: &ReadLimits,
) -> Result<Layout, ArchiveError> {
    let unsafe_entry = |entry: &str, reason| ArchiveError::UnsafeEntry {
        archive: archive.to_path_buf(),
        entry: entry.to_owned(),
        reason,
    };
    if zip.len() > limits.max_entries {
        return Err(ArchiveError::TooManyEntries {
            archive: archive.to_path_buf(),
            count: zip.len(),
            limit: limits.max_entries,
        });
    }
    if zip.has_duplicate_names() {
        let name = duplicate_name(archive, zip.central_directory_start())
            .unwrap_or_else(|| "(name unreadable)".to_owned());
        return Err(unsafe_entry(&name, UnsafeReason::Duplicate));
    }
    // Entries sharing compressed bytes: the non-recursive zip bomb, where many entries
    // inflate the same data (and no writer makes such a zip for real data).
    let overlapping = zip
        .has_overlapping_entries()
        .map_err(|e| ArchiveError::Corrupt {
            archive: archive.to_path_buf(),
            detail: e.to_string(),
        })?;
    if overlapping {
        return Err(ArchiveError::OverlappingEntries {
            archive: archive.to_path_buf(),
        });
    }
    let mut seen = HashSet::new();
    let mut roots = BTreeSet::new();
    let mut total: u128 = 0;
    let mut planned = Vec::new();
    for index in 0..zip.len() {
        let entry = zip
            .by_index_data(index)
            .map_err(|e| ArchiveError::Corrupt {
                archive: archive.to_path_buf(),
                detail: format!("entry {index}: {e}"),
            })?;
        let name = entry.name().map_err(|e| ArchiveError::Corrupt {
            archive: archive.to_path_buf(),
            detail: format!("entry {index} name: {e}"),
        })?;
        let parts = check_name(&name).map_err(|r| unsafe_entry(&name, r))?;
        let is_dir = entry.is_dir();
        match entry.unix_mode().map(|m| m & S_IFMT) {
            None | Some(0 | S_IFREG | S_IFDIR) => {}
            Some(S_IFLNK) => return Err(unsafe_entry(&name, UnsafeReason::Symlink)),
            Some(_) => return Err(unsafe_entry(&name, UnsafeReason::SpecialFile)),
        }
        if !seen.insert(parts.join("/")) {
            return Err(unsafe_entry(&name, UnsafeReason::Duplicate));
        }
        total += u128::from(entry.size());
        let top = parts[0];
        if top.starts_with('.') {
            continue;
        }
        if parts.len() == 1 && !is_dir {
            return Err(unsafe_entry(&name, UnsafeReason::OutsideRoot));
        }
        roots.insert(top.to_owned());
        planned.push(Planned {
            index,
            rel: parts[1..].join("/"),
            is_dir,
            size: entry.size(),
        });
    }
    let compressed = std::fs::metadata(archive).map_or(u64::MAX, |m| m.len());
    let size_limit = limits.size_limit(compressed);
    if total > u128::from(size_limit) {
        return Err(ArchiveError::TooLarge {
            archive: archive.to_path_buf(),
            size: total,
            limit: size_limit,
        });
    }
    let mut roots: Vec<String> = roots.into_iter().collect();
    let root = match roots.len() {
        0 => {
            return Err(ArchiveError::NoRoot {
                archive: archive.to_path_buf(),
            });
        }
        1 => roots.remove(0),
        _ => {
            return Err(ArchiveError::MultipleRoots {
                archive: archive.to_path_buf(),
                roots,
            });
        }
    };
    if !is_uuid4(&root) {
        return Err(ArchiveError::InvalidRootUuid {
            archive: archive.to_path_buf(),
            root,
        });
    }
    Ok(Layout {
        root,
        entries: planned,
        size_limit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid4_must_be_canonical() {
        assert!(is_uuid4("36b26c53-8b66-423e-9764-718ae33113e2"));
        assert!(!is_uuid4("36B26C53-8B66-423E-9764-718AE33113E2"));
        assert!(!is_uuid4("36b26c538b66423e9764718ae33113e2"));
        assert!(!is_uuid4("36b26c53-8b66-123e-9764-718ae33113e2"));
        assert!(!is_uuid4("36b26c53-8b66-423e-c764-718ae33113e2"));
        assert!(!is_uuid4("not-a-uuid"));
    }

    #[test]
    fn names() {
        assert_eq!(check_name("u/data/x").unwrap(), ["u", "data", "x"]);
        assert_eq!(check_name("u/data/").unwrap(), ["u", "data"]);
        assert_eq!(check_name("/etc/x"), Err(UnsafeReason::Absolute));
        assert_eq!(check_name("C:/x"), Err(UnsafeReason::Absolute));
        assert_eq!(check_name("u/../x"), Err(UnsafeReason::ParentDir));
        assert_eq!(check_name("u\\..\\x"), Err(UnsafeReason::Backslash));
        assert_eq!(check_name("u//x"), Err(UnsafeReason::NonNormalComponent));
        assert_eq!(check_name("u/./x"), Err(UnsafeReason::NonNormalComponent));
        assert_eq!(check_name("u/x\0"), Err(UnsafeReason::NulByte));
        assert_eq!(check_name(""), Err(UnsafeReason::NonNormalComponent));
        let deep = vec!["d"; MAX_NAME_DEPTH + 1].join("/");
        assert_eq!(check_name(&deep), Err(UnsafeReason::TooDeep));
        assert!(check_name(&deep[2..]).is_ok());
        let long = format!("u/{}", "n".repeat(MAX_NAME_BYTES));
        assert_eq!(check_name(&long), Err(UnsafeReason::TooLong));
    }
}
