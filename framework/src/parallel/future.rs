//! The Rust counterpart of QIIME 2's `with ParallelConfig(): action.parallel(...)._result()`.

use std::cell::RefCell;
use std::marker::PhantomData;
use std::thread::JoinHandle;

use crate::sdk::{Action, Args, Results, SdkError};

use super::config::ParallelConfig;
use super::engine::ParallelRunner;

thread_local! {
    static IN_FORCE: RefCell<Option<ParallelConfig>> = const { RefCell::new(None) };
}

/// Why a parallel configuration could not be put in force.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnterError {
    /// A configuration is already in force on this thread.
    #[error(
        "a parallel configuration is already in force on this thread; configurations cannot nest"
    )]
    Nested,
}

/// Keeps a parallel configuration in force on this thread until dropped.
#[must_use = "the configuration is in force only while the guard lives"]
#[derive(Debug)]
pub struct ConfigGuard {
    // The configuration belongs to the thread that entered it.
    _not_send: PhantomData<*const ()>,
}

impl Drop for ConfigGuard {
    fn drop(&mut self) {
        IN_FORCE.with(|c| c.borrow_mut().take());
    }
}

impl ParallelConfig {
    /// Puts this configuration in force on this thread, for `Action::parallel`, until the guard
    /// is dropped.
    ///
    /// ```no_run
    /// use qiime2::parallel::ParallelConfig;
    /// let _guard = ParallelConfig::default().enter()?;
    /// # Ok::<(), qiime2::parallel::EnterError>(())
    /// ```
    pub fn enter(self) -> Result<ConfigGuard, EnterError> {
        IN_FORCE.with(|c| {
            let mut slot = c.borrow_mut();
            if slot.is_some() {
                return Err(EnterError::Nested);
            }
            *slot = Some(self);
            Ok(ConfigGuard {
                _not_send: PhantomData,
            })
        })
    }

    /// The configuration in force on this thread, if one was entered.
    pub fn in_force() -> Option<ParallelConfig> {
        IN_FORCE.with(|c| c.borrow().clone())
    }
}

/// The results of an action started with [`Action::parallel`], available once it finishes.
#[derive(Debug)]
pub struct ResultsFuture {
    running: JoinHandle<Result<Results, SdkError>>,
}

impl ResultsFuture {
    /// Whether the run has finished.
    pub fn is_finished(&self) -> bool {
        self.running.is_finished()
    }

    /// Waits for the run and returns its results.
    pub fn result(self) -> Result<Results, SdkError> {
        self.running.join().unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .unwrap_or_default();
            Err(SdkError::StepFailed(format!(
                "the parallel run stopped unexpectedly {message}"
            )))
        })
    }
}

impl Action<'_> {
    /// Starts the action in parallel under the configuration in force on this thread (see
    /// [`ParallelConfig::enter`]), else the one found by [`ParallelConfig::load`]; returns at once.
    pub fn parallel(&self, args: &Args) -> Result<ResultsFuture, SdkError> {
        let config = match ParallelConfig::in_force() {
            Some(config) => config,
            None => ParallelConfig::load().map_err(|e| SdkError::StepFailed(e.to_string()))?,
        };
        let pm = self.pm.clone();
        let (plugin, action) = (
            self.plugin.descriptor.name.clone(),
            self.signature.id.clone(),
        );
        let args = args.clone();
        let running = std::thread::Builder::new()
            .name(format!("q2rs-{action}"))
            .spawn(move || {
                let runner = ParallelRunner::new(config)?;
                pm.action(&plugin, &action)?.run(&args, &runner)
            })
            .map_err(|e| SdkError::StepFailed(format!("cannot start the run: {e}")))?;
        Ok(ResultsFuture { running })
    }
}
