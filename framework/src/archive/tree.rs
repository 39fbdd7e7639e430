//! A sorted in-memory view of a directory tree, walked in QIIME 2's order.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::ArchiveError;

/// Where a file's bytes come from.
pub(crate) enum Source {
    /// Bytes held in memory.
    Bytes(Vec<u8>),
    /// A file on disk.
    File(PathBuf),
    /// `len` bytes from `offset` of a file on disk (a record in a spill file).
    Range {
        /// The file.
        path: Arc<Path>,
        /// Where the bytes start.
        offset: u64,
        /// How many there are.
        len: u64,
    },
}

impl Source {
    /// Opens the bytes for reading.
    pub(crate) fn open(&self) -> io::Result<Box<dyn Read + '_>> {
        Ok(match self {
            Self::Bytes(b) => Box::new(b.as_slice()),
            Self::File(p) => Box::new(fs::File::open(p)?),
            Self::Range { path, offset, len } => {
                let mut file = fs::File::open(path)?;
                file.seek(SeekFrom::Start(*offset))?;
                Box::new(file.take(*len))
            }
        })
    }

    /// The path to name in errors.
    pub(crate) fn describe(&self, rel: &str) -> PathBuf {
        match self {
            Self::Bytes(_) => PathBuf::from(rel),
            Self::File(p) => p.clone(),
            Self::Range { path, .. } => path.to_path_buf(),
        }
    }
}

/// A file or a directory in a [`Tree`].
pub(crate) enum Node {
    /// A regular file.
    File(Source),
    /// A directory.
    Dir(Tree),
}

/// Directory entries by name; `BTreeMap` order is code-point order, as Python's `sorted`.
pub(crate) type Tree = BTreeMap<String, Node>;

/// One item of a walk: a file (with its source) or an empty directory.
pub(crate) struct Item<'a> {
    /// Path relative to the walk's start, `/`-separated.
    pub(crate) path: String,
    /// The file's source, or `None` for an empty directory.
    pub(crate) source: Option<&'a Source>,
}

/// Reads `dir` recursively, skipping hidden names (leading '.'), symlinked directories and
/// special files, as QIIME 2's walk does. Symlinked files are followed.
pub(crate) fn scan_dir(dir: &Path) -> Result<Tree, ArchiveError> {
    let mut tree = Tree::new();
    let entries = fs::read_dir(dir).map_err(|e| ArchiveError::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| ArchiveError::io(dir, e))?;
        let path = entry.path();
        let name = entry.file_name().into_string().map_err(|_| {
            ArchiveError::io(
                &path,
                io::Error::new(io::ErrorKind::InvalidData, "file name is not valid UTF-8"),
            )
        })?;
        if name.starts_with('.') {
            continue;
        }
        let link = fs::symlink_metadata(&path).map_err(|e| ArchiveError::io(&path, e))?;
        let meta = fs::metadata(&path).map_err(|e| ArchiveError::io(&path, e))?;
        if meta.is_dir() && !link.file_type().is_symlink() {
            tree.insert(name, Node::Dir(scan_dir(&path)?));
        } else if meta.is_file() {
            tree.insert(name, Node::File(Source::File(path)));
        }
    }
    Ok(tree)
}

/// Walks `tree` in QIIME 2's order: in each directory its files (sorted), then its
/// subdirectories (sorted), recursively. Empty directories are reported too.
pub(crate) fn walk(tree: &Tree) -> Vec<Item<'_>> {
    fn go<'a>(tree: &'a Tree, prefix: &str, out: &mut Vec<Item<'a>>) {
        let join = |name: &str| {
            if prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{prefix}/{name}")
            }
        };
        for (name, node) in tree {
            if let Node::File(source) = node {
                out.push(Item {
                    path: join(name),
                    source: Some(source),
                });
            }
        }
        for (name, node) in tree {
            if let Node::Dir(sub) = node {
                if sub.is_empty() {
                    out.push(Item {
                        path: join(name),
                        source: None,
                    });
                } else {
                    go(sub, &join(name), out);
                }
            }
        }
    }
    let mut out = Vec::new();
    go(tree, "", &mut out);
    out
}

/// Writes `tree` into the new folder `dir`: files held in memory are written, files on disk are
/// linked (or copied where a link cannot be made).
pub(crate) fn write_tree(tree: &Tree, dir: &Path) -> Result<(), ArchiveError> {
    fs::create_dir_all(dir).map_err(|e| ArchiveError::io(dir, e))?;
    for (name, node) in tree {
        let target = dir.join(name);
        match node {
            Node::Dir(sub) => write_tree(sub, &target)?,
            Node::File(Source::Bytes(bytes)) => {
                fs::write(&target, bytes).map_err(|e| ArchiveError::io(&target, e))?;
            }
            Node::File(Source::File(path)) => {
                crate::files::link_or_copy(path, &target)
                    .map_err(|e| ArchiveError::io(&target, e))?;
            }
            Node::File(source @ Source::Range { .. }) => {
                let mut bytes = source
                    .open()
                    .map_err(|e| ArchiveError::io(source.describe(name), e))?;
                let mut file =
                    fs::File::create(&target).map_err(|e| ArchiveError::io(&target, e))?;
                io::copy(&mut bytes, &mut file).map_err(|e| ArchiveError::io(&target, e))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_order_files_then_dirs_hidden_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let r = tmp.path();
        for f in ["b.txt", "A.txt", ".hidden", "d/z", "d/e/x", "c/y", ".h/q"] {
            let p = r.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, f).unwrap();
        }
        fs::create_dir(r.join("empty")).unwrap();
        let tree = scan_dir(r).unwrap();
        let paths: Vec<_> = walk(&tree).into_iter().map(|i| i.path).collect();
        assert_eq!(paths, ["A.txt", "b.txt", "c/y", "d/z", "d/e/x", "empty"]);
    }

    #[test]
    fn write_tree_lays_out_bytes_and_files() {
        let tmp = tempfile::tempdir().unwrap();
        let source = tmp.path().join("source.txt");
        fs::write(&source, "on disk").unwrap();
        let mut sub = Tree::new();
        sub.insert("linked.txt".into(), Node::File(Source::File(source)));
        let mut tree = Tree::new();
        tree.insert(
            "memory.txt".into(),
            Node::File(Source::Bytes(b"in memory".to_vec())),
        );
        tree.insert("sub".into(), Node::Dir(sub));
        let out = tmp.path().join("out");
        write_tree(&tree, &out).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("memory.txt")).unwrap(),
            "in memory"
        );
        assert_eq!(
            fs::read_to_string(out.join("sub/linked.txt")).unwrap(),
            "on disk"
        );
        let again: Vec<_> = walk(&scan_dir(&out).unwrap())
            .into_iter()
            .map(|i| i.path)
            .collect();
        assert_eq!(again, ["memory.txt", "sub/linked.txt"]);
    }
}
