//! `mystery-stew`: a test plugin that exercises the plugin system, including failing actions.

use qiime2::plugin::{ActionContext, ActionError, PluginBuilder, PluginInfo};

qiime2::export_plugin!(PluginInfo {
    name: "mystery-stew",
    version: env!("CARGO_PKG_VERSION"),
    website: "https://github.com/q2rs/q2rs",
    description: "A plugin for testing q2rs: every parameter kind, collections, unions, and actions that fail.",
    short_description: "Tests the plugin system.",
    citations_bib: include_str!("citations.bib"),
    citations: &["q2rs-mystery-stew"],
});

fn register(plugin: &mut PluginBuilder) {
    plugin
        .visualizer("panic_on_purpose", panic_on_purpose)
        .name("Panic on purpose.")
        .description("Panics inside the plugin, to check that the host survives.");
    plugin
        .visualizer("fail_on_purpose", fail_on_purpose)
        .name("Fail on purpose.")
        .description("Returns an error, to check that the host reports it.")
        .parameter_with_default(
            "message",
            "Str",
            "it failed on purpose",
            "The error message.",
        );
}
qiime2::register!(register);

fn panic_on_purpose(_: &mut ActionContext<'_>) -> Result<(), ActionError> {
    panic!("this action always panics")
}

fn fail_on_purpose(ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
    let message: String = ctx.param("message")?;
    Err(ActionError::msg(message))
}
