//! The Slurm executor against a real one-node Slurm (started by `tests/slurm/start.sh`; `.ci/run`
//! does it and sets `Q2RS_SLURM_TEST=1`). Without that variable these tests print a note and
//! pass, so that `cargo test` works where Slurm is absent.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::common::{qiime_with_plugins as qiime, tutorial_search as search};

/// Whether the tests may use a Slurm cluster; panics when they must but none answers.
fn cluster() -> bool {
    if std::env::var("Q2RS_SLURM_TEST").as_deref() != Ok("1") {
        let note = "Slurm tests: set Q2RS_SLURM_TEST=1 with a cluster running \
                    (eval \"$(tests/slurm/start.sh)\")";
        // `.ci/run` starts a cluster when it runs as root: there, a missing one is a failure.
        if crate::common::is_root() {
            crate::common::skip(note);
        } else {
            eprintln!("note: skipped, {note}");
        }
        return false;
    }
    let sinfo = Command::new("sinfo").args(["-h", "-o", "%T"]).output();
    match sinfo {
        Ok(out) if out.status.success() && !out.stdout.is_empty() => true,
        other => panic!("Q2RS_SLURM_TEST=1 but no Slurm cluster answers `sinfo`: {other:?}"),
    }
}

/// A Slurm config: two workers per block, the block's job output files kept in `logs`.
fn config(dir: &Path, provider: &str) -> PathBuf {
    let path = dir.join("slurm.toml");
    let logs = dir.join("logs");
    std::fs::write(
        &path,
        format!(
            "[parsl]\n\n[[parsl.executors]]\nclass = \"HighThroughputExecutor\"\nlabel = \"default\"\n\
             max_workers_per_node = 2\nworker_logdir_root = \"{}\"\n\n\
             [parsl.executors.provider]\nclass = \"SlurmProvider\"\nexclusive = false\n{provider}\n",
            logs.display()
        ),
    )
    .unwrap();
    path
}

/// `scontrol show job -o ID` as `key -> value`.
fn scontrol(job: &str) -> std::collections::BTreeMap<String, String> {
    let out = Command::new("scontrol")
        .args(["show", "job", "-o", job])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// Waits until none of `jobs` is in Slurm's queue (pending, running or completing).
fn assert_left_the_queue(jobs: &[String]) {
    let started = Instant::now();
    loop {
        let out = Command::new("squeue")
            .args(["-h", "-o", "%i"])
            .output()
            .unwrap();
        let queued: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.trim().to_owned())
            .collect();
        let left: Vec<&String> = jobs.iter().filter(|j| queued.contains(j)).collect();
        if left.is_empty() {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "jobs still in the queue: {left:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The job ids `--verbose` printed.
fn submitted(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("Submitted Slurm job "))
        .map(|rest| rest.split_whitespace().next().unwrap().to_owned())
        .collect()
}

/// No run folder is left in `dir`.
fn assert_no_run_folder(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".q2rs-slurm-"))
        .collect();
    assert!(left.is_empty(), "run folders left: {left:?}");
}

fn hits_tsv(path: &Path) -> String {
    let artifact = qiime2::sdk::Artifact::load(path).unwrap();
    std::fs::read_to_string(artifact.data_dir().join("hits.tsv")).unwrap()
}

#[test]
fn the_tutorial_runs_on_slurm_with_each_step_in_a_slurm_job() {
    if !cluster() {
        return;
    }
    let (dir, data) = crate::common::tutorial_example_data();
    let config = config(dir.path(), "walltime = \"00:05:00\"");
    search(&data, "serial", &[]).success();
    let run = search(
        &data,
        "slurm",
        &["--parallel-config", config.to_str().unwrap(), "--verbose"],
    )
    .success()
    .stdout(
        "Saved LocalAlignmentSearchResults to: slurm-hits.qza\n\
         Saved Visualization to: slurm-hits-table.qzv\n",
    );
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert_eq!(
        hits_tsv(&data.join("serial-hits.qza")),
        hits_tsv(&data.join("slurm-hits.qza"))
    );
    let jobs = submitted(&stderr);
    assert!(!jobs.is_empty(), "--verbose names the jobs: {stderr}");
    // Slurm's own records: the jobs are the executor's blocks, and their output files list the
    // steps they ran.
    let mut ran = String::new();
    for job in &jobs {
        let record = scontrol(job);
        assert_eq!(record["JobName"], "q2rs-default", "{record:?}");
        assert_eq!(
            record["JobState"], "COMPLETED",
            "told to stop, it leaves: {record:?}"
        );
        let output = dir.path().join(format!("logs/q2rs-default-{job}.out"));
        assert_eq!(Path::new(&record["StdOut"]), output);
        ran += &std::fs::read_to_string(&output).unwrap();
    }
    let count = |step: &str| {
        ran.lines()
            .filter(|l| l.contains(" done in ") && l.contains(&format!("(dwq2 {step})")))
            .count()
    };
    assert_eq!(count("split_sequences"), 1, "{ran}");
    assert_eq!(
        count("local_alignment_search"),
        5,
        "one search per query: {ran}"
    );
    assert_eq!(count("combine_las_reports"), 1, "{ran}");
    assert_eq!(count("tabulate_las_results"), 1, "{ran}");
    assert_left_the_queue(&jobs);
    assert_no_run_folder(&data);
    qiime()
        .current_dir(&data)
        .args(["tools", "validate", "slurm-hits.qza"])
        .assert()
        .success();
}

/// `fan-out` of mystery-stew: `steps` steps of `millis` ms each, started in `dir`.
fn fan_out(dir: &Path, config: &Path, steps: u32, millis: u32) -> Child {
    std::fs::create_dir_all(dir.join("ints")).unwrap();
    std::fs::write(dir.join("ints/ints.txt"), "1\n2\n3\n").unwrap();
    qiime()
        .current_dir(dir)
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
    let stderr = std::fs::File::create(dir.join("host.err")).unwrap();
    Command::new(crate::common::qiime_exe())
        .current_dir(dir)
        .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path())
        .args(["mystery-stew", "fan-out", "--i-ints", "ints.qza"])
        .args([
            "--p-steps",
            &steps.to_string(),
            "--p-millis",
            &millis.to_string(),
        ])
        .args(["--o-stamps", "stamps", "--verbose", "--parallel-config"])
        .arg(config)
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap()
}

/// Waits until a worker of a block runs a step; the block's job id.
fn a_step_runs(dir: &Path, host: &mut Child, within: Duration) -> String {
    let started = Instant::now();
    loop {
        if let Ok(entries) = std::fs::read_dir(dir.join("logs")) {
            for entry in entries.filter_map(Result::ok) {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                if text.contains(" runs task ") {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    return name
                        .trim_start_matches("q2rs-default-")
                        .trim_end_matches(".out")
                        .to_owned();
                }
            }
        }
        if let Some(status) = host.try_wait().unwrap() {
            panic!(
                "the host ended ({status}) before a step ran: {}",
                std::fs::read_to_string(dir.join("host.err")).unwrap()
            );
        }
        assert!(
            started.elapsed() < within,
            "no step started within {within:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits for the host to end; its exit code and stderr.
fn ended(dir: &Path, host: &mut Child, within: Duration) -> (Option<i32>, String) {
    let started = Instant::now();
    let status = loop {
        if let Some(status) = host.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > within {
            let _ = host.kill();
            panic!(
                "the host did not end within {within:?}: {}",
                std::fs::read_to_string(dir.join("host.err")).unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    (
        status.code(),
        std::fs::read_to_string(dir.join("host.err")).unwrap(),
    )
}

#[test]
fn a_cancelled_job_fails_its_steps_naming_the_job_and_leaves_nothing() {
    if !cluster() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), "walltime = \"00:05:00\"");
    let mut host = fan_out(dir.path(), &config, 2, 30_000);
    let job = a_step_runs(dir.path(), &mut host, Duration::from_secs(60));
    let scancel = Command::new("scancel").arg(&job).status().unwrap();
    assert!(scancel.success());
    let (code, stderr) = ended(dir.path(), &mut host, Duration::from_secs(60));
    assert_eq!(code, Some(1), "{stderr}");
    for part in [
        "mystery-stew stamp_time failed",
        &format!("Slurm job {job} (q2rs-default) ended with state CANCELLED"),
        "while it ran this step",
    ] {
        assert!(stderr.contains(part), "'{part}' in: {stderr}");
    }
    assert!(!dir.path().join("stamps").exists(), "no partial outputs");
    assert_left_the_queue(&submitted(&stderr));
    assert_no_run_folder(dir.path());
}

#[test]
fn a_job_over_its_walltime_fails_its_step_with_timeout() {
    if !cluster() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Slurm's walltime granularity is a minute: the block spends 40 s in worker_init, so the
    // 59 s step is still running when the minute is up (OverTimeLimit=0 in the test cluster).
    let config = config(
        dir.path(),
        "walltime = \"00:01:00\"\nworker_init = \"sleep 40\"",
    );
    let mut host = fan_out(dir.path(), &config, 1, 59_000);
    let (code, stderr) = ended(dir.path(), &mut host, Duration::from_secs(180));
    assert_eq!(code, Some(1), "{stderr}");
    let jobs = submitted(&stderr);
    assert_eq!(jobs.len(), 1, "{stderr}");
    let needle = format!(
        "Slurm job {} (q2rs-default) ended with state TIMEOUT: the block's walltime (00:01:00) \
         ran out while it ran this step",
        jobs[0]
    );
    assert!(stderr.contains(&needle), "'{needle}' in: {stderr}");
    assert!(
        stderr.contains("mystery-stew stamp_time failed"),
        "{stderr}"
    );
    assert_eq!(scontrol(&jobs[0])["JobState"], "TIMEOUT");
    assert!(!dir.path().join("stamps").exists(), "no partial outputs");
    assert_left_the_queue(&jobs);
    assert_no_run_folder(dir.path());
}

/// Sends `signal` to the host while a block runs a step: it cancels its job, writes nothing.
fn interrupting_the_host_cancels_its_jobs(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), "walltime = \"00:05:00\"");
    let mut host = fan_out(dir.path(), &config, 2, 30_000);
    let job = a_step_runs(dir.path(), &mut host, Duration::from_secs(60));
    let kill = Command::new("kill")
        .args([signal, &host.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let (code, stderr) = ended(dir.path(), &mut host, Duration::from_secs(30));
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "Cancelled Slurm job(s) {job}.\nInterrupted: the run was stopped and nothing was written."
        )),
        "{stderr}"
    );
    assert!(!dir.path().join("stamps").exists(), "no partial outputs");
    assert_left_the_queue(std::slice::from_ref(&job));
    assert_eq!(scontrol(&job)["JobState"], "CANCELLED");
    assert_no_run_folder(dir.path());
}

#[test]
fn ctrl_c_of_the_host_cancels_its_jobs_and_writes_nothing() {
    if cluster() {
        interrupting_the_host_cancels_its_jobs("-INT");
    }
}

#[test]
fn sigterm_of_the_host_cancels_its_jobs_and_writes_nothing() {
    if cluster() {
        interrupting_the_host_cancels_its_jobs("-TERM");
    }
}

#[test]
fn a_block_slurm_refuses_fails_the_run_with_sbatchs_reason() {
    if !cluster() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), "partition = \"no-such-partition\"");
    let mut host = fan_out(dir.path(), &config, 1, 10);
    let (code, stderr) = ended(dir.path(), &mut host, Duration::from_secs(60));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot submit a Slurm job for executor 'default': `sbatch` failed"),
        "{stderr}"
    );
    assert!(
        stderr.contains("invalid partition"),
        "sbatch's reason: {stderr}"
    );
    assert_no_run_folder(dir.path());
}

#[test]
fn a_slurm_config_without_slurm_installed_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), "");
    qiime()
        .current_dir(dir.path())
        .env("PATH", dir.path())
        .args([
            "mystery-stew",
            "fan-out",
            "--i-ints",
            "missing.qza",
            "--o-stamps",
            "s",
        ])
        .arg("--parallel-config")
        .arg(&config)
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("default"))
        .stderr(predicate::str::contains("Slurm's `sbatch` is not on PATH"));
}

#[test]
fn with_retries_the_steps_of_a_cancelled_job_run_again_in_a_new_block() {
    if !cluster() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), "walltime = \"00:05:00\"");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("[parsl]\n", "[parsl]\nretries = 1\n")).unwrap();
    let mut host = fan_out(dir.path(), &config, 2, 5_000);
    let job = a_step_runs(dir.path(), &mut host, Duration::from_secs(60));
    assert!(
        Command::new("scancel")
            .arg(&job)
            .status()
            .unwrap()
            .success()
    );
    let (code, stderr) = ended(dir.path(), &mut host, Duration::from_secs(90));
    assert_eq!(code, Some(0), "{stderr}");
    let jobs = submitted(&stderr);
    assert_eq!(
        jobs.len(),
        2,
        "a new block replaces the cancelled one: {stderr}"
    );
    assert_eq!(jobs[0], job);
    assert_eq!(scontrol(&jobs[0])["JobState"], "CANCELLED");
    assert_eq!(scontrol(&jobs[1])["JobState"], "COMPLETED");
    let second = std::fs::read_to_string(
        dir.path()
            .join(format!("logs/q2rs-default-{}.out", jobs[1])),
    )
    .unwrap();
    assert!(
        second.contains("(mystery-stew stamp_time) done in"),
        "{second}"
    );
    assert!(
        dir.path().join("stamps").is_dir(),
        "the run succeeded and saved its output"
    );
    assert_left_the_queue(&jobs);
    assert_no_run_folder(dir.path());
}

#[test]
fn blocks_that_fail_before_taking_work_fail_the_run_with_their_output() {
    if !cluster() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = config(
        dir.path(),
        "worker_init = \"echo module q2rs not found >&2; exit 3\"",
    );
    let mut host = fan_out(dir.path(), &config, 1, 10);
    let (code, stderr) = ended(dir.path(), &mut host, Duration::from_secs(90));
    assert_eq!(code, Some(1), "{stderr}");
    let jobs = submitted(&stderr);
    assert_eq!(jobs.len(), 3, "{stderr}");
    for part in [
        "3 Slurm jobs in a row ended without running a step; the last: ",
        &format!(
            "Slurm job {} (q2rs-default) ended with state FAILED",
            jobs[2]
        ),
        "module q2rs not found",
    ] {
        assert!(stderr.contains(part), "'{part}' in: {stderr}");
    }
    assert_left_the_queue(&jobs);
    assert_no_run_folder(dir.path());
}

#[test]
fn max_idletime_is_how_long_a_blocks_idle_worker_waits() {
    if !cluster() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), "walltime = \"00:05:00\"");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("[parsl]\n", "[parsl]\nmax_idletime = 2\n"),
    )
    .unwrap();
    // One step of 8 s on a block of two slots: the slot without work leaves after 2 s (with
    // Parsl's default of 120 s it would still be waiting when the run ends).
    let mut host = fan_out(dir.path(), &config, 1, 8_000);
    let (code, stderr) = ended(dir.path(), &mut host, Duration::from_secs(90));
    assert_eq!(code, Some(0), "{stderr}");
    let jobs = submitted(&stderr);
    assert_eq!(jobs.len(), 1, "{stderr}");
    let log = std::fs::read_to_string(
        dir.path()
            .join(format!("logs/q2rs-default-{}.out", jobs[0])),
    )
    .unwrap();
    assert!(log.contains("idle for 2s, leaving"), "{log}");
    assert!(log.contains("(mystery-stew stamp_time) done in"), "{log}");
    assert_left_the_queue(&jobs);
    assert_no_run_folder(dir.path());
}
