//! Results held by this process: loaded from an archive or made by an action, saved on request.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tempfile::TempDir;
use uuid::Uuid;

use crate::archive::{Archive, ResultMetadata, VersionFile, write_archive};
use crate::plugin::{ArtifactData, View};
use crate::provenance::{AncestorProvenance, write_ancestors};

use super::error::SdkError;
use super::import::copy_tree;
use super::plugin_manager::PluginManager;
use crate::metadata::Metadata;

/// A QIIME 2 result (artifact or visualization): its metadata, `data/` and `provenance/`.
///
/// Cheap to clone; the files live in a private temporary folder for as long as a clone does.
///
/// ```no_run
/// use qiime2::sdk::Artifact;
/// let seqs = Artifact::load("seqs.qza".as_ref())?;
/// println!("{} is {}", seqs.uuid(), seqs.semantic_type());
/// seqs.save("copy.qza".as_ref())?;
/// # Ok::<(), qiime2::sdk::SdkError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Artifact {
    inner: Arc<Stored>,
}

#[derive(Debug)]
struct Stored {
    metadata: ResultMetadata,
    root: PathBuf,
    _owner: Owner,
    /// The inputs (and, for a pipeline output, the result it aliases) of a result made in this
    /// process: its `provenance/` holds only its own record, and their provenance joins it in
    /// `artifacts/` when it is saved ([`Artifact::write_provenance`]). Empty for results read
    /// from an archive or a folder, whose provenance is complete on disk.
    ancestors: Vec<Artifact>,
}

/// What keeps a result's folder alive.
#[derive(Debug)]
enum Owner {
    Archive(Archive),
    Temp(#[allow(dead_code, reason = "held so the folder lives as long as the result")] TempDir),
    /// A subfolder of a work folder shared by the results of one run.
    Shared(
        #[allow(dead_code, reason = "held so the folder lives as long as the result")] Arc<TempDir>,
    ),
    /// A folder that someone else keeps (a worker's inputs).
    Borrowed,
}

impl Artifact {
    /// Loads a `.qza` or `.qzv` file (its layout is checked; see [`Artifact::validate_checksums`]).
    pub fn load(path: &Path) -> Result<Self, SdkError> {
        let archive = Archive::open(path)?;
        let metadata = archive.metadata().clone();
        let root = archive.root_dir().to_path_buf();
        Ok(Self {
            inner: Arc::new(Stored {
                metadata,
                root,
                _owner: Owner::Archive(archive),
                ancestors: Vec::new(),
            }),
        })
    }

    /// A new result whose `data/` and `provenance/` were written under `folder`; its
    /// `metadata.yaml` is written there too, so the folder is a complete unzipped result.
    ///
    /// `provenance/` gets its `VERSION` and `metadata.yaml` too, as an archive's provenance has
    /// them: when this result becomes an ancestor, its provenance is copied into its descendants'
    /// `artifacts/<uuid>/` complete, whether or not it was ever saved.
    pub(crate) fn from_folder(
        metadata: ResultMetadata,
        folder: TempDir,
        ancestors: Vec<Artifact>,
    ) -> Result<Self, SdkError> {
        let root = folder.path().to_path_buf();
        let yaml = metadata.to_yaml();
        let version = VersionFile::current(crate::VERSION).render();
        for (path, text) in [
            (root.join("metadata.yaml"), &yaml),
            (root.join("provenance/metadata.yaml"), &yaml),
            (root.join("provenance/VERSION"), &version),
        ] {
            std::fs::write(&path, text).map_err(|e| SdkError::io(&path, &e))?;
        }
        Ok(Self {
            inner: Arc::new(Stored {
                metadata,
                root,
                _owner: Owner::Temp(folder),
                ancestors,
            }),
        })
    }

    /// The folder holding the unzipped result (`metadata.yaml`, `data/`, `provenance/`).
    pub fn root_dir(&self) -> &Path {
        &self.inner.root
    }

    /// Opens a result kept unzipped in `root` (`metadata.yaml`, `data/`, `provenance/`), as a
    /// worker process reads its inputs; the folder is not removed when the result is dropped.
    pub fn open_dir(root: &Path) -> Result<Self, SdkError> {
        Self::open_dir_owned(root, Owner::Borrowed)
    }

    /// Opens a result kept unzipped in `root`, a subfolder of `work`, which it keeps alive.
    pub(crate) fn open_in(root: &Path, work: Arc<TempDir>) -> Result<Self, SdkError> {
        Self::open_dir_owned(root, Owner::Shared(work))
    }

    fn open_dir_owned(root: &Path, owner: Owner) -> Result<Self, SdkError> {
        Self::open_dir_as(root, owner, Vec::new())
    }

    fn open_dir_as(root: &Path, owner: Owner, ancestors: Vec<Artifact>) -> Result<Self, SdkError> {
        let path = root.join("metadata.yaml");
        let text = std::fs::read_to_string(&path).map_err(|e| SdkError::io(&path, &e))?;
        let metadata = ResultMetadata::parse(&text, &path)?;
        Ok(Self {
            inner: Arc::new(Stored {
                metadata,
                root: root.to_path_buf(),
                _owner: owner,
                ancestors,
            }),
        })
    }

    /// Opens a result kept unzipped in `root` whose provenance holds only its own record; its
    /// ancestors' provenance comes from `ancestors` (as for a result made in this process).
    pub(crate) fn open_dir_with_ancestors(
        root: &Path,
        ancestors: Vec<Artifact>,
    ) -> Result<Self, SdkError> {
        Self::open_dir_as(root, Owner::Borrowed, ancestors)
    }

    /// The results whose provenance joins this one's when it is saved (empty when its
    /// provenance is complete on disk).
    pub(crate) fn ancestors_in_memory(&self) -> &[Artifact] {
        &self.inner.ancestors
    }

    /// Whether its folder belongs to results of this process alone (made here, not loaded from
    /// an archive or borrowed), so that it may be moved into a cache.
    pub(crate) fn owns_folder(&self) -> bool {
        matches!(self.inner._owner, Owner::Temp(_) | Owner::Shared(_))
    }

    /// Writes the result unzipped into the new folder `root`, for [`Artifact::open_dir`].
    pub fn write_dir(&self, root: &Path) -> Result<(), SdkError> {
        copy_tree(&self.data_dir(), &root.join("data"))?;
        self.write_provenance(&root.join("provenance"))?;
        let path = root.join("metadata.yaml");
        std::fs::write(&path, self.inner.metadata.to_yaml()).map_err(|e| SdkError::io(&path, &e))
    }

    /// The result's UUID.
    pub fn uuid(&self) -> Uuid {
        self.inner.metadata.uuid
    }

    /// Its semantic type, e.g. `FeatureData[Sequence]` (`Visualization` for a visualization).
    pub fn semantic_type(&self) -> &str {
        &self.inner.metadata.semantic_type
    }

    /// The directory format its data is stored in (`None` for a visualization).
    pub fn format(&self) -> Option<&str> {
        self.inner.metadata.format.as_deref()
    }

    /// Whether it is a visualization.
    pub fn is_visualization(&self) -> bool {
        self.inner.metadata.is_visualization()
    }

    /// The archive it was loaded from, if it was.
    pub fn source(&self) -> Option<&Path> {
        match &self.inner._owner {
            Owner::Archive(archive) => Some(archive.source()),
            Owner::Temp(_) | Owner::Shared(_) | Owner::Borrowed => None,
        }
    }

    /// Reads the artifact as metadata, where its type allows (its artifact class names a
    /// metadata file).
    pub fn to_metadata(&self, pm: &PluginManager) -> Result<Metadata, SdkError> {
        let name = self
            .source()
            .map_or_else(|| self.uuid().to_string(), |p| p.display().to_string());
        let class = pm
            .artifact_classes()
            .find(|(_, c)| c.semantic_type == self.semantic_type())
            .map(|(_, c)| c);
        let Some(file) = class.and_then(|c| c.metadata_file.as_deref()) else {
            return Err(SdkError::NotMetadata {
                artifact: name,
                semantic_type: self.semantic_type().to_owned(),
            });
        };
        let path = self.data_dir().join(file);
        let bytes = std::fs::read(&path).map_err(|e| SdkError::io(&path, &e))?;
        Ok(Metadata::from_tsv_bytes(
            &bytes,
            &format!("{name} (data/{file})"),
        )?)
    }

    /// Its `metadata.yaml` contents.
    pub fn metadata(&self) -> &ResultMetadata {
        &self.inner.metadata
    }

    /// The folder holding its data files.
    pub fn data_dir(&self) -> PathBuf {
        self.inner.root.join("data")
    }

    /// The folder holding its own provenance. For a result made in this process it holds only
    /// the result's own record; [`Artifact::write_provenance`] writes the complete provenance.
    pub fn provenance_dir(&self) -> PathBuf {
        self.inner.root.join("provenance")
    }

    /// Whether some of its ancestors' provenance is still only in memory (see `write_provenance`).
    pub fn has_ancestors_in_memory(&self) -> bool {
        !self.inner.ancestors.is_empty()
    }

    /// Writes the complete provenance into the new folder `dir`: its own record, and every
    /// ancestor's flattened into `artifacts/`, as an archive holds it.
    pub fn write_provenance(&self, dir: &Path) -> Result<(), SdkError> {
        copy_tree(&self.provenance_dir(), dir)?;
        let mut ancestors = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut pending: Vec<&Artifact> = self.inner.ancestors.iter().rev().collect();
        while let Some(ancestor) = pending.pop() {
            if seen.insert(ancestor.uuid()) {
                ancestors.push(AncestorProvenance {
                    uuid: ancestor.uuid(),
                    provenance_dir: ancestor.provenance_dir(),
                });
                pending.extend(ancestor.inner.ancestors.iter().rev());
            }
        }
        write_ancestors(dir, &ancestors)?;
        Ok(())
    }

    /// What a plugin is given to read this artifact.
    pub fn as_data(&self) -> ArtifactData {
        ArtifactData {
            data_dir: self.data_dir().to_string_lossy().into_owned(),
            semantic_type: self.semantic_type().to_owned(),
            format: self.format().unwrap_or_default().to_owned(),
            handle: None,
        }
    }

    /// Reads the data as the view `V` (a Rust type of a plugin crate this program links).
    pub fn view<V: View>(&self) -> Result<V, SdkError> {
        V::read(&self.as_data()).map_err(|source| SdkError::View {
            uuid: self.uuid(),
            reason: source.to_string(),
        })
    }

    /// Verifies the checksums of a result loaded from an archive (new results have none yet).
    pub fn validate_checksums(&self) -> Result<(), SdkError> {
        match &self.inner._owner {
            Owner::Archive(archive) => archive.validate().map_err(SdkError::from),
            Owner::Temp(_) | Owner::Shared(_) | Owner::Borrowed => Ok(()),
        }
    }

    /// Saves the result as an archive at `path`, adding `.qza` or `.qzv` when the name has no
    /// such extension (as QIIME 2 does); returns the path written. The write is atomic.
    pub fn save(&self, path: &Path) -> Result<PathBuf, SdkError> {
        let extension = if self.is_visualization() {
            "qzv"
        } else {
            "qza"
        };
        let path = if path.extension().is_some_and(|e| e == extension) {
            path.to_path_buf()
        } else {
            let mut name = path.as_os_str().to_owned();
            name.push(".");
            name.push(extension);
            PathBuf::from(name)
        };
        if self.has_ancestors_in_memory() {
            let scratch =
                tempfile::tempdir().map_err(|e| SdkError::io(&std::env::temp_dir(), &e))?;
            let provenance = scratch.path().join("provenance");
            self.write_provenance(&provenance)?;
            write_archive(&path, &self.inner.metadata, &self.data_dir(), &provenance)?;
        } else {
            write_archive(
                &path,
                &self.inner.metadata,
                &self.data_dir(),
                &self.provenance_dir(),
            )?;
        }
        Ok(path)
    }
}
