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
    let artifact =
        Artifact::import_data(&pm, semantic_type, input, format).with_context(context)?;
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
