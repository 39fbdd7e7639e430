//! Each broken example or factory, built into the demo plugin, with the exact error it gives.

use crate::plugin::demo::build_with;
use crate::plugin::{ExampleError, ParamValue, PluginBuilder};

/// The error of building the demo plugin plus `extra`.
fn refused(extra: fn(&mut PluginBuilder)) -> String {
    match build_with(extra) {
        Ok(_) => panic!("the plugin was built"),
        Err(message) => message,
    }
}

/// The message of `err` in example `example` of `action`, as the build reports it.
fn in_example(action: &str, example: &str, err: ExampleError) -> String {
    format!("plugin 'demo': action '{action}', usage example '{example}': {err}")
}

fn in_broken(err: ExampleError) -> String {
    in_example("search_and_summarize", "Broken", err)
}

/// Registers example `Broken` of `search_and_summarize` that first defines the usual variables.
macro_rules! broken {
    (|$ex:ident| $body:block) => {
        refused(|plugin| {
            plugin.usage_example("search_and_summarize", "Broken", |$ex| {
                $ex.init_artifact("query_seqs", "query_seqs_factory")
                    .init_artifact("reference_seqs", "reference_seqs_factory")
                    .init_metadata("reference_metadata", "metadata_factory");
                $body
            });
        })
    };
}

#[test]
fn the_demo_examples_pass() {
    assert!(build_with(|_| {}).is_ok());
}

#[test]
fn an_example_of_an_unregistered_action_names_plugin_action_and_example() {
    let err = refused(|plugin| {
        plugin.usage_example("search_and_summarise", "Typo", |ex| {
            ex.comment("never checked");
        });
    });
    assert_eq!(
        err,
        "plugin 'demo': usage example 'Typo' is for action 'search_and_summarise', \
         which the plugin does not register"
    );
}

#[test]
fn example_names_are_folder_safe_and_unique() {
    let err = refused(|plugin| {
        plugin.usage_example("tabulate", "../up", |_| {});
    });
    assert_eq!(
        err,
        in_example(
            "tabulate",
            "../up",
            ExampleError::BadExampleName("../up".into())
        )
    );
    let err = refused(|plugin| {
        plugin.usage_example("tabulate", "..", |_| {});
    });
    assert_eq!(
        err,
        in_example("tabulate", "..", ExampleError::BadExampleName("..".into()))
    );
    let sentence = build_with(|plugin| {
        plugin.usage_example("tabulate", "Tabulate nothing at all.", |_| {});
    });
    assert!(sentence.is_ok(), "{:?}", sentence.err());
    let err = refused(|plugin| {
        plugin.usage_example("search_and_summarize", "Serial", |_| {});
    });
    assert_eq!(
        err,
        in_example(
            "search_and_summarize",
            "Serial",
            ExampleError::DuplicateExample("Serial".into())
        )
    );
    // `a_b` and `a-b` would write their data into the same folder, `a-b`.
    let err = refused(|plugin| {
        plugin.usage_example("tabulate", "one_table", |_| {});
        plugin.usage_example("tabulate", "one-table", |_| {});
    });
    assert_eq!(
        err,
        in_example(
            "tabulate",
            "one-table",
            ExampleError::DuplicateExample("one-table".into())
        )
    );
}

#[test]
fn factories_have_unique_ids_and_one_semantic_type() {
    let err = refused(|plugin| {
        plugin.example_data_metadata("metadata_factory", |_| Ok(()));
    });
    assert_eq!(
        err,
        format!(
            "plugin 'demo': {}",
            ExampleError::DuplicateFactory("metadata_factory".into())
        )
    );
    let err = refused(|plugin| {
        plugin.example_data_artifact("number_factory", "Int", |_| Ok(String::new()));
    });
    let expected = ExampleError::BadFactoryType {
        factory: "number_factory".into(),
        semantic_type: "Int".into(),
    };
    assert_eq!(err, format!("plugin 'demo': {expected}"));
}

#[test]
fn factories_must_exist_and_make_the_right_kind() {
    let err = broken!(|ex| {
        ex.init_artifact("more_seqs", "no_such_factory");
    });
    assert_eq!(
        err,
        in_broken(ExampleError::UnknownFactory("no_such_factory".into()))
    );
    let err = broken!(|ex| {
        ex.init_metadata("more_metadata", "query_seqs_factory");
    });
    let expected = ExampleError::WrongFactoryKind {
        factory: "query_seqs_factory".into(),
        expected: "metadata",
    };
    assert_eq!(err, in_broken(expected));
    let err = broken!(|ex| {
        ex.init_artifact("more_seqs", "metadata_factory");
    });
    let expected = ExampleError::WrongFactoryKind {
        factory: "metadata_factory".into(),
        expected: "an artifact",
    };
    assert_eq!(err, in_broken(expected));
}

#[test]
fn variables_are_defined_once_before_use_with_good_names() {
    let err = broken!(|ex| {
        ex.call("tabulate")
            .input("hits", "hits")
            .param("title", "T")
            .output("visualization", "table");
    });
    assert_eq!(
        err,
        in_broken(ExampleError::UndefinedVariable("hits".into()))
    );
    let err = broken!(|ex| {
        ex.init_artifact("query_seqs", "query_seqs_factory");
    });
    assert_eq!(
        err,
        in_broken(ExampleError::RedefinedVariable("query_seqs".into()))
    );
    let err = broken!(|ex| {
        ex.init_artifact("my seqs", "query_seqs_factory");
    });
    assert_eq!(
        err,
        in_broken(ExampleError::BadVariableName("my seqs".into()))
    );
}

#[test]
fn a_call_of_an_unknown_action_of_this_plugin_is_refused() {
    let err = broken!(|ex| {
        ex.call("summarize").input("hits", "query_seqs");
    });
    assert_eq!(
        err,
        in_broken(ExampleError::UnknownCallAction("summarize".into()))
    );
}

/// A call of `search_and_summarize` with everything required, plus `extra` arguments.
macro_rules! search {
    ($ex:ident $(. $method:ident ( $($arg:expr),* ))*) => {
        $ex.call("search_and_summarize")
            .input("query_seqs", "query_seqs")
            .input("reference_seqs", "reference_seqs")
            $(.$method($($arg),*))*
    };
}

#[test]
fn names_must_be_in_the_signature_and_given_once() {
    let err = broken!(|ex| {
        search!(ex.param("split", 1));
    });
    let expected = ExampleError::UnknownArgument {
        action: "search_and_summarize".into(),
        name: "split".into(),
    };
    assert_eq!(err, in_broken(expected));
    let err = broken!(|ex| {
        search!(ex.output("hit", "hits"));
    });
    let expected = ExampleError::UnknownOutput {
        action: "search_and_summarize".into(),
        name: "hit".into(),
    };
    assert_eq!(err, in_broken(expected));
    let err = broken!(|ex| {
        search!(ex.param("n", 1).param("n", 2));
    });
    let expected = ExampleError::GivenTwice {
        action: "search_and_summarize".into(),
        name: "n".into(),
    };
    assert_eq!(err, in_broken(expected));
}

#[test]
fn required_inputs_parameters_and_all_outputs_are_given() {
    let err = broken!(|ex| {
        ex.call("search_and_summarize")
            .input("query_seqs", "query_seqs")
            .output("hits", "hits")
            .output("hits_table", "hits_table");
    });
    let expected = ExampleError::MissingArgument {
        action: "search_and_summarize".into(),
        kind: "input",
        name: "reference_seqs".into(),
    };
    assert_eq!(err, in_broken(expected));
    let err = broken!(|ex| {
        search!(ex.output("hits", "hits").output("hits_table", "hits_table"));
        ex.call("tabulate")
            .input("hits", "hits")
            .output("visualization", "table");
    });
    let expected = ExampleError::MissingArgument {
        action: "tabulate".into(),
        kind: "parameter",
        name: "title".into(),
    };
    assert_eq!(err, in_broken(expected));
    let err = broken!(|ex| {
        search!(ex.output("hits", "hits"));
    });
    let expected = ExampleError::MissingOutput {
        action: "search_and_summarize".into(),
        name: "hits_table".into(),
    };
    assert_eq!(err, in_broken(expected));
}

#[test]
fn arguments_must_be_of_the_right_kind() {
    let err = broken!(|ex| {
        ex.call("search_and_summarize")
            .param("query_seqs", "ACGT")
            .input("reference_seqs", "reference_seqs");
    });
    let expected = ExampleError::WrongArgument {
        action: "search_and_summarize".into(),
        name: "query_seqs".into(),
        expected: "an artifact variable",
    };
    assert_eq!(err, in_broken(expected));
    let err = broken!(|ex| {
        search!(ex.input("reference_metadata", "reference_metadata"));
    });
    let expected = ExampleError::WrongArgument {
        action: "search_and_summarize".into(),
        name: "reference_metadata".into(),
        expected: "a metadata variable",
    };
    assert_eq!(err, in_broken(expected));
    let err = broken!(|ex| {
        search!(ex.metadata("reference_metadata", "query_seqs"));
    });
    let expected = ExampleError::WrongVariable {
        variable: "query_seqs".into(),
        found: "an artifact",
        expected: "metadata",
    };
    assert_eq!(err, in_broken(expected));
    let err = broken!(|ex| {
        search!(ex.metadata("split_size", "reference_metadata"));
    });
    let expected = ExampleError::WrongArgument {
        action: "search_and_summarize".into(),
        name: "split_size".into(),
        expected: "a value",
    };
    assert_eq!(err, in_broken(expected));
}

#[test]
fn visualizations_and_metadata_are_not_artifacts() {
    let err = broken!(|ex| {
        search!(ex.output("hits", "hits").output("hits_table", "hits_table"));
        ex.call("tabulate")
            .input("hits", "hits_table")
            .param("title", "T")
            .output("visualization", "table");
    });
    let expected = ExampleError::WrongVariable {
        variable: "hits_table".into(),
        found: "a visualization",
        expected: "an artifact",
    };
    assert_eq!(err, in_broken(expected));
}

#[test]
fn an_input_must_accept_the_variables_type() {
    let err = broken!(|ex| {
        ex.init_artifact("one_seq", "one_seq_factory");
        ex.call("search_and_summarize")
            .input("query_seqs", "one_seq")
            .input("reference_seqs", "one_seq");
    });
    let expected = ExampleError::IncompatibleType {
        action: "search_and_summarize".into(),
        name: "reference_seqs".into(),
        variable: "one_seq".into(),
        found: "SingleDNASequence".into(),
        expected: "FeatureData[Sequence]".into(),
    };
    assert_eq!(err, in_broken(expected));
}

#[test]
fn literal_values_must_fit_the_parameter_type() {
    let err = broken!(|ex| {
        search!(ex.param("split_size", 0));
    });
    assert!(
        err.starts_with(&in_broken(ExampleError::BadValue {
            action: "search_and_summarize".into(),
            name: "split_size".into(),
            expected: "Int % Range(1, None)".into(),
            reason: String::new(),
        })),
        "{err}"
    );
    let err = broken!(|ex| {
        search!(ex.output("hits", "hits").output("hits_table", "hits_table"));
        ex.call("tabulate")
            .input("hits", "hits")
            .param("title", ParamValue::Null)
            .output("visualization", "table");
    });
    let expected = ExampleError::BadValue {
        action: "tabulate".into(),
        name: "title".into(),
        expected: "Str".into(),
        reason: "a required parameter needs a value".into(),
    };
    assert_eq!(err, in_broken(expected));
    let err = broken!(|ex| {
        search!(ex.output("hits", "hits").output("hits_table", "hits_table"));
        ex.call("tabulate")
            .input("hits", "hits")
            .param("title", "T")
            .param("columns", ParamValue::List(vec![1.into()]))
            .output("visualization", "table");
    });
    assert!(
        err.contains("the value given to 'columns' of 'tabulate' does not fit List[Str]"),
        "{err}"
    );
}

#[test]
fn calls_of_other_plugins_check_only_their_variables() {
    let built = build_with(|plugin| {
        plugin.usage_example("tabulate", "Foreign", |ex| {
            ex.init_artifact("seqs", "query_seqs_factory");
            ex.call_in("other", "make_hits")
                .input("anything", "seqs")
                .param("whatever", 3)
                .output("result", "other_hits");
            ex.call("tabulate")
                .input("hits", "other_hits")
                .param("title", "T")
                .output("visualization", "table");
        });
    });
    assert!(built.is_ok(), "{:?}", built.err());
    let err = refused(|plugin| {
        plugin.usage_example("tabulate", "Foreign", |ex| {
            ex.call_in("other", "make_hits")
                .input("anything", "nothing");
        });
    });
    assert_eq!(
        err,
        in_example(
            "tabulate",
            "Foreign",
            ExampleError::UndefinedVariable("nothing".into())
        )
    );
}

#[test]
fn collections_come_from_collection_factories_and_fit_collection_inputs() {
    let err = refused(|plugin| {
        plugin.usage_example("combine_seqs", "Broken", |ex| {
            ex.init_artifact_collection("splits", "query_seqs_factory");
        });
    });
    let expected = ExampleError::WrongFactoryKind {
        factory: "query_seqs_factory".into(),
        expected: "an artifact collection",
    };
    assert_eq!(err, in_example("combine_seqs", "Broken", expected));
    let err = broken!(|ex| {
        ex.init_artifact_collection("splits", "seq_splits_factory");
        ex.call("search_and_summarize")
            .input("query_seqs", "query_seqs")
            .input("reference_seqs", "splits");
    });
    let expected = ExampleError::IncompatibleType {
        action: "search_and_summarize".into(),
        name: "reference_seqs".into(),
        variable: "splits".into(),
        found: "Collection[FeatureData[Sequence]]".into(),
        expected: "FeatureData[Sequence]".into(),
    };
    assert_eq!(err, in_broken(expected));
}
