//! Writing a result's `provenance/` directory (except `VERSION` and `metadata.yaml`,
//! which the archive writer adds).

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::citations::Citations;
use super::emit::render_action_yaml;
use super::error::ProvenanceError;
use super::record::ActionRecord;

/// The extracted provenance of one input artifact.
#[derive(Debug, Clone, PartialEq)]
pub struct AncestorProvenance {
    /// The input artifact's uuid.
    pub uuid: Uuid,
    /// Its `provenance/` directory.
    pub provenance_dir: PathBuf,
}

fn write(path: &Path, text: &str) -> Result<(), ProvenanceError> {
    fs::write(path, text).map_err(|e| ProvenanceError::io(path, &e))
}

fn mkdir(path: &Path) -> Result<(), ProvenanceError> {
    fs::create_dir_all(path).map_err(|e| ProvenanceError::io(path, &e))
}

/// Copies `src` into `dst` recursively, leaving out `src/artifacts`.
fn copy_without_artifacts(src: &Path, dst: &Path) -> Result<(), ProvenanceError> {
    let walker = walkdir::WalkDir::new(src)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !(e.depth() == 1 && e.file_type().is_dir() && e.file_name() == "artifacts")
        });
    for entry in walker {
        let entry = entry.map_err(|e| ProvenanceError::Io {
            path: e.path().unwrap_or(src).display().to_string(),
            message: e.to_string(),
        })?;
        let rel = entry
            .path()
            .strip_prefix(src)
            .expect("walkdir yields paths under its root");
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            mkdir(&target)?;
        } else {
            crate::files::link_or_copy(entry.path(), &target)
                .map_err(|e| ProvenanceError::io(entry.path(), &e))?;
        }
    }
    Ok(())
}

/// Writes `action/action.yaml`, one `action/<name>.tsv` per metadata parameter,
/// `citations.bib` and the flattened `artifacts/` of every ancestor into `dir`.
///
/// Each input's provenance goes to `artifacts/<input uuid>/` and each of its own
/// `artifacts/<uuid>/` entries to `artifacts/<uuid>/` beside it: no nesting, and
/// an ancestor reached along several paths is copied once.
pub fn write_provenance_dir(
    dir: &Path,
    record: &ActionRecord,
    citations: &Citations,
    metadata_tsvs: &[(String, String)],
    ancestors: &[AncestorProvenance],
) -> Result<(), ProvenanceError> {
    let action_dir = dir.join("action");
    mkdir(&action_dir)?;
    write(&action_dir.join("action.yaml"), &render_action_yaml(record))?;
    for (name, text) in metadata_tsvs {
        if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\']) {
            return Err(ProvenanceError::InvalidField {
                file: action_dir.display().to_string(),
                field: "metadata parameter name".into(),
                expected: "a plain file name stem".into(),
                found: format!("{name:?}"),
            });
        }
        write(&action_dir.join(format!("{name}.tsv")), text)?;
    }
    write(&dir.join("citations.bib"), &citations.render())?;
    write_ancestors(dir, ancestors)
}

/// Writes the flattened `artifacts/` of every ancestor into the provenance folder `dir` (nothing
/// when there are none): see [`write_provenance_dir`].
pub fn write_ancestors(
    dir: &Path,
    ancestors: &[AncestorProvenance],
) -> Result<(), ProvenanceError> {
    if ancestors.is_empty() {
        return Ok(());
    }
    let artifacts = dir.join("artifacts");
    mkdir(&artifacts)?;
    let mut done: HashSet<String> = HashSet::new();
    for ancestor in ancestors {
        if !ancestor.provenance_dir.is_dir() {
            return Err(ProvenanceError::Io {
                path: ancestor.provenance_dir.display().to_string(),
                message: "ancestor provenance directory does not exist".into(),
            });
        }
        let name = ancestor.uuid.to_string();
        if done.insert(name.clone()) {
            copy_without_artifacts(&ancestor.provenance_dir, &artifacts.join(&name))?;
        }
        let nested = ancestor.provenance_dir.join("artifacts");
        if !nested.is_dir() {
            continue;
        }
        let mut entries: Vec<PathBuf> = fs::read_dir(&nested)
            .map_err(|e| ProvenanceError::io(&nested, &e))?
            .map(|d| {
                d.map(|d| d.path())
                    .map_err(|e| ProvenanceError::io(&nested, &e))
            })
            .collect::<Result<_, _>>()?;
        entries.sort();
        for src in entries.into_iter().filter(|p| p.is_dir()) {
            let name = src
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if done.insert(name.clone()) {
                copy_without_artifacts(&src, &artifacts.join(&name))?;
            }
        }
    }
    Ok(())
}
