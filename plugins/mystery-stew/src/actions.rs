//! The plugin's actions and their signatures.

mod chatter;
mod failing;
mod ints;
mod params;
mod pipelines;
mod visualize;

use qiime2_plugin::plugin::{ParamValue, PluginBuilder};

/// The union of the two integer sequence types, accepted wherever either will do.
const ANY_INTS: &str = "IntSequence1 | IntSequence2";

/// Registers every action of the plugin.
pub(crate) fn register(plugin: &mut PluginBuilder) {
    register_ints(plugin);
    register_params(plugin);
    register_visualizers(plugin);
    plugin
        .pipeline("split_and_rejoin", pipelines::split_and_rejoin)
        .name("Split and rejoin.")
        .description("Splits a sequence, merges the pieces back and appends the sequence again.")
        .input("ints", ANY_INTS, "The sequence.")
        .parameter_with_default(
            "int1",
            "Int",
            7,
            "Appended after the merge and the sequence.",
        )
        .output("halves", "Collection[IntSequence1]", "The two halves.")
        .output(
            "rejoined",
            "IntSequence1",
            "The merge, the sequence, int1 and 0.",
        );
    plugin
        .method("stamp_time", ints::stamp_time)
        .name("Stamp the time.")
        .description("Sleeps, then records when it started and ended (ms since the Unix epoch).")
        .input(
            "ints",
            ANY_INTS,
            "Any sequence (only its existence matters).",
        )
        .parameter_with_default(
            "millis",
            "Int % Range(0, 60000)",
            100,
            "How long to sleep, in ms.",
        )
        .output("stamp", "IntSequence1", "[start, end].");
    plugin
        .pipeline("fan_out", pipelines::fan_out)
        .name("Fan out.")
        .description("Runs independent stamp_time steps; in parallel they overlap.")
        .input("ints", ANY_INTS, "Passed to every step.")
        .parameter_with_default("steps", "Int % Range(1, 100)", 4, "How many steps.")
        .parameter_with_default(
            "millis",
            "Int % Range(0, None)",
            100,
            "How long each step sleeps, in ms (a step refuses 60000 or more, so that tests can \
             make steps fail).",
        )
        .output(
            "stamps",
            "Collection[IntSequence1]",
            "Each step's [start, end].",
        );
}

fn register_ints(plugin: &mut PluginBuilder) {
    plugin
        .method("concatenate_ints", ints::concatenate_ints)
        .name("Concatenate integers.")
        .description("Joins two integer sequences, then appends two integers.")
        .input("ints1", ANY_INTS, "The first sequence (either kind).")
        .input("ints2", "IntSequence1", "The second sequence.")
        .parameter("int1", "Int", "Appended after the sequences.")
        .parameter(
            "int2",
            "Int % Range(0, None)",
            "Appended last; not negative.",
        )
        .output(
            "concatenated_ints",
            "IntSequence1",
            "All the integers, in order.",
        )
        .citations(&["q2rs-mystery-stew"]);
    plugin
        .method("merge_collections", ints::merge_collections)
        .name("Merge collections.")
        .description("Concatenates every sequence of a collection, then every one of a list.")
        .input(
            "collection",
            &format!("Collection[{ANY_INTS}]"),
            "Keyed sequences.",
        )
        .input("list", "List[IntSequence1]", "Sequences in order.")
        .output("merged", "IntSequence1", "The concatenation, in key order.");
    plugin
        .method("split_ints", ints::split_ints)
        .name("Split integers.")
        .description("Splits a sequence into halves (a collection) and single integers (a list).")
        .input("ints", ANY_INTS, "The sequence to split.")
        .output(
            "halves",
            "Collection[IntSequence1]",
            "Keys 'first' and 'second'.",
        )
        .output("singles", "List[IntSequence2]", "One sequence per integer.");
}

fn register_params(plugin: &mut PluginBuilder) {
    plugin
        .method("primitive_params", params::primitive_params)
        .name("Primitive parameters.")
        .description("Records an Int, a Float, a Str and a Bool.")
        .parameter("int_param", "Int", "Any integer.")
        .parameter("float_param", "Float", "Any number.")
        .parameter("str_param", "Str", "Any text.")
        .parameter("bool_param", "Bool", "True or false.")
        .output("params", "Mapping", "Each parameter's value by name.");
    plugin
        .method("predicate_params", params::predicate_params)
        .name("Parameters with predicates.")
        .description(
            "Records parameters restricted by Choices and by ranges with open and closed ends.",
        )
        .parameter(
            "choice",
            "Str % Choices('apple', 'banana', 'cherry')",
            "A fruit.",
        )
        .parameter(
            "closed_range",
            "Int % Range(1, 10, inclusive_end=True)",
            "1 to 10.",
        )
        .parameter(
            "open_start",
            "Float % Range(None, 0, inclusive_end=True)",
            "Zero or less.",
        )
        .parameter(
            "open_end",
            "Float % Range(0, None, inclusive_start=False)",
            "More than zero.",
        )
        .parameter_with_default("half_open", "Int % Range(0, 5)", 0, "0 to 4.")
        .output("params", "Mapping", "Each parameter's value by name.");
    plugin
        .method("collection_params", params::collection_params)
        .name("Collection parameters.")
        .description("Records List and Set parameters.")
        .parameter("int_list", "List[Int]", "Integers in order.")
        .parameter("str_set", "Set[Str]", "Distinct texts.")
        .parameter_with_default(
            "fractions",
            "List[Float % Range(0, 1)]",
            ParamValue::List(vec![ParamValue::Float(0.5)]),
            "Numbers from 0 up to 1.",
        )
        .output("params", "Mapping", "Each parameter's value by name.");
    plugin
        .method("optional_params", params::optional_params)
        .name("Optional inputs and parameters.")
        .description("Records which optional inputs and parameters were given.")
        .input("ints", "IntSequence1", "A required sequence.")
        .optional_input(
            "optional_ints",
            ANY_INTS,
            "A sequence that may be left out.",
        )
        .optional_parameter("num1", "Int", "An integer without a default.")
        .parameter_with_default(
            "num2",
            "Int % Range(0, None)",
            10,
            "An integer defaulting to 10.",
        )
        .optional_parameter(
            "text",
            "Str % Choices('x', 'y')",
            "A choice without a default.",
        )
        .output("report", "Mapping", "What was given.");
    plugin
        .method("metadata_params", params::metadata_params)
        .name("Metadata parameters.")
        .description("Records the IDs and columns of metadata and of metadata columns.")
        .parameter("metadata", "Metadata", "Any metadata.")
        .parameter(
            "column",
            "MetadataColumn[Categorical]",
            "A categorical column.",
        )
        .optional_parameter(
            "numeric_column",
            "MetadataColumn[Numeric]",
            "A numeric column.",
        )
        .output("report", "Mapping", "IDs, column names and values.");
}

fn register_visualizers(plugin: &mut PluginBuilder) {
    plugin
        .visualizer("summarize_ints", visualize::summarize_ints)
        .name("Summarize integers.")
        .description("Writes an HTML page with the count, sum, smallest and largest integer.")
        .input("ints", ANY_INTS, "The sequence to summarize.")
        .parameter_with_default("title", "Str", "Integers", "The page's title.");
    plugin
        .visualizer("panic_on_purpose", failing::panic_on_purpose)
        .name("Panic on purpose.")
        .description("Panics inside the plugin, to check that the host survives.");
    plugin
        .visualizer("abort_on_purpose", failing::abort_on_purpose)
        .name("Abort on purpose.")
        .description("Aborts the process it runs in, to check that worker processes isolate it.");
    plugin
        .pipeline("abort_in_a_step", pipelines::abort_in_a_step)
        .name("Abort in a step.")
        .description("Calls abort_on_purpose; run it with worker processes only.")
        .output("visualization", "Visualization", "Never made.");
    plugin
        .method("fail_until", failing::fail_until)
        .name("Fail until.")
        .description("Fails until it has run `failures` times (counted in the file `counter`).")
        .parameter("counter", "Str", "A file that counts the runs.")
        .parameter("failures", "Int % Range(0, None)", "How many runs fail.")
        .output("runs", "IntSequence1", "How many runs it took.");
    plugin
        .pipeline("retry_until", pipelines::retry_until)
        .name("Retry until.")
        .description("Calls fail_until once; retries in the parallel configuration run it again.")
        .parameter("counter", "Str", "A file that counts the runs.")
        .parameter("failures", "Int % Range(0, None)", "How many runs fail.")
        .output("runs", "IntSequence1", "How many runs it took.");
    plugin
        .method("chatter", chatter::chatter)
        .name("Chatter.")
        .description("Writes `bytes` bytes to stderr, then outputs [bytes].")
        .parameter("bytes", "Int % Range(0, None)", "How much to write.")
        .output("ints", "IntSequence1", "[bytes].");
    plugin
        .pipeline("chatter_in_a_step", pipelines::chatter_in_a_step)
        .name("Chatter in a step.")
        .description("Calls chatter once: with worker processes, the worker writes the chatter.")
        .parameter("bytes", "Int % Range(0, None)", "How much to write.")
        .output("ints", "IntSequence1", "[bytes].");
    plugin
        .visualizer("fail_on_purpose", failing::fail_on_purpose)
        .name("Fail on purpose.")
        .description("Returns an error, to check that the host reports it.")
        .parameter_with_default(
            "message",
            "Str",
            "it failed on purpose",
            "The error message.",
        );
}
