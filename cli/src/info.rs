//! `qiime info`: the framework version, the plugins that were found, where they were looked for,
//! and the files that were skipped.

use std::io::Write;

use qiime2::sdk::PluginManager;

use crate::plugins::is_insecure;

/// Prints what `qiime info` shows; `verbose` adds the long report behind each skipped file.
pub fn run(verbose: bool) -> anyhow::Result<()> {
    let plugins = crate::plugins::load();
    let mut out = std::io::stdout().lock();
    write_report(&mut out, &plugins)?;
    out.flush()?;
    drop(out);
    let mut err = std::io::stderr().lock();
    write_warnings(&mut err, &plugins, verbose)?;
    drop(err);
    let mut out = std::io::stdout().lock();
    writeln!(out)?;
    writeln!(out, "Application config directory")?;
    match qiime2::parallel::ParallelConfig::app_config_dir() {
        Some(dir) => writeln!(out, "{}", dir.display())?,
        None => writeln!(out, "(none: no home folder)")?,
    }
    writeln!(out)?;
    writeln!(out, "Config")?;
    let config = qiime2::parallel::ParallelConfig::load();
    match &config {
        Ok(config) => writeln!(out, "Config Source: {}", config.source())?,
        Err(err) => writeln!(out, "Config Source: cannot be used: {err}")?,
    }
    writeln!(out)?;
    writeln!(out, "Parallel configuration (used by --parallel)")?;
    if let Ok(config) = config {
        writeln!(out, "{config}")?;
    }
    Ok(())
}

/// Writes the versions, the loaded plugins and the search path.
fn write_report(out: &mut impl Write, plugins: &PluginManager) -> std::io::Result<()> {
    writeln!(out, "System versions")?;
    writeln!(
        out,
        "QIIME 2 version: {}",
        qiime2::archive::FRAMEWORK_VERSION
    )?;
    writeln!(out, "q2rs framework version: {}", qiime2::VERSION)?;
    writeln!(
        out,
        "Plugin interface version: {} (plugins built against {}.x load)",
        qiime2::plugin::CONTRACT_VERSION,
        qiime2::plugin::CONTRACT_VERSION
            .split('.')
            .next()
            .unwrap_or_default()
    )?;
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

/// Writes one `warning:` line per skipped file, each followed by its long report when `verbose`;
/// files refused as insecure were reported when the plugins were loaded.
fn write_warnings(
    err: &mut impl Write,
    plugins: &PluginManager,
    verbose: bool,
) -> std::io::Result<()> {
    for skipped in plugins.skipped().iter().filter(|s| !is_insecure(s)) {
        writeln!(err, "warning: skipped {skipped}")?;
        if let Some(detail) = skipped.detail().filter(|_| verbose) {
            for line in detail.lines() {
                writeln!(err, "    {line}")?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(plugins: &PluginManager, verbose: bool) -> (String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        write_report(&mut out, plugins).unwrap();
        write_warnings(&mut err, plugins, verbose).unwrap();
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn a_folder_without_plugins_reports_none_and_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let plugins = PluginManager::load_from(vec![dir.path().to_path_buf()]);
        let (out, err) = report(&plugins, false);
        assert!(
            out.starts_with("System versions\nQIIME 2 version: 2025.4.0+q2rs."),
            "{out}"
        );
        assert!(out.contains("\nInstalled plugins\n(none)\n\n"), "{out}");
        assert!(
            out.ends_with(&format!(")\n{}\n", dir.path().display())),
            "{out}"
        );
        assert_eq!(err, "");
    }

    #[test]
    fn each_skipped_file_is_one_warning_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.so");
        std::fs::write(&file, "not a library").unwrap();
        let plugins = PluginManager::load_from(vec![dir.path().to_path_buf()]);
        for verbose in [false, true] {
            let (_, err) = report(&plugins, verbose);
            let prefix = format!(
                "warning: skipped {}: not a loadable library (",
                file.display()
            );
            assert!(err.starts_with(&prefix), "{err}");
            assert_eq!(
                err.lines().count(),
                1,
                "this error has no long report: {err}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn files_refused_as_insecure_are_left_to_the_loaders_warning() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.so");
        std::fs::write(&file, "not a library").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
        let plugins = PluginManager::load_from(vec![dir.path().to_path_buf()]);
        assert!(
            plugins.skipped().iter().any(is_insecure),
            "{:?}",
            plugins.skipped()
        );
        let (_, err) = report(&plugins, true);
        assert_eq!(err, "");
    }
}
