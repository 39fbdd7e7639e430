//! Reading QIIME 2's parallel config TOML into executors, a mapping and q2rs's own settings.
//!
//! Parsl settings that cannot change what q2rs runs, or on how many workers, are accepted and
//! ignored (the lists below); any other key that q2rs does not read is an error.

use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::Duration;

use indexmap::IndexMap;
use toml::{Table, Value};

use super::section::Section;
use super::timeout::{EXPECTED as TIMEOUT_EXPECTED, parse_timeout};
use super::{ActionMapping, ConfigError, ExecutorKind, ExecutorSpec, SlurmSpec};

/// `[parsl]` keys of Parsl's `Config` that only tune Parsl itself (logging, its run folder,
/// its memoization, its scaling loop and usage reports): accepted and ignored.
const PARSL_IGNORED: &[&str] = &[
    "app_cache",
    "garbage_collect",
    "initialize_logging",
    "internal_tasks_max_threads",
    "run_dir",
    "strategy_period",
    "usage_tracking",
];

/// `ThreadPoolExecutor` keys that only tune Parsl: accepted and ignored.
const THREADS_IGNORED: &[&str] = &["thread_name_prefix", "working_dir"];

/// `HighThroughputExecutor` keys about Parsl's own networking, heartbeats and logs: accepted
/// and ignored.
const HTEX_IGNORED: &[&str] = &[
    "address",
    "address_probe_timeout",
    "cpu_affinity",
    "heartbeat_period",
    "heartbeat_threshold",
    "interchange_port_range",
    "poll_period",
    "prefetch_capacity",
    "worker_debug",
    "worker_port_range",
    "worker_ports",
];

/// `HighThroughputExecutor` keys about folders: honoured by a Slurm executor (the shared working
/// folder and where job output files are kept), ignored by local worker processes.
const HTEX_FOLDERS: [&str; 2] = ["working_dir", "worker_logdir_root"];

/// Provider keys about Parsl's scaling loop and its command timeouts: accepted and ignored.
const PROVIDER_IGNORED: &[&str] = &["cmd_timeout", "parallelism"];

/// A Slurm time limit as Parsl's `walltime` is written: `HH:MM:SS`, optionally after `D-`.
static WALLTIME: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"^(\d+-)?\d+:\d{2}:\d{2}$").expect("a valid regex"));

/// Parsl's default `max_threads` for a `ThreadPoolExecutor`.
const PARSL_DEFAULT_THREADS: usize = 2;

/// What a config file says, before the labels are checked against each other.
pub(super) struct Parsed {
    /// The executors, in file order.
    pub(super) executors: Vec<ExecutorSpec>,
    /// Plugin id -> action id -> executor label.
    pub(super) mapping: ActionMapping,
    /// `[q2rs] task_timeout`.
    pub(super) task_timeout: Option<Duration>,
    /// `[parsl] retries`.
    pub(super) retries: usize,
}

/// Parse the TOML `text` of the config file named `file`.
pub(super) fn parse(text: &str, file: &str) -> Result<Parsed, ConfigError> {
    let table: Table = text.parse().map_err(|e: toml::de::Error| {
        let start = e.span().map_or(0, |span| span.start).min(text.len());
        let before = &text[..start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        ConfigError::Toml {
            file: file.to_string(),
            line,
            column,
            message: e.message().into(),
        }
    })?;
    let mut top = Section::new(&table, String::new(), file);
    let task_timeout = match top.table("q2rs")? {
        Some(q2rs) => q2rs_table(q2rs)?,
        None => None,
    };
    let mut parsed = match top.table("parsl")? {
        Some(parsl) => parsl_table(parsl)?,
        None => {
            return Err(ConfigError::NoExecutors {
                file: file.to_string(),
            });
        }
    };
    // QIIME 2 reads `[parsl]` alone and ignores the rest (a top-level `[executor_mapping]`
    // among it); so does q2rs, but for its own `[q2rs]`.
    parsed.task_timeout = task_timeout;
    Ok(parsed)
}

/// The `[q2rs]` table: the task timeout.
fn q2rs_table(mut s: Section<'_>) -> Result<Option<Duration>, ConfigError> {
    let timeout = match s.value("task_timeout") {
        None => None,
        Some(v @ (Value::Integer(_) | Value::Float(_) | Value::String(_))) => {
            Some(parse_timeout(v).ok_or_else(|| s.invalid("task_timeout", v, TIMEOUT_EXPECTED))?)
        }
        Some(v) => return Err(s.wrong_type("task_timeout", v, TIMEOUT_EXPECTED)),
    };
    s.finish()?;
    Ok(timeout)
}

/// The `[parsl]` table.
fn parsl_table(mut s: Section<'_>) -> Result<Parsed, ConfigError> {
    s.ignore(PARSL_IGNORED);
    let scaling = strategy_scales(&mut s)?;
    let retries = s.count("retries")?.unwrap_or(0);
    let idle = max_idletime(&mut s)?;
    let mut executors = s
        .tables("executors")?
        .into_iter()
        .map(|e| executor(e, scaling))
        .collect::<Result<Vec<_>, _>>()?;
    // Only Slurm blocks are released when idle; local workers live as long as the run.
    for spec in &mut executors {
        if let (Some(idle), ExecutorKind::Slurm(slurm)) = (idle, &mut spec.kind) {
            slurm.max_idletime = idle;
        }
    }
    let mapping = match s.table("executor_mapping")? {
        Some(m) => executor_mapping(&m)?,
        None => ActionMapping::new(),
    };
    s.finish()?;
    Ok(Parsed {
        executors,
        mapping,
        task_timeout: None,
        retries,
    })
}

/// `[parsl.executor_mapping]`: a table per plugin id, mapping its actions to executor labels
/// (`"None"`: not mapped).
fn executor_mapping(m: &Section<'_>) -> Result<ActionMapping, ConfigError> {
    let mut mapping = ActionMapping::new();
    for (plugin, actions) in m.entries() {
        let Value::Table(actions) = actions else {
            let label = match actions {
                Value::String(l) => l.clone(),
                other => other.to_string(),
            };
            return Err(ConfigError::FlatMapping {
                file: m.file().to_string(),
                key: m.key(plugin),
                label,
            });
        };
        let section = Section::new(actions, m.key(plugin), m.file());
        let entry: &mut IndexMap<String, String> = mapping.entry(plugin.clone()).or_default();
        for (action, label) in actions {
            match label {
                Value::String(l) if l == "None" => {}
                Value::String(l) => {
                    entry.insert(action.clone(), l.clone());
                }
                v => return Err(section.wrong_type(action, v, "an executor label (a string)")),
            }
        }
    }
    Ok(mapping)
}

/// `max_idletime`: seconds a block may sit without work before it is released (Parsl's
/// `Config` key, a number; a string with a unit as for `task_timeout` is accepted too).
fn max_idletime(s: &mut Section<'_>) -> Result<Option<Duration>, ConfigError> {
    match s.value("max_idletime") {
        None => Ok(None),
        Some(v @ (Value::Integer(_) | Value::Float(_) | Value::String(_))) => parse_timeout(v)
            .map(Some)
            .ok_or_else(|| s.invalid("max_idletime", v, TIMEOUT_EXPECTED)),
        Some(v) => Err(s.wrong_type("max_idletime", v, TIMEOUT_EXPECTED)),
    }
}

/// Whether `strategy` lets Parsl scale blocks up to `max_blocks` (Parsl's default `simple`
/// does), or keeps the `init_blocks` started at first (`none`, and QIIME 2's `"None"`).
fn strategy_scales(s: &mut Section<'_>) -> Result<bool, ConfigError> {
    const EXPECTED: &str = "one of \"None\", \"none\", \"simple\", \"htex_auto_scale\"";
    match s.raw("strategy") {
        None => Ok(true),
        Some(Value::String(v)) => match v.as_str() {
            "None" | "none" => Ok(false),
            "simple" | "htex_auto_scale" => Ok(true),
            _ => Err(s.invalid("strategy", &Value::String(v.clone()), EXPECTED)),
        },
        Some(v) => Err(s.wrong_type("strategy", v, EXPECTED)),
    }
}

/// One `[[parsl.executors]]` table.
fn executor(mut s: Section<'_>, scaling: bool) -> Result<ExecutorSpec, ConfigError> {
    let Some(class) = s.string("class")? else {
        return Err(ConfigError::MissingKey {
            file: s.file().to_string(),
            key: s.key("class"),
            expected: "an executor class: ThreadPoolExecutor or HighThroughputExecutor".into(),
        });
    };
    match class {
        "ThreadPoolExecutor" => {
            let label = s.string("label")?.unwrap_or("threads").to_string();
            let workers = s.count("max_threads")?.unwrap_or(PARSL_DEFAULT_THREADS);
            if workers == 0 {
                return Err(zero_workers(&s, "max_threads"));
            }
            s.ignore(THREADS_IGNORED);
            s.finish()?;
            Ok(ExecutorSpec::threads(label, workers))
        }
        "HighThroughputExecutor" => {
            let label = s
                .string("label")?
                .unwrap_or("HighThroughputExecutor")
                .to_string();
            let workers = htex_workers(&mut s)?;
            s.ignore(HTEX_IGNORED);
            let folders = Folders {
                working_dir: s.string(HTEX_FOLDERS[0])?.map(PathBuf::from),
                log_dir: s.string(HTEX_FOLDERS[1])?.map(PathBuf::from),
            };
            let provider = s.table("provider")?;
            s.finish()?;
            let kind = match provider {
                None => local(None, workers, scaling)?,
                Some(p) => provider_kind(p, workers, scaling, folders)?,
            };
            Ok(ExecutorSpec { label, kind })
        }
        other => Err(ConfigError::UnknownExecutorClass {
            file: s.file().to_string(),
            key: s.key("class"),
            class: other.to_string(),
        }),
    }
}

/// `max_workers_per_node`, or its older alias `max_workers`; `None` when neither is set.
fn htex_workers(s: &mut Section<'_>) -> Result<Option<usize>, ConfigError> {
    let per_node = s.count("max_workers_per_node")?;
    let alias = s.count("max_workers")?;
    let (key, workers) = match (per_node, alias) {
        (Some(a), Some(b)) if a != b => {
            let expected = format!("the same value as max_workers_per_node ({a}), its alias");
            return Err(s.invalid("max_workers", &Value::Integer(b as i64), &expected));
        }
        (Some(n), _) => ("max_workers_per_node", n),
        (None, Some(n)) => ("max_workers", n),
        (None, None) => return Ok(None),
    };
    if workers == 0 {
        return Err(zero_workers(s, key));
    }
    Ok(Some(workers))
}

/// A `HighThroughputExecutor`'s `working_dir` and `worker_logdir_root`.
struct Folders {
    working_dir: Option<PathBuf>,
    log_dir: Option<PathBuf>,
}

/// A `HighThroughputExecutor`'s `[provider]` table.
fn provider_kind(
    mut p: Section<'_>,
    workers: Option<usize>,
    scaling: bool,
    folders: Folders,
) -> Result<ExecutorKind, ConfigError> {
    match p.string("class")?.unwrap_or("LocalProvider") {
        "LocalProvider" => local(Some(p), workers, scaling),
        "SlurmProvider" => slurm(p, workers, scaling, folders),
        other => Err(ConfigError::UnknownProviderClass {
            file: p.file().to_string(),
            key: p.key("class"),
            class: other.to_string(),
        }),
    }
}

/// Worker processes on this machine: `workers` per block (one per core when unset), times the
/// blocks Parsl would run: `init_blocks` without scaling, else up to `max_blocks`.
fn local(
    p: Option<Section<'_>>,
    workers: Option<usize>,
    scaling: bool,
) -> Result<ExecutorKind, ConfigError> {
    let per_block = workers.unwrap_or_else(super::cores);
    let Some(mut p) = p else {
        return Ok(ExecutorKind::Processes { workers: per_block });
    };
    p.ignore(PROVIDER_IGNORED);
    let init_blocks = p.count("init_blocks")?.unwrap_or(1);
    let max_blocks = p.count("max_blocks")?.unwrap_or(1);
    p.count("min_blocks")?;
    if let Some(n) = p.count("nodes_per_block")?.filter(|n| *n != 1) {
        let expected = "1: a LocalProvider runs on this machine only";
        return Err(p.invalid("nodes_per_block", &Value::Integer(n as i64), expected));
    }
    if let Some(init) = p.string("worker_init")?.filter(|w| !w.trim().is_empty()) {
        let expected = "an empty string: local worker processes inherit q2rs's environment";
        return Err(p.invalid("worker_init", &Value::String(init.into()), expected));
    }
    let (blocks, key) = match scaling {
        false => (init_blocks, "init_blocks"),
        true if init_blocks > max_blocks => (init_blocks, "init_blocks"),
        true => (max_blocks, "max_blocks"),
    };
    if blocks == 0 {
        return Err(zero_workers(&p, key));
    }
    p.finish()?;
    Ok(ExecutorKind::Processes {
        workers: per_block * blocks,
    })
}

/// A `SlurmProvider` table: the settings users give, Parsl's defaults for the rest.
fn slurm(
    mut p: Section<'_>,
    workers: Option<usize>,
    scaling: bool,
    folders: Folders,
) -> Result<ExecutorKind, ConfigError> {
    p.ignore(PROVIDER_IGNORED);
    let d = SlurmSpec::default();
    let owned = |v: Option<&str>| v.map(str::to_string);
    let spec = SlurmSpec {
        workers_per_node: workers,
        partition: owned(p.string("partition")?),
        account: owned(p.string("account")?),
        qos: owned(p.string("qos")?),
        walltime: owned(p.string("walltime")?).unwrap_or(d.walltime),
        nodes_per_block: p.count("nodes_per_block")?.unwrap_or(d.nodes_per_block),
        cores_per_node: p.count("cores_per_node")?,
        mem_per_node: p.count("mem_per_node")?,
        init_blocks: p.count("init_blocks")?.unwrap_or(d.init_blocks),
        min_blocks: p.count("min_blocks")?.unwrap_or(d.min_blocks),
        max_blocks: p.count("max_blocks")?.unwrap_or(d.max_blocks),
        worker_init: owned(p.string("worker_init")?).unwrap_or(d.worker_init),
        scheduler_options: owned(p.string("scheduler_options")?).unwrap_or(d.scheduler_options),
        exclusive: p.boolean("exclusive")?.unwrap_or(d.exclusive),
        constraint: owned(p.string("constraint")?),
        scaling,
        max_idletime: d.max_idletime,
        working_dir: folders.working_dir,
        log_dir: folders.log_dir,
    };
    if !WALLTIME.is_match(&spec.walltime) {
        let expected = "a time limit HH:MM:SS (or D-HH:MM:SS), e.g. \"01:30:00\"";
        return Err(p.invalid("walltime", &Value::String(spec.walltime.clone()), expected));
    }
    for (key, value) in [
        ("nodes_per_block", spec.nodes_per_block),
        ("max_blocks", spec.max_blocks),
    ] {
        if value == 0 {
            return Err(zero_workers(&p, key));
        }
    }
    p.finish()?;
    Ok(ExecutorKind::Slurm(Box::new(spec)))
}

/// The zero-workers error for `key` of `s`.
fn zero_workers(s: &Section<'_>, key: &str) -> ConfigError {
    ConfigError::ZeroWorkers {
        file: s.file().to_string(),
        key: s.key(key),
    }
}
