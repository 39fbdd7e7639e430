//! `qiime tools replay-provenance` and `replay-citations`: what made a result, as a shell script
//! that makes it again, and as the BibTeX of everything it used.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::ValueEnum;
use qiime2::archive::Archive;

/// The interface a replay script is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UsageDriver {
    /// A q2cli shell script (`qiime ...` commands).
    Cli,
    /// A Python 3 script of QIIME 2's Python API.
    Python3,
}

/// How to replay.
#[derive(Debug)]
pub struct ReplayOptions {
    /// The interface.
    pub usage_driver: UsageDriver,
    /// The script reads the metadata the provenance recorded, written beside it.
    pub use_recorded_metadata: bool,
    /// The recorded metadata are written to a `recorded_metadata/` folder beside the script.
    pub dump_recorded_metadata: bool,
    /// No header comment at the top of the script.
    pub suppress_header: bool,
}

/// Writes to `out_fp` the script that replays the provenance of the result at `in_fp`.
pub fn provenance(in_fp: &Path, out_fp: &Path, options: &ReplayOptions) -> anyhow::Result<()> {
    if in_fp.is_dir() {
        bail!(
            "{} is a folder: q2rs replays one result (.qza or .qzv) at a time",
            in_fp.display()
        );
    }
    if options.usage_driver == UsageDriver::Python3 {
        bail!(
            "the python3 usage driver is not available yet: q2rs's Python API is not built; use \
             --usage-driver cli"
        );
    }
    let archive =
        Archive::open(in_fp).with_context(|| format!("cannot read {}", in_fp.display()))?;
    let Some(provenance) = archive.provenance_dir() else {
        bail!("{} has no provenance to replay", in_fp.display());
    };
    let pm = crate::plugins::load();
    let title = in_fp.file_name().map_or_else(
        || in_fp.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let replay = qiime2::usage::replay_cli(
        &pm,
        &provenance,
        archive.uuid(),
        &title,
        options.suppress_header,
    )
    .with_context(|| format!("cannot replay the provenance of {}", in_fp.display()))?;
    let beside = out_fp
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let folders = [
        (options.use_recorded_metadata, beside.clone()),
        (
            options.dump_recorded_metadata,
            beside.join("recorded_metadata"),
        ),
    ];
    for (wanted, folder) in folders {
        if !wanted || replay.metadata.is_empty() {
            continue;
        }
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
        for (name, recorded) in &replay.metadata {
            let dest = folder.join(name);
            std::fs::copy(recorded, &dest)
                .with_context(|| format!("cannot write {}", dest.display()))?;
        }
    }
    std::fs::write(out_fp, &replay.script)
        .with_context(|| format!("cannot write {}", out_fp.display()))?;
    println!(
        "The provenance of {} was replayed to {}",
        in_fp.display(),
        out_fp.display()
    );
    Ok(())
}

/// Writes to `out_fp` the BibTeX of every citation in the provenance of the result at `in_fp`.
pub fn citations(in_fp: &Path, out_fp: &Path) -> anyhow::Result<()> {
    let bib = super::citations::bibtex(in_fp)?.unwrap_or_default();
    std::fs::write(out_fp, bib).with_context(|| format!("cannot write {}", out_fp.display()))?;
    println!(
        "The citations of {} were written to {}",
        in_fp.display(),
        out_fp.display()
    );
    Ok(())
}
