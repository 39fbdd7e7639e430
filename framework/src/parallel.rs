//! Parallel execution of pipelines: the configuration of executors and their action mapping.

mod config;

pub use config::{
    CONFIG_ENV_VAR, ConfigError, ConfigSource, DEFAULT_LABEL, ExecutorKind, ExecutorSpec,
    ParallelConfig, SlurmSpec,
};
