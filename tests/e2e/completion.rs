//! `qiime tools completion`: scripts covering the static commands and the plugins' actions.

use crate::common::qiime_with_plugins;

fn script(shell: &str) -> String {
    let out = qiime_with_plugins()
        .args(["tools", "completion", shell])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn the_bash_script_covers_tools_and_plugin_actions() {
    let bash = script("bash");
    for word in [
        "search-and-summarize",
        "peek",
        "mystery-stew",
        "--i-query-seqs",
    ] {
        assert!(bash.contains(word), "bash completion lacks {word}");
    }
    assert!(bash.contains("complete "), "not a bash completion script");
}

#[test]
fn zsh_and_fish_scripts_are_written_too() {
    assert!(script("zsh").starts_with("#compdef qiime"));
    let fish = script("fish");
    assert!(fish.contains("complete -c qiime"), "{fish}");
    assert!(fish.contains("nw-align"));
    qiime_with_plugins()
        .args(["tools", "completion", "tcsh"])
        .assert()
        .code(2);
}
