//! The tutorial plugin, built outside the workspace, loads in `qiime`, its usage examples run
//! as printed by `--help`, and its own tests pass.

use std::time::Instant;

use qiime2::sdk::PluginManager;
use qiime2::usage::{cli_name, example_dir_name, render_cli};

use super::{sandbox_with, target_dir, tutorial_cargo_args, tutorial_plugin, workspace_root};
use crate::common::workspace_plugin;

#[test]
fn the_tutorial_plugin_loads_and_shows_in_info_and_help() {
    let sandbox = sandbox_with(&["q2_types_plugin", "q2_kmers"]);
    let info = sandbox.qiime().arg("info").assert().success();
    let info = String::from_utf8_lossy(&info.get_output().stdout).into_owned();
    let installed = sandbox.plugins().join(super::dylib_name("q2_kmers"));
    assert!(
        info.contains(&format!("kmers 0.1.0 ({})", installed.display())),
        "{info}"
    );
    let help = sandbox.qiime().args(["kmers", "--help"]).assert().success();
    let help = String::from_utf8_lossy(&help.get_output().stdout).into_owned();
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        commands,
        // In alphabetical order, as q2cli lists them.
        [
            "count-and-summarize",
            "count-kmers",
            "merge-counts",
            "split-sequences",
            "summarize"
        ],
        "{help}"
    );
}

#[test]
fn every_usage_example_of_the_tutorial_plugin_runs_as_printed() {
    let sandbox = sandbox_with(&["q2_types_plugin", "q2_kmers"]);
    let pm = PluginManager::load_from(vec![sandbox.plugins()]);
    let kmers = pm.plugin("kmers").unwrap();
    let lookup = |plugin: &str, action: &str| {
        pm.plugin(plugin)
            .ok()
            .and_then(|p| p.descriptor.actions.iter().find(|a| a.id == action))
    };
    let path = std::env::join_paths(std::iter::once(sandbox.bin()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let mut ran = Vec::new();
    for action in &kmers.descriptor.actions {
        for example in &action.examples {
            let dir = tempfile::tempdir().unwrap();
            let command = cli_name(&action.id);
            sandbox
                .qiime()
                .args(["kmers", &command, "--example-data"])
                .arg(dir.path())
                .assert()
                .success();
            let script = render_cli(example, lookup).unwrap();
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(&script)
                .current_dir(dir.path().join(example_dir_name(example)))
                .env("PATH", &path)
                .env("QIIME2_PLUGIN_PATH", sandbox.plugins())
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{script}\n{stdout}\n{stderr}");
            assert!(stdout.contains("Saved "), "{script}\n{stdout}");
            ran.push(command);
        }
    }
    assert_eq!(ran, ["count-kmers", "summarize", "count-and-summarize"]);
}

#[test]
fn the_tutorial_plugins_own_tests_pass() {
    // Its usage-example test loads the types plugin from $QIIME2_PLUGIN_PATH.
    let types = workspace_plugin("q2_types_plugin");
    let started = Instant::now();
    let target = target_dir().join("tutorial-plugin");
    let out = std::process::Command::new(env!("CARGO"))
        .current_dir(workspace_root())
        .args(["test", "--offline"])
        .args(tutorial_cargo_args(&target))
        .env("QIIME2_PLUGIN_PATH", types.parent().unwrap())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("test every_usage_example_runs ... ok"),
        "{stdout}"
    );
    assert!(
        stdout.contains("test tests::count_kmers_counts_every_window ... ok"),
        "{stdout}"
    );
    eprintln!(
        "note: the tutorial plugin's tests took {:.1?}",
        started.elapsed()
    );
    // The dylib `qiime` loads is the one `cargo build` made.
    assert!(tutorial_plugin().is_file());
}

/// The `(name, version)` of every package in a `Cargo.lock`.
fn locked_packages(lock: &str) -> std::collections::BTreeSet<(String, String)> {
    let mut packages = std::collections::BTreeSet::new();
    let mut name = None;
    for line in lock.lines() {
        if let Some(value) = line.strip_prefix("name = ") {
            name = Some(value.trim_matches('"').to_owned());
        } else if let (Some(value), Some(n)) = (line.strip_prefix("version = "), name.take()) {
            packages.insert((n, value.trim_matches('"').to_owned()));
        }
    }
    packages
}

#[test]
fn the_tutorial_plugin_locks_the_versions_the_workspace_uses() {
    // The tutorial is built offline: its lock file may only name crates the workspace fetched.
    let read = |path: std::path::PathBuf| std::fs::read_to_string(path).unwrap();
    let workspace = locked_packages(&read(workspace_root().join("Cargo.lock")));
    let tutorial = locked_packages(&read(
        workspace_root().join("sdk-docs/tutorial-plugin/Cargo.lock"),
    ));
    assert!(tutorial.len() > 50, "{tutorial:?}");
    let stale: Vec<_> = tutorial
        .iter()
        .filter(|(name, _)| name != "q2-kmers")
        .filter(|package| !workspace.contains(*package))
        .collect();
    assert!(
        stale.is_empty(),
        "sdk-docs/tutorial-plugin/Cargo.lock names versions the workspace does not use: {stale:?}; \
         refresh it: cp Cargo.lock sdk-docs/tutorial-plugin/ && cargo build --offline \
         --manifest-path sdk-docs/tutorial-plugin/Cargo.toml"
    );
}
