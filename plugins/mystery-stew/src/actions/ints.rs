//! Methods on integer sequences: a union input, collection inputs and collection outputs.

use qiime2_plugin::plugin::{ActionContext, ActionError};

use crate::views::IntSequence;

/// `ints1 ++ ints2 ++ [int1, int2]`.
pub(super) fn concatenate_ints(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let IntSequence(mut all) = ctx.input("ints1")?;
    let IntSequence(second) = ctx.input("ints2")?;
    all.extend(second);
    all.push(ctx.param("int1")?);
    all.push(ctx.param("int2")?);
    ctx.write_output("concatenated_ints", &IntSequence(all))
}

/// Every element of `collection` in key order, then every element of `list`.
pub(super) fn merge_collections(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let collection = ctx.input_collection::<IntSequence>("collection")?;
    let list = ctx.input_collection::<IntSequence>("list")?;
    let merged = collection
        .into_iter()
        .chain(list)
        .flat_map(|(_, IntSequence(values))| values)
        .collect();
    ctx.write_output("merged", &IntSequence(merged))
}

/// Halves keyed `first`/`second` (the first gets the extra integer), and one list item per integer.
pub(super) fn split_ints(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let IntSequence(values) = ctx.input("ints")?;
    let (first, second) = values.split_at(values.len().div_ceil(2));
    ctx.write_collection(
        "halves",
        [
            ("first".to_owned(), IntSequence(first.to_vec())),
            ("second".to_owned(), IntSequence(second.to_vec())),
        ],
    )?;
    let singles = values
        .iter()
        .enumerate()
        .map(|(index, value)| (index.to_string(), IntSequence(vec![*value])));
    ctx.write_collection("singles", singles)
}

/// Sleeps `millis` milliseconds and records when it started and ended (milliseconds since the
/// Unix epoch), so that tests can see whether steps overlapped.
pub(super) fn stamp_time(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis())
    };
    let millis: u64 = ctx.param::<i64>("millis")?.try_into().unwrap_or(0);
    let start = now();
    std::thread::sleep(std::time::Duration::from_millis(millis));
    let stamp = IntSequence(vec![start as i64, now() as i64]);
    ctx.write_output("stamp", &stamp)
}
