//! The progress display of a run in a terminal: steps done, known and running, the running
//! steps' names and the time so far; once a pipeline fans out (more than one step outstanding),
//! a bar with an estimate. It stays until the run ends and leaves one summary line. Nothing is
//! drawn on a pipe or with `--quiet`; with `--verbose`, each Slurm job submitted gets a line.

use std::collections::{BTreeMap, HashSet};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use qiime2::interrupt::{self, Registration};
use qiime2::parallel::{Progress, ProgressSink};
use qiime2::sdk::FailedStep;

/// How often the spinner and the elapsed time are redrawn.
const TICK: Duration = Duration::from_millis(120);

/// The display before a run fans out: a spinner, the time, the steps.
const STEPS: &str = "{spinner} {elapsed:>4} {wide_msg}";

/// The display once it has: a bar of the steps known, and an estimate of the time left.
const BAR: &str = "{spinner} {elapsed:>4} [{bar:24}] {pos}/{len} steps, ~{eta} left {wide_msg}";

/// The progress display of one run.
pub struct Display {
    /// The drawn display; `None` off a terminal (then only `--verbose` job lines are printed).
    bar: Option<ProgressBar>,
    verbose: bool,
    started: Instant,
    /// Whether the bar replaced the step count (it then stays).
    fanned_out: AtomicBool,
    /// The Slurm jobs already announced.
    announced: Mutex<HashSet<String>>,
    /// The last progress reported.
    last: Mutex<Progress>,
    /// Clears the display if the run is interrupted, before the interrupt's message.
    _cleared_on_interrupt: Option<Registration>,
}

impl Display {
    /// The display of a run: drawn when stderr is a terminal and `quiet` is not set; `None`
    /// when there is nothing to show (no terminal, and no `--verbose` Slurm lines).
    pub fn new(quiet: bool, verbose: bool) -> Option<Arc<Self>> {
        let drawn = !quiet && std::io::stderr().is_terminal();
        if !drawn && !verbose {
            return None;
        }
        let bar = drawn.then(|| {
            let bar = ProgressBar::new(0).with_style(style(STEPS));
            bar.enable_steady_tick(TICK);
            bar
        });
        let cleared = bar
            .clone()
            .map(|bar| interrupt::on_interrupt(move || bar.finish_and_clear()));
        Some(Arc::new(Self {
            bar,
            verbose,
            started: Instant::now(),
            fanned_out: AtomicBool::new(false),
            announced: Mutex::default(),
            last: Mutex::default(),
            _cleared_on_interrupt: cleared,
        }))
    }

    /// Where the run reports its progress.
    pub fn sink(self: &Arc<Self>) -> ProgressSink {
        let display = Arc::clone(self);
        Arc::new(move |progress: &Progress| display.show(progress))
    }

    /// Shows `progress`.
    pub fn show(&self, progress: &Progress) {
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) = progress.clone();
        if self.verbose {
            self.announce_jobs(progress);
        }
        let Some(bar) = &self.bar else { return };
        if progress.total.saturating_sub(progress.done) > 1
            && !self.fanned_out.swap(true, Ordering::Relaxed)
        {
            bar.set_style(style(BAR));
            bar.reset_eta();
        }
        bar.set_length(progress.total as u64);
        bar.set_position(progress.done as u64);
        bar.set_message(if self.fanned_out.load(Ordering::Relaxed) {
            activity(progress)
        } else {
            format!("{} · {}", counts(progress), activity(progress))
        });
    }

    /// Ends the display: the drawn lines are cleared and one summary line is left, naming the
    /// steps (`reused` of them taken from the recycle pool) and the time.
    pub fn finish(&self, succeeded: bool, reused: usize) {
        let Some(bar) = &self.bar else { return };
        bar.finish_and_clear();
        let last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        eprintln!(
            "{}",
            summary(&last, succeeded, reused, self.started.elapsed())
        );
    }

    /// The steps that failed so far, as their provenance would have recorded them.
    pub fn failed_steps(&self) -> Vec<FailedStep> {
        self.last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .failed
            .clone()
    }

    /// Prints a line for each Slurm job submitted since the last report.
    fn announce_jobs(&self, progress: &Progress) {
        let mut announced = self
            .announced
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for (label, job) in submitted_jobs(progress) {
            if announced.insert(job.to_owned()) {
                let line = format!("Submitted Slurm job {job} (block q2rs-{label})");
                match &self.bar {
                    Some(bar) => bar.println(line),
                    None => eprintln!("{line}"),
                }
            }
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
        .progress_chars("=> ")
}

/// `3 of 4 steps done`, or `1 step done`.
fn counts(progress: &Progress) -> String {
    let steps = if progress.total == 1 { "step" } else { "steps" };
    format!("{} of {} {steps} done", progress.done, progress.total)
}

/// What runs now (each action once, with how many of its steps run), and for Slurm the queue
/// and the jobs.
fn activity(progress: &Progress) -> String {
    let mut running: BTreeMap<&str, usize> = BTreeMap::new();
    for action in &progress.running {
        *running.entry(action).or_default() += 1;
    }
    let names: Vec<String> = running
        .into_iter()
        .map(|(action, n)| match n {
            1 => action.to_owned(),
            n => format!("{action} ×{n}"),
        })
        .collect();
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
    if !names.is_empty() {
        parts.push(format!("running: {}", names.join(", ")));
    }
    parts.join(" | ")
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

/// The line left when the run ends.
fn summary(last: &Progress, succeeded: bool, reused: usize, elapsed: Duration) -> String {
    let time = format!("{:.1} s", elapsed.as_secs_f64());
    let counted = if succeeded { last.done } else { last.total };
    let steps = if counted == 1 { "step" } else { "steps" };
    let reused = match reused {
        0 => String::new(),
        n => format!(" ({n} reused from the recycle pool)"),
    };
    if succeeded {
        format!("Ran {} {steps} in {time}{reused}.", last.done)
    } else {
        format!(
            "Stopped after {} of {} {steps} ({time}){reused}.",
            last.done, last.total
        )
    }
}

#[cfg(test)]
mod tests {
    use qiime2::parallel::SlurmStatus;

    use super::*;

    #[test]
    fn the_activity_names_each_running_action_once_and_each_slurm_queue() {
        let mut progress = Progress {
            total: 8,
            done: 3,
            running: vec![
                "local_alignment_search".into(),
                "split_sequences".into(),
                "local_alignment_search".into(),
            ],
            ..Progress::default()
        };
        assert_eq!(counts(&progress), "3 of 8 steps done");
        assert_eq!(
            activity(&progress),
            "running: local_alignment_search ×2, split_sequences"
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
            activity(&progress),
            "slurm default: 1 queued, 1 running, 3 done; jobs 1 running, 1 pending | \
             running: local_alignment_search ×2, split_sequences"
        );
        assert_eq!(
            submitted_jobs(&progress),
            vec![("default", "41"), ("default", "42")]
        );
    }

    #[test]
    fn the_summary_names_the_steps_the_time_and_what_was_reused() {
        let last = Progress {
            total: 14,
            done: 14,
            ..Progress::default()
        };
        let time = Duration::from_millis(3240);
        assert_eq!(summary(&last, true, 0, time), "Ran 14 steps in 3.2 s.");
        assert_eq!(
            summary(&last, true, 10, time),
            "Ran 14 steps in 3.2 s (10 reused from the recycle pool)."
        );
        let stopped = Progress { done: 3, ..last };
        assert_eq!(
            summary(&stopped, false, 0, time),
            "Stopped after 3 of 14 steps (3.2 s)."
        );
        let one = Progress {
            total: 1,
            done: 1,
            ..Progress::default()
        };
        assert_eq!(counts(&one), "1 of 1 step done");
        assert_eq!(summary(&one, true, 0, time), "Ran 1 step in 3.2 s.");
    }
}
