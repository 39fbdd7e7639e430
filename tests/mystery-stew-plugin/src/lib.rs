//! The `mystery-stew` test plugin as a dylib: exports the identity and registrations of the
//! `q2-mystery-stew` library.

qiime2_plugin::export_plugin!(q2_mystery_stew::PLUGIN_INFO);

fn register(plugin: &mut qiime2_plugin::plugin::PluginBuilder) {
    q2_mystery_stew::register(plugin);
}
qiime2_plugin::register!(register);
