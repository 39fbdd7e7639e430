//! File helpers shared by the modules that lay out results on disk.

use std::fs::{self, Metadata};
use std::path::Path;
use std::sync::OnceLock;

use tempfile::TempDir;

/// Makes `to` a hard link to `from`, or a copy where a link cannot be made (another file
/// system). Only for files that are never modified after they are written, as the files of a
/// result are: a link then costs one system call where a copy costs several.
pub(crate) fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(drop))
}

/// A new temporary folder private to the user (0700: it holds copies of inputs and results),
/// named `<prefix>XXXXXX`, in `parent` or else the temporary folder.
pub(crate) fn private_tempdir(prefix: &str, parent: Option<&Path>) -> std::io::Result<TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    match parent {
        Some(parent) => builder.tempdir_in(parent),
        None => builder.tempdir(),
    }
}

/// As [`private_tempdir`] in the temporary folder, the error naming that folder.
pub(crate) fn private_temp(prefix: &str) -> Result<TempDir, crate::sdk::SdkError> {
    private_tempdir(prefix, None)
        .map_err(|e| crate::sdk::SdkError::io(&tempfile::env::temp_dir(), &e))
}

/// Whether two metadata describe the same file (never, where this cannot be told).
#[cfg(unix)]
pub(crate) fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

/// Whether two metadata describe the same file (never, where this cannot be told).
#[cfg(not(unix))]
pub(crate) fn same_file(_: &Metadata, _: &Metadata) -> bool {
    false
}

/// The effective user id of this process.
#[cfg(unix)]
pub(crate) fn current_uid() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// Whether this process belongs to the group `gid` (its effective or a supplementary group).
#[cfg(unix)]
pub(crate) fn in_group(gid: u32) -> bool {
    rustix::process::getegid().as_raw() == gid
        || rustix::process::getgroups().is_ok_and(|groups| groups.iter().any(|g| g.as_raw() == gid))
}

/// This host's name (Linux's `/proc/sys/kernel/hostname`; `localhost` where it cannot be read),
/// with any character other than letters, digits, `.`, `_` and `-` replaced by `_`.
pub(crate) fn host() -> &'static str {
    static HOST: OnceLock<String> = OnceLock::new();
    HOST.get_or_init(|| {
        let name = fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
        let name: String = name
            .trim()
            .chars()
            .map(|c| match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '_' | '-' => c,
                _ => '_',
            })
            .collect();
        if name.is_empty() {
            "localhost".to_owned()
        } else {
            name
        }
    })
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_private_temporary_folder_is_the_users_alone() {
        let parent = tempfile::tempdir().unwrap();
        let dir = private_tempdir("q2rs-test-", Some(parent.path())).unwrap();
        let mode = fs::metadata(dir.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        assert!(dir.path().starts_with(parent.path()));
        let name = dir.path().file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("q2rs-test-"), "{name}");
    }
}
