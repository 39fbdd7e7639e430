//! The Rust counterpart of QIIME 2's `with ParallelConfig(): action.parallel(...)._result()`.

use std::cell::RefCell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

use crate::sdk::{Action, Args, Results, Runner, SdkError};

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

/// The results of an action started with [`Action::parallel`], available once it finishes:
/// wait for them with [`ResultsFuture::result`], or `.await` them in async code (any runtime).
///
/// ```no_run
/// # async fn demo(action: qiime2::sdk::Action<'_>, args: qiime2::sdk::Args)
/// # -> Result<(), qiime2::sdk::SdkError> {
/// let results = action.parallel(&args)?.await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct ResultsFuture {
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    finished: Condvar,
}

#[derive(Debug, Default)]
struct State {
    outcome: Option<Result<Results, SdkError>>,
    waker: Option<Waker>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Called by the run's thread when it ends: wakes whoever waits.
    fn finish(&self, outcome: Result<Results, SdkError>) {
        let mut state = self.lock();
        state.outcome = Some(outcome);
        if let Some(waker) = state.waker.take() {
            waker.wake();
        }
        self.finished.notify_all();
    }
}

impl ResultsFuture {
    /// Whether the run has finished.
    pub fn is_finished(&self) -> bool {
        self.shared.lock().outcome.is_some()
    }

    /// Waits up to `timeout` for the run to finish; returns whether it has. A host that must
    /// stay responsive while it waits (to its own interrupts) waits in slices.
    pub fn wait_for(&self, timeout: std::time::Duration) -> bool {
        let state = self.shared.lock();
        let (state, _) = self
            .shared
            .finished
            .wait_timeout_while(state, timeout, |s| s.outcome.is_none())
            .unwrap_or_else(PoisonError::into_inner);
        state.outcome.is_some()
    }

    /// Waits for the run and returns its results.
    pub fn result(self) -> Result<Results, SdkError> {
        let mut state = self.shared.lock();
        loop {
            if let Some(outcome) = state.outcome.take() {
                return outcome;
            }
            state = self
                .shared
                .finished
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

impl Future for ResultsFuture {
    type Output = Result<Results, SdkError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut state = self.shared.lock();
        match state.outcome.take() {
            Some(outcome) => Poll::Ready(outcome),
            None => {
                state.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// What a panic carried, for the error that replaces it.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

impl Action<'_> {
    /// Starts the action in parallel under the configuration in force on this thread (see
    /// [`ParallelConfig::enter`]), else the one found by [`ParallelConfig::load`]; returns at once.
    pub fn parallel(&self, args: &Args) -> Result<ResultsFuture, SdkError> {
        let config = match ParallelConfig::in_force() {
            Some(config) => config,
            None => ParallelConfig::load().map_err(|e| SdkError::Run(e.to_string()))?,
        };
        self.spawn(args, move |action, args| {
            let runner = ParallelRunner::new(config)?;
            action.run(args, &runner)
        })
    }

    /// Starts the action serially on a thread of its own; returns at once. For a host that
    /// must stay responsive while the action runs (to its own interrupts, say).
    pub fn start(&self, args: &Args) -> Result<ResultsFuture, SdkError> {
        self.spawn(args, |action, args| action.call(args))
    }

    /// Starts the action on a thread of its own under `runner` (a parallel runner, a serial one
    /// recording its steps in a recycle pool, ...); returns at once.
    pub fn start_with(
        &self,
        args: &Args,
        runner: impl Runner + 'static,
    ) -> Result<ResultsFuture, SdkError> {
        self.spawn(args, move |action, args| action.run(args, &runner))
    }

    /// Runs `run` on a new thread with this action and `args`; its outcome (or its panic, as an
    /// error) completes the returned future.
    fn spawn(
        &self,
        args: &Args,
        run: impl FnOnce(Action<'_>, &Args) -> Result<Results, SdkError> + Send + 'static,
    ) -> Result<ResultsFuture, SdkError> {
        let pm = self.pm.clone();
        let (plugin, action) = (
            self.plugin.descriptor.name.clone(),
            self.signature.id.clone(),
        );
        let args = args.clone();
        let shared = Arc::new(Shared::default());
        let finisher = Arc::clone(&shared);
        std::thread::Builder::new()
            .name(format!("q2rs-{action}"))
            .spawn(move || {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run(pm.action(&plugin, &action)?, &args)
                }));
                finisher.finish(outcome.unwrap_or_else(|panic| {
                    Err(SdkError::Run(format!(
                        "the run stopped unexpectedly: {}",
                        panic_message(panic.as_ref())
                    )))
                }));
            })
            .map_err(|e| SdkError::Run(format!("cannot start the run: {e}")))?;
        Ok(ResultsFuture { shared })
    }
}
