//! Every `{{#include FILE:ANCHOR}}` of the book names a file that exists and an anchor it has
//! (mdBook renders a missing anchor as an empty block without a word), and every anchor of the
//! tutorial plugin is closed.

use super::{book_src, sessions::pages};

/// `(file, anchor)` of each include in `markdown`, the file relative to `page`'s folder.
fn includes(markdown: &str) -> Vec<(String, Option<String>)> {
    markdown
        .match_indices("{{#include ")
        .map(|(at, _)| {
            let rest = &markdown[at + "{{#include ".len()..];
            let target = &rest[..rest.find("}}").expect("an include is closed with }}")];
            match target.split_once(':') {
                Some((file, anchor)) => (file.to_owned(), Some(anchor.to_owned())),
                None => (target.to_owned(), None),
            }
        })
        .collect()
}

#[test]
fn every_include_of_the_book_finds_its_file_and_anchor() {
    let mut checked = 0;
    for page in pages(&book_src()) {
        let markdown = std::fs::read_to_string(&page).unwrap();
        for (file, anchor) in includes(&markdown) {
            let path = page.parent().unwrap().join(&file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: cannot include {file}: {e}", page.display()));
            if let Some(anchor) = anchor {
                for mark in [format!("ANCHOR: {anchor}"), format!("ANCHOR_END: {anchor}")] {
                    assert!(
                        text.lines().any(|l| l.trim_end().ends_with(&mark)),
                        "{}: {file} has no `{mark}`",
                        page.display()
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 25, "only {checked} includes");
}

#[test]
fn includes_are_read_with_and_without_anchors() {
    let found = includes("a {{#include ../x.rs:all}} b {{#include y.bib}}");
    assert_eq!(
        found,
        [
            ("../x.rs".to_owned(), Some("all".to_owned())),
            ("y.bib".to_owned(), None)
        ]
    );
}
