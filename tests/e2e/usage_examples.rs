//! Every usage example of every workspace plugin runs: through the Rust API (the executor) and
//! as the shell commands the help prints, verbatim, inside the `--example-data` folder.

use std::path::Path;

use qiime2::plugin::{ActionSignature, UsageExample, UsageStep};
use qiime2::sdk::PluginManager;
use qiime2::usage::{cli_name, example_dir_name, render_cli, run_example};

use crate::common::qiime_with_plugins;

fn plugins() -> PluginManager {
    PluginManager::load_from(crate::common::plugin_dirs())
}

/// `(plugin, action, example)` for every usage example of every plugin loaded.
fn all_examples(pm: &PluginManager) -> Vec<(&str, &ActionSignature, &UsageExample)> {
    let mut found = Vec::new();
    for plugin in pm.plugins() {
        for action in &plugin.descriptor.actions {
            for example in &action.examples {
                found.push((plugin.descriptor.name.as_str(), action, example));
            }
        }
    }
    found
}

/// How many outputs the calls of `example` save.
fn output_count(example: &UsageExample) -> usize {
    example
        .steps
        .iter()
        .map(|step| match step {
            UsageStep::Call(call) => call.outputs.len(),
            _ => 0,
        })
        .sum()
}

#[test]
fn every_usage_example_runs_through_the_rust_api() {
    let pm = plugins();
    let examples = all_examples(&pm);
    for plugin in ["dwq2", "mystery-stew"] {
        assert!(
            examples.iter().any(|(p, _, _)| *p == plugin),
            "{plugin} has no usage example"
        );
    }
    for (plugin, action, example) in examples {
        let dir = tempfile::tempdir().unwrap();
        let loaded = pm.plugin(plugin).unwrap();
        let saved = run_example(&pm, loaded, example, dir.path())
            .unwrap_or_else(|e| panic!("{plugin} {}: {e:?}", action.id));
        assert!(
            saved.len() >= output_count(example),
            "{plugin} {} '{}': {saved:?}",
            action.id,
            example.name
        );
        let folder = dir.path().join(example_dir_name(example));
        for file in &saved {
            assert!(file.path.starts_with(&folder), "{file:?}");
            assert!(file.path.is_file(), "{file:?}");
        }
    }
}

#[test]
fn every_rendered_example_runs_verbatim_in_its_example_data_folder() {
    let pm = plugins();
    let qiime = qiime_with_plugins();
    let bin_dir = Path::new(qiime.get_program())
        .parent()
        .unwrap()
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let lookup = |plugin: &str, action: &str| {
        pm.plugin(plugin)
            .ok()
            .and_then(|p| p.descriptor.actions.iter().find(|a| a.id == action))
    };
    let mut ran = 0;
    for (plugin, action, example) in all_examples(&pm) {
        let dir = tempfile::tempdir().unwrap();
        qiime_with_plugins()
            .args([plugin, &cli_name(&action.id), "--example-data"])
            .arg(dir.path())
            .assert()
            .success();
        let script = render_cli(example, lookup).unwrap();
        // The script is the one the help prints under `Examples:` (indented there).
        let help = qiime_with_plugins()
            .args([plugin, &cli_name(&action.id), "--help"])
            .assert()
            .success();
        let help = String::from_utf8_lossy(&help.get_output().stdout).into_owned();
        let indented: String = script.lines().map(|l| format!("  {l}\n")).collect();
        assert!(help.contains(&indented), "{help}\nlacks\n{indented}");
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(dir.path().join(example_dir_name(example)))
            .env("PATH", &path)
            .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{script}\n{stdout}\n{stderr}");
        let saved: Vec<&str> = stdout
            .lines()
            .filter(|l| l.starts_with("Saved ") && l.contains(" to: "))
            .collect();
        assert_eq!(saved.len(), output_count(example), "{script}\n{stdout}");
        ran += 1;
    }
    assert!(ran >= 4, "only {ran} examples ran");
}
