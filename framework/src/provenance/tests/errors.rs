//! Tests of malformed records and citations: each error names its file and field.

use super::*;

fn err(text: &str) -> ProvenanceError {
    parse_action_yaml(text, "bad.yaml").unwrap_err()
}

fn invalid(field: &str, expected: &str, found: &str) -> ProvenanceError {
    ProvenanceError::InvalidField {
        file: "bad.yaml".into(),
        field: field.into(),
        expected: expected.into(),
        found: found.into(),
    }
}

#[test]
fn minimal_record_round_trips_and_unknown_keys_are_ignored() {
    let record = parse_action_yaml(MINIMAL, "ok.yaml").unwrap();
    assert_eq!(render_action_yaml(&record), MINIMAL);
    let extra = MINIMAL.replace(
        "    type: import\n",
        "    type: import\n    future-key: [1, 2]\n",
    );
    assert_eq!(parse_action_yaml(&extra, "ok.yaml").unwrap(), record);
}

#[test]
fn parse_errors_name_file_and_field() {
    assert_eq!(
        err(&MINIMAL.replace("    uuid: 2485dd22-594f-4526-8bfc-fe7a16024337\n", "")),
        ProvenanceError::MissingField {
            file: "bad.yaml".into(),
            field: "execution.uuid".into()
        }
    );
    assert_eq!(
        err(&MINIMAL.replace("2485dd22-594f-4526-8bfc-fe7a16024337", "not-a-uuid")),
        invalid("execution.uuid", "a uuid", "string \"not-a-uuid\"")
    );
    assert_eq!(
        err(&MINIMAL.replace(
            "start: 2026-11-24T19:36:09.861819+00:00",
            "start: yesterday"
        )),
        invalid(
            "execution.runtime.start",
            "an ISO-8601 timestamp with offset",
            "string \"yesterday\""
        )
    );
    assert_eq!(
        err(&MINIMAL.replace("type: import", "type: magic")),
        invalid(
            "action.type",
            "import, method, visualizer or pipeline",
            "string \"magic\""
        )
    );
    assert_eq!(
        err(&MINIMAL.replace("    platform: linux-x86_64\n", "")),
        ProvenanceError::MissingField {
            file: "bad.yaml".into(),
            field: "environment.platform".into()
        }
    );
    assert_eq!(
        err("- a\n- b\n"),
        invalid("(document)", "a mapping", "a list")
    );
    assert!(
        matches!(err("execution: [\n"), ProvenanceError::Yaml { ref file, .. } if file == "bad.yaml")
    );

    let method = MINIMAL.replace(
        "    type: import\n",
        "    type: method\n    plugin: !ref 'environment:plugins:p'\n    action: act\n    inputs:\n    -   x: 1\n    parameters: []\n    output-name: out\n",
    );
    assert_eq!(
        err(&method),
        invalid(
            "action.inputs.x",
            "an artifact uuid, list, set or collection",
            "number 1"
        )
    );
    let no_output = method
        .replace("    inputs:\n    -   x: 1\n", "    inputs: []\n")
        .replace("    output-name: out\n", "");
    assert_eq!(
        err(&no_output),
        ProvenanceError::MissingField {
            file: "bad.yaml".into(),
            field: "action.output-name".into()
        }
    );
    let bad_cite = no_output.replace(
        "parameters: []\n",
        "parameters: []\n    output-name: o\n    citations:\n    - plain\n",
    );
    assert_eq!(
        err(&bad_cite),
        invalid("action.citations[0]", "a !cite value", "string \"plain\"")
    );
    let bad_pos = no_output.replace(
        "parameters: []\n",
        "parameters: []\n    output-name: [a, b, c]\n",
    );
    assert_eq!(
        err(&bad_pos),
        invalid(
            "action.output-name",
            "a position like '1/5'",
            "string \"c\""
        )
    );
    let two_keys = no_output.replace(
        "parameters: []\n",
        "parameters:\n    -   a: 1\n        b: 2\n    output-name: o\n",
    );
    assert_eq!(
        err(&two_keys),
        invalid(
            "action.parameters[0]",
            "a mapping with exactly one key",
            "a mapping"
        )
    );
    let bad_ctx = MINIMAL.replace(
        "        duration: 4945 microseconds\n",
        "    execution_context:\n        type: parsl\n",
    );
    assert_eq!(
        err(&bad_ctx),
        ProvenanceError::MissingField {
            file: "bad.yaml".into(),
            field: "execution.execution_context.parsl_type".into()
        }
    );
}

#[test]
fn alias_bombs_are_rejected() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i", "j"];
    let mut prev = "a";
    for n in names {
        bomb.push_str(&format!("{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = n;
    }
    assert!(matches!(err(&bomb), ProvenanceError::Yaml { .. }));
}

#[test]
fn citations_parse_merge_and_render() {
    let text = "junk before\n@Article{one|0,\n  Author = {A {Nested} B},\n  year = 2020,\n  title = \"Quoted\",\n}\n\n@misc{two|0, note = {x}}\n";
    let c = Citations::parse(text, "a.bib").unwrap();
    assert_eq!(c.keys().collect::<Vec<_>>(), ["one|0", "two|0"]);
    let one = c.get("one|0").unwrap();
    assert_eq!(one.entry_type, "Article");
    assert_eq!(
        one.fields,
        vec![
            ("Author".into(), "A {Nested} B".into()),
            ("year".into(), "2020".into()),
            ("title".into(), "Quoted".into())
        ]
    );
    assert_eq!(
        c.render(),
        "@Article{one|0,\n Author = {A {Nested} B},\n year = {2020},\n title = {Quoted}\n}\n\n@misc{two|0,\n note = {x}\n}\n"
    );
    let mut merged =
        Citations::parse("@misc{two|0, note = {other}}\n@misc{three|0,}\n", "b.bib").unwrap();
    merged.merge(&c);
    assert_eq!(
        merged.keys().collect::<Vec<_>>(),
        ["two|0", "three|0", "one|0"]
    );
    assert_eq!(merged.get("two|0").unwrap().fields[0].1, "other");
    assert_eq!(
        merged.get("three|0").unwrap().render(),
        "@misc{three|0,\n}\n"
    );
    assert!(Citations::parse("", "e.bib").unwrap().is_empty());
    assert_eq!(Citations::new().render(), "");
}

#[test]
fn citation_errors_give_file_and_line() {
    let bib = |message: &str, line: usize| ProvenanceError::Bibtex {
        file: "c.bib".into(),
        line,
        message: message.into(),
    };
    assert_eq!(
        Citations::parse("@misc{k,\n t = {open\n", "c.bib").unwrap_err(),
        bib("unbalanced braces in a field value", 3)
    );
    assert_eq!(
        Citations::parse("\n@misc{k,\n t {x}}", "c.bib").unwrap_err(),
        bib("expected 'name = {value}'", 3)
    );
    assert_eq!(
        Citations::parse("@{k, t = {x}}", "c.bib").unwrap_err(),
        bib("expected an entry type after '@'", 1)
    );
    assert_eq!(
        Citations::parse("@misc{, t = {x}}", "c.bib").unwrap_err(),
        bib("expected a citation key", 1)
    );
    assert_eq!(
        Citations::parse("@misc{k, t = {x} y}", "c.bib").unwrap_err(),
        bib("expected ',' or '}' after a field", 1)
    );
    assert_eq!(
        Citations::parse("@misc", "c.bib").unwrap_err(),
        bib("unexpected end of text while reading an entry type", 1)
    );
    let missing = collect_citations(Path::new("/nonexistent/provenance")).unwrap();
    assert!(missing.is_empty());
}
