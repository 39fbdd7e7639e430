//! The Rust API (`qiime2::sdk`) driving the real plugin dylibs: the tutorial's pipeline, serially.

use std::collections::BTreeSet;

use qiime2::metadata::Metadata;
use qiime2::plugin::ParamValue;
use qiime2::sdk::{Args, Artifact, PluginManager};

use crate::common::{fixture, qiime_with_plugins};

fn plugins() -> PluginManager {
    PluginManager::load_from(crate::common::plugin_dirs())
}

#[test]
fn the_tutorial_pipeline_reproduces_the_original_hits_with_full_provenance() {
    let (Some(queries), Some(references), Some(metadata), Some(original)) = (
        fixture("query-seqs.qza"),
        fixture("reference-seqs.qza"),
        fixture("reference-metadata.tsv"),
        fixture("serial-hits.qza"),
    ) else {
        return;
    };
    let pm = plugins();
    let queries = Artifact::load(&queries).unwrap();
    let references = Artifact::load(&references).unwrap();
    let args = Args::new()
        .with("query_seqs", &queries)
        .with("reference_seqs", &references)
        .with("reference_metadata", Metadata::load(&metadata).unwrap())
        .with("split_size", 1);
    let results = pm
        .action("dwq2", "search_and_summarize")
        .unwrap()
        .call(&args)
        .unwrap();
    let hits = results.artifact("hits").unwrap();
    let table = results.artifact("hits_table").unwrap();
    assert_eq!(hits.semantic_type(), "LocalAlignmentSearchResults");
    assert!(table.is_visualization());

    let original = Artifact::load(&original).unwrap();
    let ours = std::fs::read_to_string(hits.data_dir().join("hits.tsv")).unwrap();
    let theirs = std::fs::read_to_string(original.data_dir().join("hits.tsv")).unwrap();
    assert_eq!(ours, theirs);

    // The pipeline output is an alias of the combined report, and its provenance holds every step.
    let action =
        std::fs::read_to_string(hits.provenance_dir().unwrap().join("action/action.yaml")).unwrap();
    assert!(action.contains("    type: pipeline\n"), "{action}");
    assert!(
        action.contains("    action: search_and_summarize\n"),
        "{action}"
    );
    assert!(action.contains("    alias-of: "), "{action}");
    assert!(
        action.contains("    -   reference_metadata: !metadata 'reference_metadata.tsv'\n"),
        "{action}"
    );
    let ancestors = |root: &std::path::Path| -> BTreeSet<String> {
        let mut actions = BTreeSet::new();
        for entry in std::fs::read_dir(root.join("artifacts")).unwrap() {
            let yaml =
                std::fs::read_to_string(entry.unwrap().path().join("action/action.yaml")).unwrap();
            let action = yaml
                .lines()
                .find_map(|l| {
                    l.strip_prefix("    action: ")
                        .or_else(|| l.strip_prefix("    type: import").map(|_| "import"))
                })
                .unwrap()
                .to_owned();
            actions.insert(action);
        }
        actions
    };
    let (_keep, hits_provenance) = crate::common::full_provenance(hits);
    assert_eq!(
        ancestors(&hits_provenance),
        ancestors(&original.provenance_dir().unwrap())
    );
    assert_eq!(
        std::fs::read_dir(hits_provenance.join("artifacts"))
            .unwrap()
            .count(),
        std::fs::read_dir(original.provenance_dir().unwrap().join("artifacts"))
            .unwrap()
            .count(),
        "one ancestor per step, as in the original"
    );
    // Every ancestor's provenance is complete, as QIIME 2 lays it out, once saved too.
    let dir = tempfile::tempdir().unwrap();
    let saved = Artifact::load(&hits.save(&dir.path().join("hits")).unwrap()).unwrap();
    let files_per_ancestor = |root: &std::path::Path| -> Vec<Vec<String>> {
        let mut all: Vec<Vec<String>> = std::fs::read_dir(root.join("artifacts"))
            .unwrap()
            .map(|e| {
                let ancestor = e.unwrap().path();
                let mut names: Vec<String> = std::fs::read_dir(&ancestor)
                    .unwrap()
                    .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
                    .collect();
                names.sort();
                names
            })
            .collect();
        all.sort();
        all
    };
    assert_eq!(
        files_per_ancestor(&saved.provenance_dir().unwrap()),
        files_per_ancestor(&original.provenance_dir().unwrap())
    );

    // Saved, both validate with the real binary.
    let dir = tempfile::tempdir().unwrap();
    let saved_hits = hits.save(&dir.path().join("hits")).unwrap();
    let saved_table = table.save(&dir.path().join("hits-table")).unwrap();
    assert!(saved_hits.ends_with("hits.qza") && saved_table.ends_with("hits-table.qzv"));
    for saved in [saved_hits, saved_table] {
        qiime_with_plugins()
            .args(["tools", "validate"])
            .arg(&saved)
            .assert()
            .success();
    }
    let html = std::fs::read_to_string(table.data_dir().join("index.html")).unwrap();
    assert!(html.contains("<title>Local Alignment Search Results</title>"));
}

#[test]
fn a_wrong_input_type_is_refused_before_anything_runs() {
    let Some(hits) = fixture("serial-hits.qza") else {
        return;
    };
    let pm = plugins();
    let hits = Artifact::load(&hits).unwrap();
    let err = pm
        .action("dwq2", "local_alignment_search")
        .unwrap()
        .call(
            &Args::new()
                .with("query_seqs", &hits)
                .with("reference_seqs", &hits),
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("an artifact of type LocalAlignmentSearchResults was given"),
        "{err}"
    );
}

#[test]
fn a_parameter_outside_its_range_is_refused() {
    let Some(queries) = fixture("query-seqs.qza") else {
        return;
    };
    let pm = plugins();
    let queries = Artifact::load(&queries).unwrap();
    let err = pm
        .action("dwq2", "split_sequences")
        .unwrap()
        .call(&Args::new().with("seqs", &queries).with("split_size", 0))
        .unwrap_err();
    assert!(
        err.to_string().contains(
            "parameter 'split_size' received 0 as an argument, which is incompatible with \
             parameter type: Int % Range(1, None) (0 is not in Range(1, None))"
        ),
        "{err}"
    );
    let list = ParamValue::List(vec![ParamValue::Int(2), ParamValue::Str("x".into())]);
    let err = pm
        .action("dwq2", "split_sequences")
        .unwrap()
        .call(&Args::new().with("seqs", &queries).with("split_size", list))
        .unwrap_err();
    assert!(
        err.to_string().contains(
            "received [2, 'x'] as an argument, which is incompatible with parameter type: \
             Int % Range(1, None) (a List is not a single Int, Float, Str or Bool)"
        ),
        "{err}"
    );
}

#[test]
fn a_panicking_action_becomes_an_error_and_the_host_survives() {
    let pm = plugins();
    let err = pm
        .action("mystery-stew", "panic_on_purpose")
        .unwrap()
        .call(&Args::new())
        .unwrap_err();
    assert!(err.to_string().contains("panicked at "), "{err}");
    assert!(err.to_string().contains("failing.rs"), "{err}");
    // The process is still here, and the plugin still answers.
    let err = pm
        .action("mystery-stew", "fail_on_purpose")
        .unwrap()
        .call(&Args::new().with("message", "still alive"))
        .unwrap_err();
    assert!(err.to_string().contains("still alive"), "{err}");
}

#[test]
fn example_data_is_written_and_the_example_runs_on_it() {
    let pm = plugins();
    let dwq2 = pm.plugin("dwq2").unwrap();
    let signature = dwq2
        .descriptor
        .actions
        .iter()
        .find(|a| a.id == "search_and_summarize")
        .unwrap();
    let example = signature
        .examples
        .iter()
        .find(|e| e.name == "Serial")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let written = qiime2::usage::write_example_data(&pm, dwq2, example, dir.path()).unwrap();
    let names: Vec<(String, &str)> = written
        .iter()
        .map(|w| {
            (
                w.path
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string(),
                w.kind.as_str(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("Serial/query-seqs.qza".to_owned(), "FeatureData[Sequence]"),
            (
                "Serial/reference-seqs.qza".to_owned(),
                "FeatureData[Sequence]"
            ),
            ("Serial/reference-metadata.tsv".to_owned(), "Metadata"),
        ]
    );
    let folder = dir.path().join("Serial");
    let args = Args::new()
        .with(
            "query_seqs",
            Artifact::load(&folder.join("query-seqs.qza")).unwrap(),
        )
        .with(
            "reference_seqs",
            Artifact::load(&folder.join("reference-seqs.qza")).unwrap(),
        )
        .with(
            "reference_metadata",
            Metadata::load(folder.join("reference-metadata.tsv")).unwrap(),
        )
        .with("split_size", 1);
    let results = pm
        .action("dwq2", "search_and_summarize")
        .unwrap()
        .call(&args)
        .unwrap();
    let tsv = std::fs::read_to_string(
        results
            .artifact("hits")
            .unwrap()
            .data_dir()
            .join("hits.tsv"),
    )
    .unwrap();
    for (query, source) in [
        ("query-1", "ref-13"),
        ("query-2", "ref-22"),
        ("query-5", "ref-44"),
    ] {
        let rows: Vec<&str> = tsv
            .lines()
            .filter(|l| l.starts_with(&format!("{query}\t")))
            .collect();
        assert!(
            rows.len() >= 5,
            "at least five hits for {query} (ties repeat rows):\n{tsv}"
        );
        assert!(
            rows[0].starts_with(&format!("{query}\t{source}\t")),
            "{query} finds {source} first:\n{tsv}"
        );
    }
}

#[test]
fn a_pipeline_passes_results_and_collections_between_steps() {
    let pm = plugins();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("ints");
    std::fs::create_dir(&source).unwrap();
    std::fs::write(source.join("ints.txt"), "1\n2\n3\n4\n").unwrap();
    let ints = Artifact::import_data(&pm, "IntSequence1", &source, None).unwrap();
    let results = pm
        .action("mystery-stew", "split_and_rejoin")
        .unwrap()
        .call(&Args::new().with("ints", &ints))
        .unwrap();
    let rejoined = results.artifact("rejoined").unwrap();
    let values = std::fs::read_to_string(rejoined.data_dir().join("ints.txt")).unwrap();
    let values: Vec<&str> = values.lines().collect();
    assert_eq!(
        values,
        [
            "1", "2", "3", "4", "1", "2", "3", "4", "1", "2", "3", "4", "7", "0"
        ]
    );
    let halves = results.collection("halves").unwrap();
    assert_eq!(
        halves.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["first", "second"]
    );
    let action = std::fs::read_to_string(
        halves[1]
            .1
            .provenance_dir()
            .unwrap()
            .join("action/action.yaml"),
    )
    .unwrap();
    assert!(action.contains("    type: pipeline\n"), "{action}");
    assert!(
        action.contains("    output-name:\n    - halves\n    - second\n    - 2/2\n"),
        "{action}"
    );
    assert!(action.contains("    alias-of: "), "{action}");
}

#[test]
fn the_tutorial_pipeline_in_parallel_gives_the_same_hits_as_serially() {
    let (Some(queries), Some(references), Some(metadata), Some(original)) = (
        fixture("query-seqs.qza"),
        fixture("reference-seqs.qza"),
        fixture("reference-metadata.tsv"),
        fixture("serial-hits.qza"),
    ) else {
        return;
    };
    let pm = plugins();
    let args = Args::new()
        .with("query_seqs", Artifact::load(&queries).unwrap())
        .with("reference_seqs", Artifact::load(&references).unwrap())
        .with("reference_metadata", Metadata::load(metadata).unwrap())
        .with("split_size", 1);
    let runner =
        qiime2::parallel::ParallelRunner::new(qiime2::parallel::ParallelConfig::default()).unwrap();
    let results = pm
        .action("dwq2", "search_and_summarize")
        .unwrap()
        .run(&args, &runner)
        .unwrap();
    let hits = results.artifact("hits").unwrap();
    let ours = std::fs::read_to_string(hits.data_dir().join("hits.tsv")).unwrap();
    let theirs = std::fs::read_to_string(
        Artifact::load(&original)
            .unwrap()
            .data_dir()
            .join("hits.tsv"),
    )
    .unwrap();
    assert_eq!(ours, theirs);
    let action =
        std::fs::read_to_string(hits.provenance_dir().unwrap().join("action/action.yaml")).unwrap();
    assert!(
        action.contains("    execution_context:\n        type: parsl\n        parsl_type: DFK\n"),
        "{action}"
    );
}
