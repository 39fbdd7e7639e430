//! The `types` plugin as a dylib: exports the identity and registrations of the `q2-types`
//! library, which other plugins link for the shared views.

qiime2_plugin::export_plugin!(q2_types::PLUGIN_INFO);

fn register(plugin: &mut qiime2_plugin::plugin::PluginBuilder) {
    q2_types::register(plugin);
}
qiime2_plugin::register!(register);
