// ANCHOR: all
//! The bodies of the plugin's actions.

use std::fmt::Write as _;

use q2_types::DnaSequences;
use qiime2_plugin::plugin::{ActionContext, ActionError, Call, html};

use crate::counts::KmerCounts;

// ANCHOR: count_kmers
/// `count_kmers`: the k-mer counts of a set of sequences.
pub fn count_kmers(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let DnaSequences(records) = ctx.input("sequences")?;
    let k: usize = ctx.param("k")?;
    let counts = KmerCounts::count(k, records.iter().map(|r| r.sequence.as_str()));
    ctx.write_output("counts", &counts)
}
// ANCHOR_END: count_kmers

// ANCHOR: split_and_merge
/// `split_sequences`: consecutive batches of `batch_size` sequences, keyed `0`, `1`, ...
pub fn split_sequences(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let DnaSequences(records) = ctx.input("sequences")?;
    let batch_size: usize = ctx.param("batch_size")?;
    let batches = records
        .chunks(batch_size)
        .enumerate()
        .map(|(i, batch)| (i.to_string(), DnaSequences(batch.to_vec())));
    ctx.write_collection("batches", batches)
}

/// `merge_counts`: the sum of a collection of counts.
pub fn merge_counts(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let parts: Vec<(String, KmerCounts)> = ctx.input_collection("counts")?;
    let merged = KmerCounts::merge(&parts).map_err(ActionError::msg)?;
    ctx.write_output("merged", &merged)
}
// ANCHOR_END: split_and_merge

// ANCHOR: summarize
/// `summarize`: an HTML page listing the most frequent k-mers.
pub fn summarize(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let counts: KmerCounts = ctx.input("counts")?;
    let top: usize = ctx.param("top")?;
    let page = ctx.visualization_dir()?.join("index.html");
    std::fs::write(&page, summary_html(&counts, top)).map_err(ActionError::msg)
}
// ANCHOR_END: summarize

// ANCHOR: summary_html
/// The page `summarize` writes. Every value shown goes through `html::escape`: a k-mer read
/// from a file could hold `<script>`, and the page must show it as text.
pub fn summary_html(counts: &KmerCounts, top: usize) -> String {
    let total = counts.total();
    let mut html = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{k}-mer counts</title></head>\n\
         <body>\n<h1>The {top} most frequent {k}-mers</h1>\n\
         <p>{total} {k}-mers counted, {distinct} distinct.</p>\n\
         <table>\n<tr><th>k-mer</th><th>count</th><th>percent</th></tr>\n",
        k = counts.k,
        distinct = counts.counts.len(),
    );
    for (kmer, n) in counts.top(top) {
        let percent = 100.0 * n as f64 / total as f64;
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{n}</td><td>{percent:.2}</td></tr>",
            html::escape(kmer)
        );
    }
    html.push_str("</table>\n</body></html>\n");
    html
}
// ANCHOR_END: summary_html

// ANCHOR: pipeline
/// `count_and_summarize`: split the sequences into batches, count each batch, merge the
/// counts and summarize them. Every call returns handles at once, so in a parallel run the
/// batches are counted at the same time.
pub fn count_and_summarize(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let sequences = ctx.input_handle("sequences")?;
    let split = Call::new()
        .input("sequences", &sequences)
        .param("batch_size", ctx.raw_param("batch_size")?);
    let batches = ctx
        .call("kmers", "split_sequences", split)?
        .handles("batches")?;

    let mut parts = Vec::with_capacity(batches.len());
    for (key, batch) in batches {
        let count = Call::new()
            .input("sequences", &batch)
            .param("k", ctx.raw_param("k")?);
        let counts = ctx.call("kmers", "count_kmers", count)?.handle("counts")?;
        parts.push((key, counts));
    }

    let merged = ctx
        .call("kmers", "merge_counts", Call::new().inputs("counts", parts))?
        .handle("merged")?;
    let summarize = Call::new()
        .input("counts", &merged)
        .param("top", ctx.raw_param("top")?);
    let summary = ctx
        .call("kmers", "summarize", summarize)?
        .handle("visualization")?;

    ctx.set_output("counts", &merged);
    ctx.set_output("summary", &summary);
    Ok(())
}
// ANCHOR_END: pipeline
// ANCHOR_END: all
