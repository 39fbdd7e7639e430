//! Methods on integer sequences: a union input, collection inputs and collection outputs.

use qiime2_plugin::plugin::{ActionError, Arguments, Collection, Results};

use crate::views::IntSequence;

#[derive(Arguments)]
pub(super) struct ConcatenateInts {
    #[input]
    ints1: IntSequence,
    #[input]
    ints2: IntSequence,
    #[param]
    int1: i64,
    #[param]
    int2: i64,
}

/// All the integers, in order.
#[derive(Results)]
pub(super) struct Concatenated {
    concatenated_ints: IntSequence,
}

/// `ints1 ++ ints2 ++ [int1, int2]`.
pub(super) fn concatenate_ints(args: ConcatenateInts) -> Result<Concatenated, ActionError> {
    let IntSequence(mut all) = args.ints1;
    all.extend(args.ints2.0);
    all.extend([args.int1, args.int2]);
    Ok(Concatenated {
        concatenated_ints: IntSequence(all),
    })
}

#[derive(Arguments)]
pub(super) struct MergeCollections {
    #[input]
    collection: Collection<IntSequence>,
    #[input]
    list: Collection<IntSequence>,
}

/// The concatenation.
#[derive(Results)]
pub(super) struct Merged {
    merged: IntSequence,
}

/// Every element of `collection` in key order, then every element of `list`.
pub(super) fn merge_collections(args: MergeCollections) -> Result<Merged, ActionError> {
    let merged = args
        .collection
        .into_values()
        .chain(args.list.into_values())
        .flat_map(|IntSequence(values)| values)
        .collect();
    Ok(Merged {
        merged: IntSequence(merged),
    })
}

#[derive(Arguments)]
pub(super) struct SplitInts {
    #[input]
    ints: IntSequence,
}

/// The halves and the single integers.
#[derive(Results)]
pub(super) struct Split {
    halves: Collection<IntSequence>,
    singles: Collection<IntSequence>,
}

/// Halves keyed `first`/`second` (the first gets the extra integer), and one list item per integer.
pub(super) fn split_ints(SplitInts { ints }: SplitInts) -> Result<Split, ActionError> {
    let IntSequence(values) = ints;
    let (first, second) = values.split_at(values.len().div_ceil(2));
    let halves = [
        ("first", IntSequence(first.to_vec())),
        ("second", IntSequence(second.to_vec())),
    ];
    let singles = values
        .iter()
        .enumerate()
        .map(|(index, value)| (index.to_string(), IntSequence(vec![*value])));
    Ok(Split {
        halves: halves.into_iter().collect(),
        singles: singles.collect(),
    })
}

#[derive(Arguments)]
pub(super) struct StampTime {
    /// Only its existence matters.
    #[input]
    #[allow(dead_code)]
    ints: IntSequence,
    #[param]
    millis: usize,
}

/// `[start, end]`.
#[derive(Results)]
pub(super) struct Stamp {
    stamp: IntSequence,
}

/// Sleeps `millis` milliseconds and records when it started and ended (milliseconds since the
/// Unix epoch), so that tests can see whether steps overlapped.
pub(super) fn stamp_time(args: StampTime) -> Result<Stamp, ActionError> {
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis())
    };
    let start = now();
    std::thread::sleep(std::time::Duration::from_millis(args.millis as u64));
    Ok(Stamp {
        stamp: IntSequence(vec![start as i64, now() as i64]),
    })
}
