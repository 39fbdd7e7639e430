//! Metadata given on the command line: TSV files, or artifacts whose type can be metadata.

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use qiime2::metadata::Metadata;
use qiime2::sdk::Artifact;

/// Whether `path` starts like a zip file (a `.qza`/`.qzv` archive).
fn is_archive(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && magic == *b"PK\x03\x04"
}

/// Loads the metadata of every file in `paths` (TSV or artifact) and merges them.
pub fn load_merged(paths: &[impl AsRef<Path>]) -> anyhow::Result<Metadata> {
    let mut loaded = Vec::with_capacity(paths.len());
    for path in paths {
        let path = path.as_ref();
        let metadata = if is_archive(path) {
            let artifact =
                Artifact::load(path).with_context(|| format!("cannot read {}", path.display()))?;
            artifact.to_metadata(&crate::plugins::load())?
        } else {
            Metadata::load(path)
                .with_context(|| format!("cannot load metadata {}", path.display()))?
        };
        loaded.push(metadata);
    }
    Metadata::merge(&loaded).context("cannot merge the metadata files")
}
