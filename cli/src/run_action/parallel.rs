//! `--parallel` and `--parallel-config FILE`: the runner of a pipeline run in parallel.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use indicatif::{ProgressBar, ProgressStyle};

use clap::ArgMatches;
use qiime2::parallel::{ParallelConfig, ParallelRunner, Progress, ProgressSink};
use qiime2::plugin::ActionKind;
use qiime2::sdk::Action;

use super::error::RunError;
use crate::commands::{PARALLEL, PARALLEL_CONFIG, VERBOSE};

/// The parallel runner the command line asks for, if any: `--parallel-config FILE` (implies
/// `--parallel`), else `--parallel` with the configuration in force (`$QIIME2_CONFIG`, the user
/// config file, or the built-in one).
pub fn runner(
    action: &Action<'_>,
    matches: &ArgMatches,
) -> Result<Option<ParallelRunner>, RunError> {
    let file = matches.get_one::<String>(PARALLEL_CONFIG);
    if file.is_none() && !matches.get_flag(PARALLEL) {
        return Ok(None);
    }
    let signature = action.signature();
    if signature.kind != ActionKind::Pipeline {
        return Err(RunError::Usage(format!(
            "--parallel and --parallel-config apply to pipelines only; '{}' is a {}, which runs as one step",
            signature.id.replace('_', "-"),
            signature.kind.as_str()
        )));
    }
    let config = match file {
        Some(path) => ParallelConfig::from_file(Path::new(path)),
        None => ParallelConfig::load(),
    }
    .map_err(|err| RunError::Usage(err.to_string()))?;
    let runner = ParallelRunner::new(config).map_err(RunError::from_call)?;
    Ok(Some(match progress_sink(matches.get_flag(VERBOSE)) {
        Some(sink) => runner.with_progress(sink),
        None => runner,
    }))
}

/// Where progress goes: a progress line on stderr on a terminal, and with `--verbose` a line
/// per Slurm job submitted.
fn progress_sink(verbose: bool) -> Option<ProgressSink> {
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(0).with_style(
            ProgressStyle::with_template("{spinner} [{pos}/{len} steps] {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    });
    if bar.is_none() && !verbose {
        return None;
    }
    let announced = Mutex::new(HashSet::new());
    Some(Arc::new(move |progress: &Progress| {
        if verbose {
            let mut announced = announced.lock().unwrap_or_else(PoisonError::into_inner);
            for (label, job) in submitted_jobs(progress) {
                if announced.insert(job.to_owned()) {
                    let line = format!("Submitted Slurm job {job} (block q2rs-{label})");
                    match &bar {
                        Some(bar) => bar.println(line),
                        None => eprintln!("{line}"),
                    }
                }
            }
        }
        if let Some(bar) = &bar {
            bar.set_length(progress.total as u64);
            bar.set_position(progress.done as u64);
            if progress.done == progress.total && progress.running.is_empty() {
                bar.finish_and_clear();
            } else {
                bar.set_message(message(progress));
            }
        }
    }))
}

/// Every Slurm job submitted so far, as `(executor label, job id)`.
fn submitted_jobs(progress: &Progress) -> Vec<(&str, &str)> {
    progress
        .slurm
        .iter()
        .flat_map(|(label, s)| {
            s.submitted
                .iter()
                .map(move |j| (label.as_str(), j.as_str()))
        })
        .collect()
}

/// The progress line's message: what runs now, and for Slurm the queue and the jobs.
fn message(progress: &Progress) -> String {
    let mut parts: Vec<String> = progress
        .slurm
        .iter()
        .map(|(label, s)| {
            format!(
                "slurm {label}: {} queued, {} running, {} done; jobs {} running, {} pending",
                s.queued, s.running, s.done, s.jobs_running, s.jobs_pending
            )
        })
        .collect();
    parts.push(format!("running: {}", progress.running.join(", ")));
    parts.join(" | ")
}

#[cfg(test)]
mod tests {
    use qiime2::parallel::SlurmStatus;

    use super::*;

    #[test]
    fn the_progress_line_shows_each_slurm_executors_queue_and_jobs() {
        let mut progress = Progress {
            total: 8,
            done: 3,
            running: vec!["local_alignment_search".into(); 2],
            ..Progress::default()
        };
        assert_eq!(
            message(&progress),
            "running: local_alignment_search, local_alignment_search"
        );
        progress.slurm.insert(
            "default".into(),
            SlurmStatus {
                queued: 1,
                running: 1,
                done: 3,
                jobs_pending: 1,
                jobs_running: 1,
                submitted: vec!["41".into(), "42".into()],
            },
        );
        assert_eq!(
            message(&progress),
            "slurm default: 1 queued, 1 running, 3 done; jobs 1 running, 1 pending | \
             running: local_alignment_search, local_alignment_search"
        );
        assert_eq!(
            submitted_jobs(&progress),
            vec![("default", "41"), ("default", "42")]
        );
    }
}
