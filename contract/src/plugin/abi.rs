//! The binary interface between the host and a plugin dylib.
//!
//! A plugin exports one root module, [`PluginMod`]. Only `abi_stable` types cross the boundary:
//! requests and replies travel as JSON text (`RString`) whose schema is versioned by
//! [`DESCRIPTOR_VERSION`](super::DESCRIPTOR_VERSION), and a pipeline reaches back into the host
//! through the [`PipelineHost`] trait object. Every function a plugin exports catches panics and
//! returns them as `RErr`, so a failing plugin never unwinds into the host.

// The `sabi_trait` and `StableAbi` expansions use unsafe code and generate undocumented items.
#![allow(non_camel_case_types, non_local_definitions, missing_docs, unsafe_code)]

use abi_stable::library::RootModule;
use abi_stable::sabi_types::VersionStrings;
use abi_stable::std_types::{RBox, RResult, RString};
use abi_stable::{StableAbi, declare_root_module_statics, package_version_strings, sabi_trait};

/// The root module every plugin dylib exports through `#[export_root_module]`.
#[repr(C)]
#[derive(StableAbi)]
#[sabi(kind(Prefix(prefix_ref = PluginModRef)))]
#[sabi(missing_field(panic))]
pub struct PluginMod {
    /// Returns the plugin's descriptor as JSON.
    pub describe: extern "C" fn() -> RResult<RString, RString>,
    /// Answers a JSON `ServiceRequest` (validate a format, import, export, write example data).
    pub service: extern "C" fn(request: RString) -> RResult<RString, RString>,
    /// Runs an action: takes a JSON `ExecuteRequest`, returns a JSON `ExecuteReply`.
    #[sabi(last_prefix_field)]
    pub execute: extern "C" fn(request: RString, host: HostBox) -> RResult<RString, RString>,
}

impl RootModule for PluginModRef {
    declare_root_module_statics! {PluginModRef}
    const BASE_NAME: &'static str = "q2rs_plugin";
    const NAME: &'static str = "q2rs plugin";
    const VERSION_STRINGS: VersionStrings = package_version_strings!();
}

/// What a running pipeline may ask of the host: call other actions and wait for their results.
#[sabi_trait]
pub trait PipelineHost: Send + Sync {
    /// Calls an action: takes a JSON `CallRequest`, returns a JSON `CallReply` with result handles.
    fn call(&self, request: RString) -> RResult<RString, RString>;

    /// Waits until the result behind a handle exists; returns it as a JSON `ArtifactData`.
    #[sabi(last_prefix_field)]
    fn data_dir(&self, handle: RString) -> RResult<RString, RString>;
}

/// The host as a plugin sees it: an owned, ABI-stable trait object.
pub type HostBox = PipelineHost_TO<'static, RBox<()>>;

/// The host given to methods and visualizers: they cannot call other actions.
struct NoCalls;

/// A host that refuses calls, for running methods and visualizers.
pub fn no_calls() -> HostBox {
    PipelineHost_TO::from_value(NoCalls, abi_stable::sabi_trait::TD_Opaque)
}

impl PipelineHost for NoCalls {
    fn call(&self, _request: RString) -> RResult<RString, RString> {
        RResult::RErr("only pipelines can call other actions".into())
    }

    fn data_dir(&self, _handle: RString) -> RResult<RString, RString> {
        RResult::RErr("only pipelines can wait for results".into())
    }
}
