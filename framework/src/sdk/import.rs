//! Importing files as an artifact, and exporting an artifact's files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use md5::{Digest, Md5};
use uuid::Uuid;

use crate::archive::ResultMetadata;
use crate::plugin::{FormatDecl, FormatKind, LoadedPlugin, ServiceRequest, ValidationLevel};
use crate::provenance::{
    ActionRecord, Execution, ImportAction, ManifestEntry, TransformerStep, Transformers,
    record_files,
};
use crate::types::TypeExpr;

use super::artifact::Artifact;
use super::environment::environment;
use super::error::SdkError;
use super::plugin_manager::PluginManager;

/// How source files map onto a directory format.
struct Layout<'a> {
    /// The format the source is in (recorded in provenance).
    source_format: String,
    /// The directory format stored in the artifact.
    dir_format: &'a FormatDecl,
    /// The plugin that validates the directory format.
    validator: &'a LoadedPlugin,
    /// `(source file, name inside data/)` pairs.
    files: Vec<(PathBuf, String)>,
}

impl Artifact {
    /// Imports the file or folder at `source` as an artifact of `semantic_type`; `format` names the
    /// format of the source (a file format, or the directory format itself) and defaults to what
    /// the type is stored in. The data are validated fully before anything is made.
    pub fn import_data(
        pm: &PluginManager,
        semantic_type: &str,
        source: &Path,
        format: Option<&str>,
    ) -> Result<Artifact, SdkError> {
        Self::import_data_at(pm, semantic_type, source, format, ValidationLevel::Max)
    }

    /// As [`Artifact::import_data`], the data validated at `level` (`Min`: a quick look at the
    /// start of the data, as `--validate-level min` asks).
    pub fn import_data_at(
        pm: &PluginManager,
        semantic_type: &str,
        source: &Path,
        format: Option<&str>,
        level: ValidationLevel,
    ) -> Result<Artifact, SdkError> {
        let mut execution = Execution::begin(None);
        let semantic_type = canonical_type(semantic_type)?;
        let layout = plan_import(pm, &semantic_type, source, format)?;
        let folder = crate::files::private_temp("q2rs-import-")?;
        let data = folder.path().join("data");
        create_dir(&data)?;
        for (from, name) in &layout.files {
            let to = data.join(name);
            // Name the copy's destination too: a full disk there is not the source's fault.
            std::fs::copy(from, &to).map_err(|e| SdkError::Io {
                path: to.clone(),
                message: format!("cannot copy {} here: {e}", from.display()),
            })?;
        }
        let shown: Vec<(PathBuf, PathBuf)> = layout
            .files
            .iter()
            .map(|(from, name)| (data.join(name), from.clone()))
            .collect();
        validate_dir(
            layout.validator,
            &layout.dir_format.name,
            &data,
            level,
            &shown,
        )?;
        let manifest = layout
            .files
            .iter()
            .map(|(from, _)| {
                Ok(ManifestEntry {
                    name: from
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    md5sum: md5_hex(from)?,
                })
            })
            .collect::<Result<Vec<_>, SdkError>>()?;
        let transformers = (layout.source_format != layout.dir_format.name).then(|| Transformers {
            inputs: Default::default(),
            output: vec![TransformerStep {
                from: layout.source_format.clone(),
                to: layout.dir_format.name.clone(),
                plugin: None,
                citations: Vec::new(),
            }],
        });
        let (environment, citations) = environment(&[&layout.validator.descriptor])?;
        execution.finish();
        let record = ActionRecord::import(
            execution,
            ImportAction {
                format: Some(layout.source_format.clone()),
                manifest: Some(manifest),
            },
            transformers,
            environment,
        );
        let metadata =
            ResultMetadata::artifact(Uuid::new_v4(), &semantic_type, &layout.dir_format.name);
        let files = record_files(&record, &citations.render().into(), &[])?;
        Ok(Artifact::made(
            metadata,
            data,
            files,
            Arc::new(folder),
            Vec::new(),
        ))
    }

    /// Copies the artifact's files out: into the folder `dest` (created if needed), or, for a type
    /// stored as one file, to `dest` itself when `dest` is not an existing folder.
    pub fn export_data(&self, dest: &Path) -> Result<Vec<PathBuf>, SdkError> {
        let data = self.data_dir();
        let files = data_files(&data)?;
        let single_file = files.len() == 1 && !dest.is_dir() && dest.extension().is_some();
        let mut written = Vec::new();
        if single_file {
            std::fs::copy(&files[0], dest).map_err(|e| SdkError::io(dest, &e))?;
            written.push(dest.to_path_buf());
            return Ok(written);
        }
        create_dir(dest)?;
        for file in files {
            let relative = file.strip_prefix(&data).unwrap_or(&file);
            let target = dest.join(relative);
            if let Some(parent) = target.parent() {
                create_dir(parent)?;
            }
            std::fs::copy(&file, &target).map_err(|e| SdkError::io(&target, &e))?;
            written.push(target);
        }
        Ok(written)
    }

    /// Validates the artifact's data against its format, through the plugin that owns the format.
    pub fn validate_format(
        &self,
        pm: &PluginManager,
        level: ValidationLevel,
    ) -> Result<(), SdkError> {
        let Some(format) = self.format() else {
            return Ok(());
        };
        let (plugin, _) = pm.format(format).ok_or_else(|| SdkError::BadFormat {
            format: format.to_owned(),
            semantic_type: self.semantic_type().to_owned(),
            reason: "no installed plugin defines this format".to_owned(),
        })?;
        validate_dir(plugin, format, &self.data_dir(), level, &[])
    }
}

/// The canonical spelling of a type expression (`FeatureData[Sequence]`).
fn canonical_type(semantic_type: &str) -> Result<String, SdkError> {
    TypeExpr::parse(semantic_type)
        .map(|t| t.to_string())
        .map_err(|err| SdkError::UnknownType {
            semantic_type: semantic_type.to_owned(),
            known: vec![err.to_string()],
        })
}

fn plan_import<'a>(
    pm: &'a PluginManager,
    semantic_type: &str,
    source: &Path,
    format: Option<&str>,
) -> Result<Layout<'a>, SdkError> {
    let class = pm
        .artifact_classes()
        .find(|(_, c)| c.semantic_type == semantic_type)
        .map(|(_, c)| c);
    let class = class.ok_or_else(|| SdkError::UnknownType {
        semantic_type: semantic_type.to_owned(),
        known: pm
            .artifact_classes()
            .map(|(_, c)| c.semantic_type.clone())
            .collect(),
    })?;
    let (validator, dir_format) = pm
        .format(&class.format)
        .ok_or_else(|| SdkError::BadFormat {
            format: class.format.clone(),
            semantic_type: semantic_type.to_owned(),
            reason: "no installed plugin defines the format this type is stored in".to_owned(),
        })?;
    let single_file = match dir_format.files.as_slice() {
        [only] if dir_format.kind == FormatKind::Directory => Some(only),
        _ => None,
    };
    let accepted = || {
        let mut names = vec![dir_format.name.clone()];
        names.extend(single_file.map(|f| f.format.clone()));
        format!(
            "formats that can be imported as {semantic_type}: {}",
            names.join(", ")
        )
    };
    let source_format = match format {
        Some(name) => name.to_owned(),
        None if source.is_dir() => dir_format.name.clone(),
        None => single_file
            .map(|f| f.format.clone())
            .unwrap_or_else(|| dir_format.name.clone()),
    };
    if !source.exists() {
        return Err(SdkError::Io {
            path: source.to_path_buf(),
            message: "no such file or folder".to_owned(),
        });
    }
    let files = if source_format == dir_format.name {
        if !source.is_dir() {
            return Err(SdkError::BadFormat {
                format: source_format,
                semantic_type: semantic_type.to_owned(),
                reason: format!(
                    "{} is a directory format, so the input must be a folder",
                    dir_format.name
                ),
            });
        }
        dir_format
            .files
            .iter()
            .map(|f| (source.join(&f.path), f.path.clone()))
            .collect()
    } else if let Some(file) = single_file.filter(|f| f.format == source_format) {
        if source.is_dir() {
            return Err(SdkError::BadFormat {
                format: source_format,
                semantic_type: semantic_type.to_owned(),
                reason: format!(
                    "{} is a file format, so the input must be a file",
                    file.format
                ),
            });
        }
        vec![(source.to_path_buf(), file.path.clone())]
    } else {
        return Err(SdkError::BadFormat {
            format: source_format,
            semantic_type: semantic_type.to_owned(),
            reason: accepted(),
        });
    };
    for (path, _) in &files {
        if !path.is_file() {
            let message = if path.exists() {
                "not a regular file (a folder, device or pipe); expected a file".to_owned()
            } else {
                format!("missing (required by {})", dir_format.name)
            };
            return Err(SdkError::Io {
                path: path.clone(),
                message,
            });
        }
    }
    Ok(Layout {
        source_format,
        dir_format,
        validator,
        files,
    })
}

/// Validates `dir` as `format`; in the error, scratch paths are shown as the user's own files
/// (`shown`: scratch path, user path).
fn validate_dir(
    plugin: &LoadedPlugin,
    format: &str,
    dir: &Path,
    level: ValidationLevel,
    shown: &[(PathBuf, PathBuf)],
) -> Result<(), SdkError> {
    let request = ServiceRequest::Validate {
        format: format.to_owned(),
        dir: dir.to_string_lossy().into_owned(),
        level,
    };
    plugin.service(&request).map(drop).map_err(|err| {
        let mut reason = match err {
            crate::plugin::CallError::Plugin { message, .. } => message,
            other => other.to_string(),
        };
        let mut path = dir.to_path_buf();
        for (scratch, user) in shown {
            let scratch_text = scratch.to_string_lossy();
            if reason.contains(&*scratch_text) {
                reason = reason.replace(&*scratch_text, &user.to_string_lossy());
                path = user.clone();
            }
        }
        SdkError::Invalid {
            path,
            format: format.to_owned(),
            reason,
        }
    })
}

fn data_files(dir: &Path) -> Result<Vec<PathBuf>, SdkError> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| SdkError::Io {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

fn md5_hex(path: &Path) -> Result<String, SdkError> {
    let bytes = std::fs::read(path).map_err(|e| SdkError::io(path, &e))?;
    Ok(Md5::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

pub(crate) fn create_dir(path: &Path) -> Result<(), SdkError> {
    std::fs::create_dir_all(path).map_err(|e| SdkError::io(path, &e))
}

/// Copies the folder `from` to `to`, recursively (files as hard links where possible: the files
/// of a result are never modified).
pub(crate) fn copy_tree(from: &Path, to: &Path) -> Result<(), SdkError> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(|e| SdkError::Io {
            path: from.to_path_buf(),
            message: e.to_string(),
        })?;
        let target = to.join(entry.path().strip_prefix(from).unwrap_or(entry.path()));
        // A root that links to a folder (data moved into a cache) is walked through: a folder.
        if entry.file_type().is_dir() || (entry.depth() == 0 && entry.path().is_dir()) {
            create_dir(&target)?;
        } else {
            crate::files::link_or_copy(entry.path(), &target)
                .map_err(|e| SdkError::io(&target, &e))?;
        }
    }
    Ok(())
}
