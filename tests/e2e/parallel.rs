//! Parallel pipeline runs through the Rust API: results equal serial ones, and steps overlap.

use qiime2::parallel::{EnterError, ExecutorKind, ExecutorSpec, ParallelConfig, ParallelRunner};
use qiime2::sdk::{Args, Artifact, PluginManager, Results};

use crate::common::workspace_plugin_dir;

fn plugins() -> PluginManager {
    PluginManager::load_from(vec![workspace_plugin_dir()])
}

fn ints(pm: &PluginManager, dir: &std::path::Path) -> Artifact {
    let source = dir.join("ints");
    std::fs::create_dir_all(&source).unwrap();
    std::fs::write(source.join("ints.txt"), "1\n2\n3\n").unwrap();
    Artifact::import_data(pm, "IntSequence1", &source, None).unwrap()
}

fn stamps(results: &Results) -> Vec<(i64, i64)> {
    results
        .collection("stamps")
        .unwrap()
        .iter()
        .map(|(_, a)| {
            let text = std::fs::read_to_string(a.data_dir().join("ints.txt")).unwrap();
            let v: Vec<i64> = text.lines().map(|l| l.parse().unwrap()).collect();
            (v[0], v[1])
        })
        .collect()
}

fn overlapping(intervals: &[(i64, i64)]) -> bool {
    intervals
        .iter()
        .enumerate()
        .any(|(i, a)| intervals[i + 1..].iter().any(|b| a.0 < b.1 && b.0 < a.1))
}

fn threads(workers: usize) -> ParallelConfig {
    ParallelConfig::new(
        vec![ExecutorSpec {
            label: "default".into(),
            kind: ExecutorKind::Threads { workers },
        }],
        Default::default(),
    )
}

#[test]
fn independent_steps_overlap_in_parallel_and_not_serially() {
    let pm = plugins();
    let dir = tempfile::tempdir().unwrap();
    let args = Args::new()
        .with("ints", ints(&pm, dir.path()))
        .with("steps", 4)
        .with("millis", 150);
    let action = pm.action("mystery-stew", "fan_out").unwrap();
    let serial = stamps(&action.call(&args).unwrap());
    assert!(
        !overlapping(&serial),
        "serial steps run one after another: {serial:?}"
    );
    let parallel = stamps(&action.run(&args, &ParallelRunner::new(threads(4))).unwrap());
    assert_eq!(parallel.len(), 4);
    assert!(
        overlapping(&parallel),
        "parallel steps overlap: {parallel:?}"
    );
}

#[test]
fn the_rust_api_of_the_tutorial_works_with_a_config_in_force() {
    let pm = plugins();
    let dir = tempfile::tempdir().unwrap();
    let ints = ints(&pm, dir.path());
    let action = pm.action("mystery-stew", "split_and_rejoin").unwrap();
    let serial = action.call(&Args::new().with("ints", &ints)).unwrap();
    let guard = threads(2).enter().unwrap();
    assert_eq!(threads(1).enter().unwrap_err(), EnterError::Nested);
    let future = action.parallel(&Args::new().with("ints", &ints)).unwrap();
    let parallel = future.result().unwrap();
    drop(guard);
    let read = |r: &Results| {
        std::fs::read_to_string(r.artifact("rejoined").unwrap().data_dir().join("ints.txt"))
            .unwrap()
    };
    assert_eq!(read(&parallel), read(&serial));
    assert!(
        threads(1).enter().is_ok(),
        "the guard's drop ends the configuration"
    );
}

#[test]
fn a_failing_step_fails_the_run_with_its_error() {
    let pm = plugins();
    let dir = tempfile::tempdir().unwrap();
    // The pipeline accepts 60000 ms, but each step refuses it: the steps fail, the run says why.
    let args = Args::new()
        .with("ints", ints(&pm, dir.path()))
        .with("steps", 2)
        .with("millis", 60000);
    let action = pm.action("mystery-stew", "fan_out").unwrap();
    let err = action
        .run(&args, &ParallelRunner::new(threads(2)))
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("a step of the pipeline failed") || message.contains("stamp_time"),
        "{message}"
    );
    assert!(
        message.contains("millis") && message.contains("Range(0, 60000)"),
        "{message}"
    );
}

fn processes(workers: usize) -> ParallelConfig {
    ParallelConfig::new(
        vec![ExecutorSpec {
            label: "default".into(),
            kind: ExecutorKind::Processes { workers },
        }],
        Default::default(),
    )
}

#[test]
fn worker_processes_give_the_same_results_as_threads() {
    let pm = plugins();
    let dir = tempfile::tempdir().unwrap();
    let ints = ints(&pm, dir.path());
    let action = pm.action("mystery-stew", "split_and_rejoin").unwrap();
    let args = Args::new().with("ints", &ints);
    let serial = action.call(&args).unwrap();
    let in_workers = action
        .run(&args, &ParallelRunner::new(processes(2)))
        .unwrap();
    let read = |r: &Results| {
        std::fs::read_to_string(r.artifact("rejoined").unwrap().data_dir().join("ints.txt"))
            .unwrap()
    };
    assert_eq!(read(&in_workers), read(&serial));
    let halves = in_workers.collection("halves").unwrap();
    assert_eq!(halves.len(), 2);
    // The steps ran in worker processes: their provenance says so.
    let root = in_workers.artifact("rejoined").unwrap().provenance_dir();
    let records: Vec<String> = std::fs::read_dir(root.join("artifacts"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path().join("action/action.yaml")).unwrap())
        .collect();
    assert!(
        records
            .iter()
            .any(|r| r.contains("parsl_type: HighThroughputExecutor")),
        "{records:#?}"
    );
}

#[test]
fn a_failing_step_in_a_worker_fails_the_run_with_its_error() {
    let pm = plugins();
    let dir = tempfile::tempdir().unwrap();
    let args = Args::new()
        .with("ints", ints(&pm, dir.path()))
        .with("steps", 2)
        .with("millis", 60000);
    let err = pm
        .action("mystery-stew", "fan_out")
        .unwrap()
        .run(&args, &ParallelRunner::new(processes(2)))
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("worker process failed") && message.contains("Range(0, 60000)"),
        "{message}"
    );
}

#[test]
fn an_aborting_worker_fails_its_step_not_the_host() {
    let pm = plugins();
    let action = pm.action("mystery-stew", "abort_in_a_step").unwrap();
    let err = action
        .run(&Args::new(), &ParallelRunner::new(processes(1)))
        .unwrap_err();
    assert!(
        err.to_string().contains("worker process was killed"),
        "{err}"
    );
    // This process is alive and runs the next action.
    assert!(
        action
            .run(&Args::new(), &ParallelRunner::new(processes(1)))
            .is_err()
    );
}
