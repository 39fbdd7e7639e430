//! The `VERSION` file and archive format versions.

use std::fmt;
use std::path::Path;

use super::checksums::ChecksumKind;
use super::error::ArchiveError;

/// The framework version written into new archives and provenance: the QIIME 2 release whose
/// formats q2rs writes, with this crate's version as local label (`2025.4.0+q2rs.0.1.0`), as
/// QIIME 2's provenance tools require of a framework version (`YYYY.M.P`, an optional `+label`).
pub const FRAMEWORK_VERSION: &str = concat!("2025.4.0+q2rs.", env!("CARGO_PKG_VERSION"));

/// The highest known minor version of archive format 7.
const KNOWN_7_MINOR: u32 = 1;

/// An archive format version: `0` to `6` (plain integers) or `7.x` (major.minor).
///
/// # Examples
/// ```
/// use qiime2::archive::ArchiveVersion;
/// let v = ArchiveVersion::parse("7.4").unwrap();
/// assert_eq!(v.to_string(), "7.4");
/// assert_eq!(v.resolve().unwrap().to_string(), "7.1");
/// assert!(ArchiveVersion::parse("6").unwrap().resolve().is_some());
/// assert!(ArchiveVersion::parse("8.0").unwrap().resolve().is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArchiveVersion {
    major: u32,
    minor: Option<u32>,
}

impl ArchiveVersion {
    /// The version this crate writes.
    pub const WRITTEN: Self = Self {
        major: 6,
        minor: None,
    };

    /// Parses `N` or `N.M` (decimal digits, no sign, no leading zeros); `None` otherwise.
    pub fn parse(text: &str) -> Option<Self> {
        fn number(s: &str) -> Option<u32> {
            let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if !digits || (s.len() > 1 && s.starts_with('0')) {
                return None;
            }
            s.parse().ok()
        }
        match text.split_once('.') {
            None => Some(Self {
                major: number(text)?,
                minor: None,
            }),
            Some((major, minor)) => Some(Self {
                major: number(major)?,
                minor: Some(number(minor)?),
            }),
        }
    }

    /// The major version.
    pub fn major(self) -> u32 {
        self.major
    }

    /// The minor version (only for 7.x and later).
    pub fn minor(self) -> Option<u32> {
        self.minor
    }

    /// The known format used to read this version, or `None` if it is not readable.
    ///
    /// `0`..`6` map to themselves; `7.x` maps to the highest known `7.m` with `m <= x`.
    pub fn resolve(self) -> Option<Self> {
        match (self.major, self.minor) {
            (0..=6, None) => Some(self),
            (7, Some(minor)) => Some(Self {
                major: 7,
                minor: Some(minor.min(KNOWN_7_MINOR)),
            }),
            _ => None,
        }
    }

    /// The checksum file of this format (`None` before format 5).
    pub fn checksum_kind(self) -> Option<ChecksumKind> {
        match self.major {
            0..=4 => None,
            5 | 6 => Some(ChecksumKind::Md5),
            _ => Some(ChecksumKind::Sha512),
        }
    }

    /// Whether this format has a `provenance/` directory (format 1 and later).
    pub fn has_provenance(self) -> bool {
        self.major >= 1
    }
}

impl fmt::Display for ArchiveVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.minor {
            None => write!(f, "{}", self.major),
            Some(minor) => write!(f, "{}.{minor}", self.major),
        }
    }
}

/// The contents of `<uuid>/VERSION`: archive version text and framework version.
///
/// # Examples
/// ```
/// use qiime2::archive::VersionFile;
/// let text = "QIIME 2\narchive: 6\nframework: 2025.4.0\n";
/// let v = VersionFile::parse(text, "x.qza".as_ref()).unwrap();
/// assert_eq!(v.archive, "6");
/// assert_eq!(v.render(), text);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionFile {
    /// The archive version as written (e.g. `6`, `7.0`).
    pub archive: String,
    /// The framework version that wrote the archive.
    pub framework: String,
}

impl VersionFile {
    /// A version file for the format this crate writes.
    pub fn current(framework: &str) -> Self {
        Self {
            archive: ArchiveVersion::WRITTEN.to_string(),
            framework: framework.to_owned(),
        }
    }

    /// Parses the exact three-line format; `source` names the archive in errors.
    pub fn parse(text: &str, source: &Path) -> Result<Self, ArchiveError> {
        let bad = |detail: String| ArchiveError::BadVersionFile {
            archive: source.to_path_buf(),
            detail,
        };
        let lines: Vec<&str> = text.split('\n').collect();
        if lines.len() != 4 || !lines[3].is_empty() {
            return Err(bad(format!(
                "found {} newline-terminated lines plus {} trailing characters",
                text.matches('\n').count(),
                lines.last().map_or(0, |l| l.len())
            )));
        }
        if lines[0].trim() != "QIIME 2" {
            return Err(bad(format!("first line is {:?}", lines[0])));
        }
        let value = |line: &str, key: &str| match line.split_once(':') {
            Some((k, v)) if k.trim() == key => Ok(v.trim().to_owned()),
            _ => Err(bad(format!("line {line:?} is not '{key}: <version>'"))),
        };
        Ok(Self {
            archive: value(lines[1], "archive")?,
            framework: value(lines[2], "framework")?,
        })
    }

    /// The exact file text.
    pub fn render(&self) -> String {
        format!(
            "QIIME 2\narchive: {}\nframework: {}\n",
            self.archive, self.framework
        )
    }

    /// The archive version, if it parses.
    pub fn archive_version(&self) -> Option<ArchiveVersion> {
        ArchiveVersion::parse(&self.archive)
    }

    /// The known format used to read this archive, or `UnsupportedVersion`.
    ///
    /// A format without checksums (before 5) from a framework release that wrote checksums
    /// (QIIME 2 2018.11 and later) is refused: such a file was altered, its checksum file
    /// removed so that its contents could not be checked.
    pub fn readable_version(&self, source: &Path) -> Result<ArchiveVersion, ArchiveError> {
        let format = self
            .archive_version()
            .and_then(ArchiveVersion::resolve)
            .ok_or_else(|| ArchiveError::UnsupportedVersion {
                archive: source.to_path_buf(),
                version: self.archive.clone(),
                framework: self.framework.clone(),
            })?;
        if format.checksum_kind().is_none() && writes_checksums(&self.framework) {
            return Err(ArchiveError::DowngradedVersion {
                archive: source.to_path_buf(),
                version: self.archive.clone(),
                framework: self.framework.clone(),
            });
        }
        Ok(format)
    }
}

/// Whether the framework release `framework` (`YYYY.M...`) wrote archives with checksums: QIIME 2
/// 2018.11 and later did.
fn writes_checksums(framework: &str) -> bool {
    let mut parts = framework.split(['.', '+']);
    let year = parts.next().and_then(|y| y.parse::<u32>().ok());
    let month = parts.next().and_then(|m| m.parse::<u32>().ok());
    match (year, month) {
        (Some(year), Some(month)) if year >= 2016 => (year, month) >= (2018, 11),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("a.qza")
    }

    #[test]
    fn versions_parse_and_resolve() {
        for n in 0..=6 {
            let v = ArchiveVersion::parse(&n.to_string()).unwrap();
            assert_eq!(v.resolve(), Some(v));
        }
        let v70 = ArchiveVersion::parse("7.0").unwrap();
        assert_eq!(v70.resolve(), Some(v70));
        assert_eq!(
            ArchiveVersion::parse("7.9")
                .unwrap()
                .resolve()
                .unwrap()
                .to_string(),
            "7.1"
        );
        for bad in ["7", "6.0", "8.0", "12"] {
            assert_eq!(ArchiveVersion::parse(bad).unwrap().resolve(), None, "{bad}");
        }
        for bad in ["", "x", "06", "-1", "6.", ".1", "7.0.1", " 6"] {
            assert_eq!(ArchiveVersion::parse(bad), None, "{bad}");
        }
        assert_eq!(
            ArchiveVersion::parse("5").unwrap().checksum_kind(),
            Some(ChecksumKind::Md5)
        );
        assert_eq!(
            ArchiveVersion::parse("7.1").unwrap().checksum_kind(),
            Some(ChecksumKind::Sha512)
        );
        assert_eq!(ArchiveVersion::parse("4").unwrap().checksum_kind(), None);
        assert!(!ArchiveVersion::parse("0").unwrap().has_provenance());
        assert!(ArchiveVersion::parse("1").unwrap().has_provenance());
    }

    #[test]
    fn version_file_round_trip() {
        let v = VersionFile::current("1.2.3");
        assert_eq!(v.render(), "QIIME 2\narchive: 6\nframework: 1.2.3\n");
        assert_eq!(VersionFile::parse(&v.render(), p()).unwrap(), v);
        let crlf = VersionFile::parse("QIIME 2\r\narchive: 7.0\r\nframework: 2025.4\r\n", p());
        assert_eq!(crlf.unwrap().archive, "7.0");
    }

    #[test]
    fn bad_version_files() {
        for text in [
            "",
            "QIIME 2\narchive: 6\nframework: 1\n\n",
            "QIIME 2\narchive: 6\nframework: 1",
            "QIIME 1\narchive: 6\nframework: 1\n",
            "QIIME 2\nversion: 6\nframework: 1\n",
            "QIIME 2\narchive 6\nframework: 1\n",
        ] {
            let err = VersionFile::parse(text, p()).unwrap_err();
            assert!(
                matches!(err, ArchiveError::BadVersionFile { .. }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_format_without_checksums_from_a_release_that_wrote_them_is_refused() {
        let old = VersionFile::parse("QIIME 2\narchive: 4\nframework: 2018.6.0\n", p()).unwrap();
        assert_eq!(old.readable_version(p()).unwrap().to_string(), "4");
        let alpha = VersionFile::parse("QIIME 2\narchive: 1\nframework: 2.0.6\n", p()).unwrap();
        assert!(alpha.readable_version(p()).is_ok());
        for framework in ["2018.11.0", "2025.4.0", "2025.4.0+q2rs.0.1.0"] {
            let text = format!("QIIME 2\narchive: 4\nframework: {framework}\n");
            let err = VersionFile::parse(&text, p())
                .unwrap()
                .readable_version(p())
                .unwrap_err();
            assert!(
                matches!(err, ArchiveError::DowngradedVersion { .. }),
                "{err}"
            );
            assert!(err.to_string().contains(framework), "{err}");
        }
    }

    #[test]
    fn unsupported_version_names_the_framework() {
        let v = VersionFile::parse("QIIME 2\narchive: 9.0\nframework: 2099.1\n", p()).unwrap();
        let err = v.readable_version(p()).unwrap_err();
        assert!(matches!(
            &err,
            ArchiveError::UnsupportedVersion { version, framework, .. }
                if version == "9.0" && framework == "2099.1"
        ));
        assert!(
            err.to_string()
                .contains("a.qza was created by 'QIIME 2099.1'")
        );
    }
}
