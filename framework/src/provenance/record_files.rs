//! The files of a result's own provenance record (`VERSION`, `metadata.yaml` and its ancestors'
//! provenance are added where the result is written: see `sdk::Artifact::write_provenance`).

use super::citations::Citations;
use super::emit::render_action_yaml;
use super::error::ProvenanceError;
use super::record::ActionRecord;

/// The files of a result's own provenance record, by path inside its `provenance/` folder:
/// `action/action.yaml`, one `action/<name>.tsv` per metadata parameter, and `citations.bib`.
pub fn record_files(
    record: &ActionRecord,
    citations: &Citations,
    metadata_tsvs: &[(String, String)],
) -> Result<Vec<(String, String)>, ProvenanceError> {
    let mut files = vec![("action/action.yaml".to_owned(), render_action_yaml(record))];
    for (name, text) in metadata_tsvs {
        if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\']) {
            return Err(ProvenanceError::InvalidField {
                file: "provenance/action".into(),
                field: "metadata parameter name".into(),
                expected: "a plain file name stem".into(),
                found: format!("{name:?}"),
            });
        }
        files.push((format!("action/{name}.tsv"), text.clone()));
    }
    files.push(("citations.bib".to_owned(), citations.render()));
    Ok(files)
}
