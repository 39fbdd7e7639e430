//! The macro that turns a crate into a plugin dylib.

/// Exports the plugin's root module from a `cdylib` crate, given its [`PluginInfo`](crate::plugin::PluginInfo).
///
/// Use it once per plugin crate, at the crate root, next to the crate's registration functions
/// ([`register!`](crate::register)).
///
/// # Examples
///
/// A complete plugin with one visualizer. `BuiltPlugin::build` runs the crate's registrations
/// and checks them, as loading the dylib does:
///
/// ```standalone_crate
/// use qiime2_plugin::plugin::{ActionContext, ActionError, BuiltPlugin, PluginBuilder, PluginInfo};
///
/// pub const INFO: PluginInfo = PluginInfo {
///     name: "hello",
///     version: "1.0.0",
///     website: "https://example.org",
///     description: "Greets.",
///     short_description: "Greets.",
///     citations_bib: "",
///     citations: &[],
/// };
/// qiime2_plugin::export_plugin!(INFO);
///
/// fn register(plugin: &mut PluginBuilder) {
///     plugin
///         .visualizer("greet", greet)
///         .name("Greet.")
///         .description("Writes a greeting.");
/// }
/// qiime2_plugin::register!(register);
///
/// fn greet(_: (), ctx: &mut ActionContext<'_>) -> Result<(), ActionError> {
///     let page = ctx.visualization_dir()?.join("index.html");
///     std::fs::write(page, "<p>hello</p>").map_err(ActionError::msg)
/// }
///
/// fn main() {
///     let plugin = BuiltPlugin::build(&INFO, env!("CARGO_PKG_NAME")).unwrap();
///     assert_eq!(plugin.descriptor().actions[0].id, "greet");
/// }
/// ```
#[macro_export]
macro_rules! export_plugin {
    ($info:expr) => {
        #[doc(hidden)]
        pub static __Q2RS_PLUGIN_INFO: $crate::plugin::PluginInfo = $info;

        #[doc(hidden)]
        pub mod __q2rs_plugin_exports {
            use $crate::__private::abi_stable::prefix_type::PrefixTypeTrait;
            use $crate::__private::abi_stable::std_types::{RResult, RString};
            use $crate::plugin::abi::{HostBox, PluginMod, PluginModRef};

            extern "C" fn describe() -> RResult<RString, RString> {
                $crate::plugin::runtime::quiet_panics();
                $crate::plugin::runtime::describe(
                    &super::__Q2RS_PLUGIN_INFO,
                    ::core::env!("CARGO_PKG_NAME"),
                )
            }

            extern "C" fn service(request: RString) -> RResult<RString, RString> {
                $crate::plugin::runtime::quiet_panics();
                $crate::plugin::runtime::service(
                    &super::__Q2RS_PLUGIN_INFO,
                    ::core::env!("CARGO_PKG_NAME"),
                    request,
                )
            }

            extern "C" fn execute(request: RString, host: HostBox) -> RResult<RString, RString> {
                $crate::plugin::runtime::quiet_panics();
                $crate::plugin::runtime::execute(
                    &super::__Q2RS_PLUGIN_INFO,
                    ::core::env!("CARGO_PKG_NAME"),
                    request,
                    host,
                )
            }

            /// The plugin's root module (also callable in-process, e.g. from the plugin's tests).
            pub fn root_module() -> PluginModRef {
                PluginMod {
                    describe,
                    service,
                    execute,
                }
                .leak_into_prefix()
            }

            extern "C" fn load_root_module()
            -> $crate::__private::abi_stable::library::RootModuleResult {
                $crate::__private::abi_stable::library::__call_root_module_loader(root_module)
            }

            // The symbol `abi_stable` looks up in a dylib (`ROOT_MODULE_LOADER_NAME`).
            #[allow(non_upper_case_globals, unsafe_code)]
            #[unsafe(no_mangle)]
            pub static _1as_0lib_1header_0root_bmodule_bloader:
                $crate::__private::abi_stable::library::LibHeader =
                // SAFETY: `load_root_module` returns the root module of type `PluginModRef`,
                // the type the header is built for, exactly as `#[export_root_module]` does.
                unsafe {
                    $crate::__private::abi_stable::library::LibHeader::from_constructor::<
                        PluginModRef,
                    >(
                        load_root_module,
                        $crate::__private::abi_stable::library::CheckTypeLayout::Yes,
                    )
                };
        }
    };
}
