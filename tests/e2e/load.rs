//! Load: 50 `search-and-summarize` pipelines at once, each with its own worker processes, all
//! recording their steps in one cache. Several share their inputs (and so one default recycle
//! pool), others differ; some save their hits under cache keys, some share a named pool; garbage
//! is collected while they run. Every run succeeds with the hits of a serial run, and the cache
//! is left intact and tidy.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::common::{
    data_file, process_parents, processes_config, qiime_with_plugins as qiime, search_command,
    search_inputs, threads_config, tutorial_search, workspace_plugin_dir,
};

/// Pipelines started at once.
const PIPELINES: usize = 50;

/// Distinct input sets; pipeline `i` searches set `i % SETS` (set `s` has `3 s + 2` queries).
const SETS: usize = 5;

/// The pool that the last pipeline of every ten names: five runs on one input set record into
/// it at once (a named pool is kept after success).
const NAMED_POOL: &str = "shared_named";

/// How long all the pipelines together may take before they are killed and the test fails.
const DEADLINE: Duration = Duration::from_secs(300);

/// How pipeline `i` records its steps and where it saves its hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The default pool of its inputs; hits saved to a file.
    DefaultPool,
    /// The default pool of its inputs; hits saved under the cache key `hits_<i>`.
    KeyedHits,
    /// The named pool [`NAMED_POOL`]; hits saved to a file.
    NamedPool,
}

fn role(i: usize) -> Role {
    match i % 10 {
        7 | 8 => Role::KeyedHits,
        9 => Role::NamedPool,
        _ => Role::DefaultPool,
    }
}

/// The folder of input set `set`.
fn set_dir(root: &Path, set: usize) -> PathBuf {
    root.join(format!("set{set}"))
}

/// Starts pipeline `i` in its input set's folder, its output streams going to `logs/`.
fn start(root: &Path, i: usize) -> Child {
    let hits = match role(i) {
        Role::KeyedHits => format!("../cache:hits_{i}"),
        Role::DefaultPool | Role::NamedPool => format!("hits-{i}.qza"),
    };
    let table = format!("table-{i}.qzv");
    let mut extra = vec![
        "--parallel-config",
        "../workers.toml",
        "--use-cache",
        "../cache",
    ];
    if role(i) == Role::NamedPool {
        extra.extend(["--recycle-pool", NAMED_POOL]);
    }
    let log = |stream: &str| File::create(root.join(format!("logs/{i}.{stream}"))).unwrap();
    Command::new(crate::common::qiime_exe())
        .current_dir(set_dir(root, i % SETS))
        .args(search_command(&hits, &table, &extra))
        .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path())
        .stdout(log("out"))
        .stderr(log("err"))
        .spawn()
        .unwrap()
}

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// What [`wait_all`] saw.
struct Seen {
    /// Each child's exit status.
    statuses: Vec<std::process::ExitStatus>,
    /// The most processes (hosts and their workers) alive at once.
    peak: usize,
    /// Garbage collections run while the pipelines ran.
    collections: usize,
}

/// Waits for every child, killing them all and failing when [`DEADLINE`] passes. Meanwhile,
/// every two seconds, collects the garbage of the cache at `cache`, which must succeed.
fn wait_all(children: &mut [Child], root: &Path, cache: &Path) -> Seen {
    let started = Instant::now();
    let mut statuses = vec![None; children.len()];
    let mut peak = 0;
    let mut collections = 0;
    let mut last_collection = Instant::now();
    while statuses.iter().any(Option::is_none) {
        if last_collection.elapsed() > Duration::from_secs(2) {
            qiime()
                .args(["tools", "cache-garbage-collect", "--cache"])
                .arg(cache)
                .assert()
                .success();
            collections += 1;
            last_collection = Instant::now();
        }
        for (child, status) in children.iter_mut().zip(&mut statuses) {
            if status.is_none() {
                *status = child.try_wait().unwrap();
            }
        }
        let hosts: HashSet<u32> = children
            .iter()
            .zip(&statuses)
            .filter(|(_, s)| s.is_none())
            .map(|(c, _)| c.id())
            .collect();
        let workers = process_parents()
            .iter()
            .filter(|(_, parent)| hosts.contains(parent))
            .count();
        peak = peak.max(hosts.len() + workers);
        if started.elapsed() > DEADLINE {
            let running: Vec<usize> = (0..children.len())
                .filter(|&i| statuses[i].is_none())
                .collect();
            for &i in &running {
                let _ = children[i].kill();
                let _ = children[i].wait();
            }
            panic!(
                "{} of {PIPELINES} pipelines were still running after {DEADLINE:?} and were \
                 killed: {running:?}; their logs are in {}",
                running.len(),
                root.join("logs").display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Seen {
        statuses: statuses.into_iter().map(Option::unwrap).collect(),
        peak,
        collections,
    }
}

#[test]
fn fifty_pipelines_at_once_on_one_cache_all_succeed_and_leave_it_intact() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    std::fs::create_dir(root.join("logs")).unwrap();
    processes_config(root, 2, "");
    // Each input set, and the hits of a serial run on it (no cache involved).
    let mut expected = Vec::new();
    for set in 0..SETS {
        let dir = set_dir(root, set);
        std::fs::create_dir(&dir).unwrap();
        search_inputs(&dir, set * 3 + 2);
        tutorial_search(&dir, "serial", &["--no-recycle"]).success();
        expected.push(data_file(&dir.join("serial-hits.qza"), "hits.tsv"));
    }
    assert_eq!(
        expected.iter().collect::<HashSet<_>>().len(),
        SETS,
        "every input set has hits of its own"
    );

    // The cache exists before the runs start: `../cache:hits_<i>` names a key only then.
    let cache = root.join("cache");
    qiime()
        .args(["tools", "cache-create", "--cache"])
        .arg(&cache)
        .assert()
        .success();
    let started = Instant::now();
    let mut children: Vec<Child> = (0..PIPELINES).map(|i| start(root, i)).collect();
    let seen = wait_all(&mut children, root, &cache);
    eprintln!(
        "note: {PIPELINES} pipelines ran in {:.1?}; at most {} processes (hosts and workers) \
         were alive at once; {} garbage collections ran meanwhile",
        started.elapsed(),
        seen.peak,
        seen.collections
    );
    let log = |i: usize, stream: &str| {
        std::fs::read_to_string(root.join(format!("logs/{i}.{stream}"))).unwrap()
    };
    for (i, status) in seen.statuses.iter().enumerate() {
        assert!(
            status.success(),
            "pipeline {i} ({:?}) failed ({status}):\n{}",
            role(i),
            log(i, "err")
        );
        assert_eq!(log(i, "err"), "", "pipeline {i} warned");
    }
    let mut keyed = BTreeMap::new();
    for i in 0..PIPELINES {
        let set = i % SETS;
        match role(i) {
            Role::KeyedHits => {
                keyed.insert(format!("hits_{i}"), set);
            }
            Role::DefaultPool | Role::NamedPool => assert_eq!(
                data_file(
                    &set_dir(root, set).join(format!("hits-{i}.qza")),
                    "hits.tsv"
                ),
                expected[set],
                "pipeline {i} (input set {set}) found the hits of the serial run"
            ),
        }
    }

    // Every process took its entry and its unfinished writes with it; the default pools went
    // with the runs that made them; only the named pool and the keyed hits remain.
    assert_eq!(listing(&cache.join("processes")), Vec::<String>::new());
    assert_eq!(listing(&cache.join("tmp")), Vec::<String>::new());
    assert_eq!(listing(&cache.join("pools")), [NAMED_POOL]);
    let mut keys: Vec<String> = keyed.keys().cloned().collect();
    keys.push(NAMED_POOL.to_owned());
    keys.sort();
    assert_eq!(listing(&cache.join("keys")), keys);
    assert_eq!(
        listing(root),
        [
            "cache",
            "logs",
            "set0",
            "set1",
            "set2",
            "set3",
            "set4",
            "workers.toml"
        ],
        "no half-made cache is left beside the cache"
    );
    qiime()
        .args(["tools", "cache-status", "--cache"])
        .arg(&cache)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "Pool keys:\n  {NAMED_POOL} -> "
        )))
        .stdout(predicate::str::contains("0 other process entr(y/ies)"))
        .stdout(predicate::str::contains("unreadable").not());
    qiime()
        .args(["tools", "cache-garbage-collect", "--cache"])
        .arg(&cache)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "0 pool(s), 0 process entr(y/ies) and 0 unfinished write(s) removed",
        ));

    // After garbage collection every keyed result reads back (checked against its checksums)
    // with the serial run's hits, and the named pool still resumes a run of every step.
    for (key, &set) in &keyed {
        let out = root.join(format!("{key}.qza"));
        qiime()
            .args(["tools", "cache-fetch", "--cache"])
            .arg(&cache)
            .args(["--key", key, "--output-path"])
            .arg(&out)
            .assert()
            .success();
        assert_eq!(data_file(&out, "hits.tsv"), expected[set], "{key}");
    }
    let set = 9 % SETS;
    let dir = set_dir(root, set);
    let records = listing(&cache.join("pools").join(NAMED_POOL));
    tutorial_search(
        &dir,
        "again",
        &["--use-cache", "../cache", "--recycle-pool", NAMED_POOL],
    )
    .success();
    assert_eq!(
        data_file(&dir.join("again-hits.qza"), "hits.tsv"),
        expected[set]
    );
    assert_eq!(
        listing(&cache.join("pools").join(NAMED_POOL)),
        records,
        "every step was reused: nothing new was recorded"
    );
}

/// Steps of the long pipeline: one search per query (`split_size` 1).
const LONG_STEPS: usize = 10_000;

/// The most memory (peak resident set) the long pipeline may take, in MiB: a release build
/// peaks near 130 MiB, most of it the outputs' provenance (four files per step) being zipped.
const LONG_PEAK_MIB: u64 = 512;

/// The resident-set high-water mark of process `pid` in KiB (`VmHWM`), if it still runs.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[test]
fn a_pipeline_of_ten_thousand_steps_completes_in_bounded_memory() {
    if !Path::new("/proc/self/status").exists() {
        eprintln!("note: no /proc here; the 10,000-step run is not measured");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let queries: String = (0..LONG_STEPS)
        .map(|i| format!(">q{i}\nACGTACGTAC\n"))
        .collect();
    std::fs::write(dir.join("q.fasta"), queries).unwrap();
    std::fs::write(dir.join("r.fasta"), ">r\nACGTACGTAC\n").unwrap();
    std::fs::write(dir.join("r.tsv"), "id\tlabel\nr\tthe reference\n").unwrap();
    threads_config(dir, 2);
    for name in ["q", "r"] {
        qiime()
            .current_dir(dir)
            .args(["tools", "import", "--type", "FeatureData[Sequence]"])
            .args(["--input-path", &format!("{name}.fasta")])
            .args(["--output-path", &format!("{name}.qza")])
            .assert()
            .success();
    }
    workspace_plugin_dir();
    let started = Instant::now();
    let mut child = Command::new(crate::common::qiime_exe())
        .current_dir(dir)
        .args(["dwq2", "search-and-summarize", "--i-query-seqs", "q.qza"])
        .args([
            "--i-reference-seqs",
            "r.qza",
            "--m-reference-metadata-file",
            "r.tsv",
        ])
        .args(["--p-split-size", "1", "--parallel-config", "threads.toml"])
        .args(["--o-hits", "hits.qza", "--o-hits-table", "table.qzv"])
        .args(["--no-recycle", "--quiet"])
        .spawn()
        .unwrap();
    // The high-water mark only grows: its last reading before the exit is the peak.
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        peak_kib = peak_kib.max(peak_rss_kib(child.id()).unwrap_or(0));
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(status.success(), "the 10,000-step run failed: {status}");
    let hits = data_file(&dir.join("hits.qza"), "hits.tsv");
    let rows = hits.lines().skip(1).filter(|l| l.starts_with("q")).count();
    assert_eq!(rows, LONG_STEPS, "one hit per query");
    eprintln!(
        "10,000 steps on 2 threads: peak RSS {} MiB, {:.0} s (this build)",
        peak_kib / 1024,
        started.elapsed().as_secs_f64()
    );
    assert!(
        peak_kib > 0 && peak_kib / 1024 < LONG_PEAK_MIB,
        "peak RSS {peak_kib} KiB; the bound is {LONG_PEAK_MIB} MiB"
    );
}
