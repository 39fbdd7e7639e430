//! File helpers shared by the modules that lay out results on disk.

use std::fs::{self, Metadata};
use std::path::Path;
use std::sync::OnceLock;

/// Makes `to` a hard link to `from`, or a copy where a link cannot be made (another file
/// system). Only for files that are never modified after they are written, as the files of a
/// result are: a link then costs one system call where a copy costs several.
pub(crate) fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(drop))
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
