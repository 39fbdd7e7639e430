//! The generated help: the root and plugin listings, an action's sections, unknown actions.

use predicates::prelude::*;

use super::{qiime_in, text};

#[test]
fn the_root_help_lists_plugins_beside_the_static_commands() {
    let dir = tempfile::tempdir().unwrap();
    let out = qiime_in(dir.path()).arg("--help").assert().success();
    let out = text(&out.get_output().stdout);
    for expected in ["info", "tools", "mystery-stew", "Tests the plugin system."] {
        assert!(out.contains(expected), "no {expected:?} in:\n{out}");
    }
}

#[test]
fn a_plugin_lists_its_actions_with_their_names() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["mystery-stew", "--help"][..], &["mystery-stew"][..]] {
        let out = qiime_in(dir.path()).args(args).output().unwrap();
        let listing = text(&out.stdout) + &text(&out.stderr);
        for expected in [
            "Usage: qiime mystery-stew [OPTIONS] <COMMAND>",
            "--citations",
            "concatenate-ints",
            "Concatenate integers.",
            "summarize-ints",
            "split-and-rejoin",
        ] {
            assert!(listing.contains(expected), "no {expected:?} in:\n{listing}");
        }
    }
}

#[test]
fn an_action_help_has_q2cli_sections_types_and_markers() {
    let dir = tempfile::tempdir().unwrap();
    let out = qiime_in(dir.path())
        .args(["mystery-stew", "concatenate-ints", "--help"])
        .assert()
        .success();
    let help = text(&out.get_output().stdout);
    assert!(
        help.starts_with(
            "Usage: qiime mystery-stew concatenate-ints [OPTIONS]\n\n  Joins two integer sequences"
        ),
        "{help}"
    );
    for line in [
        "Inputs:",
        "  --i-ints1 ARTIFACT IntSequence1 | IntSequence2",
        "  --i-ints2 ARTIFACT IntSequence1",
        "Parameters:",
        "  --p-int1 INTEGER        Appended after the sequences.             [required]",
        "  --p-int2 INTEGER        Appended last; not negative.              [required]",
        "    Range(0, None)",
        "Outputs:",
        "  --o-concatenated-ints ARTIFACT IntSequence1",
        "Miscellaneous:",
        "  --output-dir PATH       Write each output not given by its own option into",
        "  --help                  Show this message and exit.",
    ] {
        assert!(
            help.lines().any(|l| l == line),
            "no line {line:?} in:\n{help}"
        );
    }
    assert!(help.lines().all(|l| l.chars().count() <= 78), "{help}");
    // without any option the help is shown too
    qiime_in(dir.path())
        .args(["mystery-stew", "concatenate-ints"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "Usage: qiime mystery-stew concatenate-ints [OPTIONS]",
        ));
}

#[test]
fn help_shows_flags_choices_defaults_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let help = |action: &str| {
        let out = qiime_in(dir.path())
            .args(["mystery-stew", action, "--help"])
            .assert()
            .success();
        text(&out.get_output().stdout)
    };
    let primitive = help("primitive-params");
    assert!(primitive.contains("  --p-bool-param / --p-no-bool-param\n"));
    assert!(primitive.contains("  --p-float-param NUMBER  Any number."));
    let predicates = help("predicate-params");
    assert!(predicates.contains("  --p-choice TEXT Choices('apple', 'banana', 'cherry')\n"));
    assert!(predicates.contains("[default: 0]\n"));
    let metadata = help("metadata-params");
    assert!(metadata.contains("  --m-metadata-file METADATA...\n    (multiple arguments"));
    assert!(metadata.contains("  --m-column-column COLUMN  MetadataColumn[Categorical]\n"));
    let optional = help("optional-params");
    assert!(optional.contains("[optional]\n"));
    let visualizer = help("summarize-ints");
    assert!(visualizer.contains("  --o-visualization VISUALIZATION"));
    assert!(visualizer.contains("[default: 'Integers']"));
}

#[test]
fn help_wraps_to_the_terminal_width() {
    let dir = tempfile::tempdir().unwrap();
    let out = qiime_in(dir.path())
        .env("COLUMNS", "60")
        .args(["mystery-stew", "predicate-params", "--help"])
        .assert()
        .success();
    let help = text(&out.get_output().stdout);
    let widest = help
        .lines()
        .filter(|l| !l.contains("Choices(") && !l.contains("Range("))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(widest <= 58, "{widest}:\n{help}");
}

#[test]
fn usage_examples_are_rendered_under_examples() {
    let dir = tempfile::tempdir().unwrap();
    let out = qiime_in(dir.path())
        .args(["dwq2", "search-and-summarize", "--help"])
        .assert()
        .success();
    let help = text(&out.get_output().stdout);
    assert!(
        help.contains(
            "\nExamples:\n  # ### example: Serial\n  # This example runs the pipeline serially"
        ),
        "{help}"
    );
    assert!(
        help.contains(
            "  qiime dwq2 search-and-summarize \\\n    --i-query-seqs query-seqs.qza \\\n"
        )
    );
}

#[test]
fn an_unknown_action_is_named_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    qiime_in(dir.path())
        .args(["mystery-stew", "concatenate-intz", "--p-int1", "1"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "Error: QIIME 2 plugin 'mystery-stew' has no action 'concatenate-intz'.  \
             Did you mean 'concatenate-ints'?\n",
        );
    qiime_in(dir.path())
        .args(["mystery-stew", "zzzzzz"])
        .assert()
        .code(2)
        .stderr("Error: QIIME 2 plugin 'mystery-stew' has no action 'zzzzzz'.\n");
}

#[test]
fn an_unknown_plugin_is_named_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    qiime_in(dir.path())
        .args(["mystery-stw", "concatenate-ints"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "Error: QIIME 2 has no plugin/command named 'mystery-stw'.  \
             Did you mean 'mystery-stew'?\n",
        );
    qiime_in(dir.path())
        .args(["qqqqqqqq"])
        .assert()
        .code(2)
        .stderr("Error: QIIME 2 has no plugin/command named 'qqqqqqqq'.\n");
}

#[test]
fn plugin_citations_print_the_plugins_own_citations_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = qiime_in(dir.path())
        .args(["dwq2", "--citations"])
        .assert()
        .success();
    let bib = text(&out.get_output().stdout);
    let pm = qiime2::sdk::PluginManager::load_from(crate::common::plugin_dirs());
    let descriptor = &pm.plugin("dwq2").unwrap().descriptor;
    let keys = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with('@'))
            .map(|l| {
                l[l.find('{').unwrap() + 1..]
                    .trim_end_matches(',')
                    .to_owned()
            })
            .collect()
    };
    let mut expected = descriptor.citations.clone();
    expected.sort();
    let mut printed = keys(&bib);
    printed.sort();
    assert!(!expected.is_empty());
    assert_eq!(printed, expected, "{bib}");
    let actions: Vec<&String> = descriptor
        .actions
        .iter()
        .flat_map(|a| &a.citations)
        .collect();
    assert!(
        actions.iter().any(|key| !printed.contains(key)),
        "the actions' own citations are left to their --citations"
    );
    let help = qiime_in(dir.path())
        .args(["dwq2", "--help"])
        .assert()
        .success();
    assert!(text(&help.get_output().stdout).contains("--citations"));
}

#[test]
fn an_unknown_option_is_a_short_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    // Exit 1, as q2cli exits for an action's bad command line.
    let out = qiime_in(dir.path())
        .args(["mystery-stew", "concatenate-ints", "--p-int3", "1"])
        .assert()
        .code(1);
    let err = text(&out.get_output().stderr);
    assert!(err.contains("--p-int3"), "{err}");
    assert!(!err.contains("Inputs:"), "no help dump: {err}");
}

#[test]
fn help_before_a_plugin_or_action_shows_its_help() {
    let dir = tempfile::tempdir().unwrap();
    qiime_in(dir.path())
        .args(["help", "mystery-stew", "summarize-ints"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "Usage: qiime mystery-stew summarize-ints [OPTIONS]\n",
        ));
    let out = qiime_in(dir.path())
        .args(["help", "mystery-stew"])
        .assert()
        .success();
    assert!(text(&out.get_output().stdout).contains("split-ints"));
}

#[test]
fn a_plugins_help_has_qiime2s_options_website_and_sorted_actions() {
    let dir = tempfile::tempdir().unwrap();
    let help = qiime_in(dir.path())
        .args(["dwq2", "--help"])
        .assert()
        .success();
    let help = text(&help.get_output().stdout);
    for expected in [
        "--version",
        "--example-data",
        "--citations",
        "Plugin website: ",
        "Getting user support: ",
    ] {
        assert!(help.contains(expected), "{expected}: {help}");
    }
    let listed: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let mut sorted = listed.clone();
    sorted.sort_unstable();
    assert!(listed.len() > 3, "{help}");
    assert_eq!(listed, sorted, "actions in alphabetical order");
    qiime_in(dir.path())
        .args(["dwq2", "--version"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "QIIME 2 Plugin 'dwq2' version ",
        ));
    qiime_in(dir.path())
        .args(["dwq2", "--example-data", "all"])
        .assert()
        .success();
    assert!(
        dir.path()
            .join("all/search-and-summarize/Serial/query-seqs.qza")
            .is_file()
    );
}
