//! `qiime tools import`: files into a new artifact.

use std::path::Path;

use anyhow::Context;
use qiime2::sdk::Artifact;

/// Imports `input` as `semantic_type` and saves the artifact at `output`.
pub fn run(
    semantic_type: &str,
    input: &Path,
    format: Option<&str>,
    output: &Path,
) -> anyhow::Result<()> {
    let pm = crate::plugins::load();
    let context = || format!("cannot import {} as {semantic_type}", input.display());
    let source_format = pm
        .import_format(semantic_type, input, format)
        .with_context(context)?;
    let artifact =
        Artifact::import_data(&pm, semantic_type, input, format).with_context(context)?;
    let saved = artifact
        .save(output)
        .with_context(|| format!("cannot save {}", output.display()))?;
    println!(
        "Imported {} as {source_format} to {}",
        input.display(),
        saved.display()
    );
    Ok(())
}
