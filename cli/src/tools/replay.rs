//! `qiime tools replay-provenance`, `replay-citations` and `replay-supplement`: scripts,
//! citations and a reproducibility supplement from the provenance of results.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use qiime2::plugin::ActionSignature;
use qiime2::replay::{
    Driver, MetadataChoice, ParseOptions, Plan, ProvDag, RenderOptions, SupplementOptions,
    check_destination, dump_recorded_metadata, render, render_citations, write_atomically,
    write_supplement,
};
use qiime2::sdk::PluginManager;

/// The `qiime tools replay-*` subcommands.
#[derive(Debug, Subcommand)]
pub enum ReplayTool {
    /// Write a script that reruns the commands recorded in results' provenance.
    ///
    /// A pipeline is one command; imported data and metadata files are placeholders to fill in
    /// (--use-recorded-metadata reads the metadata recorded in provenance instead).
    #[command(name = "replay-provenance")]
    Provenance {
        #[command(flatten)]
        #[allow(missing_docs, reason = "documented by its fields")]
        source: Source,
        /// The interface the script is written for.
        #[arg(long, value_enum, ignore_case = true, default_value_t = DriverArg::Cli)]
        usage_driver: DriverArg,
        #[command(flatten)]
        #[allow(missing_docs, reason = "documented by its fields")]
        metadata: MetadataArgs,
        /// Where to write the recorded metadata with --dump-recorded-metadata (created if
        /// missing; by default ./recorded_metadata/).
        #[arg(long, value_name = "PATH")]
        metadata_out_dir: Option<PathBuf>,
        /// Where to write the script.
        #[arg(long, value_name = "PATH")]
        out_fp: PathBuf,
    },
    /// Write the citations of everything in results' provenance as one BibTeX file.
    ///
    /// For citing in published work, not for reporting versions: de-duplication merges the
    /// versions of one work.
    #[command(name = "replay-citations")]
    Citations {
        #[command(flatten)]
        #[allow(missing_docs, reason = "documented by its fields")]
        source: Source,
        #[command(flatten)]
        #[allow(missing_docs, reason = "documented by its fields")]
        dedup: Dedup,
        /// Where to write the BibTeX file.
        #[arg(long, value_name = "PATH")]
        out_fp: PathBuf,
    },
    /// Zip the replay scripts, citations and recorded metadata of results' provenance.
    ///
    /// The zip holds `cli_replay.sh`, `python3_replay.py`, `citations.bib` and
    /// `recorded_metadata/`, in one folder named after the file.
    #[command(name = "replay-supplement")]
    Supplement {
        #[command(flatten)]
        #[allow(missing_docs, reason = "documented by its fields")]
        source: Source,
        #[command(flatten)]
        #[allow(missing_docs, reason = "documented by its fields")]
        dedup: Dedup,
        #[command(flatten)]
        #[allow(missing_docs, reason = "documented by its fields")]
        metadata: MetadataArgs,
        /// Where to write the zip file (.zip is added when missing).
        #[arg(long, value_name = "PATH")]
        out_fp: PathBuf,
    },
}

/// The interfaces a replay script can be written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DriverArg {
    /// A bash script of `qiime` commands.
    Cli,
    /// A Python 3 script using QIIME 2's Python API.
    Python3,
}

/// Which results are read, and what is reported.
#[derive(Debug, Args)]
pub struct Source {
    /// A QIIME 2 archive (.qza or .qzv), or a folder of archives.
    #[arg(long, value_name = "PATH")]
    in_fp: PathBuf,
    /// When --in-fp is a folder, also read the archives in its sub-folders [default: off].
    #[arg(long, overrides_with = "no_recurse")]
    recurse: bool,
    /// Read only the archives directly in the --in-fp folder.
    #[arg(long)]
    no_recurse: bool,
    /// Leave the header and footer out of what is written [default: off].
    #[arg(long, overrides_with = "no_suppress_header")]
    suppress_header: bool,
    /// Write the header and footer.
    #[arg(long)]
    no_suppress_header: bool,
    /// Report each archive read and each file written [default: on].
    #[arg(long, overrides_with = "no_verbose")]
    verbose: bool,
    /// Report only where the result was written.
    #[arg(long)]
    no_verbose: bool,
}

/// Whether citations are de-duplicated.
#[derive(Debug, Args)]
pub struct Dedup {
    /// Drop citations that very likely repeat an earlier one (same DOI, or same title, authors,
    /// journal, year and pages), at a small risk of merging distinct works [default: on].
    #[arg(long, overrides_with = "no_deduplicate")]
    deduplicate: bool,
    /// Keep every recorded citation.
    #[arg(long)]
    no_deduplicate: bool,
}

/// Checksums and the metadata recorded in provenance.
#[derive(Debug, Args)]
pub struct MetadataArgs {
    /// Check each archive against its checksums; a mismatch is reported [default: on].
    #[arg(long, overrides_with = "no_validate_checksums")]
    validate_checksums: bool,
    /// Do not check checksums.
    #[arg(long)]
    no_validate_checksums: bool,
    /// Read the metadata recorded in provenance [default: on].
    #[arg(long, overrides_with = "no_parse_metadata")]
    parse_metadata: bool,
    /// Do not read the recorded metadata (needs --no-dump-recorded-metadata).
    #[arg(long)]
    no_parse_metadata: bool,
    /// Make the script read the recorded metadata instead of leaving placeholders [default:
    /// off].
    #[arg(long, overrides_with = "no_use_recorded_metadata")]
    use_recorded_metadata: bool,
    /// Leave placeholders for metadata files.
    #[arg(long)]
    no_use_recorded_metadata: bool,
    /// Write the recorded metadata to files for review [default: on].
    #[arg(long, overrides_with = "no_dump_recorded_metadata")]
    dump_recorded_metadata: bool,
    /// Do not write the recorded metadata.
    #[arg(long)]
    no_dump_recorded_metadata: bool,
}

/// A `--x/--no-x` pair: the one given last, or the default.
fn pick(on: bool, off: bool, default: bool) -> bool {
    if on {
        true
    } else if off {
        false
    } else {
        default
    }
}

impl Source {
    fn verbose(&self) -> bool {
        pick(self.verbose, self.no_verbose, true)
    }

    fn suppress_header(&self) -> bool {
        pick(self.suppress_header, self.no_suppress_header, false)
    }

    /// Reads the provenance graph, reporting progress and warnings.
    fn load(&self, validate_checksums: bool, parse_metadata: bool) -> anyhow::Result<ProvDag> {
        let options = ParseOptions {
            validate_checksums,
            parse_metadata,
            recurse: pick(self.recurse, self.no_recurse, false),
        };
        let dag = ProvDag::load(&self.in_fp, &options)
            .with_context(|| format!("cannot read the provenance of {}", self.in_fp.display()))?;
        if self.verbose() {
            for source in dag.sources() {
                println!("Parsed {}", source.display());
            }
        }
        for warning in dag.warnings() {
            eprintln!("warning: {warning}");
        }
        Ok(dag)
    }
}

impl Dedup {
    fn on(&self) -> bool {
        pick(self.deduplicate, self.no_deduplicate, true)
    }
}

impl MetadataArgs {
    fn validate_checksums(&self) -> bool {
        pick(self.validate_checksums, self.no_validate_checksums, true)
    }

    fn choice(&self, out_dir_given: bool) -> anyhow::Result<MetadataChoice> {
        let choice = MetadataChoice {
            parsed: pick(self.parse_metadata, self.no_parse_metadata, true),
            dump: pick(
                self.dump_recorded_metadata,
                self.no_dump_recorded_metadata,
                true,
            ),
            use_recorded: pick(
                self.use_recorded_metadata,
                self.no_use_recorded_metadata,
                false,
            ),
            out_dir_given,
        };
        choice.check()?;
        Ok(choice)
    }
}

/// Runs one `qiime tools replay-*` subcommand.
pub fn run(tool: ReplayTool) -> anyhow::Result<()> {
    match tool {
        ReplayTool::Provenance {
            source,
            usage_driver,
            metadata,
            metadata_out_dir,
            out_fp,
        } => provenance(&source, usage_driver, &metadata, metadata_out_dir, &out_fp),
        ReplayTool::Citations {
            source,
            dedup,
            out_fp,
        } => {
            check_destination(&out_fp)?;
            let dag = source.load(true, false)?;
            let parsed: Vec<_> = dag.parsed().iter().copied().collect();
            let text = render_citations(
                dag.citations(),
                &parsed,
                dedup.on(),
                source.suppress_header(),
            );
            write_atomically(&out_fp, text.as_bytes())?;
            println!("Citations (BibTeX) written to {}", shown(&out_fp));
            Ok(())
        }
        ReplayTool::Supplement {
            source,
            dedup,
            metadata,
            out_fp,
        } => {
            let choice = metadata.choice(false)?;
            check_destination(&out_fp)?;
            let dag = source.load(metadata.validate_checksums(), choice.parsed)?;
            let pm = crate::plugins::load();
            let plan = Plan::new(&dag, lookup(&pm));
            let options = SupplementOptions {
                dump_recorded_metadata: choice.dump,
                use_recorded_metadata: choice.use_recorded,
                deduplicate: dedup.on(),
                suppress_header: source.suppress_header(),
            };
            let (path, files) = write_supplement(&dag, &plan, &options, &out_fp)?;
            if source.verbose() {
                for file in files {
                    println!("Added {file}");
                }
            }
            println!("Reproducibility supplement written to {}", shown(&path));
            Ok(())
        }
    }
}

fn provenance(
    source: &Source,
    driver: DriverArg,
    metadata: &MetadataArgs,
    metadata_out_dir: Option<PathBuf>,
    out_fp: &Path,
) -> anyhow::Result<()> {
    let choice = metadata.choice(metadata_out_dir.is_some())?;
    check_destination(out_fp)?;
    let dag = source.load(metadata.validate_checksums(), choice.parsed)?;
    let pm = crate::plugins::load();
    let plan = Plan::new(&dag, lookup(&pm));
    let driver = match driver {
        DriverArg::Cli => Driver::Cli,
        DriverArg::Python3 => Driver::Python3,
    };
    let metadata_dir = if choice.dump {
        let dir = metadata_out_dir.unwrap_or_else(|| PathBuf::from("recorded_metadata"));
        Some(std::path::absolute(&dir).with_context(|| format!("cannot use {}", dir.display()))?)
    } else {
        None
    };
    let options = RenderOptions {
        metadata_dir: metadata_dir.clone(),
        use_recorded_metadata: choice.use_recorded,
        suppress_header: source.suppress_header(),
    };
    let script = render(&plan, driver, &options)?;
    if let Some(dir) = &metadata_dir {
        let written = dump_recorded_metadata(&plan, dir)?;
        if source.verbose() && !written.is_empty() {
            println!("Recorded metadata written to {}", dir.display());
        }
    }
    write_atomically(out_fp, script.as_bytes())?;
    println!(
        "{} replay script written to {}",
        driver.name(),
        shown(out_fp)
    );
    Ok(())
}

/// The installed signature of an action.
fn lookup<'a>(pm: &'a PluginManager) -> impl Fn(&str, &str) -> Option<&'a ActionSignature> {
    |plugin, action| pm.action(plugin, action).ok().map(|a| a.signature())
}

/// A written file's full path, or the path as given where it cannot be resolved.
fn shown(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
