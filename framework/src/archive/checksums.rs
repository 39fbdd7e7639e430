//! Checksum files (`checksums.md5`, `checksums.sha512`) in GNU `md5sum` format.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

use md5::Md5;
use sha2::{Digest, Sha512};

use super::error::ArchiveError;
use super::tree::{self, Tree};

/// The checksum algorithm of an archive format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChecksumKind {
    /// MD5, file `checksums.md5` (formats 5 and 6).
    Md5,
    /// SHA-512, file `checksums.sha512` (format 7).
    Sha512,
}

impl ChecksumKind {
    /// The checksum file name at the archive root.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Md5 => "checksums.md5",
            Self::Sha512 => "checksums.sha512",
        }
    }

    /// The algorithm name (`md5` or `sha512`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Md5 => "md5",
            Self::Sha512 => "sha512",
        }
    }

    fn hex_len(self) -> usize {
        match self {
            Self::Md5 => 32,
            Self::Sha512 => 128,
        }
    }

    pub(crate) fn hex_of(self, mut reader: impl Read) -> io::Result<String> {
        let mut hasher = Hasher::new(self);
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = reader.read(&mut buf)?;
            if n == 0 {
                return Ok(hasher.finish());
            }
            hasher.update(&buf[..n]);
        }
    }

    /// Whether the file at `rel` (a `/`-separated path below an archive root) is listed in
    /// this kind's checksum file: every file but hidden ones, the checksum file itself and,
    /// for format 7, the top-level `annotations/` folder.
    pub(crate) fn covers(self, rel: &str) -> bool {
        let hidden = rel.split('/').any(|part| part.starts_with('.'));
        let annotation =
            self == Self::Sha512 && (rel.starts_with("annotations/") || rel == "annotations");
        !hidden && rel != self.file_name() && !annotation
    }
}

/// A running digest of one kind, fed as bytes stream past.
pub(crate) enum Hasher {
    /// MD5.
    Md5(Md5),
    /// SHA-512.
    Sha512(Box<Sha512>),
}

impl Hasher {
    /// A fresh digest of `kind`.
    pub(crate) fn new(kind: ChecksumKind) -> Self {
        match kind {
            ChecksumKind::Md5 => Self::Md5(Md5::new()),
            ChecksumKind::Sha512 => Self::Sha512(Box::default()),
        }
    }

    /// Feeds `bytes`.
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        match self {
            Self::Md5(d) => d.update(bytes),
            Self::Sha512(d) => d.update(bytes),
        }
    }

    /// The digest in lower-case hex.
    pub(crate) fn finish(self) -> String {
        let bytes = match self {
            Self::Md5(d) => d.finalize().to_vec(),
            Self::Sha512(d) => d.finalize().to_vec(),
        };
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// One line: `<hex>  <path>`; a path with `\` or newline is escaped and the line starts with `\`.
fn format_line(path: &str, hex: &str) -> String {
    if path.contains(['\\', '\n']) {
        let escaped = path.replace('\\', "\\\\").replace('\n', "\\n");
        format!("\\{hex}  {escaped}")
    } else {
        format!("{hex}  {path}")
    }
}

/// Parses one line into (path, hex); the error says what is wrong.
fn parse_line(line: &str, kind: ChecksumKind) -> Result<(String, String), String> {
    let (sum, path) = line
        .split_once("  ")
        .or_else(|| line.split_once(" *"))
        .ok_or_else(|| "expected '<checksum>  <path>'".to_owned())?;
    let (escaped, hex) = match sum.strip_prefix('\\') {
        Some(hex) => (true, hex),
        None => (false, sum),
    };
    if hex.len() != kind.hex_len() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!(
            "{hex:?} is not a {}-digit hexadecimal {} checksum",
            kind.hex_len(),
            kind.name()
        ));
    }
    if !escaped {
        return Ok((path.to_owned(), hex.to_ascii_lowercase()));
    }
    let mut out = String::with_capacity(path.len());
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    Ok((out, hex.to_ascii_lowercase()))
}

/// Checksums of every file of `tree` in walk order, as (path, hex).
pub(crate) fn tree_checksums(
    tree: &Tree,
    kind: ChecksumKind,
) -> Result<Vec<(String, String)>, ArchiveError> {
    tree::walk(tree)
        .into_iter()
        .filter_map(|item| item.source.map(|s| (item.path, s)))
        .map(|(path, source)| {
            let hex = source
                .open()
                .and_then(|r| kind.hex_of(r))
                .map_err(|e| ArchiveError::io(source.describe(&path), e))?;
            Ok((path, hex))
        })
        .collect()
}

/// Renders (path, hex) pairs as checksum file text, one newline-terminated line each.
pub(crate) fn render(sums: &[(String, String)]) -> String {
    sums.iter()
        .map(|(path, hex)| format_line(path, hex) + "\n")
        .collect()
}

/// Scans an archive root directory, leaving out the checksum file itself and, for
/// format 7, the top-level `annotations/` directory.
fn scan_root(root: &Path, kind: ChecksumKind) -> Result<Tree, ArchiveError> {
    let mut tree = tree::scan_dir(root)?;
    tree.remove(kind.file_name());
    if kind == ChecksumKind::Sha512 {
        tree.remove("annotations");
    }
    Ok(tree)
}

/// Computes the checksum file text for an extracted archive root directory, exactly as
/// QIIME 2 writes it (walk order, escaping, trailing newline).
pub fn compute_checksum_file(root: &Path, kind: ChecksumKind) -> Result<String, ArchiveError> {
    Ok(render(&tree_checksums(&scan_root(root, kind)?, kind)?))
}

/// Verifies an extracted archive root directory against its checksum file.
///
/// Returns `ChecksumMismatch` listing added, removed and changed files (each sorted).
pub fn verify_checksums(root: &Path, kind: ChecksumKind) -> Result<(), ArchiveError> {
    verify_named(root, kind, root)
}

/// As [`verify_checksums`], naming `label` (the archive file) in errors.
pub(crate) fn verify_named(
    root: &Path,
    kind: ChecksumKind,
    label: &Path,
) -> Result<(), ArchiveError> {
    let observed = tree_checksums(&scan_root(root, kind)?, kind)?
        .into_iter()
        .collect();
    compare(root, kind, label, &observed)
}

/// Compares `observed` checksums (path to hex, as [`ChecksumKind::covers`] selects them) with
/// the checksum file of the extracted archive root `root`; errors name `label`.
pub(crate) fn compare(
    root: &Path,
    kind: ChecksumKind,
    label: &Path,
    observed: &BTreeMap<String, String>,
) -> Result<(), ArchiveError> {
    let file = root.join(kind.file_name());
    let text = fs::read_to_string(&file).map_err(|e| ArchiveError::io(&file, e))?;
    let expected = parse_file(&text, kind, label)?;
    let added: Vec<String> = observed
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .cloned()
        .collect();
    let removed: Vec<String> = expected
        .keys()
        .filter(|k| !observed.contains_key(*k))
        .cloned()
        .collect();
    let changed: Vec<String> = observed
        .iter()
        .filter(|(k, v)| expected.get(*k).is_some_and(|e| e != *v))
        .map(|(k, _)| k.clone())
        .collect();
    if added.is_empty() && removed.is_empty() && changed.is_empty() {
        Ok(())
    } else {
        Err(ArchiveError::ChecksumMismatch {
            archive: label.to_path_buf(),
            added,
            removed,
            changed,
        })
    }
}

/// Parses a checksum file's text into path to hex.
fn parse_file(
    text: &str,
    kind: ChecksumKind,
    label: &Path,
) -> Result<BTreeMap<String, String>, ArchiveError> {
    let mut expected = BTreeMap::new();
    let lines: Vec<&str> = text.split('\n').collect();
    let count = lines.len() - usize::from(lines.last() == Some(&""));
    for (i, line) in lines[..count].iter().enumerate() {
        let (path, hex) =
            parse_line(line, kind).map_err(|detail| ArchiveError::BadChecksumFile {
                archive: label.to_path_buf(),
                file: kind.file_name().to_owned(),
                line: i + 1,
                detail,
            })?;
        expected.insert(path, hex);
    }
    Ok(expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests() {
        assert_eq!(
            ChecksumKind::Md5.hex_of(&b"abc"[..]).unwrap(),
            "900150983cd24fb0d6963f7d28e17f72"
        );
        assert!(
            ChecksumKind::Sha512
                .hex_of(&b"abc"[..])
                .unwrap()
                .starts_with("ddaf35a193617aba")
        );
    }

    #[test]
    fn escaping_round_trips() {
        let hex = "0".repeat(32);
        assert_eq!(format_line("a/b", &hex), format!("{hex}  a/b"));
        let odd = "we\\ird\nname";
        let line = format_line(odd, &hex);
        assert_eq!(line, format!("\\{hex}  we\\\\ird\\nname"));
        assert_eq!(
            parse_line(&line, ChecksumKind::Md5).unwrap(),
            (odd.to_owned(), hex.clone())
        );
        assert_eq!(
            parse_line(&format!("{hex} *bin"), ChecksumKind::Md5)
                .unwrap()
                .0,
            "bin"
        );
        assert!(parse_line("nohex", ChecksumKind::Md5).is_err());
        assert!(parse_line(&format!("{hex}  x"), ChecksumKind::Sha512).is_err());
    }

    #[test]
    fn verify_reports_added_removed_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let r = tmp.path();
        fs::write(r.join("VERSION"), "v").unwrap();
        fs::create_dir(r.join("data")).unwrap();
        fs::write(r.join("data/a"), "a").unwrap();
        fs::write(r.join("data/b"), "b").unwrap();
        let text = compute_checksum_file(r, ChecksumKind::Md5).unwrap();
        fs::write(r.join("checksums.md5"), &text).unwrap();
        verify_checksums(r, ChecksumKind::Md5).unwrap();
        fs::write(r.join("data/a"), "A").unwrap();
        fs::remove_file(r.join("data/b")).unwrap();
        fs::write(r.join("data/c"), "c").unwrap();
        fs::write(r.join("data/.hidden"), "ignored").unwrap();
        let err = verify_checksums(r, ChecksumKind::Md5).unwrap_err();
        match err {
            ArchiveError::ChecksumMismatch {
                added,
                removed,
                changed,
                ..
            } => {
                assert_eq!(added, ["data/c"]);
                assert_eq!(removed, ["data/b"]);
                assert_eq!(changed, ["data/a"]);
            }
            other => panic!("{other}"),
        }
        fs::write(r.join("checksums.md5"), "garbage\n").unwrap();
        let err = verify_checksums(r, ChecksumKind::Md5).unwrap_err();
        assert!(matches!(err, ArchiveError::BadChecksumFile { line: 1, .. }));
    }

    #[test]
    fn sha512_leaves_out_annotations() {
        let tmp = tempfile::tempdir().unwrap();
        let r = tmp.path();
        fs::write(r.join("VERSION"), "v").unwrap();
        fs::create_dir_all(r.join("annotations/x")).unwrap();
        fs::write(r.join("annotations/x/note.txt"), "n").unwrap();
        let text = compute_checksum_file(r, ChecksumKind::Sha512).unwrap();
        assert_eq!(text.lines().count(), 1);
        assert!(text.ends_with("  VERSION\n"));
    }
}
