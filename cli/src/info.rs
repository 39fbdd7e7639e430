//! `qiime info`: the framework version and the plugins that were found.

/// Prints what `qiime info` shows.
pub fn run() -> anyhow::Result<()> {
    println!("System versions");
    println!("q2rs framework version: {}", qiime2::VERSION);
    println!(
        "Archive format written: {}",
        qiime2::archive::ArchiveVersion::WRITTEN
    );
    Ok(())
}
