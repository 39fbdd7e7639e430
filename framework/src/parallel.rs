//! Parallel pipeline execution: the configuration of executors and their action mapping, the
//! engine that runs a pipeline's steps as a task graph, and its executors (threads, processes,
//! Slurm blocks).

mod config;
mod engine;
mod future;
mod pool;
pub(crate) mod progress;
mod slurm;
mod worker;

pub use config::{
    ActionMapping, CONFIG_ENV_VAR, ConfigError, ConfigSource, DEFAULT_LABEL, ExecutorKind,
    ExecutorSpec, ParallelConfig, SlurmSpec,
};
pub use engine::ParallelRunner;
pub use future::{ConfigGuard, EnterError, ResultsFuture};
pub use progress::{Progress, ProgressSink};
pub use slurm::{SlurmStatus, WorkerOptions, cancel_slurm_jobs, run_slurm_worker};
pub use worker::{StepOutput, StepTask, WORKER_EXE_VAR, run_step, worker_exe};
