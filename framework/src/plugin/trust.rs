//! Refusing plugin files that another user could have changed: world-writable files and files
//! owned by someone other than this process's user or root. A plugin is code the user chose
//! to install, but loading it runs that code, so a file anyone may rewrite is not loaded
//! unless the user says so.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// The environment variable that, set to `1`, `true` or `yes`, loads such files anyway
/// (the command line's `--allow-insecure-plugins` sets it for the worker processes it starts).
pub const ALLOW_INSECURE_VAR: &str = "QIIME2_ALLOW_INSECURE_PLUGINS";

static ALLOWED: AtomicBool = AtomicBool::new(false);

/// Loads world-writable plugin files and files owned by another user in this process from now
/// on, and in the worker processes it starts (the command line's `--allow-insecure-plugins`).
pub fn allow_insecure_plugins() {
    ALLOWED.store(true, Ordering::Relaxed);
}

/// Whether [`allow_insecure_plugins`] was called in this process.
fn allowed_in_process() -> bool {
    ALLOWED.load(Ordering::Relaxed)
}

/// Whether insecure plugin files are loaded: [`allow_insecure_plugins`] was called, or
/// `$QIIME2_ALLOW_INSECURE_PLUGINS` is `1`, `true` or `yes`.
pub fn insecure_plugins_allowed() -> bool {
    allowed_in_process()
        || std::env::var(ALLOW_INSECURE_VAR)
            .is_ok_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes"))
}

/// Why the plugin file at `path` must not be loaded, or `None` when it may be (or its
/// metadata cannot be read, which loading it will report).
#[cfg(unix)]
pub(crate) fn insecurity(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    let mode = meta.mode() & 0o7777;
    if mode & 0o002 != 0 {
        return Some(format!("world-writable (mode {mode:04o})"));
    }
    let me = current_uid()?;
    let owner = meta.uid();
    (owner != me && owner != 0).then(|| {
        format!("owned by another user (uid {owner}; this process runs as uid {me}, and root's files are trusted)")
    })
}

/// Plugin file permissions are checked on Unix only.
#[cfg(not(unix))]
pub(crate) fn insecurity(_path: &Path) -> Option<String> {
    None
}

/// The effective user id of this process: the owner of its `/proc/self` folder (Linux).
#[cfg(unix)]
fn current_uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").ok().map(|m| m.uid())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn with_mode(mode: u32) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("libplugin.so");
        std::fs::write(&path, b"not really a library").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        (dir, path)
    }

    #[test]
    fn world_writable_files_are_insecure() {
        let (_dir, path) = with_mode(0o666);
        assert_eq!(
            insecurity(&path).as_deref(),
            Some("world-writable (mode 0666)")
        );
        let (_dir, path) = with_mode(0o757);
        assert_eq!(
            insecurity(&path).as_deref(),
            Some("world-writable (mode 0757)")
        );
    }

    #[test]
    fn own_files_with_usual_modes_are_fine() {
        for mode in [0o755, 0o644, 0o700, 0o775] {
            let (_dir, path) = with_mode(mode);
            assert_eq!(insecurity(&path), None, "{mode:o}");
        }
    }

    #[test]
    fn files_of_another_user_are_insecure_unless_root_owns_them() {
        let me = current_uid().unwrap();
        let (_dir, path) = with_mode(0o755);
        if me != 0 {
            eprintln!("note: skipped, changing a file's owner needs root");
            return;
        }
        std::os::unix::fs::chown(&path, Some(65534), None).unwrap();
        let reason = insecurity(&path).unwrap();
        assert!(
            reason.starts_with("owned by another user (uid 65534"),
            "{reason}"
        );
        std::os::unix::fs::chown(&path, Some(0), None).unwrap();
        assert_eq!(insecurity(&path), None);
    }

    #[test]
    fn a_missing_file_is_left_to_the_loader() {
        assert_eq!(insecurity(Path::new("/nonexistent/libplugin.so")), None);
    }
}
