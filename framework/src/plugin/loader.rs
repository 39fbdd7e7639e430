//! Finding plugin dylibs and loading them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use abi_stable::library::{LibraryError, lib_header_from_path};
use abi_stable::std_types::RResult;

use super::abi::PluginModRef;
use super::error::LoadError;
use super::trust::{insecure_plugins_allowed, open_plugin};
use super::{DESCRIPTOR_VERSION, PluginDescriptor};

/// The environment variable holding extra plugin folders, separated by `:`.
pub const PLUGIN_PATH_VAR: &str = "QIIME2_PLUGIN_PATH";

/// A plugin dylib that loaded and described itself.
#[derive(Clone)]
pub struct LoadedPlugin {
    /// The file it was loaded from.
    pub path: PathBuf,
    /// What it offers.
    pub descriptor: PluginDescriptor,
    /// Its root module, for calls into it.
    pub module: PluginModRef,
}

impl std::fmt::Debug for LoadedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedPlugin")
            .field("path", &self.path)
            .field("name", &self.descriptor.name)
            .finish_non_exhaustive()
    }
}

/// The folders searched for plugins, in order: `$QIIME2_PLUGIN_PATH`, then the folder of the
/// running executable and its `plugins/` subfolder.
pub fn search_path() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os(PLUGIN_PATH_VAR)
        .map(|value| {
            std::env::split_paths(&value)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    {
        dirs.push(exe_dir.join("plugins"));
        dirs.push(exe_dir);
    }
    let mut seen = BTreeSet::new();
    dirs.retain(|dir| seen.insert(dir.clone()));
    dirs
}

/// The plugin files in `dirs`: every dynamic library, in folder order then name order.
pub fn candidate_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| {
                path.is_file()
                    && path
                        .extension()
                        .is_some_and(|ext| ext == std::env::consts::DLL_EXTENSION)
            })
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// What loading a set of folders gave: the plugins, and one warning per file that was skipped.
#[derive(Debug, Default)]
pub struct LoadOutcome {
    /// The plugins that loaded, in discovery order, with unique names.
    pub plugins: Vec<LoadedPlugin>,
    /// The files skipped, each with why.
    pub skipped: Vec<LoadError>,
}

/// Loads every plugin found in `dirs`; files that fail are skipped with a [`LoadError`].
///
/// A file another user could have changed is skipped with [`LoadError::Insecure`] (see
/// [`load_file`]).
pub fn load_dirs(dirs: &[PathBuf]) -> LoadOutcome {
    let mut outcome = LoadOutcome::default();
    for path in candidate_files(dirs) {
        match load_file(&path) {
            Ok(plugin) => {
                if let Some(first) = outcome
                    .plugins
                    .iter()
                    .find(|p| p.descriptor.name == plugin.descriptor.name)
                {
                    outcome.skipped.push(LoadError::DuplicateName {
                        path,
                        name: plugin.descriptor.name.clone(),
                        first: first.path.clone(),
                    });
                } else {
                    outcome.plugins.push(plugin);
                }
            }
            Err(err) => outcome.skipped.push(err),
        }
    }
    outcome
}

/// Loads one plugin file and asks it for its descriptor.
///
/// The file is opened once and loaded through that handle. Unless [`insecure_plugins_allowed`],
/// it is refused with [`LoadError::Insecure`] when another user could have changed it (it or its
/// folder world-writable, or owned by another user than this one or root) or when that cannot
/// be checked.
pub fn load_file(path: &Path) -> Result<LoadedPlugin, LoadError> {
    tracing::trace!("loading the plugin file {}", path.display());
    let opened =
        open_plugin(path, !insecure_plugins_allowed()).map_err(|reason| LoadError::Insecure {
            path: path.to_path_buf(),
            reason,
        })?;
    let module = lib_header_from_path(&opened.load_path)
        .and_then(|header| header.init_root_module::<PluginModRef>())
        .map_err(|err| library_error(path, err))?;
    let json = match (module.describe())() {
        RResult::ROk(json) => json,
        RResult::RErr(message) => {
            return Err(LoadError::DescribeFailed {
                path: path.to_path_buf(),
                message: message.into(),
            });
        }
    };
    let descriptor: PluginDescriptor =
        serde_json::from_str(&json).map_err(|err| LoadError::BadDescriptor {
            path: path.to_path_buf(),
            reason: err.to_string(),
        })?;
    if descriptor.descriptor_version != DESCRIPTOR_VERSION {
        return Err(LoadError::BadDescriptor {
            path: path.to_path_buf(),
            reason: format!(
                "descriptor version {} (this framework reads version {DESCRIPTOR_VERSION})",
                descriptor.descriptor_version
            ),
        });
    }
    super::check_descriptor(&descriptor).map_err(|reason| LoadError::BadDescriptor {
        path: path.to_path_buf(),
        reason,
    })?;
    tracing::trace!(
        "loaded the plugin {} {} from {}",
        descriptor.name,
        descriptor.version,
        path.display()
    );
    Ok(LoadedPlugin {
        path: path.to_path_buf(),
        descriptor,
        module,
    })
}

fn library_error(path: &Path, err: LibraryError) -> LoadError {
    let path = path.to_path_buf();
    match err {
        LibraryError::OpenError { err, .. } => LoadError::NotALibrary {
            path,
            reason: err.to_string(),
        },
        LibraryError::GetSymbolError { .. } => LoadError::NotAPlugin { path },
        LibraryError::IncompatibleVersionNumber {
            expected_version,
            actual_version,
            ..
        } => LoadError::IncompatibleVersion {
            path,
            found: actual_version.to_string(),
            expected: expected_version.to_string(),
            detail: String::new(),
        },
        LibraryError::AbiInstability(report) => {
            let detail = report.to_string();
            let found =
                reported_version(&detail).unwrap_or_else(|| "an incompatible layout".to_string());
            LoadError::IncompatibleVersion {
                path,
                found,
                expected: crate::VERSION.to_string(),
                detail,
            }
        }
        other => LoadError::InvalidLibrary {
            path,
            reason: first_line(&other.to_string()),
        },
    }
}

/// The plugin's version in an `abi_stable` incompatibility report: the value after `Found:`, on
/// the same line or on the next non-empty one.
fn reported_version(report: &str) -> Option<String> {
    let mut lines = report.lines().map(str::trim);
    lines
        .find_map(|line| line.strip_prefix("Found:"))
        .map(str::trim)
        .and_then(|tail| {
            let value = if tail.is_empty() {
                lines.find(|l| !l.is_empty())?
            } else {
                tail
            };
            Some(value.to_string())
        })
}

fn first_line(text: &str) -> String {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(text)
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reported_version_is_found_on_its_line_or_the_next() {
        let same_line = "Error:incompatible package versions\nExpected: 0.1.0\nFound: 0.2.0\n";
        assert_eq!(reported_version(same_line).as_deref(), Some("0.2.0"));
        let next_line =
            "incompatible package versions\n Expected:\n    0.1.0\n Found:\n\n    0.2.0\n";
        assert_eq!(reported_version(next_line).as_deref(), Some("0.2.0"));
        assert_eq!(reported_version("no versions here"), None);
    }
}
