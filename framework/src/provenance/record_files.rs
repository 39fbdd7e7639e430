//! The files of a result's own provenance record (`VERSION`, `metadata.yaml` and its ancestors'
//! provenance are added where the result is written: see `sdk::Artifact::write_provenance`).

use std::sync::Arc;

use super::emit::render_action_yaml;
use super::error::ProvenanceError;
use super::record::ActionRecord;

/// The files of a result's own provenance record, by path inside its `provenance/` folder:
/// `action/action.yaml`, one `action/<name>.tsv` per metadata parameter, and `citations.bib`
/// (the rendered [`Citations`](super::Citations) of the call).
///
/// The texts every output of one call has in common (`citations_bib`, the metadata files) are
/// shared, not copied: the outputs of one call hold one copy of each.
pub fn record_files(
    record: &ActionRecord,
    citations_bib: &Arc<str>,
    metadata_tsvs: &[(String, Arc<str>)],
) -> Result<Vec<(String, Arc<str>)>, ProvenanceError> {
    let mut files = vec![(
        "action/action.yaml".to_owned(),
        Arc::from(render_action_yaml(record)),
    )];
    for (name, text) in metadata_tsvs {
        if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\']) {
            return Err(ProvenanceError::InvalidField {
                file: "provenance/action".into(),
                field: "metadata parameter name".into(),
                expected: "a plain file name stem".into(),
                found: format!("{name:?}"),
            });
        }
        files.push((format!("action/{name}.tsv"), Arc::clone(text)));
    }
    files.push(("citations.bib".to_owned(), Arc::clone(citations_bib)));
    Ok(files)
}
