//! The visualizers: an alignment summary, and the table of search hits.

use std::fmt::Write as _;

use q2_types::AlignedDnaSequences;
use qiime2_plugin::plugin::html::escape;
use qiime2_plugin::plugin::{ActionContext, ActionError, Arguments, MetadataFile};

use crate::hits::Hits;
use crate::hits_page::hits_page;
use crate::html::page;

/// The arguments of `summarize_alignment`.
#[derive(Arguments)]
pub struct SummarizeAlignment {
    #[input]
    msa: AlignedDnaSequences,
}

/// `summarize_alignment`: the alignment with each column marked match, mismatch or gap.
pub fn summarize_alignment(
    args: SummarizeAlignment,
    ctx: &mut ActionContext<'_>,
) -> Result<(), ActionError> {
    let AlignedDnaSequences(records) = args.msa;
    let html = page("Alignment summary", "", &alignment_body(&records), "");
    write_index(ctx, &html)
}

fn alignment_body(records: &[q2_types::fasta::Record]) -> String {
    let width = records.iter().map(|r| r.sequence.len()).max().unwrap_or(0);
    let columns: Vec<Vec<u8>> = (0..width)
        .map(|i| {
            records
                .iter()
                .map(|r| *r.sequence.as_bytes().get(i).unwrap_or(&b'-'))
                .collect()
        })
        .collect();
    let identical = columns
        .iter()
        .filter(|c| c.iter().all(|&b| b != b'-' && b != b'.' && b == c[0]))
        .count();
    let identity = if width == 0 {
        0.0
    } else {
        100.0 * identical as f64 / width as f64
    };
    let mut body = format!(
        "<p id=\"summary\">{} sequences, {width} alignment columns, {identical} identical columns \
         (<span id=\"identity\">{identity:.1}</span>% identity).</p>\n<div class=\"seq\" id=\"alignment\">",
        records.len()
    );
    let id_width = records.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for record in records {
        body.push_str(&escape(&format!("{:<id_width$}  ", record.id)));
        for (i, &base) in record.sequence.as_bytes().iter().enumerate() {
            let class = if base == b'-' || base == b'.' {
                "gap"
            } else if columns[i].iter().all(|&b| b == base) {
                "match"
            } else {
                "mismatch"
            };
            let _ = write!(
                body,
                "<span class=\"{class}\">{}</span>",
                escape(char::from(base).encode_utf8(&mut [0; 4]))
            );
        }
        body.push('\n');
    }
    body.push_str("</div>");
    body
}

/// The arguments of `tabulate_las_results`.
#[derive(Arguments)]
pub struct TabulateLasResults {
    #[input]
    hits: Hits,
    #[param]
    title: String,
    #[param]
    reference_metadata: Option<MetadataFile>,
}

/// `tabulate_las_results`: the hits on a page that filters, sorts, plots and downloads them,
/// with reference metadata beside each hit.
pub fn tabulate_las_results(
    args: TabulateLasResults,
    ctx: &mut ActionContext<'_>,
) -> Result<(), ActionError> {
    let metadata = args.reference_metadata.map(|m| m.load()).transpose();
    let metadata = metadata.map_err(ActionError::msg)?;
    let page = hits_page(&args.title, &args.hits.0, metadata.as_ref())?;
    write_index(ctx, &page)
}

fn write_index(ctx: &mut ActionContext<'_>, html: &str) -> Result<(), ActionError> {
    let dir = ctx.visualization_dir()?;
    let path = dir.join("index.html");
    std::fs::write(&path, html).map_err(|e| ActionError::msg(format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignments_mark_matches_mismatches_and_gaps() {
        let records = vec![
            q2_types::fasta::Record {
                id: "a".into(),
                description: String::new(),
                sequence: "AC-T".into(),
            },
            q2_types::fasta::Record {
                id: "b".into(),
                description: String::new(),
                sequence: "AGGT".into(),
            },
        ];
        let body = alignment_body(&records);
        assert!(body.contains("<span id=\"identity\">50.0</span>"), "{body}");
        assert!(body.contains("<span class=\"match\">A</span><span class=\"mismatch\">C</span><span class=\"gap\">-</span>"));
    }
}
