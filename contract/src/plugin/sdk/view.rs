//! Views: the Rust values an action works with, read from and written to a format's files.

use std::path::Path;

use super::error::ViewError;
use crate::plugin::request::ArtifactData;

/// A Rust value that can be read from an artifact's data and written as a directory format.
///
/// Implementing `read` for several stored formats is how a plugin provides transformers: the view
/// converts from whichever format the artifact holds.
///
/// # Examples
///
/// A list of words stored one per line in `words.txt` (the directory format `WordsFormat`):
///
/// ```
/// use std::path::Path;
/// use qiime2_plugin::plugin::{ArtifactData, View, ViewError};
///
/// struct Words(Vec<String>);
///
/// impl View for Words {
///     const NAME: &'static str = "Words";
///
///     fn read(data: &ArtifactData) -> Result<Self, ViewError> {
///         if data.format != "WordsFormat" {
///             return Err(ViewError::NoTransformer { from: data.format.clone(), to: Self::NAME });
///         }
///         let path = Path::new(&data.data_dir).join("words.txt");
///         let text = std::fs::read_to_string(&path).map_err(|source| ViewError::Io { path, source })?;
///         Ok(Words(text.lines().map(str::to_owned).collect()))
///     }
///
///     fn write(&self, dir: &Path) -> Result<String, ViewError> {
///         let path = dir.join("words.txt");
///         let text: String = self.0.iter().map(|w| format!("{w}\n")).collect();
///         std::fs::write(&path, text).map_err(|source| ViewError::Io { path, source })?;
///         Ok("WordsFormat".to_owned())
///     }
/// }
///
/// let dir = tempfile::tempdir().unwrap();
/// let format = Words(vec!["hello".into(), "world".into()]).write(dir.path()).unwrap();
/// let data = ArtifactData {
///     data_dir: dir.path().display().to_string(),
///     semantic_type: "Words".into(),
///     format,
///     handle: None,
/// };
/// assert_eq!(Words::read(&data).unwrap().0, ["hello", "world"]);
/// ```
pub trait View: Sized {
    /// The view's name, as recorded in provenance.
    const NAME: &'static str;

    /// Reads the view from an artifact's `data/` folder stored in `data.format`.
    fn read(data: &ArtifactData) -> Result<Self, ViewError>;

    /// Writes the view into the empty folder `dir`; returns the name of the directory format written.
    fn write(&self, dir: &Path) -> Result<String, ViewError>;
}
