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

/// The options `replay-provenance` and `replay-supplement` share.
#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// The result (.qza or .qzv) whose provenance is replayed.
    #[arg(long, value_name = "PATH")]
    pub in_fp: PathBuf,
    /// Have the script read the metadata the provenance recorded (written beside it).
    #[arg(long, overrides_with = "no_use_recorded_metadata")]
    pub use_recorded_metadata: bool,
    /// Have the script read metadata files you provide (the default).
    #[arg(long)]
    pub no_use_recorded_metadata: bool,
    /// Write the recorded metadata to recorded_metadata/ (the default).
    #[arg(long, overrides_with = "no_dump_recorded_metadata")]
    pub dump_recorded_metadata: bool,
    /// Do not write the recorded metadata.
    #[arg(long)]
    pub no_dump_recorded_metadata: bool,
    /// Leave out the explanatory header.
    #[arg(long)]
    pub suppress_header: bool,
}

impl ReplayArgs {
    /// The options these arguments give, for `usage_driver`.
    pub fn options(&self, usage_driver: UsageDriver) -> ReplayOptions {
        ReplayOptions {
            usage_driver,
            use_recorded_metadata: self.use_recorded_metadata && !self.no_use_recorded_metadata,
            dump_recorded_metadata: !self.no_dump_recorded_metadata,
            suppress_header: self.suppress_header,
        }
    }
}

/// How to replay.
#[derive(Debug, Clone, Copy)]
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
    // The archive keeps the recorded files alive until they are copied.
    let (replay, _archive) = replay_of(in_fp, options)?;
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

/// The replay of the result at `in_fp`, and the archive (which keeps the recorded files).
fn replay_of(
    in_fp: &Path,
    options: &ReplayOptions,
) -> anyhow::Result<(qiime2::usage::Replay, Archive)> {
    if in_fp.is_dir() {
        bail!(
            "{} is a folder: q2rs replays one result (.qza or .qzv) at a time",
            in_fp.display()
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
    let driver = match options.usage_driver {
        UsageDriver::Cli => qiime2::usage::ReplayDriver::Cli,
        UsageDriver::Python3 => qiime2::usage::ReplayDriver::Python3,
    };
    let replay = qiime2::usage::replay(
        &pm,
        &provenance,
        archive.uuid(),
        &title,
        options.suppress_header,
        driver,
    )
    .with_context(|| format!("cannot replay the provenance of {}", in_fp.display()))?;
    Ok((replay, archive))
}

/// Writes to `out_fp` a zip of everything to replay the result at `in_fp`: the replay scripts
/// (`cli_replay.sh`, `python3_replay.py`), the BibTeX of its citations (`citations.bib`) and,
/// unless told not to, the metadata its provenance recorded (`recorded_metadata/`).
pub fn supplement(in_fp: &Path, out_fp: &Path, options: &ReplayOptions) -> anyhow::Result<()> {
    use std::io::Write as _;
    // The archives keep the recorded files alive until they are copied.
    let (replay, _archive) = replay_of(in_fp, options)?;
    let python = ReplayOptions {
        usage_driver: UsageDriver::Python3,
        ..*options
    };
    let (python, _python_archive) = replay_of(in_fp, &python)?;
    let bib = super::citations::bibtex(in_fp)?.unwrap_or_default();
    let mut files = vec![
        ("cli_replay.sh".to_owned(), replay.script.into_bytes()),
        ("python3_replay.py".to_owned(), python.script.into_bytes()),
        ("citations.bib".to_owned(), bib.into_bytes()),
    ];
    if options.dump_recorded_metadata {
        for (name, recorded) in &replay.metadata {
            let bytes = std::fs::read(recorded)
                .with_context(|| format!("cannot read {}", recorded.display()))?;
            files.push((format!("recorded_metadata/{name}"), bytes));
        }
    }
    let write = || -> anyhow::Result<()> {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(out_fp)?);
        for (name, bytes) in &files {
            zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())?;
            zip.write_all(bytes)?;
        }
        zip.finish()?;
        Ok(())
    };
    write().with_context(|| format!("cannot write {}", out_fp.display()))?;
    println!(
        "The reproducibility supplement of {} was written to {}",
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
