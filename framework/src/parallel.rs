//! Parallel pipeline execution: the configuration, the engine and its executors.

mod config;
mod engine;
mod future;
mod pool;
mod worker;

pub use config::{ExecutorKind, ExecutorSpec, ParallelConfig};
pub use engine::ParallelRunner;
pub use future::{ConfigGuard, EnterError, ResultsFuture};
pub use worker::{StepOutput, StepTask, WORKER_EXE_VAR, run_step, worker_exe};
