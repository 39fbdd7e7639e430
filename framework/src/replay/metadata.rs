//! The metadata recorded in provenance: written out for review, and named by replay scripts.

use std::path::{Path, PathBuf};

use super::error::ReplayError;
use super::plan::{MetadataArg, MetadataSource, Plan, recorded_metadata};

/// Writes each recorded metadata file of `plan` to `<dir>/<call label>/<variable>.tsv` (as
/// recorded, byte for byte), creating folders as needed; returns the files written.
pub fn dump_recorded_metadata(plan: &Plan, dir: &Path) -> Result<Vec<PathBuf>, ReplayError> {
    let mut written = Vec::new();
    for ((label, variable), bytes) in recorded_metadata(plan) {
        let folder = dir.join(&label);
        std::fs::create_dir_all(&folder).map_err(|e| ReplayError::write(&folder, e))?;
        let path = recorded_path(dir, &label, &variable);
        std::fs::write(&path, bytes).map_err(|e| ReplayError::write(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// Where [`dump_recorded_metadata`] writes the metadata `variable` of the call `label`.
pub(crate) fn recorded_path(dir: &Path, label: &str, variable: &str) -> PathBuf {
    dir.join(label).join(format!("{variable}.tsv"))
}

/// What a script uses for one metadata argument's file and column, given where the recorded
/// metadata was dumped (`None`: placeholders).
pub(crate) struct MetadataUse {
    /// The recorded file to read, when the script uses recorded metadata and it was recorded.
    pub recorded: Option<PathBuf>,
    /// The column's name: from the recorded file, or `None` (a placeholder).
    pub column: Option<String>,
}

impl MetadataUse {
    /// How `arg` of the call `label` is replayed.
    pub(crate) fn of(arg: &MetadataArg, label: &str, recorded_dir: Option<&Path>) -> Self {
        let bytes = match &arg.source {
            MetadataSource::File(Some(bytes)) => Some(bytes),
            _ => None,
        };
        let recorded = recorded_dir
            .zip(bytes)
            .map(|(dir, _)| recorded_path(dir, label, &arg.variable));
        let column = match (&recorded, bytes) {
            (Some(_), Some(bytes)) if arg.column => first_column(bytes),
            _ => None,
        };
        Self { recorded, column }
    }
}

/// The name of the first column after the ID column of a metadata TSV.
fn first_column(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let header = text
        .lines()
        .find(|line| !line.trim().is_empty() && !line.starts_with('#'))?;
    header
        .split('\t')
        .nth(1)
        .map(|c| c.trim().trim_matches('"').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_is_read_from_the_header_after_comments() {
        let tsv = b"# a comment\nid\tgenus\n#q2:types\tcategorical\nr1\tExemplibacter\n";
        assert_eq!(first_column(tsv).as_deref(), Some("genus"));
        assert_eq!(first_column(b"id\n"), None);
    }

    #[test]
    fn placeholders_unless_recorded_and_asked_for() {
        let arg = MetadataArg {
            variable: "md_0".into(),
            column: true,
            source: MetadataSource::File(Some(b"id\tphylum\n".to_vec())),
        };
        let dir = Path::new("/rec");
        let used = MetadataUse::of(&arg, "p_a_0", Some(dir));
        assert_eq!(used.recorded.unwrap(), Path::new("/rec/p_a_0/md_0.tsv"));
        assert_eq!(used.column.as_deref(), Some("phylum"));
        let placeholder = MetadataUse::of(&arg, "p_a_0", None);
        assert!(placeholder.recorded.is_none() && placeholder.column.is_none());
        let unparsed = MetadataArg {
            source: MetadataSource::File(None),
            ..arg
        };
        assert!(
            MetadataUse::of(&unparsed, "p_a_0", Some(dir))
                .recorded
                .is_none()
        );
    }
}
