//! Plans and scripts from small hand-made provenance graphs.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::*;
use crate::plugin::{ActionSignature, BuiltPlugin, demo};
use crate::provenance::parse_action_yaml;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// A node whose record is built from `action` (the lines of the `action` section).
fn node(uuid: Uuid, semantic_type: &str, execution: Uuid, action: &str) -> ProvNode {
    let text = format!(
        "execution:\n    uuid: {execution}\n    runtime:\n        start: 2024-01-01T00:00:00+00:00\n        \
         end: 2024-01-01T00:00:01+00:00\n\naction:\n{action}\n\nenvironment:\n    platform: linux\n    \
         framework:\n        version: 0.1.0\n        website: x\n    plugins: {{}}\n"
    );
    ProvNode {
        uuid,
        semantic_type: semantic_type.to_owned(),
        record: Some(parse_action_yaml(&text, "test.yaml").unwrap()),
        metadata: BTreeMap::new(),
    }
}

fn import(uuid: Uuid, semantic_type: &str) -> ProvNode {
    node(uuid, semantic_type, Uuid::new_v4(), "    type: import")
}

fn call(kind: &str, plugin: &str, action: &str, inputs: &str, params: &str, out: &str) -> String {
    format!(
        "    type: {kind}\n    plugin: !ref 'environment:plugins:{plugin}'\n    action: {action}\n    \
         inputs:\n{inputs}\n    parameters:\n{params}\n    output-name: {out}"
    )
}

/// The demo plugin plus a `split_seqs` method with a collection output.
fn plugin() -> BuiltPlugin {
    demo::build_with(|plugin| {
        plugin
            .method("split_seqs", |_| Ok(()))
            .input("seqs", "FeatureData[Sequence]", "")
            .parameter("verbose", "Bool", "")
            .output("splits", "Collection[FeatureData[Sequence]]", "");
    })
    .unwrap()
}

fn plan(dag: &ProvDag, plugin: &BuiltPlugin) -> Plan {
    let lookup = |p: &str, a: &str| -> Option<&ActionSignature> {
        (p == plugin.descriptor().name)
            .then(|| plugin.descriptor().actions.iter().find(|s| s.id == a))
            .flatten()
    };
    Plan::new(dag, lookup)
}

fn bash(plan: &Plan) -> String {
    render_bash(
        plan,
        &RenderOptions {
            suppress_header: true,
            ..RenderOptions::default()
        },
    )
    .unwrap()
}

/// A pipeline run on two imports: its outputs alias inner results made by a method.
fn pipeline_dag() -> ProvDag {
    let (queries, refs, hits, table, inner) = (id(1), id(2), id(3), id(4), id(5));
    let run = id(100);
    let inputs = format!("    -   query_seqs: {queries}\n    -   reference_seqs: {refs}");
    let params = "    -   n: 3\n    -   title: null";
    let pipeline = |out: &str| {
        call(
            "pipeline",
            "demo",
            "search_and_summarize",
            &inputs,
            params,
            out,
        )
    };
    let inner_call = call(
        "method",
        "demo",
        "local_search",
        &format!("    -   query_seqs: {queries}"),
        "    -   n: 3",
        "hits",
    );
    ProvDag::from_nodes(
        vec![
            import(queries, "FeatureData[Sequence]"),
            import(refs, "FeatureData[Sequence]"),
            node(
                hits,
                "LocalAlignmentSearchResults",
                run,
                &format!("{}\n    alias-of: {inner}", pipeline("hits")),
            ),
            node(table, "Visualization", run, &pipeline("hits_table")),
            node(inner, "LocalAlignmentSearchResults", id(101), &inner_call),
        ],
        &[hits],
    )
}

#[test]
fn a_pipeline_is_one_call_on_its_imported_inputs_and_inner_steps_are_not_replayed() {
    let plugin = plugin();
    let plan = plan(&pipeline_dag(), &plugin);
    assert_eq!(plan.steps.len(), 3);
    assert!(
        matches!(&plan.steps[0], Step::Import { variable, .. } if variable == "feature_data_sequence_0")
    );
    assert!(
        matches!(&plan.steps[1], Step::Import { variable, .. } if variable == "feature_data_sequence_1")
    );
    let call = plan.calls().next().unwrap();
    assert_eq!(
        (call.action.as_str(), call.label.as_str()),
        ("search_and_summarize", "demo_search_and_summarize_0")
    );
    assert!(call.installed);
    // Only `hits` was parsed: `hits_table` was made but is not among the parsed results.
    assert_eq!(
        call.outputs,
        [
            ("hits".to_owned(), Some("hits_0".to_owned())),
            ("hits_table".to_owned(), None)
        ]
    );
    assert_eq!(plan.parsed, [id(3)]);
    let script = bash(&plan);
    assert!(!script.contains("local-search"), "{script}");
    assert!(script.contains(
        "qiime demo search-and-summarize \\\n  --i-query-seqs feature-data-sequence-0.qza \\\n  \
         --i-reference-seqs feature-data-sequence-1.qza \\\n  --p-n 3 \\\n  --o-hits hits-0.qza \\\n  \
         --o-hits-table XX-hits-table.qzv\n"
    ), "{script}");
    assert_eq!(script.matches("--input-path <your data here>").count(), 2);
    let python = render_python(&plan, &RenderOptions::default());
    assert!(
        python.contains("hits_0, _ = demo_actions.search_and_summarize(\n"),
        "{python}"
    );
    assert!(
        python.contains("    n=3,\n)\nhits_0.save('hits_0')\n"),
        "{python}"
    );
    assert!(
        !python.contains("title="),
        "a recorded null is left out: {python}"
    );
}

#[test]
fn collections_are_passed_whole_by_member_or_assembled() {
    let (seqs, a, b, combined, single, built) = (id(1), id(2), id(3), id(4), id(5), id(6));
    let split = call(
        "method",
        "demo",
        "split_seqs",
        &format!("    -   seqs: {seqs}"),
        "    -   verbose: true",
        "",
    );
    let element = |key: &str, i: usize| {
        format!(
            "{}\n    - splits\n    - '{key}'\n    - {i}/2",
            split.trim_end()
        )
    };
    let combine = |uuid, inputs: String| {
        node(
            uuid,
            "FeatureData[Sequence]",
            Uuid::new_v4(),
            &call(
                "method",
                "demo",
                "combine_seqs",
                &inputs,
                "        []",
                "combined",
            ),
        )
    };
    let dag = ProvDag::from_nodes(
        vec![
            import(seqs, "FeatureData[Sequence]"),
            node(a, "FeatureData[Sequence]", id(50), &element("x", 1)),
            node(b, "FeatureData[Sequence]", id(50), &element("y", 2)),
            combine(
                combined,
                format!("    -   splits:\n        -   x: {a}\n        -   y: {b}"),
            ),
            combine(single, format!("    -   splits:\n        -   only: {b}")),
            node(
                built,
                "X",
                Uuid::new_v4(),
                &call(
                    "method",
                    "other",
                    "use_one",
                    &format!("    -   seq: {a}"),
                    "    -   flag: false",
                    "out",
                ),
            ),
        ],
        &[combined, single, built],
    );
    let plugin = plugin();
    let plan = plan(&dag, &plugin);
    let script = bash(&plan);
    assert!(script.contains("qiime demo split-seqs \\\n  --i-seqs feature-data-sequence-0.qza \\\n  --p-verbose \\\n  --o-splits splits-0/\n"), "{script}");
    assert!(
        script.contains(
            "qiime demo combine-seqs \\\n  --i-splits splits-0/ \\\n  --o-combined combined-0.qza\n"
        ),
        "{script}"
    );
    // A collection of one member of another: assembled from the member's file.
    // (the member gets a variable of its own, `splits_1`, as in the Python script).
    assert!(script.contains("mkdir -p splits-2\ncp splits-0/y.qza splits-2/only.qza\nprintf '%s\\n' only > splits-2/.order\n"), "{script}");
    assert!(
        script.contains("  --i-splits splits-2/ \\\n  --o-combined combined-1.qza\n"),
        "{script}"
    );
    // A member given alone, to an action that is not installed: options inferred from provenance.
    assert!(
        script.contains("# NOTE: 'other use-one' is not installed"),
        "{script}"
    );
    assert!(script.contains("qiime other use-one \\\n  --i-seq splits-0/x.qza \\\n  --p-no-flag \\\n  --o-out out-0.qza\n"), "{script}");
    let python = render_python(&plan, &RenderOptions::default());
    assert!(python.contains("seq_0 = splits_0['x']\n"), "{python}");
    assert!(
        python.contains(
            "splits_1 = splits_0['y']\n\nsplits_2 = ResultCollection({\n    'only': splits_1,\n})\n"
        ),
        "{python}"
    );
    assert!(
        python.contains("from qiime2 import ResultCollection\n"),
        "{python}"
    );
}

#[test]
fn results_without_provenance_are_placeholders_listed_once() {
    let (hits, lost) = (id(7), id(8));
    let inputs = format!("    -   hits: !no-provenance '{lost}'");
    let dag = ProvDag::from_nodes(
        vec![node(
            hits,
            "Visualization",
            Uuid::new_v4(),
            &call(
                "visualizer",
                "demo",
                "tabulate",
                &inputs,
                "    -   title: T\n    -   sorted: false\n    -   bogus: 1",
                "visualization",
            ),
        )],
        &[hits],
    );
    let plugin = plugin();
    let plan = plan(&dag, &plugin);
    assert!(
        matches!(&plan.steps[0], Step::NoProvenance { uuid, variable } if *uuid == lost && variable == "no_provenance_node_0")
    );
    let script = bash(&plan);
    assert!(
        script.contains(&format!("# {lost}   no-provenance-node-0.qza\n")),
        "{script}"
    );
    assert!(
        script.contains(
            "  --i-hits no-provenance-node-0.qza \\\n  --p-title T \\\n  --p-no-sorted \\\n"
        ),
        "{script}"
    );
    // A parameter the installed action lacks is flagged for the user to fix.
    assert!(
        script
            .contains("  # FIXME: the installed 'demo tabulate' has no input or parameter 'bogus'"),
        "{script}"
    );
    assert!(
        script.contains("  --p-bogus 1 \\\n  --o-visualization visualization-0.qzv\n"),
        "{script}"
    );
    let python = render_python(&plan, &RenderOptions::default());
    assert!(
        python.contains("no_provenance_node_0 = Artifact.load('no_provenance_node_0.qza')"),
        "{python}"
    );
    assert!(
        python.contains("    # FIXME: the installed action has no input or parameter 'bogus'"),
        "{python}"
    );
    assert!(
        python.contains("visualization_0, = demo_actions.tabulate("),
        "{python}"
    );
}

#[test]
fn metadata_is_a_placeholder_a_recorded_file_or_the_artifacts_viewed() {
    let (hits, table, viewed) = (id(1), id(2), id(3));
    let params = "    -   title: T\n    -   group_by: !metadata 'group_by.tsv'";
    let mut recorded = node(
        table,
        "Visualization",
        id(60),
        &call(
            "visualizer",
            "demo",
            "tabulate",
            &format!("    -   hits: {hits}"),
            params,
            "visualization",
        ),
    );
    recorded
        .metadata
        .insert("group_by".into(), b"id\tphylum\nr1\tP\n".to_vec());
    let from_artifact = call(
        "visualizer",
        "demo",
        "tabulate",
        &format!("    -   hits: {hits}"),
        &format!("    -   title: U\n    -   group_by: !metadata '{hits}:group_by.tsv'"),
        "visualization",
    );
    let dag = ProvDag::from_nodes(
        vec![
            import(hits, "LocalAlignmentSearchResults"),
            recorded,
            node(viewed, "Visualization", id(61), &from_artifact),
        ],
        &[table, viewed],
    );
    let plugin = plugin();
    let plan = plan(&dag, &plugin);
    let placeholder = bash(&plan);
    assert!(placeholder.contains("  --m-group-by-file <your metadata filepath> \\\n  --m-group-by-column '<column name>' \\\n"), "{placeholder}");
    assert!(
        placeholder.contains("  --m-group-by-file local-alignment-search-results-0.qza \\\n"),
        "{placeholder}"
    );
    let dir = tempfile::tempdir().unwrap();
    let written = dump_recorded_metadata(&plan, dir.path()).unwrap();
    let file = dir.path().join("demo_tabulate_0/group_by_0.tsv");
    assert_eq!(written, std::slice::from_ref(&file));
    assert_eq!(std::fs::read(&file).unwrap(), b"id\tphylum\nr1\tP\n");
    let options = RenderOptions {
        metadata_dir: Some(dir.path().to_path_buf()),
        use_recorded_metadata: true,
        suppress_header: true,
    };
    let recorded = render_bash(&plan, &options).unwrap();
    assert!(
        recorded.contains(&format!(
            "  --m-group-by-file {} \\\n  --m-group-by-column phylum \\\n",
            file.display()
        )),
        "{recorded}"
    );
    let python = render_python(&plan, &options);
    assert!(python.contains(&format!("group_by_0_md = Metadata.load('{}')\ngroup_by_0_mdc = group_by_0_md.get_column('phylum')\n", file.display())), "{python}");
    assert!(
        python.contains("group_by_1_md = local_alignment_search_results_0.view(Metadata)\n"),
        "{python}"
    );
}

#[test]
fn metadata_options_that_cannot_work_are_refused() {
    let choice = |parsed, dump, use_recorded, out_dir_given| {
        MetadataChoice {
            parsed,
            dump,
            use_recorded,
            out_dir_given,
        }
        .check()
    };
    assert!(choice(true, true, false, false).is_ok());
    assert!(choice(true, true, true, true).is_ok());
    assert!(choice(false, false, false, false).is_ok());
    let err = choice(false, true, false, false).unwrap_err().to_string();
    assert!(err.contains("--no-dump-recorded-metadata"), "{err}");
    assert!(choice(false, false, false, true).is_err());
    assert!(
        choice(false, false, true, false)
            .unwrap_err()
            .to_string()
            .contains("--no-parse-metadata")
    );
    assert!(
        choice(true, false, true, false)
            .unwrap_err()
            .to_string()
            .contains("--dump-recorded-metadata")
    );
}
