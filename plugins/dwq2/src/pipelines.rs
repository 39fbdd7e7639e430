//! The pipelines: each step is a call through the context, so a parallel run can schedule the
//! independent steps (the searches of the splits) at the same time with no change here.

use qiime2_plugin::plugin::{ActionContext, ActionError, Call};

use crate::PLUGIN;

const SCORING: [&str; 4] = [
    "gap_open_penalty",
    "gap_extend_penalty",
    "match_score",
    "mismatch_score",
];

/// Passes the scoring parameters the pipeline received on to a call.
fn with_scoring(ctx: &ActionContext<'_>, mut call: Call) -> Result<Call, ActionError> {
    for name in SCORING {
        call = call.param(name, ctx.raw_param(name)?);
    }
    Ok(call)
}

/// `align_and_summarize`: `nw_align`, then `summarize_alignment` of its result.
pub fn align_and_summarize(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let call = Call::new()
        .input("seq1", &ctx.input_handle("seq1")?)
        .input("seq2", &ctx.input_handle("seq2")?);
    let aligned = ctx
        .call(PLUGIN, "nw_align", with_scoring(ctx, call)?)?
        .handle("aligned_sequences")?;
    let summary = ctx
        .call(
            PLUGIN,
            "summarize_alignment",
            Call::new().input("msa", &aligned),
        )?
        .handle("visualization")?;
    ctx.set_output("aligned_sequences", &aligned);
    ctx.set_output("msa_summary", &summary);
    Ok(())
}

/// `search_and_summarize`: split the queries, search each split, combine, tabulate.
pub fn search_and_summarize(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let queries = ctx.input_handle("query_seqs")?;
    let references = ctx.input_handle("reference_seqs")?;
    let splits = if ctx.input_data("query_seqs")?.semantic_type == "SingleDNASequence" {
        vec![("0".to_owned(), queries)]
    } else {
        let split = Call::new()
            .input("seqs", &queries)
            .param("split_size", ctx.raw_param("split_size")?);
        let splits = ctx
            .call(PLUGIN, "split_sequences", split)?
            .handles("splits")?;
        if splits.is_empty() {
            // No queries, so no splits: search the (empty) input itself, which says what is wrong.
            vec![("0".to_owned(), queries)]
        } else {
            splits
        }
    };
    let mut reports = Vec::with_capacity(splits.len());
    for (key, split) in splits {
        let search = Call::new()
            .input("query_seqs", &split)
            .input("reference_seqs", &references)
            .param("n", ctx.raw_param("n")?);
        let hits = ctx
            .call(PLUGIN, "local_alignment_search", with_scoring(ctx, search)?)?
            .handle("hits")?;
        reports.push((key, hits));
    }
    let combined = ctx
        .call(
            PLUGIN,
            "combine_las_reports",
            Call::new().inputs("reports", reports),
        )?
        .handle("report")?;
    let tabulate = Call::new()
        .input("hits", &combined)
        .param("title", ctx.raw_param("title")?)
        .param("reference_metadata", ctx.raw_param("reference_metadata")?);
    let table = ctx
        .call(PLUGIN, "tabulate_las_results", tabulate)?
        .handle("visualization")?;
    ctx.set_output("hits", &combined);
    ctx.set_output("hits_table", &table);
    Ok(())
}
