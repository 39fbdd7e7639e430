//! Interim configuration (replaced by the TOML configuration module).

use std::collections::BTreeMap;

/// An executor of a parallel configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutorSpec {
    /// Its label.
    pub label: String,
    /// What runs the tasks.
    pub kind: ExecutorKind,
}

/// What runs an executor's tasks.
#[derive(Debug, Clone, PartialEq)]
pub enum ExecutorKind {
    /// A pool of threads in this process.
    Threads {
        /// How many.
        workers: usize,
    },
    /// Worker processes on this machine.
    Processes {
        /// How many at a time.
        workers: usize,
    },
}

/// The executors and the mapping of actions to them.
#[derive(Debug, Clone, PartialEq)]
pub struct ParallelConfig {
    executors: Vec<ExecutorSpec>,
    mapping: BTreeMap<String, String>,
}

impl Default for ParallelConfig {
    fn default() -> Self {
        let workers = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            executors: vec![ExecutorSpec {
                label: "default".into(),
                kind: ExecutorKind::Threads { workers },
            }],
            mapping: BTreeMap::new(),
        }
    }
}

impl ParallelConfig {
    /// The configuration of the environment (interim: the built-in one).
    pub fn load() -> Result<Self, std::convert::Infallible> {
        Ok(Self::default())
    }

    /// A configuration of `executors` (the first is the default) and an action -> label mapping.
    pub fn new(executors: Vec<ExecutorSpec>, mapping: BTreeMap<String, String>) -> Self {
        Self { executors, mapping }
    }

    /// The executors.
    pub fn executors(&self) -> &[ExecutorSpec] {
        &self.executors
    }

    /// The executor of `action`.
    pub fn executor_for(&self, action: &str) -> &ExecutorSpec {
        let label = self.mapping.get(action).map_or("default", String::as_str);
        self.executors
            .iter()
            .find(|e| e.label == label)
            .unwrap_or(&self.executors[0])
    }
}
