//! Tests of executor labels, the default executor, and the mapping of actions to executors.

use super::*;

#[test]
fn labels_must_be_unique_and_mapped_to() {
    let text = TWO_EXECUTORS.replace("label = \"default\"", "label = \"tpool\"");
    assert_eq!(
        err(&text),
        ConfigError::DuplicateLabel {
            file: "q2.toml".into(),
            key: "parsl.executors[1].label".into(),
            label: "tpool".into()
        }
    );
    let text = format!("{TWO_EXECUTORS}[parsl.executor_mapping.quality]\nfilter_seqs = 'gpu'\n");
    assert_eq!(
        err(&text),
        ConfigError::UnknownLabel {
            file: "q2.toml".into(),
            key: "parsl.executor_mapping.quality.filter_seqs".into(),
            label: "gpu".into(),
            labels: "tpool, default".into()
        }
    );
}

#[test]
fn the_mapping_names_plugins_then_actions_as_in_qiime2() {
    let text = format!(
        "{TWO_EXECUTORS}[parsl.executor_mapping.dwq2]\nlocal_alignment_search = 'tpool'\n\
         [parsl.executor_mapping.mystery_stew]\nfan_out = 'tpool'\n"
    );
    let config = parse(&text).unwrap();
    assert_eq!(
        config.executor_for("dwq2", "local_alignment_search").label,
        "tpool"
    );
    assert_eq!(
        config.executor_for("dwq2", "combine_las_reports").label,
        "default"
    );
    assert_eq!(
        config.executor_for("mystery-stew", "fan_out").label,
        "tpool",
        "by its id"
    );
    assert_eq!(config.executor_for("other", "fan_out").label, "default");
    assert_eq!(config.mapping()["dwq2"]["local_alignment_search"], "tpool");
    // The flat table of actions an older QIIME 2 read is refused, as QIIME 2 refuses it.
    let flat =
        format!("{TWO_EXECUTORS}[parsl.executor_mapping]\nlocal_alignment_search = 'tpool'\n");
    let error = err(&flat);
    assert_eq!(
        error,
        ConfigError::FlatMapping {
            file: "q2.toml".into(),
            key: "parsl.executor_mapping.local_alignment_search".into(),
            label: "tpool".into()
        }
    );
    assert!(
        error
            .to_string()
            .contains("{'plugin': {'action': 'executor'}}"),
        "{error}"
    );
    // A top-level `[executor_mapping]` is not QIIME 2's either: ignored, as QIIME 2 ignores it.
    let top = format!("[executor_mapping.dwq2]\nlocal_alignment_search = 'tpool'\n{TWO_EXECUTORS}");
    let config = parse(&top).unwrap();
    assert!(config.mapping().is_empty());
    assert_eq!(
        config.executor_for("dwq2", "local_alignment_search").label,
        "default"
    );
}

#[test]
fn a_config_without_an_executor_labelled_default_is_refused_as_qiime2_refuses_it() {
    let text = one_executor("class = 'ThreadPoolExecutor'\nlabel = 'a'")
        + "[[parsl.executors]]\nclass = 'ThreadPoolExecutor'\nlabel = 'b'\n";
    assert_eq!(
        err(&text),
        ConfigError::NoDefault {
            file: "q2.toml".into(),
            labels: "a, b".into()
        }
    );
    // Parsl's own label for an unlabelled executor is its class's, not `default`.
    let error = err(&one_executor("class = 'ThreadPoolExecutor'")).to_string();
    assert!(
        error.contains("no executor is labelled 'default' (the labels are: threads)"),
        "{error}"
    );
}

#[test]
fn configs_built_in_code() {
    let executors = vec![
        ExecutorSpec::threads("io", 1),
        ExecutorSpec::processes("default", 2),
    ];
    let config = ParallelConfig::new(executors, [("dwq2", "summarize", "io")]).unwrap();
    assert_eq!(config.source(), &ConfigSource::InCode);
    assert_eq!(config.executor_for("dwq2", "summarize").label, "io");
    assert_eq!(config.executor_for("dwq2", "search").label, "default");
    let config = config
        .with_task_timeout(Some(Duration::from_secs(5)))
        .with_retries(1);
    assert_eq!(
        (config.task_timeout(), config.retries()),
        (Some(Duration::from_secs(5)), 1)
    );
}

#[test]
fn configs_built_in_code_are_checked() {
    let file = "the parallel config built in code".to_string();
    let none: [(&str, &str, &str); 0] = [];
    assert_eq!(
        ParallelConfig::new(vec![], none).unwrap_err(),
        ConfigError::NoExecutors { file: file.clone() }
    );
    let twice = vec![ExecutorSpec::threads("a", 1), ExecutorSpec::threads("a", 2)];
    assert_eq!(
        ParallelConfig::new(twice, none).unwrap_err(),
        ConfigError::DuplicateLabel {
            file: file.clone(),
            key: "executors[1].label".into(),
            label: "a".into()
        }
    );
    let one = vec![ExecutorSpec::threads("default", 1)];
    assert_eq!(
        ParallelConfig::new(one, [("dwq2", "search", "b")]).unwrap_err(),
        ConfigError::UnknownLabel {
            file: file.clone(),
            key: "executor_mapping.dwq2.search".into(),
            label: "b".into(),
            labels: "default".into()
        }
    );
    let unlabelled = vec![ExecutorSpec::threads("a", 1)];
    assert_eq!(
        ParallelConfig::new(unlabelled, none).unwrap_err(),
        ConfigError::NoDefault {
            file: file.clone(),
            labels: "a".into()
        }
    );
    let slurm = ExecutorKind::Slurm(Box::new(SlurmSpec {
        max_blocks: 0,
        ..SlurmSpec::default()
    }));
    for (spec, key) in [
        (ExecutorSpec::processes("p", 0), "executors[0].workers"),
        (
            ExecutorSpec {
                label: "s".into(),
                kind: slurm,
            },
            "executors[0].max_blocks",
        ),
    ] {
        assert_eq!(
            ParallelConfig::new(vec![spec], none).unwrap_err(),
            ConfigError::ZeroWorkers {
                file: file.clone(),
                key: key.into()
            }
        );
    }
}

#[test]
fn a_config_without_executors_is_refused() {
    for text in [
        "",
        "[parsl]\nstrategy = 'None'\n",
        "[q2rs]\ntask_timeout = 5\n",
    ] {
        assert_eq!(
            err(text),
            ConfigError::NoExecutors {
                file: "q2.toml".into()
            },
            "{text:?}"
        );
    }
}
