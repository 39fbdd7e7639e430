//! The book shows its code inline, so its pages read as plain Markdown too (on a forge, in an
//! editor). Each block copied from a source file follows a `<!-- code from FILE:ANCHOR -->`
//! line, and is checked against that file: the lines between `ANCHOR: name` and
//! `ANCHOR_END: name` (the whole file without an anchor), anchor lines left out.
//!
//! With `Q2RS_BLESS=1` the test rewrites the blocks from their sources instead of comparing.

use std::path::Path;

use super::{book_src, sessions::pages};

/// The marker before a copied block.
const MARKER: &str = "<!-- code from ";

/// The lines of `text` that `anchor` marks (all of them without one), anchor lines left out.
fn anchored(text: &str, anchor: Option<&str>) -> Result<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let region = match anchor {
        None => &lines[..],
        Some(anchor) => {
            let find = |mark: String| {
                lines
                    .iter()
                    .position(|l| l.trim_end().ends_with(&mark))
                    .ok_or(format!("no `{mark}`"))
            };
            let start = find(format!("ANCHOR: {anchor}"))?;
            let end = find(format!("ANCHOR_END: {anchor}"))?;
            &lines[start + 1..end]
        }
    };
    let kept: Vec<&str> = region
        .iter()
        .copied()
        .filter(|l| !l.contains("ANCHOR: ") && !l.contains("ANCHOR_END: "))
        .collect();
    Ok(kept.join("\n"))
}

/// A copied block of a page: its source (`FILE[:ANCHOR]`) and the byte range of its code.
#[derive(Debug, PartialEq)]
struct Block {
    source: String,
    code: std::ops::Range<usize>,
}

/// Every copied block of `markdown`.
fn blocks(markdown: &str) -> Result<Vec<Block>, String> {
    let mut found = Vec::new();
    for (at, _) in markdown.match_indices(MARKER) {
        let rest = &markdown[at + MARKER.len()..];
        let end = rest.find(" -->").ok_or("a marker is closed with -->")?;
        let source = rest[..end].to_owned();
        let after = at + MARKER.len() + end + " -->\n".len();
        let fence_line = markdown[after..].lines().next().unwrap_or_default();
        let fence: String = fence_line.chars().take_while(|c| *c == '`').collect();
        if fence.len() < 3 {
            return Err(format!("no code block after the marker of {source}"));
        }
        let code_start = after + fence_line.len() + 1;
        let close = format!("\n{fence}\n");
        let code_end = markdown[code_start - 1..]
            .find(&close)
            .map(|i| code_start - 1 + i)
            .ok_or(format!("the block of {source} is not closed"))?;
        found.push(Block {
            source,
            code: code_start..code_end.max(code_start),
        });
    }
    Ok(found)
}

/// What the block copied from `source` should hold, read relative to `page`.
fn expected(page: &Path, source: &str) -> Result<String, String> {
    let (file, anchor) = match source.split_once(':') {
        Some((file, anchor)) => (file, Some(anchor)),
        None => (source, None),
    };
    let path = page.parent().unwrap().join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {file}: {e}"))?;
    anchored(&text, anchor).map_err(|e| format!("{file}: {e}"))
}

#[test]
fn every_block_copied_from_a_source_file_is_that_files_code() {
    let bless = std::env::var_os("Q2RS_BLESS").is_some();
    let mut checked = 0;
    for page in pages(&book_src()) {
        let mut markdown = std::fs::read_to_string(&page).unwrap();
        assert!(
            !markdown.contains("{{#include"),
            "{}: show the code, with a `{MARKER}FILE:ANCHOR -->` line before it, instead of an \
             include that reads as a bare line outside the built book",
            page.display()
        );
        let found = blocks(&markdown).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        // From the last block back, so that rewriting one keeps the ranges of the others.
        for block in found.iter().rev() {
            let want = expected(&page, &block.source)
                .unwrap_or_else(|e| panic!("{}: {e}", page.display()));
            if bless {
                markdown.replace_range(block.code.clone(), &want);
            } else {
                assert!(
                    markdown[block.code.clone()] == want,
                    "{}: the block from {} differs from its source; run \
                     `Q2RS_BLESS=1 cargo test -p q2rs-e2e book` to copy it again",
                    page.display(),
                    block.source
                );
            }
            checked += 1;
        }
        if bless {
            std::fs::write(&page, markdown).unwrap();
        }
    }
    assert!(checked >= 35, "only {checked} copied blocks");
}

#[test]
fn blocks_are_found_after_their_markers_and_anchors_are_cut_out() {
    let page = "text\n<!-- code from a.rs:x -->\n```rust\nfn a() {}\n```\nmore\n\
                <!-- code from b.py -->\n````python\n```\n````\n";
    let found = blocks(page).unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].source, "a.rs:x");
    assert_eq!(&page[found[0].code.clone()], "fn a() {}");
    assert_eq!(found[1].source, "b.py");
    assert_eq!(&page[found[1].code.clone()], "```");
    let source =
        "// ANCHOR: all\nuse a;\n// ANCHOR: x\nfn x() {}\n// ANCHOR_END: x\n// ANCHOR_END: all\n";
    assert_eq!(anchored(source, Some("x")).unwrap(), "fn x() {}");
    assert_eq!(anchored(source, Some("all")).unwrap(), "use a;\nfn x() {}");
    assert_eq!(anchored(source, None).unwrap(), "use a;\nfn x() {}");
    assert!(
        anchored(source, Some("y"))
            .unwrap_err()
            .contains("ANCHOR: y")
    );
    assert!(
        blocks("<!-- code from a.rs -->\nno fence\n")
            .unwrap_err()
            .contains("no code block")
    );
}
