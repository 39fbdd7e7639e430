//! Parallel pipeline execution: the configuration, the engine and its executors.

mod config;
mod engine;
mod future;
mod pool;

pub use config::{ExecutorKind, ExecutorSpec, ParallelConfig};
pub use engine::ParallelRunner;
pub use future::{ConfigGuard, EnterError, ResultsFuture};
