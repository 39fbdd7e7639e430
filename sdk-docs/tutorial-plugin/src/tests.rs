// ANCHOR: all
//! The plugin's actions run in-process, with inputs and outputs in temporary folders.

// ANCHOR: harness
use std::path::Path;

use q2_types::DnaSequences;
use q2_types::fasta::Record;
use qiime2_plugin::plugin::{
    ArtifactData, BuiltPlugin, ExecuteReply, ExecuteRequest, InputValue, OutputValue, ParamValue,
    View,
};

use super::*;

/// The plugin as `qiime` sees it: every registration run and checked.
fn plugin() -> BuiltPlugin {
    BuiltPlugin::build(&PLUGIN_INFO, env!("CARGO_PKG_NAME")).unwrap()
}

/// Writes `view` as an artifact's data in a new folder under `dir`.
fn artifact(dir: &Path, semantic_type: &str, view: &impl View) -> ArtifactData {
    let data_dir = tempfile::tempdir_in(dir).unwrap().keep();
    let format = view.write(&data_dir).unwrap();
    ArtifactData {
        data_dir: data_dir.display().to_string(),
        semantic_type: semantic_type.to_owned(),
        format,
        handle: None,
    }
}

/// Runs `action` with `inputs` and `parameters`; each of `outputs` gets an empty folder.
fn run(
    dir: &Path,
    action: &str,
    inputs: Vec<(&str, InputValue)>,
    parameters: Vec<(&str, ParamValue)>,
    outputs: &[&str],
) -> Result<ExecuteReply, String> {
    let output_dirs = outputs
        .iter()
        .map(|name| {
            let out = dir.join("out").join(name);
            std::fs::create_dir_all(&out).unwrap();
            ((*name).to_owned(), out.display().to_string())
        })
        .collect();
    let request = ExecuteRequest {
        action: action.to_owned(),
        inputs: inputs.into_iter().map(|(n, v)| (n.to_owned(), v)).collect(),
        parameters: parameters
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v))
            .collect(),
        output_dirs,
    };
    plugin().execute(&request)
}

/// Reads output `name` of a run in `dir` as `V`.
fn output<V: View>(dir: &Path, name: &str, semantic_type: &str, reply: &ExecuteReply) -> V {
    let Some(OutputValue::Written(Some(format))) = reply.outputs.get(name) else {
        panic!("no output {name}: {reply:?}");
    };
    let data = ArtifactData {
        data_dir: dir.join("out").join(name).display().to_string(),
        semantic_type: semantic_type.to_owned(),
        format: format.clone(),
        handle: None,
    };
    V::read(&data).unwrap()
}
// ANCHOR_END: harness

fn sequences(seqs: &[&str]) -> DnaSequences {
    let records = seqs
        .iter()
        .enumerate()
        .map(|(i, s)| Record {
            id: format!("s{i}"),
            description: String::new(),
            sequence: (*s).to_owned(),
        })
        .collect();
    DnaSequences(records)
}

#[test]
fn the_plugin_builds_with_its_actions_and_examples() {
    let plugin = plugin();
    let descriptor = plugin.descriptor();
    assert_eq!(descriptor.name, "kmers");
    let actions: Vec<(&str, usize)> = descriptor
        .actions
        .iter()
        .map(|a| (a.id.as_str(), a.examples.len()))
        .collect();
    assert_eq!(
        actions,
        [
            ("count_kmers", 1),
            ("split_sequences", 0),
            ("merge_counts", 0),
            ("summarize", 1),
            ("count_and_summarize", 1)
        ]
    );
}

// ANCHOR: test_method
#[test]
fn count_kmers_counts_every_window() {
    let dir = tempfile::tempdir().unwrap();
    let seqs = artifact(dir.path(), "FeatureData[Sequence]", &sequences(&["ACGTAC"]));
    let reply = run(
        dir.path(),
        "count_kmers",
        vec![("sequences", InputValue::Artifact(seqs))],
        vec![("k", ParamValue::Int(2))],
        &["counts"],
    )
    .unwrap();
    let counts: KmerCounts = output(dir.path(), "counts", "KmerCounts", &reply);
    assert_eq!(counts.k, 2);
    assert_eq!(counts.to_tsv(), "kmer\tcount\nAC\t2\nCG\t1\nGT\t1\nTA\t1\n");
}
// ANCHOR_END: test_method

#[test]
fn count_kmers_refuses_a_k_that_is_not_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let seqs = artifact(dir.path(), "FeatureData[Sequence]", &sequences(&["ACGT"]));
    let err = run(
        dir.path(),
        "count_kmers",
        vec![("sequences", InputValue::Artifact(seqs))],
        vec![("k", ParamValue::Str("four".into()))],
        &["counts"],
    )
    .unwrap_err();
    assert!(err.starts_with("parameter 'k' is a Str"), "{err}");
}

#[test]
fn split_then_merge_gives_the_counts_of_the_whole() {
    let dir = tempfile::tempdir().unwrap();
    let all = sequences(&["ACGTAC", "TTGCA", "GGGA"]);
    let seqs = artifact(dir.path(), "FeatureData[Sequence]", &all);
    let reply = run(
        dir.path(),
        "split_sequences",
        vec![("sequences", InputValue::Artifact(seqs))],
        vec![("batch_size", ParamValue::Int(2))],
        &["batches"],
    )
    .unwrap();
    let Some(OutputValue::Collection(batches)) = reply.outputs.get("batches") else {
        panic!("{reply:?}");
    };
    let keys: Vec<&str> = batches.iter().map(|(key, _)| key.as_str()).collect();
    assert_eq!(keys, ["0", "1"]);

    let parts = ["ACGTAC TTGCA", "GGGA"].map(|batch| {
        let counts = KmerCounts::count(2, batch.split(' '));
        artifact(dir.path(), "KmerCounts", &counts)
    });
    let members = vec![
        ("0".to_owned(), parts[0].clone()),
        ("1".to_owned(), parts[1].clone()),
    ];
    let merge_dir = tempfile::tempdir().unwrap();
    let reply = run(
        merge_dir.path(),
        "merge_counts",
        vec![("counts", InputValue::Collection(members))],
        vec![],
        &["merged"],
    )
    .unwrap();
    let merged: KmerCounts = output(merge_dir.path(), "merged", "KmerCounts", &reply);
    let whole = KmerCounts::count(2, all.0.iter().map(|r| r.sequence.as_str()));
    assert_eq!(merged, whole);
}

#[test]
fn merging_counts_of_different_k_fails_naming_the_member() {
    let dir = tempfile::tempdir().unwrap();
    let two = artifact(dir.path(), "KmerCounts", &KmerCounts::count(2, ["ACGT"]));
    let three = artifact(dir.path(), "KmerCounts", &KmerCounts::count(3, ["ACGT"]));
    let members = vec![("a".to_owned(), two), ("b".to_owned(), three)];
    let err = run(
        dir.path(),
        "merge_counts",
        vec![("counts", InputValue::Collection(members))],
        vec![],
        &["merged"],
    )
    .unwrap_err();
    assert_eq!(
        err,
        "member 'b' counts 3-mers but the first member counts 2-mers"
    );
}

// ANCHOR: test_visualizer
#[test]
fn summarize_writes_a_page_of_the_top_kmers() {
    let dir = tempfile::tempdir().unwrap();
    let counts = KmerCounts::count(2, ["AAAAC"]);
    let input = artifact(dir.path(), "KmerCounts", &counts);
    run(
        dir.path(),
        "summarize",
        vec![("counts", InputValue::Artifact(input))],
        vec![("top", ParamValue::Int(1))],
        &["visualization"],
    )
    .unwrap();
    let page = std::fs::read_to_string(dir.path().join("out/visualization/index.html")).unwrap();
    assert!(
        page.contains("<tr><td>AA</td><td>3</td><td>75.00</td></tr>"),
        "{page}"
    );
    assert!(!page.contains("<td>AC</td>"), "{page}");
}

#[test]
fn the_summary_shows_markup_in_a_kmer_as_text() {
    let mut counts = KmerCounts::count(2, ["AC"]);
    counts.counts.insert("<script>alert(1)</script>".into(), 5);
    let page = crate::summary_html(&counts, 1);
    assert!(
        page.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"),
        "{page}"
    );
    assert!(!page.contains("<script>"), "{page}");
}
// ANCHOR_END: test_visualizer

#[test]
fn the_example_data_factories_write_valid_data() {
    let dir = tempfile::tempdir().unwrap();
    let counts = example_data::counts().unwrap();
    let format = counts.write(dir.path()).unwrap();
    KmerCountsDirectoryFormat::validate(dir.path(), qiime2_plugin::plugin::ValidationLevel::Max)
        .unwrap();
    assert_eq!(format, KmerCountsDirectoryFormat::NAME);
    assert_eq!(example_data::sequences().unwrap().0.len(), 6);
}

#[test]
fn an_empty_collection_cannot_be_merged() {
    let dir = tempfile::tempdir().unwrap();
    let err = run(
        dir.path(),
        "merge_counts",
        vec![("counts", InputValue::Collection(Vec::new()))],
        vec![],
        &["merged"],
    )
    .unwrap_err();
    assert_eq!(err, "there are no counts to merge");
}
// ANCHOR_END: all
