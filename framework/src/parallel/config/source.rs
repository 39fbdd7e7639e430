//! Where a parallel configuration came from.

use std::fmt;
use std::path::PathBuf;

/// Where a [`ParallelConfig`](super::ParallelConfig) came from, in precedence order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// A file named explicitly (`--parallel-config FILE`, `ParallelConfig::from_file`).
    File(PathBuf),
    /// The file named by the `QIIME2_CONFIG` environment variable.
    Environment(PathBuf),
    /// `qiime2/qiime2_config.toml` in the user's platform config dir.
    UserConfig(PathBuf),
    /// Built by a program with `ParallelConfig::new`.
    InCode,
    /// The built-in default: one thread pool with a worker per core.
    BuiltIn,
}

impl ConfigSource {
    /// The name used for this source in error messages: the path, or a phrase.
    pub fn name(&self) -> String {
        match self {
            Self::File(p) | Self::Environment(p) | Self::UserConfig(p) => p.display().to_string(),
            Self::InCode => "the parallel config built in code".to_string(),
            Self::BuiltIn => "the built-in parallel config".to_string(),
        }
    }
}

impl fmt::Display for ConfigSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(p) => write!(f, "{} (given explicitly)", p.display()),
            Self::Environment(p) => write!(f, "{} (from $QIIME2_CONFIG)", p.display()),
            Self::UserConfig(p) => write!(f, "{} (user config file)", p.display()),
            Self::InCode => f.write_str("built in code"),
            Self::BuiltIn => f.write_str("built-in default"),
        }
    }
}
