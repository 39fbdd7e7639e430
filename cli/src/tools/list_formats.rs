//! `qiime tools list-formats`: the formats the installed plugins define.

/// Prints the formats, optionally only the importable or exportable ones.
pub fn run(importable: bool, exportable: bool) -> anyhow::Result<()> {
    let pm = crate::plugins::load();
    let mut names: Vec<&str> = pm
        .formats()
        .filter(|(_, format)| {
            (!importable || format.importable) && (!exportable || format.exportable)
        })
        .map(|(_, format)| format.name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        println!("{name}");
    }
    Ok(())
}
