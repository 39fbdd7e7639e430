//! The visualizers: an alignment summary, and the table of search hits.

use std::collections::HashMap;
use std::fmt::Write as _;

use q2_types::AlignedDnaSequences;
use qiime2::metadata::{ColumnKind, Metadata};
use qiime2::plugin::{ActionContext, ActionError};
use qiime2::python_repr::float_repr;

use crate::hits::{Hit, Hits};
use crate::html::{Column, escape, page, table};

/// `summarize_alignment`: the alignment with each column marked match, mismatch or gap.
pub fn summarize_alignment(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let AlignedDnaSequences(records) = ctx.input("msa")?;
    let html = page("Alignment summary", &alignment_body(&records));
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
        let _ = write!(body, "{:<id_width$}  ", escape(&record.id));
        for (i, &base) in record.sequence.as_bytes().iter().enumerate() {
            let class = if base == b'-' || base == b'.' {
                "gap"
            } else if columns[i].iter().all(|&b| b == base) {
                "match"
            } else {
                "mismatch"
            };
            let _ = write!(body, "<span class=\"{class}\">{}</span>", base as char);
        }
        body.push('\n');
    }
    body.push_str("</div>");
    body
}

/// `tabulate_las_results`: the hits as a sortable table, joined with reference metadata.
pub fn tabulate_las_results(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let Hits(hits) = ctx.input("hits")?;
    let title: String = ctx.param("title")?;
    let metadata = ctx.metadata("reference_metadata")?;
    let body = hits_table(&hits, metadata.as_ref())?;
    write_index(ctx, &page(&title, &body))
}

/// The table of hits; with metadata, its columns go between the scores and the alignments.
pub(crate) fn hits_table(hits: &[Hit], metadata: Option<&Metadata>) -> Result<String, ActionError> {
    let mut columns: Vec<Column> = [
        ("query id", false, false),
        ("reference id", false, false),
        ("percent similarity", true, false),
        ("alignment length", true, false),
        ("score", true, false),
    ]
    .into_iter()
    .map(|(name, numeric, sequence)| Column {
        name: name.into(),
        numeric,
        sequence,
    })
    .collect();
    let mut extra: Vec<Vec<String>> = vec![Vec::new(); hits.len()];
    if let Some(metadata) = metadata {
        let rows: HashMap<&str, usize> = metadata
            .ids()
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let mut missing: Vec<&str> = hits
            .iter()
            .map(|h| h.reference_id.as_str())
            .filter(|id| !rows.contains_key(id))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if !missing.is_empty() {
            return Err(ActionError::msg(format!(
                "the following {} IDs are missing from reference metadata: {}",
                missing.len(),
                missing.join(", ")
            )));
        }
        for column in metadata.columns() {
            let numeric = matches!(column.kind(), ColumnKind::Numeric(_));
            columns.push(Column {
                name: column.name().to_owned(),
                numeric,
                sequence: false,
            });
            for (hit, cells) in hits.iter().zip(extra.iter_mut()) {
                let row = rows[hit.reference_id.as_str()];
                cells.push(match column.kind() {
                    ColumnKind::Numeric(values) => values[row].map(float_repr).unwrap_or_default(),
                    ColumnKind::Categorical(values) => values[row].clone().unwrap_or_default(),
                });
            }
        }
    }
    columns.push(Column {
        name: "aligned query".into(),
        numeric: false,
        sequence: true,
    });
    columns.push(Column {
        name: "aligned reference".into(),
        numeric: false,
        sequence: true,
    });
    let rows: Vec<Vec<String>> = hits
        .iter()
        .zip(extra)
        .map(|(hit, cells)| {
            let mut row = vec![
                hit.query_id.clone(),
                hit.reference_id.clone(),
                float_repr(hit.percent_similarity),
                hit.alignment_length.to_string(),
                float_repr(hit.score),
            ];
            row.extend(cells);
            row.push(hit.aligned_query.clone());
            row.push(hit.aligned_reference.clone());
            row
        })
        .collect();
    Ok(format!(
        "<p>{} hits.</p>\n{}",
        hits.len(),
        table("hits", &columns, &rows)
    ))
}

fn write_index(ctx: &mut ActionContext<'_>, html: &str) -> Result<(), ActionError> {
    let dir = ctx.visualization_dir()?;
    let path = dir.join("index.html");
    std::fs::write(&path, html).map_err(|e| ActionError::msg(format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(reference: &str) -> Hit {
        Hit {
            query_id: "q1".into(),
            reference_id: reference.into(),
            percent_similarity: 95.0,
            alignment_length: 20,
            score: 35.0,
            aligned_query: "ACGT".into(),
            aligned_reference: "ACGA".into(),
        }
    }

    #[test]
    fn metadata_columns_sit_between_scores_and_alignments() {
        let metadata = Metadata::from_tsv_str(
            "id\tgenus\tlength\nr1\tBacillus\t1500\nr2\tE\t12\n",
            "md.tsv",
        )
        .unwrap();
        let html = hits_table(&[hit("r1")], Some(&metadata)).unwrap();
        let headers: Vec<&str> = html
            .split("<th ")
            .skip(1)
            .map(|h| h.split('>').nth(1).unwrap().trim_end_matches("</th"))
            .collect();
        assert_eq!(
            headers,
            [
                "query id",
                "reference id",
                "percent similarity",
                "alignment length",
                "score",
                "genus",
                "length",
                "aligned query",
                "aligned reference"
            ]
        );
        assert!(html.contains("<td>Bacillus</td><td>1500.0</td>"), "{html}");
    }

    #[test]
    fn a_reference_missing_from_the_metadata_is_named() {
        let metadata = Metadata::from_tsv_str("id\tgenus\nr1\tBacillus\n", "md.tsv").unwrap();
        let err = hits_table(&[hit("r1"), hit("r9"), hit("r7")], Some(&metadata)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the following 2 IDs are missing from reference metadata: r7, r9"
        );
    }

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
