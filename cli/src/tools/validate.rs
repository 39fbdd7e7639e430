//! `qiime tools validate`: an archive's layout, checksums and data format.

use std::path::Path;

use anyhow::Context;
use qiime2::plugin::ValidationLevel;
use qiime2::sdk::Artifact;

/// Opens the archive (which checks its layout and checksums) and validates its data against its
/// format through the plugin that defines the format.
pub fn run(path: &Path, level: ValidationLevel) -> anyhow::Result<()> {
    let invalid = || format!("{} is not a valid result", path.display());
    let result = Artifact::load(path).with_context(invalid)?;
    let checked = if result.has_checksums() {
        "layout and checksums"
    } else {
        "layout; its archive format has no checksums, so its contents could not be verified"
    };
    let pm = crate::plugins::load();
    let checked_format = match result.format() {
        Some(format) if pm.format(format).is_some() => {
            result.validate_format(&pm, level).with_context(invalid)?;
            format!(", and its data are valid {format}")
        }
        Some(format) => {
            format!("; its data format {format} was not checked: no installed plugin defines it")
        }
        None => String::new(),
    };
    let level = match level {
        ValidationLevel::Min => "min",
        ValidationLevel::Max => "max",
    };
    println!(
        "Result {} appears to be valid at level={level}: {checked}{checked_format}.",
        path.display()
    );
    Ok(())
}
