//! The methods: global alignment, local alignment search, splitting and combining.

use q2_types::AlignedDnaSequences;
use q2_types::fasta::Record;
use qiime2_plugin::plugin::{ActionError, Arguments, Call, Collection, Results};
use qiime2_plugin::types::Number;

use crate::align::{Scoring, global_align};
use crate::hits::Hits;
use crate::search::search;
use crate::views::{Records, SingleSequence};

/// The four scoring parameters of the alignment actions and of the pipelines that pass them on.
///
/// Kept as given (a default of `5` stays an Int), so that a pipeline passes them on unchanged
/// and the steps' provenance records them as the user wrote them.
#[derive(Debug, Clone, Copy, Arguments)]
pub(crate) struct ScoringParams {
    #[param]
    gap_open_penalty: Number,
    #[param]
    gap_extend_penalty: Number,
    #[param]
    match_score: Number,
    #[param]
    mismatch_score: Number,
}

impl ScoringParams {
    /// The aligner's scoring.
    fn scoring(self) -> Scoring {
        Scoring {
            gap_open: self.gap_open_penalty.as_f64(),
            gap_extend: self.gap_extend_penalty.as_f64(),
            match_score: self.match_score.as_f64(),
            mismatch_score: self.mismatch_score.as_f64(),
        }
    }

    /// Passes the parameters on to a call, as a pipeline received them.
    pub(crate) fn pass_on(self, call: Call) -> Call {
        call.param("gap_open_penalty", self.gap_open_penalty)
            .param("gap_extend_penalty", self.gap_extend_penalty)
            .param("match_score", self.match_score)
            .param("mismatch_score", self.mismatch_score)
    }
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

/// The arguments of `nw_align`.
#[derive(Arguments)]
pub struct NwAlign {
    #[input]
    seq1: SingleSequence,
    #[input]
    seq2: SingleSequence,
    #[params]
    scoring: ScoringParams,
}

/// The result of `nw_align`.
#[derive(Results)]
pub struct Aligned {
    aligned_sequences: AlignedDnaSequences,
}

/// `nw_align`: the global alignment of two sequences, end gaps free.
pub fn nw_align(args: NwAlign) -> Result<Aligned, ActionError> {
    let (SingleSequence(seq1), SingleSequence(seq2)) = (args.seq1, args.seq2);
    let scoring = args.scoring.scoring();
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
    Ok(Aligned {
        aligned_sequences: msa,
    })
}

/// The arguments of `local_alignment_search`.
#[derive(Arguments)]
pub struct LocalAlignmentSearch {
    #[input]
    query_seqs: Records,
    #[input]
    reference_seqs: Records,
    #[param]
    n: usize,
    #[params]
    scoring: ScoringParams,
}

/// The hits of a search, or of combined searches.
#[derive(Results)]
pub struct Found {
    hits: Hits,
}

/// `local_alignment_search`: every query against every reference, the best `n` per query.
pub fn local_alignment_search(args: LocalAlignmentSearch) -> Result<Found, ActionError> {
    let (Records(queries), Records(references)) = (args.query_seqs, args.reference_seqs);
    let scoring = args.scoring.scoring();
    let longest = queries
        .iter()
        .chain(&references)
        .map(|r| r.sequence.len())
        .max()
        .unwrap_or(0);
    check_overflow(&scoring, longest)?;
    let hits = search(&queries, &references, args.n, &scoring).map_err(ActionError::msg)?;
    Ok(Found { hits: Hits(hits) })
}

/// The arguments of `split_sequences`.
#[derive(Arguments)]
pub struct SplitSequences {
    #[input]
    seqs: Records,
    #[param]
    split_size: usize,
}

/// The batches of `split_sequences`.
#[derive(Results)]
pub struct Splits {
    splits: Collection<Records>,
}

/// `split_sequences`: consecutive batches of `split_size` records, keyed `0`, `1`, ...
pub fn split_sequences(args: SplitSequences) -> Result<Splits, ActionError> {
    let splits = args
        .seqs
        .0
        .chunks(args.split_size.max(1))
        .enumerate()
        .map(|(i, chunk)| (i.to_string(), Records(chunk.to_vec())))
        .collect();
    Ok(Splits { splits })
}

/// The arguments of `combine_las_reports`.
#[derive(Arguments)]
pub struct CombineLasReports {
    #[input]
    reports: Collection<Hits>,
}

/// The combined report.
#[derive(Results)]
pub struct Combined {
    report: Hits,
}

/// `combine_las_reports`: the reports' rows, concatenated in collection order.
pub fn combine_las_reports(args: CombineLasReports) -> Result<Combined, ActionError> {
    let rows = args.reports.into_values().flat_map(|Hits(rows)| rows);
    Ok(Combined {
        report: Hits(rows.collect()),
    })
}
