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
    #[arg(long, overrides_with = "no_suppress_header")]
    pub suppress_header: bool,
    /// Keep the explanatory header (the default).
    #[arg(long)]
    pub no_suppress_header: bool,
    /// Neither read nor write the recorded metadata (the script names files you provide).
    #[arg(long, overrides_with = "parse_metadata")]
    pub no_parse_metadata: bool,
    /// Read the recorded metadata (the default).
    #[arg(long)]
    pub parse_metadata: bool,
    #[command(flatten)]
    #[allow(missing_docs, reason = "the flattened options carry their own docs")]
    pub common: ReplayCommon,
}

/// The options every replay tool takes.
#[derive(Debug, clap::Args)]
pub struct ReplayCommon {
    /// When --in-fp is a folder, look for results in its subfolders too.
    #[arg(long, overrides_with = "no_recurse")]
    pub recurse: bool,
    /// Only the results directly in the folder (the default).
    #[arg(long)]
    pub no_recurse: bool,
    /// Accepted as q2cli takes it: q2rs verifies the checksums of every result it reads.
    #[arg(long)]
    pub validate_checksums: bool,
    /// Accepted as q2cli takes it, but q2rs still verifies every result: a changed file is
    /// never used.
    #[arg(long)]
    pub no_validate_checksums: bool,
    /// Accepted as q2cli takes it: citations are always listed once.
    #[arg(long)]
    pub deduplicate: bool,
    /// Accepted as q2cli takes it, but citations are still listed once.
    #[arg(long)]
    pub no_deduplicate: bool,
}

impl ReplayCommon {
    /// Whether a folder's subfolders are searched.
    pub fn recurse(&self) -> bool {
        self.recurse && !self.no_recurse
    }
}

impl ReplayArgs {
    /// The options these arguments give, for `usage_driver`.
    pub fn options(&self, usage_driver: UsageDriver) -> ReplayOptions {
        ReplayOptions {
            usage_driver,
            use_recorded_metadata: self.use_recorded_metadata
                && !self.no_use_recorded_metadata
                && !self.no_parse_metadata,
            dump_recorded_metadata: !self.no_dump_recorded_metadata && !self.no_parse_metadata,
            suppress_header: self.suppress_header && !self.no_suppress_header,
            recurse: self.common.recurse(),
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
    /// A folder's subfolders are searched for results too.
    pub recurse: bool,
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
) -> anyhow::Result<(qiime2::usage::Replay, Vec<Archive>)> {
    let archives = open_all(in_fp, options.recurse)?;
    let mut roots = Vec::with_capacity(archives.len());
    let mut folders = Vec::with_capacity(archives.len());
    for archive in &archives {
        let Some(provenance) = archive.provenance_dir() else {
            bail!("{} has no provenance to replay", archive.source().display());
        };
        folders.push((provenance, archive.uuid()));
    }
    for (provenance, uuid) in &folders {
        roots.push((provenance.as_path(), *uuid));
    }
    let pm = crate::plugins::load();
    let title = in_fp.file_name().map_or_else(
        || in_fp.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let driver = match options.usage_driver {
        UsageDriver::Cli => qiime2::usage::ReplayDriver::Cli,
        UsageDriver::Python3 => qiime2::usage::ReplayDriver::Python3,
    };
    let replay = qiime2::usage::replay(&pm, &roots, &title, options.suppress_header, driver)
        .with_context(|| format!("cannot replay the provenance of {}", in_fp.display()))?;
    Ok((replay, archives))
}

/// The results at `in_fp`: the archive itself, or every `.qza` and `.qzv` in the folder (and
/// its subfolders when `recurse`), in name order, each checked as it is opened.
pub fn open_all(in_fp: &Path, recurse: bool) -> anyhow::Result<Vec<Archive>> {
    if !in_fp.is_dir() {
        let archive =
            Archive::open(in_fp).with_context(|| format!("cannot read {}", in_fp.display()))?;
        return Ok(vec![archive]);
    }
    let mut files = Vec::new();
    let mut folders = vec![in_fp.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder)
            .with_context(|| format!("cannot read the folder {}", folder.display()))?;
        for entry in entries {
            let path = entry
                .with_context(|| format!("cannot read the folder {}", folder.display()))?
                .path();
            if path.is_dir() {
                if recurse {
                    folders.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "qza" || e == "qzv") {
                files.push(path);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        bail!(
            "{} holds no results (.qza or .qzv){}",
            in_fp.display(),
            if recurse {
                ""
            } else {
                "; --recurse looks in its subfolders"
            }
        );
    }
    files
        .iter()
        .map(|f| Archive::open(f).with_context(|| format!("cannot read {}", f.display())))
        .collect()
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
    let bib = cited(in_fp, options.recurse)?.render();
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

/// Writes to `out_fp` the BibTeX of every citation in the provenance of the result at `in_fp`
/// (or of every result in that folder, and its subfolders when `recurse`), each once.
pub fn citations(in_fp: &Path, out_fp: &Path, recurse: bool) -> anyhow::Result<()> {
    std::fs::write(out_fp, cited(in_fp, recurse)?.render())
        .with_context(|| format!("cannot write {}", out_fp.display()))?;
    println!(
        "The citations of {} were written to {}",
        in_fp.display(),
        out_fp.display()
    );
    Ok(())
}

/// Every citation in the provenance of the results at `in_fp` (see [`open_all`]), each once.
fn cited(in_fp: &Path, recurse: bool) -> anyhow::Result<qiime2::provenance::Citations> {
    let mut all = qiime2::provenance::Citations::new();
    for archive in open_all(in_fp, recurse)? {
        if let Some(provenance) = archive.provenance_dir() {
            let cited = qiime2::provenance::collect_citations(&provenance).with_context(|| {
                format!(
                    "cannot read the citations of {}",
                    archive.source().display()
                )
            })?;
            all.merge(&cited);
        }
    }
    Ok(all)
}
