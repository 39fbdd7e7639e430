//! Runs each action in-process through the built plugin, with inputs and outputs in temp folders.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use qiime2_plugin::plugin::{
    ArtifactData, BuiltPlugin, ExecuteReply, ExecuteRequest, InputValue, OutputValue, ParamValue,
    ServiceRequest, ValidationLevel, View,
};

use super::*;

fn plugin() -> BuiltPlugin {
    BuiltPlugin::build(&PLUGIN_INFO, env!("CARGO_PKG_NAME")).unwrap()
}

/// One action run: a temp folder holding its inputs and output folders.
struct Run {
    dir: tempfile::TempDir,
    request: ExecuteRequest,
}

impl Run {
    fn new(action: &str, outputs: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let output_dirs = outputs
            .iter()
            .map(|name| {
                let out = dir.path().join("out").join(name);
                std::fs::create_dir_all(&out).unwrap();
                ((*name).to_owned(), out.display().to_string())
            })
            .collect();
        let request = ExecuteRequest {
            action: action.to_owned(),
            inputs: BTreeMap::new(),
            parameters: BTreeMap::new(),
            output_dirs,
        };
        Self { dir, request }
    }

    /// Writes `values` as an artifact's data of `semantic_type` in a new folder.
    fn artifact(&self, semantic_type: &str, values: &[i64]) -> ArtifactData {
        let data_dir = tempfile::tempdir_in(self.dir.path()).unwrap().keep();
        IntSequence(values.to_vec()).write(&data_dir).unwrap();
        ArtifactData {
            data_dir: data_dir.display().to_string(),
            semantic_type: semantic_type.to_owned(),
            format: IntSequenceDirectoryFormat::NAME.to_owned(),
            handle: None,
        }
    }

    fn input(mut self, name: &str, semantic_type: &str, values: &[i64]) -> Self {
        let data = self.artifact(semantic_type, values);
        self.request
            .inputs
            .insert(name.to_owned(), InputValue::Artifact(data));
        self
    }

    fn no_input(mut self, name: &str) -> Self {
        self.request
            .inputs
            .insert(name.to_owned(), InputValue::None);
        self
    }

    fn collection(mut self, name: &str, items: &[(&str, &str, &[i64])]) -> Self {
        let items = items
            .iter()
            .map(|(key, ty, values)| ((*key).to_owned(), self.artifact(ty, values)))
            .collect();
        self.request
            .inputs
            .insert(name.to_owned(), InputValue::Collection(items));
        self
    }

    fn param(mut self, name: &str, value: impl Into<ParamValue>) -> Self {
        self.request
            .parameters
            .insert(name.to_owned(), value.into());
        self
    }

    /// Saves `tsv` as a metadata file and passes it as parameter `name`.
    fn metadata(self, name: &str, tsv: &str) -> Self {
        let path = self.dir.path().join(format!("{name}.tsv"));
        std::fs::write(&path, tsv).unwrap();
        let value = ParamValue::Metadata(path.display().to_string());
        self.param(name, value)
    }

    fn execute(&self) -> Result<ExecuteReply, String> {
        plugin().execute(&self.request)
    }

    fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join("out").join(name)
    }

    fn read<V: View>(&self, dir: &Path, format: &str) -> V {
        V::read(&ArtifactData {
            data_dir: dir.display().to_string(),
            semantic_type: String::new(),
            format: format.to_owned(),
            handle: None,
        })
        .unwrap()
    }

    fn ints(&self, dir: &Path) -> Vec<i64> {
        self.read::<IntSequence>(dir, IntSequenceDirectoryFormat::NAME)
            .0
    }

    fn mapping(&self, output: &str) -> Vec<(String, String)> {
        self.read::<Mapping>(&self.out(output), MappingDirectoryFormat::NAME)
            .0
    }
}

fn written(format: &str) -> OutputValue {
    OutputValue::Written(Some(format.to_owned()))
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn the_plugin_declares_its_types_formats_and_actions() {
    let plugin = plugin();
    let descriptor = plugin.descriptor();
    assert_eq!(descriptor.name, "mystery-stew");
    let types: Vec<_> = descriptor
        .semantic_types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        types,
        ["IntSequence1", "IntSequence2", "Mapping", "Annotations"]
    );
    let classes: Vec<_> = descriptor
        .artifact_classes
        .iter()
        .map(|c| (c.semantic_type.as_str(), c.format.as_str()))
        .collect();
    assert_eq!(
        classes,
        [
            ("IntSequence1", "IntSequenceDirectoryFormat"),
            ("IntSequence2", "IntSequenceDirectoryFormat"),
            ("Mapping", "MappingDirectoryFormat"),
            ("Annotations", "AnnotationsDirectoryFormat"),
        ]
    );
    let as_metadata: Vec<_> = descriptor
        .artifact_classes
        .iter()
        .filter_map(|c| c.metadata_file.as_deref())
        .collect();
    assert_eq!(as_metadata, ["annotations.tsv"]);
    let actions: Vec<_> = descriptor.actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        actions,
        [
            "concatenate_ints",
            "merge_collections",
            "split_ints",
            "primitive_params",
            "predicate_params",
            "collection_params",
            "optional_params",
            "metadata_params",
            "summarize_ints",
            "panic_on_purpose",
            "abort_on_purpose",
            "abort_in_a_step",
            "fail_until",
            "retry_until",
            "chatter",
            "chatter_in_a_step",
            "fail_on_purpose",
            "split_and_rejoin",
            "stamp_time",
            "fan_out",
        ]
    );
}

#[test]
fn validation_is_offered_for_both_directory_formats() {
    let plugin = plugin();
    let run = Run::new("unused", &[]);
    let data = run.artifact("IntSequence1", &[1, 2]);
    let request = validate(IntSequenceDirectoryFormat::NAME, &data.data_dir);
    assert_eq!(plugin.service(&request), Ok(String::new()));
    std::fs::write(Path::new(&data.data_dir).join("ints.txt"), "1\nx\n").unwrap();
    let err = plugin.service(&request).unwrap_err();
    assert!(
        err.ends_with("ints.txt, line 2: expected an integer, found \"x\""),
        "{err}"
    );
    let request = validate(MappingDirectoryFormat::NAME, &data.data_dir);
    assert!(
        plugin
            .service(&request)
            .unwrap_err()
            .contains("mapping.tsv: cannot be read")
    );
}

/// A request to validate the files in `dir` as `format`, fully.
fn validate(format: &str, dir: &str) -> ServiceRequest {
    ServiceRequest::Validate {
        format: format.to_owned(),
        dir: dir.to_owned(),
        level: ValidationLevel::Max,
    }
}

#[test]
fn concatenate_ints_takes_either_member_of_the_union() {
    for first_type in ["IntSequence1", "IntSequence2"] {
        let run = Run::new("concatenate_ints", &["concatenated_ints"])
            .input("ints1", first_type, &[1, 2])
            .input("ints2", "IntSequence1", &[3])
            .param("int1", -4)
            .param("int2", 5);
        let reply = run.execute().unwrap();
        assert_eq!(
            reply.outputs["concatenated_ints"],
            written("IntSequenceDirectoryFormat")
        );
        assert_eq!(run.ints(&run.out("concatenated_ints")), [1, 2, 3, -4, 5]);
    }
}

#[test]
fn a_malformed_input_names_the_input_file_and_line() {
    let run = Run::new("concatenate_ints", &["concatenated_ints"])
        .input("ints1", "IntSequence1", &[1])
        .input("ints2", "IntSequence1", &[2])
        .param("int1", 1)
        .param("int2", 2);
    let InputValue::Artifact(data) = &run.request.inputs["ints2"] else {
        unreachable!()
    };
    std::fs::write(Path::new(&data.data_dir).join("ints.txt"), "7\n8.5\n").unwrap();
    let err = run.execute().unwrap_err();
    assert!(
        err.starts_with("input 'ints2' could not be read: "),
        "{err}"
    );
    assert!(
        err.ends_with("ints.txt, line 2: expected an integer, found \"8.5\""),
        "{err}"
    );
}

#[test]
fn a_missing_or_mistyped_parameter_is_an_error() {
    let run = Run::new("concatenate_ints", &["concatenated_ints"])
        .input("ints1", "IntSequence1", &[1])
        .input("ints2", "IntSequence1", &[2])
        .param("int1", 1);
    assert_eq!(
        run.execute().unwrap_err(),
        "the request has no parameter named 'int2'"
    );
    let run = run.param("int2", "two");
    assert_eq!(
        run.execute().unwrap_err(),
        "parameter 'int2' is a Str (\"two\"), but the plugin reads it as an Int: the plugin's \
         code and its signature disagree"
    );
}

#[test]
fn merge_collections_reads_collections_and_lists_in_key_order() {
    let run = Run::new("merge_collections", &["merged"])
        .collection(
            "collection",
            &[("a", "IntSequence1", &[1]), ("b", "IntSequence2", &[2, 3])],
        )
        .collection(
            "list",
            &[("0", "IntSequence1", &[4]), ("1", "IntSequence1", &[])],
        );
    let reply = run.execute().unwrap();
    assert_eq!(
        reply.outputs["merged"],
        written("IntSequenceDirectoryFormat")
    );
    assert_eq!(run.ints(&run.out("merged")), [1, 2, 3, 4]);
}

#[test]
fn split_ints_writes_a_collection_and_a_list() {
    let run =
        Run::new("split_ints", &["halves", "singles"]).input("ints", "IntSequence2", &[5, 6, 7]);
    let reply = run.execute().unwrap();
    let format = "IntSequenceDirectoryFormat".to_owned();
    assert_eq!(
        reply.outputs["halves"],
        OutputValue::Collection(vec![
            ("first".into(), format.clone()),
            ("second".into(), format.clone())
        ])
    );
    assert_eq!(run.ints(&run.out("halves").join("first")), [5, 6]);
    assert_eq!(run.ints(&run.out("halves").join("second")), [7]);
    let keys: Vec<_> = ["0", "1", "2"]
        .iter()
        .map(|k| ((*k).to_owned(), format.clone()))
        .collect();
    assert_eq!(reply.outputs["singles"], OutputValue::Collection(keys));
    assert_eq!(run.ints(&run.out("singles").join("2")), [7]);
}

#[test]
fn primitive_params_records_each_kind() {
    let run = Run::new("primitive_params", &["params"])
        .param("int_param", -3)
        .param("float_param", 2.5)
        .param("str_param", "stew")
        .param("bool_param", true);
    run.execute().unwrap();
    assert_eq!(
        run.mapping("params"),
        pairs(&[
            ("int_param", "-3"),
            ("float_param", "2.5"),
            ("str_param", "stew"),
            ("bool_param", "true")
        ])
    );
}

#[test]
fn predicate_params_records_choices_and_ranges() {
    let run = Run::new("predicate_params", &["params"])
        .param("choice", "banana")
        .param("closed_range", 10)
        .param("open_start", -1e9)
        .param("open_end", 0.25)
        .param("half_open", 4);
    run.execute().unwrap();
    assert_eq!(
        run.mapping("params"),
        pairs(&[
            ("choice", "banana"),
            ("closed_range", "10"),
            ("open_start", "-1000000000"),
            ("open_end", "0.25"),
            ("half_open", "4"),
        ])
    );
}

#[test]
fn the_signatures_carry_predicates_and_defaults() {
    let plugin = plugin();
    let action = |id: &str| {
        plugin
            .descriptor()
            .actions
            .iter()
            .find(|a| a.id == id)
            .unwrap()
            .clone()
    };
    let predicates = action("predicate_params");
    let types: Vec<_> = predicates
        .parameters
        .iter()
        .map(|p| p.qiime_type.as_str())
        .collect();
    assert_eq!(
        types,
        [
            "Str % Choices('apple', 'banana', 'cherry')",
            "Int % Range(1, 10, inclusive_end=True)",
            "Float % Range(None, 0, inclusive_end=True)",
            "Float % Range(0, None, inclusive_start=False)",
            "Int % Range(0, 5)",
        ]
    );
    assert_eq!(predicates.parameters[4].default, Some(ParamValue::Int(0)));
    let optional = action("optional_params");
    let defaults: Vec<_> = optional
        .parameters
        .iter()
        .map(|p| p.default.clone())
        .collect();
    assert_eq!(
        defaults,
        [
            Some(ParamValue::Null),
            Some(ParamValue::Int(10)),
            Some(ParamValue::Null)
        ]
    );
    assert!(optional.inputs[1].optional && !optional.inputs[0].optional);
}

#[test]
fn collection_params_records_lists_and_sets() {
    let strs = ParamValue::Set(vec!["b".into(), "a".into()]);
    let run = Run::new("collection_params", &["params"])
        .param(
            "int_list",
            ParamValue::List(vec![3.into(), 1.into(), 3.into()]),
        )
        .param("str_set", strs)
        .param("fractions", ParamValue::List(vec![0.5.into(), 0.0.into()]));
    run.execute().unwrap();
    assert_eq!(
        run.mapping("params"),
        pairs(&[
            ("int_list", "3,1,3"),
            ("str_set", "b,a"),
            ("fractions", "0.5,0")
        ])
    );
}

#[test]
fn optional_params_tells_given_from_left_out() {
    let given = Run::new("optional_params", &["report"])
        .input("ints", "IntSequence1", &[1, 2])
        .input("optional_ints", "IntSequence2", &[3])
        .param("num1", 7)
        .param("num2", 0)
        .param("text", "y");
    given.execute().unwrap();
    assert_eq!(
        given.mapping("report"),
        pairs(&[
            ("ints", "1,2"),
            ("optional_ints", "3"),
            ("num1", "7"),
            ("num2", "0"),
            ("text", "y")
        ])
    );
    let left_out = Run::new("optional_params", &["report"])
        .input("ints", "IntSequence1", &[])
        .no_input("optional_ints")
        .param("num1", ParamValue::Null)
        .param("num2", 10)
        .param("text", ParamValue::Null);
    left_out.execute().unwrap();
    assert_eq!(
        left_out.mapping("report"),
        pairs(&[
            ("ints", ""),
            ("optional_ints", "none"),
            ("num1", "none"),
            ("num2", "10"),
            ("text", "none")
        ])
    );
}

const METADATA: &str =
    "id\tbody\tlegs\n#q2:types\tcategorical\tnumeric\nspider\tsmall\t8\nhorse\tlarge\t4\n";

#[test]
fn metadata_params_reads_metadata_and_columns() {
    let run = Run::new("metadata_params", &["report"])
        .metadata("metadata", METADATA)
        .metadata("column", "id\tbody\nspider\tsmall\nhorse\t\n")
        .metadata(
            "numeric_column",
            "id\tlegs\n#q2:types\tnumeric\nspider\t8\nhorse\t4\n",
        );
    run.execute().unwrap();
    assert_eq!(
        run.mapping("report"),
        pairs(&[
            ("ids", "spider,horse"),
            ("columns", "body,legs"),
            ("column", "body=small,"),
            ("numeric_column", "legs=8,4"),
        ])
    );
    let without = Run::new("metadata_params", &["report"])
        .metadata("metadata", METADATA)
        .metadata("column", "id\tbody\nspider\tsmall\n")
        .param("numeric_column", ParamValue::Null);
    without.execute().unwrap();
    assert_eq!(
        without.mapping("report")[3],
        ("numeric_column".into(), "none".into())
    );
}

#[test]
fn a_column_parameter_with_two_columns_is_refused() {
    let run = Run::new("metadata_params", &["report"])
        .metadata("metadata", METADATA)
        .metadata("column", METADATA)
        .param("numeric_column", ParamValue::Null);
    let err = run.execute().unwrap_err();
    assert!(
        err.ends_with(
            "column.tsv: a metadata column parameter holds one column, but the file has 2"
        ),
        "{err}"
    );
    let run = Run::new("metadata_params", &["report"])
        .param("metadata", "not metadata")
        .metadata("column", METADATA);
    assert_eq!(
        run.execute().unwrap_err(),
        "parameter 'metadata' is a Str (\"not metadata\"), but the plugin reads it as Metadata: \
         the plugin's code and its signature disagree"
    );
}

#[test]
fn summarize_ints_writes_an_index_page() {
    let run = Run::new("summarize_ints", &["visualization"])
        .input("ints", "IntSequence1", &[4, -2, 9])
        .param("title", "<Stew>");
    let reply = run.execute().unwrap();
    assert_eq!(reply.outputs["visualization"], OutputValue::Written(None));
    let html = std::fs::read_to_string(run.out("visualization").join("index.html")).unwrap();
    assert!(html.contains("<title>&lt;Stew&gt;</title>"), "{html}");
    for row in [
        "<th>count</th><td>3</td>",
        "<th>sum</th><td>11</td>",
        "<th>min</th><td>-2</td>",
        "<th>max</th><td>9</td>",
    ] {
        assert!(html.contains(row), "{row} missing from {html}");
    }
}

#[test]
fn the_failing_actions_become_errors() {
    let run = Run::new("panic_on_purpose", &["visualization"]);
    let panicked = run.execute().unwrap_err();
    assert!(
        panicked.starts_with("the plugin panicked")
            && panicked.ends_with(": this action always panics"),
        "{panicked}"
    );
    let run = Run::new("fail_on_purpose", &["visualization"]).param("message", "no stew today");
    assert_eq!(run.execute().unwrap_err(), "no stew today");
    let run = Run::new("no_such_action", &[]);
    assert_eq!(
        run.execute().unwrap_err(),
        "plugin 'mystery-stew' has no action 'no_such_action'"
    );
}

#[test]
fn chatter_outputs_how_much_it_wrote() {
    let run = Run::new("chatter", &["ints"]).param("bytes", 100);
    run.execute().unwrap();
    assert_eq!(run.ints(&run.out("ints")), [100]);
    let run = Run::new("chatter", &["ints"]).param("bytes", -1);
    assert_eq!(
        run.execute().unwrap_err(),
        "bytes must not be negative, not -1"
    );
}
