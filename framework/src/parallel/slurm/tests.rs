//! The parts of the Slurm executor that need no cluster: batch scripts, the file queue, job
//! states. The cluster itself is exercised by `tests/e2e/slurm.rs`.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use super::jobs::parse_states;
use super::queue::{Outcome, RunFolder};
use super::script::{WorkerLine, batch_script, quote};
use crate::parallel::{ConfigSource, ExecutorKind, ParallelConfig, SlurmSpec};

fn line<'a>(run: &'a Path, logs: &'a Path) -> WorkerLine<'a> {
    WorkerLine {
        exe: Path::new("/opt/q2rs/bin/qiime"),
        run,
        logs,
        name: "q2rs-default",
        task_timeout: None,
    }
}

#[test]
fn a_batch_script_carries_every_provider_key() {
    let spec = SlurmSpec {
        workers_per_node: Some(4),
        partition: Some("short".into()),
        account: Some("lab42".into()),
        qos: Some("high".into()),
        walltime: "02:00:00".into(),
        cores_per_node: Some(8),
        mem_per_node: Some(32),
        constraint: Some("avx2".into()),
        worker_init: "module load qiime2\nexport X=1".into(),
        scheduler_options: "#SBATCH --gres=gpu:1\n#SBATCH --mail-type=END".into(),
        ..SlurmSpec::default()
    };
    let (run, logs) = (Path::new("/scratch/run it"), Path::new("/scratch/logs"));
    let script = batch_script(
        &spec,
        &WorkerLine {
            task_timeout: Some(Duration::from_secs(90)),
            ..line(run, logs)
        },
    );
    let expected = "#!/bin/bash\n\
        #SBATCH --job-name=q2rs-default\n\
        #SBATCH --output=/scratch/logs/q2rs-default-%j.out\n\
        #SBATCH --nodes=1\n\
        #SBATCH --ntasks-per-node=1\n\
        #SBATCH --time=02:00:00\n\
        #SBATCH --partition=short\n\
        #SBATCH --account=lab42\n\
        #SBATCH --qos=high\n\
        #SBATCH --cpus-per-task=8\n\
        #SBATCH --mem=32g\n\
        #SBATCH --exclusive\n\
        #SBATCH --constraint=avx2\n\
        #SBATCH --gres=gpu:1\n\
        #SBATCH --mail-type=END\n\
        module load qiime2\n\
        export X=1\n\
        exec '/opt/q2rs/bin/qiime' dev worker '/scratch/run it' --slots 4 --idle-exit 120 \
        --task-timeout 90\n";
    assert_eq!(script, expected);
}

#[test]
fn unset_keys_leave_slurm_its_defaults_and_blocks_of_several_nodes_use_srun() {
    let spec = SlurmSpec {
        nodes_per_block: 3,
        exclusive: false,
        ..SlurmSpec::default()
    };
    let script = batch_script(&spec, &line(Path::new("/r"), Path::new("/l")));
    for absent in [
        "--partition",
        "--account",
        "--qos",
        "--mem",
        "--exclusive",
        "--cpus-per-task=",
    ] {
        assert!(
            !script.contains(&format!("#SBATCH {absent}")),
            "{absent} in:\n{script}"
        );
    }
    assert!(script.contains("#SBATCH --nodes=3\n"), "{script}");
    assert!(script.contains("#SBATCH --time=00:10:00\n"), "{script}");
    assert!(
        script.ends_with(
            "exec srun --nodes=3 --ntasks=3 --ntasks-per-node=1 --cpus-per-task=\"$SLURM_CPUS_ON_NODE\" \
             '/opt/q2rs/bin/qiime' dev worker '/r' --slots auto --idle-exit 120\n"
        ),
        "{script}"
    );
}

#[test]
fn the_configured_max_idletime_reaches_the_worker_command_line() {
    let text = "[parsl]\nmax_idletime = 45.5\n[[parsl.executors]]\n\
                class = 'HighThroughputExecutor'\nlabel = 'default'\n[parsl.executors.provider]\n\
                class = 'SlurmProvider'\n";
    let config = ParallelConfig::from_toml(text, ConfigSource::File("q2.toml".into())).unwrap();
    let ExecutorKind::Slurm(spec) = &config.executors()[0].kind else {
        panic!("expected a Slurm executor: {config:?}")
    };
    let script = batch_script(spec, &line(Path::new("/r"), Path::new("/l")));
    assert!(
        script.ends_with(
            "exec '/opt/q2rs/bin/qiime' dev worker '/r' --slots auto --idle-exit 45.5\n"
        ),
        "{script}"
    );
}

#[test]
fn quoting_survives_quotes() {
    assert_eq!(quote("it's"), r"'it'\''s'");
}

#[test]
fn every_task_is_claimed_by_exactly_one_worker() {
    let dir = tempfile::tempdir().unwrap();
    let folder = RunFolder::new(dir.path());
    folder.create().unwrap();
    let ids: Vec<String> = (0..200).map(|i| format!("t{i:06}")).collect();
    for id in &ids {
        std::fs::create_dir_all(folder.task(id)).unwrap();
        folder.enqueue(id).unwrap();
    }
    let claimed: Vec<Vec<String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|w| {
                let folder = &folder;
                scope.spawn(move || {
                    let job = format!("{}", 100 + w);
                    let mut mine = Vec::new();
                    while let Some(id) = folder.claim(&job).unwrap() {
                        folder
                            .finish(&job, &id, &failed(format!("by {job}")))
                            .unwrap();
                        mine.push(id);
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let all: Vec<&String> = claimed.iter().flatten().collect();
    let unique: BTreeSet<&String> = all.iter().copied().collect();
    assert_eq!(all.len(), ids.len(), "no task is run twice");
    assert_eq!(unique.len(), ids.len(), "every task is run");
    assert!(folder.queued().is_empty());
    assert!(
        folder.claims().values().all(Vec::is_empty),
        "claims end with the outcome"
    );
    let Some(Outcome::Failed(by)) = folder.outcome(&ids[0]) else {
        panic!("an outcome is recorded")
    };
    assert!(by.to_string().starts_with("by 10"), "{by}");
}

#[test]
fn the_host_sees_claims_and_can_take_back_a_queued_task() {
    let dir = tempfile::tempdir().unwrap();
    let folder = RunFolder::new(dir.path());
    folder.create().unwrap();
    for id in ["t000001", "t000002"] {
        std::fs::create_dir_all(folder.task(id)).unwrap();
        folder.enqueue(id).unwrap();
    }
    assert_eq!(
        folder.claim("7").unwrap().as_deref(),
        Some("t000001"),
        "oldest first"
    );
    assert_eq!(folder.claims()["7"], vec!["t000001".to_owned()]);
    assert!(folder.outcome("t000001").is_none());
    assert!(folder.dequeue("t000002"));
    assert!(
        !folder.dequeue("t000001"),
        "a claimed task is not in the queue"
    );
    assert_eq!(folder.claim("7").unwrap(), None);
    folder.drop_claim("7", "t000001");
    assert!(folder.claims()["7"].is_empty());
    assert!(!folder.stopped());
    folder.stop();
    assert!(folder.stopped());
}

#[test]
fn a_malformed_outcome_is_a_failure_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = RunFolder::new(dir.path());
    folder.create().unwrap();
    std::fs::create_dir_all(folder.task("t1")).unwrap();
    std::fs::write(folder.task("t1").join("outcome.json"), "{oops").unwrap();
    let Some(Outcome::Failed(message)) = folder.outcome("t1") else {
        panic!("a failure")
    };
    assert!(message.to_string().contains("outcome.json"), "{message}");
}

#[test]
fn squeue_lines_become_job_states() {
    let states = parse_states(
        "12|RUNNING|None\n13|PENDING|Resources\n14|TIMEOUT|TimeLimit\n15|CANCELLED|None\n\n",
    );
    assert_eq!(states.len(), 4);
    assert!(!states["12"].has_ended() && !states["12"].is_pending());
    assert!(states["13"].is_pending() && !states["13"].has_ended());
    assert_eq!(states["13"].describe(), "PENDING (Resources)");
    assert!(states["14"].has_ended());
    assert_eq!(states["15"].describe(), "CANCELLED");
    assert!(states["15"].has_ended());
}

#[test]
fn capacity_counts_workers_nodes_and_blocks() {
    let spec = SlurmSpec {
        workers_per_node: Some(16),
        nodes_per_block: 2,
        max_blocks: 3,
        ..SlurmSpec::default()
    };
    assert_eq!(spec.capacity(), 192, "twice the 96 slots");
    let small = SlurmSpec {
        workers_per_node: Some(2),
        ..SlurmSpec::default()
    };
    assert_eq!(small.capacity(), 64, "at least 64");
}

/// A failed step's outcome, as a worker records the plugin's error `message`.
fn failed(message: String) -> Outcome {
    Outcome::Failed(crate::sdk::StepFailure::Plugin(message))
}
