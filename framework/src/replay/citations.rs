//! The citations of everything in a provenance graph, as one BibTeX file.

use std::collections::HashSet;

use crate::provenance::{BibEntry, Citations};

use super::framing::{footer, header};

const BOUNDARY: &str =
    "###############################################################################";

const HOW_TO: &[&str] = &[
    "#",
    "# The works to cite for these results, in BibTeX: reference managers such as",
    "# Zotero or Mendeley can import this file.",
];

/// What the file says when nothing was cited.
pub const NO_CITATIONS: &str = "No citations were recorded for the actions in this provenance.\n";

/// The BibTeX file of `citations` (optionally de-duplicated, see [`deduplicate`]), with a header
/// and a footer listing `parsed` unless `suppress_header`.
pub fn render_citations(
    citations: &Citations,
    parsed: &[uuid::Uuid],
    deduplicate_entries: bool,
    suppress_header: bool,
) -> String {
    let citations = if deduplicate_entries {
        deduplicate(citations)
    } else {
        citations.clone()
    };
    if citations.is_empty() {
        return NO_CITATIONS.to_owned();
    }
    let mut text = String::new();
    if !suppress_header {
        for line in header(None, BOUNDARY, HOW_TO) {
            text.push_str(&line);
            text.push('\n');
        }
        text.push('\n');
    }
    text.push_str(&citations.render());
    if !suppress_header {
        text.push('\n');
        for line in footer(parsed, BOUNDARY) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

/// Drops citations that are very likely the same work as an earlier one: a second framework
/// citation (one per framework version is recorded), an entry whose title, authors, journal,
/// book title, year and pages all equal an earlier one's, or whose DOI does. Keys alone
/// differ between versions of one plugin, so they are not enough; distinct works may, rarely,
/// be merged.
pub fn deduplicate(citations: &Citations) -> Citations {
    let mut kept = Citations::new();
    let mut framework_cited = false;
    let mut contents = HashSet::new();
    let mut dois = HashSet::new();
    for entry in citations.entries() {
        if entry.key.starts_with("framework|") {
            if !framework_cited {
                framework_cited = true;
                kept.insert(entry.clone());
            }
            continue;
        }
        if !contents.insert(content(entry)) {
            continue;
        }
        if let Some(doi) = field(entry, "doi")
            && !dois.insert(doi.to_lowercase())
        {
            continue;
        }
        kept.insert(entry.clone());
    }
    kept
}

fn field<'e>(entry: &'e BibEntry, name: &str) -> Option<&'e str> {
    entry
        .fields
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn content(entry: &BibEntry) -> Vec<Option<String>> {
    ["title", "author", "journal", "booktitle", "year", "pages"]
        .iter()
        .map(|name| field(entry, name).map(str::to_owned))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, fields: &[(&str, &str)]) -> BibEntry {
        BibEntry {
            entry_type: "article".into(),
            key: key.into(),
            fields: fields
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn one_framework_citation_and_no_repeated_works() {
        let mut all = Citations::new();
        all.insert(entry("framework|qiime2:2025.4.0|0", &[("title", "Q2")]));
        all.insert(entry("framework|qiime2:0.1.0|0", &[("title", "Q2")]));
        all.insert(entry("plugin|p:1|0", &[("title", "P"), ("year", "2024")]));
        all.insert(entry("plugin|p:2|0", &[("title", "P"), ("year", "2024")]));
        all.insert(entry(
            "action|p:1|method:a|0",
            &[("title", "A"), ("doi", "10.1/X")],
        ));
        all.insert(entry(
            "action|p:2|method:a|0",
            &[("title", "A'"), ("doi", "10.1/x")],
        ));
        all.insert(entry("view|p:1|F|0", &[("title", "Other")]));
        let kept = deduplicate(&all);
        let keys: Vec<&str> = kept.keys().collect();
        assert_eq!(
            keys,
            [
                "framework|qiime2:2025.4.0|0",
                "plugin|p:1|0",
                "action|p:1|method:a|0",
                "view|p:1|F|0"
            ]
        );
        assert_eq!(deduplicate(&Citations::new()).len(), 0);
    }

    #[test]
    fn nothing_cited_says_so_and_headers_can_be_left_out() {
        assert_eq!(
            render_citations(&Citations::new(), &[], true, false),
            NO_CITATIONS
        );
        let mut one = Citations::new();
        one.insert(entry("k|0", &[("title", "T")]));
        let bare = render_citations(&one, &[], true, true);
        assert_eq!(bare, one.render());
        let framed = render_citations(&one, &[uuid::Uuid::nil()], false, false);
        assert!(framed.starts_with("####"));
        assert!(framed.contains(&one.render()));
        assert!(framed.contains(&uuid::Uuid::nil().to_string()));
    }
}
