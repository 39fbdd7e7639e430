//! Parallel pipeline runs through the Rust API: results equal serial ones, and steps overlap.

use qiime2::parallel::{EnterError, ExecutorSpec, ParallelConfig, ParallelRunner};
use qiime2::sdk::{Args, Artifact, PluginManager, Results};

fn plugins() -> PluginManager {
    PluginManager::load_from(crate::common::plugin_dirs())
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
    ParallelConfig::new(vec![ExecutorSpec::threads("default", workers)], NO_MAPPING).unwrap()
}

const NO_MAPPING: [(&str, &str, &str); 0] = [];

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
    let parallel = stamps(
        &action
            .run(&args, &ParallelRunner::new(threads(4)).unwrap())
            .unwrap(),
    );
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

/// Polls `future` to its end on this thread, parking between wake-ups: the smallest executor,
/// enough to show that the results can be awaited by any runtime. Returns the output and how
/// many polls it took.
fn block_on<F: std::future::Future>(future: F) -> (F::Output, usize) {
    struct Unpark(std::thread::Thread);
    impl std::task::Wake for Unpark {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = std::task::Waker::from(std::sync::Arc::new(Unpark(std::thread::current())));
    let mut context = std::task::Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    let mut polls = 0;
    loop {
        polls += 1;
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return (output, polls);
        }
        std::thread::park();
    }
}

#[test]
fn a_parallel_run_can_be_awaited() {
    let pm = plugins();
    let dir = tempfile::tempdir().unwrap();
    let args = Args::new()
        .with("ints", ints(&pm, dir.path()))
        .with("steps", 2)
        .with("millis", 200);
    let action = pm.action("mystery-stew", "fan_out").unwrap();
    let _config = threads(2).enter().unwrap();
    let (results, polls) = block_on(action.parallel(&args).unwrap());
    assert!(
        polls > 1,
        "the run (two 200 ms steps) was still going when first polled"
    );
    assert_eq!(stamps(&results.unwrap()).len(), 2);
    let failing = Args::new()
        .with("ints", ints(&pm, dir.path()))
        .with("millis", 60000);
    // A run that fails at once may be over before it is first polled.
    let err = block_on(action.parallel(&failing).unwrap()).0.unwrap_err();
    assert!(err.to_string().contains("Range(0, 60000)"), "{err}");
}

fn processes(workers: usize) -> ParallelConfig {
    ParallelConfig::new(
        vec![ExecutorSpec::processes("default", workers)],
        NO_MAPPING,
    )
    .unwrap()
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
        .run(&args, &ParallelRunner::new(processes(2)).unwrap())
        .unwrap();
    let read = |r: &Results| {
        std::fs::read_to_string(r.artifact("rejoined").unwrap().data_dir().join("ints.txt"))
            .unwrap()
    };
    assert_eq!(read(&in_workers), read(&serial));
    let halves = in_workers.collection("halves").unwrap();
    assert_eq!(halves.len(), 2);
    // The steps ran in worker processes: their provenance says so.
    let (_keep, root) = crate::common::full_provenance(in_workers.artifact("rejoined").unwrap());
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
fn an_aborting_worker_fails_its_step_not_the_host() {
    let pm = plugins();
    let action = pm.action("mystery-stew", "abort_in_a_step").unwrap();
    let err = action
        .run(&Args::new(), &ParallelRunner::new(processes(1)).unwrap())
        .unwrap_err();
    assert!(
        err.to_string().contains("worker process was killed"),
        "{err}"
    );
    // This process is alive and runs the next action.
    assert!(
        action
            .run(&Args::new(), &ParallelRunner::new(processes(1)).unwrap())
            .is_err()
    );
}

/// An action.yaml with what legitimately differs between runs blanked: UUIDs, times, and the
/// execution context (synchronous or parsl, as QIIME 2 records it).
fn normalized(yaml: &str) -> String {
    let uuid =
        regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    let mut lines = Vec::new();
    let mut skipping_context = false;
    for line in yaml.lines() {
        if line.starts_with("    execution_context:") {
            skipping_context = true;
            continue;
        }
        if skipping_context && line.starts_with("        ") {
            continue;
        }
        skipping_context = false;
        if ["        start:", "        end:", "        duration:"]
            .iter()
            .any(|p| line.starts_with(p))
        {
            continue;
        }
        lines.push(uuid.replace_all(line, "UUID").into_owned());
    }
    lines.join("\n")
}

/// Every action.yaml of a result's provenance (its own first, then its ancestors'), normalized
/// and sorted, so that two runs compare step by step.
fn provenance_of(artifact: &Artifact) -> Vec<String> {
    let (_keep, root) = crate::common::full_provenance(artifact);
    let own = std::fs::read_to_string(root.join("action/action.yaml")).unwrap();
    let mut ancestors: Vec<String> = std::fs::read_dir(root.join("artifacts"))
        .unwrap()
        .map(|e| {
            normalized(
                &std::fs::read_to_string(e.unwrap().path().join("action/action.yaml")).unwrap(),
            )
        })
        .collect();
    ancestors.sort();
    std::iter::once(normalized(&own)).chain(ancestors).collect()
}

#[test]
fn every_workspace_pipeline_gives_the_same_data_and_provenance_serially_and_in_parallel() {
    let pm = plugins();
    let dir = tempfile::tempdir().unwrap();
    let ints = ints(&pm, dir.path());
    let dwq2 = pm.plugin("dwq2").unwrap();
    // (fan_out records times, so its data differ by design; it is covered above.)
    let mut cases: Vec<(&str, &str, Args)> = vec![(
        "mystery-stew",
        "split_and_rejoin",
        Args::new().with("ints", &ints),
    )];
    for (action, example) in [
        ("search_and_summarize", "Serial"),
        (
            "align_and_summarize",
            "Align two sequences and summarize the alignment.",
        ),
    ] {
        let signature = dwq2
            .descriptor
            .actions
            .iter()
            .find(|a| a.id == action)
            .unwrap();
        let example = signature
            .examples
            .iter()
            .find(|e| e.name == example)
            .unwrap();
        let folder = dir.path().join(action);
        qiime2::usage::write_example_data(&pm, dwq2, example, &folder).unwrap();
        let data = folder.join(qiime2::usage::example_dir_name(example));
        let mut args = Args::new();
        for entry in std::fs::read_dir(&data).unwrap() {
            let path = entry.unwrap().path();
            let name = path
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .replace('-', "_");
            if path.extension().is_some_and(|e| e == "tsv") {
                args.set(&name, qiime2::metadata::Metadata::load(&path).unwrap());
            } else {
                args.set(&name, Artifact::load(&path).unwrap());
            }
        }
        if action == "search_and_summarize" {
            args.set("split_size", 1);
        }
        cases.push(("dwq2", action, args));
    }
    for (plugin, action, args) in cases {
        let action_ref = pm.action(plugin, action).unwrap();
        let serial = action_ref.call(&args).unwrap();
        for config in [threads(2), processes(2)] {
            let parallel = action_ref
                .run(&args, &ParallelRunner::new(config).unwrap())
                .unwrap();
            let names = |r: &Results| r.iter().map(|(n, _)| n.to_owned()).collect::<Vec<_>>();
            assert_eq!(
                names(&serial),
                names(&parallel),
                "{plugin} {action}: outputs"
            );
            assert!(!names(&serial).is_empty(), "{plugin} {action}: no outputs");
            for ((name, ours), (_, theirs)) in serial.iter().zip(parallel.iter()) {
                assert_eq!(
                    ours.artifacts().len(),
                    theirs.artifacts().len(),
                    "{plugin} {action}: output {name} has as many results"
                );
                for (a, b) in ours.artifacts().into_iter().zip(theirs.artifacts()) {
                    let files = |x: &Artifact| -> Vec<(String, Vec<u8>)> {
                        let mut all: Vec<(String, Vec<u8>)> = walkdir(&x.data_dir());
                        all.sort();
                        all
                    };
                    assert_eq!(
                        files(a),
                        files(b),
                        "{plugin} {action}: output {name} has the same data"
                    );
                    assert_eq!(
                        provenance_of(a),
                        provenance_of(b),
                        "{plugin} {action}: output {name} has the same provenance"
                    );
                }
            }
        }
    }
}

fn walkdir(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walkdir(&path));
        } else {
            found.push((
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            ));
        }
    }
    found
}

#[test]
fn a_parallel_run_reports_its_progress() {
    let pm = plugins();
    let dir = tempfile::tempdir().unwrap();
    let args = Args::new()
        .with("ints", ints(&pm, dir.path()))
        .with("steps", 3)
        .with("millis", 20);
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = {
        let seen = std::sync::Arc::clone(&seen);
        std::sync::Arc::new(move |p: &qiime2::parallel::Progress| {
            seen.lock().unwrap().push(p.clone())
        })
    };
    let runner = ParallelRunner::new(threads(2)).unwrap().with_progress(sink);
    pm.action("mystery-stew", "fan_out")
        .unwrap()
        .run(&args, &runner)
        .unwrap();
    let seen = seen.lock().unwrap();
    let last = seen.last().unwrap();
    assert_eq!((last.total, last.done), (3, 3), "{seen:?}");
    assert!(last.running.is_empty());
    assert!(
        seen.iter()
            .any(|p| p.running.contains(&"stamp_time".to_owned())),
        "{seen:?}"
    );
    assert!(
        seen.windows(2).all(|w| w[0].done <= w[1].done),
        "done only grows: {seen:?}"
    );
}

#[test]
fn a_failing_step_fails_the_run_with_its_error_on_threads_and_in_workers() {
    let pm = plugins();
    let dir = tempfile::tempdir().unwrap();
    // The pipeline accepts 60000 ms, but each step refuses it: the steps fail, the run says why.
    let args = Args::new()
        .with("ints", ints(&pm, dir.path()))
        .with("steps", 2)
        .with("millis", 60000);
    let action = pm.action("mystery-stew", "fan_out").unwrap();
    let mut messages = Vec::new();
    for config in [threads(2), processes(2)] {
        let err = action
            .run(&args, &ParallelRunner::new(config).unwrap())
            .unwrap_err();
        // One typed error, whichever executor ran the step: the step, and why.
        let qiime2::sdk::SdkError::Step(failed) = &err else {
            panic!("not a step's failure: {err:?}");
        };
        assert_eq!(
            (failed.plugin.as_str(), failed.action.as_str()),
            ("mystery-stew", "stamp_time")
        );
        assert!(
            matches!(&failed.failure, qiime2::sdk::StepFailure::Framework(reason)
                if reason.starts_with("parameter 'millis'") && reason.contains("Range(0, 60000)")),
            "{failed:?}"
        );
        // (How many other steps were not run depends on timing.)
        messages.push(failed.failure.to_string());
    }
    assert_eq!(messages[0], messages[1], "threads and worker processes");
}

#[test]
fn after_a_failure_queued_steps_are_not_run() {
    let pm = plugins();
    let dir = tempfile::tempdir().unwrap();
    let args = Args::new()
        .with("ints", ints(&pm, dir.path()))
        .with("steps", 4)
        .with("millis", 60000);
    let action = pm.action("mystery-stew", "fan_out").unwrap();
    // One worker: the first step fails, and the three others, queued behind it, never start.
    for config in [threads(1), processes(1)] {
        let err = action
            .run(&args, &ParallelRunner::new(config).unwrap())
            .unwrap_err();
        assert!(
            err.to_string().ends_with("(3 other steps were not run)"),
            "{err}"
        );
    }
}

#[test]
fn retries_run_a_failed_step_again() {
    let pm = plugins();
    let dir = tempfile::tempdir().unwrap();
    let counter = dir.path().join("runs");
    let args = Args::new()
        .with("counter", counter.to_str().unwrap())
        .with("failures", 2);
    let action = pm.action("mystery-stew", "retry_until").unwrap();
    let err = action
        .run(&args, &ParallelRunner::new(threads(1)).unwrap())
        .unwrap_err();
    assert!(err.to_string().contains("run 1 fails on purpose"), "{err}");
    // On threads and in worker processes (where each try gets a folder of its own).
    for config in [threads(1), processes(1)] {
        std::fs::remove_file(&counter).unwrap();
        let results = action
            .run(&args, &ParallelRunner::new(config.with_retries(2)).unwrap())
            .unwrap();
        let runs = std::fs::read_to_string(
            results
                .artifact("runs")
                .unwrap()
                .data_dir()
                .join("ints.txt"),
        )
        .unwrap();
        assert_eq!(
            runs.trim(),
            "3",
            "two failed runs, then a third that succeeds"
        );
    }
}

#[test]
fn a_step_running_past_the_task_timeout_is_stopped() {
    let pm = plugins();
    let dir = tempfile::tempdir().unwrap();
    let args = Args::new()
        .with("ints", ints(&pm, dir.path()))
        .with("steps", 1)
        .with("millis", 5000);
    let config = processes(1).with_task_timeout(Some(std::time::Duration::from_millis(300)));
    let started = std::time::Instant::now();
    let err = pm
        .action("mystery-stew", "fan_out")
        .unwrap()
        .run(&args, &ParallelRunner::new(config).unwrap())
        .unwrap_err();
    assert!(err.to_string().contains("task timeout"), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_millis(4000),
        "the step was stopped, not waited for"
    );
    let refused =
        ParallelRunner::new(threads(1).with_task_timeout(Some(std::time::Duration::from_secs(1))))
            .err()
            .unwrap();
    assert!(
        refused.to_string().contains("needs worker processes"),
        "{refused}"
    );
}
