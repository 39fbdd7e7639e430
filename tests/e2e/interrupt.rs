//! Ctrl-C of a parallel run: the host stops its worker processes, removes its scratch folders,
//! writes no output, and exits with status 130.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::qiime_with_plugins;

/// The worker processes (`qiime dev run-step`) whose task lies under `scratch`.
fn workers_under(scratch: &Path) -> Vec<String> {
    let marker = scratch.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| std::fs::read(entry.ok()?.path().join("cmdline")).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).replace('\0', " "))
        .filter(|cmdline| cmdline.contains("run-step") && cmdline.contains(&marker))
        .collect()
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "gave up waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn ctrl_c_stops_the_workers_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let scratch = work.join("tmp");
    std::fs::create_dir_all(work.join("ints")).unwrap();
    std::fs::create_dir_all(&scratch).unwrap();
    std::fs::write(work.join("ints/ints.txt"), "1\n2\n").unwrap();
    std::fs::write(
        work.join("workers.toml"),
        "[parsl]\n\n[[parsl.executors]]\nclass = \"HighThroughputExecutor\"\nlabel = \"default\"\n\
         max_workers = 2\n\n[parsl.executors.provider]\nclass = \"LocalProvider\"\n",
    )
    .unwrap();
    qiime_with_plugins()
        .current_dir(work)
        .args([
            "tools",
            "import",
            "--type",
            "IntSequence1",
            "--input-path",
            "ints",
        ])
        .args(["--output-path", "ints.qza"])
        .assert()
        .success();

    // Four steps that would each sleep 50 s, two at a time in worker processes.
    let exe = qiime_with_plugins().get_program().to_owned();
    let host = Command::new(exe)
        .current_dir(work)
        .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path())
        .env("TMPDIR", &scratch)
        .args([
            "mystery-stew",
            "fan-out",
            "--i-ints",
            "ints.qza",
            "--p-steps",
            "4",
        ])
        .args(["--p-millis", "50000", "--o-stamps", "stamps"])
        .args(["--parallel-config", "workers.toml"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for("two worker processes", || {
        workers_under(&scratch).len() == 2
    });

    let sent = Command::new("kill")
        .args(["-INT", &host.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let output = host.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("Interrupted"), "{stderr}");

    wait_for("the workers to be stopped", || {
        workers_under(&scratch).is_empty()
    });
    let left: Vec<_> = std::fs::read_dir(&scratch).unwrap().collect();
    assert!(left.is_empty(), "scratch folders left behind: {left:?}");
    let mut names: Vec<String> = std::fs::read_dir(work)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["ints", "ints.qza", "tmp", "workers.toml"],
        "no output"
    );
}

/// The folders in `scratch` (names).
fn entries(scratch: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(scratch)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_run_killed_outright_leaves_a_private_scratch_folder_that_the_next_run_removes() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let scratch = work.join("tmp");
    std::fs::create_dir_all(&scratch).unwrap();
    crate::common::import_ints(work);
    let exe = qiime_with_plugins().get_program().to_owned();
    let mut host = Command::new(exe)
        .current_dir(work)
        .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path())
        .env("TMPDIR", &scratch)
        .args(["mystery-stew", "fan-out", "--i-ints", "ints.qza"])
        .args([
            "--p-steps",
            "1",
            "--p-millis",
            "50000",
            "--o-stamps",
            "stamps",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for("the run's scratch folder", || !entries(&scratch).is_empty());
    let left = entries(&scratch);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with("q2rs-run-"), "{left:?}");
    let mode = std::fs::metadata(scratch.join(&left[0]))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700, "the scratch folder is private");
    host.kill().unwrap();
    host.wait().unwrap();
    assert_eq!(entries(&scratch), left, "a killed run cannot clean up");

    qiime_with_plugins()
        .env("TMPDIR", &scratch)
        .arg("info")
        .assert()
        .success();
    assert!(entries(&scratch).is_empty(), "{:?}", entries(&scratch));
}
