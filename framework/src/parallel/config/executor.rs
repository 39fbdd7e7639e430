//! The executors a parallel configuration defines.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// One executor: a label that actions are mapped to, and how it runs tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecutorSpec {
    /// The executor's unique label (`default`, `tpool`, ...).
    pub label: String,
    /// How the executor runs tasks.
    pub kind: ExecutorKind,
}

impl ExecutorSpec {
    /// An in-process thread pool with `workers` threads.
    ///
    /// # Examples
    /// ```
    /// use qiime2::parallel::{ExecutorKind, ExecutorSpec};
    /// let spec = ExecutorSpec::threads("tpool", 2);
    /// assert_eq!(spec.kind, ExecutorKind::Threads { workers: 2 });
    /// ```
    pub fn threads(label: impl Into<String>, workers: usize) -> Self {
        let kind = ExecutorKind::Threads { workers };
        Self {
            label: label.into(),
            kind,
        }
    }

    /// A pool of `workers` worker processes on this machine.
    pub fn processes(label: impl Into<String>, workers: usize) -> Self {
        let kind = ExecutorKind::Processes { workers };
        Self {
            label: label.into(),
            kind,
        }
    }
}

impl fmt::Display for ExecutorSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.label, self.kind)
    }
}

/// How an executor runs its tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecutorKind {
    /// Threads in this process (Parsl's `ThreadPoolExecutor`, `max_threads`).
    Threads {
        /// Number of threads, at least 1.
        workers: usize,
    },
    /// Worker processes on this machine (Parsl's `HighThroughputExecutor` with a `LocalProvider`).
    Processes {
        /// Number of worker processes, at least 1.
        workers: usize,
    },
    /// Workers on Slurm allocations (`HighThroughputExecutor` with a `SlurmProvider`).
    Slurm(Box<SlurmSpec>),
}

impl ExecutorKind {
    /// A short name for the kind: `threads`, `processes` or `slurm`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Threads { .. } => "threads",
            Self::Processes { .. } => "processes",
            Self::Slurm(_) => "slurm",
        }
    }

    /// The number of workers, or for Slurm the workers per node when the file fixes it.
    pub fn workers(&self) -> Option<usize> {
        match self {
            Self::Threads { workers } | Self::Processes { workers } => Some(*workers),
            Self::Slurm(spec) => spec.workers_per_node,
        }
    }
}

impl fmt::Display for ExecutorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        match self {
            Self::Threads { workers } | Self::Processes { workers } => {
                write!(f, "{}, {workers} worker{}", self.name(), plural(*workers))
            }
            Self::Slurm(spec) => {
                match spec.workers_per_node {
                    Some(n) => write!(f, "slurm, {n} worker{} per node", plural(n))?,
                    None => f.write_str("slurm, one worker per core of a node")?,
                }
                if let Some(partition) = &spec.partition {
                    write!(f, ", partition {partition}")?;
                }
                write!(
                    f,
                    ", up to {} block{} of {} node{}, walltime {}",
                    spec.max_blocks,
                    plural(spec.max_blocks),
                    spec.nodes_per_block,
                    plural(spec.nodes_per_block),
                    spec.walltime
                )
            }
        }
    }
}

/// The settings of a Slurm executor, as a user's `SlurmProvider` table gives them.
///
/// Unset keys take Parsl's defaults (shown on each field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlurmSpec {
    /// Workers per node (`max_workers_per_node`/`max_workers`); `None`: one per core.
    pub workers_per_node: Option<usize>,
    /// `partition`: the Slurm partition to submit to (`None`: the cluster's default).
    pub partition: Option<String>,
    /// `account`: the account to charge.
    pub account: Option<String>,
    /// `qos`: the quality of service.
    pub qos: Option<String>,
    /// `walltime`: the time limit of a block, `HH:MM:SS` (default `00:10:00`).
    pub walltime: String,
    /// `nodes_per_block`: nodes in each block (allocation) (default 1).
    pub nodes_per_block: usize,
    /// `cores_per_node`: cores to request per node (`None`: Slurm's default).
    pub cores_per_node: Option<usize>,
    /// `mem_per_node`: memory to request per node, in gigabytes (`None`: Slurm's default).
    pub mem_per_node: Option<usize>,
    /// `init_blocks`: blocks requested at the start (default 1).
    pub init_blocks: usize,
    /// `min_blocks`: blocks kept when idle (default 0).
    pub min_blocks: usize,
    /// `max_blocks`: most blocks held at once (default 1).
    pub max_blocks: usize,
    /// `worker_init`: shell commands run before the workers start (default empty).
    pub worker_init: String,
    /// `scheduler_options`: extra lines for the job script, e.g. `#SBATCH` lines (default empty).
    pub scheduler_options: String,
    /// `exclusive`: request whole nodes (default true).
    pub exclusive: bool,
    /// `constraint`: node features the blocks need (`--constraint`; default none).
    pub constraint: Option<String>,
    /// Whether more blocks may be started as work grows, up to `max_blocks` (Parsl's `strategy`
    /// other than `none`); otherwise `init_blocks` blocks serve the run.
    pub scaling: bool,
    /// How long a block's worker waits without work before it leaves, releasing the block
    /// (Parsl's `[parsl] max_idletime`, in seconds; default 120 s).
    pub max_idletime: Duration,
    /// The executor's `working_dir`: the shared folder (seen by every node) where tasks and
    /// results are exchanged; `None`: `.q2rs-slurm` in the current folder.
    pub working_dir: Option<PathBuf>,
    /// The executor's `worker_logdir_root`: where the blocks' job output files are kept after the
    /// run; `None`: inside the working folder, removed with it.
    pub log_dir: Option<PathBuf>,
}

impl Default for SlurmSpec {
    fn default() -> Self {
        Self {
            workers_per_node: None,
            partition: None,
            account: None,
            qos: None,
            walltime: "00:10:00".to_string(),
            nodes_per_block: 1,
            cores_per_node: None,
            mem_per_node: None,
            init_blocks: 1,
            min_blocks: 0,
            max_blocks: 1,
            worker_init: String::new(),
            scheduler_options: String::new(),
            exclusive: true,
            constraint: None,
            scaling: true,
            max_idletime: Duration::from_secs(120),
            working_dir: None,
            log_dir: None,
        }
    }
}
