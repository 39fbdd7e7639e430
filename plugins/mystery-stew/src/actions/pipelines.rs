//! A pipeline that calls other actions, passing results, collections and parameters along.

use qiime2_plugin::plugin::{ActionContext, ActionError, Call};

use crate::PLUGIN;

/// Splits the input, merges the pieces back (the singles as the collection, the halves as the
/// list), then appends the input and two integers: three steps, each depending on the last.
pub fn split_and_rejoin(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let ints = ctx.input_handle("ints")?;
    let split = ctx.call(PLUGIN, "split_ints", Call::new().input("ints", &ints))?;
    let merge = Call::new()
        .inputs("collection", split.handles("singles")?)
        .inputs("list", split.handles("halves")?);
    let merged = ctx
        .call(PLUGIN, "merge_collections", merge)?
        .handle("merged")?;
    let append = Call::new()
        .input("ints1", &merged)
        .input("ints2", &ints)
        .param("int1", ctx.raw_param("int1")?)
        .param("int2", 0);
    let concatenated = ctx
        .call(PLUGIN, "concatenate_ints", append)?
        .handle("concatenated_ints")?;
    ctx.set_collection_output("halves", split.handles("halves")?);
    ctx.set_output("rejoined", &concatenated);
    Ok(())
}

/// Starts `steps` independent `stamp_time` calls, then returns their stamps as a collection: in
/// a parallel run the steps overlap in time, which the stamps show.
pub fn fan_out(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let ints = ctx.input_handle("ints")?;
    let steps: usize = ctx.param("steps")?;
    let mut stamps = Vec::with_capacity(steps);
    for step in 0..steps {
        let call = Call::new()
            .input("ints", &ints)
            .param("millis", ctx.raw_param("millis")?);
        stamps.push((
            step.to_string(),
            ctx.call(PLUGIN, "stamp_time", call)?.handle("stamp")?,
        ));
    }
    ctx.set_collection_output("stamps", stamps);
    Ok(())
}

/// Calls `abort_on_purpose`: run with a process executor, the step's worker dies and the
/// pipeline fails with the worker's fate; the host process lives on.
pub fn abort_in_a_step(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let aborted = ctx
        .call(PLUGIN, "abort_on_purpose", Call::new())?
        .handle("visualization")?;
    ctx.set_output("visualization", &aborted);
    Ok(())
}

/// Calls `fail_until` once: with retries in the parallel configuration, the step is run again.
pub fn retry_until(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let call = Call::new()
        .param("counter", ctx.raw_param("counter")?)
        .param("failures", ctx.raw_param("failures")?);
    let runs = ctx.call(PLUGIN, "fail_until", call)?.handle("runs")?;
    ctx.set_output("runs", &runs);
    Ok(())
}

/// Calls `chatter` once: in a parallel run, its worker process writes the chatter.
pub fn chatter_in_a_step(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let call = Call::new().param("bytes", ctx.raw_param("bytes")?);
    let ints = ctx.call(PLUGIN, "chatter", call)?.handle("ints")?;
    ctx.set_output("ints", &ints);
    Ok(())
}
