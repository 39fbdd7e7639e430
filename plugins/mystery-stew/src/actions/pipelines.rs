//! Pipelines that call other actions, passing results, collections and parameters along.

use qiime2_plugin::plugin::{
    ActionContext, ActionError, Arguments, Call, Collection, Handle, Results,
};

use super::failing::FailUntil;
use crate::PLUGIN;

#[derive(Arguments)]
pub(super) struct SplitAndRejoin {
    #[input]
    ints: Handle,
    #[param]
    int1: i64,
}

/// The halves and the rejoined sequence.
#[derive(Results)]
pub(super) struct Rejoined {
    halves: Collection<Handle>,
    rejoined: Handle,
}

/// Splits the input, merges the pieces back (the singles as the collection, the halves as the
/// list), then appends the input and two integers: three steps, each depending on the last.
pub(super) fn split_and_rejoin(
    args: SplitAndRejoin,
    ctx: &mut ActionContext<'_>,
) -> Result<Rejoined, ActionError> {
    let split = ctx.call(PLUGIN, "split_ints", Call::new().input("ints", &args.ints))?;
    let halves = split.collection("halves")?;
    let merge = Call::new()
        .inputs("collection", &split.collection("singles")?)
        .inputs("list", &halves);
    let merged = ctx
        .call(PLUGIN, "merge_collections", merge)?
        .handle("merged")?;
    let append = Call::new()
        .input("ints1", &merged)
        .input("ints2", &args.ints)
        .param("int1", args.int1)
        .param("int2", 0);
    let rejoined = ctx
        .call(PLUGIN, "concatenate_ints", append)?
        .handle("concatenated_ints")?;
    Ok(Rejoined { halves, rejoined })
}

#[derive(Arguments)]
pub(super) struct FanOut {
    #[input]
    ints: Handle,
    #[param]
    steps: usize,
    #[param]
    millis: i64,
}

/// Each step's stamp.
#[derive(Results)]
pub(super) struct Stamps {
    stamps: Collection<Handle>,
}

/// Starts `steps` independent `stamp_time` calls, then returns their stamps as a collection: in
/// a parallel run the steps overlap in time, which the stamps show.
pub(super) fn fan_out(args: FanOut, ctx: &mut ActionContext<'_>) -> Result<Stamps, ActionError> {
    let stamps = (0..args.steps)
        .map(|step| {
            let call = Call::new()
                .input("ints", &args.ints)
                .param("millis", args.millis);
            let stamp = ctx.call(PLUGIN, "stamp_time", call)?.handle("stamp")?;
            Ok((step.to_string(), stamp))
        })
        .collect::<Result<_, ActionError>>()?;
    Ok(Stamps { stamps })
}

/// The page a visualizer step would have made.
#[derive(Results)]
pub(super) struct Page {
    visualization: Handle,
}

/// Calls `abort_on_purpose`: run with a process executor, the step's worker dies and the
/// pipeline fails with the worker's fate; the host process lives on.
pub(super) fn abort_in_a_step(_: (), ctx: &mut ActionContext<'_>) -> Result<Page, ActionError> {
    let called = ctx.call(PLUGIN, "abort_on_purpose", Call::new())?;
    Ok(Page {
        visualization: called.handle("visualization")?,
    })
}

/// How many runs the step took.
#[derive(Results)]
pub(super) struct Runs {
    runs: Handle,
}

/// Calls `fail_until` once: with retries in the parallel configuration, the step is run again.
pub(super) fn retry_until(
    args: FailUntil,
    ctx: &mut ActionContext<'_>,
) -> Result<Runs, ActionError> {
    let runs = ctx
        .call(PLUGIN, "fail_until", args.call())?
        .handle("runs")?;
    Ok(Runs { runs })
}

#[derive(Arguments)]
pub(super) struct ChatterInAStep {
    #[param]
    bytes: i64,
}

/// `[bytes]`.
#[derive(Results)]
pub(super) struct Chattered {
    ints: Handle,
}

/// Calls `chatter` once: in a parallel run, its worker process writes the chatter.
pub(super) fn chatter_in_a_step(
    args: ChatterInAStep,
    ctx: &mut ActionContext<'_>,
) -> Result<Chattered, ActionError> {
    let call = Call::new().param("bytes", args.bytes);
    let ints = ctx.call(PLUGIN, "chatter", call)?.handle("ints")?;
    Ok(Chattered { ints })
}
