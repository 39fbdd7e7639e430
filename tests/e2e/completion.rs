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

/// Runs `qiime <args>`, reads one line of its output and closes the pipe, as `| head -1` does;
/// returns the exit status and standard error.
fn first_line_only(args: &[&str]) -> (Option<i32>, String) {
    use std::io::{BufRead, Read};
    let mut child = std::process::Command::new(qiime_with_plugins().get_program())
        .args(args)
        .env("QIIME2_PLUGIN_PATH", crate::common::plugin_path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(!line.is_empty());
    (status.code(), stderr)
}

#[test]
fn a_reader_that_stops_early_ends_qiime_quietly() {
    for args in [
        &["tools", "completion", "bash"][..],
        &["dwq2", "search-and-summarize", "--help"][..],
        &["tools", "list-types"][..],
        &["info"][..],
    ] {
        let (code, stderr) = first_line_only(args);
        assert!(matches!(code, Some(0 | 141)), "{args:?}: {code:?} {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}
