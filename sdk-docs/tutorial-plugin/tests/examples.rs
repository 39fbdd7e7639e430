// ANCHOR: all
//! Every usage example, the pipeline's included, run by the real framework: the plugin's own
//! dylib loaded as `qiime` loads it, beside the plugins on `$QIIME2_PLUGIN_PATH` and next to the
//! `qiime` on `$PATH` (one of them must hold the `types` plugin: it defines
//! `FeatureData[Sequence]`).

// ANCHOR: examples_test
use std::path::PathBuf;

use qiime2::plugin::PLUGIN_PATH_VAR;
use qiime2::sdk::PluginManager;
use qiime2::usage::run_example;

/// A folder holding only this crate's dylib, which cargo built next to this test's executable.
fn plugin_dir() -> tempfile::TempDir {
    let deps = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let name = format!(
        "{}q2_kmers{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(deps.join(&name), dir.path().join(&name)).unwrap();
    dir
}

#[test]
fn every_usage_example_runs() {
    let ours = plugin_dir();
    // Where `qiime` looks: $QIIME2_PLUGIN_PATH, then next to itself (the one on $PATH).
    let plugin_path = std::env::var_os(PLUGIN_PATH_VAR).unwrap_or_default();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let beside_qiime = std::env::split_paths(&path).find(|dir| dir.join("qiime").is_file());
    let dirs: Vec<PathBuf> = std::iter::once(ours.path().to_path_buf())
        .chain(std::env::split_paths(&plugin_path))
        .chain(beside_qiime)
        .collect();
    let pm = PluginManager::load_from(dirs);
    assert!(
        pm.plugin("types").is_ok(),
        "the types plugin was not found: put q2rs's build folder (target/release) on PATH, or \
         set QIIME2_PLUGIN_PATH to the folder holding it"
    );
    let kmers = pm.plugin("kmers").unwrap();
    let mut ran = 0;
    for action in &kmers.descriptor.actions {
        for example in &action.examples {
            let dir = tempfile::tempdir().unwrap();
            let saved = run_example(&pm, kmers, example, dir.path())
                .unwrap_or_else(|e| panic!("{} '{}': {e:?}", action.id, example.name));
            assert!(
                !saved.is_empty(),
                "{} '{}' saved nothing",
                action.id,
                example.name
            );
            ran += 1;
        }
    }
    assert_eq!(ran, 3);
}
// ANCHOR_END: examples_test
// ANCHOR_END: all
