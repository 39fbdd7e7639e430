//! Results held by this process: loaded from an archive or made by an action, saved on request.

mod provenance_tree;
mod record_budget;
mod spill_log;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use tempfile::TempDir;
use uuid::Uuid;

use crate::archive::{Archive, Node, ResultMetadata, Source, Tree, write_archive_tree, write_tree};
use crate::plugin::{ArtifactData, View};

use super::error::SdkError;
use super::import::copy_tree;
use super::plugin_manager::PluginManager;
use crate::metadata::Metadata;
pub(crate) use provenance_tree::OwnProvenance;
use provenance_tree::{own_tree, provenance_tree};
use record_budget::{Budget, RECORDS};
use spill_log::SpillLog;

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
    /// The folder holding the complete unzipped result, for one read from an archive or a folder.
    root: Option<PathBuf>,
    data: PathBuf,
    provenance: OwnProvenance,
    _owner: Owner,
    /// The inputs (and, for a pipeline output, the result it aliases) of a result made in this
    /// process (or of a step read back from a recycle pool): their provenance joins its own
    /// record in `artifacts/` when it is saved ([`Artifact::write_provenance`]). Empty for
    /// results read from an archive or a folder, whose provenance is complete on disk.
    ancestors: Vec<Artifact>,
    /// The own record written out by [`Artifact::provenance_dir`], once asked for.
    written: Mutex<Option<TempDir>>,
}

/// What keeps a result's folder alive.
#[derive(Debug)]
enum Owner {
    Archive(Box<Archive>),
    /// A subfolder of a folder shared by several results (the scratch folder of the call that
    /// made them, or the work folder of a parallel run).
    Shared(
        #[allow(dead_code, reason = "held so the folder lives as long as the result")] Arc<TempDir>,
    ),
    /// A folder that someone else keeps (a worker's inputs, or the result a pipeline output
    /// aliases, which is among its ancestors).
    Borrowed,
}

impl Artifact {
    /// Loads a `.qza` or `.qzv` file; its layout and checksums are checked (a file changed since
    /// it was written is refused, naming the file).
    pub fn load(path: &Path) -> Result<Self, SdkError> {
        let archive = Archive::open(path)?;
        let metadata = archive.metadata().clone();
        let root = archive.root_dir().to_path_buf();
        Ok(Self::on_disk(
            metadata,
            &root,
            Owner::Archive(Box::new(archive)),
            Vec::new(),
        ))
    }

    /// A result unzipped in `root`; with `ancestors`, its `provenance/` holds only its own record
    /// (the folder is then not a complete result by itself).
    fn on_disk(
        metadata: ResultMetadata,
        root: &Path,
        owner: Owner,
        ancestors: Vec<Artifact>,
    ) -> Self {
        let complete = ancestors.is_empty().then(|| root.to_path_buf());
        Self::new(
            metadata,
            complete,
            root.join("data"),
            OwnProvenance::Dir(root.join("provenance")),
            owner,
            ancestors,
        )
    }

    fn new(
        metadata: ResultMetadata,
        root: Option<PathBuf>,
        data: PathBuf,
        provenance: OwnProvenance,
        owner: Owner,
        ancestors: Vec<Artifact>,
    ) -> Self {
        Self {
            inner: Arc::new(Stored {
                metadata,
                root,
                data,
                provenance,
                _owner: owner,
                ancestors,
                written: Mutex::new(None),
            }),
        }
    }

    /// A new result made in this process: its data are the folder `data` (which `folder`
    /// keeps), its own provenance record is `record` (files by path inside `provenance/`), and
    /// `ancestors` are the results whose provenance joins it when it is written.
    ///
    /// The record is held in memory while the records of the process fit in
    /// [`RECORD_BUDGET`](record_budget::RECORD_BUDGET); past it, its texts are appended to the
    /// process's spill file (in its temporary folder) and read from there.
    pub(crate) fn made<T: Into<Arc<str>>>(
        metadata: ResultMetadata,
        data: PathBuf,
        record: Vec<(String, T)>,
        folder: Arc<TempDir>,
        ancestors: Vec<Artifact>,
    ) -> Self {
        Self::made_in(metadata, data, record, Owner::Shared(folder), ancestors)
    }

    /// A pipeline output: a new record for the data of `inner`, which is among `ancestors` and
    /// so keeps the data alive.
    pub(crate) fn alias_of(
        inner: &Artifact,
        metadata: ResultMetadata,
        record: Vec<(String, Arc<str>)>,
        ancestors: Vec<Artifact>,
    ) -> Self {
        Self::made_in(
            metadata,
            inner.data_dir(),
            record,
            Owner::Borrowed,
            ancestors,
        )
    }

    fn made_in<T: Into<Arc<str>>>(
        metadata: ResultMetadata,
        data: PathBuf,
        record: Vec<(String, T)>,
        owner: Owner,
        ancestors: Vec<Artifact>,
    ) -> Self {
        let files = record
            .into_iter()
            .map(|(path, text)| (path, text.into()))
            .collect();
        let provenance = held_or_spilled(&RECORDS, files);
        Self::new(metadata, None, data, provenance, owner, ancestors)
    }

    /// The folder holding the complete unzipped result (`metadata.yaml`, `data/`, `provenance/`)
    /// of a result read from an archive or a folder; `None` for a result made in this process,
    /// whose provenance is held in memory until it is written.
    pub fn unzipped_root(&self) -> Option<&Path> {
        self.inner.root.as_deref()
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
        Ok(Self::on_disk(metadata, root, owner, ancestors))
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

    /// Whether its data folder belongs to results of this process alone (made here, not loaded
    /// from an archive, borrowed or aliased), so that it may be moved into a cache.
    pub(crate) fn owns_data(&self) -> bool {
        matches!(self.inner._owner, Owner::Shared(_))
    }

    /// The result's `metadata.yaml` and its own `provenance/` record, as a tree to write beside
    /// its `data/` (with its ancestors listed elsewhere).
    pub(crate) fn own_root_tree(&self) -> Result<Tree, SdkError> {
        let mut tree = Tree::new();
        let yaml = self.inner.metadata.to_yaml().into_bytes();
        tree.insert("metadata.yaml".into(), Node::File(Source::Bytes(yaml)));
        let own = own_tree(&self.inner.provenance, &self.inner.metadata)?;
        tree.insert("provenance".into(), Node::Dir(own));
        Ok(tree)
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

    /// What names it in a recycle pool's step keys: its UUID, and for a result read from an
    /// archive the archive's content digest too, so that another file with the same UUID (a
    /// tampered or rewritten copy) never matches a step recorded for this one.
    pub fn identity(&self) -> String {
        match &self.inner._owner {
            Owner::Archive(archive) => format!("{}:{}", self.uuid(), archive.content_digest()),
            Owner::Shared(_) | Owner::Borrowed => self.uuid().to_string(),
        }
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
            Owner::Shared(_) | Owner::Borrowed => None,
        }
    }

    /// Reads the artifact as metadata, where its type allows: its artifact class names a
    /// metadata file, or its plugin views the class as metadata.
    pub fn to_metadata(&self, pm: &PluginManager) -> Result<Metadata, SdkError> {
        let name = self
            .source()
            .map_or_else(|| self.uuid().to_string(), |p| p.display().to_string());
        let class = pm
            .artifact_classes()
            .find(|(_, c)| c.semantic_type == self.semantic_type());
        let not_metadata = || SdkError::NotMetadata {
            artifact: name.clone(),
            semantic_type: self.semantic_type().to_owned(),
        };
        match class {
            Some((_, class)) if class.metadata_file.is_some() => {
                let file = class.metadata_file.as_deref().unwrap_or_default();
                let path = self.data_dir().join(file);
                let bytes = std::fs::read(&path).map_err(|e| SdkError::io(&path, &e))?;
                Ok(Metadata::from_tsv_bytes(
                    &bytes,
                    &format!("{name} (data/{file})"),
                )?)
            }
            Some((plugin, class)) if class.metadata_view => {
                let request = crate::plugin::ServiceRequest::Metadata {
                    semantic_type: class.semantic_type.clone(),
                    dir: self.data_dir().to_string_lossy().into_owned(),
                };
                let tsv = plugin.service(&request).map_err(|err| SdkError::View {
                    uuid: self.uuid(),
                    reason: err.to_string(),
                })?;
                Ok(Metadata::from_tsv_str(&tsv, &name)?)
            }
            _ => Err(not_metadata()),
        }
    }

    /// Its `metadata.yaml` contents.
    pub fn metadata(&self) -> &ResultMetadata {
        &self.inner.metadata
    }

    /// The folder holding its data files.
    pub fn data_dir(&self) -> PathBuf {
        self.inner.data.clone()
    }

    /// The folder holding its own provenance. For a result made in this process, whose record
    /// is held in memory (or in the spill file), the record is first written out (once) and the folder holds only it;
    /// [`Artifact::write_provenance`] writes the complete provenance.
    pub fn provenance_dir(&self) -> Result<PathBuf, SdkError> {
        if let OwnProvenance::Dir(dir) = &self.inner.provenance {
            return Ok(dir.clone());
        }
        let mut written = self
            .inner
            .written
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let folder = match &mut *written {
            Some(folder) => folder,
            None => {
                let folder = crate::files::private_temp("q2rs-provenance-")?;
                let own = own_tree(&self.inner.provenance, &self.inner.metadata)?;
                write_tree(&own, &folder.path().join("provenance"))?;
                written.insert(folder)
            }
        };
        Ok(folder.path().join("provenance"))
    }

    /// Writes the complete provenance into the new folder `dir`: its own record, and every
    /// ancestor's flattened into `artifacts/`, as an archive holds it.
    pub fn write_provenance(&self, dir: &Path) -> Result<(), SdkError> {
        Ok(write_tree(&provenance_tree(self)?, dir)?)
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

    /// Whether it was read from an archive whose format has checksums (format 5 and later),
    /// which [`Artifact::load`] verified.
    pub fn has_checksums(&self) -> bool {
        match &self.inner._owner {
            Owner::Archive(archive) => archive.checksum_kind().is_some(),
            Owner::Shared(_) | Owner::Borrowed => false,
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
        write_archive_tree(
            &path,
            &self.inner.metadata,
            &self.data_dir(),
            provenance_tree(self)?,
            crate::archive::FRAMEWORK_VERSION,
        )?;
        Ok(path)
    }
}

/// A new record `files`: held in memory if it fits in `budget`, else appended to the spill
/// file. A record the disk refuses stays in memory, past the budget: memory is spent rather
/// than provenance lost (saving the result will then report the disk).
fn held_or_spilled(budget: &'static Budget, files: Vec<(String, Arc<str>)>) -> OwnProvenance {
    let bytes = files
        .iter()
        .map(|(path, text)| path.len() + text.len())
        .sum();
    if let Some(charge) = budget.charge(bytes) {
        return OwnProvenance::Files {
            files,
            _charge: charge,
        };
    }
    let texts: Vec<&str> = files.iter().map(|(_, text)| &**text).collect();
    let spilled = SpillLog::current().and_then(|log| Ok((log.append(&texts)?, log)));
    match spilled {
        Ok((extents, log)) => OwnProvenance::Spilled {
            log,
            files: files
                .into_iter()
                .map(|(path, _)| path)
                .zip(extents)
                .collect(),
        },
        Err(_) => OwnProvenance::Files {
            files,
            _charge: budget.overdraw(bytes),
        },
    }
}
