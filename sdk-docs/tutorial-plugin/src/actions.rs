// ANCHOR: all
//! The bodies of the plugin's actions, each with the arguments it reads and the results it
//! returns.

use std::fmt::Write as _;

use q2_types::DnaSequences;
use qiime2_plugin::plugin::{
    ActionContext, ActionError, Arguments, Call, Collection, Handle, Results, html,
};

use crate::counts::KmerCounts;

// ANCHOR: count_kmers
/// What `count_kmers` reads: each field is an input or a parameter of its signature.
#[derive(Arguments)]
pub struct CountKmers {
    #[input]
    sequences: DnaSequences,
    #[param]
    k: usize,
}

/// What `count_kmers` returns: each field is an output of its signature.
#[derive(Results)]
pub struct Counted {
    counts: KmerCounts,
}

/// `count_kmers`: the k-mer counts of a set of sequences.
pub fn count_kmers(args: CountKmers) -> Result<Counted, ActionError> {
    let DnaSequences(records) = args.sequences;
    let counts = KmerCounts::count(args.k, records.iter().map(|r| r.sequence.as_str()));
    Ok(Counted { counts })
}
// ANCHOR_END: count_kmers

// ANCHOR: split_and_merge
/// What `split_sequences` reads.
#[derive(Arguments)]
pub struct SplitSequences {
    #[input]
    sequences: DnaSequences,
    #[param]
    batch_size: usize,
}

/// The batches, keyed `0`, `1`, ...
#[derive(Results)]
pub struct Batches {
    batches: Collection<DnaSequences>,
}

/// `split_sequences`: consecutive batches of `batch_size` sequences, keyed `0`, `1`, ...
pub fn split_sequences(args: SplitSequences) -> Result<Batches, ActionError> {
    let batches = args
        .sequences
        .0
        .chunks(args.batch_size)
        .enumerate()
        .map(|(i, batch)| (i.to_string(), DnaSequences(batch.to_vec())))
        .collect();
    Ok(Batches { batches })
}

/// What `merge_counts` reads.
#[derive(Arguments)]
pub struct MergeCounts {
    #[input]
    counts: Collection<KmerCounts>,
}

/// The sum of the counts.
#[derive(Results)]
pub struct Merged {
    merged: KmerCounts,
}

/// `merge_counts`: the sum of a collection of counts.
pub fn merge_counts(args: MergeCounts) -> Result<Merged, ActionError> {
    let merged = KmerCounts::merge(&args.counts).map_err(ActionError::msg)?;
    Ok(Merged { merged })
}
// ANCHOR_END: split_and_merge

// ANCHOR: summarize
/// What `summarize` reads.
#[derive(Arguments)]
pub struct Summarize {
    #[input]
    counts: KmerCounts,
    #[param]
    top: usize,
}

/// `summarize`: an HTML page listing the most frequent k-mers. A visualizer returns nothing:
/// it writes its page into the folder the context gives it.
pub fn summarize(args: Summarize, ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let page = ctx.visualization_dir()?.join("index.html");
    std::fs::write(&page, summary_html(&args.counts, args.top)).map_err(ActionError::msg)
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
/// What `count_and_summarize` reads: a pipeline passes its inputs on as handles, unread.
#[derive(Arguments)]
pub struct CountAndSummarize {
    #[input]
    sequences: Handle,
    #[param]
    k: usize,
    #[param]
    batch_size: usize,
    #[param]
    top: usize,
}

/// What `count_and_summarize` returns: handles on results of the actions it called.
#[derive(Results)]
pub struct CountedAndSummarized {
    counts: Handle,
    summary: Handle,
}

/// `count_and_summarize`: split the sequences into batches, count each batch, merge the
/// counts and summarize them. Every call returns handles at once, so in a parallel run the
/// batches are counted at the same time.
pub fn count_and_summarize(
    args: CountAndSummarize,
    ctx: &mut ActionContext<'_>,
) -> Result<CountedAndSummarized, ActionError> {
    let run = |action: &str, call: Call| ctx.call("kmers", action, call);
    let split = Call::new()
        .input("sequences", &args.sequences)
        .param("batch_size", args.batch_size);
    let batches = run("split_sequences", split)?.collection("batches")?;
    let parts = batches.map(|batch| {
        let count = Call::new().input("sequences", &batch).param("k", args.k);
        run("count_kmers", count)?.handle("counts")
    })?;
    let merge = Call::new().inputs("counts", &parts);
    let counts = run("merge_counts", merge)?.handle("merged")?;
    let summarize = Call::new().input("counts", &counts).param("top", args.top);
    let summary = run("summarize", summarize)?.handle("visualization")?;
    Ok(CountedAndSummarized { counts, summary })
}
// ANCHOR_END: pipeline
// ANCHOR_END: all
