//! Why a cache operation failed.

use std::path::PathBuf;

use uuid::Uuid;

use crate::sdk::SdkError;

/// A problem with a cache, its keys, pools or results.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// A file operation failed.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The cache (or a pool in it) could hold results another user planted.
    #[error("refused to use {}: it is {reason}", path.display())]
    Untrusted {
        /// The folder.
        path: PathBuf,
        /// Why it is not trusted.
        reason: String,
    },
    /// The folder exists but is not a cache.
    #[error(
        "{} exists and is not a QIIME 2 cache (a cache holds VERSION, data/, keys/, pools/ and \
         processes/); give a cache or a path that does not exist yet",
        path.display()
    )]
    NotACache {
        /// The folder.
        path: PathBuf,
    },
    /// A cache was to be created where something exists.
    #[error("{} already exists; a new cache needs a path that does not exist", path.display())]
    Exists {
        /// The path.
        path: PathBuf,
    },
    /// A key or pool name that is not an identifier.
    #[error(
        "'{key}' is not a valid key: a key starts with a letter or '_' and holds only letters, \
         digits and '_'"
    )]
    BadKey {
        /// The name given.
        key: String,
    },
    /// The cache has no such key.
    #[error("the cache {} has no key '{key}'", cache.display())]
    NoSuchKey {
        /// The cache.
        cache: PathBuf,
        /// The key.
        key: String,
    },
    /// The key names a pool where a result was expected (or the other way round).
    #[error("the key '{key}' of the cache {} names {found}, not {expected}", cache.display())]
    WrongKind {
        /// The cache.
        cache: PathBuf,
        /// The key.
        key: String,
        /// What it names (`a pool` or `a result`).
        found: &'static str,
        /// What was asked for.
        expected: &'static str,
    },
    /// A file of the cache's own (a key, a step record) cannot be read.
    #[error("{} is damaged: {reason}", path.display())]
    BadFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A cached result is missing or its files do not match their checksums: it is never used.
    #[error(
        "the cached result {uuid} ({holder}) is damaged: {reason}; it was not used. Remove it \
         with `{remedy}`, then run again"
    )]
    Corrupt {
        /// What holds the result: a key, or a pool and step.
        holder: String,
        /// The result.
        uuid: Uuid,
        /// What is wrong.
        reason: String,
        /// The command that removes it (`qiime tools cache-remove --cache ... --key ...`).
        remedy: String,
    },
    /// Reading or writing a result failed.
    #[error(transparent)]
    Sdk(#[from] SdkError),
}

impl CacheError {
    /// An I/O error on `path`.
    pub(crate) fn io(path: &std::path::Path, err: &std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            message: err.to_string(),
        }
    }
}

impl From<crate::archive::ArchiveError> for CacheError {
    fn from(err: crate::archive::ArchiveError) -> Self {
        Self::Sdk(err.into())
    }
}
