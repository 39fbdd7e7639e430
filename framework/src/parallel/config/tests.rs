//! Tests of reading, checking, choosing and describing parallel configs.

use std::path::Path;
use std::time::Duration;

use super::*;

mod labels;
mod sources;

/// QIIME 2's built-in config as TOML, for a 2-core machine (cores - 1 = 1 worker).
const VENDORED: &str = r#"
[parsl]
strategy = "None"

[[parsl.executors]]
class = "ThreadPoolExecutor"
label = "tpool"
max_threads = 1

[[parsl.executors]]
class = "HighThroughputExecutor"
label = "default"
max_workers = 1

[parsl.executors.provider]
class = "LocalProvider"
"#;

/// A cluster config as a Slurm user would write it.
const SLURM: &str = r##"
[parsl]
retries = 2

[[parsl.executors]]
class = "HighThroughputExecutor"
label = "default"
max_workers_per_node = 8
heartbeat_period = 60

[parsl.executors.provider]
class = "SlurmProvider"
partition = "short"
account = "lab42"
qos = "None"
walltime = "02:00:00"
nodes_per_block = 2
cores_per_node = 8
mem_per_node = 32
max_blocks = 4
worker_init = "module load qiime2"
scheduler_options = "#SBATCH --constraint=avx2"
exclusive = false
cmd_timeout = 120

[[parsl.executors]]
class = "ThreadPoolExecutor"
label = "local"
max_threads = 2

[parsl.executor_mapping.dwq2]
summarize = "local"

[q2rs]
task_timeout = "30m"
"##;

/// The executors part of a file, for appending other tables to.
const TWO_EXECUTORS: &str = r#"
[parsl]
[[parsl.executors]]
class = "ThreadPoolExecutor"
label = "tpool"
[[parsl.executors]]
class = "HighThroughputExecutor"
label = "default"
"#;

fn parse(text: &str) -> Result<ParallelConfig, ConfigError> {
    ParallelConfig::from_toml(text, ConfigSource::File("q2.toml".into()))
}

fn err(text: &str) -> ConfigError {
    parse(text).expect_err("the config should be refused")
}

fn one_executor(body: &str) -> String {
    format!("[parsl]\n[[parsl.executors]]\n{body}\n")
}

#[test]
fn the_built_in_default_is_one_thread_pool_with_a_worker_per_core() {
    let config = ParallelConfig::default();
    let cores = std::thread::available_parallelism().unwrap().get();
    assert_eq!(
        config.executors(),
        &[ExecutorSpec::threads("default", cores)]
    );
    assert_eq!(config.source(), &ConfigSource::BuiltIn);
    assert_eq!(config.executor_for("dwq2", "anything").label, "default");
    assert!(config.mapping().is_empty());
    assert_eq!((config.task_timeout(), config.retries()), (None, 0));
}

#[test]
fn the_vendored_config_gives_threads_and_local_processes() {
    let config = parse(VENDORED).unwrap();
    assert_eq!(
        config.executors(),
        &[
            ExecutorSpec::threads("tpool", 1),
            ExecutorSpec::processes("default", 1)
        ]
    );
    assert_eq!(config.default_executor().label, "default");
    assert_eq!(config.executor_for("dwq2", "search").label, "default");
    assert_eq!(config.source(), &ConfigSource::File("q2.toml".into()));
}

#[test]
fn a_slurm_provider_keeps_the_users_keys() {
    let config = parse(SLURM).unwrap();
    let ExecutorKind::Slurm(spec) = &config.executors()[0].kind else {
        panic!("expected a Slurm executor: {config:?}")
    };
    let expected = SlurmSpec {
        workers_per_node: Some(8),
        partition: Some("short".into()),
        account: Some("lab42".into()),
        qos: None,
        walltime: "02:00:00".into(),
        nodes_per_block: 2,
        cores_per_node: Some(8),
        mem_per_node: Some(32),
        init_blocks: 1,
        min_blocks: 0,
        max_blocks: 4,
        worker_init: "module load qiime2".into(),
        scheduler_options: "#SBATCH --constraint=avx2".into(),
        exclusive: false,
        constraint: None,
        scaling: true,
        max_idletime: Duration::from_secs(120),
        working_dir: None,
        log_dir: None,
    };
    assert_eq!(**spec, expected);
    assert_eq!(config.executor_for("dwq2", "summarize").label, "local");
    assert_eq!(config.executor_for("dwq2", "search").label, "default");
    assert_eq!(config.retries(), 2);
    assert_eq!(config.task_timeout(), Some(Duration::from_secs(1800)));
}

#[test]
fn parsl_defaults_fill_unset_keys() {
    let config = parse(&format!(
        "{TWO_EXECUTORS}[[parsl.executors]]\nclass = 'ThreadPoolExecutor'"
    ))
    .unwrap();
    let cores = std::thread::available_parallelism().unwrap().get();
    assert_eq!(
        config.executors(),
        &[
            ExecutorSpec::threads("tpool", 2),
            ExecutorSpec::processes("default", cores),
            ExecutorSpec::threads("threads", 2),
        ]
    );
}

#[test]
fn the_string_none_means_unset() {
    let text = r#"
[parsl]
strategy = "None"
[[parsl.executors]]
class = "HighThroughputExecutor"
label = "None"
max_workers = "None"
[parsl.executors.provider]
class = "LocalProvider"
max_blocks = 3
worker_init = "None"
[[parsl.executors]]
class = "ThreadPoolExecutor"
label = "default"
[parsl.executor_mapping.dwq2]
search = "None"
[q2rs]
task_timeout = "None"
"#;
    let config = parse(text).unwrap();
    let cores = std::thread::available_parallelism().unwrap().get();
    // "None" strategy: no scaling, so only init_blocks (1) blocks of a worker per core.
    assert_eq!(
        config.executors(),
        &[
            ExecutorSpec::processes("HighThroughputExecutor", cores),
            ExecutorSpec::threads("default", 2)
        ]
    );
    assert!(config.mapping()["dwq2"].is_empty());
    assert_eq!(config.task_timeout(), None);
}

#[test]
fn a_scaling_strategy_counts_max_blocks_of_local_workers() {
    let body = "class = 'HighThroughputExecutor'\nlabel = 'default'\nmax_workers = 2\n\
                [parsl.executors.provider]\nclass = 'LocalProvider'\nmax_blocks = 3";
    let config = parse(&one_executor(body)).unwrap();
    assert_eq!(config.executors(), &[ExecutorSpec::processes("default", 6)]);
}

#[test]
fn harmless_parsl_settings_are_accepted() {
    let text = r#"
[parsl]
app_cache = true
run_dir = "runinfo"
usage_tracking = false
[[parsl.executors]]
class = "HighThroughputExecutor"
label = "default"
max_workers = 1
heartbeat_period = 30
worker_debug = false
[parsl.executors.provider]
class = "LocalProvider"
cmd_timeout = 30
parallelism = 1.0
init_blocks = 1
min_blocks = 0
nodes_per_block = 1
worker_init = ""
"#;
    assert_eq!(
        parse(text).unwrap().executors(),
        &[ExecutorSpec::processes("default", 1)]
    );
}

#[test]
fn task_timeouts_in_seconds_and_with_units() {
    for (value, seconds) in [
        ("600", 600.0),
        ("2.5", 2.5),
        ("'90s'", 90.0),
        ("'1.5h'", 5400.0),
    ] {
        let config = parse(&format!("{VENDORED}[q2rs]\ntask_timeout = {value}\n")).unwrap();
        assert_eq!(
            config.task_timeout(),
            Some(Duration::from_secs_f64(seconds)),
            "{value}"
        );
    }
}

#[test]
fn malformed_toml_names_line_and_column() {
    let error = err("[parsl]\nstrategy = \"None\"\nretries = = 2\n");
    let ConfigError::Toml {
        file, line, column, ..
    } = error
    else {
        panic!("{error:?}")
    };
    assert_eq!((file.as_str(), line, column), ("q2.toml", 3, 11));
}

#[test]
fn unknown_classes_are_refused() {
    let text = format!("{VENDORED}[[parsl.executors]]\nclass = 'WorkQueueExecutor'\n");
    assert_eq!(
        err(&text),
        ConfigError::UnknownExecutorClass {
            file: "q2.toml".into(),
            key: "parsl.executors[2].class".into(),
            class: "WorkQueueExecutor".into()
        }
    );
    let text = VENDORED.replace("\"LocalProvider\"", "\"PBSProProvider\"");
    assert_eq!(
        err(&text),
        ConfigError::UnknownProviderClass {
            file: "q2.toml".into(),
            key: "parsl.executors[1].provider.class".into(),
            class: "PBSProProvider".into()
        }
    );
    assert_eq!(
        err(&one_executor("label = 'x'")),
        ConfigError::MissingKey {
            file: "q2.toml".into(),
            key: "parsl.executors[0].class".into(),
            expected: "an executor class: ThreadPoolExecutor or HighThroughputExecutor".into()
        }
    );
}

#[test]
fn zero_workers_are_refused() {
    let zero = |body: &str, key: &str| {
        let expected = ConfigError::ZeroWorkers {
            file: "q2.toml".into(),
            key: key.into(),
        };
        assert_eq!(err(&one_executor(body)), expected);
    };
    zero(
        "class = 'ThreadPoolExecutor'\nmax_threads = 0",
        "parsl.executors[0].max_threads",
    );
    zero(
        "class = 'HighThroughputExecutor'\nmax_workers = 0",
        "parsl.executors[0].max_workers",
    );
    zero(
        "class = 'HighThroughputExecutor'\n[parsl.executors.provider]\ninit_blocks = 0\nmax_blocks = 0",
        "parsl.executors[0].provider.max_blocks",
    );
    zero(
        "class = 'HighThroughputExecutor'\n[parsl.executors.provider]\nclass = 'SlurmProvider'\n\
         nodes_per_block = 0",
        "parsl.executors[0].provider.nodes_per_block",
    );
    let text = "[parsl]\nstrategy = 'None'\n[[parsl.executors]]\nclass = 'HighThroughputExecutor'\n\
                [parsl.executors.provider]\ninit_blocks = 0\nmax_blocks = 4\n";
    assert_eq!(
        err(text),
        ConfigError::ZeroWorkers {
            file: "q2.toml".into(),
            key: "parsl.executors[0].provider.init_blocks".into()
        }
    );
}

#[test]
fn values_of_the_wrong_type_are_refused() {
    let wrong = |text: &str, key: &str, expected: &str, found: &str| {
        let error = ConfigError::WrongType {
            file: "q2.toml".into(),
            key: key.into(),
            expected: expected.into(),
            found: found.into(),
        };
        assert_eq!(err(text), error, "{text}");
    };
    let count = "a non-negative integer";
    wrong(
        &one_executor("class = 'ThreadPoolExecutor'\nmax_threads = 'four'"),
        "parsl.executors[0].max_threads",
        count,
        "a string",
    );
    wrong(
        &one_executor("class = 'HighThroughputExecutor'\nmax_workers = 1.5"),
        "parsl.executors[0].max_workers",
        count,
        "a float",
    );
    wrong(
        &format!("{SLURM}\n").replace("exclusive = false", "exclusive = 'yes'"),
        "parsl.executors[0].provider.exclusive",
        "a boolean",
        "a string",
    );
    wrong(
        "[parsl]\nexecutors = 3\n",
        "parsl.executors",
        "an array of tables",
        "an integer",
    );
    wrong(
        "[parsl]\nexecutors = [1]\n",
        "parsl.executors[0]",
        "a table",
        "an integer",
    );
    wrong("parsl = 1\n", "parsl", "a table", "an integer");
    wrong(
        &format!("{TWO_EXECUTORS}[parsl.executor_mapping.dwq2]\nsearch = 1\n"),
        "parsl.executor_mapping.dwq2.search",
        "an executor label (a string)",
        "an integer",
    );
    wrong(
        &format!("{VENDORED}[q2rs]\ntask_timeout = true\n"),
        "q2rs.task_timeout",
        timeout::EXPECTED,
        "a boolean",
    );
}

#[test]
fn values_out_of_range_are_refused() {
    let invalid = |text: &str, key: &str, found: &str| {
        let error = err(text);
        let ConfigError::InvalidValue {
            key: k, found: f, ..
        } = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!((k.as_str(), f.as_str()), (key, found), "{text}");
    };
    invalid(
        &one_executor("class = 'ThreadPoolExecutor'\nmax_threads = -1"),
        "parsl.executors[0].max_threads",
        "-1",
    );
    invalid("[parsl]\nstrategy = 'fast'\n", "parsl.strategy", "\"fast\"");
    invalid(
        &format!("{VENDORED}[q2rs]\ntask_timeout = 'soon'\n"),
        "q2rs.task_timeout",
        "\"soon\"",
    );
    invalid(
        &one_executor(
            "class = 'HighThroughputExecutor'\nmax_workers = 2\nmax_workers_per_node = 3",
        ),
        "parsl.executors[0].max_workers",
        "2",
    );
    let local =
        "class = 'HighThroughputExecutor'\n[parsl.executors.provider]\nclass = 'LocalProvider'";
    invalid(
        &one_executor(&format!("{local}\nnodes_per_block = 2")),
        "parsl.executors[0].provider.nodes_per_block",
        "2",
    );
    invalid(
        &one_executor(&format!("{local}\nworker_init = 'conda activate q2'")),
        "parsl.executors[0].provider.worker_init",
        "\"conda activate q2\"",
    );
}

#[test]
fn a_slurm_executor_takes_its_folders_constraint_and_strategy() {
    let text = SLURM
        .replace("cmd_timeout = 120", "constraint = 'avx2'")
        .replace(
            "heartbeat_period = 60",
            "working_dir = '/scratch/q2'\nworker_logdir_root = 'logs'",
        )
        .replace("retries = 2", "strategy = 'None'");
    let config = parse(&text).unwrap();
    let ExecutorKind::Slurm(spec) = &config.executors()[0].kind else {
        panic!("expected a Slurm executor: {config:?}")
    };
    assert_eq!(spec.constraint.as_deref(), Some("avx2"));
    assert_eq!(spec.working_dir.as_deref(), Some(Path::new("/scratch/q2")));
    assert_eq!(spec.log_dir.as_deref(), Some(Path::new("logs")));
    assert!(!spec.scaling, "strategy None keeps init_blocks");
    // The same keys on local worker processes are Parsl's business: accepted, ignored.
    let local = "class = 'HighThroughputExecutor'\nlabel = 'default'\nworking_dir = 'w'\n\
                 worker_logdir_root = 'l'";
    assert!(parse(&one_executor(local)).is_ok());
}

#[test]
fn max_idletime_is_how_long_an_idle_slurm_block_stays() {
    let idle = |text: &str| {
        let config = parse(text).unwrap();
        let ExecutorKind::Slurm(spec) = &config.executors()[0].kind else {
            panic!("expected a Slurm executor: {config:?}")
        };
        spec.max_idletime
    };
    assert_eq!(idle(SLURM), Duration::from_secs(120), "Parsl's default");
    let with = |value: &str| SLURM.replace("retries = 2", &format!("max_idletime = {value}"));
    assert_eq!(idle(&with("30")), Duration::from_secs(30));
    assert_eq!(idle(&with("7.5")), Duration::from_millis(7500));
    assert_eq!(idle(&with("'10m'")), Duration::from_secs(600));
    assert_eq!(idle(&with("'None'")), Duration::from_secs(120));
    // Local worker processes live as long as the run: the key is accepted and changes nothing.
    let local = VENDORED.replace("strategy", "max_idletime = 5\nstrategy");
    assert_eq!(
        parse(&local).unwrap().executors(),
        parse(VENDORED).unwrap().executors()
    );
    for (value, found) in [("0", "0"), ("-3", "-3"), ("'soon'", "\"soon\"")] {
        let error = err(&with(value));
        let ConfigError::InvalidValue { key, found: f, .. } = &error else {
            panic!("{value}: {error:?}")
        };
        assert_eq!((key.as_str(), f.as_str()), ("parsl.max_idletime", found));
    }
    let error = err(&with("true"));
    assert!(
        matches!(&error, ConfigError::WrongType { key, .. } if key == "parsl.max_idletime"),
        "{error:?}"
    );
}

#[test]
fn a_slurm_walltime_must_be_a_time_limit() {
    for bad in ["1h", "90", "01:30", "1-2-03:00:00"] {
        let text = SLURM.replace("\"02:00:00\"", &format!("'{bad}'"));
        assert_eq!(
            err(&text),
            ConfigError::InvalidValue {
                file: "q2.toml".into(),
                key: "parsl.executors[0].provider.walltime".into(),
                expected: "a time limit HH:MM:SS (or D-HH:MM:SS), e.g. \"01:30:00\"".into(),
                found: format!("\"{bad}\""),
            }
        );
    }
    for good in ["00:01:00", "2-00:00:00", "100:00:00"] {
        let text = SLURM.replace("\"02:00:00\"", &format!("'{good}'"));
        assert!(parse(&text).is_ok(), "{good}");
    }
}

#[test]
fn unsupported_keys_are_errors_naming_the_key() {
    let unsupported = |text: &str, key: &str| {
        let error = err(text);
        let ConfigError::UnsupportedKey { file, key: k, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!((file.as_str(), k.as_str()), ("q2.toml", key), "{text}");
    };
    // Top-level tables other than `[parsl]` and `[q2rs]` are QIIME 2's to ignore, and so ours.
    assert!(parse(&format!("{VENDORED}[cache]\npath = 'x'\n")).is_ok());
    unsupported(&format!("{VENDORED}[q2rs]\nworkers = 3\n"), "q2rs.workers");
    unsupported(
        &VENDORED.replace("strategy = \"None\"", "checkpoint_mode = 'task_exit'"),
        "parsl.checkpoint_mode",
    );
    unsupported(
        &one_executor("class = 'ThreadPoolExecutor'\nstorage_access = []"),
        "parsl.executors[0].storage_access",
    );
    unsupported(
        &format!("{VENDORED}launcher = 'SingleNodeLauncher'\n"),
        "parsl.executors[1].provider.launcher",
    );
    unsupported(
        &SLURM.replace("cmd_timeout = 120", "clusters = 'west'"),
        "parsl.executors[0].provider.clusters",
    );
    let error = err(&one_executor(
        "class = 'ThreadPoolExecutor'\nmax_thread = 4",
    ));
    let ConfigError::UnsupportedKey { expected, .. } = error else {
        panic!()
    };
    assert_eq!(
        expected,
        "class, label, max_threads, thread_name_prefix, working_dir"
    );
}

#[test]
fn the_description_says_source_executors_and_mapping() {
    let text = format!("{VENDORED}[parsl.executor_mapping.quality]\nfilter_seqs = 'tpool'\n");
    let config =
        ParallelConfig::from_toml(&text, ConfigSource::Environment("/e/q.toml".into())).unwrap();
    assert_eq!(
        config.to_string(),
        "parallel config: /e/q.toml (from $QIIME2_CONFIG)\n\
         executors:\n  tpool: threads, 1 worker\n  default: processes, 1 worker (runs unmapped actions)\n\
         action mapping:\n  quality filter_seqs -> tpool\n\
         task timeout: none; retries: 0"
    );
    let slurm = parse(SLURM).unwrap().to_string();
    assert!(
        slurm.contains(
            "default: slurm, 8 workers per node, partition short, up to 4 blocks of 2 nodes, \
             walltime 02:00:00 (runs unmapped actions)"
        ),
        "{slurm}"
    );
    assert!(
        slurm.ends_with("task timeout: 1800s; retries: 2"),
        "{slurm}"
    );
    let built_in = ParallelConfig::default().to_string();
    assert!(
        built_in.starts_with("parallel config: built-in default\n"),
        "{built_in}"
    );
    assert!(built_in.contains("action mapping: none"), "{built_in}");
}
