//! What the framework reports while it works, through `tracing`: warnings always, the details of
//! a run with `--verbose`, and as `QIIME2_LOG` filters them.

use crate::common::{import_ints, qiime_with_plugins as qiime, threads_config};

/// Runs the test plugin's `fan-out` on 2 threads in `dir` with `extra` options and `log` as
/// `QIIME2_LOG` (unset when `None`); returns its standard error.
fn fan_out(dir: &std::path::Path, extra: &[&str], log: Option<&str>) -> String {
    let mut command = qiime();
    command
        .current_dir(dir)
        .args([
            "mystery-stew",
            "fan-out",
            "--i-ints",
            "ints.qza",
            "--p-steps",
            "2",
        ])
        .args([
            "--p-millis",
            "1",
            "--no-recycle",
            "--parallel-config",
            "threads.toml",
        ])
        .args(extra);
    command.env_remove("QIIME2_LOG");
    if let Some(log) = log {
        command.env("QIIME2_LOG", log);
    }
    let out = command.assert().success();
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn verbose_shows_where_each_step_goes_and_the_log_variable_filters() {
    let dir = tempfile::tempdir().unwrap();
    import_ints(dir.path());
    threads_config(dir.path(), 2);
    let step = "debug: qiime2::parallel::engine::dispatch: step mystery-stew stamp_time is \
                ready: it goes to the executor 'default'";
    let quiet = fan_out(dir.path(), &["--o-stamps", "a"], None);
    assert!(!quiet.contains("debug:"), "{quiet}");
    let verbose = fan_out(dir.path(), &["--o-stamps", "b", "--verbose"], None);
    assert_eq!(verbose.matches(step).count(), 2, "{verbose}");
    let filtered = fan_out(
        dir.path(),
        &["--o-stamps", "c"],
        Some("qiime2::parallel=debug"),
    );
    assert!(filtered.contains(step), "{filtered}");
}

#[test]
fn the_log_variable_shows_plugin_loading_or_silences_warnings() {
    let out = qiime()
        .arg("info")
        .env("QIIME2_LOG", "trace")
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("trace: qiime2::plugin::loader: loaded the plugin dwq2 "),
        "{stderr}"
    );
    let dir = tempfile::tempdir().unwrap();
    import_ints(dir.path());
    threads_config(dir.path(), 20_000);
    let warning = "warning: executor 'default' asks for 20000 workers";
    let warned = fan_out(dir.path(), &["--o-stamps", "a"], None);
    assert!(warned.contains(warning), "{warned}");
    let silenced = fan_out(dir.path(), &["--o-stamps", "b"], Some("off"));
    assert!(!silenced.contains(warning), "{silenced}");
    let bad = fan_out(dir.path(), &["--o-stamps", "c"], Some("[nonsense"));
    assert!(
        bad.starts_with("warning: QIIME2_LOG=\"[nonsense\" is not a filter"),
        "{bad}"
    );
}
