//! `qiime tools validate`: an archive's layout and checksums.

use std::path::Path;

use anyhow::Context;
use qiime2::archive::Archive;

/// Opens the archive (which checks its layout) and verifies its checksums.
pub fn run(path: &Path) -> anyhow::Result<()> {
    let archive =
        Archive::open(path).with_context(|| format!("{} is not a valid result", path.display()))?;
    archive
        .validate()
        .with_context(|| format!("{} is not a valid result", path.display()))?;
    println!(
        "Result {} appears to be valid (layout and checksums).",
        path.display()
    );
    Ok(())
}
