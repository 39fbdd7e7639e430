//! The methods: global alignment, local alignment search, splitting and combining.

use q2_types::AlignedDnaSequences;
use q2_types::fasta::Record;
use qiime2_plugin::plugin::{ActionContext, ActionError};

use crate::align::{Scoring, global_align};
use crate::hits::Hits;
use crate::search::search;
use crate::views::{Records, SingleSequence};

/// The four scoring parameters, read from the context.
pub(crate) fn scoring(ctx: &ActionContext<'_>) -> Result<Scoring, ActionError> {
    Ok(Scoring {
        gap_open: ctx.param("gap_open_penalty")?,
        gap_extend: ctx.param("gap_extend_penalty")?,
        match_score: ctx.param("match_score")?,
        mismatch_score: ctx.param("mismatch_score")?,
    })
}

/// Refuses scoring under which an alignment of sequences up to `longest` letters long could
/// score past the largest finite number: its scores would be infinite and its alignments
/// nonsense.
fn check_overflow(scoring: &Scoring, longest: usize) -> Result<(), ActionError> {
    let per_position = [
        scoring.match_score,
        scoring.mismatch_score,
        scoring.gap_open + scoring.gap_extend,
    ]
    .into_iter()
    .map(f64::abs)
    .fold(0.0, f64::max);
    // Twice the length: a local or global alignment has at most that many columns.
    if (per_position * 2.0 * longest as f64).is_finite() {
        return Ok(());
    }
    Err(ActionError::msg(format!(
        "the scoring parameters are too large: an alignment of {longest} letters could score \
         past {:e}, the largest number an alignment score can hold; choose parameters of \
         ordinary size (the defaults are match 2, mismatch -3, gap open 5, gap extend 2)",
        f64::MAX
    )))
}

/// `nw_align`: the global alignment of two sequences, end gaps free.
pub fn nw_align(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let SingleSequence(seq1) = ctx.input("seq1")?;
    let SingleSequence(seq2) = ctx.input("seq2")?;
    let scoring = scoring(ctx)?;
    check_overflow(&scoring, seq1.sequence.len().max(seq2.sequence.len()))?;
    let alignment = global_align(seq1.sequence.as_bytes(), seq2.sequence.as_bytes(), &scoring)
        .map_err(ActionError::msg)?;
    let msa = AlignedDnaSequences(vec![
        Record {
            sequence: alignment.aligned_query,
            ..seq1
        },
        Record {
            sequence: alignment.aligned_reference,
            ..seq2
        },
    ]);
    ctx.write_output("aligned_sequences", &msa)
}

/// `local_alignment_search`: every query against every reference, the best `n` per query.
pub fn local_alignment_search(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let Records(queries) = ctx.input("query_seqs")?;
    let Records(references) = ctx.input("reference_seqs")?;
    let n: usize = ctx.param("n")?;
    let scoring = scoring(ctx)?;
    let longest = queries
        .iter()
        .chain(&references)
        .map(|r| r.sequence.len())
        .max()
        .unwrap_or(0);
    check_overflow(&scoring, longest)?;
    let hits = search(&queries, &references, n, &scoring).map_err(ActionError::msg)?;
    ctx.write_output("hits", &Hits(hits))
}

/// `split_sequences`: consecutive batches of `split_size` records, keyed `0`, `1`, ...
pub fn split_sequences(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let Records(records) = ctx.input("seqs")?;
    let split_size: usize = ctx.param("split_size")?;
    let splits = records
        .chunks(split_size.max(1))
        .enumerate()
        .map(|(i, chunk)| (i.to_string(), Records(chunk.to_vec())));
    ctx.write_collection("splits", splits)
}

/// `combine_las_reports`: the reports' rows, concatenated in collection order.
pub fn combine_las_reports(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let reports = ctx.input_collection::<Hits>("reports")?;
    let combined = Hits(
        reports
            .into_iter()
            .flat_map(|(_, Hits(rows))| rows)
            .collect(),
    );
    ctx.write_output("report", &combined)
}
