//! The parallel configuration file, accepted and refused as QIIME 2 accepts and refuses it: the
//! mapping names plugins then actions, a flat mapping and a config without an executor labelled
//! `default` are refused, and top-level tables that are not QIIME 2's are ignored.

use predicates::prelude::*;

use crate::common::{data_file, tutorial_example_data, tutorial_search};

const EXECUTORS: &str = "[parsl]\n\n[[parsl.executors]]\nclass = \"ThreadPoolExecutor\"\n\
                         label = \"default\"\nmax_threads = 2\n\n[[parsl.executors]]\n\
                         class = \"ThreadPoolExecutor\"\nlabel = \"tpool\"\nmax_threads = 1\n";

/// Runs the tutorial's search with the config `text`; returns the outcome.
fn run_with(dir: &std::path::Path, name: &str, text: &str) -> assert_cmd::assert::Assert {
    let config = dir.join(format!("{name}.toml"));
    std::fs::write(&config, text).unwrap();
    tutorial_search(
        dir,
        name,
        &[
            "--no-recycle",
            "--parallel-config",
            config.to_str().unwrap(),
        ],
    )
}

#[test]
fn each_shape_of_the_config_is_accepted_or_refused_as_qiime2_does() {
    let (_keep, dir) = tutorial_example_data();
    tutorial_search(&dir, "serial", &["--no-recycle"]).success();
    let serial = data_file(&dir.join("serial-hits.qza"), "hits.tsv");
    let accepted = [
        (
            "nested",
            format!(
                "{EXECUTORS}\n[parsl.executor_mapping.dwq2]\nlocal_alignment_search = \"tpool\"\n"
            ),
        ),
        (
            "top_level_mapping",
            format!("[executor_mapping.dwq2]\nlocal_alignment_search = \"tpool\"\n\n{EXECUTORS}"),
        ),
    ];
    for (name, text) in accepted {
        run_with(&dir, name, &text).success();
        let hits = data_file(&dir.join(format!("{name}-hits.qza")), "hits.tsv");
        assert_eq!(hits, serial, "{name}");
    }
    run_with(
        &dir,
        "flat",
        &format!("{EXECUTORS}\n[parsl.executor_mapping]\nlocal_alignment_search = \"tpool\"\n"),
    )
    .failure()
    .code(1)
    .stderr(predicate::str::contains(
        "key 'parsl.executor_mapping.local_alignment_search' maps an action straight",
    ))
    .stderr(predicate::str::contains(
        "{'plugin': {'action': 'executor'}}",
    ));
    run_with(
        &dir,
        "no_default",
        &EXECUTORS.replace("\"default\"", "\"big\""),
    )
    .failure()
    .code(1)
    .stderr(predicate::str::contains(
        "no executor is labelled 'default'",
    ));
    for refused in ["flat", "no_default"] {
        assert!(
            !dir.join(format!("{refused}-hits.qza")).exists(),
            "{refused}"
        );
    }
}
