//! The page of `tabulate_las_results`: the hits embedded once as JSON, drawn by a small script
//! (`hits_page/page.js`) that shows only the rows in view, filters, sorts best first, plots the
//! best hits and downloads what is shown as TSV.

use std::collections::HashMap;

use qiime2_plugin::metadata::{ColumnKind, Metadata};
use qiime2_plugin::plugin::ActionError;
use qiime2_plugin::plugin::html::json_script;
use qiime2_plugin::python_repr::float_repr;
use serde_json::{Value, json};

use crate::hits::Hit;
use crate::html::page;

const STYLE: &str = include_str!("hits_page/page.css");
const SCRIPT: &str = include_str!("hits_page/page.js");

/// The complete page for `hits`, titled `title`, with `metadata` about the references.
pub(crate) fn hits_page(
    title: &str,
    hits: &[Hit],
    metadata: Option<&Metadata>,
) -> Result<String, ActionError> {
    let data = hits_data(hits, metadata)?;
    let queries = data["queries"].as_array().map_or(0, Vec::len);
    let references = data["references"].as_array().map_or(0, Vec::len);
    let repeats = data["hits"]["repeat"].as_array().map_or(0, Vec::len);
    let body = format!(
        "<p id=\"summary\">{hits} hits of {queries} queries against {references} references.</p>\n\
         <p class=\"note\" id=\"ties\">The <b>rank</b> of a hit is 1 plus the number of other \
         hits of its query with a higher score; tied hits share a rank. The search's <code>n</code> \
         keeps, for each query, every hit whose score equals one of its <code>n</code> best scores, \
         as the original plugin does: so a query can show more than <code>n</code> rows, and a hit \
         tied with others among those <code>n</code> is listed once per tie ({repeats} repeated \
         rows here, shown dimmed).</p>\n\
         <div id=\"plots\"><figure><figcaption>Percent similarity of each query's best hit\
         </figcaption><svg id=\"similarity-plot\" role=\"img\"></svg></figure>\
         <figure id=\"category-figure\" hidden><figcaption>Queries by the \
         <select id=\"category-column\"></select> of their best hit</figcaption>\
         <svg id=\"category-plot\" role=\"img\"></svg></figure></div>\n\
         <div id=\"controls\"><input id=\"filter\" type=\"search\" size=\"40\" \
         placeholder=\"Filter: query, reference or metadata words\" aria-label=\"Filter\">\
         <span id=\"shown\"></span><button id=\"download\" type=\"button\">Download shown hits \
         (TSV)</button><span class=\"hint\">Click a header to sort (best first), a row for its \
         full alignment.</span></div>\n\
         <div id=\"scroller\"><table id=\"hits\"><colgroup></colgroup><thead><tr></tr></thead>\
         <tbody></tbody></table></div>\n\
         <dialog id=\"alignment\"><form method=\"dialog\"><button>Close</button></form>\
         <h2></h2><p></p><pre></pre></dialog>\n{}",
        json_script("hits-data", &data),
        hits = hits.len(),
    );
    Ok(page(title, STYLE, &body, SCRIPT))
}

/// The data the page's script reads: ids once each, hits column by column, metadata by reference.
fn hits_data(hits: &[Hit], metadata: Option<&Metadata>) -> Result<Value, ActionError> {
    let (queries, query_index) = intern(hits.iter().map(|h| h.query_id.as_str()));
    let (references, reference_index) = intern(hits.iter().map(|h| h.reference_id.as_str()));
    let metadata_columns = match metadata {
        Some(metadata) => reference_metadata(metadata, &references)?,
        None => Vec::new(),
    };
    let repeat: Vec<usize> = (1..hits.len())
        .filter(|&i| hits[i] == hits[i - 1])
        .collect();
    Ok(json!({
        "queries": queries,
        "references": references,
        "metadata": metadata_columns,
        "hits": {
            "query": query_index,
            "reference": reference_index,
            "rank": ranks(hits),
            "repeat": repeat,
            "similarity": hits.iter().map(|h| float_repr(h.percent_similarity)).collect::<Vec<_>>(),
            "length": hits.iter().map(|h| h.alignment_length).collect::<Vec<_>>(),
            "score": hits.iter().map(|h| float_repr(h.score)).collect::<Vec<_>>(),
            "alignedQuery": hits.iter().map(|h| h.aligned_query.as_str()).collect::<Vec<_>>(),
            "alignedReference": hits.iter().map(|h| h.aligned_reference.as_str()).collect::<Vec<_>>(),
        },
    }))
}

/// The distinct values in first-seen order, and each value's index among them.
fn intern<'a>(values: impl Iterator<Item = &'a str>) -> (Vec<&'a str>, Vec<usize>) {
    let mut distinct = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let indices = values
        .map(|value| {
            *seen.entry(value).or_insert_with(|| {
                distinct.push(value);
                distinct.len() - 1
            })
        })
        .collect();
    (distinct, indices)
}

/// Each metadata column's values for `references`, in their order; every reference must be there.
fn reference_metadata(metadata: &Metadata, references: &[&str]) -> Result<Vec<Value>, ActionError> {
    let rows: HashMap<&str, usize> = metadata
        .ids()
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut missing: Vec<&str> = references
        .iter()
        .copied()
        .filter(|id| !rows.contains_key(id))
        .collect();
    if !missing.is_empty() {
        missing.sort_unstable();
        return Err(ActionError::msg(format!(
            "the following {} IDs are missing from reference metadata: {}",
            missing.len(),
            missing.join(", ")
        )));
    }
    let positions: Vec<usize> = references.iter().map(|id| rows[id]).collect();
    Ok(metadata
        .columns()
        .iter()
        .map(|column| {
            let (numeric, values): (bool, Vec<String>) = match column.kind() {
                ColumnKind::Numeric(values) => (
                    true,
                    positions
                        .iter()
                        .map(|&row| values[row].map(float_repr).unwrap_or_default())
                        .collect(),
                ),
                ColumnKind::Categorical(values) => (
                    false,
                    positions
                        .iter()
                        .map(|&row| values[row].clone().unwrap_or_default())
                        .collect(),
                ),
            };
            json!({ "name": column.name(), "numeric": numeric, "values": values })
        })
        .collect())
}

/// Each hit's rank within its query: 1 plus the number of its query's distinct hits (a row
/// repeating the row before it is the same hit) with a higher score.
fn ranks(hits: &[Hit]) -> Vec<usize> {
    let mut scores: HashMap<&str, Vec<f64>> = HashMap::new();
    for (i, hit) in hits.iter().enumerate() {
        if i == 0 || hits[i - 1] != *hit {
            scores.entry(&hit.query_id).or_default().push(hit.score);
        }
    }
    for list in scores.values_mut() {
        list.sort_by(|a, b| b.total_cmp(a));
    }
    hits.iter()
        .map(|hit| 1 + scores[hit.query_id.as_str()].partition_point(|&s| s > hit.score))
        .collect()
}

#[cfg(test)]
mod tests {
    use qiime2_plugin::plugin::html::escape;

    use super::*;

    fn hit(query: &str, reference: &str, score: f64) -> Hit {
        Hit {
            query_id: query.into(),
            reference_id: reference.into(),
            percent_similarity: 95.0,
            alignment_length: 20,
            score,
            aligned_query: "ACGT".into(),
            aligned_reference: "ACGA".into(),
        }
    }

    #[test]
    fn ties_share_a_rank_and_repeated_rows_are_marked() {
        let hits = [
            hit("q1", "r1", 50.0),
            hit("q1", "r2", 40.0),
            hit("q1", "r2", 40.0),
            hit("q1", "r3", 40.0),
            hit("q1", "r3", 40.0),
            hit("q1", "r4", 30.0),
            hit("q2", "r1", 12.0),
        ];
        assert_eq!(ranks(&hits), [1, 2, 2, 2, 2, 4, 1]);
        let data = hits_data(&hits, None).unwrap();
        assert_eq!(data["hits"]["repeat"], json!([2, 4]));
        assert_eq!(data["queries"], json!(["q1", "q2"]));
        assert_eq!(data["hits"]["reference"], json!([0, 1, 1, 2, 2, 3, 0]));
        assert_eq!(
            data["hits"]["score"][0], "50.0",
            "floats as hits.tsv writes them"
        );
    }

    #[test]
    fn metadata_is_given_once_per_reference() {
        let metadata = Metadata::from_tsv_str(
            "id\tgenus\tlength\nr1\tBacillus\t1500\nr2\tE\t12\nr3\tunused\t1\n",
            "md.tsv",
        )
        .unwrap();
        let hits = [
            hit("q1", "r2", 3.0),
            hit("q2", "r2", 2.0),
            hit("q2", "r1", 1.0),
        ];
        let data = hits_data(&hits, Some(&metadata)).unwrap();
        assert_eq!(
            data["metadata"],
            json!([
                { "name": "genus", "numeric": false, "values": ["E", "Bacillus"] },
                { "name": "length", "numeric": true, "values": ["12.0", "1500.0"] },
            ])
        );
    }

    #[test]
    fn a_reference_missing_from_the_metadata_is_named() {
        let metadata = Metadata::from_tsv_str("id\tgenus\nr1\tBacillus\n", "md.tsv").unwrap();
        let hits = [
            hit("q", "r1", 1.0),
            hit("q", "r9", 1.0),
            hit("q", "r7", 1.0),
        ];
        let err = hits_page("t", &hits, Some(&metadata)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the following 2 IDs are missing from reference metadata: r7, r9"
        );
    }

    #[test]
    fn hostile_values_reach_the_page_only_as_text_or_escaped_json() {
        let hostile = "<script>alert(1)</script>";
        let metadata =
            Metadata::from_tsv_str(&format!("id\t{hostile}\n{hostile}\t{hostile}\n"), "md.tsv")
                .unwrap();
        let html = hits_page(hostile, &[hit(hostile, hostile, 1.0)], Some(&metadata)).unwrap();
        assert_eq!(html.matches("<script>alert").count(), 0, "{html}");
        assert!(html.contains(&format!("<title>{}</title>", escape(hostile))));
        assert!(html.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"));
    }
}
