//! The parallel configuration: which executors run a pipeline's steps, which action goes to
//! which executor, and where that was decided.
//!
//! The file format is QIIME 2's own (Parsl's config written as TOML), so an existing
//! `qiime2_config.toml` works as is:
//!
//! ```toml
//! [parsl]
//! strategy = "None"
//!
//! [[parsl.executors]]
//! class = "ThreadPoolExecutor"        # -> threads in this process
//! label = "tpool"
//! max_threads = 2
//!
//! [[parsl.executors]]
//! class = "HighThroughputExecutor"    # -> worker processes (LocalProvider) or Slurm
//! label = "default"
//! max_workers = 2
//!
//! [parsl.executors.provider]
//! class = "LocalProvider"
//!
//! [parsl.executor_mapping.dada2]      # a table per plugin id ...
//! denoise_single = "tpool"            # ... mapping its action ids to executor labels
//!
//! [q2rs]
//! task_timeout = "10m"                # q2rs only: fail a step running longer than this
//! ```
//!
//! The string `"None"` means the key is not set, as in QIIME 2 (for `strategy` it means
//! Parsl's `none`: no scaling). Actions not mapped go to the executor labelled `default`, which
//! every config must have, as in QIIME 2. The mapping names the plugin first (its id, with `_`
//! for `-`), then the action: `{plugin: {action: label}}`; a flat table of actions is refused,
//! as QIIME 2 refuses it. Top-level tables other than `[parsl]` and `[q2rs]` are ignored, as
//! QIIME 2 ignores them. `[q2rs] task_timeout` is seconds (`600`, `2.5`) or a string
//! with a unit `s`, `m` or `h` (`"90s"`, `"10m"`, `"1.5h"`); unset means no timeout.
//!
//! A `SlurmProvider` makes a Slurm executor (see the `slurm` module of the engine): its keys
//! `partition`, `account`, `qos`, `walltime`, `nodes_per_block`, `cores_per_node`,
//! `mem_per_node`, `init_blocks`, `max_blocks`, `worker_init`, `scheduler_options`, `exclusive`
//! and `constraint` are honoured, and so are the executor's `working_dir` (the shared run folder)
//! and `worker_logdir_root` (where job output files are kept), which local worker processes
//! ignore. `min_blocks` is accepted and changes nothing: blocks live only as long as a run.
//!
//! Defaults follow Parsl: `max_threads` 2; `max_workers_per_node` (alias `max_workers`) one per
//! core; a missing provider is a `LocalProvider`, which runs `max_workers` times `init_blocks`
//! workers (times `max_blocks` when `strategy` scales, Parsl's default). Parsl settings that
//! cannot change what runs or on how many workers (logging, ports, heartbeats, Parsl's run
//! folder, its memoization, `cmd_timeout`, `parallelism`) are accepted and ignored; any other
//! key is an error naming it.
//!
//! # Examples
//! ```
//! use qiime2::parallel::{ConfigSource, ExecutorKind, ParallelConfig};
//! let text = "[parsl]\n[[parsl.executors]]\nclass = 'ThreadPoolExecutor'\nlabel = 'default'\n\
//!             max_threads = 3\n";
//! let config = ParallelConfig::from_toml(text, ConfigSource::InCode)?;
//! assert_eq!(config.executor_for("dwq2", "any_action").kind, ExecutorKind::Threads { workers: 3 });
//! # Ok::<(), qiime2::parallel::ConfigError>(())
//! ```

mod describe;
mod error;
mod executor;
mod parse;
mod section;
mod source;
mod timeout;
mod validate;

use std::path::{Path, PathBuf};
use std::time::Duration;

use indexmap::IndexMap;

pub use error::ConfigError;
pub use executor::{ExecutorKind, ExecutorSpec, SlurmSpec};
pub use source::ConfigSource;

/// The environment variable naming a config file, as in QIIME 2.
pub const CONFIG_ENV_VAR: &str = "QIIME2_CONFIG";

/// The folder of the platform's config folder that holds QIIME 2's config.
const APP_FOLDER: &str = "qiime2";

/// The label of the executor that runs unmapped actions.
pub const DEFAULT_LABEL: &str = "default";

/// Which executor runs which action, as QIIME 2 writes it: plugin id -> action id -> executor
/// label.
pub type ActionMapping = IndexMap<String, IndexMap<String, String>>;

/// A plugin's id as QIIME 2 names it in the mapping: its name with `_` for `-`.
fn plugin_id(name: &str) -> String {
    name.replace('-', "_")
}

/// The executors, the action -> executor mapping and the run settings of parallel execution.
#[derive(Debug, Clone, PartialEq)]
pub struct ParallelConfig {
    executors: Vec<ExecutorSpec>,
    mapping: ActionMapping,
    default: usize,
    task_timeout: Option<Duration>,
    retries: usize,
    source: ConfigSource,
}

impl Default for ParallelConfig {
    /// The built-in config: one thread pool labelled `default` with a worker per core.
    fn default() -> Self {
        Self {
            executors: vec![ExecutorSpec::threads(DEFAULT_LABEL, cores())],
            mapping: ActionMapping::new(),
            default: 0,
            task_timeout: None,
            retries: 0,
            source: ConfigSource::BuiltIn,
        }
    }
}

impl ParallelConfig {
    /// A config built in code from executors (one labelled `default`) and
    /// `(plugin id, action id, executor label)` triples.
    ///
    /// # Examples
    /// ```
    /// use qiime2::parallel::{ExecutorSpec, ParallelConfig};
    /// let executors = vec![ExecutorSpec::processes("default", 2), ExecutorSpec::threads("io", 4)];
    /// let config = ParallelConfig::new(executors, [("dwq2", "summarize", "io")])?;
    /// assert_eq!(config.executor_for("dwq2", "summarize").label, "io");
    /// assert_eq!(config.executor_for("dwq2", "search").label, "default");
    /// assert_eq!(config.mapping()["dwq2"]["summarize"], "io");
    /// # Ok::<(), qiime2::parallel::ConfigError>(())
    /// ```
    pub fn new<P, A, L>(
        executors: Vec<ExecutorSpec>,
        mapping: impl IntoIterator<Item = (P, A, L)>,
    ) -> Result<Self, ConfigError>
    where
        P: Into<String>,
        A: Into<String>,
        L: Into<String>,
    {
        let source = ConfigSource::InCode;
        let mut nested = ActionMapping::new();
        for (plugin, action, label) in mapping {
            nested
                .entry(plugin_id(&plugin.into()))
                .or_default()
                .insert(action.into(), label.into());
        }
        let mapping = nested;
        validate::check_workers(&executors, &source.name())?;
        Self::assemble(executors, mapping, source, "")
    }

    /// Read the config file at `path` (the CLI's `--parallel-config`).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        Self::read(path, ConfigSource::File(path.to_path_buf()))
    }

    /// Parse config TOML `text`; `source` says where it came from (and names it in errors).
    pub fn from_toml(text: &str, source: ConfigSource) -> Result<Self, ConfigError> {
        let file = source.name();
        let parsed = parse::parse(text, &file)?;
        let mut config = Self::assemble(parsed.executors, parsed.mapping, source, "parsl.")?;
        config.task_timeout = parsed.task_timeout;
        config.retries = parsed.retries;
        Ok(config)
    }

    /// The config in force when none is given: the file named by `$QIIME2_CONFIG`, else
    /// `qiime2/qiime2_config.toml` in the user's config dir (e.g. `~/.config` on Linux), else
    /// the built-in default. An empty `$QIIME2_CONFIG` counts as unset.
    pub fn load() -> Result<Self, ConfigError> {
        let env = std::env::var_os(CONFIG_ENV_VAR)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        Self::load_from(env.as_deref(), dirs::config_dir().as_deref())
    }

    /// The application's config folder, where `qiime2_config.toml` is looked for after
    /// `$QIIME2_CONFIG` (`~/.config/qiime2` on Linux); `None` without a home folder.
    pub fn app_config_dir() -> Option<PathBuf> {
        dirs::config_dir().map(|dir| dir.join(APP_FOLDER))
    }

    /// [`load`](Self::load) with the environment given: `env_value` is `$QIIME2_CONFIG` (a
    /// file that must exist), `user_config_dir` the platform config dir, whose
    /// `qiime2/qiime2_config.toml` is used when it exists.
    pub fn load_from(
        env_value: Option<&Path>,
        user_config_dir: Option<&Path>,
    ) -> Result<Self, ConfigError> {
        if let Some(path) = env_value {
            return Self::read(path, ConfigSource::Environment(path.to_path_buf()));
        }
        if let Some(dir) = user_config_dir {
            let path = dir.join(APP_FOLDER).join("qiime2_config.toml");
            if path.is_file() {
                return Self::read(&path, ConfigSource::UserConfig(path.clone()));
            }
        }
        Ok(Self::default())
    }

    /// The executors, in the order given.
    pub fn executors(&self) -> &[ExecutorSpec] {
        &self.executors
    }

    /// The mapping of actions to executor labels, by plugin id then action id, in the order
    /// given (QIIME 2's `{plugin: {action: label}}`).
    pub fn mapping(&self) -> &ActionMapping {
        &self.mapping
    }

    /// The executor of unmapped actions: the one labelled `default`.
    pub fn default_executor(&self) -> &ExecutorSpec {
        &self.executors[self.default]
    }

    /// The executor that runs the action `action_id` of the plugin `plugin` (its name or id).
    pub fn executor_for(&self, plugin: &str, action_id: &str) -> &ExecutorSpec {
        self.mapping
            .get(&plugin_id(plugin))
            .and_then(|actions| actions.get(action_id))
            .and_then(|label| self.executors.iter().find(|e| &e.label == label))
            .unwrap_or_else(|| self.default_executor())
    }

    /// How long one task may run before it fails the run; `None`: no limit.
    pub fn task_timeout(&self) -> Option<Duration> {
        self.task_timeout
    }

    /// How many times a failed task is retried (Parsl's `retries`; default 0).
    pub fn retries(&self) -> usize {
        self.retries
    }

    /// Where this config came from.
    pub fn source(&self) -> &ConfigSource {
        &self.source
    }

    /// This config with the task timeout set to `timeout`.
    pub fn with_task_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.task_timeout = timeout;
        self
    }

    /// This config with `retries` retries of a failed task.
    pub fn with_retries(mut self, retries: usize) -> Self {
        self.retries = retries;
        self
    }

    /// Read and parse the file at `path`, which came from `source`.
    fn read(path: &Path, source: ConfigSource) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Io {
            file: source.name(),
            message: e.to_string(),
        })?;
        Self::from_toml(&text, source)
    }

    /// Check the labels and find the default executor.
    fn assemble(
        executors: Vec<ExecutorSpec>,
        mapping: ActionMapping,
        source: ConfigSource,
        prefix: &str,
    ) -> Result<Self, ConfigError> {
        validate::check_labels(&executors, &mapping, &source.name(), prefix)?;
        let default = executors
            .iter()
            .position(|e| e.label == DEFAULT_LABEL)
            .ok_or_else(|| ConfigError::NoDefault {
                file: source.name(),
                labels: executors
                    .iter()
                    .map(|e| e.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        Ok(Self {
            executors,
            mapping,
            default,
            task_timeout: None,
            retries: 0,
            source,
        })
    }
}

/// The number of cores available to this process (1 when unknown).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(test)]
mod tests;
