//! `qiime tools import`: files into a new artifact.

use std::path::Path;

use anyhow::Context;
use qiime2::plugin::ValidationLevel;
use qiime2::sdk::Artifact;

/// Imports `input` (in `format`, else the type's own) as `semantic_type`, its data validated at
/// `level`.
pub fn import(
    semantic_type: &str,
    input: &Path,
    format: Option<&str>,
    level: ValidationLevel,
) -> anyhow::Result<Artifact> {
    let pm = crate::plugins::load();
    Artifact::import_data_at(&pm, semantic_type, input, format, level)
        .with_context(|| format!("cannot import {} as {semantic_type}", input.display()))
}

/// Imports `input` as `semantic_type` and saves the artifact at `output`.
pub fn run(
    semantic_type: &str,
    input: &Path,
    format: Option<&str>,
    level: ValidationLevel,
    output: &Path,
) -> anyhow::Result<()> {
    let artifact = import(semantic_type, input, format, level)?;
    let saved = artifact
        .save(output)
        .with_context(|| format!("cannot save {}", output.display()))?;
    // As q2cli: the directory format the data were saved in, whatever they were read from.
    println!(
        "Imported {} as {} to {}",
        input.display(),
        artifact.format().unwrap_or("data"),
        saved.display()
    );
    Ok(())
}
