//! Fault injection on the `qiime` process: a full disk, a read-only output folder, SIGKILL of
//! the host mid-write and of a worker, a plugin that aborts and a step that never returns.
//! After each, files that existed are intact, nothing half-written sits under a final name,
//! and the error says what happened. (Steps that fail inside the Rust API are covered in
//! `parallel.rs`; these run the command line.)

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use predicates::prelude::*;
use qiime2::archive::Archive;

use crate::common::{
    as_unprivileged_user, children_of, import_ints, processes_config, qiime_with_plugins as qiime,
    workspace_plugin_dir,
};

/// `n` FASTA records of 100 pseudo-random bases: about 110 bytes each, compressing to ~30%.
fn fasta(n: usize) -> String {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut text = String::with_capacity(n * 112);
    for i in 0..n {
        text.push_str(&format!(">q{i}\n"));
        for _ in 0..100 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push(b"ACGT"[(state % 4) as usize] as char);
        }
        text.push('\n');
    }
    text
}

/// `qiime tools import` of `input` (a FASTA file in `dir`) to `output`.
fn import_args(input: &str, output: &str) -> Vec<String> {
    [
        "tools",
        "import",
        "--type",
        "FeatureData[Sequence]",
        "--input-path",
        input,
        "--output-path",
        output,
    ]
    .map(String::from)
    .to_vec()
}

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// A folder with `seqs.fasta` imported as `old.qza`; returns the folder and `old.qza`'s bytes.
fn folder_with_an_archive() -> (tempfile::TempDir, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("seqs.fasta"), fasta(3)).unwrap();
    qiime()
        .current_dir(dir.path())
        .args(import_args("seqs.fasta", "old.qza"))
        .assert()
        .success();
    let old = std::fs::read(dir.path().join("old.qza")).unwrap();
    (dir, old)
}

#[test]
fn a_full_disk_fails_the_write_and_keeps_the_existing_archive() {
    let (dir, old) = folder_with_an_archive();
    std::fs::write(dir.path().join("big.fasta"), fasta(40_000)).unwrap();
    // RLIMIT_FSIZE stands in for a full disk without needing root: with SIGXFSZ ignored, a
    // write past 256 KiB fails with EFBIG, as a write to a full disk fails with ENOSPC.
    let exe = crate::common::qiime_exe().to_str().unwrap();
    let mut command = Command::new("sh");
    command
        .current_dir(dir.path())
        .args(["-c", "trap '' XFSZ; ulimit -f 512; exec \"$0\" \"$@\"", exe])
        .args(import_args("big.fasta", "old.qza"));
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("Error: "), "{stderr}");
    assert!(
        stderr.contains("cannot copy big.fasta here: File too large"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(dir.path().join("old.qza")).unwrap(), old);
    assert_eq!(
        listing(dir.path()),
        ["big.fasta", "old.qza", "seqs.fasta"],
        "no partial file is left"
    );
}

/// A small tmpfs mounted on a folder for the life of the value (root only).
struct SmallTmpfs(PathBuf);

impl SmallTmpfs {
    /// Mounts a tmpfs of `size` on `dir`; `None` (with a note) where mounting is not allowed.
    fn mount(dir: &Path, size: &str) -> Option<Self> {
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("note: skipped, cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)");
            return None;
        }
        Some(Self(dir.to_path_buf()))
    }
}

impl Drop for SmallTmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_output_file_system_fails_the_write_and_keeps_the_existing_archive() {
    let (dir, old) = folder_with_an_archive();
    std::fs::write(dir.path().join("big.fasta"), fasta(40_000)).unwrap();
    let small = dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    let Some(_mount) = SmallTmpfs::mount(&small, "512k") else {
        return;
    };
    std::fs::write(small.join("old.qza"), &old).unwrap();
    let output = qiime()
        .current_dir(dir.path())
        .args(import_args("big.fasta", "small/old.qza"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("small/old.qza: i/o error: No space left on device"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("ZipWriter"),
        "one error, no noise: {stderr}"
    );
    assert_eq!(std::fs::read(small.join("old.qza")).unwrap(), old);
    assert_eq!(listing(&small), ["old.qza"], "no partial file is left");
}

#[test]
fn a_read_only_output_folder_is_an_error_naming_it() {
    let (dir, old) = folder_with_an_archive();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::copy(dir.path().join("old.qza"), locked.join("old.qza")).unwrap();
    set_mode(dir.path(), 0o755);
    set_mode(&dir.path().join("seqs.fasta"), 0o644);
    set_mode(&locked, 0o555);
    // Root writes through permission bits, so as root the command runs as `nobody`.
    let mut command = match as_unprivileged_user() {
        Some(command) => command,
        None => return,
    };
    let output = command
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .args(import_args("seqs.fasta", "locked/new.qza"))
        .output()
        .unwrap();
    set_mode(&locked, 0o755);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("locked"), "{stderr}");
    assert!(stderr.contains("Permission denied"), "{stderr}");
    assert_eq!(listing(&locked), ["old.qza"]);
    assert_eq!(std::fs::read(locked.join("old.qza")).unwrap(), old);
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Whether `path` is a complete archive that opens and validates.
fn is_complete_archive(path: &Path) -> bool {
    Archive::open(path).and_then(|a| a.validate()).is_ok()
}

#[test]
fn sigkill_of_the_host_mid_write_leaves_old_files_intact_and_no_partial_output() {
    let (dir, old) = folder_with_an_archive();
    std::fs::write(dir.path().join("big.fasta"), fasta(60_000)).unwrap();
    workspace_plugin_dir();
    let mut killed_mid_run = 0;
    for delay in [30, 100, 250, 500, 1000, 2000] {
        let mut child = big_import(dir.path(), "old.qza");
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            killed_mid_run += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let now = std::fs::read(dir.path().join("old.qza")).unwrap();
        assert!(
            now == old || is_complete_archive(&dir.path().join("old.qza")),
            "after a kill at {delay} ms old.qza is neither the old archive nor a complete new one"
        );
        let visible: Vec<String> = listing(dir.path())
            .into_iter()
            .filter(|n| !n.starts_with(".q2rs-"))
            .collect();
        assert_eq!(
            visible,
            ["big.fasta", "old.qza", "seqs.fasta"],
            "{delay} ms"
        );
    }
    assert!(killed_mid_run > 0, "no run was still going when killed");
}

/// `qiime tools import` of `big.fasta` in `dir` to `output`, started, its stderr piped.
fn big_import(dir: &Path, output: &str) -> Child {
    Command::new(crate::common::qiime_exe())
        .current_dir(dir)
        .args(import_args("big.fasta", output))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The hidden partial files in `dir`.
fn partials(dir: &Path) -> Vec<String> {
    listing(dir)
        .into_iter()
        .filter(|n| n.starts_with(".q2rs-") && n.ends_with(".partial"))
        .collect()
}

/// Waits until `child` has a partial file in `dir` (one not in `known`); `false` if it ended
/// first.
fn caught_writing(child: &mut Child, dir: &Path, known: &[String]) -> bool {
    loop {
        if partials(dir).iter().any(|p| !known.contains(p)) {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn the_next_write_removes_a_killed_writers_partial_file_and_keeps_a_live_ones() {
    let (dir, old) = folder_with_an_archive();
    std::fs::write(dir.path().join("big.fasta"), fasta(60_000)).unwrap();
    workspace_plugin_dir();
    let mut killed = big_import(dir.path(), "old.qza");
    assert!(
        caught_writing(&mut killed, dir.path(), &[]),
        "the import ended before its partial file was seen"
    );
    killed.kill().unwrap();
    killed.wait().unwrap();
    let stale = partials(dir.path());
    assert_eq!(stale.len(), 1, "SIGKILL leaves the partial file: {stale:?}");
    assert_eq!(std::fs::read(dir.path().join("old.qza")).unwrap(), old);

    // The next write in the folder removes it before it starts its own partial file.
    let mut live = big_import(dir.path(), "live.qza");
    let writing = caught_writing(&mut live, dir.path(), &stale);
    assert!(
        !dir.path().join(&stale[0]).exists(),
        "{:?}",
        listing(dir.path())
    );
    // And a write meanwhile keeps the partial file of the one still writing.
    let output = qiime()
        .current_dir(dir.path())
        .args(import_args("seqs.fasta", "new.qza"))
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    if !writing {
        eprintln!("note: the live import ended before its partial file was seen");
    }
    let live = live.wait_with_output().unwrap();
    assert!(live.status.success(), "the live writer was disturbed");
    assert_eq!(
        String::from_utf8_lossy(&live.stderr),
        "",
        "the clean-up is silent"
    );
    assert!(partials(dir.path()).is_empty(), "{:?}", listing(dir.path()));
    for name in ["live.qza", "new.qza"] {
        assert!(is_complete_archive(&dir.path().join(name)), "{name}");
    }
    assert_eq!(std::fs::read(dir.path().join("old.qza")).unwrap(), old);
}

/// A one-step `fan-out` whose step sleeps `millis`, with the worker config.
fn slow_fan_out(dir: &Path, config: &Path, millis: u32) -> Child {
    Command::new(crate::common::qiime_exe())
        .current_dir(dir)
        .args(["mystery-stew", "fan-out", "--i-ints", "ints.qza"])
        .args(["--p-steps", "1", "--p-millis", &millis.to_string()])
        .args(["--o-stamps", "stamps", "--parallel-config"])
        .arg(config)
        .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn sigkill_of_a_worker_fails_the_step_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    import_ints(dir.path());
    let config = processes_config(dir.path(), 1, "");
    let host = slow_fan_out(dir.path(), &config, 30_000);
    let started = Instant::now();
    let worker = loop {
        if let Some(&worker) = children_of(host.id()).first() {
            break worker;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no worker process started"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let killed = Command::new("kill")
        .args(["-KILL", &worker.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = host.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the worker process was killed (signal: 9 (SIGKILL))"),
        "{stderr}"
    );
    assert!(!dir.path().join("stamps").exists());
    assert_eq!(listing(dir.path()), ["ints", "ints.qza", "workers.toml"]);
}

#[test]
fn a_plugin_that_aborts_kills_only_its_worker_or_leaves_no_output() {
    let (dir, old) = folder_with_an_archive();
    let config = processes_config(dir.path(), 1, "");
    let run = |extra: &[&str]| {
        qiime()
            .current_dir(dir.path())
            .args(["mystery-stew", "abort-in-a-step"])
            .args(["--o-visualization", "never.qzv"])
            .args(extra)
            .assert()
    };
    run(&["--parallel-config", config.to_str().unwrap()])
        .failure()
        .code(1)
        .stderr(predicate::str::contains(
            "the worker process was killed (signal: 6 (SIGABRT))",
        ));
    // In the host process an abort cannot be caught: the process dies, and still nothing is
    // written and the existing archive is untouched.
    let output = run(&[]).failure().get_output().clone();
    assert_eq!(output.status.code(), None, "killed by a signal");
    let left: Vec<String> = listing(dir.path())
        .into_iter()
        .filter(|n| !n.starts_with("core"))
        .collect();
    assert_eq!(left, ["old.qza", "seqs.fasta", "workers.toml"]);
    assert_eq!(std::fs::read(dir.path().join("old.qza")).unwrap(), old);
}

#[test]
fn a_step_that_never_returns_is_stopped_by_the_task_timeout() {
    let dir = tempfile::tempdir().unwrap();
    import_ints(dir.path());
    let config = processes_config(dir.path(), 1, "\n[q2rs]\ntask_timeout = \"1s\"\n");
    let output = slow_fan_out(dir.path(), &config, 50_000)
        .wait_with_output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "step mystery-stew stamp_time failed: the worker process ran longer than the task \
             timeout (1s) and was stopped"
        ),
        "{stderr}"
    );
    assert_eq!(listing(dir.path()), ["ints", "ints.qza", "workers.toml"]);
}

#[test]
fn a_worker_writing_much_to_stderr_is_not_held_up_until_the_task_timeout() {
    let dir = tempfile::tempdir().unwrap();
    // A pipe holds 64 KiB: a worker writing 1 MB that nobody reads would block until the
    // timeout stopped it, and the step would fail.
    let config = processes_config(dir.path(), 1, "\n[q2rs]\ntask_timeout = \"20s\"\n");
    let output = Command::new(crate::common::qiime_exe())
        .current_dir(dir.path())
        .args(["mystery-stew", "chatter-in-a-step", "--p-bytes", "1000000"])
        .args(["--o-ints", "ints.qza", "--parallel-config"])
        .arg(&config)
        .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("task timeout"), "{stderr}");
    assert!(is_complete_archive(&dir.path().join("ints.qza")));
}

#[test]
fn an_output_folder_it_cannot_write_to_is_refused_before_the_action_runs() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::import_ints(dir.path());
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    set_mode(dir.path(), 0o755);
    set_mode(&locked, 0o555);
    let Some(mut command) = as_unprivileged_user() else {
        return;
    };
    // The step would sleep for two minutes if it ran.
    let started = Instant::now();
    let output = command
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .args([
            "mystery-stew",
            "fan-out",
            "--i-ints",
            "ints.qza",
            "--p-steps",
            "1",
        ])
        .args(["--p-millis", "120000", "--o-stamps", "locked/stamps"])
        .output()
        .unwrap();
    set_mode(&locked, 0o755);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot write into the folder locked"),
        "{stderr}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the action ran first"
    );
    assert_eq!(listing(&locked), Vec::<String>::new());
}
