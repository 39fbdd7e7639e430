//! Recording a pipeline's steps off its critical path: each finished step is handed to a
//! background thread, which records it in the recycle pool once the step has been finished for
//! a while (the delay). A run that ends before then never writes what its successful end would
//! delete again; a run killed at any moment loses at most the steps of the last delay, which a
//! re-run runs again.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::sdk::{RecycleError, Recycler, Results, StepKey};

use super::error::CacheError;
use super::recycle::RecyclePool;

/// How long a finished step waits before it is recorded when no delay is chosen.
pub const DEFAULT_RECORD_DELAY: Duration = Duration::from_secs(2);

/// A recycler that looks steps up at once and records them in the background.
///
/// ```no_run
/// use std::sync::Arc;
/// use qiime2::cache::{BackgroundRecorder, Cache, DEFAULT_RECORD_DELAY, RecyclePool};
/// use qiime2::sdk::SerialRunner;
/// let pool = RecyclePool::open(&Cache::open("cache".as_ref())?, "my-pool")?;
/// let recorder = Arc::new(BackgroundRecorder::new(pool, DEFAULT_RECORD_DELAY));
/// let runner = SerialRunner::new().with_recycler(recorder.clone());
/// // ... run a pipeline with `runner` ...
/// let recorded = recorder.finish(true)?; // record what is left, then stop
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct BackgroundRecorder {
    pool: RecyclePool,
    delay: Duration,
    shared: Arc<Shared>,
    thread: Mutex<Option<JoinHandle<()>>>,
    /// How many steps were found recorded (and not run).
    reused: AtomicUsize,
}

/// What the recorder and its thread share.
#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// Finished steps not recorded yet, oldest first, with when each finished.
    queue: VecDeque<(Instant, StepKey, Results)>,
    /// Set when the run is over: record the rest at once (`true`) or drop it (`false`).
    end: Option<bool>,
    /// The first recording that failed.
    error: Option<CacheError>,
    /// How many steps were recorded.
    recorded: usize,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl BackgroundRecorder {
    /// Records the steps of a run in `pool`, each `delay` after it finished.
    pub fn new(pool: RecyclePool, delay: Duration) -> Self {
        Self {
            pool,
            delay,
            shared: Arc::default(),
            thread: Mutex::default(),
            reused: AtomicUsize::new(0),
        }
    }

    /// How many steps of the run were found recorded, and so reused instead of run.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// The pool steps are recorded in.
    pub fn pool(&self) -> &RecyclePool {
        &self.pool
    }

    /// Ends the run: with `keep`, records every step still waiting; without, drops them (the
    /// caller is about to remove the pool). Returns how many steps were recorded in all, or the
    /// first recording that failed.
    pub fn finish(&self, keep: bool) -> Result<usize, CacheError> {
        self.shared.lock().end = Some(keep);
        self.shared.wake.notify_all();
        let thread = self
            .thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(thread) = thread {
            // The thread catches nothing: a panic there is a bug worth showing.
            if let Err(panic) = thread.join() {
                std::panic::resume_unwind(panic);
            }
        }
        let mut state = self.shared.lock();
        match state.error.take() {
            Some(err) => Err(err),
            None => Ok(state.recorded),
        }
    }

    /// Starts the recording thread unless it runs already.
    fn start(&self) {
        let mut thread = self.thread.lock().unwrap_or_else(PoisonError::into_inner);
        if thread.is_none() {
            let (pool, delay, shared) = (self.pool.clone(), self.delay, Arc::clone(&self.shared));
            *thread = Some(std::thread::spawn(move || {
                record_loop(&pool, delay, &shared)
            }));
        }
    }
}

/// The recording thread: records each queued step once it is due, until the run ends.
fn record_loop(pool: &RecyclePool, delay: Duration, shared: &Shared) {
    let mut state = shared.lock();
    loop {
        let Some((finished, ..)) = state.queue.front() else {
            if state.end.is_some() {
                return;
            }
            state = shared
                .wake
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            continue;
        };
        let waited = finished.elapsed();
        match state.end {
            Some(false) => return,
            None if waited < delay => {
                state = shared
                    .wake
                    .wait_timeout(state, delay - waited)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
                continue;
            }
            _ => {}
        }
        let Some((_, step, results)) = state.queue.pop_front() else {
            continue;
        };
        drop(state);
        let recorded = pool.store_step_copied(&step, &results);
        state = shared.lock();
        match recorded {
            Ok(()) => state.recorded += 1,
            Err(err) => {
                state.error.get_or_insert(err);
            }
        }
    }
}

impl Recycler for BackgroundRecorder {
    fn lookup(&self, step: &StepKey) -> Result<Option<Results>, RecycleError> {
        let found = self.pool.lookup_step(step)?;
        if found.is_some() {
            self.reused.fetch_add(1, Ordering::Relaxed);
        }
        Ok(found)
    }

    /// Queues the step: its results are the run's own, even when another run sharing the pool
    /// records the same step first (that record is kept).
    fn store(&self, step: &StepKey, results: &Results) -> Result<Option<Results>, RecycleError> {
        self.start();
        let mut state = self.shared.lock();
        if state.end.is_none() {
            state
                .queue
                .push_back((Instant::now(), step.clone(), results.clone()));
        }
        drop(state);
        self.shared.wake.notify_all();
        Ok(None)
    }
}

impl Drop for BackgroundRecorder {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.end.get_or_insert(false);
        drop(state);
        self.shared.wake.notify_all();
        if let Some(thread) = self.thread.get_mut().ok().and_then(Option::take) {
            let _ = thread.join();
        }
    }
}
