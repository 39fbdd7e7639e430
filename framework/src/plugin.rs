//! Plugins: the ABI shared with plugin dylibs, the registration SDK for plugin authors, and the
//! loader that finds and checks plugin files.
//!
//! A plugin crate (`crate-type = ["cdylib", "rlib"]`) declares its identity once with
//! [`export_plugin!`](crate::export_plugin) and its types, formats and actions in registration
//! functions submitted with [`register!`](crate::register). The host loads the dylib with
//! [`load_file`], receives a [`PluginDescriptor`], and runs actions by sending JSON requests.

pub mod abi;
mod descriptor;
mod error;
mod host;
mod loader;
mod request;
mod sdk;
mod trust;
mod usage;
mod validate;
mod value;

pub use descriptor::{
    ActionKind, ActionSignature, ArtifactClassDecl, DESCRIPTOR_VERSION, FormatDecl, FormatFile,
    FormatKind, InputSpec, OutputSpec, ParameterSpec, PluginDescriptor, SemanticTypeDecl,
    TransformerDecl,
};
pub use error::LoadError;
pub use host::CallError;
pub use loader::{
    LoadOutcome, LoadedPlugin, PLUGIN_PATH_VAR, candidate_files, load_dirs, load_file, search_path,
};
pub use request::{
    ArtifactData, CallInput, CallReply, CallRequest, ExecuteReply, ExecuteRequest, InputValue,
    OutputValue,
};
pub use sdk::{
    ActionBuilder, ActionContext, ActionError, ActionFn, ArtifactFactory, BuiltPlugin, Call,
    Called, CollectionFactory, DirectoryFormat, FormatError, METADATA_FILE, MetadataFactory,
    MetadataViewFn, PluginBuilder, PluginInfo, Registration, ServiceRequest, ValidateFn,
    ValidationLevel, View, ViewError, html, runtime,
};
pub use trust::{ALLOW_INSECURE_VAR, allow_insecure_plugins, insecure_plugins_allowed};
pub use usage::{
    CallBuilder, ExampleBuilder, ExampleDataReply, ExampleError, FactoryDecl, FactoryKind,
    UsageArg, UsageCall, UsageExample, UsageStep,
};
pub use value::{FromParam, ParamValue};

#[cfg(test)]
pub(crate) use usage::demo;
