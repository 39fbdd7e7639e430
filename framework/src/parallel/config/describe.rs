//! The summary `qiime info` prints: which config is in force and what it says.

use std::fmt;

use super::ParallelConfig;

impl fmt::Display for ParallelConfig {
    /// A few lines: the source, the executors (the default marked), the mapping, the settings.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "parallel config: {}", self.source())?;
        writeln!(f, "executors:")?;
        let default = &self.default_executor().label;
        for spec in self.executors() {
            let mark = if &spec.label == default {
                " (runs unmapped actions)"
            } else {
                ""
            };
            writeln!(f, "  {spec}{mark}")?;
        }
        if self.mapping().is_empty() {
            writeln!(f, "action mapping: none")?;
        } else {
            writeln!(f, "action mapping:")?;
            for (plugin, actions) in self.mapping() {
                for (action, label) in actions {
                    writeln!(f, "  {plugin} {action} -> {label}")?;
                }
            }
        }
        match self.task_timeout() {
            Some(t) => write!(f, "task timeout: {}s", t.as_secs_f64())?,
            None => write!(f, "task timeout: none")?,
        }
        write!(f, "; retries: {}", self.retries())
    }
}
