//! `qiime tools citations`: the BibTeX of everything in a result's provenance.

use std::path::Path;

use anyhow::{Context, bail};
use qiime2::archive::Archive;
use qiime2::provenance::collect_citations;

/// Prints every unique citation of the result and its ancestors.
pub fn run(path: &Path) -> anyhow::Result<()> {
    let archive = Archive::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let Some(provenance) = archive.provenance_dir() else {
        bail!(
            "{} has no provenance (archive format {}), so nothing to cite",
            path.display(),
            archive.version()
        );
    };
    let citations = collect_citations(&provenance)
        .with_context(|| format!("cannot read the citations of {}", path.display()))?;
    if citations.is_empty() {
        println!("No citations found.");
    } else {
        print!("{}", citations.render());
    }
    Ok(())
}
