//! Slurm's commands, run as a user would: `sbatch --parsable`, `squeue`, `scancel`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// A job's state as `squeue` reports it (`PENDING`, `RUNNING`, `TIMEOUT`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JobState {
    /// The state name.
    pub(crate) state: String,
    /// Slurm's reason for it (`None` when there is none).
    pub(crate) reason: String,
}

impl JobState {
    /// Whether the job waits to start.
    pub(crate) fn is_pending(&self) -> bool {
        matches!(
            self.state.as_str(),
            "PENDING"
                | "CONFIGURING"
                | "REQUEUED"
                | "REQUEUE_HOLD"
                | "REQUEUE_FED"
                | "RESV_DEL_HOLD"
        )
    }

    /// Whether the job is over (its workers are gone, or going).
    pub(crate) fn has_ended(&self) -> bool {
        !self.is_pending()
            && !matches!(
                self.state.as_str(),
                "RUNNING"
                    | "COMPLETING"
                    | "SUSPENDED"
                    | "STOPPED"
                    | "RESIZING"
                    | "SIGNALING"
                    | "STAGE_OUT"
            )
    }

    /// The state, with the reason when Slurm gives one: `TIMEOUT`, `PENDING (Resources)`.
    pub(crate) fn describe(&self) -> String {
        if self.reason.is_empty() || self.reason == "None" {
            self.state.clone()
        } else {
            format!("{} ({})", self.state, self.reason)
        }
    }
}

/// Why a Slurm command failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum CommandError {
    /// The command could not be started.
    #[error("cannot run Slurm's `{command}`: {reason}")]
    NotRun {
        /// `sbatch`, `squeue`, `scancel`.
        command: String,
        /// The system's reason.
        reason: String,
    },
    /// The command ran and failed.
    #[error("`{command}` failed ({status}): {stderr}")]
    Failed {
        /// `sbatch`, `squeue`, `scancel`.
        command: String,
        /// How it exited.
        status: String,
        /// What it wrote to stderr.
        stderr: String,
    },
    /// `sbatch` printed no job id.
    #[error("sbatch printed no job id: '{0}'")]
    NoJobId(String),
}

/// Runs a Slurm command; its stdout, or an error with its stderr.
fn run(command: &mut Command) -> Result<String, CommandError> {
    let name = command.get_program().to_string_lossy().into_owned();
    let output = command.output().map_err(|e| CommandError::NotRun {
        command: name.clone(),
        reason: e.to_string(),
    })?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(CommandError::Failed {
            command: name,
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        })
    }
}

/// Submits the batch script `script`; the job id.
pub(crate) fn submit(script: &Path, folder: &Path) -> Result<String, CommandError> {
    let out = run(Command::new("sbatch")
        .arg("--parsable")
        .arg(script)
        .current_dir(folder))?;
    // `--parsable` prints `id` or `id;cluster`.
    let id = out.trim().split(';').next().unwrap_or("").to_owned();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return Err(CommandError::NoJobId(out.trim().to_owned()));
    }
    Ok(id)
}

/// The states of this user's jobs that Slurm still knows, by id.
pub(crate) fn states() -> Result<BTreeMap<String, JobState>, CommandError> {
    let out = run(Command::new("squeue").args([
        "--me",
        "--states=all",
        "--noheader",
        "--format=%i|%T|%r",
    ]))?;
    Ok(parse_states(&out))
}

/// `squeue --format=%i|%T|%r` output, by id.
pub(crate) fn parse_states(out: &str) -> BTreeMap<String, JobState> {
    out.lines()
        .filter_map(|line| {
            let mut fields = line.trim().splitn(3, '|');
            let id = fields.next()?.to_owned();
            let state = fields.next()?.to_owned();
            let reason = fields.next().unwrap_or("").to_owned();
            (!id.is_empty()).then_some((id, JobState { state, reason }))
        })
        .collect()
}

/// Cancels the jobs `ids` (jobs already over are ignored by Slurm).
pub(crate) fn cancel(ids: &[String]) -> Result<(), CommandError> {
    if ids.is_empty() {
        return Ok(());
    }
    run(Command::new("scancel").args(ids)).map(|_| ())
}

/// Whether Slurm's `sbatch` is on `PATH`.
pub(crate) fn sbatch_available() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("sbatch").is_file()))
}
