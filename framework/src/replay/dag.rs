//! The provenance of one or more archives as one graph of results keyed by UUID.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::archive::{Archive, ResultMetadata};
use crate::provenance::{
    Action, ActionRecord, Citations, InputValue, ParamValue, collect_citations, read_action_yaml,
};

use super::error::ReplayError;

/// How archives are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// Check each archive against its checksum file (a mismatch is a warning, not an error).
    pub validate_checksums: bool,
    /// Read the metadata files recorded for `Metadata` parameters.
    pub parse_metadata: bool,
    /// When the path is a folder, also search its sub-folders.
    pub recurse: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        Self {
            validate_checksums: true,
            parse_metadata: true,
            recurse: false,
        }
    }
}

/// One result in the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvNode {
    /// The result's UUID.
    pub uuid: Uuid,
    /// Its semantic type (`Visualization` for a visualization).
    pub semantic_type: String,
    /// The record of the action that made it; `None` when the archive kept no provenance.
    pub record: Option<ActionRecord>,
    /// The recorded TSV of each `Metadata` parameter, by parameter name (when parsed).
    pub metadata: BTreeMap<String, Vec<u8>>,
}

impl ProvNode {
    /// The UUIDs of the results this one was made from: inputs, then artifacts viewed as metadata.
    pub fn parents(&self) -> Vec<Uuid> {
        let Some(ActionRecord {
            action: Action::Call(call),
            ..
        }) = &self.record
        else {
            return Vec::new();
        };
        let mut parents = Vec::new();
        for (_, value) in &call.inputs {
            match value {
                InputValue::None => {}
                InputValue::Uuid(u) | InputValue::NoProvenance(u) => parents.push(*u),
                InputValue::List(us) | InputValue::Set(us) => parents.extend(us),
                InputValue::Collection(pairs) => parents.extend(pairs.iter().map(|(_, u)| *u)),
            }
        }
        for (_, value) in &call.parameters {
            if let ParamValue::Metadata { artifacts, .. } = value {
                parents.extend(artifacts);
            }
        }
        parents
    }
}

/// The provenance graph of the archives read.
#[derive(Debug, Default)]
pub struct ProvDag {
    nodes: BTreeMap<Uuid, ProvNode>,
    parsed: BTreeSet<Uuid>,
    sources: Vec<PathBuf>,
    warnings: Vec<String>,
    citations: Citations,
}

impl ProvDag {
    /// Reads the archive at `path`, or every `.qza`/`.qzv` in the folder at `path` (sorted by
    /// path; sub-folders too with [`ParseOptions::recurse`]).
    ///
    /// # Examples
    /// ```no_run
    /// use qiime2::replay::{ParseOptions, ProvDag};
    /// let dag = ProvDag::load("serial-hits.qza".as_ref(), &ParseOptions::default())?;
    /// assert_eq!(dag.parsed().len(), 1);
    /// # Ok::<(), qiime2::replay::ReplayError>(())
    /// ```
    pub fn load(path: &Path, options: &ParseOptions) -> Result<Self, ReplayError> {
        let archives = archives_at(path, options.recurse)?;
        let mut dag = Self::default();
        for archive in archives {
            dag.add_archive(&archive, options)?;
        }
        Ok(dag)
    }

    /// The result with this UUID, when its provenance was read.
    pub fn node(&self, uuid: &Uuid) -> Option<&ProvNode> {
        self.nodes.get(uuid)
    }

    /// The UUIDs of the archives read (not of their ancestors), sorted.
    pub fn parsed(&self) -> &BTreeSet<Uuid> {
        &self.parsed
    }

    /// The archive files read, in order.
    pub fn sources(&self) -> &[PathBuf] {
        &self.sources
    }

    /// Problems found that did not stop the reading (checksum mismatches).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Every citation recorded in the archives read, in order of first appearance.
    pub fn citations(&self) -> &Citations {
        &self.citations
    }

    fn add_archive(&mut self, path: &Path, options: &ParseOptions) -> Result<(), ReplayError> {
        let archive = Archive::open(path)?;
        if options.validate_checksums
            && let Err(err) = archive.validate()
        {
            self.warnings.push(format!(
                "{err}; its provenance is replayed, but it may have been altered"
            ));
        }
        let uuid = archive.uuid();
        self.sources.push(path.to_path_buf());
        self.parsed.insert(uuid);
        let semantic_type = archive.metadata().semantic_type.clone();
        let Some(provenance) = archive.provenance_dir() else {
            self.nodes.entry(uuid).or_insert(ProvNode {
                uuid,
                semantic_type,
                record: None,
                metadata: BTreeMap::new(),
            });
            return Ok(());
        };
        let provenance_error = |source| ReplayError::Provenance {
            archive: path.to_path_buf(),
            source,
        };
        self.citations
            .merge(&collect_citations(&provenance).map_err(provenance_error)?);
        let root = read_node(path, &provenance, uuid, semantic_type, options)?;
        self.nodes.insert(uuid, root);
        let artifacts = provenance.join("artifacts");
        let Ok(entries) = std::fs::read_dir(&artifacts) else {
            return Ok(());
        };
        let mut dirs: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        dirs.sort();
        for dir in dirs {
            let Some(ancestor) = dir
                .file_name()
                .and_then(|n| Uuid::parse_str(&n.to_string_lossy()).ok())
            else {
                continue;
            };
            if self.nodes.contains_key(&ancestor) {
                continue;
            }
            let text = std::fs::read_to_string(dir.join("metadata.yaml"))
                .map_err(|e| crate::provenance::ProvenanceError::io(&dir, &e))
                .map_err(provenance_error)?;
            let meta = ResultMetadata::parse(&text, path)?;
            let node = read_node(path, &dir, ancestor, meta.semantic_type, options)?;
            self.nodes.insert(ancestor, node);
        }
        Ok(())
    }
}

/// Reads the record (and recorded metadata) in one provenance folder.
fn read_node(
    archive: &Path,
    dir: &Path,
    uuid: Uuid,
    semantic_type: String,
    options: &ParseOptions,
) -> Result<ProvNode, ReplayError> {
    let action_yaml = dir.join("action").join("action.yaml");
    let record = if action_yaml.is_file() {
        Some(
            read_action_yaml(&action_yaml).map_err(|source| ReplayError::Provenance {
                archive: archive.to_path_buf(),
                source,
            })?,
        )
    } else {
        None
    };
    let mut metadata = BTreeMap::new();
    if options.parse_metadata
        && let Some(ActionRecord {
            action: Action::Call(call),
            ..
        }) = &record
    {
        for (name, value) in &call.parameters {
            let ParamValue::Metadata { file, .. } = value else {
                continue;
            };
            let bytes = std::fs::read(dir.join("action").join(file)).map_err(|_| {
                ReplayError::MissingMetadata {
                    archive: archive.to_path_buf(),
                    uuid,
                    file: file.clone(),
                }
            })?;
            metadata.insert(name.clone(), bytes);
        }
    }
    Ok(ProvNode {
        uuid,
        semantic_type,
        record,
        metadata,
    })
}

/// The archives at `path`: the file itself, or the `.qza`/`.qzv` files of the folder.
fn archives_at(path: &Path, recurse: bool) -> Result<Vec<PathBuf>, ReplayError> {
    if !path.exists() {
        return Err(ReplayError::Missing {
            path: path.to_path_buf(),
        });
    }
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let depth = if recurse { usize::MAX } else { 1 };
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
        .max_depth(depth)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "qza" || e == "qzv"))
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(ReplayError::NoArchives {
            path: path.to_path_buf(),
            hint: if recurse {
                " or its sub-folders"
            } else {
                " (--recurse also searches its sub-folders)"
            },
        });
    }
    Ok(found)
}

#[cfg(test)]
impl ProvDag {
    /// A graph of the given nodes, of which `parsed` were read as archives.
    pub(crate) fn from_nodes(nodes: Vec<ProvNode>, parsed: &[Uuid]) -> Self {
        Self {
            nodes: nodes.into_iter().map(|n| (n.uuid, n)).collect(),
            parsed: parsed.iter().copied().collect(),
            ..Self::default()
        }
    }
}
