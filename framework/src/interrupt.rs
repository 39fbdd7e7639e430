//! Stopping a run cleanly when it is interrupted (Ctrl-C, `SIGTERM`, `SIGHUP`): worker processes
//! and other registered work are stopped, files being written and the run's scratch folders are
//! removed, and the process exits with status 130, so an interrupted run leaves nothing behind.
//!
//! A program opts in with [`install`] (the `qiime` binary does); without it, an interrupt stops
//! the process as usual. The framework registers what it starts ([`on_interrupt`]) and what it
//! writes ([`remove_on_interrupt`]) either way, which costs a lock and nothing more.
//!
//! A host with its own interrupt handling (the Python API, where Ctrl-C raises
//! `KeyboardInterrupt`) calls [`stop_registered`] instead: the same cleanup, without ending the
//! process; the runs under way then fail, starting no new step.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use thiserror::Error;

mod scratch;

/// The exit status of an interrupted run (128 + `SIGINT`, as shells report it).
pub const INTERRUPTED_STATUS: i32 = 130;

/// Why the interrupt handler could not be installed.
#[derive(Debug, Error)]
pub enum InterruptError {
    /// The run's scratch folder could not be made.
    #[error("cannot make a scratch folder in {}: {message}", path.display())]
    Scratch {
        /// The folder it was to be made in.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The signal handler could not be set (another handler is in place).
    #[error("cannot handle interrupts: {0}")]
    Handler(String),
}

type Hook = Arc<dyn Fn() + Send + Sync>;

#[derive(Default)]
struct Registry {
    next: u64,
    hooks: BTreeMap<u64, Hook>,
    paths: BTreeMap<u64, PathBuf>,
    scratch: Option<PathBuf>,
    /// The exit status and message of an interrupt, when not a stopped run's.
    outcome: Option<(i32, String)>,
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

/// Why a run stopped by [`stop_registered`] failed.
pub const STOPPED: &str = "the run was interrupted";

/// Set while a host stops the registered work without exiting ([`stop_registered`]).
static STOPPING: AtomicBool = AtomicBool::new(false);

fn registry() -> MutexGuard<'static, Option<Registry>> {
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Something registered to happen on an interrupt; dropping it unregisters it.
#[must_use = "dropping the registration unregisters it at once"]
#[derive(Debug)]
pub struct Registration {
    id: u64,
}

impl Drop for Registration {
    fn drop(&mut self) {
        if let Some(registry) = registry().as_mut() {
            registry.hooks.remove(&self.id);
            registry.paths.remove(&self.id);
        }
    }
}

fn register(add: impl FnOnce(&mut Registry, u64)) -> Registration {
    let mut guard = registry();
    let registry = guard.get_or_insert_with(Registry::default);
    let id = registry.next;
    registry.next += 1;
    add(registry, id);
    Registration { id }
}

/// Runs `hook` if the run is interrupted while the registration lives (e.g. to stop a worker
/// process or cancel a cluster job).
pub fn on_interrupt(hook: impl Fn() + Send + Sync + 'static) -> Registration {
    let hook: Hook = Arc::new(hook);
    let registration = register(|registry, id| {
        registry.hooks.insert(id, Arc::clone(&hook));
    });
    // Registered after a stop began (its hooks may have run already): stopped at once.
    if stopping() {
        hook();
    }
    registration
}

/// Makes an interrupt end the process with `status` and `message` (once it has cleaned up as
/// usual) instead of reporting a stopped run: for a command that runs until it is interrupted,
/// as `qiime tools view` serves until Ctrl-C.
pub fn exit_on_interrupt_with(status: i32, message: &str) {
    registry().get_or_insert_with(Registry::default).outcome = Some((status, message.to_owned()));
}

/// Returns at once, unless the run was interrupted: then the handler is cleaning up and ends
/// the process, and this never returns. Call it before starting new work, or before reporting
/// a failure that the interrupt may have caused (a worker it stopped).
pub fn wait_if_interrupted() {
    // The handler holds the registry from the interrupt until the process exits.
    drop(registry());
}

/// Whether a host is stopping the registered work ([`stop_registered`]): runs under way must
/// start nothing new and fail.
pub fn stopping() -> bool {
    STOPPING.load(Ordering::SeqCst)
}

/// While this lives, the registered work is being stopped: see [`stop_registered`].
#[must_use = "the stop ends when this is dropped"]
#[derive(Debug)]
pub struct Stopping {
    _private: (),
}

impl Drop for Stopping {
    fn drop(&mut self) {
        STOPPING.store(false, Ordering::SeqCst);
    }
}

/// Stops the registered work as an interrupt does, without ending the process: every hook runs
/// (worker processes are killed, Slurm jobs cancelled) and every registered path is removed.
/// Until the returned guard is dropped, work registered later is stopped as it registers, and
/// runs start no new step ([`stopping`]). The host then waits for its runs to fail, drops the
/// guard and reports the interrupt its own way.
pub fn stop_registered() -> Stopping {
    STOPPING.store(true, Ordering::SeqCst);
    let hooks: Vec<Hook> = {
        let mut guard = registry();
        let registry = guard.get_or_insert_with(Registry::default);
        for path in registry.paths.values() {
            remove(path);
        }
        registry.hooks.values().cloned().collect()
    };
    // Outside the lock: a hook may wait for work that registers or unregisters meanwhile.
    for hook in hooks {
        hook();
    }
    Stopping { _private: () }
}

fn remove(path: &Path) {
    let _ = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
}

/// Removes `path` (a file or a folder being written) if the run is interrupted while the
/// registration lives.
pub fn remove_on_interrupt(path: &Path) -> Registration {
    register(|registry, id| {
        registry.paths.insert(id, path.to_path_buf());
    })
}

/// The run's scratch folder: every temporary folder of the run is made in it, and it is
/// removed when this is dropped or the run is interrupted.
#[derive(Debug)]
pub struct RunScratch {
    scratch: scratch::Scratch,
}

impl RunScratch {
    /// The folder.
    pub fn path(&self) -> &Path {
        self.scratch.path()
    }
}

/// Makes the run's scratch folder (under the system's temporary folder, `$TMPDIR`, private to
/// the user), makes it the temporary folder of this process, removes the scratch folders that
/// runs killed outright left behind, and installs the handler that cleans up and exits with
/// [`INTERRUPTED_STATUS`] on Ctrl-C, `SIGTERM` or `SIGHUP`. Call it once, at the start of `main`.
pub fn install() -> Result<RunScratch, InterruptError> {
    let parent = std::env::temp_dir();
    scratch::remove_abandoned(&parent);
    let scratch = scratch::make(&parent).map_err(|e| InterruptError::Scratch {
        path: parent.clone(),
        message: e.to_string(),
    })?;
    let folder = scratch.path();
    // Only the first call can set it; later runs in one process keep the first folder.
    let _ = tempfile::env::override_temp_dir(folder);
    registry().get_or_insert_with(Registry::default).scratch = Some(folder.to_path_buf());
    ctrlc::set_handler(handle_interrupt).map_err(|e| InterruptError::Handler(e.to_string()))?;
    Ok(RunScratch { scratch })
}

/// The handler: stops what was registered, removes what was being written, and exits. It holds
/// the registry throughout, so that nothing new registers, starts or reports meanwhile.
fn handle_interrupt() {
    let mut guard = registry();
    let registry = guard.get_or_insert_with(Registry::default);
    for hook in registry.hooks.values() {
        hook();
    }
    for path in registry.paths.values().chain(&registry.scratch) {
        remove(path);
    }
    match &registry.outcome {
        Some((status, message)) => {
            tracing::info!("{message}");
            std::process::exit(*status);
        }
        None => {
            tracing::info!("Interrupted: the run was stopped and nothing was written.");
            std::process::exit(INTERRUPTED_STATUS);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_hook(id: u64) -> bool {
        registry()
            .as_ref()
            .is_some_and(|r| r.hooks.contains_key(&id))
    }

    fn has_path(id: u64) -> bool {
        registry()
            .as_ref()
            .is_some_and(|r| r.paths.contains_key(&id))
    }

    #[test]
    fn registrations_last_as_long_as_their_guard() {
        let hook = on_interrupt(|| {});
        let path = remove_on_interrupt(Path::new("/nonexistent/partial"));
        let (hook_id, path_id) = (hook.id, path.id);
        assert!(has_hook(hook_id) && has_path(path_id));
        drop(hook);
        assert!(!has_hook(hook_id) && has_path(path_id));
        drop(path);
        assert!(!has_path(path_id));
    }
}
