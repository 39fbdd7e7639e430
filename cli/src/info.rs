//! `qiime info`: the framework version, the plugins that were found, where they were looked for,
//! and the files that were skipped.

use std::io::Write;

use qiime2::sdk::PluginManager;

/// Prints what `qiime info` shows; `verbose` adds the long report behind each skipped file.
pub fn run(verbose: bool) -> anyhow::Result<()> {
    let plugins = PluginManager::load();
    let mut out = std::io::stdout().lock();
    write_report(&mut out, &plugins)?;
    out.flush()?;
    drop(out);
    let mut err = std::io::stderr().lock();
    write_warnings(&mut err, &plugins, verbose)?;
    Ok(())
}

/// Writes the versions, the loaded plugins and the search path.
fn write_report(out: &mut impl Write, plugins: &PluginManager) -> std::io::Result<()> {
    writeln!(out, "System versions")?;
    writeln!(out, "q2rs framework version: {}", qiime2::VERSION)?;
    writeln!(
        out,
        "Archive format written: {}",
        qiime2::archive::ArchiveVersion::WRITTEN
    )?;
    writeln!(out)?;
    writeln!(out, "Installed plugins")?;
    if plugins.plugins().is_empty() {
        writeln!(out, "(none)")?;
    }
    for plugin in plugins.plugins() {
        writeln!(
            out,
            "{} {} ({})",
            plugin.descriptor.name,
            plugin.descriptor.version,
            plugin.path.display()
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Plugin search path (${}, then next to qiime)",
        qiime2::plugin::PLUGIN_PATH_VAR
    )?;
    for dir in plugins.search_path() {
        writeln!(out, "{}", dir.display())?;
    }
    Ok(())
}

/// Writes one `warning:` line per skipped file, each followed by its long report when `verbose`.
fn write_warnings(
    err: &mut impl Write,
    plugins: &PluginManager,
    verbose: bool,
) -> std::io::Result<()> {
    for skipped in plugins.skipped() {
        writeln!(err, "warning: skipped {skipped}")?;
        if let Some(detail) = skipped.detail().filter(|_| verbose) {
            for line in detail.lines() {
                writeln!(err, "    {line}")?;
            }
        }
    }
    Ok(())
}
