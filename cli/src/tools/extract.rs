//! `qiime tools extract`: the whole of an archive (data, provenance, metadata) unzipped into a
//! folder named by its UUID, its checksums checked first.

use std::path::Path;

use anyhow::{Context, bail};
use qiime2::archive::{Archive, ReadLimits};

/// Extracts the archive at `input` into `<output>/<uuid>/` (`output` defaults to the current
/// folder) and prints where.
pub fn run(input: &Path, output: &Path) -> anyhow::Result<()> {
    let invalid = || {
        format!(
            "{} is not a valid QIIME 2 Result; only QIIME 2 Artifacts and Visualizations can be \
             extracted",
            input.display()
        )
    };
    std::fs::create_dir_all(output)
        .with_context(|| format!("cannot create the folder {}", output.display()))?;
    // Extracted beside its destination, so that it is moved there whole by one rename.
    let archive =
        Archive::open_in(input, &ReadLimits::from_env()?, output).with_context(invalid)?;
    let destination = output.join(archive.uuid().to_string());
    if destination.exists() {
        bail!(
            "cannot extract {}: {} exists already",
            input.display(),
            destination.display()
        );
    }
    std::fs::rename(archive.root_dir(), &destination).with_context(|| {
        format!(
            "cannot move the extracted files to {}",
            destination.display()
        )
    })?;
    println!(
        "Extracted {} to directory {}",
        input.display(),
        destination.display()
    );
    Ok(())
}
