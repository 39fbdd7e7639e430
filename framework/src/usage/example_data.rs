//! Writing the data of a plugin's usage examples, as `--example-data DIR` does.

use std::path::{Path, PathBuf};

use crate::plugin::{ExampleDataReply, LoadedPlugin, ServiceRequest, UsageExample};
use crate::sdk::{Artifact, PluginManager, SdkError};

use super::files::{ExampleFileKind, example_dir_name, example_files};

/// One file written for a usage example: its path and what it holds (a semantic type, or
/// `Metadata`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFileWritten {
    /// Where it was written.
    pub path: PathBuf,
    /// `FeatureData[Sequence]`, ..., or `Metadata`.
    pub kind: String,
}

fn create_dir(path: &Path) -> Result<(), SdkError> {
    std::fs::create_dir_all(path).map_err(|e| SdkError::io(path, &e))
}

/// Runs the factories of `example` (of `plugin`, loaded by `pm`) and writes their data into
/// `dir/<example name>/`: artifacts as `.qza` files, metadata as `.tsv` files, collections as
/// folders of `.qza` files.
pub fn write_example_data(
    pm: &PluginManager,
    plugin: &LoadedPlugin,
    example: &UsageExample,
    dir: &Path,
) -> Result<Vec<ExampleFileWritten>, SdkError> {
    let folder = dir.join(example_dir_name(example));
    create_dir(&folder)?;
    let mut written = Vec::new();
    for file in example_files(example) {
        let scratch = crate::files::private_temp("q2rs-example-")?;
        let data = scratch.path().join("data");
        create_dir(&data)?;
        let request = ServiceRequest::ExampleData {
            factory: file.factory.clone(),
            dir: data.to_string_lossy().into_owned(),
        };
        let reply: ExampleDataReply =
            serde_json::from_str(&plugin.service(&request)?).map_err(|e| SdkError::BadOutput {
                plugin: plugin.descriptor.name.clone(),
                action: format!("example-data factory '{}'", file.factory),
                reason: e.to_string(),
            })?;
        let target = folder.join(file.file_name.trim_end_matches('/'));
        match (reply, file.kind) {
            (
                ExampleDataReply::Artifact {
                    semantic_type,
                    format,
                },
                ExampleFileKind::Artifact,
            ) => {
                let artifact = Artifact::import_data(pm, &semantic_type, &data, Some(&format))?;
                written.push(ExampleFileWritten {
                    path: artifact.save(&target)?,
                    kind: semantic_type,
                });
            }
            (
                ExampleDataReply::ArtifactCollection {
                    semantic_type,
                    members,
                },
                ExampleFileKind::ArtifactCollection,
            ) => {
                create_dir(&target)?;
                for (key, format) in members {
                    let artifact =
                        Artifact::import_data(pm, &semantic_type, &data.join(&key), Some(&format))?;
                    let path = artifact.save(&target.join(format!("{key}.qza")))?;
                    written.push(ExampleFileWritten {
                        path,
                        kind: semantic_type.clone(),
                    });
                }
            }
            (ExampleDataReply::Metadata { file: tsv }, ExampleFileKind::Metadata) => {
                std::fs::copy(&tsv, &target).map_err(|e| SdkError::io(&target, &e))?;
                written.push(ExampleFileWritten {
                    path: target,
                    kind: "Metadata".to_owned(),
                });
            }
            (reply, kind) => {
                return Err(SdkError::BadOutput {
                    plugin: plugin.descriptor.name.clone(),
                    action: format!("example-data factory '{}'", file.factory),
                    reason: format!("it made {reply:?} where the example needs {kind:?}"),
                });
            }
        }
    }
    Ok(written)
}
