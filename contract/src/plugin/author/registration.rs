//! How a plugin's pieces find each other: inventory entries collected inside the plugin's dylib.

use super::builder::PluginBuilder;

/// One registration function of a plugin crate, submitted with [`register!`](crate::register).
pub struct Registration {
    /// The crate that submitted it (`env!("CARGO_PKG_NAME")`), so that a plugin linking another
    /// plugin's rlib for its views does not also claim that plugin's actions and types.
    pub crate_name: &'static str,
    /// Adds the crate's types, formats and actions to the builder.
    pub register: fn(&mut PluginBuilder),
}

inventory::collect!(Registration);

/// Runs every registration function submitted by `crate_name`.
pub(crate) fn run_registrations(crate_name: &str, builder: &mut PluginBuilder) {
    for registration in inventory::iter::<Registration> {
        if registration.crate_name == crate_name {
            (registration.register)(builder);
        }
    }
}

/// Submits a registration function (`fn(&mut PluginBuilder)`) of the current plugin crate.
///
/// A crate may submit several; they all run when the plugin is built, in an unspecified order.
/// To fix the order of the actions in listings, register them from one function.
///
/// # Examples
///
/// ```standalone_crate
/// use qiime2_plugin::plugin::{BuiltPlugin, PluginBuilder, PluginInfo};
///
/// fn register(plugin: &mut PluginBuilder) {
///     plugin.semantic_type("Greeting", "Words of welcome.");
/// }
/// qiime2_plugin::register!(register);
///
/// fn main() {
///     let info = PluginInfo {
///         name: "greetings",
///         version: "1.0.0",
///         website: "https://example.org",
///         description: "Greetings.",
///         short_description: "Greetings.",
///         citations_bib: "",
///         citations: &[],
///     };
///     let plugin = BuiltPlugin::build(&info, env!("CARGO_PKG_NAME")).unwrap();
///     assert_eq!(plugin.descriptor().semantic_types[0].name, "Greeting");
/// }
/// ```
#[macro_export]
macro_rules! register {
    ($function:path) => {
        $crate::__private::inventory::submit! {
            $crate::plugin::Registration {
                crate_name: ::core::env!("CARGO_PKG_NAME"),
                register: $function,
            }
        }
    };
}
