//! The files a view serves: regular files inside its folder, reached by plain names without
//! following symbolic links, so nothing outside the folder can be served.

use std::fs::File;
use std::path::{Path, PathBuf};

/// Opens the file that the request path `target` (below the site's prefix, percent-encoded)
/// names under `root`; a folder stands for its `index.html`. `None` for a path that is not
/// plain names (`..`, `.`, encoded separators), passes a symbolic link, or does not end at a
/// regular file.
pub(super) fn open_under(root: &Path, target: &str) -> Option<(File, PathBuf)> {
    let decoded = percent_encoding::percent_decode_str(target)
        .decode_utf8()
        .ok()?;
    // An encoded separator would make two names one.
    let lower = target.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return None;
    }
    let mut path = root.to_path_buf();
    for name in decoded.split('/').filter(|name| !name.is_empty()) {
        if matches!(name, "." | "..") || name.contains(['\0', '\\']) {
            return None;
        }
        path.push(name);
        if std::fs::symlink_metadata(&path)
            .ok()?
            .file_type()
            .is_symlink()
        {
            return None;
        }
    }
    if std::fs::symlink_metadata(&path).ok()?.is_dir() {
        path.push("index.html");
    }
    let file = open_no_follow(&path)?;
    file.metadata().ok()?.is_file().then_some((file, path))
}

/// Opens `path` for reading, refusing a symbolic link in its last place.
fn open_no_follow(path: &Path) -> Option<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    options.open(path).ok()
}

/// The MIME type of a file, from its extension.
pub(super) fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "pdf" => "application/pdf",
        "txt" | "tsv" | "csv" | "fasta" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("a b")).unwrap();
        std::fs::write(root.path().join("index.html"), "<p>hi</p>").unwrap();
        std::fs::write(root.path().join("a b/c.js"), "x").unwrap();
        root
    }

    fn served(root: &Path, target: &str) -> Option<PathBuf> {
        open_under(root, target).map(|(_, path)| path)
    }

    #[test]
    fn plain_names_resolve_under_the_root() {
        let root = site();
        let root = root.path();
        assert_eq!(served(root, ""), Some(root.join("index.html")));
        assert_eq!(served(root, "index.html"), Some(root.join("index.html")));
        assert_eq!(served(root, "a%20b/c.js"), Some(root.join("a b/c.js")));
        assert_eq!(served(root, "nothing.js"), None);
    }

    #[test]
    fn paths_that_leave_the_root_are_refused_however_encoded() {
        let root = site();
        let root = root.path();
        for target in [
            "../etc/passwd",
            "%2e%2e/etc/passwd",
            "a%20b/%2E%2E/%2e%2e/x",
            "a%20b%2Fc.js",
            "bad%zz",
        ] {
            assert_eq!(served(root, target), None, "{target}");
        }
    }

    #[test]
    fn symbolic_links_are_never_followed() {
        let root = site();
        let secret = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(secret.path(), "secret").unwrap();
        std::os::unix::fs::symlink(secret.path(), root.path().join("leak.txt")).unwrap();
        std::os::unix::fs::symlink("/etc", root.path().join("etc")).unwrap();
        assert_eq!(served(root.path(), "leak.txt"), None);
        assert_eq!(served(root.path(), "etc/passwd"), None);
    }

    #[test]
    fn types_follow_extensions() {
        assert_eq!(
            content_type(Path::new("a.HTML")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("a")), "application/octet-stream");
    }
}
