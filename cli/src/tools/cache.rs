//! `qiime tools cache-*`: create a cache, store and fetch results by key, remove keys, show
//! what a cache holds and collect its garbage.

use std::path::Path;

use anyhow::{Context, bail};
use clap::Subcommand;
use qiime2::cache::{Cache, KeyStatus};
use qiime2::sdk::Artifact;

/// The `qiime tools cache-*` subcommands.
#[derive(Debug, Subcommand)]
pub enum CacheTool {
    /// Create an empty cache at a path that does not exist yet.
    #[command(name = "cache-create")]
    Create {
        /// Where to create the cache.
        #[arg(long, value_name = "PATH")]
        cache: std::path::PathBuf,
    },
    /// Store an artifact (.qza) or visualization (.qzv) in a cache under a key.
    #[command(name = "cache-store")]
    Store {
        /// The existing cache to store into.
        #[arg(long, value_name = "PATH")]
        cache: std::path::PathBuf,
        /// The archive to store.
        #[arg(long, value_name = "PATH")]
        artifact_path: std::path::PathBuf,
        /// The key to store it under (letters, digits and '_', not starting with a digit).
        #[arg(long, value_name = "TEXT")]
        key: String,
    },
    /// Save the result a cache holds under a key as an archive.
    #[command(name = "cache-fetch")]
    Fetch {
        /// The existing cache to read from.
        #[arg(long, value_name = "PATH")]
        cache: std::path::PathBuf,
        /// The key of the result.
        #[arg(long, value_name = "TEXT")]
        key: String,
        /// Where to write the archive (.qza or .qzv is added when missing).
        #[arg(long, value_name = "PATH")]
        output_path: std::path::PathBuf,
    },
    /// Remove a key (a result's or a pool's) from a cache, then collect its garbage.
    #[command(name = "cache-remove")]
    Remove {
        /// The existing cache.
        #[arg(long, value_name = "PATH")]
        cache: std::path::PathBuf,
        /// The key to remove.
        #[arg(long, value_name = "TEXT")]
        key: String,
    },
    /// List the keys of a cache: the result or the pool each one holds.
    #[command(name = "cache-status")]
    Status {
        /// The existing cache.
        #[arg(long, value_name = "PATH")]
        cache: std::path::PathBuf,
    },
    /// Import data into a new artifact stored in a cache under a key.
    #[command(name = "cache-import")]
    Import {
        /// The semantic type of the artifact to create, e.g. 'FeatureData[Sequence]'.
        #[arg(long = "type", value_name = "TEXT")]
        semantic_type: String,
        /// The file or folder to import.
        #[arg(long, value_name = "PATH")]
        input_path: std::path::PathBuf,
        /// The existing cache to store into.
        #[arg(long, value_name = "PATH")]
        cache: std::path::PathBuf,
        /// The key to store it under (letters, digits and '_', not starting with a digit).
        #[arg(long, value_name = "TEXT")]
        key: String,
        /// The format of the data; by default, what the type is stored in.
        #[arg(long, value_name = "TEXT")]
        input_format: Option<String>,
        /// How thoroughly the data are checked against their format.
        #[arg(long, value_enum, default_value_t = super::Level::Max)]
        validate_level: super::Level,
    },
    /// Remove what no key, pool or running process holds from a cache.
    #[command(name = "cache-garbage-collection", alias = "cache-garbage-collect")]
    GarbageCollect {
        /// The existing cache.
        #[arg(long, value_name = "PATH")]
        cache: std::path::PathBuf,
    },
}

/// Opens the cache at `path`, which must exist.
fn existing(path: &Path) -> anyhow::Result<Cache> {
    if !path.exists() {
        bail!(
            "there is no cache at {}; create one with `qiime tools cache-create --cache {}`",
            path.display(),
            path.display()
        );
    }
    Ok(Cache::open(path)?)
}

/// Runs one `qiime tools cache-*` subcommand.
pub fn run(tool: CacheTool) -> anyhow::Result<()> {
    match tool {
        CacheTool::Create { cache } => {
            Cache::create(&cache)
                .with_context(|| format!("cannot create a cache at {}", cache.display()))?;
            println!("Created a cache at {}", cache.display());
        }
        CacheTool::Store {
            cache,
            artifact_path,
            key,
        } => {
            let artifact = Artifact::load(&artifact_path)
                .with_context(|| format!("cannot load {}", artifact_path.display()))?;
            existing(&cache)?
                .store(&artifact, &key)
                .with_context(|| format!("cannot store {}", artifact_path.display()))?;
            println!(
                "Stored {} in the cache {} under the key '{key}'",
                artifact_path.display(),
                cache.display()
            );
        }
        CacheTool::Fetch {
            cache,
            key,
            output_path,
        } => {
            let artifact = existing(&cache)?.fetch(&key)?;
            let saved = artifact.save(&output_path)?;
            println!(
                "Saved the result '{key}' of the cache {} to: {}",
                cache.display(),
                saved.display()
            );
        }
        CacheTool::Import {
            semantic_type,
            input_path,
            cache,
            key,
            input_format,
            validate_level,
        } => {
            let cache = existing(&cache)?;
            let artifact = super::import::import(
                &semantic_type,
                &input_path,
                input_format.as_deref(),
                validate_level.into(),
            )?;
            cache
                .store(&artifact, &key)
                .with_context(|| format!("cannot store {}", input_path.display()))?;
            println!(
                "Imported {} as {} to {}:{key}",
                input_path.display(),
                artifact.format().unwrap_or("data"),
                cache.path().display()
            );
        }
        CacheTool::Remove { cache, key } => {
            existing(&cache)?.remove(&key)?;
            println!("Removed the key '{key}' from the cache {}", cache.display());
        }
        CacheTool::Status { cache } => print_status(&existing(&cache)?)?,
        CacheTool::GarbageCollect { cache } => {
            let collected = existing(&cache)?.garbage_collect()?;
            println!(
                "Collected the garbage of the cache {}: {} result(s), {} pool(s), {} process \
                 entr(y/ies) and {} unfinished write(s) removed",
                cache.display(),
                collected.data,
                collected.pools,
                collected.processes,
                collected.temporary
            );
        }
    }
    Ok(())
}

fn print_status(cache: &Cache) -> anyhow::Result<()> {
    let status = cache.status()?;
    println!("Cache {}:", cache.path().display());
    let mut data = Vec::new();
    let mut pools = Vec::new();
    for key in &status.keys {
        match key {
            KeyStatus::Data {
                key,
                uuid,
                semantic_type,
            } => data.push(format!(
                "  {key} -> {uuid} ({})",
                semantic_type.as_deref().unwrap_or("unreadable metadata")
            )),
            KeyStatus::Pool {
                key,
                results,
                steps,
            } => pools.push(format!(
                "  {key} -> {results} result(s), {steps} recorded step(s)"
            )),
        }
    }
    for (title, lines) in [("Data keys", data), ("Pool keys", pools)] {
        if lines.is_empty() {
            println!("{title}: none");
        } else {
            println!("{title}:");
            for line in lines {
                println!("{line}");
            }
        }
    }
    println!(
        "{} result(s) in data/; {} other process entr(y/ies)",
        status.data, status.processes
    );
    Ok(())
}
