//! The Rust counterpart of the parallel tutorial's Python API part: `search_and_summarize` run
//! with `.parallel()`, first under the default configuration, then under one read from a file.
//!
//! Usage: parallel_api QUERY.qza REFERENCE.qza METADATA.tsv [CONFIG.toml]

use std::path::PathBuf;
use std::process::ExitCode;

use qiime2::metadata::Metadata;
use qiime2::parallel::ParallelConfig;
use qiime2::sdk::{Args, Artifact, PluginManager};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("Error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [query, reference, metadata, rest @ ..] = paths.as_slice() else {
        return Err(
            "usage: parallel_api QUERY.qza REFERENCE.qza METADATA.tsv [CONFIG.toml]".into(),
        );
    };

    let pm = PluginManager::load();
    let search_and_summarize = pm.action("dwq2", "search_and_summarize")?;
    let args = Args::new()
        .with("query_seqs", Artifact::load(query)?)
        .with("reference_seqs", Artifact::load(reference)?)
        .with("reference_metadata", Metadata::load(metadata)?)
        .with("split_size", 1);

    // The configuration in force: $QIIME2_CONFIG, the user's config file, or the built-in one.
    let future = search_and_summarize.parallel(&args)?; // returns at once
    let results = future.result()?; // waits for every step
    println!("default config: {} hits", count_hits(&results)?);

    // A specific configuration, loaded from a file, in force while the guard lives.
    if let Some(config) = rest.first() {
        let _guard = ParallelConfig::from_file(config)?.enter()?;
        let results = search_and_summarize.parallel(&args)?.result()?;
        println!(
            "config from {}: {} hits",
            config.display(),
            count_hits(&results)?
        );
    }
    Ok(())
}

fn count_hits(results: &qiime2::sdk::Results) -> Result<usize, Box<dyn std::error::Error>> {
    let hits = results.artifact("hits").ok_or("no hits output")?;
    let table = std::fs::read_to_string(hits.data_dir().join("hits.tsv"))?;
    Ok(table.lines().count() - 1)
}
