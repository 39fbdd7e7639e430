//! `qiime tools export`: the data files of a result.

use std::path::Path;

use anyhow::{Context, bail};
use qiime2::sdk::Artifact;

/// Copies the data of the result at `input` to `output`.
pub fn run(input: &Path, output: &Path, format: Option<&str>) -> anyhow::Result<()> {
    let result =
        Artifact::load(input).with_context(|| format!("cannot read {}", input.display()))?;
    let stored = result
        .format()
        .unwrap_or("a visualization's files")
        .to_owned();
    if let Some(format) = format
        && format != stored
    {
        bail!(
            "{} is stored as {stored}; exporting as {format} is not supported (use --output-format {stored} or leave it out)",
            input.display()
        );
    }
    let written = result
        .export_data(output)
        .with_context(|| format!("cannot export to {}", output.display()))?;
    let kind = if written.len() == 1 && written[0] == output {
        "file"
    } else {
        "directory"
    };
    println!(
        "Exported {} as {stored} to {kind} {}",
        input.display(),
        output.display()
    );
    Ok(())
}
