//! Tests of where the parallel config comes from: a given file, `$QIIME2_CONFIG`, the user's
//! config folder, the built-in default.

use super::*;

/// Write `text` to `dir/name` (creating folders) and return the path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_explicit_file_is_read_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "mine.toml", VENDORED);
    let config = ParallelConfig::from_file(&path).unwrap();
    assert_eq!(config.source(), &ConfigSource::File(path.clone()));
    let missing = dir.path().join("absent.toml");
    let error = ParallelConfig::from_file(&missing).unwrap_err();
    assert!(
        matches!(&error, ConfigError::Io { file, .. } if file == &missing.display().to_string()),
        "{error:?}"
    );
}

#[test]
fn the_environment_variable_comes_before_the_user_config() {
    let dir = tempfile::tempdir().unwrap();
    let env_file = write(dir.path(), "env.toml", VENDORED);
    let user_dir = dir.path().join("config");
    let user_file = write(&user_dir, "qiime2/qiime2_config.toml", SLURM);
    let config = ParallelConfig::load_from(Some(&env_file), Some(&user_dir)).unwrap();
    assert_eq!(config.source(), &ConfigSource::Environment(env_file));
    let config = ParallelConfig::load_from(None, Some(&user_dir)).unwrap();
    assert_eq!(config.source(), &ConfigSource::UserConfig(user_file));
    assert_eq!(config.executor_for("dwq2", "summarize").label, "local");
}

#[test]
fn without_files_the_built_in_default_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let config = ParallelConfig::load_from(None, Some(dir.path())).unwrap();
    assert_eq!(config, ParallelConfig::default());
    assert_eq!(
        ParallelConfig::load_from(None, None).unwrap(),
        ParallelConfig::default()
    );
}

#[test]
fn a_missing_environment_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let error = ParallelConfig::load_from(Some(&missing), Some(dir.path())).unwrap_err();
    assert!(matches!(error, ConfigError::Io { .. }), "{error:?}");
}
