//! Where outputs go (`--o-NAME`, or `--output-dir`), checked before running, and how they are
//! saved after the action succeeded.

use std::path::{Path, PathBuf};

use clap::ArgMatches;
use qiime2::sdk::{Output, Results};

use super::cache_keys;
use super::error::RunError;
use super::inputs::ORDER_FILE;
use crate::commands::{OUTPUT_DIR, OutputOption};

/// Where one output is saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Destination {
    /// The output's name in the signature.
    pub name: String,
    /// The path given (an extension is added when saving; a folder for a collection).
    pub path: PathBuf,
    /// The output's type, as printed for a collection.
    pub type_name: String,
}

/// Where each output goes; fails when one has no destination or its folder is missing.
pub fn destinations(
    outputs: &[OutputOption],
    matches: &ArgMatches,
) -> Result<Vec<Destination>, RunError> {
    let output_dir = matches.get_one::<String>(OUTPUT_DIR).map(PathBuf::from);
    if let Some(dir) = &output_dir
        && dir.exists()
    {
        return Err(RunError::OutputDirExists { path: dir.clone() });
    }
    let mut found = Vec::with_capacity(outputs.len());
    for output in outputs {
        let flag = output.flag();
        let path = match (matches.get_one::<String>(&flag), &output_dir) {
            (Some(path), _) if super::cache_keys::parse(Path::new(path)).is_some() => {
                if output.ty.is_collection() {
                    return Err(RunError::BadOption {
                        option: flag,
                        reason: format!(
                            "{path}: a collection cannot be stored under one cache key; give a folder"
                        ),
                    });
                }
                PathBuf::from(path)
            }
            (Some(path), _) => {
                let path = PathBuf::from(path);
                let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
                if let Some(parent) = parent.filter(|p| !p.is_dir()) {
                    return Err(RunError::NoFolder {
                        option: flag,
                        path: parent.to_path_buf(),
                    });
                }
                check_writable(parent.unwrap_or(Path::new(".")), &flag)?;
                path
            }
            (None, Some(dir)) => {
                let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
                check_writable(parent.unwrap_or(Path::new(".")), OUTPUT_DIR)?;
                dir.join(&output.name)
            }
            (None, None) => return Err(RunError::MissingOutput { option: flag }),
        };
        found.push(Destination {
            name: output.name.clone(),
            path,
            type_name: output.ty.to_string(),
        });
    }
    Ok(found)
}

/// Fails when this user cannot make a file in `folder`, so that an output that could not be
/// saved is reported before the action runs, not after.
fn check_writable(folder: &Path, option: &str) -> Result<(), RunError> {
    tempfile::Builder::new()
        .prefix(".q2rs-probe-")
        .tempfile_in(folder)
        .map(drop)
        .map_err(|e| RunError::NotWritable {
            option: option.to_owned(),
            path: folder.to_path_buf(),
            reason: e.to_string(),
        })
}

/// Saves every output to its destination (a file, a folder for a collection, or a cache key), printing `Saved <type> to: <path>` unless `quiet`.
pub fn save_all(
    results: &Results,
    destinations: &[Destination],
    quiet: bool,
) -> Result<(), RunError> {
    for destination in destinations {
        if let Some(parent) = destination.path.parent() {
            make_dir(parent)?;
        }
        let Some(output) = results.get(&destination.name) else {
            continue;
        };
        let (type_name, path) = match output {
            Output::Artifact(artifact) if let Some(key) = cache_keys::parse(&destination.path) => {
                key.store(artifact)?;
                (
                    artifact.semantic_type().to_owned(),
                    destination.path.clone(),
                )
            }
            Output::Artifact(artifact) => (
                artifact.semantic_type().to_owned(),
                artifact.save(&destination.path)?,
            ),
            Output::Collection(items) => {
                let dir = &destination.path;
                make_dir(dir)?;
                let mut order = String::new();
                for (key, artifact) in items {
                    artifact.save(&dir.join(format!("{key}.qza")))?;
                    order.push_str(key);
                    order.push('\n');
                }
                let order_file = dir.join(ORDER_FILE);
                std::fs::write(&order_file, order).map_err(|e| write_error(&order_file, &e))?;
                (destination.type_name.clone(), dir.clone())
            }
        };
        if !quiet {
            println!("Saved {type_name} to: {}", path.display());
        }
    }
    Ok(())
}

fn make_dir(dir: &Path) -> Result<(), RunError> {
    if dir.as_os_str().is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, &e))
}

fn write_error(path: &Path, err: &std::io::Error) -> RunError {
    RunError::Write {
        path: path.to_path_buf(),
        message: err.to_string(),
    }
}
