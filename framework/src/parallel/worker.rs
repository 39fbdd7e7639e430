//! Worker processes: a step of a parallel run executed by `qiime` in worker mode, so that a
//! plugin that crashes or aborts fails that step, never the run's host process.
//!
//! The host writes a [`StepTask`] as JSON into the step's folder and runs
//! `qiime dev run-step <folder>/task.json`; the worker runs the action and writes each output
//! unzipped into the folder, then `reply.json`; or, when the step fails, its [`StepFailure`]
//! as `failure.json`, so that the host reports the same failure a step run in-process would.
//! Results move between processes as folders.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Stdio};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use serde::{Deserialize, Serialize};
use tempfile::TempDir;

use crate::plugin::{ActionKind, CallInput, CallRequest};
use crate::provenance::ExecutionContext;
use crate::sdk::{
    Artifact, Output, PluginManager, Results, Runner, SdkError, Serial, Session, StepError,
    StepFailure,
};

/// The environment variable naming the `qiime` executable that worker processes run.
pub const WORKER_EXE_VAR: &str = "QIIME2_WORKER_EXE";

/// One step for a worker: the call (its input handles are result folders) and the executor
/// class recorded in provenance.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepTask {
    /// The call; each input handle is the path of a result folder.
    pub call: CallRequest,
    /// The executor class recorded in provenance (e.g. `HighThroughputExecutor`).
    pub class: String,
    /// Where the host found its plugins: the worker loads them from the same folders (a
    /// program may load plugins from folders of its own, which no environment variable names).
    /// Empty: the worker's own search path.
    #[serde(default)]
    pub plugin_dirs: Vec<PathBuf>,
}

/// What a worker made: each output's result folder, or the folders of a collection in order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum StepOutput {
    /// One result.
    One(String),
    /// A collection: `(key, folder)` in order.
    Many(Vec<(String, String)>),
}

/// The file a worker writes its step's failure to.
const FAILURE_FILE: &str = "failure.json";

/// Runs the step described by the task file `task` (the worker side of a process executor).
/// A failure is also written, typed, beside the task for the host to read.
pub fn run_step(task: &Path) -> Result<(), SdkError> {
    let folder = task.parent().unwrap_or(Path::new("."));
    let outcome = run_task(task, folder);
    if let Err(err) = &outcome {
        let json = serde_json::to_string(&StepFailure::from(err))
            .map_err(|e| SdkError::Run(e.to_string()))?;
        let path = folder.join(FAILURE_FILE);
        std::fs::write(&path, json).map_err(|e| SdkError::io(&path, &e))?;
    }
    outcome
}

fn run_task(task: &Path, folder: &Path) -> Result<(), SdkError> {
    let text = std::fs::read_to_string(task).map_err(|e| SdkError::io(task, &e))?;
    let task: StepTask = serde_json::from_str(&text)
        .map_err(|e| SdkError::Run(format!("malformed step task {}: {e}", folder.display())))?;
    let pm = if task.plugin_dirs.is_empty() {
        PluginManager::load()
    } else {
        PluginManager::load_from(task.plugin_dirs.clone())
    };
    let args = crate::sdk::call_args(&task.call, |root| {
        Artifact::open_dir(Path::new(root)).map_err(|e| StepFailure::Input(e.to_string()))
    })
    .map_err(|failure| {
        let (plugin, action) = (&task.call.plugin, &task.call.action);
        SdkError::Step(StepError::new(plugin, action, failure))
    })?;
    let action = pm.action(&task.call.plugin, &task.call.action)?;
    let results = action.run(&args, &WorkerStep { class: task.class })?;
    let mut reply = BTreeMap::new();
    for (index, (name, output)) in results.iter().enumerate() {
        let write = |artifact: &Artifact, suffix: String| -> Result<String, SdkError> {
            let root = folder.join(format!("out-{index}{suffix}"));
            artifact.write_dir(&root)?;
            Ok(root.to_string_lossy().into_owned())
        };
        let value = match output {
            Output::Artifact(artifact) => StepOutput::One(write(artifact, String::new())?),
            Output::Collection(items) => StepOutput::Many(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, (key, artifact))| {
                        Ok((key.clone(), write(artifact, format!("-{i}"))?))
                    })
                    .collect::<Result<_, SdkError>>()?,
            ),
        };
        reply.insert(name.to_owned(), value);
    }
    let path = folder.join("reply.json");
    let json = serde_json::to_string(&reply).map_err(|e| SdkError::Run(e.to_string()))?;
    std::fs::write(&path, json).map_err(|e| SdkError::io(&path, &e))
}

/// The runner inside a worker: records the executor's class; nested pipelines run serially.
struct WorkerStep {
    class: String,
}

impl Runner for WorkerStep {
    fn context(&self, kind: ActionKind) -> ExecutionContext {
        let parsl_type = if kind == ActionKind::Pipeline {
            "DFK".to_owned()
        } else {
            self.class.clone()
        };
        ExecutionContext::Parsl { parsl_type }
    }

    fn session(&self, pm: &PluginManager, inputs: Vec<Artifact>) -> Box<dyn Session> {
        Serial.session(pm, inputs)
    }
}

/// The `qiime` executable workers run: `$QIIME2_WORKER_EXE`, else this program when it is
/// `qiime`, else a `qiime` beside this program or one folder up (as for test binaries).
pub fn worker_exe() -> Result<PathBuf, SdkError> {
    if let Some(path) = std::env::var_os(WORKER_EXE_VAR) {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe()
        .map_err(|e| SdkError::Run(format!("cannot find this program: {e}")))?;
    let name = format!("qiime{}", std::env::consts::EXE_SUFFIX);
    if exe.file_name().is_some_and(|n| n == name.as_str()) {
        return Ok(exe);
    }
    exe.ancestors()
        .skip(1)
        .take(2)
        .map(|dir| dir.join(&name))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            SdkError::Run(format!(
                "no `qiime` executable found for worker processes; set ${WORKER_EXE_VAR} to its path"
            ))
        })
}

/// The call a worker runs: `request` with each input handle replaced by `stage(handle)`, the
/// folder holding that result where the worker can read it.
pub(crate) fn worker_call(
    request: &CallRequest,
    mut stage: impl FnMut(&str) -> Result<String, StepFailure>,
) -> Result<CallRequest, StepFailure> {
    let mut call = request.clone();
    for input in call.inputs.values_mut() {
        match input {
            CallInput::Handle(handle) => *handle = stage(handle)?,
            CallInput::Handles(items) => {
                for (_, handle) in items.iter_mut() {
                    *handle = stage(handle)?;
                }
            }
        }
    }
    Ok(call)
}

/// The results a worker made: each output folder, a subfolder of `work`, opened as a result
/// that keeps `work` alive.
pub(crate) fn open_outputs(
    outputs: BTreeMap<String, StepOutput>,
    work: &Arc<TempDir>,
) -> Result<Results, StepFailure> {
    let open = |root: &str| {
        Artifact::open_in(Path::new(root), Arc::clone(work))
            .map_err(|e| StepFailure::Framework(e.to_string()))
    };
    let mut results = Results::default();
    for (name, output) in outputs {
        let output = match output {
            StepOutput::One(root) => Output::Artifact(open(&root)?),
            StepOutput::Many(items) => Output::Collection(
                items
                    .iter()
                    .map(|(key, root)| Ok((key.clone(), open(root)?)))
                    .collect::<Result<_, StepFailure>>()?,
            ),
        };
        results.push(&name, output);
    }
    Ok(results)
}

/// Runs one step in a worker process in `folder`; returns the outputs it made. A worker still
/// running after `timeout` is killed and the step fails.
pub(crate) fn run_in_process(
    task: &StepTask,
    folder: &Path,
    timeout: Option<std::time::Duration>,
) -> Result<BTreeMap<String, StepOutput>, StepFailure> {
    let path = write_task(task, folder)?;
    run_task_file(&path, folder, timeout)
}

/// Writes `task` as `task.json` into the step's `folder`; returns its path.
pub(crate) fn write_task(task: &StepTask, folder: &Path) -> Result<PathBuf, StepFailure> {
    let path = folder.join("task.json");
    let framework = |message: String| StepFailure::Framework(message);
    let json = serde_json::to_string(task).map_err(|e| framework(e.to_string()))?;
    std::fs::write(&path, json).map_err(|e| framework(format!("{}: {e}", path.display())))?;
    Ok(path)
}

/// Runs `qiime dev run-step` on the task file `path` in the step's `folder` and reads its reply;
/// a worker still running after `timeout` is killed and the step fails.
pub(crate) fn run_task_file(
    path: &Path,
    folder: &Path,
    timeout: Option<std::time::Duration>,
) -> Result<BTreeMap<String, StepOutput>, StepFailure> {
    let exe = worker_exe().map_err(|e| StepFailure::Framework(e.to_string()))?;
    crate::interrupt::wait_if_interrupted();
    let mut command = std::process::Command::new(&exe);
    if crate::plugin::insecure_plugins_allowed() {
        command.env(crate::plugin::ALLOW_INSECURE_VAR, "1");
    }
    if let Some(version) = crate::sdk::python_version() {
        command.env(crate::sdk::PYTHON_VERSION_VAR, version);
    }
    let mut child = command
        .args(["dev", "run-step"])
        .arg(path)
        // The worker makes its scratch folders in this run's, which an interrupt removes.
        .env("TMPDIR", tempfile::env::temp_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            StepFailure::Worker(format!("could not be started ({}): {e}", exe.display()))
        })?;
    // Read while the worker runs: a worker blocked on a full pipe would never finish.
    let stderr = child.stderr.take().map(drain);
    let child = Arc::new(Mutex::new(child));
    let _stop = crate::interrupt::on_interrupt({
        let child = Arc::clone(&child);
        move || {
            let _ = lock(&child).kill();
        }
    });
    let (status, message) = match timeout {
        Some(timeout) => {
            let started = std::time::Instant::now();
            let status = loop {
                let polled = lock(&child).try_wait();
                if let Some(status) = polled.map_err(|e| StepFailure::Worker(e.to_string()))? {
                    break status;
                }
                if started.elapsed() > timeout {
                    let mut child = lock(&child);
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(StepFailure::Worker(format!(
                        "ran longer than the task timeout ({timeout:?}) and was stopped"
                    )));
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            };
            (status, stderr.map(collect).unwrap_or_default())
        }
        None => {
            // The pipe closes when the worker exits; only then wait, so that the lock is free
            // for the interrupt hook while the worker runs.
            let message = stderr.map(collect).unwrap_or_default();
            let status = lock(&child)
                .wait()
                .map_err(|e| StepFailure::Worker(e.to_string()))?;
            (status, message)
        }
    };
    if !status.success() {
        // The worker's own account of the failure, typed; else how it ended.
        let written = std::fs::read_to_string(folder.join(FAILURE_FILE)).ok();
        if let Some(failure) = written.and_then(|json| serde_json::from_str(&json).ok()) {
            return Err(failure);
        }
        let detail = message
            .lines()
            .find(|l| l.starts_with("Error:"))
            .unwrap_or(message.trim());
        return Err(StepFailure::Worker(match status.code() {
            Some(code) => format!("failed (exit code {code}): {detail}"),
            None => format!("was killed ({status}): {detail}"),
        }));
    }
    let reply = folder.join("reply.json");
    let text = std::fs::read_to_string(&reply)
        .map_err(|e| StepFailure::Worker(format!("left no reply: {}: {e}", reply.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| StepFailure::Worker(format!("sent a malformed reply: {e}")))
}

/// How much of the end of a worker's stderr is kept for its error message.
const STDERR_KEPT: usize = 64 * 1024;

/// Reads `pipe` to its end on a thread of its own; the thread returns the last
/// [`STDERR_KEPT`] bytes or so, from the start of a line (the error comes last).
fn drain(mut pipe: ChildStderr) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let (mut kept, mut cut) = (Vec::new(), false);
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            match pipe.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    kept.extend_from_slice(&buf[..n]);
                    if kept.len() > 2 * STDERR_KEPT {
                        kept.drain(..kept.len() - STDERR_KEPT);
                        cut = true;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        tail(&kept, STDERR_KEPT, cut)
    })
}

/// The last `limit` bytes of `text` or fewer, from the start of a line when cut (here, or
/// before when `cut`).
fn tail(text: &[u8], limit: usize, cut: bool) -> String {
    let mut start = text.len().saturating_sub(limit);
    if start > 0 || cut {
        start = text[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| start + i + 1);
    }
    String::from_utf8_lossy(&text[start..]).into_owned()
}

/// What a [`drain`] thread read (nothing if it panicked).
fn collect(reader: JoinHandle<String>) -> String {
    reader.join().unwrap_or_default()
}

fn lock(child: &Mutex<Child>) -> MutexGuard<'_, Child> {
    child.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tail_of_stderr_starts_at_a_line() {
        let text = b"first line\nsecond\nError: the last\n";
        assert_eq!(
            tail(text, 100, false),
            "first line\nsecond\nError: the last\n"
        );
        assert_eq!(tail(text, 20, false), "Error: the last\n");
        assert_eq!(tail(text, 100, true), "second\nError: the last\n");
        assert_eq!(tail(b"no newline at all", 5, false), "");
    }

    #[test]
    fn a_chatty_process_is_read_to_its_end_and_its_tail_kept() {
        let script = "i=0; while [ $i -lt 3000 ]; do \
                      echo 'some chatter of about sixty bytes, again and again and again' >&2; \
                      i=$((i+1)); done; echo 'Error: the end' >&2";
        let mut child = std::process::Command::new("sh")
            .args(["-c", script])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let reader = drain(child.stderr.take().unwrap());
        let text = collect(reader);
        assert!(child.wait().unwrap().success());
        assert!(text.len() <= STDERR_KEPT, "{}", text.len());
        assert!(text.len() > STDERR_KEPT / 2, "{}", text.len());
        assert!(text.starts_with("some chatter"), "{}", &text[..80]);
        assert!(text.ends_with("again\nError: the end\n"));
    }
}
