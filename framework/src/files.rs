//! File helpers shared by the modules that lay out results on disk.

use std::path::Path;

/// Makes `to` a hard link to `from`, or a copy where a link cannot be made (another file
/// system). Only for files that are never modified after they are written, as the files of a
/// result are: a link then costs one system call where a copy costs several.
pub(crate) fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(drop))
}
