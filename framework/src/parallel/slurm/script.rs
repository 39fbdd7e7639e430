//! The batch script of a block: the provider's keys as `#SBATCH` lines, then `worker_init`, then
//! the worker (`qiime dev worker <run folder>`), under `srun` when a block spans several nodes.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use crate::parallel::SlurmSpec;

/// What a block's worker is started with, besides the provider's keys.
pub(crate) struct WorkerLine<'a> {
    /// The `qiime` executable the worker runs.
    pub(crate) exe: &'a Path,
    /// The run folder.
    pub(crate) run: &'a Path,
    /// Where the job output file goes.
    pub(crate) logs: &'a Path,
    /// The job name.
    pub(crate) name: &'a str,
    /// The per-task timeout, if any.
    pub(crate) task_timeout: Option<Duration>,
}

/// A word quoted for `sh`.
pub(crate) fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// The batch script of a block of `spec` running `line`'s worker, which leaves after
/// `spec.max_idletime` without work.
pub(crate) fn batch_script(spec: &SlurmSpec, line: &WorkerLine<'_>) -> String {
    let mut s = String::from("#!/bin/bash\n");
    let mut sbatch = |option: String| {
        let _ = writeln!(s, "#SBATCH {option}");
    };
    sbatch(format!("--job-name={}", line.name));
    let output = line.logs.join(format!("{}-%j.out", line.name));
    sbatch(format!("--output={}", output.display()));
    sbatch(format!("--nodes={}", spec.nodes_per_block));
    sbatch("--ntasks-per-node=1".to_owned());
    sbatch(format!("--time={}", spec.walltime));
    if let Some(partition) = &spec.partition {
        sbatch(format!("--partition={partition}"));
    }
    if let Some(account) = &spec.account {
        sbatch(format!("--account={account}"));
    }
    if let Some(qos) = &spec.qos {
        sbatch(format!("--qos={qos}"));
    }
    if let Some(cores) = spec.cores_per_node {
        sbatch(format!("--cpus-per-task={cores}"));
    }
    if let Some(gigabytes) = spec.mem_per_node {
        sbatch(format!("--mem={gigabytes}g"));
    }
    if spec.exclusive {
        sbatch("--exclusive".to_owned());
    }
    if let Some(constraint) = &spec.constraint {
        sbatch(format!("--constraint={constraint}"));
    }
    for option in spec.scheduler_options.lines() {
        let _ = writeln!(s, "{}", option.trim());
    }
    if !spec.worker_init.trim().is_empty() {
        let _ = writeln!(s, "{}", spec.worker_init.trim_end());
    }
    let slots = spec
        .workers_per_node
        .map_or_else(|| "auto".to_owned(), |n| n.to_string());
    let mut worker = format!(
        "{} dev worker {} --slots {slots} --idle-exit {}",
        quote(&line.exe.to_string_lossy()),
        quote(&line.run.to_string_lossy()),
        spec.max_idletime.as_secs_f64()
    );
    if let Some(timeout) = line.task_timeout {
        let _ = write!(worker, " --task-timeout {}", timeout.as_secs_f64());
    }
    if spec.nodes_per_block > 1 {
        // One worker per node, each with all of its node's CPUs.
        let _ = writeln!(
            s,
            "exec srun --nodes={n} --ntasks={n} --ntasks-per-node=1 \
             --cpus-per-task=\"$SLURM_CPUS_ON_NODE\" {worker}",
            n = spec.nodes_per_block
        );
    } else {
        let _ = writeln!(s, "exec {worker}");
    }
    s
}
