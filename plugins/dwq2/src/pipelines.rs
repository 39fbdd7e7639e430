//! The pipelines: each step is a call through the context, so a parallel run can schedule the
//! independent steps (the searches of the splits) at the same time with no change here.

use qiime2_plugin::plugin::{
    ActionContext, ActionError, Arguments, Call, Collection, Handle, MetadataFile, Results,
};

use crate::PLUGIN;
use crate::methods::ScoringParams;

/// The arguments of `align_and_summarize`.
#[derive(Arguments)]
pub struct AlignAndSummarize {
    #[input]
    seq1: Handle,
    #[input]
    seq2: Handle,
    #[params]
    scoring: ScoringParams,
}

/// The results of `align_and_summarize`.
#[derive(Results)]
pub struct AlignedAndSummarized {
    aligned_sequences: Handle,
    msa_summary: Handle,
}

/// `align_and_summarize`: `nw_align`, then `summarize_alignment` of its result.
pub fn align_and_summarize(
    args: AlignAndSummarize,
    ctx: &mut ActionContext<'_>,
) -> Result<AlignedAndSummarized, ActionError> {
    let align = Call::new()
        .input("seq1", &args.seq1)
        .input("seq2", &args.seq2);
    let aligned_sequences = ctx
        .call(PLUGIN, "nw_align", args.scoring.pass_on(align))?
        .handle("aligned_sequences")?;
    let summarize = Call::new().input("msa", &aligned_sequences);
    let msa_summary = ctx
        .call(PLUGIN, "summarize_alignment", summarize)?
        .handle("visualization")?;
    Ok(AlignedAndSummarized {
        aligned_sequences,
        msa_summary,
    })
}

/// The arguments of `search_and_summarize`.
#[derive(Arguments)]
pub struct SearchAndSummarize {
    #[input]
    query_seqs: Handle,
    #[input]
    reference_seqs: Handle,
    #[param]
    reference_metadata: Option<MetadataFile>,
    #[param]
    n: usize,
    #[param]
    split_size: usize,
    #[param]
    title: String,
    #[params]
    scoring: ScoringParams,
}

/// The results of `search_and_summarize`.
#[derive(Results)]
pub struct Summarized {
    hits: Handle,
    hits_table: Handle,
}

// ANCHOR: search_and_summarize
/// `search_and_summarize`: split the queries, search each split, combine, tabulate.
pub fn search_and_summarize(
    args: SearchAndSummarize,
    ctx: &mut ActionContext<'_>,
) -> Result<Summarized, ActionError> {
    let run = |action: &str, call: Call| ctx.call(PLUGIN, action, call);
    let mut splits = Collection::single("0", args.query_seqs.clone());
    if args.query_seqs.semantic_type() != Some("SingleDNASequence") {
        let split = Call::new().input("seqs", &args.query_seqs);
        let split = split.param("split_size", args.split_size);
        let batches = run("split_sequences", split)?.collection("splits")?;
        // No queries make no batches: search the empty input itself, which says what is wrong.
        if !batches.is_empty() {
            splits = batches;
        }
    }
    let reports = splits.map(|split| {
        let search = Call::new().input("query_seqs", &split).param("n", args.n);
        let search = search.input("reference_seqs", &args.reference_seqs);
        run("local_alignment_search", args.scoring.pass_on(search))?.handle("hits")
    })?;
    let combine = Call::new().inputs("reports", &reports);
    let hits = run("combine_las_reports", combine)?.handle("report")?;
    let tabulate = Call::new().input("hits", &hits).param("title", args.title);
    let tabulate = tabulate.param("reference_metadata", args.reference_metadata);
    let hits_table = run("tabulate_las_results", tabulate)?.handle("visualization")?;
    Ok(Summarized { hits, hits_table })
}
// ANCHOR_END: search_and_summarize
