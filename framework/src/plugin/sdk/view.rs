//! Views: the Rust values an action works with, read from and written to a format's files.

use std::path::Path;

use super::error::ViewError;
use crate::plugin::request::ArtifactData;

/// A Rust value that can be read from an artifact's data and written as a directory format.
///
/// Implementing `read` for several stored formats is how a plugin provides transformers: the view
/// converts from whichever format the artifact holds.
pub trait View: Sized {
    /// The view's name, as recorded in provenance.
    const NAME: &'static str;

    /// Reads the view from an artifact's `data/` folder stored in `data.format`.
    fn read(data: &ArtifactData) -> Result<Self, ViewError>;

    /// Writes the view into the empty folder `dir`; returns the name of the directory format written.
    fn write(&self, dir: &Path) -> Result<String, ViewError>;
}
