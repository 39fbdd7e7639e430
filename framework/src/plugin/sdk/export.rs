//! The macro that turns a crate into a plugin dylib.

/// Exports the plugin's root module from a `cdylib` crate, given its [`PluginInfo`](crate::plugin::PluginInfo).
///
/// Use it once per plugin crate, at the crate root:
///
/// ```ignore
/// qiime2::export_plugin!(qiime2::plugin::PluginInfo {
///     name: "dwq2",
///     version: env!("CARGO_PKG_VERSION"),
///     website: "https://example.org",
///     description: "A plugin.",
///     short_description: "A plugin.",
///     citations_bib: include_str!("citations.bib"),
///     citations: &["Key2024"],
/// });
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
