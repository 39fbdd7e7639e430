//! The CLI reference pages of the book (`sdk-docs/src/cli/`) are the real `--help` output of
//! `qiime`, `qiime info`, `qiime tools` and its subcommands, and `qiime dwq2` and its actions.
//! With `Q2RS_BLESS=1` the test rewrites the pages instead of comparing them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{book_src, sandbox_with};
use crate::common::Sandbox;

/// The help of `qiime <args> --help`, at the width the pages use.
fn help(sandbox: &Sandbox, args: &[&str]) -> String {
    let out = sandbox
        .qiime()
        .args(args)
        .arg("--help")
        .env("COLUMNS", "80")
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The subcommands listed under `Commands:` in a help text, without `help`.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// A page: the command as its title, how it was made, and the help verbatim.
fn page(args: &[&str], help: &str) -> String {
    let command = std::iter::once("qiime")
        .chain(args.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "# `{command}`\n\n\
         <!-- Generated from `{command} --help` by tests/e2e/book/cli_reference.rs; do not edit: \
         `Q2RS_BLESS=1 cargo test -p q2rs-e2e book` rewrites it. -->\n\n\
         ```text\n{help}```\n"
    )
}

/// The file name of the page of `qiime <args>`.
fn file_name(args: &[&str]) -> String {
    std::iter::once("qiime")
        .chain(args.iter().copied())
        .collect::<Vec<_>>()
        .join("-")
        + ".md"
}

/// Every page, by file name, in reading order (the index page's order).
fn pages() -> Vec<(String, String, String)> {
    let sandbox = sandbox_with(&["q2_types_plugin", "q2_dwq2"]);
    let mut commands: Vec<Vec<String>> = vec![vec![], vec!["info".to_owned()]];
    for group in ["tools", "dwq2"] {
        commands.push(vec![group.to_owned()]);
        for sub in subcommands(&help(&sandbox, &[group])) {
            commands.push(vec![group.to_owned(), sub]);
        }
    }
    commands
        .iter()
        .map(|args| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let title = std::iter::once("qiime")
                .chain(args.iter().copied())
                .collect::<Vec<_>>()
                .join(" ");
            (file_name(&args), title, page(&args, &help(&sandbox, &args)))
        })
        .collect()
}

/// The index page, `cli.md`: one link per page.
fn index(pages: &[(String, String, String)]) -> String {
    let mut text = String::from(
        "# Command-line reference\n\n\
         Each page below is the `--help` output of one command, as printed by this version of \
         `qiime` with the `dwq2` and `types` plugins installed. The pages are generated and \
         checked by the test suite, so they cannot fall behind the program.\n\n",
    );
    for (file, title, _) in pages {
        text.push_str(&format!("- [`{title}`](cli/{file})\n"));
    }
    text
}

#[test]
fn the_cli_reference_pages_are_the_real_help() {
    let pages = pages();
    let dir = book_src().join("cli");
    let mut expected: BTreeMap<PathBuf, String> = pages
        .iter()
        .map(|(file, _, text)| (dir.join(file), text.clone()))
        .collect();
    expected.insert(book_src().join("cli.md"), index(&pages));
    let present: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    if std::env::var_os("Q2RS_BLESS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for stale in present.iter().filter(|p| !expected.contains_key(*p)) {
            std::fs::remove_file(stale).unwrap();
        }
        for (path, text) in &expected {
            std::fs::write(path, text).unwrap();
        }
    }
    let bless = "run `Q2RS_BLESS=1 cargo test -p q2rs-e2e book` to regenerate";
    if let Some(stale) = present.iter().find(|p| !expected.contains_key(*p)) {
        panic!(
            "{} is not the page of any command; {bless}",
            stale.display()
        );
    }
    for (path, text) in &expected {
        let found = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            &found == text,
            "{} is not the current help; {bless}\n--- expected ---\n{text}",
            path.display()
        );
    }
    // Every page is in the book's table of contents.
    let summary = std::fs::read_to_string(book_src().join("SUMMARY.md")).unwrap();
    for (file, title, _) in &pages {
        let entry = format!("[`{title}`](cli/{file})");
        assert!(
            summary.contains(&entry),
            "SUMMARY.md lacks {entry}; add it under the command-line reference"
        );
    }
}
