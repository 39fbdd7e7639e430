//! The plugin's example data and its one usage example: two sequences joined, then summarized.

use qiime2_plugin::plugin::{ActionError, PluginBuilder};

use crate::views::IntSequence;

fn first_ints() -> Result<IntSequence, ActionError> {
    Ok(IntSequence(vec![1, 2, 3]))
}

fn second_ints() -> Result<IntSequence, ActionError> {
    Ok(IntSequence(vec![40, 50]))
}

/// Registers the factories and the usage example.
pub(crate) fn register(plugin: &mut PluginBuilder) {
    plugin
        .example_data_view("first_ints_factory", "IntSequence1", first_ints)
        .example_data_view("second_ints_factory", "IntSequence1", second_ints);
    plugin.usage_example("concatenate_ints", "join_and_summarize", |ex| {
        ex.init_artifact("first_ints", "first_ints_factory")
            .init_artifact("second_ints", "second_ints_factory")
            .comment("Join the two sequences, append 6 and 7, then summarize the result.");
        ex.call("concatenate_ints")
            .input("ints1", "first_ints")
            .input("ints2", "second_ints")
            .param("int1", 6)
            .param("int2", 7)
            .output("concatenated_ints", "joined");
        ex.call("summarize_ints")
            .input("ints", "joined")
            .param("title", "Joined integers")
            .output("visualization", "joined_summary");
        ex.peek("joined");
    });
}
