//! The cache from the command line: a killed pipeline resumes without running its finished
//! steps again and gives the outputs of an uninterrupted run; two pipelines share a cache; a
//! damaged cached result is reported, never used; the `qiime tools cache-*` commands.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use predicates::prelude::*;

use crate::common::{
    data_file, import_ints, qiime_with_plugins as qiime, search_command, search_inputs,
    threads_config,
};

/// `qiime` as a child process in `dir` (output discarded), to be killed.
fn spawn(dir: &Path, args: &[&str]) -> Child {
    std::process::Command::new(crate::common::qiime_exe())
        .current_dir(dir)
        .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The step records of every pool of `cache`.
fn step_records(cache: &Path) -> Vec<PathBuf> {
    let Ok(pools) = std::fs::read_dir(cache.join("pools")) else {
        return Vec::new();
    };
    let mut records: Vec<PathBuf> = pools
        .filter_map(Result::ok)
        .flat_map(|pool| std::fs::read_dir(pool.path()).into_iter().flatten())
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("step-")
        })
        .collect();
    records.sort();
    records
}

/// Waits until `cache` has at least `steps` recorded steps, then kills `child` (SIGKILL);
/// returns the records present once it is dead.
fn kill_after(child: &mut Child, cache: &Path, steps: usize) -> Vec<PathBuf> {
    let started = Instant::now();
    while step_records(cache).len() < steps {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("the run ended ({status}) before {steps} steps were recorded: {err}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "no {steps} steps recorded in 5 minutes"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    step_records(cache)
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// The `[start, end]` stamps of a saved `fan-out` output folder, in key order.
fn stamps(folder: &Path) -> Vec<(i64, i64)> {
    let order = std::fs::read_to_string(folder.join(".order")).unwrap();
    order
        .lines()
        .map(|key| {
            let text = data_file(&folder.join(format!("{key}.qza")), "ints.txt");
            let v: Vec<i64> = text.lines().map(|l| l.parse().unwrap()).collect();
            (v[0], v[1])
        })
        .collect()
}

/// The stamp a recorded `stamp_time` step holds in the cache.
fn recorded_stamp(cache: &Path, record: &Path) -> (i64, i64) {
    let uuid = first_uuid(record);
    let text =
        std::fs::read_to_string(cache.join("data").join(&uuid).join("data/ints.txt")).unwrap();
    let v: Vec<i64> = text.lines().map(|l| l.parse().unwrap()).collect();
    (v[0], v[1])
}

/// The UUID of the first output a step record names.
fn first_uuid(record: &Path) -> String {
    let text = std::fs::read_to_string(record).unwrap();
    let uuid = regex::Regex::new(r#""uuid": "([0-9a-f-]{36})""#).unwrap();
    uuid.captures(&text).unwrap()[1].to_owned()
}

#[test]
fn a_killed_parallel_pipeline_resumes_without_running_its_finished_steps_again() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    import_ints(dir);
    threads_config(dir, 1);
    let cache = dir.join("cache");
    let command = [
        "mystery-stew",
        "fan-out",
        "--i-ints",
        "ints.qza",
        "--p-steps",
        "10",
        "--p-millis",
        "300",
        "--o-stamps",
        "stamps",
        "--parallel-config",
        "threads.toml",
        "--use-cache",
        "cache",
    ];
    let mut first = spawn(dir, &command);
    let recorded = kill_after(&mut first, &cache, 3);
    assert!(recorded.len() < 10, "killed before the end: {recorded:?}");
    assert!(!dir.join("stamps").exists(), "a killed run saves nothing");
    let finished: BTreeSet<(i64, i64)> =
        recorded.iter().map(|r| recorded_stamp(&cache, r)).collect();

    let rerun_start = now_ms();
    qiime()
        .current_dir(dir)
        .args(command)
        .assert()
        .success()
        .stdout("Saved Collection[IntSequence1] to: stamps\n");
    let stamps = stamps(&dir.join("stamps"));
    assert_eq!(stamps.len(), 10);
    let reused: BTreeSet<(i64, i64)> = stamps
        .iter()
        .copied()
        .filter(|(start, _)| *start < rerun_start)
        .collect();
    assert_eq!(
        reused, finished,
        "exactly the steps recorded before the kill were reused, with their results"
    );
    let ran = stamps.iter().filter(|(start, _)| *start >= rerun_start);
    assert_eq!(
        ran.count(),
        10 - recorded.len(),
        "only the other steps ran again"
    );
    // The default pool is removed after success, and with it every result of both runs.
    assert!(step_records(&cache).is_empty());
    assert_eq!(std::fs::read_dir(cache.join("keys")).unwrap().count(), 0);
    qiime()
        .args(["tools", "cache-garbage-collect", "--cache"])
        .arg(&cache)
        .assert()
        .success();
    assert_eq!(std::fs::read_dir(cache.join("data")).unwrap().count(), 0);
}

#[test]
fn a_resumed_search_gives_the_hits_of_an_uninterrupted_run() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    search_inputs(dir, 40);
    let cache = dir.join("cache");
    let resumable = ["--use-cache", "cache", "--recycle-pool", "search"];
    let mut first = spawn(dir, &search_command("hits.qza", "table.qzv", &resumable));
    let recorded = kill_after(&mut first, &cache, 5);
    let before: Vec<(PathBuf, String)> = recorded
        .iter()
        .map(|r| (r.clone(), std::fs::read_to_string(r).unwrap()))
        .collect();
    qiime()
        .current_dir(dir)
        .args(search_command("hits.qza", "table.qzv", &resumable))
        .assert()
        .success();
    // The steps recorded before the kill were not run again: their records (naming their
    // results by UUID) are untouched; a step that ran again would have new results.
    for (record, text) in &before {
        assert_eq!(&std::fs::read_to_string(record).unwrap(), text);
    }
    assert!(step_records(&cache).len() > before.len());
    // The named pool is kept: the status lists it.
    qiime()
        .args(["tools", "cache-status", "--cache"])
        .arg(&cache)
        .assert()
        .success()
        .stdout(predicate::str::contains("Pool keys:\n  search -> "));
    qiime()
        .current_dir(dir)
        .args(search_command(
            "uninterrupted.qza",
            "table.qzv",
            &["--no-recycle"],
        ))
        .assert()
        .success();
    let hits = |name: &str| data_file(&dir.join(name), "hits.tsv");
    assert_eq!(hits("hits.qza"), hits("uninterrupted.qza"));
}

#[test]
fn two_pipelines_at_once_on_one_cache_both_succeed_and_the_cache_stays_intact() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    import_ints(dir);
    let fan_out = |steps: &'static str, out: &'static str| {
        vec![
            "mystery-stew",
            "fan-out",
            "--i-ints",
            "ints.qza",
            "--p-steps",
            steps,
            "--p-millis",
            "100",
            "--o-stamps",
            out,
            "--parallel",
            "--use-cache",
            "cache",
            "--recycle-pool",
            "shared",
        ]
    };
    let mut a = spawn(dir, &fan_out("4", "a"));
    let mut b = spawn(dir, &fan_out("6", "b"));
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    assert_eq!(stamps(&dir.join("a")).len(), 4);
    assert_eq!(stamps(&dir.join("b")).len(), 6);
    qiime()
        .args(["tools", "cache-garbage-collect", "--cache"])
        .arg(dir.join("cache"))
        .assert()
        .success();
    // Both runs recorded into the one pool; re-runs reuse what either recorded.
    qiime()
        .args(["tools", "cache-status", "--cache"])
        .arg(dir.join("cache"))
        .assert()
        .success()
        .stdout(predicate::str::contains("  shared -> "));
    qiime()
        .current_dir(dir)
        .args(fan_out("4", "a2"))
        .assert()
        .success();
    qiime()
        .current_dir(dir)
        .args(fan_out("6", "b2"))
        .assert()
        .success();
    let all: BTreeSet<(i64, i64)> = stamps(&dir.join("a"))
        .into_iter()
        .chain(stamps(&dir.join("b")))
        .collect();
    for again in ["a2", "b2"] {
        for stamp in stamps(&dir.join(again)) {
            assert!(all.contains(&stamp), "{again}: {stamp:?} was recycled");
        }
    }
}

#[test]
fn a_damaged_cached_step_is_reported_and_never_used() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    import_ints(dir);
    let command = [
        "mystery-stew",
        "fan-out",
        "--i-ints",
        "ints.qza",
        "--p-steps",
        "2",
        "--p-millis",
        "0",
        "--o-stamps",
        "stamps",
        "--use-cache",
        "cache",
        "--recycle-pool",
        "kept",
    ];
    qiime().current_dir(dir).args(command).assert().success();
    let cache = dir.join("cache");
    let record = &step_records(&cache)[0];
    let uuid = first_uuid(record);
    let file = cache.join("data").join(&uuid).join("data/ints.txt");
    std::fs::remove_file(&file).unwrap();
    std::fs::write(&file, "0\n0\n").unwrap();
    std::fs::remove_dir_all(dir.join("stamps")).unwrap();
    qiime()
        .current_dir(dir)
        .args(command)
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "the cached result {uuid} (pool 'kept', step mystery-stew stamp_time"
        )))
        .stderr(predicate::str::contains("is damaged"))
        .stderr(predicate::str::contains(
            "Remove it with `qiime tools cache-remove --cache cache --key kept`",
        ))
        .stderr(predicate::str::contains("data/ints.txt"));
    assert!(!dir.join("stamps").exists(), "nothing is saved");
}

#[test]
fn the_cache_tools_store_fetch_list_and_remove_results() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    import_ints(dir);
    let tools = |args: &[&str]| {
        let mut cmd = qiime();
        cmd.current_dir(dir).arg("tools").args(args);
        cmd
    };
    tools(&["cache-create", "--cache", "c"])
        .assert()
        .success()
        .stdout("Created a cache at c\n");
    tools(&["cache-create", "--cache", "c"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("c already exists"));
    tools(&[
        "cache-store",
        "--cache",
        "c",
        "--artifact-path",
        "ints.qza",
        "--key",
        "my_ints",
    ])
    .assert()
    .success();
    tools(&["cache-status", "--cache", "c"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Data keys:\n  my_ints -> "))
        .stdout(predicate::str::contains("(IntSequence1)"));
    tools(&[
        "cache-fetch",
        "--cache",
        "c",
        "--key",
        "my_ints",
        "--output-path",
        "back",
    ])
    .assert()
    .success()
    .stdout("Saved the result 'my_ints' of the cache c to: back.qza\n");
    assert_eq!(
        data_file(&dir.join("back.qza"), "ints.txt"),
        data_file(&dir.join("ints.qza"), "ints.txt")
    );
    tools(&[
        "cache-store",
        "--cache",
        "c",
        "--artifact-path",
        "ints.qza",
        "--key",
        "bad-key",
    ])
    .assert()
    .failure()
    .stderr(predicate::str::contains("'bad-key' is not a valid key"));
    // Inputs and outputs may be cache keys.
    qiime()
        .current_dir(dir)
        .args(["mystery-stew", "stamp-time", "--i-ints", "c:my_ints"])
        .args(["--p-millis", "0", "--o-stamp", "c:stamp"])
        .assert()
        .success()
        .stdout("Saved IntSequence1 to: c:stamp\n");
    tools(&["cache-status", "--cache", "c"])
        .assert()
        .success()
        .stdout(predicate::str::contains("  stamp -> "));
    qiime()
        .current_dir(dir)
        .args(["mystery-stew", "fan-out", "--i-ints", "c:no_such_key"])
        .args(["--o-stamps", "s"])
        .assert()
        .failure()
        .stderr("Error: invalid value for '--i-ints': the cache c has no key 'no_such_key'\n");
    tools(&["cache-remove", "--cache", "c", "--key", "stamp"])
        .assert()
        .success();
    tools(&["cache-remove", "--cache", "c", "--key", "my_ints"])
        .assert()
        .success()
        .stdout("Removed the key 'my_ints' from the cache c\n");
    tools(&[
        "cache-fetch",
        "--cache",
        "c",
        "--key",
        "my_ints",
        "--output-path",
        "x",
    ])
    .assert()
    .failure()
    .code(1)
    .stderr("Error: the cache c has no key 'my_ints'\n");
    assert_eq!(std::fs::read_dir(dir.join("c/data")).unwrap().count(), 0);
    tools(&["cache-status", "--cache", "nowhere"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("there is no cache at nowhere"));
    // A folder that is not a cache is refused by --use-cache too.
    std::fs::create_dir(dir.join("plain")).unwrap();
    qiime()
        .current_dir(dir)
        .args([
            "mystery-stew",
            "fan-out",
            "--i-ints",
            "ints.qza",
            "--o-stamps",
            "s",
        ])
        .args(["--use-cache", "plain"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "plain exists and is not a QIIME 2 cache",
        ));
}

#[test]
fn a_run_that_fails_before_recording_a_step_leaves_no_default_pool() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    import_ints(dir);
    // Every step refuses to sleep a minute: the run fails with nothing to resume.
    qiime()
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
            "60000",
            "--o-stamps",
            "s",
            "--use-cache",
            "cache",
        ])
        .assert()
        .failure()
        .code(1);
    assert_eq!(
        std::fs::read_dir(dir.join("cache/keys")).unwrap().count(),
        0
    );
    assert_eq!(
        std::fs::read_dir(dir.join("cache/pools")).unwrap().count(),
        0
    );
}

/// The number of entries of `cache`'s folder `name`.
fn entries(cache: &Path, name: &str) -> usize {
    std::fs::read_dir(cache.join(name)).unwrap().count()
}

#[test]
fn steps_wait_the_record_delay_so_a_short_successful_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    import_ints(dir);
    let run = |pool: &[&str], delay: &str| {
        qiime()
            .current_dir(dir)
            .env("Q2RS_RECORD_DELAY", delay)
            .args(["mystery-stew", "fan-out", "--i-ints", "ints.qza"])
            .args(["--p-steps", "3", "--p-millis", "0", "--o-stamps"])
            .arg(format!("stamps{}", pool.len()))
            .args(["--use-cache", "cache"])
            .args(pool)
            .assert()
            .success();
    };
    // Finished well within the hour's delay: its default pool was never written.
    run(&[], "3600");
    let cache = dir.join("cache");
    for name in ["keys", "pools", "data", "processes"] {
        assert_eq!(entries(&cache, name), 0, "cache/{name} is empty");
    }
    // A named pool is kept: every step is recorded when the run ends, delay or not.
    run(&["--recycle-pool", "kept"], "3600");
    assert_eq!(step_records(&cache).len(), 3, "one record per stamp step");
    assert_eq!(entries(&cache, "processes"), 0);
}

#[test]
fn a_bad_record_delay_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    import_ints(dir);
    qiime()
        .current_dir(dir)
        .env("Q2RS_RECORD_DELAY", "soon")
        .args(["mystery-stew", "fan-out", "--i-ints", "ints.qza"])
        .args(["--p-steps", "2", "--p-millis", "0", "--o-stamps", "s"])
        .args(["--use-cache", "cache"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(
            "Q2RS_RECORD_DELAY must be a number of seconds (such as 2 or 0.5), not \"soon\"",
        ));
    assert!(!dir.join("s").exists());
}

#[test]
fn a_named_pool_removed_while_a_run_uses_it_goes_when_the_run_ends() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    import_ints(dir);
    let run = std::process::Command::new(crate::common::qiime_exe())
        .current_dir(dir)
        .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path())
        .env("Q2RS_RECORD_DELAY", "0")
        .args(["mystery-stew", "fan-out", "--i-ints", "ints.qza"])
        .args([
            "--p-steps",
            "4",
            "--p-millis",
            "700",
            "--o-stamps",
            "stamps",
        ])
        .args(["--use-cache", "c", "--recycle-pool", "busy"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while step_records(&dir.join("c")).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no step recorded"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    qiime()
        .current_dir(dir)
        .args(["tools", "cache-remove", "--cache", "c", "--key", "busy"])
        .assert()
        .success();
    let output = run.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.join("stamps").is_dir());
    assert!(
        !dir.join("c/pools/busy").exists(),
        "an orphaned pool was left"
    );
    assert!(!dir.join("c/keys/busy").exists());
    assert_eq!(std::fs::read_dir(dir.join("c/data")).unwrap().count(), 0);
}
