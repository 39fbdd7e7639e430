//! Views: the Rust values an action works with, read from and written to a format's files.

use std::path::{Path, PathBuf};

use super::error::ViewError;
use crate::plugin::request::ArtifactData;

/// The `data/` folder of an artifact and the directory format its files are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataDir<'a> {
    path: &'a Path,
    format: &'a str,
}

impl<'a> DataDir<'a> {
    /// The folder `path`, holding files of the directory format `format`.
    pub fn new(path: &'a Path, format: &'a str) -> Self {
        Self { path, format }
    }

    /// The folder.
    pub fn path(&self) -> &'a Path {
        self.path
    }

    /// The directory format of its files, one of the view's [`View::READS`].
    pub fn format(&self) -> &'a str {
        self.format
    }

    /// The path of the file `name` inside the folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

/// A Rust value read from an artifact's data and written as a directory format.
///
/// A view declares its conversions once: [`READS`](Self::READS) lists the directory formats it
/// is read from and [`WRITES`](Self::WRITES) the one it is written as. The plugin's transformer
/// list is derived from them, and the host refuses at load an action whose input is stored in a
/// format its view does not read.
///
/// # Examples
///
/// A list of words stored one per line in `words.txt` (the directory format `WordsFormat`):
///
/// ```
/// use std::path::Path;
/// use qiime2_plugin::plugin::{ArtifactData, DataDir, View, ViewError};
///
/// #[derive(Debug)]
/// struct Words(Vec<String>);
///
/// impl View for Words {
///     const NAME: &'static str = "Words";
///     const READS: &'static [&'static str] = &["WordsFormat"];
///     const WRITES: &'static str = "WordsFormat";
///
///     fn read_from(dir: DataDir<'_>) -> Result<Self, ViewError> {
///         let path = dir.file("words.txt");
///         let text = std::fs::read_to_string(&path).map_err(|source| ViewError::Io { path, source })?;
///         Ok(Words(text.lines().map(str::to_owned).collect()))
///     }
///
///     fn write_to(&self, dir: &Path) -> Result<(), ViewError> {
///         let path = dir.join("words.txt");
///         let text: String = self.0.iter().map(|w| format!("{w}\n")).collect();
///         std::fs::write(&path, text).map_err(|source| ViewError::Io { path, source })
///     }
/// }
///
/// let dir = tempfile::tempdir().unwrap();
/// let format = Words(vec!["hello".into(), "world".into()]).write(dir.path()).unwrap();
/// assert_eq!(format, "WordsFormat");
/// let data = ArtifactData {
///     data_dir: dir.path().display().to_string(),
///     semantic_type: "Words".into(),
///     format,
///     handle: None,
/// };
/// assert_eq!(Words::read(&data).unwrap().0, ["hello", "world"]);
/// let other = ArtifactData { format: "NumbersFormat".into(), ..data };
/// assert_eq!(Words::read(&other).unwrap_err().to_string(), "no transformer from NumbersFormat to Words");
/// ```
pub trait View: Sized {
    /// The view's name, as recorded in provenance.
    const NAME: &'static str;
    /// The directory formats the view is read from (a transformer from each to the view).
    const READS: &'static [&'static str];
    /// The directory format the view is written as (the transformer from the view to it).
    const WRITES: &'static str;

    /// Reads the view from a `data/` folder in one of [`READS`](Self::READS).
    fn read_from(dir: DataDir<'_>) -> Result<Self, ViewError>;

    /// Writes the view's files, in [`WRITES`](Self::WRITES), into the empty folder `dir`.
    fn write_to(&self, dir: &Path) -> Result<(), ViewError>;

    /// Reads the view from an artifact's data, refusing a format it does not read.
    fn read(data: &ArtifactData) -> Result<Self, ViewError> {
        if !Self::READS.contains(&data.format.as_str()) {
            return Err(ViewError::NoTransformer {
                from: data.format.clone(),
                to: Self::NAME,
            });
        }
        Self::read_from(DataDir::new(Path::new(&data.data_dir), &data.format))
    }

    /// Writes the view into the empty folder `dir`; returns the directory format written.
    fn write(&self, dir: &Path) -> Result<String, ViewError> {
        self.write_to(dir)?;
        Ok(Self::WRITES.to_owned())
    }
}
