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
/// ```ignore
/// fn register(plugin: &mut qiime2::plugin::PluginBuilder) {
///     plugin.semantic_type("SingleDNASequence", "A single DNA sequence.");
/// }
/// qiime2::register!(register);
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
