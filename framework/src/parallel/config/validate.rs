//! Checks shared by configs read from files and configs built in code.

use super::{ActionMapping, ConfigError, ExecutorKind, ExecutorSpec};

/// At least one executor, unique labels, and a mapping onto existing labels. `prefix` is put
/// before the key paths (`parsl.` for files).
pub(super) fn check_labels(
    executors: &[ExecutorSpec],
    mapping: &ActionMapping,
    file: &str,
    prefix: &str,
) -> Result<(), ConfigError> {
    if executors.is_empty() {
        return Err(ConfigError::NoExecutors {
            file: file.to_string(),
        });
    }
    for (i, spec) in executors.iter().enumerate() {
        if executors[..i].iter().any(|e| e.label == spec.label) {
            return Err(ConfigError::DuplicateLabel {
                file: file.to_string(),
                key: format!("{prefix}executors[{i}].label"),
                label: spec.label.clone(),
            });
        }
    }
    for (plugin, actions) in mapping {
        for (action, label) in actions {
            if !executors.iter().any(|e| &e.label == label) {
                let labels: Vec<&str> = executors.iter().map(|e| e.label.as_str()).collect();
                return Err(ConfigError::UnknownLabel {
                    file: file.to_string(),
                    key: format!("{prefix}executor_mapping.{plugin}.{action}"),
                    label: label.clone(),
                    labels: labels.join(", "),
                });
            }
        }
    }
    Ok(())
}

/// Every executor built in code has workers (files are checked key by key while parsed).
pub(super) fn check_workers(executors: &[ExecutorSpec], file: &str) -> Result<(), ConfigError> {
    for (i, spec) in executors.iter().enumerate() {
        let zero_key = match &spec.kind {
            ExecutorKind::Threads { workers: 0 } | ExecutorKind::Processes { workers: 0 } => {
                Some("workers")
            }
            ExecutorKind::Slurm(s) if s.workers_per_node == Some(0) => Some("workers_per_node"),
            ExecutorKind::Slurm(s) if s.nodes_per_block == 0 => Some("nodes_per_block"),
            ExecutorKind::Slurm(s) if s.max_blocks == 0 => Some("max_blocks"),
            _ => None,
        };
        if let Some(key) = zero_key {
            let key = format!("executors[{i}].{key}");
            return Err(ConfigError::ZeroWorkers {
                file: file.to_string(),
                key,
            });
        }
    }
    Ok(())
}
