//! Artifact inputs: loaded from their paths and checked against the input's type before running.

use std::path::{Path, PathBuf};

use qiime2::sdk::{Arg, Artifact};
use qiime2::types::TypeExpr;

use super::error::RunError;
use crate::commands::InputOption;

/// The file listing the keys of a collection folder in order, one per line (as q2cli writes).
pub const ORDER_FILE: &str = ".order";

/// Loads the paths given for `input` (`None` when none were), checking their types.
///
/// A path may be `CACHE_DIR:KEY`, a result stored in a cache.
/// A collection takes a path per element (keys `0`, `1`, ...) or one folder of `.qza` files
/// (keys are the file stems, in the order of the folder's `.order` file or by name).
pub fn load_input(input: &InputOption, paths: &[PathBuf]) -> Result<Option<Arg>, RunError> {
    let option = input.flag();
    if paths.is_empty() {
        return if input.optional {
            Ok(None)
        } else {
            Err(RunError::Missing { option })
        };
    }
    let TypeExpr::Collection { element, .. } = &input.ty else {
        let artifact = load_checked(&option, &paths[0], &input.ty)?;
        return Ok(Some(Arg::Artifact(artifact)));
    };
    let keyed: Vec<(String, PathBuf)> = match paths {
        [folder] if folder.is_dir() => folder_members(&option, folder)?,
        _ => paths
            .iter()
            .enumerate()
            .map(|(i, p)| (i.to_string(), p.clone()))
            .collect(),
    };
    let mut items = Vec::with_capacity(keyed.len());
    for (key, path) in keyed {
        items.push((key, load_checked(&option, &path, element)?));
    }
    Ok(Some(Arg::Artifacts(items)))
}

fn load_checked(option: &str, path: &Path, expected: &TypeExpr) -> Result<Artifact, RunError> {
    let artifact = match super::cache_keys::parse(path) {
        Some(key) => key.fetch().map_err(|e| RunError::BadOption {
            option: option.to_owned(),
            reason: e.to_string(),
        })?,
        None => Artifact::load(path).map_err(|source| RunError::CannotLoad {
            option: option.to_owned(),
            path: path.to_path_buf(),
            source: Box::new(source),
        })?,
    };
    let fits = TypeExpr::parse(artifact.semantic_type()).is_ok_and(|t| t.is_subtype(expected));
    if fits {
        Ok(artifact)
    } else {
        Err(RunError::WrongType {
            option: option.to_owned(),
            expected: expected.to_string(),
            actual: artifact.semantic_type().to_owned(),
        })
    }
}

/// The `.qza` files of `folder` with their keys.
fn folder_members(option: &str, folder: &Path) -> Result<Vec<(String, PathBuf)>, RunError> {
    let unreadable = |e: std::io::Error| RunError::BadOption {
        option: option.to_owned(),
        reason: format!("cannot read the folder {}: {e}", folder.display()),
    };
    if let Ok(order) = std::fs::read_to_string(folder.join(ORDER_FILE)) {
        return Ok(order
            .lines()
            .filter(|k| !k.is_empty())
            .map(|k| (k.to_owned(), folder.join(format!("{k}.qza"))))
            .collect());
    }
    let mut members: Vec<(String, PathBuf)> = std::fs::read_dir(folder)
        .map_err(unreadable)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "qza"))
        .filter_map(|p| Some((p.file_stem()?.to_string_lossy().into_owned(), p)))
        .collect();
    members.sort();
    if members.is_empty() {
        return Err(RunError::EmptyFolder {
            option: option.to_owned(),
            path: folder.to_path_buf(),
        });
    }
    Ok(members)
}
