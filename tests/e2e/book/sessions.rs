//! The shell sessions of the book run and print what the book shows.
//!
//! A session is a code block whose info string is exactly `console`: lines starting with `$ `
//! are commands (a line ending in `\` continues on the next, and a here-document, `<<'EOF'`,
//! runs to its `EOF` line), the lines after a command are its
//! output (stdout and stderr together). In the output, `[..]` stands for any text within a
//! line and a line `...` for any number of lines. Blocks marked `console,ignore` (building and
//! installing, which the other tests do their own way) are not run.
//!
//! The sessions of one page run in order in one fresh folder, with `qiime` on `PATH` and the
//! `types`, `dwq2` and tutorial (`kmers`) plugins on `QIIME2_PLUGIN_PATH`. `cd` is followed.

use std::path::{Path, PathBuf};

use regex::Regex;

use super::{book_src, sandbox_with};

/// One command of a session and the output the book shows for it.
#[derive(Debug)]
struct Step {
    command: String,
    expected: Vec<String>,
}

/// The steps of every `console` block of a page, in order.
fn steps(markdown: &str) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut in_session = false;
    let mut in_other = false;
    let mut continued = false;
    let mut heredoc: Option<String> = None;
    for line in markdown.lines() {
        if let Some(end) = &heredoc {
            let step = steps.last_mut().unwrap();
            step.command.push('\n');
            step.command.push_str(line);
            if line == end {
                heredoc = None;
            }
            continue;
        }
        let fence = line.trim_start().strip_prefix("```");
        match fence {
            Some(info) if !in_session && !in_other => {
                in_session = info.trim() == "console";
                in_other = !in_session;
                continue;
            }
            Some(_) => {
                in_session = false;
                in_other = false;
                continue;
            }
            None => {}
        }
        if !in_session {
            continue;
        }
        if continued {
            let step = steps.last_mut().unwrap();
            step.command.push('\n');
            step.command.push_str(line);
            continued = line.ends_with('\\');
        } else if let Some(command) = line.strip_prefix("$ ") {
            steps.push(Step {
                command: command.to_owned(),
                expected: Vec::new(),
            });
            continued = command.ends_with('\\');
            heredoc = heredoc_end(command);
        } else {
            let step = steps
                .last_mut()
                .unwrap_or_else(|| panic!("output before any command: {line:?}"));
            step.expected.push(line.to_owned());
        }
    }
    steps
}

/// The line ending the here-document a command starts (`cat > f <<'EOF'`), if it starts one.
fn heredoc_end(command: &str) -> Option<String> {
    let (_, rest) = command.split_once("<<")?;
    let word = rest.trim().trim_start_matches('-');
    let word = word.split_whitespace().next()?;
    Some(word.trim_matches(|c| c == '\'' || c == '"').to_owned())
}

/// A pattern matching the output the book shows, with its placeholders.
fn pattern(expected: &[String]) -> Regex {
    let mut re = String::from("^");
    for line in expected {
        if line == "..." {
            re.push_str("(?:[^\n]*\n)*?");
        } else {
            let parts: Vec<String> = line.split("[..]").map(regex::escape).collect();
            re.push_str(&parts.join("[^\n]*"));
            re.push('\n');
        }
    }
    re.push('$');
    Regex::new(&re).unwrap()
}

/// Runs the sessions of the page `page` in a fresh folder; returns how many commands ran.
fn run_page(page: &Path, path_var: &std::ffi::OsStr, plugins: &Path, home: &Path) -> usize {
    let markdown = std::fs::read_to_string(page).unwrap();
    let steps = steps(&markdown);
    let start = tempfile::tempdir().unwrap();
    let mut cwd = start.path().to_path_buf();
    for step in &steps {
        if let Some(dir) = step.command.strip_prefix("cd ") {
            cwd = cwd.join(dir.trim());
            assert!(
                cwd.is_dir(),
                "{}: no folder {}",
                page.display(),
                cwd.display()
            );
            continue;
        }
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("exec 2>&1\n{}", step.command))
            .current_dir(&cwd)
            .env("PATH", path_var)
            .env("QIIME2_PLUGIN_PATH", plugins)
            .env("COLUMNS", "80")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env_remove("QIIME2_CONFIG")
            .output()
            .unwrap();
        let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
        if !output.is_empty() && !output.ends_with('\n') {
            output.push('\n');
        }
        assert!(
            pattern(&step.expected).is_match(&output),
            "{}: `$ {}` printed\n{output}\nbut the book shows\n{}",
            page.display(),
            step.command,
            step.expected.join("\n")
        );
    }
    steps.len()
}

/// The book's markdown pages, recursively, in name order.
pub(super) fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            found.extend(pages(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
    found
}

#[test]
fn the_shell_sessions_of_the_book_print_what_it_shows() {
    let sandbox = sandbox_with(&["q2_types_plugin", "q2_dwq2", "q2_kmers"]);
    let path_var = std::env::join_paths(std::iter::once(sandbox.bin()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut ran = 0;
    for page in pages(&book_src()) {
        ran += run_page(&page, &path_var, &sandbox.plugins(), home.path());
    }
    assert!(ran >= 10, "only {ran} commands ran");
}

#[test]
fn session_blocks_are_read_with_their_placeholders() {
    let markdown = "text\n```console\n$ echo a \\\n  b\na b\n$ true\n```\n```console,ignore\n$ no\n```\n\
                    ```rust\n$ not a command\n```\n```console\n$ cat > f <<'EOF'\nx\nEOF\n$ cat f\nx\n```\n";
    let steps = steps(markdown);
    assert_eq!(steps.len(), 4, "{steps:?}");
    assert_eq!(steps[2].command, "cat > f <<'EOF'\nx\nEOF");
    assert_eq!(steps[3].expected, ["x"]);
    assert_eq!(steps[0].command, "echo a \\\n  b");
    assert_eq!(steps[0].expected, ["a b"]);
    assert!(steps[1].expected.is_empty());
    let p = pattern(&[
        "Saved [..] to: x".to_owned(),
        "...".to_owned(),
        "end".to_owned(),
    ]);
    assert!(p.is_match("Saved KmerCounts to: x\none\ntwo\nend\n"));
    assert!(p.is_match("Saved a to: x\nend\n"));
    assert!(!p.is_match("Saved a to: y\nend\n"));
    assert!(!p.is_match("Saved a to: x\nend\nmore\n"));
}
