//! Tests over the real QIIME 2 archives in the shared fixtures folder, and
//! end-to-end tests of parsing, emitting and writing provenance.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use uuid::Uuid;

use super::*;

/// Extracts every fixture archive into a temporary directory; `None` (with a
/// note) when the fixtures folder is absent.
fn extracted_fixtures() -> Option<tempfile::TempDir> {
    let dir = crate::test_fixtures::fixtures_dir()?;
    let out = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if ext != "qza" && ext != "qzv" {
            continue;
        }
        let target = out.path().join(path.file_name().unwrap());
        let file = std::fs::File::open(&path).unwrap();
        zip::ZipArchive::new(file)
            .unwrap()
            .extract(&target)
            .unwrap();
    }
    Some(out)
}

fn files_named(root: &Path, name: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == name)
        .map(|e| e.into_path())
        .collect();
    found.sort();
    found
}

/// The root `provenance/` directory of an extracted archive.
fn provenance_root(extracted: &Path, archive: &str) -> PathBuf {
    let dir = extracted.join(archive);
    let root = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    root.join("provenance")
}

#[test]
fn every_fixture_record_round_trips_byte_for_byte() {
    let Some(fx) = extracted_fixtures() else {
        return;
    };
    let files = files_named(fx.path(), "action.yaml");
    assert!(
        files.len() >= 30,
        "expected many records, found {}",
        files.len()
    );
    let mut kinds = std::collections::BTreeSet::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let record = read_action_yaml(&path).unwrap();
        kinds.insert(match &record.action {
            Action::Import(_) => "import",
            Action::Call(c) => c.kind.as_str(),
        });
        assert_eq!(render_action_yaml(&record), text, "{}", path.display());
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["import", "method", "pipeline", "visualizer"]
    );
}

#[test]
fn every_fixture_duration_matches_its_start_and_end() {
    let Some(fx) = extracted_fixtures() else {
        return;
    };
    let mut checked = 0;
    for path in files_named(fx.path(), "action.yaml") {
        let doc: serde_norway::Value =
            serde_norway::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let rt = &doc["execution"]["runtime"];
        let start = chrono::DateTime::parse_from_rfc3339(rt["start"].as_str().unwrap()).unwrap();
        let end = chrono::DateTime::parse_from_rfc3339(rt["end"].as_str().unwrap()).unwrap();
        assert_eq!(
            duration_text(&start, &end),
            rt["duration"].as_str().unwrap(),
            "{}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 30);
}

#[test]
fn fixture_records_parse_into_the_expected_model() {
    let Some(fx) = extracted_fixtures() else {
        return;
    };
    let prov = provenance_root(fx.path(), "serial-hits-table.qzv");
    let root = read_action_yaml(&prov.join("action/action.yaml")).unwrap();
    let Action::Call(call) = &root.action else {
        panic!("pipeline expected")
    };
    assert_eq!(call.kind, ActionKind::Pipeline);
    assert_eq!(call.plugin, "dwq2");
    assert_eq!(call.action, "search_and_summarize");
    assert_eq!(
        call.alias_of,
        Some(Uuid::parse_str("2e1efd53-7262-47cb-8d54-1d99721dc005").unwrap())
    );
    assert_eq!(
        call.parameters[0],
        (
            "reference_metadata".to_string(),
            ParamValue::Metadata {
                file: "reference_metadata.tsv".into(),
                artifacts: vec![]
            }
        )
    );
    assert_eq!(
        call.parameters[7],
        ("mismatch_score".to_string(), ParamValue::Int(-3))
    );
    assert_eq!(
        root.execution.execution_context,
        Some(ExecutionContext::Synchronous)
    );
    assert!(root.transformers.is_none());
    let env = &root.environment;
    assert_eq!(env.python_packages.as_ref().unwrap()["idna"], "3.20");
    assert!(env.rust_packages.is_none());

    let combine = read_action_yaml(
        &prov.join("artifacts/60bda04e-c8c6-4565-854f-ceb1336f811f/action/action.yaml"),
    )
    .unwrap();
    let Action::Call(call) = &combine.action else {
        panic!("method expected")
    };
    let InputValue::Collection(pairs) = &call.inputs[0].1 else {
        panic!("collection expected")
    };
    assert_eq!(pairs.len(), 5);
    assert_eq!(pairs[0].0, "0");
    assert!(call.parameters.is_empty());

    let split = read_action_yaml(
        &prov.join("artifacts/32581a9d-35fe-4dd7-a95d-305d71d0d592/action/action.yaml"),
    )
    .unwrap();
    let Action::Call(call) = &split.action else {
        panic!("method expected")
    };
    assert_eq!(
        call.output_name,
        OutputName::Element {
            name: "splits".into(),
            key: "3".into(),
            index: 4,
            size: 5
        }
    );

    let import = read_action_yaml(
        &prov.join("artifacts/36b26c53-8b66-423e-9764-718ae33113e2/action/action.yaml"),
    )
    .unwrap();
    let Action::Import(imp) = &import.action else {
        panic!("import expected")
    };
    assert_eq!(imp.format.as_deref(), Some("DNAFASTAFormat"));
    assert_eq!(imp.manifest.as_ref().unwrap()[0].name, "query.fasta");
    assert_eq!(import.execution.execution_context, None);
    assert_eq!(import.transformers.as_ref().unwrap().output[0].plugin, None);
}

#[test]
fn fixture_bib_files_render_back_unchanged() {
    let Some(fx) = extracted_fixtures() else {
        return;
    };
    let files = files_named(fx.path(), "citations.bib");
    assert!(!files.is_empty());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            Citations::read(&path).unwrap().render(),
            text,
            "{}",
            path.display()
        );
    }
}

#[test]
fn collect_citations_from_a_fixture_provenance_dir() {
    let Some(fx) = extracted_fixtures() else {
        return;
    };
    let prov = provenance_root(fx.path(), "serial-hits.qza");
    let mut expected = std::collections::BTreeSet::new();
    for path in files_named(&prov, "citations.bib") {
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if let Some(rest) = line.strip_prefix('@') {
                let key = rest.split_once('{').unwrap().1.trim_end_matches(',');
                expected.insert(key.to_string());
            }
        }
    }
    let all = collect_citations(&prov).unwrap();
    assert_eq!(all.len(), expected.len());
    assert_eq!(
        all.keys()
            .map(str::to_string)
            .collect::<std::collections::BTreeSet<_>>(),
        expected
    );
    // The root file comes first.
    assert_eq!(all.keys().next(), Some("framework|qiime2:2025.4.0.dev0|0"));
    assert!(
        all.get("action|dwq2:0+untagged.13.gc7cdf95|method:local_alignment_search|1")
            .is_some()
    );
}

fn sample_environment() -> Environment {
    let mut plugins = IndexMap::new();
    plugins.insert(
        "dwq2".to_string(),
        PackageInfo {
            version: "0.1.0".into(),
            website: "https://example.org".into(),
            citations: vec!["plugin|dwq2:0.1.0|0".into()],
        },
    );
    let mut rust = IndexMap::new();
    rust.insert("qiime2".to_string(), "0.1.0".to_string());
    rust.insert("serde".to_string(), "1.0".to_string());
    Environment {
        platform: "linux-x86_64".into(),
        python: None,
        framework: PackageInfo {
            version: "0.1.0".into(),
            website: "https://qiime2.org".into(),
            citations: vec!["framework|qiime2:0.1.0|0".into()],
        },
        plugins,
        python_packages: None,
        rust_packages: Some(rust),
    }
}

fn sample_call() -> CallAction {
    CallAction {
        kind: ActionKind::Method,
        plugin: "dwq2".into(),
        action: "demo".into(),
        inputs: vec![
            ("a".into(), InputValue::Uuid(Uuid::nil())),
            ("b".into(), InputValue::None),
            ("c".into(), InputValue::Set(vec![Uuid::nil()])),
            ("d".into(), InputValue::List(vec![])),
            ("e".into(), InputValue::NoProvenance(Uuid::nil())),
        ],
        parameters: vec![
            ("flag".into(), ParamValue::Bool(true)),
            ("ratio".into(), ParamValue::Float(0.5)),
            ("tiny".into(), ParamValue::Float(1e-5)),
            (
                "names".into(),
                ParamValue::List(vec![
                    ParamValue::Str("yes".into()),
                    ParamValue::Str("x y".into()),
                ]),
            ),
            ("tags".into(), ParamValue::Set(vec![ParamValue::Int(1)])),
            (
                "md".into(),
                ParamValue::Metadata {
                    file: "md.tsv".into(),
                    artifacts: vec![Uuid::nil(), Uuid::nil()],
                },
            ),
            (
                "coll".into(),
                ParamValue::Collection(vec![("k".into(), ParamValue::Str("v".into()))]),
            ),
            ("none".into(), ParamValue::Null),
        ],
        output_name: OutputName::Plain("out".into()),
        alias_of: None,
        citations: vec![],
    }
}

#[test]
fn new_records_render_and_parse_back() {
    let mut execution = Execution::begin(Some(ExecutionContext::Parsl {
        parsl_type: "ThreadPoolExecutor".into(),
    }));
    execution.finish();
    assert!(execution.runtime.end >= execution.runtime.start);
    let record = ActionRecord::action(execution, sample_call(), None, sample_environment());
    let text = render_action_yaml(&record);
    let nil = Uuid::nil();
    for expected in [
        "    execution_context:\n        type: parsl\n        parsl_type: ThreadPoolExecutor\n\naction:\n",
        &format!(
            "    -   a: {nil}\n    -   b: null\n    -   c: !set\n        - {nil}\n    -   d: []\n    -   e: !no-provenance '{nil}'\n"
        ),
        "    -   flag: true\n    -   ratio: 0.5\n    -   tiny: 1.0e-05\n    -   names:\n        - 'yes'\n        - x y\n    -   tags: !set\n        - 1\n",
        &format!(
            "    -   md: !metadata '{nil},{nil}:md.tsv'\n    -   coll:\n        -   k: v\n    -   none: null\n    output-name: out\n\nenvironment:\n"
        ),
        "    platform: linux-x86_64\n    framework:\n",
        "    rust-packages:\n        qiime2: 0.1.0\n        serde: '1.0'\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.contains("python"));
    assert_eq!(parse_action_yaml(&text, "new.yaml").unwrap(), record);
    let odd = text.replace(&format!("'{nil},{nil}:md.tsv'"), "'odd:name.tsv'");
    let Action::Call(call) = parse_action_yaml(&odd, "new.yaml").unwrap().action else {
        panic!()
    };
    assert_eq!(
        call.parameters[5].1,
        ParamValue::Metadata {
            file: "odd:name.tsv".into(),
            artifacts: vec![]
        }
    );

    let mut call = sample_call();
    call.citations = vec!["action|dwq2:0.1.0|pipeline:demo|0".into()];
    call.parameters
        .push(("colour".into(), ParamValue::Color("#ff0000".into())));
    let alias =
        ActionRecord::pipeline_alias(Execution::begin(None), call, nil, sample_environment());
    let text = render_action_yaml(&alias);
    assert!(text.contains("    -   colour: !color '#ff0000'\n    output-name: out\n    citations:\n    - !cite 'action|dwq2:0.1.0|pipeline:demo|0'\n    alias-of: 00000000-0000-0000-0000-000000000000\n\nenvironment:"), "{text}");
    let Action::Call(call) = &alias.action else {
        panic!("call expected")
    };
    assert_eq!(
        (call.kind, call.alias_of),
        (ActionKind::Pipeline, Some(nil))
    );
    assert_eq!(
        parse_action_yaml(&render_action_yaml(&alias), "alias.yaml").unwrap(),
        alias
    );

    let import = ActionRecord::import(
        Execution::begin(Some(ExecutionContext::Synchronous)),
        ImportAction {
            format: None,
            manifest: None,
        },
        None,
        sample_environment(),
    );
    let text = render_action_yaml(&import);
    assert!(text.contains("action:\n    type: import\n\nenvironment:"));
    assert!(!text.contains("execution_context"));
    assert_eq!(parse_action_yaml(&text, "import.yaml").unwrap(), import);
}

#[test]
fn record_files_hold_the_record_its_metadata_and_citations() {
    let mut execution = Execution::begin(Some(ExecutionContext::Synchronous));
    execution.finish();
    let record = ActionRecord::action(execution, sample_call(), None, sample_environment());
    let cites = Citations::parse("@misc{k|0,\n title = {T}\n}\n", "x.bib").unwrap();
    let bib: Arc<str> = cites.render().into();
    let tsvs: [(String, Arc<str>); 1] = [("md".into(), "id\tcol\n".into())];
    let files = record_files(&record, &bib, &tsvs).unwrap();
    let texts: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), &**t)).collect();
    assert_eq!(
        texts,
        [
            ("action/action.yaml", render_action_yaml(&record).as_str()),
            ("action/md.tsv", "id\tcol\n"),
            ("citations.bib", cites.render().as_str()),
        ]
    );
    // A second output of the same call shares the call's texts instead of copying them.
    let other = record_files(&record, &bib, &tsvs).unwrap();
    assert!(Arc::ptr_eq(&files[1].1, &other[1].1));
    assert!(Arc::ptr_eq(&files[2].1, &other[2].1));
    assert!(Arc::ptr_eq(&files[2].1, &bib));
    assert_eq!(
        record_files(&record, &bib, &[("../x".into(), "".into())]).unwrap_err(),
        ProvenanceError::InvalidField {
            file: "provenance/action".into(),
            field: "metadata parameter name".into(),
            expected: "a plain file name stem".into(),
            found: "\"../x\"".into(),
        }
    );
}

const MINIMAL: &str = "execution:
    uuid: 2485dd22-594f-4526-8bfc-fe7a16024337
    runtime:
        start: 2026-11-24T19:36:09.861819+00:00
        end: 2026-11-24T19:36:09.866764+00:00
        duration: 4945 microseconds

action:
    type: import

environment:
    platform: linux-x86_64
    framework:
        version: 1.0.0
        website: https://qiime2.org
    plugins: {}
";

mod errors;
